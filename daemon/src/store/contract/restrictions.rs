//! The register of restrictions: a restrict action that is done enters it
//! in the same transaction (and nothing else does); a lift is announced
//! once, claimed only from its day, retried, failed, and finished, each with
//! its event and audit entry; a lifted restriction leaves the register; one
//! that another still covers is released, and the last clears them all.

use super::*;
use crate::identity::{IdentityChange, Verification};
use crate::plan::{
    build_plan, ActionId, ActionKind, Approval, DryRun, DryRunKind, DryRunOutcome, PersonKeys,
    Plan, PlanInput, System,
};
use dsrd_plugin_api::{ChangeReport, EraseMode, ExportResult, ExportTable, Scope};
use std::collections::{BTreeMap, BTreeSet};

fn id(text: &str) -> ActionId {
    text.parse().expect("an action id")
}

/// A plan for `types` in `sql`, whose restrict dry run names pupil 17 and
/// one of her absences.
fn plan(reference: &CaseRef, types: &[RequestType], made_at: DateTime<Utc>) -> Plan {
    let mut subject = PersonKeys::default();
    subject.insert("sql", "pupils:17");
    let mut report = ChangeReport::new(true);
    report.record("pupils", "17", &["restricted"]);
    report.record("absences", "3", &["restricted"]);
    let mut table = ExportTable::new("pupils", &["name"]);
    table.rows.push(vec![serde_json::json!("x")]);
    let mut export = ExportResult::default();
    export.tables.push(table);
    let runs = BTreeMap::from([
        (
            DryRunKind::Export,
            DryRunOutcome::Ran(DryRun::Export(export)),
        ),
        (
            DryRunKind::Restrict,
            DryRunOutcome::Ran(DryRun::Change {
                report,
                retained: vec![],
            }),
        ),
    ]);
    build_plan(PlanInput {
        case: reference.clone(),
        request_types: types.to_vec(),
        subject,
        dry_runs: BTreeMap::from([("sql".to_owned(), runs)]),
        changes: BTreeMap::new(),
        erase_mode: EraseMode::Delete,
        manual: vec![],
        special_tables: BTreeSet::new(),
        made_at,
    })
}

/// A verified case whose plan for `types` is approved and being carried
/// out, with every plugin action due; `adjust` may change the plan first.
async fn executing_with(
    store: &dyn Store,
    message_id: &str,
    types: &[RequestType],
    adjust: impl FnOnce(&mut Plan),
) -> (CaseRef, Plan) {
    let reference = created(store, intake(message_id)).await;
    let now = at("2026-03-03T10:00:00Z");
    let finding = staff_finding();
    let verification = Verification::matched_on_file(
        &finding,
        0,
        &pass(),
        requester().as_str(),
        at(RECEIVED).date_naive(),
        crate::identity::MinorRightsModel::Reglement,
        now,
    )
    .expect("staff writing from their address on file, authenticated");
    let mut plan = plan(&reference, types, now);
    adjust(&mut plan);
    let runs: Vec<ActionId> = plan
        .actions
        .iter()
        .filter(|a| matches!(a.system, System::Plugin(_)))
        .map(|a| a.id.clone())
        .collect();
    let mut effects = vec![
        Effect::Identity(IdentityChange::Found {
            finding,
            sender: pass(),
        }),
        Effect::Verified(verification),
        Effect::SetPlan(Box::new(plan.clone())),
    ];
    effects.extend(runs.iter().map(|action| {
        Effect::Approve(Approval {
            action: action.clone(),
            officer: "fg".into(),
            fingerprint: plan.fingerprint.clone(),
            at: now,
        })
    }));
    effects.push(Effect::Execute(runs));
    let outcome = store
        .update_case(
            &reference,
            now,
            change(move |_| {
                Ok(CaseUpdate {
                    actor: officer(),
                    effects,
                })
            }),
        )
        .await
        .unwrap();
    assert!(
        matches!(outcome, UpdateOutcome::Applied { .. }),
        "{outcome:?}"
    );
    (reference, plan)
}

/// A verified case whose plan (export A1, restriction A2) is approved and
/// being carried out; both action rows are due.
pub(super) async fn executing(store: &dyn Store, message_id: &str) -> CaseRef {
    let types = [RequestType::Access, RequestType::Restriction];
    let (reference, plan) = executing_with(store, message_id, &types, |_| {}).await;
    let kinds: Vec<_> = plan.actions.iter().map(|a| a.kind.clone()).collect();
    assert_eq!(kinds, [ActionKind::Export, ActionKind::Restrict]);
    reference
}

