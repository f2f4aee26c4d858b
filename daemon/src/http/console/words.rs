//! The words an officer uses for what the library names by code: a case's
//! state ("wacht op identiteit"), a request type ("inzage"), a role.

use crate::accounts::Role;
use crate::case::CaseState;
use crate::classify::RequestType;
use crate::deadline::Policy;
use crate::lang::Lang;
use crate::outbox::MailKind;

/// A case's state as an officer says it.
pub(super) fn state(state: CaseState, lang: Lang) -> &'static str {
    use CaseState::*;
    match (lang, state) {
        (Lang::Nl, Received) => "ontvangen",
        (Lang::Nl, AwaitingIdentity) => "wacht op identiteit",
        (Lang::Nl, AwaitingApproval) => "wacht op akkoord",
        (Lang::Nl, Executing) => "wordt uitgevoerd",
        (Lang::Nl, Answered) => "beantwoord",
        (Lang::Nl, Closed) => "afgesloten",
        (Lang::Nl, Rejected) => "afgewezen",
        (Lang::Nl, NeedsTriage) => "te beoordelen",
        (Lang::En, Received) => "received",
        (Lang::En, AwaitingIdentity) => "waiting for identity",
        (Lang::En, AwaitingApproval) => "waiting for approval",
        (Lang::En, Executing) => "being carried out",
        (Lang::En, Answered) => "answered",
        (Lang::En, Closed) => "closed",
        (Lang::En, Rejected) => "rejected",
        (Lang::En, NeedsTriage) => "to be looked at",
    }
}

/// A request type as an officer says it, with its article.
pub(super) fn request_type(t: RequestType, lang: Lang) -> &'static str {
    use RequestType::*;
    match (lang, t) {
        (Lang::Nl, Access) => "inzage (art. 15)",
        (Lang::Nl, Rectification) => "rectificatie (art. 16)",
        (Lang::Nl, Erasure) => "verwijdering (art. 17)",
        (Lang::Nl, Restriction) => "beperking (art. 18)",
        (Lang::Nl, Portability) => "overdraagbaarheid (art. 20)",
        (Lang::Nl, Objection) => "bezwaar (art. 21)",
        (Lang::Nl, AutomatedDecision) => "geautomatiseerd besluit (art. 22)",
        (Lang::Nl, WithdrawConsent) => "intrekken toestemming (art. 7)",
        (Lang::Nl, NotARequest) => "geen verzoek",
        (Lang::En, Access) => "access (art. 15)",
        (Lang::En, Rectification) => "rectification (art. 16)",
        (Lang::En, Erasure) => "erasure (art. 17)",
        (Lang::En, Restriction) => "restriction (art. 18)",
        (Lang::En, Portability) => "portability (art. 20)",
        (Lang::En, Objection) => "objection (art. 21)",
        (Lang::En, AutomatedDecision) => "automated decision (art. 22)",
        (Lang::En, WithdrawConsent) => "consent withdrawn (art. 7)",
        (Lang::En, NotARequest) => "no request",
    }
}

