//! Changes to a subject's records and the reports about them.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One correction for `rectify` (art. 16): set `field` in `table` to
/// `value`.
///
/// Without a `key` the change applies to every record of the subject in
/// that table (the usual case: "my address is wrong"); with one it applies
/// to that record only, as listed by `locate`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The table the field lives in.
    pub table: String,
    /// The field to set.
    pub field: String,
    /// The new value; `null` clears the field.
    pub value: serde_json::Value,
    /// Restrict the change to this record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// How `erase` removes a subject's records.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EraseMode {
    /// Remove the records.
    Delete,
    /// Keep the records but replace everything that identifies the person,
    /// for systems that need the rows (statistics, financial records).
    Anonymise,
}

/// What `rectify`, `restrict` or `erase` changed, or with `dry_run` would
/// change.
///
/// A dry run and the real run that follows it must report the same set
/// (unless the data changed in between), and a repeated real run reports
/// only what is still left to do: normally nothing. dsrd shows the dry run
/// to the officer as the plan and records the real run in the case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChangeReport {
    /// Whether this was a dry run that changed nothing.
    pub dry_run: bool,
    /// Per table, what was (or would be) affected. Tables with no affected
    /// records may be left out.
    pub tables: BTreeMap<String, TableChanges>,
}

impl ChangeReport {
    /// An empty report.
    pub fn new(dry_run: bool) -> Self {
        ChangeReport {
            dry_run,
            tables: BTreeMap::new(),
        }
    }

    /// Notes that the record `key` in `table` is affected, touching
    /// `fields` (empty for the whole record). Recording a key twice merges
    /// the fields and counts the record once.
    pub fn record(&mut self, table: &str, key: &str, fields: &[&str]) {
        let changes = self.tables.entry(table.to_owned()).or_default();
        changes.add(key, fields);
    }

    /// Total number of affected records over all tables.
    pub fn total(&self) -> u64 {
        self.tables.values().map(|changes| changes.count).sum()
    }

    /// Whether nothing was (or would be) affected.
    pub fn is_empty(&self) -> bool {
        self.total() == 0
    }
}

/// What happened in one table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TableChanges {
    /// How many records were affected. Normally `keys.len()`; a system
    /// that can count but not list (a bulk statement) may report more.
    pub count: u64,
    /// The keys of the affected records, as `locate` reports them.
    pub keys: Vec<String>,
    /// The fields touched; empty when whole records were deleted or
    /// anonymised.
    pub fields: Vec<String>,
}

impl TableChanges {
    /// Adds one record, once.
    pub fn add(&mut self, key: &str, fields: &[&str]) {
        if !self.keys.iter().any(|known| known == key) {
            self.keys.push(key.to_owned());
            self.count += 1;
        }
        for field in fields {
            if !self.fields.iter().any(|known| known == field) {
                self.fields.push((*field).to_owned());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recording_a_key_twice_counts_it_once_and_merges_fields() {
        let mut report = ChangeReport::new(true);
        report.record("people", "p1", &["phone"]);
        report.record("people", "p1", &["address", "phone"]);
        report.record("notes", "n1", &[]);
        assert_eq!(report.total(), 2);
        assert_eq!(report.tables["people"].fields, ["phone", "address"]);
        assert!(report.dry_run);
    }

    #[test]
    fn a_change_without_key_omits_it_on_the_wire() {
        let change = Change {
            table: "people".into(),
            field: "phone".into(),
            value: serde_json::json!("0612345678"),
            key: None,
        };
        let json = serde_json::to_string(&change).unwrap();
        assert_eq!(
            json,
            r#"{"table":"people","field":"phone","value":"0612345678"}"#
        );
    }

    #[test]
    fn erase_modes_use_snake_case() {
        assert_eq!(
            serde_json::to_string(&EraseMode::Anonymise).unwrap(),
            "\"anonymise\""
        );
    }
}
