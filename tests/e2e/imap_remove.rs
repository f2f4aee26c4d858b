//! Removing a reduced case's messages from the IMAP mailbox
//! (`dsrd::intake::imap::remove_messages`, which the case file's retention
//! calls), against a real Dovecot: the request in the done folder, its
//! follow-up still in the watched folder and the copy of its answer in the
//! Sent folder are gone; another case's messages, and a message whose
//! Message-ID merely contains the same text, stay; a second call removes
//! nothing; a Sent folder that does not exist is no error.

use crate::support::dovecot::Dovecot;
use dsrd::config::{ImapAuth, ImapConfig, ImapSecurity, SecretString};
use dsrd::intake::imap::remove_messages;
use futures_util::TryStreamExt;
use std::time::Duration;

fn config(dovecot: &Dovecot, sent_folder: &str) -> ImapConfig {
    ImapConfig {
        host: "127.0.0.1".into(),
        port: dovecot.port,
        security: ImapSecurity::None,
        ca_file: None,
        username: "test".into(),
        auth: ImapAuth::Password(SecretString::new(crate::support::dovecot::PASSWORD.into())),
        folder: "INBOX".into(),
        done_folder: Some("Done".into()),
        sent_folder: Some(sent_folder.into()),
        idle: true,
        idle_renew: Duration::from_secs(60),
        poll_interval: Duration::from_secs(1),
        timeout: Duration::from_secs(20),
        reconnect_max: Duration::from_secs(2),
    }
}

fn message(id: &str, from: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: avg@testscholen.example\r\nSubject: Inzage\r\nMessage-ID: <{id}>\r\n\
Date: Mon, 2 Feb 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

/// The Message-IDs in `folder`, sorted.
async fn ids(dovecot: &Dovecot, folder: &str) -> Vec<String> {
    let mut session = dovecot.client("test").await;
    session.examine(folder).await.unwrap();
    let fetched: Vec<_> = session
        .uid_fetch("1:*", "(UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let mut out: Vec<String> = fetched
        .iter()
        .filter_map(|m| m.header())
        .map(|h| {
            String::from_utf8_lossy(h)
                .trim()
                .trim_start_matches("Message-ID:")
                .trim()
                .to_owned()
        })
        .collect();
    drop(fetched);
    session.logout().await.unwrap();
    out.sort();
    out
}

#[tokio::test]
async fn a_reduced_cases_messages_and_sent_copies_leave_the_imap_mailbox_and_nothing_else() {
    // Arrange: case 1's request (Done), its follow-up (INBOX) and its
    // answer (Sent); case 2's request and answer; a stranger's message
    // whose Message-ID contains case 1's.
    let dovecot = Dovecot::start(&["test"]);
    dovecot.create("test", "Done").await;
    dovecot.create("test", "Sent").await;
    let sanne = "Sanne Bakker <sanne.bakker@example.nl>";
    dovecot
        .append(
            "test",
            "Done",
            &[
                message("req-1@example.nl", sanne, "Graag inzage over Lotte."),
                message(
                    "req-2@example.org",
                    "Jan <jan@example.org>",
                    "Graag inzage.",
                ),
                message(
                    "xreq-1@example.nl",
                    "Piet <piet@example.org>",
                    "Iets anders.",
                ),
            ],
        )
        .await;
    dovecot
        .append(
            "test",
            "INBOX",
            &[message("follow-1@example.nl", sanne, "Nog een vraag.")],
        )
        .await;
    dovecot
        .append(
            "test",
            "Sent",
            &[
                message(
                    "AVG-2026-0001.answer.1@testscholen.example",
                    "avg@testscholen.example",
                    "Beste Sanne Bakker,",
                ),
                message(
                    "AVG-2026-0002.answer.2@testscholen.example",
                    "avg@testscholen.example",
                    "Beste Jan,",
                ),
            ],
        )
        .await;
    let config = config(&dovecot, "Sent");
    let case_1 = [
        "req-1@example.nl".to_owned(),
        "<follow-1@example.nl>".to_owned(),
        "AVG-2026-0001.answer.1@testscholen.example".to_owned(),
    ];

    // Act
    let removed = remove_messages(&config, &case_1).await.unwrap();

    // Assert
    assert_eq!(removed, 3);
    assert_eq!(
        ids(&dovecot, "Done").await,
        ["<req-2@example.org>", "<xreq-1@example.nl>"]
    );
    assert!(ids(&dovecot, "INBOX").await.is_empty());
    assert_eq!(
        ids(&dovecot, "Sent").await,
        ["<AVG-2026-0002.answer.2@testscholen.example>"]
    );
    assert_eq!(
        remove_messages(&config, &case_1).await.unwrap(),
        0,
        "nothing more"
    );
    let no_sent = config_without_sent(&dovecot);
    assert_eq!(remove_messages(&no_sent, &case_1).await.unwrap(), 0);
}

fn config_without_sent(dovecot: &Dovecot) -> ImapConfig {
    config(dovecot, "Verzonden")
}
