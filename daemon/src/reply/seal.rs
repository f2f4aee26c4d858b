//! The data package of a case: the exports of its done actions (a plugin's
//! records, a person's exported file), with other people's data withheld
//! per the register (art. 15(4)), sealed in the package folder.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use dsrd_plugin_api::{ExportFile, ExportResult};

use super::compose::SystemInfo;
use crate::config::Config;
use crate::execute::ActionResult;
use crate::lang::Lang;
use crate::package::{build_sealed, redact, MasterKey, PackageInput, RedactionRule, SystemPart};
use crate::plan::{ActionId, ActionKind, System};
use crate::store::{ActionState, CaseSnapshot, NewPackage};

/// A sealed package, ready to be recorded with the letter.
#[derive(Debug)]
pub struct Sealed {
    /// The row to record.
    pub package: NewPackage,
    /// The file just written (deleted again if recording fails).
    pub path: std::path::PathBuf,
    /// What was withheld, and why, for the letter.
    pub withheld: Vec<crate::answer::WithheldFacts>,
    /// The actions whose results are in it.
    pub sealed: Vec<ActionId>,
}

/// Seals the exports of `case`, or `None` when it has none (nothing to
/// hand over: an erasure, an objection).
#[allow(clippy::too_many_arguments)]
pub fn seal(
    case: &CaseSnapshot,
    config: &Config,
    systems: &BTreeMap<String, SystemInfo>,
    master: &MasterKey,
    lang: Lang,
    subject_name: Option<String>,
    today: NaiveDate,
) -> Result<Option<Sealed>, String> {
    let mut parts: Vec<SystemPart> = Vec::new();
    let mut sealed = Vec::new();
    let mut withheld_all = Vec::new();
    let mut portability = false;
    for row in &case.actions {
        if row.state != ActionState::Done {
            continue;
        }
        let (name, export) = match (&row.spec.kind, &row.spec.system, &row.result) {
            (ActionKind::Export, System::Plugin(p), Some(result)) => {
                match serde_json::from_value::<ActionResult>(result.clone()) {
                    Ok(ActionResult::Exported { export }) => (p.clone(), export),
                    // Sealed by an earlier draft that was not recorded: the
                    // records are gone from the store, nothing to add.
                    _ => continue,
                }
            }
            (ActionKind::ManualTask { .. }, System::Manual(m), Some(result)) => {
                match task_file(result) {
                    Some(file) => (
                        m.clone(),
                        ExportResult {
                            tables: Vec::new(),
                            files: vec![file],
                        },
                    ),
                    None => continue,
                }
            }
            _ => continue,
        };
        portability |= row.spec.request_type == crate::classify::RequestType::Portability;
        sealed.push(row.action.clone());
        let rules: Vec<RedactionRule> = config
            .register_for(&name)
            .map(|e| {
                e.redact
                    .iter()
                    .map(|r| RedactionRule {
                        table: r.table.clone(),
                        column: r.column.clone(),
                        reason: r.reason.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let (export, withheld) = redact(&export, &rules);
        let label = config
            .register_for(&name)
            .map(|e| e.name.clone())
            .or_else(|| systems.get(&name).map(|s| s.label.clone()))
            .unwrap_or_else(|| name.clone());
        for w in &withheld {
            let records = crate::lang::count(
                w.records as i64,
                lang,
                ("record", "records"),
                ("vermelding", "vermeldingen"),
            );
            let what = format!("{label}: {}.{} ({records})", w.table, w.column);
            withheld_all.push(crate::answer::WithheldFacts {
                what,
                why: w.reason.clone(),
            });
        }
        let categories = systems
            .get(&name)
            .map(|s| {
                s.categories
                    .iter()
                    .map(|c| crate::answer::category_words(c, lang))
                    .collect()
            })
            .unwrap_or_default();
        match parts.iter_mut().find(|p| p.plugin == name) {
            // Access and portability both export: one folder per system.
            Some(part) if part.export == export => {}
            Some(part) => {
                part.export.tables.extend(export.tables);
                part.export.files.extend(export.files);
            }
            None => parts.push(SystemPart {
                plugin: name.clone(),
                system: label,
                categories,
                export,
                withheld,
            }),
        }
    }
    if sealed.is_empty() {
        return Ok(None);
    }
    let input = PackageInput {
        reference: case.reference.to_string(),
        organisation: config.organisation.name.clone(),
        lang,
        subject_name,
        made_on: today,
        portability,
        systems: parts,
    };
    std::fs::create_dir_all(&config.packages.dir)
        .map_err(|e| format!("cannot create {}: {e}", config.packages.dir.display()))?;
    let aad = aad(case.reference.as_str());
    let built =
        build_sealed(&input, master, &aad, &config.packages.dir).map_err(|e| e.to_string())?;
    let file = built
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or("the sealed package has no file name")?;
    Ok(Some(Sealed {
        package: NewPackage {
            file,
            wrapped_key: built.wrapped.0.clone(),
            sha256: built.sha256.clone(),
            size: built.size as i64,
            records: built.manifest.records as i64,
            manifest: serde_json::to_value(&built.manifest).map_err(|e| e.to_string())?,
        },
        path: built.path,
        withheld: withheld_all,
        sealed,
    }))
}

/// The columns the package will withhold from an export action's tables
/// (art. 15(4), `[[register]] redact`): what the officer sees in the plan
/// before approving, and what [`seal`] applies.
pub fn withheld_by<'c>(
    action: &crate::plan::PlannedAction,
    config: &'c Config,
) -> Vec<&'c crate::config::Redaction> {
    let (ActionKind::Export, System::Plugin(plugin)) = (&action.kind, &action.system) else {
        return Vec::new();
    };
    config
        .register_for(plugin)
        .map(|e| {
            e.redact
                .iter()
                .filter(|r| {
                    action
                        .summary
                        .tables
                        .get(&r.table)
                        .is_some_and(|t| t.fields.contains(&r.column))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// What binds a sealed file to its case: a file moved to another case's
/// name does not open.
pub fn aad(reference: &str) -> Vec<u8> {
    format!("dsrd-package:{reference}").into_bytes()
}

/// The file a person attached to an access task (`tasks done --file`).
fn task_file(result: &serde_json::Value) -> Option<ExportFile> {
    use base64::Engine;
    let file = result.get("file")?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(file.get("content_base64")?.as_str()?)
        .ok()?;
    Some(ExportFile {
        name: file.get("name")?.as_str()?.to_owned(),
        media_type: "application/octet-stream".into(),
        bytes,
    })
}
