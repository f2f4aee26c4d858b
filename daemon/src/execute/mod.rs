//! Carrying out approved actions, exactly once (issue 12, point 4). Shaped
//! like the outbox worker: [`Executor::recover`] settles what a stopped
//! worker left `running`, [`Executor::step`] runs what is due, and neither
//! keeps state of its own.
//!
//! # Exactly once
//! An action row is claimed (`pending → running`) before its plugin call
//! and finished (`running → done`, with the result, its event and audit
//! entry in one transaction) after it. A row still `running` at start-up
//! was cut off between the two: its change may or may not have happened.
//! It is run again. That is safe because every call carries the approved
//! **scope**: a plugin changes only those records and reports a change
//! already made as nothing to do (the `sql` plugin runs a subject's tables
//! in one transaction, so a call either happened whole or not at all), and
//! a scope that no longer fits the system stops the action as drift rather
//! than touching records nobody approved. So a change happens once, and the
//! record of it is written once.
//!
//! # Erasures
//! An erasure also writes its entry in the erasure ledger ([`crate::ledger`])
//! in the transaction that records its result: the subject's identifiers
//! are read with the plugin's `locate` just before the change and kept only
//! as keyed hashes. Without the ledger's key nothing is called: the action
//! waits (retried, then left for the officer) rather than erase what a
//! backup restore would silently bring back.
//!
//! Tasks for a person (a manual system, the officer) are never run here:
//! they stay `pending` until `dsrd tasks done`.
//!
//! # Restrictions
//! A restriction, once done, is in the register until it is lifted. The
//! same worker lifts the ones whose announced day has come (`lift`), with
//! the same claim → finish | fail moves on the register entry; a lift cut
//! off by a stop is released at start-up and run again, which the plugin's
//! idempotent, scoped `restrict` call makes safe.

mod lift;
mod request;

pub use lift::{lift, LiftOutcome};
pub use request::{request_for, ActionResult, SealedTable};

use crate::case::Actor;
use crate::clock::Clock;
use crate::dispatch::PluginService;
use crate::ledger::LedgerKey;
use crate::outbox::backoff;
use crate::plan::{ActionKind, System};
use crate::reply::PackageKey;
use crate::store::{ActionRow, NewLedgerEntry, Store, StoreError};
use dsrd_plugin_api::protocol::{Output, Request};
use dsrd_plugin_api::PluginError;
use std::sync::Arc;

/// How many attempts a failing call gets before the officer is asked.
pub const MAX_ATTEMPTS: i64 = 5;

/// What one step did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Step {
    /// Actions carried out.
    pub done: usize,
    /// Attempts that failed (retried later, or left for the officer).
    pub failed: usize,
}

/// Runs approved actions through the plugins.
pub struct Executor {
    store: Arc<dyn Store>,
    plugins: PluginService,
    clock: Arc<dyn Clock>,
    /// The erasure ledger's key (`[ledger]`).
    key: Arc<PackageKey>,
}

impl Executor {
    /// A worker over `store`, reaching the systems through `plugins`, with
    /// `key` the erasure ledger's key.
    pub fn new(
        store: Arc<dyn Store>,
        plugins: PluginService,
        clock: Arc<dyn Clock>,
        key: Arc<PackageKey>,
    ) -> Self {
        Executor {
            store,
            plugins,
            clock,
            key,
        }
    }

    /// Puts every action a stopped worker left `running` back to `pending`,
    /// and every lift it left `lifting` back to `announced`, to be run
    /// again (see the module doc); returns how many.
    pub async fn recover(&self) -> Result<usize, StoreError> {
        let mut released = 0;
        for row in self.store.interrupted_actions().await? {
            if self.store.release_action(row.id, self.clock.now()).await? {
                tracing::warn!(case = %row.case, action = %row.action, "action interrupted by a stop; running it again");
                released += 1;
            }
        }
        for restriction in self.store.interrupted_lifts().await? {
            if self
                .store
                .release_lift(restriction.id, self.clock.now())
                .await?
            {
                tracing::warn!(case = %restriction.case, action = %restriction.action, "lifting a restriction was interrupted by a stop; running it again");
                released += 1;
            }
        }
        Ok(released)
    }

    /// Runs the actions that are due, then lifts the restrictions whose
    /// announced day has come.
    pub async fn step(&self) -> Result<Step, StoreError> {
        let mut step = Step::default();
        let now = self.clock.now();
        for row in self.store.due_actions(now, 32).await? {
            let System::Plugin(plugin) = &row.spec.system else {
                continue;
            };
            if !self.store.claim_action(row.id, self.clock.now()).await? {
                continue;
            }
            match self.run(&row, plugin).await {
                Ok((result, ledger)) => {
                    let value = serde_json::to_value(&result)
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                    let summary = result.summary();
                    match &ledger {
                        Some(entry) => {
                            self.store
                                .finish_erasure(row.id, &value, &summary, entry, self.clock.now())
                                .await?
                        }
                        None => {
                            self.store
                                .finish_action(row.id, &value, &summary, self.clock.now())
                                .await?
                        }
                    };
                    tracing::info!(case = %row.case, action = %row.action, "action done");
                    step.done += 1;
                }
                Err(e) => {
                    let attempts = row.attempts + 1;
                    let retry = retryable(&e) && attempts < MAX_ATTEMPTS;
                    let retry_at = retry.then(|| self.clock.now() + backoff(attempts));
                    self.store
                        .fail_action(row.id, &e.to_string(), retry_at, self.clock.now())
                        .await?;
                    tracing::warn!(case = %row.case, action = %row.action, retry, "action failed");
                    step.failed += 1;
                }
            }
        }
        for restriction in self.store.due_lifts(now, 32).await? {
            let outcome = lift(
                self.store.as_ref(),
                &self.plugins,
                &restriction,
                &Actor::System,
                self.clock.now(),
            )
            .await?;
            match outcome {
                LiftOutcome::Lifted { .. } | LiftOutcome::Released { .. } => step.done += 1,
                LiftOutcome::Failed { .. } => step.failed += 1,
                LiftOutcome::NotClaimed => {}
            }
        }
        Ok(step)
    }

