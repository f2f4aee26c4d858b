//! Execution checked in the school database itself (issue 12, "What must
//! be shown"): an erasure with the school on PostgreSQL and MariaDB as well
//! as SQLite, each request type on SQLite with the rows read back, and a
//! failure half-way through an erasure that leaves every table as it was
//! and tells the officer why at once.
//!
//! The school is the `sql` plugin's demo schema on a database of its own
//! (a fresh PostgreSQL or MariaDB database, dropped afterwards, or an
//! SQLite file), with our family added: guardian Sanne Bakker, on file,
//! and her daughter Lotte with a record in every table below a pupil.

use crate::helpers::*;
use crate::identity::{case_by_message, request, state, wait_for_state, AUTHSERV, GUARDIAN};
use dsrd_plugin_sql::demo::{self, Dump};
use serde_json::Value;

const OFFICERS: &str = r#"
[[officers]]
name = "fg"
address = "fg@testscholen.example"
role = "officer"
"#;

pub(crate) const ERASURE: &str = "Geachte heer, mevrouw,\n\nIk wil dat u alle gegevens van mijn dochter verwijdert.\n\nSanne Bakker";

/// Lotte's key in every table of the family.
pub(crate) const LOTTE: i64 = 9001;

/// The engine the school database runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Engine {
    Sqlite,
    Postgres,
    MariaDb,
}

/// The MariaDB server tests create their databases on.
fn mariadb_admin_url() -> String {
    std::env::var("DSRD_TEST_MARIADB_URL")
        .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".into())
}

/// `admin` (a URL ending in `/DATABASE`) with another database.
fn on_database(admin: &str, name: &str) -> String {
    format!("{}/{name}", &admin[..admin.rfind('/').unwrap()])
}

/// A school database made for one test and removed after it (a server
/// database is dropped; an SQLite file goes with its directory).
pub(crate) struct School {
    pub(crate) url: String,
    pub(crate) engine: Engine,
    /// The server database's name, to drop.
    pub(crate) database: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

impl School {
    /// The demo school on a fresh database of `engine`, with our family.
    async fn create(engine: Engine) -> School {
        let name = format!("dsrd_school_{:016x}", rand::random::<u64>());
        let school = match engine {
            Engine::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                School {
                    url: format!("sqlite:{}", dir.path().join("school.sqlite").display()),
                    engine,
                    database: None,
                    _dir: Some(dir),
                }
            }
            Engine::Postgres | Engine::MariaDb => {
                let admin = School::admin_url(engine);
                execute_on(engine, &admin, &[&format!("CREATE DATABASE {name}")]).await;
                School {
                    url: on_database(&admin, &name),
                    engine,
                    database: Some(name),
                    _dir: None,
                }
            }
        };
        demo::create_school_async(&school.url, 20, 11)
            .await
            .expect("the school database");
        school.add_family().await;
        school
    }

    pub(crate) fn admin_url(engine: Engine) -> String {
        match engine {
            Engine::Postgres => pg_admin_url(),
            Engine::MariaDb => mariadb_admin_url(),
            Engine::Sqlite => unreachable!("SQLite has no server"),
        }
    }

