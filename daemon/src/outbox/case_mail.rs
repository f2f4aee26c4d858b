//! One way to turn a case's letter into outgoing mail, for every letter dsrd
//! sends about a case: the acknowledgement at intake, the officer's letters
//! (extension notice, the acknowledgement after triage) and the reminders.
//! From the organisation, the addressee, the kind and the rendered letter;
//! the Message-ID, the threading headers and the envelope follow from those.

use super::{compose, Envelope, MailError, MailKind, OutgoingMail};
use crate::address::EmailAddress;
use crate::answer::Letter;
use crate::case::CaseRef;
use crate::config::Organisation;
use crate::store::CaseSnapshot;
use chrono::{DateTime, Utc};

/// Who a case's letter goes to.
#[derive(Debug, Clone, Copy)]
pub struct Addressee<'a> {
    /// Their address.
    pub address: &'a EmailAddress,
    /// Their name, for the To header.
    pub name: Option<&'a str>,
    /// The Message-ID the letter answers (the request), so that it lands in
    /// the requester's thread.
    pub in_reply_to: Option<&'a str>,
}

impl<'a> Addressee<'a> {
    /// The requester of `case`, answered on the thread of the request;
    /// `None` when the case has no address to answer.
    pub fn requester(case: &'a CaseSnapshot) -> Option<Self> {
        Some(Addressee {
            address: case.requester_address.as_ref()?,
            name: case.requester_name.as_deref(),
            in_reply_to: case.message_id.as_deref(),
        })
    }

    /// The privacy officer: no name, no thread (a reminder starts its own).
    pub fn officer(address: &'a EmailAddress) -> Self {
        Addressee {
            address,
            name: None,
            in_reply_to: None,
        }
    }
}

/// Composes `letter` about case `reference`, from the organisation to `to`.
pub fn case_mail(
    org: &Organisation,
    reference: &CaseRef,
    to: &Addressee,
    kind: MailKind,
    letter: &Letter,
    now: DateTime<Utc>,
) -> Result<OutgoingMail, MailError> {
    let envelope = Envelope {
        kind,
        reference,
        from_name: &org.name,
        from: &org.reply_address,
        to_name: to.name,
        to: to.address,
        in_reply_to: to.in_reply_to,
        date: now,
    };
    compose(&envelope, letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_mail_comes_from_the_organisation_and_threads_onto_the_request() {
        let org = Organisation {
            name: "Stichting Voorbeeld".into(),
            reply_address: EmailAddress::parse("avg@school.example").unwrap(),
            reference_prefix: "AVG".into(),
            time_zone: chrono_tz::Europe::Amsterdam,
            default_language: crate::lang::Lang::Nl,
        };
        let reference: CaseRef = "AVG-2026-0003".parse().unwrap();
        let to = EmailAddress::parse("sanne@example.org").unwrap();
        let addressee = Addressee {
            address: &to,
            name: Some("Sanne"),
            in_reply_to: Some("req-3@example.org"),
        };
        let letter = Letter {
            subject: "[AVG-2026-0003] Verlenging".into(),
            body: "Beste Sanne,\n".into(),
        };
        let now = "2026-02-01T10:00:00Z".parse().unwrap();
        let mail = case_mail(
            &org,
            &reference,
            &addressee,
            MailKind::Extension,
            &letter,
            now,
        )
        .unwrap();
        assert_eq!(mail.kind, MailKind::Extension);
        assert_eq!(mail.sender.as_str(), "avg@school.example");
        assert_eq!(mail.recipient, to);
        assert!(mail.message_id.starts_with("dsrd.AVG-2026-0003.extension."));
        assert!(mail.message_id.ends_with("@school.example"));
        let text = String::from_utf8(mail.raw).unwrap();
        assert!(
            text.contains("From: \"Stichting Voorbeeld\" <avg@school.example>"),
            "{text}"
        );
        assert!(text.contains("In-Reply-To: <req-3@example.org>"));

        let officer = EmailAddress::parse("fg@school.example").unwrap();
        let reminder = case_mail(
            &org,
            &reference,
            &Addressee::officer(&officer),
            MailKind::Reminder,
            &letter,
            now,
        )
        .unwrap();
        let text = String::from_utf8(reminder.raw).unwrap();
        assert!(!text.contains("In-Reply-To"), "{text}");
    }
}
