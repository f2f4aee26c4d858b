//! Intake: messages from the mailbox (a Maildir, or IMAP folders in
//! [`imap`]) become cases. A message is acknowledged to its source (moved out
//! of Maildir `new/`, flagged and moved on the IMAP server) only after its case, audit
//! entry and acknowledgement are committed, so a crash at any point loses
//! nothing and, thanks to deduplication, doubles nothing.

mod authenticated;
mod breach;
pub mod imap;
mod maildir;
mod parse;
mod pipeline;
mod strip;

pub use authenticated::{sender_auth, SenderAuth};
pub use breach::{breach_report, REPORTED_BY_MAIL};
pub use maildir::{MaildirSource, PendingMessage};
pub use parse::{parse, Parsed};
pub use pipeline::{prepare, Arrival, Intake};
pub use strip::{
    identity_document_candidates, strip_attachments, survey_attachments, AttachmentFinding,
    AttachmentSurvey, BadPartId, PartId, StripError,
};
