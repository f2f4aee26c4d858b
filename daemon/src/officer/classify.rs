//! An officer's classification replaces the automatic one (recorded in the
//! audit log). A case the classifier sent to triage becomes a request, and is
//! acknowledged, once the officer names its type; a case the officer calls
//! `not_a_request` goes to triage.

use super::{outcome, ActionError};
use crate::answer::AckFacts;
use crate::case::{Actor, CaseClassification, CaseRef, CaseState, EventKind};
use crate::classify::{Extraction, RequestType};
use crate::config::Config;
use crate::lang::Lang;
use crate::outbox::{case_mail, Addressee, MailKind};
use crate::store::{CaseUpdate, Effect, Store};
use chrono::{DateTime, Utc};

/// Sets the request types of `reference` (primary first).
pub async fn reclassify(
    store: &dyn Store,
    config: &Config,
    reference: &CaseRef,
    types: Vec<RequestType>,
    officer: &str,
    now: DateTime<Utc>,
) -> Result<CaseState, ActionError> {
    let Some(primary) = types.first().copied() else {
        return Err(ActionError::Refused("name at least one --type".into()));
    };
    if primary == RequestType::NotARequest && types.len() > 1 {
        return Err(ActionError::Refused(
            "not_a_request cannot be combined with request types".into(),
        ));
    }
    let org = config.organisation.clone();
    let letters = config.letters.clone();
    let actor = Actor::Officer(officer.to_owned());
    let change = Box::new(move |case: &crate::store::CaseSnapshot| -> Result<crate::store::CaseUpdate, crate::store::Refusal> {
        let mut classification =
            case.classification
                .clone()
                .unwrap_or_else(|| CaseClassification {
                    primary,
                    types: Vec::new(),
                    confidence: 1.0,
                    language: case.language,
                    evidence: Vec::new(),
                    extraction: Extraction::default(),
                    overridden_by: None,
                });
        let before = classification.type_names().join(",");
        classification.primary = primary;
        classification.types = types.clone();
        classification.confidence = 1.0;
        classification.overridden_by = Some(actor.to_string());
        let state = match (case.state, primary.is_request()) {
            (CaseState::NeedsTriage, true) => Some(CaseState::Received),
            (CaseState::Received, false) => Some(CaseState::NeedsTriage),
            _ => None,
        };
        let after = classification.type_names().join(",");
        let detail = Some(format!("{before} → {after}"));
        let mut effects = vec![Effect::SetClassification(classification)];
        effects.push(match state {
            Some(to) => Effect::Transition {
                to,
                event: EventKind::Reclassified,
                detail,
            },
            None => Effect::Event {
                kind: EventKind::Reclassified,
                detail,
            },
        });
        effects.push(Effect::Audit {
            action: "case.reclassified".into(),
            detail: serde_json::json!({ "from": before, "to": after }),
        });
        // A case the officer takes out of triage is acknowledged now, as
        // intake would have done.
        if let (Some(CaseState::Received), Some(to)) = (state, Addressee::requester(case)) {
            let lang = Lang::answering(case.language, org.default_language);
            let letter = letters
                .acknowledgement(
                    &AckFacts {
                        reference: case.reference.as_str(),
                        organisation: &org.name,
                        requester_name: case.requester_name.as_deref(),
                        subject: case.subject.as_deref(),
                        received: case.received_at.with_timezone(&org.time_zone).date_naive(),
                        due: case.deadline.computed.due,
                    },
                    lang,
                )
                .map_err(|e| e.to_string())?;
            let mail = case_mail(
                &org,
                &case.reference,
                &to,
                MailKind::Acknowledgement,
                &letter,
                now,
            )
            .map_err(|e| e.to_string())?;
            effects.push(Effect::QueueMail(mail));
        }
        Ok(CaseUpdate {
            actor: actor.clone(),
            effects,
        })
    });
    let (before, after) = outcome(reference, store.update_case(reference, now, change).await?)?;
    Ok(after.state().unwrap_or(before.state))
}
