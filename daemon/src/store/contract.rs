//! The store contract: one set of tests that every store implementation
//! passes, run against SQLite (a file in a temporary folder) and PostgreSQL
//! (a fresh database per test on the server of `DSRD_TEST_POSTGRES_URL`,
//! default `postgres://postgres@127.0.0.1:5432/test`, dropped afterwards).
//!
//! Each test is a plain `async fn(Arc<dyn Store>)`; [`contract!`] makes a
//! `#[tokio::test]` of it per store. After every write the audit chain must
//! still verify.

use super::*;
use crate::address::EmailAddress;
use crate::answer::{Letter, ReminderKind};
use crate::audit::verify;
use crate::case::{
    Actor, CaseClassification, CaseDeadline, CaseRef, CaseState, DeadlineRules, EventKind,
};
use crate::classify::{Evidence, Extraction, Language, Location, RequestType, RequesterRole};
use crate::config::Organisation;
use crate::deadline::{Calendar, Extension, IdentitySettings, Policy, WaitMode};
use crate::outbox::{case_mail, Addressee, MailKind, OutgoingMail};
use chrono::{DateTime, TimeDelta, Utc};
use std::future::Future;
use std::sync::Arc;

/// Makes one `#[tokio::test]` per store of each named contract test.
macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::harness::on_sqlite(super::$name).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    super::harness::on_postgres(super::$name).await
                }
            )*
        }
    };
}

contract!(
    a_new_case_is_written_with_its_events_audit_and_acknowledgement_at_once,
    a_case_for_triage_moves_through_the_state_machine_and_is_not_acknowledged,
    an_intake_whose_effects_move_illegally_writes_nothing,
    a_message_seen_before_is_a_duplicate_and_a_reply_is_a_follow_up,
    a_case_without_classification_reads_back_as_none,
    an_update_writes_all_its_effects_in_order,
    a_refused_update_writes_nothing,
    an_illegal_transition_refuses_the_whole_update,
    an_update_of_an_unknown_case_is_not_found,
    the_outbox_claims_fails_retries_and_sends_once,
    a_delivery_cut_off_is_found_interrupted,
    a_reminder_is_recorded_once,
    cases_are_listed_by_state_and_due_date,
    mailbox_progress_never_goes_back_within_one_uidvalidity,
);

mod harness {
    use super::*;

    /// Runs `test` on a fresh SQLite file.
    pub async fn on_sqlite<F, Fut>(test: F)
    where
        F: FnOnce(Arc<dyn Store>) -> Fut,
        Fut: Future<Output = ()>,
    {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = SqliteStore::open(&dir.path().join("dsrd.sqlite"))
            .await
            .expect("the SQLite store opens");
        test(Arc::new(store)).await;
    }

    /// Runs `test` on a fresh PostgreSQL database, dropped afterwards even
    /// when the test fails.
    pub async fn on_postgres<F, Fut>(test: F)
    where
        F: FnOnce(Arc<dyn Store>) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        on_postgres_url(|url| async move {
            let store = PgStore::open(&url, None)
                .await
                .expect("the PostgreSQL store opens");
            let pool = store.pool().clone();
            test(Arc::new(store)).await;
            pool.close().await;
        })
        .await
    }

    /// Runs `test` with the URL of a fresh, empty PostgreSQL database,
    /// dropped afterwards even when the test fails.
    pub async fn on_postgres_url<F, Fut>(test: F)
    where
        F: FnOnce(String) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let admin_url = std::env::var("DSRD_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        let admin = sqlx::PgPool::connect(&admin_url)
            .await
            .expect("PostgreSQL must run on 127.0.0.1:5432 (set DSRD_TEST_POSTGRES_URL otherwise)");
        let name = format!("dsrd_contract_{:016x}", rand::random::<u64>());
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&admin)
            .await
            .expect("a test database");
        let url = format!("{}/{name}", &admin_url[..admin_url.rfind('/').unwrap()]);
        // The test runs in a task of its own, so that a failing assertion
        // comes back here as an error and the database is dropped first.
        let outcome = tokio::spawn(test(url)).await;
        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&admin)
            .await
            .expect("the test database is dropped");
        admin.close().await;
        if let Err(e) = outcome {
            std::panic::resume_unwind(e.into_panic());
        }
    }
}

// ---- fixtures ----

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("an RFC 3339 instant")
}

