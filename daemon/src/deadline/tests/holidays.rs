//! The `nl-atw` calendar against a table written by hand from Atw art. 3(1)
//! for 2024–2035, and the opt-in days.
//!
//! The Easter Sundays below are the published dates; every moveable feast is
//! worked out from them by hand (Monday +1, Ascension +39, Whit Monday +50),
//! not by the code under test.

use super::super::Calendar;
use super::ymd;
use chrono::{Datelike, NaiveDate};

/// (year, Easter Sunday (m, d), Easter Monday, Ascension, Whit Monday, Koningsdag).
type Row = (
    i32,
    (u32, u32),
    (u32, u32),
    (u32, u32),
    (u32, u32),
    (u32, u32),
);

const TABLE: [Row; 12] = [
    (2024, (3, 31), (4, 1), (5, 9), (5, 20), (4, 27)),
    (2025, (4, 20), (4, 21), (5, 29), (6, 9), (4, 26)), // 27 Apr is a Sunday
    (2026, (4, 5), (4, 6), (5, 14), (5, 25), (4, 27)),
    (2027, (3, 28), (3, 29), (5, 6), (5, 17), (4, 27)),
    (2028, (4, 16), (4, 17), (5, 25), (6, 5), (4, 27)),
    (2029, (4, 1), (4, 2), (5, 10), (5, 21), (4, 27)),
    (2030, (4, 21), (4, 22), (5, 30), (6, 10), (4, 27)),
    (2031, (4, 13), (4, 14), (5, 22), (6, 2), (4, 26)), // 27 Apr is a Sunday
    (2032, (3, 28), (3, 29), (5, 6), (5, 17), (4, 27)),
    (2033, (4, 17), (4, 18), (5, 26), (6, 6), (4, 27)),
    (2034, (4, 9), (4, 10), (5, 18), (5, 29), (4, 27)),
    (2035, (3, 25), (3, 26), (5, 3), (5, 14), (4, 27)),
];

/// Every Atw holiday of `row`'s year with its expected Dutch name.
fn expected(row: &Row) -> Vec<(NaiveDate, &'static str)> {
    let (y, _, monday, ascension, whit, koningsdag) = *row;
    let d = |(m, day): (u32, u32)| ymd(y, m, day);
    vec![
        (d((1, 1)), "Nieuwjaarsdag"),
        (d(monday), "tweede Paasdag"),
        (d(koningsdag), "Koningsdag"),
        (d((5, 5)), "Bevrijdingsdag"),
        (d(ascension), "Hemelvaartsdag"),
        (d(whit), "tweede Pinksterdag"),
        (d((12, 25)), "eerste Kerstdag"),
        (d((12, 26)), "tweede Kerstdag"),
    ]
}

#[test]
fn nl_atw_holidays_2024_to_2035_are_exactly_the_hand_made_table() {
    // Arrange
    let calendar = Calendar::nl_atw();
    for row in &TABLE {
        let holidays = expected(row);
        let mut day = ymd(row.0, 1, 1);
        // Act / Assert: every day of the year, both directions, so an extra
        // holiday (Good Friday, 28 April, a substitute day) fails as well.
        while day.year() == row.0 {
            let want = holidays.iter().find(|(d, _)| *d == day).map(|(_, n)| *n);
            assert_eq!(calendar.holiday_name(day), want, "{day}");
            day = day.succ_opt().unwrap();
        }
    }
}

#[test]
fn koningsdag_moves_to_saturday_26_april_only_when_the_27th_is_a_sunday() {
    let calendar = Calendar::nl_atw();
    for year in 2024..=2035 {
        let the_27th = ymd(year, 4, 27);
        let sunday = the_27th.weekday() == chrono::Weekday::Sun;
        assert_eq!(
            sunday,
            year == 2025 || year == 2031,
            "{year}: table assumption"
        );
        assert_eq!(
            calendar.holiday_name(ymd(year, 4, 26)).is_some(),
            sunday,
            "{year}-04-26"
        );
        assert_eq!(
            calendar.holiday_name(the_27th).is_some(),
            !sunday,
            "{year}-04-27"
        );
        assert_eq!(
            calendar.holiday_name(ymd(year, 4, 28)),
            None,
            "{year}-04-28"
        );
    }
}

