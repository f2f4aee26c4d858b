//! Where a breach stands: a draft (opened from a mail, not yet looked at),
//! open (the officer works on it), closed (assessed and decided).

use std::fmt;
use std::str::FromStr;

/// The state of a breach. A draft becomes open at the officer's first
/// change; an entry is closed only when the rules in `update` allow it, and
/// a closed entry is not changed again (the register is the record).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum BreachState {
    /// Opened by intake from a mail that may report a breach.
    Draft,
    /// Entered or confirmed by the officer, not yet closed.
    Open,
    /// Assessed, and reported or not with a reason.
    Closed,
}

/// A stored state that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown breach state {0:?}")]
pub struct UnknownBreachState(pub String);

impl BreachState {
    /// The stable name in the store and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            BreachState::Draft => "draft",
            BreachState::Open => "open",
            BreachState::Closed => "closed",
        }
    }
}

impl fmt::Display for BreachState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for BreachState {
    type Err = UnknownBreachState;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [BreachState::Draft, BreachState::Open, BreachState::Closed]
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownBreachState(s.to_owned()))
    }
}
