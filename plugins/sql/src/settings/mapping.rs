//! The declarative mapping: which tables hold whom, and what each
//! operation may do to them.
//!
//! A mapping is a forest. Each root is a **subject table** (pupils,
//! guardians, staff): one row is one person, found through its
//! identifiers. Below it hang **child tables** reached through a foreign
//! key to the parent's key, to any depth (pupils → care_notes →
//! care_note_attachments).
//!
//! # Shared rows: people are never children of people
//!
//! A guardian of two pupils is one row in `guardians` linked to each pupil
//! by a row in `pupil_guardians`. Map `guardians` as a subject table of its
//! own and `pupil_guardians` as a child of **both** `pupils` (through
//! `pupil_id`) and `guardians` (through `guardian_id`); never map
//! `guardians` below `pupils`. Then erasing a pupil deletes only the
//! pupil's own link rows, and the guardian (and the sibling) stay exactly
//! as they were. Likewise a column that points at another person (a care
//! note's `author_id`, a consent's `given_by`) is cut, not followed: map it
//! under that person's subject table with `erase = "anonymise"` and
//! `anonymise = { author_id = "null" }`, so erasing the author clears the
//! reference and keeps the pupil's note.
//!
//! # Persons and the links between them
//!
//! `locate` also describes the persons behind the rows, for dsrd's
//! identity check: a subject table's `person` table says what kind of
//! person a row is and where the phone number and postal address are kept
//! (names, e-mail addresses and the date of birth come from its
//! `identifiers`). The settings' `links` list says which rows tie persons
//! together: a link table such as `pupil_guardians` with a column pointing
//! at the guardian (`from`) and one at the pupil (`to`), optionally a
//! relation column whose values are mapped to relations (`ouder` →
//! `parent`, `voogd` → `guardian`) and a boolean column recording parental
//! authority. A lookup that matches a guardian then returns the pupils
//! they are linked to as well, as persons of their own; it never makes
//! the pupils' records the guardian's.
//!
//! # Erasure
//!
//! With erase mode `delete`, each table does what its `erase` says:
//! `"delete"` (the default) removes the rows, `"anonymise"` overwrites
//! the columns in `anonymise` with the values given there. With erase mode
//! `anonymise`, every table that has an `anonymise` table is anonymised
//! (an empty one keeps the rows as they are, e.g. disclosure records
//! that identify nobody once the pupil is anonymous) and the others are
//! deleted. A row is deleted only after its children are dealt with, and
//! a child of a deleted row must be deleted too or clear its foreign key;
//! the settings are refused otherwise.
//!
//! # What an erasure keeps
//!
//! A school must keep some records after an erasure request: the enrolment
//! register for five years after the pupil left, for one (art. 17(3)(b)
//! GDPR). A table's `retain` (see [`Retain`]) says so: the rows an erasure
//! keeps (anonymised, or left as they are) are listed in the report's
//! `retained` with the ground, the columns kept and the end date, `years`
//! after the row's own date column. `retain` does not change what the
//! erasure does: a row erase mode `delete` deletes is deleted and listed
//! as such, so a table that must survive every erasure needs
//! `erase = "anonymise"`.

use super::ident::Ident;
use dsrd_plugin_api::{
    DataCategory, EraseMode, IdentifierKind, MatchStrength, PersonKind, Relation,
};
use serde::Deserialize;
use std::collections::BTreeMap;

/// One table of the mapping: a subject table or, below one, a child table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableMapping {
    /// The table's name in the database.
    pub table: Ident,
    /// Its primary key (one column); reports and changes name rows by it.
    pub key: Ident,
    /// Child tables only: the column holding the parent's key.
    #[serde(default)]
    pub foreign_key: Option<Ident>,
    /// What one row is, for the officer ("pupil", "test result").
    #[serde(default)]
    pub label: Option<String>,
    /// The kind of personal data the table holds, for the manifest.
    #[serde(default)]
    pub category: Option<DataCategory>,
    /// The personal columns: exported with the key, and rectifiable
    /// unless `rectifiable` says otherwise.
    #[serde(default)]
    pub personal: Vec<Ident>,
    /// The columns `rectify` may change; defaults to `personal`.
    #[serde(default)]
    pub rectifiable: Option<Vec<Ident>>,
    /// What erase mode `delete` does to this table.
    #[serde(default)]
    pub erase: EraseAction,
    /// Column → value written when the table is anonymised (see
    /// [`AnonValue`] for NULL). An empty table keeps the rows unchanged.
    #[serde(default)]
    pub anonymise: Option<BTreeMap<Ident, AnonValue>>,
    /// Rows older than this are removed by `purge_expired`.
    #[serde(default)]
    pub retention: Option<Retention>,
    /// What an erasure keeps of the rows it does not delete, and the legal
    /// ground, reported in the erase report's `retained`.
    #[serde(default)]
    pub retain: Option<Retain>,
    /// Tables whose `foreign_key` points at this table's `key`.
    #[serde(default)]
    pub children: Vec<TableMapping>,
    /// Subject tables only: the columns that identify the person.
    #[serde(default)]
    pub identifiers: Vec<Identifier>,
    /// Subject tables only: where restriction of processing is recorded.
    #[serde(default)]
    pub restriction: Option<Restriction>,
    /// Subject tables only: to whom this kind of person's data goes.
    #[serde(default)]
    pub recipients: Vec<RecipientSource>,
    /// Subject tables only: what a row's person is and where their other
    /// contact details are, for the persons `locate` reports.
    #[serde(default)]
    pub person: Option<PersonMapping>,
}

