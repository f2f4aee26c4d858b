//! The facts of the recipients section (art. 19): who was told of a
//! rectification, erasure or restriction, when and how, and who was not,
//! with the reason recorded by the officer.

use chrono::NaiveDate;
use serde::Serialize;

/// Whom the change was passed on to. Both lists empty: the data had no
/// recipients to tell.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct RecipientFacts {
    /// Recipients told.
    pub told: Vec<ToldFacts>,
    /// Recipients not told because that is impossible or disproportionate.
    pub exempt: Vec<ExemptFacts>,
}

/// A recipient told of the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ToldFacts {
    /// The recipient's name, e.g. "DUO".
    pub name: String,
    /// When, in the organisation's time zone.
    pub on: NaiveDate,
    /// How, in words, e.g. "per e-mail", "via het portaal van DUO".
    pub how: String,
}

/// A recipient not told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExemptFacts {
    /// The recipient's name.
    pub name: String,
    /// Impossible or disproportionate, in words.
    pub reason: String,
    /// The officer's justification.
    pub explanation: String,
}
