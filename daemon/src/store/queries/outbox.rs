//! The transactional outbox: mail waiting, being sent, sent. Shared SQL of both stores (see `queries/mod.rs`).

macro_rules! sql_outbox {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::OutboxStore for $store {
            async fn due_outbox(
                &self,
                now: chrono::DateTime<chrono::Utc>,
                limit: i64,
            ) -> Result<Vec<$crate::store::OutboxItem>, $crate::store::StoreError> {
                let rows = sqlx::query(
                    "SELECT o.id, c.reference, o.kind, o.message_id, o.sender, o.recipient, o.raw, o.attempts,
                            (SELECT m.mailbox FROM messages m WHERE m.case_id = o.case_id ORDER BY m.id LIMIT 1)
                     FROM outbox o LEFT JOIN cases c ON c.id = o.case_id
                     WHERE o.status = 'pending' AND o.next_attempt_at <= $1
                     ORDER BY o.id LIMIT $2",
                )
                .bind(now)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(outbox_item).collect()
            }

            async fn claim_outbox(
                &self,
                id: i64,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                let done = sqlx::query(
                    "UPDATE outbox SET status = 'sending', claimed_at = $2
                     WHERE id = $1 AND status = 'pending'",
                )
                .bind(id)
                .bind(at)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn mark_sent(
                &self,
                id: i64,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                use sqlx::Row;
                let mut tx = self.begin_write().await?;
                let row = sqlx::query(
                    "UPDATE outbox SET status = 'sent', sent_at = $2, attempts = attempts + 1
                     WHERE id = $1 AND status IN ('pending', 'sending')
                     RETURNING kind, message_id, (SELECT reference FROM cases WHERE cases.id = outbox.case_id)",
                )
                .bind(id)
                .bind(at)
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(row) = row {
                    let kind: String = row.try_get(0)?;
                    let message_id: String = row.try_get(1)?;
                    let case_ref: Option<String> = row.try_get(2)?;
                    let detail = serde_json::json!({ "kind": kind, "message_id": message_id }).to_string();
                    Self::append_audit(&mut tx, at, "system", "mail.sent", case_ref.as_deref(), &detail).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn mark_failed(
                &self,
                id: i64,
                error: &str,
                next_attempt_at: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                sqlx::query(
                    "UPDATE outbox SET status = 'pending', attempts = attempts + 1, last_error = $2,
                        next_attempt_at = $3
                     WHERE id = $1 AND status IN ('pending', 'sending')",
                )
                .bind(id)
                .bind(error)
                .bind(next_attempt_at)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn interrupted_outbox(
                &self,
            ) -> Result<Vec<$crate::store::OutboxItem>, $crate::store::StoreError> {
                let rows = sqlx::query(
                    "SELECT o.id, c.reference, o.kind, o.message_id, o.sender, o.recipient, o.raw, o.attempts,
                            (SELECT m.mailbox FROM messages m WHERE m.case_id = o.case_id ORDER BY m.id LIMIT 1)
                     FROM outbox o LEFT JOIN cases c ON c.id = o.case_id
                     WHERE o.status = 'sending' ORDER BY o.id",
                )
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(outbox_item).collect()
            }

            async fn outbox_counts(&self) -> Result<$crate::store::OutboxCounts, $crate::store::StoreError> {
                use sqlx::Row;
                let row = sqlx::query(
                    "SELECT COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0),
                            COALESCE(SUM(CASE WHEN status = 'sent' THEN 1 ELSE 0 END), 0),
                            COALESCE(SUM(CASE WHEN status = 'sending' THEN 1 ELSE 0 END), 0)
                     FROM outbox",
                )
                .fetch_one(&self.pool)
                .await?;
                Ok($crate::store::OutboxCounts {
                    pending: row.try_get(0)?,
                    sent: row.try_get(1)?,
                    sending: row.try_get(2)?,
                })
            }
        }
    };
}

pub(crate) use sql_outbox;
