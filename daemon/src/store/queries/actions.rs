//! The action rows of approved plans, as the execution worker moves them:
//! claimed (`pending → running`), finished with their result (`done`), or
//! failed (back to `pending` for a retry, or `failed` for the officer).
//! Shared SQL of both stores (see `queries/mod.rs`).

macro_rules! sql_actions {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::ActionStore for $store {
            async fn due_actions(
                &self,
                now: chrono::DateTime<chrono::Utc>,
                limit: i64,
            ) -> Result<Vec<$crate::store::ActionRow>, $crate::store::StoreError> {
                self.actions_where("a.state = 'pending' AND a.next_attempt_at <= $1", Some(now), limit).await
            }

            async fn interrupted_actions(&self) -> Result<Vec<$crate::store::ActionRow>, $crate::store::StoreError> {
                self.actions_where("a.state = 'running'", None, i64::MAX).await
            }

            async fn claim_action(
                &self,
                id: i64,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                let done = sqlx::query(
                    "UPDATE case_actions SET state = 'running', attempts = attempts + 1, updated_at = $2
                     WHERE id = $1 AND state = 'pending'",
                )
                .bind(id)
                .bind(at)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn release_action(
                &self,
                id: i64,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                let done = sqlx::query(
                    "UPDATE case_actions SET state = 'pending', next_attempt_at = $2, updated_at = $2
                     WHERE id = $1 AND state = 'running'",
                )
                .bind(id)
                .bind(at)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn finish_action(
                &self,
                id: i64,
                result: &serde_json::Value,
                summary: &str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                let mut tx = self.begin_write().await?;
                if Self::finish_action_in(&mut tx, id, result, summary, at).await?.is_none() {
                    tx.rollback().await?;
                    return Ok(false);
                }
                tx.commit().await?;
                Ok(true)
            }

            async fn fail_action(
                &self,
                id: i64,
                error: &str,
                retry_at: Option<chrono::DateTime<chrono::Utc>>,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                use sqlx::Row;
                let mut tx = self.begin_write().await?;
                let (state, next) = match retry_at {
                    Some(when) => ("pending", when),
                    None => ("failed", at),
                };
                let row = sqlx::query(
                    "UPDATE case_actions SET state = $2, error = $3, next_attempt_at = $4, updated_at = $5
                     WHERE id = $1 AND state = 'running'
                     RETURNING case_id, action, attempts, (SELECT reference FROM cases WHERE cases.id = case_actions.case_id)",
                )
                .bind(id)
                .bind(state)
                .bind(error)
                .bind(next)
                .bind(at)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(row) = row else {
                    tx.rollback().await?;
                    return Ok(false);
                };
                let case_id: i64 = row.try_get(0)?;
                let action: String = row.try_get(1)?;
                let attempts: i64 = row.try_get(2)?;
                let reference: String = row.try_get(3)?;
                let detail = match retry_at {
                    Some(when) => format!("{action} failed (attempt {attempts}), tried again from {when}: {error}"),
                    None => format!("{action} failed: {error}; dsrd cases retry {reference} --action {action}, or waive it"),
                };
                Self::add_event(&mut tx, case_id, at, $crate::case::EventKind::ActionFailed, None, None, Some(&detail)).await?;
                let audit = serde_json::json!({ "action": action, "attempts": attempts, "final": retry_at.is_none() }).to_string();
                Self::append_audit(&mut tx, at, "system", "action.failed", Some(&reference), &audit).await?;
                tx.commit().await?;
                Ok(true)
            }
        }

        impl $store {
            /// `finish_action` inside the caller's transaction: the row's
            /// move to `done`, its event, its audit entry and, for a
            /// restriction, its entry in the register. Returns the case's
            /// reference and the action's id, or `None` (nothing written)
            /// when the action was not running.
            async fn finish_action_in(
                tx: &mut sqlx::Transaction<'_, $db>,
                id: i64,
                result: &serde_json::Value,
                summary: &str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<Option<(String, String)>, $crate::store::StoreError> {
                use sqlx::Row;
                let row = sqlx::query(
                    "UPDATE case_actions SET state = 'done', result = $2, error = NULL, updated_at = $3
                     WHERE id = $1 AND state = 'running'
                     RETURNING case_id, action, (SELECT reference FROM cases WHERE cases.id = case_actions.case_id)",
                )
                .bind(id)
                .bind(result.to_string())
                .bind(at)
                .fetch_optional(&mut **tx)
                .await?;
                let Some(row) = row else {
                    return Ok(None);
                };
                let case_id: i64 = row.try_get(0)?;
                let action: String = row.try_get(1)?;
                let reference: String = row.try_get(2)?;
                let detail = format!("{action} done: {summary}");
                Self::add_event(tx, case_id, at, $crate::case::EventKind::ActionDone, None, None, Some(&detail)).await?;
                let audit = serde_json::json!({ "action": action, "summary": summary }).to_string();
                Self::append_audit(tx, at, "system", "action.done", Some(&reference), &audit).await?;
                // A restriction enters the register in the same transaction,
                // so no marked record is ever missing from it.
                Self::register_restriction(tx, id, at).await?;
                Ok(Some((reference, action)))
            }

            async fn actions_where(
                &self,
                condition: &str,
                now: Option<chrono::DateTime<chrono::Utc>>,
                limit: i64,
            ) -> Result<Vec<$crate::store::ActionRow>, $crate::store::StoreError> {
                use sqlx::Row;
                let sql = format!(
                    "SELECT a.id, a.action, a.spec, a.state, a.attempts, a.next_attempt_at, a.result, a.error, a.note, c.reference
                     FROM case_actions a JOIN cases c ON c.id = a.case_id
                     WHERE {condition} ORDER BY a.id LIMIT {limit}"
                );
                let mut query = sqlx::query(&sql);
                if let Some(now) = now {
                    query = query.bind(now);
                }
                let rows = query.fetch_all(&self.pool).await?;
                rows.iter()
                    .map(|r| {
                        let reference = $crate::store::columns::reference(&r.try_get::<String, _>(9)?)?;
                        $crate::store::columns::action_row(r, &reference)
                    })
                    .collect()
            }
        }
    };
}

pub(crate) use sql_actions;
