//! The daily digest's record and the failed retention runs it reports.
//! Shared SQL of both stores (see `queries/mod.rs`).

macro_rules! sql_digest {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::DigestStore for $store {
            async fn last_digest(
                &self,
            ) -> Result<Option<$crate::store::DigestDay>, $crate::store::StoreError> {
                use sqlx::Row;
                let row = sqlx::query(
                    "SELECT day, at, counts, mails FROM digests ORDER BY day DESC LIMIT 1",
                )
                .fetch_optional(&self.pool)
                .await?;
                let Some(row) = row else { return Ok(None) };
                let counts: String = row.try_get(2)?;
                let mails: i64 = row.try_get(3)?;
                Ok(Some($crate::store::DigestDay {
                    day: row.try_get(0)?,
                    at: row.try_get(1)?,
                    counts: $crate::store::columns::from_json("digest counts", &counts)?,
                    mails: u32::try_from(mails).map_err(|e| {
                        $crate::store::StoreError::Corrupt(format!("digest mails {mails}: {e}"))
                    })?,
                }))
            }

            async fn record_digest(
                &self,
                digest: &$crate::store::NewDigest,
            ) -> Result<bool, $crate::store::StoreError> {
                let counts = $crate::store::columns::to_json("digest counts", &digest.counts)?;
                // The writer's lock and the key on `day` together: of two
                // daemons recording the same day, the second inserts nothing
                // and queues nothing.
                let mut tx = self.begin_write().await?;
                let inserted = sqlx::query(
                    "INSERT INTO digests (day, at, counts, mails) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (day) DO NOTHING",
                )
                .bind(digest.day)
                .bind(digest.at)
                .bind(&counts)
                .bind(digest.mails.len() as i64)
                .execute(&mut *tx)
                .await?;
                if inserted.rows_affected() != 1 {
                    tx.rollback().await?;
                    return Ok(false);
                }
                if !digest.mails.is_empty() {
                    let ids: Vec<&str> = digest.mails.iter().map(|m| m.message_id.as_str()).collect();
                    let detail = serde_json::json!({
                        "day": digest.day.to_string(),
                        "counts": digest.counts,
                        "mails": ids,
                    })
                    .to_string();
                    Self::append_audit(&mut tx, digest.at, "system", "digest.queued", None, &detail).await?;
                }
                for mail in &digest.mails {
                    sqlx::query(
                        "INSERT INTO outbox (case_id, kind, message_id, sender, recipient, raw, next_attempt_at, created_at)
                         VALUES (NULL, $1, $2, $3, $4, $5, $6, $6)",
                    )
                    .bind(mail.kind.as_str())
                    .bind(&mail.message_id)
                    .bind(mail.sender.as_str())
                    .bind(mail.recipient.as_str())
                    .bind(&mail.raw)
                    .bind(digest.at)
                    .execute(&mut *tx)
                    .await?;
                    let detail = serde_json::json!({
                        "kind": mail.kind.as_str(),
                        "message_id": mail.message_id,
                    })
                    .to_string();
                    Self::append_audit(&mut tx, digest.at, "system", "mail.queued", None, &detail).await?;
                }
                tx.commit().await?;
                Ok(true)
            }

            async fn failed_retention_runs(
                &self,
                since: chrono::DateTime<chrono::Utc>,
            ) -> Result<Vec<$crate::store::RetentionRun>, $crate::store::StoreError> {
                let rows = sqlx::query(
                    "SELECT id, rule, plugin, at, tick, dry_run, actor, tables, error FROM retention_runs
                     WHERE error IS NOT NULL AND at > $1 ORDER BY id",
                )
                .bind(since)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(Self::retention_run_of).collect()
            }
        }
    };
}

pub(crate) use sql_digest;
