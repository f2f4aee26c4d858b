//! Mail in, cases with deadlines, acknowledgements out, on both stores.

use crate::helpers::*;
use serde_json::Value;

fn messages() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("1.plain", mail("plain-1@example.org", "Sanne de Vries <sanne@example.org>", "Inzageverzoek",
            "Beste,\r\n\r\nIk wil graag inzage in de gegevens die u van mijn zoon Daan bewaart.\r\n\r\nMet vriendelijke groet,\r\nSanne de Vries")),
        ("2.html", b"From: Emily Carter <emily@example.net>\r\nTo: avg@testscholen.example\r\nSubject: Erasure request\r\n\
Message-ID: <html-2@example.net>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
<html><body><p>Dear school,</p><p>Please <b>delete</b> all the data you hold about my daughter.</p></body></html>\r\n".to_vec()),
        ("3.cp1252", b"From: =?windows-1252?Q?Ren=E9e_Jansen?= <renee@example.org>\r\nTo: avg@testscholen.example\r\n\
Subject: Correctie gegevens\r\nMessage-ID: <cp-3@example.org>\r\nContent-Type: text/plain; charset=windows-1252\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\r\nIk wil dat u het adres van mijn dochter corrigeert; de naam is Ren=E9e =96 niet Renee.\r\n".to_vec()),
        ("4.base64", {
            let body = "Please send me a copy of all personal data you hold about me. Thank you.";
            format!("From: Tom Baker <tom@example.com>\r\nTo: avg@testscholen.example\r\nSubject: Subject access request\r\n\
Message-ID: <b64-4@example.com>\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
                base64(body.as_bytes())).into_bytes()
        }),
        ("5.malformed", b"\x00\x01garbage that is not a mail\xff\xfe".to_vec()),
    ]
}

fn base64(data: &[u8]) -> String {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn case_by_subject<'a>(cases: &'a [Value], subject: &str) -> &'a Value {
    cases
        .iter()
        .find(|c| c["subject"] == subject)
        .unwrap_or_else(|| panic!("no case with subject {subject}"))
}

