//! The extension notice (GDPR art. 12(3), third sentence; the reglement's
//! "met kennisgeving"): the requester learns the new date and the reason
//! before the old date has passed.

use super::Letter;
use crate::lang::{long_date, Lang};
use chrono::NaiveDate;

/// What the extension notice says.
#[derive(Debug, Clone)]
pub struct ExtensionFacts<'a> {
    /// The case reference.
    pub reference: &'a str,
    /// The organisation's name.
    pub organisation: &'a str,
    /// The requester's name, if known.
    pub requester_name: Option<&'a str>,
    /// The due date before the extension.
    pub old_due: NaiveDate,
    /// The new due date.
    pub new_due: NaiveDate,
    /// Why more time is needed, as the officer wrote it.
    pub reason: &'a str,
}

/// Renders the extension notice in `lang`.
pub fn extension_notice(f: &ExtensionFacts, lang: Lang) -> Letter {
    let (old, new) = (long_date(f.old_due, lang), long_date(f.new_due, lang));
    let (r, org, reason) = (f.reference, f.organisation, f.reason.trim());
    match lang {
        Lang::Nl => Letter {
            subject: format!("[{r}] Verlenging van de termijn voor uw verzoek"),
            body: format!(
                "{},\n\n\
                 Wij hadden u toegezegd uw verzoek ({r}) uiterlijk op {old} te beantwoorden. \
                 Dat lukt helaas niet. Wij hebben meer tijd nodig om de volgende reden:\n\n\
                 {reason}\n\n\
                 Wij beantwoorden uw verzoek daarom uiterlijk op {new}. Bent u het hier niet mee \
                 eens, dan kunt u een klacht indienen bij de Autoriteit Persoonsgegevens.\n\n\
                 Met vriendelijke groet,\n\n{org}\n",
                f.requester_name
                    .map(|n| format!("Beste {n}"))
                    .unwrap_or_else(|| "Geachte heer, mevrouw".into()),
            ),
        },
        Lang::En => Letter {
            subject: format!("[{r}] Extension of the time limit for your request"),
            body: format!(
                "{},\n\n\
                 We undertook to answer your request ({r}) by {old}. Unfortunately we cannot. \
                 We need more time for the following reason:\n\n\
                 {reason}\n\n\
                 We will therefore answer your request by {new} at the latest. If you disagree, \
                 you may lodge a complaint with the Dutch Data Protection Authority (Autoriteit \
                 Persoonsgegevens).\n\n\
                 Kind regards,\n\n{org}\n",
                f.requester_name
                    .map(|n| format!("Dear {n}"))
                    .unwrap_or_else(|| "Dear Sir or Madam".into()),
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notice_gives_reason_and_both_dates() {
        let f = ExtensionFacts {
            reference: "AVG-2026-0007",
            organisation: "Stichting Voorbeeld",
            requester_name: None,
            old_due: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            new_due: NaiveDate::from_ymd_opt(2026, 3, 30).unwrap(),
            reason: "De gegevens staan in zes systemen.",
        };
        let nl = extension_notice(&f, Lang::Nl);
        assert!(nl.body.contains("maandag 2 maart 2026"));
        assert!(nl.body.contains("uiterlijk op maandag 30 maart 2026"));
        assert!(nl.body.contains("De gegevens staan in zes systemen."));
        let en = extension_notice(&f, Lang::En);
        assert!(en.subject.contains("Extension"));
        assert!(en.body.contains("by Monday 30 March 2026"));
    }
}
