//! What an officer does about identity (issue 11, point 7): choose the
//! subject, send a code to an address on file, record an in-person check,
//! decide that the requester may not act, and say which attachments are
//! evidence. Each is one `update_case` transaction with its event and audit
//! entry by the officer; the CLI and the HTTP API call these.
//!
//! There is no call that moves a case towards approval without a
//! [`Verification`]: choosing a subject goes on the same road as the
//! automatic stage (matched on file, or a code), and an in-person check is
//! a verification of its own.

use super::{outcome, ActionError};
use crate::answer::{NotValidFacts, Remedies};
use crate::case::{Actor, CaseRef, CaseState, EventKind};
use crate::config::Config;
use crate::dispatch::PluginService;
use crate::identity::{
    next_step, AttachmentRef, CaseIdentity, DocumentSeen, IdentityChange, NextStep, NotValid,
    OfficerMust, Verification,
};
use crate::outbox::{case_mail, Addressee, MailKind};
use crate::store::{CaseSnapshot, CaseUpdate, Effect, Store};
use crate::verify::{code_effects, end_wait, step_effects_with, StepContext};
use chrono::{DateTime, Utc};

/// What an officer's identity action led to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct IdentityOutcome {
    /// The state the case is in afterwards.
    pub state: CaseState,
    /// What happened, in a sentence for the officer.
    pub said: String,
}

fn done(case: &CaseSnapshot, update: &CaseUpdate, said: impl Into<String>) -> IdentityOutcome {
    IdentityOutcome {
        state: update.state().unwrap_or(case.state),
        said: said.into(),
    }
}

/// States in which identity is still open.
fn open(case: &CaseSnapshot) -> Result<(), String> {
    match case.state {
        CaseState::Received | CaseState::AwaitingIdentity | CaseState::NeedsTriage => Ok(()),
        other => Err(format!(
            "case {} is {other}: its identity is no longer open",
            case.reference
        )),
    }
}

/// The case's finding and its subject (found or chosen), or what the
/// officer must do first.
fn subject_of(case: &CaseSnapshot) -> Result<(&crate::identity::Finding, usize), String> {
    let Some(finding) = &case.identity.finding else {
        return Err(
            "nobody has been looked up for this case yet: dsrd cases identity REF --look-up".into(),
        );
    };
    let subject = case
        .identity
        .subject
        .or_else(|| CaseIdentity::found_subject(finding));
    match subject {
        Some(subject) => Ok((finding, subject)),
        None => Err(format!(
            "choose the subject first: dsrd cases identity {} --choose N",
            case.reference
        )),
    }
}

fn officer(name: &str) -> Result<Actor, ActionError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ActionError::Refused(
            "say who you are (--officer NAME)".into(),
        ));
    }
    Ok(Actor::Officer(name.to_owned()))
}

async fn run(
    store: &dyn Store,
    reference: &CaseRef,
    now: DateTime<Utc>,
    change: impl FnOnce(&CaseSnapshot) -> Result<(CaseUpdate, String), String> + Send + 'static,
) -> Result<IdentityOutcome, ActionError> {
    let said = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let out = said.clone();
    let boxed = Box::new(
        move |case: &CaseSnapshot| -> Result<crate::store::CaseUpdate, crate::store::Refusal> {
            let (update, text) = change(case)?;
            *out.lock().expect("not poisoned") = text;
            Ok(update)
        },
    );
    let (before, after) = outcome(reference, store.update_case(reference, now, boxed).await?)?;
    let text = said.lock().expect("not poisoned").clone();
    Ok(done(&before, &after, text))
}

