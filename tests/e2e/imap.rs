//! IMAP intake against a real Dovecot: mail appended over IMAP becomes cases
//! once each, through restarts, outages and configuration mistakes.

use crate::helpers::*;
use crate::support::dovecot::Dovecot;
use crate::support::smtp::SmtpServer;
use std::collections::HashSet;

/// A `[mailbox]` section for `user` on `dovecot`, plain IMAP, done folder `Done`.
pub fn imap_mailbox(dovecot: &Dovecot, extra: &str) -> String {
    format!(
        "[mailbox]\nkind = \"imap\"\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"\n\
username = \"test\"\npassword_env = \"DSRD_TEST_IMAP_PASSWORD\"\ndone_folder = \"Done\"\n\
timeout_secs = 20\nreconnect_max_secs = 2\n{extra}\n",
        dovecot.port
    )
}

fn files_outgoing() -> &'static str {
    "[outgoing]\nkind = \"files\"\npath = \"outbox\"\n"
}

pub fn cases(env: &TestEnv) -> Vec<serde_json::Value> {
    env.json(&["cases", "list", "--json"])
        .as_array()
        .unwrap()
        .clone()
}

fn requests(prefix: &str, n: usize) -> Vec<Vec<u8>> {
    (0..n)
        .map(|i| {
            mail(
                &format!("{prefix}-{i}@example.org"),
                &format!("Ouder {i} <ouder{i}@example.org>"),
                &format!("Inzage {prefix} {i}"),
                "Ik wil graag inzage in de gegevens van mijn kind.",
            )
        })
        .collect()
}

async fn an_imap_message_becomes_a_case_and_its_acknowledgement_reaches_smtp(backend: Backend) {
    // Arrange
    let dovecot = Dovecot::start(&["test"]);
    dovecot.create("test", "Done").await;
    let smtp = SmtpServer::start();
    let mut env = TestEnv::new(backend).await;
    env.write_config(&format!(
        "{}{}",
        imap_mailbox(&dovecot, ""),
        smtp.outgoing()
    ));
    env.start();

    // Act: delivered with an INTERNALDATE unlike its Date: header.
    let raw = mail(
        "imap-e2e@example.org",
        "Sanne de Vries <sanne@example.org>",
        "Inzageverzoek",
        "Ik wil graag inzage in de gegevens van mijn zoon.",
    );
    let mut client = dovecot.client("test").await;
    client
        .append("INBOX", None, Some("\"03-Feb-2026 23:30:00 +0000\""), &raw)
        .await
        .unwrap();
    env.wait_until("the acknowledgement reaches the SMTP server", || {
        smtp.received().len() == 1
    });
    env.wait_until("the message is moved to Done", || {
        dovecot.messages("test", "Done").len() == 1
    });
    let status = env.stop();

    // Assert
    assert!(status.success(), "{}", env.log());
    assert!(dovecot.messages("test", "INBOX").is_empty());
    let done = &dovecot.messages("test", "Done")[0];
    let flags = done.file_name().unwrap().to_string_lossy().into_owned();
    assert!(flags.ends_with(",S"), "flagged \\Seen: {flags}");
    let cases = cases(&env);
    assert_eq!(cases.len(), 1);
    // The receipt moment is the INTERNALDATE (Amsterdam: 4 February).
    assert_eq!(cases[0]["received_at"], "2026-02-03T23:30:00Z");
    let reference = cases[0]["reference"].as_str().unwrap();
    let ack = &smtp.received()[0];
    assert!(ack.contains(reference), "{ack}");
    assert!(ack.contains("In-Reply-To: <imap-e2e@example.org>"), "{ack}");
    assert!(ack.contains("4 februari 2026"), "{ack}");
    assert!(env.dsrd(&["audit", "verify"]).status.success());
}

