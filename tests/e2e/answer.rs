//! The answer end to end (issue 13): the real daemon and CLI on a school
//! database behind the `sql` plugin. An access request is approved, carried
//! out, drafted, sent; the requester's link is opened (which spends
//! nothing), the code is typed, the package is downloaded once and matches
//! the school's records; an erasure tells one recipient by e-mail and
//! leaves another as a task, and the letter names both.

use crate::execution::{actions, fingerprint, planned};
use crate::helpers::*;
use crate::identity::{sent, state, wait_for_state, CHILD, CHILD_NUMBER};
use crate::support::free_port;
use std::io::{Read, Write};

/// The download pages on a free port, a key file, the register.
pub(crate) fn answer_config(port: u16) -> String {
    format!(
        r#"
[http]
listen = "127.0.0.1:{port}"
public_url = "http://127.0.0.1:{port}"

[packages]
key_file = "package.key"

[[register]]
system = "sql"
name = "Leerlingadministratie"
purposes = ["onderwijs geven en leerlingen begeleiden"]
legal_bases = ["wettelijke verplichting (WPO)"]
recipients = ["Inspectie van het Onderwijs"]
retention = [{{ category = "leerlingdossier", period = "twee jaar na vertrek" }}]
source = "de ouders bij de inschrijving"
redact = [{{ table = "pupil_guardians", column = "guardian_id", reason = "welke andere volwassenen aan de leerling gekoppeld zijn, zijn hun persoonsgegevens" }}]

[[recipients]]
name = "DUO (BRON)"
task = "Verwerk de wijziging via het DUO-portaal."
task_address = "administratie@testscholen.example"

[[recipients]]
name = "Inspectie van het Onderwijs"
email = "privacy@inspectie.example"
"#
    )
}

pub(crate) fn write_key(env: &TestEnv) {
    std::fs::write(env.path("package.key"), format!("{}\n", "ab".repeat(32))).unwrap();
}

/// One HTTP/1.1 request over a plain connection: status, headers, body
/// (de-chunked).
pub(crate) fn http(
    port: u16,
    method: &str,
    path: &str,
    form: Option<&str>,
) -> (u16, String, Vec<u8>) {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let body = form.unwrap_or("");
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    if form.is_some() {
        request.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    let status: u16 = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let line_end = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let size = usize::from_str_radix(String::from_utf8_lossy(&rest[..line_end]).trim(), 16)
                .unwrap();
            rest = &rest[line_end + 2..];
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[..size]);
            rest = &rest[size + 2..];
        }
        body = out;
    }
    (status, head, body)
}

/// Approves every action of the case's current plan as `fg`.
pub(crate) fn approve_plan(env: &TestEnv, reference: &str) {
    let fp = fingerprint(env, reference);
    let approve = env.dsrd(&["cases", "approve", reference, "--plan", &fp, "--as", "fg"]);
    assert!(
        approve.status.success(),
        "{}",
        String::from_utf8_lossy(&approve.stdout)
    );
}

/// Waits until the case's answer letter is drafted.
pub(crate) fn wait_drafted(env: &TestEnv, reference: &str) {
    env.wait_until("the letter is drafted", || {
        env.dsrd(&["cases", "letter", reference]).status.success()
    });
}

/// `cases letter REF --edit [--for-post]` as `fg`, with `editor` as $EDITOR.
fn edit_letter(
    env: &TestEnv,
    reference: &str,
    editor: &str,
    for_post: bool,
) -> std::process::Output {
    let mut args = vec!["cases", "letter", reference, "--edit", "--as", "fg"];
    if for_post {
        args.push("--for-post");
    }
    std::process::Command::new(env!("CARGO_BIN_EXE_dsrd"))
        .env("EDITOR", editor)
        .env_remove("VISUAL")
        .arg("-c")
        .arg(&env.config)
        .args(args)
        .output()
        .unwrap()
}

pub(crate) fn link_in(text: &str) -> String {
    let start = text
        .find("/download/")
        .expect("a download link in the answer");
    text[start..]
        .split(|c: char| c.is_whitespace() || c == '>' || c == '"')
        .next()
        .unwrap()
        .to_owned()
}

