//! The identity-verification wait (GDPR art. 12(6), EDPB Guidelines 01/2022
//! §159): while dsrd waits for proof of identity, the clock may stand still.
//!
//! Three readings exist and a tenant picks one (deadlines.md §4.5): `pause`
//! (default: the suspended days are added after the month arithmetic),
//! `restart` (the month runs from the answer, ICO practice) and `none`.

use super::explain::Step;
use chrono::{DateTime, FixedOffset, NaiveDate};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// How an identity wait moves the clock.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum WaitMode {
    /// Add the days between asking and answering (EDPB "suspension").
    #[default]
    Pause,
    /// Count the month from the day of the answer.
    Restart,
    /// Ignore the wait (strictest).
    None,
}

/// One request for proof of identity (or for clarification, recital 63).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct IdentityWait {
    /// When dsrd or the officer asked; any RFC 3339 offset.
    pub asked: DateTime<FixedOffset>,
    /// When the answer arrived; `None` while still waiting.
    #[serde(default)]
    pub answered: Option<DateTime<FixedOffset>>,
    /// The tenant's reading of the suspension.
    #[serde(default)]
    pub mode: WaitMode,
}

/// Tenant settings for identity waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IdentitySettings {
    /// Our reading of "without undue delay" (§7 Q6): a question asked more
    /// than this many calendar days after receipt suspends nothing.
    pub max_ask_delay_days: u32,
}

impl Default for IdentitySettings {
    fn default() -> Self {
        IdentitySettings {
            max_ask_delay_days: 5,
        }
    }
}

/// What the wait does to the computation: where the period starts, how many
/// days are added, and the steps that say so.
pub(super) struct Clock {
    /// Start of the period: the receipt date, or the answer date on restart.
    pub start: NaiveDate,
    /// Suspended calendar days (`s` in deadlines.md).
    pub suspended: u64,
    /// Whether the answer is still outstanding (computed "as if today").
    pub waiting_since: Option<NaiveDate>,
    /// Explanation steps, to follow the receipt step.
    pub steps: Vec<Step>,
}

/// Resolves the wait against the receipt date. `today` stands in for a
/// missing answer, so an open wait shows the due date "if answered today".
pub(super) fn resolve(
    wait: Option<&IdentityWait>,
    settings: IdentitySettings,
    receipt: NaiveDate,
    today: NaiveDate,
    tz: Tz,
) -> Clock {
    let mut clock = Clock {
        start: receipt,
        suspended: 0,
        waiting_since: None,
        steps: Vec::new(),
    };
    let Some(wait) = wait else { return clock };
    let asked = wait.asked.with_timezone(&tz).date_naive();
    if wait.mode == WaitMode::None {
        clock.steps.push(Step::IdentityIgnored);
        return clock;
    }
    let delay_days = (asked - receipt).num_days();
    if delay_days > i64::from(settings.max_ask_delay_days) {
        let max_days = settings.max_ask_delay_days;
        clock.steps.push(Step::IdentityAskedLate {
            asked,
            delay_days,
            max_days,
        });
        return clock;
    }
    let answered = wait.answered.map(|a| a.with_timezone(&tz).date_naive());
    // An answer dated before the question (bad input) suspends nothing.
    let answer_day = answered.unwrap_or(today).max(asked);
    if answered.is_none() {
        clock.waiting_since = Some(asked);
    }
    match (wait.mode, answered) {
        (WaitMode::Restart, Some(answered)) => {
            clock.start = answer_day.max(receipt);
            clock.steps.push(Step::Restarted { answered });
        }
        (WaitMode::Restart, None) => {
            clock.start = answer_day.max(receipt);
            clock.steps.push(Step::RestartOpen { asked, today });
        }
        (_, answered) => {
            // Conservative count: the asking day itself stays counted.
            let days = (answer_day - asked).num_days();
            clock.suspended = u64::try_from(days).unwrap_or(0);
            clock.steps.push(match answered {
                Some(answered) => Step::IdentityPaused {
                    asked,
                    answered,
                    days,
                },
                None => Step::IdentityPausedOpen { asked, today, days },
            });
        }
    }
    clock
}