#[test]
fn good_friday_counts_only_when_opted_in() {
    // Arrange
    let default = Calendar::nl_atw();
    let opted_in = Calendar::nl_atw().with_good_friday(true);
    for row in &TABLE {
        // Two days before the hand-written Easter Sunday.
        let easter = ymd(row.0, row.1 .0, row.1 .1);
        let good_friday = easter.pred_opt().unwrap().pred_opt().unwrap();
        // Act / Assert
        assert!(default.is_working_day(good_friday), "{good_friday}");
        assert_eq!(opted_in.holiday_name(good_friday), Some("Goede Vrijdag"));
    }
}

#[test]
fn no_substitute_day_when_a_holiday_falls_on_a_weekend() {
    // 26 Dec 2027 is a Sunday; Monday 27 Dec is an ordinary working day.
    let calendar = Calendar::nl_atw();
    assert_eq!(
        calendar.holiday_name(ymd(2027, 12, 26)),
        Some("tweede Kerstdag")
    );
    assert!(calendar.is_working_day(ymd(2027, 12, 27)));
}

#[test]
fn roll_walks_a_chain_of_non_working_days() {
    let calendar = Calendar::nl_atw();
    assert_eq!(calendar.roll(ymd(2026, 12, 25)), ymd(2026, 12, 28));
    assert_eq!(calendar.roll(ymd(2027, 5, 5)), ymd(2027, 5, 7));
    assert_eq!(calendar.roll(ymd(2026, 7, 10)), ymd(2026, 7, 10));
}

#[test]
fn equated_and_closure_days_are_named_and_skipped() {
    // Arrange: Friday after Hemelvaartsdag 2026 equated, Monday after it closed.
    let calendar = Calendar::nl_atw()
        .with_equated_days([ymd(2026, 5, 15)])
        .with_closure_dates([ymd(2026, 5, 18)]);
    // Act / Assert
    assert_eq!(
        calendar.holiday_name(ymd(2026, 5, 15)),
        Some("gelijkgestelde dag")
    );
    assert_eq!(
        calendar.holiday_name(ymd(2026, 5, 18)),
        Some("sluitingsdag")
    );
    assert_eq!(calendar.roll(ymd(2026, 5, 14)), ymd(2026, 5, 19));
}

#[test]
fn a_calendar_survives_a_serde_round_trip() {
    let calendar = Calendar::nl_atw()
        .with_good_friday(true)
        .with_closure_dates([ymd(2026, 2, 16)]);
    let json = serde_json::to_string(&calendar).unwrap();
    assert!(json.contains("\"nl-atw\""), "{json}");
    assert_eq!(serde_json::from_str::<Calendar>(&json).unwrap(), calendar);
    assert_eq!(
        serde_json::from_str::<Calendar>("{}").unwrap(),
        Calendar::nl_atw()
    );
}

#[test]
fn working_days_are_counted_after_the_day_itself_skipping_weekends_and_holidays() {
    let calendar = Calendar::nl_atw();
    // Monday to Monday: Tuesday to Friday, then the Monday is the fifth.
    assert_eq!(
        calendar.add_working_days(ymd(2026, 6, 1), 5),
        ymd(2026, 6, 8)
    );
    // Given on a Saturday, the notice runs from Monday.
    assert_eq!(
        calendar.add_working_days(ymd(2026, 6, 6), 5),
        ymd(2026, 6, 12)
    );
    // Kerst on Friday 25 December 2026, then the weekend.
    assert_eq!(
        calendar.add_working_days(ymd(2026, 12, 21), 5),
        ymd(2026, 12, 29)
    );
    // Hemelvaartsdag, Thursday 14 May 2026.
    assert_eq!(
        calendar.add_working_days(ymd(2026, 5, 13), 5),
        ymd(2026, 5, 21)
    );
    assert_eq!(
        calendar.add_working_days(ymd(2026, 5, 13), 0),
        ymd(2026, 5, 13)
    );
}
