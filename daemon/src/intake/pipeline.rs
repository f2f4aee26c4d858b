//! From raw bytes to a recorded case: parse, compute the deadline, choose the
//! letter language, render the acknowledgement, and record it all at once.

use super::{parse, MaildirSource};
use crate::answer::{AckFacts, Letter};
use crate::case::{CaseClassification, CaseDeadline, CaseRef, CaseState, EventKind};
use crate::classify::{classify, extract, RequestType, Rules};
use crate::clock::Clock;
use crate::config::{Config, Organisation};
use crate::lang::Lang;
use crate::outbox::{case_mail, Addressee, MailKind, OutgoingMail};
use crate::store::{BreachIntake, Effect, IntakeOutcome, NewIntake, Store, StoreError};
use chrono::{DateTime, Datelike, Utc};
use std::sync::Arc;

/// How a message arrived: through which mailbox, as which delivery, when.
#[derive(Debug, Clone)]
pub struct Arrival {
    /// The configured name of the mailbox.
    pub mailbox: String,
    /// Names the delivery uniquely within the mailbox (the Maildir file name
    /// without flags; `imap:<mailbox>:<uidvalidity>:<uid>`).
    pub delivery: String,
    /// Where to find it, for the officer, e.g. `maildir:new/<file>`.
    pub source: String,
    /// When it reached the mailbox (file delivery time, IMAP INTERNALDATE).
    pub received_at: DateTime<Utc>,
}

/// Builds the store record for one message. Pure but for the random part of
/// the acknowledgement's Message-ID.
pub fn prepare(
    raw: Vec<u8>,
    arrival: &Arrival,
    config: &Config,
    rules: &Rules,
    now: DateTime<Utc>,
) -> NewIntake {
    let received_at = arrival.received_at;
    let parsed = parse(&raw);
    let org = &config.organisation;
    let local = received_at.with_timezone(&org.time_zone).date_naive();
    let deadline = CaseDeadline::new(received_at, config.deadline_rules());
    let due_date = deadline.computed.due;
    let subject = parsed.subject.as_deref().unwrap_or("");
    let classification = classify(subject, &parsed.body_text, rules);
    let extraction = extract(subject, &parsed.body_text, classification.language);
    let classification = CaseClassification::automatic(classification, extraction);
    let lang = Lang::answering(classification.language, org.default_language);
    let triage_reason = parsed
        .triage_reason
        .clone()
        .or_else(|| triage_reason(&classification, config.classify.triage_below));
    let acknowledgement = match (&triage_reason, &parsed.from_address) {
        (None, Some(to)) => {
            let org = org.clone();
            let letters = config.letters.clone();
            let to = to.clone();
            let to_name = parsed.from_name.clone();
            let subject = parsed.subject.clone();
            let in_reply_to = parsed.message_id.clone();
            let build = move |reference: &CaseRef| {
                let facts = AckFacts {
                    reference: reference.as_str(),
                    organisation: &org.name,
                    requester_name: to_name.as_deref(),
                    subject: subject.as_deref(),
                    received: local,
                    due: due_date,
                };
                let letter = match letters.acknowledgement(&facts, lang) {
                    Ok(letter) => letter,
                    Err(e) => {
                        tracing::warn!(case = %reference, "acknowledgement not rendered: {e}");
                        return None;
                    }
                };
                let addressee = Addressee {
                    address: &to,
                    name: to_name.as_deref(),
                    in_reply_to: in_reply_to.as_deref(),
                };
                acknowledgement_mail(&org, reference, &addressee, &letter, now)
            };
            Some(Box::new(build) as crate::store::AckBuilder)
        }
        _ => None,
    };
    let subject_reference = parsed
        .subject
        .as_deref()
        .and_then(|s| reference_in(s, &org.reference_prefix));
    NewIntake {
        dedupe_key: parsed.dedupe_key(&raw, &arrival.delivery),
        message_id: parsed.message_id,
        source: arrival.source.clone(),
        mailbox: arrival.mailbox.clone(),
        received_at,
        attachments: parsed.attachments,
        parse_error: parsed.triage_reason.clone(),
        prefix: org.reference_prefix.clone(),
        year: local.year(),
        organisation: org.name.clone(),
        requester_address: parsed.from_address,
        requester_name: parsed.from_name,
        subject: parsed.subject,
        body_text: parsed.body_text,
        language: classification.language,
        classification: Some(classification),
        thread_ids: parsed.thread_ids,
        subject_reference,
        deadline,
        effects: opening(triage_reason.as_deref()),
        triage_reason,
        acknowledgement,
        now,
        raw,
    }
}

/// The acknowledgement of a new case as outgoing mail, from its rendered
/// `letter`; `None` (logged) when it cannot be composed, because a case
/// must be recorded whether or not its acknowledgement can go.
fn acknowledgement_mail(
    org: &Organisation,
    reference: &CaseRef,
    to: &Addressee,
    letter: &Letter,
    now: DateTime<Utc>,
) -> Option<OutgoingMail> {
    match case_mail(org, reference, to, MailKind::Acknowledgement, letter, now) {
        Ok(mail) => Some(mail),
        Err(e) => {
            tracing::warn!(case = %reference, "acknowledgement not composed: {e}");
            None
        }
    }
}

/// What follows the receipt of a new case: nothing, or, when a person must
/// look at it, the move to triage with its reason.
fn opening(triage_reason: Option<&str>) -> Vec<Effect> {
    let Some(reason) = triage_reason else {
        return Vec::new();
    };
    let (from, to) = (CaseState::INITIAL, CaseState::NeedsTriage);
    vec![
        Effect::Transition {
            to,
            event: EventKind::Transition,
            detail: Some(reason.to_owned()),
        },
        Effect::Audit {
            action: "case.transition".into(),
            detail: serde_json::json!({ "from": from.as_str(), "to": to.as_str() }),
        },
    ]
}

