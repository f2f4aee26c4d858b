//! The store: the truth about every case. The rest of the daemon sees it only
//! through the [`Store`] trait; [`open`] picks the SQLite or the PostgreSQL
//! implementation from the configuration. Both share their queries
//! (`queries.rs`) but keep their own migrations and native types.

mod open;
mod postgres;
mod queries;
mod sqlite;
mod types;

pub use open::open;
pub use postgres::PgStore;
pub use sqlite::SqliteStore;
pub use types::*;

use crate::audit::{AuditRecord, Head};
use crate::case::{Case, CaseRef, CaseSummary};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database said no (connection, constraint, I/O).
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The schema could not be brought up to date.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A stored value is not what this version of dsrd writes.
    #[error("stored data is damaged or from a newer dsrd: {0}")]
    Corrupt(String),
}

/// Everything the daemon asks of its store.
#[async_trait]
pub trait Store: Send + Sync {
    /// Records a newly received message in one transaction: the case (or, for
    /// a message already seen, nothing), its first events, the audit entries
    /// and the acknowledgement in the outbox.
    async fn record_intake(&self, intake: NewIntake) -> Result<IntakeOutcome, StoreError>;

    /// Whether a message with this deduplication key was already recorded.
    async fn knows_message(&self, dedupe_key: &str) -> Result<Option<CaseRef>, StoreError>;

    /// Cases, newest first, filtered.
    async fn list_cases(&self, filter: &CaseFilter) -> Result<Vec<CaseSummary>, StoreError>;

    /// One case with its events, or `None`.
    async fn get_case(&self, reference: &CaseRef) -> Result<Option<Case>, StoreError>;

    /// The whole audit log in chain order, and the head the store remembers.
    async fn audit_log(&self) -> Result<(Vec<AuditRecord>, Head), StoreError>;

    /// Outgoing mail that is due for a (re)try at `now`.
    async fn due_outbox(
        &self,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<OutboxItem>, StoreError>;

    /// Records that an outgoing message was delivered.
    async fn mark_sent(&self, id: i64, at: DateTime<Utc>) -> Result<(), StoreError>;

    /// Records a failed attempt and when to try again.
    async fn mark_failed(
        &self,
        id: i64,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Changes one case: reads it, lets `change` decide, and writes the
    /// decision with its event, audit entry and mail, all in one transaction.
    async fn update_case(
        &self,
        reference: &CaseRef,
        now: DateTime<Utc>,
        change: CaseChange,
    ) -> Result<UpdateOutcome, StoreError>;

    /// Open cases due on or before `by`, with the reminders already recorded.
    async fn due_cases(&self, by: chrono::NaiveDate) -> Result<Vec<DueCase>, StoreError>;

    /// Records reminder `kinds` for a case (the first one with `mail`, the
    /// rest as superseded). Returns `false` when the first was already
    /// recorded, so nothing is sent twice.
    async fn record_reminder(
        &self,
        reference: &CaseRef,
        kinds: &[String],
        mail: Option<OutgoingMail>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// Counts of outgoing mail by status (for tests and `dsrd check`).
    async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError>;

    /// Claims a pending message for one delivery attempt (`pending` →
    /// `sending`); false when it was not pending any more.
    async fn claim_outbox(&self, id: i64, at: DateTime<Utc>) -> Result<bool, StoreError>;

    /// Messages left `sending` by a daemon that stopped between an attempt
    /// and its record: each may or may not have gone out.
    async fn interrupted_outbox(&self) -> Result<Vec<OutboxItem>, StoreError>;

    /// The IMAP progress of a mailbox (by its configured name), if any.
    async fn mailbox_state(&self, mailbox: &str) -> Result<Option<MailboxState>, StoreError>;

    /// Records the IMAP progress of a mailbox; `last_uid` never goes back
    /// within one UIDVALIDITY.
    async fn save_mailbox_state(
        &self,
        mailbox: &str,
        state: MailboxState,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
}
