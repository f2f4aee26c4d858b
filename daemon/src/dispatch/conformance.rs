//! The conformance kit: a standard scenario run against one plugin with the
//! test subject its fixture provides. Plugin authors run it in their own CI
//! (`dsrd plugins check NAME`); it changes and erases data, so it refuses a
//! plugin that reports no test subject (i.e. one not on its fixture).
//!
//! Two steps check what identity and approval rely on, for a plugin that
//! lists the capability (an older one is skipped, not failed): `persons`,
//! that the test subject is found as a person with its records and that
//! every link names a person of the same result; and `erase (scope)`, that
//! a dry run held to the plan's exact keys works while a scope lacking one
//! of them reports [`PluginError::ScopeDrift`] and changes nothing. The
//! real erasures then run held to the plan, as dsrd's execution will.
//! What the erasure says it keeps (`retained`) must name a legal ground
//! for every record, keep no record it also deletes, and be the same in
//! the dry run and the real run.

use super::handle::PluginHandle;
use dsrd_plugin_api::protocol::{Output, Request};
use dsrd_plugin_api::{
    Capability, Change, ChangeReport, EraseMode, ExportResult, LocateResult, Manifest,
    MatchStrength, Operation, PluginError, RecordRef, Retained, Scope, Subject,
};
use serde::Serialize;
use std::collections::BTreeSet;

/// How a step ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// As the contract says.
    Passed,
    /// Not as the contract says.
    Failed,
    /// Not applicable (operation not supported, or nothing to try it on).
    Skipped,
}

/// One step of the scenario.
#[derive(Debug, Clone, Serialize)]
pub struct KitStep {
    /// What was tried.
    pub step: &'static str,
    /// How it went.
    pub status: StepStatus,
    /// Counts, reasons.
    pub detail: String,
}

