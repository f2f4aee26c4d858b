//! Other people's data withheld from the copy (art. 15(4)): the right of
//! access "shall not adversely affect the rights and freedoms of others".
//!
//! A rule withholds one column of one table — a classmate's name in an
//! incident note, the other parent's address — from **every** record of
//! that table, also from records where the cell was empty. Withholding only
//! the filled cells would show, through the nulls and the manifest's
//! `redacted` column, which records held someone else's data; withholding
//! the column whole shows only that the column exists and why it is empty.
//! A withheld cell becomes JSON `null` (empty in CSV); the column itself
//! stays, so the copy says what kind of data was held back.

use dsrd_plugin_api::{ExportResult, ExportTable};
use serde::{Deserialize, Serialize};

/// One column to withhold, as the plan's redaction step lists it for the
/// officer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedactionRule {
    /// The table, by its exported name.
    pub table: String,
    /// The column, by its exported name.
    pub column: String,
    /// Why, in the words the letter and the overview show the requester.
    pub reason: String,
}

/// What a rule withheld: the letter says it, and the overview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withheld {
    /// The table.
    pub table: String,
    /// The column withheld from it.
    pub column: String,
    /// How many records the column was withheld from (every record of the
    /// table; see the module documentation).
    pub records: usize,
    /// Why.
    pub reason: String,
}

/// `export` with the columns the rules name withheld, and what was withheld.
///
/// A rule naming a table or column the export does not have, or a table
/// without records, withholds nothing and adds no [`Withheld`] entry. A
/// second rule for the same column adds nothing either: the first one's
/// reason stands. Files are not touched; what a document holds about others
/// is for the officer to judge before it is exported.
pub fn redact(export: &ExportResult, rules: &[RedactionRule]) -> (ExportResult, Vec<Withheld>) {
    let mut redacted = export.clone();
    let mut withheld: Vec<Withheld> = Vec::new();
    for rule in rules {
        let done = withheld
            .iter()
            .any(|w| w.table == rule.table && w.column == rule.column);
        if done {
            continue;
        }
        let mut records = 0;
        for table in redacted.tables.iter_mut().filter(|t| t.name == rule.table) {
            records += withhold_column(table, &rule.column);
        }
        if records > 0 {
            withheld.push(Withheld {
                table: rule.table.clone(),
                column: rule.column.clone(),
                records,
                reason: rule.reason.clone(),
            });
        }
    }
    (redacted, withheld)
}

/// Empties every cell of `column` in `table`; returns from how many records
/// it was withheld (0 when the table has no such column).
fn withhold_column(table: &mut ExportTable, column: &str) -> usize {
    let indexes: Vec<usize> = (0..table.columns.len())
        .filter(|&i| table.columns[i] == column)
        .collect();
    if indexes.is_empty() {
        return 0;
    }
    for row in &mut table.rows {
        for &i in &indexes {
            if let Some(cell) = row.get_mut(i) {
                *cell = serde_json::Value::Null;
            }
        }
    }
    table.rows.len()
}

/// Per record of `table`, whether something was withheld from it, for the
/// manifest's `redacted` column.
pub fn redacted_rows(table: &ExportTable, withheld: &[Withheld]) -> Vec<bool> {
    let redacted = withheld
        .iter()
        .any(|w| w.table == table.name && table.columns.contains(&w.column));
    vec![redacted; table.rows.len()]
}

/// Whether `column` of `table` was withheld.
pub fn is_withheld(withheld: &[Withheld], table: &str, column: &str) -> bool {
    withheld
        .iter()
        .any(|w| w.table == table && w.column == column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn export() -> ExportResult {
        let mut incidents =
            ExportTable::new("incidenten", &["datum", "omschrijving", "betrokkene"]);
        incidents.rows = vec![
            vec![json!("2026-01-12"), json!("ruzie"), json!("Sem de Wit")],
            vec![json!("2026-02-03"), json!("te laat"), json!(null)],
        ];
        let mut pupil = ExportTable::new("leerling", &["nummer", "naam"]);
        pupil.rows = vec![vec![json!(1234), json!("Noor")]];
        ExportResult {
            tables: vec![incidents, pupil],
            files: vec![],
        }
    }

    fn rule(table: &str, column: &str) -> RedactionRule {
        RedactionRule {
            table: table.into(),
            column: column.into(),
            reason: "gegevens van een andere leerling".into(),
        }
    }

    #[test]
    fn a_withheld_column_is_emptied_in_every_record_and_counted() {
        let (redacted, withheld) = redact(&export(), &[rule("incidenten", "betrokkene")]);
        let table = redacted.table("incidenten").unwrap();
        assert_eq!(table.columns, ["datum", "omschrijving", "betrokkene"]);
        assert!(table.rows.iter().all(|row| row[2].is_null()));
        assert_eq!(table.rows[0][1], json!("ruzie"));
        assert_eq!(
            withheld,
            [Withheld {
                table: "incidenten".into(),
                column: "betrokkene".into(),
                records: 2,
                reason: "gegevens van een andere leerling".into(),
            }]
        );
        assert_eq!(redacted_rows(table, &withheld), [true, true]);
        let pupil = redacted.table("leerling").unwrap();
        assert_eq!(redacted_rows(pupil, &withheld), [false]);
        assert!(is_withheld(&withheld, "incidenten", "betrokkene"));
        assert!(!is_withheld(&withheld, "incidenten", "datum"));
    }

    #[test]
    fn a_rule_for_an_absent_table_or_column_does_nothing() {
        let original = export();
        let (redacted, withheld) = redact(
            &original,
            &[
                rule("incidenten", "klasgenoot"),
                rule("cijfers", "betrokkene"),
            ],
        );
        assert_eq!(redacted, original);
        assert!(withheld.is_empty());
    }

    #[test]
    fn a_table_without_records_withholds_nothing() {
        let mut original = export();
        original.tables[0].rows.clear();
        let (_, withheld) = redact(&original, &[rule("incidenten", "betrokkene")]);
        assert!(withheld.is_empty());
    }

    #[test]
    fn a_repeated_rule_counts_once_and_keeps_the_first_reason() {
        let mut second = rule("incidenten", "betrokkene");
        second.reason = "anders".into();
        let (_, withheld) = redact(&export(), &[rule("incidenten", "betrokkene"), second]);
        assert_eq!(withheld.len(), 1);
        assert_eq!(withheld[0].records, 2);
        assert_eq!(withheld[0].reason, "gegevens van een andere leerling");
    }
}
