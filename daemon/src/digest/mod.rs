//! The officers' daily digest (issue 16, point 6): once a day, at a time
//! of day in the organisation's zone, a mail listing what needs attention —
//! cases due within 7 days, overdue cases, breaches whose AP question is
//! open, retention runs that failed since the previous digest, and tasks
//! waiting for someone — and no mail on a day with none of these.
//!
//! The mail goes by e-mail, so it lists references, dates, hours, rule
//! names and task handles only, never a name, an address or a message. A
//! row per day in the store, written in the transaction that queues the
//! mails, makes it go once a day however often the daemon restarts and
//! however many daemons share a PostgreSQL store.
//!
//! # Layout
//! - `facts`: [`Digest`], what a day's digest lists (pure).
//! - `schedule`: [`due_day`], whether a day's digest is due now (pure).
//! - `make`: reading the store into a digest, rendering it, and recording
//!   it with its mails: what `dsrd digest` and the daemon's step share.
//! - `mail`: the digest as outgoing mail.

mod facts;
mod mail;
mod make;
mod schedule;

pub use facts::{BreachDue, CaseDue, Digest, FailedRun, Found, WaitingTask, DUE_WITHIN_DAYS};
pub use mail::digest_mail;
pub use make::{make, record, DigestError, Made};
pub use schedule::due_day;
