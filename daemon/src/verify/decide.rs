//! The effects of the identity stage's next step on one case: what the
//! worker writes after a lookup and what an officer's choice writes, so both
//! take the same road. Pure over the case snapshot; the store writes the
//! result in one transaction.

use chrono::{DateTime, Utc};

use crate::address::EmailAddress;
use crate::answer::{CodeFacts, Letters};
use crate::case::{CaseState, EventKind};
use crate::config::{Config, IdentityConfig, Organisation};
use crate::deadline::{IdentityWait, Lang};
use crate::identity::{
    code, code_to, decision_for, next_step, relation_to, CaseIdentity, Decision, Finding,
    IdentityChange, MinorRightsModel, NextStep, OfficerMust, Outcome, PendingCode, Relation,
};
use crate::intake::SenderAuth;
use crate::outbox::{case_mail, Addressee, MailKind};
use crate::store::{CaseSnapshot, CaseUpdate, Effect};

/// What the decisions need of the configuration, owned so a change closure
/// can carry it into the store's transaction.
#[derive(Clone)]
pub(crate) struct StepContext {
    pub organisation: Organisation,
    pub letters: Letters,
    pub identity: IdentityConfig,
    pub model: MinorRightsModel,
    pub bestuursorgaan: bool,
}

impl StepContext {
    pub fn new(config: &Config) -> Self {
        StepContext {
            organisation: config.organisation.clone(),
            letters: config.letters.clone(),
            identity: config.identity,
            model: config.policy.minor_rights,
            bestuursorgaan: config.bestuursorgaan,
        }
    }

    /// The receipt date of `case` in the organisation's time zone.
    pub fn received(&self, case: &CaseSnapshot) -> chrono::NaiveDate {
        case.received_at
            .with_timezone(&self.organisation.time_zone)
            .date_naive()
    }

    /// The language letters to `case`'s requester are written in.
    pub fn lang(&self, case: &CaseSnapshot) -> Lang {
        Lang::answering(case.language, self.organisation.default_language)
    }
}

/// The change for `case` after `found` (a fresh finding and the sender's
/// verdict) or after an officer's choice already applied to the snapshot's
/// identity: record the finding, then verify, mail a code, or wait for the
/// officer, moving the case to `awaiting_approval` or `awaiting_identity`.
pub(crate) fn step_effects(
    ctx: &StepContext,
    case: &CaseSnapshot,
    found: Option<(Finding, SenderAuth)>,
    now: DateTime<Utc>,
) -> Result<CaseUpdate, String> {
    step_effects_with(ctx, case, case.identity.clone(), found, Vec::new(), now)
}

/// [`step_effects`] after `before`, effects that already changed
/// `identity` (an officer's choice).
pub(crate) fn step_effects_with(
    ctx: &StepContext,
    case: &CaseSnapshot,
    mut identity: CaseIdentity,
    found: Option<(Finding, SenderAuth)>,
    before: Vec<Effect>,
    now: DateTime<Utc>,
) -> Result<CaseUpdate, String> {
    let Some(requester) = &case.requester_address else {
        return Err("the case has no requester address".into());
    };
    let mut effects = before;
    if let Some((finding, sender)) = found {
        let summary = outcome_summary(&finding.outcome);
        let audit = serde_json::json!({
            "outcome": outcome_name(&finding.outcome),
            "candidates": finding.candidates.len(),
            "complete": finding.complete,
            "sender": match &sender { SenderAuth::Pass { .. } => "pass", SenderAuth::Fail { .. } => "fail", SenderAuth::Unknown => "unknown" },
        });
        let change = IdentityChange::Found { finding, sender };
        change.apply(&mut identity);
        effects.push(Effect::Identity(change));
        effects.push(Effect::Event {
            kind: EventKind::SubjectFound,
            detail: Some(summary),
        });
        effects.push(Effect::Audit {
            action: "identity.found".into(),
            detail: audit,
        });
    }
    let received = ctx.received(case);
    match next_step(&identity, requester.as_str(), received, ctx.model, now) {
        NextStep::Verified(verification) => {
            effects.extend(end_wait(case, now));
            effects.push(Effect::Verified(verification));
        }
        NextStep::SendCode { subject, to } => {
            effects.extend(code_effects(ctx, case, &identity, subject, &to, now)?);
            effects.extend(wait(
                case,
                "identity is checked by a code sent to an address on file",
            ));
        }
        NextStep::NotValid { reason, .. } => {
            let why = format!(
                "the requester may not act for this person ({}); an officer confirms and the letter goes out: dsrd cases identity {} --not-a-representative --reason …",
                serde_json::to_value(reason).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
                case.reference
            );
            effects.extend(wait(case, &why));
        }
        NextStep::Officer(must) => {
            effects.extend(wait(case, &officer_must(&must, case)));
        }
    }
    Ok(CaseUpdate {
        actor: crate::case::Actor::System,
        effects,
    })
}

