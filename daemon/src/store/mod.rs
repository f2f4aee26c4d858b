//! The store: the truth about every case. The rest of the daemon sees it only
//! through the [`Store`] trait; [`open`] picks the SQLite or the PostgreSQL
//! implementation from the configuration. Both share their queries
//! (`queries/`, one file per store trait) but keep their own migrations and
//! native types.

mod account;
mod answer;
mod breach;
mod case_file;
mod columns;
#[cfg(test)]
mod contract;
mod digest;
mod ledger;
mod open;
mod postgres;
mod queries;
mod refusal;
mod restriction;
mod retention;
mod sqlite;
mod traits;
mod types;

pub use account::*;
pub use answer::*;
pub use breach::*;
pub use case_file::*;
pub use digest::*;
pub use ledger::*;
pub use open::open;
pub use postgres::PgStore;
pub use refusal::{Refusal, RefusalKind};
pub use restriction::*;
pub use retention::*;
pub use sqlite::SqliteStore;
pub use traits::*;
pub use types::*;

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database said no (connection, constraint, I/O).
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The schema could not be brought up to date.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The effects of a new case asked for a move the state machine does not
    /// allow (a change to an existing case is refused instead).
    #[error(transparent)]
    IllegalTransition(#[from] crate::case::IllegalTransition),
    /// A move to `awaiting_approval` without a recorded verification of
    /// identity, or another write the store refuses on principle.
    #[error("{0}")]
    Refused(String),
    /// A stored value is not what this version of dsrd writes.
    #[error("stored data is damaged or from a newer dsrd: {0}")]
    Corrupt(String),
}
