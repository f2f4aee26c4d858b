//! What an officer may record: every refusal, and the way through.

use super::*;

fn plan() -> Plan {
    build_plan(input(&[RequestType::Rectification, RequestType::Erasure]))
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

/// (name, plan, the approval, those recorded, the rejections, identity
/// verified, the expected refusal).
type ApprovalCase<'a> = (
    &'static str,
    &'a Plan,
    Approval,
    Vec<Approval>,
    Vec<Rejection>,
    bool,
    Result<(), &'static str>,
);

#[test]
fn approvals_are_refused_for_each_reason_and_allowed_otherwise() {
    let plan = plan();
    let mut incomplete = plan.clone();
    incomplete.failures.push(PlanFailure {
        plugin: "files".into(),
        request_type: RequestType::Erasure,
        error: "timed out".into(),
    });
    incomplete.fingerprint = Fingerprint::of(&incomplete);
    let mut edited = plan.clone();
    edited.actions[1].scope.insert("test_results", "12");
    let mut draft = input(&[RequestType::Rectification]);
    draft.changes.clear();
    let draft = build_plan(draft);
    let mut stale = approval(&plan, "A2", "anna");
    stale.fingerprint = Fingerprint::parse(&"ab".repeat(32)).unwrap();

    let cases: Vec<ApprovalCase> = vec![
        (
            "fine",
            &plan,
            approval(&plan, "A2", "anna"),
            vec![],
            vec![],
            true,
            Ok(()),
        ),
        (
            "a second officer",
            &plan,
            approval(&plan, "A2", "bert"),
            vec![approval(&plan, "A2", "anna")],
            vec![],
            true,
            Ok(()),
        ),
        (
            "identity unverified",
            &plan,
            approval(&plan, "A2", "anna"),
            vec![],
            vec![],
            false,
            Err("identity"),
        ),
        (
            "stale fingerprint",
            &plan,
            stale,
            vec![],
            vec![],
            true,
            Err("stale"),
        ),
        (
            "edited plan",
            &edited,
            approval(&plan, "A2", "anna"),
            vec![],
            vec![],
            true,
            Err("tampered"),
        ),
        (
            "incomplete",
            &incomplete,
            approval(&incomplete, "A2", "anna"),
            vec![],
            vec![],
            true,
            Err("incomplete"),
        ),
        (
            "unknown action",
            &plan,
            approval(&plan, "A9", "anna"),
            vec![],
            vec![],
            true,
            Err("unknown"),
        ),
        (
            "draft",
            &draft,
            approval(&draft, "A1", "anna"),
            vec![],
            vec![],
            true,
            Err("draft"),
        ),
        (
            "the same officer again",
            &plan,
            approval(&plan, "A2", "Anna"),
            vec![approval(&plan, "A2", "anna")],
            vec![],
            true,
            Err("already approved"),
        ),
        (
            "rejected",
            &plan,
            approval(&plan, "A2", "bert"),
            vec![],
            vec![rejection(&plan, "A2", "kept by law")],
            true,
            Err("rejected"),
        ),
    ];
    for (name, plan, candidate, approvals, rejections, verified, expected) in cases {
        let got = check_approval(plan, &candidate, &approvals, &rejections, verified);
        let got = got.map_err(|refusal| match refusal {
            Refusal::IdentityNotVerified => "identity",
            Refusal::StaleFingerprint { .. } => "stale",
            Refusal::Tampered => "tampered",
            Refusal::Incomplete { .. } => "incomplete",
            Refusal::UnknownAction(_) => "unknown",
            Refusal::Draft { .. } => "draft",
            Refusal::AlreadyApproved { .. } => "already approved",
            Refusal::Rejected(_) => "rejected",
            other => panic!("{name}: {other:?}"),
        });
        assert_eq!(got, expected, "{name}");
    }
}

#[test]
fn a_stale_approval_says_both_fingerprints_briefly() {
    let plan = plan();
    let mut stale = approval(&plan, "A1", "anna");
    stale.fingerprint = Fingerprint::parse(&"ab".repeat(32)).unwrap();
    let message = check_approval(&plan, &stale, &[], &[], true)
        .unwrap_err()
        .to_string();
    assert!(message.contains("ababababab"), "{message}");
    assert!(message.contains(plan.fingerprint.short()), "{message}");
}

#[test]
fn rejections_need_a_reason_and_the_current_plan_but_may_dismiss_a_draft() {
    let plan = plan();
    let mut draft = input(&[RequestType::Rectification]);
    draft.changes.clear();
    let draft = build_plan(draft);
    let mut stale = rejection(&plan, "A1", "no");
    stale.fingerprint = Fingerprint::parse(&"cd".repeat(32)).unwrap();
    assert_eq!(
        check_rejection(&plan, &rejection(&plan, "A1", "kept by law"), &[]),
        Ok(())
    );
    assert_eq!(
        check_rejection(
            &draft,
            &rejection(&draft, "A1", "nothing to correct here"),
            &[]
        ),
        Ok(())
    );
    assert_eq!(
        check_rejection(&plan, &rejection(&plan, "A1", "  "), &[]),
        Err(Refusal::NoReason)
    );
    assert!(matches!(
        check_rejection(&plan, &stale, &[]),
        Err(Refusal::StaleFingerprint { .. })
    ));
    assert_eq!(
        check_rejection(&plan, &rejection(&plan, "A7", "no"), &[]),
        Err(Refusal::UnknownAction(id("A7")))
    );
    assert_eq!(
        check_rejection(
            &plan,
            &rejection(&plan, "A1", "again"),
            &[rejection(&plan, "A1", "no")]
        ),
        Err(Refusal::AlreadyRejected(id("A1")))
    );
}