/// Moves `case` to `awaiting_identity` with `why`, or records `why` as an
/// event when it waits there already.
fn wait(case: &CaseSnapshot, why: &str) -> Vec<Effect> {
    if case.state == CaseState::AwaitingIdentity {
        vec![Effect::Event {
            kind: EventKind::Transition,
            detail: Some(why.to_owned()),
        }]
    } else {
        vec![Effect::Transition {
            to: CaseState::AwaitingIdentity,
            event: EventKind::Transition,
            detail: Some(why.to_owned()),
        }]
    }
}

/// Ends a running identity wait at `now` (the proof came), moving the
/// deadline as the case's rules say.
pub(crate) fn end_wait(case: &CaseSnapshot, now: DateTime<Utc>) -> Option<Effect> {
    let mut deadline = case.deadline.clone();
    let wait = deadline.identity_wait.as_mut()?;
    if wait.answered.is_some() {
        return None;
    }
    wait.answered = Some(now.fixed_offset());
    let today = now.with_timezone(&deadline.rules().time_zone).date_naive();
    deadline.recompute(case.received_at, today);
    Some(Effect::SetDeadline(deadline))
}

/// The addresses a code for `subject` may go to: the addresses on file of
/// whoever may act for them, and the requester's own address when it is on
/// file for the subject or their guardian and the requester may act. Never
/// any other.
pub(crate) fn code_addresses(
    finding: &Finding,
    subject: usize,
    requester: &str,
    received: chrono::NaiveDate,
    model: MinorRightsModel,
) -> Vec<String> {
    let Some(candidate) = finding.candidates.get(subject) else {
        return Vec::new();
    };
    let mut to = code_to(candidate, received, model);
    let on_file = !matches!(relation_to(candidate), Relation::Unrelated);
    if on_file
        && matches!(
            decision_for(candidate, received, model),
            Decision::MayAct { .. }
        )
        && !to.iter().any(|a| a.eq_ignore_ascii_case(requester))
    {
        to.push(requester.to_owned());
    }
    to
}