fn org() -> Organisation {
    Organisation {
        name: "Stichting Testscholen".into(),
        reply_address: "avg@testscholen.example".into(),
        reference_prefix: "AVG".into(),
        time_zone: chrono_tz::Europe::Amsterdam,
        default_language: crate::lang::Lang::Nl,
    }
}

fn rules() -> DeadlineRules {
    DeadlineRules {
        policy: Policy::four_weeks(),
        calendar: Calendar::nl_atw(),
        time_zone: chrono_tz::Europe::Amsterdam,
        identity_mode: WaitMode::default(),
        identity_settings: IdentitySettings::default(),
    }
}

fn requester() -> EmailAddress {
    EmailAddress::parse("Sanne.de.Vries@Example.org").unwrap()
}

/// A classification with something in every part, so a round trip shows.
fn classification() -> CaseClassification {
    CaseClassification {
        primary: RequestType::Access,
        types: vec![RequestType::Access, RequestType::Erasure],
        confidence: 0.875,
        language: Language::Nl,
        evidence: vec![Evidence {
            request_type: RequestType::Access,
            phrase: "inzage".into(),
            location: Location::Subject,
            weight: 2.5,
        }],
        extraction: Extraction {
            role: RequesterRole::Parent,
            role_evidence: Some("mijn zoon".into()),
            ..Extraction::default()
        },
        overridden_by: None,
    }
}

const RECEIVED: &str = "2026-03-02T09:15:00Z";

/// A new, acknowledged request with Message-ID `<id>`.
fn intake(id: &str) -> NewIntake {
    let received_at = at(RECEIVED);
    NewIntake {
        dedupe_key: format!("message-id:{id}"),
        message_id: Some(id.to_owned()),
        source: format!("maildir:new/{id}"),
        mailbox: "avg".into(),
        received_at,
        raw: format!("Message-ID: <{id}>\r\n\r\nGraag inzage.\r\n").into_bytes(),
        attachments: Vec::new(),
        parse_error: None,
        prefix: "AVG".into(),
        year: 2026,
        organisation: "Stichting Testscholen".into(),
        requester_address: Some(requester()),
        requester_name: Some("Sanne de Vries".into()),
        subject: Some("Inzageverzoek".into()),
        body_text: "Graag inzage in de gegevens van mijn zoon.".into(),
        language: Language::Nl,
        classification: Some(classification()),
        thread_ids: Vec::new(),
        subject_reference: None,
        deadline: CaseDeadline::new(received_at, rules()),
        triage_reason: None,
        effects: Vec::new(),
        acknowledgement: Some(Box::new(|reference: &CaseRef| {
            Some(mail(reference, MailKind::Acknowledgement))
        })),
        now: received_at + TimeDelta::seconds(1),
    }
}

fn mail(reference: &CaseRef, kind: MailKind) -> OutgoingMail {
    let to = requester();
    let letter = Letter {
        subject: format!("[{reference}] {kind}"),
        body: "Beste Sanne,\n".into(),
    };
    case_mail(
        &org(),
        reference,
        &Addressee {
            address: &to,
            name: Some("Sanne de Vries"),
            in_reply_to: None,
        },
        kind,
        &letter,
        at(RECEIVED),
    )
    .expect("the test mail composes")
}

/// The triage move as intake makes it.
fn to_triage(reason: &str) -> Vec<Effect> {
    vec![
        Effect::Transition {
            to: CaseState::NeedsTriage,
            event: EventKind::Transition,
            detail: Some(reason.to_owned()),
        },
        Effect::Audit {
            action: "case.transition".into(),
            detail: serde_json::json!({ "from": "received", "to": "needs_triage" }),
        },
    ]
}

async fn created(store: &dyn Store, intake: NewIntake) -> CaseRef {
    match store
        .record_intake(intake)
        .await
        .expect("intake is recorded")
    {
        IntakeOutcome::Created(reference) => reference,
        other => panic!("expected a new case, got {other:?}"),
    }
}

async fn case(store: &dyn Store, reference: &CaseRef) -> crate::case::Case {
    store
        .get_case(reference)
        .await
        .expect("the case reads")
        .expect("the case exists")
}

/// The audit actions in chain order, after checking that the chain verifies.
async fn audit_actions(store: &dyn Store) -> Vec<String> {
    let (rows, head) = store.audit_log().await.expect("the audit log reads");
    verify(&rows, &head).expect("the audit chain verifies");
    rows.into_iter().map(|r| r.action).collect()
}