/// Runs the scenario; the steps after a failed precondition are skipped.
pub fn run_kit(manifest: &Manifest, plugin: &mut dyn PluginHandle) -> Vec<KitStep> {
    let mut kit = Kit { steps: Vec::new() };
    kit.pass(
        "describe",
        format!(
            "{} {} — {}",
            manifest.name, manifest.version, manifest.system
        ),
    );
    let Some(subject) = manifest.test_subject.clone() else {
        kit.fail("test subject", "the plugin reports no test subject: run the kit against its fixture, never against real data".into());
        return kit.steps;
    };
    let supports = |op| manifest.supports(op);
    // locate
    match call(
        plugin,
        Request::Locate {
            subject: subject.clone(),
        },
    ) {
        Ok(Output::Locate(found)) if found.is_empty() => {
            kit.fail("locate", "the test subject was not found".into())
        }
        Ok(Output::Locate(found)) if found.ambiguous => {
            kit.fail("locate", "the test subject is ambiguous".into())
        }
        Ok(Output::Locate(found)) => {
            kit.pass("locate", format!("{} records", found.records.len()));
            if manifest.has(Capability::Persons) {
                match persons(&found) {
                    Ok(detail) => kit.pass("persons", detail),
                    Err(why) => kit.fail("persons", why),
                }
            } else {
                kit.skip(
                    "persons",
                    "the plugin does not list the `persons` capability",
                );
            }
        }
        other => kit.bad("locate", other),
    }
    // export
    let before = match call(
        plugin,
        Request::Export {
            subject: subject.clone(),
        },
    ) {
        Ok(Output::Export(e)) if rows(&e) > 0 => {
            kit.pass(
                "export",
                format!(
                    "{} tables, {} rows, {} files",
                    e.tables.len(),
                    rows(&e),
                    e.files.len()
                ),
            );
            Some(e)
        }
        Ok(Output::Export(_)) => {
            kit.fail("export", "no rows for the test subject".into());
            None
        }
        other => {
            kit.bad("export", other);
            None
        }
    };
    // rectify
    match (
        supports(Operation::Rectify),
        before.as_ref().and_then(rectifiable),
    ) {
        (false, _) => kit.skip("rectify", "not supported"),
        (true, None) => kit.skip("rectify", "no text column to change in the export"),
        (true, Some(change)) => {
            let changes = vec![change.clone()];
            let dry = call(
                plugin,
                Request::Rectify {
                    subject: subject.clone(),
                    changes: changes.clone(),
                    scope: None,
                    dry_run: true,
                },
            );
            let real = call(
                plugin,
                Request::Rectify {
                    subject: subject.clone(),
                    changes,
                    scope: None,
                    dry_run: false,
                },
            );
            let after = export(plugin, &subject);
            let visible = after.as_ref().is_some_and(|e| contains(e, &change.value));
            match (report(dry), report(real)) {
                (Ok(d), Ok(r)) if !d.is_empty() && d.total() == r.total() && visible => kit.pass(
                    "rectify",
                    format!(
                        "{}.{}: dry run and real run both {} records",
                        change.table,
                        change.field,
                        r.total()
                    ),
                ),
                (Ok(d), Ok(r)) => kit.fail(
                    "rectify",
                    format!(
                        "dry run {} records, real run {}, change visible in export: {visible}",
                        d.total(),
                        r.total()
                    ),
                ),
                (Err(e), _) | (_, Err(e)) => kit.fail("rectify", e),
            }
        }
    }
    // restrict on and off
    if supports(Operation::Restrict) {
        let on = report(call(
            plugin,
            Request::Restrict {
                subject: subject.clone(),
                on: true,
                scope: None,
                dry_run: false,
            },
        ));
        let off = report(call(
            plugin,
            Request::Restrict {
                subject: subject.clone(),
                on: false,
                scope: None,
                dry_run: false,
            },
        ));
        match (on, off) {
            (Ok(on), Ok(_)) if !on.is_empty() => kit.pass(
                "restrict",
                format!("{} records marked, then released", on.total()),
            ),
            (Ok(_), Ok(_)) => kit.fail("restrict", "restricting changed no record".into()),
            (Err(e), _) | (_, Err(e)) => kit.fail("restrict", e),
        }
    } else {
        kit.skip("restrict", "not supported");
    }
    if !supports(Operation::Erase) {
        kit.skip("erase", "not supported");
        return kit.steps;
    }
    // dry-run erase: nothing changed
    let snapshot = export(plugin, &subject);
    let dry = report(call(
        plugin,
        Request::Erase {
            subject: subject.clone(),
            mode: EraseMode::Delete,
            scope: None,
            dry_run: true,
        },
    ));
    let unchanged = export(plugin, &subject) == snapshot;
    match &dry {
        Ok(d) if !d.is_empty() && unchanged => match kept(d) {
            Ok(0) => kit.pass(
                "erase (dry run)",
                format!("would remove {} records; nothing changed", d.total()),
            ),
            Ok(kept) => kit.pass(
                "erase (dry run)",
                format!(
                    "would remove {} records and keep {kept} on a legal ground; nothing changed",
                    d.total()
                ),
            ),
            Err(why) => kit.fail("erase (dry run)", why),
        },
        Ok(d) => kit.fail(
            "erase (dry run)",
            format!(
                "{} records reported, export unchanged: {unchanged}",
                d.total()
            ),
        ),
        Err(e) => kit.fail("erase (dry run)", e.clone()),
    }
    // The plan as approved: the real erasures below are held to it.
    let scope = match (&dry, manifest.has(Capability::Scope)) {
        (Ok(d), true) if !d.is_empty() => Some(Scope::from_report(d)),
        _ => None,
    };
    match &scope {
        Some(scope) => match scoped(plugin, &subject, scope) {
            Ok(detail) => kit.pass("erase (scope)", detail),
            Err(why) => kit.fail("erase (scope)", why),
        },
        None if manifest.has(Capability::Scope) => {
            kit.skip("erase (scope)", "no dry run to take a scope from")
        }
        None => kit.skip(
            "erase (scope)",
            "the plugin does not list the `scope` capability",
        ),
    }
    // erase: all gone
    let real = report(call(
        plugin,
        Request::Erase {
            subject: subject.clone(),
            mode: EraseMode::Delete,
            scope: scope.clone(),
            dry_run: false,
        },
    ));
    // A namesake may still match on the name alone, and must: erasing one
    // person may not touch another. Gone means nothing matches more strongly.
    let gone = matches!(call(plugin, Request::Locate { subject: subject.clone() }),
        Ok(Output::Locate(l)) if l.records.iter().all(|r| r.strength == MatchStrength::Weak));
    let same_kept = |r: &ChangeReport| {
        dry.as_ref()
            .is_ok_and(|d| sorted(&d.retained) == sorted(&r.retained))
    };
    match real {
        Ok(r) if !r.is_empty() && gone && !same_kept(&r) => kit.fail(
            "erase",
            "the real run lists other retained records than its dry run".into(),
        ),
        Ok(r) if !r.is_empty() && gone => kit.pass(
            "erase",
            format!(
                "{} records removed; no record matches the subject beyond a name",
                r.total()
            ),
        ),
        Ok(r) => kit.fail(
            "erase",
            format!("{} records removed, subject gone: {gone}", r.total()),
        ),
        Err(e) => kit.fail("erase", e),
    }
    // erase again: no error, nothing to do
    match report(call(
        plugin,
        Request::Erase {
            subject: subject.clone(),
            mode: EraseMode::Delete,
            scope,
            dry_run: false,
        },
    )) {
        Ok(r) if r.is_empty() => kit.pass("erase again", "no error, nothing left to remove".into()),
        Ok(r) => kit.fail(
            "erase again",
            format!("{} more records removed the second time", r.total()),
        ),
        Err(e) => kit.fail("erase again", e),
    }
    kit.steps
}

