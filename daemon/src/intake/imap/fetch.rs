//! Reading new messages and acknowledging them to the server, in chunks:
//! fetch, commit each case, then `\Seen` and move, then record the UID. The
//! order is what makes a crash harmless: anything not yet recorded is read
//! again and deduplicated.

use super::error::{timed, ImapError};
use super::session::Session;
use crate::intake::Intake;
use crate::store::{IntakeOutcome, MailboxState, Store};
use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use tokio::sync::Notify;

/// Messages fetched per round trip: large enough for a backlog to drain
/// quickly, small enough that a chunk's bodies fit in memory.
const CHUNK: usize = 100;

/// What one mailbox's reader needs besides the session.
pub struct Reader<'a> {
    /// The mailbox's configured name.
    pub mailbox: &'a str,
    /// Makes the cases.
    pub intake: &'a Intake,
    /// Records the progress.
    pub store: &'a dyn Store,
    /// Woken when a case (and so perhaps an acknowledgement) is committed.
    pub mail_ready: &'a Notify,
}

/// The UIDs above `after` in the selected folder, ascending.
pub async fn new_uids(session: &mut Session, after: u32) -> Result<Vec<u32>, ImapError> {
    let limit = session.config.timeout;
    // `n:*` always matches the highest UID, even below n (RFC 3501 §6.4.8).
    let query = format!("UID {}:*", after.saturating_add(1));
    let found = timed(limit, "UID SEARCH", session.inner.uid_search(query)).await?;
    let mut uids: Vec<u32> = found.into_iter().filter(|u| *u > after).collect();
    uids.sort_unstable();
    Ok(uids)
}

impl Reader<'_> {
    /// Takes the messages `uids` (ascending) into cases; returns how many
    /// new cases were made. Progress is recorded per chunk.
    pub async fn take(
        &self,
        session: &mut Session,
        uidvalidity: u32,
        uids: &[u32],
    ) -> Result<usize, ImapError> {
        let mut created = 0;
        for chunk in uids.chunks(CHUNK) {
            let set = uid_set(chunk);
            let limit = session.config.timeout;
            let fetch = async {
                let stream = session
                    .inner
                    .uid_fetch(&set, "(UID INTERNALDATE BODY.PEEK[])")
                    .await?;
                stream.try_collect::<Vec<_>>().await
            };
            let messages = timed(limit * 4, "UID FETCH", fetch).await?;
            for message in &messages {
                let (Some(uid), Some(raw)) = (message.uid, message.body()) else {
                    continue; // expunged by someone else meanwhile
                };
                let received = message
                    .internal_date()
                    .map(|d| crate::clock::truncate(d.with_timezone(&Utc)))
                    .unwrap_or_else(|| {
                        tracing::warn!(
                            mailbox = self.mailbox,
                            uid,
                            "no INTERNALDATE; using the time of reading"
                        );
                        self.intake.now()
                    });
                if self
                    .accept(raw.to_vec(), uidvalidity, uid, received)
                    .await?
                {
                    created += 1;
                }
            }
            self.acknowledge(session, &set).await?;
            let last_uid = *chunk.last().expect("chunks are never empty");
            let state = MailboxState {
                uidvalidity,
                last_uid,
            };
            self.store
                .save_mailbox_state(self.mailbox, state, self.intake.now())
                .await?;
        }
        Ok(created)
    }

    async fn accept(
        &self,
        raw: Vec<u8>,
        uidvalidity: u32,
        uid: u32,
        received: DateTime<Utc>,
    ) -> Result<bool, ImapError> {
        let arrival = crate::intake::Arrival {
            mailbox: self.mailbox.to_owned(),
            delivery: format!("imap:{}:{uidvalidity}:{uid}", self.mailbox),
            source: format!(
                "imap:{}/;UIDVALIDITY={uidvalidity}/;UID={uid}",
                self.mailbox
            ),
            received_at: received,
        };
        let outcome = self.intake.accept(raw, &arrival).await?;
        let created = matches!(
            outcome,
            IntakeOutcome::Created(_) | IntakeOutcome::BreachOpened(_)
        );
        if created {
            self.mail_ready.notify_one();
        }
        Ok(created)
    }

    /// `\Seen`, then into the done folder. Without MOVE: COPY, `\Deleted`
    /// and UID EXPUNGE of exactly these UIDs; without UIDPLUS the original
    /// stays (a plain EXPUNGE could remove mail someone else marked).
    async fn acknowledge(&self, session: &mut Session, set: &str) -> Result<(), ImapError> {
        let limit = session.config.timeout;
        store_flag(session, set, "+FLAGS.SILENT (\\Seen)").await?;
        let Some(done) = session.config.done_folder.clone() else {
            return Ok(());
        };
        if session.r#move {
            return timed(limit, "UID MOVE", session.inner.uid_mv(set, &done)).await;
        }
        timed(limit, "UID COPY", session.inner.uid_copy(set, &done)).await?;
        if !session.uidplus {
            tracing::warn!(mailbox = self.mailbox, "server has neither MOVE nor UIDPLUS; copied to the done folder, original left in place");
            return Ok(());
        }
        store_flag(session, set, "+FLAGS.SILENT (\\Deleted)").await?;
        let expunge = async {
            let stream = session.inner.uid_expunge(set).await?;
            stream.try_collect::<Vec<_>>().await
        };
        timed(limit, "UID EXPUNGE", expunge).await.map(|_| ())
    }
}

/// `UID STORE` of `change` on `set`, the untagged answers drained.
pub(super) async fn store_flag(
    session: &mut Session,
    set: &str,
    change: &str,
) -> Result<(), ImapError> {
    let limit = session.config.timeout;
    let store = async {
        let stream = session.inner.uid_store(set, change).await?;
        stream.try_collect::<Vec<_>>().await
    };
    timed(limit, "UID STORE", store).await.map(|_| ())
}

/// A UID set in IMAP syntax, ranges joined: `[1,2,3,7]` → `1:3,7`.
pub fn uid_set(uids: &[u32]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < uids.len() {
        let start = uids[i];
        while i + 1 < uids.len() && uids[i + 1] == uids[i] + 1 {
            i += 1;
        }
        if !out.is_empty() {
            out.push(',');
        }
        if uids[i] == start {
            out.push_str(&start.to_string());
        } else {
            out.push_str(&format!("{start}:{}", uids[i]));
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::uid_set;

    #[test]
    fn imap_uid_sets_join_runs_into_ranges() {
        assert_eq!(uid_set(&[1, 2, 3, 7, 9, 10]), "1:3,7,9:10");
        assert_eq!(uid_set(&[5]), "5");
        assert_eq!(uid_set(&[]), "");
    }
}
