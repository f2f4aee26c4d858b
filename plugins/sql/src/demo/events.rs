//! The event organiser's database: a cultural-day organiser that a school
//! hands its pupils' names to for one day. Events have a date; each
//! enrolled pupil has a full name, class and pupil number; the organiser
//! generates a timetable and an attendance list per pupil. Its policy:
//! "the day after the Cultuurdag all pupils' data is permanently deleted",
//! which [`events_mapping`] states as a retention rule through the event's
//! date (`retention.via`).
//!
//! The dates are relative to the `today` given, so a demo made today has
//! an event that was yesterday (due for deletion), one tomorrow and one in
//! three weeks (both kept).

use super::insert::Inserter;
use super::names::{Rng, FIRST_NAMES, INFIXES, LAST_NAMES};
use super::run;
use crate::engine::Db;
use crate::error::Result;
use chrono::{Days, NaiveDate};
use serde_json::{json, Value};

/// The organiser's tables, parents first.
pub const EVENT_TABLES: &[&str] = &["events", "enrolments", "timetables", "attendance"];

const TABLES: &[&str] = &[
    r#"CREATE TABLE events (id INTEGER PRIMARY KEY, name {text} NOT NULL,
        held_on {date} NOT NULL, venue {text} NOT NULL)"#,
    r#"CREATE TABLE enrolments (id INTEGER PRIMARY KEY,
        event_id INTEGER NOT NULL REFERENCES events (id), full_name {text} NOT NULL,
        class_name {text} NOT NULL, pupil_number {text} NOT NULL)"#,
    r#"CREATE TABLE timetables (id INTEGER PRIMARY KEY,
        enrolment_id INTEGER NOT NULL REFERENCES enrolments (id), starts_at {text} NOT NULL,
        activity {text} NOT NULL, room {text} NOT NULL)"#,
    r#"CREATE TABLE attendance (id INTEGER PRIMARY KEY,
        enrolment_id INTEGER NOT NULL REFERENCES enrolments (id), slot {text} NOT NULL,
        present {bool} NOT NULL)"#,
];

/// The events: name, days from today, venue.
const EVENTS: &[(&str, i64, &str)] = &[
    ("Cultuurdag", -1, "Stadsschouwburg"),
    ("Museumbezoek", 1, "Oefendorp Museum"),
    ("Sportdag", 21, "Sportpark Proefwijk"),
];

/// Enrolled pupils per event.
const PER_EVENT: u64 = 8;

const ACTIVITIES: &[&str] = &["Theater", "Dans", "Muziek", "Beeldende kunst"];

/// The date of event `id` (1-based) for a database made on `today`.
pub fn event_date(today: NaiveDate, id: usize) -> NaiveDate {
    let offset = EVENTS[id - 1].1;
    if offset < 0 {
        today - Days::new(offset.unsigned_abs())
    } else {
        today + Days::new(offset as u64)
    }
}