pub(crate) fn code_in(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '.' || c == ',')
        .find(|w| {
            w.len() == 9
                && w.as_bytes()[4] == b'-'
                && w.chars().all(|c| c == '-' || c.is_ascii_alphanumeric())
        })
        .expect("a code in the code e-mail")
        .to_owned()
}

#[tokio::test]
async fn an_access_request_is_answered_with_a_link_that_downloads_the_package_once() {
    let port = free_port();
    let (mut env, reference) = planned(
        Backend::Sqlite,
        "Beste school,\n\nGraag wil ik inzage in alle gegevens die u over mijn dochter bewaart.\n\nSanne Bakker",
        &answer_config(port),
    )
    .await;
    // The key file appears while the daemon runs: it is read when the
    // first package is sealed.
    write_key(&env);
    // Who else is linked to Lotte is other people's data: withheld from
    // the package (art. 15(4)), and the officer sees that in the plan.
    let plan = env.json(&["cases", "plan", &reference, "--json"]);
    assert_eq!(
        plan["withheld"][0]["columns"][0]["column"], "guardian_id",
        "the officer sees it first: {plan:#}"
    );
    approve_plan(&env, &reference);
    env.wait_until("the actions are done", || {
        let a = actions(&env, &reference);
        !a.is_empty() && a.iter().all(|a| a["state"] == "done")
    });
    wait_drafted(&env, &reference);
    let letter = env.json(&["cases", "letter", &reference, "--json"]);
    assert_eq!(letter["packages"][0]["state"], "ready", "{letter:#}");
    // The store keeps no plain copy of the export once it is sealed.
    let action_results = serde_json::to_string(&actions(&env, &reference)).unwrap();
    assert!(!action_results.contains(CHILD_NUMBER), "{action_results}");
    assert!(!action_results.contains("Lotte"), "{action_results}");
    // The sealed file holds none of the pupil's data readably.
    let file = letter["packages"][0]["file"].as_str().unwrap();
    let sealed = std::fs::read(env.path("packages").join(file)).unwrap();
    for needle in [
        "Lotte",
        CHILD_NUMBER,
        "lotte.bakker@leerling.example",
        "Bakker",
    ] {
        assert!(
            !sealed.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{needle} readable in the sealed package"
        );
    }

    let send = env.dsrd(&["cases", "send", &reference, "--as", "fg"]);
    assert!(
        send.status.success(),
        "{}",
        String::from_utf8_lossy(&send.stdout)
    );
    assert_eq!(state(&env, &reference), "answered");
    env.wait_until("the answer and the code are sent", || {
        !sent(&env, "answer").is_empty() && !sent(&env, "download_code").is_empty()
    });
    let (_, answer) = sent(&env, "answer").remove(0);
    let (_, code_mail) = sent(&env, "download_code").remove(0);
    // Nothing personal beyond the requester's own name.
    for needle in [
        CHILD,
        "Lotte",
        CHILD_NUMBER,
        "lotte.bakker@leerling.example",
        "2017",
    ] {
        assert!(
            !answer.contains(needle),
            "{needle} in the answer:\n{answer}"
        );
        assert!(
            !code_mail.contains(needle),
            "{needle} in the code mail:\n{code_mail}"
        );
    }
    assert!(answer.contains("Autoriteit Persoonsgegevens"), "{answer}");
    assert!(answer.contains("Inspectie van het Onderwijs"), "{answer}");
    assert!(
        answer.contains("zijn hun persoonsgegevens"),
        "the letter says what was withheld and why:\n{answer}"
    );
    let link = link_in(&answer);
    let code = code_in(&code_mail);
    assert!(!code_mail.contains(&link), "the code mail carries no link");

    // A mail scanner opens the link: nothing is spent.
    for _ in 0..3 {
        let (status, head, page) = http(port, "GET", &link, None);
        assert_eq!(status, 200, "{head}");
        let page = String::from_utf8_lossy(&page);
        assert!(page.contains("<form"), "{page}");
        assert!(
            head.to_ascii_lowercase()
                .contains("referrer-policy: no-referrer"),
            "{head}"
        );
    }
    let letter = env.json(&["cases", "letter", &reference, "--json"]);
    assert_eq!(letter["packages"][0]["state"], "offered", "{letter:#}");

    // A wrong code is refused and counted.
    let (status, _, page) = http(port, "POST", &link, Some("code=ZZZZ-ZZZZ"));
    assert!((400..500).contains(&status), "{status}");
    assert!(!String::from_utf8_lossy(&page).contains("PK\u{3}\u{4}"));

    // The right code downloads the package.
    let (status, head, zip) = http(port, "POST", &link, Some(&format!("code={code}")));
    assert_eq!(status, 200, "{head}");
    assert!(
        head.to_ascii_lowercase().contains("application/zip"),
        "{head}"
    );
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut names = Vec::new();
    for i in 0..archive.len() {
        names.push(archive.by_index(i).unwrap().name().unwrap().into_owned());
    }
    assert!(names.iter().any(|n| n == "index.html"), "{names:?}");
    assert!(names.iter().any(|n| n == "index.csv"), "{names:?}");
    let mut all = String::new();
    for name in names.iter().filter(|n| n.ends_with(".json")) {
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        all.push_str(&text);
    }
    // The link to her guardian is there, without who it is.
    let mut links = String::new();
    archive
        .by_name("sql/pupil_guardians.json")
        .unwrap()
        .read_to_string(&mut links)
        .unwrap();
    let links: serde_json::Value = serde_json::from_str(&links).unwrap();
    assert_eq!(links[0]["relation"], "ouder", "{links:#}");
    assert!(links[0]["guardian_id"].is_null(), "{links:#}");
    let mut index = String::new();
    archive
        .by_name("index.csv")
        .unwrap()
        .read_to_string(&mut index)
        .unwrap();
    assert!(
        index
            .lines()
            .any(|l| l.starts_with("sql,pupil_guardians,") && l.ends_with(",yes")),
        "{index}"
    );
    // The content matches the school database: Lotte's row and number.
    let (first_name, number, _) = crate::execution::pupil(&env).await.unwrap();
    assert!(all.contains(&first_name), "{all}");
    assert!(all.contains(number.as_deref().unwrap()), "{all}");

    // Spent: a second POST gets a page, not the package; the case is
    // closed and the package gone.
    let (status, _, page) = http(port, "POST", &link, Some(&format!("code={code}")));
    assert!((400..500).contains(&status), "{status}");
    assert!(!page.starts_with(b"PK"));
    assert_eq!(state(&env, &reference), "closed");
    env.wait_until("the package file is deleted", || {
        !env.path("packages").join(file).exists()
    });
    let audit = env.json(&["audit", "list", "--case", &reference, "--json"]);
    let audit = audit.to_string();
    for action in [
        "answer.drafted",
        "answer.sent",
        "package.downloaded",
        "package.deleted",
    ] {
        assert!(audit.contains(action), "{action} not in the audit log");
    }
    env.stop();
}

