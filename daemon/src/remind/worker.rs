//! The reminder worker: one step looks at the open cases near their deadline
//! and records (and mails) the reminders due today.

use super::due_reminders;
use crate::answer::ReminderKind;
use crate::clock::Clock;
use crate::config::Config;
use crate::outbox::{case_mail, Addressee, MailKind};
use crate::store::{Store, StoreError};
use std::sync::Arc;

/// Sends deadline reminders to the officer.
pub struct ReminderWorker {
    config: Arc<Config>,
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
}

impl ReminderWorker {
    /// A worker for the configured officer.
    pub fn new(config: Arc<Config>, store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        ReminderWorker {
            config,
            store,
            clock,
        }
    }

    /// Records the reminders due now; returns how many were mailed. Without
    /// `reminders.officer_address` nothing is sent.
    pub async fn step(&self) -> Result<usize, StoreError> {
        let Some(officer) = &self.config.reminders.officer_address else {
            return Ok(0);
        };
        let org = &self.config.organisation;
        let now = self.clock.now();
        let today = now.with_timezone(&org.time_zone).date_naive();
        let thresholds = &self.config.reminders.working_days_before;
        // Working days are at most calendar days; holidays and weekends make
        // the window longer, so look three weeks further than the threshold.
        let horizon = today
            + chrono::Days::new(u64::from(thresholds.iter().max().copied().unwrap_or(0)) + 21);
        let mut mailed = 0;
        for case in self.store.due_cases(horizon).await? {
            let kinds = due_reminders(today, case.due_date, &case.deadline.calendar, thresholds);
            let Some(first) = kinds.first() else { continue };
            if case.reminded.contains(first) {
                continue;
            }
            let letter = match self.config.letters.reminder(
                case.reference.as_str(),
                *first,
                case.due_date,
                org.default_language,
            ) {
                Ok(letter) => letter,
                Err(e) => {
                    tracing::error!(case = %case.reference, "reminder not rendered: {e}");
                    continue;
                }
            };
            let to = Addressee::officer(officer);
            let mail = match case_mail(org, &case.reference, &to, MailKind::Reminder, &letter, now)
            {
                Ok(mail) => Some(mail),
                Err(e) => {
                    tracing::error!(case = %case.reference, "reminder not composed: {e}");
                    continue;
                }
            };
            let fresh: Vec<ReminderKind> = kinds
                .iter()
                .copied()
                .filter(|k| !case.reminded.contains(k))
                .collect();
            if self
                .store
                .record_reminder(&case.reference, &fresh, mail, now)
                .await?
            {
                tracing::info!(case = %case.reference, reminder = %first.key(), "reminder queued");
                mailed += 1;
            }
        }
        tracing::debug!(mailed, %today, "reminder pass");
        Ok(mailed)
    }
}
