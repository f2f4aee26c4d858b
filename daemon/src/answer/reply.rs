//! The answer: one letter per case that says, right by right, what dsrd and
//! the privacy officer did with the request (`shared/legal/answers.md` §3),
//! in this order: access (art. 15), portability (20), rectification (16),
//! erasure (17), restriction (18), objection (21), consent withdrawal
//! (7(3)), automated decisions (22); then what was refused and why
//! (12(4)); then the recipients told (19); then the ways to contest it.
//!
//! Everything the letter states about the processing comes from the facts
//! — the processing register and what the plugins reported — and never
//! from the template: a section whose facts are absent is left out, not
//! filled in. The data themselves are not in the letter; they are in the
//! package behind the download link, whose code comes in a second e-mail
//! ([`super::DownloadCodeFacts`]). The `pupil` flag turns every section
//! into plain words for a pupil who asked (GDPR art. 12(1)).

mod access;
mod changes;
mod fields;
mod recipients;
mod samples;

pub use access::{AccessFacts, RetentionFacts, SystemFacts, WithheldFacts};
pub use changes::{ChangeFacts, DoneFacts, ErasureFacts, KeptFacts};
pub use recipients::{ExemptFacts, RecipientFacts, ToldFacts};

pub(super) use fields::{done_fields, DoneFields};
pub(super) use samples::samples;

use super::{Letter, LetterError, LetterKind, Letters};
use crate::lang::Lang;
use chrono::NaiveDate;
use serde::Serialize;
use std::path::PathBuf;

/// What the answer to a request says. A right the case did not ask for is
/// `None` and its section is left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerFacts {
    /// The case reference.
    pub reference: String,
    /// The organisation's name.
    pub organisation: String,
    /// The requester's name, if known.
    pub requester_name: Option<String>,
    /// Whose data, when the requester asks for someone else (a parent for a
    /// child); None when for themselves.
    pub subject_name: Option<String>,
    /// The requester is a pupil: every section in plain words, addressed
    /// informally (GDPR art. 12(1)).
    pub pupil: bool,
    /// Receipt date of the request, in the organisation's time zone.
    pub received: NaiveDate,
    /// The date of the answer (the letter is dated with it).
    pub answered: NaiveDate,
    /// `organisation.bestuursorgaan`: bezwaar instead of the court (as in
    /// [`super::Remedies`]).
    pub bestuursorgaan: bool,
    /// Where the organisation's own complaint procedure is found, offered
    /// as optional; none (or blank) leaves it out.
    pub complaints: Option<String>,
    /// The download link to the package, when there is one.
    pub download: Option<DownloadFacts>,
    /// Access (art. 15).
    pub access: Option<AccessFacts>,
    /// Portability (art. 20; reglement 8.7).
    pub portability: Option<PortabilityFacts>,
    /// Rectification (art. 16).
    pub rectification: Option<ChangeFacts>,
    /// Erasure (art. 17).
    pub erasure: Option<ErasureFacts>,
    /// Restriction (art. 18).
    pub restriction: Option<ChangeFacts>,
    /// Objection (art. 21).
    pub objection: Option<DecisionFacts>,
    /// Withdrawal of consent (art. 7(3)).
    pub consent_withdrawal: Option<DecisionFacts>,
    /// Whether solely automated decisions are taken (art. 22). Required
    /// whenever `access` is given, because an access answer must say it
    /// (art. 15(1)(h)); its section then also stands in the letter.
    pub automated_decisions: Option<AutomatedFacts>,
    /// What was refused or not done, with the reasons: non-empty adds the
    /// partial refusal block (art. 12(4)).
    pub refused: Vec<RefusedFacts>,
    /// Whom the rectification, erasure or restriction was passed on to
    /// (art. 19).
    pub recipients: RecipientFacts,
}

/// The link to the data package. The code that opens it goes in a second
/// e-mail, so that neither mail alone gives the package away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DownloadFacts {
    /// The link with its one-time token.
    pub link: String,
    /// The last day the link works, in the organisation's time zone.
    pub expires: NaiveDate,
}

/// What the portability section says (art. 20; reglement 8.7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PortabilityFacts {
    /// The systems the exported data come from.
    pub systems: Vec<String>,
    /// The formats in the package, in words (e.g. "JSON, with a
    /// description of every field", "CSV, one file per table").
    pub formats: Vec<String>,
    /// Which part is the statutory right (art. 20 covers only what the
    /// subject provided, on consent or contract, not public-task data) and
    /// what the reglement (8.7) adds, in the letter's language.
    pub statutory_scope: String,
}

/// The outcome of an objection or a withdrawal of consent: what the
/// officer decided and did, as noted on the task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionFacts {
    /// The officer's note, in the letter's language.
    pub outcome: String,
}

/// Whether solely automated decisions with legal or similarly significant
/// effects are taken (arts. 15(1)(h), 22).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AutomatedFacts {
    /// Such decisions are taken about the subject.
    pub exist: bool,
    /// The logic involved and what it means for the subject (C-203/22), or
    /// a note such as who decides instead when none exist.
    pub explanation: Option<String>,
}

/// One part of the request that was refused or not done (art. 12(4)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefusedFacts {
    /// What was not done.
    pub what: String,
    /// Why, with the ground and the article.
    pub reason: String,
}

impl Letters {
    /// Renders the answer to a request in `lang`.
    ///
    /// # Errors
    /// As every letter, when the template does not render; and when the
    /// answer gives access without saying whether automated decisions are
    /// taken (`automated_decisions` is `None`), which art. 15(1)(h)
    /// requires and no template may guess.
    pub fn answer(&self, f: &AnswerFacts, lang: Lang) -> Result<Letter, LetterError> {
        if f.access.is_some() && f.automated_decisions.is_none() {
            return Err(LetterError {
                file: PathBuf::from("(the answer's facts)"),
                line: None,
                column: None,
                message: "an answer to an access request says whether automated decisions are \
                          taken (GDPR art. 15(1)(h)): automated_decisions is missing"
                    .into(),
                fields: None,
            });
        }
        self.render(LetterKind::Answer, lang, fields::fields(f, lang))
    }
}

#[cfg(test)]
mod tests;
