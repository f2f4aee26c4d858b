//! The persons behind `locate`'s rows: what the system knows to check a
//! requester against, and whom a matched person is linked to.

use super::matching::{columns, Found};
use super::tree::walk;
use super::{key_text, text, Ctx};
use crate::engine::Tx;
use crate::error::Result;
use crate::settings::{Ident, Link, TableMapping};
use chrono::NaiveDate;
use dsrd_plugin_api::{IdentifierKind, LocatedPerson, MatchStrength, PersonLink, RecordRef};
use serde_json::Value;

/// What one column of a person's row is read for.
enum Part {
    /// One name, spread over its columns in reading order.
    Name,
    DateOfBirth,
    Email,
    Phone,
    /// One postal address, spread over its columns.
    Postal,
}

/// The person in row `key` of subject table `subject`. Contact details
/// (e-mail, phone, postal address) are read only with `contacts`: a
/// name-only match may be a namesake, whose addresses the officer has no
/// business seeing (their records are not listed either).
pub async fn person(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    subject: usize,
    key: &Value,
    contacts: bool,
) -> Result<LocatedPerson> {
    let table = &ctx.settings.subjects[subject];
    let mut parts: Vec<(Part, Vec<&Ident>)> = Vec::new();
    for identifier in &table.identifiers {
        let columns = columns(identifier);
        match identifier.kind {
            IdentifierKind::Name => parts.push((Part::Name, columns)),
            IdentifierKind::DateOfBirth => parts.push((Part::DateOfBirth, columns)),
            IdentifierKind::Email if contacts => parts.push((Part::Email, columns)),
            _ => {}
        }
    }
    if let (true, Some(person)) = (contacts, &table.person) {
        if let Some(phone) = &person.phone {
            parts.push((Part::Phone, vec![phone]));
        }
        if !person.postal.is_empty() {
            parts.push((Part::Postal, person.postal.iter().collect()));
        }
    }
    let mut found = LocatedPerson {
        key: person_key(table, key),
        kind: table.person.as_ref().map(|p| p.kind).unwrap_or_default(),
        ..LocatedPerson::default()
    };
    if parts.is_empty() {
        return Ok(found);
    }
    let mut sql = ctx.sql();
    sql.push("SELECT ");
    for (n, column) in parts.iter().flat_map(|(_, columns)| columns).enumerate() {
        if n > 0 {
            sql.push(", ");
        }
        sql.ident(column);
    }
    let cast = ctx.schema.cast(&table.table, &table.key);
    sql.push(" FROM ")
        .ident(&table.table)
        .push(" WHERE ")
        .ident(&table.key)
        .push(" = ")
        .typed_param(key.clone(), cast);
    let action = format!("reading a person of `{}`", table.table);
    let Some(row) = tx.fetch(&sql, &action).await?.into_iter().next() else {
        return Ok(found);
    };
    let mut at = 0;
    for (part, columns) in &parts {
        let values: Vec<String> = row[at..at + columns.len()]
            .iter()
            .filter_map(text)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect();
        at += columns.len();
        let joined = |separator: &str| (!values.is_empty()).then(|| values.join(separator));
        let push = |list: &mut Vec<String>, value: Option<String>| {
            if let Some(value) = value {
                if !list.contains(&value) {
                    list.push(value);
                }
            }
        };
        match part {
            Part::Name => push(&mut found.names, joined(" ")),
            Part::DateOfBirth => {
                found.date_of_birth = found.date_of_birth.or_else(|| {
                    values
                        .first()
                        .and_then(|v| v.get(..10))
                        .and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
                })
            }
            Part::Email => push(&mut found.emails, joined(" ")),
            Part::Phone => push(&mut found.phones, joined(" ")),
            Part::Postal => push(&mut found.postal_addresses, joined(", ")),
        }
    }
    Ok(found)
}

/// A matched row as a person, with the records `locate` listed for it.
pub async fn matched(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    hit: &Found,
    records: Vec<RecordRef>,
) -> Result<LocatedPerson> {
    let strong = hit.strength >= MatchStrength::Probable;
    let mut found = person(tx, ctx, hit.subject, &hit.key, strong).await?;
    found.strength = Some(hit.strength);
    found.matched_on = hit.matched_on.clone();
    found.records = records;
    Ok(found)
}

