//! Which rows of the subject tables a [`Subject`] refers to, and how
//! strongly.
//!
//! One query per subject table asks for every row that any searchable
//! identifier could match (`email IN … OR student_number = … OR last_name
//! IN …`); the hits are then confirmed in Rust, where the rules are easy
//! to read. A date of birth is never searched on (a school has many
//! pupils born on one day); it only confirms a name.
//!
//! Strength: each identifier has one (exact for e-mail and numbers, weak
//! for names, unless the mapping says otherwise); a row takes the
//! strongest of its hits, and two different weak hits that agree (name and
//! date of birth) make it probable.

use super::{text, Ctx};
use crate::engine::Tx;
use crate::error::{Result, SqlError};
use crate::settings::mapping::Identifier;
use dsrd_plugin_api::{IdentifierKind, MatchStrength, Subject};
use serde_json::Value;

/// One subject-table row the subject matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Index of the subject table in the mapping.
    pub subject: usize,
    /// The row's key.
    pub key: Value,
    /// How strongly it matched.
    pub strength: MatchStrength,
    /// On which identifiers.
    pub matched_on: Vec<IdentifierKind>,
}

/// Every row the subject matches, strongest first.
pub async fn find(tx: &mut Tx, ctx: Ctx<'_>, subject: &Subject) -> Result<Vec<Found>> {
    let mut found = Vec::new();
    for (index, table) in ctx.settings.subjects.iter().enumerate() {
        let mut sql = ctx.sql();
        sql.push("SELECT ").ident(&table.key);
        for identifier in &table.identifiers {
            for column in columns(identifier) {
                sql.push(", ").ident(column);
            }
        }
        sql.push(" FROM ").ident(&table.table).push(" WHERE ");
        let searches: Vec<(&Identifier, Vec<Value>)> = table
            .identifiers
            .iter()
            .map(|identifier| (identifier, search_values(ctx, index, identifier, subject)))
            .filter(|(_, values)| !values.is_empty())
            .collect();
        if searches.is_empty() {
            continue;
        }
        for (n, (identifier, values)) in searches.iter().enumerate() {
            if n > 0 {
                sql.push(" OR ");
            }
            let column = *columns(identifier)
                .last()
                .expect("checked: one column at least");
            let folded = folds_case(identifier) && !ctx.engine().text_equality_ignores_case();
            if folded {
                sql.push("lower(").ident(column).push(")");
            } else {
                sql.ident(column);
            }
            let cast = if folded {
                None
            } else {
                ctx.schema.cast(&table.table, column)
            };
            sql.push(" IN (");
            for (i, value) in values.iter().enumerate() {
                if i > 0 {
                    sql.push(", ");
                }
                sql.typed_param(value.clone(), cast);
            }
            sql.push(")");
        }
        let action = format!("searching `{}`", table.table);
        for row in tx.fetch(&sql, &action).await? {
            if let Some(hit) = confirm(ctx, index, &table.identifiers, &row, subject) {
                found.push(hit);
            }
        }
    }
    found.sort_by_key(|f| std::cmp::Reverse(f.strength));
    Ok(found)
}

/// The subject rows the changing operations and export may act on: every
/// exact or probable match, at most one per subject table (a person may
/// be a guardian and a staff member, but not two guardians). Several in
/// one table is [`SqlError::Ambiguous`]; none is an empty list, which is
/// how a repeated erasure finds nothing to do.
pub fn resolve(found: &[Found]) -> Result<Vec<(usize, Value)>> {
    let strong: Vec<&Found> = found
        .iter()
        .filter(|f| f.strength >= MatchStrength::Probable)
        .collect();
    for f in &strong {
        let same_table = strong.iter().filter(|g| g.subject == f.subject).count();
        if same_table > 1 {
            return Err(SqlError::Ambiguous(format!(
                "{same_table} rows of one subject table match on an exact or probable \
                 identifier; remove the identifier that belongs to someone else"
            )));
        }
    }
    Ok(strong.iter().map(|f| (f.subject, f.key.clone())).collect())
}

/// The columns of an identifier, in order.
pub fn columns(identifier: &Identifier) -> Vec<&crate::settings::Ident> {
    match (&identifier.column, &identifier.columns) {
        (Some(column), _) => vec![column],
        (None, Some(columns)) => columns.iter().collect(),
        (None, None) => Vec::new(),
    }
}

/// E-mail addresses and names compare without regard to case.
fn folds_case(identifier: &Identifier) -> bool {
    matches!(
        identifier.kind,
        IdentifierKind::Email | IdentifierKind::Name
    )
}