/// Creates the organiser's tables in the empty database at `url` with
/// three events around `today`, each with enrolled pupils, their
/// timetables and attendance lists. A missing SQLite file is created.
pub async fn create_events_async(url: &str, today: NaiveDate, seed: u64) -> Result<()> {
    let db = Db::connect_lazy(url, 1, true)?;
    let engine = db.engine();
    let mut tx = db.begin().await?;
    for ddl in TABLES {
        run(&mut tx, engine, &super::schema::adapt(ddl, engine)).await?;
    }
    let mut rng = Rng::new(seed, 77);
    let mut events = Inserter::new(engine, "events", &["id", "name", "held_on:date", "venue"]);
    let enrolment_columns = ["id", "event_id", "full_name", "class_name", "pupil_number"];
    let mut enrolments = Inserter::new(engine, "enrolments", &enrolment_columns);
    let timetable_columns = ["id", "enrolment_id", "starts_at", "activity", "room"];
    let mut timetables = Inserter::new(engine, "timetables", &timetable_columns);
    let attendance_columns = ["id", "enrolment_id", "slot", "present"];
    let mut attendance = Inserter::new(engine, "attendance", &attendance_columns);
    let (mut enrolment, mut slot) = (0u64, 0u64);
    for (i, (name, _, venue)) in EVENTS.iter().enumerate() {
        let id = i as u64 + 1;
        let date = event_date(today, i + 1).to_string();
        events
            .push(
                &mut tx,
                vec![json!(id), json!(name), json!(date), json!(venue)],
            )
            .await?;
        for _ in 0..PER_EVENT {
            enrolment += 1;
            let infix = rng.pick(INFIXES);
            let full_name = [rng.pick(FIRST_NAMES), infix, rng.pick(LAST_NAMES)]
                .into_iter()
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let class = format!(
                "groep {}{}",
                6 + rng.below(3),
                ["a", "b"][rng.below(2) as usize]
            );
            let number = format!("{}", 100_000 + rng.below(900_000));
            enrolments
                .push(
                    &mut tx,
                    vec![
                        json!(enrolment),
                        json!(id),
                        json!(full_name),
                        json!(class),
                        json!(number),
                    ],
                )
                .await?;
            for (n, time) in ["09:30", "11:00", "13:30"].iter().enumerate() {
                slot += 1;
                let activity = rng.pick(ACTIVITIES);
                let room = format!("zaal {}", n + 1);
                timetables
                    .push(
                        &mut tx,
                        vec![
                            json!(slot),
                            json!(enrolment),
                            json!(time),
                            json!(activity),
                            json!(room),
                        ],
                    )
                    .await?;
                // Generated with the timetable; only the past event has
                // been ticked off (false is "not (yet) seen").
                let present = i == 0 && rng.chance(90);
                attendance
                    .push(
                        &mut tx,
                        vec![json!(slot), json!(enrolment), json!(time), json!(present)],
                    )
                    .await?;
            }
        }
    }
    events.flush(&mut tx).await?;
    enrolments.flush(&mut tx).await?;
    timetables.flush(&mut tx).await?;
    attendance.flush(&mut tx).await?;
    tx.finish(true).await?;
    db.close().await;
    Ok(())
}

/// [`create_events_async`] for synchronous callers.
pub fn create_events(url: &str, today: NaiveDate, seed: u64) -> Result<()> {
    super::runtime()?.block_on(create_events_async(url, today, seed))
}

/// The `sql` plugin's settings for the organiser's database at `url`:
/// an enrolment is a subject (found by pupil number or name), its
/// timetable and attendance rows hang below it, and all of them go the
/// day after their event (`days = 0` through the event's `held_on`).
pub fn events_mapping(url: &str) -> Value {
    json!({
        "url": url,
        "name": "events",
        "system": "event organiser (Cultuurdag)",
        "time_zone": "Europe/Amsterdam",
        "subjects": [{
            "table": "enrolments",
            "key": "id",
            "label": "event enrolment",
            "category": "enrolment",
            "personal": ["full_name", "class_name", "pupil_number"],
            "identifiers": [
                { "kind": "student_number", "column": "pupil_number" },
                { "kind": "name", "column": "full_name" },
            ],
            "retention": {
                "column": "held_on",
                "days": 0,
                "via": { "table": "events", "key": "id", "foreign_key": "event_id" },
            },
            "person": { "kind": "pupil" },
            "children": [
                {
                    "table": "timetables",
                    "key": "id",
                    "foreign_key": "enrolment_id",
                    "label": "timetable slot",
                    "category": "enrolment",
                    "personal": ["starts_at", "activity", "room"],
                },
                {
                    "table": "attendance",
                    "key": "id",
                    "foreign_key": "enrolment_id",
                    "label": "attendance record",
                    "category": "attendance",
                    "personal": ["slot", "present"],
                },
            ],
        }],
    })
}
