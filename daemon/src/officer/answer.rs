//! The officer's part of the answer (issue 13): read and edit the drafted
//! letter, send it (with the package behind a one-time link, and the code
//! in a second e-mail to the verified address), and settle the art. 19
//! notices dsrd could not send by itself.

use chrono::{DateTime, Utc};

use super::{outcome, ActionError};
use crate::answer::DownloadCodeFacts;
use crate::case::{Actor, CaseRef, CaseState};
use crate::config::Config;
use crate::lang::Lang;
use crate::outbox::{case_mail, Addressee, MailKind};
use crate::reply::secret;
use crate::store::{
    AnswerEffect, CaseReply, CaseUpdate, Delivery, Effect, ExemptReason, PackageState, Store,
    DOWNLOAD_LINK,
};

/// The letter, packages and notices of a case.
pub async fn reply(store: &dyn Store, reference: &CaseRef) -> Result<CaseReply, ActionError> {
    Ok(store.case_reply(reference).await?)
}

/// Replaces the drafted letter's text; `for_post` lets it drop the
/// download link's place, for a letter that goes out on paper.
#[allow(clippy::too_many_arguments)]
pub async fn edit_letter(
    store: &dyn Store,
    config: &Config,
    reference: &CaseRef,
    subject: &str,
    body: &str,
    for_post: bool,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), ActionError> {
    let actor = acting(config, by)?;
    let (subject, body) = (subject.trim().to_owned(), body.to_owned());
    if subject.is_empty() || body.trim().is_empty() {
        return Err(ActionError::Refused(
            "a letter needs a subject line and a body".into(),
        ));
    }
    let change: crate::store::CaseChange = Box::new(move |case| {
        let Some(answer) = &case.reply.answer else {
            return Err(format!("{} has no drafted letter yet", case.reference).into());
        };
        if answer.sent_at.is_some() {
            return Err("the letter is sent already; it can no longer be edited".into());
        }
        let offers = case
            .reply
            .packages
            .iter()
            .any(|p| p.state == PackageState::Ready);
        // A letter that goes out by e-mail hands the package over only
        // through the link; one for the post (`for_post`) says paper instead.
        if offers && !for_post && !body.contains(DOWNLOAD_LINK) {
            return Err(format!(
                "the letter must keep {DOWNLOAD_LINK} where the download link goes: the requester gets the data package only through it (for a letter by post: --edit --for-post)"
            ).into());
        }
        Ok(CaseUpdate {
            actor,
            effects: vec![Effect::Answer(AnswerEffect::Edit { subject, body })],
        })
    });
    outcome(reference, store.update_case(reference, now, change).await?)?;
    Ok(())
}

/// What sending did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Sent {
    /// Where the case is now: `answered` while a package waits to be
    /// fetched, `closed` otherwise.
    pub state: CaseState,
    /// Whether a download link (and its code) went out.
    pub link: bool,
}

/// Sends the drafted letter to the requester: the package's link is put in
/// place of [`DOWNLOAD_LINK`], its code goes in a second e-mail to the
/// verified address, and the case moves on to `answered` (or `closed`,
/// with nothing to fetch).
pub async fn send(
    store: &dyn Store,
    config: &Config,
    reference: &CaseRef,
    by: &Actor,
    now: DateTime<Utc>,
) -> Result<Sent, ActionError> {
    if let Actor::Officer(name) = by {
        acting(config, name)?;
    }
    let token = secret::new_token();
    let code = secret::new_code();
    let org = config.organisation.clone();
    let http = config.http.clone();
    let letters = config.letters.clone();
    let actor = by.clone();
    let tz = org.time_zone;
    let change: crate::store::CaseChange = Box::new(move |case| {
        let answer = unsent(case)?;
        let Some(to) = Addressee::requester(case) else {
            return Err("the case has no address to answer".into());
        };
        let lang: Lang = answer.lang.parse().unwrap_or(org.default_language);
        let offers = case
            .reply
            .packages
            .iter()
            .any(|p| p.state == PackageState::Ready);
        let mut effects = Vec::new();
        let (body, send) = if offers {
            let Some(http) = &http else {
                return Err("the case has a data package, but no [http] section is configured to deliver it: add [http] with listen and public_url".into());
            };
            if !answer.body.contains(DOWNLOAD_LINK) {
                return Err(format!(
                    "the letter has no {DOWNLOAD_LINK}: put it back where the download link goes"
                )
                .into());
            }
            let link = format!("{}/download/{token}", http.public_url);
            // The letters say the link works up to and including its last
            // day: it expires at the end of that day, local time.
            let last_day = (now + http.link_valid).with_timezone(&tz).date_naive();
            let expires_at = end_of_day(last_day, tz);
            // The code goes to the address identity was confirmed on: the
            // one on file that a code reached, else the requester's own
            // (matched on file, or seen in person).
            let code_to = case
                .identity
                .verification
                .as_ref()
                .and_then(|v| v.address())
                .and_then(|a| crate::address::EmailAddress::parse(a).ok())
                .unwrap_or_else(|| to.address.clone());
            let code_letter = letters
                .download_code(
                    &DownloadCodeFacts {
                        reference: case.reference.to_string(),
                        organisation: org.name.clone(),
                        addressee_name: case.requester_name.clone(),
                        code: code.clone(),
                        expires: last_day,
                    },
                    lang,
                )
                .map_err(|e| e.to_string())?;
            let code_to = Addressee {
                address: &code_to,
                name: case.requester_name.as_deref(),
                in_reply_to: None,
            };
            // Queued after the answer (below), so the link arrives first.
            let code_mail = case_mail(
                &org,
                &case.reference,
                &code_to,
                MailKind::DownloadCode,
                &code_letter,
                now,
            )
            .map_err(|e| e.to_string())?;
            (
                answer.body.replace(DOWNLOAD_LINK, &link),
                Some((
                    code_mail,
                    AnswerEffect::Send(Delivery::Link {
                        token_hash: secret::token_hash(&token),
                        code_hash: secret::code_hash(&token, &code),
                        expires_at,
                    }),
                )),
            )
        } else {
            // No package: a marker left in the letter would print as is.
            let body = answer
                .body
                .lines()
                .filter(|l| !l.contains(DOWNLOAD_LINK))
                .collect::<Vec<_>>()
                .join("\n")
                + "\n";
            (body, None)
        };
        let answer_letter = crate::answer::Letter {
            subject: answer.subject.clone(),
            body,
        };
        effects.push(Effect::QueueMail(
            case_mail(
                &org,
                &case.reference,
                &to,
                MailKind::Answer,
                &answer_letter,
                now,
            )
            .map_err(|e| e.to_string())?,
        ));
        let send = match send {
            Some((code_mail, send)) => {
                effects.push(Effect::QueueMail(code_mail));
                send
            }
            None => AnswerEffect::Send(Delivery::Nothing),
        };
        effects.push(Effect::Answer(send));
        Ok(CaseUpdate { actor, effects })
    });
    let (_, update) = outcome(reference, store.update_case(reference, now, change).await?)?;
    let state = update.state().unwrap_or(CaseState::Answered);
    Ok(Sent {
        state,
        link: state == CaseState::Answered,
    })
}

