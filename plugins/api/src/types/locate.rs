//! What `locate` finds.

use super::{IdentifierKind, LocatedPerson};
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
    /// The persons behind the records: those the subject's identifiers
    /// matched, the persons they are linked to (the pupils of a guardian),
    /// and the persons linked to them (the guardians of a pupil, each with
    /// the link to that pupil). Empty from a plugin without
    /// [`Capability::Persons`](crate::Capability::Persons), including every
    /// plugin built before this field existed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub persons: Vec<LocatedPerson>,
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

    /// The person with `key`.
    pub fn person(&self, key: &str) -> Option<&LocatedPerson> {
        self.persons.iter().find(|person| person.key == key)
    }

    /// The persons the subject's identifiers matched, strongest first.
    pub fn matched_persons(&self) -> Vec<&LocatedPerson> {
        let mut matched: Vec<_> = self.persons.iter().filter(|p| p.is_matched()).collect();
        matched.sort_by_key(|person| std::cmp::Reverse(person.strength));
        matched
    }

    /// The persons `person` links to, in the order of its links; a link to
    /// a key that is not in the result is left out.
    pub fn linked<'a>(&'a self, person: &'a LocatedPerson) -> Vec<&'a LocatedPerson> {
        person
            .links
            .iter()
            .filter_map(|link| self.person(&link.person))
            .collect()
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
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
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
            persons: vec![],
        };
        assert_eq!(result.best_strength(), Some(MatchStrength::Exact));
        assert_eq!(LocateResult::default().best_strength(), None);
    }

    #[test]
    fn a_result_from_a_plugin_without_persons_still_parses() {
        let old =
            r#"{"records":[{"table":"people","key":"p1","strength":"exact"}],"ambiguous":false}"#;
        let result: LocateResult = serde_json::from_str(old).unwrap();
        assert_eq!(result.records.len(), 1);
        assert!(result.persons.is_empty());
        let written = serde_json::to_string(&result).unwrap();
        assert!(!written.contains("persons"), "{written}");
    }

    #[test]
    fn a_guardian_and_the_pupils_they_link_to_can_be_read_from_plain_data() {
        let json = r#"{"records":[],"persons":[
            {"key":"guardians:1","kind":"guardian","emails":["m@example.net"],"strength":"exact",
             "links":[{"person":"pupils:1","relation":"parent","parental_authority":true},
                      {"person":"pupils:2","relation":"parent","parental_authority":false}]},
            {"key":"pupils:1","kind":"pupil","date_of_birth":"2013-04-17"},
            {"key":"pupils:2","kind":"pupil","date_of_birth":"2016-01-23"}]}"#;
        let result: LocateResult = serde_json::from_str(json).unwrap();

        let matched = result.matched_persons();
        let guardian = matched[0];
        let with_authority: Vec<_> = guardian
            .authority_links()
            .filter_map(|link| result.person(&link.person))
            .collect();

        assert_eq!(matched.len(), 1);
        assert_eq!(guardian.kind, crate::PersonKind::Guardian);
        assert_eq!(result.linked(guardian).len(), 2);
        assert_eq!(with_authority.len(), 1, "authority over exactly one pupil");
        assert_eq!(with_authority[0].key, "pupils:1");
        assert_eq!(
            with_authority[0].date_of_birth,
            chrono::NaiveDate::from_ymd_opt(2013, 4, 17)
        );
    }
}
