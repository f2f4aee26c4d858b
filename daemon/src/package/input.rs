//! What a data package is made from: the case's facts and, per system, what
//! its plugin exported after redaction.

use super::redact::Withheld;
use crate::lang::Lang;
use chrono::NaiveDate;
use dsrd_plugin_api::ExportResult;

/// Everything [`write_package`](super::write_package) needs; it reads
/// nothing else.
#[derive(Debug, Clone, PartialEq)]
pub struct PackageInput {
    /// The case reference, e.g. `AVG-2026-0001`.
    pub reference: String,
    /// The organisation that holds the data, as the requester knows it.
    pub organisation: String,
    /// The language of `index.html` and of the field descriptions.
    pub lang: Lang,
    /// Whose data this is, for the heading; `None` leaves the name out.
    pub subject_name: Option<String>,
    /// The day the package is made. Also the time stamp of every ZIP
    /// entry, so that the same input gives the same bytes.
    pub made_on: NaiveDate,
    /// Whether to add `data.json`, the machine-readable copy with a
    /// description of each field (portability, art. 20).
    pub portability: bool,
    /// One part per system, in the order the overview lists them.
    pub systems: Vec<SystemPart>,
}

/// One system's share of the package.
#[derive(Debug, Clone, PartialEq)]
pub struct SystemPart {
    /// The configured plugin name; the system's folder is named after it
    /// (made safe for a file system).
    pub plugin: String,
    /// The system in words an officer or a parent recognises, e.g.
    /// "Leerlingadministratie".
    pub system: String,
    /// The categories of data the system holds, already in the words of
    /// the package's language.
    pub categories: Vec<String>,
    /// The export, already passed through [`redact`](super::redact::redact).
    pub export: ExportResult,
    /// What [`redact`](super::redact::redact) withheld from `export`.
    pub withheld: Vec<Withheld>,
}
