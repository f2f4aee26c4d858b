//! Connections and transactions, one variant per engine.
//!
//! Every operation runs inside one [`Tx`]: a real run commits it, a dry
//! run and every read rolls it back. So a dry run executes exactly the
//! reads of the real run and cannot change anything even by mistake, and a
//! real run is all or nothing.

use super::decode;
use super::quote::{Param, Sql};
use super::Engine;
use crate::error::{Result, SqlError};
use serde_json::Value;
use sqlx::mysql::{MySqlConnectOptions, MySqlPool, MySqlPoolOptions};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use sqlx::{MySql, Postgres, Sqlite, Transaction};
use std::str::FromStr;

/// A pool of connections to the school database.
#[derive(Debug, Clone)]
pub enum Db {
    /// SQLite.
    Sqlite(SqlitePool),
    /// PostgreSQL.
    Postgres(PgPool),
    /// MariaDB or MySQL.
    MySql(MySqlPool),
}

/// An open transaction.
pub enum Tx {
    /// SQLite.
    Sqlite(Transaction<'static, Sqlite>),
    /// PostgreSQL.
    Postgres(Transaction<'static, Postgres>),
    /// MariaDB or MySQL.
    MySql(Transaction<'static, MySql>),
}

/// Rows as JSON values, one `Vec` per row in column order.
pub type Rows = Vec<Vec<Value>>;

impl Db {
    /// A pool that connects on first use, so that dsrd starts even while
    /// the school database is down. Must be called inside a Tokio runtime.
    /// `create` makes a missing SQLite file (for the demo only).
    pub fn connect_lazy(url: &str, max: u32, create: bool) -> Result<Db> {
        let bad = |error: sqlx::Error| SqlError::Mapping(format!("unusable `url`: {error}"));
        Ok(match Engine::from_url(url).map_err(SqlError::Mapping)? {
            Engine::Sqlite => {
                let options = SqliteConnectOptions::from_str(url)
                    .map_err(bad)?
                    .create_if_missing(create)
                    .foreign_keys(true);
                Db::Sqlite(
                    SqlitePoolOptions::new()
                        .max_connections(max)
                        .connect_lazy_with(options),
                )
            }
            Engine::Postgres => {
                let options = PgConnectOptions::from_str(url).map_err(bad)?;
                Db::Postgres(
                    PgPoolOptions::new()
                        .max_connections(max)
                        .connect_lazy_with(options),
                )
            }
            Engine::MySql => {
                let url = url.replacen("mariadb:", "mysql:", 1);
                let options = MySqlConnectOptions::from_str(&url).map_err(bad)?;
                Db::MySql(
                    MySqlPoolOptions::new()
                        .max_connections(max)
                        .connect_lazy_with(options),
                )
            }
        })
    }

    /// The engine behind the pool.
    pub fn engine(&self) -> Engine {
        match self {
            Db::Sqlite(_) => Engine::Sqlite,
            Db::Postgres(_) => Engine::Postgres,
            Db::MySql(_) => Engine::MySql,
        }
    }

    /// Starts a transaction.
    pub async fn begin(&self) -> Result<Tx> {
        let unavailable = |e: sqlx::Error| SqlError::Unavailable(e.to_string());
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin().await.map_err(unavailable)?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await.map_err(unavailable)?),
            Db::MySql(pool) => Tx::MySql(pool.begin().await.map_err(unavailable)?),
        })
    }

    /// Closes every connection.
    pub async fn close(&self) {
        match self {
            Db::Sqlite(pool) => pool.close().await,
            Db::Postgres(pool) => pool.close().await,
            Db::MySql(pool) => pool.close().await,
        }
    }
}

