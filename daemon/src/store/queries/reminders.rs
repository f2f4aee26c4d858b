//! Deadline reminders, recorded once per case and kind. Shared SQL of both stores (see `queries/mod.rs`).

macro_rules! sql_reminders {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::ReminderStore for $store {
            async fn due_cases(
                &self,
                by: chrono::NaiveDate,
            ) -> Result<Vec<$crate::store::DueCase>, $crate::store::StoreError> {
                use sqlx::Row;
                let rows = sqlx::query(
                    "SELECT id, reference, due_date, deadline FROM cases
                     WHERE due_date <= $1 AND state NOT IN ('answered', 'closed', 'rejected')
                     ORDER BY due_date, id",
                )
                .bind(by)
                .fetch_all(&self.pool)
                .await?;
                let mut out = Vec::with_capacity(rows.len());
                for r in rows {
                    let id: i64 = r.try_get("id")?;
                    let reference: String = r.try_get("reference")?;
                    let reminded = sqlx::query("SELECT kind FROM case_reminders WHERE case_id = $1")
                        .bind(id)
                        .fetch_all(&self.pool)
                        .await?
                        .iter()
                        .map(|k| k.try_get::<String, _>(0))
                        .collect::<Result<Vec<_>, _>>()?;
                    let deadline: String = r.try_get("deadline")?;
                    out.push($crate::store::DueCase {
                        reference: parse_ref(&reference)?,
                        due_date: r.try_get("due_date")?,
                        reminded,
                        deadline: serde_json::from_str(&deadline).map_err(|e| {
                            $crate::store::StoreError::Corrupt(format!("deadline of {reference}: {e}"))
                        })?,
                    });
                }
                Ok(out)
            }

            async fn record_reminder(
                &self,
                reference: &$crate::case::CaseRef,
                kinds: &[String],
                mail: Option<$crate::store::OutgoingMail>,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                use sqlx::Row;
                let mut tx = self.begin_write().await?;
                let Some(case_id) = sqlx::query("SELECT id FROM cases WHERE reference = $1")
                    .bind(reference.as_str())
                    .fetch_optional(&mut *tx)
                    .await?
                    .map(|r| r.try_get::<i64, _>(0))
                    .transpose()?
                else {
                    return Ok(false);
                };
                for (i, kind) in kinds.iter().enumerate() {
                    let inserted = sqlx::query(
                        "INSERT INTO case_reminders (case_id, kind, recorded_at, mailed) VALUES ($1, $2, $3, $4)
                         ON CONFLICT (case_id, kind) DO NOTHING",
                    )
                    .bind(case_id)
                    .bind(kind)
                    .bind(now)
                    .bind(i == 0 && mail.is_some())
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if i == 0 && inserted == 0 {
                        tx.rollback().await?;
                        return Ok(false);
                    }
                }
                let detail = serde_json::json!({ "reminder": kinds[0] }).to_string();
                Self::add_event(&mut tx, case_id, now, $crate::case::EventKind::Reminder, None, None, Some(&kinds[0])).await?;
                Self::append_audit(&mut tx, now, "system", "case.reminder", Some(reference.as_str()), &detail).await?;
                if let Some(mail) = &mail {
                    Self::queue_mail(&mut tx, case_id, reference.as_str(), mail, now).await?;
                }
                tx.commit().await?;
                Ok(true)
            }
        }
    };
}

pub(crate) use sql_reminders;
