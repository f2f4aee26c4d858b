//! The erasure ledger (issue 16, point 4, "What must be shown"): a school
//! database restored from a backup taken before an erasure has the pupil
//! back; `dsrd erasures replay` removes her again, exactly as the first
//! erasure did, and a second replay changes nothing; a dry run changes
//! nothing and says what it would do. The ledger alone does not say who
//! was erased. Records at the recorded key that belong to someone else
//! after a restore are left alone, and without the ledger key no erasure
//! is carried out.
//!
//! The school is the `sql` plugin's demo schema, on SQLite (and once on
//! PostgreSQL), with the family of `execution_engines` (Lotte Bakker,
//! pupil 9001), erased through the real daemon: an erasure request from
//! her mother, approved by `fg`.

use crate::execution_engines::{
    assert_same, execute_on, planned, row, Engine, Flow, School, ERASURE, LOTTE,
};
use crate::helpers::*;
use dsrd_plugin_sql::demo::Dump;
use serde_json::Value;
use sha2::Digest;
use std::path::PathBuf;

/// Lotte's identifiers as the school holds them.
const PERSONAL: [&str; 6] = [
    "Lotte",
    "Bakker",
    "900001",
    "lotte.bakker@leerling.example",
    "2017-05-01",
    "033-1234567",
];

/// A copy of the school database taken as a nightly backup makes it: a
/// consistent SQLite copy (`VACUUM INTO`), or a PostgreSQL database made
/// from the school's as its template (dropped with this value).
enum Backup {
    File(PathBuf),
    Database(String),
}

impl Drop for Backup {
    fn drop(&mut self) {
        let Backup::Database(name) = self else {
            return;
        };
        let statement = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        // On a fresh runtime: the test's own may be gone or busy.
        let _ = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(execute_on(
                    Engine::Postgres,
                    &School::admin_url(Engine::Postgres),
                    &[&statement],
                ))
        })
        .join();
    }
}

/// Backs the school up. A PostgreSQL template must have no connections,
/// so the daemon (whose plugin host holds some) is stopped meanwhile.
async fn back_up(flow: &mut Flow) -> Backup {
    match flow.school.engine {
        Engine::Sqlite => {
            let backup = flow.env.path("school-backup.sqlite");
            flow.school
                .execute(&[&format!("VACUUM INTO '{}'", backup.display())])
                .await;
            Backup::File(backup)
        }
        Engine::Postgres => {
            flow.env.stop();
            let school = flow.school.database.clone().unwrap();
            let name = format!("{school}_backup");
            execute_on(
                Engine::Postgres,
                &School::admin_url(Engine::Postgres),
                &[&format!("CREATE DATABASE {name} TEMPLATE {school}")],
            )
            .await;
            flow.env.start();
            Backup::Database(name)
        }
        Engine::MariaDb => unreachable!("no MariaDB school here"),
    }
}

/// Puts the backup back in place of the school database (dsrd stopped).
async fn restore(flow: &Flow, backup: &Backup) {
    match backup {
        Backup::File(copy) => {
            let file = PathBuf::from(flow.school.url.strip_prefix("sqlite:").unwrap());
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
            }
            std::fs::copy(copy, &file).unwrap();
        }
        Backup::Database(name) => {
            let school = flow.school.database.clone().unwrap();
            execute_on(
                Engine::Postgres,
                &School::admin_url(Engine::Postgres),
                &[
                    &format!("DROP DATABASE {school} WITH (FORCE)"),
                    &format!("CREATE DATABASE {school} TEMPLATE {name}"),
                ],
            )
            .await;
        }
    }
}

/// A school that had Lotte erased by dsrd, with the dumps of before and
/// after, the backup taken before it, and the daemon stopped.
struct Erased {
    flow: Flow,
    before: Dump,
    after: Dump,
    backup: Backup,
}

async fn erased(engine: Engine, store: Backend) -> Erased {
    let mut flow = planned(engine, store, ERASURE, "").await;
    let backup = back_up(&mut flow).await;
    let before = flow.school.dump().await;
    flow.approve("fg");
    flow.wait_until_done("erase");
    flow.env.stop();
    let after = flow.school.dump().await;
    assert_eq!(
        row(&after, "pupils", LOTTE).unwrap()[2],
        "[anonymised]",
        "the first erasure anonymised her"
    );
    Erased {
        flow,
        before,
        after,
        backup,
    }
}

/// A day before today, for `--since` (the backup was taken today).
fn yesterday() -> String {
    (chrono::Utc::now().date_naive() - chrono::Days::new(1)).to_string()
}

fn replay(env: &TestEnv, extra: &[&str]) -> (Option<i32>, Value) {
    let since = yesterday();
    let mut args = vec![
        "erasures", "replay", "--plugin", "sql", "--since", &since, "--as", "fg", "--json",
    ];
    args.extend_from_slice(extra);
    let out = env.dsrd(&args);
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code(), json)
}

