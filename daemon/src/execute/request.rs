//! From an approved action to the plugin call that carries it out, and
//! from the plugin's answer to the result the case records.

use crate::plan::{ActionKind, PersonKeys, PlannedAction};
use dsrd_plugin_api::protocol::{Output, Request};
use dsrd_plugin_api::{ChangeReport, ExportResult, PluginError, Subject};
use serde::{Deserialize, Serialize};

/// The real (not dry) call for `action` in plugin `plugin` (configured
/// name), whose manifest calls itself `system`: the subject by the person
/// key the plugin gave at lookup, and the approved scope.
pub fn request_for(
    action: &PlannedAction,
    subject: &PersonKeys,
    plugin: &str,
    system: &str,
) -> Result<Request, PluginError> {
    let key = subject
        .keys(plugin)
        .next()
        .ok_or_else(|| PluginError::InvalidRequest {
            message: format!("the plan holds no person key for {plugin}"),
        })?;
    let subject = Subject::default().with_system_id(system, key);
    let scope = Some(action.scope.clone());
    Ok(match &action.kind {
        ActionKind::Export => Request::Export { subject },
        ActionKind::Erase { mode } => Request::Erase {
            subject,
            mode: *mode,
            scope,
            dry_run: false,
        },
        ActionKind::Restrict => Request::Restrict {
            subject,
            on: true,
            scope,
            dry_run: false,
        },
        ActionKind::Rectify { changes } => Request::Rectify {
            subject,
            changes: changes.clone(),
            scope,
            dry_run: false,
        },
        ActionKind::ManualTask { .. } | ActionKind::PersonTask { .. } => {
            return Err(PluginError::InvalidRequest {
                message: "a task is done by a person, not by a plugin".into(),
            })
        }
    })
}

/// What a carried-out action did, as the case records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "result")]
pub enum ActionResult {
    /// The records handed over, for the answer's package.
    Exported {
        /// What the plugin exported.
        export: ExportResult,
    },
    /// An export whose records went into the case's sealed data package:
    /// what is left in the store is how many there were.
    Sealed {
        /// Per table, how many records.
        tables: Vec<SealedTable>,
        /// How many files.
        files: usize,
    },
    /// What was changed (erased, restricted, rectified), and what kept.
    Changed {
        /// The plugin's report of the real run.
        report: ChangeReport,
        /// Who had received the records, as the plugin said just before
        /// the change (art. 19): after an erasure nobody could say it.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        recipients: Vec<dsrd_plugin_api::Recipient>,
    },
    /// The approved records needed no change any more: an earlier attempt
    /// had made it and was cut off by a stop before its result was
    /// recorded (or someone changed them meanwhile). What was approved is
    /// recorded, so the answer still says what was done.
    AlreadyDone {
        /// The approved records.
        scope: dsrd_plugin_api::Scope,
        /// Per table, what the dry run said would change.
        summary: crate::plan::Summary,
        /// What the system keeps, as this run reported it.
        retained: Vec<dsrd_plugin_api::Retained>,
        /// Who had received the records, as far as the plugin could still
        /// say (see `Changed::recipients`).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        recipients: Vec<dsrd_plugin_api::Recipient>,
    },
}

/// One table of a sealed export: its name and how many records it had.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedTable {
    /// The table.
    pub name: String,
    /// How many records.
    pub records: usize,
}

impl ActionResult {
    /// Checks that `output` answers `action` and makes it a result.
    pub fn from_output(action: &PlannedAction, output: Output) -> Result<Self, PluginError> {
        match (&action.kind, output) {
            (ActionKind::Export, Output::Export(export)) => Ok(ActionResult::Exported { export }),
            (ActionKind::Erase { .. }, Output::Erase(report))
            | (ActionKind::Restrict, Output::Restrict(report))
            | (ActionKind::Rectify { .. }, Output::Rectify(report)) => {
                if report.dry_run {
                    return Err(PluginError::Protocol {
                        message: "the plugin answered a real run with a dry run".into(),
                    });
                }
                if report.is_empty() && !action.scope.is_empty() {
                    return Ok(ActionResult::AlreadyDone {
                        scope: action.scope.clone(),
                        summary: action.summary.clone(),
                        retained: report.retained,
                        recipients: Vec::new(),
                    });
                }
                Ok(ActionResult::Changed {
                    report,
                    recipients: Vec::new(),
                })
            }
            (_, other) => Err(PluginError::Protocol {
                message: format!("answered with {:?}", other.operation()),
            }),
        }
    }

    /// One line for the case's events and the audit log: counts only.
    pub fn summary(&self) -> String {
        match self {
            ActionResult::Exported { export } => {
                format!("{} records exported", export_records(export))
            }
            ActionResult::Sealed { tables, files } => format!(
                "{} records exported, in the sealed data package",
                tables.iter().map(|t| t.records).sum::<usize>() + files
            ),
            ActionResult::Changed { report, .. } => format!(
                "{} records in {} tables",
                report.total(),
                report.tables.len()
            ),
            ActionResult::AlreadyDone { summary, .. } => format!(
                "{} approved records found changed already (an earlier attempt, cut off by a stop)",
                summary.records()
            ),
        }
    }
}

fn export_records(export: &ExportResult) -> usize {
    export.tables.iter().map(|t| t.rows.len()).sum::<usize>() + export.files.len()
}

impl ActionResult {
    /// Records who had received the changed records.
    pub fn with_recipients(mut self, list: Vec<dsrd_plugin_api::Recipient>) -> Self {
        match &mut self {
            ActionResult::Changed { recipients, .. }
            | ActionResult::AlreadyDone { recipients, .. } => *recipients = list,
            ActionResult::Exported { .. } | ActionResult::Sealed { .. } => {}
        }
        self
    }

    /// Who had received the changed records (empty for an export).
    pub fn recipients(&self) -> &[dsrd_plugin_api::Recipient] {
        match self {
            ActionResult::Changed { recipients, .. }
            | ActionResult::AlreadyDone { recipients, .. } => recipients,
            ActionResult::Exported { .. } | ActionResult::Sealed { .. } => &[],
        }
    }
}
