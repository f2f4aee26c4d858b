//! The acknowledgement: the requester learns that the request arrived, its
//! reference, and by when it will be answered.

use super::Letter;
use super::{LetterError, LetterKind, Letters};
use crate::lang::{long_date, Lang};
use chrono::NaiveDate;
use minijinja::Value;
use serde::Serialize;

/// What the acknowledgement says.
#[derive(Debug, Clone)]
pub struct AckFacts<'a> {
    /// The case reference.
    pub reference: &'a str,
    /// The organisation's name.
    pub organisation: &'a str,
    /// The requester's name, if known.
    pub requester_name: Option<&'a str>,
    /// The request's subject line.
    pub subject: Option<&'a str>,
    /// Receipt date in the organisation's time zone.
    pub received: NaiveDate,
    /// The effective due date.
    pub due: NaiveDate,
}

/// The template's fields (see [`LetterKind::fields`]).
#[derive(Serialize)]
struct Fields<'a> {
    reference: &'a str,
    organisation: &'a str,
    requester_name: Option<&'a str>,
    subject: Option<&'a str>,
    received: String,
    due: String,
}

fn fields(facts: &AckFacts, lang: Lang) -> Value {
    Value::from(minijinja::value::Serde(Fields {
        reference: facts.reference,
        organisation: facts.organisation,
        // An empty name or subject is no name or subject: the template
        // tests them with a plain `{% if %}`.
        requester_name: facts.requester_name.filter(|s| !s.is_empty()),
        subject: facts.subject.filter(|s| !s.is_empty()),
        received: long_date(facts.received, lang),
        due: long_date(facts.due, lang),
    }))
}

impl Letters {
    /// Renders the acknowledgement in `lang`.
    pub fn acknowledgement(&self, facts: &AckFacts, lang: Lang) -> Result<Letter, LetterError> {
        self.render(LetterKind::Acknowledgement, lang, fields(facts, lang))
    }
}

/// The sample facts (see [`LetterKind::samples`]).
pub(super) fn samples(lang: Lang) -> Vec<(&'static str, Value)> {
    let named = AckFacts {
        reference: "AVG-2026-0001",
        organisation: "Stichting Voorbeeld",
        requester_name: Some("Sanne de Vries"),
        subject: Some("Inzageverzoek"),
        received: NaiveDate::from_ymd_opt(2026, 1, 31).expect("a date"),
        due: NaiveDate::from_ymd_opt(2026, 2, 28).expect("a date"),
    };
    let anonymous = AckFacts {
        requester_name: None,
        subject: None,
        ..named.clone()
    };
    vec![
        ("acknowledgement", fields(&named, lang)),
        ("acknowledgement.anonymous", fields(&anonymous, lang)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> AckFacts<'static> {
        AckFacts {
            reference: "AVG-2026-0001",
            organisation: "Stichting Voorbeeld",
            requester_name: Some("Sanne de Vries"),
            subject: Some("Inzageverzoek"),
            received: NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
            due: NaiveDate::from_ymd_opt(2026, 2, 28).unwrap(),
        }
    }

    fn acknowledgement(facts: &AckFacts, lang: Lang) -> Letter {
        Letters::builtin().acknowledgement(facts, lang).unwrap()
    }

    #[test]
    fn the_dutch_acknowledgement_names_reference_receipt_and_due_date() {
        let l = acknowledgement(&facts(), Lang::Nl);
        assert_eq!(
            l.subject,
            "[AVG-2026-0001] Ontvangstbevestiging: Inzageverzoek"
        );
        assert!(l.body.starts_with("Beste Sanne de Vries,"));
        assert!(l.body.contains("zaterdag 31 januari 2026"));
        assert!(l.body.contains("uiterlijk op zaterdag 28 februari 2026"));
        assert!(l.body.ends_with("Stichting Voorbeeld\n"));
    }

    #[test]
    fn the_english_acknowledgement_says_the_same() {
        let l = acknowledgement(&facts(), Lang::En);
        assert!(l.subject.starts_with("[AVG-2026-0001] Acknowledgement"));
        assert!(l.body.contains("Saturday 31 January 2026"));
        assert!(l.body.contains("by Saturday 28 February 2026"));
    }
}
