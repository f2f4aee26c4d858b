//! dsrd — a data-subject-rights daemon for Dutch school boards.
//!
//! Requests under the GDPR (AVG) arrive by e-mail; dsrd turns each into a
//! case with a statutory deadline, acknowledges it, and (in later stages)
//! plans, executes and answers it through per-system plugins.
//!
//! # Layout
//! In the order a request travels:
//! - [`intake`]: reads the mailboxes (Maildir, IMAP), parses MIME, makes cases.
//! - [`case`]: the case, its reference and its state machine.
//! - [`deadline_simple`]: the due date of a case.
//! - [`answer`]: the letters dsrd writes (acknowledgement).
//! - [`outbox`]: delivery of outgoing mail (files or SMTP), with retries.
//!
//! Beside them:
//! - [`store`]: the store trait and its SQLite and PostgreSQL implementations.
//! - [`audit`]: the hash-chained audit log.
//! - [`config`]: the configuration file.
//! - [`daemon`]: the long-running process that ties the workers together.
//! - [`clock`], [`lang`]: injected time; letter languages.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod answer;
pub mod audit;
pub mod case;
pub mod clock;
pub mod config;
pub mod daemon;
pub mod deadline_simple;
pub mod intake;
pub mod lang;
pub mod outbox;
pub mod store;
