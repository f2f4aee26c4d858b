//! The second e-mail of an answer with a download link: the code to type
//! on the download page, sent to the verified address. It carries no link
//! and nothing personal beyond the addressee's name, so that this mail
//! alone opens nothing and the answer mail alone neither
//! (`shared/legal/answers.md` §5).

use super::{Letter, LetterError, LetterKind, Letters};
use crate::lang::{long_date, Lang};
use chrono::NaiveDate;
use minijinja::Value;
use serde::Serialize;

/// What the download code letter says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DownloadCodeFacts {
    /// The case reference (also in the answer mail).
    pub reference: String,
    /// The organisation's name.
    pub organisation: String,
    /// The name of the person the code goes to, if known.
    pub addressee_name: Option<String>,
    /// The code as the person types it.
    pub code: String,
    /// The last day the code (and the link) works, in the organisation's
    /// time zone.
    pub expires: NaiveDate,
}

/// The template's fields (see [`LetterKind::fields`]).
#[derive(Serialize)]
struct Fields<'a> {
    reference: &'a str,
    organisation: &'a str,
    addressee_name: Option<&'a str>,
    code: &'a str,
    expires: String,
}

fn fields(f: &DownloadCodeFacts, lang: Lang) -> Value {
    Value::from(minijinja::value::Serde(Fields {
        reference: &f.reference,
        organisation: &f.organisation,
        addressee_name: f
            .addressee_name
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty()),
        code: &f.code,
        expires: long_date(f.expires, lang),
    }))
}

impl Letters {
    /// Renders the letter with the code that opens the download link, in
    /// `lang`.
    pub fn download_code(&self, f: &DownloadCodeFacts, lang: Lang) -> Result<Letter, LetterError> {
        self.render(LetterKind::DownloadCode, lang, fields(f, lang))
    }
}

/// The sample facts (see [`LetterKind::samples`]): with and without a name.
pub(super) fn samples(lang: Lang) -> Vec<(&'static str, Value)> {
    let named = DownloadCodeFacts {
        reference: "AVG-2026-0005".into(),
        organisation: "Stichting Voorbeeld".into(),
        addressee_name: Some("Sanne de Vries".into()),
        code: "4821-7736".into(),
        expires: NaiveDate::from_ymd_opt(2026, 3, 6).expect("a date"),
    };
    let anonymous = DownloadCodeFacts {
        addressee_name: None,
        ..named.clone()
    };
    vec![
        ("download-code", fields(&named, lang)),
        ("download-code.anonymous", fields(&anonymous, lang)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_letter_has_the_code_and_its_last_day_but_no_link() {
        let f = DownloadCodeFacts {
            reference: "AVG-2026-0005".into(),
            organisation: "Stichting Voorbeeld".into(),
            addressee_name: Some("  ".into()),
            code: "4821-7736".into(),
            expires: NaiveDate::from_ymd_opt(2026, 3, 6).unwrap(),
        };
        for lang in [Lang::Nl, Lang::En] {
            let l = Letters::builtin().download_code(&f, lang).unwrap();
            assert!(l.body.contains("\n    4821-7736\n"), "{}", l.body);
            assert!(
                !l.subject.contains("4821"),
                "the code stays out of the subject"
            );
            assert!(!l.body.contains("://"), "{}", l.body);
            assert!(l.body.contains(&long_date(f.expires, lang)), "{}", l.body);
        }
        let nl = Letters::builtin().download_code(&f, Lang::Nl).unwrap();
        assert!(nl.body.starts_with("Geachte heer, mevrouw,"), "{}", nl.body);
    }
}
