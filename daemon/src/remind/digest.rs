//! The daily digest as a step of the reminder loop: at each look, if the
//! day's time has come and no digest of today is recorded, make it and
//! record it with its mails (none when nothing needs attention). The
//! store's row per day keeps it to once a day across restarts and daemons.

use crate::clock::Clock;
use crate::config::Config;
use crate::digest::{due_day, make, record, DigestError};
use crate::store::Store;
use std::sync::Arc;

/// What one step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestStep {
    /// Not due now (off, before its time, or today's is recorded).
    NotDue,
    /// Today's digest was recorded with this many mails (0: nothing
    /// needed attention).
    Recorded {
        /// Mails queued.
        mails: usize,
    },
    /// Another daemon recorded today's first.
    Taken,
}

/// Sends the officers' daily digest.
pub struct DigestWorker {
    config: Arc<Config>,
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
}

impl DigestWorker {
    /// A worker for the configured digest.
    pub fn new(config: Arc<Config>, store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        DigestWorker {
            config,
            store,
            clock,
        }
    }

    /// Makes and records today's digest if it is due now.
    pub async fn step(&self) -> Result<DigestStep, DigestError> {
        let step = self.look().await;
        tracing::debug!(?step, "digest pass");
        step
    }

    async fn look(&self) -> Result<DigestStep, DigestError> {
        let digest = &self.config.digest;
        if !digest.daily() {
            return Ok(DigestStep::NotDue);
        }
        let now = self.clock.now();
        let last = self.store.last_digest().await?.map(|d| d.day);
        let zone = self.config.organisation.time_zone;
        let Some(day) = due_day(now, zone, digest.time, last) else {
            return Ok(DigestStep::NotDue);
        };
        let made = make(&self.config, self.store.as_ref(), day, now).await?;
        if !record(&self.config, self.store.as_ref(), &made, now).await? {
            return Ok(DigestStep::Taken);
        }
        let mails = if made.letter.is_some() {
            made.recipients.len()
        } else {
            0
        };
        let counts = made.digest.counts();
        tracing::info!(
            %day,
            mails,
            due_soon = counts.due_soon,
            overdue = counts.overdue,
            breaches = counts.breaches,
            failed_runs = counts.failed_runs,
            tasks = counts.tasks,
            "daily digest recorded"
        );
        Ok(DigestStep::Recorded { mails })
    }
}
