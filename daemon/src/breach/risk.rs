//! The risk assessment of a breach. Art. 33(1): a breach is reported to the
//! AP unless it is unlikely to result in a risk to people's rights and
//! freedoms; art. 34(1): the people themselves are told when the risk is
//! high. The reasoning is kept with the level, because the register must
//! show why (art. 33(5)).

use std::fmt;
use std::str::FromStr;

/// How likely and how severe the harm to the people affected is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    /// Unlikely to result in a risk: no report to the AP needed.
    None,
    /// A risk, not high: reported to the AP, subjects need not be told.
    Low,
    /// A high risk: reported, and the subjects told (art. 34).
    High,
}

/// A text that is not a risk level.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown risk {0:?}; expected none, low or high")]
pub struct UnknownRisk(pub String);

impl Risk {
    /// The stable name in the store, the CLI and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::None => "none",
            Risk::Low => "low",
            Risk::High => "high",
        }
    }

    /// Whether art. 33 asks for a report to the AP.
    pub fn needs_report(self) -> bool {
        self != Risk::None
    }

    /// Whether art. 34 asks for the subjects to be told.
    pub fn needs_subjects_told(self) -> bool {
        self == Risk::High
    }
}

impl fmt::Display for Risk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Risk {
    type Err = UnknownRisk;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Risk::None, Risk::Low, Risk::High]
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownRisk(s.to_owned()))
    }
}

/// A level with the officer's reasoning.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct RiskAssessment {
    /// The level.
    pub level: Risk,
    /// Why: what data, whose, what could happen, what limits it.
    pub reasoning: String,
}
