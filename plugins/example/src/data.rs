//! The contacts file: its records and how it is read and written.

use chrono::NaiveDate;
use dsrd_plugin_api::{DataCategory, PluginError};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

/// Table names, as they appear in reports and changes.
pub const PEOPLE: &str = "people";
/// See [`PEOPLE`].
pub const CONTACT_MOMENTS: &str = "contact_moments";
/// See [`PEOPLE`].
pub const DISCLOSURES: &str = "disclosures";

/// What an anonymised text field reads afterwards.
pub const ANONYMISED: &str = "[anonymised]";

/// The whole file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contacts {
    /// Pupils, guardians and staff.
    pub people: Vec<Person>,
    /// Notes of contact with a person: calls, mails, meetings.
    #[serde(default)]
    pub contact_moments: Vec<ContactMoment>,
    /// Records of data handed to other organisations.
    #[serde(default)]
    pub disclosures: Vec<Disclosure>,
}

/// One person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Key, unique in the file; also the plugin's system id.
    pub id: String,
    /// What the person is to the school.
    pub role: Role,
    /// Full name.
    pub name: String,
    /// Date of birth, when known.
    #[serde(default)]
    pub date_of_birth: Option<NaiveDate>,
    /// E-mail addresses.
    #[serde(default)]
    pub emails: Vec<String>,
    /// Telephone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// Postal address.
    #[serde(default)]
    pub address: Option<String>,
    /// Pupils only.
    #[serde(default)]
    pub student_number: Option<String>,
    /// Staff only.
    #[serde(default)]
    pub staff_number: Option<String>,
    /// Class or group (pupils) or team (staff).
    #[serde(default)]
    pub group: Option<String>,
    /// Processing restricted (art. 18): keep, but do not use.
    #[serde(default)]
    pub restricted: bool,
}

/// What a person is to the school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A pupil.
    Pupil,
    /// A parent or guardian.
    Guardian,
    /// An employee.
    Staff,
}

/// A note of contact with a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactMoment {
    /// Key.
    pub id: String,
    /// The person's id.
    pub person: String,
    /// When it happened; retention counts from here.
    pub date: NaiveDate,
    /// Phone, e-mail, meeting.
    pub channel: String,
    /// What was discussed.
    pub summary: String,
}

/// A record that data about a person went to another organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disclosure {
    /// Key.
    pub id: String,
    /// The person's id.
    pub person: String,
    /// Who received it.
    pub recipient: String,
    /// How to reach the recipient.
    #[serde(default)]
    pub contact: Option<String>,
    /// What kinds of data went.
    #[serde(default)]
    pub categories: Vec<DataCategory>,
    /// When.
    pub date: NaiveDate,
}

impl Contacts {
    /// Reads the file. An unreadable file is a backend failure (dsrd may
    /// retry); a file that is not valid contacts JSON is an internal error.
    pub fn load(path: &Path) -> Result<Contacts, PluginError> {
        let text = std::fs::read(path).map_err(|error| {
            PluginError::backend_unavailable(format!("cannot read {}: {error}", path.display()))
        })?;
        serde_json::from_slice(&text).map_err(|error| {
            PluginError::internal(format!(
                "{} is not a contacts file: {error}",
                path.display()
            ))
        })
    }

    /// Replaces the file atomically: write a temporary file beside it,
    /// flush it to disk, then rename it over the old one. A crash leaves
    /// the old file or the new one, never a mix, which is what makes a
    /// repeated real run safe.
    pub fn save(&self, path: &Path) -> Result<(), PluginError> {
        let unavailable = |error: std::io::Error| {
            PluginError::backend_unavailable(format!("cannot write {}: {error}", path.display()))
        };
        let mut temporary = path.as_os_str().to_owned();
        temporary.push(".tmp");
        let temporary = std::path::PathBuf::from(temporary);
        let bytes = serde_json::to_vec_pretty(self)
            .map_err(|error| PluginError::internal(error.to_string()))?;
        let mut file = std::fs::File::create(&temporary).map_err(unavailable)?;
        file.write_all(&bytes).map_err(unavailable)?;
        file.sync_all().map_err(unavailable)?;
        std::fs::rename(&temporary, path).map_err(unavailable)
    }

    /// The person with `id`.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|person| person.id == id)
    }
}
