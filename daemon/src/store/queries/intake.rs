//! What intake writes: a received message as a new case, a follow-up or a duplicate. Shared SQL of both stores (see `queries/mod.rs`).

macro_rules! sql_intake {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::IntakeStore for $store {
            async fn record_intake(
                &self,
                intake: $crate::store::NewIntake,
            ) -> Result<$crate::store::IntakeOutcome, $crate::store::StoreError> {
                use $crate::case::{CaseRef, CaseState, EventKind};
                use $crate::store::IntakeOutcome;
                use sqlx::Row;
                let mut tx = self.begin_write().await?;
                let seen = sqlx::query(
                    "SELECT c.reference FROM messages m JOIN cases c ON c.id = m.case_id
                     WHERE m.dedupe_key = $1",
                )
                .bind(&intake.dedupe_key)
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(row) = seen {
                    let reference: String = row.try_get(0)?;
                    tx.rollback().await?;
                    return Ok(IntakeOutcome::Duplicate(parse_ref(&reference)?));
                }
                if let Some((case_id, reference)) = Self::thread_of(&mut tx, &intake).await? {
                    let now = intake.now;
                    Self::insert_message(&mut tx, case_id, &intake).await?;
                    let detail = intake.message_id.as_deref().unwrap_or("(no Message-ID)");
                    Self::add_event(&mut tx, case_id, now, EventKind::FollowUp, None, None, Some(detail)).await?;
                    let audit = serde_json::json!({ "bytes": intake.raw.len(), "attachments": intake.attachments.len() }).to_string();
                    Self::append_audit(&mut tx, now, "system", "case.follow_up", Some(&reference), &audit).await?;
                    tx.commit().await?;
                    return Ok(IntakeOutcome::FollowUp(parse_ref(&reference)?));
                }
                let number: i64 = sqlx::query(
                    "INSERT INTO reference_counters (prefix, year, last) VALUES ($1, $2, 1)
                     ON CONFLICT (prefix, year) DO UPDATE SET last = reference_counters.last + 1
                     RETURNING last",
                )
                .bind(&intake.prefix)
                .bind(i64::from(intake.year))
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
                let reference = CaseRef::new(&intake.prefix, intake.year, number as u32)
                    .map_err(|e| $crate::store::StoreError::Corrupt(e.to_string()))?;
                let now = intake.now;
                let state = if intake.triage_reason.is_some() {
                    CaseState::NeedsTriage
                } else {
                    CaseState::Received
                };
                let case_id: i64 = sqlx::query(
                    "INSERT INTO cases (reference, organisation, state, received_at, requester_address,
                        requester_name, subject, body_text, language, due_date, deadline, triage_reason,
                        created_at, updated_at, request_types, classification)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15)
                     RETURNING id",
                )
                .bind(reference.as_str())
                .bind(&intake.organisation)
                .bind(state.as_str())
                .bind(intake.received_at)
                .bind(&intake.requester_address)
                .bind(&intake.requester_name)
                .bind(&intake.subject)
                .bind(&intake.body_text)
                .bind(&intake.language)
                .bind(intake.due_date)
                .bind(&intake.deadline_json)
                .bind(&intake.triage_reason)
                .bind(now)
                .bind(serde_json::to_string(&intake.request_types).map_err(|e| $crate::store::StoreError::Corrupt(e.to_string()))?)
                .bind(&intake.classification_json)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
                Self::insert_message(&mut tx, case_id, &intake).await?;
                Self::add_event(&mut tx, case_id, now, EventKind::Received, None, Some(CaseState::Received), None).await?;
                let detail = serde_json::json!({
                    "due_date": intake.due_date,
                    "bytes": intake.raw.len(),
                    "attachments": intake.attachments.len(),
                })
                .to_string();
                Self::append_audit(&mut tx, now, "system", "case.received", Some(reference.as_str()), &detail).await?;
                if let Some(reason) = &intake.triage_reason {
                    Self::add_event(&mut tx, case_id, now, EventKind::Transition,
                        Some(CaseState::Received), Some(CaseState::NeedsTriage), Some(reason)).await?;
                    let detail = serde_json::json!({ "from": "received", "to": "needs_triage" }).to_string();
                    Self::append_audit(&mut tx, now, "system", "case.transition", Some(reference.as_str()), &detail).await?;
                }
                if let Some(mail) = intake.acknowledgement.and_then(|build| build(&reference)) {
                    Self::queue_mail(&mut tx, case_id, reference.as_str(), &mail, now).await?;
                }
                tx.commit().await?;
                Ok(IntakeOutcome::Created(reference))
            }

            async fn knows_message(
                &self,
                dedupe_key: &str,
            ) -> Result<Option<$crate::case::CaseRef>, $crate::store::StoreError> {
                use sqlx::Row;
                let row = sqlx::query(
                    "SELECT c.reference FROM messages m JOIN cases c ON c.id = m.case_id
                     WHERE m.dedupe_key = $1",
                )
                .bind(dedupe_key)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|r| parse_ref(&r.try_get::<String, _>(0)?)).transpose()
            }
        }
    };
}

pub(crate) use sql_intake;
