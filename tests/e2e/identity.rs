//! The identity stage end to end (issue 11): the real daemon, the bundled
//! `sql` plugin on a school database, SQLite and PostgreSQL stores. A
//! guardian on file is matched on file; an unknown address gets a code at
//! the address on file and nowhere else; the right code verifies, a wrong
//! or expired one does not; a passport scan leaves no trace in any table or
//! file once identity is decided; an in-person note with a BSN is refused.

use crate::helpers::*;
use crate::support::dovecot::Dovecot;
use serde_json::Value;

/// The school's authserv-id: the mail server that stamps
/// Authentication-Results for the mailbox.
pub(crate) const AUTHSERV: &str = "mx.testscholen.example";
pub(crate) const GUARDIAN: &str = "sanne.bakker@example.nl";
pub(crate) const CHILD: &str = "Lotte Bakker";
pub(crate) const CHILD_NUMBER: &str = "900001";
const STRANGER: &str = "iemand@elders.example";
const PUPIL: &str = "lotte.bakker@leerling.example";

/// A school database (the demo school's schema) with our own family in it:
/// Sanne Bakker, parent with authority of Lotte (born 2017, so under 16)
/// and of nobody else.
/// The school database's URL in `env`.
pub(crate) fn school_url(env: &TestEnv) -> String {
    format!("sqlite:{}", env.path("school.sqlite").display())
}