    /// Sanne Bakker and Lotte, with one or two records of Lotte in every
    /// table below a pupil, in SQL every engine reads alike.
    async fn add_family(&self) {
        let group = self.rows("groups").await[0][0].clone();
        let staff = self.rows("staff").await[0][0].clone();
        let statements = [
            "INSERT INTO guardians (id, first_name, last_name, email, address, postcode, city) VALUES (9001, 'Sanne', 'Bakker', 'sanne.bakker@example.nl', 'Lindelaan 4', '3811 AB', 'Amersfoort')".to_owned(),
            format!("INSERT INTO pupils (id, student_number, first_name, last_name, date_of_birth, email, phone, address, postcode, city, group_id, enrolled_on) VALUES (9001, '900001', 'Lotte', 'Bakker', '2017-05-01', 'lotte.bakker@leerling.example', '033-1234567', 'Lindelaan 4', '3811 AB', 'Amersfoort', {group}, '2021-08-20')"),
            "INSERT INTO pupil_guardians (id, pupil_id, guardian_id, relation, parental_authority) VALUES (9001, 9001, 9001, 'ouder', TRUE)".to_owned(),
            format!("INSERT INTO group_memberships (id, pupil_id, group_id, school_year) VALUES (9001, 9001, {group}, '2025-2026')"),
            "INSERT INTO test_results (id, pupil_id, test_name, taken_on, score, remark) VALUES (9001, 9001, 'rekenen M3', '2026-01-20', 87, 'goed')".to_owned(),
            "INSERT INTO test_results (id, pupil_id, test_name, taken_on, score, remark) VALUES (9002, 9001, 'spelling M3', '2026-01-21', 74, NULL)".to_owned(),
            "INSERT INTO absences (id, pupil_id, absent_on, reason, authorised) VALUES (9001, 9001, '2026-03-02', 'ziek', TRUE)".to_owned(),
            format!("INSERT INTO care_notes (id, pupil_id, author_id, written_on, note) VALUES (9001, 9001, {staff}, '2026-02-10', 'gesprek met ouders over lezen')"),
            "INSERT INTO care_note_attachments (id, care_note_id, file_name, content) VALUES (9001, 9001, 'verslag.txt', 'verslag van het gesprek')".to_owned(),
            "INSERT INTO consent_records (id, pupil_id, given_by, purpose, granted, recorded_on) VALUES (9001, 9001, 9001, 'fotos op de website', FALSE, '2025-09-01')".to_owned(),
            "INSERT INTO disclosures (id, pupil_id, recipient, contact, categories, disclosed_on) VALUES (9001, 9001, 'GGD regio Utrecht', 'jgz@ggd.example', 'identification', '2026-04-01')".to_owned(),
        ];
        let statements: Vec<&str> = statements.iter().map(String::as_str).collect();
        self.execute(&statements).await;
    }

    /// Runs `statements` one by one, as the school's own software would.
    pub(crate) async fn execute(&self, statements: &[&str]) {
        execute_on(self.engine, &self.url, statements).await;
    }

    /// Every row of every table.
    pub(crate) async fn dump(&self) -> Dump {
        demo::dump_async(&self.url).await.expect("the school dump")
    }

    /// The rows of `table`, ordered by key.
    async fn rows(&self, table: &str) -> Vec<Vec<Value>> {
        demo::dump_tables_async(&self.url, &[table])
            .await
            .expect("the table dump")
            .remove(table)
            .unwrap()
    }
}

impl Drop for School {
    fn drop(&mut self) {
        let Some(name) = self.database.take() else {
            return;
        };
        let engine = self.engine;
        let statement = match engine {
            Engine::Postgres => format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            _ => format!("DROP DATABASE IF EXISTS {name}"),
        };
        // On a fresh runtime: the test's own may be gone or busy.
        let _ = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(execute_on(
                    engine,
                    &School::admin_url(engine),
                    &[&statement],
                ))
        })
        .join();
    }
}

/// Runs `statements` on the database at `url`. (MariaDB is reached with
/// sqlx's `mysql` driver, which the `sql` plugin enables for the build.)
pub(crate) async fn execute_on(engine: Engine, url: &str, statements: &[&str]) {
    use sqlx::Connection;
    macro_rules! run {
        ($connection:ty) => {{
            let mut conn = <$connection>::connect(url).await.unwrap();
            for statement in statements {
                sqlx::raw_sql(statement)
                    .execute(&mut conn)
                    .await
                    .unwrap_or_else(|e| panic!("{statement}: {e}"));
            }
            conn.close().await.unwrap();
        }};
    }
    match engine {
        Engine::Sqlite => run!(sqlx::SqliteConnection),
        Engine::Postgres => run!(sqlx::PgConnection),
        Engine::MariaDb => run!(sqlx::MySqlConnection),
    }
}

