//! Extraction of role, names, numbers, birth dates, school and group.

use chrono::NaiveDate;

use super::super::{age_on, extract, parse_date, Language, RequesterRole};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn dutch_parent_letter_yields_child_school_and_group() {
    let body = "Geachte,\n\nNamens mijn zoon Daan de Vries vraag ik inzage.\nNaam: Sanne de Vries\nGeboortedatum: 12-03-1984\nNaam kind: Daan de Vries (groep 6, OBS De Regenboog)\nLeerlingnummer: 104233\n";
    let x = extract("", body, Language::Nl);
    assert_eq!(x.role, RequesterRole::Parent);
    assert_eq!(x.subject_names[0].value, "Daan de Vries");
    assert_eq!(x.subject_names.len(), 1);
    assert_eq!(
        x.requester_birth_date.as_ref().unwrap().value,
        date(1984, 3, 12)
    );
    assert!(x.subject_birth_date.is_none());
    assert_eq!(x.group.as_ref().unwrap().value, "groep 6");
    assert_eq!(x.school.as_ref().unwrap().value, "OBS De Regenboog");
    assert_eq!(x.student_number.as_ref().unwrap().value, "104233");
}

#[test]
fn english_parent_letter_yields_the_childs_birth_date_school_and_year() {
    let body = "My daughter Emma Carter is in Year 4 at Riverside Primary School. Her date of birth is 4 March 2015.";
    let x = extract("", body, Language::En);
    assert_eq!(x.role, RequesterRole::Parent);
    assert_eq!(x.subject_names[0].value, "Emma Carter");
    assert_eq!(
        x.subject_birth_date.as_ref().unwrap().value,
        date(2015, 3, 4)
    );
    assert_eq!(x.school.as_ref().unwrap().value, "Riverside Primary School");
    assert_eq!(x.group.as_ref().unwrap().value, "Year 4");
}

#[test]
fn staff_letter_yields_staff_number() {
    let x = extract(
        "",
        "Als leerkracht bij CBS De Wegwijzer vraag ik inzage. Personeelsnummer: P-20931.",
        Language::Nl,
    );
    assert_eq!(x.role, RequesterRole::Staff);
    assert_eq!(x.staff_number.unwrap().value, "P-20931");
    assert_eq!(x.school.unwrap().value, "CBS De Wegwijzer");
}

#[test]
fn former_roles_win_over_current_ones() {
    assert_eq!(
        extract(
            "",
            "Ik ben oud-leerling van het Stedelijk Gymnasium.",
            Language::Nl
        )
        .role,
        RequesterRole::FormerPupil
    );
    assert_eq!(
        extract("", "As a former employee I ask for my file.", Language::En).role,
        RequesterRole::FormerStaff
    );
    assert_eq!(
        extract(
            "",
            "Ik zit in klas 2b en wil mijn gegevens zien.",
            Language::Nl
        )
        .role,
        RequesterRole::Pupil
    );
    assert_eq!(
        extract("", "Please send my data.", Language::En).role,
        RequesterRole::Unknown
    );
}

#[test]
fn pupil_birth_date_is_the_subjects() {
    let x = extract(
        "",
        "I am a student in class 4. Date of birth: 2009-05-01.",
        Language::En,
    );
    assert_eq!(x.role, RequesterRole::Pupil);
    assert_eq!(x.group.as_ref().unwrap().value, "class 4");
    assert_eq!(
        x.subject_birth_date.as_ref().unwrap().value,
        date(2009, 5, 1)
    );
}

#[test]
fn date_formats_parse() {
    for (text, want) in [
        ("12-03-1984", date(1984, 3, 12)),
        ("12/03/1984", date(1984, 3, 12)),
        ("12.03.1984", date(1984, 3, 12)),
        ("1984-03-12", date(1984, 3, 12)),
        ("12 maart 1984", date(1984, 3, 12)),
        ("12 March 1984", date(1984, 3, 12)),
        ("12. März 1984", date(1984, 3, 12)),
        ("12 mars 1984", date(1984, 3, 12)),
        ("March 12, 1984", date(1984, 3, 12)),
    ] {
        assert_eq!(parse_date(text), Some(want), "{text}");
    }
    assert_eq!(parse_date("31-02-1984"), None);
}

#[test]
fn age_counts_whole_years() {
    assert_eq!(age_on(date(2008, 6, 15), date(2024, 6, 14)), Some(15));
    assert_eq!(age_on(date(2008, 6, 15), date(2024, 6, 15)), Some(16));
    assert_eq!(age_on(date(2008, 2, 29), date(2024, 2, 28)), Some(15));
    assert_eq!(age_on(date(2008, 6, 15), date(2000, 1, 1)), None);
}

#[test]
fn letter_date_is_not_a_birth_date() {
    let x = extract("", "Datum: 2024-03-04\nIk wil inzage.", Language::Nl);
    assert!(x.requester_birth_date.is_none() && x.subject_birth_date.is_none());
}

