//! The version handshake.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The version of the plugin ABI and protocol this crate speaks.
///
/// It covers the layout of [`PluginTable`](crate::ffi::PluginTable) and
/// the meaning of the JSON messages. Raise it for any change an older peer
/// would misread: a removed or renamed field, a changed table layout.
/// Additions that old peers safely ignore (a new optional field, a new
/// error kind) do not need a new version; optional behaviour that both
/// sides must agree on goes in a feature instead (see [`Hello`]).
#[cfg(not(feature = "abi-mismatch-fixture"))]
pub const ABI_VERSION: u32 = 1;
/// A deliberately wrong version, so dsrd's tests can build a plugin that
/// the loader must refuse (feature `abi-mismatch-fixture`; never in a
/// real build).
#[cfg(feature = "abi-mismatch-fixture")]
pub const ABI_VERSION: u32 = 9999;

/// The first message each side of a plugin host connection sends.
///
/// Both sides send their `Hello`, then compare with [`Hello::agree`]. The
/// versions must be equal; a different version ends the connection with a
/// message naming both. Features are optional extensions: one is used only
/// when both sides list it, so a feature one side does not know is simply
/// not used and the connection falls back to the base protocol of the
/// version. That is why an unknown feature is never an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    /// The sender's [`ABI_VERSION`].
    pub abi_version: u32,
    /// The optional extensions the sender understands.
    #[serde(default)]
    pub features: BTreeSet<String>,
}

impl Hello {
    /// The optional extensions this build understands. None yet: version 1
    /// is the baseline, and the list exists so the first extension can be
    /// added without a version change.
    pub const FEATURES: &'static [&'static str] = &[];

    /// The `Hello` this build sends.
    pub fn ours() -> Hello {
        Hello {
            abi_version: ABI_VERSION,
            features: Self::FEATURES.iter().map(|f| (*f).to_owned()).collect(),
        }
    }

    /// Compares our `Hello` with the peer's: on equal versions, the
    /// features both understand; otherwise the mismatch.
    pub fn agree(&self, theirs: &Hello) -> Result<BTreeSet<String>, VersionMismatch> {
        if self.abi_version != theirs.abi_version {
            return Err(VersionMismatch {
                ours: self.abi_version,
                theirs: theirs.abi_version,
            });
        }
        Ok(self
            .features
            .intersection(&theirs.features)
            .cloned()
            .collect())
    }
}

/// The two sides of a handshake speak different ABI versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the plugin speaks ABI version {theirs}, this dsrd speaks version {ours}; rebuild the plugin against the dsrd-plugin-api of this dsrd")]
pub struct VersionMismatch {
    /// Our version.
    pub ours: u32,
    /// The peer's version.
    pub theirs: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hello(version: u32, features: &[&str]) -> Hello {
        Hello {
            abi_version: version,
            features: features.iter().map(|f| (*f).to_owned()).collect(),
        }
    }

    #[test]
    fn only_features_both_sides_know_are_used() {
        let ours = hello(1, &["streaming_export", "progress"]);
        let theirs = hello(1, &["progress", "telepathy"]);
        let agreed = ours.agree(&theirs).unwrap();
        assert_eq!(agreed.into_iter().collect::<Vec<_>>(), ["progress"]);
    }

    #[test]
    fn a_different_version_is_refused_naming_both() {
        let error = hello(1, &[]).agree(&hello(2, &[])).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("version 2") && message.contains("version 1"),
            "{message}"
        );
    }

    #[test]
    fn a_hello_without_features_reads_as_none() {
        let hello: Hello = serde_json::from_str(r#"{"abi_version":1}"#).unwrap();
        assert!(hello.features.is_empty());
        assert_eq!(Hello::ours().abi_version, ABI_VERSION);
    }
}
