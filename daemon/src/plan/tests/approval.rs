//! The approval rules: four eyes, fingerprints, rejections, policy.

use super::*;

/// A plan with an export (A1), a rectification (A2) and an erasure (A3).
fn plan() -> Plan {
    build_plan(input(&[
        RequestType::Access,
        RequestType::Rectification,
        RequestType::Erasure,
    ]))
}

fn approval(plan: &Plan, action: &str, officer: &str) -> Approval {
    Approval {
        action: id(action),
        officer: officer.into(),
        fingerprint: plan.fingerprint.clone(),
        at: at(10),
    }
}

fn rejection(plan: &Plan, action: &str, reason: &str) -> Rejection {
    Rejection {
        action: id(action),
        officer: "anna".into(),
        reason: reason.into(),
        fingerprint: plan.fingerprint.clone(),
        at: at(10),
    }
}

fn other_fingerprint() -> Fingerprint {
    Fingerprint::parse(&"0".repeat(64)).unwrap()
}

fn status_of(statuses: &[(ActionId, ActionStatus)], action: &str) -> ActionStatus {
    statuses
        .iter()
        .find(|(i, _)| i == &id(action))
        .unwrap()
        .1
        .clone()
}

#[test]
fn the_plan_numbers_export_rectify_erase() {
    let plan = plan();
    let kinds: Vec<_> = plan.actions.iter().map(|a| kind_tag(&a.kind)).collect();
    assert_eq!(kinds, ["export", "rectify", "erase"]);
}

#[test]
fn four_eyes_need_distinct_officers_of_the_same_fingerprint() {
    let plan = plan();
    let stale = |mut a: Approval| {
        a.fingerprint = other_fingerprint();
        a
    };
    let cases: Vec<(&str, u32, Vec<Approval>, ActionStatus)> = vec![
        (
            "nobody",
            1,
            vec![],
            ActionStatus::NeedsApproval { have: 0, need: 1 },
        ),
        (
            "one of one",
            1,
            vec![approval(&plan, "A3", "anna")],
            ActionStatus::Approved,
        ),
        (
            "one of two",
            2,
            vec![approval(&plan, "A3", "anna")],
            ActionStatus::NeedsApproval { have: 1, need: 2 },
        ),
        (
            "the same officer twice",
            2,
            vec![approval(&plan, "A3", "anna"), approval(&plan, "A3", "anna")],
            ActionStatus::NeedsApproval { have: 1, need: 2 },
        ),
        (
            "the same officer in another case of letters",
            2,
            vec![
                approval(&plan, "A3", "anna"),
                approval(&plan, "A3", " Anna "),
            ],
            ActionStatus::NeedsApproval { have: 1, need: 2 },
        ),
        (
            "two officers",
            2,
            vec![approval(&plan, "A3", "anna"), approval(&plan, "A3", "bert")],
            ActionStatus::Approved,
        ),
        (
            "the second of another plan",
            2,
            vec![
                approval(&plan, "A3", "anna"),
                stale(approval(&plan, "A3", "bert")),
            ],
            ActionStatus::NeedsApproval { have: 1, need: 2 },
        ),
        (
            "approvals of another action",
            1,
            vec![approval(&plan, "A1", "anna"), approval(&plan, "A2", "bert")],
            ActionStatus::NeedsApproval { have: 0, need: 1 },
        ),
    ];
    for (name, approvers, approvals, expected) in cases {
        let policy = ApprovalPolicy::new(approvers, &[]).unwrap();
        let statuses = decide(&plan, &approvals, &[], &policy, true);
        assert_eq!(status_of(&statuses, "A3"), expected, "{name}");
    }
}

#[test]
fn four_eyes_are_for_erasure_only() {
    let plan = plan();
    let policy = ApprovalPolicy::new(2, &[]).unwrap();
    let statuses = decide(&plan, &[approval(&plan, "A1", "anna")], &[], &policy, true);
    assert_eq!(status_of(&statuses, "A1"), ActionStatus::Approved);
}

