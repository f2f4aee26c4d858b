//! The demo school's tables, written once and adapted to each engine.
//!
//! Keys are plain integers given by the seed (no sequences), so a seed
//! gives identical rows on every engine. Foreign keys are declared and
//! enforced (SQLite with `PRAGMA foreign_keys`), so a plugin that deleted
//! in the wrong order would fail here as it would in a real school.

use crate::engine::Engine;

/// `CREATE TABLE` statements, parents first. `{date}`, `{bool}`, `{ts}`,
/// `{text}`, `{false}` and `"…"` quoting are adapted per engine.
const TABLES: &[&str] = &[
    r#"CREATE TABLE staff (id INTEGER PRIMARY KEY, staff_number {text} UNIQUE,
        first_name {text} NOT NULL, infix {text}, last_name {text} NOT NULL, email {text},
        date_of_birth {date}, role {text} NOT NULL, left_on {date},
        restricted {bool} NOT NULL DEFAULT {false}, restricted_at {ts}, restriction_reason {text})"#,
    r#"CREATE TABLE "groups" (id INTEGER PRIMARY KEY, name {text} NOT NULL,
        school_year {text} NOT NULL, mentor_id INTEGER REFERENCES staff (id))"#,
    r#"CREATE TABLE pupils (id INTEGER PRIMARY KEY, student_number {text} UNIQUE,
        first_name {text} NOT NULL, infix {text}, last_name {text} NOT NULL,
        date_of_birth {date} NOT NULL, email {text}, phone {text}, address {text},
        postcode {text}, city {text}, group_id INTEGER REFERENCES "groups" (id),
        enrolled_on {date} NOT NULL, left_on {date},
        restricted {bool} NOT NULL DEFAULT {false}, restricted_at {ts}, restriction_reason {text})"#,
    r#"CREATE TABLE guardians (id INTEGER PRIMARY KEY, first_name {text} NOT NULL, infix {text},
        last_name {text} NOT NULL, email {text}, phone {text}, address {text}, postcode {text},
        city {text}, restricted {bool} NOT NULL DEFAULT {false}, restricted_at {ts},
        restriction_reason {text})"#,
    r#"CREATE TABLE pupil_guardians (id INTEGER PRIMARY KEY,
        pupil_id INTEGER NOT NULL REFERENCES pupils (id),
        guardian_id INTEGER NOT NULL REFERENCES guardians (id), relation {text} NOT NULL,
        parental_authority {bool})"#,
    r#"CREATE TABLE group_memberships (id INTEGER PRIMARY KEY,
        pupil_id INTEGER NOT NULL REFERENCES pupils (id),
        group_id INTEGER NOT NULL REFERENCES "groups" (id), school_year {text} NOT NULL)"#,
    r#"CREATE TABLE test_results (id INTEGER PRIMARY KEY,
        pupil_id INTEGER NOT NULL REFERENCES pupils (id), test_name {text} NOT NULL,
        taken_on {date} NOT NULL, score INTEGER NOT NULL, remark {text})"#,
    r#"CREATE TABLE absences (id INTEGER PRIMARY KEY,
        pupil_id INTEGER NOT NULL REFERENCES pupils (id), absent_on {date} NOT NULL,
        reason {text} NOT NULL, authorised {bool} NOT NULL)"#,
    r#"CREATE TABLE care_notes (id INTEGER PRIMARY KEY,
        pupil_id INTEGER NOT NULL REFERENCES pupils (id),
        author_id INTEGER REFERENCES staff (id), written_on {date} NOT NULL, note {note} NOT NULL)"#,
    r#"CREATE TABLE care_note_attachments (id INTEGER PRIMARY KEY,
        care_note_id INTEGER NOT NULL REFERENCES care_notes (id), file_name {text} NOT NULL,
        content {note} NOT NULL)"#,
    r#"CREATE TABLE consent_records (id INTEGER PRIMARY KEY,
        pupil_id INTEGER NOT NULL REFERENCES pupils (id),
        given_by INTEGER REFERENCES guardians (id), purpose {text} NOT NULL,
        granted {bool} NOT NULL, recorded_on {date} NOT NULL)"#,
    r#"CREATE TABLE disclosures (id INTEGER PRIMARY KEY,
        pupil_id INTEGER NOT NULL REFERENCES pupils (id), recipient {text} NOT NULL,
        contact {text}, categories {text} NOT NULL, disclosed_on {date} NOT NULL)"#,
];

