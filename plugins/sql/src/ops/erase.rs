//! `erase`: delete or anonymise everything in the subject's trees.

use super::matching::{find, resolve};
use super::plan::{apply, entries, plan};
use super::retain::retained;
use super::tree::walk_all;
use super::Ctx;
use crate::engine::Tx;
use crate::error::{Result, SqlError};
use dsrd_plugin_api::{ChangeReport, EraseMode, Scope, Subject};

/// Plans the erasure and, unless `dry_run`, carries it out in the same
/// transaction. The report also lists what the erasure keeps under a
/// table's `retain` rule (see `settings::mapping`), read before any
/// change, so the dry run and the real run list the same. Rows of other people are never in the subject's trees
/// (see `settings::mapping`), so they cannot be touched. A repeat finds
/// no subject (deleted) or nothing left to change (anonymised) and
/// reports nothing.
///
/// With a `scope`, the plan is compared with it before any statement that
/// changes a row: drift is an error and nothing is changed (the caller
/// rolls the transaction back). The plan is read in the transaction that
/// carries it out, so no row can slip in between the check and the
/// change on engines whose transactions see a consistent snapshot; rows
/// added concurrently on a READ COMMITTED engine are not in the plan and
/// so are not touched.
pub async fn erase(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    subject: &Subject,
    mode: EraseMode,
    scope: Option<&Scope>,
    dry_run: bool,
) -> Result<ChangeReport> {
    let rows = resolve(&find(tx, ctx, subject).await?)?;
    let reached = walk_all(tx, ctx, &rows).await?;
    let kept = retained(tx, ctx, &reached, mode).await?;
    let steps = plan(tx, ctx, reached, mode).await?;
    let mut report = ChangeReport::new(dry_run);
    for (table, key, fields) in entries(&steps) {
        report.record(table, &key, &fields);
    }
    for retained in kept {
        report.retain(retained);
    }
    if let Some(scope) = scope {
        scope.check(&report).map_err(SqlError::Plugin)?;
    }
    if !dry_run {
        apply(tx, ctx, &steps).await?;
    }
    Ok(report)
}
