//! Extending a deadline (GDPR art. 12(3); the reglement's extensions "met
//! kennisgeving"): checked by the deadline engine, recorded, and told to the
//! requester with the reason and the new date in one transaction.

use super::{outcome, ActionError};
use crate::answer::ExtensionFacts;
use crate::case::{Actor, CaseRef, EventKind};
use crate::config::Config;
use crate::deadline::{check_extension, Extension, Lang, Policy};
use crate::outbox::{case_mail, Addressee, MailKind};
use crate::store::{CaseUpdate, Effect, Store};
use chrono::{DateTime, NaiveDate, Utc};

/// How much longer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtendBy {
    /// A number of weeks (the reglement's four-weeks policy, custom policies).
    Weeks(u32),
    /// The GDPR's two further months.
    Months(u32),
}

/// Extends the deadline of `reference` at `now`. Returns the new due date,
/// or a refusal saying why (too late, beyond the maximum, wrong unit).
pub async fn extend(
    store: &dyn Store,
    config: &Config,
    reference: &CaseRef,
    by: ExtendBy,
    reason: &str,
    officer: &str,
    now: DateTime<Utc>,
) -> Result<NaiveDate, ActionError> {
    if reason.trim().len() < 10 {
        return Err(ActionError::Refused(
            "give the requester a real reason (art. 12(3) requires one): --reason \"…\"".into(),
        ));
    }
    let org = config.organisation.clone();
    let letters = config.letters.clone();
    let reason = reason.trim().to_owned();
    let officer_lang = org.default_language;
    let actor = Actor::Officer(officer.to_owned());
    let change = Box::new(move |case: &crate::store::CaseSnapshot| -> Result<crate::store::CaseUpdate, crate::store::Refusal> {
        if !case.state.is_open() {
            return Err(format!(
                "case {} is {}: its deadline no longer runs",
                case.reference, case.state
            ).into());
        }
        let proposed = match (case.deadline.policy, by) {
            (Policy::GdprMonth, ExtendBy::Months(2)) => Extension::statutory(now),
            (Policy::GdprMonth, _) => {
                return Err(
                    "under gdpr-month the only extension is two further months: --by 2m".into(),
                )
            }
            (_, ExtendBy::Weeks(w)) => Extension::weeks(now, w),
            (_, ExtendBy::Months(_)) => {
                return Err(format!(
                    "policy {} extends in weeks: use e.g. --by 4w",
                    case.deadline.policy
                ).into())
            }
        };
        let today = now.with_timezone(&org.time_zone).date_naive();
        let input = case.deadline.input(case.received_at, today);
        let computed =
            check_extension(&input, proposed.clone(), now).map_err(|e| e.render(officer_lang))?;
        let old_due = case.deadline.computed.due;
        if let (ExtendBy::Weeks(w), Some(before), Some(after)) =
            (by, case.deadline.computed.policy_due, computed.policy_due)
        {
            // The engine caps a long extension silently (that is right for a
            // notice already sent); an officer asking for more than the
            // policy allows is told so instead of getting less than asked.
            let asked = before + chrono::Days::new(7 * u64::from(w));
            if after < asked {
                let max = case.deadline.policy.max_total_weeks().unwrap_or(0);
                let room = (after - before).num_days() / 7;
                return Err(match officer_lang {
                    Lang::Nl => format!("verder dan het maximum van {max} weken na ontvangst: nog hoogstens {room} weken (tot {after})").into(),
                    Lang::En => format!("beyond the maximum of {max} weeks from receipt: at most {room} more weeks (until {after})").into(),
                });
            }
        }
        let mut deadline = case.deadline.clone();
        deadline.extensions.push(proposed);
        deadline.computed = computed;
        let lang = Lang::answering(case.language, org.default_language);
        let Some(to) = Addressee::requester(case) else {
            return Err("the case has no address to send the extension notice to".into());
        };
        let new_due = deadline.computed.due;
        let letter = letters
            .extension_notice(
                &ExtensionFacts {
                    reference: case.reference.as_str(),
                    organisation: &org.name,
                    requester_name: case.requester_name.as_deref(),
                    old_due,
                    new_due,
                    reason: &reason,
                },
                lang,
            )
            .map_err(|e| e.to_string())?;
        let mail = case_mail(
            &org,
            &case.reference,
            &to,
            MailKind::Extension,
            &letter,
            now,
        )
        .map_err(|e| e.to_string())?;
        Ok(CaseUpdate {
            actor: actor.clone(),
            effects: vec![
                Effect::SetDeadline(deadline),
                Effect::Event {
                    kind: EventKind::Extended,
                    detail: Some(format!("{old_due} → {new_due}: {reason}")),
                },
                Effect::Audit {
                    action: "case.extended".into(),
                    detail: serde_json::json!({ "from": old_due, "to": new_due }),
                },
                Effect::QueueMail(mail),
            ],
        })
    });
    let (_, after) = outcome(reference, store.update_case(reference, now, change).await?)?;
    let deadline = after
        .deadline()
        .expect("an extension writes the new deadline");
    Ok(deadline.computed.due)
}