    async fn run(
        &self,
        row: &ActionRow,
        plugin: &str,
    ) -> Result<(ActionResult, Option<NewLedgerEntry>), PluginError> {
        let Some(client) = self.plugins.client(plugin) else {
            return Err(PluginError::InvalidRequest {
                message: format!("no plugin {plugin:?} is configured any more"),
            });
        };
        let (plan, _) =
            self.store
                .case_plan(&row.case)
                .await
                .map_err(|e| PluginError::Internal {
                    message: e.to_string(),
                })?;
        let Some(plan) = plan else {
            return Err(PluginError::InvalidRequest {
                message: "the case has no plan".into(),
            });
        };
        let manifest = client
            .manifest()
            .await
            .map_err(|e| PluginError::BackendUnavailable {
                message: e.to_string(),
            })?;
        let request = request_for(&row.spec, &plan.plan.subject, plugin, &manifest.name)?;
        // An erasure: the ledger's key first (nothing is called without
        // it), then the subject's identifiers as the system holds them,
        // before they are gone.
        let ledger = match (&row.spec.kind, &request) {
            (ActionKind::Erase { mode }, Request::Erase { subject, .. }) => {
                let key = self.key.get().map_err(|e| PluginError::Internal {
                    message: format!(
                        "the erasure ledger has no key ({e}); the erasure waits until it is in place (ledger.key_env or ledger.key_file)"
                    ),
                })?;
                // A plugin that cannot locate gives an entry of keys only,
                // which a replay reports rather than acts on.
                let located = if manifest.supports(dsrd_plugin_api::Operation::Locate) {
                    match client
                        .call(Request::Locate {
                            subject: subject.clone(),
                        })
                        .await?
                    {
                        Output::Locate(found) => found,
                        other => {
                            return Err(PluginError::Protocol {
                                message: format!("answered locate with {:?}", other.operation()),
                            })
                        }
                    }
                } else {
                    dsrd_plugin_api::LocateResult::default()
                };
                let person = subject
                    .system_ids
                    .get(&manifest.name)
                    .cloned()
                    .unwrap_or_default();
                Some((LedgerKey::from_master(&key), *mode, person, located))
            }
            _ => None,
        };
        // Art. 19: who received the records is asked before they change,
        // since after an erasure the system cannot say any more.
        let recipients = match (
            &request,
            manifest.supports(dsrd_plugin_api::Operation::Recipients),
        ) {
            (
                Request::Erase { subject, .. }
                | Request::Restrict { subject, .. }
                | Request::Rectify { subject, .. },
                true,
            ) => match client
                .call(Request::Recipients {
                    subject: subject.clone(),
                })
                .await?
            {
                Output::Recipients(list) => list,
                other => {
                    return Err(PluginError::Protocol {
                        message: format!("answered recipients with {:?}", other.operation()),
                    })
                }
            },
            _ => Vec::new(),
        };
        let output = client.call(request).await?;
        let result = ActionResult::from_output(&row.spec, output)?.with_recipients(recipients);
        let entry = match ledger {
            Some((key, mode, person, located)) => {
                let snapshot = match &result {
                    ActionResult::AlreadyDone { .. } => {
                        self.store.case_snapshot(&row.case).await.map_err(|e| {
                            PluginError::Internal {
                                message: e.to_string(),
                            }
                        })?
                    }
                    _ => None,
                };
                let case_subject = snapshot
                    .as_ref()
                    .and_then(|s| s.identity.finding.as_ref())
                    .and_then(|f| f.subject());
                let identifiers =
                    crate::ledger::identifiers_of(&person, &result, &located, case_subject);
                crate::ledger::entry_for(plugin, &person, mode, &result, &identifiers, &key)
            }
            None => None,
        };
        Ok((result, entry))
    }
}

/// Whether a failure may go away by itself (a system down, a time-out, a
/// crashed plugin host), so the call is tried again; drift, a bad request
/// or a refusal will not, and go to the officer at once.
fn retryable(e: &PluginError) -> bool {
    matches!(
        e,
        PluginError::BackendUnavailable { .. }
            | PluginError::Panicked { .. }
            | PluginError::Protocol { .. }
            | PluginError::Internal { .. }
    )
}