impl Tx {
    /// Runs a query and reads every row.
    pub async fn fetch(&mut self, sql: &Sql, action: &str) -> Result<Rows> {
        let failed = |e| SqlError::from_sqlx(action, e);
        match self {
            Tx::Sqlite(tx) => {
                let query = bind_plain(sqlx::query(sql.text()), sql.params());
                let rows = query.fetch_all(&mut **tx).await.map_err(failed)?;
                rows.iter().map(decode::sqlite_row).collect()
            }
            Tx::Postgres(tx) => {
                let query = bind_postgres(sqlx::query(sql.text()), sql.params());
                let rows = query.fetch_all(&mut **tx).await.map_err(failed)?;
                rows.iter().map(decode::postgres_row).collect()
            }
            Tx::MySql(tx) => {
                let query = bind_plain(sqlx::query(sql.text()), sql.params());
                let rows = query.fetch_all(&mut **tx).await.map_err(failed)?;
                rows.iter().map(decode::mysql_row).collect()
            }
        }
    }

    /// Runs a statement; returns the number of rows it affected.
    pub async fn execute(&mut self, sql: &Sql, action: &str) -> Result<u64> {
        let failed = |e| SqlError::from_sqlx(action, e);
        Ok(match self {
            Tx::Sqlite(tx) => bind_plain(sqlx::query(sql.text()), sql.params())
                .execute(&mut **tx)
                .await
                .map_err(failed)?
                .rows_affected(),
            Tx::Postgres(tx) => bind_postgres(sqlx::query(sql.text()), sql.params())
                .execute(&mut **tx)
                .await
                .map_err(failed)?
                .rows_affected(),
            Tx::MySql(tx) => bind_plain(sqlx::query(sql.text()), sql.params())
                .execute(&mut **tx)
                .await
                .map_err(failed)?
                .rows_affected(),
        })
    }

    /// Commits when `commit` is true, otherwise rolls back.
    pub async fn finish(self, commit: bool) -> Result<()> {
        let action = if commit { "committing" } else { "rolling back" };
        let failed = |e| SqlError::from_sqlx(action, e);
        match (self, commit) {
            (Tx::Sqlite(tx), true) => tx.commit().await.map_err(failed),
            (Tx::Sqlite(tx), false) => tx.rollback().await.map_err(failed),
            (Tx::Postgres(tx), true) => tx.commit().await.map_err(failed),
            (Tx::Postgres(tx), false) => tx.rollback().await.map_err(failed),
            (Tx::MySql(tx), true) => tx.commit().await.map_err(failed),
            (Tx::MySql(tx), false) => tx.rollback().await.map_err(failed),
        }
    }
}

type Query<'q, DB> = sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>>;

/// Binds each parameter with its natural type; SQLite and MariaDB take the
/// same five, so one generic function serves both.
fn bind_plain<'q, DB>(mut query: Query<'q, DB>, params: &[Param]) -> Query<'q, DB>
where
    DB: sqlx::Database,
    Option<String>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    bool: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    Option<f64>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    for param in params {
        query = match &param.value {
            Value::Null => query.bind(None::<String>),
            Value::Bool(b) => query.bind(*b),
            Value::Number(n) => match n.as_i64() {
                Some(i) => query.bind(i),
                None => query.bind(n.as_f64()),
            },
            Value::String(s) => query.bind(s.clone()),
            other => query.bind(other.to_string()),
        };
    }
    query
}

/// A parameter with a cast goes as text (see [`Param::cast`]); one
/// without is bound with its natural type.
fn bind_postgres<'q>(mut query: Query<'q, Postgres>, params: &[Param]) -> Query<'q, Postgres> {
    for param in params {
        query = match (&param.value, &param.cast) {
            (Value::Null, _) => query.bind(None::<String>),
            (Value::String(s), _) => query.bind(s.clone()),
            (other, Some(_)) => query.bind(other.to_string()),
            (Value::Bool(b), None) => query.bind(*b),
            (Value::Number(n), None) => match n.as_i64() {
                Some(i) => query.bind(i),
                None => query.bind(n.as_f64()),
            },
            (other, None) => query.bind(other.to_string()),
        };
    }
    query
}
