//! Changes to a subject's records and the reports about them.

use super::Retained;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One correction for `rectify` (art. 16): set `field` in `table` to
/// `value`.
///
/// Without a `key` the change applies to every record of the subject in
/// that table (the usual case: "my address is wrong"); with one it applies
/// to that record only, as listed by `locate`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
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
///
/// An erasure also says what it keeps (`retained`): the records, or the
/// parts of records, the system must keep by law, each with its ground
/// and end date. That is not a change: it is not part of a
/// [`Scope`](crate::Scope), not counted by [`total`](ChangeReport::total)
/// or [`is_empty`](ChangeReport::is_empty), and it is listed by every run
/// that finds the records, the real run and a repeat included.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChangeReport {
    /// Whether this was a dry run that changed nothing.
    pub dry_run: bool,
    /// Per table, what was (or would be) affected. Tables with no affected
    /// records may be left out.
    pub tables: BTreeMap<String, TableChanges>,
    /// `erase` only: what the erasure keeps, and why.
    ///
    /// A plugin lists here every record of the subject that survives the
    /// erasure because a legal duty (art. 17(3)(b) GDPR) or a legal claim
    /// (17(3)(e)) requires it: whole records left as they are, and
    /// anonymised records that keep some fields (name those in
    /// [`Retained::fields`]). A kept record may also be in `tables` as
    /// anonymised (with the fields overwritten), never as deleted. Every
    /// entry has a ground; the dry run and the real run list the same.
    /// Records kept for no legal reason (they identify nobody once the
    /// rest is gone) are not listed. Added after ABI version 1 shipped:
    /// left out on the wire when empty, and read as empty from an older
    /// plugin, so older peers on either side are unaffected.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub retained: Vec<Retained>,
}

impl ChangeReport {
    /// An empty report.
    pub fn new(dry_run: bool) -> Self {
        ChangeReport {
            dry_run,
            tables: BTreeMap::new(),
            retained: Vec::new(),
        }
    }

    /// Notes that the erasure keeps `retained`'s records. An entry of the
    /// same kind (table, fields, ground, end date and note) takes its keys
    /// instead of a second entry, so a plugin can add one record at a time.
    pub fn retain(&mut self, retained: Retained) {
        match self.retained.iter_mut().find(|r| r.same_kind(&retained)) {
            Some(known) => known.keys.extend(retained.keys),
            None => self.retained.push(retained),
        }
    }

    /// Whether the record `key` of `table` is listed as retained.
    pub fn is_retained(&self, table: &str, key: &str) -> bool {
        self.retained
            .iter()
            .any(|r| r.table == table && r.keys.contains(key))
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
    /// anonymised (so never empty for a record that is also
    /// [retained](ChangeReport::retained)).
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
    fn retained_records_of_one_kind_share_an_entry_and_count_as_no_change() {
        let ground = "GDPR art. 17(3)(b)";
        let until = chrono::NaiveDate::from_ymd_opt(2031, 7, 31);
        let mut report = ChangeReport::new(true);
        report.retain(Retained::new("pupils", ground).key("1").until(until));
        report.retain(Retained::new("pupils", ground).key("2").until(until));
        report.retain(Retained::new("pupils", ground).key("3"));

        assert_eq!(report.retained.len(), 2, "{:?}", report.retained);
        assert_eq!(
            report.retained[0].keys.iter().collect::<Vec<_>>(),
            ["1", "2"]
        );
        assert!(report.is_retained("pupils", "3") && !report.is_retained("pupils", "4"));
        assert!(report.is_empty(), "keeping is not a change");
    }

    #[test]
    fn a_report_without_retained_records_reads_and_writes_as_before() {
        let old = r#"{"dry_run":true,"tables":{"pupils":{"count":1,"keys":["1"],"fields":[]}}}"#;
        let report: ChangeReport = serde_json::from_str(old).unwrap();
        assert!(report.retained.is_empty());
        assert_eq!(serde_json::to_string(&report).unwrap(), old);
    }

    #[test]
    fn a_retained_entry_leaves_out_what_it_does_not_have() {
        let mut report = ChangeReport::new(false);
        report.retain(
            Retained::new("pupils", "GDPR art. 17(3)(b)")
                .key("1")
                .fields(&["id", "left_on"])
                .until(chrono::NaiveDate::from_ymd_opt(2031, 7, 31)),
        );
        report.retain(Retained::new("absences", "GDPR art. 17(3)(b)").key("9"));

        let value = serde_json::to_value(&report).unwrap();

        assert_eq!(
            value["retained"],
            serde_json::json!([
                {"table": "pupils", "keys": ["1"], "fields": ["id", "left_on"],
                 "ground": "GDPR art. 17(3)(b)", "until": "2031-07-31"},
                {"table": "absences", "keys": ["9"], "ground": "GDPR art. 17(3)(b)"}
            ])
        );
        assert_eq!(
            serde_json::from_value::<ChangeReport>(value).unwrap(),
            report
        );
    }

    #[test]
    fn an_older_dsrd_reads_a_report_with_retained_records() {
        /// `ChangeReport` as it was before `retained`.
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct Before {
            dry_run: bool,
            tables: BTreeMap<String, TableChanges>,
        }
        let mut report = ChangeReport::new(true);
        report.record("pupils", "1", &["first_name"]);
        report.retain(Retained::new("pupils", "GDPR art. 17(3)(b)").key("1"));

        let before: Before =
            serde_json::from_str(&serde_json::to_string(&report).unwrap()).unwrap();

        assert_eq!(before.tables, report.tables);
    }

    #[test]
    fn erase_modes_use_snake_case() {
        assert_eq!(
            serde_json::to_string(&EraseMode::Anonymise).unwrap(),
            "\"anonymise\""
        );
    }
}