/// Looks the subject up again through every plugin (after the officer
/// corrected the school's records, or when a plugin was down), and goes on
/// as the automatic stage does.
pub async fn look_up_again(
    store: &dyn Store,
    config: &Config,
    plugins: &PluginService,
    reference: &CaseRef,
    by: &str,
    now: DateTime<Utc>,
) -> Result<IdentityOutcome, ActionError> {
    let actor = officer(by)?;
    let case = store
        .get_case(reference)
        .await?
        .ok_or_else(|| ActionError::NotFound(reference.clone()))?;
    let requester = case
        .requester_address
        .clone()
        .ok_or_else(|| ActionError::Refused("the case has no requester address".into()))?;
    let classification = case
        .classification
        .clone()
        .ok_or_else(|| ActionError::Refused("the case has no classification yet".into()))?;
    let answers = crate::verify::look_up(plugins, &requester, &classification.extraction)
        .await
        .ok_or_else(|| ActionError::Refused("no plugin answered; try again later".into()))?;
    let received = case
        .received_at
        .with_timezone(&config.organisation.time_zone)
        .date_naive();
    let finding = crate::identity::find(
        &requester,
        &classification.extraction,
        &answers,
        received,
        config.policy.minor_rights,
    );
    let sender = case
        .identity
        .sender
        .clone()
        .unwrap_or(crate::intake::SenderAuth::Unknown);
    let ctx = StepContext::new(config);
    run(store, reference, now, move |snapshot| {
        open(snapshot)?;
        let mut update = step_effects_with(
            &ctx,
            snapshot,
            snapshot.identity.clone(),
            Some((finding, sender)),
            Vec::new(),
            now,
        )?;
        update.actor = actor;
        Ok((update, "looked up again".into()))
    })
    .await
}

/// The officer chooses candidate `subject` (a number from `dsrd cases
/// identity`) as the person the request is about; the case goes on as the
/// automatic stage would with that person found.
pub async fn choose_subject(
    store: &dyn Store,
    config: &Config,
    reference: &CaseRef,
    subject: usize,
    by: &str,
    now: DateTime<Utc>,
) -> Result<IdentityOutcome, ActionError> {
    let actor = officer(by)?;
    let ctx = StepContext::new(config);
    run(store, reference, now, move |case| {
        open(case)?;
        let Some(finding) = &case.identity.finding else {
            return Err("nobody has been looked up for this case yet".into());
        };
        if subject >= finding.candidates.len() {
            return Err(format!(
                "there is no person {subject}: choose one of 0–{}",
                finding.candidates.len().saturating_sub(1)
            ));
        }
        let change = IdentityChange::Chose { subject };
        let mut identity: CaseIdentity = case.identity.clone();
        change.apply(&mut identity);
        let before = vec![
            Effect::Identity(change),
            Effect::Event {
                kind: EventKind::SubjectChosen,
                detail: Some(format!("the officer chose person {subject}")),
            },
            Effect::Audit {
                action: "identity.subject_chosen".into(),
                detail: serde_json::json!({ "subject": subject }),
            },
        ];
        let mut update = step_effects_with(&ctx, case, identity, None, before, now)?;
        update.actor = actor;
        let said = match update.state() {
            Some(CaseState::AwaitingApproval) => "identity verified: matched on file",
            _ if update.mail().any(|m| m.kind == MailKind::IdentityCode) => {
                "a code went to the address on file"
            }
            _ => "chosen; identity still open",
        };
        Ok((update, said.into()))
    })
    .await
}

