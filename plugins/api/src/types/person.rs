//! The persons `locate` found, and how they are linked.
//!
//! A school system files records under people: a pupil, a guardian, a
//! teacher. dsrd's identity stage needs more than the rows: who the
//! requester is, what the system knows to check them against (a date of
//! birth, the addresses on file), and for whom they may act (a guardian
//! with parental authority over a pupil). All of that is plain data here,
//! so the decision itself can be a pure function in dsrd.

use super::IdentifierKind;
use super::MatchStrength;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One person the plugin found: the subject itself, a person linked to a
/// matched person (the pupils of a guardian who wrote in), or a person
/// holding a link to one (the guardians of a pupil a letter names, which is
/// where a code for that pupil may go).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LocatedPerson {
    /// The person's key in this system, stable between calls, e.g.
    /// `pupils:17`. It is system-local: only this plugin can resolve it,
    /// and it is what [`PersonLink::person`] refers to. A plugin that
    /// accepts system ids takes the same text as
    /// [`Subject::system_ids`](crate::Subject::system_ids), so dsrd can ask
    /// about a linked person directly.
    pub key: String,
    /// What the person is to the school.
    pub kind: PersonKind,
    /// The names on file, as the system writes them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    /// The date of birth on file, where the system records one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<NaiveDate>,
    /// The e-mail addresses on file for this person: where dsrd may send a
    /// code to confirm that a requester is who they say.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<String>,
    /// Telephone numbers on file, where the system has them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<String>,
    /// Postal addresses on file, each as one line of text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub postal_addresses: Vec<String>,
    /// The records that belong to this person. For a matched person they
    /// are among [`LocateResult::records`](crate::LocateResult::records);
    /// a linked person's records are listed here only, as they are not
    /// the subject's.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<RecordRef>,
    /// How strongly the subject's identifiers matched this person; `None`
    /// for a person who is in the result only because a matched person
    /// links to them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strength: Option<MatchStrength>,
    /// The identifiers that matched (empty for a linked person).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub matched_on: Vec<IdentifierKind>,
    /// The people this person stands in a relation to, e.g. the pupils a
    /// guardian is a parent of. Each link names a person in the same
    /// result; a guardian reached through a matched pupil carries the link
    /// to that pupil (and need not carry their others).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<PersonLink>,
}

impl LocatedPerson {
    /// Whether the subject's identifiers matched this person (rather than
    /// the person being reached through a link).
    pub fn is_matched(&self) -> bool {
        self.strength.is_some()
    }

    /// The links through which this person holds parental authority:
    /// recorded as `Some(true)`, or, where the system does not record it,
    /// a `Parent` or `Guardian` relation with `None`. A link recorded as
    /// `Some(false)` never counts.
    pub fn authority_links(&self) -> impl Iterator<Item = &PersonLink> {
        self.links
            .iter()
            .filter(|link| match link.parental_authority {
                Some(authority) => authority,
                None => matches!(link.relation, Relation::Parent | Relation::Guardian),
            })
    }
}

/// What a person is to the school.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PersonKind {
    /// A pupil (leerling).
    Pupil,
    /// An employee.
    Staff,
    /// A parent, guardian or carer of a pupil.
    Guardian,
    /// Anyone else, or a kind this version does not know.
    #[default]
    #[serde(other)]
    Other,
}

impl PersonKind {
    /// The name used on the wire, e.g. `guardian`.
    pub fn as_str(self) -> &'static str {
        match self {
            PersonKind::Pupil => "pupil",
            PersonKind::Staff => "staff",
            PersonKind::Guardian => "guardian",
            PersonKind::Other => "other",
        }
    }
}

/// A link from one person to another: "this guardian is a parent of that
/// pupil".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonLink {
    /// The [`LocatedPerson::key`] of the other person.
    pub person: String,
    /// What the holder of the link is to that person.
    #[serde(default)]
    pub relation: Relation,
    /// Whether the holder has parental authority (ouderlijk gezag) over
    /// the other person: `None` where the system does not record it, so
    /// dsrd must not take it for granted either way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parental_authority: Option<bool>,
}

/// What the holder of a [`PersonLink`] is to the person it points at.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// A parent (ouder).
    Parent,
    /// A legal guardian who is not a parent (voogd).
    Guardian,
    /// Someone who cares for the pupil without authority, e.g. a foster
    /// parent or a step-parent (verzorger).
    Carer,
    /// Any other relation, or one this version does not know.
    #[default]
    #[serde(other)]
    Other,
}

impl Relation {
    /// The name used on the wire, e.g. `parent`.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Parent => "parent",
            Relation::Guardian => "guardian",
            Relation::Carer => "carer",
            Relation::Other => "other",
        }
    }
}

/// A record named by table and key, as in
/// [`LocatedRecord`](crate::LocatedRecord) and
/// [`ChangeReport`](crate::ChangeReport).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RecordRef {
    /// The table the record lives in.
    pub table: String,
    /// The record's key in that table.
    pub key: String,
}

impl RecordRef {
    /// The record `key` of `table`.
    pub fn new(table: impl Into<String>, key: impl Into<String>) -> Self {
        RecordRef {
            table: table.into(),
            key: key.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_kind_or_relation_from_a_newer_plugin_reads_as_other() {
        let kind: PersonKind = serde_json::from_str("\"alumnus\"").unwrap();
        let relation: Relation = serde_json::from_str("\"grandparent\"").unwrap();
        assert_eq!((kind, relation), (PersonKind::Other, Relation::Other));
    }

    #[test]
    fn authority_is_what_the_system_records_or_else_the_relation() {
        let link = |relation, parental_authority| PersonLink {
            person: "pupils:1".into(),
            relation,
            parental_authority,
        };
        let guardian = LocatedPerson {
            key: "guardians:1".into(),
            kind: PersonKind::Guardian,
            links: vec![
                link(Relation::Parent, Some(false)),
                link(Relation::Carer, Some(true)),
                link(Relation::Parent, None),
                link(Relation::Carer, None),
            ],
            ..LocatedPerson::default()
        };
        let counted: Vec<_> = guardian.authority_links().collect();
        assert_eq!(counted, [&guardian.links[1], &guardian.links[2]]);
    }
}
