//! Short free-text letters written for these tests (not from the corpus):
//! how parents, pupils and staff actually write, in Dutch and English
//! mostly, plus mail that is not a request.

use std::sync::LazyLock;

use super::super::{classify, Classification, Language, RequestType as T, Rules};

static RULES: LazyLock<Rules> = LazyLock::new(Rules::embedded);

fn run(subject: &str, body: &str) -> Classification {
    classify(subject, body, &RULES)
}

/// Asserts the primary type, and that every `also` type is listed.
fn check(subject: &str, body: &str, primary: T, also: &[T]) {
    let c = run(subject, body);
    assert_eq!(c.primary, primary, "letter {body:?}\n{c:#?}");
    for t in also {
        assert!(c.types.contains(t), "{t} missing for {body:?}\n{c:#?}");
    }
}

#[test]
fn dutch_parent_asking_what_the_school_stores_is_access() {
    check(
        "Vraag",
        "Beste, ik wil graag weten welke gegevens jullie van mijn zoon Daan hebben. Groet, Sanne",
        T::Access,
        &[],
    );
}

#[test]
fn dutch_inzageverzoek_is_access() {
    check(
        "Inzageverzoek",
        "Hierbij wil ik het leerlingdossier van mijn dochter inzien.",
        T::Access,
        &[],
    );
}

#[test]
fn dutch_delete_all_data_of_my_daughter_is_erasure() {
    check(
        "",
        "Verwijder alle gegevens van mijn dochter alstublieft.",
        T::Erasure,
        &[],
    );
}

#[test]
fn dutch_wrong_birth_date_is_rectification() {
    check("Fout in gegevens", "De geboortedatum van mijn zoon staat verkeerd in Parnassys, die klopt niet. Kunt u die aanpassen?", T::Rectification, &[]);
}

#[test]
fn dutch_photo_consent_withdrawal_is_withdraw_consent() {
    check(
        "Toestemming foto's",
        "Ik trek mijn toestemming voor het plaatsen van foto's van mijn kind op de website in.",
        T::WithdrawConsent,
        &[],
    );
}

#[test]
fn dutch_objection_to_marketing_is_objection() {
    check("", "Ik maak bezwaar tegen het gebruik van mijn gegevens voor direct marketing door de schoolfotograaf.", T::Objection, &[]);
}

#[test]
fn dutch_restriction_pending_check_is_restriction() {
    check(
        "",
        "Wilt u de verwerking van het incidentrapport beperken totdat is uitgezocht of het klopt?",
        T::Restriction,
        &[],
    );
}

#[test]
fn dutch_transfer_to_new_school_in_machine_readable_form_is_portability() {
    check("", "Ik wil de gegevens van mijn zoon in een machineleesbaar formaat, zodat we ze rechtstreeks naar de nieuwe school kunnen sturen. Overdraagbaarheid dus.", T::Portability, &[]);
}

#[test]
fn dutch_automated_placement_decision_is_automated_decision() {
    check("", "Mijn dochter is automatisch afgewezen door het aanmeldsysteem. Ik wil menselijke tussenkomst bij dit besluit.", T::AutomatedDecision, &[]);
}

#[test]
fn dutch_copy_then_delete_is_access_and_erasure() {
    let c = run(
        "",
        "Stuur mij eerst een kopie van alle gegevens over mijn zoon en verwijder daarna alles.",
    );
    assert!(
        c.types.contains(&T::Access) && c.types.contains(&T::Erasure),
        "{c:#?}"
    );
}

#[test]
fn dutch_article_reference_alone_is_enough() {
    check("Verzoek art. 17 AVG", "Zie onderwerp.", T::Erasure, &[]);
}

#[test]
fn english_can_i_see_what_you_store_about_my_son_is_access() {
    check(
        "",
        "Hi, can I see what you store about my son? Thanks, Emily",
        T::Access,
        &[],
    );
}

#[test]
fn english_subject_access_request_is_access() {
    check(
        "Subject access request",
        "Please send me a copy of all the information you hold about me.",
        T::Access,
        &[],
    );
}

#[test]
fn english_delete_photos_is_erasure() {
    check(
        "",
        "Please delete the photos of my daughter from the school website and your archive.",
        T::Erasure,
        &[],
    );
}

#[test]
fn english_misspelled_name_is_rectification() {
    check(
        "",
        "My son's surname is spelled wrong on his report. Please correct the name to Okafor.",
        T::Rectification,
        &[],
    );
}

#[test]
fn english_stop_marketing_is_objection() {
    check(
        "",
        "Please stop sending me marketing emails about the summer camp.",
        T::Objection,
        &[],
    );
}

#[test]
fn english_withdrawal_of_photo_consent_is_withdraw_consent() {
    check(
        "",
        "I withdraw my consent for the school to use photographs of my child.",
        T::WithdrawConsent,
        &[],
    );
}

