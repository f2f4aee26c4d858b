//! What the store keeps of the officer's daily digest (issue 16, point 6):
//! one row per day, with how many of each kind it listed and how many mails
//! it queued. Counts only: the references are in the mail, not here.

use crate::outbox::OutgoingMail;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// How many of each kind a digest listed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestCounts {
    /// Open cases due within the digest's window.
    pub due_soon: u32,
    /// Open cases past their due date.
    pub overdue: u32,
    /// Breaches whose AP question is still open.
    pub breaches: u32,
    /// Retention runs that failed since the previous digest.
    pub failed_runs: u32,
    /// Tasks waiting for a person.
    pub tasks: u32,
}

impl DigestCounts {
    /// Whether nothing needs attention: then no mail is sent that day.
    pub fn is_empty(&self) -> bool {
        self.total() == 0
    }

    /// Everything listed, together.
    pub fn total(&self) -> u32 {
        self.due_soon + self.overdue + self.breaches + self.failed_runs + self.tasks
    }
}

/// A day's digest to record.
#[derive(Debug, Clone)]
pub struct NewDigest {
    /// The day (in the organisation's time zone) it is the digest of.
    pub day: NaiveDate,
    /// When it was made.
    pub at: DateTime<Utc>,
    /// What it listed.
    pub counts: DigestCounts,
    /// Its mails, one per recipient; none on a day with nothing to attend
    /// to, which is recorded all the same so the day is not looked at again.
    pub mails: Vec<OutgoingMail>,
}

/// A recorded day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DigestDay {
    /// The day.
    pub day: NaiveDate,
    /// When its digest was made.
    pub at: DateTime<Utc>,
    /// What it listed.
    pub counts: DigestCounts,
    /// How many mails it queued (0 on a quiet day).
    pub mails: u32,
}