fn kinds(case: &crate::case::Case) -> Vec<EventKind> {
    case.events.iter().map(|e| e.kind).collect()
}

fn change(
    f: impl FnOnce(&CaseSnapshot) -> Result<CaseUpdate, String> + Send + 'static,
) -> CaseChange {
    Box::new(f)
}

fn officer() -> Actor {
    Actor::Officer("fg".into())
}

// ---- intake ----

async fn a_new_case_is_written_with_its_events_audit_and_acknowledgement_at_once(
    store: Arc<dyn Store>,
) {
    let reference = created(store.as_ref(), intake("req-1@example.org")).await;
    assert_eq!(reference.as_str(), "AVG-2026-0001");

    let case = case(store.as_ref(), &reference).await;
    assert_eq!(case.state, CaseState::INITIAL);
    assert_eq!(case.requester_address, Some(requester()));
    assert_eq!(
        case.requester_address.as_ref().unwrap().as_str(),
        "Sanne.de.Vries@Example.org",
        "the address keeps its spelling"
    );
    assert_eq!(
        case.request_types,
        [RequestType::Access, RequestType::Erasure]
    );
    assert_eq!(case.classification, Some(classification()));
    let deadline = CaseDeadline::new(at(RECEIVED), rules());
    assert_eq!(case.due_date, Some(deadline.computed.due));
    assert_eq!(case.deadline, Some(deadline));
    assert_eq!(
        kinds(&case),
        [EventKind::Received, EventKind::AcknowledgementQueued]
    );
    assert_eq!(case.events[0].to_state, Some(CaseState::Received));
    assert_eq!(
        audit_actions(store.as_ref()).await,
        ["case.received", "mail.queued"]
    );

    let due = store
        .due_outbox(at("2026-03-02T09:20:00Z"), 10)
        .await
        .unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].kind, MailKind::Acknowledgement);
    assert_eq!(due[0].case_ref.as_deref(), Some("AVG-2026-0001"));
    assert_eq!(due[0].recipient, requester());
    assert_eq!(due[0].sender.as_str(), "avg@testscholen.example");
    assert_eq!(due[0].mailbox.as_deref(), Some("avg"));
    assert_eq!(due[0].attempts, 0);

    let second = created(store.as_ref(), intake("req-2@example.org")).await;
    assert_eq!(second.as_str(), "AVG-2026-0002");
}

async fn a_case_for_triage_moves_through_the_state_machine_and_is_not_acknowledged(
    store: Arc<dyn Store>,
) {
    let mut new = intake("news-1@example.org");
    new.triage_reason = Some("not a request".into());
    new.effects = to_triage("not a request");
    new.acknowledgement = None;
    let reference = created(store.as_ref(), new).await;

    let case = case(store.as_ref(), &reference).await;
    assert_eq!(case.state, CaseState::NeedsTriage);
    assert_eq!(case.triage_reason.as_deref(), Some("not a request"));
    assert_eq!(kinds(&case), [EventKind::Received, EventKind::Transition]);
    let moved = &case.events[1];
    assert_eq!(moved.from_state, Some(CaseState::Received));
    assert_eq!(moved.to_state, Some(CaseState::NeedsTriage));
    assert_eq!(moved.detail.as_deref(), Some("not a request"));
    assert_eq!(moved.actor, "system");
    assert_eq!(
        audit_actions(store.as_ref()).await,
        ["case.received", "case.transition"]
    );
    assert_eq!(
        store.outbox_counts().await.unwrap(),
        OutboxCounts::default()
    );
}

async fn an_intake_whose_effects_move_illegally_writes_nothing(store: Arc<dyn Store>) {
    let mut new = intake("odd-1@example.org");
    new.effects = vec![Effect::Transition {
        to: CaseState::Answered,
        event: EventKind::Transition,
        detail: None,
    }];
    let refused = store.record_intake(new).await;
    assert!(
        matches!(refused, Err(StoreError::IllegalTransition(ref e)) if e.to == CaseState::Answered),
        "{refused:?}"
    );
    assert!(store
        .list_cases(&CaseFilter::default())
        .await
        .unwrap()
        .is_empty());
    assert!(audit_actions(store.as_ref()).await.is_empty());
    assert_eq!(
        store.outbox_counts().await.unwrap(),
        OutboxCounts::default()
    );
    assert_eq!(
        store
            .knows_message("message-id:odd-1@example.org")
            .await
            .unwrap(),
        None
    );
    // The reference counter went back with the rest.
    let reference = created(store.as_ref(), intake("req-1@example.org")).await;
    assert_eq!(reference.as_str(), "AVG-2026-0001");
}