#[tokio::test]
async fn an_imap_message_becomes_a_case_and_its_acknowledgement_reaches_smtp_on_sqlite() {
    an_imap_message_becomes_a_case_and_its_acknowledgement_reaches_smtp(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_imap_message_becomes_a_case_and_its_acknowledgement_reaches_smtp_on_postgres() {
    an_imap_message_becomes_a_case_and_its_acknowledgement_reaches_smtp(Backend::Postgres).await;
}

#[tokio::test]
async fn imap_messages_appended_while_dovecot_is_down_are_processed_once_after_it_returns() {
    // Arrange: the daemon is idling on a live server.
    let mut dovecot = Dovecot::start(&["test"]);
    dovecot.create("test", "Done").await;
    let mut env = TestEnv::new(Backend::Sqlite).await;
    env.write_config(&format!(
        "{}{}",
        imap_mailbox(&dovecot, ""),
        files_outgoing()
    ));
    env.start();
    dovecot
        .append("test", "INBOX", &requests("before", 3))
        .await;
    env.wait_until("the first three are cases", || {
        dovecot.messages("test", "Done").len() == 3
    });

    // Act: the server goes away; mail arrives in the store meanwhile (an MTA
    // writes the Maildir directly); the server comes back.
    dovecot.stop();
    env.wait_until("the daemon notices", || env.log().contains("retry_in_ms"));
    let inbox_new = dovecot.dir.path().join("mail/test/new");
    for (i, raw) in requests("during", 4).iter().enumerate() {
        std::fs::write(inbox_new.join(format!("17000000{i}.M1P1.test")), raw).unwrap();
    }
    std::process::Command::new("chown")
        .args(["-R", "65534:65534"])
        .arg(dovecot.dir.path().join("mail"))
        .status()
        .unwrap();
    dovecot.restart();
    dovecot.append("test", "INBOX", &requests("after", 3)).await;
    env.wait_until("all ten are in Done", || {
        dovecot.messages("test", "Done").len() == 10
    });
    env.wait_until("ten acknowledgements are written", || {
        env.outbox().len() == 10
    });
    let status = env.stop();

    // Assert
    assert!(status.success(), "{}", env.log());
    let cases = cases(&env);
    assert_eq!(cases.len(), 10, "each message once");
    assert!(dovecot.messages("test", "INBOX").is_empty());
    assert!(env.log().contains("IMAP mailbox connected"));
}

#[tokio::test]
async fn a_restarted_daemon_reads_only_the_imap_messages_not_yet_cases() {
    // Arrange: messages stay in INBOX (no done folder), so only the stored
    // UID tells what was read.
    let dovecot = Dovecot::start(&["test"]);
    let mut env = TestEnv::new(Backend::Sqlite).await;
    let section = imap_mailbox(&dovecot, "").replace("done_folder = \"Done\"\n", "");
    env.write_config(&format!("{section}{}", files_outgoing()));
    env.start();
    dovecot.append("test", "INBOX", &requests("first", 5)).await;
    env.wait_until("five cases", || env.outbox().len() == 5);
    env.stop();

    // Act
    dovecot
        .append("test", "INBOX", &requests("second", 2))
        .await;
    env.start();
    env.wait_until("seven acknowledgements", || env.outbox().len() == 7);
    let status = env.stop();

    // Assert
    assert!(status.success());
    assert_eq!(cases(&env).len(), 7);
    assert!(
        !env.log().contains("already recorded"),
        "no message was read twice: {}",
        env.log()
    );
    let seen = dovecot
        .messages("test", "INBOX")
        .iter()
        .filter(|p| p.to_string_lossy().ends_with(",S"))
        .count();
    assert_eq!(seen, 7, "every message is flagged \\Seen and stays");
}

#[tokio::test]
async fn a_wrong_imap_password_is_logged_once_and_retried_until_it_is_right() {
    // Arrange
    // Nobody logs in before the password is wrong (Dovecot may keep a
    // passwd-file it read in the same second).
    let dovecot = Dovecot::start(&["test"]);
    dovecot.set_password("test", "another");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(dovecot.dir.path().join("mail/test/.Done").join(sub)).unwrap();
    }
    dovecot.deliver("test", "1700000000.M1P1.test", &requests("pw", 1)[0]);
    let mut env = TestEnv::new(Backend::Sqlite).await;
    env.write_config(&format!(
        "{}{}",
        imap_mailbox(&dovecot, ""),
        files_outgoing()
    ));

    // Act
    env.start();
    env.wait_until("the refusal is logged and retried", || {
        env.log().contains("IMAP still failing (auth)")
    });
    dovecot.set_password("test", crate::support::dovecot::PASSWORD);
    env.wait_until("the message becomes a case", || env.outbox().len() == 1);
    let status = env.stop();

    // Assert
    assert!(status.success());
    let log = env.log();
    let refusals = log
        .lines()
        .filter(|l| l.contains("IMAP login as test refused"))
        .count();
    assert_eq!(refusals, 1, "one clear line, then short retries:\n{log}");
    assert!(
        !log.contains(crate::support::dovecot::PASSWORD),
        "no secret in the log"
    );
}

#[tokio::test]
async fn an_untrusted_imap_certificate_is_logged_once_and_retried() {
    let dovecot = Dovecot::start(&["test"]);
    let mut env = TestEnv::new(Backend::Sqlite).await;
    let section = imap_mailbox(&dovecot, "")
        .replace("security = \"none\"", "security = \"tls\"")
        .replace(
            &format!("port = {}", dovecot.port),
            &format!("port = {}", dovecot.tls_port),
        );
    env.write_config(&format!("{section}{}", files_outgoing()));
    env.start();
    env.wait_until("the TLS failure is logged and retried", || {
        env.log().contains("IMAP still failing (tls)")
    });
    let status = env.stop();
    assert!(status.success(), "no crash");
    let log = env.log();
    let lines: Vec<_> = log
        .lines()
        .filter(|l| l.contains("TLS with IMAP server"))
        .collect();
    assert_eq!(lines.len(), 1, "{log}");
    assert!(
        lines[0].contains("not trusted") && lines[0].contains("ca_file"),
        "{log}"
    );
}

async fn imap_over_tls_with_a_private_ca(security: &str) {
    let dovecot = Dovecot::start(&["test"]);
    dovecot.create("test", "Done").await;
    let port = if security == "tls" {
        dovecot.tls_port
    } else {
        dovecot.port
    };
    let mut env = TestEnv::new(Backend::Sqlite).await;
    let section = imap_mailbox(
        &dovecot,
        &format!("ca_file = \"{}\"", dovecot.certificate().display()),
    )
    .replace("security = \"none\"", &format!("security = \"{security}\""))
    .replace("host = \"127.0.0.1\"", "host = \"localhost\"")
    .replace(
        &format!("port = {}", dovecot.port),
        &format!("port = {port}"),
    );
    env.write_config(&format!("{section}{}", files_outgoing()));
    env.start();
    dovecot
        .append("test", "INBOX", &requests(security, 1))
        .await;
    env.wait_until("the message becomes a case", || env.outbox().len() == 1);
    assert!(env.stop().success());
    assert!(dovecot.log().contains("TLS"), "the session was encrypted");
}

#[tokio::test]
async fn imap_with_implicit_tls_and_a_private_ca_file_works() {
    imap_over_tls_with_a_private_ca("tls").await;
}

#[tokio::test]
async fn imap_with_starttls_and_a_private_ca_file_works() {
    imap_over_tls_with_a_private_ca("starttls").await;
}

#[tokio::test]
async fn a_missing_imap_folder_is_logged_once_and_retried_until_it_exists() {
    // Arrange: the done folder does not exist yet.
    let dovecot = Dovecot::start(&["test"]);
    dovecot
        .append("test", "INBOX", &requests("folder", 2))
        .await;
    let mut env = TestEnv::new(Backend::Sqlite).await;
    env.write_config(&format!(
        "{}{}",
        imap_mailbox(&dovecot, ""),
        files_outgoing()
    ));

    // Act
    env.start();
    env.wait_until("the missing folder is logged and retried", || {
        env.log().contains("IMAP still failing (folder)")
    });
    assert!(
        cases(&env).is_empty(),
        "nothing is taken while it cannot be moved"
    );
    dovecot.create("test", "Done").await;
    env.wait_until("both are moved", || {
        dovecot.messages("test", "Done").len() == 2
    });
    let status = env.stop();

    // Assert
    assert!(status.success());
    let log = env.log();
    let lines = log
        .lines()
        .filter(|l| l.contains("IMAP folder \"Done\" does not exist"))
        .count();
    assert_eq!(lines, 1, "{log}");
    assert_eq!(cases(&env).len(), 2);
}

#[tokio::test]
async fn one_daemon_watches_several_imap_mailboxes() {
    // Arrange: two users on one server, plus a Maildir, in [[mailboxes]].
    let dovecot = Dovecot::start(&["avg", "privacy"]);
    let mut env = TestEnv::new(Backend::Sqlite).await;
    let mailbox = |user: &str| {
        format!(
            "[[mailboxes]]\nname = \"{user}\"\nkind = \"imap\"\nhost = \"127.0.0.1\"\nport = {}\n\
security = \"none\"\nusername = \"{user}\"\npassword_env = \"DSRD_TEST_IMAP_PASSWORD\"\nidle = {}\n\
poll_interval_ms = 200\n\n",
            dovecot.port,
            user == "avg"
        )
    };
    env.write_config(&format!(
        "{}{}[[mailboxes]]\nname = \"files\"\nkind = \"maildir\"\npath = \"maildir\"\npoll_interval_ms = 100\n\n{}",
        mailbox("avg"),
        mailbox("privacy"),
        files_outgoing()
    ));
    env.start();

    // Act
    dovecot.append("avg", "INBOX", &requests("avg", 2)).await;
    dovecot
        .append("privacy", "INBOX", &requests("privacy", 3))
        .await;
    env.deliver("1.maildir", &requests("maildir", 1)[0]);
    env.wait_until("six acknowledgements", || env.outbox().len() == 6);
    let status = env.stop();

    // Assert
    assert!(status.success(), "{}", env.log());
    let subjects: HashSet<String> = cases(&env)
        .iter()
        .map(|c| c["reference"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(subjects.len(), 6);
    assert!(
        env.log().contains("mode=\"polling\"") || env.log().contains("mode=polling"),
        "{}",
        env.log()
    );
}
