//! The embedded store: one SQLite file, created on first start.

use super::queries::sql_store;
use super::StoreError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool};
use std::path::Path;
use std::time::Duration;

/// The SQLite implementation of [`super::Store`].
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and brings its schema up
    /// to date.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
        }
        // WAL with synchronous=FULL: a commit returns only once the log is on
        // disk. The commit that lets a message go (its case, then the move
        // to cur/ or to the IMAP done folder) must survive a power loss or an
        // OS crash, as the mailbox's own move does; NORMAL would sync only at
        // checkpoints and could take the last commits back. What it costs is
        // in the README. The busy timeout lets the CLI read and write while
        // the daemon runs.
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            // Overwritten and deleted content is zeroed, not left in free
            // pages: a removed identity document copy must not be readable
            // from the file (the reglement keeps no copy, 8.2.2).
            .pragma("secure_delete", "on")
            .busy_timeout(Duration::from_secs(30));
        // SQLite's migrator takes no lock: a CLI command and the daemon
        // opening a fresh file at the same moment would both create the
        // tables, and one fails. A lock file beside the database makes the
        // second wait until the first is done. It is taken before the first
        // connection too: on a fresh file, switching it to WAL needs the
        // database to itself, and a second opener doing the same at that
        // moment got "database is locked" despite the busy timeout (seen
        // in the e2e suite: the daemon starting while `dsrd users add` made
        // the file).
        let lock = migration_lock(path).await?;
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        let migrated = sqlx::migrate!("./migrations/sqlite").run(&pool).await;
        drop(lock);
        migrated?;
        Ok(SqliteStore { pool })
    }

    /// The pool, for tests that need to reach under the trait.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

sql_store!(SqliteStore, Sqlite);

/// Takes the exclusive lock on `<database>.lock`, released when the file
/// is dropped.
async fn migration_lock(path: &Path) -> Result<std::fs::File, StoreError> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    let lock_path = path.with_file_name(name);
    let io = |e| StoreError::Database(sqlx::Error::Io(e));
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(io)?;
    tokio::task::spawn_blocking(move || file.lock().map(|()| file))
        .await
        .map_err(|e| io(std::io::Error::other(e)))?
        .map_err(io)
}

#[async_trait::async_trait]
impl super::ScrubStore for SqliteStore {
    async fn scrub(&self) -> Result<(), StoreError> {
        // The write-ahead log may still hold the pages as they were before
        // the overwrite; a TRUNCATE checkpoint copies what is current into
        // the database file and empties the log file.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn scrub_case_files(&self) -> Result<(), StoreError> {
        // secure_delete zeroed the deleted rows and the old versions of the
        // emptied ones in the database file; the log goes as in `scrub`.
        self.scrub().await
    }
}