/// Request types joined in words.
pub(super) fn request_types(types: &[RequestType], lang: Lang) -> String {
    types
        .iter()
        .map(|t| request_type(*t, lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a person is to the school.
pub(super) fn person_kind(kind: dsrd_plugin_api::PersonKind, lang: Lang) -> &'static str {
    use dsrd_plugin_api::PersonKind::*;
    match (lang, kind) {
        (Lang::Nl, Pupil) => "leerling",
        (Lang::Nl, Staff) => "medewerker",
        (Lang::Nl, Guardian) => "ouder of verzorger",
        (Lang::Nl, _) => "anders",
        (Lang::En, Pupil) => "pupil",
        (Lang::En, Staff) => "staff",
        (Lang::En, Guardian) => "parent or guardian",
        (Lang::En, _) => "other",
    }
}

/// How identity was verified, in words.
pub(super) fn method(method: crate::identity::Method, lang: Lang) -> &'static str {
    use crate::identity::Method::*;
    match (lang, method) {
        (Lang::Nl, MatchedOnFile) => "afzender staat in de administratie",
        (Lang::Nl, CodeToAddressOnFile) => "code naar het adres in de administratie beantwoord",
        (Lang::Nl, InPerson) => "persoonlijk gezien",
        (Lang::En, MatchedOnFile) => "sender on file",
        (Lang::En, CodeToAddressOnFile) => "code to the address on file answered",
        (Lang::En, InPerson) => "seen in person",
    }
}

/// A kind of mail in words.
pub(super) fn mail_kind(kind: MailKind, lang: Lang) -> &'static str {
    use MailKind::*;
    match (lang, kind) {
        (Lang::Nl, Acknowledgement) => "ontvangstbevestiging",
        (Lang::Nl, Extension) => "bericht van verlenging",
        (Lang::Nl, Reminder) => "herinnering aan de termijn",
        (Lang::Nl, IdentityCode) => "code voor de identiteit",
        (Lang::Nl, IdentityReminder) => "herinnering aan de code",
        (Lang::Nl, NotValid) => "bericht: niet namens deze persoon",
        (Lang::Nl, IdentityRefusal) => "weigering: identiteit niet vastgesteld",
        (Lang::Nl, IdCopyRemoved) => "bericht: kopie identiteitsbewijs verwijderd",
        (Lang::Nl, Task) => "taak voor een systeembeheerder",
        (Lang::Nl, Answer) => "antwoordbrief",
        (Lang::Nl, DownloadCode) => "code voor de download",
        (Lang::Nl, RecipientNotice) => "bericht aan een ontvanger (art. 19)",
        (Lang::Nl, BreachNotice) => "melding van een mogelijk datalek",
        (Lang::Nl, BreachReminder) => "herinnering datalek",
        (Lang::Nl, BreachReceipt) => "ontvangstbevestiging datalek",
        (Lang::Nl, Digest) => "dagoverzicht",
        (Lang::En, Acknowledgement) => "acknowledgement",
        (Lang::En, Extension) => "extension notice",
        (Lang::En, Reminder) => "deadline reminder",
        (Lang::En, IdentityCode) => "identity code",
        (Lang::En, IdentityReminder) => "code reminder",
        (Lang::En, NotValid) => "notice: not for this person",
        (Lang::En, IdentityRefusal) => "refusal: identity not confirmed",
        (Lang::En, IdCopyRemoved) => "notice: identity document copy removed",
        (Lang::En, Task) => "task for a system owner",
        (Lang::En, Answer) => "answer letter",
        (Lang::En, DownloadCode) => "download code",
        (Lang::En, RecipientNotice) => "notice to a recipient (art. 19)",
        (Lang::En, BreachNotice) => "possible breach reported",
        (Lang::En, BreachReminder) => "breach reminder",
        (Lang::En, BreachReceipt) => "breach report acknowledged",
        (Lang::En, Digest) => "daily digest",
    }
}

/// What to type to extend a deadline under `policy`, in plain words, and
/// an example for the field. Without a policy both units are explained.
pub(super) fn extend_hint(policy: Option<Policy>, lang: Lang) -> (String, &'static str) {
    let nl = lang == Lang::Nl;
    match policy {
        Some(Policy::GdprMonth) => (
            if nl {
                "Typ 2m: dat is twee maanden extra. De AVG staat één verlenging toe, van twee maanden."
            } else {
                "Type 2m: that is two more months. The GDPR allows one extension, of two months."
            }
            .to_owned(),
            "2m",
        ),
        Some(Policy::FourWeeks { max_total_weeks } | Policy::Custom { max_total_weeks, .. }) => (
            if nl {
                format!(
                    "Typ het aantal weken met een w erachter: 4w is vier weken extra. \
                     Samen hoogstens {max_total_weeks} weken na ontvangst."
                )
            } else {
                format!(
                    "Type the number of weeks followed by w: 4w is four more weeks. \
                     At most {max_total_weeks} weeks from receipt in all."
                )
            },
            "4w",
        ),
        None => (
            if nl {
                "Typ het aantal weken met een w erachter (4w is vier weken extra), \
                 of onder de AVG-maand 2m (twee maanden extra)."
            } else {
                "Type the number of weeks followed by w (4w is four more weeks), \
                 or under the GDPR month 2m (two more months)."
            }
            .to_owned(),
            "4w",
        ),
    }
}

