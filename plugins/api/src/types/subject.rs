//! Who a request is about.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Everything dsrd knows that may identify the person a request is about.
///
/// The same subject goes to every plugin; each matches on the identifiers it
/// understands and ignores the rest. Fields are lists where a person may
/// have several (a pupil's own address and a guardian-managed one, a maiden
/// name), because a plugin should find records filed under any of them.
///
/// Build one with the `with_*` methods:
///
/// ```
/// use dsrd_plugin_api::Subject;
/// let subject = Subject::default()
///     .with_name("Sanne de Vries")
///     .with_email("sanne@example.nl")
///     .with_student_number("100234");
/// assert!(subject.has_email("SANNE@example.nl"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Subject {
    /// Full names as the person or the school wrote them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    /// E-mail addresses; compare them without regard to case
    /// ([`Subject::has_email`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<String>,
    /// Date of birth; together with a name it makes a probable match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<NaiveDate>,
    /// The pupil's number in the school's administration (leerlingnummer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub student_number: Option<String>,
    /// The employee's number (personeelsnummer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staff_number: Option<String>,
    /// Identifiers that only one system understands, keyed by the system's
    /// name as in its manifest (for example `"magister" → "12345"`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub system_ids: BTreeMap<String, String>,
}

impl Subject {
    /// Adds a name.
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.names.push(name.into());
        self
    }

    /// Adds an e-mail address.
    pub fn with_email(mut self, email: impl Into<String>) -> Self {
        self.emails.push(email.into());
        self
    }

    /// Sets the date of birth.
    pub fn with_date_of_birth(mut self, date: NaiveDate) -> Self {
        self.date_of_birth = Some(date);
        self
    }

    /// Sets the student number.
    pub fn with_student_number(mut self, number: impl Into<String>) -> Self {
        self.student_number = Some(number.into());
        self
    }

    /// Sets the staff number.
    pub fn with_staff_number(mut self, number: impl Into<String>) -> Self {
        self.staff_number = Some(number.into());
        self
    }

    /// Adds an identifier for one system.
    pub fn with_system_id(mut self, system: impl Into<String>, id: impl Into<String>) -> Self {
        self.system_ids.insert(system.into(), id.into());
        self
    }

    /// Whether `email` is one of the subject's addresses. The comparison
    /// ignores ASCII case in the whole address: the local part is
    /// case-sensitive in theory (RFC 5321, section 2.4) but no school
    /// system treats it so, and a missed match is worse than a strict one.
    pub fn has_email(&self, email: &str) -> bool {
        let email = email.trim();
        self.emails
            .iter()
            .any(|own| own.trim().eq_ignore_ascii_case(email))
    }

    /// Whether `name` is one of the subject's names, ignoring case and
    /// runs of white space.
    pub fn has_name(&self, name: &str) -> bool {
        let wanted = normalise_name(name);
        self.names.iter().any(|own| normalise_name(own) == wanted)
    }

    /// Whether the subject carries no identifier at all; a plugin must not
    /// match anything for such a subject.
    pub fn is_empty(&self) -> bool {
        self == &Subject::default()
    }
}

/// Lower case, single spaces: "Sanne  de Vries" and "sanne de vries" match.
fn normalise_name(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_subject_serializes_to_an_empty_object() {
        assert_eq!(serde_json::to_string(&Subject::default()).unwrap(), "{}");
    }

    #[test]
    fn a_subject_survives_a_round_trip_through_json() {
        let subject = Subject::default()
            .with_name("Daan Jansen")
            .with_email("daan@example.nl")
            .with_date_of_birth(NaiveDate::from_ymd_opt(2011, 5, 2).unwrap())
            .with_student_number("100777")
            .with_system_id("magister", "42");
        let json = serde_json::to_string(&subject).unwrap();
        assert!(json.contains("\"date_of_birth\":\"2011-05-02\""));
        assert_eq!(serde_json::from_str::<Subject>(&json).unwrap(), subject);
    }

    #[test]
    fn names_and_emails_match_regardless_of_case_and_spacing() {
        let subject = Subject::default()
            .with_name("Sanne de Vries")
            .with_email("Sanne@Example.nl");
        assert!(subject.has_name("sanne  DE vries"));
        assert!(subject.has_email(" sanne@example.NL "));
        assert!(!subject.has_email("sanne@example.com"));
    }

    #[test]
    fn unknown_fields_from_a_newer_daemon_are_ignored() {
        let subject: Subject =
            serde_json::from_str(r#"{"emails":["a@b.nl"],"iban":"NL00"}"#).unwrap();
        assert_eq!(subject.emails, ["a@b.nl"]);
    }
}
