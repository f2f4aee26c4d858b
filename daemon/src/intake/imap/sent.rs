//! Copies of outgoing mail in the mailbox's Sent folder (APPEND, RFC 3501
//! §6.3.11), so the officer sees the whole conversation in the mail client;
//! and the look-up by Message-ID with which the outbox decides whether an
//! interrupted delivery already went out.

use super::error::{timed, ImapError};
use super::session::{open_session, Session};
use crate::config::ImapConfig;
use crate::outbox::{SentCopy, SentCopyError};
use crate::store::OutboxItem;
use tokio::sync::Mutex;

/// The Sent folder of one IMAP mailbox, on a connection of its own that is
/// opened on first use and again after any failure.
pub struct ImapSentFolder {
    config: ImapConfig,
    folder: String,
    session: Mutex<Option<Session>>,
}

impl ImapSentFolder {
    /// The folder `folder` of the mailbox `config`.
    pub fn new(config: ImapConfig, folder: String) -> Self {
        ImapSentFolder {
            config,
            folder,
            session: Mutex::new(None),
        }
    }

    async fn with_session<T>(
        &self,
        work: impl AsyncFnOnce(&mut Session, &str) -> Result<T, ImapError>,
    ) -> Result<T, SentCopyError> {
        let mut slot = self.session.lock().await;
        if slot.is_none() {
            let session = open_session(&self.config).await.map_err(unavailable)?;
            *slot = Some(session);
        }
        let session = slot.as_mut().expect("opened above");
        match work(session, &self.folder).await {
            Ok(v) => Ok(v),
            Err(e) => {
                *slot = None; // open a fresh connection next time
                Err(unavailable(e))
            }
        }
    }
}

fn unavailable(e: ImapError) -> SentCopyError {
    SentCopyError(e.to_string())
}

#[async_trait::async_trait]
impl SentCopy for ImapSentFolder {
    async fn append(&self, item: &OutboxItem) -> Result<(), SentCopyError> {
        self.with_session(async |s: &mut Session, folder: &str| {
            let limit = s.config.timeout;
            let append = s.inner.append(folder, Some("(\\Seen)"), None, &item.raw);
            timed(limit, "APPEND", append).await
        })
        .await
    }

    async fn contains(&self, message_id: &str) -> Result<bool, SentCopyError> {
        self.with_session(async |s: &mut Session, folder: &str| {
            let limit = s.config.timeout;
            timed(limit, "EXAMINE", s.inner.examine(folder)).await?;
            // Message-IDs the outbox makes hold no quotes or backslashes.
            let query = format!("HEADER Message-ID \"<{message_id}>\"");
            let found = timed(limit, "UID SEARCH", s.inner.uid_search(query)).await?;
            Ok(!found.is_empty())
        })
        .await
    }
}
