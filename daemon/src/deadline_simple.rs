//! Temporary simple calendar rule, replaced by the exact engine in `deadline/`.

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc, Weekday};
use std::str::FromStr;

/// The answer policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlinePolicy {
    /// GDPR art. 12(3).
    GdprMonth,
    /// The reglement's four weeks.
    FourWeeks,
}

/// An unknown policy name.
#[derive(Debug, thiserror::Error)]
#[error("unknown deadline policy {0:?}")]
pub struct UnknownPolicy(String);

impl FromStr for DeadlinePolicy {
    type Err = UnknownPolicy;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "gdpr-month" => Ok(Self::GdprMonth),
            "four-weeks" => Ok(Self::FourWeeks),
            o => Err(UnknownPolicy(o.into())),
        }
    }
}

/// The due date with its explanation.
pub struct Due {
    /// Due date.
    pub due: NaiveDate,
    /// Steps.
    pub explanation: Vec<String>,
}

/// Computes a due date.
pub fn compute(received: DateTime<Utc>, tz: chrono_tz::Tz, policy: DeadlinePolicy) -> Due {
    let local = received.with_timezone(&tz).date_naive();
    let mut due = match policy {
        DeadlinePolicy::FourWeeks => local + chrono::Days::new(28),
        DeadlinePolicy::GdprMonth => local + Months::new(1),
    };
    if policy == DeadlinePolicy::GdprMonth {
        while matches!(due.weekday(), Weekday::Sat | Weekday::Sun) {
            due = due.succ_opt().unwrap();
        }
    }
    Due {
        due,
        explanation: vec![format!("received {local} -> due {due}")],
    }
}
