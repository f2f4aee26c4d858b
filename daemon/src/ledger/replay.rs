//! Applying recorded erasures again, after a school system was restored
//! from a backup: `dsrd erasures replay --plugin NAME --since DATE`.
//!
//! Per entry, through the plugin's own `erase` with the recorded records
//! as its scope (plugins are the only way into a school system):
//! 1. a dry run says what is still there to erase. Nothing: the entry is
//!    already carried out (a second replay ends here for every entry).
//!    Recorded keys that are gone are reported and left out of the scope;
//!    records of the person the ledger does not name (a scope that would
//!    grow) leave the entry alone for the officer.
//! 2. Before anything changes, the records must still be the person's:
//!    the plugin's `locate` of the recorded key, hashed under the ledger
//!    key, must be the person the entry recorded ([`same_person`]). A
//!    restore into a renumbered table, where that key is now someone
//!    else, changes nothing.
//! 3. Unless it is a dry run, the real erase of the same scope.
//!
//! Each run writes one audit entry with its counts (`erasures.replay`).

use super::{same_person, LedgerKey};
use crate::case::Actor;
use crate::dispatch::{PluginClient, PluginService};
use crate::reply::PackageKey;
use crate::store::{LedgerEntry, ReplayCounts, Store, StoreError};
use chrono::{DateTime, Utc};
use dsrd_plugin_api::protocol::{Output, Request};
use dsrd_plugin_api::{ChangeReport, PluginError, Scope, Subject};
use serde::Serialize;
use std::collections::BTreeMap;

/// What a replay run did.
#[derive(Debug, Clone, Serialize)]
pub struct Replay {
    /// The plugin.
    pub plugin: String,
    /// Entries recorded at or after this instant were replayed.
    pub since: DateTime<Utc>,
    /// A dry run: nothing was changed.
    pub dry_run: bool,
    /// Per entry, what happened.
    pub entries: Vec<EntryOutcome>,
    /// The totals (as the audit entry has them).
    pub counts: ReplayCounts,
}

/// What became of one entry.
#[derive(Debug, Clone, Serialize)]
pub struct EntryOutcome {
    /// The entry's number.
    pub entry: i64,
    /// Its case and action.
    pub case: String,
    /// The action of that case.
    pub action: String,
    /// When the erasure was first carried out.
    pub erased_at: DateTime<Utc>,
    /// What happened.
    #[serde(flatten)]
    pub verdict: Verdict,
    /// Per table, the records erased again (or that would be).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tables: BTreeMap<String, u64>,
    /// Recorded records no longer present in the system.
    #[serde(skip_serializing_if = "Scope::is_empty")]
    pub missing: Scope,
}

/// The verdict on one entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Verdict {
    /// The records were erased again.
    Erased,
    /// A dry run: the records would be erased again.
    WouldErase,
    /// Nothing left to erase: done already, or every record is gone.
    AlreadyErased,
    /// The records at the recorded key are not the recorded person's (a
    /// restore that renumbered them): left alone.
    NotTheSamePerson,
    /// The entry holds no identifiers to recognise the person by (its
    /// plugin could not `locate`): left alone.
    NoIdentifiers,
    /// The entry was hashed under another ledger key (the key was
    /// replaced): its person cannot be recognised, so it is left alone.
    OtherKey,
    /// The person has records the entry does not name: left alone for the
    /// officer (a new request may be needed).
    MoreRecords {
        /// The records not in the entry.
        added: Scope,
    },
    /// The plugin failed.
    Failed {
        /// Its message.
        error: String,
    },
}

