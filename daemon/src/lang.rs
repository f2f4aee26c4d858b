//! The languages dsrd writes letters in.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A letter language. Requests in other languages are answered in the
/// organisation's default language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Dutch.
    Nl,
    /// English.
    En,
}

impl Lang {
    /// ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A language code dsrd cannot write letters in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("dsrd writes letters in \"nl\" and \"en\", not {0:?}")]
pub struct UnsupportedLang(pub String);

impl FromStr for Lang {
    type Err = UnsupportedLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "nl" => Ok(Lang::Nl),
            "en" => Ok(Lang::En),
            other => Err(UnsupportedLang(other.to_owned())),
        }
    }
}
