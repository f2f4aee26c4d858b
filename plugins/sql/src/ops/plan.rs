//! The exact set of changes an erasure or purge makes, and making them.
//!
//! A plan is computed inside the transaction that carries it out, from
//! the same reads a dry run does, so the dry run's report and the real
//! run's are the same set. Deleting goes children first, so foreign keys
//! hold at every statement, whether or not the database defers them.

use super::tree::Reached;
use super::{key_text, Ctx};
use crate::engine::quote::CHUNK;
use crate::engine::Tx;
use crate::error::Result;
use crate::settings::mapping::AnonValue;
use crate::settings::{Ident, TableMapping};
use dsrd_plugin_api::EraseMode;
use serde_json::Value;
use std::collections::BTreeMap;

/// One table's part of the plan.
#[derive(Debug, Clone)]
pub struct Step<'m> {
    /// The table and its rules.
    pub table: &'m TableMapping,
    /// The rows that change.
    pub keys: Vec<Value>,
    /// `None`: delete them; `Some`: overwrite these columns.
    pub values: Option<&'m BTreeMap<Ident, AnonValue>>,
}

/// Turns the reached rows into steps for erase mode `mode`. A row that is
/// anonymised already (every column holds its target value) is left out,
/// which is what makes a repeated anonymisation report nothing.
pub async fn plan<'m>(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    reached: Vec<Reached<'m>>,
    mode: EraseMode,
) -> Result<Vec<Step<'m>>> {
    let mut steps = Vec::with_capacity(reached.len());
    for Reached { table, keys } in reached {
        if keys.is_empty() {
            continue;
        }
        let values = table.erase_values(mode);
        let keys = match values {
            None => keys,
            Some(values) if values.is_empty() => continue,
            Some(values) => still_different(tx, ctx, table, values, &keys).await?,
        };
        if !keys.is_empty() {
            steps.push(Step {
                table,
                keys,
                values,
            });
        }
    }
    Ok(steps)
}

/// The keys among `keys` whose row differs from `values` somewhere.
async fn still_different(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    table: &TableMapping,
    values: &BTreeMap<Ident, AnonValue>,
    keys: &[Value],
) -> Result<Vec<Value>> {
    let mut different = Vec::new();
    for chunk in keys.chunks(CHUNK) {
        let mut sql = ctx.sql();
        sql.push("SELECT ")
            .ident(&table.key)
            .push(" FROM ")
            .ident(&table.table)
            .push(" WHERE ")
            .in_list(&table.key, chunk)
            .push(" AND NOT (");
        for (i, (column, value)) in values.iter().enumerate() {
            if i > 0 {
                sql.push(" AND ");
            }
            let cast = ctx.schema.cast(&table.table, column);
            sql.null_safe_eq(column, value.value(), cast);
        }
        sql.push(") ORDER BY ").ident(&table.key);
        let action = format!("comparing `{}`", table.table);
        let rows = tx.fetch(&sql, &action).await?;
        different.extend(rows.into_iter().filter_map(|row| row.into_iter().next()));
    }
    Ok(different)
}

/// Records the plan in a report: `(table, key, fields)` for each row.
pub fn entries<'s>(steps: &'s [Step<'_>]) -> impl Iterator<Item = (&'s str, String, Vec<&'s str>)> {
    steps.iter().flat_map(|step| {
        let fields: Vec<&str> = step
            .values
            .map(|values| values.keys().map(Ident::as_str).collect())
            .unwrap_or_default();
        step.keys
            .iter()
            .map(move |key| (step.table.table.as_str(), key_text(key), fields.clone()))
    })
}

/// Carries out the steps, last first (children before parents).
pub async fn apply(tx: &mut Tx, ctx: Ctx<'_>, steps: &[Step<'_>]) -> Result<()> {
    for step in steps.iter().rev() {
        let table = step.table;
        for chunk in step.keys.chunks(CHUNK) {
            let mut sql = ctx.sql();
            match step.values {
                None => {
                    sql.push("DELETE FROM ").ident(&table.table);
                }
                Some(values) => {
                    sql.push("UPDATE ").ident(&table.table).push(" SET ");
                    for (i, (column, value)) in values.iter().enumerate() {
                        if i > 0 {
                            sql.push(", ");
                        }
                        let cast = ctx.schema.cast(&table.table, column);
                        sql.ident(column)
                            .push(" = ")
                            .typed_param(value.value(), cast);
                    }
                }
            }
            sql.push(" WHERE ").in_list(&table.key, chunk);
            let verb = if step.values.is_some() {
                "anonymising"
            } else {
                "deleting from"
            };
            tx.execute(&sql, &format!("{verb} `{}`", table.table))
                .await?;
        }
    }
    Ok(())
}
