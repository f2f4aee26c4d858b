//! The fingerprint: stable for the same dry runs, different for any
//! change in what the plan would do.

use super::*;

fn base() -> PlanInput {
    let mut input = input(&[
        RequestType::Erasure,
        RequestType::Access,
        RequestType::Rectification,
    ]);
    input.manual = vec![
        ManualSystem {
            name: "las".into(),
            instructions: [(RequestType::Erasure, "remove in ParnasSys".to_owned())].into(),
        },
        ManualSystem {
            name: "basispoort".into(),
            instructions: [(RequestType::Access, "export the licences".to_owned())].into(),
        },
    ];
    input
}

/// A change to the base input.
type Edit = fn(&mut PlanInput);

fn print(input: PlanInput) -> Fingerprint {
    build_plan(input).fingerprint
}

#[test]
fn the_same_dry_runs_give_the_same_fingerprint_whenever_and_in_any_order() {
    let first = build_plan(base());
    let cases: Vec<(&str, Edit)> = vec![
        ("made later", |i| i.made_at = at(17)),
        ("request types reordered and repeated", |i| {
            i.request_types.reverse();
            i.request_types.push(RequestType::Access);
        }),
        ("manual systems reordered", |i| i.manual.reverse()),
        ("keys listed in another order", |i| {
            i.dry_runs.get_mut("sql").unwrap().insert(
                DryRunKind::Erase,
                changed(&[
                    ("test_results", "9", &[]),
                    ("test_results", "4", &[]),
                    ("pupils", "17", &[]),
                ]),
            );
        }),
    ];
    for (name, change) in cases {
        let mut input = base();
        change(&mut input);
        assert_eq!(print(input), first.fingerprint, "{name}");
    }
    assert_eq!(build_plan(base()), first, "building is deterministic");
}

#[test]
fn retained_records_in_another_order_give_the_same_fingerprint() {
    let with = |kept: Vec<Retained>| {
        let mut input = base();
        input.dry_runs.get_mut("sql").unwrap().insert(
            DryRunKind::Erase,
            DryRunOutcome::Ran(DryRun::Change {
                report: report(&[("pupils", "17", &[])]),
                retained: kept,
            }),
        );
        print(input)
    };
    let a = retained("absences", &["3", "8"], "verzuim");
    let b = retained("admissions", &["1"], "inschrijving");
    let mut a_reversed = a.clone();
    a_reversed.keys.reverse();
    assert_eq!(with(vec![a.clone(), b.clone()]), with(vec![b, a_reversed]));
    assert_ne!(with(vec![a.clone()]), with(vec![]));
}

#[test]
fn any_change_in_what_the_plan_would_do_changes_the_fingerprint() {
    let first = print(base());
    let cases: Vec<(&str, Edit)> = vec![
        ("one more record to erase", |i| {
            i.dry_runs.get_mut("sql").unwrap().insert(
                DryRunKind::Erase,
                changed(&[
                    ("pupils", "17", &[]),
                    ("test_results", "4", &[]),
                    ("test_results", "9", &[]),
                    ("test_results", "11", &[]),
                ]),
            );
        }),
        ("one record fewer", |i| {
            i.dry_runs.get_mut("sql").unwrap().insert(
                DryRunKind::Erase,
                changed(&[("pupils", "17", &[]), ("test_results", "4", &[])]),
            );
        }),
        ("another subject", |i| i.subject.insert("sql", "pupils:18")),
        ("another case", |i| {
            i.case = CaseRef::new("AVG", 2026, 13).unwrap()
        }),
        ("another correction", |i| {
            i.changes.get_mut("sql").unwrap()[0].value = serde_json::json!("0687654321")
        }),
        ("anonymise instead of delete", |i| {
            i.erase_mode = EraseMode::Anonymise
        }),
        ("one more exported row", |i| {
            i.dry_runs.get_mut("sql").unwrap().insert(
                DryRunKind::Export,
                exported(&[
                    ("pupils", &["name", "phone"], 1),
                    ("absences", &["date"], 4),
                ]),
            );
        }),
        ("other manual instructions", |i| {
            i.manual[0]
                .instructions
                .insert(RequestType::Erasure, "remove in Esis".into());
        }),
        ("a system failed", |i| {
            i.dry_runs.insert(
                "files".into(),
                [(DryRunKind::Export, DryRunOutcome::Failed("down".into()))].into(),
            );
        }),
        ("a system had nothing", |i| {
            i.dry_runs.insert(
                "files".into(),
                [
                    (DryRunKind::Export, exported(&[])),
                    (DryRunKind::Erase, changed(&[])),
                    (DryRunKind::Rectify, DryRunOutcome::Unsupported),
                ]
                .into(),
            );
        }),
    ];
    for (name, change) in cases {
        let mut input = base();
        change(&mut input);
        assert_ne!(print(input), first, "{name}");
    }
}

#[test]
fn a_failure_is_a_different_plan_from_nothing_found_but_not_from_another_message() {
    let files = |outcome: DryRunOutcome| {
        let mut input = base();
        input
            .dry_runs
            .insert("files".into(), [(DryRunKind::Export, outcome)].into());
        input.request_types = vec![RequestType::Access];
        print(input)
    };
    let failed = files(DryRunOutcome::Failed("timed out after 30 s".into()));
    assert_eq!(
        failed,
        files(DryRunOutcome::Failed("timed out after 31 s".into()))
    );
    assert_ne!(failed, files(exported(&[])));
}

#[test]
fn an_edited_plan_no_longer_holds_its_fingerprint() {
    let mut plan = build_plan(base());
    assert!(plan.fingerprint_holds());
    let erase = plan
        .actions
        .iter_mut()
        .find(|a| kind_tag(&a.kind) == "erase")
        .unwrap();
    erase.scope.insert("test_results", "12");
    assert!(!plan.fingerprint_holds());
}

#[test]
fn fingerprints_are_sixty_four_hex_digits() {
    let fingerprint = print(base());
    assert_eq!(fingerprint.as_str().len(), 64);
    assert_eq!(
        Fingerprint::parse(&fingerprint.as_str().to_uppercase()).unwrap(),
        fingerprint
    );
    assert_eq!(fingerprint.short(), &fingerprint.as_str()[..12]);
    for bad in ["", "abc", &"g".repeat(64), &"a".repeat(63)] {
        assert!(Fingerprint::parse(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn a_stored_plan_read_back_in_another_order_has_the_same_fingerprint() {
    let plan = build_plan(base());
    let mut shuffled = plan.clone();
    shuffled.actions.reverse();
    shuffled.untouched.reverse();
    assert!(plan.actions.len() > 2, "{:?}", plan.actions);
    assert_eq!(Fingerprint::of(&shuffled), plan.fingerprint);
}