#[tokio::test]
async fn an_erasure_tells_one_recipient_by_mail_and_leaves_the_other_as_a_task() {
    let port = free_port();
    let (mut env, reference) = planned(
        Backend::Sqlite,
        "Beste school,\n\nWilt u alle gegevens van mijn dochter verwijderen?\n\nSanne Bakker",
        &format!(
            "{}\n[approval]\nerasure_approvers = 1\n",
            answer_config(port)
        ),
    )
    .await;
    // Written while the daemon runs (the letter asks for access too, so a
    // package is sealed).
    write_key(&env);
    // The school recorded that Lotte's data went to DUO.
    let pool = sqlx::SqlitePool::connect(&crate::identity::school_url(&env))
        .await
        .unwrap();
    sqlx::query("INSERT INTO disclosures (id, pupil_id, recipient, contact, categories, disclosed_on) VALUES (99001, 9001, 'DUO (BRON)', NULL, 'identification', '2026-10-01')")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let refresh = env.dsrd(&["cases", "plan", &reference, "--refresh", "--as", "fg"]);
    assert!(
        refresh.status.success(),
        "{}",
        String::from_utf8_lossy(&refresh.stdout)
    );
    approve_plan(&env, &reference);
    env.wait_until("the art. 19 notices are recorded", || {
        env.json(&["cases", "recipients", &reference, "--json"])
            .as_array()
            .is_some_and(|a| !a.is_empty())
    });
    let notices = env.json(&["cases", "recipients", &reference, "--json"]);
    let by_name = |name: &str| {
        notices
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["recipient"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no notice to {name}: {notices:#}"))
    };
    assert_eq!(by_name("Inspectie van het Onderwijs")["state"], "told");
    assert_eq!(by_name("DUO (BRON)")["state"], "open");
    assert_eq!(by_name("DUO (BRON)")["channel"], "task");
    env.wait_until("the notice mail is sent", || {
        !sent(&env, "recipient_notice").is_empty()
    });
    let (to, notice) = sent(&env, "recipient_notice").remove(0);
    assert_eq!(to, "privacy@inspectie.example");
    assert!(notice.contains(&reference), "{notice}");
    // The letter waits for the task.
    assert!(!env.dsrd(&["cases", "letter", &reference]).status.success());
    // The task goes to the person who uses DUO's portal, naming the
    // command that reports it done.
    let task_id = format!("{reference}:DUO (BRON)");
    let tasks = sent(&env, "task");
    let (to, task) = tasks
        .iter()
        .find(|(_, body)| body.contains("DUO-portaal"))
        .unwrap_or_else(|| panic!("no task mail for DUO: {tasks:?}"));
    assert_eq!(to, "administratie@testscholen.example");
    assert!(
        task.contains(&format!("dsrd tasks done \"{task_id}\"")),
        "{task}"
    );
    // The officer's task list names it with the same handle.
    let listed = String::from_utf8_lossy(&env.dsrd(&["tasks", "list"]).stdout).into_owned();
    assert!(listed.contains(&task_id), "{listed}");
    let told = env.dsrd(&[
        "tasks",
        "done",
        &task_id,
        "--note",
        "gemeld in het DUO-portaal",
        "--as",
        "fg",
    ]);
    assert!(
        told.status.success(),
        "{}",
        String::from_utf8_lossy(&told.stdout)
    );
    // The plugin's fixed recipient has no way configured: the officer
    // records why it is not told, and that is what the letter says.
    let lvs = "leerlingvolgsysteem (pupil tracking system)";
    assert_eq!(by_name(lvs)["channel"], "unconfigured");
    assert!(!env.dsrd(&["cases", "letter", &reference]).status.success());
    let without_reason = env.dsrd(&[
        "cases",
        "recipients",
        &reference,
        "--exempt",
        lvs,
        "--reason",
        "disproportionate",
        "--as",
        "fg",
    ]);
    assert_eq!(
        without_reason.status.code(),
        Some(1),
        "an exemption needs its explanation"
    );
    let exempt = env.dsrd(&[
        "cases",
        "recipients",
        &reference,
        "--exempt",
        lvs,
        "--reason",
        "disproportionate",
        "--note",
        "het leerlingvolgsysteem leest de leerlingadministratie; de verwijdering daar werkt door",
        "--as",
        "fg",
    ]);
    assert!(
        exempt.status.success(),
        "{}",
        String::from_utf8_lossy(&exempt.stdout)
    );
    wait_drafted(&env, &reference);
    let letter =
        String::from_utf8_lossy(&env.dsrd(&["cases", "letter", &reference]).stdout).into_owned();
    assert!(letter.contains("Inspectie van het Onderwijs"), "{letter}");
    assert!(letter.contains("DUO (BRON)"), "{letter}");
    assert!(letter.contains(lvs), "{letter}");
    assert!(letter.contains("werkt door"), "{letter}");
    // The officer edits the letter in $EDITOR before it goes; an edit that
    // drops the link's place is refused and changes nothing.
    let edit = |editor: &str| edit_letter(&env, &reference, editor, false);
    let dropped = edit("sed -i '/download-link/d'");
    assert_eq!(
        dropped.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&dropped.stdout)
    );
    let edited = edit("sed -i 's/Met vriendelijke groet,/Met hartelijke groet,/'");
    assert!(
        edited.status.success(),
        "{}",
        String::from_utf8_lossy(&edited.stdout)
    );
    let letter = env.json(&["cases", "letter", &reference, "--json"]);
    let body = letter["answer"]["body"].as_str().unwrap();
    assert!(
        body.contains("Met hartelijke groet,") && body.contains("[[download-link]]"),
        "{body}"
    );
    assert_eq!(letter["answer"]["edited"][0], "officer:fg", "{letter:#}");
    let send = env.dsrd(&["cases", "send", &reference, "--as", "fg"]);
    assert!(
        send.status.success(),
        "{}",
        String::from_utf8_lossy(&send.stdout)
    );
    // The request asked for access too: the package waits behind its link.
    wait_for_state(&env, &reference, "answered");
    env.wait_until("the answer is sent", || !sent(&env, "answer").is_empty());
    let (_, answer) = sent(&env, "answer").remove(0);
    assert!(
        answer.contains("Met hartelijke groet,"),
        "the edited letter is the one sent:\n{answer}"
    );
    let _ = std::mem::take(&mut env.log_filter);
    env.stop();
}

#[tokio::test]
async fn a_portability_answer_offers_the_direct_transfer_which_becomes_a_task() {
    let port = free_port();
    let (mut env, reference) = planned(
        Backend::Sqlite,
        "Beste school,\n\nIk wil graag gebruikmaken van mijn recht op overdraagbaarheid: stuur de gegevens van mijn dochter in een digitaal bestand, zodat ik ze kan meenemen naar de nieuwe school.\n\nSanne Bakker",
        &format!(
            "{}\n[reminders]\nofficer_address = \"fg@testscholen.example\"\n",
            answer_config(port)
        ),
    )
    .await;
    write_key(&env);
    // Before anything is handed over there is nothing to transfer.
    let early = env.dsrd(&[
        "cases",
        "transfer",
        &reference,
        "--to",
        "OBS De Linde",
        "--as",
        "fg",
    ]);
    assert_eq!(
        early.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&early.stdout)
    );
    approve_plan(&env, &reference);
    wait_drafted(&env, &reference);
    let send = env.dsrd(&["cases", "send", &reference, "--as", "fg"]);
    assert!(
        send.status.success(),
        "{}",
        String::from_utf8_lossy(&send.stdout)
    );
    env.wait_until("the answer is sent", || !sent(&env, "answer").is_empty());
    let (_, answer) = sent(&env, "answer").remove(0);
    // The letter offers to send the data straight to another organisation.
    assert!(answer.contains("rechtstreeks"), "{answer}");
    // The requester takes the offer (by replying); the officer records it.
    let transfer = env.dsrd(&[
        "cases",
        "transfer",
        &reference,
        "--to",
        "OBS De Linde",
        "--as",
        "fg",
    ]);
    assert!(
        transfer.status.success(),
        "{}",
        String::from_utf8_lossy(&transfer.stdout)
    );
    let twice = env.dsrd(&[
        "cases",
        "transfer",
        &reference,
        "--to",
        "OBS De Linde",
        "--as",
        "fg",
    ]);
    assert_eq!(twice.status.code(), Some(1), "recorded once");
    let notices = env.json(&["cases", "recipients", &reference, "--json"]);
    assert_eq!(notices[0]["recipient"], "OBS De Linde", "{notices:#}");
    assert_eq!(notices[0]["state"], "open");
    assert_eq!(notices[0]["about"][0]["kind"], "transfer");
    env.wait_until("the task is mailed", || {
        sent(&env, "task")
            .iter()
            .any(|(_, b)| b.contains("OBS De Linde"))
    });
    let task_id = format!("{reference}:OBS De Linde");
    let (to, task) = sent(&env, "task")
        .into_iter()
        .find(|(_, b)| b.contains("OBS De Linde"))
        .unwrap();
    assert_eq!(to, "fg@testscholen.example");
    assert!(task.contains("OSO"), "{task}");
    assert!(
        task.contains(&format!("dsrd tasks done \"{task_id}\"")),
        "{task}"
    );
    let done = env.dsrd(&[
        "tasks",
        "done",
        &task_id,
        "--note",
        "via OSO overgedragen",
        "--as",
        "fg",
    ]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stdout)
    );
    let notices = env.json(&["cases", "recipients", &reference, "--json"]);
    assert_eq!(notices[0]["state"], "told", "{notices:#}");
    let audit = env
        .json(&["audit", "list", "--case", &reference, "--json"])
        .to_string();
    assert!(audit.contains("portability.transfer"), "{audit}");
    env.stop();
}

