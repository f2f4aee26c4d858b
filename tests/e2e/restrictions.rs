//! The register of restrictions and lifting with notice (issue 12, point 5;
//! reglement 8.5.2 and 8.5.4): a carried-out restriction is listed by
//! `dsrd restrictions list`; a lift is announced first, refused before its
//! day, and carried out from that day on — by the daemon, or by the officer
//! with `--now` — after which the school database's marker is gone and so
//! is the entry.

use crate::execution::{actions, fingerprint, planned, pupil};
use crate::helpers::*;
use serde_json::Value;

const OBJECTION: &str = "Beste,\n\nIk maak bezwaar tegen het gebruik van de gegevens van mijn dochter en verzoek u de verwerking te beperken tot dit is uitgezocht.\n\nSanne Bakker";

const REASON: &str = "Het bezwaar is gewogen en afgewezen.";

fn register(env: &TestEnv) -> Vec<Value> {
    env.json(&["restrictions", "list", "--json"])
        .as_array()
        .expect("a JSON list")
        .clone()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// An objection asking for restriction meanwhile, approved and carried
/// out, the daemon stopped: the case and its register entries — two, one
/// for the restriction (art. 18(1)) and one for the objection (18(1)(d)),
/// on the same records.
async fn restricted() -> (TestEnv, String, Vec<Value>) {
    let (mut env, reference) = planned(Backend::Sqlite, OBJECTION, "").await;
    let fp = fingerprint(&env, &reference);
    let ok = env.dsrd(&["cases", "approve", &reference, "--plan", &fp, "--as", "fg"]);
    assert!(ok.status.success(), "{}", stdout(&ok));
    env.wait_until("the restrictions are in the register", || {
        register(&env).len() == 2
    });
    env.stop();
    assert_eq!(
        pupil(&env).await.unwrap().2,
        1,
        "the pupil carries the marker"
    );
    let entries = register(&env);
    (env, reference, entries)
}

/// Announces the lift at the real time now (the injected clock set to it)
/// and returns the day it may take effect.
fn announce(env: &mut TestEnv, reference: &str, action: &str) -> String {
    env.set_clock(&chrono::Utc::now().to_rfc3339());
    let out = env.dsrd(&[
        "restrictions",
        "lift",
        reference,
        "--action",
        action,
        "--reason",
        REASON,
        "--as",
        "fg",
    ]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).contains("takes effect on"), "{}", stdout(&out));
    let entry = register(env)
        .into_iter()
        .find(|e| e["action"] == action)
        .expect("still in the register");
    assert_eq!(entry["state"], "announced", "{entry:#}");
    entry["lift"]["on"].as_str().unwrap().to_owned()
}

fn action_of(entry: &Value) -> String {
    entry["action"].as_str().unwrap().to_owned()
}

fn lift_now(env: &TestEnv, reference: &str, action: &str) -> std::process::Output {
    env.dsrd(&[
        "restrictions",
        "lift",
        reference,
        "--action",
        action,
        "--now",
        "--as",
        "fg",
    ])
}

