//! The mapping of request types to actions, and every way a system can
//! answer: an action, untouched with its reason, or a failure.

use std::collections::BTreeMap;

use super::*;

fn las() -> ManualSystem {
    let instructions = [
        RequestType::Access,
        RequestType::Rectification,
        RequestType::Erasure,
        RequestType::Restriction,
        RequestType::Portability,
        RequestType::Objection,
    ]
    .into_iter()
    .map(|t| (t, format!("in ParnasSys: {t}")))
    .collect();
    ManualSystem {
        name: "las".into(),
        instructions,
    }
}

/// (system, request type, kind tag) of every action, in plan order.
fn shape(plan: &Plan) -> Vec<(String, RequestType, &'static str)> {
    plan.actions
        .iter()
        .map(|a| (a.system.to_string(), a.request_type, kind_tag(&a.kind)))
        .collect()
}

#[test]
fn every_request_type_maps_to_the_actions_answers_md_names() {
    use RequestType::*;
    let table: &[(RequestType, &[(&str, &str)])] = &[
        (
            Access,
            &[("sql", "export"), ("las (manual)", "manual_task")],
        ),
        (
            Portability,
            &[("sql", "export"), ("las (manual)", "manual_task")],
        ),
        (
            Erasure,
            &[("sql", "erase"), ("las (manual)", "manual_task")],
        ),
        (
            Restriction,
            &[("sql", "restrict"), ("las (manual)", "manual_task")],
        ),
        (
            Rectification,
            &[("sql", "rectify"), ("las (manual)", "manual_task")],
        ),
        (
            Objection,
            &[
                ("sql", "restrict"),
                ("las (manual)", "manual_task"),
                ("privacy officer", "person_task"),
            ],
        ),
        (AutomatedDecision, &[("privacy officer", "person_task")]),
        (WithdrawConsent, &[("privacy officer", "person_task")]),
        (NotARequest, &[]),
    ];
    assert_eq!(
        table.len(),
        RequestType::ALL.len(),
        "every type is in the table"
    );
    for (request_type, expected) in table {
        let mut input = input(&[*request_type]);
        input.manual = vec![las()];
        let plan = build_plan(input);
        let expected: Vec<_> = expected
            .iter()
            .map(|(system, kind)| (system.to_string(), *request_type, *kind))
            .collect();
        assert_eq!(shape(&plan), expected, "{request_type}");
        assert!(
            plan.failures.is_empty(),
            "{request_type}: {:?}",
            plan.failures
        );
        assert!(
            plan.untouched.is_empty(),
            "{request_type}: {:?}",
            plan.untouched
        );
    }
}

#[test]
fn the_person_tasks_are_the_ones_for_each_right() {
    let plan = build_plan(input(&[
        RequestType::Objection,
        RequestType::AutomatedDecision,
        RequestType::WithdrawConsent,
    ]));
    let tasks: Vec<_> = plan
        .actions
        .iter()
        .filter_map(|a| match &a.kind {
            ActionKind::PersonTask { what } => Some((a.request_type, *what)),
            _ => None,
        })
        .collect();
    assert_eq!(
        tasks,
        [
            (RequestType::Objection, PersonTask::WeighObjection),
            (
                RequestType::AutomatedDecision,
                PersonTask::AnswerAutomatedDecision
            ),
            (RequestType::WithdrawConsent, PersonTask::WithdrawConsent),
        ]
    );
    // Consent withdrawal erases nothing by itself: that is a decision.
    assert!(find(&plan, &sql(), "erase").is_none());
}

#[test]
fn an_erasure_carries_its_exact_keys_counts_mode_and_what_is_kept() {
    let mut input = input(&[RequestType::Erasure]);
    input.erase_mode = EraseMode::Anonymise;
    let kept = vec![
        retained("absences", &["8", "3"], "verzuim: 5 jaar na uitschrijving"),
        retained("admissions", &["1"], "inschrijving: 5 jaar"),
    ];
    input.dry_runs.get_mut("sql").unwrap().insert(
        DryRunKind::Erase,
        DryRunOutcome::Ran(DryRun::Change {
            report: report(&[
                ("pupils", "17", &[]),
                ("test_results", "9", &[]),
                ("test_results", "4", &[]),
            ]),
            retained: kept,
        }),
    );
    let plan = build_plan(input);
    let erase = find(&plan, &sql(), "erase").unwrap();
    assert_eq!(
        erase.kind,
        ActionKind::Erase {
            mode: EraseMode::Anonymise
        }
    );
    assert!(erase.scope.contains("test_results", "4") && erase.scope.contains("pupils", "17"));
    assert_eq!(erase.scope.len(), 3);
    assert_eq!(erase.summary.tables["test_results"].count, 2);
    // Sorted by table, keys sorted: the fingerprint must not follow the
    // plugin's order.
    assert_eq!(erase.retained[0].table, "absences");
    assert_eq!(erase.retained[0].keys, ["3", "8"]);
    assert_eq!(erase.retained.len(), 2);
}