/// Why a replay could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    /// No plugin of that name is configured.
    #[error("no plugin {0:?} is configured (dsrd plugins list shows them)")]
    UnknownPlugin(String),
    /// The plugin could not start.
    #[error("the plugin {plugin} cannot be reached: {message}")]
    Unreachable {
        /// The plugin.
        plugin: String,
        /// Why.
        message: String,
    },
    /// Without the ledger key nobody can be recognised.
    #[error("the erasure ledger has no key ({0}): put in place the ledger key (ledger.key_env or ledger.key_file) that was in use when the erasures were recorded")]
    NoKey(#[from] crate::package::KeyError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Replays the erasures `plugin` recorded at or after `since` (see the
/// module doc); `dry_run` changes nothing. Writes the run's audit entry.
#[allow(clippy::too_many_arguments)]
pub async fn replay(
    store: &dyn Store,
    plugins: &PluginService,
    ledger_key: &PackageKey,
    plugin: &str,
    since: DateTime<Utc>,
    dry_run: bool,
    by: &Actor,
    now: DateTime<Utc>,
) -> Result<Replay, ReplayError> {
    let client = plugins
        .client(plugin)
        .ok_or_else(|| ReplayError::UnknownPlugin(plugin.to_owned()))?;
    let key = LedgerKey::from_master(&*ledger_key.get()?);
    let system = client
        .manifest()
        .await
        .map_err(|e| ReplayError::Unreachable {
            plugin: plugin.to_owned(),
            message: e.to_string(),
        })?
        .name
        .clone();
    let mut outcomes = Vec::new();
    let mut counts = ReplayCounts::default();
    for entry in store.ledger_entries(Some(plugin), Some(since)).await? {
        let outcome = replay_entry(&client, &system, &key, &entry, dry_run).await;
        counts.entries += 1;
        counts.missing_keys += outcome.missing.len() as u64;
        match &outcome.verdict {
            Verdict::Erased | Verdict::WouldErase => {
                counts.erased += 1;
                counts.records += outcome.tables.values().sum::<u64>();
            }
            Verdict::AlreadyErased => counts.already += 1,
            Verdict::NotTheSamePerson
            | Verdict::NoIdentifiers
            | Verdict::OtherKey
            | Verdict::MoreRecords { .. } => counts.skipped += 1,
            Verdict::Failed { .. } => counts.failed += 1,
        }
        outcomes.push(outcome);
    }
    store
        .record_replay(plugin, since, dry_run, by, &counts, now)
        .await?;
    tracing::info!(
        plugin,
        dry_run,
        entries = counts.entries,
        erased = counts.erased,
        skipped = counts.skipped,
        failed = counts.failed,
        "erasures replayed"
    );
    Ok(Replay {
        plugin: plugin.to_owned(),
        since,
        dry_run,
        entries: outcomes,
        counts,
    })
}

async fn replay_entry(
    client: &PluginClient,
    system: &str,
    key: &LedgerKey,
    entry: &LedgerEntry,
    dry_run: bool,
) -> EntryOutcome {
    let mut outcome = EntryOutcome {
        entry: entry.id,
        case: entry.case.clone(),
        action: entry.action.clone(),
        erased_at: entry.erased_at,
        verdict: Verdict::AlreadyErased,
        tables: BTreeMap::new(),
        missing: Scope::default(),
    };
    let subject = Subject::default().with_system_id(system, &entry.entry.person);
    let erase = |scope: &Scope, dry_run| {
        client.call(Request::Erase {
            subject: subject.clone(),
            mode: entry.entry.mode,
            scope: Some(scope.clone()),
            dry_run,
        })
    };
    let mut scope = entry.entry.scope.clone();
    // 1. What is left to erase; recorded keys that are gone drop out.
    let planned = loop {
        match report(erase(&scope, true).await) {
            Ok(planned) => break planned,
            Err(PluginError::ScopeDrift { added, missing }) if added.is_empty() => {
                for (table, keys) in &missing.tables {
                    for k in keys {
                        scope.remove(table, k);
                        outcome.missing.insert(table, k);
                    }
                }
                if scope.is_empty() {
                    return outcome;
                }
            }
            Err(PluginError::ScopeDrift { added, .. }) => {
                outcome.verdict = Verdict::MoreRecords { added };
                return outcome;
            }
            Err(e) => {
                outcome.verdict = Verdict::Failed {
                    error: e.to_string(),
                };
                return outcome;
            }
        }
    };
    if planned.is_empty() {
        return outcome;
    }
    // 2. Still the recorded person?
    if entry.entry.identifiers.is_empty() {
        outcome.verdict = Verdict::NoIdentifiers;
        return outcome;
    }
    if entry.entry.key_id != key.id() {
        outcome.verdict = Verdict::OtherKey;
        return outcome;
    }
    let located = match client
        .call(Request::Locate {
            subject: subject.clone(),
        })
        .await
    {
        Ok(Output::Locate(found)) => found,
        Ok(other) => {
            outcome.verdict = Verdict::Failed {
                error: format!("answered locate with {:?}", other.operation()),
            };
            return outcome;
        }
        Err(e) => {
            outcome.verdict = Verdict::Failed {
                error: e.to_string(),
            };
            return outcome;
        }
    };
    let found = located
        .person(&entry.entry.person)
        .map(|person| key.hashes_of(person))
        .unwrap_or_default();
    if !same_person(&entry.entry.identifiers, &found) {
        outcome.verdict = Verdict::NotTheSamePerson;
        return outcome;
    }
    // 3. Erase again (or say what would go).
    let done = if dry_run {
        planned
    } else {
        match report(erase(&scope, false).await) {
            Ok(done) => done,
            Err(e) => {
                outcome.verdict = Verdict::Failed {
                    error: e.to_string(),
                };
                return outcome;
            }
        }
    };
    outcome.tables = done
        .tables
        .iter()
        .map(|(table, changes)| (table.clone(), changes.count))
        .collect();
    outcome.verdict = if dry_run {
        Verdict::WouldErase
    } else {
        Verdict::Erased
    };
    outcome
}

/// The change report of an `erase` answer.
fn report(answer: Result<Output, PluginError>) -> Result<ChangeReport, PluginError> {
    match answer? {
        Output::Erase(report) => Ok(report),
        other => Err(PluginError::Protocol {
            message: format!("answered erase with {:?}", other.operation()),
        }),
    }
}