impl TableMapping {
    /// What erasure in `mode` does to this table: `None` deletes the rows,
    /// `Some` overwrites these columns (none: the rows stay as they are).
    /// The one place the rule in the module documentation lives.
    pub fn erase_values(&self, mode: EraseMode) -> Option<&BTreeMap<Ident, AnonValue>> {
        match (mode, self.erase) {
            (EraseMode::Delete, EraseAction::Delete) => None,
            _ => self.anonymise.as_ref(),
        }
    }

    /// Every table below this one, depth first.
    pub fn descendants(&self) -> Box<dyn Iterator<Item = &TableMapping> + '_> {
        Box::new(
            self.children
                .iter()
                .flat_map(|child| std::iter::once(child).chain(child.descendants())),
        )
    }

    /// The columns `rectify` may change.
    pub fn rectifiable(&self) -> &[Ident] {
        self.rectifiable.as_deref().unwrap_or(&self.personal)
    }

    /// The columns a row keeps when erasure overwrites `values`: those
    /// `retain.fields` names, or else the key and the personal columns
    /// that `values` leaves alone. Empty (the whole row) when nothing is
    /// overwritten and `retain.fields` does not say otherwise.
    pub fn kept_fields(&self, values: &BTreeMap<Ident, AnonValue>) -> Vec<&str> {
        if let Some(fields) = self.retain.as_ref().and_then(|r| r.fields.as_ref()) {
            return fields.iter().map(Ident::as_str).collect();
        }
        if values.is_empty() {
            return Vec::new();
        }
        std::iter::once(&self.key)
            .chain(&self.personal)
            .filter(|column| !values.contains_key(*column))
            .map(Ident::as_str)
            .collect()
    }
}

/// What erase mode `delete` does to a table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EraseAction {
    /// Remove the rows.
    #[default]
    Delete,
    /// Keep the rows, overwrite the columns listed in `anonymise`.
    Anonymise,
}

/// A value written by anonymisation. TOML has no null, so besides JSON
/// `null` the string `"null"` also means SQL NULL.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct AnonValue(pub serde_json::Value);

impl AnonValue {
    /// The value to bind; `"null"` becomes JSON null.
    pub fn value(&self) -> serde_json::Value {
        match &self.0 {
            serde_json::Value::String(text) if text == "null" => serde_json::Value::Null,
            other => other.clone(),
        }
    }
}

/// One identifying column (or group of name columns) of a subject table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identifier {
    /// Which identifier of the subject it holds.
    pub kind: IdentifierKind,
    /// The column; for a name split over columns use `columns`.
    #[serde(default)]
    pub column: Option<Ident>,
    /// Name columns in reading order (first name, infix, last name); the
    /// last one is searched, the joined text compared.
    #[serde(default)]
    pub columns: Option<Vec<Ident>>,
    /// How strongly a match on it alone identifies a person; defaults to
    /// exact for e-mail and numbers, weak for names and dates of birth.
    #[serde(default)]
    pub strength: Option<MatchStrength>,
}

/// What kind of person a subject table holds, and the contact details
/// beyond its identifiers.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonMapping {
    /// Pupil, staff, guardian or other (the default).
    #[serde(default)]
    pub kind: PersonKind,
    /// A column with a telephone number.
    #[serde(default)]
    pub phone: Option<Ident>,
    /// The columns of the postal address in reading order (street and
    /// number, postcode, town); joined into one line.
    #[serde(default)]
    pub postal: Vec<Ident>,
}

/// A table whose rows link one person to another: a guardian to a pupil.
///
/// ```toml
/// [[plugins.settings.links]]
/// table = "pupil_guardians"
/// from = "guardians"
/// from_column = "guardian_id"
/// to = "pupils"
/// to_column = "pupil_id"
/// relation = "relation"
/// relations = { ouder = "parent", voogd = "guardian" }
/// parental_authority = "parental_authority"
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The link table.
    pub table: Ident,
    /// The subject table of the person who holds the link (the guardian).
    pub from: Ident,
    /// In `table`: the column holding the key of `from`'s row.
    pub from_column: Ident,
    /// The subject table of the person linked to (the pupil).
    pub to: Ident,
    /// In `table`: the column holding the key of `to`'s row.
    pub to_column: Ident,
    /// In `table`: a column saying what the relation is.
    #[serde(default)]
    pub relation: Option<Ident>,
    /// The values of `relation` and what they mean; a value not listed
    /// (or no `relation` column) is `default_relation`.
    #[serde(default)]
    pub relations: BTreeMap<String, Relation>,
    /// The relation when nothing else says: `other` unless given.
    #[serde(default)]
    pub default_relation: Relation,
    /// In `table`: a boolean column, true where the holder has parental
    /// authority (gezag). Without it authority is reported as unknown.
    #[serde(default)]
    pub parental_authority: Option<Ident>,
}

