//! Portability's direct transfer (GDPR art. 20(2), reglement 8.7.2): the
//! requester asks that their data go straight to another organisation (the
//! new school). dsrd cannot send a pupil's file to another school itself —
//! that goes through the schools' own channel (OSO, or a comparable
//! transfer file) — so the officer records the wish and a person gets the
//! task, which `dsrd tasks done "REF:ORGANISATION"` reports done.

use chrono::{DateTime, Utc};

use super::answer::acting;
use super::{outcome, ActionError};
use crate::answer::TaskFacts;
use crate::case::CaseRef;
use crate::classify::RequestType;
use crate::config::{Config, RecipientReach};
use crate::lang::Lang;
use crate::outbox::{case_mail, Addressee, MailKind};
use crate::plan::ActionKind;
use crate::store::{ActionState, AnswerEffect, CaseUpdate, Effect, NoticeAbout, Store};

/// What the person is asked to do, unless `[[recipients]]` names the
/// organisation with a task of its own.
fn instructions(to: &str, lang: Lang) -> String {
    match lang {
        Lang::Nl => format!(
            "Stuur de gegevens die onder het recht op overdraagbaarheid vallen rechtstreeks aan {to}, via OSO of een vergelijkbaar overdrachtsbestand (reglement 8.7.2); niet per gewone e-mail. Welke gegevens het zijn, staat in de plannen van het kenmerk in dsrd (`dsrd cases plan`)."
        ),
        Lang::En => format!(
            "Send the data covered by the right to data portability straight to {to}, through OSO or a comparable transfer file (regulation 8.7.2); not by plain e-mail. Which data, the case's plan in dsrd shows (`dsrd cases plan`)."
        ),
    }
}

/// Records that the requester of `reference` wants their portable data
/// sent to `to`, and mails the task: to the address `[[recipients]]` gives
/// for that organisation's task, else to the officer. Refused for a case
/// that handed over no portable data.
pub async fn transfer(
    store: &dyn Store,
    config: &Config,
    reference: &CaseRef,
    to: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), ActionError> {
    let actor = acting(config, by)?;
    let to = to.trim().to_owned();
    if to.is_empty() {
        return Err(ActionError::Refused(
            "name the organisation the data go to (--to)".into(),
        ));
    }
    let (instructions, address) = match config.recipient(&to).map(|r| &r.reach) {
        Some(RecipientReach::Task {
            instructions,
            address,
        }) => (Some(instructions.clone()), address.clone()),
        _ => (None, None),
    };
    let address = address.or_else(|| config.reminders.officer_address.clone());
    let org = config.organisation.clone();
    let letters = config.letters.clone();
    let change: crate::store::CaseChange = Box::new(move |case| {
        if !case.request_types.contains(&RequestType::Portability) {
            return Err(format!(
                "{} is no portability request: only data handed over under art. 20 go straight to another organisation",
                case.reference
            ).into());
        }
        let about: Vec<NoticeAbout> = case
            .actions
            .iter()
            .filter(|a| {
                a.state == ActionState::Done
                    && a.spec.request_type == RequestType::Portability
                    && matches!(
                        a.spec.kind,
                        ActionKind::Export | ActionKind::ManualTask { .. }
                    )
            })
            .map(|a| NoticeAbout {
                action: a.action.clone(),
                kind: "transfer".into(),
                system: a.spec.system.to_string(),
            })
            .collect();
        if about.is_empty() {
            return Err(format!(
                "{} has handed over no portable data yet: the transfer follows the export",
                case.reference
            )
            .into());
        }
        let lang = Lang::answering(case.language, org.default_language);
        let mut effects = Vec::new();
        if let Some(address) = &address {
            let task_id = format!("\"{}:{to}\"", case.reference);
            let instructions = instructions
                .clone()
                .unwrap_or_else(|| self::instructions(&to, lang));
            let letter = letters
                .task(
                    &TaskFacts {
                        reference: case.reference.as_str(),
                        organisation: &org.name,
                        system: &to,
                        owner_name: None,
                        request_type: RequestType::Portability,
                        instructions: &instructions,
                        due: case.deadline.computed.due.max(now.date_naive()),
                        task_id: &task_id,
                    },
                    lang,
                )
                .map_err(|e| e.to_string())?;
            effects.push(Effect::QueueMail(
                case_mail(
                    &org,
                    &case.reference,
                    &Addressee::officer(address),
                    MailKind::Task,
                    &letter,
                    now,
                )
                .map_err(|e| e.to_string())?,
            ));
        }
        effects.push(Effect::Answer(AnswerEffect::Transfer {
            to: to.clone(),
            address: address.as_ref().map(|a| a.to_string()),
            about,
        }));
        Ok(CaseUpdate { actor, effects })
    });
    outcome(reference, store.update_case(reference, now, change).await?)?;
    Ok(())
}
