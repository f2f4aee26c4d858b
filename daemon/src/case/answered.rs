//! Whether a case was answered in time (issue 13, point 5): derived from
//! its events and its due date, never stored, so it cannot disagree with
//! them. The board's annual privacy report counts this.

use super::{CaseEvent, CaseState};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

/// When and how a case was answered, against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Answered {
    /// When the answer (or the art. 12(4) refusal) was queued.
    pub at: DateTime<Utc>,
    /// That day in the organisation's time zone.
    pub on: NaiveDate,
    /// The due date it is measured against.
    pub due: NaiveDate,
    /// Days before the due date (0: on the day); negative: days late.
    pub days_to_spare: i64,
}

impl Answered {
    /// The first move to `answered` (or to `rejected`: a refusal answers
    /// too) among `events`, against `due`; `None` while unanswered. The
    /// period ends at the end of the due day, local time.
    pub fn of(events: &[CaseEvent], due: Option<NaiveDate>, tz: Tz) -> Option<Answered> {
        let due = due?;
        let at = events
            .iter()
            .find(|e| matches!(e.to_state, Some(CaseState::Answered | CaseState::Rejected)))?
            .at;
        let on = at.with_timezone(&tz).date_naive();
        Some(Answered {
            at,
            on,
            due,
            days_to_spare: (due - on).num_days(),
        })
    }

    /// Whether it was in time.
    pub fn in_time(&self) -> bool {
        self.days_to_spare >= 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::EventKind;
    use chrono::TimeZone;

    fn moved(at: DateTime<Utc>, to: CaseState) -> CaseEvent {
        CaseEvent {
            at,
            actor: "system".into(),
            kind: EventKind::Transition,
            from_state: Some(CaseState::Executing),
            to_state: Some(to),
            detail: None,
        }
    }

    #[test]
    fn a_case_answered_on_its_due_day_is_in_time_and_the_day_after_is_late() {
        let tz = chrono_tz::Europe::Amsterdam;
        let due = NaiveDate::from_ymd_opt(2026, 12, 30).unwrap();
        // 23:30 local on the due day is still that day (22:30 UTC).
        let last = Utc.with_ymd_and_hms(2026, 12, 30, 22, 30, 0).unwrap();
        let a = Answered::of(&[moved(last, CaseState::Answered)], Some(due), tz).unwrap();
        assert!(a.in_time());
        assert_eq!(a.days_to_spare, 0);
        // 00:30 local the next day (23:30 UTC) is a day late.
        let late = Utc.with_ymd_and_hms(2026, 12, 30, 23, 30, 0).unwrap();
        let a = Answered::of(&[moved(late, CaseState::Answered)], Some(due), tz).unwrap();
        assert!(!a.in_time());
        assert_eq!(a.days_to_spare, -1);
    }

    #[test]
    fn the_first_answer_counts_a_refusal_answers_and_an_open_case_has_none() {
        let tz = chrono_tz::Europe::Amsterdam;
        let due = NaiveDate::from_ymd_opt(2026, 12, 30).unwrap();
        let first = Utc.with_ymd_and_hms(2026, 12, 10, 9, 0, 0).unwrap();
        let closed = Utc.with_ymd_and_hms(2027, 1, 20, 9, 0, 0).unwrap();
        let events = [
            moved(first, CaseState::Answered),
            moved(closed, CaseState::Closed),
        ];
        assert_eq!(
            Answered::of(&events, Some(due), tz).unwrap().days_to_spare,
            20
        );
        let refused = [moved(first, CaseState::Rejected)];
        assert!(Answered::of(&refused, Some(due), tz).is_some());
        assert!(Answered::of(&[moved(first, CaseState::Executing)], Some(due), tz).is_none());
        assert!(Answered::of(&events, None, tz).is_none());
    }
}
