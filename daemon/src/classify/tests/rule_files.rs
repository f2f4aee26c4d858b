//! Officer rule files: extending the rules and reporting mistakes clearly.

use super::super::{classify, Language, RequestType, Rules, RulesError};

#[test]
fn embedded_rules_load() {
    let _ = Rules::embedded();
}

#[test]
fn every_embedded_pattern_compiles_and_every_article_pattern_captures_its_number() {
    // The embedded rules are compiled on first use, not when loaded, so this
    // is where a broken embedded file is caught before a release.
    let rules = Rules::embedded();
    rules.compile_all();
    for (lang, language) in Language::ALL.iter().zip(&rules.languages) {
        assert!(!language.patterns.is_empty(), "{lang} has rules");
        assert_eq!(language.set().len(), language.patterns.len());
        assert!(!language.articles.is_empty(), "{lang} has article patterns");
        for article in &language.articles {
            assert!(
                article.regex().capture_names().any(|n| n == Some("n")),
                "{lang}: {} captures no n",
                article.regex().as_str()
            );
        }
    }
}

#[test]
fn the_embedded_rules_are_compiled_once_and_shared_by_every_copy() {
    let first = Rules::embedded();
    let second = Rules::embedded();
    let clone = first.clone();
    for i in 0..first.languages.len() {
        assert!(std::sync::Arc::ptr_eq(
            &first.languages[i],
            &second.languages[i]
        ));
        assert!(std::sync::Arc::ptr_eq(
            &first.languages[i],
            &clone.languages[i]
        ));
    }
    // Compiled through one copy, the set is there for the others.
    let set: *const _ = first.languages[0].set();
    assert!(std::ptr::eq(set, second.languages[0].set()));
}

#[test]
fn an_officer_file_is_compiled_in_full_when_it_is_loaded() {
    // Arrange
    let embedded = Rules::embedded();
    let text = "[[rule]]\ntype = \"access\"\nweight = 5.0\nphrases = [\"ouderportaalexport\"]\n";

    // Act
    let rules = Rules::from_toml(Language::Nl, text).unwrap();

    // Assert: its mistakes were looked for now (the pattern and the set it
    // joined are compiled), not at the first letter.
    let nl = &rules.languages[Language::Nl.index()];
    assert_eq!(
        nl.patterns.len(),
        embedded.languages[Language::Nl.index()].patterns.len() + 1
    );
    assert!(nl.patterns.last().unwrap().is_compiled());
    assert!(nl.set_is_compiled());
    // The other languages are still the shared embedded ones.
    assert!(std::sync::Arc::ptr_eq(
        &rules.languages[Language::En.index()],
        &embedded.languages[Language::En.index()]
    ));
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
