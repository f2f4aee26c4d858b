//! The plugin's settings: the `settings` table of its `[[plugins]]` entry.
//!
//! ```toml
//! [[plugins]]
//! name = "sql"
//! library = "target/release/libdsrd_plugin_sql.so"  # or the built-in
//! [plugins.settings]
//! url = "postgres://dsrd@db.school.example/leerlingen"  # or url_file = "…"
//! system = "pupil administration"
//! time_zone = "Europe/Amsterdam"  # whose date is "today" for retention
//!
//! [[plugins.settings.subjects]]
//! table = "pupils"
//! key = "id"
//! label = "pupil"
//! category = "identification"
//! personal = ["first_name", "last_name", "email", "date_of_birth"]
//! erase = "anonymise"
//! anonymise = { first_name = "[anonymised]", last_name = "[anonymised]", email = "null" }
//! retention = { column = "left_on", days = 730 }
//! retain = { ground = "AVG art. 17 lid 3 sub b: wettelijke plicht (Besluit bekostiging WPO)",
//!            until = { column = "left_on", years = 5 }, fields = ["id", "enrolled_on", "left_on"] }
//! identifiers = [
//!   { kind = "student_number", column = "student_number" },
//!   { kind = "email", column = "email" },
//!   { kind = "name", columns = ["first_name", "infix", "last_name"] },
//!   { kind = "date_of_birth", column = "date_of_birth" },
//! ]
//! restriction = { flag = "restricted", at = "restricted_at" }
//! recipients = [{ name = "DUO (BRON)", categories = ["identification"] }]
//!
//! person = { kind = "pupil", phone = "phone", postal = ["address", "postcode", "city"] }
//!
//! [[plugins.settings.subjects.children]]
//! table = "test_results"
//! key = "id"
//! foreign_key = "pupil_id"
//! category = "results"
//! personal = ["test_name", "score"]
//!
//! # …a subject table `guardians`, and the rows linking guardians to pupils:
//! [[plugins.settings.links]]
//! table = "pupil_guardians"
//! from = "guardians"
//! from_column = "guardian_id"
//! to = "pupils"
//! to_column = "pupil_id"
//! relation = "relation"
//! relations = { ouder = "parent", voogd = "guardian" }
//! parental_authority = "parental_authority"
//! ```
//!
//! [`mapping`] explains the tree, shared rows and erasure; `demo::mapping`
//! is a complete example for a pupil administration.

mod ident;
pub mod mapping;
mod validate;

pub use ident::Ident;
pub use mapping::{Link, Retain, Retention, RetentionVia, TableMapping};

use crate::engine::Engine;
use dsrd_plugin_api::{parse_settings, PluginError, Subject};
use serde::Deserialize;
use std::path::PathBuf;

/// The settings as written.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    url_file: Option<PathBuf>,
    #[serde(default = "default_name")]
    name: String,
    #[serde(default = "default_system")]
    system: String,
    #[serde(default = "default_connections")]
    max_connections: u32,
    subjects: Vec<TableMapping>,
    #[serde(default)]
    links: Vec<Link>,
    #[serde(default)]
    test_subject: Option<Subject>,
    #[serde(default)]
    time_zone: Option<String>,
}

fn default_name() -> String {
    "sql".to_owned()
}

fn default_system() -> String {
    "school database".to_owned()
}

fn default_connections() -> u32 {
    2
}

/// Checked settings. Once one exists, every name in it is a safe SQL
/// identifier and the tree is consistent (see [`mapping`]).
#[derive(Clone)]
pub struct Settings {
    /// The connection URL; it may hold a password, so it is never printed.
    url: String,
    /// Which engine the URL names.
    pub engine: Engine,
    /// The plugin's name in the manifest and its key in
    /// [`Subject::system_ids`] (values read `table:key`).
    pub name: String,
    /// The system in words the officer knows.
    pub system: String,
    /// Pool size; calls come one at a time, so 1–2 is enough.
    pub max_connections: u32,
    /// The subject tables with their trees.
    pub subjects: Vec<TableMapping>,
    /// The tables that link persons (guardians to pupils).
    pub links: Vec<Link>,
    /// Set only on fixture data: the person the conformance kit uses.
    pub test_subject: Option<Subject>,
    /// The zone whose calendar date is "today" for retention periods
    /// (`time_zone = "Europe/Amsterdam"`); UTC unless given.
    pub time_zone: chrono_tz::Tz,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("engine", &self.engine)
            .field("name", &self.name)
            .field("subjects", &self.subjects.len())
            .finish_non_exhaustive()
    }
}

impl Settings {
    /// Reads and checks the settings; a mistake is a
    /// [`PluginError::BadSettings`] naming the key and the fix.
    pub fn parse(value: serde_json::Value) -> Result<Settings, PluginError> {
        let raw: RawSettings = parse_settings(value)?;
        let url =
            match (raw.url, raw.url_file) {
                (Some(url), None) => url,
                (None, Some(path)) => std::fs::read_to_string(&path)
                    .map(|text| text.trim().to_owned())
                    .map_err(|error| {
                        PluginError::bad_settings(format!(
                            "url_file {}: {error}; point it at a file holding the database URL",
                            path.display()
                        ))
                    })?,
                _ => return Err(PluginError::bad_settings(
                    "give exactly one of `url` (e.g. sqlite:///var/lib/school.db) and `url_file`",
                )),
            };
        let engine = Engine::from_url(&url).map_err(PluginError::bad_settings)?;
        let time_zone = match raw.time_zone.as_deref() {
            None => chrono_tz::UTC,
            Some(name) => name.parse().map_err(|_| {
                PluginError::bad_settings(format!(
                    "time_zone: {name:?} is not a time zone; give an IANA name such as \
                     \"Europe/Amsterdam\""
                ))
            })?,
        };
        validate::check(&raw.subjects).map_err(PluginError::bad_settings)?;
        validate::check_links(&raw.subjects, &raw.links).map_err(PluginError::bad_settings)?;
        let mut subjects = raw.subjects;
        for table in &mut subjects {
            // The person keys `locate` hands out (`pupils:17`) name a row
            // by its key: a caller that gives one back in
            // `Subject::system_ids` (dsrd carrying out a plan) is always
            // understood, whatever identifiers the mapping lists.
            if !table
                .identifiers
                .iter()
                .any(|i| i.kind == dsrd_plugin_api::IdentifierKind::SystemId)
            {
                table.identifiers.push(mapping::Identifier {
                    kind: dsrd_plugin_api::IdentifierKind::SystemId,
                    column: Some(table.key.clone()),
                    columns: None,
                    strength: Some(dsrd_plugin_api::MatchStrength::Exact),
                });
            }
        }
        Ok(Settings {
            url,
            engine,
            name: raw.name,
            system: raw.system,
            max_connections: raw.max_connections.max(1),
            subjects,
            links: raw.links,
            test_subject: raw.test_subject,
            time_zone,
        })
    }

    /// The connection URL.
    pub fn url(&self) -> &str {
        &self.url
    }
}
