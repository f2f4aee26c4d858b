//! What the daemon makes of a letter: request types, language, triage for
//! what is no request, follow-ups threaded to their case, the officer's word.

use crate::helpers::*;
use serde_json::Value;

fn case_with_subject(env: &TestEnv, subject: &str) -> Value {
    let list = env.json(&["cases", "list", "--json"]);
    let reference = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["reference"].as_str().unwrap().to_owned())
        .find(|r| env.json(&["cases", "show", r, "--json"])["subject"] == subject)
        .unwrap_or_else(|| panic!("no case {subject}"));
    env.json(&["cases", "show", &reference, "--json"])
}

fn types(case: &Value) -> Vec<&str> {
    case["request_types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn letters_become_cases_with_their_request_types_and_evidence() {
    let mut env = TestEnv::new(Backend::Sqlite).await;
    let letters = [
        ("nl-access", "Inzage", "Ik wil graag inzage in alle gegevens die de school over mijn zoon Daan (groep 6) verwerkt."),
        ("nl-erasure", "Verwijderen", "Wilt u alle persoonsgegevens van mijn dochter verwijderen? Zij zit niet meer op school."),
        ("nl-multi", "Kopie en verwijdering", "Stuur mij een kopie van mijn gegevens en verwijder ze daarna."),
        ("en-objection", "Objection", "I object to the processing of my son's photos for marketing on your website. Please stop using them."),
        ("en-rectification", "Wrong address", "My address in your records is wrong. Please correct it to 12 High Street, Bristol."),
    ];
    for (i, (id, subject, body)) in letters.iter().enumerate() {
        env.deliver(
            &format!("{i}.m"),
            &mail(
                &format!("{id}@example.org"),
                "ouder@example.org",
                subject,
                body,
            ),
        );
    }
    env.start();
    env.wait_until("all letters are taken", || env.count("maildir/new") == 0);
    env.wait_until("five acknowledgements", || env.outbox().len() == 5);
    env.stop();

    assert_eq!(types(&case_with_subject(&env, "Inzage"))[0], "access");
    assert_eq!(types(&case_with_subject(&env, "Verwijderen"))[0], "erasure");
    let multi = case_with_subject(&env, "Kopie en verwijdering");
    let multi_types = types(&multi);
    assert!(
        multi_types.contains(&"access") && multi_types.contains(&"erasure"),
        "{multi_types:?}"
    );
    assert_eq!(types(&case_with_subject(&env, "Objection"))[0], "objection");
    let rect = case_with_subject(&env, "Wrong address");
    assert_eq!(types(&rect)[0], "rectification");
    assert_eq!(rect["language"], "en");
    let evidence = rect["classification"]["evidence"].as_array().unwrap();
    assert!(
        !evidence.is_empty(),
        "a classification carries its evidence"
    );
    let access = case_with_subject(&env, "Inzage");
    assert_eq!(access["classification"]["extraction"]["role"], "parent");
}

#[tokio::test]
async fn what_is_no_request_goes_to_triage_without_an_acknowledgement_until_the_officer_says_otherwise(
) {
    let mut env = TestEnv::new(Backend::Sqlite).await;
    env.deliver(
        "1.news",
        &mail(
            "news-1@example.org",
            "nieuwsbrief@example.org",
            "Nieuwsbrief november",
            "Lees onze nieuwsbrief online. Klik hier om je af te melden voor deze nieuwsbrief.",
        ),
    );
    env.start();
    env.wait_until("the newsletter is taken", || env.count("maildir/new") == 0);
    let case = case_with_subject(&env, "Nieuwsbrief november");
    assert_eq!(case["state"], "needs_triage");
    assert!(
        env.outbox().is_empty(),
        "no acknowledgement for what is not a request"
    );

    // The officer decides it is an access request after all.
    let reference = case["reference"].as_str().unwrap();
    let out = env.dsrd(&[
        "cases",
        "classify",
        reference,
        "--type",
        "access",
        "--officer",
        "fg",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    env.wait_until("the acknowledgement after the override", || {
        env.outbox().len() == 1
    });
    env.stop();
    let case = env.json(&["cases", "show", reference, "--json"]);
    assert_eq!(case["state"], "received");
    assert_eq!(types(&case), ["access"]);
    assert_eq!(case["classification"]["overridden_by"], "officer:fg");
    assert!(case["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "reclassified" && e["actor"] == "officer:fg"));
    assert!(env.dsrd(&["audit", "verify"]).status.success());
}

#[tokio::test]
async fn a_reply_to_the_acknowledgement_is_a_follow_up_not_a_new_case() {
    let mut env = TestEnv::new(Backend::Sqlite).await;
    env.deliver(
        "1.req",
        &mail(
            "req-1@example.org",
            "Sanne <sanne@example.org>",
            "Inzage",
            "Ik wil graag inzage in mijn gegevens.",
        ),
    );
    env.start();
    env.wait_until("the acknowledgement", || env.outbox().len() == 1);
    let ack = read(&env.outbox()[0]);
    let ack_id = ack
        .lines()
        .find_map(|l| l.strip_prefix("Message-ID: "))
        .unwrap()
        .trim()
        .to_owned();
    let reference = env.json(&["cases", "list", "--json"])[0]["reference"]
        .as_str()
        .unwrap()
        .to_owned();

    // A reply to our acknowledgement, threaded by In-Reply-To, quoting it.
    let reply = format!(
        "From: Sanne <sanne@example.org>\r\nTo: avg@testscholen.example\r\nSubject: Re: [{reference}] Ontvangstbevestiging\r\n\
Message-ID: <reply-2@example.org>\r\nIn-Reply-To: {ack_id}\r\nReferences: <req-1@example.org> {ack_id}\r\n\r\n\
Hierbij ook de gegevens van mijn zoon graag.\r\n\r\n> Wij hebben uw verzoek ontvangen.\r\n"
    );
    env.deliver("2.reply", reply.as_bytes());
    // Only the case reference in the subject, no threading headers.
    env.deliver(
        "3.ref",
        &mail(
            "ref-3@example.org",
            "sanne@example.org",
            &format!("Vraag over {reference}"),
            "Hoe staat het ermee?",
        ),
    );
    env.wait_until("both follow-ups are taken", || {
        env.count("maildir/new") == 0
    });
    env.stop();

    let list = env.json(&["cases", "list", "--json"]);
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "follow-ups are not new cases"
    );
    let case = env.json(&["cases", "show", &reference, "--json"]);
    let follow_ups = case["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "follow_up")
        .count();
    assert_eq!(follow_ups, 2);
    assert_eq!(
        env.outbox().len(),
        1,
        "a follow-up is not acknowledged as a new request"
    );
    assert!(env.dsrd(&["audit", "verify"]).status.success());
}

#[tokio::test]
async fn the_evaluation_command_reports_on_the_labelled_corpus() {
    let env = TestEnv::new(Backend::Sqlite).await;
    let corpus = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/corpus/corpus.jsonl"
    );
    let out = env.dsrd(&["classify", "--eval", corpus, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let e: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(e["total"], 143);
    assert_eq!(e["requests_missed"], 0);
    let accuracy = e["correct"].as_f64().unwrap() / e["total"].as_f64().unwrap();
    assert!(accuracy >= 0.95, "accuracy {accuracy}");
    let text = String::from_utf8(env.dsrd(&["classify", "--eval", corpus]).stdout).unwrap();
    assert!(text.contains("confusion"), "{text}");
    assert!(text.contains("precision") && text.contains("recall"));
}

#[tokio::test]
async fn the_evaluation_command_reports_extraction_figures_on_the_held_out_letters() {
    let env = TestEnv::new(Backend::Sqlite).await;
    let held_out = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/extraction/heldout.jsonl"
    );
    let out = env.dsrd(&["classify", "--eval", held_out, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let e: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(e["total"], 32);
    assert_eq!(e["extraction"]["letters"], 32);
    let fields = e["extraction"]["fields"].as_array().unwrap();
    let names: Vec<&str> = fields
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "role",
            "names",
            "student_number",
            "staff_number",
            "birth_date",
            "group"
        ]
    );
    // Measured when the set was first scored (testdata/extraction/README.md):
    // every field at 100% except birth_date recall 92.3% (12 of 13) and group
    // precision 95.5% (21 of 22). The floors sit a little below: 85% for every
    // field (one more miss in the larger fields), and for names, the field a
    // wrong child would come from, precision 95% (one false name in 22) and
    // recall 90% (two missed).
    for f in fields {
        assert!(f["labelled"].as_u64().unwrap() > 0, "{f}");
        for measure in ["precision", "recall"] {
            let v = f[measure].as_f64().unwrap();
            assert!(v >= 0.85, "{} {measure} {v} below the floor", f["field"]);
        }
    }
    let names = fields.iter().find(|f| f["field"] == "names").unwrap();
    assert!(names["precision"].as_f64().unwrap() >= 0.95, "{names}");
    assert!(names["recall"].as_f64().unwrap() >= 0.9, "{names}");
    let text = String::from_utf8(env.dsrd(&["classify", "--eval", held_out]).stdout).unwrap();
    assert!(text.contains("extraction (32 labelled letters)"), "{text}");
}
