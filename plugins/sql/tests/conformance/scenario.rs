//! The standard scenario: describe, locate, export, recipients, rectify,
//! restrict, dry-run erase, erase, erase again, on the demo school's test
//! subject (pupil 1), proving with full dumps what changed.

use crate::helpers::{Caller, TestDb};
use dsrd_plugin_api::protocol::{Output, Request};
use dsrd_plugin_api::{
    Change, ChangeReport, EraseMode, LocateResult, MatchStrength, Operation, PluginError, Subject,
};
use dsrd_plugin_sql::demo::{self, Dump};
use serde_json::{json, Value};

/// Runs the whole scenario. Full dumps of every table are compared
/// around each erase step; around rectify and restrict only when
/// `dump_everywhere` (a dump of 100,000 pupils' school takes seconds in a
/// debug build, so the large run checks those steps on the result only).
pub fn run(plugin: &mut dyn Caller, db: &TestDb, dump_everywhere: bool) {
    describe(plugin);
    locate(plugin);
    export_and_recipients(plugin);
    rectify(plugin, db, dump_everywhere);
    restrict(plugin, db, dump_everywhere);
    erase(plugin, db);
}

/// A full dump, or an empty one when dumps are skipped.
fn maybe_dump(db: &TestDb, dump: bool) -> Dump {
    if dump {
        db.dump()
    } else {
        Dump::new()
    }
}

fn subject() -> Subject {
    demo::test_subject()
}

pub fn keys(report: &ChangeReport, table: &str) -> Vec<String> {
    let mut keys = report
        .tables
        .get(table)
        .map(|t| t.keys.clone())
        .unwrap_or_default();
    keys.sort_by_key(|k| k.parse::<u64>().unwrap_or(u64::MAX));
    keys
}

pub fn locate_output(plugin: &mut dyn Caller, subject: Subject) -> LocateResult {
    match plugin.ok(Request::Locate { subject }) {
        Output::Locate(result) => result,
        other => panic!("unexpected {other:?}"),
    }
}

pub fn erase_report(plugin: &mut dyn Caller, mode: EraseMode, dry_run: bool) -> ChangeReport {
    match plugin.ok(Request::Erase {
        subject: subject(),
        mode,
        scope: None,
        dry_run,
    }) {
        Output::Erase(report) => report,
        other => panic!("unexpected {other:?}"),
    }
}

fn describe(plugin: &mut dyn Caller) {
    let Output::Describe(manifest) = plugin.ok(Request::Describe) else {
        panic!("describe")
    };
    assert_eq!(manifest.name, "sql");
    for operation in Operation::ALL {
        assert!(manifest.supports(operation), "{operation} missing");
    }
    assert_eq!(manifest.test_subject, Some(subject()));
    assert!(manifest
        .categories
        .iter()
        .any(|c| c.as_str() == "care_notes"));
}

fn locate(plugin: &mut dyn Caller) {
    let found = locate_output(plugin, subject());
    assert!(!found.ambiguous, "{found:?}");
    let pupil = found
        .records
        .iter()
        .find(|r| r.table == "pupils")
        .expect("the pupil");
    assert_eq!(
        (pupil.key.as_str(), pupil.strength),
        ("1", MatchStrength::Exact)
    );
    assert!(
        found.records.iter().all(|r| r.table != "guardians"),
        "a guardian is not the pupil"
    );
    assert_eq!(
        found
            .records
            .iter()
            .filter(|r| r.table == "pupil_guardians")
            .count(),
        2
    );
    assert_eq!(
        found.records.iter().filter(|r| r.table == "pupils").count(),
        1,
        "not the namesake"
    );

    let by_name = locate_output(plugin, Subject::default().with_name("noor  VAN dijkhuizen"));
    assert!(by_name.ambiguous);
    assert_eq!(by_name.best_strength(), Some(MatchStrength::Weak));
    let keys: Vec<_> = by_name.records.iter().map(|r| r.key.as_str()).collect();
    assert!(keys.contains(&"1") && keys.contains(&"3"), "{keys:?}");
    // More namesakes turn up in a large school; never their records.
    assert!(by_name.records.iter().all(|r| r.table == "pupils"));

    let probable = Subject::default()
        .with_name("Noor van Dijkhuizen")
        .with_date_of_birth(subject().date_of_birth.unwrap());
    let found = locate_output(plugin, probable);
    assert_eq!(found.best_strength(), Some(MatchStrength::Probable));
    assert!(!found.ambiguous);

    let nobody = locate_output(plugin, Subject::default().with_email("nobody@example.org"));
    assert!(nobody.records.is_empty());
}