async fn a_restored_backup_is_erased_again_exactly_as_the_first_erasure_did(
    engine: Engine,
    store: Backend,
) {
    let Erased {
        flow,
        before,
        after,
        backup,
    } = erased(engine, store).await;
    let env = &flow.env;

    // The school restores last night's backup: Lotte is back.
    restore(&flow, &backup).await;
    assert_same(&flow.school.dump().await, &before, "the restored school");

    let listed = env.json(&["erasures", "list", "--json"]);
    let entries = listed.as_array().unwrap();
    assert_eq!(entries.len(), 1, "{listed:#}");
    assert_eq!(entries[0]["plugin"], "sql");
    assert_eq!(entries[0]["case"], flow.reference.as_str());
    assert_eq!(entries[0]["scope"]["pupils"], serde_json::json!(["9001"]));

    // A dry run says what it would do and changes nothing.
    let (status, dry) = replay(env, &["--dry-run"]);
    assert_eq!(status, Some(0), "{dry:#}");
    assert_eq!(dry["entries"][0]["outcome"], "would_erase", "{dry:#}");
    assert_eq!(dry["counts"]["erased"], 1);
    let erase = flow.action("erase");
    let first = &erase["result"]["report"]["tables"];
    let would = &dry["entries"][0]["tables"];
    for (table, changes) in first.as_object().unwrap() {
        assert_eq!(would[table], changes["count"], "{table}: {dry:#}");
    }
    assert_same(&flow.school.dump().await, &before, "after the dry run");
    let text = env.dsrd(&[
        "erasures",
        "replay",
        "--plugin",
        "sql",
        "--since",
        &yesterday(),
        "--dry-run",
    ]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("dry run: nothing is changed"), "{text}");
    assert!(text.contains("would erase again"), "{text}");

    // The replay removes her again, exactly as the first erasure did.
    let (status, done) = replay(env, &[]);
    assert_eq!(status, Some(0), "{done:#}");
    assert_eq!(done["entries"][0]["outcome"], "erased", "{done:#}");
    assert_same(&flow.school.dump().await, &after, "after the replay");

    // Twice changes nothing the second time.
    let (status, again) = replay(env, &[]);
    assert_eq!(status, Some(0), "{again:#}");
    assert_eq!(
        again["entries"][0]["outcome"], "already_erased",
        "{again:#}"
    );
    assert_eq!(again["counts"]["erased"], 0);
    assert_same(&flow.school.dump().await, &after, "after the second replay");

    // Erasures recorded before the backup are not replayed.
    let later = (chrono::Utc::now().date_naive() + chrono::Days::new(2)).to_string();
    let none = env.json(&[
        "erasures", "replay", "--plugin", "sql", "--since", &later, "--json",
    ]);
    assert_eq!(none["counts"]["entries"], 0, "{none:#}");

    // Each run is in the audit log, with counts and no personal data.
    let audit = env.json(&["audit", "list", "--json"]);
    let replays: Vec<&Value> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "erasures.replay")
        .collect();
    // Two dry runs (JSON and text), two replays, one since a later day.
    assert_eq!(replays.len(), 5, "{audit:#}");
    assert_eq!(replays[2]["actor"], "officer:fg");
    let counts = &replays[2]["detail"];
    assert_eq!(
        (&counts["dry_run"], &counts["erased"], &counts["plugin"]),
        (&Value::Bool(false), &Value::from(1), &Value::from("sql")),
        "{counts}"
    );
    let text = serde_json::to_string(&replays).unwrap();
    for personal in PERSONAL {
        assert!(!text.contains(personal), "{personal} in {text}");
    }
    assert!(env.dsrd(&["audit", "verify"]).status.success());
}

#[tokio::test]
async fn a_restored_backup_is_erased_again_exactly_as_the_first_erasure_did_on_sqlite() {
    a_restored_backup_is_erased_again_exactly_as_the_first_erasure_did(
        Engine::Sqlite,
        Backend::Sqlite,
    )
    .await;
}

#[tokio::test]
async fn a_restored_backup_is_erased_again_exactly_as_the_first_erasure_did_with_the_store_on_postgres(
) {
    a_restored_backup_is_erased_again_exactly_as_the_first_erasure_did(
        Engine::Sqlite,
        Backend::Postgres,
    )
    .await;
}

#[tokio::test]
async fn a_restored_postgres_school_is_erased_again_exactly_as_the_first_erasure_did() {
    a_restored_backup_is_erased_again_exactly_as_the_first_erasure_did(
        Engine::Postgres,
        Backend::Sqlite,
    )
    .await;
}

