//! What the identity, refusal and task letters must say
//! (`shared/legal/answers.md` §1–§3.0, vectors ans-002, ans-004, ans-006,
//! ans-007, ans-009, §1 I4 for the removed identity copy, and issue 12 for
//! the task letter, which carries no personal data beyond the reference),
//! and the answer with the letters beside it (see [`reply`]), as phrases
//! each rendered sample must contain — or must not. The golden files pin
//! the wording; these tables say which parts of it are not negotiable, so
//! an edit that drops one fails here with the element's name, even when the
//! golden file is updated along with it.

mod digest;
mod reply;

use super::{LetterKind, Letters};
use crate::lang::Lang;

/// One required element: a name for the failure message and the phrases
/// that show it (all of them must appear).
type Element = (&'static str, &'static [&'static str]);

/// Per sample (its golden name) and language: the elements it must have.
/// Branch-specific elements sit with the sample that takes the branch.
#[rustfmt::skip]
const REQUIRED: &[(&str, Lang, &[Element])] = &[
    ("identity-code", Lang::Nl, &[
        ("the reference", &["K7MX-R4TQ", "AVG-2026-0002"]),
        ("how to answer", &["Beantwoord dit bericht en zet de code in uw antwoord"]),
        ("until when", &["geldig tot maandag 9 februari 2026 om 14:30"]),
        ("sent to the address on file", &["e-mailadres dat bij ons van u bekend is"]),
        ("no ID copy asked", &["niet om een kopie van uw identiteitsbewijs"]),
        ("the addressee's name", &["Beste Sanne de Vries,"]),
    ]),
    ("identity-code", Lang::En, &[
        ("the reference", &["K7MX-R4TQ", "AVG-2026-0002"]),
        ("how to answer", &["Reply to this message with the code"]),
        ("until when", &["valid until Monday 9 February 2026 at 14:30"]),
        ("sent to the address on file", &["e-mail address we hold for you"]),
        ("no ID copy asked", &["do not ask you for a copy of your identity document"]),
        ("the addressee's name", &["Dear Sanne de Vries,"]),
    ]),
    ("identity-code.anonymous", Lang::Nl, &[
        ("the code", &["K7MX-R4TQ"]),
        ("how to answer", &["Beantwoord dit bericht"]),
        ("until when", &["geldig tot maandag 9 februari 2026 om 14:30"]),
    ]),
    ("identity-code.anonymous", Lang::En, &[
        ("the code", &["K7MX-R4TQ"]),
        ("how to answer", &["Reply to this message"]),
        ("until when", &["valid until Monday 9 February 2026 at 14:30"]),
    ]),
    ("identity-reminder", Lang::Nl, &[
        ("the reference", &["AVG-2026-0002"]),
        ("when it expires", &["geldig tot maandag 9 februari 2026 om 14:30"]),
        ("not answered yet", &["nog niet ontvangen"]),
    ]),
    ("identity-reminder", Lang::En, &[
        ("the reference", &["AVG-2026-0002"]),
        ("when it expires", &["valid until Monday 9 February 2026 at 14:30"]),
        ("not answered yet", &["not received your reply yet"]),
    ]),
    ("identity-reminder.anonymous", Lang::Nl, &[
        ("when it expires", &["geldig tot maandag 9 februari 2026 om 14:30"]),
    ]),
    ("identity-reminder.anonymous", Lang::En, &[
        ("when it expires", &["valid until Monday 9 February 2026 at 14:30"]),
    ]),
    ("not-valid-parent-must-ask", Lang::Nl, &[
        ("a child's greeting", &["Hoi Noor Jansen,"]),
        ("the age", &["jonger dan 16 jaar"]),
        ("the parents can ask", &["Je ouders of je voogd kunnen het", "gezag"]),
        ("nothing disclosed", &["niets van jouw gegevens aan iemand gegeven"]),
        ("the AP", &["Autoriteit Persoonsgegevens"]),
    ]),
    ("not-valid-parent-must-ask", Lang::En, &[
        ("a child's greeting", &["Hi Noor Jansen,"]),
        ("the age", &["younger than 16"]),
        ("the parents can ask", &["Your parents or your guardian can", "parental authority"]),
        ("nothing disclosed", &["not given your information to anyone"]),
        ("the AP", &["Autoriteit Persoonsgegevens"]),
    ]),
    ("not-valid-parent-must-ask.uavg-2026", Lang::Nl, &[
        ("the age", &["jonger dan 12 jaar"]),
        ("the parents can ask", &["Je ouders of je voogd kunnen het"]),
        ("nothing disclosed", &["niets van jouw gegevens aan iemand gegeven"]),
    ]),
    ("not-valid-parent-must-ask.uavg-2026", Lang::En, &[
        ("the age", &["younger than 12"]),
        ("the parents can ask", &["Your parents or your guardian can"]),
        ("nothing disclosed", &["not given your information to anyone"]),
    ]),
    ("not-valid-pupil-decides", Lang::Nl, &[
        ("the pupil decides, ground and article", &["Vanaf 16 jaar beslist een leerling zelf", "ons privacyreglement", "artikel 5"]),
        ("with authorisation it goes on", &["schriftelijke toestemming van uw kind"]),
        ("nothing disclosed", &["niets verstrekt of gewijzigd"]),
        ("the AP", &["Autoriteit Persoonsgegevens (autoriteitpersoonsgegevens.nl)"]),
        ("the court", &["rechtbank", "verzoekschrift", "binnen zes weken", "geen advocaat"]),
    ]),
    ("not-valid-pupil-decides", Lang::En, &[
        ("the pupil decides, ground and article", &["From 16 a pupil decides", "our privacy regulations", "article 5"]),
        ("with authorisation it goes on", &["your child's written authorisation"]),
        ("nothing disclosed", &["disclosed or changed nothing"]),
        ("the AP", &["Autoriteit Persoonsgegevens, autoriteitpersoonsgegevens.nl"]),
        ("the court", &["district court", "petition", "within six weeks", "do not need a lawyer"]),
    ]),
    ("not-valid-pupil-decides.bestuursorgaan", Lang::Nl, &[
        ("bezwaar", &["bezwaar tegen maken", "Algemene wet bestuursrecht"]),
        ("the internal route, optional", &["klachtenregeling", "Dat hoeft niet"]),
    ]),
    ("not-valid-pupil-decides.bestuursorgaan", Lang::En, &[
        ("bezwaar", &["object to it (bezwaar)", "Awb"]),
        ("the internal route, optional", &["voorbeeld.example/klachten", "You do not have to"]),
    ]),
    ("not-valid-not-a-representative", Lang::Nl, &[
        ("not a representative, with the article", &["geen ouderlijk gezag", "geen wettelijk vertegenwoordiger", "artikel 1:245 Burgerlijk Wetboek"]),
        ("the 1:377c route", &["artikel 1:377c Burgerlijk Wetboek", "aparte procedure"]),
        ("own data open", &["Uw eigen persoonsgegevens", "kunt u wel inzien"]),
        ("nothing disclosed", &["geen gegevens van uw kind verstrekt"]),
        ("the AP", &["Autoriteit Persoonsgegevens"]),
        ("the court", &["rechtbank", "verzoekschrift"]),
    ]),
    ("not-valid-not-a-representative", Lang::En, &[
        ("not a representative, with the article", &["do not have parental authority", "not a legal representative", "article 1:245 of the Dutch Civil Code"]),
        ("the 1:377c route", &["article 1:377c of the Dutch Civil Code", "separate procedure"]),
        ("own data open", &["Your own personal data", "remain open to you"]),
        ("nothing disclosed", &["disclosed or changed none of your child's data"]),
        ("the AP", &["Autoriteit Persoonsgegevens"]),
        ("the court", &["district court", "petition"]),
    ]),
    ("not-valid-not-a-representative.bestuursorgaan", Lang::Nl, &[
        ("bezwaar", &["bezwaar tegen maken"]),
    ]),
    ("not-valid-not-a-representative.bestuursorgaan", Lang::En, &[
        ("bezwaar", &["object to it (bezwaar)"]),
    ]),
    ("refusal-identity", Lang::Nl, &[
        ("the reasons, ground and article", &["niet kunnen vaststellen wie het verzoek doet", "artikel 12, lid 6", "artikel 12, lid 2, in samenhang met artikel 11, lid 2"]),
        ("nothing disclosed", &["niets verstrekt en niets gewijzigd"]),
        ("the AP", &["klacht indienen bij de Autoriteit Persoonsgegevens (autoriteitpersoonsgegevens.nl)"]),
        ("the court", &["rechtbank", "verzoekschrift", "binnen zes weken nadat u deze brief heeft ontvangen", "geen advocaat", "artikel 35 Uitvoeringswet AVG"]),
        ("a later proof reopens", &["nemen wij het opnieuw in behandeling"]),
    ]),
    ("refusal-identity", Lang::En, &[
        ("the reasons, ground and article", &["cannot establish who is making the request", "article 12(6)", "article 12(2) read with article 11(2)"]),
        ("nothing disclosed", &["disclosed nothing and changed nothing"]),
        ("the AP", &["complaint with the Dutch Data Protection Authority (Autoriteit Persoonsgegevens, autoriteitpersoonsgegevens.nl)"]),
        ("the court", &["district court", "petition", "within six weeks of receiving this letter", "do not need a lawyer", "article 35"]),
        ("a later proof reopens", &["we will take it up again"]),
    ]),
    ("refusal-identity.bestuursorgaan", Lang::Nl, &[
        ("the reasons, ground and article", &["artikel 12, lid 6", "artikel 11, lid 2"]),
        ("the AP", &["Autoriteit Persoonsgegevens (autoriteitpersoonsgegevens.nl)"]),
        ("bezwaar", &["besluit in de zin van de Algemene wet bestuursrecht", "bezwaar tegen maken", "binnen zes weken", "artikel 34 Uitvoeringswet AVG"]),
        ("the internal route, optional", &["klachtenregeling", "Dat hoeft niet", "houdt de termijn van zes weken niet op"]),
        ("a later proof reopens", &["nemen wij het opnieuw in behandeling"]),
    ]),
    ("refusal-identity.bestuursorgaan", Lang::En, &[
        ("the reasons, ground and article", &["article 12(6)", "article 11(2)"]),
        ("the AP", &["Autoriteit Persoonsgegevens, autoriteitpersoonsgegevens.nl"]),
        ("bezwaar", &["decision (besluit) within the meaning of the Dutch General Administrative Law Act", "object to it (bezwaar)", "within six weeks", "article 34"]),
        ("the internal route, optional", &["voorbeeld.example/klachten", "You do not have to", "does not stop the six weeks"]),
        ("a later proof reopens", &["we will take it up again"]),
    ]),
    ("id-copy-removed", Lang::Nl, &[
        ("the request it came with", &["Bij uw verzoek van maandag 2 februari 2026", "AVG-2026-0003"]),
        ("what arrived, by name and type", &["paspoort.jpg (image/jpeg)"]),
        ("not needed, not kept, with the rule", &["niet nodig", "bewaren hem ook niet", "privacyreglement", "8.2.2"]),
        ("removed, and when", &["op dinsdag 3 februari 2026 uit onze systemen verwijderd"]),
        ("only the fact kept", &["alleen vastgelegd dat hij is binnengekomen"]),
        ("the request goes on", &["behandelen wij gewoon verder"]),
    ]),
    ("id-copy-removed", Lang::En, &[
        ("the request it came with", &["With your request of Monday 2 February 2026", "AVG-2026-0003"]),
        ("what arrived, by name and type", &["paspoort.jpg (image/jpeg)"]),
        ("not needed, not kept, with the rule", &["do not need", "do not keep one", "privacy rules", "8.2.2"]),
        ("removed, and when", &["from our systems on Tuesday 3 February 2026"]),
        ("only the fact kept", &["kept only the fact that it arrived"]),
        ("the request goes on", &["go on handling your request"]),
    ]),
    ("id-copy-removed.several", Lang::Nl, &[
        ("how many, each by name and type", &["2 bijlagen", "ID-kaart voorkant.png (image/png)", "een bijlage zonder naam (application/pdf)"]),
        ("not kept, with the rule", &["bewaren hem ook niet", "8.2.2"]),
        ("removed, and when", &["deze bijlagen op dinsdag 3 februari 2026 uit onze systemen verwijderd"]),
        ("only the fact kept", &["alleen vastgelegd dat ze zijn binnengekomen"]),
    ]),
    ("id-copy-removed.several", Lang::En, &[
        ("how many, each by name and type", &["2 attachments", "ID-kaart voorkant.png (image/png)", "an attachment without a name (application/pdf)"]),
        ("not kept, with the rule", &["do not keep one", "8.2.2"]),
        ("removed, and when", &["these attachments from our systems on Tuesday 3 February 2026"]),
        ("only the fact kept", &["kept only the fact that they arrived"]),
    ]),
    ("id-copy-removed.unlisted", Lang::Nl, &[
        ("what arrived", &["ontvingen wij een kopie van een identiteitsbewijs."]),
        ("not kept, with the rule", &["8.2.2"]),
        ("removed, and when", &["de kopie op dinsdag 3 februari 2026 uit onze systemen verwijderd"]),
    ]),
    ("id-copy-removed.unlisted", Lang::En, &[
        ("what arrived", &["we received a copy of an identity document."]),
        ("not kept, with the rule", &["8.2.2"]),
        ("removed, and when", &["the copy from our systems on Tuesday 3 February 2026"]),
    ]),
    ("task", Lang::Nl, &[
        ("the reference and the system", &["[AVG-2026-0004]", "kenmerk AVG-2026-0004", "iets gebeuren in parnassys"]),
        ("the right in words", &["Soort verzoek: inzage (artikel 15 AVG)."]),
        ("the instructions as configured", &["Exporteer het leerlingdossier uit ParnasSys (Leerling > Dossier > Exporteren als PDF)"]),
        ("by when", &["uiterlijk vrijdag 13 februari 2026"]),
        ("whom it is about is not in the mail", &["Om wie het gaat, staat bewust niet in dit bericht", "U hoort het van de privacyfunctionaris"]),
        ("no personal data back by mail", &["Stuur geen persoonsgegevens en geen exportbestanden per e-mail mee"]),
        ("how to confirm", &["dsrd tasks done 17 --note \"…\""]),
        ("the owner's name", &["Beste Karin Smit,"]),
    ]),
    ("task", Lang::En, &[
        ("the reference and the system", &["[AVG-2026-0004]", "reference AVG-2026-0004", "done in parnassys"]),
        ("the right in words", &["Kind of request: access (GDPR article 15)."]),
        ("the instructions as configured", &["Export the pupil file from ParnasSys (Pupil > File > Export as PDF)"]),
        ("by when", &["by Friday 13 February 2026"]),
        ("whom it is about is not in the mail", &["Whom the request is about is deliberately not in this message", "The privacy officer will tell you"]),
        ("no personal data back by mail", &["Do not send personal data or exported files by e-mail"]),
        ("how to confirm", &["dsrd tasks done 17 --note \"…\""]),
        ("the owner's name", &["Dear Karin Smit,"]),
    ]),
    ("task.anonymous", Lang::Nl, &[
        ("a greeting without a name", &["Beste collega,"]),
        ("the right in words", &["het wissen van gegevens (artikel 17 AVG)"]),
        ("every step of the instructions", &["\n\n1. Verwijder de aanmelding uit de wachtlijst.\n2. Leeg de prullenbak van de module Aanmelden.\n\n"]),
        ("how to confirm", &["dsrd tasks done 18 --note"]),
    ]),
    ("task.anonymous", Lang::En, &[
        ("a greeting without a name", &["Dear colleague,"]),
        ("the right in words", &["erasure of data (GDPR article 17)"]),
        ("every step of the instructions", &["\n\n1. Remove the registration from the waiting list.\n2. Empty the bin of the Registration module.\n\n"]),
        ("how to confirm", &["dsrd tasks done 18 --note"]),
    ]),
];

/// Phrases a sample must not contain: the other branch's remedy, in the
/// code letters anything beyond the addressee's name, and in a task letter
/// without an owner's name the name of the other sample.
#[rustfmt::skip]
const FORBIDDEN: &[(&str, Lang, &[&str])] = &[
    ("refusal-identity", Lang::Nl, &["bezwaar", "klachtenregeling"]),
    ("refusal-identity", Lang::En, &["bezwaar", "voorbeeld.example/klachten"]),
    ("refusal-identity.bestuursorgaan", Lang::Nl, &["verzoekschrift", "advocaat"]),
    ("refusal-identity.bestuursorgaan", Lang::En, &["petition", "lawyer"]),
    ("not-valid-pupil-decides", Lang::Nl, &["bezwaar"]),
    ("not-valid-pupil-decides.bestuursorgaan", Lang::En, &["petition"]),
    ("identity-code.anonymous", Lang::Nl, &["Sanne", "kind", "leerling"]),
    ("identity-code.anonymous", Lang::En, &["Sanne", "child", "pupil"]),
    ("identity-reminder.anonymous", Lang::Nl, &["Sanne", "K7MX-R4TQ"]),
    ("identity-reminder.anonymous", Lang::En, &["Sanne", "K7MX-R4TQ"]),
    ("id-copy-removed", Lang::Nl, &["bijlagen"]),
    ("id-copy-removed", Lang::En, &["attachments"]),
    ("id-copy-removed.several", Lang::Nl, &["Sanne"]),
    ("id-copy-removed.several", Lang::En, &["Sanne"]),
    ("id-copy-removed.unlisted", Lang::Nl, &["bijlage"]),
    ("id-copy-removed.unlisted", Lang::En, &["attachment"]),
    ("task.anonymous", Lang::Nl, &["Karin", "None"]),
    ("task.anonymous", Lang::En, &["Karin", "None"]),
];

/// The identity, refusal and task letters.
const BEFORE_THE_ANSWER: [LetterKind; 8] = [
    LetterKind::IdentityCode,
    LetterKind::IdentityReminder,
    LetterKind::NotValidParentMustAsk,
    LetterKind::NotValidPupilDecides,
    LetterKind::NotValidNotARepresentative,
    LetterKind::RefusalIdentity,
    LetterKind::IdCopyRemoved,
    LetterKind::Task,
];

/// The letters the tables cover.
const COVERED: [LetterKind; 12] = [
    LetterKind::IdentityCode,
    LetterKind::IdentityReminder,
    LetterKind::NotValidParentMustAsk,
    LetterKind::NotValidPupilDecides,
    LetterKind::NotValidNotARepresentative,
    LetterKind::RefusalIdentity,
    LetterKind::IdCopyRemoved,
    LetterKind::Task,
    LetterKind::Answer,
    LetterKind::DownloadCode,
    LetterKind::RecipientNotice,
    LetterKind::Digest,
];

/// Every required element, of both tables.
fn required() -> impl Iterator<Item = &'static (&'static str, Lang, &'static [Element])> {
    REQUIRED
        .iter()
        .chain(reply::REQUIRED)
        .chain(digest::REQUIRED)
}

/// Every forbidden phrase, of both tables.
fn forbidden() -> impl Iterator<Item = &'static (&'static str, Lang, &'static [&'static str])> {
    FORBIDDEN
        .iter()
        .chain(reply::FORBIDDEN)
        .chain(digest::FORBIDDEN)
}

