//! Retention rules through the real daemon (issue 16, points 1 and 2): the
//! organiser's "the day after the event" runs at its tick, a daemon that
//! was down runs a missed rule once, and a fresh demo shows its rules.

use crate::helpers::{pg_admin_url, Backend, TestEnv};
use dsrd_plugin_sql::demo;
use serde_json::Value;

/// The organiser's database for one test, on the same engine as the store.
struct Events {
    url: String,
    database: Option<String>,
}

impl Events {
    /// Created with its events around 12 June 2026: the Cultuurdag on the
    /// 11th, a museum visit on the 13th, the sports day on 3 July.
    async fn create(env: &TestEnv) -> Events {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 12).unwrap();
        let events = match env.backend {
            Backend::Sqlite => Events {
                url: format!("sqlite:{}", env.path("events.sqlite").display()),
                database: None,
            },
            Backend::Postgres => {
                let name = format!("dsrd_events_{:016x}", rand::random::<u64>());
                let admin = sqlx::PgPool::connect(&pg_admin_url()).await.unwrap();
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&admin)
                    .await
                    .unwrap();
                admin.close().await;
                let base = pg_admin_url();
                Events {
                    url: format!("{}/{name}", &base[..base.rfind('/').unwrap()]),
                    database: Some(name),
                }
            }
        };
        demo::create_events_async(&events.url, today, 3)
            .await
            .expect("the organiser's database");
        events
    }

    async fn rows(&self, table: &str) -> Vec<Vec<Value>> {
        demo::dump_tables_async(&self.url, &[table])
            .await
            .unwrap()
            .remove(table)
            .unwrap()
    }

    async fn drop(self) {
        if let Some(name) = self.database {
            let admin = sqlx::PgPool::connect(&pg_admin_url()).await.unwrap();
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&admin)
                .await
                .unwrap();
            admin.close().await;
        }
    }
}

/// The organiser's plugin and its rule, at 02:00 in Amsterdam.
fn configure(env: &TestEnv, events: &Events) {
    let plugins = serde_json::json!({ "plugins": [{
        "name": "events",
        "builtin": "sql",
        "settings": demo::events_mapping(&events.url),
    }]});
    let plugins = toml::to_string(&toml::Value::try_from(plugins).unwrap()).unwrap();
    env.configure(&format!(
        "\n{plugins}\n[[retention]]\nname = \"cultuurdag\"\nplugin = \"events\"\n\
         schedule = \"0 2 * * *\"\ntime_zone = \"Europe/Amsterdam\"\n\
         description = \"enrolments, timetables and attendance the day after the event\"\n"
    ));
}

fn rule(env: &TestEnv) -> Value {
    let list = env.json(&["retention", "list", "--json"]);
    list.as_array().unwrap()[0].clone()
}

/// The recorded runs, counted by their audit entries.
fn runs_in_audit(env: &TestEnv) -> usize {
    let audit = env.json(&["audit", "list", "--json"]);
    audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "retention.run")
        .count()
}

fn of_event(rows: &[Vec<Value>], event: i64) -> Vec<Value> {
    rows.iter()
        .filter(|r| r[1] == serde_json::json!(event))
        .map(|r| r[0].clone())
        .collect()
}

async fn the_day_after_the_event_its_records_are_gone_after_the_scheduled_run(backend: Backend) {
    let mut env = TestEnv::new(backend).await;
    let events = Events::create(&env).await;
    configure(&env, &events);
    // 01:59 in Amsterdam (CEST) on the 12th; the rule is seen before its tick.
    env.set_clock("2026-06-11T23:59:00Z");
    let seen = rule(&env);
    assert!(seen["last_run"].is_null(), "{seen}");
    assert_eq!(seen["next_run"], "2026-06-12T02:00:00+02:00");
    let enrolments = events.rows("enrolments").await;
    let (timetables, attendance) = (
        events.rows("timetables").await,
        events.rows("attendance").await,
    );
    let yesterdays = of_event(&enrolments, 1);
    env.start();

    env.set_clock("2026-06-12T00:00:30Z");
    env.wait_until("the rule has run", || !rule(&env)["last_run"].is_null());
    env.stop();

    let run = &rule(&env)["last_run"];
    assert_eq!(run["dry_run"], false);
    assert!(run["error"].is_null(), "{run}");
    assert_eq!(run["tick"], "2026-06-12T00:00:00Z");
    let after = events.rows("enrolments").await;
    assert!(
        of_event(&after, 1).is_empty(),
        "yesterday's enrolments are gone"
    );
    assert_eq!(
        of_event(&after, 2),
        of_event(&enrolments, 2),
        "tomorrow's are untouched"
    );
    assert_eq!(after.len(), enrolments.len() - yesterdays.len());
    for (table, before) in [("timetables", timetables), ("attendance", attendance)] {
        let now = events.rows(table).await;
        assert!(now.iter().all(|r| !yesterdays.contains(&r[1])), "{table}");
        let kept: Vec<_> = before
            .into_iter()
            .filter(|r| !yesterdays.contains(&r[1]))
            .collect();
        assert_eq!(now, kept, "{table}: the other events' rows are untouched");
    }
    let tables = run["tables"].as_array().unwrap();
    let removed = |t: &str| tables.iter().find(|x| x["table"] == t).unwrap()["removed"].clone();
    assert_eq!(removed("enrolments"), yesterdays.len());
    assert_eq!(removed("timetables"), 3 * yesterdays.len());
    assert_eq!(runs_in_audit(&env), 1);
    assert!(env.dsrd(&["audit", "verify"]).status.success());
    assert!(
        !env.log()
            .contains(&enrolments[0][2].as_str().unwrap().to_owned()),
        "no pupil's name in the log"
    );
    events.drop().await;
}

