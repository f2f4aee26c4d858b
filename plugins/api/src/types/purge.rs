//! What retention clean-up removed.

use super::TableChanges;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The result of `purge_expired`: records removed because their retention
/// period ended, across all subjects.
///
/// Kept apart from [`ChangeReport`](crate::ChangeReport) because it is not
/// about one subject: dsrd records it against the retention rule that ran,
/// not against a case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurgeReport {
    /// Whether this was a dry run that removed nothing.
    pub dry_run: bool,
    /// Per table, the records removed (or that would be).
    pub tables: BTreeMap<String, TableChanges>,
    /// Per table with a retention rule, the records it keeps for now and
    /// why, so the run's record says what stayed as well as what went.
    pub retained: BTreeMap<String, PurgeKept>,
}

/// The records of one table a purge left in place, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurgeKept {
    /// How many records are not due yet.
    pub count: u64,
    /// Why, in words ("`held_on` of its `events` row is not before 2026-06-01").
    pub reason: String,
}

impl PurgeReport {
    /// An empty report.
    pub fn new(dry_run: bool) -> Self {
        PurgeReport {
            dry_run,
            tables: BTreeMap::new(),
            retained: BTreeMap::new(),
        }
    }

    /// Notes that the record `key` in `table` has expired.
    pub fn record(&mut self, table: &str, key: &str) {
        self.tables
            .entry(table.to_owned())
            .or_default()
            .add(key, &[]);
    }

    /// Notes that `count` records of `table` are kept, for `reason`.
    pub fn keep(&mut self, table: &str, count: u64, reason: &str) {
        let kept = self.retained.entry(table.to_owned()).or_default();
        kept.count += count;
        if kept.reason.is_empty() {
            kept.reason = reason.to_owned();
        }
    }

    /// Total number of records removed.
    pub fn total(&self) -> u64 {
        self.tables.values().map(|changes| changes.count).sum()
    }
}
