use super::samples::sample_facts;
use super::*;

fn sample(name: &str, lang: Lang) -> AnswerFacts {
    sample_facts(lang)
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| f)
        .unwrap_or_else(|| panic!("no sample {name}"))
}

fn render(f: &AnswerFacts, lang: Lang) -> String {
    let l = Letters::builtin().answer(f, lang).unwrap();
    format!("{}\n{}", l.subject, l.body)
}

/// Where each heading stands in `text`; panics naming a missing one.
fn positions(text: &str, headings: &[&str]) -> Vec<usize> {
    headings
        .iter()
        .map(|h| {
            text.find(&format!("\n{h}\n"))
                .unwrap_or_else(|| panic!("no heading {h:?} in:\n{text}"))
        })
        .collect()
}

#[test]
fn an_access_answer_that_does_not_say_whether_decisions_are_automated_is_refused() {
    let f = AnswerFacts {
        automated_decisions: None,
        ..sample("answer.access", Lang::Nl)
    };
    let e = Letters::builtin().answer(&f, Lang::Nl).unwrap_err();
    assert!(e.message.contains("15(1)(h)"), "{e}");
}

#[test]
fn the_sections_follow_the_order_of_the_rights_then_refusal_recipients_and_remedies() {
    let text = render(&sample("answer.pupil.all-sections", Lang::Nl), Lang::Nl);
    let at = positions(
        &text,
        &[
            "Welke gegevens we van je hebben (artikel 15 AVG)",
            "Je gegevens meenemen (artikel 20 AVG)",
            "Je gegevens ophalen",
            "Gegevens verbeterd (artikel 16 AVG)",
            "Gegevens gewist (artikel 17 AVG)",
            "Gegevens een tijdje niet gebruiken (artikel 18 AVG)",
            "Je bezwaar (artikel 21 AVG)",
            "Toestemming ingetrokken (artikel 7 AVG)",
            "Beslist een computer over jou? (artikel 22 AVG)",
            "Wat we niet hebben gedaan, en waarom",
            "Wie we het hebben laten weten (artikel 19 AVG)",
            "Niet eens met ons antwoord?",
        ],
    );
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}\n{text}");
    let text = render(&sample("answer.access-erasure", Lang::En), Lang::En);
    let at = positions(
        &text,
        &[
            "Access (GDPR article 15)",
            "Fetching your data",
            "Erasure (GDPR article 17)",
            "Automated decisions (GDPR article 22)",
            "Other organisations told (GDPR article 19)",
            "If you disagree with this answer",
        ],
    );
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}\n{text}");
}

#[test]
fn a_right_not_asked_for_has_no_section() {
    let text = render(&sample("answer.objection", Lang::Nl), Lang::Nl);
    for absent in [
        "Inzage",
        "Overdraagbaarheid",
        "ophalen",
        "Verbetering",
        "Wissen",
        "Beperking",
        "Intrekken",
        "Geautomatiseerde",
        "Wat wij niet hebben gedaan",
        "ingelicht",
    ] {
        assert!(!text.contains(absent), "{absent:?} in:\n{text}");
    }
    assert!(text.contains("Bezwaar tegen de verwerking (artikel 21 AVG)"));
    assert!(text.contains("Autoriteit Persoonsgegevens"));
}

#[test]
fn blank_texts_are_left_out_as_if_absent() {
    let mut f = sample("answer.access-erasure", Lang::Nl);
    f.requester_name = Some("  ".into());
    f.subject_name = Some("".into());
    f.complaints = Some(" ".into());
    let access = f.access.as_mut().unwrap();
    for s in &mut access.systems {
        s.source = Some(" ".into());
        s.transfers = Some("".into());
    }
    for k in &mut f.erasure.as_mut().unwrap().kept {
        k.note = Some("\n".into());
    }
    let text = render(&f, Lang::Nl);
    assert!(text.contains("\nGeachte heer, mevrouw,\n"), "{text}");
    assert!(text.contains("persoonsgegevens over u."), "{text}");
    assert!(!text.contains("Herkomst"), "{text}");
    assert!(!text.contains("klachtenregeling"), "{text}");
    assert!(
        text.contains("- Doorgifte naar landen buiten de Europese Economische Ruimte: geen\n"),
        "{text}"
    );
    assert!(text.contains("tot maandag 31 juli 2028.\n"), "{text}");
}

#[test]
fn the_systems_searched_are_listed_with_those_where_nothing_was_found() {
    let text = render(&sample("answer.access", Lang::Nl), Lang::Nl);
    assert!(
        text.contains("Wij hebben gezocht in: ParnasSys, Toetsen (leerlingvolgsysteem), Microsoft 365 en Aanmeldingen (wachtlijst). In Aanmeldingen (wachtlijst) vonden wij niets."),
        "{text}"
    );
    assert!(text.contains("\nMicrosoft 365 (1 vermelding)\n"), "{text}");
    assert!(!text.contains("\nAanmeldingen (wachtlijst) ("), "{text}");
    let en = render(&sample("answer.nothing-found", Lang::En), Lang::En);
    assert!(
        en.contains("We searched: Registrations (waiting list) and Event registrations. We found no personal data about you there."),
        "{en}"
    );
    assert!(!en.contains("Recipients:"), "{en}");
}

#[test]
fn every_sample_renders_in_both_languages_and_prints_no_empty_value() {
    for lang in [Lang::Nl, Lang::En] {
        for (name, f) in sample_facts(lang) {
            let text = render(&f, lang);
            for bad in ["None", "none,", "[]", "{{", "{%", "\n\n\n"] {
                assert!(!text.contains(bad), "{name} ({lang}) has {bad:?}:\n{text}");
            }
        }
    }
}

#[test]
fn a_large_school_answer_stays_within_the_templates_step_limit() {
    // The step limit stops a runaway loop in an officer's template; a real
    // answer for a board with many systems must stay well below it.
    let mut f = sample("answer.pupil.all-sections", Lang::Nl);
    let access = f.access.as_mut().unwrap();
    let system = access.systems[0].clone();
    access.systems = (0..40)
        .map(|i| SystemFacts {
            name: format!("Systeem {i}"),
            categories: vec!["contactgegevens".into(); 12],
            retention: vec![system.retention[0].clone(); 12],
            recipients: vec!["DUO".into(); 12],
            ..system.clone()
        })
        .collect();
    f.refused = vec![f.refused[0].clone(); 30];
    f.recipients.told = vec![f.recipients.told[0].clone(); 40];
    let text = render(&f, Lang::Nl);
    assert!(text.contains("\nSysteem 39 (14 vermeldingen)\n"));
}
