//! The erasure ledger (issue 16, point 4): erasures that survive a backup
//! restore.
//!
//! A school that restores a system from last week's backup brings back
//! every pupil erased since. So each carried-out erasure leaves a minimal,
//! pseudonymised entry, written by the executor in the same transaction as
//! the action's result: the plugin, the subject's key there (`pupils:17`),
//! the records erased by the plugin's own keys, and keyed hashes of the
//! identifiers the plugin held just before ([`hash`]). `dsrd erasures
//! replay --plugin NAME --since DATE` ([`replay`]) then asks the plugin to
//! erase those records again, after checking that the records at those
//! keys still belong to the person the entry recorded — a restore into a
//! renumbered table must not erase someone else.
//!
//! # The key
//! The hashes are HMAC-SHA256 under a key derived (HKDF-SHA256) from the
//! ledger's own key, which lives where the package master key does:
//! outside the store and the configuration file, in the environment
//! (`ledger.key_env`, `DSRD_LEDGER_KEY`) or a key file (`ledger.key_file`).
//! A key of its own rather than the package key: a package lives for days
//! and its key may be replaced at any time, while the ledger must
//! recognise a person for as long as any backup could be restored (years);
//! and a copy of one key opens nothing of the other.
//!
//! Without the key no entry can be written, and an erasure without its
//! entry would silently come back with the next restore; so the executor
//! does not carry out an erasure until the key is in place (the action is
//! retried, then goes to the officer, saying so), and `dsrd check` warns.
//! Replacing the key leaves older entries under the old key's id: a replay
//! says so and leaves them alone, since their person cannot be recognised.

pub mod hash;
pub mod replay;

pub use hash::{same_person, HashKind, IdentifierHash, LedgerKey};
pub use replay::{replay, EntryOutcome, Replay, ReplayError, Verdict};

use crate::execute::ActionResult;
use crate::store::NewLedgerEntry;
use dsrd_plugin_api::{EraseMode, LocateResult, Scope};

/// The entry for an erasure of `person` in `plugin` that ended in
/// `result`, with the identifiers `located` (the plugin's `locate` of the
/// subject just before the erasure) hashed under `key`. `None` for a
/// result that erased nothing the ledger could name.
pub fn entry_for(
    plugin: &str,
    person: &str,
    mode: EraseMode,
    result: &ActionResult,
    located: &LocateResult,
    key: &LedgerKey,
) -> Option<NewLedgerEntry> {
    let scope = match result {
        ActionResult::Changed { report, .. } => Scope::from_report(report),
        ActionResult::AlreadyDone { scope, .. } => scope.clone(),
        ActionResult::Exported { .. } | ActionResult::Sealed { .. } => return None,
    };
    if scope.is_empty() {
        return None;
    }
    let identifiers = located
        .person(person)
        .map(|found| key.hashes_of(found))
        .unwrap_or_default();
    Some(NewLedgerEntry {
        plugin: plugin.to_owned(),
        person: person.to_owned(),
        mode,
        scope,
        identifiers,
        key_id: key.id(),
    })
}
