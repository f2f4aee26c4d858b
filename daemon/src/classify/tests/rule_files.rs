//! Officer rule files: extending the rules and reporting mistakes clearly.

use super::super::{classify, Language, RequestType, Rules, RulesError};

#[test]
fn embedded_rules_load() {
    let _ = Rules::embedded();
}

#[test]
fn an_officer_phrase_extends_the_embedded_rules() {
    let text = "[[rule]]\ntype = \"access\"\nweight = 5.0\nphrases = [\"ouderportaalexport\"]\n";
    let rules = Rules::from_toml(Language::Nl, text).unwrap();
    let c = classify(
        "",
        "Graag een ouderportaalexport van mijn gegevens.",
        &rules,
    );
    assert_eq!(c.primary, RequestType::Access);
    assert!(c
        .evidence
        .iter()
        .any(|e| e.phrase.eq_ignore_ascii_case("ouderportaalexport")));
}

#[test]
fn a_bad_regex_names_the_file_rule_and_pattern() {
    let text = "[[rule]]\ntype = \"erasure\"\nweight = 4.0\nregex = ['''verwijder(''']\n";
    let err = Rules::from_toml(Language::Nl, text).unwrap_err();
    assert!(matches!(err, RulesError::Regex { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("<inline nl>")
            && msg.contains("rule 1 (erasure)")
            && msg.contains("verwijder("),
        "{msg}"
    );
}

#[test]
fn a_toml_mistake_reports_line_and_column() {
    let text = "[[rule]]\ntype = \"erasure\"\nweigth = 4.0\nphrases = [\"x\"]\n";
    let err = Rules::from_toml(Language::En, text).unwrap_err();
    match &err {
        RulesError::Toml { line, column, .. } => {
            assert_eq!(*line, Some(3));
            assert_eq!(*column, Some(1));
        }
        other => panic!("expected a TOML error, got {other:?}"),
    }
    assert!(err.to_string().contains("line 3"), "{err}");
}

#[test]
fn an_unknown_request_type_is_reported() {
    let text = "[[rule]]\ntype = \"wipe\"\nweight = 4.0\nphrases = [\"x\"]\n";
    assert!(matches!(
        Rules::from_toml(Language::En, text),
        Err(RulesError::Toml { .. })
    ));
}

#[test]
fn load_dir_reads_files_by_language_prefix_and_rejects_unknown_names() {
    let dir = std::env::temp_dir().join(format!("dsrd-classify-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("en-school.toml"),
        "[[rule]]\ntype = \"erasure\"\nweight = 5.0\nphrases = [\"scrub my kid\"]\n",
    )
    .unwrap();
    let rules = Rules::load_dir(&dir).unwrap();
    assert_eq!(
        classify("", "please scrub my kid", &rules).primary,
        RequestType::Erasure
    );

    std::fs::write(dir.join("extra.toml"), "").unwrap();
    let err = Rules::load_dir(&dir).unwrap_err();
    assert!(
        matches!(err, RulesError::UnknownLanguage { .. }) && err.to_string().contains("extra.toml"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
