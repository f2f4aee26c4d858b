//! Every operation through the ABI, on the demo data.

use crate::helpers::{keys, Loaded};
use chrono::{DateTime, Utc};
use dsrd_plugin_api::protocol::{Output, Request};
use dsrd_plugin_api::{
    Change, EraseMode, MatchStrength, Operation, PersonKind, PluginError, Scope, Subject,
};
use dsrd_plugin_example::data::{Contacts, ANONYMISED};
use dsrd_plugin_example::fixture::test_subject;

#[test]
fn describe_lists_every_operation_and_names_the_test_subject() {
    let mut loaded = Loaded::fixture();

    let manifest = loaded.describe();

    assert_eq!(manifest.name, "school-contacts");
    for operation in Operation::ALL {
        assert!(manifest.supports(operation), "{operation} missing");
    }
    assert_eq!(manifest.test_subject, Some(test_subject()));
}

#[test]
fn locate_finds_the_test_subject_exactly_with_their_notes_and_disclosures() {
    let mut loaded = Loaded::fixture();

    let found = loaded.locate(&test_subject());

    assert!(!found.ambiguous);
    assert!(found
        .records
        .iter()
        .all(|r| r.strength == MatchStrength::Exact));
    let mut keys: Vec<_> = found.records.iter().map(|r| r.key.as_str()).collect();
    keys.sort();
    assert_eq!(keys, ["d1", "d2", "m1", "m2", "p1"]);
}

#[test]
fn a_name_alone_is_an_ambiguous_weak_match_and_is_never_acted_on() {
    let mut loaded = Loaded::fixture();
    let subject = Subject::default().with_name("Sanne de Vries");

    let found = loaded.locate(&subject);
    let report = loaded.erase(&subject, EraseMode::Delete, false);

    assert!(found.ambiguous);
    assert_eq!(found.best_strength(), Some(MatchStrength::Weak));
    assert!(report.is_empty());
    assert_eq!(loaded.contents().people.len(), 5);
}

#[test]
fn identifiers_of_two_people_make_changing_operations_refuse() {
    let mut loaded = Loaded::fixture();
    let subject = test_subject().with_email("m.devries@thuis.example");

    let error = loaded.error(Request::Erase {
        subject,
        mode: EraseMode::Delete,
        scope: None,
        dry_run: true,
    });

    assert!(matches!(error, PluginError::Ambiguous { .. }), "{error:?}");
}

#[test]
fn export_returns_the_subjects_tables_and_contact_card() {
    let mut loaded = Loaded::fixture();

    let export = loaded.export(&test_subject());

    assert_eq!(export.table("people").unwrap().rows.len(), 1);
    assert_eq!(export.table("contact_moments").unwrap().rows.len(), 2);
    assert_eq!(export.table("disclosures").unwrap().rows.len(), 2);
    assert_eq!(export.files.len(), 1);
    assert_eq!(export.files[0].media_type, "text/vcard");
    assert!(export.files[0].bytes.starts_with(b"BEGIN:VCARD\r\n"));
}

#[test]
fn rectify_dry_run_changes_nothing_then_the_real_run_changes_the_same_records_once() {
    let mut loaded = Loaded::fixture();
    let before = loaded.bytes();
    let request = |dry_run| Request::Rectify {
        subject: test_subject(),
        changes: vec![Change {
            table: "people".into(),
            field: "address".into(),
            value: serde_json::json!("Beukenlaan 9, 1234 AB Voorbeeldstad"),
            key: None,
        }],
        scope: None,
        dry_run,
    };

    let planned = loaded.ok(request(true));
    let unchanged = loaded.bytes();
    let done = loaded.ok(request(false));
    let repeated = loaded.ok(request(false));

    assert_eq!(unchanged, before);
    let (Output::Rectify(planned), Output::Rectify(done), Output::Rectify(repeated)) =
        (planned, done, repeated)
    else {
        panic!("rectify answered with another output");
    };
    assert!(planned.dry_run && !done.dry_run);
    assert_eq!(planned.tables, done.tables);
    assert_eq!(keys(&done, "people"), ["p1"]);
    assert!(repeated.is_empty());
    let p1 = loaded
        .contents()
        .people
        .into_iter()
        .find(|p| p.id == "p1")
        .unwrap();
    assert_eq!(
        p1.address.as_deref(),
        Some("Beukenlaan 9, 1234 AB Voorbeeldstad")
    );
}

