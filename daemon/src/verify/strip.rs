//! Identity document copies that arrived unasked (issue 11, point 5;
//! answers.md §1 and ans-003). Once identity is decided — verified, or the
//! case refused — every image or PDF attachment of the case's messages
//! that the officer did not mark as evidence for the request is cut out of
//! the stored message (the fact, type, size and SHA-256 are kept), in one
//! transaction with its event, audit entry and a short letter telling the
//! requester; then the database's own files are scrubbed and the mailbox's
//! copy is replaced by the message without it.
//!
//! A pass that stops between the store's change and the mailbox's is
//! finished by the next: the removed attachment stays `pending` for its
//! mailbox copy until that copy was replaced (or found gone).

use super::IdentityWorker;
use crate::answer::{IdCopyRemovedFacts, RemovedAttachment as LetterAttachment};
use crate::case::{Actor, Case, CaseState, EventKind};
use crate::identity::{
    AttachmentRef, CaseIdentity, IdentityChange, MailboxCopy, RemovedAttachment,
};
use crate::intake::{strip_attachments, survey_attachments, AttachmentFinding, PartId};
use crate::outbox::{case_mail, Addressee, MailKind};
use crate::store::{CaseSnapshot, CaseUpdate, Effect, StoreError, StoredMessage, UpdateOutcome};
use chrono::{DateTime, Utc};

/// One pass over the cases whose identity is decided; returns the
/// attachments removed and the mailbox copies replaced.
pub(super) async fn sweep(worker: &IdentityWorker) -> Result<(usize, usize), StoreError> {
    let mut removed = 0;
    let mut copies = 0;
    for state in [CaseState::AwaitingApproval, CaseState::Rejected] {
        for case in worker.cases(state).await? {
            let decided = case.identity.verification.is_some() || case.state == CaseState::Rejected;
            if !decided || awaits_review(&case) {
                continue;
            }
            let pending = case
                .identity
                .removed
                .iter()
                .any(|r| r.mailbox_copy == MailboxCopy::Pending);
            let newest = worker
                .store
                .last_message_id(&case.reference)
                .await?
                .unwrap_or(0);
            let mut here = 0;
            if newest > case.identity.swept_up_to {
                let messages = worker.store.case_messages(&case.reference).await?;
                if to_remove(&case.identity, &messages).is_empty() {
                    mark_swept(worker, &case, newest).await?;
                } else {
                    here = remove(worker, &case, messages, newest).await?;
                    removed += here;
                }
            }
            if pending || here > 0 {
                copies += replace_copies(worker, &case).await?;
            }
        }
    }
    Ok((removed, copies))
}

/// Whether the officer must first look at the attachments: in a
/// rectification a scan or PDF is often the evidence (a corrected report),
/// so nothing is removed until the officer marked what to keep and said
/// the rest may go (`dsrd cases identity REF --remove-attachments`).
pub(crate) fn awaits_review(case: &Case) -> bool {
    case.request_types
        .contains(&crate::classify::RequestType::Rectification)
        && !case.identity.attachments_reviewed
}

/// The attachments of `messages` to remove: every identity document
/// candidate (and every forwarded message holding one) that is neither
/// evidence nor removed already.
pub(crate) fn to_remove<'m>(
    identity: &CaseIdentity,
    messages: &'m [StoredMessage],
) -> Vec<(&'m StoredMessage, Vec<AttachmentFinding>)> {
    let mut out = Vec::new();
    for message in messages {
        let survey = survey_attachments(&message.raw);
        let parts: Vec<AttachmentFinding> = survey
            .candidates
            .into_iter()
            .chain(
                survey
                    .others
                    .into_iter()
                    .filter(|o| o.nested_candidates > 0),
            )
            .filter(|f| {
                let at = AttachmentRef {
                    message: message.id,
                    part: f.part.to_string(),
                };
                !identity.evidence.contains(&at)
            })
            .collect();
        if !parts.is_empty() {
            out.push((message, parts));
        }
    }
    out
}

/// Records that the messages up to `newest` hold nothing (more) to remove.
async fn mark_swept(worker: &IdentityWorker, case: &Case, newest: i64) -> Result<(), StoreError> {
    let change = Box::new(
        move |_: &CaseSnapshot| -> Result<crate::store::CaseUpdate, crate::store::Refusal> {
            Ok(CaseUpdate {
                actor: Actor::System,
                effects: vec![Effect::Identity(IdentityChange::Swept(newest))],
            })
        },
    );
    let now = worker.clock.now();
    worker
        .store
        .update_case(&case.reference, now, change)
        .await?;
    Ok(())
}

