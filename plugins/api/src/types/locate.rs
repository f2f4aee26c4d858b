//! What `locate` finds.

use super::IdentifierKind;
use serde::{Deserialize, Serialize};

/// The records a plugin found for a subject.
///
/// dsrd shows these to the officer before anything is changed. When
/// `ambiguous` is set, the officer decides which records are the subject's;
/// dsrd never acts on an ambiguous match by itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LocateResult {
    /// Every record that matched, strongest first.
    pub records: Vec<LocatedRecord>,
    /// True when the matches may be about more than one person, or only a
    /// weak identifier matched. A plugin that cannot tell sets it.
    pub ambiguous: bool,
}

impl LocateResult {
    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The strongest match among the records, if any.
    pub fn best_strength(&self) -> Option<MatchStrength> {
        self.records.iter().map(|record| record.strength).max()
    }
}

/// One record that matched, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocatedRecord {
    /// Table (or collection, or object type) the record lives in.
    pub table: String,
    /// The record's key in that table, as text; the same key appears in
    /// [`ChangeReport`](crate::ChangeReport)s and may be named in a
    /// [`Change`](crate::Change).
    pub key: String,
    /// A short description for the officer, e.g. `pupil, group 5B`. It may
    /// hold personal data, so dsrd shows it but never logs it.
    #[serde(default)]
    pub label: String,
    /// The identifiers that matched. A record reached through another one
    /// (a child row through its pupil) repeats the parent's identifiers.
    #[serde(default)]
    pub matched_on: Vec<IdentifierKind>,
    /// How sure the plugin is that the record is the subject's.
    pub strength: MatchStrength,
}

/// How strongly a record matched, weakest first (so `max()` is the best).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchStrength {
    /// Only a common identifier matched, such as a name alone.
    Weak,
    /// Several weak identifiers agree, such as name and date of birth.
    Probable,
    /// A unique identifier matched: an e-mail address, a student or staff
    /// number, a system id.
    Exact,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strengths_order_from_weak_to_exact() {
        assert!(MatchStrength::Weak < MatchStrength::Probable);
        assert!(MatchStrength::Probable < MatchStrength::Exact);
    }

    #[test]
    fn the_best_strength_is_the_strongest_record() {
        let record = |strength| LocatedRecord {
            table: "people".into(),
            key: "1".into(),
            label: String::new(),
            matched_on: vec![IdentifierKind::Name],
            strength,
        };
        let result = LocateResult {
            records: vec![record(MatchStrength::Weak), record(MatchStrength::Exact)],
            ambiguous: false,
        };
        assert_eq!(result.best_strength(), Some(MatchStrength::Exact));
        assert_eq!(LocateResult::default().best_strength(), None);
    }
}
