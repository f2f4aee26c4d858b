//! The extension notice (GDPR art. 12(3), third sentence; the reglement's
//! "met kennisgeving"): the requester learns the new date and the reason
//! before the old date has passed.

use super::{Letter, LetterError, LetterKind, Letters};
use crate::lang::{long_date, Lang};
use chrono::NaiveDate;
use minijinja::Value;
use serde::Serialize;

/// What the extension notice says.
#[derive(Debug, Clone)]
pub struct ExtensionFacts<'a> {
    /// The case reference.
    pub reference: &'a str,
    /// The organisation's name.
    pub organisation: &'a str,
    /// The requester's name, if known.
    pub requester_name: Option<&'a str>,
    /// The due date before the extension.
    pub old_due: NaiveDate,
    /// The new due date.
    pub new_due: NaiveDate,
    /// Why more time is needed, as the officer wrote it.
    pub reason: &'a str,
}

/// The template's fields (see [`LetterKind::fields`]).
#[derive(Serialize)]
struct Fields<'a> {
    reference: &'a str,
    organisation: &'a str,
    requester_name: Option<&'a str>,
    old_due: String,
    new_due: String,
    reason: &'a str,
}

fn fields(f: &ExtensionFacts, lang: Lang) -> Value {
    Value::from(minijinja::value::Serde(Fields {
        reference: f.reference,
        organisation: f.organisation,
        requester_name: f.requester_name.filter(|s| !s.is_empty()),
        old_due: long_date(f.old_due, lang),
        new_due: long_date(f.new_due, lang),
        reason: f.reason.trim(),
    }))
}

impl Letters {
    /// Renders the extension notice in `lang`.
    pub fn extension_notice(&self, f: &ExtensionFacts, lang: Lang) -> Result<Letter, LetterError> {
        self.render(LetterKind::Extension, lang, fields(f, lang))
    }
}

/// The sample facts (see [`LetterKind::samples`]).
pub(super) fn samples(lang: Lang) -> Vec<(&'static str, Value)> {
    let named = ExtensionFacts {
        reference: "AVG-2026-0007",
        organisation: "Stichting Voorbeeld",
        requester_name: Some("Sanne de Vries"),
        old_due: NaiveDate::from_ymd_opt(2026, 3, 2).expect("a date"),
        new_due: NaiveDate::from_ymd_opt(2026, 3, 30).expect("a date"),
        reason: "  De gegevens staan in zes systemen.\n",
    };
    let anonymous = ExtensionFacts {
        requester_name: None,
        ..named.clone()
    };
    vec![
        ("extension", fields(&named, lang)),
        ("extension.anonymous", fields(&anonymous, lang)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notice_gives_reason_and_both_dates() {
        let f = ExtensionFacts {
            reference: "AVG-2026-0007",
            organisation: "Stichting Voorbeeld",
            requester_name: None,
            old_due: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            new_due: NaiveDate::from_ymd_opt(2026, 3, 30).unwrap(),
            reason: "De gegevens staan in zes systemen.",
        };
        let letters = Letters::builtin();
        let nl = letters.extension_notice(&f, Lang::Nl).unwrap();
        assert!(nl.body.contains("maandag 2 maart 2026"));
        assert!(nl.body.contains("uiterlijk op maandag 30 maart 2026"));
        assert!(nl.body.contains("De gegevens staan in zes systemen."));
        let en = letters.extension_notice(&f, Lang::En).unwrap();
        assert!(en.subject.contains("Extension"));
        assert!(en.body.contains("by Monday 30 March 2026"));
    }
}
