//! The demo's requests, taken through the identity stage's pure parts as
//! the daemon will: each letter `dsrd demo init` writes is parsed and
//! classified like intake does, its lookups go to the real `sql` plugin on
//! the demo school through the demo's own configuration, and `find` must
//! come to the outcome the demo promises for it — matched on file, a code
//! to the address on file, or the officer's choice.

use chrono::NaiveDate;
use dsrd::classify::{classify, extract, RequestType};
use dsrd::dispatch::PluginService;
use dsrd::identity::{
    find, lookups, Answer, ChooseWhy, Finding, Ground, MinorRightsModel, Outcome, Relation,
    SubjectKind,
};
use dsrd::intake::{parse, sender_auth, MaildirSource, SenderAuth};
use dsrd_plugin_api::protocol::{Output, Request};
use std::path::Path;
use std::process::Command;

/// One demo letter after the identity stage's pure parts.
struct Checked {
    file: String,
    from: String,
    auth: SenderAuth,
    finding: Finding,
}

async fn check_letters(demo: &Path) -> Vec<Checked> {
    let config = dsrd::config::load(&demo.join("dsrd.toml")).unwrap().config;
    let rules = config.classify.load_rules().unwrap();
    let authserv_id = config.mailboxes[0]
        .authserv_id
        .clone()
        .expect("the demo names its mail server");
    let plugins = PluginService::new(&config.plugins, Path::new(env!("CARGO_BIN_EXE_dsrd")));
    plugins.start_all().await.unwrap();
    let maildir = MaildirSource::open(&demo.join("maildir")).unwrap();
    let mut checked = Vec::new();
    for pending in maildir.pending().unwrap() {
        let (raw, received_at) = maildir.read(&pending, chrono::Utc::now()).unwrap();
        let received: NaiveDate = received_at
            .with_timezone(&config.organisation.time_zone)
            .date_naive();
        // As intake: parse, classify, extract.
        let parsed = parse(&raw);
        let subject = parsed.subject.as_deref().unwrap_or("");
        let classification = classify(subject, &parsed.body_text, &rules);
        assert_ne!(
            classification.primary,
            RequestType::NotARequest,
            "{}",
            pending.name
        );
        assert!(
            classification.confidence >= config.classify.triage_below,
            "{} would go to triage: {classification:?}",
            pending.name
        );
        let extraction = extract(subject, &parsed.body_text, classification.language);
        let from = parsed.from_address.expect("every demo letter has a sender");
        let mut answers = Vec::new();
        for lookup in lookups(&from, &extraction) {
            let request = Request::Locate {
                subject: lookup.subject.clone(),
            };
            for (plugin, result) in plugins.call_each(&request).await {
                let result = result.map(|output| match output {
                    Output::Locate(found) => found,
                    other => panic!("locate answered {:?}", other.operation()),
                });
                answers.push(Answer {
                    plugin,
                    purpose: lookup.purpose,
                    result,
                });
            }
        }
        let finding = find(
            &from,
            &extraction,
            &answers,
            received,
            MinorRightsModel::Reglement,
        );
        checked.push(Checked {
            file: pending.name.clone(),
            from: from.as_str().to_owned(),
            auth: sender_auth(&raw, &authserv_id, from.as_str()),
            finding,
        });
    }
    checked
}

