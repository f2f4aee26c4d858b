//! The plan, the officer's approval and exactly-once execution end to end
//! (issue 12): the real daemon and CLI, the `sql` plugin on the school
//! database, which the tests read back afterwards.

use crate::helpers::*;
use crate::identity::{
    case_by_message, maildir_env, request, school_url, state, wait_for_state, GUARDIAN,
};
use serde_json::Value;

const OFFICERS: &str = r#"
[[officers]]
name = "fg"
address = "fg@testscholen.example"
role = "officer"

[[officers]]
name = "dpo"
address = "dpo@testscholen.example"
role = "officer"

[[officers]]
name = "kijker"
address = "kijker@testscholen.example"
role = "viewer"
"#;

/// A verified request of `body` from the guardian, with its plan made.
pub(crate) async fn planned(backend: Backend, body: &str, extra: &str) -> (TestEnv, String) {
    let mut env = maildir_env(backend).await;
    env.configure(OFFICERS);
    env.configure(extra);
    env.deliver(
        "1.request",
        &request("exec-1@example.nl", GUARDIAN, body, true),
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
    (env, reference)
}

fn plan(env: &TestEnv, reference: &str) -> Value {
    env.json(&["cases", "plan", reference, "--json"])
}

pub(crate) fn fingerprint(env: &TestEnv, reference: &str) -> String {
    plan(env, reference)["plan"]["fingerprint"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub(crate) fn actions(env: &TestEnv, reference: &str) -> Vec<Value> {
    env.json(&["cases", "actions", reference, "--json"])
        .as_array()
        .unwrap()
        .clone()
}

fn all_done(env: &TestEnv, reference: &str) -> bool {
    let actions = actions(env, reference);
    !actions.is_empty() && actions.iter().all(|a| a["state"] == "done")
}

/// Lotte's pupil row, as the school database holds it now.
pub(crate) async fn pupil(env: &TestEnv) -> Option<(String, Option<String>, i64)> {
    let pool = sqlx::SqlitePool::connect(&school_url(env)).await.unwrap();
    let row: Option<(String, Option<String>, i64)> =
        sqlx::query_as("SELECT first_name, student_number, restricted FROM pupils WHERE id = 9001")
            .fetch_optional(&pool)
            .await
            .unwrap();
    pool.close().await;
    row
}

#[tokio::test]
async fn an_access_request_is_planned_approved_and_exported() {
    let (mut env, reference) = planned(
        Backend::Sqlite,
        "Beste school,\n\nGraag wil ik inzage in alle gegevens die u over mijn dochter bewaart.\n\nSanne Bakker",
        "",
    )
    .await;
    let plan = plan(&env, &reference);
    let first = &plan["plan"]["actions"][0];
    assert_eq!(first["kind"]["kind"], "export", "{plan:#}");
    assert_eq!(state(&env, &reference), "awaiting_approval");

    // A viewer may not approve; an officer of another plan's fingerprint
    // neither.
    let fp = fingerprint(&env, &reference);
    let viewer = env.dsrd(&[
        "cases", "approve", &reference, "--plan", &fp, "--as", "kijker",
    ]);
    assert_eq!(
        viewer.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&viewer.stdout)
    );
    let stale = env.dsrd(&[
        "cases",
        "approve",
        &reference,
        "--plan",
        "0123456789abcdef",
        "--as",
        "fg",
    ]);
    assert_eq!(stale.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&stale.stdout).contains("not the current plan"));
    assert_eq!(state(&env, &reference), "awaiting_approval");

    let ok = env.dsrd(&[
        "cases",
        "approve",
        &reference,
        "--plan",
        &fp[..12],
        "--as",
        "fg",
    ]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let said = String::from_utf8_lossy(&ok.stdout);
    assert!(said.contains("execution has started"), "{said}");
    env.wait_until("the export is done", || all_done(&env, &reference));
    env.stop();
    assert_eq!(state(&env, &reference), "executing");
    let done = &actions(&env, &reference)[0];
    let export = done["result"]["export"].to_string();
    assert!(
        export.contains("Lotte") && export.contains("900001"),
        "{export}"
    );
    let audit = env
        .json(&["audit", "list", "--case", &reference, "--json"])
        .to_string();
    for action in [
        "plan.made",
        "plan.approved",
        "plan.execution_started",
        "action.done",
    ] {
        assert!(audit.contains(action), "{action} not in the audit log");
    }
    assert!(env.dsrd(&["audit", "verify"]).status.success());
}

async fn an_erasure_needs_two_officers_and_anonymises_the_pupil(backend: Backend) {
    let (mut env, reference) = planned(
        backend,
        "Geachte heer, mevrouw,\n\nIk wil dat u alle gegevens van mijn dochter verwijdert.\n\nSanne Bakker",
        "\n[approval]\nerasure_approvers = 2\n",
    )
    .await;
    let fp = fingerprint(&env, &reference);
    let plan = plan(&env, &reference);
    assert!(
        plan["plan"]["actions"].to_string().contains("\"erase\""),
        "{plan:#}"
    );

    let first = env.dsrd(&["cases", "approve", &reference, "--plan", &fp, "--as", "fg"]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stdout)
    );
    let twice = env.dsrd(&["cases", "approve", &reference, "--plan", &fp, "--as", "fg"]);
    assert_eq!(
        twice.status.code(),
        Some(1),
        "the same officer twice counts once"
    );
    assert_eq!(state(&env, &reference), "awaiting_approval");
    assert!(
        pupil(&env).await.unwrap().1.is_some(),
        "nothing erased with one approval"
    );

    let second = env.dsrd(&["cases", "approve", &reference, "--plan", &fp, "--as", "dpo"]);
    assert!(
        second.status.success(),
        "{}",
        String::from_utf8_lossy(&second.stdout)
    );
    env.wait_until("the erasure is done", || all_done(&env, &reference));
    env.stop();
    let row = pupil(&env).await;
    assert!(
        row.as_ref()
            .is_none_or(|(name, number, _)| name != "Lotte" && number.is_none()),
        "the pupil is anonymised or gone: {row:?}"
    );
    assert!(env.dsrd(&["audit", "verify"]).status.success());
}

#[tokio::test]
async fn an_erasure_needs_two_officers_and_anonymises_the_pupil_on_sqlite() {
    an_erasure_needs_two_officers_and_anonymises_the_pupil(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_erasure_needs_two_officers_and_anonymises_the_pupil_on_postgres() {
    an_erasure_needs_two_officers_and_anonymises_the_pupil(Backend::Postgres).await;
}

#[tokio::test]
async fn a_restriction_marks_the_pupils_records() {
    let (mut env, reference) = planned(
        Backend::Sqlite,
        "Beste,\n\nIk maak bezwaar tegen het gebruik van de gegevens van mijn dochter en verzoek u de verwerking te beperken tot dit is uitgezocht.\n\nSanne Bakker",
        "",
    )
    .await;
    let fp = fingerprint(&env, &reference);
    let plan_now = plan(&env, &reference);
    assert!(
        plan_now["plan"]["actions"]
            .to_string()
            .contains("\"restrict\""),
        "{plan_now:#}"
    );
    let ok = env.dsrd(&["cases", "approve", &reference, "--plan", &fp, "--as", "fg"]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    env.wait_until("the plugin actions are done", || {
        let actions = actions(&env, &reference);
        actions.iter().any(|a| a["state"] == "done")
    });
    env.stop();
    assert_eq!(
        pupil(&env).await.unwrap().2,
        1,
        "the pupil row carries the marker"
    );
}

#[tokio::test]
async fn a_record_added_after_approval_stops_the_erasure_as_drift() {
    let (mut env, reference) = planned(
        Backend::Sqlite,
        "Geachte heer, mevrouw,\n\nIk wil dat u alle gegevens van mijn dochter verwijdert.\n\nSanne Bakker",
        "",
    )
    .await;
    env.stop();
    // A care note is written about her before the officer approves: a
    // record the anonymising erasure would change, which nobody approved.
    let pool = sqlx::SqlitePool::connect(&school_url(&env)).await.unwrap();
    sqlx::query("INSERT INTO care_notes (id, pupil_id, written_on, note) VALUES (99001, 9001, '2026-11-30', 'nieuw gesprek')")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let fp = fingerprint(&env, &reference);
    let ok = env.dsrd(&["cases", "approve", &reference, "--plan", &fp, "--as", "fg"]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    env.start();
    let erase = |env: &TestEnv| -> Value {
        actions(env, &reference)
            .into_iter()
            .find(|a| a["spec"]["kind"]["kind"] == "erase")
            .expect("the erasure is being carried out")
    };
    env.wait_until("the erasure stops", || {
        let now = erase(&env);
        assert_ne!(
            now["state"], "done",
            "an erasure ran on records nobody approved: {now:#}"
        );
        now["state"] == "failed"
    });
    env.stop();
    let failed = erase(&env);
    assert!(
        failed["error"]
            .as_str()
            .unwrap()
            .contains("changed since the plan"),
        "{failed:#}"
    );
    assert_eq!(pupil(&env).await.unwrap().0, "Lotte", "nothing was changed");
}

#[tokio::test]
async fn a_manual_systems_task_is_mailed_to_its_owner_and_confirming_it_completes_the_case() {
    let (mut env, reference) = planned(
        Backend::Sqlite,
        "Beste school,\n\nGraag wil ik inzage in alle gegevens die u over mijn dochter bewaart.\n\nSanne Bakker",
        r#"
[[systems]]
name = "parnassys"
owner = "Karin Smit"
address = "administratie@testscholen.example"
[systems.instructions]
access = "Exporteer het leerlingdossier uit ParnasSys en zet het op de beveiligde schijf."
"#,
    )
    .await;
    let plan = plan(&env, &reference);
    let kinds = plan["plan"]["actions"].to_string();
    assert!(
        kinds.contains("manual_task") && kinds.contains("parnassys"),
        "{plan:#}"
    );
    let fp = fingerprint(&env, &reference);
    let ok = env.dsrd(&["cases", "approve", &reference, "--plan", &fp, "--as", "fg"]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    env.wait_until("the export is done and the task mailed", || {
        let actions = actions(&env, &reference);
        actions.iter().any(|a| a["state"] == "done")
            && !crate::identity::sent(&env, "task").is_empty()
    });
    // The case waits for the person: the task is pending, and listed.
    let tasks = env.json(&["tasks", "list", "--json"]);
    let task = tasks
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["case"] == reference.as_str())
        .expect("the task is listed")
        .clone();
    assert_eq!(task["state"], "pending");
    let mails = crate::identity::sent(&env, "task");
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].0, "administratie@testscholen.example");
    let body = &mails[0].1;
    assert!(
        body.contains(&reference) && body.contains("ParnasSys"),
        "{body}"
    );
    for personal in ["Lotte", "Bakker", "sanne", "900001"] {
        assert!(
            !body.contains(personal),
            "the task mail carries {personal}: {body}"
        );
    }
    assert!(!all_done(&env, &reference), "the case waits for the task");

    let file = env.path("dossier.pdf");
    std::fs::write(&file, b"%PDF-1.4 dossier").unwrap();
    let id = format!("{reference}:{}", task["action"].as_str().unwrap());
    let done = env.dsrd(&[
        "tasks",
        "done",
        &id,
        "--note",
        "dossier geexporteerd",
        "--file",
        file.to_str().unwrap(),
        "--as",
        "fg",
    ]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stdout)
    );
    env.wait_until("every action is done", || all_done(&env, &reference));
    env.stop();
    let done_task = actions(&env, &reference)
        .into_iter()
        .find(|a| a["action"] == task["action"])
        .unwrap();
    assert_eq!(done_task["note"], "dossier geexporteerd");
    assert_eq!(done_task["result"]["file"]["name"], "dossier.pdf");
}

#[tokio::test]
async fn a_verified_rectification_is_at_the_top_of_the_officers_list() {
    let mut env = maildir_env(Backend::Sqlite).await;
    env.configure(OFFICERS);
    env.deliver(
        "1.request",
        &request(
            "rect-1@example.nl",
            GUARDIAN,
            "Beste,\n\nHet adres van mijn dochter klopt niet. Wilt u het verbeteren in Oudegracht 12, Utrecht?\n\nSanne Bakker",
            true,
        ),
    );
    env.start();
    env.wait_until("the rectification waits for approval", || {
        let list = env.json(&["cases", "list", "--json"]);
        list.as_array().unwrap().len() == 1 && list[0]["state"] == "awaiting_approval"
    });
    // A later request that is not a rectification.
    env.deliver(
        "2.request",
        &request(
            "access-2@example.nl",
            "iemand@elders.example",
            "Beste,\n\nIk wil graag inzage in mijn gegevens.\n\nJan",
            true,
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
    assert!(
        list[0]["request_types"]
            .to_string()
            .contains("rectification"),
        "{list:#}"
    );
    let text = String::from_utf8_lossy(&env.dsrd(&["cases", "list"]).stdout).into_owned();
    let first = text.lines().nth(1).unwrap_or_default();
    assert!(first.contains("CORRECT AT ONCE"), "{text}");
}

#[tokio::test]
async fn special_category_data_is_approved_only_after_a_stronger_identity_check() {
    let mut env = TestEnv::new(Backend::Sqlite).await;
    let url = crate::identity::school(&env).await;
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::query("INSERT INTO care_notes (id, pupil_id, written_on, note) VALUES (99002, 9001, '2026-10-01', 'gesprek met de intern begeleider')")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let plugins = serde_json::json!({ "plugins": [{
        "name": "sql",
        "builtin": "sql",
        "special_tables": ["care_notes"],
        "settings": dsrd_plugin_sql::demo::mapping(&url),
    }]});
    let plugins = toml::to_string(&toml::Value::try_from(plugins).unwrap()).unwrap();
    env.write_config(&format!(
        "[mailbox]\nkind = \"maildir\"\npath = \"maildir\"\npoll_interval_ms = 100\nauthserv_id = \"{}\"\n\n\
[outgoing]\nkind = \"files\"\npath = \"outbox\"\n{OFFICERS}\n{plugins}",
        crate::identity::AUTHSERV
    ));
    env.deliver(
        "1.request",
        &request(
            "care-1@example.nl",
            GUARDIAN,
            "Beste school,\n\nGraag wil ik inzage in alle gegevens die u over mijn dochter bewaart, ook het zorgdossier.\n\nSanne Bakker",
            true,
        ),
    );
    env.start();
    env.wait_until("the plan is made", || {
        env.json(&["cases", "list", "--json"])
            .as_array()
            .unwrap()
            .len()
            == 1
            && env
                .dsrd(&["cases", "plan", &case_by_message(&env, 0), "--json"])
                .status
                .success()
    });
    env.stop();
    let reference = case_by_message(&env, 0);
    let fp = fingerprint(&env, &reference);
    assert!(plan(&env, &reference)["plan"]["actions"]
        .to_string()
        .contains("\"special_category\":true"));
    let refused = env.dsrd(&["cases", "approve", &reference, "--plan", &fp, "--as", "fg"]);
    let said = String::from_utf8_lossy(&refused.stdout).into_owned();
    assert_eq!(refused.status.code(), Some(1), "{said}");
    assert!(said.contains("special-category"), "{said}");
    // The guardian comes to school: an in-person check, and then it may go.
    let seen = env.dsrd(&[
        "cases",
        "identity",
        &reference,
        "--in-person",
        "--document-type",
        "id-card",
        "--seen-by",
        "J. de Wit",
    ]);
    assert!(
        seen.status.success(),
        "{}",
        String::from_utf8_lossy(&seen.stdout)
    );
    assert_eq!(state(&env, &reference), "awaiting_approval");
    let ok = env.dsrd(&["cases", "approve", &reference, "--plan", &fp, "--as", "fg"]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    assert_eq!(state(&env, &reference), "executing");
}