#[test]
fn an_export_summarises_rows_fields_and_files_without_a_scope() {
    let plan = build_plan(input(&[RequestType::Access]));
    let export = find(&plan, &sql(), "export").unwrap();
    assert!(export.scope.is_empty());
    assert_eq!(export.summary.tables["absences"].count, 3);
    assert_eq!(export.summary.tables["pupils"].fields, ["name", "phone"]);
    assert_eq!(export.summary.records(), 4);
}

#[test]
fn a_failing_plugin_is_shown_and_makes_the_plan_incomplete() {
    let mut input = input(&[RequestType::Access, RequestType::Erasure]);
    input.dry_runs.insert(
        "files".into(),
        BTreeMap::from([
            (
                DryRunKind::Export,
                DryRunOutcome::Failed("timed out after 30 s".into()),
            ),
            (DryRunKind::Erase, exported(&[])),
        ]),
    );
    let plan = build_plan(input);
    let failures: Vec<_> = plan
        .failures
        .iter()
        .map(|f| (f.plugin.as_str(), f.request_type, f.error.as_str()))
        .collect();
    assert_eq!(failures.len(), 2, "{failures:?}");
    assert_eq!(
        failures[0],
        ("files", RequestType::Access, "timed out after 30 s")
    );
    assert_eq!(failures[1].1, RequestType::Erasure);
    assert!(
        failures[1].2.contains("answered a change with an export"),
        "{failures:?}"
    );
    assert!(plan.is_incomplete());
    // The systems that answered are still in the plan.
    assert!(find(&plan, &sql(), "erase").is_some());
}

#[test]
fn answers_a_plan_cannot_rest_on_are_failures() {
    let mut counted = report(&[("pupils", "17", &[])]);
    counted.tables.get_mut("pupils").unwrap().count = 5;
    let mut real = report(&[("pupils", "17", &[])]);
    real.dry_run = false;
    let cases: &[(&str, Option<DryRunOutcome>, &str)] = &[
        ("missing", None, "no dry run was made"),
        (
            "counted, not listed",
            Some(DryRunOutcome::Ran(DryRun::Change {
                report: counted,
                retained: vec![],
            })),
            "counted 5 records in pupils but listed 1",
        ),
        (
            "a real run",
            Some(DryRunOutcome::Ran(DryRun::Change {
                report: real,
                retained: vec![],
            })),
            "real run",
        ),
        (
            "wrong kind",
            Some(exported(&[("pupils", &["name"], 1)])),
            "with an export",
        ),
    ];
    for (name, outcome, message) in cases {
        let mut input = input(&[RequestType::Erasure]);
        let runs = input.dry_runs.get_mut("sql").unwrap();
        match outcome {
            Some(outcome) => runs.insert(DryRunKind::Erase, outcome.clone()),
            None => runs.remove(&DryRunKind::Erase),
        };
        let plan = build_plan(input);
        assert!(plan.actions.is_empty(), "{name}");
        assert_eq!(plan.failures.len(), 1, "{name}");
        assert!(
            plan.failures[0].error.contains(message),
            "{name}: {:?}",
            plan.failures
        );
    }
}

#[test]
fn nothing_found_and_not_supported_are_listed_not_dropped() {
    let mut input = input(&[RequestType::Access, RequestType::Restriction]);
    input.dry_runs.insert(
        "files".into(),
        BTreeMap::from([
            (DryRunKind::Export, exported(&[("documents", &["name"], 0)])),
            (DryRunKind::Restrict, DryRunOutcome::Unsupported),
        ]),
    );
    let plan = build_plan(input);
    let files = System::Plugin("files".into());
    let untouched: Vec<_> = plan
        .untouched
        .iter()
        .map(|u| (&u.system, u.request_type, u.why))
        .collect();
    assert_eq!(
        untouched,
        [
            (&files, RequestType::Access, UntouchedWhy::NothingFound),
            (&files, RequestType::Restriction, UntouchedWhy::NotSupported),
        ]
    );
    assert!(!plan.is_incomplete());
    assert!(plan.actions.iter().all(|a| a.system == sql()));
}

