//! The human reference of a case, such as `AVG-2026-0012`.
//!
//! It is what logs, file names and letters carry instead of a name, so it must
//! never contain personal data: a prefix chosen by the organisation, the year
//! of receipt and a counter per prefix and year.

use std::fmt;
use std::str::FromStr;

/// A valid case reference. Built only through [`CaseRef::new`] or parsing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct CaseRef(String);

/// Why a string is not a case reference.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadReference {
    /// The prefix is empty, too long or has characters other than A–Z and 0–9.
    #[error("reference prefix {0:?} must be 1 to 10 capital letters or digits")]
    Prefix(String),
    /// Not of the form PREFIX-YYYY-NNNN.
    #[error("{0:?} is not a case reference like AVG-2026-0012")]
    Shape(String),
}

/// A reference serialises as its text (`transparent`): the schema says
/// which texts those are.
impl utoipa::PartialSchema for CaseRef {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^[A-Z0-9]{1,10}-[0-9]{4}-[0-9]{4,}$"))
            .examples(["AVG-2026-0012"])
            .into()
    }
}

impl utoipa::ToSchema for CaseRef {}

impl CaseRef {
    /// The reference for the `number`th case of `year` under `prefix`.
    pub fn new(prefix: &str, year: i32, number: u32) -> Result<Self, BadReference> {
        check_prefix(prefix)?;
        Ok(CaseRef(format!("{prefix}-{year:04}-{number:04}")))
    }

    /// The reference as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Checks a configured reference prefix.
pub fn check_prefix(prefix: &str) -> Result<(), BadReference> {
    let ok = (1..=10).contains(&prefix.len())
        && prefix
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(BadReference::Prefix(prefix.to_owned()))
    }
}

impl FromStr for CaseRef {
    type Err = BadReference;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let shape = || BadReference::Shape(s.to_owned());
        let mut parts = s.rsplitn(3, '-');
        let number = parts.next().ok_or_else(shape)?;
        let year = parts.next().ok_or_else(shape)?;
        let prefix = parts.next().ok_or_else(shape)?;
        let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
        if year.len() != 4 || !digits(year) || number.len() < 4 || !digits(number) {
            return Err(shape());
        }
        check_prefix(prefix).map_err(|_| shape())?;
        Ok(CaseRef(s.to_owned()))
    }
}

impl fmt::Display for CaseRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_padded_to_four_digits() {
        assert_eq!(
            CaseRef::new("AVG", 2026, 12).unwrap().as_str(),
            "AVG-2026-0012"
        );
        assert_eq!(
            CaseRef::new("AVG", 2026, 12345).unwrap().as_str(),
            "AVG-2026-12345"
        );
    }

    #[test]
    fn a_reference_parses_back() {
        let r: CaseRef = "PRIV-2027-0003".parse().unwrap();
        assert_eq!(r, CaseRef::new("PRIV", 2027, 3).unwrap());
    }

    #[test]
    fn malformed_references_are_refused() {
        for bad in [
            "",
            "AVG-2026",
            "avg-2026-0001",
            "AVG-26-0001",
            "AVG-2026-01",
            "AVG-2026-00x1",
        ] {
            assert!(bad.parse::<CaseRef>().is_err(), "{bad} was accepted");
        }
        assert!(CaseRef::new("a b", 2026, 1).is_err());
    }
}
