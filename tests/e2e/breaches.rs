//! The breach register (issue 16, point 5): a breach report by mail opens a
//! draft with its 72-hour due time and no case, the officer is told and
//! reminded once when 24 hours are left, and closing follows the rules.

use crate::helpers::*;
use serde_json::Value;

/// The report arrives Monday 2 March 2026 09:00 CET; the AP is due
/// Thursday 5 March 08:00 UTC.
const RECEIVED: &str = "2026-03-02T09:00:00+01:00";

fn letter(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../testdata/breaches")
            .join(name),
    )
    .unwrap()
}

fn with_kind(env: &TestEnv, kind: &str) -> Vec<String> {
    env.outbox()
        .iter()
        .filter(|p| {
            p.to_string_lossy().contains(&format!("-{kind}-"))
                || read(p).contains(&format!(".{kind}."))
        })
        .map(|p| read(p))
        .collect()
}

async fn a_breach_report_mail_opens_a_draft_not_a_case(backend: Backend) {
    // Arrange
    let mut env = TestEnv::new(backend).await;
    env.configure(
        "\n[reminders]\nofficer_address = \"fg@testscholen.example\"\ncheck_interval_secs = 1\n",
    );
    env.set_clock("2026-03-02T09:30:00+01:00");
    env.deliver_at("1.m", &letter("nl-rapport-ander-kind.eml"), RECEIVED);

    // Act
    env.start();
    env.wait_until("the officer's notice and the receipt", || {
        env.outbox().len() == 2
    });

    // Assert: a draft with its due time, no case.
    let list = env.json(&["breaches", "list", "--json"]);
    let entries = list.as_array().unwrap();
    assert_eq!(entries.len(), 1, "{list:#}");
    let draft = &entries[0];
    assert_eq!(draft["reference"], "DATALEK-2026-0001");
    assert_eq!(draft["state"], "draft");
    assert_eq!(draft["what"], "reported by mail");
    assert_eq!(draft["discovered_at"], "2026-03-02T08:00:00Z");
    assert_eq!(draft["ap_due"], "2026-03-05T08:00:00Z");
    assert_eq!(draft["countdown"]["status"], "left");
    assert_eq!(draft["countdown"]["hours"], 71);
    assert_eq!(draft["ap_status"], "71 h 30 min left");
    assert_eq!(draft["mail"]["message_id"], "breach-nl-1@example.org");
    assert!(
        env.json(&["cases", "list", "--json"])
            .as_array()
            .unwrap()
            .is_empty(),
        "no case"
    );
    let notice = with_kind(&env, "breach_notice");
    assert_eq!(notice.len(), 1);
    assert!(
        notice[0].contains("To: fg@testscholen.example"),
        "{}",
        notice[0]
    );
    assert!(notice[0].contains("DATALEK-2026-0001"));
    let receipt = with_kind(&env, "breach_receipt");
    assert_eq!(receipt.len(), 1);
    assert!(receipt[0].contains("ouder.test@example.org"));
    assert!(receipt[0].contains("In-Reply-To: <breach-nl-1@example.org>"));

    // 24 hours left: one reminder, and only one.
    env.set_clock("2026-03-04T09:00:00Z");
    env.wait_until("the AP reminder", || env.outbox().len() == 3);
    let passes = env.log_count("breach reminder pass");
    env.wait_until("two more reminder passes", || {
        env.log_count("breach reminder pass") >= passes + 2
    });
    assert_eq!(env.outbox().len(), 3, "reminded once");
    let reminder = with_kind(&env, "breach_reminder");
    assert_eq!(reminder.len(), 1);
    assert!(reminder[0].contains("DATALEK-2026-0001"));
    env.stop();

    // Closing without a risk assessment is refused with the reason.
    let refused = env.dsrd(&[
        "breaches",
        "update",
        "DATALEK-2026-0001",
        "--close",
        "--as",
        "fg",
    ]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stdout).contains("risk assessment"));
    let closed: Value = env.json(&[
        "breaches",
        "update",
        "DATALEK-2026-0001",
        "--risk",
        "low",
        "--risk-reasoning",
        "één rapport bij één gezin",
        "--reported-at",
        "2026-03-04T08:30:00Z",
        "--ap-reference",
        "AP-2026-0042",
        "--measures",
        "rapport teruggevraagd",
        "--close",
        "--as",
        "fg",
        "--json",
    ]);
    assert_eq!(closed["state"], "closed");
    assert_eq!(closed["countdown"], Value::Null);
    let shown = env.json(&["breaches", "show", "DATALEK-2026-0001", "--json"]);
    assert_eq!(shown["ap"]["ap_reference"], "AP-2026-0042");
    assert!(env
        .json(&["breaches", "list", "--open", "--json"])
        .as_array()
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn a_breach_report_mail_opens_a_draft_with_its_72_hour_due_time_and_no_case() {
    a_breach_report_mail_opens_a_draft_not_a_case(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_breach_report_mail_opens_a_draft_on_postgres_too() {
    a_breach_report_mail_opens_a_draft_not_a_case(Backend::Postgres).await;
}

#[tokio::test]
async fn an_officer_enters_a_breach_and_sees_its_due_time() {
    let mut env = TestEnv::new(Backend::Sqlite).await;
    env.set_clock("2026-03-06T12:00:00Z");
    let entered = env.json(&[
        "breaches",
        "new",
        "--discovered",
        "2026-03-06T10:00:00+01:00",
        "--what",
        "Laptop met leerlingdossiers verloren",
        "--categories",
        "dossier,zorg",
        "--people",
        "40",
        "--estimate",
        "--as",
        "fg",
        "--json",
    ]);
    assert_eq!(entered["reference"], "DATALEK-2026-0001");
    assert_eq!(entered["ap_due"], "2026-03-09T09:00:00Z");
    assert_eq!(entered["people_estimated"], true);
    let text = String::from_utf8(env.dsrd(&["breaches", "list"]).stdout).unwrap();
    assert!(text.contains("69 h 00 min left"), "{text}");
    let future = env.dsrd(&[
        "breaches",
        "new",
        "--discovered",
        "2026-03-07T10:00:00Z",
        "--what",
        "x",
        "--as",
        "fg",
    ]);
    assert_eq!(future.status.code(), Some(1));
    let audit = String::from_utf8(env.dsrd(&["audit", "list", "--json"]).stdout).unwrap();
    assert!(audit.contains("breach.opened"), "{audit}");
    assert!(
        !audit.contains("Laptop"),
        "no description in the audit: {audit}"
    );
}

#[tokio::test]
async fn a_confident_request_that_mentions_another_childs_report_stays_a_request() {
    let mut env = TestEnv::new(Backend::Sqlite).await;
    env.deliver(
        "1.m",
        &mail(
            "req-breachy@example.org",
            "ouder@example.org",
            "Inzage",
            "Ik wil graag inzage in alle gegevens die de school over mijn zoon Daan verwerkt. \
Vorige week kreeg ik trouwens het rapport van een ander kind.",
        ),
    );
    env.start();
    env.wait_until("the acknowledgement", || env.outbox().len() == 1);
    env.stop();
    assert_eq!(
        env.json(&["cases", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert!(env
        .json(&["breaches", "list", "--json"])
        .as_array()
        .unwrap()
        .is_empty());
}