/// The values to look for in the identifier's (last) column; empty when
/// the subject has none of this kind.
fn search_values(
    ctx: Ctx<'_>,
    index: usize,
    identifier: &Identifier,
    subject: &Subject,
) -> Vec<Value> {
    let fold = |s: &str| {
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if ctx.engine().text_equality_ignores_case() {
            s
        } else {
            s.to_lowercase()
        }
    };
    let strings: Vec<String> = match identifier.kind {
        IdentifierKind::Email => subject.emails.iter().map(|e| fold(e.trim())).collect(),
        IdentifierKind::StudentNumber => subject
            .student_number
            .iter()
            .map(|n| n.trim().to_owned())
            .collect(),
        IdentifierKind::StaffNumber => subject
            .staff_number
            .iter()
            .map(|n| n.trim().to_owned())
            .collect(),
        IdentifierKind::SystemId => system_key(ctx, index, subject).into_iter().collect(),
        // Any tail of the name can be the last column: "de Vries" as well
        // as "Vries", depending on where the school keeps the infix.
        IdentifierKind::Name => {
            let mut tails = Vec::new();
            for name in &subject.names {
                let words: Vec<&str> = name.split_whitespace().collect();
                for start in 0..words.len() {
                    let tail = fold(&words[start..].join(" "));
                    if !tails.contains(&tail) {
                        tails.push(tail);
                    }
                }
            }
            tails
        }
        _ => Vec::new(),
    };
    strings
        .into_iter()
        .filter(|s| !s.is_empty())
        .map(Value::String)
        .collect()
}

/// The subject's id in this plugin (`table:key`), if it names this table.
fn system_key(ctx: Ctx<'_>, index: usize, subject: &Subject) -> Option<String> {
    let id = subject.system_ids.get(&ctx.settings.name)?;
    let (table, key) = id.split_once(':')?;
    (table == ctx.settings.subjects[index].table.as_str()).then(|| key.trim().to_owned())
}

/// Which identifiers of a fetched row really match, and how strongly.
fn confirm(
    ctx: Ctx<'_>,
    index: usize,
    identifiers: &[Identifier],
    row: &[Value],
    subject: &Subject,
) -> Option<Found> {
    let key = row.first()?.clone();
    let mut at = 1;
    let mut hits: Vec<(IdentifierKind, MatchStrength)> = Vec::new();
    for identifier in identifiers {
        let width = columns(identifier).len();
        let values: Vec<String> = row[at..at + width].iter().filter_map(text).collect();
        at += width;
        let same = |wanted: &Option<String>| {
            wanted
                .as_deref()
                .map(str::trim)
                .is_some_and(|w| values.first().map(|v| v.trim()) == Some(w))
        };
        let matched = match identifier.kind {
            IdentifierKind::Email => values.first().is_some_and(|v| subject.has_email(v)),
            IdentifierKind::StudentNumber => same(&subject.student_number),
            IdentifierKind::StaffNumber => same(&subject.staff_number),
            IdentifierKind::SystemId => same(&system_key(ctx, index, subject)),
            IdentifierKind::Name => !values.is_empty() && subject.has_name(&values.join(" ")),
            IdentifierKind::DateOfBirth => subject.date_of_birth.is_some_and(|dob| {
                values
                    .first()
                    .is_some_and(|v| v.get(..10) == Some(dob.to_string().as_str()))
            }),
            _ => false,
        };
        if matched {
            hits.push((identifier.kind, strength(identifier)));
        }
    }
    // A date of birth alone identifies nobody.
    if hits
        .iter()
        .all(|(kind, _)| *kind == IdentifierKind::DateOfBirth)
    {
        return None;
    }
    let mut best = hits.iter().map(|(_, s)| *s).max()?;
    let weak_kinds = hits
        .iter()
        .filter(|(_, s)| *s == MatchStrength::Weak)
        .count();
    if weak_kinds >= 2 && best < MatchStrength::Probable {
        best = MatchStrength::Probable;
    }
    let mut matched_on: Vec<IdentifierKind> = hits.iter().map(|(kind, _)| *kind).collect();
    matched_on.dedup();
    Some(Found {
        subject: index,
        key,
        strength: best,
        matched_on,
    })
}

/// The configured strength, or the default for the kind.
fn strength(identifier: &Identifier) -> MatchStrength {
    identifier.strength.unwrap_or(match identifier.kind {
        IdentifierKind::Name | IdentifierKind::DateOfBirth => MatchStrength::Weak,
        _ => MatchStrength::Exact,
    })
}
