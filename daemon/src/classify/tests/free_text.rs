//! Free-text letters written for dsrd (not templates): how parents, pupils,
//! staff and former pupils really write to a school, plus the other mail a
//! privacy mailbox gets. `free_text.jsonl` is the tuning set;
//! `free_text_holdout.jsonl` was written before any rule change and is only
//! evaluated, never tuned on.

use super::super::{classify, evaluate, parse_jsonl, Evaluation, RequestType as T, Rules};

const FREE_TEXT: &str = include_str!("free_text.jsonl");
const HOLDOUT: &str = include_str!("free_text_holdout.jsonl");

fn eval(text: &str) -> Evaluation {
    let items = parse_jsonl(text).expect("free-text set parses");
    assert!(!items.is_empty());
    evaluate(&items, &Rules::embedded())
}

#[test]
fn free_text_set_meets_the_accuracy_and_recall_targets() {
    // Arrange + Act
    let eval = eval(FREE_TEXT);
    println!("{eval}");

    // Assert
    assert_eq!(
        eval.requests_missed, 0,
        "real requests classified as not_a_request\n{eval}"
    );
    assert!(
        eval.accuracy() >= 0.90,
        "primary accuracy below 90%\n{eval}"
    );
    for s in eval.per_type.iter().filter(|s| s.support > 0) {
        assert!(
            s.recall() >= 0.85,
            "recall of {} below 85%\n{eval}",
            s.request_type
        );
    }
}

#[test]
fn free_text_set_covers_every_type_and_the_main_languages() {
    let items = parse_jsonl(FREE_TEXT).expect("free-text set parses");
    assert!(items.len() >= 80);
    let count = |lang: &str| items.iter().filter(|i| i.language.code() == lang).count();
    assert!(count("nl") >= 45 && count("en") >= 25 && count("de") > 0 && count("fr") > 0);
    for t in T::ALL {
        assert!(
            items.iter().filter(|i| i.request_type == t).count() >= 5,
            "fewer than 5 letters of {t}"
        );
    }
    assert!(items.iter().all(|i| i.family.starts_with("free-text/")));
}

#[test]
fn holdout_set_never_drops_a_request() {
    // The holdout is not tuned on; it guards the safety property and reports
    // the honest number.
    let eval = eval(HOLDOUT);
    println!("{eval}");
    assert_eq!(
        eval.requests_missed, 0,
        "real requests classified as not_a_request\n{eval}"
    );
    assert!(
        eval.accuracy() >= HOLDOUT_MIN_ACCURACY,
        "holdout accuracy fell\n{eval}"
    );
}

/// A floor below the accuracy measured when the holdout was first evaluated
/// after tuning (31 of 32; before the free-text rules: 12 of 32), so that a
/// rule change that breaks unseen letters is noticed.
const HOLDOUT_MIN_ACCURACY: f32 = 0.90;

#[test]
fn renee_address_correction_is_rectification() {
    // Regression: a real rectification request was `not_a_request` (0.30)
    // because only infinitives ("corrigeren") were rules and the noun
    // "correctie" counted for nothing.
    let c = classify(
        "Correctie gegevens",
        "Ik wil dat u het adres van mijn dochter corrigeert; de naam is Renée – niet Renee.",
        &Rules::embedded(),
    );
    assert_eq!(c.primary, T::Rectification, "{c:#?}");
    assert!(!c.needs_triage(0.5), "{c:#?}");
}

#[test]
fn conjugated_and_separable_dutch_verbs_count() {
    let rules = Rules::embedded();
    for (body, want) in [
        (
            "Wilt u de geboortedatum van Sem aanpassen? Die is 3 mei.",
            T::Rectification,
        ),
        (
            "Kunt u het adres aan te passen naar Dorpsstraat 4?",
            T::Rectification,
        ),
        ("Past u de spelling van haar naam aan?", T::Rectification),
        (
            "Ik wil dat de school het dossier van mijn zoon verwijdert.",
            T::Erasure,
        ),
        (
            "Graag zie ik dat alle foto's van Tim worden gewist.",
            T::Erasure,
        ),
        (
            "Ik wil het dossier van mijn dochter graag inzien.",
            T::Access,
        ),
        (
            "Kunt u mij een kopie sturen van wat er over mij is vastgelegd?",
            T::Access,
        ),
    ] {
        let c = classify("", body, &rules);
        assert_eq!(c.primary, want, "{body}\n{c:#?}");
    }
}

#[test]
fn negated_deletion_does_not_count_as_erasure() {
    let c = classify(
        "",
        "Verwijder de beelden niet: bewaar ze, maar gebruik ze niet totdat de politie ze heeft bekeken.",
        &Rules::embedded(),
    );
    assert_eq!(c.primary, T::Restriction, "{c:#?}");
}