async fn remove(
    worker: &IdentityWorker,
    case: &Case,
    messages: Vec<StoredMessage>,
    newest: i64,
) -> Result<usize, StoreError> {
    let now = worker.clock.now();
    let ctx = super::StepContext::new(&worker.config);
    let change = Box::new(
        move |snapshot: &CaseSnapshot| -> Result<crate::store::CaseUpdate, crate::store::Refusal> {
            let plan = to_remove(&snapshot.identity, &messages);
            let mut update = strip_effects(&ctx, snapshot, &plan, now)?;
            update
                .effects
                .push(Effect::Identity(IdentityChange::Swept(newest)));
            Ok(update)
        },
    );
    match worker
        .store
        .update_case(&case.reference, now, change)
        .await?
    {
        UpdateOutcome::Applied { after, .. } => {
            let n = after
                .effects
                .iter()
                .filter(|e| matches!(e, Effect::Identity(IdentityChange::Removed(_))))
                .count();
            worker.store.scrub().await?;
            tracing::info!(case = %case.reference, removed = n, "identity document copies removed from the store");
            Ok(n)
        }
        UpdateOutcome::Refused(why) => {
            tracing::warn!(case = %case.reference, "attachments not removed: {why}");
            Ok(0)
        }
        UpdateOutcome::NotFound => Ok(0),
    }
}

/// The change that removes `plan`'s attachments from the stored messages,
/// records each removal, and tells the requester.
pub(crate) fn strip_effects(
    ctx: &super::StepContext,
    case: &CaseSnapshot,
    plan: &[(&StoredMessage, Vec<AttachmentFinding>)],
    now: DateTime<Utc>,
) -> Result<CaseUpdate, String> {
    if plan.is_empty() {
        return Err("nothing to remove".into());
    }
    let lang = ctx.lang(case);
    let mut effects = Vec::new();
    let mut told = Vec::new();
    for (message, parts) in plan {
        let ids: Vec<PartId> = parts.iter().map(|p| p.part.clone()).collect();
        let note = note(lang, parts);
        let raw = strip_attachments(&message.raw, &ids, &note).map_err(|e| {
            format!(
                "message {} could not be rebuilt without its attachment ({e}); remove it by hand",
                message.id
            )
        })?;
        let attachments = crate::intake::parse(&raw).attachments;
        effects.push(Effect::ReplaceMessage {
            message: message.id,
            raw,
            attachments,
        });
        for part in parts {
            let content_type = part
                .sniffed_type
                .map(str::to_owned)
                .or_else(|| part.declared_type.clone())
                .unwrap_or_else(|| "application/octet-stream".into());
            let removed = RemovedAttachment {
                at: AttachmentRef {
                    message: message.id,
                    part: part.part.to_string(),
                },
                file_name: part.file_name.clone(),
                content_type: content_type.clone(),
                size: part.size,
                sha256: part.sha256.clone(),
                removed_at: now,
                mailbox_copy: MailboxCopy::Pending,
            };
            effects.push(Effect::Event {
                kind: EventKind::AttachmentRemoved,
                detail: Some(format!(
                    "attachment {} ({content_type}, {} bytes, SHA-256 {}) removed: it may be a copy of an identity document, which the school does not keep; kept: the fact, its type and its hash",
                    part.file_name.as_deref().unwrap_or("without a name"),
                    part.size,
                    part.sha256
                )),
            });
            effects.push(Effect::Audit {
                action: "attachment.removed".into(),
                detail: serde_json::json!({
                    "message": message.id,
                    "part": removed.at.part,
                    "content_type": content_type,
                    "size": part.size,
                    "sha256": part.sha256,
                }),
            });
            effects.push(Effect::Identity(IdentityChange::Removed(removed)));
            told.push(LetterAttachment {
                file_name: part.file_name.clone(),
                content_type,
            });
        }
    }
    effects.extend(removal_letter(ctx, case, told, lang, now)?);
    Ok(CaseUpdate {
        actor: Actor::System,
        effects,
    })
}

