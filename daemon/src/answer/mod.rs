//! The letters dsrd writes — to requesters and to the privacy officer — as
//! plain text in Dutch or English, from templates the organisation may
//! override (see [`templates`] and `letters/` in the repository).
//! Rendering is pure; the outbox turns a [`Letter`] into mail.

mod ack;
mod extension;
mod reminder;
pub mod templates;

#[cfg(test)]
mod golden;

pub use ack::AckFacts;
pub use extension::ExtensionFacts;
pub use reminder::ReminderKind;
pub use templates::{LetterError, LetterKind, Letters, Override};

/// A rendered letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}