struct Kit {
    steps: Vec<KitStep>,
}

impl Kit {
    fn push(&mut self, step: &'static str, status: StepStatus, detail: String) {
        self.steps.push(KitStep {
            step,
            status,
            detail,
        });
    }
    fn pass(&mut self, step: &'static str, detail: String) {
        self.push(step, StepStatus::Passed, detail);
    }
    fn fail(&mut self, step: &'static str, detail: String) {
        self.push(step, StepStatus::Failed, detail);
    }
    fn skip(&mut self, step: &'static str, detail: &str) {
        self.push(step, StepStatus::Skipped, detail.to_owned());
    }
    fn bad(&mut self, step: &'static str, outcome: Result<Output, PluginError>) {
        match outcome {
            Ok(other) => self.fail(
                step,
                format!("answered with {:?} output", other.operation()),
            ),
            Err(e) => self.fail(step, e.to_string()),
        }
    }
}

fn call(plugin: &mut dyn PluginHandle, request: Request) -> Result<Output, PluginError> {
    plugin.call(&request).into_result()
}

/// The `persons` step: the subject is a matched person holding every
/// record `locate` listed, keys are unique, and every link names a person
/// of the same result.
fn persons(found: &LocateResult) -> Result<String, String> {
    let matched = found.matched_persons();
    let Some(best) = matched.first() else {
        return Err("no person matched the test subject".into());
    };
    if best.strength < Some(MatchStrength::Probable) {
        return Err("the test subject matched no person exactly or probably".into());
    }
    let keys: BTreeSet<&str> = found.persons.iter().map(|p| p.key.as_str()).collect();
    if keys.len() != found.persons.len() || keys.contains("") {
        return Err("person keys are missing or repeated".into());
    }
    let owned: BTreeSet<&RecordRef> = matched.iter().flat_map(|p| &p.records).collect();
    let orphans = found
        .records
        .iter()
        .filter(|r| !owned.contains(&RecordRef::new(r.table.as_str(), r.key.as_str())))
        .count();
    if orphans > 0 {
        return Err(format!(
            "{orphans} records belong to no matched person; list them in the person's records"
        ));
    }
    let links: Vec<_> = found.persons.iter().flat_map(|p| &p.links).collect();
    let dangling = links
        .iter()
        .filter(|link| !keys.contains(link.person.as_str()))
        .count();
    if dangling > 0 {
        return Err(format!(
            "{dangling} links name a person who is not in the result; add that person"
        ));
    }
    Ok(format!(
        "{} persons ({} matched), {} links, every record owned",
        found.persons.len(),
        matched.len(),
        links.len()
    ))
}

/// The `erase (scope)` step: a dry run held to the plan's exact keys
/// reports that plan; a real run whose scope lacks one of the keys is
/// refused as drift and changes nothing.
fn scoped(
    plugin: &mut dyn PluginHandle,
    subject: &Subject,
    scope: &Scope,
) -> Result<String, String> {
    let erase = |scope: &Scope, dry_run| Request::Erase {
        subject: subject.clone(),
        mode: EraseMode::Delete,
        scope: Some(scope.clone()),
        dry_run,
    };
    let dry = report(call(plugin, erase(scope, true)))?;
    if Scope::from_report(&dry) != *scope {
        return Err(format!(
            "a dry run held to the {} planned records reported {}",
            scope.len(),
            dry.total()
        ));
    }
    let (table, key) = scope
        .tables
        .iter()
        .find_map(|(table, keys)| keys.first().map(|key| (table.clone(), key.clone())))
        .expect("the scope is not empty");
    let mut short = scope.clone();
    short.remove(&table, &key);
    let before = export(plugin, subject);
    let outcome = call(plugin, erase(&short, false));
    let unchanged = export(plugin, subject) == before;
    match outcome {
        Err(PluginError::ScopeDrift { added, .. }) if added.contains(&table, &key) && unchanged => {
            Ok(format!(
                "a dry run within the {} planned records works; a scope without one `{table}` \
                 record reports drift and changes nothing",
                scope.len()
            ))
        }
        Err(PluginError::ScopeDrift { .. }) => Err(format!(
            "drift reported without the left-out `{table}` record among the added, or the \
             data changed anyway (unchanged: {unchanged})"
        )),
        other => Err(format!(
            "a scope without one `{table}` record was not refused as drift: {}",
            match report(other) {
                Ok(r) => format!("{} records changed", r.total()),
                Err(e) => e,
            }
        )),
    }
}

