//! Which period an organisation promises: the statutory month, or a shorter
//! period of its own (a school reglement's four weeks, or a custom length).
//!
//! Policies are written as short strings in config and stored cases
//! ("gdpr-month", "four-weeks", "30d", "6w", "four-weeks;max=4w"), so serde
//! goes through [`FromStr`] and [`Display`](fmt::Display) and both forms stay
//! one and the same.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The answer period an organisation applies. Whatever it is, the statutory
/// GDPR date is computed too and the earlier of the two counts (§4.6).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Policy {
    /// GDPR art. 12(3): one month, extendable once by two further months.
    /// The default: it is what the law says without any policy.
    #[default]
    GdprMonth,
    /// Four weeks from receipt, not rolled over weekends (deadlines.md §4.3),
    /// extendable any number of times up to `max_total_weeks` from receipt.
    FourWeeks {
        /// Total ceiling in weeks from receipt; 12 for the school board's
        /// reglement, 4 for a policy that allows no extensions.
        max_total_weeks: u32,
    },
    /// A period of `days` from receipt, not rolled, extendable in weeks like
    /// `FourWeeks` up to `max_total_weeks` from receipt.
    Custom {
        /// Length of the period in days ("6w" is stored as 42).
        days: u32,
        /// Total ceiling in weeks from receipt.
        max_total_weeks: u32,
    },
}

impl Policy {
    /// The reglement's ceiling "tot maximaal 12 weken" (§4.3, §7 Q7).
    pub const DEFAULT_MAX_TOTAL_WEEKS: u32 = 12;

    /// `four-weeks` with the default 12-week ceiling.
    pub fn four_weeks() -> Self {
        Policy::FourWeeks {
            max_total_weeks: Self::DEFAULT_MAX_TOTAL_WEEKS,
        }
    }

    /// The policy period in days, or `None` for the statutory month.
    pub fn period_days(&self) -> Option<u32> {
        match *self {
            Policy::GdprMonth => None,
            Policy::FourWeeks { .. } => Some(28),
            Policy::Custom { days, .. } => Some(days),
        }
    }

    /// The ceiling in weeks from receipt, or `None` for the statutory month
    /// (whose single extension is always two months).
    pub fn max_total_weeks(&self) -> Option<u32> {
        match *self {
            Policy::GdprMonth => None,
            Policy::FourWeeks { max_total_weeks }
            | Policy::Custom {
                max_total_weeks, ..
            } => Some(max_total_weeks),
        }
    }
}

/// A policy string dsrd does not understand.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyParseError {
    /// Neither a known name nor a number of days or weeks.
    #[error(
        "unknown deadline policy {0:?}; use \"gdpr-month\", \"four-weeks\", \
         a number of days or weeks such as \"30d\" or \"6w\", optionally with \";max=12w\""
    )]
    Unknown(String),
    /// A zero-length period.
    #[error("deadline policy {0:?} has a period of zero days; give at least \"1d\"")]
    Empty(String),
    /// A `;max=` option that is malformed or not allowed here.
    #[error(
        "deadline policy {0:?}: the ceiling must read \";max=<weeks>w\" and only applies to \
         \"four-weeks\" and custom periods (the GDPR extension is always two months)"
    )]
    BadMax(String),
}

impl FromStr for Policy {
    type Err = PolicyParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let (base, option) = match text.split_once(';') {
            Some((base, option)) => (base.trim(), Some(option.trim())),
            None => (text, None),
        };
        let max_total_weeks = match option {
            None => Policy::DEFAULT_MAX_TOTAL_WEEKS,
            Some(opt) => opt
                .strip_prefix("max=")
                .and_then(|w| w.strip_suffix('w'))
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| PolicyParseError::BadMax(s.to_owned()))?,
        };
        let days = match base {
            "gdpr-month" if option.is_some() => return Err(PolicyParseError::BadMax(s.to_owned())),
            "gdpr-month" => return Ok(Policy::GdprMonth),
            "four-weeks" => return Ok(Policy::FourWeeks { max_total_weeks }),
            _ => parse_length(base).ok_or_else(|| PolicyParseError::Unknown(s.to_owned()))?,
        };
        if days == 0 {
            return Err(PolicyParseError::Empty(s.to_owned()));
        }
        Ok(Policy::Custom {
            days,
            max_total_weeks,
        })
    }
}

/// "30d" → 30, "6w" → 42.
fn parse_length(text: &str) -> Option<u32> {
    if let Some(n) = text.strip_suffix('d') {
        return n.parse().ok();
    }
    let weeks: u32 = text.strip_suffix('w')?.parse().ok()?;
    weeks.checked_mul(7)
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Policy::GdprMonth => return f.write_str("gdpr-month"),
            Policy::FourWeeks { .. } => f.write_str("four-weeks")?,
            Policy::Custom { days, .. } if days % 7 == 0 => write!(f, "{}w", days / 7)?,
            Policy::Custom { days, .. } => write!(f, "{days}d")?,
        }
        match self.max_total_weeks() {
            Some(max) if max != Policy::DEFAULT_MAX_TOTAL_WEEKS => write!(f, ";max={max}w"),
            _ => Ok(()),
        }
    }
}

/// A policy serialises as its short form (`into = "String"`), as
/// `Display` writes it.
impl utoipa::PartialSchema for Policy {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some(
                "^(gdpr-month|(four-weeks|[0-9]+[dw])(;max=[0-9]+w)?)$",
            ))
            .examples(["gdpr-month", "four-weeks", "30d", "four-weeks;max=4w"])
            .into()
    }
}

impl utoipa::ToSchema for Policy {}

impl TryFrom<String> for Policy {
    type Error = PolicyParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Policy> for String {
    fn from(p: Policy) -> Self {
        p.to_string()
    }
}

/// For `dsrd check`: a warning when a policy can promise a date later than
/// the law allows. The engine still answers by the statutory date in that
/// case (effective = the earlier), but the operator believes otherwise.
pub fn warn_if_policy_later_than_statutory(policy: &Policy) -> Option<String> {
    let mut warnings = Vec::new();
    if let Some(days) = policy.period_days() {
        // One calendar month is 28 to 31 days, so the policy can be later
        // than the (unrolled) month for some receipt dates, or for all.
        if days > 31 {
            warnings.push(format!(
                "policy {policy} ({days} days) always ends later than one month after receipt, \
                 so the statutory date always applies; use at most 28 days (\"four-weeks\")"
            ));
        } else if days > 28 {
            warnings.push(format!(
                "policy {policy} ({days} days) can end later than one month after receipt \
                 (February has 28 days); dsrd then uses the statutory date; use at most 28 days \
                 (\"four-weeks\") if the policy date should always count"
            ));
        }
    }
    if let Some(max) = policy.max_total_weeks() {
        // The extended statutory date is at least 87 days after receipt
        // (31 Jan → 28 Feb → 28 Apr); 12 weeks (84 days) always fits inside.
        if u64::from(max) * 7 > 87 {
            warnings.push(format!(
                "policy {policy} allows {max} weeks in total, which can pass the latest statutory \
                 date (one month plus two, at least 87 days); dsrd then uses the statutory date; \
                 use at most \";max=12w\""
            ));
        }
    }
    (!warnings.is_empty()).then(|| warnings.join("; "))
}
