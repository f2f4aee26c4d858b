//! IMAP progress per mailbox.

use super::*;

pub(super) async fn mailbox_progress_never_goes_back_within_one_uidvalidity(store: Arc<dyn Store>) {
    let now = at(RECEIVED);
    assert_eq!(store.mailbox_state("avg").await.unwrap(), None);
    let saved = |uidvalidity, last_uid| MailboxState {
        uidvalidity,
        last_uid,
    };
    store
        .save_mailbox_state("avg", saved(7, 10), now)
        .await
        .unwrap();
    store
        .save_mailbox_state("avg", saved(7, 5), now)
        .await
        .unwrap();
    assert_eq!(
        store.mailbox_state("avg").await.unwrap(),
        Some(saved(7, 10))
    );
    store
        .save_mailbox_state("avg", saved(7, 12), now)
        .await
        .unwrap();
    assert_eq!(
        store.mailbox_state("avg").await.unwrap(),
        Some(saved(7, 12))
    );
    // A new UIDVALIDITY starts over.
    store
        .save_mailbox_state("avg", saved(8, 3), now)
        .await
        .unwrap();
    assert_eq!(store.mailbox_state("avg").await.unwrap(), Some(saved(8, 3)));
    assert_eq!(store.mailbox_state("other").await.unwrap(), None);
    store
        .save_mailbox_state("other", saved(1, u32::MAX), now)
        .await
        .unwrap();
    assert_eq!(
        store.mailbox_state("other").await.unwrap(),
        Some(saved(1, u32::MAX))
    );
}
