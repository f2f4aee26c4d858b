//! Plans, decisions and action rows: no approval or execution without a
//! verified identity, no decision on a plan that is not the current one,
//! one officer counted once, and an action claimed and finished once.

use super::identity::{pass, staff_finding};
use super::*;
use crate::identity::{IdentityChange, MinorRightsModel, Verification};
use crate::plan::{build_plan, ActionId, Approval, ManualSystem, PersonKeys, Plan, PlanInput};
use std::collections::BTreeMap;

/// A plan with one task in a manual system: what `instructions` says.
pub(super) fn plan_for(reference: &CaseRef, instructions: &str) -> Plan {
    build_plan(PlanInput {
        case: reference.clone(),
        request_types: vec![RequestType::Access],
        subject: PersonKeys::default(),
        dry_runs: BTreeMap::new(),
        changes: BTreeMap::new(),
        erase_mode: dsrd_plugin_api::EraseMode::Anonymise,
        manual: vec![ManualSystem {
            name: "parnassys".into(),
            instructions: BTreeMap::from([(RequestType::Access, instructions.to_owned())]),
        }],
        special_tables: Default::default(),
        made_at: at("2026-03-03T10:00:00Z"),
    })
}

fn approval(plan: &Plan, officer: &str) -> Approval {
    Approval {
        action: ActionId::nth(1).unwrap(),
        officer: officer.into(),
        fingerprint: plan.fingerprint.clone(),
        at: at("2026-03-03T11:00:00Z"),
    }
}

pub(super) async fn apply(
    store: &dyn Store,
    reference: &CaseRef,
    effects: Vec<Effect>,
) -> UpdateOutcome {
    store
        .update_case(
            reference,
            at("2026-03-03T11:00:00Z"),
            change(move |_| {
                Ok(CaseUpdate {
                    actor: officer(),
                    effects,
                })
            }),
        )
        .await
        .unwrap()
}

pub(super) async fn verified(store: &dyn Store, id: &str) -> CaseRef {
    let reference = created(store, intake(id)).await;
    let finding = staff_finding();
    let v = Verification::matched_on_file(
        &finding,
        0,
        &pass(),
        requester().as_str(),
        at(RECEIVED).date_naive(),
        MinorRightsModel::Reglement,
        at("2026-03-03T10:00:00Z"),
    )
    .unwrap();
    let done = apply(
        store,
        &reference,
        vec![
            Effect::Identity(IdentityChange::Found {
                finding,
                sender: pass(),
            }),
            Effect::Verified(v),
        ],
    )
    .await;
    assert!(matches!(done, UpdateOutcome::Applied { .. }));
    reference
}

pub(super) async fn no_approval_or_execution_while_identity_is_unverified(store: Arc<dyn Store>) {
    let reference = created(store.as_ref(), intake("plan-1@example.org")).await;
    let plan = plan_for(&reference, "exporteer");
    let made = apply(
        store.as_ref(),
        &reference,
        vec![Effect::SetPlan(Box::new(plan.clone()))],
    )
    .await;
    assert!(matches!(made, UpdateOutcome::Applied { .. }));
    for effect in [
        Effect::Approve(approval(&plan, "fg")),
        Effect::Execute(vec![ActionId::nth(1).unwrap()]),
    ] {
        let refused = apply(store.as_ref(), &reference, vec![effect]).await;
        let UpdateOutcome::Refused(why) = refused else {
            panic!("an unverified case was approved or executed: {refused:?}");
        };
        assert!(why.reason.contains("verification"), "{why}");
        assert_eq!(why.kind, crate::store::RefusalKind::IdentityNotVerified);
    }
    let (current, actions) = store.case_plan(&reference).await.unwrap();
    assert!(current.unwrap().approvals.is_empty());
    assert!(actions.is_empty());
}

pub(super) async fn a_decision_on_another_plan_is_refused_and_one_officer_counts_once(
    store: Arc<dyn Store>,
) {
    let reference = verified(store.as_ref(), "plan-2@example.org").await;
    let first = plan_for(&reference, "exporteer het dossier");
    let second = plan_for(&reference, "exporteer het dossier en de toetsen");
    assert_ne!(first.fingerprint, second.fingerprint);
    apply(
        store.as_ref(),
        &reference,
        vec![Effect::SetPlan(Box::new(first.clone()))],
    )
    .await;
    apply(
        store.as_ref(),
        &reference,
        vec![Effect::SetPlan(Box::new(second.clone()))],
    )
    .await;
    let stale = apply(
        store.as_ref(),
        &reference,
        vec![Effect::Approve(approval(&first, "fg"))],
    )
    .await;
    assert!(
        matches!(stale, UpdateOutcome::Refused(ref why) if why.reason.contains("not the current plan") && why.kind == crate::store::RefusalKind::StalePlan),
        "{stale:?}"
    );
    for _ in 0..2 {
        let ok = apply(
            store.as_ref(),
            &reference,
            vec![Effect::Approve(approval(&second, "fg"))],
        )
        .await;
        assert!(matches!(ok, UpdateOutcome::Applied { .. }), "{ok:?}");
    }
    let (current, _) = store.case_plan(&reference).await.unwrap();
    let current = current.unwrap();
    assert_eq!(current.plan.fingerprint, second.fingerprint);
    assert_eq!(
        current.approvals.len(),
        1,
        "the same officer twice is one approval"
    );
    let actions = audit_actions(store.as_ref()).await;
    assert_eq!(actions.iter().filter(|a| *a == "plan.approved").count(), 1);
}

pub(super) async fn an_action_is_claimed_once_and_finished_once(store: Arc<dyn Store>) {
    let reference = verified(store.as_ref(), "plan-3@example.org").await;
    let plan = plan_for(&reference, "exporteer");
    apply(
        store.as_ref(),
        &reference,
        vec![Effect::SetPlan(Box::new(plan.clone()))],
    )
    .await;
    let started = apply(
        store.as_ref(),
        &reference,
        vec![Effect::Execute(vec![ActionId::nth(1).unwrap()])],
    )
    .await;
    assert!(
        matches!(started, UpdateOutcome::Applied { .. }),
        "{started:?}"
    );
    assert_eq!(
        case(store.as_ref(), &reference).await.state,
        CaseState::Executing
    );
    let now = at("2026-03-03T12:00:00Z");
    let due = store.due_actions(now, 10).await.unwrap();
    assert_eq!(due.len(), 1);
    let id = due[0].id;
    assert!(store.claim_action(id, now).await.unwrap());
    assert!(!store.claim_action(id, now).await.unwrap(), "claimed once");
    assert_eq!(store.interrupted_actions().await.unwrap().len(), 1);
    let result = serde_json::json!({ "note": "done by hand" });
    assert!(store
        .finish_action(id, &result, "1 record", now)
        .await
        .unwrap());
    assert!(
        !store
            .finish_action(id, &result, "1 record", now)
            .await
            .unwrap(),
        "finished once"
    );
    let (_, actions) = store.case_plan(&reference).await.unwrap();
    assert_eq!(actions[0].state, crate::store::ActionState::Done);
    assert_eq!(actions[0].result.as_ref(), Some(&result));
    let audit = audit_actions(store.as_ref()).await;
    assert_eq!(audit.iter().filter(|a| *a == "action.done").count(), 1);
}
