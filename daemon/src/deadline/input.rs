//! What a deadline depends on: the receipt, the policy, the calendar and the
//! events of the case, and the `today` that stands in for an answer not yet
//! received.

use super::calendar::Calendar;
use super::extension::Extension;
use super::identity::{IdentitySettings, IdentityWait};
use super::policy::Policy;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

/// Everything a deadline depends on.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadlineInput {
    /// When the request reached the mailbox (IMAP INTERNALDATE or the own
    /// MX's `Received:`), never the sender's `Date:` (EDPB §159).
    pub received: DateTime<Utc>,
    /// Zone whose calendar dates count; Europe/Amsterdam for Dutch tenants.
    pub tz: Tz,
    /// The organisation's answer period.
    pub policy: Policy,
    /// Holidays and closure days.
    pub calendar: Calendar,
    /// Extension notices sent, in any order.
    pub extensions: Vec<Extension>,
    /// The identity (or clarification) wait, if any.
    pub identity_wait: Option<IdentityWait>,
    /// Tenant settings for that wait.
    pub identity_settings: IdentitySettings,
    /// Local date that stands in for a missing identity answer, so an open
    /// wait shows the due date "if answered today". Passed in, never read
    /// from a clock here.
    pub today: NaiveDate,
}

impl DeadlineInput {
    /// Defaults of deadlines.md §6: Europe/Amsterdam, `nl-atw`, no events,
    /// and `today` set to the receipt date (set it when a wait is open).
    pub fn new(received: DateTime<Utc>, policy: Policy) -> Self {
        let tz = chrono_tz::Europe::Amsterdam;
        DeadlineInput {
            received,
            tz,
            policy,
            calendar: Calendar::default(),
            extensions: Vec::new(),
            identity_wait: None,
            identity_settings: IdentitySettings::default(),
            today: local_date(received, tz),
        }
    }
}

/// The calendar date of `instant` in `tz` (deadlines.md §2): the instant is
/// converted first, so any input offset and DST are handled by the tz rules.
pub fn local_date(instant: DateTime<Utc>, tz: Tz) -> NaiveDate {
    instant.with_timezone(&tz).date_naive()
}