fn export_and_recipients(plugin: &mut dyn Caller) {
    let Output::Export(export) = plugin.ok(Request::Export { subject: subject() }) else {
        panic!("export")
    };
    let rows = |name: &str| export.table(name).map(|t| t.rows.len()).unwrap_or(0);
    assert_eq!(rows("pupils"), 1);
    assert_eq!(rows("test_results"), 2);
    assert_eq!(rows("absences"), 2);
    assert_eq!(rows("care_notes"), 1);
    assert_eq!(rows("care_note_attachments"), 1);
    assert_eq!(rows("disclosures"), 2);
    assert_eq!(rows("pupil_guardians"), 2);
    assert_eq!(rows("guardians"), 0, "guardians are other people");
    let pupils = export.table("pupils").unwrap();
    let at = |column: &str| pupils.columns.iter().position(|c| c == column).unwrap();
    assert_eq!(pupils.rows[0][at("student_number")], json!("100001"));
    assert_eq!(pupils.rows[0][at("date_of_birth")], json!("2013-04-17"));

    let Output::Recipients(recipients) = plugin.ok(Request::Recipients { subject: subject() })
    else {
        panic!("recipients")
    };
    let names: Vec<_> = recipients.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "leerlingvolgsysteem (pupil tracking system)",
            "DUO (BRON)",
            "GGD jeugdgezondheidszorg"
        ]
    );
    assert!(recipients[1].last_disclosed.is_some());
}

fn rectify(plugin: &mut dyn Caller, db: &TestDb, dump: bool) {
    let request = |dry_run| Request::Rectify {
        subject: subject(),
        changes: vec![
            Change {
                table: "pupils".into(),
                field: "address".into(),
                value: json!("Beukenlaan 9"),
                key: None,
            },
            Change {
                table: "pupils".into(),
                field: "date_of_birth".into(),
                value: json!("2013-04-17"),
                key: None,
            },
        ],
        scope: None,
        dry_run,
    };
    let before = maybe_dump(db, dump);
    let Output::Rectify(planned) = plugin.ok(request(true)) else {
        panic!()
    };
    assert_eq!(maybe_dump(db, dump), before, "a dry run changes nothing");
    let Output::Rectify(done) = plugin.ok(request(false)) else {
        panic!()
    };
    let Output::Rectify(again) = plugin.ok(request(false)) else {
        panic!()
    };
    assert!(planned.dry_run && !done.dry_run);
    assert_eq!(planned.tables, done.tables);
    assert_eq!(keys(&done, "pupils"), ["1"]);
    assert_eq!(
        done.tables["pupils"].fields,
        ["address"],
        "an unchanged date is not a change"
    );
    assert!(again.is_empty(), "{again:?}");

    let refused = plugin.error(Request::Rectify {
        subject: subject(),
        changes: vec![Change {
            table: "pupils".into(),
            field: "restricted".into(),
            value: json!(true),
            key: None,
        }],
        scope: None,
        dry_run: true,
    });
    assert!(
        matches!(refused, PluginError::InvalidRequest { .. }),
        "{refused:?}"
    );
    let someone_else = plugin.error(Request::Rectify {
        subject: subject(),
        changes: vec![Change {
            table: "test_results".into(),
            field: "remark".into(),
            value: Value::Null,
            key: Some("99".into()),
        }],
        scope: None,
        dry_run: true,
    });
    assert!(someone_else
        .to_string()
        .contains("not one of the subject's records"));
}

