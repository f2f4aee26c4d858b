//! The shared store: a PostgreSQL database.

use super::queries::sql_store;
use super::StoreError;
use crate::config::SecretString;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres};
use std::str::FromStr;

/// The PostgreSQL implementation of [`super::Store`].
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects and brings the schema up to date.
    pub async fn open(url: &str, password: Option<&SecretString>) -> Result<Self, StoreError> {
        let mut options = PgConnectOptions::from_str(url)?;
        if let Some(password) = password {
            options = options.password(password.expose());
        }
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(PgStore { pool })
    }

    /// The pool, for tests that need to reach under the trait.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

sql_store!(PgStore, Postgres);

#[async_trait::async_trait]
impl super::ScrubStore for PgStore {
    async fn scrub(&self) -> Result<(), StoreError> {
        // The old row versions of the overwritten messages are dead tuples
        // until vacuumed; VACUUM frees them for reuse (a FULL vacuum would
        // rewrite the table, but locks it against intake meanwhile).
        sqlx::query("VACUUM messages").execute(&self.pool).await?;
        Ok(())
    }

    async fn scrub_case_files(&self) -> Result<(), StoreError> {
        // Every table a reduction empties rows of or deletes rows from:
        // their old row versions are freed for reuse (see `scrub`).
        for table in REDUCED_TABLES {
            sqlx::query(&format!("VACUUM {table}"))
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }
}

/// The tables a case reduction changes.
const REDUCED_TABLES: [&str; 13] = [
    "cases",
    "case_events",
    "messages",
    "outbox",
    "case_identity",
    "case_plans",
    "plan_decisions",
    "case_actions",
    "restrictions",
    "case_answers",
    "packages",
    "recipient_notices",
    "case_reductions",
];
