//! The three database engines and what differs between them.
//!
//! Everything above this module builds SQL through [`Sql`] and reads rows
//! as JSON values, so the operations are written once. The differences
//! live here: how names are quoted and parameters written ([`quote`]), how
//! values are bound and rows read ([`db`], [`decode`]), and how the
//! columns of the mapped tables are found ([`schema`]). `sqlx::Any` is not
//! used: it cannot read dates or booleans on every engine (see
//! TECH-NOTES.md).

pub mod db;
mod decode;
pub mod quote;
pub mod schema;

pub use db::{Db, Tx};
pub use quote::Sql;

/// A database engine the plugin speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// SQLite 3 through a file (`sqlite://path`).
    Sqlite,
    /// PostgreSQL (`postgres://…`).
    Postgres,
    /// MariaDB or MySQL (`mysql://…`, `mariadb://…`).
    MySql,
}

impl Engine {
    /// The engine a connection URL names.
    pub fn from_url(url: &str) -> Result<Engine, String> {
        let scheme = url.split(':').next().unwrap_or_default();
        match scheme {
            "sqlite" => Ok(Engine::Sqlite),
            "postgres" | "postgresql" => Ok(Engine::Postgres),
            "mysql" | "mariadb" => Ok(Engine::MySql),
            _ => Err(
                "`url` must start with sqlite:, postgres:, mysql: or mariadb: \
                 (e.g. sqlite:///var/lib/school.db)"
                    .to_owned(),
            ),
        }
    }

    /// Whether `=` on text ignores case already (MariaDB's default
    /// collations do), so no `lower()` is needed and indexes stay usable.
    pub fn text_equality_ignores_case(self) -> bool {
        self == Engine::MySql
    }
}