#[test]
fn english_copy_and_then_delete_is_access_plus_erasure() {
    check(
        "",
        "Send me a copy of my data and then delete it.",
        T::Access,
        &[T::Erasure],
    );
}

#[test]
fn english_restrict_while_disputed_is_restriction() {
    check("", "Please restrict the processing of the behaviour report while you check whether it is accurate.", T::Restriction, &[]);
}

#[test]
fn english_automated_rejection_is_automated_decision() {
    check("", "My application was rejected automatically by your system. I want a human review of the decision.", T::AutomatedDecision, &[]);
}

#[test]
fn english_erasure_with_consent_withdrawal_lists_both() {
    // Either may come first; both must be listed, and the word "newsletter"
    // must not turn a request into not_a_request.
    let c = run("", "Please erase all my personal data. I also withdraw my consent for the newsletter mailing list.");
    assert!(
        c.types.contains(&T::Erasure) && c.types.contains(&T::WithdrawConsent),
        "{c:#?}"
    );
}

#[test]
fn out_of_office_reply_is_not_a_request() {
    check("Automatisch antwoord: Inzageverzoek", "Ik ben afwezig tot en met 14 april. In dringende gevallen kunt u bellen met de administratie.", T::NotARequest, &[]);
    check(
        "Automatic reply: your request",
        "I am out of the office until Monday with limited access to email.",
        T::NotARequest,
        &[],
    );
}

#[test]
fn newsletter_is_not_a_request() {
    check("Nieuwsbrief maart", "In deze nieuwsbrief: de ouderavond, het schoolreisje en de nieuwe gymzaal. Klik hier om je af te melden.", T::NotARequest, &[]);
    check("School newsletter", "Dates for parents' evening inside. You are receiving this email because you signed up. Click here to unsubscribe.", T::NotARequest, &[]);
}

#[test]
fn plain_questions_are_not_a_request() {
    check(
        "Vraagje",
        "Hoe laat begint de ouderavond volgende week?",
        T::NotARequest,
        &[],
    );
    check(
        "",
        "Who is your data protection officer?",
        T::NotARequest,
        &[],
    );
}

#[test]
fn reminder_of_an_earlier_request_is_not_a_request() {
    check("Herinnering", "Op 3 maart heb ik u een verzoek om inzage gestuurd. Ik heb nog steeds geen antwoord ontvangen.", T::NotARequest, &[]);
}

#[test]
fn a_request_with_a_conditional_complaint_threat_stays_a_request() {
    check(
        "",
        "Please delete my son's account. Otherwise I will lodge a complaint with the ICO.",
        T::Erasure,
        &[],
    );
}

#[test]
fn german_and_french_short_letters_are_recognised() {
    check(
        "",
        "Bitte löschen Sie alle Daten meiner Tochter.",
        T::Erasure,
        &[],
    );
    check(
        "",
        "Je demande l'accès à toutes les données concernant mon fils.",
        T::Access,
        &[],
    );
}

#[test]
fn languages_are_detected_on_short_letters() {
    assert_eq!(
        run("", "verwijder alle gegevens van mijn dochter").language,
        Language::Nl
    );
    assert_eq!(
        run("", "can I see what you store about my son").language,
        Language::En
    );
    assert_eq!(
        run("", "Bitte löschen Sie meine Daten").language,
        Language::De
    );
    assert_eq!(
        run("", "Veuillez supprimer mes données").language,
        Language::Fr
    );
}

#[test]
fn evidence_explains_the_verdict_and_confidence_is_bounded() {
    let c = run(
        "Verzoek om inzage",
        "Ik wil graag een kopie van mijn dossier.",
    );
    assert!(c.evidence.iter().any(|e| e.request_type == T::Access));
    assert!((0.0..=1.0).contains(&c.confidence));
    assert!(c.needs_triage(1.01) && !c.needs_triage(0.0));
}

#[test]
fn mail_without_any_evidence_goes_to_triage_as_a_possible_request() {
    // Only positive cues make mail `not_a_request`; mail nobody recognises
    // is a possible request, with a confidence no threshold acknowledges.
    let c = run("", "Hallo");
    assert_eq!(c.primary, T::Access);
    assert!(c.confidence < 0.1, "{c:#?}");
    assert!(c.needs_triage(0.1));
}

#[test]
fn request_type_names_round_trip_and_carry_articles() {
    for t in T::ALL {
        assert_eq!(t.to_string().parse::<T>().unwrap(), t);
    }
    assert_eq!(T::Erasure.article(), Some(17));
    assert_eq!(T::from_article(15), Some(T::Access));
    assert!("wipe".parse::<T>().is_err());
}
