//! The mails about a breach: the officer's notice of a draft opened from a
//! mail, the officer's reminder of the AP's due time, and the short receipt
//! to whoever reported it. Fixed texts rather than templates: they go to
//! the officer or say only "received, we look into it", and carry no
//! personal data but the reference and the times.

use super::{BreachRef, Countdown};
use crate::answer::Letter;
use crate::config::Organisation;
use crate::lang::Lang;
use crate::outbox::{Addressee, MailError, MailKind, OutgoingMail};
use chrono::{DateTime, Utc};
use lettre::message::{header::ContentType, Mailbox};
use lettre::Message;
use rand::Rng;

fn local(org: &Organisation, at: DateTime<Utc>) -> String {
    at.with_timezone(&org.time_zone)
        .format("%Y-%m-%d %H:%M %Z")
        .to_string()
}

/// The officer's notice that a mail opened draft `reference`.
pub fn officer_notice(
    org: &Organisation,
    reference: &BreachRef,
    due: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Letter {
    let left = Countdown::at(due, now).words();
    Letter {
        subject: format!(
            "[{reference}] Mogelijk datalek gemeld per mail / possible breach reported by mail"
        ),
        body: format!(
            "Er kwam een mail binnen die een datalek kan melden. dsrd heeft er een concept in het \
register van gemaakt: {reference}. Het is geen verzoek en er is geen zaak van gemaakt.\n\n\
Beoordeel het: dsrd breaches show {reference}\n\
Melding aan de AP uiterlijk: {due_local} ({left}), 72 uur na ontvangst, tenzij het datalek \
waarschijnlijk geen risico oplevert (art. 33 AVG).\n\n\
A mail that may report a personal data breach opened the draft {reference} in the breach \
register; it is not a request and no case was made. Report to the AP by {due_local} ({left}).\n",
            due_local = local(org, due),
        ),
    }
}

/// The officer's reminder that the AP's due time of `reference` is near
/// (or past) and no decision is recorded.
pub fn reminder_letter(
    org: &Organisation,
    reference: &BreachRef,
    due: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Letter {
    let left = Countdown::at(due, now).words();
    Letter {
        subject: format!(
            "[{reference}] Melding aan de AP uiterlijk {} / AP report due",
            local(org, due)
        ),
        body: format!(
            "Datalek {reference}: de melding aan de Autoriteit Persoonsgegevens is uiterlijk \
{due_local} nodig ({left}), en er is nog niet vastgelegd dat het gemeld is of waarom niet.\n\n\
dsrd breaches update {reference} --reported-at … --ap-reference … --as …\n\
dsrd breaches update {reference} --not-reported \"waarom\" --as …\n\n\
Breach {reference}: the report to the AP is due by {due_local} ({left}); neither a report nor \
a reason for not reporting is recorded.\n",
            due_local = local(org, due),
        ),
    }
}

/// The receipt to whoever reported a possible breach.
pub fn receipt(org: &Organisation, reference: &BreachRef, lang: Lang) -> Letter {
    match lang {
        Lang::En => Letter {
            subject: format!("Your report has been received [{reference}]"),
            body: format!(
                "Thank you for letting us know. We have received your message and will look into \
it. Please do not pass on the information you received, and delete it once you have told us.\n\n\
{}\n",
                org.name
            ),
        },
        _ => Letter {
            subject: format!("Uw melding is ontvangen [{reference}]"),
            body: format!(
                "Dank u wel voor uw melding. We hebben uw bericht ontvangen en zoeken het uit. \
Wilt u de gegevens die u kreeg niet doorsturen, en ze verwijderen nu u ons hebt ingelicht?\n\n\
{}\n",
                org.name
            ),
        },
    }
}

/// Composes `letter` about breach `reference` as outgoing mail from the
/// organisation; the Message-ID names the breach, as a case mail's names
/// its case.
pub fn breach_mail(
    org: &Organisation,
    reference: &BreachRef,
    kind: MailKind,
    to: &Addressee,
    letter: &Letter,
    now: DateTime<Utc>,
) -> Result<OutgoingMail, MailError> {
    let token: u64 = rand::thread_rng().gen();
    let from = &org.reply_address;
    let message_id = format!("dsrd.{reference}.{kind}.{token:016x}@{}", from.domain());
    let mut builder = Message::builder()
        .from(Mailbox::new(Some(org.name.clone()), from.to_lettre()))
        .to(Mailbox::new(
            to.name.map(str::to_owned),
            to.address.to_lettre(),
        ))
        .subject(letter.subject.clone())
        .message_id(Some(format!("<{message_id}>")))
        .date(now.into())
        .header(ContentType::TEXT_PLAIN);
    if let Some(parent) = to.in_reply_to {
        builder = builder
            .in_reply_to(format!("<{parent}>"))
            .references(format!("<{parent}>"));
    }
    let message = builder.body(letter.body.clone())?;
    Ok(OutgoingMail {
        kind,
        message_id,
        sender: from.clone(),
        recipient: to.address.clone(),
        raw: message.formatted(),
    })
}
