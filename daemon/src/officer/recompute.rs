//! Recomputing a case's deadline under the configuration in force now. A
//! case keeps the rules it was received under until an officer asks for
//! this, so a configuration change never moves a deadline silently.

use super::{outcome, ActionError};
use crate::case::{Actor, CaseRef, EventKind};
use crate::config::Config;
use crate::store::{CaseUpdate, Effect, Store};
use chrono::{DateTime, NaiveDate, Utc};

/// Recomputes `reference`; returns the due date before and after.
pub async fn recompute(
    store: &dyn Store,
    config: &Config,
    reference: &CaseRef,
    officer: &str,
    now: DateTime<Utc>,
) -> Result<(NaiveDate, NaiveDate), ActionError> {
    let rules = config.deadline_rules();
    let tz = rules.time_zone;
    let actor = Actor::Officer(officer.to_owned());
    let change = Box::new(move |case: &crate::store::CaseSnapshot| -> Result<crate::store::CaseUpdate, crate::store::Refusal> {
        if !case.state.is_open() {
            return Err(format!(
                "case {} is {}: its deadline no longer runs",
                case.reference, case.state
            ).into());
        }
        let before = case.deadline.computed.due;
        let mut deadline = case.deadline.clone();
        deadline.adopt(
            rules.clone(),
            case.received_at,
            now.with_timezone(&tz).date_naive(),
        );
        let after = deadline.computed.due;
        let policy = deadline.policy.to_string();
        Ok(CaseUpdate {
            actor: actor.clone(),
            effects: vec![
                Effect::SetDeadline(deadline),
                Effect::Event {
                    kind: EventKind::DeadlineRecomputed,
                    detail: Some(format!("{before} → {after} (policy {policy})")),
                },
                Effect::Audit {
                    action: "case.deadline_recomputed".into(),
                    detail: serde_json::json!({ "from": before, "to": after, "policy": policy }),
                },
            ],
        })
    });
    let (before, after) = outcome(reference, store.update_case(reference, now, change).await?)?;
    let recomputed = after.deadline().expect("a recompute writes the deadline");
    Ok((before.deadline.computed.due, recomputed.computed.due))
}
