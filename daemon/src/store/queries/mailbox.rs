//! Where each IMAP mailbox has been read up to. Shared SQL of both stores (see `queries/mod.rs`).

macro_rules! sql_mailbox {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::MailboxStore for $store {
            async fn mailbox_state(
                &self,
                mailbox: &str,
            ) -> Result<Option<$crate::store::MailboxState>, $crate::store::StoreError> {
                use sqlx::Row;
                let row = sqlx::query("SELECT uidvalidity, last_uid FROM mailbox_state WHERE mailbox = $1")
                    .bind(mailbox)
                    .fetch_optional(&self.pool)
                    .await?;
                let Some(row) = row else { return Ok(None) };
                let (validity, last): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
                let corrupt = |_| $crate::store::StoreError::Corrupt(format!("mailbox_state of {mailbox}"));
                Ok(Some($crate::store::MailboxState {
                    uidvalidity: u32::try_from(validity).map_err(corrupt)?,
                    last_uid: u32::try_from(last).map_err(corrupt)?,
                }))
            }

            async fn save_mailbox_state(
                &self,
                mailbox: &str,
                state: $crate::store::MailboxState,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                // A new UIDVALIDITY replaces the row; within one, the UID only grows.
                sqlx::query(
                    "INSERT INTO mailbox_state (mailbox, uidvalidity, last_uid, updated_at)
                     VALUES ($1, $2, $3, $4)
                     ON CONFLICT (mailbox) DO UPDATE SET
                        last_uid = CASE WHEN mailbox_state.uidvalidity = excluded.uidvalidity
                                        AND mailbox_state.last_uid > excluded.last_uid
                                   THEN mailbox_state.last_uid ELSE excluded.last_uid END,
                        uidvalidity = excluded.uidvalidity,
                        updated_at = excluded.updated_at",
                )
                .bind(mailbox)
                .bind(i64::from(state.uidvalidity))
                .bind(i64::from(state.last_uid))
                .bind(at)
                .execute(&self.pool)
                .await?;
                Ok(())
            }
        }
    };
}

pub(crate) use sql_mailbox;
