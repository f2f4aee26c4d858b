//! The officers' daily digest (issue 16, point 6) through the real daemon:
//! it lists what needs attention by reference only, goes out once a day
//! however often the reminder loop looks and across a restart, and stays
//! away on a day with nothing to attend to.

use crate::helpers::*;
use crate::identity::{case_by_message, maildir_env, request, wait_for_state, GUARDIAN};
use serde_json::Value;

const OFFICER: &str = r#"
[[officers]]
name = "fg"
address = "fg@testscholen.example"
role = "officer"
"#;

/// The reminder loop looks every second; the digest goes out at 07:00 in
/// Amsterdam.
const DIGEST: &str = "\n[reminders]\ncheck_interval_secs = 1\n\n[digest]\ntime = \"07:00\"\n";

/// The digest mails in the outbox, decoded: (recipient, subject, body).
fn digests(env: &TestEnv) -> Vec<(String, String, String)> {
    env.outbox()
        .iter()
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .contains("-digest-")
        })
        .map(|p| {
            let raw = std::fs::read(p).unwrap();
            let m = mail_parser::MessageParser::default().parse(&raw).unwrap();
            let to = m.to().and_then(|a| a.first()).and_then(|a| a.address());
            (
                to.unwrap_or_default().to_owned(),
                m.subject().unwrap_or_default().to_owned(),
                m.body_text(0).unwrap_or_default().into_owned(),
            )
        })
        .collect()
}

/// Waits for `n` more passes of the reminder loop than have run so far.
fn passes(env: &TestEnv, n: usize) {
    let before = env.log_count("digest pass");
    env.wait_until("more digest passes", || {
        env.log_count("digest pass") >= before + n
    });
}

