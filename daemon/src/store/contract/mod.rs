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
    no_case_moves_to_approval_without_a_verification,
    a_verification_moves_the_case_on_and_the_record_reads_back,
    a_replaced_message_keeps_none_of_its_old_bytes,
    no_approval_or_execution_while_identity_is_unverified,
    a_decision_on_another_plan_is_refused_and_one_officer_counts_once,
    an_action_is_claimed_once_and_finished_once,
    a_done_restriction_enters_the_register_and_nothing_else_does,
    a_lift_is_announced_once_and_claimed_only_from_its_day,
    a_lift_is_released_retried_failed_and_finished_once,
    a_lift_another_restriction_covers_leaves_the_records_to_the_last,
    an_answer_is_drafted_once_sent_once_and_downloaded_once,
    a_link_locks_after_its_tries_and_a_package_expires_with_its_key,
    notices_are_recorded_once_and_settled_once,
    an_account_is_added_once_regardless_of_case_and_reads_back,
    failed_logins_count_lock_once_and_start_again,
    failed_logins_racing_each_other_are_all_counted_and_lock_once,
    a_login_is_accepted_once_per_totp_step_and_not_for_a_changed_account,
    a_session_is_touched_and_ends_idle_at_its_lifetime_or_at_logout,
    a_token_is_refused_when_expired_revoked_or_its_account_disabled,
    a_new_password_or_secret_ends_the_sessions_and_lifts_the_lock,
    a_breach_is_entered_with_its_reference_and_due_time_and_changed_by_the_rules,
    a_breach_report_mail_opens_one_draft_with_its_mails_and_no_case,
    the_ap_reminder_is_recorded_once_and_not_after_the_decision,
    a_retention_run_is_recorded_with_its_audit_entry,
    a_retention_lease_is_taken_once_and_an_expired_one_taken_over,
    a_days_digest_is_recorded_once_with_its_mails,
    two_daemons_recording_the_same_day_queue_one_digest,
    failed_retention_runs_are_found_since_a_moment,
    a_finished_case_is_reduced_once_when_due_and_keeps_nothing_personal,
    the_figures_count_reduced_cases_with_their_answer,
    a_case_with_a_restriction_in_force_waits_for_its_lift,
    an_erasure_is_finished_once_with_its_ledger_entry,
    ledger_entries_are_read_by_plugin_and_since_oldest_first,
    a_replay_is_audited_with_its_counts_only,
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

mod accounts;
mod answers;
mod breaches;
mod case_file;
mod digests;
mod identity;
mod intake;
mod ledger;
mod listing;
mod mailboxes;
mod outbox;
mod plans;
mod reminders;
mod restrictions;
mod retention;
mod updates;
mod upgrade;

use accounts::*;
use answers::*;
use breaches::*;
use case_file::*;
use digests::*;
use identity::*;
use intake::*;
use ledger::*;
use listing::*;
use mailboxes::*;
use outbox::*;
use plans::*;
use reminders::*;
use restrictions::*;
use retention::*;
use updates::*;

// ---- fixtures ----
pub(super) fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("an RFC 3339 instant")
}

pub(super) fn org() -> Organisation {
    Organisation {
        name: "Stichting Testscholen".into(),
        reply_address: crate::address::EmailAddress::parse("avg@testscholen.example").unwrap(),
        reference_prefix: "AVG".into(),
        time_zone: chrono_tz::Europe::Amsterdam,
        default_language: crate::lang::Lang::Nl,
    }
}

pub(super) fn rules() -> DeadlineRules {
    DeadlineRules {
        policy: Policy::four_weeks(),
        calendar: Calendar::nl_atw(),
        time_zone: chrono_tz::Europe::Amsterdam,
        identity_mode: WaitMode::default(),
        identity_settings: IdentitySettings::default(),
    }
}

pub(super) fn requester() -> EmailAddress {
    EmailAddress::parse("Sanne.de.Vries@Example.org").unwrap()
}

/// A classification with something in every part, so a round trip shows.
pub(super) fn classification() -> CaseClassification {
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

pub(super) const RECEIVED: &str = "2026-03-02T09:15:00Z";

/// A new, acknowledged request with Message-ID `<id>`.
pub(super) fn intake(id: &str) -> NewIntake {
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

pub(super) fn mail(reference: &CaseRef, kind: MailKind) -> OutgoingMail {
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
pub(super) fn to_triage(reason: &str) -> Vec<Effect> {
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

pub(super) async fn created(store: &dyn Store, intake: NewIntake) -> CaseRef {
    match store
        .record_intake(intake)
        .await
        .expect("intake is recorded")
    {
        IntakeOutcome::Created(reference) => reference,
        other => panic!("expected a new case, got {other:?}"),
    }
}

pub(super) async fn case(store: &dyn Store, reference: &CaseRef) -> crate::case::Case {
    store
        .get_case(reference)
        .await
        .expect("the case reads")
        .expect("the case exists")
}

/// The audit actions in chain order, after checking that the chain verifies.
pub(super) async fn audit_actions(store: &dyn Store) -> Vec<String> {
    let (rows, head) = store.audit_log().await.expect("the audit log reads");
    verify(&rows, &head).expect("the audit chain verifies");
    rows.into_iter().map(|r| r.action).collect()
}

pub(super) fn kinds(case: &crate::case::Case) -> Vec<EventKind> {
    case.events.iter().map(|e| e.kind).collect()
}

pub(super) fn change(
    f: impl FnOnce(&CaseSnapshot) -> Result<CaseUpdate, String> + Send + 'static,
) -> CaseChange {
    Box::new(move |case| f(case).map_err(crate::store::Refusal::from))
}

pub(super) fn officer() -> Actor {
    Actor::Officer("fg".into())
}