fn audit_actions(env: &TestEnv, reference: &str) -> Vec<(String, String)> {
    env.json(&["audit", "list", "--case", reference, "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_owned(),
                e["actor"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_restriction_is_listed_its_lift_refused_before_the_announced_day_and_run_by_the_daemon_after(
) {
    // Arrange: the restrictions carried out and in the register.
    let (mut env, reference, entries) = restricted().await;
    let restricts: Vec<String> = actions(&env, &reference)
        .into_iter()
        .filter(|a| a["spec"]["kind"]["kind"] == "restrict")
        .map(|a| a["action"].as_str().unwrap().to_owned())
        .collect();
    let listed: Vec<String> = entries.iter().map(action_of).collect();
    assert_eq!(listed, restricts, "every restrict action, once");
    for entry in &entries {
        assert_eq!(entry["case"], reference.as_str());
        assert_eq!(entry["plugin"], "sql");
        assert!(entry["records"].as_u64().unwrap() >= 1, "{entry:#}");
        assert!(entry["since"].is_string());
        assert!(entry["lift"].is_null());
        assert!(entry.get("person_key").is_none(), "the key is not listed");
    }
    let table = stdout(&env.dsrd(&["restrictions", "list"]));
    assert!(
        table.contains(&reference) && table.contains("sql"),
        "{table}"
    );
    let action = action_of(&entries[0]);

    // Not lifted without telling the subject first; not by a viewer.
    let unannounced = lift_now(&env, &reference, &action);
    assert_eq!(unannounced.status.code(), Some(1));
    assert!(
        stdout(&unannounced).contains("told first"),
        "{}",
        stdout(&unannounced)
    );
    let viewer = env.dsrd(&[
        "restrictions",
        "lift",
        &reference,
        "--action",
        &action,
        "--reason",
        REASON,
        "--as",
        "kijker",
    ]);
    assert_eq!(viewer.status.code(), Some(1), "{}", stdout(&viewer));
    assert!(register(&env)[0]["lift"].is_null());

    // Act: announce both; a lift now is refused.
    let on = announce(&mut env, &reference, &action);
    assert_eq!(announce(&mut env, &reference, &action_of(&entries[1])), on);
    let early = lift_now(&env, &reference, &action);
    assert_eq!(early.status.code(), Some(1), "{}", stdout(&early));
    assert!(
        stdout(&early).contains(&format!("announced for {on}")),
        "{}",
        stdout(&early)
    );
    assert_eq!(pupil(&env).await.unwrap().2, 1, "still restricted");
    let listed = stdout(&env.dsrd(&["restrictions", "list"]));
    assert!(listed.contains(&format!("announced for {on}")), "{listed}");

    // The day comes: the daemon lifts them.
    env.set_clock(&format!("{on}T12:00:00Z"));
    env.start();
    env.wait_until("the restrictions are lifted", || register(&env).is_empty());
    env.stop();

    // Assert: the marker is gone, and every step is in the audit log.
    assert_eq!(pupil(&env).await.unwrap().2, 0, "the marker is cleared");
    let audit = audit_actions(&env, &reference);
    for (step, actor) in [
        ("restriction.registered", "system"),
        ("restriction.lift_announced", "officer:fg"),
        ("restriction.released", "system"),
        ("restriction.lifted", "system"),
    ] {
        assert!(
            audit.iter().any(|(a, by)| a == step && by == actor),
            "{step} by {actor} not in {audit:?}"
        );
    }
    let events = env
        .json(&["cases", "show", &reference, "--json"])
        .to_string();
    for kind in [
        "restriction_registered",
        "restriction_lift_announced",
        "restriction_lifted",
    ] {
        assert!(events.contains(kind), "{kind} not among the case's events");
    }
    assert!(env.dsrd(&["audit", "verify"]).status.success());
}

#[tokio::test]
async fn an_officer_lifts_announced_restrictions_at_once_when_their_day_has_come() {
    // Arrange: both restrictions announced.
    let (mut env, reference, entries) = restricted().await;
    let (first, last) = (action_of(&entries[0]), action_of(&entries[1]));
    let on = announce(&mut env, &reference, &first);
    announce(&mut env, &reference, &last);
    let again = env.dsrd(&[
        "restrictions",
        "lift",
        &reference,
        "--action",
        &first,
        "--reason",
        REASON,
        "--as",
        "fg",
    ]);
    assert_eq!(again.status.code(), Some(1), "announced once");
    env.set_clock(&format!("{on}T12:00:00Z"));

    // Act / Assert: the first ends, its records stay marked for the other.
    let released = lift_now(&env, &reference, &first);
    assert!(released.status.success(), "{}", stdout(&released));
    assert!(
        stdout(&released).contains(&format!("stay marked while {reference}:{last}")),
        "{}",
        stdout(&released)
    );
    assert_eq!(pupil(&env).await.unwrap().2, 1, "still marked for {last}");
    let left: Vec<String> = register(&env).iter().map(action_of).collect();
    assert_eq!(left, vec![last.clone()]);

    // The last one clears the marker.
    let lifted = lift_now(&env, &reference, &last);
    assert!(lifted.status.success(), "{}", stdout(&lifted));
    assert!(stdout(&lifted).contains("lifted"), "{}", stdout(&lifted));
    assert!(register(&env).is_empty());
    assert_eq!(pupil(&env).await.unwrap().2, 0, "the marker is cleared");
    let twice = lift_now(&env, &reference, &last);
    assert_eq!(twice.status.code(), Some(1), "lifted once");
    assert!(audit_actions(&env, &reference)
        .iter()
        .any(|(a, by)| a == "restriction.lifted" && by == "officer:fg"));
    assert!(env.dsrd(&["audit", "verify"]).status.success());
}
