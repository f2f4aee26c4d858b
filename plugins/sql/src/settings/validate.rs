//! Cross-field checks of the mapping, reported by dotted key
//! (`subjects[0].children[2].foreign_key`). Names themselves were checked
//! when they were read ([`Ident`](super::Ident)).

use super::mapping::{EraseAction, Link, Retain, TableMapping};
use super::Ident;
use dsrd_plugin_api::{EraseMode, IdentifierKind};

/// Checks every subject table and its tree.
pub fn check(subjects: &[TableMapping]) -> Result<(), String> {
    if subjects.is_empty() {
        return Err("`subjects` is empty; map at least one table of people".into());
    }
    for (index, subject) in subjects.iter().enumerate() {
        let path = format!("subjects[{index}]");
        if subject.foreign_key.is_some() {
            return Err(format!(
                "{path}.foreign_key: a subject table has no parent; remove it"
            ));
        }
        check_identifiers(subject, &path)?;
        check_recipients(subject, &path)?;
        check_table(subject, &path)?;
    }
    Ok(())
}

/// Checks that each link joins two subject tables.
pub fn check_links(subjects: &[TableMapping], links: &[Link]) -> Result<(), String> {
    let known = || {
        subjects
            .iter()
            .map(|s| s.table.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (index, link) in links.iter().enumerate() {
        for (key, table) in [("from", &link.from), ("to", &link.to)] {
            if !subjects.iter().any(|s| &s.table == table) {
                return Err(format!(
                    "links[{index}].{key}: `{table}` is not a subject table; use one of {}",
                    known()
                ));
            }
        }
        if link.from_column == link.to_column {
            return Err(format!(
                "links[{index}]: `from_column` and `to_column` are both `{}`; name the \
                 column pointing at `{}` and the one pointing at `{}`",
                link.from_column, link.from, link.to
            ));
        }
        if !link.relations.is_empty() && link.relation.is_none() {
            return Err(format!(
                "links[{index}].relations: name the column they are values of in `relation`"
            ));
        }
    }
    Ok(())
}

fn check_identifiers(subject: &TableMapping, path: &str) -> Result<(), String> {
    let mut searchable = 0;
    for (index, identifier) in subject.identifiers.iter().enumerate() {
        let at = format!("{path}.identifiers[{index}]");
        match (&identifier.column, &identifier.columns) {
            (Some(_), None) => {}
            (None, Some(columns)) if !columns.is_empty() => {
                if identifier.kind != IdentifierKind::Name {
                    return Err(format!("{at}.columns: only a name may span columns"));
                }
            }
            _ => return Err(format!("{at}: give exactly one of `column` and `columns`")),
        }
        if matches!(identifier.kind, IdentifierKind::Unknown) {
            return Err(format!("{at}.kind: unknown identifier kind"));
        }
        if identifier.kind != IdentifierKind::DateOfBirth {
            searchable += 1;
        }
    }
    if searchable == 0 {
        return Err(format!(
            "{path}.identifiers: list at least one of email, student_number, staff_number, \
             name or system_id (a date of birth only confirms a name)"
        ));
    }
    Ok(())
}

fn check_recipients(subject: &TableMapping, path: &str) -> Result<(), String> {
    for (index, source) in subject.recipients.iter().enumerate() {
        let at = format!("{path}.recipients[{index}]");
        match (&source.name, &source.table, &source.name_column) {
            (Some(_), None, None) => {}
            (None, Some(table), Some(_)) => {
                if !subject.descendants().any(|node| &node.table == table) {
                    return Err(format!(
                        "{at}.table: `{table}` is not a child table of `{}`",
                        subject.table
                    ));
                }
            }
            _ => {
                return Err(format!(
                    "{at}: give either `name` (a fixed recipient) or `table` with `name_column`"
                ))
            }
        }
    }
    Ok(())
}

/// Checks one table and, recursively, its children.
fn check_table(table: &TableMapping, path: &str) -> Result<(), String> {
    if table.erase == EraseAction::Anonymise && table.anonymise.is_none() {
        return Err(format!(
            "{path}.anonymise: `erase = \"anonymise\"` needs the columns to overwrite"
        ));
    }
    if let Some(retain) = &table.retain {
        check_retain(table, retain, &format!("{path}.retain"))?;
    }
    // Purging expired rows deletes them and treats their children as erase
    // mode `delete` does, so a retention rule counts as deletion there.
    let deleted_under = |mode| {
        table.erase_values(mode).is_none()
            || (mode == EraseMode::Delete && table.retention.is_some())
    };
    for (index, child) in table.children.iter().enumerate() {
        let at = format!("{path}.children[{index}]");
        let Some(foreign_key) = &child.foreign_key else {
            return Err(format!(
                "{at}.foreign_key: name the column that points at `{}`.`{}`",
                table.table, table.key
            ));
        };
        if !child.identifiers.is_empty() || child.restriction.is_some() || child.person.is_some() {
            return Err(format!(
                "{at}: identifiers, restriction and person belong to subject tables only"
            ));
        }
        if !child.recipients.is_empty() {
            return Err(format!(
                "{at}.recipients: list recipients on the subject table"
            ));
        }
        for mode in [EraseMode::Delete, EraseMode::Anonymise] {
            if deleted_under(mode) && !survives_parent_deletion(child, foreign_key, mode) {
                return Err(format!(
                    "{at}: rows of `{}` would outlive their deleted parent `{}` under erase \
                     mode {mode:?}; delete them too, or clear `{foreign_key}` in `anonymise`",
                    child.table, table.table
                ));
            }
        }
        check_table(child, &at)?;
    }
    Ok(())
}

/// A child of a deleted row must be deleted or cut loose.
fn survives_parent_deletion(child: &TableMapping, foreign_key: &Ident, mode: EraseMode) -> bool {
    match child.erase_values(mode) {
        None => true,
        Some(values) => values.get(foreign_key).is_some_and(|v| v.value().is_null()),
    }
}

/// A retention must say why, keep rows some erasure keeps, and not claim
/// to keep a column the anonymisation overwrites. Whether the columns
/// exist is checked against the database (`engine::schema`).
fn check_retain(table: &TableMapping, retain: &Retain, at: &str) -> Result<(), String> {
    if retain.ground.trim().is_empty() {
        return Err(format!(
            "{at}.ground: say on which legal ground the rows are kept, e.g. \
             \"AVG art. 17 lid 3 sub b: wettelijke plicht\""
        ));
    }
    // Erase mode `anonymise` anonymises every table with an `anonymise`
    // table, so that is the one mode that can keep rows.
    let Some(values) = table.erase_values(EraseMode::Anonymise) else {
        return Err(format!(
            "{at}: every erasure deletes the rows of `{}`, so nothing is kept; give \
             `anonymise` (the columns to overwrite, or {{}} to keep the rows as they are) \
             or remove `retain`",
            table.table
        ));
    };
    let overwritten = |column: &Ident| values.contains_key(column);
    if let Some(column) = retain.fields.iter().flatten().find(|c| overwritten(c)) {
        return Err(format!(
            "{at}.fields: `{column}` is overwritten by `anonymise`, so it is not kept; \
             leave it out"
        ));
    }
    if let Some(until) = &retain.until {
        if overwritten(&until.column) {
            return Err(format!(
                "{at}.until.column: `{}` is overwritten by `anonymise`, but the kept row \
                 needs it to know when its period ends; keep it",
                until.column
            ));
        }
        if until.years == 0 {
            return Err(format!(
                "{at}.until.years: give at least 1, or leave out `until` when the period \
                 has no end date"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::demo;
    use crate::settings::Settings;
    use serde_json::{json, Value};

    /// The demo mapping with `change` made to it, read as settings.
    fn parse(change: impl FnOnce(&mut Value)) -> Result<Settings, String> {
        let mut settings = demo::mapping("sqlite:///nowhere.db");
        change(&mut settings);
        Settings::parse(settings).map_err(|error| error.to_string())
    }

    fn pupils_retain(settings: &mut Value) -> &mut Value {
        &mut settings["subjects"][0]["retain"]
    }

    #[test]
    fn the_demo_keeps_the_enrolment_register_of_a_pupil_five_years_after_leaving() {
        let settings = parse(|_| {}).unwrap();
        let retain = settings.subjects[0].retain.as_ref().expect("a retain rule");
        let until = retain.until.as_ref().expect("an end");
        assert_eq!((until.column.as_str(), until.years), ("left_on", 5));
        assert!(
            retain.ground.contains("17 lid 3 sub b"),
            "{}",
            retain.ground
        );
    }

    #[test]
    fn a_retention_without_a_ground_is_refused() {
        let error = parse(|s| pupils_retain(s)["ground"] = json!("  ")).unwrap_err();
        assert!(error.contains("subjects[0].retain.ground"), "{error}");
    }

    #[test]
    fn a_retention_on_rows_every_erasure_deletes_is_refused() {
        let error = parse(|s| {
            s["subjects"][0]["children"][4]["children"][0]["retain"] =
                json!({ "ground": "AVG art. 17 lid 3 sub b" });
        })
        .unwrap_err();
        assert!(
            error.contains("subjects[0].children[4].children[0].retain: every erasure deletes")
                && error.contains("`care_note_attachments`"),
            "{error}"
        );
    }

    #[test]
    fn keeping_a_column_the_anonymisation_overwrites_is_refused() {
        let error = parse(|s| pupils_retain(s)["fields"] = json!(["id", "last_name"])).unwrap_err();
        assert!(
            error.contains("subjects[0].retain.fields: `last_name` is overwritten"),
            "{error}"
        );
    }

    #[test]
    fn a_period_counted_from_an_overwritten_column_is_refused() {
        let error =
            parse(|s| pupils_retain(s)["until"]["column"] = json!("date_of_birth")).unwrap_err();
        assert!(
            error.contains("subjects[0].retain.until.column: `date_of_birth` is overwritten"),
            "{error}"
        );
    }

    #[test]
    fn a_period_of_no_years_is_refused() {
        let error = parse(|s| pupils_retain(s)["until"]["years"] = json!(0)).unwrap_err();
        assert!(error.contains("subjects[0].retain.until.years"), "{error}");
    }

    #[test]
    fn a_misspelt_retention_key_is_named() {
        let error = parse(|s| pupils_retain(s)["year"] = json!(5)).unwrap_err();
        assert!(error.contains("unknown field `year`"), "{error}");
    }

    #[test]
    fn a_kept_table_without_a_period_or_fields_is_accepted() {
        let settings = parse(|s| {
            s["subjects"][0]["children"][3]["retain"] =
                json!({ "ground": "AVG art. 17 lid 3 sub b: verzuimregistratie" });
        })
        .unwrap();
        let absences = &settings.subjects[0].children[3];
        assert_eq!(absences.table.as_str(), "absences");
        assert!(absences.retain.as_ref().unwrap().until.is_none());
    }
}
