//! Reading a plugin's dry run into the plan's terms, refusing what a plan
//! cannot rest on: a count without keys, a real run, the wrong kind.

use std::collections::BTreeSet;

use dsrd_plugin_api::{ChangeReport, ExportResult, Scope};

use super::action::{Retained, Summary, TableSummary};
use super::input::{DryRun, DryRunKind};

/// What a dry run found, in the plan's terms.
#[derive(Default)]
pub(super) struct Found {
    pub scope: Scope,
    pub summary: Summary,
    pub retained: Vec<Retained>,
    pub special_category: bool,
}

pub(super) enum Read {
    /// Something to hand over or change.
    Found(Found),
    /// Nothing to hand over or change; an erasure may still keep records.
    Nothing(Vec<Retained>),
}

/// Reads a dry run, refusing what a plan cannot rest on.
pub(super) fn read_run(
    kind: DryRunKind,
    run: &DryRun,
    special: &BTreeSet<String>,
) -> Result<Read, String> {
    match (kind, run) {
        (DryRunKind::Export, DryRun::Export(export)) => Ok(read_export(export, special)),
        (DryRunKind::Export, DryRun::Change { .. }) => {
            Err("the plugin answered an export with a change report".into())
        }
        (_, DryRun::Export(_)) => Err("the plugin answered a change with an export".into()),
        (_, DryRun::Change { report, retained }) => read_report(report, retained, special),
    }
}

fn read_export(export: &ExportResult, special: &BTreeSet<String>) -> Read {
    if export.is_empty() {
        return Read::Nothing(vec![]);
    }
    let mut found = Found::default();
    for table in export.tables.iter().filter(|t| !t.rows.is_empty()) {
        let entry = found.summary.tables.entry(table.name.clone()).or_default();
        entry.count += table.rows.len() as u64;
        for column in &table.columns {
            if !entry.fields.contains(column) {
                entry.fields.push(column.clone());
            }
        }
        found.special_category |= special.contains(&table.name);
    }
    found.summary.files = export.files.len() as u64;
    Read::Found(found)
}

fn read_report(
    report: &ChangeReport,
    retained: &[Retained],
    special: &BTreeSet<String>,
) -> Result<Read, String> {
    if !report.dry_run {
        return Err("the plugin reported a real run where a dry run was asked".into());
    }
    let retained = sorted_retained(retained);
    let mut found = Found::default();
    for (table, changes) in report.tables.iter().filter(|(_, c)| c.count > 0) {
        let keys: BTreeSet<&String> = changes.keys.iter().collect();
        // A scope must name every record: a count the plugin cannot list
        // could never be carried out exactly.
        if keys.len() as u64 != changes.count {
            return Err(format!(
                "the plugin counted {} records in {table} but listed {} keys; a plan needs \
                 every record's key",
                changes.count,
                keys.len()
            ));
        }
        let mut fields = changes.fields.clone();
        fields.sort();
        fields.dedup();
        found.summary.tables.insert(
            table.clone(),
            TableSummary {
                count: changes.count,
                fields,
            },
        );
        found.special_category |= special.contains(table);
    }
    found.scope = Scope::from_report(report);
    if found.scope.is_empty() {
        return Ok(Read::Nothing(retained));
    }
    found.retained = retained;
    Ok(Read::Found(found))
}

/// Retained records in one order, so the fingerprint does not depend on
/// the plugin's.
fn sorted_retained(retained: &[Retained]) -> Vec<Retained> {
    let mut retained: Vec<Retained> = retained
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.keys.sort();
            r.keys.dedup();
            r
        })
        .collect();
    retained.sort();
    retained
}