/// The elements `letters` leaves out of the samples of `kinds`, as
/// "sample (lang): element — phrase".
fn missing_elements(letters: &Letters, kinds: &[LetterKind]) -> Vec<String> {
    let mut missing = Vec::new();
    for lang in [Lang::Nl, Lang::En] {
        for &kind in kinds {
            for (name, sample) in kind.samples(lang) {
                let letter = letters.render(kind, lang, sample).unwrap();
                let text = format!("{}\n{}", letter.subject, letter.body);
                let required = required()
                    .find(|(n, l, _)| *n == name && *l == lang)
                    .map(|(_, _, e)| *e);
                let Some(required) = required else {
                    missing.push(format!("{name} ({lang}): has no entry in REQUIRED"));
                    continue;
                };
                for (element, phrases) in required {
                    for phrase in phrases.iter().filter(|p| !text.contains(*p)) {
                        missing.push(format!("{name} ({lang}): {element} — {phrase:?}"));
                    }
                }
                for (_, _, phrases) in forbidden().filter(|(n, l, _)| *n == name && *l == lang) {
                    for phrase in phrases.iter().filter(|p| text.contains(*p)) {
                        missing.push(format!("{name} ({lang}): must not say {phrase:?}"));
                    }
                }
            }
        }
    }
    missing
}