/// The letter telling the requester what was removed and why; none when
/// the case has no address to write to.
fn removal_letter(
    ctx: &super::StepContext,
    case: &CaseSnapshot,
    told: Vec<LetterAttachment>,
    lang: crate::deadline::Lang,
    now: DateTime<Utc>,
) -> Result<Option<Effect>, String> {
    let Some(to) = Addressee::requester(case) else {
        return Ok(None);
    };
    let tz = ctx.organisation.time_zone;
    let letter = ctx
        .letters
        .id_copy_removed(
            &IdCopyRemovedFacts {
                reference: case.reference.as_str(),
                organisation: &ctx.organisation.name,
                requester_name: case.requester_name.as_deref(),
                received: ctx.received(case),
                removed: now.with_timezone(&tz).date_naive(),
                attachments: told,
            },
            lang,
        )
        .map_err(|e| e.to_string())?;
    let mail = case_mail(
        &ctx.organisation,
        &case.reference,
        &to,
        MailKind::IdCopyRemoved,
        &letter,
        now,
    )
    .map_err(|e| e.to_string())?;
    Ok(Some(Effect::QueueMail(mail)))
}

/// The text put in place of the removed attachments.
fn note(lang: crate::deadline::Lang, parts: &[AttachmentFinding]) -> String {
    let names: Vec<String> = parts
        .iter()
        .map(|p| {
            format!(
                "{} ({}, SHA-256 {})",
                p.file_name.as_deref().unwrap_or("-"),
                p.declared_type.as_deref().unwrap_or("?"),
                p.sha256
            )
        })
        .collect();
    match lang {
        crate::deadline::Lang::Nl => format!(
            "Verwijderd door dsrd: deze bijlage kan een kopie van een identiteitsbewijs zijn, en die bewaart de school niet (privacyreglement 8.2.2). Bewaard zijn alleen het feit, het type en de hash:\n{}\n",
            names.join("\n")
        ),
        crate::deadline::Lang::En => format!(
            "Removed by dsrd: this attachment may be a copy of an identity document, which the school does not keep. Kept are only the fact, the type and the hash:\n{}\n",
            names.join("\n")
        ),
    }
}

/// Replaces the mailbox copies still pending for `case`.
async fn replace_copies(worker: &IdentityWorker, case: &Case) -> Result<usize, StoreError> {
    let Some(fresh) = worker.store.get_case(&case.reference).await? else {
        return Ok(0);
    };
    let pending: Vec<AttachmentRef> = fresh
        .identity
        .removed
        .iter()
        .filter(|r| r.mailbox_copy == MailboxCopy::Pending)
        .map(|r| r.at.clone())
        .collect();
    if pending.is_empty() {
        return Ok(0);
    }
    let messages = worker.store.case_messages(&case.reference).await?;
    let mut replaced = 0;
    let mut done: Vec<(i64, MailboxCopy)> = Vec::new();
    for at in &pending {
        let copy = match done.iter().find(|(m, _)| *m == at.message) {
            Some((_, copy)) => copy.clone(),
            None => {
                let Some(message) = messages.iter().find(|m| m.id == at.message) else {
                    continue;
                };
                let copy = worker
                    .mailboxes
                    .replace(message, &message.raw, worker.clock.now())
                    .await;
                done.push((at.message, copy.clone()));
                copy
            }
        };
        if copy == MailboxCopy::Pending {
            // The server could not be reached: the next pass tries again,
            // and nothing is recorded meanwhile.
            continue;
        }
        let now = worker.clock.now();
        let (at2, copy2) = (at.clone(), copy.clone());
        let change = Box::new(
            move |_: &CaseSnapshot| -> Result<crate::store::CaseUpdate, crate::store::Refusal> {
                let status = match &copy2 {
                    MailboxCopy::Replaced { .. } => "replaced",
                    MailboxCopy::Gone => "gone",
                    MailboxCopy::Failed { .. } => "failed",
                    MailboxCopy::Pending => "pending",
                };
                Ok(CaseUpdate {
                    actor: Actor::System,
                    effects: vec![
                        Effect::Identity(IdentityChange::MailboxCopy {
                            at: at2.clone(),
                            copy: copy2.clone(),
                        }),
                        Effect::Audit {
                            action: "attachment.mailbox_copy".into(),
                            detail: serde_json::json!({ "message": at2.message, "part": at2.part, "status": status }),
                        },
                    ],
                })
            },
        );
        worker
            .store
            .update_case(&case.reference, now, change)
            .await?;
        match copy {
            MailboxCopy::Replaced { .. } => replaced += 1,
            MailboxCopy::Failed { why } => {
                tracing::warn!(case = %case.reference, "the mailbox copy could not be replaced: {why}")
            }
            _ => {}
        }
    }
    Ok(replaced)
}
