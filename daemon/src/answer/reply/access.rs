//! The facts of the access section (art. 15(1)(a)–(h), (3), (4)): per
//! system, what the processing register says about it and what the plugin
//! found, and what was withheld from the copy.

use serde::Serialize;

/// What the access section says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessFacts {
    /// Every system searched, found in or not. None found in any: the
    /// letter says that no data are processed about the subject.
    pub systems: Vec<SystemFacts>,
    /// What was left out of the copy, and why (art. 15(4)).
    pub withheld: Vec<WithheldFacts>,
    /// The copy (art. 15(3)) is in the package behind the download link;
    /// otherwise it is sent another way, as agreed with the requester.
    pub in_package: bool,
}

/// One system: from the processing register, and what the plugin reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SystemFacts {
    /// The system's name as the reader knows it.
    pub name: String,
    /// The plugin found data about the subject there.
    pub found: bool,
    /// How many records it found.
    pub records: usize,
    /// The categories of data, in words (see [`super::super::category_words`]).
    pub categories: Vec<String>,
    /// The purposes of the processing (art. 15(1)(a)).
    pub purposes: Vec<String>,
    /// The legal bases, e.g. "wettelijke verplichting (artikel 6, lid 1,
    /// onder c, AVG)".
    pub legal_bases: Vec<String>,
    /// The recipients, by name (art. 15(1)(c); CJEU C-154/21); empty: none.
    pub recipients: Vec<String>,
    /// How long each category is kept (art. 15(1)(d)).
    pub retention: Vec<RetentionFacts>,
    /// Where the data came from when not from the subject (art.
    /// 15(1)(g)), e.g. "de vorige school (overstapdossier OSO)"; none: from
    /// the subject, or from their parents or the requester for them.
    pub source: Option<String>,
    /// Transfers outside the EEA and their safeguards (art. 15(2)); none:
    /// there are none.
    pub transfers: Option<String>,
}

/// How long one category is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RetentionFacts {
    /// The category, in words.
    pub category: String,
    /// The period or the criterion, e.g. "tot twee jaar na uitschrijving".
    pub period: String,
}

/// Something left out of the copy because giving it would harm others
/// (art. 15(4)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WithheldFacts {
    /// What was left out, described without giving it away.
    pub what: String,
    /// Why.
    pub why: String,
}
