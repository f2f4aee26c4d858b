//! The letters dsrd writes — to requesters and to the privacy officer — as
//! plain text in Dutch or English, from templates the organisation may
//! override (see [`templates`] and `letters/` in the repository).
//! Rendering is pure; the outbox turns a [`Letter`] into mail.

mod ack;
mod category;
mod digest;
mod download_code;
mod extension;
mod id_copy_removed;
mod identity_code;
mod kind;
mod not_valid;
mod recipient_notice;
mod refusal;
mod reminder;
mod reply;
mod rights;
mod task;
pub mod templates;

#[cfg(test)]
mod golden;
#[cfg(test)]
mod required;

pub use ack::AckFacts;
pub use category::category_words;
pub use download_code::DownloadCodeFacts;
pub use extension::ExtensionFacts;
pub use id_copy_removed::{IdCopyRemovedFacts, RemovedAttachment};
pub use identity_code::{CodeFacts, CodeReminderFacts};
pub use kind::LetterKind;
pub use not_valid::NotValidFacts;
pub use recipient_notice::RecipientNoticeFacts;
pub use refusal::{IdentityRefusalFacts, Remedies};
pub use reminder::ReminderKind;
pub use reply::{
    AccessFacts, AnswerFacts, AutomatedFacts, ChangeFacts, DecisionFacts, DoneFacts, DownloadFacts,
    ErasureFacts, ExemptFacts, KeptFacts, PortabilityFacts, RecipientFacts, RefusedFacts,
    RetentionFacts, SystemFacts, ToldFacts, WithheldFacts,
};
pub use task::TaskFacts;
pub use templates::{LetterError, Letters, Override};

/// A rendered letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}
