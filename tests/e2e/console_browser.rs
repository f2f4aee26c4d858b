//! The officer's web console in a real browser (issue 15): a fresh demo
//! (`dsrd demo init`, served on a free port), an officer, a viewer and an
//! admin account made with the real CLI, two letters for triage dropped
//! into the demo's Maildir, then `node --test tests/browser/` drives
//! Debian's Chromium (playwright-core, axe-core) against the daemon. The
//! scripts get the URL, accounts, cases, outbox and screenshot folder in
//! environment variables; node's output is printed, and its exit code
//! decides. Missing tools fail the test with the command that installs them.

use crate::api::{add_user, PASSWORD};
use crate::demo_answer::demo_with;
use crate::execution::fingerprint;
use crate::helpers::TestEnv;
use crate::identity::{identity, state};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What to run when the browser or the node modules are missing.
const INSTALL: &str = "run `bash .ci/run` once, or by hand: \
`apt-get install -y chromium fonts-liberation` and `npm ci --prefix tests/browser` \
(README: \"Browser tests of the console\")";

/// The longest the browser tests may take before they count as hung.
const NODE_LIMIT: Duration = Duration::from_secs(15 * 60);

/// A letter that is no request: triage.
const NO_REQUEST: &str = "From: Piet Jansen <piet.jansen@example.net>\r\n\
To: avg@demoscholen.example\r\nSubject: Schoolreis naar Texel\r\n\
Message-ID: <texel-1@example.net>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
Beste juf,\r\n\r\nHoe laat vertrekt de bus naar Texel op maandag? Moet mijn zoon een \
lunchpakket meenemen?\r\n\r\nGroet,\r\nPiet Jansen\r\n";

/// A letter in triage with a script tag in its subject and its body, which
/// every page must show as text.
const SCRIPT: &str = "From: Kees de Vries <kees.devries@example.net>\r\n\
To: avg@demoscholen.example\r\n\
Subject: Vraag <script>window.__dsrdXss=1</script> over de bus\r\n\
Message-ID: <script-1@example.net>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
Hallo, <script>window.__dsrdXss=2</script> wanneer is de ouderavond?\r\n";

/// The workspace's root, where `tests/browser/` lies.
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the daemon crate lies in the workspace")
        .to_owned()
}

/// Chromium's path; fails naming the install step when something the
/// browser tests need is missing (never a silent pass).
fn browser_tools(browser: &Path) -> String {
    let chromium =
        std::env::var("DSRD_TEST_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "no Chromium at {chromium}: {INSTALL}"
    );
    let node = Command::new("node")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let major: u32 = node
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    assert!(
        major >= 20,
        "the browser tests need Node.js 20 or later on PATH (found {node:?}): {INSTALL}"
    );
    for module in ["playwright-core/package.json", "axe-core/axe.min.js"] {
        assert!(
            browser.join("node_modules").join(module).exists(),
            "tests/browser/node_modules/{module} is missing: {INSTALL}"
        );
    }
    chromium
}

/// The reference of the case whose requester's address starts with `who`.
fn case_of(env: &TestEnv, who: &str) -> String {
    let cases = env.json(&["cases", "list", "--json"]);
    cases
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["reference"].as_str().unwrap().to_owned())
        .find(|r| {
            env.json(&["cases", "show", r, "--json"])["requester_address"]
                .as_str()
                .is_some_and(|a| a.starts_with(who))
        })
        .unwrap_or_else(|| panic!("no demo case from {who}: {cases:#}"))
}

