//! Cross-field checks of the mapping, reported by dotted key
//! (`subjects[0].children[2].foreign_key`). Names themselves were checked
//! when they were read ([`Ident`](super::Ident)).

use super::mapping::{EraseAction, Link, TableMapping};
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
