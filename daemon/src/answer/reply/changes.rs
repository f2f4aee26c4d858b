//! The facts of the sections that change data: rectification (art. 16),
//! erasure (17) and restriction (18) — what was done in which system and
//! when, and for an erasure what was kept, on which ground, until when.
//! [`DoneFacts`] is also what the art. 19 notice to a recipient lists.

use chrono::NaiveDate;
use serde::Serialize;

/// What a rectification or a restriction did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeFacts {
    /// Each change; empty: nothing was changed (the refusal block says why).
    pub done: Vec<DoneFacts>,
}

/// One thing done in one system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DoneFacts {
    /// The system's name as the reader knows it.
    pub system: String,
    /// What was done, e.g. "geboortedatum verbeterd in 12 maart 2016".
    pub what: String,
    /// When, in the organisation's time zone.
    pub on: NaiveDate,
}

/// What an erasure did and did not do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErasureFacts {
    /// What was erased.
    pub done: Vec<DoneFacts>,
    /// What was kept: for this part the erasure is refused (art. 17(3)).
    pub kept: Vec<KeptFacts>,
}

/// Data kept despite the erasure request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeptFacts {
    /// The system's name.
    pub system: String,
    /// What is kept, e.g. "in- en uitschrijving".
    pub what: String,
    /// The ground, with the article, e.g. "wettelijke bewaarplicht (artikel
    /// 17, lid 3, onder b, AVG)".
    pub ground: String,
    /// Until when, if a date is known.
    pub until: Option<NaiveDate>,
    /// Anything else the reader should know about it.
    pub note: Option<String>,
}