#[tokio::test]
async fn an_answer_on_paper_is_a_task_for_the_officer_and_ends_with_the_post() {
    let port = free_port();
    let (mut env, reference) = planned(
        Backend::Sqlite,
        "Beste school,\n\nGraag wil ik inzage in alle gegevens die u over mijn dochter bewaart. Ik heb geen computer; wilt u ze mij op papier sturen?\n\nSanne Bakker",
        &format!(
            "{}\n[reminders]\nofficer_address = \"fg@testscholen.example\"\n",
            answer_config(port)
        ),
    )
    .await;
    write_key(&env);
    approve_plan(&env, &reference);
    wait_drafted(&env, &reference);
    // The letter still points to a link: it must say paper first.
    let early = env.dsrd(&["cases", "send", &reference, "--by-post", "--as", "fg"]);
    assert_eq!(
        early.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&early.stdout)
    );
    let edited = edit_letter(
        &env,
        &reference,
        "sed -i 's/\\[\\[download-link\\]\\]/(de gegevens sturen wij u op papier)/'",
        true,
    );
    assert!(
        edited.status.success(),
        "{}",
        String::from_utf8_lossy(&edited.stdout)
    );
    let send = env.dsrd(&["cases", "send", &reference, "--by-post", "--as", "fg"]);
    assert!(
        send.status.success(),
        "{}",
        String::from_utf8_lossy(&send.stdout)
    );
    assert_eq!(state(&env, &reference), "answered");
    env.wait_until("the post task is mailed", || {
        sent(&env, "task")
            .iter()
            .any(|(_, b)| b.contains(&format!("{reference}:post")))
    });
    assert!(sent(&env, "answer").is_empty(), "nothing goes by e-mail");
    assert!(sent(&env, "download_code").is_empty());
    let letter = env.json(&["cases", "letter", &reference, "--json"]);
    assert_eq!(letter["packages"][0]["state"], "posting", "{letter:#}");
    let file = letter["packages"][0]["file"].as_str().unwrap().to_owned();

    // The officer takes the package out to print it: a real ZIP, audited.
    let out = env.path("to-print.zip");
    let taken = env.dsrd(&[
        "cases",
        "package",
        &reference,
        "--out",
        out.to_str().unwrap(),
        "--as",
        "fg",
    ]);
    assert!(
        taken.status.success(),
        "{}",
        String::from_utf8_lossy(&taken.stdout)
    );
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut pupils = String::new();
    archive
        .by_name("sql/pupils.json")
        .unwrap()
        .read_to_string(&mut pupils)
        .unwrap();
    assert!(pupils.contains(CHILD_NUMBER), "{pupils}");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let tasks = env.json(&["tasks", "list", "--json"]);
    assert!(
        tasks
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["kind"] == "post" && t["case"] == reference.as_str()),
        "the post is a task: {tasks:#}"
    );
    let posted = env.dsrd(&[
        "tasks",
        "done",
        &format!("{reference}:post"),
        "--note",
        "per post verstuurd op 3 december",
        "--as",
        "fg",
    ]);
    assert!(
        posted.status.success(),
        "{}",
        String::from_utf8_lossy(&posted.stdout)
    );
    assert_eq!(state(&env, &reference), "closed");
    assert!(
        !env.path("packages").join(&file).exists(),
        "the sealed file is deleted"
    );
    let letter = env.json(&["cases", "letter", &reference, "--json"]);
    assert_eq!(letter["packages"][0]["state"], "posted");
    let again = env.dsrd(&[
        "cases",
        "package",
        &reference,
        "--out",
        env.path("again.zip").to_str().unwrap(),
        "--as",
        "fg",
    ]);
    assert_eq!(
        again.status.code(),
        Some(1),
        "nothing to take out once posted"
    );
    let audit = env
        .json(&["audit", "list", "--case", &reference, "--json"])
        .to_string();
    for action in [
        "package.exported",
        "package.posted",
        "package.deleted",
        "case.closed",
    ] {
        assert!(audit.contains(action), "{action}: {audit}");
    }
    env.stop();
}
