//! Retention through a related table's date: the organiser deletes every
//! pupil's enrolment, timetable and attendance the day after the event.

use crate::helpers::{Caller, InProcess, Server, TestDb};
use chrono::{DateTime, NaiveDate, Utc};
use dsrd_plugin_api::protocol::{Output, Request};
use dsrd_plugin_api::PurgeReport;
use dsrd_plugin_sql::demo;
use serde_json::json;

fn purge(plugin: &mut InProcess, now: DateTime<Utc>, dry_run: bool) -> PurgeReport {
    match plugin.ok(Request::PurgeExpired { now, dry_run }) {
        Output::PurgeExpired(report) => report,
        other => panic!("{other:?}"),
    }
}

/// The enrolment keys of event `event` in `rows` of `enrolments`.
fn enrolments_of(rows: &[Vec<serde_json::Value>], event: i64) -> Vec<serde_json::Value> {
    rows.iter()
        .filter(|r| r[1] == json!(event))
        .map(|r| r[0].clone())
        .collect()
}

pub fn the_day_after_the_event_its_enrolments_timetables_and_attendance_go(server: Server) {
    let today = NaiveDate::from_ymd_opt(2026, 6, 12).unwrap();
    let db = TestDb::events(server, today);
    let mut plugin = InProcess::new(demo::events_mapping(&db.url));
    // 02:00 in Amsterdam, 00:00 UTC: the Dutch date is the 12th.
    let now: DateTime<Utc> = "2026-06-12T00:00:00Z".parse().unwrap();
    let before = db.dump();

    let planned = purge(&mut plugin, now, true);
    let unchanged = db.dump();
    let done = purge(&mut plugin, now, false);
    let again = purge(&mut plugin, now, false);
    let after = db.dump();

    assert_eq!(unchanged, before, "a dry run changes nothing");
    assert_eq!(planned.tables, done.tables, "and reports the same");
    assert_eq!(planned.retained, done.retained);
    assert!(planned.dry_run && !done.dry_run);
    let yesterdays = enrolments_of(&before["enrolments"], 1);
    assert_eq!(yesterdays.len(), 8);
    assert_eq!(done.tables["enrolments"].count, 8);
    assert_eq!(done.tables["timetables"].count, 24);
    assert_eq!(done.tables["attendance"].count, 24);
    assert_eq!(again.total(), 0, "nothing is due twice");
    assert!(enrolments_of(&after["enrolments"], 1).is_empty());
    let left = |table: &str| {
        after[table]
            .iter()
            .filter(|r| yesterdays.contains(&r[1]))
            .count()
    };
    assert_eq!(left("timetables"), 0);
    assert_eq!(left("attendance"), 0);
    // Tomorrow's and later events are untouched, the events themselves too.
    assert_eq!(
        enrolments_of(&after["enrolments"], 2),
        enrolments_of(&before["enrolments"], 2)
    );
    assert_eq!(after["enrolments"].len(), 16);
    assert_eq!(after["timetables"].len(), 48);
    assert_eq!(after["events"], before["events"]);
    let kept = &done.retained["enrolments"];
    assert_eq!(kept.count, 16);
    assert!(kept.reason.contains("`held_on`"), "{}", kept.reason);
    assert!(kept.reason.contains("2026-06-12"), "{}", kept.reason);
}

pub fn just_after_midnight_in_amsterdam_the_dutch_date_counts(server: Server) {
    let today = NaiveDate::from_ymd_opt(2026, 6, 12).unwrap();
    let db = TestDb::events(server, today);
    let mut plugin = InProcess::new(demo::events_mapping(&db.url));
    // The Cultuurdag was on the 11th. 21:30 UTC on the 11th is 23:30 there
    // (still the day itself); 22:30 UTC is 00:30 on the 12th, while the
    // UTC date is still the 11th.
    let evening: DateTime<Utc> = "2026-06-11T21:30:00Z".parse().unwrap();
    let after_midnight: DateTime<Utc> = "2026-06-11T22:30:00Z".parse().unwrap();

    let on_the_day = purge(&mut plugin, evening, true);
    let next_day = purge(&mut plugin, after_midnight, true);

    assert_eq!(on_the_day.total(), 0, "{on_the_day:?}");
    assert_eq!(on_the_day.retained["enrolments"].count, 24);
    assert_eq!(next_day.tables["enrolments"].count, 8);
}

#[test]
fn a_retention_through_a_column_the_related_table_lacks_is_refused_with_its_name() {
    let today = NaiveDate::from_ymd_opt(2026, 6, 12).unwrap();
    let db = TestDb::events(Server::Sqlite, today);
    let mut settings = demo::events_mapping(&db.url);
    settings["subjects"][0]["retention"]["column"] = json!("held_at");
    let mut plugin = InProcess::new(settings);

    let error = plugin.error(Request::PurgeExpired {
        now: "2026-06-12T00:00:00Z".parse().unwrap(),
        dry_run: true,
    });

    assert!(
        error
            .to_string()
            .contains("`events`.`held_at` (retention.via of `enrolments`)"),
        "{error}"
    );
}
