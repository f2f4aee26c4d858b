//! What an officer does with a letter in triage besides naming its type
//! (`reclassify`): link it to the case it follows up, or close it as no
//! request. Both close the triaged case (the state machine's
//! `needs_triage → closed`) with an event and an audit entry in the same
//! transaction; a link also notes the letter on the case it follows up.

use super::{outcome, ActionError};
use crate::case::{Actor, CaseRef, CaseState, EventKind};
use crate::store::{CaseChange, CaseUpdate, Effect, Store};
use chrono::{DateTime, Utc};

/// The triaged case may be closed by the officer: it is in triage.
fn in_triage(case: &crate::store::CaseSnapshot) -> Result<(), crate::store::Refusal> {
    if case.state == CaseState::NeedsTriage {
        Ok(())
    } else {
        Err(format!(
            "{} is {}, not in triage: only a letter in triage is linked or closed this way",
            case.reference, case.state
        )
        .into())
    }
}

/// Closes the letter `reference`, in triage, as a follow-up of the case
/// `to`: the letter's case is closed naming `to`, then `to` notes the
/// letter. Two transactions, in that order: if the second fails, the
/// closed letter still names its case, and linking again adds the note.
pub async fn link_follow_up(
    store: &dyn Store,
    reference: &CaseRef,
    to: &CaseRef,
    officer: &str,
    now: DateTime<Utc>,
) -> Result<(), ActionError> {
    if reference == to {
        return Err(ActionError::Refused(
            "a letter cannot follow up its own case: name another case".into(),
        ));
    }
    if store.case_snapshot(to).await?.is_none() {
        return Err(ActionError::Refused(
            format!("there is no case {to} to link to").into(),
        ));
    }
    let actor = Actor::Officer(officer.to_owned());
    let target = to.clone();
    let by = actor.clone();
    let close: CaseChange = Box::new(move |case| {
        in_triage(case)?;
        Ok(CaseUpdate {
            actor: by,
            effects: vec![
                Effect::Transition {
                    to: CaseState::Closed,
                    event: EventKind::FollowUp,
                    detail: Some(format!("follow-up of {target}")),
                },
                Effect::Audit {
                    action: "case.linked".into(),
                    detail: serde_json::json!({ "follow_up_of": target.as_str() }),
                },
            ],
        })
    });
    outcome(reference, store.update_case(reference, now, close).await?)?;
    let letter = reference.clone();
    let note: CaseChange = Box::new(move |_case| {
        Ok(CaseUpdate {
            actor,
            effects: vec![
                Effect::Event {
                    kind: EventKind::FollowUp,
                    detail: Some(format!("letter {letter} linked as a follow-up")),
                },
                Effect::Audit {
                    action: "case.follow_up_linked".into(),
                    detail: serde_json::json!({ "letter": letter.as_str() }),
                },
            ],
        })
    });
    outcome(to, store.update_case(to, now, note).await?)?;
    Ok(())
}

/// Closes the letter `reference`, in triage, as no request (a question, a
/// newsletter, an auto-reply): nothing is sent.
pub async fn close_no_request(
    store: &dyn Store,
    reference: &CaseRef,
    officer: &str,
    now: DateTime<Utc>,
) -> Result<(), ActionError> {
    let actor = Actor::Officer(officer.to_owned());
    let close: CaseChange = Box::new(move |case| {
        in_triage(case)?;
        Ok(CaseUpdate {
            actor,
            effects: vec![
                Effect::Transition {
                    to: CaseState::Closed,
                    event: EventKind::Transition,
                    detail: Some("closed as no request".into()),
                },
                Effect::Audit {
                    action: "case.closed_no_request".into(),
                    detail: serde_json::json!({}),
                },
            ],
        })
    });
    outcome(reference, store.update_case(reference, now, close).await?)?;
    Ok(())
}