#[test]
fn a_manual_erasure_task_takes_four_eyes_too() {
    let mut input = input(&[RequestType::Erasure, RequestType::Access]);
    input.manual = vec![ManualSystem {
        name: "las".into(),
        instructions: [
            (RequestType::Erasure, "remove in ParnasSys".to_owned()),
            (RequestType::Access, "export from ParnasSys".to_owned()),
        ]
        .into(),
    }];
    let plan = build_plan(input);
    let policy = ApprovalPolicy::new(2, &[]).unwrap();
    let needs: Vec<_> = plan
        .actions
        .iter()
        .map(|a| {
            (
                a.system.to_string(),
                a.request_type,
                policy.approvers_needed(a),
            )
        })
        .collect();
    assert_eq!(
        needs,
        [
            ("sql".to_owned(), RequestType::Access, 1),
            ("sql".to_owned(), RequestType::Erasure, 2),
            ("las (manual)".to_owned(), RequestType::Access, 1),
            ("las (manual)".to_owned(), RequestType::Erasure, 2),
        ]
    );
}

#[test]
fn nothing_counts_while_identity_is_unverified_or_the_plan_is_incomplete_or_edited() {
    let complete = plan();
    let approvals: Vec<_> = ["A1", "A2", "A3"]
        .iter()
        .map(|a| approval(&complete, a, "anna"))
        .collect();
    let auto = ApprovalPolicy::new(1, &[RequestType::Rectification]).unwrap();
    assert!(decide(&complete, &approvals, &[], &auto, true)
        .iter()
        .all(|(_, s)| s.runs()));

    let mut incomplete = complete.clone();
    incomplete.failures.push(PlanFailure {
        plugin: "files".into(),
        request_type: RequestType::Access,
        error: "down".into(),
    });
    incomplete.fingerprint = Fingerprint::of(&incomplete);
    let incomplete_approvals: Vec<_> = ["A1", "A2", "A3"]
        .iter()
        .map(|a| approval(&incomplete, a, "anna"))
        .collect();

    let mut edited = complete.clone();
    edited.actions[2].scope.insert("test_results", "12");

    let cases = [
        ("identity unverified", &complete, &approvals, false),
        ("incomplete", &incomplete, &incomplete_approvals, true),
        ("edited after it was made", &edited, &approvals, true),
    ];
    for (name, plan, approvals, verified) in cases {
        let statuses = decide(plan, approvals, &[], &auto, verified);
        assert!(
            statuses
                .iter()
                .all(|(_, s)| matches!(s, ActionStatus::NeedsApproval { have: 0, .. })),
            "{name}: {statuses:?}"
        );
        assert!(!plan_ready(plan, &statuses), "{name}");
    }
}

#[test]
fn a_rejection_of_this_plan_wins_and_one_of_another_plan_does_not_count() {
    let plan = plan();
    let approvals = [approval(&plan, "A3", "bert")];
    let reason = "records under a legal retention duty";
    let policy = ApprovalPolicy::default();
    let statuses = decide(
        &plan,
        &approvals,
        &[rejection(&plan, "A3", reason)],
        &policy,
        true,
    );
    assert_eq!(
        status_of(&statuses, "A3"),
        ActionStatus::Rejected {
            reason: reason.into()
        }
    );
    let mut old = rejection(&plan, "A3", reason);
    old.fingerprint = other_fingerprint();
    let statuses = decide(&plan, &approvals, &[old], &policy, true);
    assert_eq!(status_of(&statuses, "A3"), ActionStatus::Approved);
}

/// (name, `approval.auto`, the officer's changes, another rectify dry
/// run, the expected status).
type AutoCase = (
    &'static str,
    &'static [RequestType],
    Vec<Change>,
    Option<DryRunOutcome>,
    &'static str,
);

