//! The audit log: append-only, each entry chained to the one before by a
//! SHA-256 hash, so that a changed or deleted row is found by [`verify`].
//!
//! Entries carry case references and kinds of action, never names or
//! addresses: the chain must outlive the personal data it speaks of.

mod chain;
mod view;

pub use chain::{entry_hash, verify, AuditRecord, BrokenLink, Head, GENESIS_HASH};
pub use view::{AuditEntry, ChainCheck};
