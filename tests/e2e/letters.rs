//! Letters as templates: the organisation's version of a letter is the one
//! the daemon sends, and a broken one stops the daemon with its file and line.

use crate::helpers::*;

/// An English request, answered in English.
fn english_request() -> Vec<u8> {
    mail(
        "sar-1@example.com",
        "Tom Baker <tom@example.com>",
        "Subject access request",
        "Please send me a copy of all personal data you hold about me. Thank you.",
    )
}

#[tokio::test]
async fn an_organisations_own_acknowledgement_is_the_one_sent() {
    let mut env = TestEnv::new(Backend::Sqlite).await;
    std::fs::create_dir_all(env.path("letters/en")).unwrap();
    std::fs::write(
        env.path("letters/en/acknowledgement.txt"),
        "Subject: We have your request {{ reference }}\n\n\
{% if requester_name %}\nHello {{ requester_name }},\n{% else %}\nHello,\n{% endif %}\n\n\
Test School received your request on {{ received }} and answers by {{ due }}.\n\n\
{{ organisation }}\n",
    )
    .unwrap();
    env.configure("\n[letters]\ndir = \"letters\"\n");
    let check = env.dsrd(&["check-config"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(
        String::from_utf8_lossy(&check.stdout)
            .contains("letters/en/acknowledgement.txt replaces the built-in one"),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    env.deliver("1.sar", &english_request());
    env.start();
    env.wait_until("the acknowledgement is written", || {
        !env.outbox().is_empty()
    });
    env.stop();
    let reference = env.json(&["cases", "list", "--json"])[0]["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    let ack = read(&env.outbox()[0]);
    assert!(
        ack.contains(&format!("Subject: We have your request {reference}")),
        "{ack}"
    );
    assert!(
        ack.contains("Hello Tom Baker,\r\n\r\nTest School received your request on "),
        "{ack}"
    );
    assert!(ack.contains("\r\nStichting Testscholen\r\n"), "{ack}");
    assert!(
        !ack.contains("Please quote this reference"),
        "the built-in text: {ack}"
    );
}

#[tokio::test]
async fn a_broken_letter_is_reported_with_its_file_and_line_and_stops_the_daemon() {
    let env = TestEnv::new(Backend::Sqlite).await;
    std::fs::create_dir_all(env.path("letters/nl")).unwrap();
    std::fs::write(
        env.path("letters/nl/acknowledgement.txt"),
        "Subject: [{{ reference }}] Ontvangen\n\nBeste {{ requester_naam }},\n\nTot {{ due }}.\n",
    )
    .unwrap();
    std::fs::write(env.path("letters/nl/ontvangst.txt"), "Subject: x\n\ny\n").unwrap();
    env.configure("\n[letters]\ndir = \"letters\"\n");
    let out = env.dsrd(&["check-config"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("letters/nl/acknowledgement.txt:3:10: letters.dir: the acknowledgement has no field `requester_naam`"),
        "{err}"
    );
    assert!(
        err.contains("hint: this letter's fields are reference, organisation, requester_name"),
        "{err}"
    );
    // A file that is no letter is only a warning, but it is named.
    assert!(
        err.contains("warning: ") && err.contains("letters/nl/ontvangst.txt"),
        "{err}"
    );

    let run = env.dsrd(&["run"]);
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("letters/nl/acknowledgement.txt:3:10"), "{err}");
}
