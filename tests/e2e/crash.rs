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
