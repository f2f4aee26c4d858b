//! Quoted replies and signatures are stripped before classification.

use super::super::{classify, strip_quotes_and_signature, RequestType, Rules};

#[test]
fn gmail_style_attribution_cuts_the_quote() {
    let body = "Graag ook alles verwijderen.\n\nOp 3 maart 2024 om 10:12 schreef Privacy <privacy@school.example>:\n> Wij hebben uw inzageverzoek ontvangen.\n";
    assert_eq!(
        strip_quotes_and_signature(body).trim(),
        "Graag ook alles verwijderen."
    );
}

#[test]
fn english_german_and_french_attributions_cut_the_quote() {
    for header in [
        "On Tue, 5 Mar 2024 at 09:00, Privacy Team <p@x.example> wrote:",
        "Am 05.03.2024 um 09:00 schrieb Datenschutz <d@x.example>:",
        "Le 5 mars 2024 à 09:00, Service <s@x.example> a écrit :",
    ] {
        let body = format!("Thanks.\n\n{header}\nquoted text about erasure\n");
        assert_eq!(
            strip_quotes_and_signature(&body).trim(),
            "Thanks.",
            "{header}"
        );
    }
}

#[test]
fn wrapped_attribution_over_two_lines_cuts_the_quote() {
    let body = "Dank u.\n\nOn Tue, 5 Mar 2024 at 09:00, Privacy Team\n<privacy@school.example> wrote:\n> old\n";
    assert_eq!(strip_quotes_and_signature(body).trim(), "Dank u.");
}

#[test]
fn outlook_blocks_cut_the_quote() {
    let nl = "Prima.\n\nVan: Privacy <p@x.example>\nVerzonden: dinsdag 5 maart 2024 09:00\nAan: Sanne\nOnderwerp: Inzageverzoek\n\ntekst";
    assert_eq!(strip_quotes_and_signature(nl).trim(), "Prima.");
    let en = "OK.\n-----Original Message-----\nFrom: x\nSent: y\n";
    assert_eq!(strip_quotes_and_signature(en).trim(), "OK.");
}

#[test]
fn signature_and_inline_quote_lines_are_removed() {
    let body = "> earlier line\nPlease correct my address.\n-- \nEmily Carter\nPrivacy notice: we may erase data\n";
    assert_eq!(
        strip_quotes_and_signature(body).trim(),
        "Please correct my address."
    );
}

#[test]
fn a_quoted_erasure_does_not_turn_a_thank_you_into_erasure() {
    let body = "Thank you for the copy of my data, I have received it.\n\nOn Mon, 4 Mar 2024, Emily wrote:\n> Please delete all my personal data and erase my account.\n";
    let c = classify("Re: request", body, &Rules::embedded());
    assert!(!c.types.contains(&RequestType::Erasure), "{c:#?}");
}

#[test]
fn a_body_that_is_only_a_quote_is_kept_whole() {
    let body = "> Please delete my data.\n";
    assert_eq!(strip_quotes_and_signature(body), body);
}
