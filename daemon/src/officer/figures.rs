//! The annual figures (the board's privacy report): per month of receipt,
//! the cases by request type and how many were answered in time. Reduced
//! cases count like any other: their anonymous record keeps the types, the
//! dates and the events that say when they were answered (issue 16,
//! point 3). The web console and `dsrd cases figures` read the same call.

use crate::case::{Answered, CaseEvent, CaseState, EventKind};
use crate::store::{FigureRow, Store, StoreError};
use chrono::Datelike;
use chrono_tz::Tz;
use serde::Serialize;
use std::collections::BTreeMap;

/// The figures of one calendar year.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Figures {
    /// The year (of receipt, in the organisation's time zone).
    pub year: i32,
    /// The year's totals.
    pub total: PeriodFigures,
    /// Per month, January first; all twelve, empty ones too.
    pub months: Vec<MonthFigures>,
}

/// One month's figures.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct MonthFigures {
    /// 1 to 12.
    pub month: u32,
    /// The counts.
    #[serde(flatten)]
    pub figures: PeriodFigures,
}

/// The counts of a period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct PeriodFigures {
    /// Cases received.
    pub cases: u32,
    /// Per request type (`access`, `erasure`, …; `none` for a case without
    /// one): a case asking for two rights counts under both.
    pub by_type: BTreeMap<String, u32>,
    /// Cases answered (or refused), whenever that was.
    pub answered: u32,
    /// Of those, answered by the end of their due day.
    pub in_time: u32,
    /// Of those, answered later.
    pub late: u32,
    /// `in_time / answered`, or `null` when none was answered.
    pub in_time_share: Option<f64>,
    /// Of the cases, those reduced to their anonymous record.
    pub reduced: u32,
}

impl PeriodFigures {
    fn add(&mut self, row: &FigureRow, answered: Option<Answered>) {
        self.cases += 1;
        if row.request_types.is_empty() {
            *self.by_type.entry("none".into()).or_default() += 1;
        }
        for t in &row.request_types {
            *self.by_type.entry(t.as_str().to_owned()).or_default() += 1;
        }
        if let Some(a) = answered {
            self.answered += 1;
            if a.in_time() {
                self.in_time += 1;
            } else {
                self.late += 1;
            }
        }
        self.reduced += u32::from(row.reduced);
        self.in_time_share =
            (self.answered > 0).then(|| f64::from(self.in_time) / f64::from(self.answered));
    }
}

/// The figures of `year` from the store: every case received that year
/// in `tz` (the organisation's time zone), reduced or not.
pub async fn figures(store: &dyn Store, year: i32, tz: Tz) -> Result<Figures, StoreError> {
    Ok(count(&store.figure_rows().await?, year, tz))
}

/// The figures of `year` over `rows` (pure).
pub fn count(rows: &[FigureRow], year: i32, tz: Tz) -> Figures {
    let mut total = PeriodFigures::default();
    let mut months: Vec<MonthFigures> = (1..=12)
        .map(|month| MonthFigures {
            month,
            figures: PeriodFigures::default(),
        })
        .collect();
    for row in rows {
        let received = row.received_at.with_timezone(&tz);
        if received.year() != year {
            continue;
        }
        // The same judgement `cases show` makes, from the first answer.
        let answered = row.answered_at.and_then(|at| {
            let event = CaseEvent {
                at,
                actor: String::new(),
                kind: EventKind::Transition,
                from_state: None,
                to_state: Some(CaseState::Answered),
                detail: None,
            };
            Answered::of(&[event], row.due_date, tz)
        });
        total.add(row, answered);
        months[received.month0() as usize]
            .figures
            .add(row, answered);
    }
    Figures {
        year,
        total,
        months,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::RequestType;
    use chrono::{TimeZone, Utc};

    fn row(
        n: u32,
        received: (i32, u32, u32),
        types: &[RequestType],
        answered: Option<(u32, u32)>,
        reduced: bool,
    ) -> FigureRow {
        let (y, m, d) = received;
        let received_at = Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).unwrap();
        FigureRow {
            reference: format!("AVG-{y}-{n:04}").parse().unwrap(),
            state: CaseState::Closed,
            received_at,
            request_types: types.to_vec(),
            due_date: Some(received_at.date_naive() + chrono::Days::new(30)),
            answered_at: answered.map(|(m, d)| Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).unwrap()),
            reduced,
        }
    }

    #[test]
    fn reduced_cases_count_per_month_by_type_and_in_time() {
        let tz = chrono_tz::Europe::Amsterdam;
        let rows = [
            // January: one access answered in time (reduced), one access
            // and erasure answered late.
            row(1, (2026, 1, 5), &[RequestType::Access], Some((1, 20)), true),
            row(
                2,
                (2026, 1, 6),
                &[RequestType::Access, RequestType::Erasure],
                Some((2, 20)),
                false,
            ),
            // March: an open one without a type.
            row(3, (2026, 3, 2), &[], None, false),
            // Another year.
            row(
                4,
                (2025, 12, 1),
                &[RequestType::Access],
                Some((12, 5)),
                true,
            ),
        ];
        let f = count(&rows, 2026, tz);
        assert_eq!(f.total.cases, 3);
        assert_eq!(f.total.reduced, 1);
        assert_eq!(f.total.by_type["access"], 2);
        assert_eq!(f.total.by_type["erasure"], 1);
        assert_eq!(f.total.by_type["none"], 1);
        assert_eq!((f.total.answered, f.total.in_time, f.total.late), (2, 1, 1));
        assert_eq!(f.total.in_time_share, Some(0.5));
        let jan = &f.months[0].figures;
        assert_eq!((jan.cases, jan.reduced, jan.in_time), (2, 1, 1));
        assert_eq!(f.months[2].figures.cases, 1);
        assert_eq!(f.months[2].figures.in_time_share, None);
        assert_eq!(f.months.len(), 12);
        assert_eq!(f.months[11].figures.cases, 0);
    }

    #[test]
    fn a_case_counts_in_the_month_of_its_receipt_in_the_organisations_zone() {
        let tz = chrono_tz::Europe::Amsterdam;
        let mut late_evening = row(1, (2026, 1, 31), &[RequestType::Access], None, false);
        // 23:30 UTC on 31 January is 1 February in Amsterdam.
        late_evening.received_at = Utc.with_ymd_and_hms(2026, 1, 31, 23, 30, 0).unwrap();
        let f = count(&[late_evening], 2026, tz);
        assert_eq!(f.months[0].figures.cases, 0);
        assert_eq!(f.months[1].figures.cases, 1);
    }
}