/// `intake` stripped to the raw message and its identity, in triage.
fn raw_only(mut intake: NewIntake, reason: String) -> NewIntake {
    intake.subject = None;
    intake.body_text = String::new();
    intake.requester_address = None;
    intake.requester_name = None;
    intake.attachments = Vec::new();
    intake.classification = None;
    intake.thread_ids = Vec::new();
    intake.subject_reference = None;
    intake.acknowledgement = None;
    intake.parse_error = Some(reason.clone());
    intake.effects = opening(Some(&reason));
    intake.triage_reason = Some(reason);
    intake
}

/// Why a parsed message goes to a person instead of being acknowledged.
fn triage_reason(c: &CaseClassification, below: f32) -> Option<String> {
    if c.primary == RequestType::NotARequest {
        Some("not a request (question, complaint, reminder, newsletter or automatic mail)".into())
    } else if c.confidence < below {
        Some(format!(
            "classified as {} with confidence {:.2}, below the configured {below:.2}",
            c.primary, c.confidence
        ))
    } else {
        None
    }
}

/// A case reference with our prefix in a subject line, e.g. "Re: [AVG-2026-0012] …".
pub(super) fn reference_in(subject: &str, prefix: &str) -> Option<CaseRef> {
    subject
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|word| word.starts_with(prefix))
        .find_map(|word| word.parse::<CaseRef>().ok())
}

/// The intake worker.
pub struct Intake {
    config: Arc<Config>,
    rules: Arc<Rules>,
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
}

impl Intake {
    /// The time, as this intake sees it.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// An intake writing into `store`.
    pub fn new(
        config: Arc<Config>,
        rules: Arc<Rules>,
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Intake {
            config,
            rules,
            store,
            clock,
        }
    }

    /// Records one message. When the database refuses what was parsed out of
    /// it (a value it cannot hold), the message is recorded again with its
    /// raw bytes only, in triage: one odd message must neither be lost nor
    /// block the mailbox behind it.
    pub async fn accept(
        &self,
        raw: Vec<u8>,
        arrival: &Arrival,
    ) -> Result<IntakeOutcome, StoreError> {
        let now = self.clock.now();
        if let Some(report) = super::breach_report(&raw, arrival, &self.config, &self.rules, now) {
            let outcome = match self.store.record_breach_report(report).await? {
                BreachIntake::Opened(r) => {
                    tracing::info!(breach = %r, "possible breach report: draft opened in the register, no case");
                    IntakeOutcome::BreachOpened(r)
                }
                BreachIntake::Duplicate(r) => {
                    tracing::info!(breach = %r, "message already recorded as a breach report");
                    IntakeOutcome::BreachDuplicate(r)
                }
            };
            return Ok(outcome);
        }
        let kept = raw.clone();
        let intake = prepare(raw, arrival, &self.config, &self.rules, now);
        let outcome = match self.store.record_intake(intake).await {
            Err(StoreError::Database(sqlx::Error::Database(refused))) => {
                let why = crate::redact::redact(refused.message());
                tracing::error!(mailbox = %arrival.mailbox, "the database refused a parsed message ({why}); keeping its raw bytes for triage");
                let reason = format!(
                    "the parsed message could not be stored ({why}); only its raw bytes are kept"
                );
                let intake = raw_only(
                    prepare(kept, arrival, &self.config, &self.rules, now),
                    reason,
                );
                self.store.record_intake(intake).await?
            }
            other => other?,
        };
        match &outcome {
            IntakeOutcome::Created(r) => tracing::info!(case = %r, "case created"),
            IntakeOutcome::FollowUp(r) => {
                tracing::info!(case = %r, "follow-up attached to its case")
            }
            IntakeOutcome::Duplicate(r) => {
                tracing::info!(case = %r, "message already recorded; not a new case")
            }
            IntakeOutcome::BreachOpened(_) | IntakeOutcome::BreachDuplicate(_) => {}
        }
        Ok(outcome)
    }

    /// Takes every message now in the Maildir's `new/`. A message whose case
    /// cannot be recorded (database down) stays in `new/` for the next round.
    /// Returns how many messages were taken, or stops early when `stop` says so.
    pub async fn drain_maildir(
        &self,
        mailbox: &str,
        maildir: &MaildirSource,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Result<usize, StoreError> {
        let pending = maildir
            .pending()
            .map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
        let mut taken = 0;
        for message in pending {
            if stop() {
                break;
            }
            let (raw, received_at) = match maildir.read(&message, self.clock.now()) {
                Ok(read) => read,
                Err(e) => {
                    // Gone (another reader took it) or unreadable: try again next round.
                    tracing::warn!(file = %message.name, "cannot read message: {e}");
                    continue;
                }
            };
            let arrival = Arrival {
                mailbox: mailbox.to_owned(),
                delivery: message
                    .name
                    .split(":2,")
                    .next()
                    .unwrap_or(&message.name)
                    .to_owned(),
                source: format!("maildir:new/{}", message.name),
                received_at: crate::clock::truncate(received_at),
            };
            self.accept(raw, &arrival).await?;
            if let Err(e) = maildir.acknowledge(&message) {
                tracing::warn!(file = %message.name, "case recorded but message not moved to cur/: {e}");
            }
            taken += 1;
        }
        Ok(taken)
    }
}
