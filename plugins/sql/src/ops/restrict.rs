//! `restrict`: the restriction flag of the subject's rows (art. 18).

use super::matching::{find, resolve};
use super::{key_text, Ctx};
use crate::engine::Tx;
use crate::error::{Result, SqlError};
use dsrd_plugin_api::{ChangeReport, Scope, Subject};
use serde_json::Value;

/// Sets (`on`) or clears the flag on each resolved subject row whose
/// table has a `restriction`, with `at` set to the database's current
/// time and `reason` to the configured text (both cleared when lifted).
/// Only rows whose flag changes are reported, so a repeat reports nothing.
/// A NULL flag counts as not restricted.
///
/// With a `scope`, the same reads first work out what would change, in
/// this transaction and before anything is written; drift from the scope
/// is an error and nothing is changed.
pub async fn restrict(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    subject: &Subject,
    on: bool,
    scope: Option<&Scope>,
    dry_run: bool,
) -> Result<ChangeReport> {
    if let Some(scope) = scope {
        let planned = apply(tx, ctx, subject, on, true).await?;
        scope.check(&planned).map_err(SqlError::Plugin)?;
        if dry_run {
            return Ok(planned);
        }
    }
    apply(tx, ctx, subject, on, dry_run).await
}

/// The operation itself: reports what differs and, unless `dry_run`,
/// changes it.
async fn apply(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    subject: &Subject,
    on: bool,
    dry_run: bool,
) -> Result<ChangeReport> {
    let rows = resolve(&find(tx, ctx, subject).await?)?;
    let mut report = ChangeReport::new(dry_run);
    for (index, key) in rows {
        let table = &ctx.settings.subjects[index];
        let Some(restriction) = &table.restriction else {
            continue;
        };
        let flag_cast = ctx.schema.cast(&table.table, &restriction.flag);
        let mut sql = ctx.sql();
        sql.push("SELECT ")
            .ident(&table.key)
            .push(" FROM ")
            .ident(&table.table)
            .push(" WHERE ")
            .ident(&table.key)
            .push(" = ")
            .param(key.clone())
            .push(" AND ");
        if on {
            sql.push("(").ident(&restriction.flag).push(" IS NULL OR ");
            sql.ident(&restriction.flag).push(" <> ");
            sql.typed_param(Value::Bool(true), flag_cast).push(")");
        } else {
            sql.ident(&restriction.flag).push(" = ");
            sql.typed_param(Value::Bool(true), flag_cast);
        }
        let action = format!("reading the restriction of `{}`", table.table);
        if tx.fetch(&sql, &action).await?.is_empty() {
            continue;
        }
        let mut fields = vec![restriction.flag.as_str()];
        fields.extend(restriction.at.as_ref().map(|c| c.as_str()));
        fields.extend(restriction.reason.as_ref().map(|c| c.as_str()));
        report.record(table.table.as_str(), &key_text(&key), &fields);
        if dry_run {
            continue;
        }
        let mut update = ctx.sql();
        update.push("UPDATE ").ident(&table.table).push(" SET ");
        update.ident(&restriction.flag).push(" = ");
        update.typed_param(Value::Bool(on), flag_cast);
        if let Some(at) = &restriction.at {
            update.push(", ").ident(at);
            update.push(if on {
                " = CURRENT_TIMESTAMP"
            } else {
                " = NULL"
            });
        }
        if let Some(reason) = &restriction.reason {
            let text = if on {
                Value::String(restriction.reason_text.clone())
            } else {
                Value::Null
            };
            let cast = ctx.schema.cast(&table.table, reason);
            update
                .push(", ")
                .ident(reason)
                .push(" = ")
                .typed_param(text, cast);
        }
        update
            .push(" WHERE ")
            .ident(&table.key)
            .push(" = ")
            .param(key.clone());
        let action = format!("restricting `{}`", table.table);
        tx.execute(&update, &action).await?;
    }
    Ok(report)
}
