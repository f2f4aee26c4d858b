//! The acknowledgement: the requester learns that the request arrived, its
//! reference, and by when it will be answered.

use super::Letter;
use crate::config::Organisation;
use crate::lang::{long_date, Lang};
use crate::outbox::{compose, Composed, MailError};
use crate::store::OutgoingMail;
use chrono::{DateTime, NaiveDate, Utc};

/// What the acknowledgement says.
#[derive(Debug, Clone)]
pub struct AckFacts<'a> {
    /// The case reference.
    pub reference: &'a str,
    /// The organisation's name.
    pub organisation: &'a str,
    /// The requester's name, if known.
    pub requester_name: Option<&'a str>,
    /// The request's subject line.
    pub subject: Option<&'a str>,
    /// Receipt date in the organisation's time zone.
    pub received: NaiveDate,
    /// The effective due date.
    pub due: NaiveDate,
}

/// Renders the acknowledgement in `lang`.
pub fn acknowledgement(facts: &AckFacts, lang: Lang) -> Letter {
    let received = long_date(facts.received, lang);
    let due = long_date(facts.due, lang);
    let r = facts.reference;
    let org = facts.organisation;
    let about = facts.subject.filter(|s| !s.is_empty());
    match lang {
        Lang::Nl => Letter {
            subject: match about {
                Some(s) => format!("[{r}] Ontvangstbevestiging: {s}"),
                None => format!("[{r}] Ontvangstbevestiging van uw verzoek"),
            },
            body: format!(
                "{greeting},\n\n\
                 Wij hebben uw verzoek op {received} ontvangen. Het heeft het kenmerk {r}. \
                 Vermeld dit kenmerk als u ons over dit verzoek schrijft; u kunt ook \
                 gewoon op dit bericht antwoorden.\n\n\
                 Wij behandelen uw verzoek zo snel mogelijk en beantwoorden het uiterlijk op \
                 {due}. Hebben wij meer tijd nodig, dan laten wij u dat vóór die datum weten, \
                 met de reden.\n\n\
                 Mogelijk vragen wij u eerst om te bevestigen wie u bent. Wij bewaren daarbij \
                 geen kopie van uw identiteitsbewijs.\n\n\
                 Met vriendelijke groet,\n\n{org}\n",
                greeting = match facts.requester_name {
                    Some(name) => format!("Beste {name}"),
                    None => "Geachte heer, mevrouw".to_owned(),
                },
            ),
        },
        Lang::En => Letter {
            subject: match about {
                Some(s) => format!("[{r}] Acknowledgement: {s}"),
                None => format!("[{r}] Acknowledgement of your request"),
            },
            body: format!(
                "{greeting},\n\n\
                 We received your request on {received}. Its reference is {r}. Please quote \
                 this reference when you write to us about this request; you can also simply \
                 reply to this message.\n\n\
                 We will handle your request as soon as possible and answer it by {due} at the \
                 latest. Should we need more time, we will tell you before that date, with \
                 the reason.\n\n\
                 We may first ask you to confirm who you are. We do not keep a copy of your \
                 identity document.\n\n\
                 Kind regards,\n\n{org}\n",
                greeting = match facts.requester_name {
                    Some(name) => format!("Dear {name}"),
                    None => "Dear Sir or Madam".to_owned(),
                },
            ),
        },
    }
}

/// Where the acknowledgement goes, besides its facts.
#[derive(Debug, Clone)]
pub struct AckTo<'a> {
    /// The requester's address.
    pub address: &'a str,
    /// The Message-ID of the request, for threading.
    pub in_reply_to: Option<&'a str>,
}

/// Renders and composes the acknowledgement mail.
pub fn acknowledgement_mail(
    org: &Organisation,
    facts: &AckFacts,
    to: &AckTo,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<OutgoingMail, MailError> {
    let letter = acknowledgement(facts, lang);
    let composed = Composed {
        kind: "acknowledgement",
        reference: facts.reference,
        from_name: &org.name,
        from_address: &org.reply_address,
        to_name: facts.requester_name,
        to_address: to.address,
        in_reply_to: to.in_reply_to,
        date: now,
    };
    compose(&composed, &letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> AckFacts<'static> {
        AckFacts {
            reference: "AVG-2026-0001",
            organisation: "Stichting Voorbeeld",
            requester_name: Some("Sanne de Vries"),
            subject: Some("Inzageverzoek"),
            received: NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
            due: NaiveDate::from_ymd_opt(2026, 2, 28).unwrap(),
        }
    }

    #[test]
    fn the_dutch_acknowledgement_names_reference_receipt_and_due_date() {
        let l = acknowledgement(&facts(), Lang::Nl);
        assert_eq!(
            l.subject,
            "[AVG-2026-0001] Ontvangstbevestiging: Inzageverzoek"
        );
        assert!(l.body.starts_with("Beste Sanne de Vries,"));
        assert!(l.body.contains("zaterdag 31 januari 2026"));
        assert!(l.body.contains("uiterlijk op zaterdag 28 februari 2026"));
        assert!(l.body.ends_with("Stichting Voorbeeld\n"));
    }

    #[test]
    fn the_english_acknowledgement_says_the_same() {
        let l = acknowledgement(&facts(), Lang::En);
        assert!(l.subject.starts_with("[AVG-2026-0001] Acknowledgement"));
        assert!(l.body.contains("Saturday 31 January 2026"));
        assert!(l.body.contains("by Saturday 28 February 2026"));
    }
}
