//! Refusals (GDPR art. 12(4)): the reasons, with ground and article, the
//! right to complain to the Autoriteit Persoonsgegevens and the judicial
//! remedy (`shared/legal/answers.md` §3.0). The remedy depends on what the
//! organisation is: a private foundation's answer is open to a petition to
//! the district court (UAVG art. 35), a bestuursorgaan's answer is an Awb
//! besluit open to bezwaar (UAVG art. 34). The internal complaint route may
//! be offered, never as a step before those.

use super::{Letter, LetterError, LetterKind, Letters};
use crate::lang::{long_date, Lang};
use chrono::NaiveDate;
use minijinja::Value;
use serde::Serialize;

/// What a letter that does not act on a request says about the ways to
/// contest it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Remedies<'a> {
    /// `organisation.bestuursorgaan`: bezwaar instead of the court.
    pub bestuursorgaan: bool,
    /// Where the organisation's own complaint procedure is found (a web
    /// address, or a sentence), offered as optional; none leaves it out.
    pub complaints: Option<&'a str>,
}

/// What the refusal for identity not confirmed says (answers.md ans-004).
#[derive(Debug, Clone)]
pub struct IdentityRefusalFacts<'a> {
    /// The case reference.
    pub reference: &'a str,
    /// The organisation's name.
    pub organisation: &'a str,
    /// The requester's name, if known.
    pub requester_name: Option<&'a str>,
    /// Receipt date of the request.
    pub received: NaiveDate,
    /// When the requester was asked to confirm their identity.
    pub asked: NaiveDate,
    /// The ways to contest the refusal.
    pub remedies: Remedies<'a>,
}

#[derive(Serialize)]
struct Fields<'a> {
    reference: &'a str,
    organisation: &'a str,
    requester_name: Option<&'a str>,
    received: String,
    asked: String,
    bestuursorgaan: bool,
    complaints: Option<&'a str>,
}

/// An empty complaint route is none: the templates test it with `{% if %}`.
pub(super) fn complaints<'a>(r: &Remedies<'a>) -> Option<&'a str> {
    r.complaints.map(str::trim).filter(|s| !s.is_empty())
}

fn fields(f: &IdentityRefusalFacts, lang: Lang) -> Value {
    Value::from(minijinja::value::Serde(Fields {
        reference: f.reference,
        organisation: f.organisation,
        requester_name: f.requester_name.filter(|s| !s.is_empty()),
        received: long_date(f.received, lang),
        asked: long_date(f.asked, lang),
        bestuursorgaan: f.remedies.bestuursorgaan,
        complaints: complaints(&f.remedies),
    }))
}

impl Letters {
    /// Renders the art. 12(4) refusal for identity not confirmed in `lang`.
    pub fn refusal_identity(
        &self,
        f: &IdentityRefusalFacts,
        lang: Lang,
    ) -> Result<Letter, LetterError> {
        self.render(LetterKind::RefusalIdentity, lang, fields(f, lang))
    }
}

/// A complaint route for the samples.
pub(super) fn sample_complaints(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "zie de klachtenregeling op voorbeeld.example/klachten",
        Lang::En => "see the complaints procedure at voorbeeld.example/klachten",
    }
}

/// The sample facts (see [`LetterKind::samples`]): a private foundation
/// without a complaint route, and a bestuursorgaan with one.
pub(super) fn samples(lang: Lang) -> Vec<(&'static str, Value)> {
    let private = IdentityRefusalFacts {
        reference: "AVG-2026-0002",
        organisation: "Stichting Voorbeeld",
        requester_name: Some("Sanne de Vries"),
        received: NaiveDate::from_ymd_opt(2026, 2, 2).expect("a date"),
        asked: NaiveDate::from_ymd_opt(2026, 2, 3).expect("a date"),
        remedies: Remedies::default(),
    };
    let public = IdentityRefusalFacts {
        requester_name: None,
        remedies: Remedies {
            bestuursorgaan: true,
            complaints: Some(sample_complaints(lang)),
        },
        ..private.clone()
    };
    vec![
        ("refusal-identity", fields(&private, lang)),
        ("refusal-identity.bestuursorgaan", fields(&public, lang)),
    ]
}
