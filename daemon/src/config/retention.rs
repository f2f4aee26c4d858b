//! `[[retention]]`: deletion on a schedule. Each rule runs one plugin's
//! `purge_expired` at the times of a crontab, read in a time zone; the
//! plugin decides from its own data what is due.
//!
//! ```toml
//! [[retention]]
//! name = "cultuurdag"
//! plugin = "events"
//! schedule = "0 2 * * *"          # minute hour day month weekday
//! time_zone = "Europe/Amsterdam"  # default: organisation.time_zone
//! description = "De dag na het evenement: inschrijvingen, roosters en presentielijsten"
//! ```

use crate::retention::Schedule;

/// One checked `[[retention]]` entry.
#[derive(Debug, Clone)]
pub struct RetentionRule {
    /// Its name, unique: `dsrd retention run NAME` and the run record use it.
    pub name: String,
    /// The configured plugin whose `purge_expired` it runs.
    pub plugin: String,
    /// When it runs, in its time zone.
    pub schedule: Schedule,
    /// The crontab as written, for listings.
    pub cron: String,
    /// The zone the crontab is read in.
    pub time_zone: chrono_tz::Tz,
    /// What it removes, in words, for `dsrd retention list`.
    pub description: String,
}
