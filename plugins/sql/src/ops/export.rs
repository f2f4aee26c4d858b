//! `export`: the subject's rows as tables (art. 15 and 20).

use super::matching::{find, resolve};
use super::tree::walk_all;
use super::Ctx;
use crate::engine::quote::CHUNK;
use crate::engine::Tx;
use crate::error::Result;
use crate::settings::Ident;
use dsrd_plugin_api::{ExportResult, ExportTable, Subject};

/// Every table of the subject's trees, with the key and the personal
/// columns of each row. Columns that are not personal (foreign keys,
/// technical flags) are left out, and so is everything about other
/// people: their rows are not in the subject's tree.
pub async fn export(tx: &mut Tx, ctx: Ctx<'_>, subject: &Subject) -> Result<ExportResult> {
    let rows = resolve(&find(tx, ctx, subject).await?)?;
    let mut result = ExportResult::default();
    for reached in walk_all(tx, ctx, &rows).await? {
        if reached.keys.is_empty() {
            continue;
        }
        let table = reached.table;
        let mut columns: Vec<&Ident> = vec![&table.key];
        for column in &table.personal {
            if !columns.contains(&column) {
                columns.push(column);
            }
        }
        let mut export = ExportTable {
            name: table.table.to_string(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
        };
        for chunk in reached.keys.chunks(CHUNK) {
            let mut sql = ctx.sql();
            sql.push("SELECT ");
            for (i, column) in columns.iter().enumerate() {
                if i > 0 {
                    sql.push(", ");
                }
                sql.ident(column);
            }
            sql.push(" FROM ")
                .ident(&table.table)
                .push(" WHERE ")
                .in_list(&table.key, chunk)
                .push(" ORDER BY ")
                .ident(&table.key);
            let action = format!("exporting `{}`", table.table);
            export.rows.extend(tx.fetch(&sql, &action).await?);
        }
        match result
            .tables
            .iter_mut()
            .find(|t| t.name == export.name && t.columns == export.columns)
        {
            Some(existing) => existing.rows.extend(export.rows),
            None => result.tables.push(export),
        }
    }
    Ok(result)
}
