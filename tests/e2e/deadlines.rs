//! Deadlines as the officer meets them: explained on the case, frozen per
//! case, extended with notice, reminded once per threshold.

use crate::helpers::*;
use serde_json::Value;

/// Receipt Monday 2 March 2026 10:00 CET; four weeks → Monday 30 March.
const RECEIVED: &str = "2026-03-02T10:00:00+01:00";

async fn one_case(backend: Backend) -> (TestEnv, String) {
    let mut env = TestEnv::new(backend).await;
    env.configure(
        "\n[reminders]\nofficer_address = \"fg@testscholen.example\"\ncheck_interval_secs = 1\n",
    );
    env.set_clock(RECEIVED);
    env.deliver_at(
        "1.m",
        &mail(
            "dl-1@example.org",
            "Sanne <sanne@example.org>",
            "Inzage",
            "Ik wil graag inzage in mijn gegevens.",
        ),
        RECEIVED,
    );
    env.start();
    env.wait_until("the acknowledgement", || env.outbox().len() == 1);
    let list = env.json(&["cases", "list", "--json"]);
    let reference = list[0]["reference"].as_str().unwrap().to_owned();
    (env, reference)
}

fn reminders(env: &TestEnv) -> Vec<String> {
    env.outbox()
        .iter()
        .filter(|p| p.to_string_lossy().contains("-reminder-"))
        .map(|p| read(p))
        .collect()
}

fn wait_for_passes(env: &TestEnv, passes: usize) {
    env.wait_until(&format!("{passes} reminder passes"), || {
        env.log_count("reminder pass") >= passes
    });
}

