//! The whole way on the demo (issue 13, points 2, 3, 5, 6): a fresh
//! `dsrd demo init`, `dsrd run`, and the officer's commands `demo init`
//! prints — plan, approve, letter, send — end with an answer in the outbox
//! and a download link that works once. The only change to the demo is the
//! port of its download pages (tests run side by side; the demo's own is
//! 8470). Then the clock is moved past a second answer's expiry: its
//! package is deleted, its case closed, and its link says what happened.

use crate::answer::{approve_plan, code_in, http, link_in, wait_drafted};
use crate::helpers::*;
use crate::identity::{identity, sent, state, wait_for_state};
use crate::support::free_port;
use std::io::Read;

/// A fresh demo organisation in the test's folder, with its own port.
pub(crate) async fn demo() -> (TestEnv, u16) {
    demo_with("").await
}

/// [`demo`], with `extra` (TOML sections the demo's configuration lacks)
/// added to its configuration before the daemon starts.
pub(crate) async fn demo_with(extra: &str) -> (TestEnv, u16) {
    let mut env = TestEnv::new(Backend::Sqlite).await;
    // The demo makes its own configuration and mailbox in the folder.
    std::fs::remove_file(&env.config).unwrap();
    std::fs::remove_dir_all(env.path("maildir")).unwrap();
    env.set_clock(&chrono::Utc::now().to_rfc3339());
    let dir = env.dir.path().to_str().unwrap().to_owned();
    let init = std::process::Command::new(env!("CARGO_BIN_EXE_dsrd"))
        .env("DSRD_CLOCK_FILE", env.path("clock"))
        .args(["demo", "init", &dir, "--pupils", "200"])
        .output()
        .unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let printed = String::from_utf8_lossy(&init.stdout);
    for step in [
        "cases plan REF",
        "cases approve REF",
        "cases letter REF",
        "cases send REF",
        "users add fg --role officer",
        "/api/v1/cases",
    ] {
        assert!(
            printed.contains(step),
            "demo init does not print {step}:\n{printed}"
        );
    }
    let port = free_port();
    let text = std::fs::read_to_string(&env.config).unwrap();
    let text = text
        .replace("127.0.0.1:8470", &format!("127.0.0.1:{port}"))
        .replace("http://localhost:8470", &format!("http://127.0.0.1:{port}"));
    std::fs::write(&env.config, format!("{text}\n{extra}")).unwrap();
    env.start();
    env.wait_until("the five demo requests are cases", || {
        env.json(&["cases", "list", "--json"])
            .as_array()
            .unwrap()
            .len()
            == 5
    });
    (env, port)
}

fn approve(env: &TestEnv, reference: &str) {
    wait_for_state(env, reference, "awaiting_approval");
    env.wait_until("the plan is made", || {
        env.dsrd(&["cases", "plan", reference, "--json"])
            .status
            .success()
    });
    approve_plan(env, reference);
    wait_drafted(env, reference);
}

/// The answer and code mails of `reference`.
fn mails(env: &TestEnv, reference: &str) -> (String, String) {
    env.wait_until("the answer and its code are sent", || {
        sent(env, "answer").len() + sent(env, "download_code").len() >= 2
    });
    let pick = |kind: &str| {
        env.outbox()
            .iter()
            .find(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                name.starts_with(reference) && name.contains(&format!("-{kind}-"))
            })
            .map(|p| {
                let raw = std::fs::read(p).unwrap();
                let m = mail_parser::MessageParser::default().parse(&raw).unwrap();
                m.body_text(0).unwrap_or_default().into_owned()
            })
            .unwrap_or_else(|| panic!("no {kind} mail for {reference}"))
    };
    (pick("answer"), pick("download_code"))
}

