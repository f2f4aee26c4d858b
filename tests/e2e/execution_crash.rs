//! Exactly once under SIGKILL (issue 12, "What must be shown"): 50
//! approved erasures and 50 exports, with `dsrd run` killed at random
//! moments while it carries them out and started again until it is done;
//! 20 trials. Afterwards every action is done once, each erasure changed
//! its pupil once (triggers in the school database count every real
//! change), and the audit chain verifies with one `action.done` per action.
//!
//! The intake, identity and planning of the 100 requests and the officer's
//! 100 approvals happen once; every trial starts from a copy of that
//! approved installation (store, school database, configuration, Maildir),
//! so the trials differ only in where the kills fall.

use crate::helpers::*;
use crate::identity::{maildir_env, request, school_url};
use rand::{Rng, SeedableRng};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, Instant};

const ERASURES: usize = 50;
const EXPORTS: usize = 50;
const TRIALS: usize = 20;
/// The first id of our own families: guardian, pupil, link and care note
/// `FIRST + i` belong to family `i`.
const FIRST: usize = 10_000;
/// After this many kills a trial lets the daemon finish, so that a run of
/// unlucky kills cannot keep it from ending.
const MAX_KILLS: usize = 40;
/// A kill comes after this many more `action done` lines at most…
const MAX_DONE_BEFORE_KILL: usize = 12;
/// …and then this many milliseconds at most.
const MAX_DELAY_MS: u64 = 40;

const OFFICER: &str = r#"
[[officers]]
name = "fg"
address = "fg@testscholen.example"
role = "officer"
"#;

/// The school's own record of every real change, written by triggers in
/// the transaction that makes it: an anonymisation that finds the row
/// anonymised already changes nothing and so counts nothing.
const CHANGE_LOG: &[&str] = &[
    "CREATE TABLE change_log (id INTEGER PRIMARY KEY, what TEXT NOT NULL, row_id INTEGER NOT NULL)",
    "CREATE TRIGGER pupil_anonymised AFTER UPDATE OF first_name ON pupils
     WHEN OLD.first_name IS NOT NEW.first_name
     BEGIN INSERT INTO change_log (what, row_id) VALUES ('pupil', NEW.id); END",
    "CREATE TRIGGER care_note_anonymised AFTER UPDATE OF note ON care_notes
     WHEN OLD.note IS NOT NEW.note
     BEGIN INSERT INTO change_log (what, row_id) VALUES ('care_note', NEW.id); END",
    "CREATE TRIGGER pupil_deleted AFTER DELETE ON pupils
     BEGIN INSERT INTO change_log (what, row_id) VALUES ('pupil deleted', OLD.id); END",
];

fn student_number(i: usize) -> String {
    format!("8{i:05}")
}

