//! What the store takes and gives for the breach register (reglement 6.4):
//! the records themselves are the library's (`crate::breach`); these are
//! the store's inputs and outcomes around them.

use crate::breach::{Breach, BreachRef, BreachRefusal, NewBreach, ReportedMail};
use crate::outbox::OutgoingMail;
use chrono::{DateTime, Utc};

/// Builds the mails of a draft opened from a mail (the officer's notice,
/// the receipt to the reporter) once the entry has its reference, which the
/// store allocates inside the transaction.
pub type BreachMails = Box<dyn FnOnce(&BreachRef) -> Vec<OutgoingMail> + Send + Sync>;

/// A received mail that may report a breach, to be made a draft entry.
pub struct BreachReport {
    /// The entry (state `Draft`, discovered when the mail arrived).
    pub breach: NewBreach,
    /// The message's deduplication key, as intake computes it for cases.
    pub dedupe_key: String,
    /// The whole message, kept with the entry.
    pub raw: Vec<u8>,
    /// What the officer sees of the mail.
    pub mail: ReportedMail,
    /// The mails queued in the same transaction.
    pub mails: BreachMails,
    /// When this is recorded.
    pub now: DateTime<Utc>,
}

/// What recording a breach report did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BreachIntake {
    /// A new draft.
    Opened(BreachRef),
    /// The message was already recorded, as this entry.
    Duplicate(BreachRef),
}

/// What a change to a breach did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BreachChanged {
    /// Written; the entry as it is now.
    Changed(Box<Breach>),
    /// Refused by the rules; nothing written.
    Refused(BreachRefusal),
    /// No breach has that reference.
    NotFound,
}