async fn a_message_seen_before_is_a_duplicate_and_a_reply_is_a_follow_up(store: Arc<dyn Store>) {
    let reference = created(store.as_ref(), intake("req-1@example.org")).await;
    assert_eq!(
        store
            .record_intake(intake("req-1@example.org"))
            .await
            .unwrap(),
        IntakeOutcome::Duplicate(reference.clone())
    );
    assert_eq!(
        store
            .knows_message("message-id:req-1@example.org")
            .await
            .unwrap(),
        Some(reference.clone())
    );

    // A reply to our acknowledgement.
    let ack = store
        .due_outbox(at("2026-03-02T09:20:00Z"), 10)
        .await
        .unwrap()
        .remove(0);
    let mut reply = intake("reply-1@example.org");
    reply.thread_ids = vec!["unknown@example.org".into(), ack.message_id.clone()];
    assert_eq!(
        store.record_intake(reply).await.unwrap(),
        IntakeOutcome::FollowUp(reference.clone())
    );
    // A new message that names the case in its subject.
    let mut named = intake("named-1@example.org");
    named.subject_reference = Some(reference.clone());
    assert_eq!(
        store.record_intake(named).await.unwrap(),
        IntakeOutcome::FollowUp(reference.clone())
    );

    assert_eq!(
        store
            .list_cases(&CaseFilter::default())
            .await
            .unwrap()
            .len(),
        1
    );
    let case = case(store.as_ref(), &reference).await;
    assert_eq!(
        kinds(&case),
        [
            EventKind::Received,
            EventKind::AcknowledgementQueued,
            EventKind::FollowUp,
            EventKind::FollowUp
        ]
    );
    assert_eq!(
        case.events[2].detail.as_deref(),
        Some("reply-1@example.org")
    );
    assert_eq!(
        audit_actions(store.as_ref()).await,
        [
            "case.received",
            "mail.queued",
            "case.follow_up",
            "case.follow_up"
        ]
    );
    assert_eq!(store.outbox_counts().await.unwrap().pending, 1);
}

async fn a_case_without_classification_reads_back_as_none(store: Arc<dyn Store>) {
    let mut raw = intake("raw-1@example.org");
    raw.classification = None;
    raw.requester_address = None;
    raw.acknowledgement = None;
    let reference = created(store.as_ref(), raw).await;
    let case = case(store.as_ref(), &reference).await;
    assert_eq!(case.classification, None);
    assert!(case.request_types.is_empty());
    assert_eq!(case.requester_address, None);
    let summary = store.list_cases(&CaseFilter::default()).await.unwrap();
    assert!(summary[0].request_types.is_empty());
}

// ---- updates ----

