//! Outgoing mail. Letters are rendered into complete messages and put in the
//! store's outbox in the same transaction as the case change that caused them
//! (a transactional outbox); a worker then delivers them — as `.eml` files in
//! the embedded default, over SMTP in production — and records each delivery.

mod case_mail;
mod files;
mod mail;
mod message;
mod sent;
mod smtp;
mod transport;
mod worker;

pub use case_mail::{case_mail, Addressee};
pub use mail::{MailKind, OutgoingMail, UnknownMailKind};
pub use message::{compose, Envelope, MailError};
pub use sent::{SentCopy, SentCopyError};
pub use transport::{Delivery, DeliveryError, Transport};
pub use worker::{backoff, OutboxWorker, Step};
