//! What identity and approval need: the persons `locate` reports (a
//! guardian and the pupils they are linked to), and changes held to the
//! exact records that were approved.

use crate::helpers::{Caller, InProcess, Server, TestDb};
use crate::scenario::{erase_report, locate_output};
use chrono::NaiveDate;
use dsrd_plugin_api::protocol::{Output, Request};
use dsrd_plugin_api::{
    Capability, ChangeReport, EraseMode, MatchStrength, PersonKind, PluginError, Relation, Scope,
    Subject,
};
use dsrd_plugin_sql::demo::{self, Dump};
use serde_json::json;

/// A few hundred pupils, as in `engines`.
const SMALL: usize = 300;

fn scoped_erase(
    plugin: &mut dyn Caller,
    scope: &Scope,
    dry_run: bool,
) -> Result<ChangeReport, PluginError> {
    match plugin
        .call(Request::Erase {
            subject: demo::test_subject(),
            mode: EraseMode::Delete,
            scope: Some(scope.clone()),
            dry_run,
        })
        .into_result()
    {
        Ok(Output::Erase(report)) => Ok(report),
        Ok(other) => panic!("unexpected {other:?}"),
        Err(error) => Err(error),
    }
}

/// `before` without the rows the scope names (every table's key is its
/// first column).
fn without(before: &Dump, scope: &Scope) -> Dump {
    let mut left = before.clone();
    for (table, rows) in left.iter_mut() {
        rows.retain(|row| !scope.contains(table, &row[0].to_string()));
    }
    left
}

pub fn a_scoped_erase_changes_exactly_the_approved_records(server: Server) {
    let db = TestDb::school(server, SMALL);
    let mut plugin = InProcess::new(db.settings());
    let plan = erase_report(&mut plugin, EraseMode::Delete, true);
    let scope = Scope::from_report(&plan);
    let before = db.dump();

    let dry = scoped_erase(&mut plugin, &scope, true).expect("the plan is current");
    let unchanged = db.dump();
    let done = scoped_erase(&mut plugin, &scope, false).expect("the plan is current");
    let after = db.dump();
    let again = scoped_erase(&mut plugin, &scope, false).expect("a repeat is no drift");

    assert!(
        scope.len() > 5 && scope.contains("pupils", "1"),
        "{scope:?}"
    );
    assert_eq!(dry.tables, plan.tables);
    assert_eq!(unchanged, before, "a scoped dry run changes nothing");
    assert_eq!(Scope::from_report(&done), scope);
    assert_eq!(
        after,
        without(&before, &scope),
        "only the approved rows went"
    );
    assert!(again.is_empty(), "{again:?}");
}

pub fn a_scoped_erase_after_the_records_changed_reports_drift_and_changes_nothing(server: Server) {
    let db = TestDb::school(server, SMALL);
    let mut plugin = InProcess::new(db.settings());
    let scope = Scope::from_report(&erase_report(&mut plugin, EraseMode::Delete, true));
    // A teacher enters a new test result for the pupil after the plan.
    db.execute(
        "INSERT INTO test_results (id, pupil_id, test_name, taken_on, score, remark) \
         VALUES (900001, 1, 'rekenen', '2026-05-11', 7, NULL)",
    );
    let with_new_record = db.dump();

    let added_error = scoped_erase(&mut plugin, &scope, false).unwrap_err();
    let after_added = db.dump();
    // The new result is removed again and an approved absence is gone.
    db.execute("DELETE FROM test_results WHERE id = 900001; DELETE FROM absences WHERE id = 1");
    let with_gone_record = db.dump();
    let missing_error = scoped_erase(&mut plugin, &scope, false).unwrap_err();
    let after_missing = db.dump();
    let dry_error = scoped_erase(&mut plugin, &scope, true).unwrap_err();

    let PluginError::ScopeDrift { added, missing } = &added_error else {
        panic!("{added_error:?}");
    };
    assert_eq!(
        added.tables,
        [("test_results".into(), ["900001".into()].into())].into()
    );
    assert!(missing.is_empty(), "{missing:?}");
    assert_eq!(after_added, with_new_record, "nothing changed");
    let PluginError::ScopeDrift { added, missing } = &missing_error else {
        panic!("{missing_error:?}");
    };
    assert!(added.is_empty(), "{added:?}");
    assert_eq!(
        missing.tables,
        [("absences".into(), ["1".into()].into())].into()
    );
    assert_eq!(after_missing, with_gone_record, "nothing changed");
    assert_eq!(dry_error, missing_error, "a dry run checks the scope too");
}