/// A role in words.
pub(super) fn role(role: Role, lang: Lang) -> &'static str {
    match (lang, role) {
        (Lang::Nl, Role::Viewer) => "meekijker",
        (Lang::Nl, Role::Officer) => "functionaris",
        (Lang::Nl, Role::Admin) => "beheerder",
        (Lang::En, Role::Viewer) => "viewer",
        (Lang::En, Role::Officer) => "officer",
        (Lang::En, Role::Admin) => "admin",
    }
}

/// "3 dagen", "1 dag te laat": the days left until `due` from `today`.
pub(super) fn days_left(days: i64, lang: Lang) -> String {
    match (lang, days) {
        (Lang::Nl, 0) => "vandaag".into(),
        (Lang::Nl, 1) => "1 dag".into(),
        (Lang::Nl, d) if d > 1 => format!("{d} dagen"),
        (Lang::Nl, -1) => "1 dag te laat".into(),
        (Lang::Nl, d) => format!("{} dagen te laat", -d),
        (Lang::En, 0) => "today".into(),
        (Lang::En, 1) => "1 day".into(),
        (Lang::En, d) if d > 1 => format!("{d} days"),
        (Lang::En, -1) => "1 day late".into(),
        (Lang::En, d) => format!("{} days late", -d),
    }
}

/// How close a due date is: `overdue` past it, `due-soon` within a week.
pub(super) fn urgency(days: Option<i64>) -> &'static str {
    match days {
        Some(d) if d < 0 => "overdue",
        Some(d) if d <= 7 => "due-soon",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mail_kind_has_words_in_both_languages() {
        for kind in MailKind::ALL {
            let (nl, en) = (mail_kind(kind, Lang::Nl), mail_kind(kind, Lang::En));
            assert!(!nl.is_empty() && !en.is_empty(), "{kind}");
            assert!(!nl.contains('_') && !en.contains('_'), "{kind}");
            assert_ne!(nl, en, "{kind}: the Dutch words are not English");
        }
        assert_eq!(
            mail_kind(MailKind::Extension, Lang::Nl),
            "bericht van verlenging"
        );
    }

    #[test]
    fn the_extend_hint_says_what_to_type_under_the_cases_policy_without_cli_words() {
        let policies = [None, Some(Policy::GdprMonth), Some(Policy::four_weeks())];
        for lang in [Lang::Nl, Lang::En] {
            for p in policies {
                let (hint, example) = extend_hint(p, lang);
                assert!(!hint.contains("dsrd") && !hint.contains("--"), "{hint}");
                assert!(hint.contains(example), "{hint} names {example}");
            }
        }
        let (gdpr, example) = extend_hint(Some(Policy::GdprMonth), Lang::Nl);
        assert_eq!(example, "2m");
        assert!(gdpr.contains("twee maanden"), "{gdpr}");
        let (weeks, example) = extend_hint(Some(Policy::four_weeks()), Lang::Nl);
        assert_eq!(example, "4w");
        assert!(
            weeks.contains("vier weken") && weeks.contains("12 weken"),
            "{weeks}"
        );
    }

    #[test]
    fn every_state_and_type_has_words_in_both_languages() {
        for lang in [Lang::Nl, Lang::En] {
            for s in CaseState::ALL {
                assert!(!state(s, lang).contains('_'));
            }
            for t in RequestType::ALL {
                assert!(!request_type(t, lang).contains('_'));
            }
        }
        assert_eq!(
            state(CaseState::AwaitingIdentity, Lang::Nl),
            "wacht op identiteit"
        );
        assert_eq!(
            state(CaseState::AwaitingApproval, Lang::Nl),
            "wacht op akkoord"
        );
        assert_eq!(days_left(-3, Lang::Nl), "3 dagen te laat");
        assert_eq!(urgency(Some(-1)), "overdue");
        assert_eq!(urgency(Some(3)), "due-soon");
        assert_eq!(urgency(Some(30)), "");
    }
}
