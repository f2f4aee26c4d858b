//! The production mailbox: a folder on an IMAP server (RFC 3501).
//!
//! One [`ImapSource`] per configured mailbox keeps a connection open, waits
//! for new mail with IDLE (RFC 2177) or polls where IDLE is not offered, and
//! turns every message above the last recorded UID into a case. Only after
//! the case is committed is the message flagged `\Seen` and moved to the
//! done folder (RFC 6851 MOVE, or COPY + `\Deleted` + UID EXPUNGE of RFC
//! 4315 where MOVE is missing); then the UID is recorded. A crash anywhere in
//! between means the message is read again, and deduplication makes that a
//! no-op. Mail is never deleted otherwise, except the original of a message
//! replaced by its copy without an identity-document scan (`replace`), and
//! the messages of a case the case file's retention reduced.
//!
//! # Files
//! - `connect`: TCP, implicit TLS or STARTTLS with rustls.
//! - `auth`: LOGIN with a password, or SASL XOAUTH2 with a token command.
//! - `session`: a logged-in session on the watched folder.
//! - `fetch`: reading new messages and acknowledging them to the server.
//! - `idle`: waiting for new mail.
//! - `source`: the reconnecting loop of one mailbox.
//! - `sent`: appending copies of outgoing mail to the Sent folder.
//! - `replace`: putting a message's copy without an identity-document scan
//!   in the place of the original; and removing a reduced case's messages
//!   and the Sent copies of its mail (`replace/remove`).

mod auth;
mod connect;
mod error;
mod fetch;
mod idle;
mod replace;
mod sent;
mod session;
mod source;

pub use error::ImapError;
pub use fetch::uid_set;
pub use replace::{remove_messages, replace_message, Replacement};
pub use sent::ImapSentFolder;
pub use session::{open_session, Session};
pub use source::{reconnect_backoff, ImapSource};
