//! The erasure ledger (issue 16, point 4), as the store keeps it: one
//! entry per carried-out erasure, written in the transaction that records
//! the action's result, so that after a school system is restored from a
//! backup the erasure can be applied again. Pseudonymised: the plugin, the
//! plugin's own record keys and keyed hashes of the identifiers; no name,
//! address, number or date of birth.

use crate::ledger::IdentifierHash;
use chrono::{DateTime, Utc};
use dsrd_plugin_api::{EraseMode, Scope};
use serde::Serialize;

/// An entry to write with an erasure's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLedgerEntry {
    /// The configured plugin that erased.
    pub plugin: String,
    /// The subject's key in that plugin (e.g. `pupils:17`): whose records
    /// a replay asks the plugin to erase.
    pub person: String,
    /// Delete or anonymise, as approved.
    pub mode: EraseMode,
    /// The records erased, per table, by the plugin's keys.
    pub scope: Scope,
    /// The subject's identifiers as the plugin held them just before the
    /// erasure, hashed under the ledger key.
    pub identifiers: Vec<IdentifierHash>,
    /// Which ledger key hashed them ([`crate::ledger::LedgerKey::id`]).
    pub key_id: String,
}

/// A written entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerEntry {
    /// Its number, in the order entries were written.
    pub id: i64,
    /// The case it came from (a reference, not personal data).
    pub case: String,
    /// The action of that case's plan (`A2`).
    pub action: String,
    /// When the erasure was recorded.
    pub erased_at: DateTime<Utc>,
    /// The rest, as written.
    #[serde(flatten)]
    pub entry: LedgerFields,
}

/// The fields of an entry as written (those of [`NewLedgerEntry`]), for
/// reading back; serialised as they are for `erasures list --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerFields {
    /// See [`NewLedgerEntry::plugin`].
    pub plugin: String,
    /// See [`NewLedgerEntry::person`].
    pub person: String,
    /// See [`NewLedgerEntry::mode`].
    pub mode: EraseMode,
    /// See [`NewLedgerEntry::scope`].
    pub scope: Scope,
    /// See [`NewLedgerEntry::identifiers`].
    pub identifiers: Vec<IdentifierHash>,
    /// See [`NewLedgerEntry::key_id`].
    pub key_id: String,
}

/// What one replay run did, for its audit entry: counts only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReplayCounts {
    /// Entries looked at.
    pub entries: u64,
    /// Entries whose records were erased again (or, in a dry run, would be).
    pub erased: u64,
    /// Records erased again (or that would be).
    pub records: u64,
    /// Entries with nothing left to erase.
    pub already: u64,
    /// Recorded keys no longer present in the system.
    pub missing_keys: u64,
    /// Entries left alone: the records now belong to someone else, were
    /// hashed under another key, or hold records the ledger does not name.
    pub skipped: u64,
    /// Entries whose plugin call failed.
    pub failed: u64,
}
