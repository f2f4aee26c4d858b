//! Every row of every table, to prove what an operation did not touch.

use crate::engine::schema::Schema;
use crate::engine::{Db, Sql};
use crate::error::Result;
use crate::settings::Ident;
use serde_json::Value;
use std::collections::BTreeMap;

/// Table → rows (ordered by the first column), each row as JSON values in
/// column order. Two dumps are equal exactly when every row's every value
/// reads the same.
pub type Dump = BTreeMap<String, Vec<Vec<Value>>>;

/// Reads the tables named in `only` (every table when empty) at `db`.
pub async fn dump(db: &Db, only: &[&str]) -> Result<Dump> {
    let mut tx = db.begin().await?;
    let schema = Schema::load(&mut tx, db.engine()).await?;
    let mut dump = Dump::new();
    for table in schema
        .tables()
        .filter(|t| only.is_empty() || only.contains(t))
    {
        let Ok(name) = Ident::parse(table) else {
            continue;
        };
        let mut sql = Sql::new(db.engine());
        sql.push("SELECT * FROM ").ident(&name).push(" ORDER BY 1");
        let rows = tx.fetch(&sql, &format!("dumping `{name}`")).await?;
        dump.insert(table.to_owned(), rows);
    }
    tx.finish(false).await?;
    Ok(dump)
}
