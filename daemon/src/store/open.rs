//! Choosing the store from the configuration.

use super::{PgStore, SqliteStore, Store, StoreError};
use crate::config::StoreConfig;
use std::sync::Arc;

/// Opens the configured store and migrates it.
pub async fn open(config: &StoreConfig) -> Result<Arc<dyn Store>, StoreError> {
    Ok(match config {
        StoreConfig::Sqlite { path } => Arc::new(SqliteStore::open(path).await?),
        StoreConfig::Postgres { url, password } => {
            Arc::new(PgStore::open(url, password.as_ref()).await?)
        }
    })
}
