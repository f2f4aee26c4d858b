//! A daemon killed in the middle of its work loses nothing and doubles nothing.

use crate::helpers::*;
use std::collections::HashSet;

#[tokio::test]
async fn a_daemon_killed_while_processing_200_messages_makes_each_case_and_acknowledgement_once() {
    // Arrange: 200 requests with a sizeable attachment each, so that the
    // daemon is still busy when it is killed.
    let mut env = TestEnv::new(Backend::Sqlite).await;
    let attachment = "QUJD".repeat(20_000);
    for i in 0..200 {
        let raw = format!(
            "From: Ouder {i} <ouder{i}@example.org>\r\nTo: avg@testscholen.example\r\nSubject: Inzage {i}\r\n\
Message-ID: <crash-{i}@example.org>\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n\
Content-Type: text/plain\r\n\r\nGraag inzage in de gegevens van mijn kind.\r\n--B\r\nContent-Type: application/pdf\r\n\
Content-Disposition: attachment; filename=\"brief.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{attachment}\r\n--B--\r\n"
        );
        env.deliver(&format!("{i:04}.msg"), raw.as_bytes());
    }

    // Act: kill it once it has started, then start it again.
    env.start();
    env.wait_until("the first cases are committed", || {
        env.count("maildir/cur") >= 5
    });
    env.kill();
    let left = env.count("maildir/new");
    assert!(
        left > 0,
        "the daemon finished before it was killed; the test proved nothing"
    );
    env.start();
    env.wait_until("every message is taken", || env.count("maildir/new") == 0);
    env.wait_until("200 acknowledgements are written", || {
        env.outbox().len() >= 200
    });
    env.stop();

    // Assert
    let cases = env.json(&["cases", "list", "--json"]);
    let cases = cases.as_array().unwrap();
    assert_eq!(cases.len(), 200, "one case per message");
    let subjects: HashSet<&str> = cases
        .iter()
        .map(|c| c["reference"].as_str().unwrap())
        .collect();
    assert_eq!(subjects.len(), 200);
    let acks = env.outbox();
    assert_eq!(acks.len(), 200, "one acknowledgement per case");
    let mut recipients = HashSet::new();
    for ack in &acks {
        let text = read(ack);
        let to = text
            .lines()
            .find(|l| l.starts_with("To: "))
            .unwrap()
            .to_owned();
        assert!(recipients.insert(to.clone()), "two acknowledgements {to}");
    }
    assert!(env.dsrd(&["audit", "verify"]).status.success());
}

#[tokio::test]
async fn a_daemon_killed_while_writing_mail_leaves_no_temporary_file_after_the_next_start() {
    // Arrange: a burst of acknowledgements to write.
    let mut env = TestEnv::new(Backend::Sqlite).await;
    let total = 300;
    for i in 0..total {
        let raw = mail(
            &format!("burst-{i}@example.org"),
            &format!("Ouder {i} <ouder{i}@example.org>"),
            &format!("Inzage {i}"),
            "Graag inzage in de gegevens van mijn kind.",
        );
        env.deliver(&format!("{i:04}.msg"), &raw);
    }

    // Act: kill it while it is writing them. A write cut off that way leaves
    // its temporary file, with the whole message in it; the kill catches one
    // only now and then, so two are put there as well: one named as this
    // version names them and one as the versions before it did.
    env.start();
    env.wait_until("the first acknowledgements are written", || {
        env.outbox().len() >= 5
    });
    env.kill();
    let written = env.outbox().len();
    assert!(
        written < total,
        "the daemon wrote all {total} before it was killed; the test proved nothing"
    );
    let letter = "To: Ouder 7 <ouder7@example.org>\r\nSubject: Ontvangstbevestiging\r\n\r\nBeste Ouder 7,\r\n";
    for name in [".dsrd-writing-k1LLed.tmp", ".tmpK1lled"] {
        std::fs::write(env.path("outbox").join(name), letter).unwrap();
    }
    env.start();
    env.wait_until("every acknowledgement is written", || {
        env.outbox().len() >= total
    });
    env.stop();

    // Assert: the folder holds the acknowledgements and nothing else.
    let strays: Vec<String> = std::fs::read_dir(env.path("outbox"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.starts_with('.') || !name.ends_with(".eml"))
        .collect();
    assert!(strays.is_empty(), "left in the outbox: {strays:?}");
    assert_eq!(env.outbox().len(), total, "one acknowledgement per request");
    assert!(
        env.log_count("removed what interrupted deliveries left in the outbox") >= 1,
        "{}",
        env.log()
    );
}