impl Link {
    /// The relation a value of the `relation` column stands for.
    pub fn relation_of(&self, value: Option<&str>) -> Relation {
        value
            .and_then(|value| self.relations.get(value.trim()))
            .copied()
            .unwrap_or(self.default_relation)
    }
}

/// Where restriction of processing (art. 18) is recorded.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Restriction {
    /// Boolean column, true while restricted.
    pub flag: Ident,
    /// Optional timestamp column, set to the database's current time.
    #[serde(default)]
    pub at: Option<Ident>,
    /// Optional text column for the reason.
    #[serde(default)]
    pub reason: Option<Ident>,
    /// The reason written there.
    #[serde(default = "default_reason")]
    pub reason_text: String,
}

fn default_reason() -> String {
    "AVG art. 18: restriction requested by the data subject".to_owned()
}

/// `purge_expired` removes rows whose `column` lies more than `days`
/// before today, with their child tables (as erase mode `delete` would).
///
/// The date is the row's own (`column` of this table: pupils two years
/// after `left_on`), or, with `via`, that of the row it belongs to in a
/// related table: enrolments are due when their event's `held_on` is
/// before today, "the day after the event" with `days = 0`.
///
/// ```toml
/// retention = { column = "left_on", days = 730 }
/// retention = { column = "held_on", days = 0,
///               via = { table = "events", key = "id", foreign_key = "event_id" } }
/// ```
///
/// "Today" is the date in the settings' `time_zone` at the time dsrd
/// gives, so a run at 00:30 in Amsterdam counts from the Dutch date.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// A date or timestamp column (of `via.table` when `via` is given);
    /// rows where it is NULL never expire.
    pub column: Ident,
    /// The retention period in days after that date; 0 is "the day after".
    pub days: u32,
    /// The related table whose date counts, if not this table's own.
    #[serde(default)]
    pub via: Option<RetentionVia>,
}

/// The row a record belongs to and whose date decides when it goes: an
/// enrolment's event. A record whose `foreign_key` is NULL never expires.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionVia {
    /// The related table (`events`); it need not be mapped itself.
    pub table: Ident,
    /// Its key column.
    pub key: Ident,
    /// In this table: the column holding the related row's key.
    pub foreign_key: Ident,
}

/// What an erasure keeps of a table's rows and why (art. 17(3) GDPR): the
/// rows the erasure anonymises or leaves as they are, never the ones it
/// deletes. It changes nothing about what the erasure does; it makes the
/// erase report list those rows as retained, with this ground and an end
/// date worked out per row.
///
/// ```toml
/// retain = { ground = "AVG art. 17 lid 3 sub b: …", until = { column = "left_on", years = 5 },
///            fields = ["id", "group_id", "enrolled_on", "left_on"] }
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retain {
    /// The legal ground, as the officer's letter will quote it.
    pub ground: String,
    /// When the duty ends, per row; without it no end date is reported.
    #[serde(default)]
    pub until: Option<RetainUntil>,
    /// The columns that are kept, for the report; by default the key and
    /// the `personal` columns that `anonymise` leaves alone.
    #[serde(default)]
    pub fields: Option<Vec<Ident>>,
    /// A note for the officer ("5 jaar na uitschrijving").
    #[serde(default)]
    pub note: Option<String>,
}

/// The end of a retention duty: `years` after the date in `column`. A row
/// whose `column` is NULL (a pupil who has not left) has no end date yet.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetainUntil {
    /// A date or timestamp column of the same table.
    pub column: Ident,
    /// The period after it, in whole years as the law states them.
    pub years: u32,
}

/// A recipient of a subject's data: a fixed party (`name`), or the rows
/// of a child table that records disclosures (`table`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecipientSource {
    /// A fixed recipient, e.g. "DUO (BRON)".
    #[serde(default)]
    pub name: Option<String>,
    /// Its contact address.
    #[serde(default)]
    pub contact: Option<String>,
    /// A child table (anywhere below the subject table) of disclosures.
    #[serde(default)]
    pub table: Option<Ident>,
    /// In `table`: the column naming the recipient.
    #[serde(default)]
    pub name_column: Option<Ident>,
    /// In `table`: the column with the recipient's contact address.
    #[serde(default)]
    pub contact_column: Option<Ident>,
    /// In `table`: the date of the disclosure.
    #[serde(default)]
    pub date_column: Option<Ident>,
    /// What kinds of data went to the recipient.
    #[serde(default)]
    pub categories: Vec<DataCategory>,
}
