//! `rectify`: corrections to allowed personal columns (art. 16).

use super::matching::{find, resolve};
use super::tree::{walk_all, Reached};
use super::{key_text, Ctx};
use crate::engine::quote::CHUNK;
use crate::engine::Tx;
use crate::error::{Result, SqlError};
use crate::settings::Ident;
use dsrd_plugin_api::{Change, ChangeReport, Scope, Subject};
use serde_json::Value;

/// Applies each change to the subject's rows of its table (or the one row
/// it names), changing only rows whose value differs, so a repeat reports
/// nothing. A column outside the table's `rectifiable` list, a table
/// outside the subject's trees, or a key of someone else's row is refused
/// before anything changes. Error messages name the column, never the
/// value (it is personal data).
///
/// With a `scope`, the same reads first work out what would change, in
/// this transaction and before anything is written; drift from the scope
/// is an error and nothing is changed.
pub async fn rectify(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    subject: &Subject,
    changes: &[Change],
    scope: Option<&Scope>,
    dry_run: bool,
) -> Result<ChangeReport> {
    if let Some(scope) = scope {
        let planned = apply(tx, ctx, subject, changes, true).await?;
        scope.check(&planned).map_err(SqlError::Plugin)?;
        if dry_run {
            return Ok(planned);
        }
    }
    apply(tx, ctx, subject, changes, dry_run).await
}

/// The operation itself: reports what differs and, unless `dry_run`,
/// changes it.
async fn apply(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    subject: &Subject,
    changes: &[Change],
    dry_run: bool,
) -> Result<ChangeReport> {
    let rows = resolve(&find(tx, ctx, subject).await?)?;
    let reached = walk_all(tx, ctx, &rows).await?;
    let mut report = ChangeReport::new(dry_run);
    if rows.is_empty() {
        return Ok(report);
    }
    for change in changes {
        let (target, column) = check(&reached, change)?;
        let keys: Vec<Value> = match &change.key {
            None => target.keys.clone(),
            Some(key) => target
                .keys
                .iter()
                .filter(|k| key_text(k) == *key)
                .cloned()
                .collect(),
        };
        let table = target.table;
        let cast = ctx.schema.cast(&table.table, &column);
        for chunk in keys.chunks(CHUNK) {
            let mut sql = ctx.sql();
            sql.push("SELECT ")
                .ident(&table.key)
                .push(" FROM ")
                .ident(&table.table)
                .push(" WHERE ")
                .in_list(&table.key, chunk)
                .push(" AND NOT (")
                .null_safe_eq(&column, change.value.clone(), cast)
                .push(") ORDER BY ")
                .ident(&table.key);
            let action = format!("comparing `{}`.`{column}`", table.table);
            let differing: Vec<Value> = tx
                .fetch(&sql, &action)
                .await?
                .into_iter()
                .filter_map(|row| row.into_iter().next())
                .collect();
            for key in &differing {
                report.record(table.table.as_str(), &key_text(key), &[column.as_str()]);
            }
            if dry_run || differing.is_empty() {
                continue;
            }
            let mut update = ctx.sql();
            update
                .push("UPDATE ")
                .ident(&table.table)
                .push(" SET ")
                .ident(&column)
                .push(" = ")
                .typed_param(change.value.clone(), cast)
                .push(" WHERE ")
                .in_list(&table.key, &differing);
            let action = format!("rectifying `{}`.`{column}`", table.table);
            tx.execute(&update, &action).await?;
        }
    }
    Ok(report)
}

/// The reached table and column a change is about, or why not.
fn check<'r, 'm>(reached: &'r [Reached<'m>], change: &Change) -> Result<(&'r Reached<'m>, Ident)> {
    let mut tables = reached
        .iter()
        .filter(|r| r.table.table.as_str() == change.table);
    let target = tables
        .find(|r| {
            r.table
                .rectifiable()
                .iter()
                .any(|c| c.as_str() == change.field)
        })
        .ok_or_else(|| {
            let known = reached
                .iter()
                .find(|r| r.table.table.as_str() == change.table);
            SqlError::Request(match known {
                None => format!(
                    "table `{}` holds none of the subject's records in this mapping",
                    change.table
                ),
                Some(r) => format!(
                    "field `{}.{}` cannot be rectified; fields that can: {}",
                    change.table,
                    change.field,
                    r.table
                        .rectifiable()
                        .iter()
                        .map(Ident::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })
        })?;
    if let Some(key) = &change.key {
        if !target.keys.iter().any(|k| key_text(k) == *key) {
            return Err(SqlError::Request(format!(
                "record `{key}` in `{}` is not one of the subject's records",
                change.table
            )));
        }
    }
    if matches!(change.value, Value::Array(_) | Value::Object(_)) {
        return Err(SqlError::Request(format!(
            "the new value of `{}.{}` must be text, a number, true/false or null",
            change.table, change.field
        )));
    }
    let column = Ident::parse(&change.field).map_err(SqlError::Request)?;
    Ok((target, column))
}