/// The columns of the tables the tests read by name, as the demo schema
/// creates them (plugins/sql/src/demo/schema.rs).
const PUPIL_COLUMNS: [&str; 17] = [
    "id",
    "student_number",
    "first_name",
    "infix",
    "last_name",
    "date_of_birth",
    "email",
    "phone",
    "address",
    "postcode",
    "city",
    "group_id",
    "enrolled_on",
    "left_on",
    "restricted",
    "restricted_at",
    "restriction_reason",
];
const CARE_NOTE_COLUMNS: [&str; 5] = ["id", "pupil_id", "author_id", "written_on", "note"];

/// The row with key `key` (the first column) in `table` of `dump`.
pub(crate) fn row<'d>(dump: &'d Dump, table: &str, key: i64) -> Option<&'d Vec<Value>> {
    dump[table].iter().find(|r| r[0] == key)
}

/// `dump` without the rows `(table, key)`.
fn without(dump: &Dump, rows: &[(&str, i64)]) -> Dump {
    let mut rest = dump.clone();
    for (table, key) in rows {
        rest.get_mut(*table).unwrap().retain(|r| r[0] != *key);
    }
    rest
}

/// Checks that two dumps hold the same rows; on a difference, names the
/// table and the rows that differ rather than printing whole databases.
pub(crate) fn assert_same(now: &Dump, was: &Dump, what: &str) {
    assert_eq!(
        now.keys().collect::<Vec<_>>(),
        was.keys().collect::<Vec<_>>(),
        "{what}: the tables"
    );
    for (table, rows) in was {
        let current = &now[table];
        if current != rows {
            let gone: Vec<_> = rows.iter().filter(|r| !current.contains(r)).collect();
            let new: Vec<_> = current.iter().filter(|r| !rows.contains(r)).collect();
            panic!("{what}: `{table}` differs; before only {gone:?}; now only {new:?}");
        }
    }
}

/// A column of a row, by the column's name in `columns`.
fn column<'r>(row: &'r [Value], columns: &[&str], name: &str) -> &'r Value {
    &row[columns.iter().position(|c| *c == name).unwrap()]
}

/// A dsrd installation whose `sql` plugin reaches `school`, with its store
/// on `store`. Fields drop in order: the daemon stops before the school's
/// database is dropped.
pub(crate) struct Flow {
    pub(crate) env: TestEnv,
    pub(crate) school: School,
    pub(crate) reference: String,
}

/// A verified request of `body` from the guardian about Lotte, with its
/// plan made, against a fresh school on `engine`.
pub(crate) async fn planned(engine: Engine, store: Backend, body: &str, extra: &str) -> Flow {
    let school = School::create(engine).await;
    let mut env = TestEnv::new(store).await;
    let plugins = serde_json::json!({ "plugins": [{
        "name": "sql",
        "builtin": "sql",
        "settings": demo::mapping(&school.url),
    }]});
    let plugins = toml::to_string(&toml::Value::try_from(plugins).unwrap()).unwrap();
    env.write_config(&format!(
        "[mailbox]\nkind = \"maildir\"\npath = \"maildir\"\npoll_interval_ms = 100\nauthserv_id = \"{AUTHSERV}\"\n\n\
[outgoing]\nkind = \"files\"\npath = \"outbox\"\n\n[identity]\ncode_valid_days = 7\n\n{plugins}\n{OFFICERS}\n{extra}"
    ));
    env.deliver(
        "1.request",
        &request("engines-1@example.nl", GUARDIAN, body, true),
    );
    env.start();
    env.wait_until("the case exists", || {
        env.json(&["cases", "list", "--json"])
            .as_array()
            .unwrap()
            .len()
            == 1
    });
    let reference = case_by_message(&env, 0);
    wait_for_state(&env, &reference, "awaiting_approval");
    env.wait_until("the plan is made", || {
        env.dsrd(&["cases", "plan", &reference, "--json"])
            .status
            .success()
    });
    Flow {
        env,
        school,
        reference,
    }
}

