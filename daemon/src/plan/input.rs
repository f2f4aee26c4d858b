//! What a plan is made from: the case, the subject, each plugin's dry runs
//! and the manual systems, as plain data gathered by the planning stage.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use dsrd_plugin_api::{Change, ChangeReport, EraseMode, ExportResult};
use serde::{Deserialize, Serialize};

use super::action::Retained;
use super::types::PersonKeys;
use crate::case::CaseRef;
use crate::classify::RequestType;

/// The dry runs a plan needs: one per plugin operation, not per request
/// type, because access and portability share one export and a
/// restriction and an objection share one restrict (`on = true`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DryRunKind {
    /// `export`: what would be disclosed.
    Export,
    /// `erase` with `dry_run`, in [`PlanInput::erase_mode`].
    Erase,
    /// `restrict` with `on` and `dry_run`.
    Restrict,
    /// `rectify` with `dry_run` and the officer's changes for that plugin.
    Rectify,
}

impl DryRunKind {
    /// The dry run a request type needs from every plugin (answers.md §3):
    /// `None` for the rights that only a person can answer (art. 22,
    /// consent withdrawal) and for mail that is not a request.
    pub fn for_request(request_type: RequestType) -> Option<DryRunKind> {
        match request_type {
            RequestType::Access | RequestType::Portability => Some(DryRunKind::Export),
            RequestType::Erasure => Some(DryRunKind::Erase),
            RequestType::Restriction | RequestType::Objection => Some(DryRunKind::Restrict),
            RequestType::Rectification => Some(DryRunKind::Rectify),
            RequestType::AutomatedDecision
            | RequestType::WithdrawConsent
            | RequestType::NotARequest => None,
        }
    }

    /// The dry runs to ask every plugin for, for a case's request types.
    pub fn needed(request_types: &[RequestType]) -> BTreeSet<DryRunKind> {
        request_types
            .iter()
            .filter_map(|t| DryRunKind::for_request(*t))
            .collect()
    }
}

/// What a plugin's dry run gave.
#[derive(Debug, Clone, PartialEq)]
pub enum DryRun {
    /// An export's data; the plan keeps only its counts.
    Export(ExportResult),
    /// What an erase, restrict or rectify would change, and (for an
    /// erase) what it would keep and why.
    Change {
        /// The plugin's report.
        report: ChangeReport,
        /// Records an erasure keeps, mapped from the plugin's report.
        retained: Vec<Retained>,
    },
}

/// How one dry run went.
#[derive(Debug, Clone, PartialEq)]
pub enum DryRunOutcome {
    /// It answered.
    Ran(DryRun),
    /// It failed or timed out: the message, shown to the officer.
    Failed(String),
    /// The plugin does not offer the operation (`PluginError::Unsupported`,
    /// or not in its manifest): shown, but no reason to hold the plan.
    Unsupported,
}

/// A system without an API (`[[systems]]`): a person acts there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualSystem {
    /// Its name, as the plan shows it.
    pub name: String,
    /// What to do there, per request type.
    pub instructions: BTreeMap<RequestType, String>,
}

/// Everything [`build_plan`](super::build_plan) needs.
#[derive(Debug, Clone)]
pub struct PlanInput {
    /// The case.
    pub case: CaseRef,
    /// What the letter asks (the case's frozen classification).
    pub request_types: Vec<RequestType>,
    /// The verified subject's person keys.
    pub subject: PersonKeys,
    /// Per plugin (by configured name), per needed dry run, its outcome. A
    /// plugin listed here without an outcome for a needed dry run counts as
    /// failed: a plan is never silently partial. Rectify is the exception:
    /// without changes for the plugin no call is needed.
    pub dry_runs: BTreeMap<String, BTreeMap<DryRunKind, DryRunOutcome>>,
    /// The officer's corrections per plugin, for a rectification.
    pub changes: BTreeMap<String, Vec<Change>>,
    /// The mode the erase dry runs used.
    pub erase_mode: EraseMode,
    /// Systems without an API.
    pub manual: Vec<ManualSystem>,
    /// Table names that hold special category data (art. 9), in any plugin.
    pub special_tables: BTreeSet<String>,
    /// When the dry runs were made (the injected clock).
    pub made_at: DateTime<Utc>,
}
