//! Following foreign keys from a subject row down its tree.

use super::{keys_where_in, Ctx};
use crate::engine::Tx;
use crate::error::Result;
use crate::settings::TableMapping;
use serde_json::Value;

/// The rows of one table of the tree that belong to the subject.
#[derive(Debug, Clone)]
pub struct Reached<'m> {
    /// The table's mapping (a table may appear at several places in the
    /// mapping with different rules; this is the place it was reached by).
    pub table: &'m TableMapping,
    /// The keys of its rows, in key order.
    pub keys: Vec<Value>,
}

/// Every table of `root`'s tree with the rows reached from `keys`, in
/// pre-order: a parent always comes before its children, so the reverse
/// order is a safe order for deleting.
pub async fn walk<'m>(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    root: &'m TableMapping,
    keys: Vec<Value>,
) -> Result<Vec<Reached<'m>>> {
    let mut reached = Vec::new();
    let mut stack = vec![Reached { table: root, keys }];
    while let Some(node) = stack.pop() {
        let mut children = Vec::with_capacity(node.table.children.len());
        for child in &node.table.children {
            let keys = match (&child.foreign_key, node.keys.is_empty()) {
                (Some(foreign_key), false) => {
                    keys_where_in(tx, ctx, &child.table, &child.key, foreign_key, &node.keys)
                        .await?
                }
                _ => Vec::new(),
            };
            children.push(Reached { table: child, keys });
        }
        reached.push(node);
        stack.extend(children.into_iter().rev());
    }
    Ok(reached)
}

/// The trees of every resolved subject row, one after another.
pub async fn walk_all<'m>(
    tx: &mut Tx,
    ctx: Ctx<'m>,
    rows: &[(usize, Value)],
) -> Result<Vec<Reached<'m>>> {
    let mut all = Vec::new();
    for (subject, key) in rows {
        let root = &ctx.settings.subjects[*subject];
        all.extend(walk(tx, ctx, root, vec![key.clone()]).await?);
    }
    Ok(all)
}
