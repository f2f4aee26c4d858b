//! The officer's list of cases, with the filters of `dsrd cases list` and
//! the API's `GET /cases`: by state, due within a span from today, or
//! overdue; and the order an officer works in — a verified rectification
//! waiting for approval first (reglement 8.3.1: factual corrections at
//! once), the rest newest first as the store gives them.

use crate::case::{CaseState, CaseSummary};
use crate::classify::RequestType;
use crate::config::Config;
use crate::store::{CaseFilter, Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};

/// How far ahead "due within" looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// Days.
    Days(u32),
    /// Weeks.
    Weeks(u32),
    /// Calendar months.
    Months(u32),
}

impl Span {
    /// Reads `7d`, `2w` or `2m`.
    pub fn parse(s: &str) -> Result<Span, String> {
        // The unit is the last character, whatever its width: what a
        // person (or a fuzzer) types need not be ASCII.
        let bad = || format!("{s:?} is not a span like 7d, 4w or 2m");
        let unit = s.chars().last().ok_or_else(bad)?;
        let n = s[..s.len() - unit.len_utf8()]
            .parse::<u32>()
            .map_err(|_| bad())?;
        match unit {
            'd' if n > 0 => Ok(Span::Days(n)),
            'w' if n > 0 => Ok(Span::Weeks(n)),
            'm' if n > 0 => Ok(Span::Months(n)),
            _ => Err(bad()),
        }
    }

    fn after(self, day: NaiveDate) -> NaiveDate {
        match self {
            Span::Days(n) => day + chrono::Days::new(n.into()),
            Span::Weeks(n) => day + chrono::Days::new(7 * u64::from(n)),
            Span::Months(n) => day + chrono::Months::new(n),
        }
    }
}

/// Which cases to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseQuery {
    /// Only cases in this state.
    pub state: Option<CaseState>,
    /// Only open cases due within this span from today.
    pub due_within: Option<Span>,
    /// Only open cases whose due date has passed (wins over `due_within`).
    pub overdue: bool,
    /// At most this many.
    pub limit: Option<i64>,
}

/// The cases `query` asks for, in the officer's order.
pub async fn list_cases(
    store: &dyn Store,
    config: &Config,
    query: &CaseQuery,
    now: DateTime<Utc>,
) -> Result<Vec<CaseSummary>, StoreError> {
    let today = now
        .with_timezone(&config.organisation.time_zone)
        .date_naive();
    let due_by = if query.overdue {
        Some(today - chrono::Days::new(1))
    } else {
        query.due_within.map(|span| span.after(today))
    };
    let filter = CaseFilter {
        state: query.state,
        due_by,
        limit: query.limit,
    };
    let mut cases = store.list_cases(&filter).await?;
    cases.sort_by_key(|c| !correct_at_once(c));
    Ok(cases)
}

/// A verified rectification that waits for nothing but the officer.
pub fn correct_at_once(case: &CaseSummary) -> bool {
    case.state == CaseState::AwaitingApproval
        && case.request_types.contains(&RequestType::Rectification)
}

#[cfg(test)]
mod tests {
    use super::Span;

    #[test]
    fn a_span_is_a_number_and_a_unit_and_anything_else_is_refused() {
        assert_eq!(Span::parse("7d"), Ok(Span::Days(7)));
        assert_eq!(Span::parse("2w"), Ok(Span::Weeks(2)));
        assert_eq!(Span::parse("2m"), Ok(Span::Months(2)));
        for bad in [
            "", "d", "0w", "7", "7y", "-1d", "\u{80}", "7\u{80}", "é", "1é",
        ] {
            assert!(Span::parse(bad).is_err(), "{bad:?}");
        }
    }
}