/// Families 0..100: guardian `g{i}@example.nl`, parent with authority of
/// one pupil, who has one care note; and the change log.
async fn add_families(env: &TestEnv) {
    let pool = sqlx::SqlitePool::connect(&school_url(env)).await.unwrap();
    for i in 0..ERASURES + EXPORTS {
        let id = FIRST + i;
        for sql in [
            format!("INSERT INTO guardians (id, first_name, last_name, email) VALUES ({id}, 'Ouder', 'Gezin{i}', 'g{i}@example.nl')"),
            format!("INSERT INTO pupils (id, student_number, first_name, last_name, date_of_birth, email, enrolled_on) VALUES ({id}, '{}', 'Kind{i}', 'Gezin{i}', '2016-03-01', 'k{i}@leerling.example', '2021-08-20')", student_number(i)),
            format!("INSERT INTO pupil_guardians (id, pupil_id, guardian_id, relation, parental_authority) VALUES ({id}, {id}, {id}, 'ouder', 1)"),
            format!("INSERT INTO care_notes (id, pupil_id, written_on, note) VALUES ({id}, {id}, '2025-10-01', 'gesprek over Kind{i}')"),
        ] {
            sqlx::query(&sql).execute(&pool).await.unwrap();
        }
    }
    for sql in CHANGE_LOG {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    pool.close().await;
}

/// Family `i`'s letter: erasure for the first 50, access for the others.
fn letter(i: usize) -> Vec<u8> {
    let body = if i < ERASURES {
        format!("Geachte heer, mevrouw,\n\nIk wil dat u alle gegevens van mijn dochter verwijdert.\n\nMet vriendelijke groet,\nOuder Gezin{i}")
    } else {
        format!("Beste school,\n\nGraag wil ik inzage in alle gegevens die u over mijn zoon bewaart.\n\nMet vriendelijke groet,\nOuder Gezin{i}")
    };
    let subject = if i < ERASURES {
        "Verwijderverzoek"
    } else {
        "Inzageverzoek"
    };
    let raw = request(
        &format!("crash-exec-{i}@example.nl"),
        &format!("g{i}@example.nl"),
        &body,
        true,
    );
    // `request` calls every letter an "Inzageverzoek", which the
    // classifier rightly reads as access too.
    String::from_utf8(raw)
        .unwrap()
        .replacen("Subject: Inzageverzoek", &format!("Subject: {subject}"), 1)
        .into_bytes()
}

/// Waits up to `limit` until `done` holds.
fn wait_long(env: &TestEnv, what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < limit,
            "timed out waiting until {what}\n--- daemon log ---\n{}",
            env.log()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The installation with all 100 requests planned and approved, the daemon
/// stopped.
async fn approved() -> TestEnv {
    let mut env = maildir_env(Backend::Sqlite).await;
    env.configure(OFFICER);
    add_families(&env).await;
    for i in 0..ERASURES + EXPORTS {
        env.deliver(&format!("{i:03}.request"), &letter(i));
    }
    env.start();
    wait_long(
        &env,
        "every case has a plan",
        Duration::from_secs(120),
        || env.log_count("plan made") >= ERASURES + EXPORTS,
    );
    env.stop();

    let cases = env.json(&["cases", "list", "--json"]);
    let cases = cases.as_array().unwrap();
    assert_eq!(cases.len(), ERASURES + EXPORTS, "one case per letter");
    let (mut erasures, mut exports) = (0, 0);
    for case in cases {
        let reference = case["reference"].as_str().unwrap();
        let plan = env.json(&["cases", "plan", reference, "--json"]);
        let actions = plan["plan"]["actions"].as_array().unwrap();
        assert_eq!(actions.len(), 1, "one action on the one system: {plan:#}");
        match actions[0]["kind"]["kind"].as_str().unwrap() {
            "erase" => erasures += 1,
            "export" => exports += 1,
            other => panic!("unexpected action {other}: {plan:#}"),
        }
        let fingerprint = plan["plan"]["fingerprint"].as_str().unwrap();
        let out = env.dsrd(&[
            "cases",
            "approve",
            reference,
            "--plan",
            fingerprint,
            "--as",
            "fg",
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    assert_eq!((erasures, exports), (ERASURES, EXPORTS));
    env
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else if entry.file_name() != "daemon.log" {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Puts `env`'s directory back to the snapshot, with an empty log.
fn restore(env: &TestEnv, snapshot: &Path) {
    for entry in std::fs::read_dir(env.dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            std::fs::remove_dir_all(&path).unwrap();
        } else {
            std::fs::remove_file(&path).unwrap();
        }
    }
    copy_dir(snapshot, env.dir.path());
}

fn store_url(env: &TestEnv) -> String {
    format!("sqlite:{}", env.path("dsrd.sqlite").display())
}

/// One action row as the store holds it.
#[derive(Debug)]
struct Row {
    case: String,
    action: String,
    spec: Value,
    state: String,
    attempts: i64,
    result: Option<Value>,
    error: Option<String>,
}

async fn rows(env: &TestEnv) -> Vec<Row> {
    use sqlx::Row as _;
    let pool = sqlx::SqlitePool::connect(&store_url(env)).await.unwrap();
    let found = sqlx::query(
        "SELECT c.reference, a.action, a.spec, a.state, a.attempts, a.result, a.error
         FROM case_actions a JOIN cases c ON c.id = a.case_id ORDER BY a.id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    let json = |text: String| -> Value { serde_json::from_str(&text).unwrap() };
    found
        .iter()
        .map(|r| Row {
            case: r.get(0),
            action: r.get(1),
            spec: json(r.get(2)),
            state: r.get(3),
            attempts: r.get(4),
            result: r.get::<Option<String>, _>(5).map(json),
            error: r.get(6),
        })
        .collect()
}

async fn done_count(pool: &sqlx::SqlitePool) -> usize {
    let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM case_actions WHERE state = 'done'")
        .fetch_one(pool)
        .await
        .unwrap();
    n as usize
}

/// The school's change log: (what, row id) → how often.
async fn changes(env: &TestEnv) -> BTreeMap<(String, i64), usize> {
    let pool = sqlx::SqlitePool::connect(&school_url(env)).await.unwrap();
    let found: Vec<(String, i64)> = sqlx::query_as("SELECT what, row_id FROM change_log")
        .fetch_all(&pool)
        .await
        .unwrap();
    pool.close().await;
    let mut counts = BTreeMap::new();
    for key in found {
        *counts.entry(key).or_default() += 1;
    }
    counts
}

/// What one trial saw.
#[derive(Debug, Default)]
struct Trial {
    kills: usize,
    /// Kills after which the next start found an action `running`.
    interrupted: usize,
    /// Actions that were claimed more than once.
    rerun: usize,
    /// Erasures re-run after their change had been made: the kill fell
    /// between the school database's commit and the store's, and the
    /// re-run found nothing left to change; the executor records them as
    /// `already_done` with the approved scope, so what was erased is not
    /// lost.
    rerun_after_change: usize,
    /// The first of those: its row and its `action.done` summary.
    example: Option<String>,
    duration: Duration,
}

/// Starts the daemon and kills it at random moments until every action is
/// done.
async fn run_with_kills(env: &mut TestEnv, rng: &mut impl Rng) -> Trial {
    let started = Instant::now();
    let total = ERASURES + EXPORTS;
    let pool = sqlx::SqlitePool::connect(&store_url(env)).await.unwrap();
    let mut trial = Trial::default();
    loop {
        let done = done_count(&pool).await;
        if done == total {
            break;
        }
        env.start();
        if trial.kills < MAX_KILLS {
            // Kill after a random number of further actions done (by the
            // log, which lags the store), then a random delay: so the kill
            // falls anywhere in an action, also between the plugin's commit
            // and the store's.
            let logged = env.log_count("action done");
            let more = rng.gen_range(0..=MAX_DONE_BEFORE_KILL).min(total - done);
            let delay = Duration::from_millis(rng.gen_range(0..=MAX_DELAY_MS));
            let waiting = Instant::now();
            while env.log_count("action done") < logged + more
                && waiting.elapsed() < Duration::from_secs(30)
            {
                std::thread::sleep(Duration::from_millis(2));
            }
            std::thread::sleep(delay);
            env.kill();
            trial.kills += 1;
        } else {
            let waiting = Instant::now();
            while done_count(&pool).await < total {
                assert!(
                    waiting.elapsed() < Duration::from_secs(60),
                    "timed out waiting until every action is done\n--- daemon log ---\n{}",
                    env.log()
                );
                std::thread::sleep(Duration::from_millis(20));
            }
            env.stop();
        }
    }
    pool.close().await;
    trial.interrupted = env.log_count("action interrupted by a stop; running it again");
    trial.duration = started.elapsed();
    trial
}

/// Checks everything the issue asks of one trial, and counts the re-runs.
async fn check(env: &TestEnv, trial: &mut Trial) {
    let rows = rows(env).await;
    assert_eq!(
        rows.len(),
        ERASURES + EXPORTS,
        "one row per approved action"
    );
    let keys: BTreeSet<(&str, &str)> = rows
        .iter()
        .map(|r| (r.case.as_str(), r.action.as_str()))
        .collect();
    assert_eq!(keys.len(), rows.len(), "no action twice");
    let mut erased = BTreeSet::new();
    let mut exported = BTreeSet::new();
    for row in &rows {
        assert_eq!(row.state, "done", "{row:#?}");
        assert!(row.error.is_none(), "{row:#?}");
        assert!(row.attempts >= 1, "{row:#?}");
        if row.attempts > 1 {
            trial.rerun += 1;
        }
        let result = row.result.as_ref().expect("a done action has its result");
        match row.spec["kind"]["kind"].as_str().unwrap() {
            "erase" => {
                let scope = &row.spec["scope"];
                let pupil = scope["pupils"][0].as_str().unwrap().to_owned();
                assert_eq!(scope["care_notes"][0], pupil.as_str(), "{scope}");
                assert!(erased.insert(pupil), "{row:#?}");
                if result["result"] == "already_done" {
                    assert!(
                        row.attempts > 1,
                        "an erasure found done at its first attempt: {row:#?}"
                    );
                    assert_eq!(
                        result["scope"], row.spec["scope"],
                        "the approved records are recorded"
                    );
                    trial.rerun_after_change += 1;
                    trial.example.get_or_insert_with(|| {
                        format!(
                            "{} {} (attempts {}): result {}",
                            row.case, row.action, row.attempts, result
                        )
                    });
                } else {
                    let tables = &result["report"]["tables"];
                    assert!(
                        tables.as_object().is_some_and(|t| !t.is_empty()),
                        "an erasure recorded as changing nothing: {row:#?}"
                    );
                }
            }
            "export" => {
                let text = result["export"].to_string();
                let numbers: Vec<usize> = (ERASURES..ERASURES + EXPORTS)
                    .filter(|&i| text.contains(&format!("\"{}\"", student_number(i))))
                    .collect();
                assert_eq!(numbers.len(), 1, "one pupil's records: {text}");
                assert!(exported.insert(numbers[0]), "{row:#?}");
            }
            other => panic!("unexpected action {other}"),
        }
    }
    let want: BTreeSet<String> = (0..ERASURES).map(|i| (FIRST + i).to_string()).collect();
    assert_eq!(erased, want, "each erasure's scope is its own pupil");
    assert_eq!(exported.len(), EXPORTS);

    // Each erased pupil and care note changed exactly once; nothing else.
    let mut expected = BTreeMap::new();
    for i in 0..ERASURES {
        let id = (FIRST + i) as i64;
        expected.insert(("pupil".to_owned(), id), 1);
        expected.insert(("care_note".to_owned(), id), 1);
    }
    assert_eq!(changes(env).await, expected, "every real change, counted");
    let pool = sqlx::SqlitePool::connect(&school_url(env)).await.unwrap();
    let (anonymous,): (i64,) = sqlx::query_as(&format!(
        "SELECT count(*) FROM pupils WHERE id >= {FIRST} AND id < {} AND first_name = '[anonymised]' AND student_number IS NULL",
        FIRST + ERASURES
    ))
    .fetch_one(&pool)
    .await
    .unwrap();
    let (kept,): (i64,) = sqlx::query_as(&format!(
        "SELECT count(*) FROM pupils WHERE id >= {} AND id < {} AND first_name LIKE 'Kind%'",
        FIRST + ERASURES,
        FIRST + ERASURES + EXPORTS
    ))
    .fetch_one(&pool)
    .await
    .unwrap();
    pool.close().await;
    assert_eq!(
        anonymous as usize, ERASURES,
        "every erased pupil anonymised"
    );
    assert_eq!(kept as usize, EXPORTS, "the exported pupils untouched");

    // The audit chain holds, with one `action.done` per action.
    let verify = env.dsrd(&["audit", "verify"]);
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
    let audit = env.json(&["audit", "list", "--json"]);
    let mut done: BTreeMap<(String, String), usize> = BTreeMap::new();
    for entry in audit.as_array().unwrap() {
        if entry["action"] == "action.done" {
            let (case, action) = (
                entry["case"].as_str().unwrap(),
                entry["detail"]["action"].as_str().unwrap(),
            );
            if let Some(example) = &mut trial.example {
                if example.starts_with(&format!("{case} {action} ")) && !example.contains("audit") {
                    example.push_str(&format!("; audit: {}", entry["detail"]["summary"]));
                }
            }
            *done
                .entry((case.to_owned(), action.to_owned()))
                .or_default() += 1;
        }
    }
    let want: BTreeMap<(String, String), usize> = rows
        .iter()
        .map(|r| ((r.case.clone(), r.action.clone()), 1))
        .collect();
    assert_eq!(done, want, "one action.done audit entry per action");

    // Each erasure has exactly one entry in the erasure ledger, written
    // with its result, naming its own pupil's records.
    let ledger = env.json(&["erasures", "list", "--json"]);
    let mut ledgered: BTreeMap<(String, String), usize> = BTreeMap::new();
    for entry in ledger.as_array().unwrap() {
        *ledgered
            .entry((
                entry["case"].as_str().unwrap().to_owned(),
                entry["action"].as_str().unwrap().to_owned(),
            ))
            .or_default() += 1;
        assert_eq!(
            entry["person"].as_str().unwrap(),
            format!("pupils:{}", entry["scope"]["pupils"][0].as_str().unwrap()),
            "{entry}"
        );
    }
    let erasures: BTreeMap<(String, String), usize> = rows
        .iter()
        .filter(|r| r.spec["kind"]["kind"] == "erase")
        .map(|r| ((r.case.clone(), r.action.clone()), 1))
        .collect();
    assert_eq!(ledgered, erasures, "one ledger entry per erasure");
}

#[tokio::test]
async fn a_daemon_killed_at_random_while_executing_100_approved_actions_does_each_once() {
    let seed: u64 = std::env::var("DSRD_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random);
    println!("execution crash test: seed {seed} (DSRD_CRASH_SEED to repeat)");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);

    let setup = Instant::now();
    let mut env = approved().await;
    let snapshot = tempfile::tempdir().unwrap();
    copy_dir(env.dir.path(), snapshot.path());
    println!(
        "setup (100 requests taken in, planned, approved): {:?}",
        setup.elapsed()
    );

    let mut trials = Vec::new();
    for n in 0..TRIALS {
        restore(&env, snapshot.path());
        let mut trial = run_with_kills(&mut env, &mut rng).await;
        check(&env, &mut trial).await;
        println!(
            "trial {n:2}: {} kills, {} actions cut off while running, {} run again, \
             {} erasures run again after their change, {:?}",
            trial.kills, trial.interrupted, trial.rerun, trial.rerun_after_change, trial.duration
        );
        trials.push(trial);
    }

    let kills: usize = trials.iter().map(|t| t.kills).sum();
    let interrupted: usize = trials.iter().map(|t| t.interrupted).sum();
    let rerun: usize = trials.iter().map(|t| t.rerun).sum();
    let after_change: usize = trials.iter().map(|t| t.rerun_after_change).sum();
    println!(
        "{TRIALS} trials, {kills} kills, {interrupted} actions cut off while running, \
         {rerun} actions run again, {after_change} erasures run again after their change, \
         {} actions done in all",
        TRIALS * (ERASURES + EXPORTS)
    );
    if let Some(example) = trials.iter().find_map(|t| t.example.as_ref()) {
        println!("an erasure run again after its change recorded: {example}");
    }
    assert!(
        interrupted > 0,
        "no kill ever cut an action off; the test proved nothing"
    );
    assert!(
        after_change > 0,
        "no kill fell between the school's commit and the store's; \
         the exactly-once of the changes was not put to the test"
    );
}
