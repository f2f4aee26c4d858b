//! The letters of "code to an address on file" (`shared/legal/answers.md`
//! §1): the one-time code, mailed to an address the organisation holds for
//! the person and never to one it does not, and the reminder when nobody has
//! answered it. They carry no personal data beyond the addressee's name —
//! not the child's, not the request's content — because the mailbox they
//! go to is exactly what is not yet known to be the requester's.

use super::{Letter, LetterError, LetterKind, Letters};
use crate::lang::{long_date, long_date_time, Lang};
use chrono::{DateTime, NaiveDate, TimeZone};
use chrono_tz::Tz;
use minijinja::Value;
use serde::Serialize;

/// What the code letter says.
#[derive(Debug, Clone)]
pub struct CodeFacts<'a> {
    /// The case reference (the reply threads on it).
    pub reference: &'a str,
    /// The organisation's name.
    pub organisation: &'a str,
    /// The name on file for the address the code goes to, if any.
    pub addressee_name: Option<&'a str>,
    /// The code as the person types it (`IssuedCode::code`, `ABCD-EFGH`).
    pub code: &'a str,
    /// Receipt date of the request in the organisation's time zone.
    pub received: NaiveDate,
    /// Until when an answer counts, in the organisation's time zone (so the
    /// letter shows the clock time where the reader is).
    pub expires: DateTime<Tz>,
}

/// What the reminder says: never the code itself, which dsrd no longer has.
#[derive(Debug, Clone)]
pub struct CodeReminderFacts<'a> {
    /// The case reference.
    pub reference: &'a str,
    /// The organisation's name.
    pub organisation: &'a str,
    /// The name on file for the address the reminder goes to, if any.
    pub addressee_name: Option<&'a str>,
    /// When the code was sent, in the organisation's time zone.
    pub sent: NaiveDate,
    /// Until when the code is valid.
    pub expires: DateTime<Tz>,
}

#[derive(Serialize)]
struct CodeFields<'a> {
    reference: &'a str,
    organisation: &'a str,
    addressee_name: Option<&'a str>,
    code: &'a str,
    received: String,
    expires: String,
}

#[derive(Serialize)]
struct ReminderFields<'a> {
    reference: &'a str,
    organisation: &'a str,
    addressee_name: Option<&'a str>,
    sent: String,
    expires: String,
}

fn code_fields(f: &CodeFacts, lang: Lang) -> Value {
    Value::from(minijinja::value::Serde(CodeFields {
        reference: f.reference,
        organisation: f.organisation,
        addressee_name: f.addressee_name.filter(|s| !s.is_empty()),
        code: f.code,
        received: long_date(f.received, lang),
        expires: long_date_time(f.expires.naive_local(), lang),
    }))
}

fn reminder_fields(f: &CodeReminderFacts, lang: Lang) -> Value {
    Value::from(minijinja::value::Serde(ReminderFields {
        reference: f.reference,
        organisation: f.organisation,
        addressee_name: f.addressee_name.filter(|s| !s.is_empty()),
        sent: long_date(f.sent, lang),
        expires: long_date_time(f.expires.naive_local(), lang),
    }))
}

impl Letters {
    /// Renders the letter carrying a one-time code in `lang`.
    pub fn identity_code(&self, f: &CodeFacts, lang: Lang) -> Result<Letter, LetterError> {
        self.render(LetterKind::IdentityCode, lang, code_fields(f, lang))
    }

    /// Renders the reminder that a code is still unanswered in `lang`.
    pub fn identity_reminder(
        &self,
        f: &CodeReminderFacts,
        lang: Lang,
    ) -> Result<Letter, LetterError> {
        self.render(LetterKind::IdentityReminder, lang, reminder_fields(f, lang))
    }
}

fn sample_expires() -> DateTime<Tz> {
    chrono_tz::Europe::Amsterdam
        .with_ymd_and_hms(2026, 2, 9, 14, 30, 0)
        .single()
        .expect("an unambiguous time")
}

/// The sample facts of the code letter (see [`LetterKind::samples`]).
pub(super) fn code_samples(lang: Lang) -> Vec<(&'static str, Value)> {
    let named = CodeFacts {
        reference: "AVG-2026-0002",
        organisation: "Stichting Voorbeeld",
        addressee_name: Some("Sanne de Vries"),
        code: "K7MX-R4TQ",
        received: NaiveDate::from_ymd_opt(2026, 2, 2).expect("a date"),
        expires: sample_expires(),
    };
    let anonymous = CodeFacts {
        addressee_name: None,
        ..named.clone()
    };
    vec![
        ("identity-code", code_fields(&named, lang)),
        ("identity-code.anonymous", code_fields(&anonymous, lang)),
    ]
}

/// The sample facts of the reminder (see [`LetterKind::samples`]).
pub(super) fn reminder_samples(lang: Lang) -> Vec<(&'static str, Value)> {
    let named = CodeReminderFacts {
        reference: "AVG-2026-0002",
        organisation: "Stichting Voorbeeld",
        addressee_name: Some("Sanne de Vries"),
        sent: NaiveDate::from_ymd_opt(2026, 2, 2).expect("a date"),
        expires: sample_expires(),
    };
    let anonymous = CodeReminderFacts {
        addressee_name: None,
        ..named.clone()
    };
    vec![
        ("identity-reminder", reminder_fields(&named, lang)),
        (
            "identity-reminder.anonymous",
            reminder_fields(&anonymous, lang),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_letter_shows_the_code_and_its_expiry_in_local_time() {
        // 13:30 UTC is 14:30 in Amsterdam in February.
        let expires = chrono::Utc
            .with_ymd_and_hms(2026, 2, 9, 13, 30, 0)
            .unwrap()
            .with_timezone(&chrono_tz::Europe::Amsterdam);
        let f = CodeFacts {
            reference: "AVG-2026-0002",
            organisation: "Stichting Voorbeeld",
            addressee_name: Some(""),
            code: "K7MX-R4TQ",
            received: NaiveDate::from_ymd_opt(2026, 2, 2).unwrap(),
            expires,
        };
        let nl = Letters::builtin().identity_code(&f, Lang::Nl).unwrap();
        assert!(nl.body.starts_with("Geachte heer, mevrouw,"), "{}", nl.body);
        assert!(nl.body.contains("\n    K7MX-R4TQ\n"), "{}", nl.body);
        assert!(
            nl.body
                .contains("geldig tot maandag 9 februari 2026 om 14:30"),
            "{}",
            nl.body
        );
        assert!(
            !nl.subject.contains("K7MX"),
            "the code stays out of the subject"
        );
    }

    #[test]
    fn the_reminder_carries_no_code() {
        let f = CodeReminderFacts {
            reference: "AVG-2026-0002",
            organisation: "Stichting Voorbeeld",
            addressee_name: None,
            sent: NaiveDate::from_ymd_opt(2026, 2, 2).unwrap(),
            expires: sample_expires(),
        };
        let en = Letters::builtin().identity_reminder(&f, Lang::En).unwrap();
        assert!(en
            .body
            .contains("On Monday 2 February 2026 we sent you a code"));
        assert!(en
            .body
            .contains("valid until Monday 9 February 2026 at 14:30"));
    }
}
