//! Scoring the extraction: per-field precision and recall in `--eval`.

use chrono::NaiveDate;

use super::super::{
    evaluate, parse_jsonl, Extraction, ExtractionEvaluation, ExtractionField as F, ExtractionLabel,
    Found, RequesterRole, Rules,
};

const DEVELOPMENT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../testdata/extraction/development.jsonl"
);

fn found<T>(value: T) -> Option<Found<T>> {
    Some(Found {
        value,
        snippet: String::new(),
    })
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn each_field_is_scored_after_normalising_case_and_whitespace() {
    // Arrange: a right name and a salutation taken for one, a right pupil
    // number, a staff number the letter does not hold, a wrong birth date,
    // the right group in other case, and a role the label does not give.
    let label = ExtractionLabel {
        role: RequesterRole::Unknown,
        names: vec!["lotte bakker".into()],
        student_number: Some("104233".into()),
        staff_number: None,
        birth_date: Some(date(2014, 3, 12)),
        group: Some("groep 5b".into()),
    };
    let got = Extraction {
        role: RequesterRole::Parent,
        subject_names: vec![
            found("Lotte  Bakker".to_owned()).unwrap(),
            found("Jan".to_owned()).unwrap(),
        ],
        student_number: found("104233".into()),
        staff_number: found("P-1".into()),
        subject_birth_date: found(date(2014, 12, 3)),
        group: found("Groep 5B".into()),
        ..Extraction::default()
    };

    // Act
    let mut e = ExtractionEvaluation::default();
    e.add("x", &label, &got);

    // Assert
    let counts = |f| {
        let s = e.field(f);
        (s.labelled, s.predicted, s.correct)
    };
    assert_eq!(e.letters, 1);
    assert_eq!(counts(F::Role), (0, 1, 0));
    assert_eq!(counts(F::Names), (1, 2, 1));
    assert_eq!(e.field(F::Names).precision(), 0.5);
    assert_eq!(e.field(F::Names).recall(), 1.0);
    assert_eq!(counts(F::StudentNumber), (1, 1, 1));
    assert_eq!(counts(F::StaffNumber), (0, 1, 0));
    assert_eq!(e.field(F::StaffNumber).precision(), 0.0);
    assert_eq!(counts(F::BirthDate), (1, 1, 0));
    assert_eq!(e.field(F::BirthDate).recall(), 0.0);
    assert_eq!(counts(F::Group), (1, 1, 1));
    let missed: Vec<F> = e.misses.iter().map(|m| m.field).collect();
    assert_eq!(missed, [F::Role, F::Names, F::StaffNumber, F::BirthDate]);
    let names = &e.misses[1];
    assert_eq!(names.expected, ["lotte bakker"]);
    assert_eq!(names.got, ["lotte bakker", "jan"]);
}

#[test]
fn a_label_matches_one_found_value_only() {
    let label = ExtractionLabel {
        names: vec!["Emma".into(), "Lucas de Boer".into()],
        ..ExtractionLabel::default()
    };
    let got = Extraction {
        subject_names: ["Emma", "emma"]
            .map(|n| found(n.to_owned()).unwrap())
            .to_vec(),
        ..Extraction::default()
    };
    let mut e = ExtractionEvaluation::default();
    e.add("x", &label, &got);
    let s = e.field(F::Names);
    assert_eq!((s.labelled, s.predicted, s.correct), (2, 2, 1));
    assert_eq!((s.precision(), s.recall()), (0.5, 0.5));
}

#[test]
fn only_letters_with_an_extraction_label_count() {
    let text = concat!(
        r#"{"id":"a","language":"nl","type":"access","subject":"","body":"Ik wil het dossier van mijn dochter inzien. Lotte Bakker groep 3.","extraction":{"role":"parent","names":["Lotte Bakker"],"group":"groep 3"}}"#,
        "\n",
        r#"{"id":"b","language":"nl","type":"access","subject":"","body":"Mijn zoon Daan de Vries wil ik ook noemen."}"#,
        "\n"
    );
    let items = parse_jsonl(text).unwrap();
    let e = evaluate(&items, &Rules::embedded());
    assert_eq!(e.total, 2);
    assert_eq!(e.extraction.letters, 1);
    let names = e.extraction.field(F::Names);
    assert_eq!((names.labelled, names.predicted, names.correct), (1, 1, 1));
    assert_eq!(e.extraction.field(F::Group).correct, 1);
    assert!(e.to_string().contains("extraction (1 labelled letters)"));
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["extraction"]["fields"][1]["field"], "names");
    assert_eq!(json["extraction"]["fields"][1]["precision"], 1.0);
}

#[test]
fn a_misspelt_label_field_is_refused() {
    let line =
        r#"{"id":"a","language":"nl","type":"access","body":"x","extraction":{"name":["Lotte"]}}"#;
    let err = parse_jsonl(line).unwrap_err();
    assert_eq!(err.line, 1);
    assert!(err.to_string().contains("name"), "{err}");
}

#[test]
fn the_development_set_scores_well_on_every_field() {
    let text = std::fs::read_to_string(DEVELOPMENT).expect("development.jsonl is readable");
    let items = parse_jsonl(&text).expect("development set parses");
    let e = evaluate(&items, &Rules::embedded());
    assert_eq!(e.extraction.letters, items.len());
    for s in &e.extraction.fields {
        assert!(
            s.precision() >= 0.95 && s.recall() >= 0.95,
            "{} below 95%\n{}",
            s.field.as_str(),
            e.extraction
        );
    }
}
