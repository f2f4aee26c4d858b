//! The case file's own retention end to end (issue 16, point 3): an access
//! request taken through to closed (approved, answered, the package
//! downloaded) keeps its personal data while the period runs; once a year
//! has passed since its closing, the purge — by hand, or the running
//! daemon's own pass — reduces it to an anonymous record. Afterwards no
//! table of the store (each dumped as text) and no file under the test's
//! folder (the SQLite file and its log, the Maildir, the outbox, the
//! packages, the daemon's log) holds the requester's or the pupil's name,
//! address or student number — where the same search found each of them
//! before; the audit chain verifies; the case still counts in the figures,
//! and an open case is never touched.

use crate::answer::{answer_config, approve_plan, code_in, http, link_in, wait_drafted, write_key};
use crate::execution::{actions, planned};
use crate::helpers::*;
use crate::identity::{sent, state, CHILD_NUMBER, GUARDIAN};
use crate::support::free_port;
use chrono::{Datelike, TimeDelta, Utc};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// What must not be left: the requester's and the pupil's names, the
/// requester's address, the pupil's address on file and number.
const PERSONAL: [&str; 5] = [
    "Bakker",
    "Lotte",
    GUARDIAN,
    "lotte.bakker@leerling.example",
    CHILD_NUMBER,
];

/// Every file under `dir` holding `needle`, but the school's own database
/// (the system the `sql` plugin reads: not dsrd's).
fn files_holding(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with("school.sqlite") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                if bytes.windows(needle.len()).any(|w| w == needle) {
                    found.push(path);
                }
            }
        }
    }
    found
}

/// Every row of every table of the store, as text, table by table.
async fn dump(env: &TestEnv) -> Vec<(String, Vec<u8>)> {
    let url = env.store_client_url();
    let mut out = Vec::new();
    match env.backend {
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .fetch_all(&pool)
            .await
            .unwrap();
            for table in tables {
                let columns: Vec<String> =
                    sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')"))
                        .fetch_all(&pool)
                        .await
                        .unwrap();
                let row = columns
                    .iter()
                    .map(|c| format!("COALESCE(CAST(\"{c}\" AS TEXT), '')"))
                    .collect::<Vec<_>>()
                    .join(" || ' ' || ");
                let rows: Vec<Vec<u8>> =
                    sqlx::query_scalar(&format!("SELECT CAST({row} AS BLOB) FROM \"{table}\""))
                        .fetch_all(&pool)
                        .await
                        .unwrap();
                out.push((table, rows.concat()));
            }
            pool.close().await;
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(&url).await.unwrap();
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables
                 WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
            )
            .fetch_all(&pool)
            .await
            .unwrap();
            for table in tables {
                // A row as text shows a BYTEA as hex: the raw mail is
                // searched decoded, through convert_from.
                let rows: Vec<String> =
                    sqlx::query_scalar(&format!("SELECT t::text FROM \"{table}\" t"))
                        .fetch_all(&pool)
                        .await
                        .unwrap();
                let mut text = rows.join("\n").into_bytes();
                let blobs: Vec<String> = sqlx::query_scalar(
                    "SELECT column_name::text FROM information_schema.columns
                     WHERE table_schema = 'public' AND table_name = $1 AND data_type = 'bytea'",
                )
                .bind(&table)
                .fetch_all(&pool)
                .await
                .unwrap();
                for column in blobs {
                    let raw: Vec<Option<Vec<u8>>> =
                        sqlx::query_scalar(&format!("SELECT \"{column}\" FROM \"{table}\""))
                            .fetch_all(&pool)
                            .await
                            .unwrap();
                    for r in raw.into_iter().flatten() {
                        text.extend(r);
                    }
                }
                out.push((table, text));
            }
            pool.close().await;
        }
    }
    out
}

/// Where each piece of personal data is: tables and files.
/// [`holders`] with the SQLite database's write-ahead log and the database
/// file as one place: SQLite moves pages from the log into the file when it
/// checkpoints (any connection closing may do so), which changes where the
/// bytes lie but not what the database holds. For "nothing changed"
/// comparisons only; the search after the purge looks at every file.
async fn holders_by_place(env: &TestEnv) -> Vec<(&'static str, Vec<String>)> {
    holders(env)
        .await
        .into_iter()
        .map(|(needle, at)| {
            let mut at: Vec<String> = at
                .into_iter()
                .map(|p| p.strip_suffix("-wal").map(str::to_owned).unwrap_or(p))
                .collect();
            at.sort();
            at.dedup();
            (needle, at)
        })
        .collect()
}

