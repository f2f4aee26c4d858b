//! Deletion on a schedule: retention rules that run a plugin's
//! `purge_expired` at set times ("every day at 02:00, the events that ended
//! before today"). So far the schedule itself (pure); the rules, their runs
//! and their record come with the retention stage.
//!
//! # Layout
//! - `schedule`: [`Schedule`], a five-field crontab in a time zone, and
//!   which run is due after a stop.

mod schedule;

pub use schedule::{Schedule, ScheduleError};
