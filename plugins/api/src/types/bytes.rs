//! Bytes inside JSON: a base64 string (RFC 4648, section 4, with padding).
//!
//! JSON has no byte type; an array of numbers would be four times the size
//! of the data and slow to parse, so file contents go as base64 instead.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Deserializer, Serializer};

/// Writes `bytes` as one base64 string.
pub(crate) fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&STANDARD.encode(bytes))
}

/// Reads a base64 string back into bytes, rejecting anything malformed.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
    let text = String::deserialize(deserializer)?;
    STANDARD
        .decode(text.as_bytes())
        .map_err(serde::de::Error::custom)
}