#[tokio::test]
async fn the_day_after_the_event_its_records_are_gone_on_sqlite() {
    the_day_after_the_event_its_records_are_gone_after_the_scheduled_run(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_day_after_the_event_its_records_are_gone_on_postgres() {
    the_day_after_the_event_its_records_are_gone_after_the_scheduled_run(Backend::Postgres).await;
}

#[tokio::test]
async fn a_daemon_stopped_across_two_ticks_runs_the_rule_once_on_restart() {
    let mut env = TestEnv::new(Backend::Sqlite).await;
    let events = Events::create(&env).await;
    configure(&env, &events);
    env.set_clock("2026-06-11T23:59:00Z");
    rule(&env);
    env.start();
    env.set_clock("2026-06-12T00:00:30Z");
    env.wait_until("the first run", || runs_in_audit(&env) == 1);
    env.stop();

    // Down across the ticks of the 13th and the 14th; back at noon.
    env.set_clock("2026-06-14T10:00:00Z");
    env.start();
    env.wait_until("the missed tick has run", || {
        rule(&env)["last_run"]["tick"] == "2026-06-14T00:00:00Z"
    });
    env.stop();

    assert_eq!(runs_in_audit(&env), 2, "once for both missed ticks");
    assert!(env.dsrd(&["audit", "verify"]).status.success());
}

#[test]
fn a_fresh_demo_lists_its_rules_and_a_dry_run_shows_what_the_day_after_removes() {
    let dir = tempfile::tempdir().unwrap();
    let demo_dir = dir.path().join("demo");
    let dsrd = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_dsrd"))
            .args(args)
            .output()
            .unwrap()
    };
    let init = dsrd(&["demo", "init", demo_dir.to_str().unwrap(), "--pupils", "60"]);
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let config = demo_dir.join("dsrd.toml");
    let config = config.to_str().unwrap();

    let check = dsrd(&["-c", config, "check", "--no-environment"]);
    let check = String::from_utf8_lossy(&check.stdout).into_owned();
    assert!(
        check.contains("✓ retention rules: cultuurdag (events \"0 2 * * *\" Europe/Amsterdam)"),
        "{check}"
    );
    let list = dsrd(&["-c", config, "retention", "list", "--json"]);
    let dry = dsrd(&[
        "-c",
        config,
        "retention",
        "run",
        "cultuurdag",
        "--dry-run",
        "--json",
    ]);
    let school = dsrd(&[
        "-c",
        config,
        "retention",
        "run",
        "leerlingen",
        "--dry-run",
        "--json",
    ]);
    let unknown = dsrd(&["-c", config, "retention", "run", "nope"]);

    let list: Value = serde_json::from_slice(&list.stdout).unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["cultuurdag", "leerlingen"]);
    assert_eq!(list[0]["schedule"], "0 2 * * *");
    assert_eq!(list[0]["plugin"], "events");
    assert!(list[0]["next_run"].as_str().unwrap().contains("T02:00:00"));
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    let dry: Value = serde_json::from_slice(&dry.stdout).unwrap();
    assert_eq!(dry["dry_run"], true);
    let tables = dry["tables"].as_array().unwrap();
    let table = |t: &str| tables.iter().find(|x| x["table"] == t).unwrap().clone();
    assert_eq!(table("enrolments")["removed"], 8, "yesterday's Cultuurdag");
    assert_eq!(table("enrolments")["retained"], 16, "the coming events");
    assert_eq!(table("attendance")["removed"], 24);
    let school: Value = serde_json::from_slice(&school.stdout).unwrap();
    let pupils = school["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["table"] == "pupils")
        .cloned();
    assert!(
        pupils.is_some_and(|p| p["removed"].as_u64().unwrap() > 0),
        "{school}"
    );
    assert_eq!(unknown.status.code(), Some(2));
    // The dry run removed nothing: the same again.
    let again = dsrd(&[
        "-c",
        config,
        "retention",
        "run",
        "cultuurdag",
        "--dry-run",
        "--json",
    ]);
    let again: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(again["tables"], dry["tables"]);
    let audit = dsrd(&["-c", config, "audit", "list", "--json"]);
    let audit = String::from_utf8_lossy(&audit.stdout);
    assert_eq!(
        audit.matches("retention.run").count(),
        3,
        "each run by hand is audited"
    );
}

#[tokio::test]
async fn a_run_whose_plugin_fails_is_recorded_and_audited_as_failed() {
    let mut env = TestEnv::new(Backend::Sqlite).await;
    let events = Events {
        url: format!("sqlite:{}", env.path("missing/events.sqlite").display()),
        database: None,
    };
    configure(&env, &events);
    env.set_clock("2026-06-12T09:00:00Z");

    let out = env.dsrd(&["retention", "run", "cultuurdag", "--json"]);

    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(run["error"].is_string(), "{run}");
    assert_eq!(rule(&env)["last_run"]["id"], run["id"]);
    let audit = env.json(&["audit", "list", "--json"]);
    assert!(audit.to_string().contains("retention.failed"), "{audit}");
    assert!(env.dsrd(&["audit", "verify"]).status.success());
}