impl Flow {
    fn plan(&self) -> Value {
        self.env.json(&["cases", "plan", &self.reference, "--json"])
    }

    fn fingerprint(&self) -> String {
        self.plan()["plan"]["fingerprint"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The officer `by` approves the current plan; it must be accepted.
    pub(crate) fn approve(&self, by: &str) {
        let fp = self.fingerprint();
        let out = self.env.dsrd(&[
            "cases",
            "approve",
            &self.reference,
            "--plan",
            &fp,
            "--as",
            by,
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }

    pub(crate) fn actions(&self) -> Vec<Value> {
        self.env
            .json(&["cases", "actions", &self.reference, "--json"])
            .as_array()
            .unwrap()
            .clone()
    }

    /// The carried-out action of `kind` (export, erase, restrict, rectify).
    pub(crate) fn action(&self, kind: &str) -> Value {
        self.actions()
            .into_iter()
            .find(|a| a["spec"]["kind"]["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} action is being carried out"))
    }

    pub(crate) fn wait_until_done(&self, kind: &str) {
        self.env.wait_until(&format!("the {kind} is done"), || {
            self.actions()
                .iter()
                .any(|a| a["spec"]["kind"]["kind"] == kind && a["state"] == "done")
        });
    }

    /// The case's events of `kind`, oldest first.
    fn events(&self, kind: &str) -> Vec<Value> {
        self.env.json(&["cases", "show", &self.reference, "--json"])["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == kind)
            .cloned()
            .collect()
    }
}

/// The planned action of `kind` in `plan` (as `cases plan --json` shows it).
fn planned_action(plan: &Value, kind: &str) -> Value {
    plan["plan"]["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"]["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {plan:#}"))
        .clone()
}

/// Checks that the erasure did to the school what the mapping says: Lotte's
/// pupil row anonymised but kept as the enrolment register (key, group and
/// dates unchanged), her care note's text anonymised, its attachment
/// deleted, and every other row of every table as it was.
fn assert_erased_as_the_mapping_says(before: &Dump, after: &Dump) {
    let was = row(before, "pupils", LOTTE).unwrap();
    let pupil = row(after, "pupils", LOTTE).expect("the register row is kept");
    for (i, name) in PUPIL_COLUMNS.iter().enumerate() {
        match *name {
            "first_name" | "last_name" => {
                assert_eq!(pupil[i], "[anonymised]", "{name}: {pupil:?}")
            }
            "student_number" | "infix" | "email" | "phone" | "address" | "postcode" | "city" => {
                assert!(pupil[i].is_null(), "{name} is cleared: {pupil:?}")
            }
            "date_of_birth" => assert!(
                pupil[i].as_str().unwrap().starts_with("1900-01-01"),
                "{pupil:?}"
            ),
            // The enrolment register (id, group, enrolment and leaving)
            // and the restriction columns stay as they were.
            _ => assert_eq!(pupil[i], was[i], "{name} is kept"),
        }
    }
    let note_was = row(before, "care_notes", LOTTE).unwrap();
    let note = row(after, "care_notes", LOTTE).expect("the care note row is kept");
    for (i, name) in CARE_NOTE_COLUMNS.iter().enumerate() {
        if *name == "note" {
            assert_eq!(note[i], "[anonymised]");
        } else {
            assert_eq!(note[i], note_was[i], "{name} is kept");
        }
    }
    assert!(
        row(after, "care_note_attachments", LOTTE).is_none(),
        "the attachment has no anonymise rule and is deleted"
    );
    assert_same(
        &without(after, &[("pupils", LOTTE), ("care_notes", LOTTE)]),
        &without(
            before,
            &[
                ("pupils", LOTTE),
                ("care_notes", LOTTE),
                ("care_note_attachments", LOTTE),
            ],
        ),
        "nothing else changed (other pupils; Lotte's results, absences, consents, disclosures, links)",
    );
}

async fn an_erasure_anonymises_the_pupil_in_the_school_database(engine: Engine, store: Backend) {
    let mut flow = planned(engine, store, ERASURE, "").await;
    let before = flow.school.dump().await;
    let erase = planned_action(&flow.plan(), "erase");
    assert_eq!(erase["kind"]["mode"], "anonymise", "{erase:#}");
    assert_eq!(
        row(&before, "pupils", LOTTE).unwrap()[2],
        "Lotte",
        "nothing changes before approval"
    );

    flow.approve("fg");
    flow.wait_until_done("erase");
    flow.env.stop();
    let after = flow.school.dump().await;
    assert_erased_as_the_mapping_says(&before, &after);

    // The case records what was changed and what is kept, and why.
    let report = &flow.action("erase")["result"]["report"];
    assert_eq!(report["dry_run"], false);
    assert_eq!(
        report["tables"]["pupils"]["keys"],
        serde_json::json!(["9001"])
    );
    assert_eq!(
        report["tables"]["care_note_attachments"]["keys"],
        serde_json::json!(["9001"])
    );
    let kept = report["retained"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["table"] == "pupils")
        .unwrap_or_else(|| panic!("the register is reported as kept: {report:#}"));
    assert_eq!(kept["keys"], serde_json::json!(["9001"]));
    assert_eq!(kept["ground"], demo::ENROLMENT_REGISTER_GROUND);
    assert!(flow.env.dsrd(&["audit", "verify"]).status.success());
}

#[tokio::test]
async fn an_erasure_anonymises_the_pupil_with_the_school_on_sqlite() {
    an_erasure_anonymises_the_pupil_in_the_school_database(Engine::Sqlite, Backend::Sqlite).await;
}

#[tokio::test]
async fn an_erasure_anonymises_the_pupil_with_the_school_on_postgres() {
    an_erasure_anonymises_the_pupil_in_the_school_database(Engine::Postgres, Backend::Postgres)
        .await;
}

#[tokio::test]
async fn an_erasure_anonymises_the_pupil_with_the_school_on_mariadb() {
    an_erasure_anonymises_the_pupil_in_the_school_database(Engine::MariaDb, Backend::Sqlite).await;
}

/// The tables with rows of Lotte, and which of their rows are hers.
const LOTTE_ROWS: [(&str, &str); 9] = [
    ("pupils", "id = 9001"),
    ("pupil_guardians", "pupil_id = 9001"),
    ("group_memberships", "pupil_id = 9001"),
    ("test_results", "pupil_id = 9001"),
    ("absences", "pupil_id = 9001"),
    ("care_notes", "pupil_id = 9001"),
    (
        "care_note_attachments",
        "care_note_id IN (SELECT id FROM care_notes WHERE pupil_id = 9001)",
    ),
    ("consent_records", "pupil_id = 9001"),
    ("disclosures", "pupil_id = 9001"),
];

/// Checks an export against the SQLite school: exactly Lotte's tables,
/// and in each exactly her rows, every exported column holding what the
/// database holds.
async fn assert_export_matches_the_database(school: &School, export: &Value) {
    let tables = export["tables"].as_array().unwrap();
    let mut names: Vec<&str> = tables.iter().map(|t| t["name"].as_str().unwrap()).collect();
    names.sort();
    let mut want: Vec<&str> = LOTTE_ROWS.iter().map(|(t, _)| *t).collect();
    want.sort();
    assert_eq!(names, want, "every table with rows of Lotte, and no other");
    let pool = sqlx::SqlitePool::connect(&school.url).await.unwrap();
    for table in tables {
        let name = table["name"].as_str().unwrap();
        let filter = LOTTE_ROWS.iter().find(|(t, _)| *t == name).unwrap().1;
        let columns: Vec<String> = table["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| format!("\"{}\"", c.as_str().unwrap()))
            .collect();
        let sql = format!(
            "SELECT json_array({}) FROM \"{name}\" WHERE {filter} ORDER BY id",
            columns.join(", ")
        );
        let rows: Vec<(String,)> = sqlx::query_as(&sql).fetch_all(&pool).await.unwrap();
        let rows: Vec<Value> = rows
            .iter()
            .map(|(r,)| serde_json::from_str(r).unwrap())
            .collect();
        assert!(!rows.is_empty());
        assert_eq!(table["rows"], Value::from(rows), "{name}");
    }
    pool.close().await;
}

async fn an_export_holds_exactly_the_pupils_rows(body: &str, request_type: &str) {
    let mut flow = planned(Engine::Sqlite, Backend::Sqlite, body, "").await;
    let plan = flow.plan();
    let actions = plan["plan"]["actions"].as_array().unwrap();
    assert!(
        actions.iter().any(|a| a["request_type"] == request_type),
        "{plan:#}"
    );
    assert!(
        actions.iter().all(|a| a["kind"]["kind"] == "export"),
        "{plan:#}"
    );
    let before = flow.school.dump().await;
    flow.approve("fg");
    flow.env.wait_until("every export is done", || {
        let actions = flow.actions();
        !actions.is_empty() && actions.iter().all(|a| a["state"] == "done")
    });
    flow.env.stop();
    let done = flow.actions();
    assert!(done
        .iter()
        .any(|a| a["spec"]["request_type"] == request_type));
    for action in &done {
        assert_export_matches_the_database(&flow.school, &action["result"]["export"]).await;
    }
    assert_same(
        &flow.school.dump().await,
        &before,
        "an export changes nothing",
    );
}

#[tokio::test]
async fn an_access_request_exports_exactly_the_pupils_rows() {
    an_export_holds_exactly_the_pupils_rows(
        "Beste school,\n\nGraag wil ik inzage in alle gegevens die u over mijn dochter bewaart.\n\nSanne Bakker",
        "access",
    )
    .await;
}

#[tokio::test]
async fn a_portability_request_exports_exactly_the_pupils_rows() {
    an_export_holds_exactly_the_pupils_rows(
        "Beste school,\n\nIk wil de gegevens van mijn dochter in een machineleesbaar formaat ontvangen, zodat ik ze aan een andere school kan overdragen (dataportabiliteit).\n\nSanne Bakker",
        "portability",
    )
    .await;
}

#[tokio::test]
async fn a_rectification_entered_by_the_officer_changes_the_address_in_the_database() {
    let mut flow = planned(
        Engine::Sqlite,
        Backend::Sqlite,
        "Beste school,\n\nWij zijn verhuisd en het adres van mijn dochter klopt niet meer. Wilt u haar adres corrigeren? Het nieuwe adres is Oudegracht 12 in Utrecht.\n\nMet vriendelijke groet,\nSanne Bakker",
        "",
    )
    .await;
    // Until the officer enters the correction, the action is a draft that
    // cannot run.
    // (The letter's subject line, "Inzageverzoek", adds an access request.)
    let draft = flow.plan();
    let action = planned_action(&draft, "rectify");
    assert_eq!(
        action["kind"]["changes"],
        serde_json::json!([]),
        "{draft:#}"
    );
    assert!(draft["statuses"].to_string().contains("draft"), "{draft:#}");
    let before = flow.school.dump().await;

    let refreshed = flow.env.dsrd(&[
        "cases",
        "plan",
        &flow.reference,
        "--refresh",
        "--change",
        "sql:pupils.address=Oudegracht 12",
        "--change",
        "sql:pupils.city=Utrecht",
        "--as",
        "fg",
    ]);
    assert!(
        refreshed.status.success(),
        "{}",
        String::from_utf8_lossy(&refreshed.stdout)
    );
    let plan = flow.plan();
    assert_ne!(
        plan["plan"]["fingerprint"], draft["plan"]["fingerprint"],
        "a new plan"
    );
    let rectify = planned_action(&plan, "rectify");
    assert_eq!(rectify["kind"]["changes"].as_array().unwrap().len(), 2);
    assert_same(
        &flow.school.dump().await,
        &before,
        "a dry run changes nothing",
    );

    flow.approve("fg");
    flow.wait_until_done("rectify");
    flow.env.stop();
    let after = flow.school.dump().await;
    let was = row(&before, "pupils", LOTTE).unwrap();
    let pupil = row(&after, "pupils", LOTTE).unwrap();
    for (i, name) in PUPIL_COLUMNS.iter().enumerate() {
        match *name {
            "address" => assert_eq!(pupil[i], "Oudegracht 12"),
            "city" => assert_eq!(pupil[i], "Utrecht"),
            _ => assert_eq!(pupil[i], was[i], "{name} is unchanged"),
        }
    }
    assert_same(
        &without(&after, &[("pupils", LOTTE)]),
        &without(&before, &[("pupils", LOTTE)]),
        "only Lotte's pupil row changed",
    );
    let report = &flow.action("rectify")["result"]["report"];
    assert_eq!(
        report["tables"]["pupils"]["keys"],
        serde_json::json!(["9001"])
    );
    assert!(flow.env.dsrd(&["audit", "verify"]).status.success());
}

#[tokio::test]
async fn a_restriction_sets_the_marker_and_its_time_on_the_pupil_row() {
    let mut flow = planned(
        Engine::Sqlite,
        Backend::Sqlite,
        "Beste school,\n\nIk maak gebruik van mijn recht op beperking van de verwerking (artikel 18 AVG) van de gegevens van mijn dochter: gebruik haar gegevens niet meer tot de klacht is afgehandeld.\n\nSanne Bakker",
        "",
    )
    .await;
    let before = flow.school.dump().await;
    let was = row(&before, "pupils", LOTTE).unwrap().clone();
    assert_eq!(*column(&was, &PUPIL_COLUMNS, "restricted"), 0);
    assert!(column(&was, &PUPIL_COLUMNS, "restricted_at").is_null());

    flow.approve("fg");
    flow.wait_until_done("restrict");
    flow.env.stop();
    let after = flow.school.dump().await;
    let pupil = row(&after, "pupils", LOTTE).unwrap();
    assert_eq!(*column(pupil, &PUPIL_COLUMNS, "restricted"), 1);
    let at = column(pupil, &PUPIL_COLUMNS, "restricted_at");
    assert!(
        at.as_str().is_some_and(|t| t.len() >= 10),
        "the time of the restriction is set: {at}"
    );
    assert!(
        !column(pupil, &PUPIL_COLUMNS, "restriction_reason").is_null(),
        "{pupil:?}"
    );
    for name in PUPIL_COLUMNS.iter().filter(|c| !c.starts_with("restrict")) {
        assert_eq!(
            column(pupil, &PUPIL_COLUMNS, name),
            column(&was, &PUPIL_COLUMNS, name),
            "{name} is unchanged"
        );
    }
    assert_same(
        &without(&after, &[("pupils", LOTTE)]),
        &without(&before, &[("pupils", LOTTE)]),
        "no other row is marked, her guardian's neither",
    );
}

/// The text the trigger raises: no personal data, so the plugin passes it on.
const TRIGGER_MESSAGE: &str = "pupil rows are frozen for the inspection";

/// A trigger refusing to update Lotte's pupil row: the third table the
/// anonymising erasure touches (it deletes the care note attachment, then
/// anonymises the care note, then the pupil row).
fn freezing_trigger(engine: Engine) -> Vec<String> {
    match engine {
        Engine::Sqlite => vec![format!(
            "CREATE TRIGGER freeze_pupil BEFORE UPDATE ON pupils WHEN OLD.id = 9001 \
             BEGIN SELECT RAISE(ABORT, '{TRIGGER_MESSAGE}'); END"
        )],
        Engine::Postgres => vec![
            format!(
                "CREATE FUNCTION freeze_pupil() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN RAISE EXCEPTION '{TRIGGER_MESSAGE}'; END $$"
            ),
            "CREATE TRIGGER freeze_pupil BEFORE UPDATE ON pupils FOR EACH ROW \
             WHEN (OLD.id = 9001) EXECUTE FUNCTION freeze_pupil()"
                .to_owned(),
        ],
        Engine::MariaDb => vec![format!(
            "CREATE TRIGGER freeze_pupil BEFORE UPDATE ON pupils FOR EACH ROW \
             BEGIN IF OLD.id = 9001 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '{TRIGGER_MESSAGE}'; END IF; END"
        )],
    }
}

async fn a_failure_half_way_through_an_erasure_leaves_every_table_as_it_was(engine: Engine) {
    let mut flow = planned(engine, Backend::Sqlite, ERASURE, "").await;
    // The plan touches three tables, in this order of change.
    let erase = planned_action(&flow.plan(), "erase").to_string();
    for table in ["care_note_attachments", "care_notes", "pupils"] {
        assert!(erase.contains(table), "{table} in {erase}");
    }
    let trigger = freezing_trigger(engine);
    let trigger: Vec<&str> = trigger.iter().map(String::as_str).collect();
    flow.school.execute(&trigger).await;
    let before = flow.school.dump().await;

    flow.approve("fg");
    flow.env.wait_until("the erasure fails", || {
        !flow.events("action_failed").is_empty()
    });
    flow.env.stop();

    // The first failure already says why, in the plugin's words.
    let failed = flow.events("action_failed");
    let detail = failed[0]["detail"].as_str().unwrap();
    assert!(
        detail.contains(TRIGGER_MESSAGE) && detail.contains("pupils"),
        "{failed:#?}"
    );
    assert!(detail.contains("attempt 1"), "{detail}");
    let action = flow.action("erase");
    assert!(
        action["error"].as_str().unwrap().contains(TRIGGER_MESSAGE),
        "{action:#}"
    );
    assert_eq!(
        action["state"], "pending",
        "a database error is tried again: {action:#}"
    );
    assert_eq!(state(&flow.env, &flow.reference), "executing");
    // All or nothing: the attachment deleted and the note anonymised
    // before the trigger fired are back.
    assert_same(
        &flow.school.dump().await,
        &before,
        "every table is as it was",
    );

    // Once the cause is gone, the retry carries the erasure out whole.
    let drop = match engine {
        Engine::Postgres => "DROP TRIGGER freeze_pupil ON pupils",
        _ => "DROP TRIGGER freeze_pupil",
    };
    flow.school.execute(&[drop]).await;
    flow.env.start();
    flow.wait_until_done("erase");
    flow.env.stop();
    assert_erased_as_the_mapping_says(&before, &flow.school.dump().await);
    assert!(flow.env.dsrd(&["audit", "verify"]).status.success());
}

#[tokio::test]
async fn a_trigger_failing_on_the_third_table_leaves_the_sqlite_school_as_it_was() {
    a_failure_half_way_through_an_erasure_leaves_every_table_as_it_was(Engine::Sqlite).await;
}

#[tokio::test]
async fn a_trigger_failing_on_the_third_table_leaves_the_postgres_school_as_it_was() {
    a_failure_half_way_through_an_erasure_leaves_every_table_as_it_was(Engine::Postgres).await;
}

#[tokio::test]
async fn a_trigger_failing_on_the_third_table_leaves_the_mariadb_school_as_it_was() {
    a_failure_half_way_through_an_erasure_leaves_every_table_as_it_was(Engine::MariaDb).await;
}