/// Claims and finishes every due plugin action, as the executor does.
pub(super) async fn carry_out(store: &dyn Store, at: DateTime<Utc>) {
    let due = store.due_actions(at, 10).await.unwrap();
    for row in due
        .into_iter()
        .filter(|r| matches!(r.spec.system, System::Plugin(_)))
    {
        assert!(store.claim_action(row.id, at).await.unwrap());
        let result = serde_json::json!({ "result": "changed" });
        assert!(store
            .finish_action(row.id, &result, "2 records in 2 tables", at)
            .await
            .unwrap());
    }
}

fn announce(action: &str, on: chrono::NaiveDate, from: DateTime<Utc>) -> CaseChange {
    let action = id(action);
    change(move |_| {
        Ok(CaseUpdate {
            actor: officer(),
            effects: vec![Effect::AnnounceLift {
                action,
                on,
                from,
                reason: "het bezwaar is afgewezen".into(),
            }],
        })
    })
}

pub(super) async fn a_done_restriction_enters_the_register_and_nothing_else_does(
    store: Arc<dyn Store>,
) {
    let reference = executing(store.as_ref(), "req-restrict-1@example.org").await;
    assert!(
        store.active_restrictions().await.unwrap().is_empty(),
        "approved is not yet restricted"
    );
    let done_at = at("2026-03-03T11:00:00Z");

    carry_out(store.as_ref(), done_at).await;

    let register = store.active_restrictions().await.unwrap();
    assert_eq!(register.len(), 1, "only the restriction: {register:?}");
    let r = &register[0];
    assert_eq!(r.case, reference);
    assert_eq!(r.action, id("A2"));
    assert_eq!(r.plugin, "sql");
    assert_eq!(r.since, done_at);
    assert_eq!(r.records, 2);
    let mut scope = Scope::default();
    scope.insert("pupils", "17");
    scope.insert("absences", "3");
    assert_eq!(r.scope, scope);
    assert_eq!(r.person_key, "pupils:17");
    assert_eq!(r.state, RestrictionState::Active);
    assert_eq!(r.lift, None);
    let case = case(store.as_ref(), &reference).await;
    assert_eq!(
        kinds(&case)
            .iter()
            .filter(|k| **k == EventKind::RestrictionRegistered)
            .count(),
        1
    );
    let audit = audit_actions(store.as_ref()).await;
    let registered = audit.iter().position(|a| a == "restriction.registered");
    let done = audit.iter().rposition(|a| a == "action.done");
    assert!(
        registered.is_some() && registered > done,
        "registered with its action: {audit:?}"
    );
    // A finish that does not happen (the row is not running) registers
    // nothing twice.
    let rows = store.case_plan(&reference).await.unwrap().1;
    let again = store
        .finish_action(rows[1].id, &serde_json::json!({}), "again", done_at)
        .await
        .unwrap();
    assert!(!again);
    assert_eq!(store.active_restrictions().await.unwrap().len(), 1);
}

pub(super) async fn a_lift_is_announced_once_and_claimed_only_from_its_day(store: Arc<dyn Store>) {
    let reference = executing(store.as_ref(), "req-restrict-2@example.org").await;
    carry_out(store.as_ref(), at("2026-03-03T11:00:00Z")).await;
    let announced_at = at("2026-03-04T09:00:00Z");
    let (on, from) = crate::officer::lift_day(announced_at, &rules());
    assert_eq!(
        from,
        at("2026-03-10T23:00:00Z"),
        "Wednesday 11 March, local"
    );

    // Only a restriction in the register can be announced, and only once.
    let not_one = store
        .update_case(&reference, announced_at, announce("A1", on, from))
        .await
        .unwrap();
    assert!(
        matches!(not_one, UpdateOutcome::Refused(ref why) if why.reason.contains("no restriction A1")),
        "{not_one:?}"
    );
    let first = store
        .update_case(&reference, announced_at, announce("A2", on, from))
        .await
        .unwrap();
    assert!(matches!(first, UpdateOutcome::Applied { .. }), "{first:?}");
    let twice = store
        .update_case(&reference, announced_at, announce("A2", on, from))
        .await
        .unwrap();
    assert!(
        matches!(twice, UpdateOutcome::Refused(ref why) if why.reason.contains("already announced")),
        "{twice:?}"
    );
    let r = store.active_restrictions().await.unwrap().remove(0);
    assert_eq!(r.state, RestrictionState::Announced);
    assert_eq!(
        r.lift,
        Some(LiftNotice {
            announced_at,
            by: "fg".into(),
            reason: "het bezwaar is afgewezen".into(),
            on,
            from,
            attempts: 0,
        })
    );

    // Before its day: not due, and not claimable by anyone.
    let before = from - TimeDelta::seconds(1);
    assert!(store.due_lifts(before, 10).await.unwrap().is_empty());
    assert!(!store.claim_lift(r.id, before).await.unwrap());
    assert_eq!(
        store.active_restrictions().await.unwrap()[0].state,
        RestrictionState::Announced
    );
    assert_eq!(store.due_lifts(from, 10).await.unwrap().len(), 1);

    let case_now = case(store.as_ref(), &reference).await;
    assert_eq!(
        kinds(&case_now).last(),
        Some(&EventKind::RestrictionLiftAnnounced)
    );
    assert!(audit_actions(store.as_ref())
        .await
        .contains(&"restriction.lift_announced".to_owned()));
}