#[test]
fn an_erasure_that_only_keeps_records_says_what_it_keeps() {
    let mut input = input(&[RequestType::Erasure]);
    input.dry_runs.get_mut("sql").unwrap().insert(
        DryRunKind::Erase,
        DryRunOutcome::Ran(DryRun::Change {
            report: ChangeReport::new(true),
            retained: vec![retained("absences", &["3"], "verzuim")],
        }),
    );
    let plan = build_plan(input);
    assert!(plan.actions.is_empty());
    assert_eq!(plan.untouched[0].why, UntouchedWhy::NothingFound);
    assert_eq!(plan.untouched[0].retained[0].ground, "verzuim");
}

#[test]
fn a_rectification_without_changes_is_a_draft_until_some_system_has_one() {
    let mut none = input(&[RequestType::Rectification]);
    none.changes.clear();
    none.dry_runs
        .get_mut("sql")
        .unwrap()
        .remove(&DryRunKind::Rectify);
    let plan = build_plan(none);
    let draft = find(&plan, &sql(), "rectify").unwrap();
    assert_eq!(draft.kind, ActionKind::Rectify { changes: vec![] });
    assert!(
        plan.failures.is_empty(),
        "no call is needed without changes"
    );

    let mut elsewhere = input(&[RequestType::Rectification]);
    elsewhere.dry_runs.insert(
        "files".into(),
        BTreeMap::from([(DryRunKind::Rectify, changed(&[]))]),
    );
    let plan = build_plan(elsewhere);
    assert!(find(&plan, &sql(), "rectify").is_some());
    assert_eq!(plan.untouched.len(), 1);
    assert_eq!(plan.untouched[0].why, UntouchedWhy::NoChangeEntered);
}

#[test]
fn a_manual_system_without_instructions_for_a_right_is_listed() {
    let mut input = input(&[RequestType::Erasure, RequestType::AutomatedDecision]);
    input.manual = vec![ManualSystem {
        name: "basispoort".into(),
        instructions: [(RequestType::Access, "export the licences".to_owned())].into(),
    }];
    let plan = build_plan(input);
    let untouched: Vec<_> = plan
        .untouched
        .iter()
        .map(|u| (u.request_type, u.why))
        .collect();
    // Art. 22 is the officer's, so its missing instructions are no gap.
    assert_eq!(
        untouched,
        [(RequestType::Erasure, UntouchedWhy::NoInstructions)]
    );
}

#[test]
fn touching_a_special_table_flags_the_action() {
    let mut input = input(&[RequestType::Erasure, RequestType::Restriction]);
    input.dry_runs.get_mut("sql").unwrap().insert(
        DryRunKind::Erase,
        changed(&[("pupils", "17", &[]), ("care_notes", "2", &[])]),
    );
    let plan = build_plan(input);
    assert!(find(&plan, &sql(), "erase").unwrap().special_category);
    assert!(!find(&plan, &sql(), "restrict").unwrap().special_category);
}

#[test]
fn actions_are_numbered_in_plan_order_plugins_then_manual_then_officer() {
    let mut input = input(&[
        RequestType::Objection,
        RequestType::Access,
        RequestType::Access,
    ]);
    input.manual = vec![las()];
    let plan = build_plan(input);
    let ids: Vec<String> = plan.actions.iter().map(|a| a.id.to_string()).collect();
    assert_eq!(ids, ["A1", "A2", "A3", "A4", "A5"]);
    assert_eq!(
        shape(&plan),
        [
            ("sql".to_owned(), RequestType::Access, "export"),
            ("sql".to_owned(), RequestType::Objection, "restrict"),
            (
                "las (manual)".to_owned(),
                RequestType::Access,
                "manual_task"
            ),
            (
                "las (manual)".to_owned(),
                RequestType::Objection,
                "manual_task"
            ),
            (
                "privacy officer".to_owned(),
                RequestType::Objection,
                "person_task"
            ),
        ]
    );
}

#[test]
fn a_plan_survives_a_round_trip_through_json() {
    let mut input = input(&RequestType::ALL);
    input.manual = vec![las()];
    let plan = build_plan(input);
    let json = serde_json::to_string(&plan).unwrap();
    let back: Plan = serde_json::from_str(&json).unwrap();
    assert_eq!(back, plan);
    assert!(back.fingerprint_holds());
}

#[test]
fn action_ids_read_as_the_officer_types_them() {
    assert_eq!(ActionId::parse("a12").unwrap().to_string(), "A12");
    for bad in ["", "A", "A0", "B1", "A-1", "A1x"] {
        assert!(ActionId::parse(bad).is_err(), "{bad:?}");
    }
}
