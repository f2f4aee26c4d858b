//! Dates of birth: finding them after a label, parsing the formats people
//! write, and computing an age.
//!
//! Only dates right after a birth-date label count ("Geboortedatum:",
//! "date of birth", "né le"): a letter is full of other dates (its own date,
//! the date of an earlier request) that must never be taken for a birthday.
//! Numeric dates are read day first, as in all four languages' countries;
//! a US-style month-first date is not supported.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

/// A birth-date label, the date after it, and what comes before on the line.
static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?P<label>(?:geboortedatum|geboren(?:\s+op)?|date\s+of\s+birth|birth\s*date|d\.o\.b\.?|\bdob\b|born(?:\s+on)?|geburtsdatum|geboren\s+am|date\s+de\s+naissance|née?\s+le)\b|\bgeb\.)[^\n\d]{0,40}?(?P<date>\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\.?\s+\p{L}+\.?\s+\d{4}|\p{L}+\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})",
    )
    .expect("static regex")
});

static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})|(?P<y2>\d{4})-(?P<m2>\d{1,2})-(?P<d2>\d{1,2}))$")
        .expect("static regex")
});
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<d>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?P<mn>\p{L}+)\.?\s+(?P<y>\d{4})$")
        .expect("static regex")
});
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<mn>\p{L}+)\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})$")
        .expect("static regex")
});

/// Words that say a birth date belongs to the child, not to the writer.
static CHILD_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:zoon(?:tje)?|dochter(?:tje)?|kind|leerling|son|son's|daughter|daughter's|child|child's|his|her|pupil|sohn|sohnes|tochter|kindes|fils|fille|enfant|élève|hij|zij|ze|zijn|haar|he|she)\b")
        .expect("static regex")
});

/// Month names and common abbreviations in nl, en, de and fr.
const MONTHS: [&[&str]; 12] = [
    &[
        "januari", "january", "januar", "janvier", "jan", "janv", "jän", "jänner",
    ],
    &[
        "februari", "february", "februar", "février", "feb", "febr", "févr", "fevrier",
    ],
    &[
        "maart", "march", "märz", "mars", "mrt", "mar", "mär", "maerz",
    ],
    &["april", "avril", "apr", "avr"],
    &["mei", "may", "mai"],
    &["juni", "june", "juin", "jun"],
    &["juli", "july", "juillet", "jul", "juil"],
    &["augustus", "august", "août", "aug", "aout"],
    &["september", "septembre", "sep", "sept"],
    &["oktober", "october", "octobre", "okt", "oct"],
    &["november", "novembre", "nov"],
    &["december", "dezember", "décembre", "dec", "dez", "déc"],
];

/// A birth date found in a letter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FoundBirthDate {
    pub(crate) date: NaiveDate,
    /// Whether the line says it is a child's (a parent writing).
    pub(crate) of_child: bool,
    pub(crate) snippet: String,
}

/// Every labelled birth date in `text`, in order.
pub(crate) fn find_birth_dates(text: &str) -> Vec<FoundBirthDate> {
    LABELLED
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let date = parse_date(&c["date"])?;
            let line_start = text[..whole.start()].rfind('\n').map_or(0, |i| i + 1);
            let context = &text[line_start..c.name("date")?.start()];
            Some(FoundBirthDate {
                date,
                of_child: CHILD_CONTEXT.is_match(context) || form_of_child(text, line_start),
                snippet: whole
                    .as_str()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            })
        })
        .collect()
}

/// Whether the form block a line belongs to is about a child: on a form
/// ("Naam leerling: …\nGroep: 6a\nGeboortedatum: …") the birth date belongs
/// to the nearest name line above it in the same block of lines.
fn form_of_child(text: &str, line_start: usize) -> bool {
    text[..line_start]
        .lines()
        .rev()
        .take_while(|l| !l.trim().is_empty())
        .find(|l| NAME_LINE.is_match(l))
        .is_some_and(|l| CHILD_CONTEXT.is_match(l))
}

/// A form line that gives a name: "Naam: …", "Naam leerling: …", "Name: …".
static NAME_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:naam|name|nom)\b[^:\n]{0,30}:|^\s*(?:leerling|kind|child|pupil|student)\s*:",
    )
    .expect("static regex")
});

/// Parses 12-03-1984, 12/03/1984, 12.03.1984, 1984-03-12, "12 maart 1984",
/// "12. März 1984", "12 March 1984" and "March 12, 1984".
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let num = |c: &regex::Captures<'_>, a: &str, b: &str| -> Option<u32> {
        c.name(a).or_else(|| c.name(b))?.as_str().parse().ok()
    };
    if let Some(c) = NUMERIC.captures(text) {
        let y = num(&c, "y", "y2")? as i32;
        return NaiveDate::from_ymd_opt(y, num(&c, "m", "m2")?, num(&c, "d", "d2")?);
    }
    let c = DAY_MONTH
        .captures(text)
        .or_else(|| MONTH_DAY.captures(text))?;
    let month = month_number(&c["mn"])?;
    NaiveDate::from_ymd_opt(c["y"].parse().ok()?, month, c["d"].parse().ok()?)
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    MONTHS
        .iter()
        .position(|names| names.contains(&lower.as_str()))
        .map(|i| i as u32 + 1)
}

/// Age in whole years on `date` of someone born on `dob`; `None` if `date`
/// is before the birth. Someone born on 29 February turns a year older on
/// 1 March in common years.
pub fn age_on(dob: NaiveDate, date: NaiveDate) -> Option<u32> {
    if date < dob {
        return None;
    }
    let mut age = date.year() - dob.year();
    if (date.month(), date.day()) < (dob.month(), dob.day()) {
        age -= 1;
    }
    u32::try_from(age).ok()
}