pub(super) async fn a_lift_is_released_retried_failed_and_finished_once(store: Arc<dyn Store>) {
    let reference = executing(store.as_ref(), "req-restrict-3@example.org").await;
    carry_out(store.as_ref(), at("2026-03-03T11:00:00Z")).await;
    let announced_at = at("2026-03-04T09:00:00Z");
    let (on, from) = crate::officer::lift_day(announced_at, &rules());
    let applied = store
        .update_case(&reference, announced_at, announce("A2", on, from))
        .await
        .unwrap();
    assert!(matches!(applied, UpdateOutcome::Applied { .. }));
    let id = store.active_restrictions().await.unwrap()[0].id;
    let t = |minutes: i64| from + TimeDelta::minutes(minutes);

    // Claimed once; a worker that stopped leaves it to be released.
    assert!(store.claim_lift(id, t(1)).await.unwrap());
    assert!(!store.claim_lift(id, t(1)).await.unwrap(), "claimed once");
    assert!(store.due_lifts(t(1), 10).await.unwrap().is_empty());
    assert_eq!(store.interrupted_lifts().await.unwrap().len(), 1);
    assert!(store.release_lift(id, t(2)).await.unwrap());
    assert!(store.interrupted_lifts().await.unwrap().is_empty());

    // A failure that may pass comes back at its time.
    assert!(store.claim_lift(id, t(2)).await.unwrap());
    assert!(store
        .fail_lift(id, &Actor::System, "sql is down", Some(t(10)), t(3))
        .await
        .unwrap());
    let r = store.active_restrictions().await.unwrap().remove(0);
    assert_eq!(r.state, RestrictionState::Announced);
    assert_eq!(r.error.as_deref(), Some("sql is down"));
    assert_eq!(r.lift.as_ref().map(|l| l.attempts), Some(2));
    assert!(store.due_lifts(t(9), 10).await.unwrap().is_empty());
    assert_eq!(store.due_lifts(t(10), 10).await.unwrap().len(), 1);

    // A final failure waits for the officer: not due, still in force, but
    // the officer may claim it again.
    assert!(store.claim_lift(id, t(10)).await.unwrap());
    assert!(store
        .fail_lift(id, &Actor::System, "records changed", None, t(11))
        .await
        .unwrap());
    assert!(store.due_lifts(t(60), 10).await.unwrap().is_empty());
    assert_eq!(
        store.active_restrictions().await.unwrap()[0].state,
        RestrictionState::Failed
    );
    assert!(store.claim_lift(id, t(20)).await.unwrap());
    assert!(store
        .finish_lift(id, &officer(), "2 records in 2 tables", t(21))
        .await
        .unwrap());
    assert!(!store
        .finish_lift(id, &officer(), "again", t(22))
        .await
        .unwrap());
    assert!(!store
        .fail_lift(id, &officer(), "late", None, t(22))
        .await
        .unwrap());
    assert!(store.active_restrictions().await.unwrap().is_empty());
    assert!(
        !store.claim_lift(id, t(30)).await.unwrap(),
        "lifted is lifted"
    );

    let case = case(store.as_ref(), &reference).await;
    let lift_events: Vec<_> = kinds(&case)
        .into_iter()
        .filter(|k| {
            matches!(
                k,
                EventKind::RestrictionLiftFailed | EventKind::RestrictionLifted
            )
        })
        .collect();
    assert_eq!(
        lift_events,
        [
            EventKind::RestrictionLiftFailed,
            EventKind::RestrictionLiftFailed,
            EventKind::RestrictionLifted
        ]
    );
    let lifted = case.events.last().unwrap();
    assert_eq!(lifted.actor, "officer:fg");
    let audit = audit_actions(store.as_ref()).await;
    assert_eq!(
        audit
            .iter()
            .filter(|a| *a == "restriction.lift_failed")
            .count(),
        2
    );
    assert_eq!(audit.last().map(String::as_str), Some("restriction.lifted"));
    // Lifted, the restriction cannot be announced again.
    let again = store
        .update_case(&reference, t(40), announce("A2", on, from))
        .await
        .unwrap();
    assert!(
        matches!(again, UpdateOutcome::Refused(ref why) if why.reason.contains("already lifted")),
        "{again:?}"
    );
}

