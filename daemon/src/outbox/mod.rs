//! Outgoing mail. Letters are rendered into complete messages and put in the
//! store's outbox in the same transaction as the case change that caused them
//! (a transactional outbox); a worker then delivers them — as `.eml` files in
//! the embedded default, over SMTP in production — and records each delivery.

mod files;
mod message;
mod sent;
mod smtp;
mod transport;
mod worker;

pub use message::{compose, Composed, MailError};
pub use sent::{SentCopy, SentCopyError};
pub use transport::{Delivery, DeliveryError, Transport};
pub use worker::{backoff, OutboxWorker, Step};
