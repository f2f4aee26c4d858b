//! The audit log as `dsrd audit list --json` and `dsrd audit verify --json`
//! print it and the officer's API returns it: an entry with its detail as
//! JSON (not the text it is hashed as), and the result of checking the
//! chain.

use super::{AuditRecord, BrokenLink};
use serde::Serialize;

/// One audit entry as the officer reads it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AuditEntry {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// When, as RFC 3339 text (as stored and hashed).
    pub at: String,
    /// Who: `system` or `officer:NAME`.
    pub actor: String,
    /// What kind of action, e.g. `case.received`.
    pub action: String,
    /// The case it concerns, if any.
    pub case: Option<String>,
    /// The details: their JSON, or their text where it is not JSON (an
    /// entry written by hand, a damaged row).
    pub detail: serde_json::Value,
}

impl AuditEntry {
    /// The entry of `record`.
    pub fn of(record: &AuditRecord) -> AuditEntry {
        AuditEntry {
            seq: record.seq,
            at: record.at.clone(),
            actor: record.actor.clone(),
            action: record.action.clone(),
            case: record.case_ref.clone(),
            detail: serde_json::from_str(&record.detail)
                .unwrap_or_else(|_| serde_json::Value::String(record.detail.clone())),
        }
    }
}

/// Whether the chain holds, and if not where it breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ChainCheck {
    /// Whether every entry is intact and none is missing.
    pub ok: bool,
    /// Entries checked (all of them when `ok`).
    pub entries: usize,
    /// The entry at (or before) which the chain breaks; only when not `ok`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub broken_at: Option<i64>,
    /// What is wrong there; only when not `ok`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl ChainCheck {
    /// What [`verify`](super::verify) said of a log of `entries` rows.
    pub fn of(result: &Result<usize, BrokenLink>, entries: usize) -> ChainCheck {
        match result {
            Ok(n) => ChainCheck {
                ok: true,
                entries: *n,
                broken_at: None,
                reason: None,
            },
            Err(b) => ChainCheck {
                ok: false,
                entries,
                broken_at: Some(b.seq),
                reason: Some(b.reason.clone()),
            },
        }
    }
}
