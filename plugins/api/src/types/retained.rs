//! What an erasure keeps, and why.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Records (or parts of them) that an `erase` keeps because the law or a
/// legal claim requires it (art. 17(3) GDPR), with the ground and the end
/// of the period.
///
/// The plan an officer approves and the answer letter both need it: the
/// letter must say what was erased, what is kept, on which ground and
/// until when (art. 12(4) for the refused part). A plugin that knows its
/// system keeps something lists it in
/// [`ChangeReport::retained`](crate::ChangeReport::retained); one that
/// keeps nothing, or does not know, lists nothing.
///
/// On the wire:
/// `{"table":"pupils","keys":["1"],"fields":["id","left_on"],"ground":"…","until":"2031-07-31"}`;
/// `fields`, `until` and `note` are left out when empty.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Retained {
    /// The table (or collection) the records are in, as in the report's
    /// `tables`.
    pub table: String,
    /// The keys of the kept records, as `locate` reports them. Every key
    /// here shares the ground, fields and end date below; records with a
    /// different end date get an entry of their own.
    #[serde(default)]
    pub keys: BTreeSet<String>,
    /// The fields that are kept; empty when the whole record is kept as it
    /// is. An anonymised record lists what survives the anonymisation
    /// (its key and dates, say), never a field the erasure overwrites.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    /// The legal ground for keeping them, in words an officer can quote
    /// in a letter: the GDPR exception and the rule behind it, e.g.
    /// "GDPR art. 17(3)(b): legal obligation, Bekostigingsbesluit WPO —
    /// leerlingenadministratie". Never empty.
    pub ground: String,
    /// The last day they must be kept. `None` when the end is not known
    /// yet (five years after leaving, for a pupil who has not left) or has
    /// no date; `note` then says what it depends on. It may lie in the
    /// past: the plugin has no clock, dsrd compares it with its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    /// Anything else the officer should know, e.g. "5 years after
    /// leaving; the pupil has not left yet".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Retained {
    /// Records of `table` kept on `ground`, whole, with no end date yet;
    /// add keys with [`Retained::key`] and details with the other
    /// builders.
    pub fn new(table: &str, ground: &str) -> Self {
        Retained {
            table: table.to_owned(),
            keys: BTreeSet::new(),
            fields: Vec::new(),
            ground: ground.to_owned(),
            until: None,
            note: None,
        }
    }

    /// Adds the record `key`.
    pub fn key(mut self, key: &str) -> Self {
        self.keys.insert(key.to_owned());
        self
    }

    /// Only these fields are kept.
    pub fn fields(mut self, fields: &[&str]) -> Self {
        self.fields = fields.iter().map(|f| (*f).to_owned()).collect();
        self
    }

    /// Kept until this day.
    pub fn until(mut self, until: Option<NaiveDate>) -> Self {
        self.until = until;
        self
    }

    /// A note for the officer.
    pub fn note(mut self, note: Option<String>) -> Self {
        self.note = note;
        self
    }

    /// Whether `other` is the same kind of retention (table, fields,
    /// ground, end and note), so its keys belong in this entry.
    pub(crate) fn same_kind(&self, other: &Retained) -> bool {
        self.table == other.table
            && self.fields == other.fields
            && self.ground == other.ground
            && self.until == other.until
            && self.note == other.note
    }
}
