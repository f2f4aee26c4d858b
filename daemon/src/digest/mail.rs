//! The digest as outgoing mail, one per recipient, from the organisation.
//! Its Message-ID names the day, as a case mail's names its case.

use crate::address::EmailAddress;
use crate::answer::Letter;
use crate::config::Organisation;
use crate::outbox::{MailError, MailKind, OutgoingMail};
use chrono::{DateTime, NaiveDate, Utc};
use lettre::message::{header::ContentType, Mailbox};
use lettre::Message;
use rand::Rng;

/// Composes the digest of `day` for `to`.
pub fn digest_mail(
    org: &Organisation,
    day: NaiveDate,
    to: &EmailAddress,
    letter: &Letter,
    now: DateTime<Utc>,
) -> Result<OutgoingMail, MailError> {
    let token: u64 = rand::thread_rng().gen();
    let from = &org.reply_address;
    let kind = MailKind::Digest;
    let message_id = format!("dsrd.digest-{day}.{kind}.{token:016x}@{}", from.domain());
    let message = Message::builder()
        .from(Mailbox::new(Some(org.name.clone()), from.to_lettre()))
        .to(Mailbox::new(None, to.to_lettre()))
        .subject(letter.subject.clone())
        .message_id(Some(format!("<{message_id}>")))
        .date(now.into())
        .header(ContentType::TEXT_PLAIN)
        .body(letter.body.clone())?;
    Ok(OutgoingMail {
        kind,
        message_id,
        sender: from.clone(),
        recipient: to.clone(),
        raw: message.formatted(),
    })
}
