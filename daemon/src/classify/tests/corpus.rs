//! The corpus targets: accuracy, recall per type, no missed requests.

use super::super::{evaluate, parse_jsonl, RequestType, Rules};

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../testdata/corpus/corpus.jsonl"
);

#[test]
fn corpus_meets_the_accuracy_and_recall_targets() {
    // Arrange
    let text = std::fs::read_to_string(CORPUS).expect("corpus.jsonl is readable");
    let items = parse_jsonl(&text).expect("corpus parses");
    assert!(!items.is_empty(), "the corpus at {CORPUS} is empty");
    let rules = Rules::embedded();

    // Act
    let eval = evaluate(&items, &rules);
    println!("{eval}");

    // Assert
    assert_eq!(
        eval.requests_missed, 0,
        "real requests classified as not_a_request\n{eval}"
    );
    assert!(
        eval.accuracy() >= 0.95,
        "primary accuracy below 95%\n{eval}"
    );
    for s in eval
        .per_type
        .iter()
        .filter(|s| s.support > 0 && s.request_type.is_request())
    {
        assert!(
            s.recall() >= 0.90,
            "recall of {} below 90%\n{eval}",
            s.request_type
        );
    }
    let _ = RequestType::ALL;
}
