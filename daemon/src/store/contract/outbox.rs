//! The transactional outbox: claims, failures, retries, interruptions.

use super::*;

pub(super) async fn the_outbox_claims_fails_retries_and_sends_once(store: Arc<dyn Store>) {
    created(store.as_ref(), intake("req-1@example.org")).await;
    let now = at("2026-03-02T09:20:00Z");
    let item = store.due_outbox(now, 10).await.unwrap().remove(0);

    assert!(store.claim_outbox(item.id, now).await.unwrap());
    assert!(
        !store.claim_outbox(item.id, now).await.unwrap(),
        "claimed once"
    );
    assert!(store.due_outbox(now, 10).await.unwrap().is_empty());
    assert_eq!(store.outbox_counts().await.unwrap().sending, 1);

    let retry_at = now + TimeDelta::seconds(30);
    store
        .mark_failed(item.id, "connection refused", retry_at)
        .await
        .unwrap();
    assert!(store.due_outbox(now, 10).await.unwrap().is_empty());
    let again = store.due_outbox(retry_at, 10).await.unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].attempts, 1);
    assert_eq!(again[0].message_id, item.message_id, "same Message-ID");

    assert!(store.claim_outbox(item.id, retry_at).await.unwrap());
    store.mark_sent(item.id, retry_at).await.unwrap();
    store.mark_sent(item.id, retry_at).await.unwrap();
    assert_eq!(
        store.outbox_counts().await.unwrap(),
        OutboxCounts {
            pending: 0,
            sent: 1,
            sending: 0
        }
    );
    assert!(store
        .due_outbox(retry_at + TimeDelta::days(1), 10)
        .await
        .unwrap()
        .is_empty());
    assert!(!store.claim_outbox(item.id, retry_at).await.unwrap());
    assert_eq!(
        audit_actions(store.as_ref()).await,
        ["case.received", "mail.queued", "mail.sent"],
        "a delivery is audited once"
    );
}

pub(super) async fn a_delivery_cut_off_is_found_interrupted(store: Arc<dyn Store>) {
    created(store.as_ref(), intake("req-1@example.org")).await;
    let now = at("2026-03-02T09:20:00Z");
    let item = store.due_outbox(now, 10).await.unwrap().remove(0);
    assert!(store.interrupted_outbox().await.unwrap().is_empty());
    assert!(store.claim_outbox(item.id, now).await.unwrap());

    let cut = store.interrupted_outbox().await.unwrap();
    assert_eq!(cut.len(), 1);
    assert_eq!(cut[0].id, item.id);
    assert_eq!(cut[0].kind, MailKind::Acknowledgement);
    assert_eq!(cut[0].raw, item.raw);

    store.mark_sent(cut[0].id, now).await.unwrap();
    assert!(store.interrupted_outbox().await.unwrap().is_empty());
    assert_eq!(store.outbox_counts().await.unwrap().sent, 1);
    audit_actions(store.as_ref()).await;
}
