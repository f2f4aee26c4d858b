//! The AP's deadline: a breach is reported "without undue delay and, where
//! feasible, not later than 72 hours after having become aware of it"
//! (art. 33(1)). Clock hours, not working days: weekends count.

use chrono::{DateTime, Duration, Utc};

/// Hours from discovery to the AP's due time.
pub const AP_HOURS: i64 = 72;

/// Hours left at which the officer is reminded, once.
pub const REMIND_HOURS_LEFT: i64 = 24;

/// When the report to the AP is due for a breach discovered at `discovered_at`.
pub fn ap_due(discovered_at: DateTime<Utc>) -> DateTime<Utc> {
    discovered_at + Duration::hours(AP_HOURS)
}

/// The time left until the AP's due time, as seen at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum Countdown {
    /// Still to come: whole hours and minutes left.
    Left {
        /// Whole hours left.
        hours: i64,
        /// Minutes left beyond the hours.
        minutes: i64,
    },
    /// Past: whole hours and minutes since.
    Overdue {
        /// Whole hours since the due time.
        hours: i64,
        /// Minutes beyond the hours.
        minutes: i64,
    },
}

impl Countdown {
    /// The countdown to `due` at `now`.
    pub fn at(due: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        let left = (due - now).num_minutes();
        if left >= 0 {
            Countdown::Left {
                hours: left / 60,
                minutes: left % 60,
            }
        } else {
            let over = -left;
            Countdown::Overdue {
                hours: over / 60,
                minutes: over % 60,
            }
        }
    }

    /// Whether the due time has passed.
    pub fn is_overdue(self) -> bool {
        matches!(self, Countdown::Overdue { .. })
    }

    /// In words, for the table and letters: "41 h 05 min left", "3 h 10 min overdue".
    pub fn words(self) -> String {
        match self {
            Countdown::Left { hours, minutes } => format!("{hours} h {minutes:02} min left"),
            Countdown::Overdue { hours, minutes } => format!("{hours} h {minutes:02} min overdue"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn the_ap_is_due_72_clock_hours_after_discovery_weekend_or_not() {
        // Friday afternoon: due Monday afternoon.
        assert_eq!(ap_due(t("2026-03-06T15:30:00Z")), t("2026-03-09T15:30:00Z"));
    }

    #[test]
    fn the_countdown_says_hours_left_then_overdue() {
        let due = t("2026-03-09T15:30:00Z");
        let c = Countdown::at(due, t("2026-03-07T22:25:00Z"));
        assert_eq!(
            c,
            Countdown::Left {
                hours: 41,
                minutes: 5
            }
        );
        assert_eq!(c.words(), "41 h 05 min left");
        let late = Countdown::at(due, t("2026-03-09T18:40:00Z"));
        assert!(late.is_overdue());
        assert_eq!(late.words(), "3 h 10 min overdue");
        assert_eq!(Countdown::at(due, due).words(), "0 h 00 min left");
    }
}