pub fn a_scoped_restrict_and_rectify_report_drift_before_writing(server: Server) {
    let db = TestDb::school(server, 3);
    let mut plugin = InProcess::new(db.settings());
    let mut wrong = Scope::default();
    wrong.insert("pupils", "2");
    let before = db.dump();

    let restrict = plugin.error(Request::Restrict {
        subject: demo::test_subject(),
        on: true,
        scope: Some(wrong.clone()),
        dry_run: false,
    });
    let rectify = plugin.error(Request::Rectify {
        subject: demo::test_subject(),
        changes: vec![dsrd_plugin_api::Change {
            table: "pupils".into(),
            field: "city".into(),
            value: json!("Zwolle"),
            key: None,
        }],
        scope: Some(wrong),
        dry_run: false,
    });
    let mut right = Scope::default();
    right.insert("pupils", "1");
    let Output::Restrict(restricted) = plugin.ok(Request::Restrict {
        subject: demo::test_subject(),
        on: true,
        scope: Some(right.clone()),
        dry_run: false,
    }) else {
        panic!("restrict")
    };

    for error in [&restrict, &rectify] {
        let PluginError::ScopeDrift { added, missing } = error else {
            panic!("{error:?}");
        };
        assert!(added.contains("pupils", "1") && missing.contains("pupils", "2"));
    }
    assert_eq!(Scope::from_report(&restricted), right);
    assert_eq!(
        db.dump()["pupils"][1],
        before["pupils"][1],
        "the sibling untouched"
    );
}

pub fn locating_a_guardian_lists_their_pupils_and_a_pupil_her_guardians(server: Server) {
    let db = TestDb::school(server, SMALL);
    let mut plugin = InProcess::new(db.settings());
    let Output::Describe(manifest) = plugin.ok(Request::Describe) else {
        panic!("describe")
    };

    let found = locate_output(&mut plugin, demo::test_guardian());
    let pupil_only = locate_output(&mut plugin, demo::test_subject());

    assert!(manifest.has(Capability::Persons) && manifest.has(Capability::Scope));
    assert!(!found.ambiguous);
    let keys: Vec<_> = found.persons.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys, ["guardians:1", "pupils:1", "pupils:2"]);
    let guardian = &found.persons[0];
    assert_eq!(guardian.kind, PersonKind::Guardian);
    assert_eq!(guardian.strength, Some(MatchStrength::Exact));
    assert_eq!(guardian.names, ["Marieke van Dijkhuizen"]);
    assert_eq!(guardian.emails, ["marieke.vandijkhuizen@example.net"]);
    assert_eq!(guardian.phones.len(), 1);
    assert_eq!(guardian.postal_addresses.len(), 1);
    assert!(guardian
        .records
        .iter()
        .any(|r| r.table == "guardians" && r.key == "1"));
    let linked: Vec<_> = guardian.links.iter().map(|l| l.person.as_str()).collect();
    assert_eq!(linked, ["pupils:1", "pupils:2"]);
    for link in &guardian.links {
        assert!(
            matches!(link.relation, Relation::Parent | Relation::Guardian),
            "{link:?}"
        );
        assert_eq!(link.parental_authority, Some(true));
    }
    assert_eq!(guardian.authority_links().count(), 2);
    let born = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    for (person, date_of_birth, email) in [
        (
            &found.persons[1],
            born(2013, 4, 17),
            "noor.vandijkhuizen@leerling.example.org",
        ),
        (
            &found.persons[2],
            born(2016, 1, 23),
            "thijs.vandijkhuizen2@leerling.example.org",
        ),
    ] {
        assert_eq!(person.kind, PersonKind::Pupil);
        assert_eq!(person.strength, None, "reached through the link");
        assert_eq!(person.date_of_birth, date_of_birth);
        assert_eq!(person.emails, [email]);
        assert_eq!(
            person.postal_addresses, guardian.postal_addresses,
            "one household"
        );
        assert!(person.records.iter().any(|r| r.table == "test_results"));
    }
    assert!(
        found
            .records
            .iter()
            .all(|r| r.table != "pupils" && r.table != "test_results"),
        "the pupils' records are not the guardian's"
    );
    // A pupil brings her guardians, each with the one link to her and the
    // address on file a code for her may go to; not their other children.
    let pupil_keys: Vec<_> = pupil_only.persons.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(pupil_keys, ["pupils:1", "guardians:1", "guardians:2"]);
    let pupil = &pupil_only.persons[0];
    assert_eq!(pupil.strength, Some(MatchStrength::Exact));
    assert!(pupil.links.is_empty());
    assert_eq!(pupil.records.len(), pupil_only.records.len());
    let mother = &pupil_only.persons[1];
    assert_eq!(mother.strength, None, "reached through her link");
    assert_eq!(mother.emails, ["marieke.vandijkhuizen@example.net"]);
    assert_eq!(mother.links.len(), 1, "{:?}", mother.links);
    assert_eq!(mother.links[0].person, "pupils:1");
    assert_eq!(mother.links[0].parental_authority, Some(true));
    assert!(
        pupil_only.records.iter().all(|r| r.table != "guardians"),
        "the guardians' records are not the pupil's"
    );
}

pub fn a_namesake_is_described_without_contact_details(server: Server) {
    let db = TestDb::school(server, 3);
    let mut plugin = InProcess::new(db.settings());

    let found = locate_output(
        &mut plugin,
        Subject::default().with_name("Noor van Dijkhuizen"),
    );

    assert!(found.ambiguous);
    let keys: Vec<_> = found.persons.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys, ["pupils:1", "pupils:3"]);
    for person in &found.persons {
        assert_eq!(person.strength, Some(MatchStrength::Weak));
        assert!(person.date_of_birth.is_some(), "to tell them apart");
        assert!(person.emails.is_empty() && person.postal_addresses.is_empty());
        assert!(person.links.is_empty());
    }
}
