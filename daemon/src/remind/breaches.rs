//! The breach reminder: once, when 24 of the AP's 72 hours are left (or
//! later, for a breach entered late) and neither a report nor a reason for
//! not reporting is recorded, the officer gets a mail. Recorded in the
//! store with the mail, so a restart never sends it twice.

use crate::breach::{breach_mail, reminder_letter};
use crate::clock::Clock;
use crate::config::Config;
use crate::outbox::{Addressee, MailKind};
use crate::store::{Store, StoreError};
use std::sync::Arc;

/// Reminds the officer of the AP's due time of breaches.
pub struct BreachReminderWorker {
    config: Arc<Config>,
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
}

impl BreachReminderWorker {
    /// A worker for the configured officer.
    pub fn new(config: Arc<Config>, store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        BreachReminderWorker {
            config,
            store,
            clock,
        }
    }

    /// Records (and mails) the reminders due now; returns how many were
    /// mailed. Without `reminders.officer_address` nothing is sent or
    /// recorded, so one is sent once an address is configured.
    pub async fn step(&self) -> Result<usize, StoreError> {
        let Some(officer) = &self.config.reminders.officer_address else {
            return Ok(0);
        };
        let org = &self.config.organisation;
        let now = self.clock.now();
        let mut mailed = 0;
        for breach in self.store.unreported_breaches().await? {
            if !breach.due_for_reminder(now) {
                continue;
            }
            let letter = reminder_letter(org, &breach.reference, breach.ap_due, now);
            let mail = match breach_mail(
                org,
                &breach.reference,
                MailKind::BreachReminder,
                &Addressee::officer(officer),
                &letter,
                now,
            ) {
                Ok(mail) => mail,
                Err(e) => {
                    tracing::error!(breach = %breach.reference, "breach reminder not composed: {e}");
                    continue;
                }
            };
            if self
                .store
                .record_breach_reminder(&breach.reference, Some(mail), now)
                .await?
            {
                tracing::info!(breach = %breach.reference, "AP due-time reminder queued");
                mailed += 1;
            }
        }
        tracing::debug!(mailed, "breach reminder pass");
        Ok(mailed)
    }
}
