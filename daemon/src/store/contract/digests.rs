//! The daily digest: a day is recorded once with its mails, also when two
//! daemons record it at the same moment; a quiet day is recorded without
//! mail or audit entry; failed retention runs are found since a moment.

use super::*;
use chrono::NaiveDate;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn digest_mails(d: NaiveDate, to: &[&str]) -> Vec<OutgoingMail> {
    let letter = Letter {
        subject: format!("[dsrd] Overzicht van {d}"),
        body: "- AVG-2026-0001\n".into(),
    };
    to.iter()
        .map(|a| {
            let to = EmailAddress::parse(a).unwrap();
            crate::digest::digest_mail(&org(), d, &to, &letter, at(RECEIVED)).unwrap()
        })
        .collect()
}

fn new_digest(d: &str, at_: &str, mails: Vec<OutgoingMail>) -> NewDigest {
    NewDigest {
        day: day(d),
        at: at(at_),
        counts: DigestCounts {
            overdue: 1,
            ..DigestCounts::default()
        },
        mails,
    }
}

pub(super) async fn a_days_digest_is_recorded_once_with_its_mails(store: Arc<dyn Store>) {
    assert_eq!(store.last_digest().await.unwrap(), None);
    let first = new_digest(
        "2026-03-05",
        "2026-03-05T06:00:00Z",
        digest_mails(
            day("2026-03-05"),
            &["fg@testscholen.example", "jan@testscholen.example"],
        ),
    );
    assert!(store.record_digest(&first).await.unwrap());
    let again = new_digest(
        "2026-03-05",
        "2026-03-05T06:01:00Z",
        digest_mails(day("2026-03-05"), &["fg@testscholen.example"]),
    );
    assert!(
        !store.record_digest(&again).await.unwrap(),
        "a day is recorded once"
    );
    let last = store.last_digest().await.unwrap().unwrap();
    assert_eq!(
        (last.day, last.at, last.mails),
        (day("2026-03-05"), at("2026-03-05T06:00:00Z"), 2)
    );
    assert_eq!(last.counts.overdue, 1);
    assert_eq!(store.outbox_counts().await.unwrap().pending, 2);
    let queued = store
        .due_outbox(at("2026-03-06T00:00:00Z"), 10)
        .await
        .unwrap();
    assert!(queued
        .iter()
        .all(|m| m.kind == MailKind::Digest && m.case_ref.is_none()));

    // A quiet day: recorded, no mail, no audit entry.
    assert!(store
        .record_digest(&new_digest("2026-03-06", "2026-03-06T06:00:00Z", vec![]))
        .await
        .unwrap());
    assert_eq!(store.last_digest().await.unwrap().unwrap().mails, 0);
    assert_eq!(store.outbox_counts().await.unwrap().pending, 2);
    assert_eq!(
        audit_actions(store.as_ref()).await,
        ["digest.queued", "mail.queued", "mail.queued"]
    );
}

pub(super) async fn two_daemons_recording_the_same_day_queue_one_digest(store: Arc<dyn Store>) {
    let mut racers = Vec::new();
    for i in 0..4 {
        let store = store.clone();
        racers.push(tokio::spawn(async move {
            let mails = digest_mails(day("2026-03-05"), &["fg@testscholen.example"]);
            let at_ = format!("2026-03-05T06:00:0{i}Z");
            store
                .record_digest(&new_digest("2026-03-05", &at_, mails))
                .await
                .unwrap()
        }));
    }
    let mut recorded = 0;
    for r in racers {
        recorded += usize::from(r.await.unwrap());
    }
    assert_eq!(recorded, 1, "one of the racers records the day");
    assert_eq!(store.outbox_counts().await.unwrap().pending, 1);
    assert_eq!(
        audit_actions(store.as_ref()).await,
        ["digest.queued", "mail.queued"]
    );
}

pub(super) async fn failed_retention_runs_are_found_since_a_moment(store: Arc<dyn Store>) {
    let run = |at_: &str, error: Option<&str>| NewRetentionRun {
        rule: "cultuurdag",
        plugin: "events",
        at: at(at_),
        tick: Some(at(at_)),
        dry_run: false,
        by: &Actor::System,
        tables: vec![],
        error: error.map(str::to_owned),
    };
    for r in [
        run("2026-03-04T01:00:00Z", Some("old failure")),
        run("2026-03-05T01:00:00Z", None),
        run("2026-03-05T02:00:00Z", Some("the database is down")),
    ] {
        store.record_retention_run(&r).await.unwrap();
    }
    let found = store
        .failed_retention_runs(at("2026-03-04T06:00:00Z"))
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].at, at("2026-03-05T02:00:00Z"));
    assert_eq!(
        store
            .failed_retention_runs(at("2026-03-01T00:00:00Z"))
            .await
            .unwrap()
            .len(),
        2
    );
}
