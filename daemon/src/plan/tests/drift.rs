//! Drift between an approved scope and a fresh one.

use dsrd_plugin_api::{PluginError, Scope};

use super::*;

fn scope(records: &[(&str, &str)]) -> Scope {
    let mut scope = Scope::default();
    for (table, key) in records {
        scope.insert(table, key);
    }
    scope
}

#[test]
fn drift_names_the_records_added_and_missing() {
    let approved = scope(&[("pupils", "17"), ("test_results", "4")]);
    let cases = [
        (
            "the same",
            scope(&[("test_results", "4"), ("pupils", "17")]),
            None,
        ),
        (
            "a new test result",
            scope(&[
                ("pupils", "17"),
                ("test_results", "4"),
                ("test_results", "5"),
            ]),
            Some((scope(&[("test_results", "5")]), Scope::default())),
        ),
        (
            "one gone",
            scope(&[("pupils", "17")]),
            Some((Scope::default(), scope(&[("test_results", "4")]))),
        ),
        (
            "all gone is drift between plans",
            Scope::default(),
            Some((Scope::default(), approved.clone())),
        ),
    ];
    for (name, now, expected) in cases {
        let got = drift(&approved, &now).map(|d| (d.added, d.missing));
        assert_eq!(got, expected, "{name}");
    }
}

#[test]
fn a_plugins_scope_drift_reads_as_drift_and_nothing_else_does() {
    let added = scope(&[("test_results", "5")]);
    let error = PluginError::ScopeDrift {
        added: added.clone(),
        missing: Scope::default(),
    };
    assert_eq!(
        Drift::from_error(&error),
        Some(Drift {
            added,
            missing: Scope::default()
        })
    );
    assert_eq!(Drift::from_error(&PluginError::SubjectNotFound), None);
}