/// Settles an open art. 19 notice: told by a person (`exempt` `None`,
/// `note` says how), or not told because it is impossible or
/// disproportionate (`note` says why; required, art. 5(2)).
#[allow(clippy::too_many_arguments)]
pub async fn settle_notice(
    store: &dyn Store,
    config: &Config,
    reference: &CaseRef,
    recipient: &str,
    exempt: Option<ExemptReason>,
    note: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), ActionError> {
    let note = note.trim().to_owned();
    if note.is_empty() {
        return Err(ActionError::Refused(match exempt {
            Some(_) => "say why the recipient is not told (--note): the officer must be able to show it (art. 5(2))".into(),
            None => "say how the recipient was told (--note)".into(),
        }));
    }
    let wanted = crate::config::recipient_key(recipient);
    let actor = acting(config, by)?;
    let change: crate::store::CaseChange = Box::new(move |case| {
        let Some(notice) = case
            .reply
            .notices
            .iter()
            .find(|n| crate::config::recipient_key(&n.recipient) == wanted)
        else {
            return Err(format!(
                "{} has no notice to a recipient called that",
                case.reference
            )
            .into());
        };
        Ok(CaseUpdate {
            actor,
            effects: vec![Effect::Answer(AnswerEffect::SettleNotice {
                recipient: notice.recipient.clone(),
                exempt,
                note,
            })],
        })
    });
    outcome(reference, store.update_case(reference, now, change).await?)?;
    Ok(())
}

/// The officer called `name`, if they may act on a case (not a viewer).
pub(super) fn acting(config: &Config, name: &str) -> Result<Actor, ActionError> {
    let officer = config
        .approver(name)
        .map_err(|e| ActionError::Refused(e.to_string().into()))?;
    Ok(Actor::Officer(officer.name.clone()))
}

/// The last instant of `day` in `tz`: one second before the next day
/// begins there (a daylight-saving change that night is taken into
/// account; a midnight that does not exist falls to the first that does).
fn end_of_day(day: chrono::NaiveDate, tz: chrono_tz::Tz) -> DateTime<Utc> {
    use chrono::TimeZone;
    let next = day
        .succ_opt()
        .unwrap_or(day)
        .and_time(chrono::NaiveTime::MIN);
    let start = tz
        .from_local_datetime(&next)
        .earliest()
        .unwrap_or_else(|| tz.from_utc_datetime(&next));
    start.with_timezone(&Utc) - chrono::Duration::seconds(1)
}

/// The drafted letter of `case`, if it may be sent now: the case's actions
/// are carried out and the letter is not sent yet.
pub(super) fn unsent(
    case: &crate::store::CaseSnapshot,
) -> Result<&crate::store::CaseAnswer, String> {
    if case.state != CaseState::Executing {
        return Err(format!(
            "{} is {}: only a case whose actions are carried out is answered",
            case.reference, case.state
        ));
    }
    let Some(answer) = &case.reply.answer else {
        return Err(format!("{} has no drafted letter yet", case.reference));
    };
    if answer.sent_at.is_some() {
        return Err("the letter is sent already".into());
    }
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_link_valid_until_a_day_works_to_the_end_of_that_day_local_time() {
        let tz = chrono_tz::Europe::Amsterdam;
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 16).unwrap();
        // CET is UTC+1: 23:59:59 local is 22:59:59 UTC.
        assert_eq!(
            end_of_day(day, tz),
            Utc.with_ymd_and_hms(2026, 12, 16, 22, 59, 59).unwrap()
        );
        // The night the clocks go back (CEST → CET on 25 October 2026).
        let day = chrono::NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
        assert_eq!(
            end_of_day(day, tz),
            Utc.with_ymd_and_hms(2026, 10, 25, 22, 59, 59).unwrap()
        );
    }
}
