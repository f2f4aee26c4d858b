//! Turning a letter into an RFC 5322 message with threading headers.

use super::{MailKind, OutgoingMail};
use crate::address::EmailAddress;
use crate::answer::Letter;
use crate::case::CaseRef;
use chrono::{DateTime, Utc};
use lettre::message::{header::ContentType, Mailbox};
use lettre::Message;
use rand::Rng;

/// A message could not be built.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// An address does not parse.
    #[error(transparent)]
    Address(#[from] crate::address::BadAddress),
    /// lettre refused the message.
    #[error("cannot build the message: {0}")]
    Build(#[from] lettre::error::Error),
}

/// Everything a composed message needs besides the letter.
#[derive(Debug, Clone)]
pub struct Envelope<'a> {
    /// What it is (also the outbox's `kind`, and part of the Message-ID).
    pub kind: MailKind,
    /// The case reference, part of the Message-ID.
    pub reference: &'a CaseRef,
    /// The organisation's name (the From display name).
    pub from_name: &'a str,
    /// The organisation's address.
    pub from: &'a EmailAddress,
    /// The addressee's name.
    pub to_name: Option<&'a str>,
    /// The addressee's address.
    pub to: &'a EmailAddress,
    /// The Message-ID of the mail this answers, without angle brackets.
    pub in_reply_to: Option<&'a str>,
    /// When it is written.
    pub date: DateTime<Utc>,
}

/// Builds the message. Its Message-ID is made here, once, and stored with it,
/// so that a resend after a crash carries the same id and is recognisable.
pub fn compose(e: &Envelope, letter: &Letter) -> Result<OutgoingMail, MailError> {
    let token: u64 = rand::thread_rng().gen();
    let message_id = format!(
        "dsrd.{}.{}.{token:016x}@{}",
        e.reference,
        e.kind,
        e.from.domain()
    );
    let mut builder = Message::builder()
        .from(Mailbox::new(
            Some(e.from_name.to_owned()),
            e.from.to_lettre(),
        ))
        .to(Mailbox::new(e.to_name.map(str::to_owned), e.to.to_lettre()))
        .subject(letter.subject.clone())
        .message_id(Some(format!("<{message_id}>")))
        .date(e.date.into())
        .header(ContentType::TEXT_PLAIN);
    if let Some(parent) = e.in_reply_to {
        builder = builder
            .in_reply_to(format!("<{parent}>"))
            .references(format!("<{parent}>"));
    }
    let message = builder.body(letter.body.clone())?;
    Ok(OutgoingMail {
        kind: e.kind,
        message_id,
        sender: e.from.clone(),
        recipient: e.to.clone(),
        raw: message.formatted(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_composed_reply_threads_onto_the_request() {
        let reference: CaseRef = "AVG-2026-0001".parse().unwrap();
        let from = EmailAddress::parse("avg@school.example").unwrap();
        let to = EmailAddress::parse("sanne@example.org").unwrap();
        let c = Envelope {
            kind: MailKind::Acknowledgement,
            reference: &reference,
            from_name: "Stichting Voorbeeld",
            from: &from,
            to_name: Some("Sanne de Vries"),
            to: &to,
            in_reply_to: Some("req-1@example.org"),
            date: DateTime::parse_from_rfc3339("2026-02-01T10:00:00Z")
                .unwrap()
                .into(),
        };
        let letter = Letter {
            subject: "Ontvangst".into(),
            body: "Beste Sanne, één €.".into(),
        };
        let mail = compose(&c, &letter).unwrap();
        let text = String::from_utf8(mail.raw.clone()).unwrap();
        assert!(text.contains("In-Reply-To: <req-1@example.org>"), "{text}");
        assert!(text.contains("References: <req-1@example.org>"));
        assert!(text.contains(&format!("Message-ID: <{}>", mail.message_id)));
        assert!(mail
            .message_id
            .starts_with("dsrd.AVG-2026-0001.acknowledgement."));
        assert_eq!(mail.recipient.as_str(), "sanne@example.org");
        assert_eq!(mail.kind, MailKind::Acknowledgement);
        let parsed = mail_parser::MessageParser::default()
            .parse(&mail.raw)
            .unwrap();
        assert_eq!(
            parsed.body_text(0).unwrap().trim_end(),
            "Beste Sanne, één €."
        );
    }
}
