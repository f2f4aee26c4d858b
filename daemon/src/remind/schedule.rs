//! Which reminder a case needs today. Pure.

use crate::answer::ReminderKind;
use crate::deadline::Calendar;
use chrono::NaiveDate;

/// Working days left after `today` up to and including `due` (0 when due
/// today; for a passed date see [`due_reminders`]).
pub fn working_days_until(today: NaiveDate, due: NaiveDate, calendar: &Calendar) -> u32 {
    today
        .iter_days()
        .skip(1)
        .take_while(|d| *d <= due)
        .filter(|d| calendar.is_working_day(*d))
        .count() as u32
}

/// The reminders that apply today, most urgent first: `Overdue` once the due
/// date has passed, else `DueWithin(n)` for every threshold `n` the case is
/// within. The caller sends the first one not yet sent and records the rest
/// as superseded, so a case found late gets one mail, not a burst.
pub fn due_reminders(
    today: NaiveDate,
    due: NaiveDate,
    calendar: &Calendar,
    thresholds: &[u32],
) -> Vec<ReminderKind> {
    if today > due {
        let mut all = vec![ReminderKind::Overdue];
        all.extend(thresholds.iter().map(|n| ReminderKind::DueWithin(*n)));
        return sorted(all);
    }
    let left = working_days_until(today, due, calendar);
    sorted(
        thresholds
            .iter()
            .filter(|n| left <= **n)
            .map(|n| ReminderKind::DueWithin(*n))
            .collect(),
    )
}

fn sorted(mut kinds: Vec<ReminderKind>) -> Vec<ReminderKind> {
    kinds.sort_by_key(|k| match k {
        ReminderKind::Overdue => 0,
        ReminderKind::DueWithin(n) => 1 + *n,
    });
    kinds.dedup();
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let cal = Calendar::nl_atw();
        // Fri 24 Apr 2026 → Tue 28 Apr: Mon 27 Apr is Koningsdag.
        assert_eq!(
            working_days_until(d("2026-04-24"), d("2026-04-28"), &cal),
            1
        );
        assert_eq!(
            working_days_until(d("2026-04-28"), d("2026-04-28"), &cal),
            0
        );
    }

    #[test]
    fn thresholds_apply_as_the_deadline_nears() {
        let cal = Calendar::nl_atw();
        let due = d("2026-03-13"); // a Friday
        assert!(due_reminders(d("2026-03-02"), due, &cal, &[5, 1]).is_empty());
        // Thu 5 Mar: Fri + Mon–Fri = 6 working days left.
        assert!(due_reminders(d("2026-03-05"), due, &cal, &[5, 1]).is_empty());
        // Fri 6 Mar: Mon–Fri = 5 working days left, within 5.
        assert_eq!(
            due_reminders(d("2026-03-06"), due, &cal, &[5, 1]),
            [ReminderKind::DueWithin(5)]
        );
        // Thu 12 Mar: only Friday left, within 1.
        assert_eq!(
            due_reminders(d("2026-03-12"), due, &cal, &[5, 1]),
            [ReminderKind::DueWithin(1), ReminderKind::DueWithin(5)]
        );
        // Fri 13 Mar itself: due today, within 1.
        assert_eq!(
            due_reminders(due, due, &cal, &[5, 1]),
            [ReminderKind::DueWithin(1), ReminderKind::DueWithin(5)]
        );
        assert_eq!(
            due_reminders(d("2026-03-14"), due, &cal, &[5, 1])[0],
            ReminderKind::Overdue
        );
    }
}
