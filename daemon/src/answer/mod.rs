//! The letters dsrd writes to requesters, as plain text in Dutch or English.
//! Rendering is pure; the outbox turns a [`Letter`] into mail.

mod ack;
mod dates;

pub use ack::{acknowledgement, AckFacts};
pub use dates::long_date;

/// A rendered letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}
