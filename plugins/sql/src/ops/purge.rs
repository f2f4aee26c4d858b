//! `purge_expired`: retention clean-up across all subjects.

use super::plan::{apply, entries, plan, Step};
use super::tree::walk;
use super::Ctx;
use crate::engine::{Sql, Tx};
use crate::error::Result;
use crate::settings::{Retention, TableMapping};
use chrono::{DateTime, Days, NaiveDate, Utc};
use dsrd_plugin_api::{EraseMode, PurgeReport, TableChanges};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

/// For every table with a `retention` rule, the rows whose date (their own
/// column, or with `via` their related row's) lies more than `days` before
/// today are removed, and with them the rows below them in the mapping,
/// treated as erase mode `delete` treats them (deleted, or cut loose where
/// they point at someone else). Rows whose date is NULL never expire. The
/// rows of a rule's table that stay are counted with the reason. All in
/// one transaction; a dry run reads the same and writes nothing.
pub async fn purge(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    now: DateTime<Utc>,
    dry_run: bool,
) -> Result<PurgeReport> {
    let today = now.with_timezone(&ctx.settings.time_zone).date_naive();
    let mut steps = Vec::new();
    let mut report = PurgeReport::new(dry_run);
    for subject in &ctx.settings.subjects {
        for table in std::iter::once(subject).chain(subject.descendants()) {
            let Some(retention) = &table.retention else {
                continue;
            };
            let cutoff = today
                .checked_sub_days(Days::new(retention.days.into()))
                .unwrap_or(today);
            let expired = expired_keys(tx, ctx, table, retention, cutoff).await?;
            let total = count_rows(tx, ctx, table).await?;
            let kept = total.saturating_sub(expired.len() as u64);
            if kept > 0 {
                report.keep(table.table.as_str(), kept, &reason(retention, cutoff));
            }
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
    report.tables = tables.into_iter().map(|(t, (c, _))| (t, c)).collect();
    Ok(report)
}

/// Why a rule's rows that stay are kept, in words for the run's record.
fn reason(retention: &Retention, cutoff: NaiveDate) -> String {
    match &retention.via {
        Some(via) => format!(
            "the `{}` of its `{}` row is empty or not before {cutoff}",
            retention.column, via.table
        ),
        None => format!("`{}` is empty or not before {cutoff}", retention.column),
    }
}

async fn expired_keys(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    table: &TableMapping,
    retention: &Retention,
    cutoff: NaiveDate,
) -> Result<Vec<Value>> {
    let cutoff = Value::String(cutoff.to_string());
    let mut sql = ctx.sql();
    sql.push("SELECT ")
        .ident(&table.key)
        .push(" FROM ")
        .ident(&table.table)
        .push(" WHERE ");
    match &retention.via {
        None => {
            let cast = ctx.schema.cast(&table.table, &retention.column);
            date_before(&mut sql, &retention.column, cutoff, cast);
        }
        Some(via) => {
            // `IN (subquery)` rather than a join: the same text on all three
            // engines, and a NULL foreign key simply never matches.
            let cast = ctx.schema.cast(&via.table, &retention.column);
            sql.ident(&via.foreign_key)
                .push(" IN (SELECT ")
                .ident(&via.key)
                .push(" FROM ")
                .ident(&via.table)
                .push(" WHERE ");
            date_before(&mut sql, &retention.column, cutoff, cast);
            sql.push(")");
        }
    }
    sql.push(" ORDER BY ").ident(&table.key);
    let action = format!("finding expired rows of `{}`", table.table);
    let rows = tx.fetch(&sql, &action).await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| row.into_iter().next())
        .collect())
}

fn date_before(sql: &mut Sql, column: &crate::settings::Ident, cutoff: Value, cast: Option<&str>) {
    sql.ident(column).push(" < ").typed_param(cutoff, cast);
}

async fn count_rows(tx: &mut Tx, ctx: Ctx<'_>, table: &TableMapping) -> Result<u64> {
    let mut sql = ctx.sql();
    sql.push("SELECT COUNT(*) FROM ").ident(&table.table);
    let action = format!("counting the rows of `{}`", table.table);
    let rows = tx.fetch(&sql, &action).await?;
    let count = rows.first().and_then(|row| row.first());
    Ok(match count {
        Some(Value::Number(n)) => n.as_u64().unwrap_or(0),
        Some(Value::String(s)) => s.parse().unwrap_or(0),
        _ => 0,
    })
}
