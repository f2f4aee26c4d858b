//! Names of tables and columns taken from the mapping.
//!
//! They are spliced into SQL text (a name cannot be a bind parameter), so
//! each one is checked against `[A-Za-z_][A-Za-z0-9_]*` when the settings
//! are read and quoted per engine when used
//! ([`Engine::quote`](crate::engine::Engine::quote)). Together that makes an
//! injection through the mapping impossible, whatever the operator writes.

use serde::{Deserialize, Deserializer};
use std::fmt;

/// A checked table or column name. Once one exists it is safe to quote.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ident(String);

impl Ident {
    /// Checks `name`; the error says which characters are allowed.
    pub fn parse(name: &str) -> Result<Ident, String> {
        let mut chars = name.chars();
        let first_ok = chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
        if first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '_') && name.len() <= 63 {
            Ok(Ident(name.to_owned()))
        } else {
            Err(format!(
                "`{name}` is not a plain SQL name: use at most 63 letters, digits and `_`, \
                 not starting with a digit (create a view if the real name is different)"
            ))
        }
    }

    /// The name as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Ident {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Ident::parse(&name).map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for Ident {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_pass_and_anything_else_is_refused() {
        for good in ["pupils", "_x", "Left_On2"] {
            assert!(Ident::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "2pupils",
            "pupils; DROP TABLE x",
            "a-b",
            "naïve",
            "a\"b",
            "a`b",
        ] {
            assert!(Ident::parse(bad).is_err(), "{bad}");
        }
    }
}
