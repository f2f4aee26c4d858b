//! The short ids officers type for a plan's actions.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The short id an officer types to approve or reject an action: `A1`,
/// `A2`, … in plan order.
///
/// Positional ids are easy to type and read back over the phone; they are
/// safe because every approval and rejection also names the plan's
/// fingerprint, so `A1` of a re-made plan is never mistaken for `A1` of
/// the old one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ActionId(u32);

/// Text that is not an action id like `A3`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an action id; the plan names its actions A1, A2, … (`dsrd cases plan REF`)")]
pub struct BadActionId(pub String);

impl ActionId {
    /// The id of the `n`th action (1-based).
    pub fn nth(n: u32) -> Result<Self, BadActionId> {
        if n == 0 {
            return Err(BadActionId("A0".into()));
        }
        Ok(ActionId(n))
    }

    /// Reads `A3` or `a3`.
    pub fn parse(text: &str) -> Result<Self, BadActionId> {
        let bad = || BadActionId(text.to_owned());
        let digits = text
            .trim()
            .strip_prefix(['A', 'a'])
            .filter(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
            .ok_or_else(bad)?;
        let n: u32 = digits.parse().map_err(|_| bad())?;
        ActionId::nth(n).map_err(|_| bad())
    }
}

/// An id serialises as its text (`into = "String"`): `A1`, `A2`, …
impl utoipa::PartialSchema for ActionId {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^A[1-9][0-9]*$"))
            .examples(["A1"])
            .into()
    }
}

impl utoipa::ToSchema for ActionId {}

impl fmt::Display for ActionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "A{}", self.0)
    }
}

impl FromStr for ActionId {
    type Err = BadActionId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ActionId::parse(s)
    }
}

impl TryFrom<String> for ActionId {
    type Error = BadActionId;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        ActionId::parse(&s)
    }
}

impl From<ActionId> for String {
    fn from(id: ActionId) -> String {
        id.to_string()
    }
}
