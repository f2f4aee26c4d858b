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
                use $crate::store::columns;
                let (open, open_names) = columns::open_states(2);
                let sql = format!(
                    "SELECT id, reference, due_date, deadline FROM cases
                     WHERE due_date <= $1 AND {open}
                     ORDER BY due_date, id"
                );
                let mut query = sqlx::query(&sql).bind(by);
                for name in open_names {
                    query = query.bind(name);
                }
                let rows = query.fetch_all(&self.pool).await?;
                let mut out = Vec::with_capacity(rows.len());
                for r in rows {
                    let id: i64 = r.try_get("id")?;
                    let reference: String = r.try_get("reference")?;
                    let reminded = sqlx::query("SELECT kind FROM case_reminders WHERE case_id = $1")
                        .bind(id)
                        .fetch_all(&self.pool)
                        .await?
                        .iter()
                        .map(|k| columns::reminder_kind(&k.try_get::<String, _>(0)?))
                        .collect::<Result<Vec<_>, $crate::store::StoreError>>()?;
                    let deadline: String = r.try_get("deadline")?;
                    out.push($crate::store::DueCase {
                        reference: columns::reference(&reference)?,
                        due_date: r.try_get("due_date")?,
                        reminded,
                        deadline: columns::deadline(&deadline)?,
                    });
                }
                Ok(out)
            }

            async fn record_reminder(
                &self,
                reference: &$crate::case::CaseRef,
                kinds: &[$crate::answer::ReminderKind],
                mail: Option<$crate::outbox::OutgoingMail>,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                use sqlx::Row;
                let Some(first) = kinds.first() else {
                    return Ok(false);
                };
                let mut tx = self.begin_write().await?;
                let Some(row) = sqlx::query("SELECT id, state FROM cases WHERE reference = $1")
                    .bind(reference.as_str())
                    .fetch_optional(&mut *tx)
                    .await?
                else {
                    return Ok(false);
                };
                let case_id: i64 = row.try_get(0)?;
                let state = $crate::store::columns::state(&row.try_get::<String, _>(1)?)?;
                for (i, kind) in kinds.iter().enumerate() {
                    let inserted = sqlx::query(
                        "INSERT INTO case_reminders (case_id, kind, recorded_at, mailed) VALUES ($1, $2, $3, $4)
                         ON CONFLICT (case_id, kind) DO NOTHING",
                    )
                    .bind(case_id)
                    .bind(kind.key())
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
                let key = first.key();
                let mut effects = vec![
                    $crate::store::Effect::Event { kind: $crate::case::EventKind::Reminder, detail: Some(key.clone()) },
                    $crate::store::Effect::Audit { action: "case.reminder".into(), detail: serde_json::json!({ "reminder": key }) },
                ];
                effects.extend(mail.map($crate::store::Effect::QueueMail));
                // A reminder moves no state, so the state machine has
                // nothing to refuse here.
                Self::apply_effects(&mut tx, case_id, reference, state, &$crate::case::Actor::System, &effects, now)
                    .await?
                    .map_err($crate::store::StoreError::from)?;
                tx.commit().await?;
                Ok(true)
            }
        }
    };
}

pub(crate) use sql_reminders;