/// What an erase report keeps must hold together: every retained record
/// names its legal ground, and none is also reported as removed whole (in
/// `tables` with no fields: deleted). Returns how many records are kept.
fn kept(report: &ChangeReport) -> Result<usize, String> {
    let mut count = 0;
    for retained in &report.retained {
        if retained.ground.trim().is_empty() {
            return Err(format!(
                "{} retained `{}` records name no legal ground",
                retained.keys.len(),
                retained.table
            ));
        }
        let removed = report
            .tables
            .get(&retained.table)
            .filter(|changes| changes.fields.is_empty());
        if let Some(changes) = removed {
            let both = retained
                .keys
                .iter()
                .filter(|key| changes.keys.contains(key))
                .count();
            if both > 0 {
                return Err(format!(
                    "{both} `{}` records are reported both as retained and as deleted",
                    retained.table
                ));
            }
        }
        count += retained.keys.len();
    }
    Ok(count)
}

/// Retained entries in a fixed order, to compare two runs.
fn sorted(retained: &[Retained]) -> Vec<&Retained> {
    let mut sorted: Vec<_> = retained.iter().collect();
    sorted.sort();
    sorted
}

fn report(outcome: Result<Output, PluginError>) -> Result<ChangeReport, String> {
    match outcome {
        Ok(Output::Rectify(r) | Output::Restrict(r) | Output::Erase(r)) => Ok(r),
        Ok(other) => Err(format!("answered with {:?} output", other.operation())),
        Err(e) => Err(e.to_string()),
    }
}

fn export(plugin: &mut dyn PluginHandle, subject: &Subject) -> Option<ExportResult> {
    match call(
        plugin,
        Request::Export {
            subject: subject.clone(),
        },
    ) {
        Ok(Output::Export(e)) => Some(e),
        _ => None,
    }
}

fn rows(e: &ExportResult) -> usize {
    e.tables.iter().map(|t| t.rows.len()).sum()
}

fn contains(e: &ExportResult, value: &serde_json::Value) -> bool {
    e.tables
        .iter()
        .flat_map(|t| t.rows.iter())
        .flatten()
        .any(|cell| cell == value)
}

/// A harmless change the kit can make and see again: a contact field such as
/// a phone number or city of the first table that has one. Identifiers the
/// plugin matches on (names, e-mail, numbers) are left alone so that the
/// later steps still find the subject.
fn rectifiable(e: &ExportResult) -> Option<Change> {
    const FIELDS: [&str; 8] = [
        "phone",
        "telefoon",
        "city",
        "woonplaats",
        "plaats",
        "street",
        "straat",
        "address",
    ];
    for table in &e.tables {
        for (i, column) in table.columns.iter().enumerate() {
            let lower = column.to_lowercase();
            if FIELDS.iter().any(|f| lower.contains(f))
                && table
                    .rows
                    .first()
                    .is_some_and(|r| r.get(i).is_some_and(|v| v.is_string()))
            {
                return Some(Change {
                    table: table.name.clone(),
                    field: column.clone(),
                    value: serde_json::Value::String(format!("dsrd-kit-{}", column)),
                    key: None,
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const GROUND: &str = "GDPR art. 17(3)(b): legal obligation";

    #[test]
    fn an_anonymised_record_may_be_kept_on_a_ground() {
        let mut report = ChangeReport::new(true);
        report.record("pupils", "1", &["first_name"]);
        report.record("absences", "7", &[]);
        report.retain(Retained::new("pupils", GROUND).key("1").fields(&["id"]));

        assert_eq!(kept(&report), Ok(1));
    }

    #[test]
    fn a_kept_record_without_a_ground_fails() {
        let mut report = ChangeReport::new(true);
        report.retain(Retained::new("pupils", " ").key("1"));

        let why = kept(&report).unwrap_err();

        assert!(why.contains("no legal ground"), "{why}");
    }

    #[test]
    fn a_record_both_kept_and_deleted_fails() {
        let mut report = ChangeReport::new(true);
        report.record("pupils", "1", &[]);
        report.retain(Retained::new("pupils", GROUND).key("1"));

        let why = kept(&report).unwrap_err();

        assert!(why.contains("both as retained and as deleted"), "{why}");
    }
}