/// Sends a one-time code for the case's subject to `to`, which must be an
/// address on file of someone who may act for them; without `to`, to the
/// only such address.
pub async fn send_code(
    store: &dyn Store,
    config: &Config,
    reference: &CaseRef,
    to: Option<&str>,
    by: &str,
    now: DateTime<Utc>,
) -> Result<IdentityOutcome, ActionError> {
    let actor = officer(by)?;
    let ctx = StepContext::new(config);
    let to = to.map(str::to_owned);
    run(store, reference, now, move |case| {
        open(case)?;
        let identity = &case.identity;
        let (finding, subject) = subject_of(case)?;
        let requester = case
            .requester_address
            .as_ref()
            .map(|a| a.as_str())
            .unwrap_or_default();
        let allowed = crate::verify::code_addresses(
            finding,
            subject,
            requester,
            ctx.received(case),
            ctx.model,
        );
        let to = match (to.clone(), allowed.as_slice()) {
            (Some(to), _) => to,
            (None, [one]) => one.clone(),
            (None, []) => return Err(
                "no address on file may receive a code for this person; check identity in person"
                    .into(),
            ),
            (None, many) => {
                return Err(format!(
                    "several addresses on file may receive the code; pick one with --to: {}",
                    many.join(", ")
                ))
            }
        };
        let mut effects = code_effects(&ctx, case, identity, subject, &to, now)?;
        if case.state != CaseState::AwaitingIdentity {
            effects.push(Effect::Transition {
                to: CaseState::AwaitingIdentity,
                event: EventKind::Transition,
                detail: Some("identity is checked by a code sent to an address on file".into()),
            });
        }
        Ok((
            CaseUpdate {
                actor: actor.clone(),
                effects,
            },
            format!("a code went to {to}"),
        ))
    })
    .await
}

/// Records that `seen_by` saw the requester in person, with `document`
/// shown and not copied. A note holding what looks like a BSN or a
/// document number is refused; there is nowhere to put a number.
#[allow(clippy::too_many_arguments)]
pub async fn verify_in_person(
    store: &dyn Store,
    config: &Config,
    reference: &CaseRef,
    document: DocumentSeen,
    seen_by: &str,
    note: Option<&str>,
    by: &str,
    now: DateTime<Utc>,
) -> Result<IdentityOutcome, ActionError> {
    let actor = officer(by)?;
    // Refuse a bad note before anything is read or written.
    if let Some(note) = note {
        crate::identity::check_note(note)
            .map_err(|e| ActionError::Refused(e.to_string().into()))?;
    }
    let ctx = StepContext::new(config);
    let (seen_by, note) = (seen_by.to_owned(), note.map(str::to_owned));
    run(store, reference, now, move |case| {
        // After a match on file, an in-person check may still come: it is
        // what special-category data needs before approval.
        let upgrade = case.state == CaseState::AwaitingApproval
            && case
                .identity
                .verification
                .as_ref()
                .is_some_and(|v| !v.method().enough_for_special_category());
        if !upgrade {
            open(case)?;
        }
        let (finding, subject) = subject_of(case)?;
        let verification = Verification::in_person(
            finding,
            subject,
            document,
            &seen_by,
            note.as_deref(),
            ctx.received(case),
            ctx.model,
            now,
        )
        .map_err(|e| e.to_string())?;
        let mut effects: Vec<Effect> = end_wait(case, now).into_iter().collect();
        effects.push(Effect::Verified(verification));
        Ok((
            CaseUpdate {
                actor: actor.clone(),
                effects,
            },
            format!("identity verified in person ({} seen)", document.as_str()),
        ))
    })
    .await
}