pub(crate) async fn school(env: &TestEnv) -> String {
    let url = school_url(env);
    dsrd_plugin_sql::demo::create_school_async(&url, 20, 11)
        .await
        .expect("the school database");
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    for sql in [
        "INSERT INTO guardians (id, first_name, last_name, email) VALUES (9001, 'Sanne', 'Bakker', 'sanne.bakker@example.nl')",
        "INSERT INTO pupils (id, student_number, first_name, last_name, date_of_birth, email, enrolled_on) VALUES (9001, '900001', 'Lotte', 'Bakker', '2017-05-01', 'lotte.bakker@leerling.example', '2021-08-20')",
        "INSERT INTO pupil_guardians (id, pupil_id, guardian_id, relation, parental_authority) VALUES (9001, 9001, 9001, 'ouder', 1)",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    pool.close().await;
    url
}

/// A TestEnv with the school behind the `sql` plugin and `mailbox` as its
/// mailbox section (with the authserv-id).
pub(crate) async fn env_with(backend: Backend, mailbox: &str) -> TestEnv {
    let env = TestEnv::new(backend).await;
    let url = school(&env).await;
    let plugins = serde_json::json!({ "plugins": [{
        "name": "sql",
        "builtin": "sql",
        "settings": dsrd_plugin_sql::demo::mapping(&url),
    }]});
    let plugins = toml::to_string(&toml::Value::try_from(plugins).unwrap()).unwrap();
    env.write_config(&format!(
        "{mailbox}\n[outgoing]\nkind = \"files\"\npath = \"outbox\"\n\n[identity]\ncode_valid_days = 7\n\n{plugins}"
    ));
    env
}

pub(crate) async fn maildir_env(backend: Backend) -> TestEnv {
    env_with(
        backend,
        &format!(
            "[mailbox]\nkind = \"maildir\"\npath = \"maildir\"\npoll_interval_ms = 100\nauthserv_id = \"{AUTHSERV}\"\n"
        ),
    )
    .await
}

/// A request as the school's mail server hands it over: with its
/// Authentication-Results for the sender's domain when `authenticated`.
pub(crate) fn request(id: &str, from: &str, body: &str, authenticated: bool) -> Vec<u8> {
    let domain = from.rsplit_once('@').unwrap().1;
    let auth = if authenticated {
        format!("Authentication-Results: {AUTHSERV}; dkim=pass header.d={domain}; spf=pass smtp.mailfrom={from}; dmarc=pass header.from={domain}\r\n")
    } else {
        String::new()
    };
    format!(
        "{auth}From: <{from}>\r\nTo: avg@testscholen.example\r\nSubject: Inzageverzoek\r\nMessage-ID: <{id}>\r\n\
Date: Mon, 30 Nov 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

/// A reply in the case's thread.
fn reply(id: &str, to: &str, from: &str, body: &str) -> Vec<u8> {
    format!(
        "From: <{from}>\r\nTo: avg@testscholen.example\r\nSubject: Re: Inzageverzoek\r\nMessage-ID: <{id}>\r\n\
In-Reply-To: <{to}>\r\nReferences: <{to}>\r\nDate: Mon, 30 Nov 2026 12:00:00 +0100\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

pub(crate) fn case_by_message(env: &TestEnv, n: usize) -> String {
    let list = env.json(&["cases", "list", "--json"]);
    let mut refs: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["reference"].as_str().unwrap().to_owned())
        .collect();
    refs.sort();
    refs[n].clone()
}

pub(crate) fn identity(env: &TestEnv, reference: &str) -> Value {
    env.json(&["cases", "identity", reference, "--json"])
}

pub(crate) fn state(env: &TestEnv, reference: &str) -> String {
    identity(env, reference)["state"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub(crate) fn wait_for_state(env: &TestEnv, reference: &str, want: &str) {
    env.wait_until(&format!("{reference} is {want}"), || {
        state(env, reference) == want
    });
}

/// The outgoing mail of `kind` (file names are `REF-KIND-ID.eml`), decoded.
pub(crate) fn sent(env: &TestEnv, kind: &str) -> Vec<(String, String)> {
    env.outbox()
        .iter()
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .contains(&format!("-{kind}-"))
        })
        .map(|p| {
            let raw = std::fs::read(p).unwrap();
            let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
            let to = message
                .to()
                .and_then(|a| a.first())
                .and_then(|a| a.address())
                .unwrap_or_default()
                .to_owned();
            (to, message.body_text(0).unwrap_or_default().into_owned())
        })
        .collect()
}

/// The code in a code letter: two groups of four.
fn code_in(body: &str) -> String {
    body.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .find(|w| {
            w.len() == 9
                && w.as_bytes()[4] == b'-'
                && w.chars()
                    .all(|c| c == '-' || c.is_ascii_uppercase() || c.is_ascii_digit())
        })
        .unwrap_or_else(|| panic!("no code in {body}"))
        .to_owned()
}

fn events(env: &TestEnv, reference: &str) -> Vec<String> {
    env.json(&["cases", "show", reference, "--json"])["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect()
}

async fn a_guardian_writing_about_her_only_child_is_matched_on_file(backend: Backend) {
    let mut env = maildir_env(backend).await;
    env.deliver(
        "1.request",
        &request(
            "match-1@example.nl",
            GUARDIAN,
            "Beste school,\n\nGraag wil ik inzage in alle gegevens die u over mijn dochter bewaart.\n\nMet vriendelijke groet,\nSanne Bakker",
            true,
        ),
    );
    env.start();
    env.wait_until("the case exists", || {
        env.json(&["cases", "list", "--json"])
            .as_array()
            .unwrap()
            .len()
            == 1
    });
    let reference = case_by_message(&env, 0);
    wait_for_state(&env, &reference, "awaiting_approval");
    env.stop();

    let id = identity(&env, &reference);
    let record = &id["identity"];
    assert_eq!(
        record["verification"]["method"], "matched_on_file",
        "{id:#}"
    );
    assert_eq!(record["verification"]["address"], GUARDIAN);
    let subject = record["subject"].as_u64().unwrap() as usize;
    let child = &record["finding"]["candidates"][subject];
    assert_eq!(child["kind"], "pupil");
    assert!(child["names"].to_string().contains(CHILD), "{child:#}");
    assert!(
        sent(&env, "identity_code").is_empty(),
        "no code for a match on file"
    );
    let events = events(&env, &reference);
    assert!(events.contains(&"subject_found".to_owned()), "{events:?}");
    assert!(
        events.contains(&"identity_verified".to_owned()),
        "{events:?}"
    );
    let text =
        String::from_utf8_lossy(&env.dsrd(&["cases", "identity", &reference]).stdout).into_owned();
    assert!(text.contains("verified: matched_on_file"), "{text}");
}

#[tokio::test]
async fn a_guardian_writing_about_her_only_child_is_matched_on_file_on_sqlite() {
    a_guardian_writing_about_her_only_child_is_matched_on_file(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_guardian_writing_about_her_only_child_is_matched_on_file_on_postgres() {
    a_guardian_writing_about_her_only_child_is_matched_on_file(Backend::Postgres).await;
}

async fn an_unknown_address_gets_a_code_at_the_address_on_file_only(backend: Backend) {
    let mut env = maildir_env(backend).await;
    env.deliver(
        "1.request",
        &request(
            "stranger-1@elders.example",
            STRANGER,
            &format!("Geachte heer, mevrouw,\n\nIk wil graag inzage in de gegevens van mijn dochter {CHILD}, leerlingnummer {CHILD_NUMBER}.\n\nMet vriendelijke groet,\nSanne Bakker"),
            true,
        ),
    );
    env.start();
    env.wait_until("the code letter is written", || {
        !sent(&env, "identity_code").is_empty()
    });
    let reference = case_by_message(&env, 0);
    wait_for_state(&env, &reference, "awaiting_identity");

    // The code goes to the guardian's address on file, and to nothing else.
    let codes = sent(&env, "identity_code");
    assert_eq!(codes.len(), 1, "{codes:?}");
    assert_eq!(codes[0].0, GUARDIAN);
    let code = code_in(&codes[0].1);
    for path in env.outbox() {
        let text = read(&path);
        if !path.to_string_lossy().contains("identity_code") {
            assert!(!text.contains(&code), "the code is in {path:?}");
        }
    }
    let id = identity(&env, &reference);
    assert!(
        !id.to_string().contains(&code),
        "the code itself is not kept"
    );
    assert!(!id.to_string().contains(&code.replace('-', "")));

    // A wrong code changes nothing but the count of answers.
    env.deliver(
        "2.reply",
        &reply(
            "stranger-2@elders.example",
            "stranger-1@elders.example",
            STRANGER,
            "Mijn code is ZZZZ-2222",
        ),
    );
    env.wait_until("the wrong code is read", || {
        identity(&env, &reference)["identity"]["code"]["record"]["attempts_left"] == 4
    });
    assert_eq!(state(&env, &reference), "awaiting_identity");
    assert!(identity(&env, &reference)["identity"]["verification"].is_null());

    // The right one verifies.
    env.deliver(
        "3.reply",
        &reply(
            "stranger-3@elders.example",
            "stranger-1@elders.example",
            STRANGER,
            &format!(
                "Hierbij de code: {}\n\n> eerder bericht",
                code.to_lowercase()
            ),
        ),
    );
    wait_for_state(&env, &reference, "awaiting_approval");
    env.stop();
    let id = identity(&env, &reference);
    assert_eq!(
        id["identity"]["verification"]["method"], "code_to_address_on_file",
        "{id:#}"
    );
    assert_eq!(id["identity"]["verification"]["address"], GUARDIAN);
    let show = env.json(&["cases", "show", &reference, "--json"]);
    let wait = &show["deadline"]["identity_wait"];
    assert!(
        !wait["asked"].is_null() && !wait["answered"].is_null(),
        "the identity wait is recorded: {show:#}"
    );
}

#[tokio::test]
async fn an_unknown_address_gets_a_code_at_the_address_on_file_only_on_sqlite() {
    an_unknown_address_gets_a_code_at_the_address_on_file_only(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_unknown_address_gets_a_code_at_the_address_on_file_only_on_postgres() {
    an_unknown_address_gets_a_code_at_the_address_on_file_only(Backend::Postgres).await;
}

async fn an_expired_code_verifies_nothing(backend: Backend) {
    let mut env = maildir_env(backend).await;
    env.set_clock("2026-11-30T10:00:00Z");
    env.deliver_at(
        "1.request",
        &request(
            "late-1@elders.example",
            STRANGER,
            &format!("Beste,\n\nGraag inzage in de gegevens van {CHILD}, leerlingnummer {CHILD_NUMBER}.\n\nGroet,\nSanne"),
            false,
        ),
        "2026-11-30T09:00:00Z",
    );
    env.start();
    env.wait_until("the code letter is written", || {
        !sent(&env, "identity_code").is_empty()
    });
    let reference = case_by_message(&env, 0);
    let code = code_in(&sent(&env, "identity_code")[0].1);
    // Eight days later: the code (valid for seven) has expired.
    env.set_clock("2026-12-08T10:00:00Z");
    env.deliver(
        "2.reply",
        &reply(
            "late-2@elders.example",
            "late-1@elders.example",
            STRANGER,
            &code,
        ),
    );
    env.wait_until("the late reply is read", || {
        events(&env, &reference)
            .iter()
            .any(|e| e == "code_answered")
    });
    env.stop();
    assert_eq!(state(&env, &reference), "awaiting_identity");
    let show = env.json(&["cases", "show", &reference, "--json"]);
    let answered = show["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "code_answered")
        .unwrap();
    assert!(
        answered["detail"].as_str().unwrap().contains("expired"),
        "{answered:#}"
    );
    assert!(identity(&env, &reference)["identity"]["verification"].is_null());
}

#[tokio::test]
async fn an_expired_code_verifies_nothing_on_sqlite() {
    an_expired_code_verifies_nothing(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_expired_code_verifies_nothing_on_postgres() {
    an_expired_code_verifies_nothing(Backend::Postgres).await;
}

/// A JPEG "scan" with a marker no other bytes of the test contain.
fn passport_scan() -> Vec<u8> {
    let mut jpeg = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00,
    ];
    for i in 0..4000u32 {
        jpeg.extend_from_slice(format!("PASPOORT-NL-{i:05}-").as_bytes());
    }
    jpeg.extend_from_slice(&[0xFF, 0xD9]);
    jpeg
}

fn with_scan(id: &str, from: &str, scan: &[u8]) -> Vec<u8> {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(scan);
    let lines: Vec<&str> = encoded
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    let domain = from.rsplit_once('@').unwrap().1;
    format!(
        "Authentication-Results: {AUTHSERV}; dkim=pass header.d={domain}; dmarc=pass header.from={domain}\r\n\
From: <{from}>\r\nTo: avg@testscholen.example\r\nSubject: Inzageverzoek\r\nMessage-ID: <{id}>\r\n\
Date: Mon, 30 Nov 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
Beste school,\r\n\r\nGraag inzage in alle gegevens over mijn dochter. Ter identificatie stuur ik een kopie van mijn paspoort mee.\r\n\r\nSanne Bakker\r\n\
--b1\r\nContent-Type: image/jpeg; name=\"paspoort.jpg\"\r\nContent-Disposition: attachment; filename=\"paspoort.jpg\"\r\n\
Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--b1--\r\n",
        lines.join("\r\n")
    )
    .into_bytes()
}

/// Every file under `dir` that holds `needle`.
fn files_holding(dir: &std::path::Path, needle: &[u8]) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                if bytes.windows(needle.len()).any(|w| w == needle) {
                    found.push(path);
                }
            }
        }
    }
    found
}

fn needles(scan: &[u8]) -> Vec<Vec<u8>> {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(scan);
    // The decoded marker, and a line of its base64 from the middle.
    vec![
        b"PASPOORT-NL-02000-".to_vec(),
        encoded.as_bytes()[7600..7676].to_vec(),
    ]
}

async fn a_passport_scan_is_gone_from_every_table_and_file(backend: Backend) {
    let mut env = maildir_env(backend).await;
    let scan = passport_scan();
    env.deliver(
        "1.request",
        &with_scan("scan-1@example.nl", GUARDIAN, &scan),
    );
    env.start();
    env.wait_until("the case exists", || {
        env.json(&["cases", "list", "--json"])
            .as_array()
            .unwrap()
            .len()
            == 1
    });
    let reference = case_by_message(&env, 0);
    wait_for_state(&env, &reference, "awaiting_approval");
    env.wait_until("the scan is removed and the mailbox copy replaced", || {
        identity(&env, &reference)["identity"]["removed"][0]["mailbox_copy"]["status"] == "replaced"
    });
    env.wait_until("the requester's letter is delivered", || {
        !sent(&env, "id_copy_removed").is_empty()
    });
    env.stop();

    for needle in needles(&scan) {
        let holding = files_holding(env.dir.path(), &needle);
        assert!(
            holding.is_empty(),
            "the scan's bytes are still in {holding:?}"
        );
    }
    if backend == Backend::Postgres {
        // The store's own tables, through SQL.
        let found = env
            .json(&["cases", "show", &reference, "--json"])
            .to_string()
            .contains("PASPOORT");
        assert!(!found);
    }
    let id = identity(&env, &reference);
    let removed = &id["identity"]["removed"][0];
    assert_eq!(removed["file_name"], "paspoort.jpg");
    assert_eq!(removed["content_type"], "image/jpeg");
    use sha2::Digest;
    assert_eq!(removed["sha256"], hex::encode(sha2::Sha256::digest(&scan)));
    let audit = env.json(&["audit", "list", "--case", &reference, "--json"]);
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"attachment.removed"), "{actions:?}");
    assert!(actions.contains(&"attachment.mailbox_copy"), "{actions:?}");
    assert!(env.dsrd(&["audit", "verify"]).status.success());
    // The requester is told, and the letter names the file.
    let told = sent(&env, "id_copy_removed");
    assert_eq!(told.len(), 1, "one letter about the removal");
    assert_eq!(told[0].0, GUARDIAN);
    assert!(told[0].1.contains("paspoort.jpg"), "{}", told[0].1);
    // The mail itself is still readable: its text is there.
    let body = env.json(&["cases", "show", &reference, "--json"])["body_text"].to_string();
    assert!(body.contains("kopie van mijn paspoort"), "{body}");
}

#[tokio::test]
async fn a_passport_scan_is_gone_from_every_table_and_file_on_sqlite() {
    a_passport_scan_is_gone_from_every_table_and_file(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_passport_scan_is_gone_from_every_table_and_file_on_postgres() {
    a_passport_scan_is_gone_from_every_table_and_file(Backend::Postgres).await;
}

#[tokio::test]
async fn a_passport_scan_is_gone_from_the_imap_mailbox_copy() {
    let dovecot = Dovecot::start(&["test"]);
    dovecot.create("test", "Done").await;
    let mut env = env_with(
        Backend::Sqlite,
        &crate::imap::imap_mailbox(&dovecot, &format!("authserv_id = \"{AUTHSERV}\"")),
    )
    .await;
    let scan = passport_scan();
    dovecot
        .append(
            "test",
            "INBOX",
            &[with_scan("scan-imap@example.nl", GUARDIAN, &scan)],
        )
        .await;
    env.start();
    env.wait_until("the case exists", || {
        env.json(&["cases", "list", "--json"])
            .as_array()
            .unwrap()
            .len()
            == 1
    });
    let reference = case_by_message(&env, 0);
    env.wait_until("the IMAP copy is replaced", || {
        identity(&env, &reference)["identity"]["removed"][0]["mailbox_copy"]["status"] == "replaced"
    });
    env.stop();
    let done = dovecot.messages("test", "Done");
    assert_eq!(done.len(), 1, "one copy, without the scan");
    let copy = std::fs::read(&done[0]).unwrap();
    for needle in needles(&scan) {
        assert!(!copy.windows(needle.len()).any(|w| w == needle.as_slice()));
    }
    assert!(String::from_utf8_lossy(&copy).contains("kopie van mijn paspoort"));
    assert!(dovecot.messages("test", "INBOX").is_empty());
}

#[tokio::test]
async fn an_in_person_note_with_a_bsn_is_refused_and_no_document_number_can_be_given() {
    let mut env = maildir_env(Backend::Sqlite).await;
    env.deliver(
        "1.request",
        &request(
            "desk-1@elders.example",
            STRANGER,
            &format!("Goedemorgen,\n\nIk wil de gegevens van {CHILD} (leerlingnummer {CHILD_NUMBER}) inzien.\n\nSanne Bakker"),
            true,
        ),
    );
    env.start();
    env.wait_until("the case waits for identity", || {
        env.json(&["cases", "list", "--json"])
            .as_array()
            .unwrap()
            .len()
            == 1
            && state(&env, &case_by_message(&env, 0)) == "awaiting_identity"
    });
    env.stop();
    let reference = case_by_message(&env, 0);
    let base = [
        "cases",
        "identity",
        &reference,
        "--in-person",
        "--document-type",
        "passport",
        "--seen-by",
        "J. de Wit",
    ];
    let with_bsn = [&base[..], &["--note", "BSN 111222333 gezien"]].concat();
    let out = env.dsrd(&with_bsn);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("BSN"), "{said}");
    assert_eq!(state(&env, &reference), "awaiting_identity");
    assert!(!env
        .json(&["cases", "show", &reference, "--json"])
        .to_string()
        .contains("111222333"));

    let with_number = [&base[..], &["--document-number", "NX12345A6"]].concat();
    let out = env.dsrd(&with_number);
    assert_eq!(
        out.status.code(),
        Some(2),
        "there is no option for a document number"
    );

    let ok = [&base[..], &["--note", "moeder van Lotte, aan de balie"]].concat();
    let out = env.dsrd(&ok);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let id = identity(&env, &reference);
    assert_eq!(state(&env, &reference), "awaiting_approval");
    let v = &id["identity"]["verification"];
    assert_eq!(v["method"], "in_person");
    assert_eq!(v["document_seen"], "passport");
    assert_eq!(v["by"], "J. de Wit");
    let audit = env.json(&["audit", "list", "--case", &reference, "--json"]);
    assert!(audit.to_string().contains("identity.verified"));
}

#[tokio::test]
async fn an_unanswered_code_is_reminded_once_and_then_refused_for_lack_of_identity() {
    let mut env = maildir_env(Backend::Sqlite).await;
    env.set_clock("2026-11-30T10:00:00Z");
    env.deliver_at(
        "1.request",
        &request(
            "quiet-1@elders.example",
            STRANGER,
            &format!("Beste,\n\nGraag inzage in de gegevens van {CHILD}, leerlingnummer {CHILD_NUMBER}.\n\nGroet,\nSanne"),
            false,
        ),
        "2026-11-30T09:00:00Z",
    );
    env.start();
    env.wait_until("the code letter is written", || {
        !sent(&env, "identity_code").is_empty()
    });
    let reference = case_by_message(&env, 0);
    // Six days without an answer: one reminder, to the same address on file.
    env.set_clock("2026-12-06T10:00:00Z");
    env.wait_until("the reminder is written", || {
        !sent(&env, "identity_reminder").is_empty()
    });
    let reminders = sent(&env, "identity_reminder");
    assert_eq!(reminders.len(), 1);
    assert_eq!(reminders[0].0, GUARDIAN);
    let show = env.json(&["cases", "show", &reference, "--json"]);
    let notice_by = show["extension_notice_by"].as_str().unwrap().to_owned();
    // The last day an extension could be announced: refused, with the letter.
    env.set_clock(&format!("{notice_by}T10:00:00Z"));
    wait_for_state(&env, &reference, "rejected");
    env.wait_until("the refusal is delivered", || {
        !sent(&env, "identity_refusal").is_empty()
    });
    env.stop();
    let refusals = sent(&env, "identity_refusal");
    assert_eq!(refusals.len(), 1, "one refusal");
    assert_eq!(refusals[0].0, STRANGER, "the refusal answers the requester");
    assert!(
        refusals[0].1.contains("Autoriteit Persoonsgegevens"),
        "{}",
        refusals[0].1
    );
    // Issue 13: the refusal as sent carries its reasons and the way to
    // court (a private foundation: a petition within six weeks).
    for element in [
        "niet kunnen vaststellen wie het verzoek doet",
        "artikel 12, lid 2",
        "rechtbank",
        "verzoekschrift",
        "zes weken",
    ] {
        assert!(
            refusals[0].1.contains(element),
            "{element}: {}",
            refusals[0].1
        );
    }
    assert_eq!(sent(&env, "identity_reminder").len(), 1, "reminded once");
    let audit = env.json(&["audit", "list", "--case", &reference, "--json"]);
    assert!(audit.to_string().contains("identity.refused"));
}

#[tokio::test]
async fn a_pupil_of_nine_writing_herself_is_told_her_parents_can_ask() {
    let mut env = maildir_env(Backend::Sqlite).await;
    env.deliver(
        "1.request",
        &request(
            "pupil-1@leerling.example",
            PUPIL,
            "Hoi,\n\nIk wil graag zien welke gegevens de school over mij heeft.\n\nGroetjes,\nLotte Bakker",
            true,
        ),
    );
    env.start();
    env.wait_until("the case exists", || {
        env.json(&["cases", "list", "--json"])
            .as_array()
            .unwrap()
            .len()
            == 1
    });
    let reference = case_by_message(&env, 0);
    wait_for_state(&env, &reference, "awaiting_identity");
    let text =
        String::from_utf8_lossy(&env.dsrd(&["cases", "identity", &reference]).stdout).into_owned();
    assert!(text.contains("ParentMustAsk"), "{text}");
    assert!(
        sent(&env, "not_valid").is_empty(),
        "an officer confirms first"
    );
    let out = env.dsrd(&[
        "cases",
        "identity",
        &reference,
        "--not-a-representative",
        "--reason",
        "leerling van 9 schrijft zelf",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(state(&env, &reference), "rejected");
    env.wait_until("the letter is delivered", || {
        !sent(&env, "not_valid").is_empty()
    });
    env.stop();
    let letters = sent(&env, "not_valid");
    assert_eq!(letters.len(), 1);
    assert_eq!(letters[0].0, PUPIL);
    assert!(letters[0].1.contains("16"), "{}", letters[0].1);
    assert!(sent(&env, "identity_code").is_empty());
}
