//! The copy of a request the mailbox keeps: once dsrd removed an identity
//! document copy from its store, the message in the mailbox is replaced by
//! the same message without it (Maildir: the file in `cur/`; IMAP: the
//! message in the done folder, by Message-ID).

use crate::identity::MailboxCopy;
use crate::store::StoredMessage;
use async_trait::async_trait;

/// Replaces mailbox copies of stored messages.
#[async_trait]
pub trait MailboxCopies: Send + Sync {
    /// Replaces the mailbox's copy of `message` by `replacement`; returns
    /// what became of it ([`MailboxCopy::Replaced`], [`MailboxCopy::Gone`]
    /// or [`MailboxCopy::Failed`]); never [`MailboxCopy::Pending`].
    async fn replace(&self, message: &StoredMessage, replacement: &[u8]) -> MailboxCopy;
}

/// For a daemon whose messages have no mailbox copy to replace (tests of
/// the store alone): every copy counts as gone.
pub struct NoMailboxCopies;

#[async_trait]
impl MailboxCopies for NoMailboxCopies {
    async fn replace(&self, _message: &StoredMessage, _replacement: &[u8]) -> MailboxCopy {
        MailboxCopy::Gone
    }
}
