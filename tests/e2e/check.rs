//! `dsrd check`: one line per thing the installation depends on.

use crate::helpers::*;

#[tokio::test]
async fn check_reports_each_part_and_fails_on_an_unreachable_smtp_server() {
    let env = TestEnv::new(Backend::Sqlite).await;
    let out = env.dsrd(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    for part in [
        "✓ configuration",
        "✓ classification rules",
        "✓ store",
        "✓ mailbox",
        "✓ outgoing mail",
    ] {
        assert!(text.contains(part), "{part} missing:\n{text}");
    }
    assert!(
        text.contains("~ reminders"),
        "no officer address is a warning:\n{text}"
    );
    assert_eq!(
        env.dsrd(&["check", "--deny-warnings"]).status.code(),
        Some(1)
    );

    // An SMTP server that is not there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let text = std::fs::read_to_string(&env.config).unwrap().replace(
        "kind = \"files\"\npath = \"outbox\"",
        &format!("kind = \"smtp\"\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\ntimeout_secs = 5"),
    );
    std::fs::write(&env.config, text).unwrap();
    let out = env.dsrd(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("x outgoing mail"), "{text}");
    let offline = env.dsrd(&["check", "--no-environment"]);
    assert!(
        offline.status.success(),
        "{}",
        String::from_utf8_lossy(&offline.stdout)
    );
    assert!(String::from_utf8_lossy(&offline.stdout).contains("~ outgoing mail: skipped"));
}