#[test]
fn a_rectification_runs_by_policy_only_when_concrete_and_unambiguous() {
    let two_phones = changed(&[("pupils", "17", &["phone"]), ("pupils", "18", &["phone"])]);
    let keyed = Change {
        key: Some("18".into()),
        ..phone_change()
    };
    let other_table = changed(&[
        ("pupils", "17", &["phone"]),
        ("addresses", "3", &["street"]),
    ]);
    let cases: Vec<AutoCase> = vec![
        (
            "allowed, one record",
            &[RequestType::Rectification],
            vec![phone_change()],
            None,
            "auto",
        ),
        ("not allowed", &[], vec![phone_change()], None, "needs"),
        (
            "two records, no key",
            &[RequestType::Rectification],
            vec![phone_change()],
            Some(two_phones.clone()),
            "needs",
        ),
        (
            "two records, keyed",
            &[RequestType::Rectification],
            vec![keyed],
            Some(two_phones),
            "auto",
        ),
        (
            "a table no change names",
            &[RequestType::Rectification],
            vec![phone_change()],
            Some(other_table),
            "needs",
        ),
        (
            "no changes",
            &[RequestType::Rectification],
            vec![],
            None,
            "draft",
        ),
        (
            "a change without a field",
            &[RequestType::Rectification],
            vec![Change {
                field: " ".into(),
                ..phone_change()
            }],
            None,
            "draft",
        ),
    ];
    for (name, auto, changes, dry_run, expected) in cases {
        let mut input = input(&[RequestType::Rectification]);
        input.changes.insert("sql".into(), changes);
        if let Some(dry_run) = dry_run {
            input
                .dry_runs
                .get_mut("sql")
                .unwrap()
                .insert(DryRunKind::Rectify, dry_run);
        }
        let plan = build_plan(input);
        let policy = ApprovalPolicy::new(1, auto).unwrap();
        let status = status_of(&decide(&plan, &[], &[], &policy, true), "A1");
        let got = match status {
            ActionStatus::Auto => "auto",
            ActionStatus::NeedsApproval { .. } => "needs",
            ActionStatus::Draft { .. } => "draft",
            other => panic!("{name}: {other:?}"),
        };
        assert_eq!(got, expected, "{name}");
    }
}

#[test]
fn the_plan_is_ready_when_every_action_is_approved_or_rejected() {
    let plan = plan();
    let policy = ApprovalPolicy::default();
    let ready = |approvals: &[Approval], rejections: &[Rejection]| {
        plan_ready(&plan, &decide(&plan, approvals, rejections, &policy, true))
    };
    let all: Vec<_> = ["A1", "A2", "A3"]
        .iter()
        .map(|a| approval(&plan, a, "anna"))
        .collect();
    assert!(ready(&all, &[]));
    assert!(!ready(&all[..2], &[]));
    assert!(ready(&all[..2], &[rejection(&plan, "A3", "kept by law")]));
    assert!(
        !plan_ready(&plan, &[]),
        "statuses of another plan prove nothing"
    );
}

#[test]
fn an_empty_complete_plan_is_ready_and_an_empty_incomplete_one_is_not() {
    let mut input = input(&[RequestType::Access]);
    input
        .dry_runs
        .insert("sql".into(), [(DryRunKind::Export, exported(&[]))].into());
    let empty = build_plan(input.clone());
    assert!(empty.actions.is_empty());
    assert!(plan_ready(&empty, &[]));
    input.dry_runs.insert(
        "sql".into(),
        [(DryRunKind::Export, DryRunOutcome::Failed("down".into()))].into(),
    );
    let failed = build_plan(input);
    assert!(failed.actions.is_empty());
    assert!(!plan_ready(&failed, &[]));
}

#[test]
fn a_policy_that_would_skip_an_officer_is_refused() {
    assert_eq!(ApprovalPolicy::new(0, &[]), Err(BadPolicy::NoApprovers));
    assert_eq!(
        ApprovalPolicy::new(1, &[RequestType::Rectification, RequestType::Erasure]),
        Err(BadPolicy::NotAutomatic(RequestType::Erasure))
    );
    assert_eq!(ApprovalPolicy::default().erasure_approvers(), 1);
}