async fn an_update_writes_all_its_effects_in_order(store: Arc<dyn Store>) {
    let reference = created(store.as_ref(), intake("req-1@example.org")).await;
    let now = at("2026-03-20T10:00:00Z");
    let mut reclassified = classification();
    reclassified.types = vec![RequestType::Rectification];
    reclassified.primary = RequestType::Rectification;
    reclassified.overridden_by = Some("officer:fg".into());
    let extended = {
        let mut d = CaseDeadline::new(at(RECEIVED), rules());
        d.extensions.push(Extension::weeks(now, 4));
        d.recompute(at(RECEIVED), now.date_naive());
        d
    };
    let letter = mail(&reference, MailKind::Extension);
    let effects = vec![
        Effect::SetClassification(reclassified.clone()),
        Effect::SetDeadline(extended.clone()),
        Effect::Transition {
            to: CaseState::AwaitingIdentity,
            event: EventKind::Reclassified,
            detail: Some("access → rectification".into()),
        },
        Effect::Event {
            kind: EventKind::Extended,
            detail: Some("four more weeks".into()),
        },
        Effect::Audit {
            action: "case.extended".into(),
            detail: serde_json::json!({ "weeks": 4 }),
        },
        Effect::QueueMail(letter.clone()),
    ];
    let written = effects.clone();
    let outcome = store
        .update_case(
            &reference,
            now,
            change(move |case| {
                assert_eq!(case.state, CaseState::Received);
                assert_eq!(case.requester_address, Some(requester()));
                assert_eq!(case.message_id.as_deref(), Some("req-1@example.org"));
                assert_eq!(
                    case.request_types,
                    [RequestType::Access, RequestType::Erasure]
                );
                Ok(CaseUpdate {
                    actor: officer(),
                    effects: written,
                })
            }),
        )
        .await
        .unwrap();
    let UpdateOutcome::Applied { before, after } = outcome else {
        panic!("expected the update to apply, got {outcome:?}");
    };
    assert_eq!(before.state, CaseState::Received);
    assert_eq!(after.effects, effects);
    assert_eq!(after.state(), Some(CaseState::AwaitingIdentity));
    assert_eq!(after.deadline(), Some(&extended));
    assert_eq!(after.classification(), Some(&reclassified));
    assert_eq!(after.mail().count(), 1);

    let case = case(store.as_ref(), &reference).await;
    assert_eq!(case.state, CaseState::AwaitingIdentity);
    assert_eq!(case.request_types, [RequestType::Rectification]);
    assert_eq!(case.classification, Some(reclassified));
    assert_eq!(case.due_date, Some(extended.computed.due));
    assert_eq!(case.deadline, Some(extended));
    assert_eq!(
        kinds(&case)[2..],
        [
            EventKind::Reclassified,
            EventKind::Extended,
            EventKind::MailQueued
        ]
    );
    let moved = &case.events[2];
    assert_eq!(moved.actor, "officer:fg");
    assert_eq!(moved.from_state, Some(CaseState::Received));
    assert_eq!(moved.to_state, Some(CaseState::AwaitingIdentity));
    assert_eq!(
        case.events[4].actor, "system",
        "the daemon sends the letter"
    );
    assert_eq!(
        audit_actions(store.as_ref()).await[2..],
        ["case.extended", "mail.queued"]
    );
    let (rows, _) = store.audit_log().await.unwrap();
    assert_eq!(rows[2].actor, "officer:fg");
    assert_eq!(rows[2].detail, r#"{"weeks":4}"#);
    let due = store.due_outbox(now, 10).await.unwrap();
    assert_eq!(due.len(), 2);
    assert_eq!(due[1].kind, MailKind::Extension);
    assert_eq!(due[1].message_id, letter.message_id);
}

async fn a_refused_update_writes_nothing(store: Arc<dyn Store>) {
    let reference = created(store.as_ref(), intake("req-1@example.org")).await;
    let before = case(store.as_ref(), &reference).await;
    let outcome = store
        .update_case(
            &reference,
            at("2026-03-20T10:00:00Z"),
            change(|case| Err(format!("case {} is not ready", case.reference))),
        )
        .await
        .unwrap();
    assert!(
        matches!(&outcome, UpdateOutcome::Refused(why) if why == "case AVG-2026-0001 is not ready"),
        "{outcome:?}"
    );
    assert_eq!(case(store.as_ref(), &reference).await, before);
    assert_eq!(
        audit_actions(store.as_ref()).await,
        ["case.received", "mail.queued"]
    );
}

async fn an_illegal_transition_refuses_the_whole_update(store: Arc<dyn Store>) {
    let reference = created(store.as_ref(), intake("req-1@example.org")).await;
    let before = case(store.as_ref(), &reference).await;
    let mail = mail(&reference, MailKind::Extension);
    let mut other = classification();
    other.types = vec![RequestType::Objection];
    let outcome = store
        .update_case(
            &reference,
            at("2026-03-20T10:00:00Z"),
            change(move |_| {
                Ok(CaseUpdate {
                    actor: officer(),
                    // Written before the move the state machine refuses:
                    // all of it goes.
                    effects: vec![
                        Effect::SetClassification(other),
                        Effect::Audit {
                            action: "case.reclassified".into(),
                            detail: serde_json::json!({}),
                        },
                        Effect::QueueMail(mail),
                        Effect::Transition {
                            to: CaseState::Answered,
                            event: EventKind::Transition,
                            detail: None,
                        },
                    ],
                })
            }),
        )
        .await
        .unwrap();
    assert!(
        matches!(&outcome, UpdateOutcome::Refused(why) if why == "a case cannot move from received to answered"),
        "{outcome:?}"
    );
    assert_eq!(case(store.as_ref(), &reference).await, before);
    assert_eq!(
        audit_actions(store.as_ref()).await,
        ["case.received", "mail.queued"]
    );
    assert_eq!(store.outbox_counts().await.unwrap().pending, 1);
}

async fn an_update_of_an_unknown_case_is_not_found(store: Arc<dyn Store>) {
    let nobody: CaseRef = "AVG-2026-0042".parse().unwrap();
    let outcome = store
        .update_case(
            &nobody,
            at(RECEIVED),
            change(|_| panic!("nothing to decide about")),
        )
        .await
        .unwrap();
    assert!(matches!(outcome, UpdateOutcome::NotFound), "{outcome:?}");
    assert_eq!(store.get_case(&nobody).await.unwrap(), None);
}

// ---- outbox ----

async fn the_outbox_claims_fails_retries_and_sends_once(store: Arc<dyn Store>) {
    created(store.as_ref(), intake("req-1@example.org")).await;
    let now = at("2026-03-02T09:20:00Z");
    let item = store.due_outbox(now, 10).await.unwrap().remove(0);

    assert!(store.claim_outbox(item.id, now).await.unwrap());
    assert!(
        !store.claim_outbox(item.id, now).await.unwrap(),
        "claimed once"
    );
    assert!(store.due_outbox(now, 10).await.unwrap().is_empty());
    assert_eq!(store.outbox_counts().await.unwrap().sending, 1);

    let retry_at = now + TimeDelta::seconds(30);
    store
        .mark_failed(item.id, "connection refused", retry_at)
        .await
        .unwrap();
    assert!(store.due_outbox(now, 10).await.unwrap().is_empty());
    let again = store.due_outbox(retry_at, 10).await.unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].attempts, 1);
    assert_eq!(again[0].message_id, item.message_id, "same Message-ID");

    assert!(store.claim_outbox(item.id, retry_at).await.unwrap());
    store.mark_sent(item.id, retry_at).await.unwrap();
    store.mark_sent(item.id, retry_at).await.unwrap();
    assert_eq!(
        store.outbox_counts().await.unwrap(),
        OutboxCounts {
            pending: 0,
            sent: 1,
            sending: 0
        }
    );
    assert!(store
        .due_outbox(retry_at + TimeDelta::days(1), 10)
        .await
        .unwrap()
        .is_empty());
    assert!(!store.claim_outbox(item.id, retry_at).await.unwrap());
    assert_eq!(
        audit_actions(store.as_ref()).await,
        ["case.received", "mail.queued", "mail.sent"],
        "a delivery is audited once"
    );
}

