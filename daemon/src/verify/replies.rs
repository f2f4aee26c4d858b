//! Replies to a code: each follow-up message of a case waiting for its
//! code is read once (the case remembers the last message read), and the
//! first that holds the right code in time verifies. A wrong code costs an
//! attempt and changes nothing else; an expired or used-up code changes
//! nothing at all, and the case waits for the officer to send a new one.

use super::decide::end_wait;
use super::IdentityWorker;
use crate::case::{Actor, Case, EventKind};
use crate::identity::code::{self, CodeCheck};
use crate::identity::{IdentityChange, Verification};
use crate::store::{CaseSnapshot, CaseUpdate, Effect, StoreError, UpdateOutcome};

/// Reads the unread follow-ups of `case`; returns how many were read.
pub(super) async fn read(worker: &IdentityWorker, case: &Case) -> Result<usize, StoreError> {
    if case.identity.code.is_none() {
        return Ok(0);
    }
    // Only a message newer than the last one read can hold an answer.
    let newest = worker.store.last_message_id(&case.reference).await?;
    if newest.is_none_or(|id| id <= case.identity.messages_seen) {
        return Ok(0);
    }
    let messages = worker.store.case_messages(&case.reference).await?;
    if let Some(first) = messages
        .first()
        .filter(|m| m.id > case.identity.messages_seen)
    {
        // The request itself is never an answer: mark it read, so the
        // next pass has nothing to look at until a reply comes.
        if messages.len() == 1 {
            let id = first.id;
            let now = worker.clock.now();
            let change = Box::new(
                move |_: &CaseSnapshot| -> Result<crate::store::CaseUpdate, crate::store::Refusal> {
                    Ok(CaseUpdate {
                        actor: Actor::System,
                        effects: vec![Effect::Identity(IdentityChange::MessagesSeen(id))],
                    })
                },
            );
            worker
                .store
                .update_case(&case.reference, now, change)
                .await?;
            return Ok(0);
        }
    }
    // The first message is the request itself, never an answer.
    let fresh: Vec<_> = messages
        .iter()
        .skip(1)
        .filter(|m| m.id > case.identity.messages_seen)
        .collect();
    let mut read = 0;
    for message in fresh {
        let text = crate::intake::parse(&message.raw).body_text;
        let id = message.id;
        let now = worker.clock.now();
        let change = Box::new(move |snapshot: &CaseSnapshot| -> Result<crate::store::CaseUpdate, crate::store::Refusal> {
            Ok(answer(snapshot, id, &text, now)?)
        });
        match worker
            .store
            .update_case(&case.reference, now, change)
            .await?
        {
            UpdateOutcome::Applied { after, .. } => {
                read += 1;
                if after.verification().is_some() {
                    tracing::info!(case = %case.reference, "identity verified by code");
                    break;
                }
            }
            UpdateOutcome::Refused(why) => {
                tracing::debug!(case = %case.reference, "reply not read: {why}");
                break;
            }
            UpdateOutcome::NotFound => break,
        }
    }
    Ok(read)
}

/// The change for follow-up `message` with body `text`.
fn answer(
    case: &CaseSnapshot,
    message: i64,
    text: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<CaseUpdate, String> {
    if case.identity.messages_seen >= message {
        return Err("read already".into());
    }
    let Some(pending) = &case.identity.code else {
        return Err("no code is waiting for an answer".into());
    };
    let mut effects = vec![Effect::Identity(IdentityChange::MessagesSeen(message))];
    let verified = {
        // The right code verifies wherever it stands; anything less costs an
        // attempt only when the reply offers a code.
        let (outcome, after) = code::check(&pending.record, text, now);
        match outcome {
            CodeCheck::Verified => Some(after),
            CodeCheck::Wrong { attempts_left } if code::offers_code(text) => {
                effects.push(Effect::Identity(IdentityChange::CodeAnswered(after)));
                effects.push(Effect::Event {
                    kind: EventKind::CodeAnswered,
                    detail: Some(format!(
                        "a reply with a wrong code; {attempts_left} answers left"
                    )),
                });
                effects.push(Effect::Audit {
                    action: "identity.code_wrong".into(),
                    detail: serde_json::json!({ "attempts_left": attempts_left }),
                });
                None
            }
            // A follow-up that offers no code leaves the code alone; its
            // arrival is already on the case as a follow-up.
            CodeCheck::Wrong { .. } => None,
            CodeCheck::Expired | CodeCheck::Exhausted if code::offers_code(text) => {
                let why = if outcome == CodeCheck::Expired {
                    "the code had expired"
                } else {
                    "no answers were left"
                };
                effects.push(Effect::Event {
                    kind: EventKind::CodeAnswered,
                    detail: Some(format!(
                        "a reply with a code came, but {why}: nothing verified; send a new code with dsrd cases identity {} --send-code",
                        case.reference
                    )),
                });
                effects.push(Effect::Audit {
                    action: "identity.code_refused".into(),
                    detail: serde_json::json!({ "why": why }),
                });
                None
            }
            CodeCheck::Expired | CodeCheck::Exhausted => None,
        }
    };
    if let Some(after) = verified {
        let verification =
            Verification::by_code(CodeCheck::Verified, pending.subject, &pending.to, now)
                .map_err(|e| e.to_string())?;
        effects.push(Effect::Identity(IdentityChange::CodeAnswered(after)));
        effects.push(Effect::Event {
            kind: EventKind::CodeAnswered,
            detail: Some("a reply with the right code".into()),
        });
        effects.extend(end_wait(case, now));
        effects.push(Effect::Verified(verification));
    }
    Ok(CaseUpdate {
        actor: Actor::System,
        effects,
    })
}
