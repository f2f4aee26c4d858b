//! The notice to a recipient after a rectification, erasure or
//! restriction (GDPR art. 19; reglement 8.3.2; `shared/legal/answers.md`
//! §4): to an organisation that received the subject's data, saying whom it
//! is about, what was done and when, asking it to do the same in its own
//! records, with the reference to quote.
//!
//! Unlike the letters to requesters, it must name the person — the
//! recipient cannot find the records otherwise — but only as the facts
//! describe them (a name and the identifiers the recipient knows), and
//! nothing of the request beyond what was done.

use super::reply::{done_fields, DoneFields};
use super::{DoneFacts, Letter, LetterError, LetterKind, Letters};
use crate::lang::Lang;
use chrono::NaiveDate;
use minijinja::Value;
use serde::Serialize;

/// What the notice to a recipient says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecipientNoticeFacts {
    /// The case reference, for the recipient to quote.
    pub reference: String,
    /// The organisation's name.
    pub organisation: String,
    /// The recipient's name, e.g. "DUO".
    pub recipient: String,
    /// Whom it is about, as the recipient knows them, e.g. "Daan de Vries
    /// (leerlingnummer 100017)".
    pub person: String,
    /// What was done, where and when; for a correction the new value.
    pub done: Vec<DoneFacts>,
}

/// The template's fields (see [`LetterKind::fields`]).
#[derive(Serialize)]
struct Fields<'a> {
    reference: &'a str,
    organisation: &'a str,
    recipient: &'a str,
    person: &'a str,
    done: Vec<DoneFields<'a>>,
}

fn fields(f: &RecipientNoticeFacts, lang: Lang) -> Value {
    Value::from(minijinja::value::Serde(Fields {
        reference: &f.reference,
        organisation: &f.organisation,
        recipient: &f.recipient,
        person: &f.person,
        done: done_fields(&f.done, lang),
    }))
}

impl Letters {
    /// Renders the art. 19 notice to a recipient in `lang`.
    pub fn recipient_notice(
        &self,
        f: &RecipientNoticeFacts,
        lang: Lang,
    ) -> Result<Letter, LetterError> {
        self.render(LetterKind::RecipientNotice, lang, fields(f, lang))
    }
}

/// The sample facts (see [`LetterKind::samples`]): one correction, and an
/// erasure with a restriction.
pub(super) fn samples(lang: Lang) -> Vec<(&'static str, Value)> {
    let on = |d| NaiveDate::from_ymd_opt(2026, 2, d).expect("a date");
    let t = |nl: &str, en: &str| match lang {
        Lang::Nl => nl.to_owned(),
        Lang::En => en.to_owned(),
    };
    let correction = RecipientNoticeFacts {
        reference: "AVG-2026-0007".into(),
        organisation: "Stichting Voorbeeld".into(),
        recipient: "DUO".into(),
        person: t(
            "Daan de Vries (leerlingnummer 100017, geboren 12 maart 2017)",
            "Daan de Vries (student number 100017, born 12 March 2017)",
        ),
        done: vec![DoneFacts {
            system: "ParnasSys".into(),
            what: t(
                "geboortedatum verbeterd van 21 maart 2017 in 12 maart 2017",
                "date of birth corrected from 21 March 2017 to 12 March 2017",
            ),
            on: on(3),
        }],
    };
    let several = RecipientNoticeFacts {
        reference: "AVG-2026-0009".into(),
        recipient: "Samenwerkingsverband Passend Onderwijs Voorbeeldstad".into(),
        done: vec![
            DoneFacts {
                system: "ParnasSys".into(),
                what: t(
                    "het verslag van het leerlinggesprek van 14 oktober 2025 gewist",
                    "the report of the pupil interview of 14 October 2025 erased",
                ),
                on: on(10),
            },
            DoneFacts {
                system: "ParnasSys".into(),
                what: t(
                    "het woonadres beperkt: het wordt niet gebruikt tot de juistheid is nagegaan",
                    "the home address restricted: it is not used until its accuracy is checked",
                ),
                on: on(10),
            },
        ],
        ..correction.clone()
    };
    vec![
        ("recipient-notice", fields(&correction, lang)),
        ("recipient-notice.several", fields(&several, lang)),
    ]
}
