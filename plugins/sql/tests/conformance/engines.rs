//! The scenario and the extra cases on each engine.

use crate::events::*;
use crate::helpers::{Caller, InProcess, Server, TestDb};
use crate::persons_and_scope::*;
use crate::retained::*;
use crate::scenario::{self, erase_report, keys, locate_output};
use chrono::{DateTime, Utc};
use dsrd_plugin_api::protocol::{Output, Request};
use dsrd_plugin_api::{EraseMode, PluginError};
use dsrd_plugin_sql::demo;
use serde_json::json;

/// A few hundred pupils: enough for families, namesakes and expired rows.
const SMALL: usize = 300;

fn conformance_scenario_passes(server: Server, pupils: usize) {
    let db = TestDb::school(server, pupils);
    let mut plugin = InProcess::new(db.settings());
    scenario::run(&mut plugin, &db, pupils <= SMALL);
}

fn erasing_a_shared_guardian_keeps_both_pupils_and_cuts_only_the_references(server: Server) {
    let db = TestDb::school(server, SMALL);
    let mut plugin = InProcess::new(db.settings());
    let before = db.dump();

    let done = match plugin.ok(Request::Erase {
        subject: demo::test_guardian(),
        mode: EraseMode::Delete,
        scope: None,
        dry_run: false,
    }) {
        Output::Erase(report) => report,
        other => panic!("{other:?}"),
    };

    let after = db.dump();
    assert_eq!(keys(&done, "guardians"), ["1"]);
    assert_eq!(
        keys(&done, "pupil_guardians"),
        ["1", "3"],
        "her links to both children"
    );
    assert_eq!(keys(&done, "consent_records"), ["1", "2", "3", "4"]);
    assert_eq!(done.tables["consent_records"].fields, ["given_by"]);
    assert_eq!(after["pupils"], before["pupils"], "the children stay");
    let consents: Vec<_> = after["consent_records"]
        .iter()
        .filter(|r| r[1] == json!(1))
        .collect();
    assert!(consents.iter().all(|r| r[2].is_null()), "{consents:?}");
    assert_eq!(
        after["consent_records"].len(),
        before["consent_records"].len()
    );
}

fn anonymising_keeps_the_rows_and_a_repeat_changes_nothing(server: Server) {
    let db = TestDb::school(server, SMALL);
    let mut plugin = InProcess::new(db.settings());
    let before = db.dump();

    let done = erase_report(&mut plugin, EraseMode::Anonymise, false);
    let after = db.dump();
    // The anonymised pupil is no longer found by her identifiers.
    let again = erase_report(&mut plugin, EraseMode::Anonymise, false);

    assert_eq!(keys(&done, "pupils"), ["1"]);
    assert_eq!(keys(&done, "care_notes"), ["1"]);
    assert_eq!(
        keys(&done, "care_note_attachments"),
        ["1"],
        "deleted: no anonymise rule"
    );
    assert!(
        !done.tables.contains_key("test_results"),
        "kept as they are"
    );
    assert!(again.is_empty(), "{again:?}");
    let pupil = &after["pupils"][0];
    assert_eq!(
        (&pupil[1], &pupil[2]),
        (&json!(null), &json!("[anonymised]"))
    );
    assert!(after["pupils"].len() == before["pupils"].len());
    assert_eq!(after["test_results"], before["test_results"]);
    let found = locate_output(&mut plugin, demo::test_subject());
    assert!(
        found.records.iter().all(|r| r.key != "1"),
        "only the namesake is left"
    );
}

fn purge_removes_expired_pupils_with_their_records_in_one_go(server: Server) {
    let db = TestDb::school(server, SMALL);
    let mut plugin = InProcess::new(db.settings());
    let now: DateTime<Utc> = "2026-06-01T00:00:00Z".parse().unwrap();
    let before = db.dump();

    let Output::PurgeExpired(planned) = plugin.ok(Request::PurgeExpired { now, dry_run: true })
    else {
        panic!()
    };
    let unchanged = db.dump();
    let Output::PurgeExpired(done) = plugin.ok(Request::PurgeExpired {
        now,
        dry_run: false,
    }) else {
        panic!()
    };
    let Output::PurgeExpired(again) = plugin.ok(Request::PurgeExpired {
        now,
        dry_run: false,
    }) else {
        panic!()
    };
    let after = db.dump();

    assert_eq!(unchanged, before);
    assert_eq!(planned.tables, done.tables);
    assert_eq!(again.total(), 0);
    let cutoff = "2024-06-01";
    let left_long_ago = |row: &Vec<serde_json::Value>| row[13].as_str().is_some_and(|d| d < cutoff);
    let expired = before["pupils"].iter().filter(|r| left_long_ago(r)).count();
    assert!(expired > 0);
    assert_eq!(done.tables["pupils"].count as usize, expired);
    assert_eq!(after["pupils"].len(), before["pupils"].len() - expired);
    assert!(after["pupils"].iter().all(|r| !left_long_ago(r)));
    assert!(after["absences"]
        .iter()
        .all(|r| r[2].as_str().unwrap() >= "2021-06-02"));
}

