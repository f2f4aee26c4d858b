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
}

impl PurgeReport {
    /// An empty report.
    pub fn new(dry_run: bool) -> Self {
        PurgeReport {
            dry_run,
            tables: BTreeMap::new(),
        }
    }

    /// Notes that the record `key` in `table` has expired.
    pub fn record(&mut self, table: &str, key: &str) {
        self.tables
            .entry(table.to_owned())
            .or_default()
            .add(key, &[]);
    }

    /// Total number of records removed.
    pub fn total(&self) -> u64 {
        self.tables.values().map(|changes| changes.count).sum()
    }
}
