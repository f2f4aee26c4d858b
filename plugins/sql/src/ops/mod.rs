//! The operations, written once for every engine over [`Sql`] and [`Tx`].
//!
//! Each takes an open transaction; the caller (`plugin`) decides whether
//! it is committed (a real run) or rolled back (a dry run or a read).

pub mod erase;
pub mod export;
pub mod locate;
pub mod matching;
pub mod persons;
pub mod plan;
pub mod purge;
pub mod recipients;
pub mod rectify;
pub mod restrict;
pub mod retain;
pub mod tree;

use crate::engine::{schema::Schema, Engine, Sql, Tx};
use crate::error::Result;
use crate::settings::{Ident, Settings};
use serde_json::Value;

/// What every operation needs besides the transaction.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    /// The checked settings and mapping.
    pub settings: &'a Settings,
    /// The database's columns, for casts on PostgreSQL.
    pub schema: &'a Schema,
}

impl Ctx<'_> {
    /// The engine in use.
    pub fn engine(&self) -> Engine {
        self.settings.engine
    }

    /// A new statement for this engine.
    pub fn sql(&self) -> Sql {
        Sql::new(self.engine())
    }
}

/// A value as text, for comparisons and record keys: numbers in decimal,
/// NULL as nothing.
pub fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// A record key as reports show it.
pub fn key_text(value: &Value) -> String {
    text(value).unwrap_or_default()
}

/// `SELECT key FROM table WHERE column IN (values) ORDER BY key`, in
/// chunks, returning the keys (the first column of each row).
pub async fn keys_where_in(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    table: &Ident,
    key: &Ident,
    column: &Ident,
    values: &[Value],
) -> Result<Vec<Value>> {
    let mut keys = Vec::new();
    for chunk in values.chunks(crate::engine::quote::CHUNK) {
        let mut sql = ctx.sql();
        sql.push("SELECT ")
            .ident(key)
            .push(" FROM ")
            .ident(table)
            .push(" WHERE ")
            .in_list(column, chunk)
            .push(" ORDER BY ")
            .ident(key);
        let action = format!("reading `{table}`");
        let rows = tx.fetch(&sql, &action).await?;
        keys.extend(rows.into_iter().filter_map(|row| row.into_iter().next()));
    }
    Ok(keys)
}
