//! The published legal vectors (testdata/legal/deadline-vectors.jsonl): every
//! one must give exactly its `due` and `extension_notice_by`.

use super::super::vectors::{check_vector, parse_vectors};

const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../testdata/legal/deadline-vectors.jsonl"
);

#[test]
fn every_published_vector_gives_its_due_date_and_notice_date() {
    // Arrange
    let text = std::fs::read_to_string(VECTORS).unwrap_or_else(|e| {
        panic!("cannot read {VECTORS}: {e}; testdata/ is part of the repository")
    });
    let vectors = parse_vectors(&text).unwrap();
    // An empty corpus would pass vacuously; the file published 46.
    assert!(
        vectors.len() >= 46,
        "only {} vectors in {VECTORS}",
        vectors.len()
    );

    // Act
    let failures: Vec<String> = vectors
        .iter()
        .map(check_vector)
        .filter(|o| !o.passed)
        .map(|o| {
            format!(
                "{}: due {} (expected {}), notice by {} (expected {})\n  engine: {}\n  vector: {}",
                o.id,
                o.actual_due,
                o.expected_due,
                o.actual_notice_by,
                o.expected_notice_by,
                o.explanation,
                o.why
            )
        })
        .collect();

    // Assert
    assert!(
        failures.is_empty(),
        "{} vector(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_vector_with_a_wrong_expectation_fails() {
    // Arrange: gm-clamp-jan31-003 with the naive "no roll" answer.
    let line = concat!(
        r#"{"id": "wrong", "policy": "gdpr-month", "received": "2026-01-31T09:00:00+01:00", "#,
        r#""due": "2026-02-28", "extension_notice_by": "2026-03-02", "why": "wrong"}"#
    );
    let vector = &parse_vectors(line).unwrap()[0];
    // Act
    let outcome = check_vector(vector);
    // Assert
    assert!(!outcome.passed);
    assert_eq!(outcome.actual_due.to_string(), "2026-03-02");
}

#[test]
fn a_malformed_vector_line_is_reported_with_its_number() {
    let err = parse_vectors("\n{\"id\": 1}\n").unwrap_err();
    assert_eq!(err.line, 2);
}
