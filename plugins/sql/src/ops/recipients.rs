//! `recipients`: to whom the subject's data went (art. 19).

use super::matching::{find, resolve};
use super::tree::walk_all;
use super::{text, Ctx};
use crate::engine::quote::CHUNK;
use crate::engine::Tx;
use crate::error::Result;
use chrono::NaiveDate;
use dsrd_plugin_api::{Recipient, Subject};

/// The fixed recipients of each resolved subject table, then the parties
/// in its disclosure tables, each name once with its latest date.
pub async fn recipients(tx: &mut Tx, ctx: Ctx<'_>, subject: &Subject) -> Result<Vec<Recipient>> {
    let rows = resolve(&find(tx, ctx, subject).await?)?;
    let reached = walk_all(tx, ctx, &rows).await?;
    let mut found: Vec<Recipient> = Vec::new();
    for (index, _) in &rows {
        for source in &ctx.settings.subjects[*index].recipients {
            if let Some(name) = &source.name {
                add(
                    &mut found,
                    name,
                    source.contact.clone(),
                    &source.categories,
                    None,
                );
            }
            let (Some(table), Some(name_column)) = (&source.table, &source.name_column) else {
                continue;
            };
            let Some(disclosures) = reached.iter().find(|r| &r.table.table == table) else {
                continue;
            };
            let key = &disclosures.table.key;
            for chunk in disclosures.keys.chunks(CHUNK) {
                let mut sql = ctx.sql();
                sql.push("SELECT ").ident(name_column);
                for column in [&source.contact_column, &source.date_column] {
                    match column {
                        Some(column) => sql.push(", ").ident(column),
                        None => sql.push(", NULL"),
                    };
                }
                sql.push(" FROM ")
                    .ident(table)
                    .push(" WHERE ")
                    .in_list(key, chunk)
                    .push(" ORDER BY ")
                    .ident(key);
                let action = format!("reading disclosures from `{table}`");
                for row in tx.fetch(&sql, &action).await? {
                    let Some(name) = row.first().and_then(text) else {
                        continue;
                    };
                    let contact = row.get(1).and_then(text);
                    let date = row
                        .get(2)
                        .and_then(text)
                        .and_then(|d| d.get(..10).and_then(|d| d.parse::<NaiveDate>().ok()));
                    add(&mut found, &name, contact, &source.categories, date);
                }
            }
        }
    }
    Ok(found)
}

/// Adds a recipient or merges it into the one with the same name.
fn add(
    found: &mut Vec<Recipient>,
    name: &str,
    contact: Option<String>,
    categories: &[dsrd_plugin_api::DataCategory],
    date: Option<NaiveDate>,
) {
    let index = match found.iter().position(|r| r.name == name) {
        Some(index) => index,
        None => {
            found.push(Recipient {
                name: name.to_owned(),
                contact: None,
                categories: Vec::new(),
                last_disclosed: None,
            });
            found.len() - 1
        }
    };
    let recipient = &mut found[index];
    if recipient.contact.is_none() {
        recipient.contact = contact;
    }
    for category in categories {
        if !recipient.categories.contains(category) {
            recipient.categories.push(category.clone());
        }
    }
    recipient.last_disclosed = recipient.last_disclosed.max(date);
}