#[test]
fn rectify_refuses_a_field_it_does_not_know_without_echoing_the_value() {
    let mut loaded = Loaded::fixture();

    let error = loaded.error(Request::Rectify {
        subject: test_subject(),
        changes: vec![Change {
            table: "people".into(),
            field: "date_of_birth".into(),
            value: serde_json::json!("fourteenth of March"),
            key: None,
        }],
        scope: None,
        dry_run: true,
    });

    let message = error.to_string();
    assert!(message.contains("YYYY-MM-DD"), "{message}");
    assert!(!message.contains("fourteenth"), "{message}");
}

#[test]
fn restrict_sets_and_lifts_the_flag_reporting_only_real_changes() {
    let mut loaded = Loaded::fixture();
    let restrict = |on| Request::Restrict {
        subject: test_subject(),
        on,
        scope: None,
        dry_run: false,
    };

    let on = loaded.ok(restrict(true));
    let again = loaded.ok(restrict(true));
    let restricted = loaded.contents().person("p1").unwrap().restricted;
    let off = loaded.ok(restrict(false));

    let (Output::Restrict(on), Output::Restrict(again), Output::Restrict(off)) = (on, again, off)
    else {
        panic!("restrict answered with another output");
    };
    assert_eq!(keys(&on, "people"), ["p1"]);
    assert!(again.is_empty());
    assert!(restricted);
    assert_eq!(keys(&off, "people"), ["p1"]);
    assert!(!loaded.contents().person("p1").unwrap().restricted);
}

#[test]
fn an_erase_dry_run_reports_the_plan_and_writes_nothing() {
    let mut loaded = Loaded::fixture();
    let before = loaded.bytes();

    let plan = loaded.erase(&test_subject(), EraseMode::Delete, true);

    assert_eq!(loaded.bytes(), before);
    assert!(plan.dry_run);
    assert_eq!(keys(&plan, "people"), ["p1"]);
    assert_eq!(keys(&plan, "contact_moments"), ["m1", "m2"]);
    assert_eq!(keys(&plan, "disclosures"), ["d1", "d2"]);
}

#[test]
fn erase_removes_exactly_the_subjects_rows_and_a_repeat_changes_nothing() {
    let mut loaded = Loaded::fixture();
    let before = loaded.contents();

    let plan = loaded.erase(&test_subject(), EraseMode::Delete, true);
    let done = loaded.erase(&test_subject(), EraseMode::Delete, false);
    let repeated = loaded.erase(&test_subject(), EraseMode::Delete, false);

    assert_eq!(plan.tables, done.tables);
    assert!(repeated.is_empty());
    assert_eq!(loaded.contents(), without_p1(before));
    // Only the namesake is left, by name alone.
    let found = loaded.locate(&test_subject());
    assert_eq!(found.best_strength(), Some(MatchStrength::Weak));
    assert!(found.records.iter().all(|record| record.key != "p1"));
}

/// The demo data with every row about p1 taken out by hand.
fn without_p1(mut contacts: Contacts) -> Contacts {
    contacts.people.retain(|p| p.id != "p1");
    contacts.contact_moments.retain(|m| m.person != "p1");
    contacts.disclosures.retain(|d| d.person != "p1");
    contacts
}

