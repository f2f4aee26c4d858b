//! `purge_expired`: retention clean-up across all subjects.

use super::plan::{apply, entries, plan, Step};
use super::tree::walk;
use super::Ctx;
use crate::engine::Tx;
use crate::error::Result;
use crate::settings::TableMapping;
use chrono::{DateTime, Days, Utc};
use dsrd_plugin_api::{EraseMode, PurgeReport, TableChanges};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

/// For every table with a `retention` rule, the rows whose retention
/// column lies more than `days` before `now` are removed, and with them
/// the rows below them in the mapping, treated as erase mode `delete`
/// treats them (deleted, or cut loose where they point at someone else).
/// Rows whose column is NULL never expire. All in one transaction.
pub async fn purge(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    now: DateTime<Utc>,
    dry_run: bool,
) -> Result<PurgeReport> {
    let mut steps = Vec::new();
    for subject in &ctx.settings.subjects {
        for table in std::iter::once(subject).chain(subject.descendants()) {
            let Some(retention) = &table.retention else {
                continue;
            };
            let today = now.date_naive();
            let cutoff = today
                .checked_sub_days(Days::new(retention.days.into()))
                .unwrap_or(today);
            let expired = expired_keys(tx, ctx, table, cutoff.to_string()).await?;
            if expired.is_empty() {
                continue;
            }
            let mut reached = walk(tx, ctx, table, expired).await?;
            let own = reached.remove(0);
            // The expired rows themselves go, whatever `erase` says.
            steps.push(Step {
                table: own.table,
                keys: own.keys,
                values: None,
            });
            steps.extend(plan(tx, ctx, reached, EraseMode::Delete).await?);
        }
    }
    let mut tables: BTreeMap<String, (TableChanges, HashSet<String>)> = BTreeMap::new();
    for (table, key, _) in entries(&steps) {
        let (changes, seen) = tables.entry(table.to_owned()).or_default();
        if seen.insert(key.clone()) {
            changes.keys.push(key);
            changes.count += 1;
        }
    }
    if !dry_run {
        apply(tx, ctx, &steps).await?;
    }
    Ok(PurgeReport {
        dry_run,
        tables: tables.into_iter().map(|(t, (c, _))| (t, c)).collect(),
    })
}

async fn expired_keys(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    table: &TableMapping,
    cutoff: String,
) -> Result<Vec<Value>> {
    let Some(retention) = &table.retention else {
        return Ok(Vec::new());
    };
    let cast = ctx.schema.cast(&table.table, &retention.column);
    let mut sql = ctx.sql();
    sql.push("SELECT ")
        .ident(&table.key)
        .push(" FROM ")
        .ident(&table.table)
        .push(" WHERE ")
        .ident(&retention.column)
        .push(" < ")
        .typed_param(Value::String(cutoff), cast)
        .push(" ORDER BY ")
        .ident(&table.key);
    let action = format!("finding expired rows of `{}`", table.table);
    let rows = tx.fetch(&sql, &action).await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| row.into_iter().next())
        .collect())
}
