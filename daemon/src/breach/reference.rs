//! The reference of a breach, such as `DATALEK-2026-0001`: a fixed prefix,
//! the year it was entered and a counter per year. Like a case reference it
//! carries no personal data, so logs and audit entries may name it.

use std::fmt;
use std::str::FromStr;

/// The prefix of every breach reference ("datalek" is the Dutch word the
/// AP uses). Fixed rather than configured: the register is one per
/// organisation, and a fixed word keeps it apart from case references.
pub const BREACH_PREFIX: &str = "DATALEK";

/// A valid breach reference. Built only through [`BreachRef::new`] or parsing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct BreachRef(String);

/// A text that is not a breach reference.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a breach reference like DATALEK-2026-0001")]
pub struct BadBreachRef(pub String);

impl BreachRef {
    /// The reference of the `number`th breach entered in `year`.
    pub fn new(year: i32, number: u32) -> Self {
        BreachRef(format!("{BREACH_PREFIX}-{year:04}-{number:04}"))
    }

    /// The reference as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for BreachRef {
    type Err = BadBreachRef;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadBreachRef(s.to_owned());
        let rest = s
            .strip_prefix(BREACH_PREFIX)
            .and_then(|r| r.strip_prefix('-'))
            .ok_or_else(bad)?;
        let (year, number) = rest.split_once('-').ok_or_else(bad)?;
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if year.len() != 4
            || !digits(year)
            || number.len() < 4
            || number.len() > 9
            || !digits(number)
        {
            return Err(bad());
        }
        Ok(BreachRef(s.to_owned()))
    }
}

impl fmt::Display for BreachRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A reference serialises as its text: the schema says which texts.
impl utoipa::PartialSchema for BreachRef {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^DATALEK-[0-9]{4}-[0-9]{4,9}$"))
            .examples(["DATALEK-2026-0001"])
            .into()
    }
}

impl utoipa::ToSchema for BreachRef {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_counted_per_year_and_parse_back() {
        let r = BreachRef::new(2026, 7);
        assert_eq!(r.as_str(), "DATALEK-2026-0007");
        assert_eq!("DATALEK-2026-0007".parse::<BreachRef>().unwrap(), r);
        for bad in [
            "AVG-2026-0001",
            "DATALEK-26-0001",
            "DATALEK-2026-01",
            "DATALEK-2026-00x1",
            "",
        ] {
            assert!(bad.parse::<BreachRef>().is_err(), "{bad}");
        }
    }
}
