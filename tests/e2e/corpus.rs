//! Robustness: every message of the MIME corpus in testdata/ (real test messages,
//! many malformed) becomes exactly one case, and the daemon keeps running.

use crate::helpers::*;
use std::path::PathBuf;

fn mime_corpus() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/mime-corpus");
    let mut files = Vec::new();
    for folder in ["legacy", "malformed", "rfc", "thirdparty"] {
        for entry in
            std::fs::read_dir(root.join(folder)).expect("testdata/mime-corpus in the repository")
        {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "eml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[tokio::test]
async fn every_message_of_the_mime_corpus_dropped_into_the_maildir_becomes_one_case() {
    mime_corpus_into_the_maildir(Backend::Sqlite).await;
}

#[tokio::test]
async fn every_message_of_the_mime_corpus_becomes_one_case_on_postgres_too() {
    mime_corpus_into_the_maildir(Backend::Postgres).await;
}

async fn mime_corpus_into_the_maildir(backend: Backend) {
    let files = mime_corpus();
    assert_eq!(files.len(), 107, "the corpus README promises 107 messages");
    let mut env = TestEnv::new(backend).await;
    for (i, file) in files.iter().enumerate() {
        env.deliver(&format!("{i:04}.corpus"), &std::fs::read(file).unwrap());
    }
    env.start();
    env.wait_until("every corpus message is taken", || {
        env.count("maildir/new") == 0
    });
    // The daemon is still alive and still takes mail.
    env.deliver(
        "9999.after",
        &mail(
            "after-corpus@example.org",
            "p@example.org",
            "Inzage",
            "Graag inzage.",
        ),
    );
    env.wait_until("a normal request after the corpus is taken", || {
        env.count("maildir/new") == 0
    });
    let status = env.stop();
    assert!(status.success(), "{}", env.log());

    let cases = env.json(&["cases", "list", "--json"]);
    let cases = cases.as_array().unwrap();
    assert_eq!(cases.len(), 108, "one case per message");
    assert_eq!(env.count("maildir/cur"), 108);
    let triage = cases
        .iter()
        .filter(|c| c["state"] == "needs_triage")
        .count();
    assert!(
        triage > 0,
        "the malformed part of the corpus should need a person"
    );
    // The raw bytes of a triaged message are kept: show reports its size.
    assert!(env.dsrd(&["audit", "verify"]).status.success());
}

#[tokio::test]
async fn every_message_of_the_mime_corpus_appended_over_imap_becomes_one_case() {
    use crate::support::dovecot::Dovecot;
    let files = mime_corpus();
    assert_eq!(files.len(), 107, "the corpus README promises 107 messages");
    let dovecot = Dovecot::start(&["test"]);
    dovecot.create("test", "Done").await;
    let mut env = TestEnv::new(Backend::Sqlite).await;
    env.write_config(&format!(
        "{}[outgoing]\nkind = \"files\"\npath = \"outbox\"\n",
        crate::imap::imap_mailbox(&dovecot, "")
    ));
    env.start();
    let raws: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    dovecot.append("test", "INBOX", &raws).await;
    env.wait_until("every corpus message is taken", || {
        dovecot.messages("test", "Done").len() == 107
    });
    // The daemon is still alive and still takes mail.
    let after = mail(
        "after-imap@example.org",
        "p@example.org",
        "Inzage",
        "Graag inzage.",
    );
    dovecot.append("test", "INBOX", &[after]).await;
    env.wait_until("a normal request after the corpus is taken", || {
        dovecot.messages("test", "Done").len() == 108
    });
    let status = env.stop();
    assert!(status.success(), "{}", env.log());
    let cases = env.json(&["cases", "list", "--json"]);
    let cases = cases.as_array().unwrap();
    assert_eq!(cases.len(), 108, "one case per message");
    assert!(cases.iter().any(|c| c["state"] == "needs_triage"));
    assert!(env.dsrd(&["audit", "verify"]).status.success());
}
