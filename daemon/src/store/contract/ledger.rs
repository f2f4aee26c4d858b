//! The erasure ledger: an entry written once, with the erasure's result
//! and audit entries, read back by plugin and date; a replay audited with
//! its counts and nothing else.

use super::*;
use crate::ledger::{HashKind, IdentifierHash};
use crate::plan::ActionId;

fn entry(plugin: &str) -> NewLedgerEntry {
    let mut scope = dsrd_plugin_api::Scope::default();
    scope.insert("pupils", "17");
    scope.insert("test_results", "4");
    scope.insert("test_results", "9");
    NewLedgerEntry {
        plugin: plugin.into(),
        person: "pupils:17".into(),
        mode: dsrd_plugin_api::EraseMode::Anonymise,
        scope,
        identifiers: vec![IdentifierHash {
            kind: HashKind::Email,
            hash: "ab".repeat(32),
        }],
        key_id: "0123456789abcdef".into(),
    }
}

/// A case of `id` whose one action is claimed: its row id.
async fn running_action(store: &dyn Store, id: &str) -> (CaseRef, i64) {
    let reference = verified(store, id).await;
    let plan = plan_for(&reference, "wis");
    apply(store, &reference, vec![Effect::SetPlan(Box::new(plan))]).await;
    apply(
        store,
        &reference,
        vec![Effect::Execute(vec![ActionId::nth(1).unwrap()])],
    )
    .await;
    let now = at("2026-03-03T12:00:00Z");
    let row = store.due_actions(now, 10).await.unwrap().remove(0);
    assert!(store.claim_action(row.id, now).await.unwrap());
    (reference, row.id)
}

pub(super) async fn an_erasure_is_finished_once_with_its_ledger_entry(store: Arc<dyn Store>) {
    let (reference, id) = running_action(store.as_ref(), "ledger-1@example.org").await;
    let result = serde_json::json!({ "result": "changed" });
    let done_at = at("2026-03-04T09:30:00Z");

    assert!(store
        .finish_erasure(id, &result, "3 records in 2 tables", &entry("sql"), done_at)
        .await
        .unwrap());
    assert!(
        !store
            .finish_erasure(id, &result, "again", &entry("sql"), done_at)
            .await
            .unwrap(),
        "finished once, and no second entry"
    );

    let entries = store.ledger_entries(None, None).await.unwrap();
    assert_eq!(entries.len(), 1, "{entries:?}");
    let written = &entries[0];
    assert_eq!(written.case, reference.as_str());
    assert_eq!(written.action, "A1");
    assert_eq!(written.erased_at, done_at);
    let expected = entry("sql");
    assert_eq!(
        (
            &written.entry.plugin,
            &written.entry.person,
            written.entry.mode,
            &written.entry.scope,
            &written.entry.identifiers,
            &written.entry.key_id
        ),
        (
            &expected.plugin,
            &expected.person,
            expected.mode,
            &expected.scope,
            &expected.identifiers,
            &expected.key_id
        )
    );
    let (_, actions) = store.case_plan(&reference).await.unwrap();
    assert_eq!(actions[0].state, crate::store::ActionState::Done);
    assert_eq!(actions[0].result.as_ref(), Some(&result));
    let audit = audit_actions(store.as_ref()).await;
    assert_eq!(audit.iter().filter(|a| *a == "action.done").count(), 1);
    assert_eq!(audit.iter().filter(|a| *a == "ledger.entry").count(), 1);
}

pub(super) async fn ledger_entries_are_read_by_plugin_and_since_oldest_first(
    store: Arc<dyn Store>,
) {
    let (_, first) = running_action(store.as_ref(), "ledger-2@example.org").await;
    let (_, second) = running_action(store.as_ref(), "ledger-3@example.org").await;
    let (_, third) = running_action(store.as_ref(), "ledger-4@example.org").await;
    let result = serde_json::json!({});
    for (id, plugin, when) in [
        (first, "sql", "2026-03-01T23:00:00Z"),
        (second, "sql", "2026-03-02T08:00:00+01:00"),
        (third, "events", "2026-03-03T08:00:00Z"),
    ] {
        assert!(store
            .finish_erasure(id, &result, "1 record", &entry(plugin), at(when))
            .await
            .unwrap());
    }

    let all = store.ledger_entries(Some("sql"), None).await.unwrap();
    assert_eq!(all.len(), 2);
    assert!(all[0].id < all[1].id, "oldest first");
    assert!(all.iter().all(|e| e.entry.plugin == "sql"));
    // 07:00 UTC on the 2nd: the first (23:00 on the 1st) is before it,
    // the second (07:00 UTC, written with an offset) exactly at it.
    let since = store
        .ledger_entries(Some("sql"), Some(at("2026-03-02T07:00:00Z")))
        .await
        .unwrap();
    assert_eq!(since.len(), 1);
    assert_eq!(since[0].erased_at, at("2026-03-02T07:00:00Z"));
    assert_eq!(store.ledger_entries(None, None).await.unwrap().len(), 3);
    assert!(store
        .ledger_entries(Some("nothing"), None)
        .await
        .unwrap()
        .is_empty());
}

pub(super) async fn a_replay_is_audited_with_its_counts_only(store: Arc<dyn Store>) {
    let counts = ReplayCounts {
        entries: 3,
        erased: 1,
        records: 4,
        already: 1,
        missing_keys: 2,
        skipped: 1,
        failed: 0,
    };
    store
        .record_replay(
            "sql",
            at("2026-03-01T00:00:00Z"),
            true,
            &Actor::Officer("fg".into()),
            &counts,
            at("2026-03-05T10:00:00Z"),
        )
        .await
        .unwrap();

    let (rows, head) = store.audit_log().await.unwrap();
    verify(&rows, &head).unwrap();
    let row = rows.iter().find(|r| r.action == "erasures.replay").unwrap();
    assert_eq!(row.actor, "officer:fg");
    assert_eq!(row.case_ref, None);
    let detail: serde_json::Value = serde_json::from_str(&row.detail).unwrap();
    assert_eq!(
        detail,
        serde_json::json!({
            "plugin": "sql", "since": "2026-03-01T00:00:00Z", "dry_run": true,
            "entries": 3, "erased": 1, "records": 4, "already": 1,
            "missing_keys": 2, "skipped": 1, "failed": 0,
        })
    );
}