#[test]
fn every_identity_refusal_and_task_letter_says_what_it_must() {
    let missing = missing_elements(&Letters::builtin(), &BEFORE_THE_ANSWER);
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_answer_says_what_it_must() {
    let missing = missing_elements(&Letters::builtin(), &[LetterKind::Answer]);
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn the_download_code_letter_says_what_it_must() {
    let missing = missing_elements(&Letters::builtin(), &[LetterKind::DownloadCode]);
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn the_notice_to_a_recipient_says_what_it_must() {
    let missing = missing_elements(&Letters::builtin(), &[LetterKind::RecipientNotice]);
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn the_daily_digest_says_what_it_must() {
    let missing = missing_elements(&Letters::builtin(), &[LetterKind::Digest]);
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn a_digest_that_drops_a_section_or_the_privacy_note_fails_the_table() {
    use super::Override;
    use std::path::PathBuf;
    let original = LetterKind::Digest.builtin(Lang::En);
    for (dropped, element) in [
        ("{% for t in tasks %}", "the tasks by handle"),
        (
            "Names, addresses and messages are deliberately not in this mail",
            "no personal data",
        ),
    ] {
        assert!(original.contains(dropped), "{dropped}");
        let source = if dropped.starts_with("{%") {
            original.replace(dropped, "{% for t in [] %}")
        } else {
            original.replace(dropped, "All in one place")
        };
        let letters = Letters::with_overrides(vec![Override {
            kind: LetterKind::Digest,
            lang: Lang::En,
            path: PathBuf::from("letters/en/digest.txt"),
            source,
        }])
        .unwrap();
        let missing = missing_elements(&letters, &[LetterKind::Digest]);
        assert!(
            missing
                .iter()
                .any(|m| m.starts_with("digest (en): ") && m.contains(element)),
            "{dropped}: {missing:?}"
        );
    }
}

#[test]
fn the_table_names_only_samples_that_exist() {
    for (name, lang, _) in required() {
        let exists = COVERED
            .iter()
            .any(|k| k.samples(*lang).iter().any(|(n, _)| n == name));
        assert!(exists, "{name} ({lang}) is no sample");
    }
    for (name, lang, _) in forbidden() {
        assert!(
            required().any(|(n, l, _)| n == name && l == lang),
            "{name} ({lang})"
        );
    }
}

#[test]
fn every_letter_has_its_element_list() {
    // A new letter is covered by a table, or this fails.
    assert_eq!(COVERED.len() + 4, LetterKind::ALL.len());
    for kind in [
        LetterKind::Acknowledgement,
        LetterKind::Extension,
        LetterKind::ReminderDue,
        LetterKind::ReminderOverdue,
    ] {
        assert!(!COVERED.contains(&kind), "{kind:?}");
    }
}

#[test]
fn a_refusal_that_drops_the_court_or_the_ap_fails_the_table() {
    use super::Override;
    use std::path::PathBuf;
    let original = LetterKind::RefusalIdentity.builtin(Lang::Nl);
    for (dropped, element) in [
        ("verzoekschrift", "the court"),
        (
            "Autoriteit Persoonsgegevens (autoriteitpersoonsgegevens.nl)",
            "the AP",
        ),
    ] {
        let edited = original.replace(dropped, "iets");
        let letters = Letters::with_overrides(vec![Override {
            kind: LetterKind::RefusalIdentity,
            lang: Lang::Nl,
            path: PathBuf::from("letters/nl/refusal-identity.txt"),
            source: edited,
        }])
        .unwrap();
        let missing = missing_elements(&letters, &BEFORE_THE_ANSWER);
        assert!(
            missing
                .iter()
                .any(|m| m.starts_with("refusal-identity (nl): ") && m.contains(element)),
            "{missing:?}"
        );
    }
}

#[test]
fn an_answer_that_drops_the_ap_the_court_or_the_retention_fails_the_table() {
    use super::Override;
    use std::path::PathBuf;
    let original = LetterKind::Answer.builtin(Lang::Nl);
    for (dropped, replacement, sample, element) in [
        (
            "U heeft ook het recht een klacht in te dienen bij de Autoriteit Persoonsgegevens (autoriteitpersoonsgegevens.nl).",
            "",
            "answer.access",
            "the AP complaint",
        ),
        ("verzoekschrift", "brief", "answer.partial-refusal", "the court"),
        ("- Bewaartermijnen:", "- Termijnen:", "answer.access", "retention per category"),
        ("tot {{ k.until }}", "nog even", "answer.erasure", "what is kept"),
        ("Hoi {{ requester_name }}", "Beste {{ requester_name }}", "answer.pupil", "a child's greeting"),
    ] {
        assert!(original.contains(dropped), "{dropped}");
        let letters = Letters::with_overrides(vec![Override {
            kind: LetterKind::Answer,
            lang: Lang::Nl,
            path: PathBuf::from("letters/nl/answer.txt"),
            source: original.replace(dropped, replacement),
        }])
        .unwrap();
        let missing = missing_elements(&letters, &[LetterKind::Answer]);
        let prefix = format!("{sample} (nl): ");
        assert!(
            missing
                .iter()
                .any(|m| m.starts_with(&prefix) && m.contains(element)),
            "{dropped}: {missing:?}"
        );
    }
}

#[test]
fn a_link_in_the_download_code_letter_fails_the_table() {
    use super::Override;
    use std::path::PathBuf;
    let original = LetterKind::DownloadCode.builtin(Lang::En);
    let letters = Letters::with_overrides(vec![Override {
        kind: LetterKind::DownloadCode,
        lang: Lang::En,
        path: PathBuf::from("letters/en/download-code.txt"),
        source: original.replace(
            "enter this code:",
            "enter this code (https://avg.voorbeeld.example/download):",
        ),
    }])
    .unwrap();
    let missing = missing_elements(&letters, &[LetterKind::DownloadCode]);
    assert!(
        missing
            .iter()
            .any(|m| m.starts_with("download-code (en): must not say \"://\"")),
        "{missing:?}"
    );
}
