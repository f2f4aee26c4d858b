//! Easter Sunday by the Gregorian computus.
//!
//! Four of the Dutch holidays hang off Easter (tweede Paasdag, Hemelvaartsdag,
//! tweede Pinksterdag and the opt-in Goede Vrijdag), so the whole calendar
//! depends on getting this one date right. We use the anonymous Gregorian
//! algorithm as published by Meeus (after Jones and Butcher): pure integer
//! arithmetic, valid for every Gregorian year, no table to go stale.

use chrono::NaiveDate;

/// Easter Sunday of `year` in the Gregorian calendar (Meeus/Jones/Butcher).
///
/// Valid for any year chrono can represent; years before 1583 get the
/// proleptic Gregorian date, which nobody will file a GDPR request in.
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let month = (h + l - 7 * m + 114).div_euclid(31);
    let day = (h + l - 7 * m + 114).rem_euclid(31) + 1;
    // The algorithm only ever yields 22 March ..= 25 April, which always exist.
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
        .expect("the computus yields a date between 22 March and 25 April")
}

#[cfg(test)]
mod tests {
    use super::easter_sunday;
    use chrono::NaiveDate;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn easter_matches_known_extremes_and_century_years() {
        // Arrange: dates outside the 2024-2035 table of the holiday tests,
        // including the earliest and latest possible Easter.
        let known = [
            (1818, ymd(1818, 3, 22)),
            (1943, ymd(1943, 4, 25)),
            (2000, ymd(2000, 4, 23)),
            (2008, ymd(2008, 3, 23)),
            (2019, ymd(2019, 4, 21)),
            (2038, ymd(2038, 4, 25)),
            (2100, ymd(2100, 3, 28)),
        ];
        for (year, expected) in known {
            // Act / Assert
            assert_eq!(easter_sunday(year), expected, "Easter {year}");
        }
    }
}
