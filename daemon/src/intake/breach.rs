//! A mail that may report a data breach ("ik heb het rapport van een ander
//! kind ontvangen") opens a draft in the breach register instead of a case
//! (reglement 6.4): it is not a request, gets no acknowledgement as one and
//! no statutory deadline of a month, but the AP's 72 hours start when it
//! arrives. The officer is told by mail, and the sender gets a short
//! receipt.
//!
//! The path is taken only when it cannot cost a request its case: a mail
//! the classifier sees as a confident request, a reply to a mail of ours or
//! one naming a case reference goes the usual way (the officer still reads
//! it there), and so does a mail that could not be parsed.

use super::{parse, Arrival};
use crate::breach::{
    officer_notice, possible_breach, receipt, BreachRef, BreachState, NewBreach, ReportedMail,
};
use crate::classify::{classify, Rules};
use crate::config::Config;
use crate::lang::Lang;
use crate::outbox::{Addressee, MailKind};
use crate::store::BreachReport;
use chrono::{DateTime, Utc};

/// What a draft from a mail says happened, until the officer writes it.
pub const REPORTED_BY_MAIL: &str = "reported by mail";

/// The draft entry for `raw`, when it reads like a breach report and is not
/// a request or a follow-up; `None` to make a case of it as usual. Pure
/// but for the random part of the mails' Message-IDs.
pub fn breach_report(
    raw: &[u8],
    arrival: &Arrival,
    config: &Config,
    rules: &Rules,
    now: DateTime<Utc>,
) -> Option<BreachReport> {
    let parsed = parse(raw);
    if parsed.triage_reason.is_some() {
        return None;
    }
    let org = &config.organisation;
    let subject = parsed.subject.as_deref().unwrap_or("");
    let ours = format!("@{}", org.reply_address.domain());
    let follow_up = parsed.thread_ids.iter().any(|id| id.ends_with(&ours))
        || super::pipeline::reference_in(subject, &org.reference_prefix).is_some();
    if follow_up {
        return None;
    }
    let signal = possible_breach(subject, &parsed.body_text)?;
    let classification = classify(subject, &parsed.body_text, rules);
    if classification.primary.is_request()
        && classification.confidence >= config.classify.triage_below
    {
        tracing::info!(
            request_type = %classification.primary,
            "a confident request with the phrasing of a breach report: made a case, not a breach"
        );
        return None;
    }
    let lang = Lang::answering(classification.language, org.default_language);
    let officer = config.reminders.officer_address.clone();
    let reporter = parsed.from_address.clone();
    let reporter_name = parsed.from_name.clone();
    let in_reply_to = parsed.message_id.clone();
    let org_for_mails = org.clone();
    let discovered_at = arrival.received_at;
    let due = crate::breach::ap_due(discovered_at);
    let mails = move |reference: &BreachRef| {
        let mut mails = Vec::new();
        let mut compose = |kind, to: &Addressee, letter| match crate::breach::breach_mail(
            &org_for_mails,
            reference,
            kind,
            to,
            &letter,
            now,
        ) {
            Ok(mail) => mails.push(mail),
            Err(e) => tracing::warn!(breach = %reference, %kind, "mail not composed: {e}"),
        };
        match &officer {
            Some(officer) => compose(
                MailKind::BreachNotice,
                &Addressee::officer(officer),
                officer_notice(&org_for_mails, reference, due, now),
            ),
            None => {
                tracing::warn!(breach = %reference, "no reminders.officer_address: nobody is told of the draft breach")
            }
        }
        if let Some(to) = &reporter {
            let addressee = Addressee {
                address: to,
                name: reporter_name.as_deref(),
                in_reply_to: in_reply_to.as_deref(),
            };
            compose(
                MailKind::BreachReceipt,
                &addressee,
                receipt(&org_for_mails, reference, lang),
            );
        }
        mails
    };
    Some(BreachReport {
        breach: NewBreach {
            state: BreachState::Draft,
            discovered_at,
            what: REPORTED_BY_MAIL.into(),
            categories: Vec::new(),
            people: None,
            people_estimated: false,
        },
        dedupe_key: parsed.dedupe_key(raw, &arrival.delivery),
        raw: raw.to_vec(),
        mail: ReportedMail {
            message_id: parsed.message_id.clone(),
            from: parsed.from_address.as_ref().map(|a| a.as_str().to_owned()),
            subject: parsed.subject.clone(),
            received_at: discovered_at,
            phrases: signal.phrases,
        },
        mails: Box::new(mails),
        now,
    })
}
