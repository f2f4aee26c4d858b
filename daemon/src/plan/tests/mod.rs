//! Tests of the plan core, with a small fictitious school: a `sql` plugin
//! (the pupil administration), a `files` plugin, and a manual `las`.

mod approval;
mod build;
mod check;
mod drift;
mod fingerprint;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use dsrd_plugin_api::{Change, ChangeReport, EraseMode, ExportResult, ExportTable};

use super::*;
use crate::case::CaseRef;
use crate::classify::RequestType;

fn case() -> CaseRef {
    CaseRef::new("AVG", 2026, 12).unwrap()
}

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, hour, 0, 0).unwrap()
}

fn subject() -> PersonKeys {
    let mut keys = PersonKeys::default();
    keys.insert("sql", "pupils:17");
    keys.insert("files", "people:4");
    keys
}

/// A dry-run change report naming `records` as (table, key, fields).
fn report(records: &[(&str, &str, &[&str])]) -> ChangeReport {
    let mut report = ChangeReport::new(true);
    for (table, key, fields) in records {
        report.record(table, key, fields);
    }
    report
}

fn changed(records: &[(&str, &str, &[&str])]) -> DryRunOutcome {
    DryRunOutcome::Ran(DryRun::Change {
        report: report(records),
        retained: vec![],
    })
}

fn exported(tables: &[(&str, &[&str], usize)]) -> DryRunOutcome {
    let mut export = ExportResult::default();
    for (name, columns, rows) in tables {
        let mut table = ExportTable::new(*name, columns);
        for _ in 0..*rows {
            table
                .rows
                .push(columns.iter().map(|_| serde_json::json!("x")).collect());
        }
        export.tables.push(table);
    }
    DryRunOutcome::Ran(DryRun::Export(export))
}

fn retained(table: &str, keys: &[&str], ground: &str) -> Retained {
    Retained {
        table: table.into(),
        keys: keys.iter().map(|k| (*k).to_owned()).collect(),
        ground: ground.into(),
        until: NaiveDate::from_ymd_opt(2031, 8, 1),
    }
}

fn phone_change() -> Change {
    Change {
        table: "pupils".into(),
        field: "phone".into(),
        value: serde_json::json!("0612345678"),
        key: None,
    }
}

/// Every dry run of the `sql` plugin finding the pupil.
fn sql_runs() -> BTreeMap<DryRunKind, DryRunOutcome> {
    BTreeMap::from([
        (
            DryRunKind::Export,
            exported(&[
                ("pupils", &["name", "phone"], 1),
                ("absences", &["date"], 3),
            ]),
        ),
        (
            DryRunKind::Erase,
            changed(&[
                ("pupils", "17", &[]),
                ("test_results", "4", &[]),
                ("test_results", "9", &[]),
            ]),
        ),
        (
            DryRunKind::Restrict,
            changed(&[("pupils", "17", &["restricted"])]),
        ),
        (
            DryRunKind::Rectify,
            changed(&[("pupils", "17", &["phone"])]),
        ),
    ])
}

/// An input for `types` with the `sql` plugin's dry runs and its phone
/// number correction, no manual systems.
fn input(types: &[RequestType]) -> PlanInput {
    PlanInput {
        case: case(),
        request_types: types.to_vec(),
        subject: subject(),
        dry_runs: BTreeMap::from([("sql".to_owned(), sql_runs())]),
        changes: BTreeMap::from([("sql".to_owned(), vec![phone_change()])]),
        erase_mode: EraseMode::Delete,
        manual: vec![],
        special_tables: ["care_notes".to_owned()].into(),
        made_at: at(9),
    }
}

fn id(text: &str) -> ActionId {
    ActionId::parse(text).unwrap()
}

/// The plan's action for `system` and `request_type`, by its kind's tag.
fn find<'a>(plan: &'a Plan, system: &System, kind: &str) -> Option<&'a PlannedAction> {
    plan.actions
        .iter()
        .find(|a| &a.system == system && kind_tag(&a.kind) == kind)
}

fn kind_tag(kind: &ActionKind) -> &'static str {
    match kind {
        ActionKind::Export => "export",
        ActionKind::Erase { .. } => "erase",
        ActionKind::Restrict => "restrict",
        ActionKind::Rectify { .. } => "rectify",
        ActionKind::ManualTask { .. } => "manual_task",
        ActionKind::PersonTask { .. } => "person_task",
    }
}

fn sql() -> System {
    System::Plugin("sql".into())
}
