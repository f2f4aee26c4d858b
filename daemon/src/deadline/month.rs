//! Calendar-month and day arithmetic under Regulation 1182/71 art. 3(2)(c).
//!
//! A month period ends on the day with the same day-number in the last month,
//! or on that month's last day when the number does not exist there. That is
//! *not* "30 days" and *not* "+1 day then +1 month"; both give wrong dates
//! around month ends (deadlines.md §4.1).

use chrono::{Datelike, Days, Months, NaiveDate};

/// The result of adding months: the end date and, when the target month was
/// too short, the day-number it lacked (so the explanation can name the clamp).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthEnd {
    /// The last day of the period.
    pub date: NaiveDate,
    /// `Some(31)` when the start was the 31st and the target month has no 31st.
    pub clamped_from: Option<u32>,
}

/// `start` plus `n` calendar months, clamped to the target month's last day.
///
/// Saturates at chrono's last representable date instead of panicking: the
/// engine is fed timestamps from mail, and a corrupt one must not take the
/// daemon down.
pub fn add_months(start: NaiveDate, n: u32) -> MonthEnd {
    // chrono's `checked_add_months` already clamps to the month's last day,
    // which is exactly the art. 3(2)(c) rule; we only detect that it happened.
    let date = start
        .checked_add_months(Months::new(n))
        .unwrap_or(NaiveDate::MAX);
    let clamped_from = (date.day() != start.day() && date != NaiveDate::MAX).then(|| start.day());
    MonthEnd { date, clamped_from }
}

/// `start` plus `n` calendar days, saturating at chrono's last date.
pub fn add_days(start: NaiveDate, n: u64) -> NaiveDate {
    start
        .checked_add_days(Days::new(n))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn one_month_after_31_january_is_the_last_day_of_february() {
        assert_eq!(
            add_months(ymd(2026, 1, 31), 1),
            MonthEnd {
                date: ymd(2026, 2, 28),
                clamped_from: Some(31)
            }
        );
        assert_eq!(add_months(ymd(2028, 1, 31), 1).date, ymd(2028, 2, 29));
    }

    #[test]
    fn a_day_number_that_exists_is_kept_without_clamp() {
        assert_eq!(
            add_months(ymd(2026, 3, 5), 1),
            MonthEnd {
                date: ymd(2026, 4, 5),
                clamped_from: None
            }
        );
        assert_eq!(add_months(ymd(2026, 12, 31), 1).date, ymd(2027, 1, 31));
    }

    #[test]
    fn two_months_from_a_clamped_end_keep_the_clamped_day_number() {
        // 28 Feb + 2 months is 28 Apr, not 30 Apr: the extension counts from
        // the unrolled end E0 (deadlines.md §4.2 step 5).
        assert_eq!(add_months(ymd(2026, 2, 28), 2).date, ymd(2026, 4, 28));
        assert_eq!(
            add_months(ymd(2026, 12, 31), 2),
            MonthEnd {
                date: ymd(2027, 2, 28),
                clamped_from: Some(31)
            }
        );
    }

    #[test]
    fn adding_beyond_the_last_date_saturates() {
        assert_eq!(add_months(NaiveDate::MAX, 1).date, NaiveDate::MAX);
        assert_eq!(add_days(NaiveDate::MAX, 1), NaiveDate::MAX);
    }
}