/// The effects of mailing a one-time code for `subject` to `to`: refused
/// unless `to` is an address on file of someone who may act for them.
pub(crate) fn code_effects(
    ctx: &StepContext,
    case: &CaseSnapshot,
    identity: &CaseIdentity,
    subject: usize,
    to: &str,
    now: DateTime<Utc>,
) -> Result<Vec<Effect>, String> {
    let Some(finding) = &identity.finding else {
        return Err("nobody has been looked up for this case yet".into());
    };
    let requester = case
        .requester_address
        .as_ref()
        .map(|a| a.as_str())
        .unwrap_or_default();
    let allowed = code_addresses(finding, subject, requester, ctx.received(case), ctx.model);
    let Some(to) = allowed
        .iter()
        .find(|a| a.trim().eq_ignore_ascii_case(to.trim()))
    else {
        return Err(if allowed.is_empty() {
            "no address on file may receive a code for this person; check identity in person".into()
        } else {
            format!(
                "a code goes only to an address on file of someone who may act for this person: {}",
                allowed.join(", ")
            )
        });
    };
    let address =
        EmailAddress::parse(to).map_err(|e| format!("the address on file is unusable: {e}"))?;
    let candidate = &finding.candidates[subject];
    let name = candidate
        .guardians
        .iter()
        .find(|g| g.emails.iter().any(|e| e.eq_ignore_ascii_case(to)))
        .and_then(|g| g.names.first())
        .or_else(|| {
            candidate
                .emails
                .iter()
                .any(|e| e.eq_ignore_ascii_case(to))
                .then(|| candidate.names.first())
                .flatten()
        })
        .cloned()
        .or_else(|| {
            case.requester_name
                .clone()
                .filter(|_| to.eq_ignore_ascii_case(requester))
        });
    let issued = code::issue(now, ctx.identity.code_validity, ctx.identity.code_attempts);
    let tz = ctx.organisation.time_zone;
    let letter = ctx
        .letters
        .identity_code(
            &CodeFacts {
                reference: case.reference.as_str(),
                organisation: &ctx.organisation.name,
                addressee_name: name.as_deref(),
                code: &issued.code,
                received: ctx.received(case),
                expires: issued.record.expires_at.with_timezone(&tz),
            },
            ctx.lang(case),
        )
        .map_err(|e| e.to_string())?;
    // A code to the requester's own address answers their thread; one to
    // somebody else's starts its own.
    let thread = to
        .eq_ignore_ascii_case(requester)
        .then_some(case.message_id.as_deref())
        .flatten();
    let addressee = Addressee {
        address: &address,
        name: name.as_deref(),
        in_reply_to: thread,
    };
    let mail = case_mail(
        &ctx.organisation,
        &case.reference,
        &addressee,
        MailKind::IdentityCode,
        &letter,
        now,
    )
    .map_err(|e| e.to_string())?;
    let mut effects = vec![Effect::Identity(IdentityChange::CodeSent(PendingCode {
        record: issued.record.clone(),
        to: to.clone(),
        subject,
        sent_at: now,
        reminded_at: None,
    }))];
    let mut deadline = case.deadline.clone();
    if deadline.identity_wait.is_none() {
        deadline.identity_wait = Some(IdentityWait {
            asked: now.fixed_offset(),
            answered: None,
            mode: deadline.identity_mode,
        });
        let today = now.with_timezone(&tz).date_naive();
        deadline.recompute(case.received_at, today);
        effects.push(Effect::SetDeadline(deadline));
    }
    let whose = if to.eq_ignore_ascii_case(requester) {
        "the requester's address on file"
    } else if candidate.emails.iter().any(|e| e.eq_ignore_ascii_case(to)) {
        "the subject's address on file"
    } else {
        "a guardian's address on file"
    };
    effects.push(Effect::Event {
        kind: EventKind::CodeSent,
        detail: Some(format!(
            "one-time code sent to {to} ({whose}); valid until {}",
            issued
                .record
                .expires_at
                .with_timezone(&tz)
                .format("%Y-%m-%d %H:%M")
        )),
    });
    effects.push(Effect::Audit {
        action: "identity.code_sent".into(),
        detail: serde_json::json!({ "to": whose, "expires_at": issued.record.expires_at }),
    });
    effects.push(Effect::QueueMail(mail));
    Ok(effects)
}

/// A name for the outcome in the audit log.
fn outcome_name(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Identified { .. } => "identified",
        Outcome::OfficerChooses { .. } => "officer_chooses",
        Outcome::NotFound { .. } => "not_found",
        Outcome::Ambiguous { .. } => "ambiguous",
    }
}

/// The finding in one line for the case's events.
fn outcome_summary(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Identified { how, .. } => format!(
            "subject identified ({})",
            how.iter()
                .map(|g| format!("{g:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Outcome::OfficerChooses { candidates, why } => {
            format!(
                "{} possible subjects; the officer chooses ({why:?})",
                candidates.len()
            )
        }
        Outcome::NotFound {
            subject: Some(_), ..
        } => "the requester is not on file; the letter names a person on file".into(),
        Outcome::NotFound { .. } => "nobody on file fits the request".into(),
        Outcome::Ambiguous { why } => format!("the systems' answers conflict: {why:?}"),
    }
}

/// What the officer must do, in words, with the command.
fn officer_must(must: &OfficerMust, case: &CaseSnapshot) -> String {
    let r = &case.reference;
    match must {
        OfficerMust::LookUp => format!("nobody looked up yet: dsrd cases identity {r} --look-up"),
        OfficerMust::Choose { why } => {
            format!("the officer chooses the subject ({why:?}): dsrd cases identity {r} --choose N")
        }
        OfficerMust::Resolve { why } => format!(
            "the systems' answers conflict ({why:?}); nothing is done until the officer resolves it: dsrd cases identity {r}"
        ),
        OfficerMust::Decide { missing } => format!(
            "the records do not say enough ({missing:?}); the officer decides: dsrd cases identity {r} --in-person … or --not-a-representative …"
        ),
        OfficerMust::PickAddress { addresses } => format!(
            "several addresses on file may receive a code ({}): dsrd cases identity {r} --send-code --to ADDRESS",
            addresses.len()
        ),
        OfficerMust::NoAddressOnFile => format!(
            "no address on file may receive a code; check identity in person: dsrd cases identity {r} --in-person …"
        ),
        OfficerMust::NothingFound => format!(
            "nobody on file fits the request; the officer looks into it: dsrd cases identity {r}"
        ),
    }
}

#[cfg(test)]
mod tests;