fn due(cases: &Value, reference: &str) -> chrono::NaiveDate {
    let case = cases
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["reference"] == reference)
        .unwrap();
    case["due_date"].as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn the_digest_lists_what_needs_attention_by_reference_once_a_day() {
    // Arrange: the school behind the sql plugin, a manual system, one
    // approving officer, and a retention rule whose plugin cannot be reached.
    let mut env = maildir_env(Backend::Sqlite).await;
    std::fs::create_dir(env.path("events")).unwrap();
    let url = format!("sqlite:{}", env.path("events/events.sqlite").display());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 2, 2).unwrap();
    dsrd_plugin_sql::demo::create_events_async(&url, today, 3)
        .await
        .unwrap();
    let events = serde_json::json!({ "plugins": [{
        "name": "events",
        "builtin": "sql",
        "settings": dsrd_plugin_sql::demo::events_mapping(&url),
    }]});
    env.configure(&format!(
        "{OFFICER}{DIGEST}\n{}\n[[retention]]\nname = \"cultuurdag\"\nplugin = \"events\"\n\
         schedule = \"0 2 1 1 *\"\ndescription = \"de dag na het evenement\"\n\
         \n[[systems]]\nname = \"parnassys\"\nowner = \"Karin Smit\"\naddress = \"administratie@testscholen.example\"\n\
         [systems.instructions]\naccess = \"Exporteer het leerlingdossier uit ParnasSys.\"\n",
        toml::to_string(&toml::Value::try_from(events).unwrap()).unwrap()
    ));
    // Monday 2 February, before the digest's hour: a request whose plan
    // has a task for the manual system once approved.
    env.set_clock("2026-02-02T06:00:00+01:00");
    let body = "Beste school,\n\nGraag wil ik inzage in alle gegevens die u over mijn dochter bewaart.\n\nSanne Bakker";
    env.deliver_at(
        "1.request",
        &request("digest-1@example.nl", GUARDIAN, body, true),
        "2026-02-02T06:00:00+01:00",
    );
    env.start();
    env.wait_until("the first case", || {
        env.json(&["cases", "list", "--json"])
            .as_array()
            .unwrap()
            .len()
            == 1
    });
    let overdue = case_by_message(&env, 0);
    wait_for_state(&env, &overdue, "awaiting_approval");
    env.wait_until("the plan is made", || {
        env.dsrd(&["cases", "plan", &overdue, "--json"])
            .status
            .success()
    });
    let plan = env.json(&["cases", "plan", &overdue, "--json"]);
    let fp = plan["plan"]["fingerprint"].as_str().unwrap().to_owned();
    let ok = env.dsrd(&["cases", "approve", &overdue, "--plan", &fp, "--as", "fg"]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    env.wait_until("the task waits", || {
        !env.json(&["tasks", "list", "--json"])
            .as_array()
            .unwrap()
            .is_empty()
    });
    let task = env.json(&["tasks", "list", "--json"])[0].clone();
    let handle = format!(
        "{}:{}",
        task["case"].as_str().unwrap(),
        task["action"].as_str().unwrap()
    );

    // Monday 9 February: a second request, due within a week of the 5th.
    env.set_clock("2026-02-09T06:00:00+01:00");
    env.deliver_at(
        "2.request",
        &request("digest-2@example.nl", GUARDIAN, body, true),
        "2026-02-09T06:00:00+01:00",
    );
    env.wait_until("the second case", || {
        env.json(&["cases", "list", "--json"])
            .as_array()
            .unwrap()
            .len()
            == 2
    });
    let soon = case_by_message(&env, 1);

    // Thursday 5 March, 06:30: the organiser's database is gone, so the
    // rule fails; and a breach is entered.
    std::fs::rename(env.path("events"), env.path("events.gone")).unwrap();
    env.set_clock("2026-03-05T06:30:00+01:00");
    let run = env.dsrd(&["retention", "run", "cultuurdag", "--json"]);
    assert_eq!(run.status.code(), Some(1), "the run fails");
    let breach = env.json(&[
        "breaches",
        "new",
        "--discovered",
        "2026-03-04T15:00:00+01:00",
        "--what",
        "Rapport van Lotte Bakker naar de verkeerde ouder gestuurd",
        "--as",
        "fg",
        "--json",
    ]);
    let breach = breach["reference"].as_str().unwrap().to_owned();
    passes(&env, 2);
    assert!(digests(&env).is_empty(), "nothing before 07:00");

    // Act: the digest's hour comes.
    env.set_clock("2026-03-05T07:00:30+01:00");
    env.wait_until("the digest", || digests(&env).len() == 1);

    // Assert: each by reference, and nothing personal.
    let cases = env.json(&["cases", "list", "--json"]);
    let day: chrono::NaiveDate = "2026-03-05".parse().unwrap();
    assert!(due(&cases, &overdue) < day, "{cases:#}");
    let days_left = (due(&cases, &soon) - day).num_days();
    assert!((0..=7).contains(&days_left), "{cases:#}");
    let (to, subject, text) = digests(&env).remove(0);
    assert_eq!(to, "fg@testscholen.example");
    assert!(subject.contains("donderdag 5 maart 2026"), "{subject}");
    let section = |heading: &str| -> String {
        let start = text
            .find(heading)
            .unwrap_or_else(|| panic!("{heading}: {text}"));
        text[start..].split("\n\n").next().unwrap().to_owned()
    };
    assert!(
        section("Datalekken").contains(&format!(
            "{breach}: melden uiterlijk zaterdag 7 maart 2026 om 15:00 (nog 55 u 59 min)"
        )),
        "{text}"
    );
    assert!(
        section("Zaken over hun termijn").contains(&overdue),
        "{text}"
    );
    assert!(
        section("Zaken met een termijn binnen 7 dagen").contains(&soon),
        "{text}"
    );
    assert!(
        section("Bewaarregels")
            .contains("cultuurdag: donderdag 5 maart 2026 om 06:30 (met de hand)"),
        "{text}"
    );
    assert!(section("Taken").contains(&handle), "{text}");
    for personal in [
        "Lotte",
        "Bakker",
        "sanne",
        "900001",
        "example.nl",
        "verkeerde ouder",
        "missing",
    ] {
        assert!(
            !text.contains(personal) && !subject.contains(personal),
            "{personal} in the digest: {text}"
        );
    }

    // Once a day: more passes, a restart, and by hand.
    passes(&env, 2);
    env.stop();
    env.start();
    passes(&env, 2);
    let by_hand = env.dsrd(&["digest"]);
    assert!(by_hand.status.success());
    assert!(String::from_utf8_lossy(&by_hand.stdout).contains("was recorded at"));
    assert_eq!(digests(&env).len(), 1, "one digest that day");
    assert_eq!(env.log_count("daily digest recorded"), 1);
    env.stop();
    let audit = env.json(&["audit", "list", "--json"]).to_string();
    assert_eq!(audit.matches("digest.queued").count(), 1);
    assert!(env.dsrd(&["audit", "verify"]).status.success());
}

