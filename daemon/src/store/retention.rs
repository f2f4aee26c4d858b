//! The record of retention runs (issue 16, point 1), as the store keeps it:
//! per rule the tick it last ran for and the lease of the daemon running
//! it, and one entry per run with what the plugin removed and kept. Table
//! names and counts only: record keys and personal data never reach it.

use crate::case::Actor;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One table of a run: what went and what stayed, as the plugin reported.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionTableCounts {
    /// The plugin's table name.
    pub table: String,
    /// Records removed (or, in a dry run, that would be).
    pub removed: u64,
    /// Records kept because they are not due yet.
    pub retained: u64,
    /// Why they are kept, in the plugin's words; empty when none are.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// A run to record.
#[derive(Debug, Clone)]
pub struct NewRetentionRun<'a> {
    /// The rule's name.
    pub rule: &'a str,
    /// The plugin it ran.
    pub plugin: &'a str,
    /// When it ran.
    pub at: DateTime<Utc>,
    /// The scheduled tick it ran for; `None` for a run by hand, which
    /// leaves the schedule's bookkeeping alone.
    pub tick: Option<DateTime<Utc>>,
    /// A dry run: nothing was removed.
    pub dry_run: bool,
    /// Who ran it: the daemon, or an officer by hand.
    pub by: &'a Actor,
    /// Per table, the counts (empty when the run failed).
    pub tables: Vec<RetentionTableCounts>,
    /// Why it failed, if it did; a failed scheduled run is retried at the
    /// next tick.
    pub error: Option<String>,
}

/// A recorded run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RetentionRun {
    /// Its row id, in the order runs were recorded.
    pub id: i64,
    /// The rule's name.
    pub rule: String,
    /// The plugin it ran.
    pub plugin: String,
    /// When it ran.
    pub at: DateTime<Utc>,
    /// The tick it ran for, for a scheduled run.
    pub tick: Option<DateTime<Utc>>,
    /// Whether it was a dry run.
    pub dry_run: bool,
    /// Who ran it (`system`, `officer:NAME`).
    pub actor: String,
    /// Per table, the counts.
    pub tables: Vec<RetentionTableCounts>,
    /// The error, for a failed run.
    pub error: Option<String>,
}

impl RetentionRun {
    /// Records removed, over all tables.
    pub fn removed(&self) -> u64 {
        self.tables.iter().map(|t| t.removed).sum()
    }
}

/// Where a rule's schedule stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionRuleState {
    /// When the scheduler first saw the rule: a new rule waits for its
    /// first tick after that.
    pub first_seen_at: DateTime<Utc>,
    /// The tick of the last scheduled run, successful or not.
    pub last_run_at: Option<DateTime<Utc>>,
    /// Until when a daemon holds the lease to run it.
    pub lease_until: Option<DateTime<Utc>>,
}

impl RetentionRuleState {
    /// The moment after which a tick is due: the last run's tick, or when
    /// the rule was first seen.
    pub fn since(&self) -> DateTime<Utc> {
        self.last_run_at.unwrap_or(self.first_seen_at)
    }
}