async fn holders(env: &TestEnv) -> Vec<(&'static str, Vec<String>)> {
    let tables = dump(env).await;
    PERSONAL
        .iter()
        .map(|needle| {
            let mut at: Vec<String> = tables
                .iter()
                .filter(|(_, text)| text.windows(needle.len()).any(|w| w == needle.as_bytes()))
                .map(|(table, _)| format!("table {table}"))
                .collect();
            at.extend(
                files_holding(env.dir.path(), needle.as_bytes())
                    .iter()
                    .map(|p| p.display().to_string()),
            );
            (*needle, at)
        })
        .collect()
}

/// An access request of the guardian, approved, answered and its package
/// downloaded: closed. A second request from someone else stays open.
/// The daemon is stopped; returns the closed case and the open one.
async fn closed_and_open(backend: Backend) -> (TestEnv, String, String) {
    let port = free_port();
    let (mut env, reference) = planned(
        backend,
        "Beste school,\n\nGraag wil ik inzage in alle gegevens die u over mijn dochter Lotte (leerlingnummer 900001) bewaart.\n\nSanne Bakker",
        &format!("{}\n[case_file]\nretention = \"1y\"\n", answer_config(port)),
    )
    .await;
    write_key(&env);
    approve_plan(&env, &reference);
    env.wait_until("the actions are done", || {
        let a = actions(&env, &reference);
        !a.is_empty() && a.iter().all(|a| a["state"] == "done")
    });
    wait_drafted(&env, &reference);
    let send = env.dsrd(&["cases", "send", &reference, "--as", "fg"]);
    assert!(
        send.status.success(),
        "{}",
        String::from_utf8_lossy(&send.stdout)
    );
    env.wait_until("the answer and the code are sent", || {
        !sent(&env, "answer").is_empty() && !sent(&env, "download_code").is_empty()
    });
    let link = link_in(&sent(&env, "answer").remove(0).1);
    let code = code_in(&sent(&env, "download_code").remove(0).1);
    let (status, head, _) = http(port, "POST", &link, Some(&format!("code={code}")));
    assert_eq!(status, 200, "{head}");
    assert_eq!(state(&env, &reference), "closed");
    // Someone else's question, which is no request: it waits for the
    // officer, open, however long.
    env.deliver(
        "2.question",
        &mail(
            "question-2@elders.example",
            "Jan Jansen <jan@elders.example>",
            "Vraag",
            "Hoe laat begint de ouderavond?",
        ),
    );
    env.wait_until("the second case exists", || {
        env.json(&["cases", "list", "--json"])
            .as_array()
            .unwrap()
            .len()
            == 2
    });
    env.stop();
    let list = env.json(&["cases", "list", "--json"]);
    let open = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["reference"] != reference.as_str())
        .unwrap()["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    (env, reference, open)
}

fn at(offset: TimeDelta) -> String {
    (Utc::now() + offset).to_rfc3339()
}

