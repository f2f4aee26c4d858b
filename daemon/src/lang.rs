//! The languages dsrd writes letters and explanations in, and how dates read
//! in them. Requests in other languages are answered in the organisation's
//! default language.
//!
//! chrono only names weekdays and months in English unless its
//! `unstable-locales` feature is on; writing the fourteen Dutch words out
//! here is smaller than that dependency and cannot change under us.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A letter language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Dutch.
    Nl,
    /// English.
    En,
}

impl Lang {
    /// The language to answer a request written in `language`: Dutch and
    /// English in kind, German and French in the organisation's `default`.
    pub fn answering(language: crate::classify::Language, default: Lang) -> Lang {
        match language {
            crate::classify::Language::Nl => Lang::Nl,
            crate::classify::Language::En => Lang::En,
            _ => default,
        }
    }

    /// ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A language code dsrd cannot write letters in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("dsrd writes letters in \"nl\" and \"en\", not {0:?}")]
pub struct UnsupportedLang(pub String);

impl FromStr for Lang {
    type Err = UnsupportedLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "nl" => Ok(Lang::Nl),
            "en" => Ok(Lang::En),
            other => Err(UnsupportedLang(other.to_owned())),
        }
    }
}

/// The weekday's name, lower case in Dutch as Dutch writes it.
pub fn weekday_name(day: Weekday, lang: Lang) -> &'static str {
    let i = day.num_days_from_monday() as usize;
    match lang {
        Lang::Nl => [
            "maandag",
            "dinsdag",
            "woensdag",
            "donderdag",
            "vrijdag",
            "zaterdag",
            "zondag",
        ][i],
        Lang::En => [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][i],
    }
}

/// The month's name (1-based month number).
pub fn month_name(month: u32, lang: Lang) -> &'static str {
    let i = (month - 1) as usize;
    match lang {
        Lang::Nl => [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ][i],
        Lang::En => [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ][i],
    }
}

/// "28 February 2026" / "28 februari 2026".
pub fn date(d: NaiveDate, lang: Lang) -> String {
    format!("{} {} {}", d.day(), month_name(d.month(), lang), d.year())
}

/// "Monday 2 March 2026" / "maandag 2 maart 2026".
pub fn long_date(d: NaiveDate, lang: Lang) -> String {
    format!("{} {}", weekday_name(d.weekday(), lang), date(d, lang))
}

/// "Monday 2 March 2026 at 09:05" / "maandag 2 maart 2026 om 09:05": a
/// moment as a person reads it on a clock where they are.
pub fn long_date_time(t: NaiveDateTime, lang: Lang) -> String {
    let at = match lang {
        Lang::Nl => "om",
        Lang::En => "at",
    };
    format!("{} {at} {}", long_date(t.date(), lang), t.format("%H:%M"))
}

/// "31st" / "31e": the day number a short month lacks.
pub fn ordinal(n: u32, lang: Lang) -> String {
    match lang {
        Lang::Nl => format!("{n}e"),
        Lang::En => {
            let suffix = match (n % 10, n % 100) {
                (1, 11) | (2, 12) | (3, 13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
    }
}

/// Singular or plural noun for a count, e.g. "1 day" / "7 days".
pub fn count(n: i64, lang: Lang, en: (&str, &str), nl: (&str, &str)) -> String {
    let (one, many) = match lang {
        Lang::En => en,
        Lang::Nl => nl,
    };
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Language;

    #[test]
    fn requests_are_answered_in_kind_or_in_the_default_language() {
        assert_eq!(Lang::answering(Language::Nl, Lang::En), Lang::Nl);
        assert_eq!(Lang::answering(Language::En, Lang::Nl), Lang::En);
        assert_eq!(Lang::answering(Language::De, Lang::En), Lang::En);
        assert_eq!(Lang::answering(Language::Fr, Lang::Nl), Lang::Nl);
    }

    #[test]
    fn a_moment_reads_as_date_and_clock_time() {
        let t = NaiveDate::from_ymd_opt(2026, 3, 2)
            .unwrap()
            .and_hms_opt(9, 5, 59)
            .unwrap();
        assert_eq!(long_date_time(t, Lang::Nl), "maandag 2 maart 2026 om 09:05");
        assert_eq!(long_date_time(t, Lang::En), "Monday 2 March 2026 at 09:05");
    }
}
