//! When a day's digest is due (pure): once a day, at a time of day in the
//! organisation's zone. A day whose time passed while no daemon ran is
//! made at the next look that same day; days wholly missed are not made
//! up, since the next digest lists what is still open anyway.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

/// The day whose digest is due at `now`: today in `zone`, once its local
/// time has reached `at` and unless a digest of today (or, with a clock
/// set back, of a later day) is recorded as `last`.
pub fn due_day(
    now: DateTime<Utc>,
    zone: chrono_tz::Tz,
    at: NaiveTime,
    last: Option<NaiveDate>,
) -> Option<NaiveDate> {
    let local = now.with_timezone(&zone);
    let today = local.date_naive();
    // On the day the clocks go forward a time in the gap is reached at the
    // first instant after it, since the local time jumps past it; on the
    // day they go back the recorded day stops a second digest.
    let reached = local.time() >= at;
    let done = last.is_some_and(|last| last >= today);
    (reached && !done).then_some(today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Amsterdam;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }
    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn the_digest_is_due_from_its_time_of_day_in_the_organisations_zone() {
        // 07:00 in Amsterdam is 06:00 UTC in winter.
        assert_eq!(
            due_day(t("2026-03-05T05:59:00Z"), Amsterdam, hm(7, 0), None),
            None
        );
        assert_eq!(
            due_day(t("2026-03-05T06:00:00Z"), Amsterdam, hm(7, 0), None),
            Some(d("2026-03-05"))
        );
        // Late in the day it is still today's, once.
        assert_eq!(
            due_day(
                t("2026-03-05T22:30:00Z"),
                Amsterdam,
                hm(7, 0),
                Some(d("2026-03-04"))
            ),
            Some(d("2026-03-05"))
        );
        assert_eq!(
            due_day(
                t("2026-03-05T22:30:00Z"),
                Amsterdam,
                hm(7, 0),
                Some(d("2026-03-05"))
            ),
            None
        );
    }

    #[test]
    fn missed_days_are_not_made_up_and_a_clock_set_back_sends_nothing() {
        // Down from the 2nd to the 5th: only the 5th's.
        assert_eq!(
            due_day(
                t("2026-03-05T09:00:00Z"),
                Amsterdam,
                hm(7, 0),
                Some(d("2026-03-01"))
            ),
            Some(d("2026-03-05"))
        );
        assert_eq!(
            due_day(
                t("2026-03-04T09:00:00Z"),
                Amsterdam,
                hm(7, 0),
                Some(d("2026-03-05"))
            ),
            None
        );
    }

    #[test]
    fn a_time_in_the_spring_gap_is_due_right_after_it() {
        // 29 March 2026: 02:00 CET jumps to 03:00 CEST (01:00 UTC).
        assert_eq!(
            due_day(t("2026-03-29T00:59:00Z"), Amsterdam, hm(2, 30), None),
            None
        );
        assert_eq!(
            due_day(t("2026-03-29T01:00:00Z"), Amsterdam, hm(2, 30), None),
            Some(d("2026-03-29"))
        );
    }
}