/// The requester may not act for the subject: the case is refused with
/// the letter for the reason the records give (or, when the officer
/// decides it themself, the letter for a parent without parental
/// authority), and nothing is disclosed or changed.
pub async fn refuse_representative(
    store: &dyn Store,
    config: &Config,
    reference: &CaseRef,
    reason: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<IdentityOutcome, ActionError> {
    let actor = officer(by)?;
    if reason.trim().len() < 10 {
        return Err(ActionError::Refused(
            "give the reason for the case file: --reason \"…\"".into(),
        ));
    }
    let ctx = StepContext::new(config);
    let reason = reason.trim().to_owned();
    run(store, reference, now, move |case| {
        open(case)?;
        let requester = case
            .requester_address
            .as_ref()
            .map(|a| a.as_str())
            .unwrap_or_default();
        let why = match next_step(
            &case.identity,
            requester,
            ctx.received(case),
            ctx.model,
            now,
        ) {
            NextStep::NotValid { reason, .. } => reason,
            NextStep::Verified(_) => {
                return Err(
                    "the records say this requester may act; verify instead of refusing".into(),
                )
            }
            NextStep::Officer(OfficerMust::Decide { .. })
            | NextStep::SendCode { .. }
            | NextStep::Officer(_) => NotValid::NotARepresentative,
        };
        let lang = ctx.lang(case);
        let letter = ctx
            .letters
            .not_valid(
                why,
                &NotValidFacts {
                    reference: case.reference.as_str(),
                    organisation: &ctx.organisation.name,
                    requester_name: case.requester_name.as_deref(),
                    minor_rights: ctx.model,
                    remedies: Remedies {
                        bestuursorgaan: ctx.bestuursorgaan,
                        complaints: None,
                    },
                },
                lang,
            )
            .map_err(|e| e.to_string())?;
        let mut effects = vec![
            Effect::Transition {
                to: CaseState::Rejected,
                event: EventKind::Transition,
                detail: Some(format!(
                    "the requester may not act for this person ({why:?}): {reason}"
                )),
            },
            Effect::Audit {
                action: "identity.not_valid".into(),
                detail: serde_json::json!({ "reason": why }),
            },
        ];
        let said = match (letter, Addressee::requester(case)) {
            (Some(letter), Some(to)) => {
                let mail = case_mail(
                    &ctx.organisation,
                    &case.reference,
                    &to,
                    MailKind::NotValid,
                    &letter,
                    now,
                )
                .map_err(|e| e.to_string())?;
                effects.push(Effect::QueueMail(mail));
                "refused; the letter went to the requester".to_owned()
            }
            _ => "refused; dsrd has no standard letter for this: write to the requester yourself"
                .to_owned(),
        };
        Ok((
            CaseUpdate {
                actor: actor.clone(),
                effects,
            },
            said,
        ))
    })
    .await
}

/// Marks an attachment as evidence for the request: it is kept when the
/// identity document candidates are removed.
pub async fn keep_attachment(
    store: &dyn Store,
    reference: &CaseRef,
    at: AttachmentRef,
    by: &str,
    now: DateTime<Utc>,
) -> Result<IdentityOutcome, ActionError> {
    let actor = officer(by)?;
    let messages = store.case_messages(reference).await?;
    if !messages.iter().any(|m| m.id == at.message) {
        return Err(ActionError::Refused(
            format!("case {reference} has no message {}", at.message).into(),
        ));
    }
    run(store, reference, now, move |case| {
        if case.identity.removed.iter().any(|r| r.at == at) {
            return Err("that attachment was removed already".into());
        }
        Ok((
            CaseUpdate {
                actor: actor.clone(),
                effects: vec![
                    Effect::Identity(IdentityChange::KeepAsEvidence(at.clone())),
                    Effect::Event {
                        kind: EventKind::EvidenceKept,
                        detail: Some(format!(
                            "attachment {} of message {} kept as evidence for the request",
                            at.part, at.message
                        )),
                    },
                    Effect::Audit {
                        action: "attachment.kept_as_evidence".into(),
                        detail: serde_json::json!({ "message": at.message, "part": at.part }),
                    },
                ],
            },
            "kept as evidence".into(),
        ))
    })
    .await
}

/// The officer has reviewed the attachments: whatever is not kept as
/// evidence may be removed once identity is decided.
pub async fn attachments_reviewed(
    store: &dyn Store,
    reference: &CaseRef,
    by: &str,
    now: DateTime<Utc>,
) -> Result<IdentityOutcome, ActionError> {
    let actor = officer(by)?;
    run(store, reference, now, move |_case| {
        Ok((
            CaseUpdate {
                actor: actor.clone(),
                effects: vec![
                    Effect::Identity(IdentityChange::AttachmentsReviewed),
                    Effect::Audit {
                        action: "attachment.reviewed".into(),
                        detail: serde_json::json!({}),
                    },
                ],
            },
            "attachments reviewed: what is not evidence is removed once identity is decided".into(),
        ))
    })
    .await
}
