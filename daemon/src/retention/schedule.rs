//! When a retention rule runs: a five-field crontab (`30 2 * * *`) read in
//! the organisation's time zone, so "02:30" means 02:30 in Amsterdam in
//! summer and in winter. croner handles the days the clocks change: a time
//! that falls in the spring-forward gap runs once, right after it; a time
//! the autumn fall-back repeats runs once (the `cron` crate would skip the
//! first and needs a seconds field).
//!
//! A daemon that was stopped across several ticks runs a rule once when it
//! comes back, not once per missed tick ([`Schedule::due`]): a purge removes
//! everything that is due by then, so repeating it adds nothing.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use croner::parser::{CronParser, Seconds};
use croner::Cron;
use std::fmt;

/// A parsed schedule.
#[derive(Debug, Clone)]
pub struct Schedule {
    cron: Cron,
    zone: Tz,
    text: String,
}

/// A schedule that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a five-field schedule (minute hour day-of-month month day-of-week, e.g. \"30 2 * * *\"): {reason}")]
pub struct ScheduleError {
    text: String,
    reason: String,
}

impl Schedule {
    /// Reads `text` (five fields, no seconds) in time zone `zone`.
    pub fn parse(text: &str, zone: Tz) -> Result<Schedule, ScheduleError> {
        let error = |reason: String| ScheduleError {
            text: text.to_owned(),
            reason,
        };
        if text.split_whitespace().count() != 5 {
            return Err(error("it needs exactly five fields".into()));
        }
        let cron = CronParser::builder()
            .seconds(Seconds::Disallowed)
            .build()
            .parse(text)
            .map_err(|e| error(e.to_string()))?;
        Ok(Schedule {
            cron,
            zone,
            text: text.to_owned(),
        })
    }

    /// The first run strictly after `t`.
    pub fn next_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let local = t.with_timezone(&self.zone);
        self.cron
            .find_next_occurrence(&local, false)
            .ok()
            .map(|next| next.with_timezone(&Utc))
    }

    /// The run that is due at `now`, if any: the latest tick after `since`
    /// (the last run, or when the rule was first seen) and no later than
    /// `now`. However many ticks were missed, one run is due.
    pub fn due(&self, since: DateTime<Utc>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let local = now.with_timezone(&self.zone);
        let latest = self
            .cron
            .find_previous_occurrence(&local, true)
            .ok()?
            .with_timezone(&Utc);
        (latest > since).then_some(latest)
    }
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.text, self.zone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Amsterdam;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().into()
    }

    /// Every run from `from` up to `to`.
    fn runs(s: &Schedule, from: &str, to: &str) -> Vec<DateTime<Utc>> {
        let (mut t, end) = (utc(from), utc(to));
        let mut out = Vec::new();
        while let Some(next) = s.next_after(t).filter(|n| *n <= end) {
            out.push(next);
            t = next;
        }
        out
    }

    #[test]
    fn half_past_two_runs_once_on_the_day_the_clocks_go_forward() {
        // 29 March 2026: at 02:00 CET the clocks go to 03:00 CEST.
        let s = Schedule::parse("30 2 * * *", Amsterdam).unwrap();
        let day = runs(&s, "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z");
        assert_eq!(day.len(), 1, "{day:?}");
        // Right after the gap: 03:00 CEST is 01:00 UTC.
        assert_eq!(day[0], utc("2026-03-29T01:00:00Z"));
        // The days around it run at 02:30 local as usual.
        assert_eq!(s.next_after(day[0]), Some(utc("2026-03-30T00:30:00Z")));
    }

    #[test]
    fn half_past_two_runs_once_on_the_day_the_clocks_go_back() {
        // 25 October 2026: at 03:00 CEST the clocks go back to 02:00 CET,
        // so 02:30 comes twice.
        let s = Schedule::parse("30 2 * * *", Amsterdam).unwrap();
        let day = runs(&s, "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z");
        assert_eq!(day.len(), 1, "{day:?}");
        assert!(
            day[0] == utc("2026-10-25T00:30:00Z") || day[0] == utc("2026-10-25T01:30:00Z"),
            "{day:?}"
        );
    }

    /// What the scheduler does: a pass every minute from `from` to `to`,
    /// each running what `due` says since the last run.
    fn scheduled(s: &Schedule, from: &str, to: &str) -> Vec<DateTime<Utc>> {
        let (mut t, end) = (utc(from), utc(to));
        let mut since = t;
        let mut out = Vec::new();
        while t <= end {
            if let Some(tick) = s.due(since, t) {
                out.push(tick);
                since = tick;
            }
            t += chrono::TimeDelta::minutes(1);
        }
        out
    }

    #[test]
    fn the_scheduler_runs_half_past_two_once_on_both_days_the_clocks_change() {
        let s = Schedule::parse("30 2 * * *", Amsterdam).unwrap();
        let spring = scheduled(&s, "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z");
        let autumn = scheduled(&s, "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z");
        let ordinary = scheduled(&s, "2026-06-11T22:00:00Z", "2026-06-12T22:00:00Z");

        assert_eq!(spring, [utc("2026-03-29T01:00:00Z")], "right after the gap");
        assert_eq!(autumn.len(), 1, "once, not at both 02:30s: {autumn:?}");
        assert_eq!(ordinary, [utc("2026-06-12T00:30:00Z")]);
    }

    #[test]
    fn a_daemon_stopped_across_two_ticks_runs_the_rule_once() {
        let s = Schedule::parse("0 2 * * *", Amsterdam).unwrap();
        // Last run on the 1st at 02:00 CET; stopped until the 4th at noon.
        let since = utc("2026-12-01T01:00:00Z");
        let due = s.due(since, utc("2026-12-04T11:00:00Z"));
        assert_eq!(
            due,
            Some(utc("2026-12-04T01:00:00Z")),
            "the latest tick, once"
        );
        // Once it ran, nothing more is due until the next tick.
        assert_eq!(s.due(due.unwrap(), utc("2026-12-04T23:00:00Z")), None);
        assert_eq!(s.due(since, utc("2026-12-01T12:00:00Z")), None);
    }

    #[test]
    fn a_schedule_needs_five_valid_fields() {
        for bad in ["30 2 * *", "0 30 2 * * *", "61 2 * * *", "every day", ""] {
            let e = Schedule::parse(bad, Amsterdam).unwrap_err();
            assert!(e.to_string().contains("five-field"), "{bad}: {e}");
        }
        let s = Schedule::parse("0 2 * * MON-FRI", Amsterdam).unwrap();
        assert_eq!(s.to_string(), "0 2 * * MON-FRI (Europe/Amsterdam)");
    }
}