async fn a_delivery_cut_off_is_found_interrupted(store: Arc<dyn Store>) {
    created(store.as_ref(), intake("req-1@example.org")).await;
    let now = at("2026-03-02T09:20:00Z");
    let item = store.due_outbox(now, 10).await.unwrap().remove(0);
    assert!(store.interrupted_outbox().await.unwrap().is_empty());
    assert!(store.claim_outbox(item.id, now).await.unwrap());

    let cut = store.interrupted_outbox().await.unwrap();
    assert_eq!(cut.len(), 1);
    assert_eq!(cut[0].id, item.id);
    assert_eq!(cut[0].kind, MailKind::Acknowledgement);
    assert_eq!(cut[0].raw, item.raw);

    store.mark_sent(cut[0].id, now).await.unwrap();
    assert!(store.interrupted_outbox().await.unwrap().is_empty());
    assert_eq!(store.outbox_counts().await.unwrap().sent, 1);
    audit_actions(store.as_ref()).await;
}

// ---- reminders ----

async fn a_reminder_is_recorded_once(store: Arc<dyn Store>) {
    let reference = created(store.as_ref(), intake("req-1@example.org")).await;
    let by = at(RECEIVED).date_naive() + chrono::Days::new(60);
    let due = store.due_cases(by).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].reference, reference);
    assert!(due[0].reminded.is_empty());
    assert_eq!(
        due[0].deadline,
        CaseDeadline::new(at(RECEIVED), rules()),
        "the frozen deadline reads back"
    );

    let now = at("2026-03-26T08:00:00Z");
    let first = [ReminderKind::DueWithin(1), ReminderKind::DueWithin(5)];
    let letter = mail(&reference, MailKind::Reminder);
    assert!(store
        .record_reminder(&reference, &first, Some(letter.clone()), now)
        .await
        .unwrap());
    assert!(
        !store
            .record_reminder(&reference, &first[..1], Some(letter), now)
            .await
            .unwrap(),
        "the same reminder is not recorded twice"
    );
    assert!(!store
        .record_reminder(&reference, &[], None, now)
        .await
        .unwrap());
    let due = store.due_cases(by).await.unwrap();
    let mut reminded = due[0].reminded.clone();
    reminded.sort_by_key(|k| k.key());
    assert_eq!(reminded, first);

    // Overdue is new; the 1-day reminder beside it is already there.
    assert!(store
        .record_reminder(
            &reference,
            &[ReminderKind::Overdue, ReminderKind::DueWithin(1)],
            None,
            now
        )
        .await
        .unwrap());
    assert_eq!(store.due_cases(by).await.unwrap()[0].reminded.len(), 3);

    let case = case(store.as_ref(), &reference).await;
    let reminders: Vec<_> = case
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Reminder)
        .map(|e| e.detail.clone().unwrap())
        .collect();
    assert_eq!(reminders, ["due-1", "overdue"]);
    assert_eq!(store.outbox_counts().await.unwrap().pending, 2);
    assert_eq!(
        audit_actions(store.as_ref()).await,
        [
            "case.received",
            "mail.queued",
            "case.reminder",
            "mail.queued",
            "case.reminder"
        ]
    );

    // A case that is no longer open has no running deadline.
    for to in [CaseState::Rejected, CaseState::Closed] {
        let outcome = store
            .update_case(
                &reference,
                now,
                change(move |_| {
                    Ok(CaseUpdate {
                        actor: officer(),
                        effects: vec![Effect::Transition {
                            to,
                            event: EventKind::Transition,
                            detail: None,
                        }],
                    })
                }),
            )
            .await
            .unwrap();
        assert!(matches!(outcome, UpdateOutcome::Applied { .. }));
    }
    assert!(store.due_cases(by).await.unwrap().is_empty());
}