#[tokio::test]
async fn a_case_shows_its_due_date_with_the_explanation() {
    let (mut env, reference) = one_case(Backend::Sqlite).await;
    env.stop();
    let case = env.json(&["cases", "show", &reference, "--json"]);
    assert_eq!(case["due_date"], "2026-03-30");
    assert_eq!(case["statutory_due"], "2026-04-02");
    let steps: Vec<&str> = case["due_explanation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(steps[0].contains("maandag 2 maart 2026"), "{steps:?}");
    assert!(steps.iter().any(|s| s.contains("+28")), "{steps:?}");
    let text = String::from_utf8(env.dsrd(&["cases", "show", &reference]).stdout).unwrap();
    assert!(text.contains("Due         maandag 30 maart 2026"), "{text}");
    assert!(
        text.contains("Statutory   donderdag 2 april 2026"),
        "{text}"
    );
}

async fn each_reminder_is_sent_once_across_restarts(backend: Backend) {
    let (mut env, reference) = one_case(backend).await;
    wait_for_passes(&env, 1);
    assert!(reminders(&env).is_empty(), "nothing is due yet");

    // Monday 23 March: five working days left (24–27, 30 March).
    env.set_clock("2026-03-23T09:00:00+01:00");
    env.wait_until("the 5-day reminder", || reminders(&env).len() == 1);
    env.stop();
    env.start();
    wait_for_passes(&env, env.log_count("reminder pass") + 2);
    assert_eq!(
        reminders(&env).len(),
        1,
        "a restart does not repeat the 5-day reminder"
    );

    // Friday 27 March: one working day left.
    env.set_clock("2026-03-27T09:00:00+01:00");
    env.wait_until("the 1-day reminder", || reminders(&env).len() == 2);
    env.stop();
    env.start();
    // Tuesday 31 March: overdue.
    env.set_clock("2026-03-31T09:00:00+02:00");
    env.wait_until("the overdue notice", || reminders(&env).len() == 3);
    let passes = env.log_count("reminder pass");
    wait_for_passes(&env, passes + 2);
    env.stop();

    let all = reminders(&env);
    assert_eq!(
        all.len(),
        3,
        "one mail per threshold and one overdue notice"
    );
    assert!(all
        .iter()
        .all(|m| m.contains("To: fg@testscholen.example") && m.contains(&reference)));
    assert_eq!(
        all.iter()
            .filter(|m| m.contains("TERMIJN VERSTREKEN"))
            .count(),
        1
    );
    assert!(
        !all.iter().any(|m| m.contains("sanne")),
        "reminders carry no personal data"
    );
    let overdue = env.json(&["cases", "list", "--overdue", "--json"]);
    assert_eq!(overdue.as_array().unwrap().len(), 1);
    assert!(env.dsrd(&["audit", "verify"]).status.success());
}

#[tokio::test]
async fn each_reminder_is_sent_once_across_restarts_on_sqlite() {
    each_reminder_is_sent_once_across_restarts(Backend::Sqlite).await;
}

#[tokio::test]
async fn each_reminder_is_sent_once_across_restarts_on_postgres() {
    each_reminder_is_sent_once_across_restarts(Backend::Postgres).await;
}

#[tokio::test]
async fn an_extension_moves_the_deadline_and_tells_the_requester_why() {
    let (mut env, reference) = one_case(Backend::Sqlite).await;
    env.stop();
    env.set_clock("2026-03-20T11:00:00+01:00");
    let out = env.dsrd(&[
        "cases",
        "extend",
        &reference,
        "--by",
        "4w",
        "--reason",
        "De gegevens staan in zes systemen.",
        "--officer",
        "fg",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let case = env.json(&["cases", "show", &reference, "--json"]);
    assert_eq!(case["due_date"], "2026-04-27");
    let events: Vec<&Value> = case["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "extended")
        .collect();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["actor"], "officer:fg");

    env.start();
    env.wait_until("the extension notice", || {
        env.outbox()
            .iter()
            .any(|p| p.to_string_lossy().contains("-extension-"))
    });
    env.stop();
    let notice = env
        .outbox()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("-extension-"))
        .unwrap();
    let notice = read(&notice);
    assert!(notice.contains("To: Sanne <sanne@example.org>"), "{notice}");
    assert!(notice.contains("zes systemen"));
    assert!(notice.contains("In-Reply-To: <dl-1@example.org>"));

    // Beyond the reglement's 12 weeks: refused, nothing changes.
    let refused = env.dsrd(&[
        "cases",
        "extend",
        &reference,
        "--by",
        "12w",
        "--reason",
        "Nog meer systemen gevonden.",
    ]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stdout).contains("refused"));
    // After the due date: too late.
    env.set_clock("2026-04-28T09:00:00+02:00");
    let late = env.dsrd(&[
        "cases",
        "extend",
        &reference,
        "--by",
        "2w",
        "--reason",
        "Nog meer systemen gevonden.",
    ]);
    assert_eq!(late.status.code(), Some(1));
    assert_eq!(
        env.json(&["cases", "show", &reference, "--json"])["due_date"],
        "2026-04-27"
    );
    assert!(env.dsrd(&["audit", "verify"]).status.success());
}

#[tokio::test]
async fn a_deadline_stays_frozen_until_an_officer_recomputes_it() {
    let (mut env, reference) = one_case(Backend::Sqlite).await;
    env.stop();
    env.configure("\n[policy]\ndeadline = \"gdpr-month\"\n");
    assert_eq!(
        env.json(&["cases", "show", &reference, "--json"])["due_date"],
        "2026-03-30"
    );
    let out = env.dsrd(&["cases", "recompute", &reference, "--officer", "fg"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let case = env.json(&["cases", "show", &reference, "--json"]);
    assert_eq!(case["due_date"], "2026-04-02", "gdpr-month: 2 April 2026");
    assert!(case["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "deadline_recomputed"));
}

#[tokio::test]
async fn cases_can_be_listed_by_how_soon_they_are_due() {
    let (mut env, _) = one_case(Backend::Sqlite).await;
    env.stop();
    env.set_clock("2026-03-10T09:00:00+01:00");
    assert_eq!(
        env.json(&["cases", "list", "--due-within", "7d", "--json"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        env.json(&["cases", "list", "--due-within", "3w", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        env.json(&["cases", "list", "--overdue", "--json"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[tokio::test]
async fn the_deadline_command_checks_the_legal_vectors() {
    let env = TestEnv::new(Backend::Sqlite).await;
    let vectors = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/legal/deadline-vectors.jsonl"
    );
    let out = env.dsrd(&["deadline", "--check", vectors]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.trim_end().ends_with("46 passed, 0 failed"),
        "{stdout}"
    );

    let wrong = env.path("wrong.jsonl");
    std::fs::write(&wrong, r#"{"id":"x","policy":"gdpr-month","received":"2026-01-31T09:00:00+01:00","due":"2026-02-28","extension_notice_by":"2026-02-28","why":"wrong on purpose"}"#).unwrap();
    let out = env.dsrd(&["deadline", "--check", wrong.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("FAIL x") && stdout.contains("0 passed, 1 failed"),
        "{stdout}"
    );

    let json = env.json(&[
        "deadline",
        "--received",
        "2026-01-31T23:30:00Z",
        "--policy",
        "gdpr-month",
        "--json",
    ]);
    assert_eq!(json["due"], "2026-03-02");
    assert_eq!(json["extension_notice_by"], "2026-03-02");
    assert!(json["explanation"].as_array().unwrap().len() >= 3);
}
