//! Multi-row `INSERT`s in batches, for seeding.

use crate::engine::{Engine, Sql, Tx};
use crate::error::Result;
use crate::settings::Ident;
use serde_json::Value;

/// The kind of a seeded column; PostgreSQL needs text cast to dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Integer or boolean, bound natively.
    Plain,
    /// A date given as `YYYY-MM-DD` text.
    Date,
}

/// Collects rows of one table and sends them as multi-row inserts of up
/// to about 20,000 parameters each (under every engine's limit), which is
/// what makes seeding 100,000 pupils take seconds, not minutes.
pub struct Inserter {
    engine: Engine,
    table: Ident,
    columns: Vec<(Ident, Kind)>,
    rows: Vec<Vec<Value>>,
    per_statement: usize,
}

impl Inserter {
    /// An inserter for `table` with `columns` (`name` or `name:date`).
    pub fn new(engine: Engine, table: &str, columns: &[&str]) -> Inserter {
        let columns: Vec<(Ident, Kind)> = columns
            .iter()
            .map(|spec| match spec.split_once(':') {
                Some((name, _)) => (ident(name), Kind::Date),
                None => (ident(spec), Kind::Plain),
            })
            .collect();
        Inserter {
            engine,
            table: ident(table),
            per_statement: (20_000 / columns.len()).max(1),
            columns,
            rows: Vec::new(),
        }
    }

    /// Adds a row, sending a batch when one is full.
    pub async fn push(&mut self, tx: &mut Tx, row: Vec<Value>) -> Result<()> {
        debug_assert_eq!(row.len(), self.columns.len(), "{}", self.table);
        self.rows.push(row);
        if self.rows.len() >= self.per_statement {
            self.flush(tx).await?;
        }
        Ok(())
    }

    /// Sends what is left.
    pub async fn flush(&mut self, tx: &mut Tx) -> Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let mut sql = Sql::new(self.engine);
        sql.push("INSERT INTO ").ident(&self.table).push(" (");
        for (i, (column, _)) in self.columns.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.ident(column);
        }
        sql.push(") VALUES ");
        for (r, row) in std::mem::take(&mut self.rows).into_iter().enumerate() {
            sql.push(if r == 0 { "(" } else { ", (" });
            for (i, (value, (_, kind))) in row.into_iter().zip(&self.columns).enumerate() {
                if i > 0 {
                    sql.push(", ");
                }
                let cast = (*kind == Kind::Date).then_some("date");
                sql.typed_param(value, cast);
            }
            sql.push(")");
        }
        let action = format!("seeding `{}`", self.table);
        tx.execute(&sql, &action).await?;
        Ok(())
    }
}

fn ident(name: &str) -> Ident {
    Ident::parse(name).expect("demo names are plain")
}