#[tokio::test]
async fn the_demo_goes_the_whole_way_from_request_to_a_downloaded_package() {
    let (mut env, port) = demo().await;
    let reference = "AVG-2026-0001";
    approve(&env, reference);

    // Whose data: the demo parent's one child, as the school has them.
    let id = identity(&env, reference);
    let record = &id["identity"];
    let subject = record["subject"].as_u64().unwrap() as usize;
    let child = &record["finding"]["candidates"][subject];
    let full_name = child["names"][0].as_str().unwrap().to_owned();
    let school =
        sqlx::SqlitePool::connect(&format!("sqlite:{}", env.path("school.sqlite").display()))
            .await
            .unwrap();
    let (first, last, number, email): (String, String, String, String) = sqlx::query_as(
        "SELECT first_name, last_name, student_number, email FROM pupils
         WHERE (first_name || ' ' || COALESCE(infix || ' ', '') || last_name) = $1",
    )
    .bind(&full_name)
    .fetch_one(&school)
    .await
    .unwrap();
    school.close().await;

    let letter = env.json(&["cases", "letter", reference, "--json"]);
    let file = letter["packages"][0]["file"].as_str().unwrap().to_owned();
    let sealed = std::fs::read(env.path("packages").join(&file)).unwrap();
    for needle in [&first, &last, &number, &email] {
        assert!(
            !sealed.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{needle} readable in the sealed package on disk"
        );
    }

    let out = env.dsrd(&["cases", "send", reference, "--as", "fg"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let (answer, code_mail) = mails(&env, reference);
    for needle in [&full_name, &first, &number, &email] {
        assert!(
            !answer.contains(needle.as_str()),
            "{needle} in the answer:\n{answer}"
        );
        assert!(
            !code_mail.contains(needle.as_str()),
            "{needle} in the code mail"
        );
    }
    let link = link_in(&answer);
    let code = code_in(&code_mail);

    // The GET spends nothing.
    for _ in 0..2 {
        let (status, head, _) = http(port, "GET", &link, None);
        assert_eq!(status, 200, "{head}");
    }
    assert_eq!(
        env.json(&["cases", "letter", reference, "--json"])["packages"][0]["state"],
        "offered"
    );
    let (status, _, page) = http(port, "POST", &link, Some("code=AAAA-AAAA"));
    assert_eq!(status, 403);
    assert!(
        String::from_utf8_lossy(&page).contains("<html"),
        "a page, not a file"
    );

    let (status, head, zip) = http(port, "POST", &link, Some(&format!("code={code}")));
    assert_eq!(status, 200, "{head}");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut pupils = String::new();
    archive
        .by_name("sql/pupils.json")
        .unwrap()
        .read_to_string(&mut pupils)
        .unwrap();
    let pupils: serde_json::Value = serde_json::from_str(&pupils).unwrap();
    assert_eq!(pupils[0]["student_number"], number.as_str(), "{pupils:#}");
    assert_eq!(pupils[0]["email"], email.as_str(), "{pupils:#}");
    let mut index = String::new();
    archive
        .by_name("index.csv")
        .unwrap()
        .read_to_string(&mut index)
        .unwrap();
    assert!(index.contains("sql,pupils,"), "{index}");

    let (status, _, page) = http(port, "POST", &link, Some(&format!("code={code}")));
    assert_eq!(status, 410);
    assert!(!page.starts_with(b"PK"));
    assert_eq!(state(&env, reference), "closed");
    let show = env.json(&["cases", "show", reference, "--json"]);
    assert!(
        show["answered"]["days_to_spare"].as_i64().unwrap() >= 0,
        "{show:#}"
    );
    env.stop();
}

#[tokio::test]
async fn a_link_not_used_before_it_expires_is_deleted_and_says_so() {
    let (mut env, port) = demo().await;
    let reference = "AVG-2026-0002";
    approve(&env, reference);
    let file = env.json(&["cases", "letter", reference, "--json"])["packages"][0]["file"]
        .as_str()
        .unwrap()
        .to_owned();
    let out = env.dsrd(&["cases", "send", reference, "--as", "fg"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let (answer, code_mail) = mails(&env, reference);
    let (link, code) = (link_in(&answer), code_in(&code_mail));
    assert_eq!(state(&env, reference), "answered");

    // Fifteen days on: past the last day of the link (14 by default).
    let later = chrono::Utc::now() + chrono::Duration::days(15);
    std::fs::write(env.path("clock"), later.to_rfc3339()).unwrap();
    wait_for_state(&env, reference, "closed");
    env.wait_until("the expired package is deleted", || {
        !env.path("packages").join(&file).exists()
    });
    let (status, _, page) = http(port, "GET", &link, None);
    assert_eq!(status, 410);
    let (status, _, page_post) = http(port, "POST", &link, Some(&format!("code={code}")));
    assert_eq!(status, 410);
    assert!(!page_post.starts_with(b"PK"));
    let page = String::from_utf8_lossy(&page);
    assert!(
        page.contains(reference),
        "the page names the case to quote:\n{page}"
    );
    let audit = env
        .json(&["audit", "list", "--case", reference, "--json"])
        .to_string();
    assert!(audit.contains("package.deleted"), "{audit}");
    env.stop();
}
