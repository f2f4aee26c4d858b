//! A copy of each sent message in the mailbox's Sent folder, and the check
//! against it that keeps an interrupted delivery from going out twice.

use crate::store::OutboxItem;

/// The Sent folder could not be used; delivery itself is not affected.
#[derive(Debug, thiserror::Error)]
#[error("Sent folder unavailable: {0}")]
pub struct SentCopyError(pub String);

/// Where copies of sent mail are kept.
#[async_trait::async_trait]
pub trait SentCopy: Send + Sync {
    /// Appends a copy of `item`, marked as read.
    async fn append(&self, item: &OutboxItem) -> Result<(), SentCopyError>;

    /// Whether a copy with this Message-ID (without angle brackets) is there.
    async fn contains(&self, message_id: &str) -> Result<bool, SentCopyError>;
}