#[test]
fn german_and_french_children_are_named() {
    assert_eq!(
        extract(
            "",
            "meine Tochter Lena Hoffmann besucht die Grundschule am Stadtpark.",
            Language::De
        )
        .subject_names[0]
            .value,
        "Lena Hoffmann"
    );
    assert_eq!(
        extract(
            "",
            "Je demande l'accès aux données de mon fils Lucas Martin.",
            Language::Fr
        )
        .subject_names[0]
            .value,
        "Lucas Martin"
    );
}

fn names(body: &str, lang: Language) -> Vec<String> {
    extract("", body, lang)
        .subject_names
        .into_iter()
        .map(|f| f.value)
        .collect()
}

#[test]
fn a_bare_name_before_the_group_in_a_parents_letter_is_the_childs() {
    let x = extract(
        "",
        "Beste Jan,\n\nIk wil graag het dossier van mijn dochter inzien. Lotte Bakker groep 3.\n\nGroet,\nMarieke Bakker",
        Language::Nl,
    );
    assert_eq!(x.role, RequesterRole::Parent);
    let got: Vec<&str> = x.subject_names.iter().map(|f| f.value.as_str()).collect();
    assert_eq!(got, ["Lotte Bakker"]);
    assert_eq!(x.group.unwrap().value, "groep 3");
    // Without a parent's cue the same words name nobody.
    assert!(names("Lotte Bakker groep 3 heeft gebeld.", Language::Nl).is_empty());
}

#[test]
fn salutations_teachers_and_the_writer_are_not_the_subject() {
    assert!(names(
        "Geachte mevrouw De Vries,\n\nGraag ontvang ik de gegevens van onze dochter.\n\nGroet,\nWouter Peters",
        Language::Nl
    )
    .is_empty());
    assert!(names(
        "Beste juf Anouk Smit (groep 7),\n\nMag ik zien wat er over mijn zoon is vastgelegd?",
        Language::Nl
    )
    .is_empty());
    assert_eq!(
        names(
            "Mijn naam is Ellen de Groot, moeder van Isa de Groot uit groep 5. Ik wil alles over Isa zien.",
            Language::Nl
        ),
        ["Isa de Groot"]
    );
    let x = extract(
        "",
        "Ik maak bezwaar tegen foto's van mijn dochter Zara Kok. Meester Ahmed Yilmaz van groep 5 plaatst die.",
        Language::Nl,
    );
    let got: Vec<&str> = x.subject_names.iter().map(|f| f.value.as_str()).collect();
    assert_eq!(got, ["Zara Kok"]);
    assert!(x.group.is_none(), "{:?}", x.group);
}

#[test]
fn particles_double_first_names_and_possessives_are_read_whole() {
    assert_eq!(
        names(
            "Onze zoon heet Bram Van den Berg en zit in groep 2.",
            Language::Nl
        ),
        ["Bram Van den Berg"]
    );
    assert_eq!(
        names(
            "Namens mijn zoon Jan-Peter de Haan (leerlingnummer 99812) maak ik bezwaar.",
            Language::Nl
        ),
        ["Jan-Peter de Haan"]
    );
    assert_eq!(
        names(
            "Het adres van mijn dochter Nina van 't Hof klopt niet.",
            Language::Nl
        ),
        ["Nina van 't Hof"]
    );
    assert_eq!(
        names("Please correct my son Harry Evans' surname.", Language::En),
        ["Harry Evans"]
    );
}

#[test]
fn two_children_are_both_named() {
    assert_eq!(
        names(
            "Ik vraag inzage in de dossiers van mijn kinderen Tess Brouwer (groep 2) en Luuk Brouwer (groep 5).",
            Language::Nl
        ),
        ["Tess Brouwer", "Luuk Brouwer"]
    );
    assert_eq!(
        names(
            "We would like the data about our children, Ethan Lewis (Year 4) and Sophie Lewis (Year 1).",
            Language::En
        ),
        ["Ethan Lewis", "Sophie Lewis"]
    );
}

#[test]
fn a_form_block_gives_the_pupils_name_group_and_birth_date() {
    let x = extract(
        "",
        "Ik verzoek om inzage in het dossier van mijn kind.\n\nNaam leerling: Yusuf Demir\nGroep: 7b\nGeboortedatum: 01-06-2013\n",
        Language::Nl,
    );
    let got: Vec<&str> = x.subject_names.iter().map(|f| f.value.as_str()).collect();
    assert_eq!(got, ["Yusuf Demir"]);
    assert_eq!(x.group.unwrap().value, "Groep 7b");
    assert_eq!(x.subject_birth_date.unwrap().value, date(2013, 6, 1));
    assert!(x.requester_birth_date.is_none());
}

#[test]
fn a_parent_who_calls_herself_the_ouder_van_a_child_is_a_parent() {
    let x = extract(
        "Inzageverzoek",
        "Geachte heer, mevrouw,\n\nIk ben de ouder van Lotte Bakker (groep 3) en wil graag inzage in haar gegevens.\n\nMet vriendelijke groet,\nSanne Bakker",
        Language::Nl,
    );
    assert_eq!(x.role, RequesterRole::Parent);
    assert_eq!(x.subject_names[0].value, "Lotte Bakker");
}
