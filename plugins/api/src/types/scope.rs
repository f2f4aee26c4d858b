//! The exact records an approved change may touch.

use super::ChangeReport;
use crate::PluginError;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The records, per table, that an officer approved for `rectify`,
/// `restrict` or `erase`: normally the keys of the dry run's
/// [`ChangeReport`] that was shown as the plan ([`Scope::from_report`]).
///
/// On the wire it is a map from table to keys:
/// `{"pupils":["1"],"test_results":["4","9"]}`.
///
/// # The contract
///
/// A plugin handed a scope first works out, as for a dry run, which
/// records the call would change now. Then ([`Scope::check`]):
/// - the same records as the scope: it goes ahead and changes exactly
///   those;
/// - nothing left to change: it reports nothing, as for any repeat (a run
///   that already completed, or records someone else removed meanwhile);
/// - anything else — a record not in the scope (a test result entered
///   after the plan), or a scoped record the call would no longer change —
///   is drift: it changes nothing and returns
///   [`PluginError::ScopeDrift`], so dsrd can ask for a new plan.
///
/// A dry run honours the scope in the same way (it reports the drift
/// instead of the changes), so dsrd can check a plan is still current
/// without changing anything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Scope {
    /// Table → the keys of its records, as `locate` and reports name them.
    pub tables: BTreeMap<String, BTreeSet<String>>,
}

/// On the wire a scope is its map (it is `transparent`): table → the keys
/// of its records, each key once.
#[cfg(feature = "utoipa")]
impl utoipa::PartialSchema for Scope {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        <BTreeMap<String, BTreeSet<String>> as utoipa::PartialSchema>::schema()
    }
}

#[cfg(feature = "utoipa")]
impl utoipa::ToSchema for Scope {}

impl Scope {
    /// The records a report names: the plan an officer approved.
    pub fn from_report(report: &ChangeReport) -> Self {
        let mut scope = Scope::default();
        for (table, changes) in &report.tables {
            for key in &changes.keys {
                scope.insert(table, key);
            }
        }
        scope
    }

    /// Adds the record `key` of `table`.
    pub fn insert(&mut self, table: &str, key: &str) {
        self.tables
            .entry(table.to_owned())
            .or_default()
            .insert(key.to_owned());
    }

    /// Removes the record `key` of `table`, and the table once it is empty.
    pub fn remove(&mut self, table: &str, key: &str) -> bool {
        let Some(keys) = self.tables.get_mut(table) else {
            return false;
        };
        let removed = keys.remove(key);
        if keys.is_empty() {
            self.tables.remove(table);
        }
        removed
    }

    /// Whether the record `key` of `table` is in the scope.
    pub fn contains(&self, table: &str, key: &str) -> bool {
        self.tables
            .get(table)
            .is_some_and(|keys| keys.contains(key))
    }

    /// Number of records in the scope.
    pub fn len(&self) -> usize {
        self.tables.values().map(BTreeSet::len).sum()
    }

    /// Whether the scope names no record.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The records of `self` that `other` lacks.
    pub fn minus(&self, other: &Scope) -> Scope {
        let mut rest = Scope::default();
        for (table, keys) in &self.tables {
            for key in keys.iter().filter(|key| !other.contains(table, key)) {
                rest.insert(table, key);
            }
        }
        rest
    }

    /// Compares what a call would change now (`planned`, computed as for a
    /// dry run) with the scope, following the contract above: `Ok` to go
    /// ahead (the same records, or nothing left to do), otherwise
    /// [`PluginError::ScopeDrift`] naming the records added and missing.
    pub fn check(&self, planned: &ChangeReport) -> Result<(), PluginError> {
        let now = Scope::from_report(planned);
        if now.is_empty() {
            return Ok(());
        }
        let added = now.minus(self);
        let missing = self.minus(&now);
        if added.is_empty() && missing.is_empty() {
            Ok(())
        } else {
            Err(PluginError::ScopeDrift { added, missing })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(records: &[(&str, &str)]) -> ChangeReport {
        let mut report = ChangeReport::new(true);
        for (table, key) in records {
            report.record(table, key, &[]);
        }
        report
    }

    #[test]
    fn a_scope_is_a_map_of_tables_to_keys_on_the_wire() {
        let scope = Scope::from_report(&report(&[("pupils", "1"), ("notes", "9"), ("notes", "4")]));
        let json = serde_json::to_string(&scope).unwrap();
        assert_eq!(json, r#"{"notes":["4","9"],"pupils":["1"]}"#);
        assert_eq!(serde_json::from_str::<Scope>(&json).unwrap(), scope);
    }

    #[test]
    fn the_same_records_or_nothing_left_pass_the_check() {
        let scope = Scope::from_report(&report(&[("pupils", "1"), ("notes", "4")]));
        assert_eq!(
            scope.check(&report(&[("notes", "4"), ("pupils", "1")])),
            Ok(())
        );
        assert_eq!(scope.check(&ChangeReport::new(false)), Ok(()));
    }

    #[test]
    fn a_new_record_or_a_vanished_one_is_drift_naming_both() {
        let scope = Scope::from_report(&report(&[("pupils", "1"), ("notes", "4")]));
        let error = scope
            .check(&report(&[("pupils", "1"), ("notes", "5")]))
            .unwrap_err();
        let PluginError::ScopeDrift { added, missing } = &error else {
            panic!("{error:?}");
        };
        assert!(
            added.contains("notes", "5") && added.len() == 1,
            "{added:?}"
        );
        assert!(
            missing.contains("notes", "4") && missing.len() == 1,
            "{missing:?}"
        );
        assert_eq!(
            error.to_string(),
            "the records changed since the plan was approved (1 new, 1 gone); \
             nothing was changed: make and approve a new plan"
        );
    }
}
