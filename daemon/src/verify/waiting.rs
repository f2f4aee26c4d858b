//! While a code waits for its answer: one reminder to the same address on
//! file after `identity.reminder_after`, and when no proof has come by the
//! day an extension would have to be announced (`extension_notice_by`,
//! which the wait never moves), the art. 12(4) refusal for identity not
//! confirmed, after which nothing is disclosed or changed (answers.md §1,
//! "Clock"; ans-004). Only a case waiting on the requester is refused so: a
//! case waiting on the officer is the officer's to decide, and the deadline
//! reminders already tell them.

use super::IdentityWorker;
use crate::address::EmailAddress;
use crate::answer::{CodeReminderFacts, IdentityRefusalFacts, Remedies};
use crate::case::{Actor, Case, CaseState, EventKind};
use crate::deadline::Lang;
use crate::identity::IdentityChange;
use crate::outbox::{case_mail, Addressee, MailKind};
use crate::store::{CaseSnapshot, CaseUpdate, Effect, StoreError, UpdateOutcome};
use chrono::{DateTime, Utc};

/// Follows up `case`'s wait; returns the letters sent (0 or 1).
pub(super) async fn follow_up(worker: &IdentityWorker, case: &Case) -> Result<usize, StoreError> {
    if case.identity.code.is_none() {
        return Ok(0);
    }
    let now = worker.clock.now();
    let ctx = super::StepContext::new(&worker.config);
    let reminder_after = worker.config.identity.reminder_after;
    let change = Box::new(
        move |snapshot: &CaseSnapshot| -> Result<crate::store::CaseUpdate, crate::store::Refusal> {
            let Some(pending) = &snapshot.identity.code else {
                return Err("no code is waiting".into());
            };
            if snapshot.state != CaseState::AwaitingIdentity {
                return Err("not waiting for identity".into());
            }
            let tz = ctx.organisation.time_zone;
            let today = now.with_timezone(&tz).date_naive();
            let lang = ctx.lang(snapshot);
            if today >= snapshot.deadline.computed.extension_notice_by {
                return Ok(refuse(&ctx, snapshot, pending.sent_at, lang, now)?);
            }
            let due = pending.reminded_at.is_none()
                && now - pending.sent_at >= reminder_after
                && now < pending.record.expires_at;
            if !due {
                return Err("nothing due".into());
            }
            let to = EmailAddress::parse(&pending.to).map_err(|e| e.to_string())?;
            let letter = ctx
                .letters
                .identity_reminder(
                    &CodeReminderFacts {
                        reference: snapshot.reference.as_str(),
                        organisation: &ctx.organisation.name,
                        addressee_name: None,
                        sent: pending.sent_at.with_timezone(&tz).date_naive(),
                        expires: pending.record.expires_at.with_timezone(&tz),
                    },
                    lang,
                )
                .map_err(|e| e.to_string())?;
            let addressee = Addressee {
                address: &to,
                name: None,
                in_reply_to: None,
            };
            let mail = case_mail(
                &ctx.organisation,
                &snapshot.reference,
                &addressee,
                MailKind::IdentityReminder,
                &letter,
                now,
            )
            .map_err(|e| e.to_string())?;
            Ok(CaseUpdate {
                actor: Actor::System,
                effects: vec![
                Effect::Identity(IdentityChange::CodeReminded(now)),
                Effect::Event {
                    kind: EventKind::Reminder,
                    detail: Some(
                        "the code is still unanswered: reminder sent to the same address on file"
                            .into(),
                    ),
                },
                Effect::QueueMail(mail),
            ],
            })
        },
    );
    match worker
        .store
        .update_case(&case.reference, now, change)
        .await?
    {
        UpdateOutcome::Applied { after, .. } => {
            tracing::info!(case = %case.reference, state = ?after.state(), "identity wait followed up");
            Ok(1)
        }
        UpdateOutcome::Refused(_) | UpdateOutcome::NotFound => Ok(0),
    }
}

/// The refusal for identity not confirmed: the letter to the requester
/// and the move to `rejected`.
fn refuse(
    ctx: &super::StepContext,
    case: &CaseSnapshot,
    asked: DateTime<Utc>,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<CaseUpdate, String> {
    let tz = ctx.organisation.time_zone;
    let Some(to) = Addressee::requester(case) else {
        return Err("the case has no address for the refusal".into());
    };
    let letter = ctx
        .letters
        .refusal_identity(
            &IdentityRefusalFacts {
                reference: case.reference.as_str(),
                organisation: &ctx.organisation.name,
                requester_name: case.requester_name.as_deref(),
                received: ctx.received(case),
                asked: asked.with_timezone(&tz).date_naive(),
                remedies: Remedies {
                    bestuursorgaan: ctx.bestuursorgaan,
                    complaints: None,
                },
            },
            lang,
        )
        .map_err(|e| e.to_string())?;
    let mail = case_mail(
        &ctx.organisation,
        &case.reference,
        &to,
        MailKind::IdentityRefusal,
        &letter,
        now,
    )
    .map_err(|e| e.to_string())?;
    Ok(CaseUpdate {
        actor: Actor::System,
        effects: vec![
            Effect::Transition {
                to: CaseState::Rejected,
                event: EventKind::Transition,
                detail: Some(format!(
                    "identity not confirmed by {} (the last day to announce an extension): refused under GDPR art. 12(2) and 12(4); nothing disclosed or changed",
                    case.deadline.computed.extension_notice_by
                )),
            },
            Effect::Audit {
                action: "identity.refused".into(),
                detail: serde_json::json!({ "reason": "identity_not_confirmed" }),
            },
            Effect::QueueMail(mail),
        ],
    })
}
