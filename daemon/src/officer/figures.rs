//! The figures the board asks for in its annual privacy report: cases
//! received per month by request type, and of those answered, the share
//! answered on time (`case::Answered`: the answer or refusal queued by the
//! end of the due day). Counted from the cases themselves, never stored,
//! so they cannot disagree with them. The console's "at a glance" shows
//! them and exports them as CSV.

use crate::case::{Answered, CaseEvent};
use crate::classify::RequestType;
use crate::config::Config;
use crate::store::{CaseFilter, Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

/// One month's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthFigures {
    /// `YYYY-MM`, in the organisation's time zone.
    pub month: String,
    /// Cases received, per request type (a case asking two things counts
    /// under its primary type), in [`RequestType::ALL`] order, every type.
    pub by_type: Vec<(RequestType, u32)>,
    /// Cases received in all.
    pub received: u32,
    /// Of those, answered (or refused) so far.
    pub answered: u32,
    /// Of those answered, on time.
    pub on_time: u32,
}

impl MonthFigures {
    /// The share answered on time, in percent of those answered; `None`
    /// when none is answered yet.
    pub fn on_time_percent(&self) -> Option<u32> {
        (self.on_time * 100 + self.answered / 2).checked_div(self.answered)
    }
}

/// What one case adds to the figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFact {
    /// When it was received, as a local date.
    pub received: NaiveDate,
    /// Its primary request type (`None`: not classified yet).
    pub primary: Option<RequestType>,
    /// How it was answered, if it was.
    pub answered: Option<Answered>,
}

/// Month by month, oldest first, every month from the first case's to the
/// last's (a month without cases shows as zero, not as a gap).
pub fn tally(facts: &[CaseFact]) -> Vec<MonthFigures> {
    let key = |d: NaiveDate| d.format("%Y-%m").to_string();
    let (Some(first), Some(last)) = (
        facts.iter().map(|f| f.received).min(),
        facts.iter().map(|f| f.received).max(),
    ) else {
        return Vec::new();
    };
    let mut months = Vec::new();
    let mut m = first.with_day0(0).unwrap_or(first);
    while m <= last {
        months.push(MonthFigures {
            month: key(m),
            by_type: RequestType::ALL.iter().map(|t| (*t, 0)).collect(),
            received: 0,
            answered: 0,
            on_time: 0,
        });
        m = m + chrono::Months::new(1);
    }
    for f in facts {
        let Some(month) = months.iter_mut().find(|m| m.month == key(f.received)) else {
            continue;
        };
        month.received += 1;
        if let Some(t) = f.primary {
            if let Some(slot) = month.by_type.iter_mut().find(|(k, _)| *k == t) {
                slot.1 += 1;
            }
        }
        if let Some(a) = f.answered {
            month.answered += 1;
            if a.days_to_spare >= 0 {
                month.on_time += 1;
            }
        }
    }
    months
}

use chrono::Datelike as _;

/// The fact of one case.
pub fn fact_of(
    received_at: DateTime<Utc>,
    primary: Option<RequestType>,
    events: &[CaseEvent],
    due: Option<NaiveDate>,
    tz: Tz,
) -> CaseFact {
    CaseFact {
        received: received_at.with_timezone(&tz).date_naive(),
        primary,
        answered: Answered::of(events, due, tz),
    }
}

/// The figures of every case in the store.
pub async fn figures(store: &dyn Store, config: &Config) -> Result<Vec<MonthFigures>, StoreError> {
    let tz = config.organisation.time_zone;
    let mut facts = Vec::new();
    for summary in store.list_cases(&CaseFilter::default()).await? {
        let Some(case) = store.get_case(&summary.reference).await? else {
            continue;
        };
        let primary = case
            .classification
            .as_ref()
            .map(|c| c.primary)
            .or_else(|| case.request_types.first().copied());
        facts.push(fact_of(
            case.received_at,
            primary,
            &case.events,
            case.due_date,
            tz,
        ));
    }
    Ok(tally(&facts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn answered(due: &str, on: &str) -> Option<Answered> {
        let (due, on) = (day(due), day(on));
        Some(Answered {
            at: on.and_hms_opt(12, 0, 0).unwrap().and_utc(),
            on,
            due,
            days_to_spare: (due - on).num_days(),
        })
    }

    #[test]
    fn months_count_by_type_and_the_share_on_time_is_of_those_answered() {
        let facts = vec![
            CaseFact {
                received: day("2026-01-05"),
                primary: Some(RequestType::Access),
                answered: answered("2026-02-02", "2026-01-20"),
            },
            CaseFact {
                received: day("2026-01-09"),
                primary: Some(RequestType::Erasure),
                answered: answered("2026-02-06", "2026-02-09"),
            },
            CaseFact {
                received: day("2026-01-30"),
                primary: Some(RequestType::Access),
                answered: None,
            },
            CaseFact {
                received: day("2026-03-02"),
                primary: None,
                answered: None,
            },
        ];
        let months = tally(&facts);
        assert_eq!(
            months.iter().map(|m| m.month.as_str()).collect::<Vec<_>>(),
            ["2026-01", "2026-02", "2026-03"],
            "a month without cases is a zero, not a gap"
        );
        let jan = &months[0];
        assert_eq!(jan.received, 3);
        assert_eq!(
            jan.by_type
                .iter()
                .find(|(t, _)| *t == RequestType::Access)
                .unwrap()
                .1,
            2
        );
        assert_eq!((jan.answered, jan.on_time), (2, 1));
        assert_eq!(jan.on_time_percent(), Some(50));
        assert_eq!(months[1].received, 0);
        assert_eq!(months[1].on_time_percent(), None);
        assert_eq!(months[2].received, 1);
        assert!(tally(&[]).is_empty());
    }
}
