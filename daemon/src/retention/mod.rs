//! Deletion on a schedule: retention rules that run a plugin's
//! `purge_expired` at set times ("every day at 02:00, the events that ended
//! before today"). The rules are `[[retention]]` in the configuration; the
//! plugin decides what is due by its own data, dsrd runs it and records
//! each run (`store::RetentionStore`) with one audit entry.
//!
//! # Layout
//! - `schedule`: [`Schedule`], a five-field crontab in a time zone, and
//!   which run is due after a stop.
//! - `run`: [`RetentionRunner`], the scheduler's step (lease, run, record)
//!   and a run by hand.
//! - `case_file`: [`CaseFileRetention`], the case file's own retention:
//!   cases closed longer ago than `[case_file] retention` reduced to an
//!   anonymous record, with their files.

mod case_file;
mod run;
mod schedule;

pub use case_file::{
    CaseFileError, CaseFilePurge, CaseFileRetention, PurgeOutcome, PurgedCase, PASS_EVERY,
};
pub use run::{RetentionError, RetentionRunner, LEASE};
pub use schedule::{Schedule, ScheduleError};