pub(super) async fn a_lift_another_restriction_covers_leaves_the_records_to_the_last(
    store: Arc<dyn Store>,
) {
    // Arrange: a restriction and an objection's restriction of the same
    // pupil; the objection's names only her pupil row.
    let types = [RequestType::Restriction, RequestType::Objection];
    let (reference, plan) = executing_with(
        store.as_ref(),
        "req-restrict-4@example.org",
        &types,
        |plan| {
            let objection = plan
                .actions
                .iter_mut()
                .find(|a| {
                    a.request_type == RequestType::Objection && a.kind == ActionKind::Restrict
                })
                .expect("the objection's restriction");
            objection.scope.remove("absences", "3");
        },
    )
    .await;
    carry_out(store.as_ref(), at("2026-03-03T11:00:00Z")).await;
    let register = store.active_restrictions().await.unwrap();
    assert_eq!(register.len(), 2, "{register:?}");
    let (first, last) = (&register[0], &register[1]);
    assert_eq!(first.person_key, last.person_key);
    let restriction = plan
        .actions
        .iter()
        .find(|a| a.request_type == RequestType::Restriction)
        .unwrap();
    assert_eq!(first.action, restriction.id, "the restriction comes first");
    let announced_at = at("2026-03-04T09:00:00Z");
    let (on, from) = crate::officer::lift_day(announced_at, &rules());
    for r in [first, last] {
        let applied = store
            .update_case(
                &reference,
                announced_at,
                announce(&r.action.to_string(), on, from),
            )
            .await
            .unwrap();
        assert!(
            matches!(applied, UpdateOutcome::Applied { .. }),
            "{applied:?}"
        );
    }
    let t = |minutes: i64| from + TimeDelta::minutes(minutes);

    // Act / Assert: the first is released (the records stay marked for
    // the other), and leaves the register.
    assert!(store.claim_lift(first.id, t(1)).await.unwrap());
    let covered = store
        .end_covered_lift(first.id, &Actor::System, t(1))
        .await
        .unwrap();
    assert_eq!(covered, Some(format!("{reference}:{}", last.action)));
    let left = store.active_restrictions().await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].id, last.id);
    assert!(
        !store.claim_lift(first.id, t(2)).await.unwrap(),
        "released is done"
    );

    // The last one is covered by nothing, and clears both scopes.
    assert!(store.claim_lift(last.id, t(2)).await.unwrap());
    assert_eq!(
        store
            .end_covered_lift(last.id, &Actor::System, t(2))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store.active_restrictions().await.unwrap()[0].state,
        RestrictionState::Lifting,
        "nothing written"
    );
    let mut both = Scope::default();
    both.insert("pupils", "17");
    both.insert("absences", "3");
    assert_ne!(last.scope, both);
    assert_eq!(store.lift_scope(last.id).await.unwrap(), both);
    assert!(store
        .finish_lift(last.id, &Actor::System, "2 records in 2 tables", t(3))
        .await
        .unwrap());
    assert!(store.active_restrictions().await.unwrap().is_empty());
    assert_eq!(
        store.lift_scope(last.id).await.unwrap(),
        last.scope,
        "the released one was lifted with it"
    );
    let audit = audit_actions(store.as_ref()).await;
    let tail: Vec<_> = audit
        .iter()
        .rev()
        .take(2)
        .rev()
        .map(String::as_str)
        .collect();
    assert_eq!(tail, ["restriction.released", "restriction.lifted"]);
}