/// The address on file of every guardian of the pupil with key `pupil`.
async fn guardians_of(school: &Path, pupil: i64) -> Vec<String> {
    let url = format!("sqlite://{}?mode=ro", school.display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let emails = sqlx::query_scalar(
        "SELECT g.email FROM pupil_guardians AS l JOIN guardians AS g ON g.id = l.guardian_id \
         WHERE l.pupil_id = ? ORDER BY g.id",
    )
    .bind(pupil)
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    emails
}

/// The keys (`pupils:N`) of the pupils linked to the guardian at `email`.
async fn children_of(school: &Path, email: &str) -> Vec<String> {
    let url = format!("sqlite://{}?mode=ro", school.display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT l.pupil_id FROM guardians AS g JOIN pupil_guardians AS l ON l.guardian_id = g.id \
         WHERE g.email = ? ORDER BY l.pupil_id",
    )
    .bind(email)
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    ids.into_iter().map(|id| format!("pupils:{id}")).collect()
}

fn demo_init(dir: &Path, pupils: &str, seed: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_dsrd"))
        .args(["demo", "init", dir.to_str().unwrap(), "--pupils", pupils])
        .args(["--seed", seed])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn keys(finding: &Finding, candidate: usize) -> Vec<&str> {
    finding.candidates[candidate]
        .on_file
        .iter()
        .map(|o| o.key.as_str())
        .collect()
}

async fn every_demo_letter_comes_to_the_outcome_the_demo_promises(pupils: &str, seed: &str) {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo");
    demo_init(&demo, pupils, seed);
    let school = demo.join("school.sqlite");

    let checked = check_letters(&demo).await;

    let files: Vec<&str> = checked.iter().map(|c| c.file.as_str()).collect();
    assert_eq!(
        files,
        [
            "demo.1.request",
            "demo.2.request",
            "demo.3.request",
            "demo.4.request",
            "demo.5.request"
        ]
    );
    for c in &checked {
        // The demo's mail server vouches for every sender's domain; only
        // an address on file makes that count for anything.
        assert!(c.auth.passed(), "{}: {:?}", c.file, c.auth);
        assert!(c.finding.complete, "{}", c.file);
    }

    // 1. A guardian of one pupil, from the address on file, about "mijn
    //    zoon" or "mijn dochter": matched on file, the only child.
    let one = &checked[0].finding;
    let Outcome::Identified {
        subject,
        relation,
        how,
        kind,
        decision,
        ..
    } = &one.outcome
    else {
        panic!("{:#?}", one.outcome)
    };
    assert_eq!(how, &[Ground::AddressOnFile, Ground::OnlyChildOnFile]);
    assert_eq!(
        relation,
        &Relation::Guardian {
            authority: Some(true)
        }
    );
    assert!(matches!(kind, SubjectKind::Pupil { age: Some(a) } if *a < 16));
    assert!(
        matches!(decision, dsrd::identity::Decision::MayAct { .. }),
        "{decision:?}"
    );
    let children = children_of(&school, &checked[0].from).await;
    assert_eq!(children.len(), 1, "{children:?}");
    assert_eq!(keys(one, *subject), [children[0].as_str()]);

    // 2. A member of staff, from the address on file, about their own data.
    let staff = &checked[1].finding;
    let Outcome::Identified {
        subject,
        relation,
        how,
        kind,
        ..
    } = &staff.outcome
    else {
        panic!("{:#?}", staff.outcome)
    };
    assert_eq!((relation, kind), (&Relation::Themself, &SubjectKind::Staff));
    assert_eq!(how[0], Ground::AddressOnFile);
    assert!(how.contains(&Ground::StaffNumber), "{how:?}");
    assert!(keys(staff, *subject)[0].starts_with("staff:"));

    // 3. From an address not on file, naming a pupil with the student
    //    number: not found as requester, the pupil found by the letter,
    //    the code only to the address on file of the pupil's guardian.
    let unknown = &checked[2].finding;
    let Outcome::NotFound {
        requester_known,
        subject: Some(subject),
        code_to,
    } = &unknown.outcome
    else {
        panic!("{:#?}", unknown.outcome)
    };
    assert!(!requester_known);
    assert!(unknown.requester.is_empty());
    let pupil = &unknown.candidates[*subject];
    assert!(pupil.fits.contains(&Ground::StudentNumber), "{pupil:?}");
    assert!(pupil.fits.contains(&Ground::FullName), "{pupil:?}");
    let key = pupil.on_file[0].key.strip_prefix("pupils:").unwrap();
    let guardians = guardians_of(&school, key.parse().unwrap()).await;
    assert_eq!(guardians.len(), 1, "one guardian on file: {guardians:?}");
    assert_eq!(code_to, &guardians);
    assert!(!code_to.contains(&checked[2].from));

    // 4. Marieke van Dijkhuizen, a parent of two, about "mijn kind".
    assert_eq!(checked[3].from, "marieke.vandijkhuizen@example.net");
    let marieke = &checked[3].finding;
    let Outcome::OfficerChooses { candidates, why } = &marieke.outcome else {
        panic!("{:#?}", marieke.outcome)
    };
    assert_eq!(why, &ChooseWhy::SeveralChildrenNoneNamed);
    let mut chosen_from: Vec<&str> = candidates.iter().flat_map(|&c| keys(marieke, c)).collect();
    chosen_from.sort();
    assert_eq!(chosen_from, ["pupils:1", "pupils:2"]);

    // 5. Emily Carter, in English, from an address not on file, naming
    //    nobody: not found, and no code can go anywhere.
    assert_eq!(
        checked[4].finding.outcome,
        Outcome::NotFound {
            requester_known: false,
            subject: None,
            code_to: vec![],
        }
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_demo_letter_comes_to_the_outcome_the_demo_promises_for_the_default_school() {
    every_demo_letter_comes_to_the_outcome_the_demo_promises("300", "2026").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_demo_letter_fits_a_school_of_another_size_and_seed() {
    every_demo_letter_comes_to_the_outcome_the_demo_promises("120", "7").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_senders_count_as_authenticated_only_for_the_demo_mail_server() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo");
    demo_init(&demo, "60", "2026");
    let maildir = MaildirSource::open(&demo.join("maildir")).unwrap();
    for pending in maildir.pending().unwrap() {
        let (raw, _) = maildir.read(&pending, chrono::Utc::now()).unwrap();
        let from = parse(&raw).from_address.unwrap();
        assert!(sender_auth(&raw, "demoscholen.example", from.as_str()).passed());
        assert_eq!(
            sender_auth(&raw, "mx.elsewhere.example", from.as_str()),
            SenderAuth::Unknown,
            "{}",
            pending.name
        );
    }
}
