//! The letters dsrd writes — to requesters and to the privacy officer — as
//! plain text in Dutch or English.
//! Rendering is pure; the outbox turns a [`Letter`] into mail.

mod ack;
mod extension;
mod reminder;

pub use ack::{acknowledgement, acknowledgement_mail, AckFacts, AckTo};
pub use extension::{extension_notice, ExtensionFacts};
pub use reminder::{reminder, ReminderKind};

/// A rendered letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}