fn restrict(plugin: &mut dyn Caller, db: &TestDb, dump: bool) {
    let request = |on, dry_run| Request::Restrict {
        subject: subject(),
        on,
        scope: None,
        dry_run,
    };
    let before = maybe_dump(db, dump);
    let Output::Restrict(planned) = plugin.ok(request(true, true)) else {
        panic!()
    };
    assert_eq!(maybe_dump(db, dump), before);
    let Output::Restrict(on) = plugin.ok(request(true, false)) else {
        panic!()
    };
    let Output::Restrict(again) = plugin.ok(request(true, false)) else {
        panic!()
    };
    let restricted = db.dump_table("pupils");
    let Output::Restrict(off) = plugin.ok(request(false, false)) else {
        panic!()
    };
    assert_eq!(planned.tables, on.tables);
    assert_eq!(keys(&on, "pupils"), ["1"]);
    assert!(again.is_empty());
    assert_eq!(keys(&off, "pupils"), ["1"]);
    let pupil = &restricted[0];
    assert!(
        pupil.contains(&json!(true)) || pupil.contains(&json!(1)),
        "{pupil:?}"
    );
    assert_eq!(maybe_dump(db, dump), before, "lifting restores the row");
}

/// The rows of pupil 1 in the demo dump, by table: the pupil row, every
/// row whose `pupil_id` (second column) is 1, and the attachments of her
/// care notes. Worked out from the dump alone, not from the plugin.
pub fn rows_of_pupil_1(dump: &Dump) -> Vec<(String, String)> {
    let mut rows = vec![("pupils".to_owned(), "1".to_owned())];
    let mut notes = Vec::new();
    for table in [
        "pupil_guardians",
        "group_memberships",
        "test_results",
        "absences",
        "care_notes",
        "consent_records",
        "disclosures",
    ] {
        for row in &dump[table] {
            if row[1] == json!(1) {
                rows.push((table.to_owned(), row[0].to_string()));
                if table == "care_notes" {
                    notes.push(row[0].clone());
                }
            }
        }
    }
    for row in &dump["care_note_attachments"] {
        if notes.contains(&row[1]) {
            rows.push(("care_note_attachments".to_owned(), row[0].to_string()));
        }
    }
    rows.sort();
    rows
}

/// `dump` without the given rows.
pub fn without(mut dump: Dump, rows: &[(String, String)]) -> Dump {
    for (table, key) in rows {
        dump.get_mut(table)
            .unwrap()
            .retain(|row| row[0] != serde_json::json!(key.parse::<u64>().unwrap()));
    }
    dump
}

fn erase(plugin: &mut dyn Caller, db: &TestDb) {
    let before = db.dump();
    let planned = erase_report(plugin, EraseMode::Delete, true);
    assert_eq!(db.dump(), before, "a dry run changes nothing");
    let done = erase_report(plugin, EraseMode::Delete, false);
    let after = db.dump();
    let again = erase_report(plugin, EraseMode::Delete, false);

    let expected = rows_of_pupil_1(&before);
    let mut reported: Vec<(String, String)> = done
        .tables
        .iter()
        .flat_map(|(table, changes)| changes.keys.iter().map(move |k| (table.clone(), k.clone())))
        .collect();
    reported.sort();
    assert_eq!(
        reported, expected,
        "the report names exactly the pupil's rows"
    );
    assert_eq!(
        planned.tables, done.tables,
        "the dry run planned the same set"
    );
    assert_eq!(after, without(before, &expected), "nothing else changed");
    assert!(again.is_empty(), "{again:?}");
    assert_eq!(db.dump(), after, "a repeat changes nothing");
    assert!(
        after["guardians"].iter().any(|row| row[0] == json!(1)),
        "the shared guardian stays"
    );
}