#[test]
fn anonymise_keeps_the_rows_but_removes_what_identifies_and_is_idempotent() {
    let mut loaded = Loaded::fixture();
    let by_id = test_subject().with_system_id("school-contacts", "p1");

    let done = loaded.erase(&by_id, EraseMode::Anonymise, false);
    let repeated = loaded.erase(&by_id, EraseMode::Anonymise, false);

    assert_eq!(keys(&done, "people"), ["p1"]);
    assert_eq!(keys(&done, "contact_moments"), ["m1", "m2"]);
    assert!(repeated.is_empty(), "{repeated:?}");
    let after = loaded.contents();
    let p1 = after.person("p1").unwrap();
    assert_eq!(p1.name, ANONYMISED);
    assert!(p1.emails.is_empty() && p1.student_number.is_none() && p1.address.is_none());
    assert_eq!(after.disclosures.len(), 3);
}

#[test]
fn recipients_lists_each_organisation_once() {
    let mut loaded = Loaded::fixture();

    let output = loaded.ok(Request::Recipients {
        subject: test_subject(),
    });

    let Output::Recipients(recipients) = output else {
        panic!("recipients answered with another output");
    };
    let names: Vec<_> = recipients.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["GGD Voorbeeldstad", "Doorstroomtoets provider"]);
}

#[test]
fn purge_expired_removes_only_contact_moments_past_retention() {
    let mut loaded = Loaded::fixture();
    let now: DateTime<Utc> = "2026-06-01T00:00:00Z".parse().unwrap();
    let purge = |dry_run| Request::PurgeExpired { now, dry_run };
    let before = loaded.bytes();

    let planned = loaded.ok(purge(true));
    let unchanged = loaded.bytes();
    let done = loaded.ok(purge(false));
    let repeated = loaded.ok(purge(false));

    assert_eq!(unchanged, before);
    let (Output::PurgeExpired(planned), Output::PurgeExpired(done), Output::PurgeExpired(again)) =
        (planned, done, repeated)
    else {
        panic!("purge answered with another output");
    };
    assert_eq!(planned.tables, done.tables);
    assert_eq!(done.tables["contact_moments"].keys, ["m2", "m4"]);
    assert_eq!(again.total(), 0);
    let left: Vec<_> = loaded
        .contents()
        .contact_moments
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(left, ["m1", "m3"]);
}

#[test]
fn locate_describes_the_test_subject_as_a_pupil_owning_every_record() {
    let mut loaded = Loaded::fixture();

    let found = loaded.locate(&test_subject());

    let [person] = found.persons.as_slice() else {
        panic!("{:?}", found.persons);
    };
    assert_eq!(person.key, "p1");
    assert_eq!(person.kind, PersonKind::Pupil);
    assert_eq!(person.strength, Some(MatchStrength::Exact));
    assert_eq!(person.date_of_birth, test_subject().date_of_birth);
    assert_eq!(person.emails, test_subject().emails);
    assert_eq!(person.records.len(), found.records.len());
}

#[test]
fn a_scoped_erase_through_the_abi_keeps_to_the_plan_or_changes_nothing() {
    let mut loaded = Loaded::fixture();
    let plan = loaded.erase(&test_subject(), EraseMode::Delete, true);
    let scope = Scope::from_report(&plan);
    let mut short = scope.clone();
    short.remove("contact_moments", "m2");
    let erase = |scope: &Scope| Request::Erase {
        subject: test_subject(),
        mode: EraseMode::Delete,
        scope: Some(scope.clone()),
        dry_run: false,
    };
    let before = loaded.bytes();

    let drift = loaded.error(erase(&short));
    let unchanged = loaded.bytes();
    let Output::Erase(done) = loaded.ok(erase(&scope)) else {
        panic!("erase")
    };

    let PluginError::ScopeDrift { added, missing } = &drift else {
        panic!("{drift:?}");
    };
    assert!(added.contains("contact_moments", "m2") && added.len() == 1);
    assert!(missing.is_empty());
    assert_eq!(unchanged, before, "the file was not written");
    assert_eq!(Scope::from_report(&done), scope);
    assert!(loaded.contents().person("p1").is_none());
}