async fn on_a_day_with_nothing_to_attend_to_no_digest_is_sent(backend: Backend) {
    // Arrange
    let mut env = TestEnv::new(backend).await;
    env.configure(&format!("{OFFICER}{DIGEST}"));
    env.set_clock("2026-03-05T08:00:00+01:00");
    let dry = env.json(&["digest", "--dry-run", "--json"]);
    assert_eq!(dry["needs_attention"], false, "{dry:#}");
    let check = env.dsrd(&["check", "--no-environment"]);
    let check = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.contains("✓ daily digest: at 07:00 Europe/Amsterdam to fg@testscholen.example (the approving [[officers]])"),
        "{check}"
    );

    // Act: the daemon looks on a quiet day.
    env.start();
    env.wait_until("the day is looked at", || {
        env.log_count("daily digest recorded") == 1
    });
    passes(&env, 2);

    // Assert: no mail; a breach later that day waits for tomorrow's.
    assert!(digests(&env).is_empty());
    env.set_clock("2026-03-05T10:00:00+01:00");
    let breach = env.json(&[
        "breaches",
        "new",
        "--discovered",
        "2026-03-05T09:00:00+01:00",
        "--what",
        "USB-stick kwijt",
        "--as",
        "fg",
        "--json",
    ]);
    passes(&env, 2);
    assert!(digests(&env).is_empty(), "one look a day");
    let dry = env.json(&["digest", "--dry-run", "--json"]);
    assert_eq!(dry["needs_attention"], true);
    assert!(dry["already"].is_object(), "{dry:#}");
    env.set_clock("2026-03-06T07:00:30+01:00");
    env.wait_until("the next day's digest", || digests(&env).len() == 1);
    env.stop();
    let (_, subject, text) = digests(&env).remove(0);
    assert!(
        subject.contains("vrijdag 6 maart 2026: 1 punt vraagt aandacht"),
        "{subject}"
    );
    let reference = breach["reference"].as_str().unwrap();
    assert!(text.contains(reference), "{text}");
    assert!(!text.contains("USB"), "{text}");

    // Down from Friday to Monday noon: Monday's digest at start-up, and
    // none for the weekend.
    env.set_clock("2026-03-09T12:00:00+01:00");
    env.start();
    env.wait_until("Monday's digest", || digests(&env).len() == 2);
    passes(&env, 2);
    env.stop();
    let subjects: Vec<String> = digests(&env).into_iter().map(|d| d.1).collect();
    assert_eq!(subjects.len(), 2, "{subjects:?}");
    let monday = digests(&env)
        .into_iter()
        .find(|d| d.1.contains("maandag 9 maart 2026"))
        .unwrap_or_else(|| panic!("{subjects:?}"))
        .2;
    assert!(
        monday.contains(&format!(
            "{reference}: melden uiterlijk zondag 8 maart 2026 om 09:00 (27 u 00 min te laat)"
        )),
        "{monday}"
    );
}

#[tokio::test]
async fn on_a_day_with_nothing_to_attend_to_no_digest_is_sent_on_sqlite() {
    on_a_day_with_nothing_to_attend_to_no_digest_is_sent(Backend::Sqlite).await;
}

#[tokio::test]
async fn on_a_day_with_nothing_to_attend_to_no_digest_is_sent_on_postgres() {
    on_a_day_with_nothing_to_attend_to_no_digest_is_sent(Backend::Postgres).await;
}

#[tokio::test]
async fn two_daemons_on_one_postgres_store_send_one_digest() {
    // Arrange: a second installation whose configuration names the first's
    // database (its own folders for mail), and a breach to report.
    let mut one = TestEnv::new(Backend::Postgres).await;
    one.configure(&format!("{OFFICER}{DIGEST}"));
    let mut two = TestEnv::new(Backend::Postgres).await;
    std::fs::write(&two.config, std::fs::read_to_string(&one.config).unwrap()).unwrap();
    for env in [&mut one, &mut two] {
        env.set_clock("2026-03-05T06:00:00+01:00");
    }
    one.json(&[
        "breaches",
        "new",
        "--discovered",
        "2026-03-04T15:00:00+01:00",
        "--what",
        "USB-stick kwijt",
        "--as",
        "fg",
        "--json",
    ]);
    one.start();
    two.start();
    passes(&one, 1);
    passes(&two, 1);

    // Act: the hour comes for both.
    for env in [&mut one, &mut two] {
        env.set_clock("2026-03-05T07:00:30+01:00");
    }
    let total = |one: &TestEnv, two: &TestEnv| digests(one).len() + digests(two).len();
    one.wait_until("a digest", || total(&one, &two) == 1);
    passes(&one, 3);
    passes(&two, 3);

    // Assert
    assert_eq!(total(&one, &two), 1, "one digest between them");
    assert_eq!(
        one.log_count("daily digest recorded") + two.log_count("daily digest recorded"),
        1
    );
}
