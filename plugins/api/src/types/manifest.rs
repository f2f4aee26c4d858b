//! What a plugin says about itself.

use super::{Operation, Subject};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The answer to `describe`: who the plugin is and what it can do.
///
/// dsrd shows it in `dsrd plugins list`, uses `operations` to plan a case
/// (an erasure request is not sent to a plugin that cannot erase) and puts
/// `categories` in the answer letter (art. 15(1)(b)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Short, stable name of the plugin, e.g. `school-contacts`.
    pub name: String,
    /// The plugin's own version, for support and the audit trail.
    pub version: String,
    /// The school system it connects to, in words an officer recognises,
    /// e.g. `Magister` or `the contacts spreadsheet`.
    pub system: String,
    /// The kinds of personal data the system holds.
    #[serde(default)]
    pub categories: Vec<DataCategory>,
    /// The identifiers from a [`Subject`] that the plugin can match on.
    #[serde(default)]
    pub identifiers: Vec<IdentifierKind>,
    /// The operations the plugin implements; others answer `Unsupported`.
    #[serde(default)]
    pub operations: Vec<Operation>,
    /// A fictitious person present in the plugin's fixture data, set only
    /// when the plugin runs against that fixture. The conformance kit
    /// (`dsrd plugins check`) runs its scenario on this subject; a plugin
    /// connected to real data leaves it `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_subject: Option<Subject>,
    /// The optional parts of the protocol the plugin implements. A plugin
    /// built before a capability existed does not list it, and dsrd treats
    /// it accordingly: it never hands a [`Scope`](crate::Scope) to be
    /// honoured to a plugin that does not list [`Capability::Scope`], as
    /// such a plugin would ignore it and change everything it finds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capabilities: Vec<Capability>,
}

impl Manifest {
    /// Whether the plugin says it implements `operation`.
    pub fn supports(&self, operation: Operation) -> bool {
        operation == Operation::Describe || self.operations.contains(&operation)
    }

    /// Whether the plugin says it implements `capability`.
    pub fn has(&self, capability: Capability) -> bool {
        capability != Capability::Unknown && self.capabilities.contains(&capability)
    }
}

/// An optional part of the protocol, added after its first version.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    /// `locate` fills [`LocateResult::persons`](crate::LocateResult::persons).
    Persons,
    /// `rectify`, `restrict` and `erase` honour a [`Scope`](crate::Scope),
    /// reporting drift as [`PluginError::ScopeDrift`](crate::PluginError).
    Scope,
    /// A capability this version does not know, listed by a newer plugin;
    /// kept so the manifest stays readable, and never acted on.
    #[serde(other)]
    Unknown,
}

/// A kind of personal data a system holds.
///
/// Serialized as a snake_case string. A string this version does not know
/// becomes [`DataCategory::Other`], so a new category in a newer plugin
/// never makes a manifest unreadable.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum DataCategory {
    /// Names, addresses, telephone numbers, e-mail addresses.
    ContactDetails,
    /// Numbers and documents that identify a person (student number, BSN).
    Identification,
    /// Enrolment, groups, classes, timetables.
    Enrolment,
    /// Marks, test results, reports.
    Results,
    /// Absence and lateness.
    Attendance,
    /// Pupil care notes (leerlingdossier, zorgnotities).
    CareNotes,
    /// Health data, a special category under art. 9.
    Health,
    /// Consent records, e.g. for photographs.
    Consent,
    /// Photographs and video.
    Images,
    /// Invoices, parental contributions, bank details.
    Financial,
    /// Log-ins and accounts in school systems.
    Accounts,
    /// Any other category, by its name.
    Other(String),
}

impl DataCategory {
    /// The snake_case name used on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            DataCategory::ContactDetails => "contact_details",
            DataCategory::Identification => "identification",
            DataCategory::Enrolment => "enrolment",
            DataCategory::Results => "results",
            DataCategory::Attendance => "attendance",
            DataCategory::CareNotes => "care_notes",
            DataCategory::Health => "health",
            DataCategory::Consent => "consent",
            DataCategory::Images => "images",
            DataCategory::Financial => "financial",
            DataCategory::Accounts => "accounts",
            DataCategory::Other(name) => name,
        }
    }
}

impl From<String> for DataCategory {
    fn from(name: String) -> Self {
        match name.as_str() {
            "contact_details" => DataCategory::ContactDetails,
            "identification" => DataCategory::Identification,
            "enrolment" => DataCategory::Enrolment,
            "results" => DataCategory::Results,
            "attendance" => DataCategory::Attendance,
            "care_notes" => DataCategory::CareNotes,
            "health" => DataCategory::Health,
            "consent" => DataCategory::Consent,
            "images" => DataCategory::Images,
            "financial" => DataCategory::Financial,
            "accounts" => DataCategory::Accounts,
            _ => DataCategory::Other(name),
        }
    }
}

impl From<DataCategory> for String {
    fn from(category: DataCategory) -> Self {
        category.as_str().to_owned()
    }
}

impl fmt::Display for DataCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An identifier from a [`Subject`] that a plugin can match records on.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifierKind {
    /// [`Subject::emails`].
    Email,
    /// [`Subject::student_number`].
    StudentNumber,
    /// [`Subject::staff_number`].
    StaffNumber,
    /// [`Subject::names`].
    Name,
    /// [`Subject::date_of_birth`].
    DateOfBirth,
    /// The plugin's own entry in [`Subject::system_ids`].
    SystemId,
    /// An identifier this version does not know, named by a newer plugin.
    #[serde(other)]
    Unknown,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_categories_round_trip_as_strings() {
        let categories = vec![
            DataCategory::CareNotes,
            DataCategory::Other("bicycle_shed".into()),
        ];
        let json = serde_json::to_string(&categories).unwrap();
        assert_eq!(json, r#"["care_notes","bicycle_shed"]"#);
        assert_eq!(
            serde_json::from_str::<Vec<DataCategory>>(&json).unwrap(),
            categories
        );
    }

    #[test]
    fn describe_is_always_supported() {
        let manifest: Manifest =
            serde_json::from_str(r#"{"name":"x","version":"1","system":"s"}"#).unwrap();
        assert!(manifest.supports(Operation::Describe));
        assert!(!manifest.supports(Operation::Erase));
    }

    #[test]
    fn a_manifest_from_before_capabilities_has_none_and_unknown_ones_count_for_nothing() {
        let old: Manifest =
            serde_json::from_str(r#"{"name":"x","version":"1","system":"s"}"#).unwrap();
        let newer: Manifest = serde_json::from_str(
            r#"{"name":"x","version":"2","system":"s","capabilities":["scope","telepathy"]}"#,
        )
        .unwrap();

        assert!(old.capabilities.is_empty() && !old.has(Capability::Scope));
        assert!(newer.has(Capability::Scope) && !newer.has(Capability::Persons));
        assert!(!newer.has(Capability::Unknown));
        assert!(!serde_json::to_string(&old)
            .unwrap()
            .contains("capabilities"));
    }
}
