//! The copy of a request the mailbox keeps: once dsrd removed an identity
//! document copy from its store, the message in the mailbox is replaced by
//! the same message without it (Maildir: the file, under the same name;
//! IMAP: the message in the done folder, found by Message-ID, appended anew
//! and the original expunged by UID).

use crate::config::{Config, MailboxConfig, MailboxSource};
use crate::identity::MailboxCopy;
use crate::intake::imap::{replace_message, ImapError, Replacement};
use crate::intake::MaildirSource;
use crate::store::StoredMessage;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// Replaces mailbox copies of stored messages.
#[async_trait]
pub trait MailboxCopies: Send + Sync {
    /// Replaces the mailbox's copy of `message` by `replacement` at `now`:
    /// [`MailboxCopy::Replaced`], [`MailboxCopy::Gone`] when the mailbox no
    /// longer holds it, [`MailboxCopy::Failed`] when an officer must step
    /// in, or [`MailboxCopy::Pending`] to try again later (the server
    /// could not be reached).
    async fn replace(
        &self,
        message: &StoredMessage,
        replacement: &[u8],
        now: DateTime<Utc>,
    ) -> MailboxCopy;
}

/// For messages that have no mailbox copy (tests of the store alone):
/// every copy counts as gone.
pub struct NoMailboxCopies;

#[async_trait]
impl MailboxCopies for NoMailboxCopies {
    async fn replace(&self, _: &StoredMessage, _: &[u8], _: DateTime<Utc>) -> MailboxCopy {
        MailboxCopy::Gone
    }
}

/// The configured mailboxes, each replaced the way its kind needs.
pub struct ConfiguredMailboxes {
    mailboxes: Vec<MailboxConfig>,
}

impl ConfiguredMailboxes {
    /// The mailboxes of `config`.
    pub fn new(config: &Config) -> Self {
        ConfiguredMailboxes {
            mailboxes: config.mailboxes.clone(),
        }
    }
}

#[async_trait]
impl MailboxCopies for ConfiguredMailboxes {
    async fn replace(
        &self,
        message: &StoredMessage,
        replacement: &[u8],
        now: DateTime<Utc>,
    ) -> MailboxCopy {
        // A message stored before dsrd recorded its mailbox came through
        // the only one there was.
        let mailbox = match &message.mailbox {
            Some(name) => self.mailboxes.iter().find(|m| &m.name == name),
            None if self.mailboxes.len() == 1 => self.mailboxes.first(),
            None => None,
        };
        let Some(mailbox) = mailbox else {
            return MailboxCopy::Failed {
                why: "the mailbox it came through is no longer configured".into(),
            };
        };
        match &mailbox.source {
            MailboxSource::Maildir { path, .. } => {
                let Some(name) = MaildirSource::source_name(&message.source).map(str::to_owned)
                else {
                    return MailboxCopy::Failed {
                        why: "the message did not come from this Maildir".into(),
                    };
                };
                let (path, bytes) = (path.clone(), replacement.to_vec());
                let done = tokio::task::spawn_blocking(move || {
                    MaildirSource::open(&path)?.replace(&name, &bytes)
                })
                .await;
                match done {
                    Ok(Ok(true)) => MailboxCopy::Replaced { at: now },
                    Ok(Ok(false)) => MailboxCopy::Gone,
                    Ok(Err(e)) => MailboxCopy::Failed {
                        why: format!("the Maildir file could not be replaced: {e}"),
                    },
                    Err(e) => MailboxCopy::Failed {
                        why: format!("the Maildir replacement stopped: {e}"),
                    },
                }
            }
            MailboxSource::Imap(imap) => {
                let Some(id) = &message.message_id else {
                    return MailboxCopy::Failed {
                        why: "the message has no Message-ID to find it by; remove the attachment in the mailbox by hand".into(),
                    };
                };
                match replace_message(imap, id, replacement).await {
                    Ok(Replacement::Replaced { .. }) => MailboxCopy::Replaced { at: now },
                    Ok(Replacement::NotFound) => MailboxCopy::Gone,
                    Err(e @ (ImapError::OriginalNotRemoved { .. } | ImapError::BadMessageId)) => {
                        MailboxCopy::Failed { why: e.to_string() }
                    }
                    Err(e) => {
                        tracing::warn!(
                            kind = e.kind(),
                            "the IMAP copy could not be replaced now; trying again later"
                        );
                        MailboxCopy::Pending
                    }
                }
            }
        }
    }
}