/// The persons `holder` (row `key` of subject table `subject`) is linked
/// to through the configured link tables: adds the links to `holder` and
/// returns, for each linked person, their subject table and key, in link
/// order.
pub async fn links(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    subject: usize,
    key: &Value,
    holder: &mut LocatedPerson,
) -> Result<Vec<(usize, Value)>> {
    let table = &ctx.settings.subjects[subject];
    let mut targets = Vec::new();
    for link in ctx.settings.links.iter().filter(|l| l.from == table.table) {
        let Some(to) = ctx
            .settings
            .subjects
            .iter()
            .position(|s| s.table == link.to)
        else {
            continue;
        };
        for (to_key, person_link) in
            rows(tx, ctx, link, &ctx.settings.subjects[to], key, Side::From).await?
        {
            if !holder.links.contains(&person_link) {
                holder.links.push(person_link);
            }
            if !targets.contains(&(to, to_key.clone())) {
                targets.push((to, to_key));
            }
        }
    }
    Ok(targets)
}

/// The persons who hold a link to row `key` of subject table `subject`
/// (a pupil's guardians): for each, their subject table and key and the
/// link they hold to this person, in link order. Only that link: their
/// links to others would name persons outside the result.
///
/// This is how dsrd learns, for a pupil a letter names, who may act for
/// them and at which addresses on file a code may reach those people.
pub async fn holders(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    subject: usize,
    key: &Value,
) -> Result<Vec<(usize, Value, PersonLink)>> {
    let table = &ctx.settings.subjects[subject];
    let mut found = Vec::new();
    for link in ctx.settings.links.iter().filter(|l| l.to == table.table) {
        let Some(from) = ctx
            .settings
            .subjects
            .iter()
            .position(|s| s.table == link.from)
        else {
            continue;
        };
        for (from_key, person_link) in rows(tx, ctx, link, table, key, Side::To).await? {
            let entry = (from, from_key, person_link);
            if !found.contains(&entry) {
                found.push(entry);
            }
        }
    }
    Ok(found)
}

/// A person reached through a link, with every record of their tree.
pub async fn linked(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    subject: usize,
    key: &Value,
) -> Result<LocatedPerson> {
    let mut found = person(tx, ctx, subject, key, true).await?;
    let root = &ctx.settings.subjects[subject];
    for reached in walk(tx, ctx, root, vec![key.clone()]).await? {
        found.records.extend(
            reached
                .keys
                .iter()
                .map(|k| RecordRef::new(reached.table.table.as_str(), key_text(k))),
        );
    }
    Ok(found)
}

/// Which end of a link row a key is given for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// The holder's (`from_column`): the rows give the persons linked to.
    From,
    /// The linked person's (`to_column`): the rows give the holders.
    To,
}

/// The link rows with `key` at `side`: the key at the other end and the
/// link, which always points at the `to` person (`to` is their subject
/// table).
async fn rows(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    link: &Link,
    to: &TableMapping,
    key: &Value,
    side: Side,
) -> Result<Vec<(Value, PersonLink)>> {
    let (given, other) = match side {
        Side::From => (&link.from_column, &link.to_column),
        Side::To => (&link.to_column, &link.from_column),
    };
    let mut sql = ctx.sql();
    // The `to` key again: the link names that person on either side.
    sql.push("SELECT ")
        .ident(other)
        .push(", ")
        .ident(&link.to_column);
    for column in [&link.relation, &link.parental_authority] {
        match column {
            Some(column) => sql.push(", ").ident(column),
            None => sql.push(", NULL"),
        };
    }
    let cast = ctx.schema.cast(&link.table, given);
    sql.push(" FROM ")
        .ident(&link.table)
        .push(" WHERE ")
        .ident(given)
        .push(" = ")
        .typed_param(key.clone(), cast)
        .push(" ORDER BY ")
        .ident(other);
    let action = format!("reading the links in `{}`", link.table);
    let mut found = Vec::new();
    for row in tx.fetch(&sql, &action).await? {
        let mut row = row.into_iter();
        let (Some(other_key), Some(to_key), relation, authority) =
            (row.next(), row.next(), row.next(), row.next())
        else {
            continue;
        };
        if other_key.is_null() || to_key.is_null() {
            continue;
        }
        let relation = relation.as_ref().and_then(text);
        let person_link = PersonLink {
            person: person_key(to, &to_key),
            relation: link.relation_of(relation.as_deref()),
            parental_authority: authority.as_ref().and_then(truth),
        };
        found.push((other_key, person_link));
    }
    Ok(found)
}

/// A person's key: the subject table and the row's key, `pupils:17` — the
/// same text [`Subject::system_ids`](dsrd_plugin_api::Subject) takes.
pub fn person_key(table: &TableMapping, key: &Value) -> String {
    format!("{}:{}", table.table, key_text(key))
}

/// A boolean column as the engines return it: a boolean, 0/1, or text.
fn truth(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|n| n != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "t" | "true" | "1" | "y" | "yes" => Some(true),
            "f" | "false" | "0" | "n" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}