// ---- listing ----

async fn cases_are_listed_by_state_and_due_date(store: Arc<dyn Store>) {
    let open = created(store.as_ref(), intake("req-1@example.org")).await;
    let mut news = intake("news-1@example.org");
    news.effects = to_triage("not a request");
    news.acknowledgement = None;
    let triaged = created(store.as_ref(), news).await;

    let all = store.list_cases(&CaseFilter::default()).await.unwrap();
    let refs: Vec<_> = all.iter().map(|c| c.reference.clone()).collect();
    assert_eq!(refs, [triaged.clone(), open.clone()], "newest first");
    assert_eq!(all[1].state, CaseState::Received);
    assert_eq!(
        all[1].request_types,
        [RequestType::Access, RequestType::Erasure]
    );
    assert_eq!(all[1].language, Language::Nl);

    let in_triage = store
        .list_cases(&CaseFilter {
            state: Some(CaseState::NeedsTriage),
            ..CaseFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(in_triage.len(), 1);
    assert_eq!(in_triage[0].reference, triaged);

    let due = all[1].due_date.unwrap();
    let by_due = |d| {
        let store = store.clone();
        async move {
            store
                .list_cases(&CaseFilter {
                    due_by: Some(d),
                    ..CaseFilter::default()
                })
                .await
                .unwrap()
                .len()
        }
    };
    assert_eq!(by_due(due).await, 2);
    assert_eq!(by_due(due - chrono::Days::new(1)).await, 0);
    // A case whose deadline no longer runs is not "due".
    let reject = change(|_| {
        Ok(CaseUpdate {
            actor: officer(),
            effects: vec![Effect::Transition {
                to: CaseState::Rejected,
                event: EventKind::Transition,
                detail: Some("manifestly unfounded".into()),
            }],
        })
    });
    let outcome = store
        .update_case(&open, at(RECEIVED), reject)
        .await
        .unwrap();
    assert!(matches!(outcome, UpdateOutcome::Applied { .. }));
    assert_eq!(by_due(due).await, 1);
    let one = store
        .list_cases(&CaseFilter {
            limit: Some(1),
            ..CaseFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(one.len(), 1);
}

// ---- mailboxes ----

async fn mailbox_progress_never_goes_back_within_one_uidvalidity(store: Arc<dyn Store>) {
    let now = at(RECEIVED);
    assert_eq!(store.mailbox_state("avg").await.unwrap(), None);
    let saved = |uidvalidity, last_uid| MailboxState {
        uidvalidity,
        last_uid,
    };
    store
        .save_mailbox_state("avg", saved(7, 10), now)
        .await
        .unwrap();
    store
        .save_mailbox_state("avg", saved(7, 5), now)
        .await
        .unwrap();
    assert_eq!(
        store.mailbox_state("avg").await.unwrap(),
        Some(saved(7, 10))
    );
    store
        .save_mailbox_state("avg", saved(7, 12), now)
        .await
        .unwrap();
    assert_eq!(
        store.mailbox_state("avg").await.unwrap(),
        Some(saved(7, 12))
    );
    // A new UIDVALIDITY starts over.
    store
        .save_mailbox_state("avg", saved(8, 3), now)
        .await
        .unwrap();
    assert_eq!(store.mailbox_state("avg").await.unwrap(), Some(saved(8, 3)));
    assert_eq!(store.mailbox_state("other").await.unwrap(), None);
    store
        .save_mailbox_state("other", saved(1, u32::MAX), now)
        .await
        .unwrap();
    assert_eq!(
        store.mailbox_state("other").await.unwrap(),
        Some(saved(1, u32::MAX))
    );
}

// ---- upgrades ----
//
// A database written by an older dsrd must read after the upgrade. Not part
// of the contract proper (it reaches under the trait to build the old
// schema), but run on both stores all the same.

/// Writes two cases the way dsrd wrote them before migration 0005: one with
/// the '{}' that stood for "no classification", one with a classification.
macro_rules! write_old_cases {
    ($pool:expr) => {{
        let deadline = serde_json::to_string(&CaseDeadline::new(at(RECEIVED), rules())).unwrap();
        let classified = serde_json::to_string(&classification()).unwrap();
        for (reference, classification) in [("AVG-2026-0001", "{}"), ("AVG-2026-0002", classified.as_str())] {
            sqlx::query(
                "INSERT INTO cases (reference, organisation, state, received_at, body_text, language,
                    request_types, deadline, created_at, updated_at, classification)
                 VALUES ($1, 'Stichting Testscholen', 'needs_triage', $2, '', 'nl', '[]', $3, $2, $2, $4)",
            )
            .bind(reference)
            .bind(at(RECEIVED))
            .bind(&deadline)
            .bind(classification)
            .execute($pool)
            .await
            .expect("an old case is written");
        }
    }};
}

/// The migrations up to (not including) 0005.
fn before_0005(all: sqlx::migrate::Migrator) -> sqlx::migrate::Migrator {
    let old: Vec<_> = all
        .migrations
        .iter()
        .filter(|m| m.version < 5)
        .cloned()
        .collect();
    assert_eq!(old.len(), 4);
    sqlx::migrate::Migrator {
        migrations: old.into(),
        ..all
    }
}

async fn old_cases_read_back(store: &dyn Store) {
    let first = case(store, &"AVG-2026-0001".parse().unwrap()).await;
    assert_eq!(first.classification, None, "'{{}}' was \"none\"");
    assert_eq!(first.state, CaseState::NeedsTriage);
    let second = case(store, &"AVG-2026-0002".parse().unwrap()).await;
    assert_eq!(second.classification, Some(classification()));
    assert_eq!(
        second.deadline,
        Some(CaseDeadline::new(at(RECEIVED), rules()))
    );
}

#[tokio::test]
async fn an_old_sqlite_database_reads_after_the_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dsrd.sqlite");
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .foreign_keys(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    before_0005(sqlx::migrate!("./migrations/sqlite"))
        .run(&pool)
        .await
        .unwrap();
    write_old_cases!(&pool);
    pool.close().await;

    let store = SqliteStore::open(&path).await.expect("the upgrade runs");
    old_cases_read_back(&store).await;
    let nulls: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE classification IS NULL")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(nulls, 1, "the sentinel became NULL");
}

#[tokio::test]
async fn an_old_postgres_database_reads_after_the_upgrade() {
    harness::on_postgres_url(|url| async move {
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        before_0005(sqlx::migrate!("./migrations/postgres"))
            .run(&pool)
            .await
            .unwrap();
        write_old_cases!(&pool);
        pool.close().await;

        let store = PgStore::open(&url, None).await.expect("the upgrade runs");
        old_cases_read_back(&store).await;
        let nulls: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE classification IS NULL")
                .fetch_one(store.pool())
                .await
                .unwrap();
        assert_eq!(nulls, 1, "the sentinel became NULL");
        store.pool().close().await;
    })
    .await
}
