//! The outbox worker: one step delivers what is due and records the result.
//! It holds no state of its own; after a restart the store says what is left.
//!
//! # Sent once
//! Each message is claimed (`pending` → `sending`) before the attempt and
//! recorded `sent` after it. A row still `sending` at start-up was cut off
//! between the two, and [`OutboxWorker::recover`] settles it first: when a
//! Sent folder is configured and holds a copy with the row's Message-ID
//! (the copy is appended right after the server accepted the message), it
//! is recorded as sent; otherwise it is sent again with the same
//! Message-ID, which the recipient's mail client recognises as the same
//! message. So the guarantee is at least once, and exactly once except when
//! the daemon dies in the milliseconds between the SMTP server's acceptance
//! and the Sent copy (or, without a Sent folder, before the record).

use super::transport::Delivery;
use super::SentCopy;
use crate::clock::Clock;
use crate::store::{OutboxItem, Store, StoreError};
use chrono::TimeDelta;
use rand::Rng;
use std::collections::HashMap;
use std::sync::Arc;

/// What one step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Delivered this many and failed that many.
    Worked {
        /// Delivered.
        sent: usize,
        /// Failed (will be retried).
        failed: usize,
    },
    /// Nothing was due.
    Empty,
}

/// Delivers outgoing mail.
pub struct OutboxWorker {
    store: Arc<dyn Store>,
    transport: Arc<dyn Delivery>,
    clock: Arc<dyn Clock>,
    /// Per mailbox name: where copies of the mail answering its cases go.
    sent_copies: HashMap<String, Arc<dyn SentCopy>>,
}

/// The wait before attempt `attempts + 1`: exponential from 5 s, capped at one
/// hour, with up to 20 % jitter so that many failed messages do not all retry
/// in the same second.
pub fn backoff(attempts: i64) -> TimeDelta {
    let base = 5i64.saturating_mul(1i64 << attempts.clamp(0, 10)).min(3600);
    let jitter = rand::thread_rng().gen_range(0..=base / 5);
    TimeDelta::seconds(base + jitter)
}

impl OutboxWorker {
    /// A worker over `store` delivering through `transport`.
    pub fn new(store: Arc<dyn Store>, transport: Arc<dyn Delivery>, clock: Arc<dyn Clock>) -> Self {
        OutboxWorker {
            store,
            transport,
            clock,
            sent_copies: HashMap::new(),
        }
    }

    /// The same worker, appending a copy of each message sent about a case
    /// that came in through `mailbox` to `sent`, and consulting it in
    /// [`OutboxWorker::recover`]. Mail of other mailboxes' cases is not
    /// copied there: each organisation sees its own conversation.
    pub fn with_sent_copy(mut self, mailbox: &str, sent: Arc<dyn SentCopy>) -> Self {
        self.sent_copies.insert(mailbox.to_owned(), sent);
        self
    }

    fn sent_copy(&self, item: &OutboxItem) -> Option<&Arc<dyn SentCopy>> {
        item.mailbox.as_ref().and_then(|m| self.sent_copies.get(m))
    }

    /// Settles the messages a stopped daemon left `sending` (see the module
    /// documentation), after the transport has cleared up what its cut-off
    /// deliveries left behind ([`Delivery::recover`]). Call once before the
    /// first [`OutboxWorker::step`]. Returns how many were found already sent.
    pub async fn recover(&self) -> Result<usize, StoreError> {
        match self.transport.recover().await {
            Ok(0) => {}
            Ok(removed) => tracing::info!(
                removed,
                "removed what interrupted deliveries left in the outbox"
            ),
            // Not a reason to hold back mail: a folder that cannot be
            // cleared will fail the deliveries, which are retried.
            Err(e) => tracing::warn!("cannot clear up after interrupted deliveries: {e}"),
        }
        let mut already = 0;
        for item in self.store.interrupted_outbox().await? {
            let case = item.case_ref.as_deref().unwrap_or("-");
            let found = match self.sent_copy(&item) {
                Some(sent) => match sent.contains(&item.message_id).await {
                    Ok(found) => found,
                    Err(e) => {
                        tracing::warn!(outbox_id = item.id, case, "cannot check the Sent folder ({e}); sending again with the same Message-ID");
                        false
                    }
                },
                None => false,
            };
            if found {
                self.store.mark_sent(item.id, self.clock.now()).await?;
                tracing::info!(
                    outbox_id = item.id,
                    case,
                    "interrupted delivery had gone out (copy in Sent); not sending again"
                );
                already += 1;
            } else {
                let reason = "interrupted: dsrd stopped during delivery; sending again with the same Message-ID";
                self.store
                    .mark_failed(item.id, reason, self.clock.now())
                    .await?;
                tracing::warn!(outbox_id = item.id, case, "interrupted delivery may or may not have gone out; sending again with the same Message-ID");
            }
        }
        Ok(already)
    }

    /// Delivers what is due now. A delivery is recorded only after it
    /// succeeded; a crash in between means one more delivery of the same
    /// message, with the same Message-ID (and, for files, the same file).
    pub async fn step(&self) -> Result<Step, StoreError> {
        let due = self.store.due_outbox(self.clock.now(), 50).await?;
        if due.is_empty() {
            return Ok(Step::Empty);
        }
        let (mut sent, mut failed) = (0, 0);
        for item in &due {
            if !self.store.claim_outbox(item.id, self.clock.now()).await? {
                continue;
            }
            match self.transport.deliver(item).await {
                Ok(()) => {
                    if let Some(sent) = self.sent_copy(item) {
                        if let Err(e) = sent.append(item).await {
                            tracing::warn!(
                                outbox_id = item.id,
                                "mail delivered, but no copy in the Sent folder: {e}"
                            );
                        }
                    }
                    self.store.mark_sent(item.id, self.clock.now()).await?;
                    tracing::info!(outbox_id = item.id, case = item.case_ref.as_deref().unwrap_or("-"), kind = %item.kind, "mail delivered");
                    sent += 1;
                }
                Err(e) => {
                    let next = self.clock.now() + backoff(item.attempts);
                    tracing::warn!(outbox_id = item.id, case = item.case_ref.as_deref().unwrap_or("-"), attempts = item.attempts + 1, retry_at = %next, "mail delivery failed: {e}");
                    self.store
                        .mark_failed(item.id, &e.to_string(), next)
                        .await?;
                    failed += 1;
                }
            }
        }
        Ok(Step::Worked { sent, failed })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        assert!((5..=6).contains(&backoff(0).num_seconds()));
        assert!((40..=48).contains(&backoff(3).num_seconds()));
        assert!((3600..=4320).contains(&backoff(40).num_seconds()));
    }
}
