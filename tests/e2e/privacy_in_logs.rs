//! No personal data in the log above debug level: the daemon runs at `info`
//! over mail full of names, addresses and telephone numbers — one requester's
//! server refuses the acknowledgement with a reply quoting the address, one
//! message is malformed — and none of them appears in its log.

use crate::helpers::*;
use crate::support::smtp::SmtpServer;

/// Everything personal in the letters below, as it might leak.
const PERSONAL: &[&str] = &[
    "Jan Pietersen",
    "Pietersen",
    "jan.pietersen",
    "weigert.example",
    "Lotte",
    "Ayşe Yılmaz",
    "Yılmaz",
    "ayse.yilmaz",
    "thuis.example",
    "Marloes",
    "m.vandenberg",
    "0612345678",
    "06-12345678",
    "100234",
    "2012-03-14",
];

fn letter(id: &str, from: &str, subject: &str, body: &str) -> Vec<u8> {
    format!(
        "Message-ID: <{id}>\r\nFrom: {from}\r\nTo: avg@testscholen.example\r\nSubject: {subject}\r\n\
         Date: Mon, 2 Feb 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

#[tokio::test]
async fn the_daemon_at_info_logs_no_names_addresses_or_numbers_of_requesters() {
    // Arrange: an SMTP server that refuses one requester's domain.
    let smtp = SmtpServer::start_rejecting("weigert.example");
    let mut env = TestEnv::new(Backend::Sqlite).await;
    env.write_config(&format!(
        "[mailbox]\nkind = \"maildir\"\npath = \"maildir\"\npoll_interval_ms = 100\n\n{}\n\
         [reminders]\nofficer_address = \"privacy@testscholen.example\"\n",
        smtp.outgoing()
    ));
    env.log_filter = Some("info".into());
    env.start();

    // Act
    env.deliver(
        "1.msg",
        &letter(
            "p1@weigert.example",
            "Jan Pietersen <jan.pietersen@weigert.example>",
            "Inzageverzoek Jan Pietersen",
            "Beste school,\r\n\r\nIk wil graag alle gegevens van mijn dochter Lotte Pietersen \
             (leerlingnummer 100234, geboren 2012-03-14) inzien. Bel mij op 06-12345678.\r\n\r\n\
             Met vriendelijke groet,\r\nJan Pietersen",
        ),
    );
    env.deliver(
        "2.msg",
        &letter(
            "p2@thuis.example",
            "=?utf-8?q?Ay=C5=9Fe_Y=C4=B1lmaz?= <ayse.yilmaz@thuis.example>",
            "Verwijder mijn gegevens",
            "Graag mijn gegevens verwijderen. Ayşe Yılmaz, 0612345678",
        ),
    );
    env.deliver(
        "3.msg",
        b"From: Marloes <m.vandenberg@thuis.example>\r\nSubject: =?broken\r\nContent-Type: multipart/mixed; boundary=\"x\"\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nMarloes m.vandenberg@thuis.example 06-12345678\r\n",
    );
    env.wait_until("the three messages are cases", || {
        env.count("maildir/cur") >= 3
    });
    env.wait_until("the accepted acknowledgement arrives", || {
        !smtp.received().is_empty()
    });
    env.wait_until("the refused one is logged", || {
        env.log_count("mail delivery failed") >= 1
    });
    assert!(env.stop().success());

    // Assert: the log says what happened, by reference, and nothing personal.
    let log = env.log();
    assert!(log.contains("AVG-2026-"), "the log names the cases:\n{log}");
    assert!(
        log.contains("<address>"),
        "the refusal was logged, redacted:\n{log}"
    );
    let lower = log.to_lowercase();
    for needle in PERSONAL {
        assert!(
            !lower.contains(&needle.to_lowercase()),
            "{needle:?} is in the log:\n{log}"
        );
    }
}