/// Indexes, created after seeding (faster than maintaining them row by
/// row). `{lower:c}` is an index on `lower(c)` where the engine compares
/// case-sensitively, and on `c` on MariaDB, whose collation ignores case.
const INDEXES: &[&str] = &[
    "CREATE INDEX pupils_email ON pupils ({lower:email})",
    "CREATE INDEX pupils_last_name ON pupils ({lower:last_name})",
    "CREATE INDEX pupils_group ON pupils (group_id)",
    "CREATE INDEX guardians_email ON guardians ({lower:email})",
    "CREATE INDEX guardians_last_name ON guardians ({lower:last_name})",
    "CREATE INDEX staff_email ON staff ({lower:email})",
    "CREATE INDEX staff_last_name ON staff ({lower:last_name})",
    r#"CREATE INDEX groups_mentor ON "groups" (mentor_id)"#,
    "CREATE INDEX pupil_guardians_pupil ON pupil_guardians (pupil_id)",
    "CREATE INDEX pupil_guardians_guardian ON pupil_guardians (guardian_id)",
    "CREATE INDEX group_memberships_pupil ON group_memberships (pupil_id)",
    "CREATE INDEX test_results_pupil ON test_results (pupil_id)",
    "CREATE INDEX absences_pupil ON absences (pupil_id)",
    "CREATE INDEX care_notes_pupil ON care_notes (pupil_id)",
    "CREATE INDEX care_notes_author ON care_notes (author_id)",
    "CREATE INDEX care_note_attachments_note ON care_note_attachments (care_note_id)",
    "CREATE INDEX consent_records_pupil ON consent_records (pupil_id)",
    "CREATE INDEX consent_records_given_by ON consent_records (given_by)",
    "CREATE INDEX disclosures_pupil ON disclosures (pupil_id)",
    "CREATE INDEX absences_absent_on ON absences (absent_on)",
    "CREATE INDEX pupils_left_on ON pupils (left_on)",
];

/// The `CREATE TABLE` statements for `engine`.
pub fn tables(engine: Engine) -> Vec<String> {
    TABLES.iter().map(|ddl| adapt(ddl, engine)).collect()
}

/// The `CREATE INDEX` statements for `engine`.
pub fn indexes(engine: Engine) -> Vec<String> {
    INDEXES.iter().map(|ddl| adapt(ddl, engine)).collect()
}

/// `ddl` with the placeholders filled in for `engine`.
pub(super) fn adapt(ddl: &str, engine: Engine) -> String {
    let (date, boolean, ts, text, note, false_) = match engine {
        Engine::Sqlite => ("TEXT", "INTEGER", "TEXT", "TEXT", "TEXT", "0"),
        Engine::Postgres => (
            "DATE",
            "BOOLEAN",
            "TIMESTAMP",
            "VARCHAR(200)",
            "TEXT",
            "FALSE",
        ),
        Engine::MySql => (
            "DATE",
            "BOOLEAN",
            "DATETIME",
            "VARCHAR(200)",
            "TEXT",
            "FALSE",
        ),
    };
    let mut out = ddl
        .replace("{date}", date)
        .replace("{bool}", boolean)
        .replace("{ts}", ts)
        .replace("{text}", text)
        .replace("{note}", note)
        .replace("{false}", false_);
    while let Some(start) = out.find("{lower:") {
        let end = start + out[start..].find('}').expect("closed");
        let column = out[start + 7..end].to_owned();
        let indexed = if engine.text_equality_ignores_case() {
            column
        } else {
            format!("lower({column})")
        };
        out.replace_range(start..=end, &indexed);
    }
    if engine == Engine::MySql {
        out = out.replace('"', "`");
    }
    out
}