#[tokio::test]
async fn the_ledger_alone_does_not_reveal_who_was_erased() {
    let Erased { flow, .. } = erased(Engine::Sqlite, Backend::Sqlite).await;

    // Every column of every row of the ledger, as text.
    use sqlx::{Connection, Row};
    let url = format!("sqlite:{}", flow.env.path("dsrd.sqlite").display());
    let mut db = sqlx::SqliteConnection::connect(&url).await.unwrap();
    let rows = sqlx::query(
        "SELECT id, case_ref, action, plugin, person, mode, scope, identifiers, key_id, erased_at FROM erasure_ledger",
    )
    .fetch_all(&mut db)
    .await
    .unwrap();
    db.close().await.unwrap();
    assert_eq!(rows.len(), 1);
    let mut text = String::new();
    for column in 1..10 {
        text.push_str(&rows[0].try_get::<String, _>(column).unwrap());
        text.push('\n');
    }
    let lower = text.to_lowercase();
    for personal in PERSONAL {
        assert!(
            !lower.contains(&personal.to_lowercase()),
            "{personal} in the ledger:\n{text}"
        );
    }

    // Her identifiers are there, hashed, and no unkeyed SHA-256 of them.
    let identifiers: Value =
        serde_json::from_str(&rows[0].try_get::<String, _>(7).unwrap()).unwrap();
    let hashes: Vec<&str> = identifiers
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["hash"].as_str().unwrap())
        .collect();
    assert_eq!(
        hashes.len(),
        2,
        "her e-mail address, her name with birth date: {identifiers}"
    );
    for plain in [
        "lotte.bakker@leerling.example",
        "email\0lotte.bakker@leerling.example",
        "lotte bakker|2017-05-01",
        "name_and_birth\0lotte bakker|2017-05-01",
        "Lotte Bakker",
        "900001",
    ] {
        let sha = hex::encode(sha2::Sha256::digest(plain.as_bytes()));
        assert!(
            !hashes.contains(&sha.as_str()),
            "{plain:?} hashed without a key"
        );
    }
    assert_eq!(rows[0].try_get::<String, _>(4).unwrap(), "pupils:9001");

    // `dsrd check` names the key by its id only.
    let check = flow.env.dsrd(&["check", "--no-environment"]);
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(text.contains("✓ erasure ledger: key "), "{text}");
    assert!(!text.contains(TEST_LEDGER_KEY), "{text}");
}

#[tokio::test]
async fn records_at_the_recorded_key_that_are_someone_else_now_are_left_alone() {
    let Erased { flow, backup, .. } = erased(Engine::Sqlite, Backend::Sqlite).await;
    // A restore that renumbered the pupils: 9001 is now another child.
    restore(&flow, &backup).await;
    flow.school
        .execute(&["UPDATE pupils SET first_name = 'Daan', last_name = 'Jansen', date_of_birth = '2016-02-03', email = 'daan.jansen@leerling.example' WHERE id = 9001"])
        .await;
    let restored = flow.school.dump().await;

    let (status, run) = replay(&flow.env, &[]);

    assert_eq!(status, Some(1), "left for the officer: {run:#}");
    assert_eq!(
        run["entries"][0]["outcome"], "not_the_same_person",
        "{run:#}"
    );
    assert_eq!(run["counts"]["skipped"], 1);
    assert_same(&flow.school.dump().await, &restored, "Daan is untouched");
}

#[tokio::test]
async fn without_the_ledger_key_an_erasure_is_not_carried_out() {
    let mut flow = planned(Engine::Sqlite, Backend::Sqlite, ERASURE, "").await;
    flow.env.stop();
    flow.env.ledger_key = None;
    flow.env.start();
    let before = flow.school.dump().await;

    flow.approve("fg");
    flow.env.wait_until("the erasure is held for the key", || {
        flow.actions().iter().any(|a| {
            a["spec"]["kind"]["kind"] == "erase"
                && a["error"]
                    .as_str()
                    .is_some_and(|e| e.contains("the erasure ledger has no key"))
        })
    });
    flow.env.stop();

    assert_same(&flow.school.dump().await, &before, "nothing erased");
    assert!(flow
        .env
        .json(&["erasures", "list", "--json"])
        .as_array()
        .unwrap()
        .is_empty());
    let check = flow.env.dsrd(&["check", "--no-environment"]);
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(
        text.contains("~ erasure ledger: no key"),
        "dsrd check says it: {text}"
    );
}

#[tokio::test]
async fn a_recorded_record_no_longer_present_is_reported_and_the_rest_erased_again() {
    let Erased {
        flow,
        after,
        backup,
        ..
    } = erased(Engine::Sqlite, Backend::Sqlite).await;
    restore(&flow, &backup).await;
    // The backup predates the care note's attachment being removed by hand.
    flow.school
        .execute(&["DELETE FROM care_note_attachments WHERE id = 9001"])
        .await;

    let (status, run) = replay(&flow.env, &[]);

    assert_eq!(status, Some(0), "reported, not an error: {run:#}");
    let entry = &run["entries"][0];
    assert_eq!(entry["outcome"], "erased", "{run:#}");
    assert_eq!(
        entry["missing"],
        serde_json::json!({ "care_note_attachments": ["9001"] }),
        "{run:#}"
    );
    assert_eq!(run["counts"]["missing_keys"], 1);
    assert_same(
        &flow.school.dump().await,
        &after,
        "the rest erased as the first time",
    );
    let text = flow.env.dsrd(&[
        "erasures",
        "replay",
        "--plugin",
        "sql",
        "--since",
        &yesterday(),
        "--dry-run",
    ]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("nothing left to erase"), "{text}");
}
