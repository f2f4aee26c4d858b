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
//! - [`classify`]: what a letter asks for, in which language, about whom (pure).
//! - [`deadline`]: the statutory deadline engine (pure), with its explanation.
//! - [`identity`]: who may act for whom, and what an identity note may not
//!   hold (pure; the identity stage builds on it).
//! - [`plan`]: the plan of actions per system, its fingerprint, drift and
//!   the approval rules (pure).
//! - [`dispatch`]: the plugins, the only way into a school system.
//! - [`answer`]: the letters dsrd writes (acknowledgement, extension, reminders).
//! - [`outbox`]: delivery of outgoing mail (files or SMTP), with retries.
//! - [`remind`]: deadline reminders to the privacy officer, and the daily
//!   digest as a step of their loop.
//! - [`breach`]: the breach register (art. 33/34): the record, its rules,
//!   the AP's 72 hours, and recognising a breach report by mail (pure).
//! - [`retention`]: deletion on a schedule: `[[retention]]` rules run by the
//!   scheduler or by hand, each run recorded and audited; and the case
//!   file's own retention, which reduces a case closed longer ago than
//!   `[case_file] retention` to an anonymous record.
//! - [`digest`]: the officers' daily digest of what needs attention, by
//!   reference only, sent once a day.
//! - [`ledger`]: the erasure ledger: every erasure's records and keyed
//!   hashes of its subject's identifiers, replayed after a backup restore.
//!
//! Beside them:
//! - [`store`]: the store trait and its SQLite and PostgreSQL implementations.
//! - [`audit`]: the hash-chained audit log.
//! - [`config`]: the configuration file.
//! - [`daemon`]: the long-running process that ties the workers together.
//! - [`shutdown`]: the one signal that stops them.
//! - [`officer`]: what an officer does to a case (extend, recompute, decide
//!   on its plan, lift a restriction with notice).
//! - [`accounts`]: the officers' accounts: roles, passwords, TOTP, login
//!   sessions, lock-out and API tokens.
//! - [`address`], [`clock`], [`lang`], [`redact`], [`shred`]: checked e-mail
//!   addresses; injected time; letter languages and dates; personal data
//!   kept out of logs; removing a file of personal data.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod accounts;
pub mod address;
pub mod answer;
pub mod audit;
pub mod breach;
pub mod case;
pub mod classify;
pub mod clock;
pub mod config;
pub mod daemon;
pub mod deadline;
pub mod digest;
pub mod dispatch;
pub mod execute;
pub mod http;
pub mod identity;
pub mod intake;
pub mod lang;
pub mod ledger;
pub mod officer;
pub mod outbox;
pub mod package;
pub mod plan;
pub mod planner;
pub mod redact;
pub mod remind;
pub mod reply;
pub mod retention;
#[cfg(test)]
mod schema_check;
pub mod shred;
pub mod shutdown;
pub mod store;
pub mod verify;