async fn mail_becomes_cases_with_deadlines_and_acknowledgements(backend: Backend) {
    // Arrange
    let mut env = TestEnv::new(backend).await;
    for (name, raw) in messages() {
        env.deliver(name, &raw);
    }
    // Act
    env.start();
    env.wait_until("every message is taken from new/", || {
        env.count("maildir/new") == 0
    });
    env.wait_until("four acknowledgements are written", || {
        env.outbox().len() == 4
    });
    let status = env.stop();
    // Assert
    assert!(
        status.success(),
        "daemon did not stop cleanly: {status:?}\n{}",
        env.log()
    );
    assert_eq!(env.count("maildir/cur"), 5);
    let list = env.json(&["cases", "list", "--json"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 5);
    let cases: Vec<Value> = list
        .iter()
        .map(|c| env.json(&["cases", "show", c["reference"].as_str().unwrap(), "--json"]))
        .collect();

    let plain = case_by_subject(&cases, "Inzageverzoek");
    assert_eq!(plain["state"], "received");
    assert_eq!(plain["requester_address"], "sanne@example.org");
    assert_eq!(plain["requester_name"], "Sanne de Vries");
    assert_eq!(plain["language"], "nl");
    assert!(plain["body_text"]
        .as_str()
        .unwrap()
        .contains("mijn zoon Daan"));
    let received =
        chrono::DateTime::parse_from_rfc3339(plain["received_at"].as_str().unwrap()).unwrap();
    let local = received
        .with_timezone(&chrono_tz::Europe::Amsterdam)
        .date_naive();
    let due =
        chrono::NaiveDate::parse_from_str(plain["due_date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    assert_eq!(
        due,
        local + chrono::Days::new(28),
        "four-weeks policy: receipt date + 28 days"
    );
    assert!(!plain["due_explanation"].as_array().unwrap().is_empty());

    let html = case_by_subject(&cases, "Erasure request");
    assert_eq!(html["language"], "en");
    let text = html["body_text"].as_str().unwrap();
    assert!(text.contains("Please delete all the data"), "{text}");
    assert!(!text.contains("<b>"));
    assert_eq!(
        html["request_types"][0], "erasure",
        "an HTML-only letter is classified on its text"
    );

    let cp = case_by_subject(&cases, "Correctie gegevens");
    assert_eq!(cp["requester_name"], "Renée Jansen");
    assert!(cp["body_text"]
        .as_str()
        .unwrap()
        .contains("Renée – niet Renee"));

    let b64 = case_by_subject(&cases, "Subject access request");
    assert!(b64["body_text"]
        .as_str()
        .unwrap()
        .contains("send me a copy of all personal data"));

    let broken: Vec<&Value> = cases
        .iter()
        .filter(|c| c["state"] == "needs_triage")
        .collect();
    assert_eq!(
        broken.len(),
        1,
        "exactly the malformed message goes to triage"
    );
    assert!(broken[0]["triage_reason"].as_str().unwrap().len() > 5);
    let refs: Vec<&str> = list
        .iter()
        .map(|c| c["reference"].as_str().unwrap())
        .collect();
    assert!(refs.iter().all(|r| r.starts_with("AVG-")), "{refs:?}");

    // One acknowledgement per understood request, threaded, in its language.
    let acks: Vec<String> = env.outbox().iter().map(|p| read(p)).collect();
    let ack_to = |addr: &str| {
        acks.iter()
            .find(|a| a.contains(&format!("<{addr}>")))
            .unwrap_or_else(|| panic!("no ack to {addr}"))
    };
    let nl = ack_to("sanne@example.org");
    assert!(nl.contains("In-Reply-To: <plain-1@example.org>"));
    assert!(nl.contains(&format!(
        "[{}] Ontvangstbevestiging",
        plain["reference"].as_str().unwrap()
    )));
    let en = ack_to("emily@example.net");
    assert!(en.contains("In-Reply-To: <html-2@example.net>"));
    assert!(en.contains("Acknowledgement"));
    ack_to("renee@example.org");
    ack_to("tom@example.com");

    let verify = env.dsrd(&["audit", "verify"]);
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
}

#[tokio::test]
async fn mail_becomes_cases_with_deadlines_and_acknowledgements_on_sqlite() {
    mail_becomes_cases_with_deadlines_and_acknowledgements(Backend::Sqlite).await;
}

#[tokio::test]
async fn mail_becomes_cases_with_deadlines_and_acknowledgements_on_postgres() {
    mail_becomes_cases_with_deadlines_and_acknowledgements(Backend::Postgres).await;
}

#[tokio::test]
async fn the_same_message_delivered_twice_is_one_case() {
    let mut env = TestEnv::new(Backend::Sqlite).await;
    let raw = mail(
        "twice@example.org",
        "a@example.org",
        "Verzoek",
        "Verwijder mijn gegevens.",
    );
    env.deliver("1.first", &raw);
    env.deliver("2.again", &raw);
    env.start();
    env.wait_until("both copies are taken", || env.count("maildir/cur") == 2);
    env.wait_until("the acknowledgement is written", || {
        !env.outbox().is_empty()
    });
    env.stop();
    assert_eq!(
        env.json(&["cases", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(env.outbox().len(), 1);
}

#[tokio::test]
async fn a_message_the_database_refuses_is_kept_raw_for_triage_and_does_not_block_the_mailbox() {
    // Arrange: a database that refuses one message as parsed (as PostgreSQL
    // refuses text it cannot hold), and a normal request behind it.
    let mut env = TestEnv::new(Backend::Sqlite).await;
    env.start();
    env.wait_until("the schema exists", || {
        env.path("dsrd.sqlite").exists() && env.log().contains("watching Maildir")
    });
    env.stop();
    env.tamper(
        "CREATE TRIGGER refuse_poison BEFORE INSERT ON cases WHEN NEW.subject LIKE '%poison%' \
         BEGIN SELECT RAISE(ABORT, 'value refused'); END",
    )
    .await;
    env.deliver(
        "1.poison",
        &mail(
            "poison-1@example.org",
            "a@example.org",
            "poison",
            "Graag inzage.",
        ),
    );
    env.deliver(
        "2.normal",
        &mail(
            "normal-2@example.org",
            "b@example.org",
            "Inzage",
            "Graag inzage in mijn gegevens.",
        ),
    );

    // Act
    env.start();
    env.wait_until("both messages are taken", || env.count("maildir/new") == 0);
    env.stop();

    // Assert
    let list = env.json(&["cases", "list", "--json"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2, "{list:?}");
    let triaged: Vec<_> = list
        .iter()
        .filter(|c| c["state"] == "needs_triage")
        .collect();
    assert_eq!(triaged.len(), 1);
    let case = env.json(&[
        "cases",
        "show",
        triaged[0]["reference"].as_str().unwrap(),
        "--json",
    ]);
    assert!(
        case["triage_reason"]
            .as_str()
            .unwrap()
            .contains("raw bytes"),
        "{case}"
    );
    assert!(env.log().contains("the database refused a parsed message"));
    assert!(env.dsrd(&["audit", "verify"]).status.success());
}