async fn a_closed_case_keeps_nothing_personal_after_its_retention(
    backend: Backend,
    by_daemon: bool,
) {
    let (mut env, reference, open) = closed_and_open(backend).await;
    let year = Utc::now().year();
    let before = holders_by_place(&env).await;
    for (needle, at) in &before {
        assert!(!at.is_empty(), "the search finds {needle} before the purge");
    }

    // Eleven months after closing: nothing is due, nothing changes.
    env.set_clock(&at(TimeDelta::days(335)));
    let purge = env.json(&["cases", "purge", "--json"]);
    assert_eq!(purge["cases"], serde_json::json!([]), "{purge:#}");
    assert_eq!(purge["within_period"], 1, "{purge:#}");
    assert_eq!(
        holders_by_place(&env).await,
        before,
        "untouched within the period"
    );

    // A year and two days after: the dry run lists it and changes nothing.
    env.set_clock(&at(TimeDelta::days(367)));
    let dry = env.json(&["cases", "purge", "--dry-run", "--json"]);
    assert_eq!(dry["cases"][0]["reference"], reference.as_str(), "{dry:#}");
    assert_eq!(dry["cases"][0]["outcome"], "due", "{dry:#}");
    assert_eq!(
        dry["cases"].as_array().unwrap().len(),
        1,
        "the open case is never due: {dry:#}"
    );
    assert_eq!(
        holders_by_place(&env).await,
        before,
        "a dry run changes nothing"
    );

    if by_daemon {
        // The running daemon's own pass.
        // The running daemon's own pass. Looked at while it still runs:
        // a stopped SQLite empties its write-ahead log by itself, a
        // running one must do so after the reduction (the log's older
        // frames hold the rows as they were).
        env.start();
        let start = std::time::Instant::now();
        loop {
            let left: Vec<_> = holders(&env)
                .await
                .into_iter()
                .filter(|(_, at)| !at.is_empty())
                .collect();
            if left.is_empty() {
                break;
            }
            assert!(
                start.elapsed() < std::time::Duration::from_secs(60),
                "the running daemon left {left:?}\n{}",
                env.log()
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(env
            .json(&["cases", "show", &reference, "--json"])
            .get("reduced")
            .is_some());
        env.stop();
    } else {
        let purge = env.json(&["cases", "purge", "--json", "--as", "fg"]);
        assert_eq!(purge["cases"][0]["outcome"], "reduced", "{purge:#}");
        assert!(
            purge["cases"][0]["files"].as_u64().unwrap() >= 3,
            "mail, Maildir copy: {purge:#}"
        );
    }

    for (needle, at) in holders(&env).await {
        assert!(at.is_empty(), "{needle} is still in {at:?}");
    }
    let verify = env.dsrd(&["audit", "verify"]);
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
    let audit = env.json(&["audit", "list", "--case", &reference, "--json"]);
    let reduced: Vec<&Value> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["action"] == "case.reduced")
        .collect();
    assert_eq!(reduced.len(), 1, "one audit entry: {audit:#}");
    assert_eq!(
        reduced[0]["actor"],
        if by_daemon { "system" } else { "officer:fg" }
    );

    // The anonymous record, as the officer sees it.
    let show = env.json(&["cases", "show", &reference, "--json"]);
    assert_eq!(show["state"], "closed");
    assert_eq!(show["body_text"], "");
    assert_eq!(show["request_types"], serde_json::json!(["access"]));
    assert!(show["due_date"].is_string());
    assert!(
        show["answered"]["days_to_spare"].as_i64().unwrap() >= 0,
        "{show:#}"
    );
    assert_eq!(show["reduced"]["systems"][0]["system"], "sql", "{show:#}");
    assert_eq!(show["reduced"]["systems"][0]["kind"], "export", "{show:#}");
    let text = env.dsrd(&["cases", "show", &reference]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Reduced"), "{text}");
    let list = env.json(&["cases", "list", "--json"]);
    assert!(list.to_string().contains(&reference), "{list:#}");
    // It still counts in the year's figures, answered in time.
    let figures = env.json(&["cases", "figures", "--year", &year.to_string(), "--json"]);
    assert_eq!(figures["total"]["cases"], 2, "{figures:#}");
    assert_eq!(figures["total"]["reduced"], 1, "{figures:#}");
    assert_eq!(figures["total"]["answered"], 1, "{figures:#}");
    assert_eq!(figures["total"]["in_time"], 1, "{figures:#}");
    assert_eq!(figures["total"]["by_type"]["access"], 1, "{figures:#}");

    // The open case is as it was.
    let other = env.json(&["cases", "show", &open, "--json"]);
    assert!(other.get("reduced").is_none(), "{other:#}");
    assert!(other["body_text"].as_str().unwrap().contains("ouderavond"));
    // And a second purge finds nothing more to do.
    let again = env.json(&["cases", "purge", "--json"]);
    assert_eq!(again["cases"], serde_json::json!([]), "{again:#}");
}

#[tokio::test]
async fn a_closed_case_keeps_nothing_personal_after_its_retention_on_sqlite_by_the_daemon() {
    a_closed_case_keeps_nothing_personal_after_its_retention(Backend::Sqlite, true).await;
}

#[tokio::test]
async fn a_closed_case_keeps_nothing_personal_after_its_retention_on_postgres_by_hand() {
    a_closed_case_keeps_nothing_personal_after_its_retention(Backend::Postgres, false).await;
}