fn a_wrong_mapping_is_refused_with_the_name_of_the_missing_column(server: Server) {
    let db = TestDb::school(server, 3);
    let mut settings = db.settings();
    settings["subjects"][0]["personal"] = json!(["first_name", "shoe_size"]);
    let mut plugin = InProcess::new(settings);

    let error = plugin.error(Request::Locate {
        subject: demo::test_subject(),
    });

    assert!(
        matches!(error, PluginError::BadSettings { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("`pupils`.`shoe_size`"),
        "{error}"
    );
}

#[test]
fn a_link_between_tables_that_are_not_subjects_is_refused_by_key() {
    let mut settings = demo::mapping("sqlite:///nowhere.db");
    settings["links"][0]["to"] = json!("pupil");

    let error = <dsrd_plugin_sql::SqlPlugin as dsrd_plugin_api::Plugin>::new(settings).unwrap_err();

    assert!(
        matches!(error, PluginError::BadSettings { .. }),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("links[0].to: `pupil` is not a subject table"),
        "{error}"
    );
}

#[test]
fn a_missing_link_column_is_refused_with_its_name() {
    let db = TestDb::school(Server::Sqlite, 3);
    let mut settings = db.settings();
    settings["links"][0]["parental_authority"] = json!("gezag");
    let mut plugin = InProcess::new(settings);

    let error = plugin.error(Request::Locate {
        subject: demo::test_guardian(),
    });

    assert!(
        matches!(error, PluginError::BadSettings { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("`pupil_guardians`.`gezag`"),
        "{error}"
    );
}

macro_rules! engine_tests {
    ($module:ident, $server:expr) => {
        mod $module {
            use super::*;

            #[test]
            fn the_conformance_scenario_passes() {
                conformance_scenario_passes($server, SMALL);
            }

            #[test]
            fn the_conformance_scenario_passes_with_100_000_pupils() {
                conformance_scenario_passes($server, 100_000);
            }

            #[test]
            fn erasing_a_shared_guardian_keeps_both_pupils() {
                erasing_a_shared_guardian_keeps_both_pupils_and_cuts_only_the_references($server);
            }

            #[test]
            fn anonymising_keeps_the_rows_and_is_idempotent() {
                anonymising_keeps_the_rows_and_a_repeat_changes_nothing($server);
            }

            #[test]
            fn an_anonymised_pupil_is_kept_as_enrolment_register_for_five_years() {
                an_anonymising_erasure_keeps_the_enrolment_register_until_five_years_after_leaving(
                    $server,
                );
            }

            #[test]
            fn a_current_pupils_register_has_no_end_date_yet() {
                a_current_pupils_register_is_kept_without_an_end_date_yet($server);
            }

            #[test]
            fn a_deleting_erasure_retains_nothing() {
                an_erasure_that_deletes_reports_nothing_retained($server);
            }

            #[test]
            fn purge_removes_expired_pupils_with_their_records() {
                purge_removes_expired_pupils_with_their_records_in_one_go($server);
            }

            #[test]
            fn the_day_after_the_event_its_records_go() {
                the_day_after_the_event_its_enrolments_timetables_and_attendance_go($server);
            }

            #[test]
            fn the_organisations_date_decides_what_is_due() {
                just_after_midnight_in_amsterdam_the_dutch_date_counts($server);
            }

            #[test]
            fn a_wrong_mapping_names_the_missing_column() {
                a_wrong_mapping_is_refused_with_the_name_of_the_missing_column($server);
            }

            #[test]
            fn a_scoped_erase_changes_only_the_approved_keys() {
                a_scoped_erase_changes_exactly_the_approved_records($server);
            }

            #[test]
            fn a_scoped_erase_after_a_change_reports_drift_and_changes_nothing() {
                a_scoped_erase_after_the_records_changed_reports_drift_and_changes_nothing($server);
            }

            #[test]
            fn scoped_restrict_and_rectify_report_drift_before_writing() {
                a_scoped_restrict_and_rectify_report_drift_before_writing($server);
            }

            #[test]
            fn locate_lists_a_guardians_pupils_and_a_pupils_guardians() {
                locating_a_guardian_lists_their_pupils_and_a_pupil_her_guardians($server);
            }

            #[test]
            fn a_namesake_is_shown_without_contact_details() {
                a_namesake_is_described_without_contact_details($server);
            }
        }
    };
}

engine_tests!(sqlite, Server::Sqlite);
engine_tests!(postgres, Server::Postgres);
engine_tests!(mariadb, Server::MariaDb);
