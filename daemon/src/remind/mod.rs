//! Reminders to the privacy officer: when a case is due within the configured
//! numbers of working days, and when it is overdue — one mail per case and
//! reminder, recorded in the store so a restart never sends it again. And
//! once per breach when 24 of the AP's 72 hours are left (`breaches`). And
//! the officers' daily digest of what needs attention (`digest`).

mod breaches;
mod digest;
mod schedule;
mod worker;

pub use breaches::BreachReminderWorker;
pub use digest::{DigestStep, DigestWorker};
pub use schedule::{due_reminders, working_days_until};
pub use worker::ReminderWorker;
