//! Dates as people write them in letters: "5 maart 2026", "5 March 2026".

use crate::lang::Lang;
use chrono::{Datelike, NaiveDate};

const NL_MONTHS: [&str; 12] = [
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
];
const EN_MONTHS: [&str; 12] = [
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
];
const NL_DAYS: [&str; 7] = [
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
];
const EN_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// "maandag 2 maart 2026" / "Monday 2 March 2026".
pub fn long_date(date: NaiveDate, lang: Lang) -> String {
    let (days, months) = match lang {
        Lang::Nl => (NL_DAYS, NL_MONTHS),
        Lang::En => (EN_DAYS, EN_MONTHS),
    };
    format!(
        "{} {} {} {}",
        days[date.weekday().num_days_from_monday() as usize],
        date.day(),
        months[date.month0() as usize],
        date.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_out_in_both_languages() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        assert_eq!(long_date(d, Lang::Nl), "maandag 2 maart 2026");
        assert_eq!(long_date(d, Lang::En), "Monday 2 March 2026");
    }
}
