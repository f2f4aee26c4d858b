//! SMTP out against a real server (aiosmtpd): acknowledgements are delivered
//! once each, through an outage and through an interrupted delivery.

use crate::helpers::*;
use crate::imap::{cases, imap_mailbox};
use crate::support::dovecot::Dovecot;
use crate::support::smtp::{message_id, SmtpServer};
use std::collections::HashSet;

#[tokio::test]
async fn smtp_down_when_acknowledgements_are_due_delivers_each_once_after_it_returns() {
    // Arrange: the SMTP server is down.
    let mut smtp = SmtpServer::start();
    smtp.stop();
    let mut env = TestEnv::new(Backend::Sqlite).await;
    env.write_config(&format!(
        "[mailbox]\nkind = \"maildir\"\npath = \"maildir\"\npoll_interval_ms = 100\n\n{}",
        smtp.outgoing()
    ));
    env.start();

    // Act
    for i in 0..5 {
        let raw = mail(
            &format!("smtp-down-{i}@example.org"),
            &format!("o{i}@example.org"),
            "Inzage",
            "Graag inzage.",
        );
        env.deliver(&format!("{i}.msg"), &raw);
    }
    env.wait_until("every delivery has failed once", || {
        env.log().matches("mail delivery failed").count() >= 5
    });
    smtp.restart();
    env.wait_until("five acknowledgements arrive", || {
        smtp.received().len() >= 5
    });
    // Give a double every chance to show up before looking.
    env.wait_until("the outbox records them sent", || {
        env.log().matches("mail delivered").count() >= 5
    });
    let status = env.stop();

    // Assert
    assert!(status.success());
    let ids: Vec<_> = smtp
        .received()
        .iter()
        .map(|m| message_id(m).unwrap())
        .collect();
    assert_eq!(ids.len(), 5, "{ids:?}");
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 5, "each once");
}

async fn interrupted_smtp_delivery(copy_in_sent: bool) -> (Vec<String>, String) {
    // Arrange: a request is acknowledged, with a copy in Sent.
    let dovecot = Dovecot::start(&["test"]);
    dovecot.create("test", "Done").await;
    dovecot.create("test", "Sent").await;
    let smtp = SmtpServer::start();
    let mut env = TestEnv::new(Backend::Sqlite).await;
    let section = imap_mailbox(&dovecot, "sent_folder = \"Sent\"");
    env.write_config(&format!("{section}{}", smtp.outgoing()));
    env.start();
    dovecot
        .append(
            "test",
            "INBOX",
            &[mail(
                "sent-1@example.org",
                "p@example.org",
                "Inzage",
                "Graag inzage.",
            )],
        )
        .await;
    env.wait_until("the acknowledgement arrives", || smtp.received().len() == 1);
    env.wait_until("its copy is in Sent", || {
        dovecot.messages("test", "Sent").len() == 1
    });
    env.stop();

    // Act: as if the daemon had died after sending, before recording.
    env.tamper("UPDATE outbox SET status = 'sending'").await;
    if !copy_in_sent {
        for copy in dovecot.messages("test", "Sent") {
            std::fs::remove_file(copy).unwrap();
        }
    }
    env.start();
    env.wait_until("the interrupted delivery is settled", || {
        env.log().contains("interrupted delivery")
    });
    env.wait_until("the outbox has nothing left", || {
        let counts = env.log();
        counts.contains("not sending again") || smtp.received().len() == 2
    });
    assert!(env.stop().success());
    assert_eq!(cases(&env).len(), 1);
    let ids = smtp
        .received()
        .iter()
        .map(|m| message_id(m).unwrap())
        .collect();
    (ids, env.log())
}

#[tokio::test]
async fn an_interrupted_smtp_delivery_with_its_copy_in_sent_is_not_sent_again() {
    let (ids, log) = interrupted_smtp_delivery(true).await;
    assert_eq!(ids.len(), 1, "{log}");
}

#[tokio::test]
async fn an_interrupted_smtp_delivery_without_a_copy_is_sent_again_with_the_same_message_id() {
    let (ids, log) = interrupted_smtp_delivery(false).await;
    assert_eq!(ids.len(), 2, "{log}");
    assert_eq!(
        ids[0], ids[1],
        "the resend is recognisable as the same message"
    );
}

#[tokio::test]
async fn each_imap_mailbox_keeps_copies_of_the_smtp_mail_answering_its_own_cases() {
    // Arrange: two mailboxes on one server, each with its own Sent folder.
    let dovecot = Dovecot::start(&["avg", "privacy"]);
    for user in ["avg", "privacy"] {
        dovecot.create(user, "Sent").await;
    }
    let smtp = SmtpServer::start();
    let mut env = TestEnv::new(Backend::Sqlite).await;
    let mailbox = |user: &str| {
        format!(
            "[[mailboxes]]\nname = \"{user}\"\nkind = \"imap\"\nhost = \"127.0.0.1\"\nport = {}\n\
security = \"none\"\nusername = \"{user}\"\npassword_env = \"DSRD_TEST_IMAP_PASSWORD\"\nsent_folder = \"Sent\"\n\n",
            dovecot.port
        )
    };
    env.write_config(&format!(
        "{}{}{}",
        mailbox("avg"),
        mailbox("privacy"),
        smtp.outgoing()
    ));
    env.start();

    // Act: one request to each mailbox.
    for (user, n) in [("avg", 1), ("privacy", 2)] {
        let raw = mail(
            &format!("{user}-{n}@example.org"),
            &format!("ouder{n}@example.org"),
            "Inzage",
            "Graag inzage in mijn gegevens.",
        );
        dovecot.append(user, "INBOX", &[raw]).await;
    }
    env.wait_until("both acknowledgements arrive", || {
        smtp.received().len() == 2
    });
    env.wait_until("both copies are kept", || {
        dovecot.messages("avg", "Sent").len() + dovecot.messages("privacy", "Sent").len() == 2
    });
    assert!(env.stop().success());

    // Assert: each Sent folder holds the answer to its own request only.
    for (user, n) in [("avg", 1), ("privacy", 2)] {
        let copies = dovecot.messages(user, "Sent");
        assert_eq!(copies.len(), 1, "{user}");
        let text = read(&copies[0]);
        assert!(
            text.contains(&format!("ouder{n}@example.org")),
            "{user}'s Sent holds another mailbox's answer:\n{text}"
        );
    }
}
