//! Retention runs: recorded with their audit entry, the lease taken once
//! per tick, and an expired lease taken over.

use super::*;

fn counts(table: &str, removed: u64, retained: u64) -> RetentionTableCounts {
    RetentionTableCounts {
        table: table.into(),
        removed,
        retained,
        reason: if retained > 0 {
            "not due yet".into()
        } else {
            String::new()
        },
    }
}

pub(super) async fn a_retention_run_is_recorded_with_its_audit_entry(store: Arc<dyn Store>) {
    let now = at("2026-06-12T00:00:00Z");
    let state = store.retention_rule("events", now).await.unwrap();
    assert_eq!((state.first_seen_at, state.last_run_at), (now, None));
    let later = store
        .retention_rule("events", at("2026-06-13T00:00:00Z"))
        .await
        .unwrap();
    assert_eq!(later.since(), now, "first seen stays");

    let tick = at("2026-06-12T00:00:00Z");
    let id = store
        .record_retention_run(&NewRetentionRun {
            rule: "events",
            plugin: "events",
            at: at("2026-06-12T00:00:05Z"),
            tick: Some(tick),
            dry_run: false,
            by: &Actor::System,
            tables: vec![counts("enrolments", 8, 16), counts("timetables", 24, 0)],
            error: None,
        })
        .await
        .unwrap();
    let failed = store
        .record_retention_run(&NewRetentionRun {
            rule: "events",
            plugin: "events",
            at: at("2026-06-12T09:00:00Z"),
            tick: None,
            dry_run: true,
            by: &Actor::Officer("jan".into()),
            tables: vec![],
            error: Some("the database is down".into()),
        })
        .await
        .unwrap();

    let runs = store.retention_runs(Some("events"), 10).await.unwrap();
    assert_eq!(runs.iter().map(|r| r.id).collect::<Vec<_>>(), [failed, id]);
    assert_eq!(
        runs[1].tables,
        [counts("enrolments", 8, 16), counts("timetables", 24, 0)]
    );
    assert_eq!(runs[1].removed(), 32);
    assert_eq!((runs[1].tick, runs[1].dry_run), (Some(tick), false));
    assert_eq!(runs[0].actor, "officer:jan");
    assert!(runs[0].dry_run && runs[0].error.is_some());
    assert!(store
        .retention_runs(Some("pupils"), 10)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(store.retention_runs(None, 1).await.unwrap().len(), 1);
    let state = store.retention_rule("events", now).await.unwrap();
    assert_eq!(
        state.last_run_at,
        Some(tick),
        "a run by hand leaves the schedule alone"
    );
    let (log, head) = store.audit_log().await.unwrap();
    let actions: Vec<&str> = log.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(actions, ["retention.run", "retention.failed"]);
    assert!(
        log[0].detail.contains("\"removed\":32"),
        "{}",
        log[0].detail
    );
    verify(&log, &head).unwrap();
}

pub(super) async fn a_retention_lease_is_taken_once_and_an_expired_one_taken_over(
    store: Arc<dyn Store>,
) {
    let now = at("2026-06-12T00:00:00Z");
    let tick = now;
    store.retention_rule("events", now).await.unwrap();
    let until = now + TimeDelta::minutes(10);

    assert!(store
        .take_retention_lease("events", tick, now, until)
        .await
        .unwrap());
    assert!(
        !store
            .take_retention_lease("events", tick, now, until)
            .await
            .unwrap(),
        "a second daemon does not run the same tick"
    );
    // The holder crashed: after its lease ran out another daemon takes over.
    let later = until + TimeDelta::seconds(1);
    assert!(store
        .take_retention_lease("events", tick, later, later + TimeDelta::minutes(10))
        .await
        .unwrap());
    store
        .record_retention_run(&NewRetentionRun {
            rule: "events",
            plugin: "events",
            at: later,
            tick: Some(tick),
            dry_run: false,
            by: &Actor::System,
            tables: vec![counts("enrolments", 8, 0)],
            error: None,
        })
        .await
        .unwrap();
    let state = store.retention_rule("events", later).await.unwrap();
    assert_eq!((state.last_run_at, state.lease_until), (Some(tick), None));
    assert!(
        !store
            .take_retention_lease("events", tick, later, later)
            .await
            .unwrap(),
        "a tick that ran is not taken again"
    );
    let next = tick + TimeDelta::days(1);
    assert!(store
        .take_retention_lease("events", next, next, next + TimeDelta::minutes(10))
        .await
        .unwrap());
    // Racing daemons: exactly one gets the next-but-one tick.
    let (a, b) = (store.clone(), store.clone());
    let t = next + TimeDelta::days(1);
    let until = t + TimeDelta::minutes(10);
    store
        .record_retention_run(&NewRetentionRun {
            rule: "events",
            plugin: "events",
            at: next,
            tick: Some(next),
            dry_run: false,
            by: &Actor::System,
            tables: vec![],
            error: None,
        })
        .await
        .unwrap();
    let (x, y) = tokio::join!(
        async move { a.take_retention_lease("events", t, t, until).await.unwrap() },
        async move { b.take_retention_lease("events", t, t, until).await.unwrap() },
    );
    assert!(x ^ y, "{x} {y}");
}
