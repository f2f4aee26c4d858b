//! Turning a letter into an RFC 5322 message with threading headers.

use crate::answer::Letter;
use crate::store::OutgoingMail;
use chrono::{DateTime, Utc};
use lettre::message::{header::ContentType, Mailbox};
use lettre::{Address, Message};
use rand::Rng;

/// A message could not be built.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// An address does not parse.
    #[error("invalid e-mail address: {0}")]
    Address(#[from] lettre::address::AddressError),
    /// lettre refused the message.
    #[error("cannot build the message: {0}")]
    Build(#[from] lettre::error::Error),
}

/// Everything a composed message needs besides the letter.
#[derive(Debug, Clone)]
pub struct Composed<'a> {
    /// What it is, e.g. `acknowledgement` (also the outbox's `kind`).
    pub kind: &'a str,
    /// The case reference, part of the Message-ID.
    pub reference: &'a str,
    /// The organisation's name (the From display name).
    pub from_name: &'a str,
    /// The organisation's address.
    pub from_address: &'a str,
    /// The requester's name.
    pub to_name: Option<&'a str>,
    /// The requester's address.
    pub to_address: &'a str,
    /// The Message-ID of the mail this answers, without angle brackets.
    pub in_reply_to: Option<&'a str>,
    /// When it is written.
    pub date: DateTime<Utc>,
}

/// Builds the message. Its Message-ID is made here, once, and stored with it,
/// so that a resend after a crash carries the same id and is recognisable.
pub fn compose(c: &Composed, letter: &Letter) -> Result<OutgoingMail, MailError> {
    let from: Address = c.from_address.parse()?;
    let to: Address = c.to_address.parse()?;
    let token: u64 = rand::thread_rng().gen();
    let message_id = format!(
        "dsrd.{}.{}.{token:016x}@{}",
        c.reference,
        c.kind,
        from.domain()
    );
    let mut builder = Message::builder()
        .from(Mailbox::new(Some(c.from_name.to_owned()), from.clone()))
        .to(Mailbox::new(c.to_name.map(str::to_owned), to.clone()))
        .subject(letter.subject.clone())
        .message_id(Some(format!("<{message_id}>")))
        .date(c.date.into())
        .header(ContentType::TEXT_PLAIN);
    if let Some(parent) = c.in_reply_to {
        builder = builder
            .in_reply_to(format!("<{parent}>"))
            .references(format!("<{parent}>"));
    }
    let message = builder.body(letter.body.clone())?;
    Ok(OutgoingMail {
        kind: c.kind.to_owned(),
        message_id,
        sender: from.to_string(),
        recipient: to.to_string(),
        raw: message.formatted(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_composed_reply_threads_onto_the_request() {
        let c = Composed {
            kind: "acknowledgement",
            reference: "AVG-2026-0001",
            from_name: "Stichting Voorbeeld",
            from_address: "avg@school.example",
            to_name: Some("Sanne de Vries"),
            to_address: "sanne@example.org",
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
        assert_eq!(mail.recipient, "sanne@example.org");
        let parsed = mail_parser::MessageParser::default()
            .parse(&mail.raw)
            .unwrap();
        assert_eq!(
            parsed.body_text(0).unwrap().trim_end(),
            "Beste Sanne, één €."
        );
    }
}
