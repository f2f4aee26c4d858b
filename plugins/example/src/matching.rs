//! Which people in the file a subject refers to.

use crate::data::{Contacts, Person};
use crate::SYSTEM;
use dsrd_plugin_api::{IdentifierKind, MatchStrength, PluginError, Subject};

/// One person the subject matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// The person's id.
    pub person: String,
    /// How strongly.
    pub strength: MatchStrength,
    /// On which identifiers.
    pub matched_on: Vec<IdentifierKind>,
}

/// Every person the subject matches, strongest first.
pub fn find(contacts: &Contacts, subject: &Subject) -> Vec<Match> {
    let mut found: Vec<Match> = contacts
        .people
        .iter()
        .filter_map(|person| match_person(person, subject))
        .collect();
    found.sort_by(|a, b| b.strength.cmp(&a.strength).then(a.person.cmp(&b.person)));
    found
}

/// The one person the changing operations and export may act on: the only
/// one matched exactly or probably. `None` when nobody is (a repeat after
/// erasure finds nobody, which is success); an error when several are,
/// because guessing would touch someone else's records.
pub fn resolve(contacts: &Contacts, subject: &Subject) -> Result<Option<String>, PluginError> {
    let strong: Vec<Match> = find(contacts, subject)
        .into_iter()
        .filter(|found| found.strength >= MatchStrength::Probable)
        .collect();
    match strong.as_slice() {
        [] => Ok(None),
        [only] => Ok(Some(only.person.clone())),
        many => Err(PluginError::Ambiguous {
            message: format!(
                "{} people in the contacts file match on an exact or probable identifier; \
                 remove the identifier that belongs to someone else",
                many.len()
            ),
        }),
    }
}

/// Exact identifiers first; a name counts only as weak, and as probable
/// when the date of birth agrees too. A date of birth alone is no match:
/// a school has many pupils born on the same day.
fn match_person(person: &Person, subject: &Subject) -> Option<Match> {
    let mut matched_on = Vec::new();
    let mut strength = None;
    let mut hit = |kind, level| {
        matched_on.push(kind);
        strength = strength.max(Some(level));
    };
    if subject.system_ids.get(SYSTEM) == Some(&person.id) {
        hit(IdentifierKind::SystemId, MatchStrength::Exact);
    }
    if person.emails.iter().any(|email| subject.has_email(email)) {
        hit(IdentifierKind::Email, MatchStrength::Exact);
    }
    if same(&person.student_number, &subject.student_number) {
        hit(IdentifierKind::StudentNumber, MatchStrength::Exact);
    }
    if same(&person.staff_number, &subject.staff_number) {
        hit(IdentifierKind::StaffNumber, MatchStrength::Exact);
    }
    if subject.has_name(&person.name) {
        let born_same_day =
            person.date_of_birth.is_some() && person.date_of_birth == subject.date_of_birth;
        if born_same_day {
            hit(IdentifierKind::Name, MatchStrength::Probable);
            hit(IdentifierKind::DateOfBirth, MatchStrength::Probable);
        } else {
            hit(IdentifierKind::Name, MatchStrength::Weak);
        }
    }
    Some(Match {
        person: person.id.clone(),
        strength: strength?,
        matched_on,
    })
}

/// Both present and equal, ignoring surrounding white space.
fn same(ours: &Option<String>, theirs: &Option<String>) -> bool {
    match (ours, theirs) {
        (Some(ours), Some(theirs)) => ours.trim() == theirs.trim(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{fixture, test_subject};

    #[test]
    fn the_test_subject_resolves_to_one_pupil() {
        assert_eq!(
            resolve(&fixture(), &test_subject()).unwrap(),
            Some("p1".to_owned())
        );
    }

    #[test]
    fn a_name_alone_is_weak_and_acts_on_nobody() {
        let subject = Subject::default().with_name("sanne de vries");
        let found = find(&fixture(), &subject);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|m| m.strength == MatchStrength::Weak));
        assert_eq!(resolve(&fixture(), &subject).unwrap(), None);
    }

    #[test]
    fn identifiers_of_two_people_are_ambiguous() {
        let subject = Subject::default()
            .with_email("sanne.devries@leerling.school.example")
            .with_email("m.devries@thuis.example");
        let error = resolve(&fixture(), &subject).unwrap_err();
        assert!(matches!(error, PluginError::Ambiguous { .. }), "{error:?}");
    }

    #[test]
    fn an_empty_subject_matches_nobody() {
        assert!(find(&fixture(), &Subject::default()).is_empty());
    }
}
