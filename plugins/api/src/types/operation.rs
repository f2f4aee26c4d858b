//! The operations a plugin can offer.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One operation of the plugin protocol.
///
/// A plugin lists the ones it supports in its [`Manifest`](crate::Manifest);
/// calling any other returns [`PluginError::Unsupported`](crate::PluginError).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// Return the manifest: who the plugin is and what it can do.
    Describe,
    /// Find the records that belong to a subject (art. 15, identity checks).
    Locate,
    /// Hand over the subject's records (art. 15 access, art. 20 portability).
    Export,
    /// Correct the subject's records (art. 16).
    Rectify,
    /// Switch a processing restriction on or off (art. 18).
    Restrict,
    /// Delete or anonymise the subject's records (art. 17).
    Erase,
    /// List to whom the subject's data was disclosed (art. 19).
    Recipients,
    /// Remove whatever has outlived its retention period (art. 5(1)(e)).
    PurgeExpired,
    /// An operation this version of dsrd does not know, named by a newer
    /// plugin. Kept instead of failing so that an older daemon can still read
    /// a newer plugin's manifest; it is never called.
    #[serde(other)]
    Unknown,
}

impl Operation {
    /// Every operation this version knows, in protocol order.
    pub const ALL: [Operation; 8] = [
        Operation::Describe,
        Operation::Locate,
        Operation::Export,
        Operation::Rectify,
        Operation::Restrict,
        Operation::Erase,
        Operation::Recipients,
        Operation::PurgeExpired,
    ];

    /// The name used on the wire and in messages, e.g. `purge_expired`.
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Describe => "describe",
            Operation::Locate => "locate",
            Operation::Export => "export",
            Operation::Rectify => "rectify",
            Operation::Restrict => "restrict",
            Operation::Erase => "erase",
            Operation::Recipients => "recipients",
            Operation::PurgeExpired => "purge_expired",
            Operation::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_match_as_str() {
        for op in Operation::ALL {
            let json = serde_json::to_string(&op).unwrap();
            assert_eq!(json, format!("\"{}\"", op.as_str()));
        }
    }

    #[test]
    fn an_operation_from_a_newer_plugin_reads_as_unknown() {
        let op: Operation = serde_json::from_str("\"teleport\"").unwrap();
        assert_eq!(op, Operation::Unknown);
    }
}