/// Runs `node --test` on the browser tests with `vars`; its exit status and
/// everything it printed.
fn run_node(browser: &Path, scratch: &Path, vars: &[(&str, String)]) -> (bool, String) {
    let out = scratch.join("node.out");
    let mut child = Command::new("node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .arg(browser)
        .current_dir(workspace())
        .envs(vars.iter().map(|(k, v)| (*k, v.as_str())))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(Stdio::from(
            std::fs::File::options().append(true).open(&out).unwrap(),
        ))
        .spawn()
        .expect("start node");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > NODE_LIMIT {
            child.kill().unwrap();
            child.wait().unwrap();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let printed = std::fs::read_to_string(&out).unwrap_or_default();
    match status {
        Some(status) => (status.success(), printed),
        None => (false, format!("{printed}\n(killed after {NODE_LIMIT:?})")),
    }
}

#[tokio::test]
async fn the_console_works_in_a_real_browser() {
    let browser = workspace().join("tests/browser");
    let chromium = browser_tools(&browser);
    // Every test file signs in anew, and the whole suite signs in some
    // thirty times from 127.0.0.1 within a minute or two: more than the
    // per-address limit a real installation keeps (10 a minute).
    let (mut env, port) = demo_with("[accounts]\nlogins_per_minute = 600\n").await;
    add_user(&env, "fg", "officer");
    add_user(&env, "kijker", "viewer");
    add_user(&env, "beheer", "admin");
    env.deliver("browser.no-request", NO_REQUEST.as_bytes());
    env.deliver("browser.script", SCRIPT.as_bytes());
    env.wait_until("the two letters are in triage", || {
        let cases = env.json(&["cases", "list", "--json"]);
        cases
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["state"] == "needs_triage")
            .count()
            == 2
    });

    let choose = case_of(&env, "marieke.");
    let finding = &identity(&env, &choose)["identity"]["finding"];
    assert_eq!(
        finding["outcome"]["outcome"], "officer_chooses",
        "{finding:#}"
    );
    let key = finding["outcome"]["candidates"][0].as_u64().unwrap() as usize;
    let child = finding["candidates"][key]["names"][0].as_str().unwrap();
    let planned = case_of(&env, "frank.");
    let viewer = case_of(&env, "sander.");
    for reference in [&planned, &viewer] {
        env.wait_until("the plan is made", || {
            env.dsrd(&["cases", "plan", reference, "--json"])
                .status
                .success()
        });
    }
    let viewer_fingerprint = fingerprint(&env, &viewer);
    let extend = case_of(&env, "emily.");
    // The demo's policy decides the unit: two months under gdpr-month,
    // weeks under the others (officer::extend).
    let policy = env.json(&["cases", "show", &extend, "--json"])["deadline"]["policy"].clone();
    let extend_by = if policy == "gdpr-month" { "2m" } else { "4w" };
    let screenshots = std::env::var("DSRD_TEST_CONSOLE_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| workspace().join("target/console-screenshots"));

    let vars = [
        ("DSRD_TEST_CONSOLE_URL", format!("http://127.0.0.1:{port}")),
        ("DSRD_TEST_OFFICER", "fg".into()),
        ("DSRD_TEST_VIEWER", "kijker".into()),
        ("DSRD_TEST_ADMIN", "beheer".into()),
        ("DSRD_TEST_PASSWORD", PASSWORD.into()),
        ("DSRD_TEST_OUTBOX", env.path("outbox").display().to_string()),
        ("DSRD_TEST_SCREENSHOTS", screenshots.display().to_string()),
        ("DSRD_TEST_CHROMIUM", chromium),
        ("DSRD_TEST_CASE_CHOOSE", choose.clone()),
        ("DSRD_TEST_CHOOSE_KEY", key.to_string()),
        ("DSRD_TEST_CHOOSE_NAME", child.to_owned()),
        ("DSRD_TEST_CASE_PLANNED", planned.clone()),
        ("DSRD_TEST_CASE_VIEWER", viewer.clone()),
        ("DSRD_TEST_CASE_VIEWER_FINGERPRINT", viewer_fingerprint),
        ("DSRD_TEST_CASE_EXTEND", extend.clone()),
        ("DSRD_TEST_EXTEND_BY", extend_by.into()),
        ("DSRD_TEST_CASE_IN_PERSON", case_of(&env, "ingrid.")),
        ("DSRD_TEST_CASE_TRIAGE", case_of(&env, "piet.")),
        ("DSRD_TEST_CASE_SCRIPT", case_of(&env, "kees.")),
    ];
    let (passed, printed) = run_node(&browser, env.dir.path(), &vars);
    println!("{printed}");
    assert!(
        passed,
        "the browser tests failed (node's output above):\n{printed}\n--- daemon log (tail) ---\n{}",
        tail(&env.log(), 60)
    );

    // What the browser did, seen from the CLI: the viewer's forged approval
    // changed nothing; the officer's way ended with an answer.
    assert_eq!(state(&env, &viewer), "awaiting_approval");
    let audit = env
        .json(&["audit", "list", "--case", &viewer, "--json"])
        .to_string();
    assert!(!audit.contains("plan.approved"), "{audit}");
    assert_eq!(state(&env, &choose), "answered");
    println!("screenshots: {}", screenshots.display());
    env.stop();
}

/// The last `n` lines of `text`.
fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}
