//! What an erasure keeps: the demo's enrolment register, listed as
//! retained with its ground and end date by the dry run and the real run
//! alike, and nothing retained where the erasure deletes.

use crate::helpers::{Caller, InProcess, Server, TestDb};
use crate::scenario::{erase_report, keys};
use chrono::NaiveDate;
use dsrd_plugin_api::protocol::Request;
use dsrd_plugin_api::{EraseMode, PluginError, Retained};
use dsrd_plugin_sql::demo;
use serde_json::json;

/// A few hundred pupils, as in `engines`.
const SMALL: usize = 300;

/// The entry the demo's pupil 1 gets when the erasure keeps her row.
fn enrolment_register(until: Option<NaiveDate>, note: &str) -> Retained {
    Retained::new("pupils", demo::ENROLMENT_REGISTER_GROUND)
        .key("1")
        .fields(&["id", "group_id", "enrolled_on", "left_on"])
        .until(until)
        .note(Some(note.to_owned()))
}

pub fn an_anonymising_erasure_keeps_the_enrolment_register_until_five_years_after_leaving(
    server: Server,
) {
    let db = TestDb::school(server, SMALL);
    db.execute("UPDATE pupils SET left_on = '2024-07-12' WHERE id = 1");
    let mut plugin = InProcess::new(db.settings());

    let planned = erase_report(&mut plugin, EraseMode::Anonymise, true);
    let done = erase_report(&mut plugin, EraseMode::Anonymise, false);
    let pupils = db.dump_table("pupils");

    let expected = enrolment_register(
        NaiveDate::from_ymd_opt(2029, 7, 12),
        "5 jaar na uitschrijving",
    );
    assert_eq!(
        planned.retained,
        std::slice::from_ref(&expected),
        "{planned:?}"
    );
    assert_eq!(
        done.retained, planned.retained,
        "the real run keeps what was planned"
    );
    assert_eq!(keys(&done, "pupils"), ["1"], "anonymised as well as kept");
    let overwritten = &done.tables["pupils"].fields;
    assert!(
        expected
            .fields
            .iter()
            .all(|kept| !overwritten.contains(kept)),
        "{overwritten:?}"
    );
    assert!(
        !done.is_retained("care_note_attachments", "1"),
        "deleted, not kept"
    );
    let row = &pupils[0];
    let left_on = row[13].as_str().expect("a date");
    assert_eq!(
        (&row[0], &row[2], &left_on[..10]),
        (&json!(1), &json!("[anonymised]"), "2024-07-12"),
        "the kept row has its key and dates, not its name"
    );
}

pub fn a_current_pupils_register_is_kept_without_an_end_date_yet(server: Server) {
    let db = TestDb::school(server, SMALL);
    let mut plugin = InProcess::new(db.settings());

    let planned = erase_report(&mut plugin, EraseMode::Anonymise, true);

    assert_eq!(
        planned.retained,
        [enrolment_register(
            None,
            "5 jaar na uitschrijving (5 years after `left_on`, which is not set yet)"
        )]
    );
}

pub fn an_erasure_that_deletes_reports_nothing_retained(server: Server) {
    let db = TestDb::school(server, SMALL);
    db.execute("UPDATE pupils SET left_on = '2024-07-12' WHERE id = 1");
    let mut plugin = InProcess::new(db.settings());

    let planned = erase_report(&mut plugin, EraseMode::Delete, true);
    let done = erase_report(&mut plugin, EraseMode::Delete, false);

    assert_eq!(keys(&done, "pupils"), ["1"]);
    assert!(done.tables["pupils"].fields.is_empty(), "deleted");
    assert!(planned.retained.is_empty(), "{:?}", planned.retained);
    assert!(done.retained.is_empty(), "{:?}", done.retained);
}

#[test]
fn a_retention_counted_from_a_column_the_database_lacks_is_refused_with_its_name() {
    let db = TestDb::school(Server::Sqlite, 3);
    let mut settings = db.settings();
    settings["subjects"][0]["retain"]["until"]["column"] = json!("left_at");
    let mut plugin = InProcess::new(settings);

    let error = plugin.error(Request::Erase {
        subject: demo::test_subject(),
        mode: EraseMode::Anonymise,
        scope: None,
        dry_run: true,
    });

    assert!(
        matches!(error, PluginError::BadSettings { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("`pupils`.`left_at` (retain)"),
        "{error}"
    );
}
