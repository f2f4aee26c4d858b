//! What intake writes: a received message as a new case, a follow-up or a duplicate. Shared SQL of both stores (see `queries/mod.rs`).

macro_rules! sql_intake {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::IntakeStore for $store {
            async fn record_intake(
                &self,
                intake: $crate::store::NewIntake,
            ) -> Result<$crate::store::IntakeOutcome, $crate::store::StoreError> {
                use $crate::case::{Actor, CaseRef, CaseState, EventKind};
                use $crate::store::{columns, IntakeOutcome};
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
                    return Ok(IntakeOutcome::Duplicate(columns::reference(&reference)?));
                }
                if let Some((case_id, reference)) = Self::thread_of(&mut tx, &intake).await? {
                    let now = intake.now;
                    Self::insert_message(&mut tx, case_id, &intake).await?;
                    let detail = intake.message_id.as_deref().unwrap_or("(no Message-ID)");
                    Self::add_event(&mut tx, case_id, now, EventKind::FollowUp, None, None, Some(detail)).await?;
                    let audit = serde_json::json!({ "bytes": intake.raw.len(), "attachments": intake.attachments.len() }).to_string();
                    Self::append_audit(&mut tx, now, "system", "case.follow_up", Some(reference.as_str()), &audit).await?;
                    tx.commit().await?;
                    return Ok(IntakeOutcome::FollowUp(reference));
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
                // Every case starts `received`; where it goes from there
                // (triage) is among the intake's effects, through the state
                // machine like any later move.
                let state = CaseState::INITIAL;
                let due_date = intake.deadline.computed.due;
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
                .bind(intake.requester_address.as_ref().map(|a| a.as_str()))
                .bind(&intake.requester_name)
                .bind(&intake.subject)
                .bind(&intake.body_text)
                .bind(intake.language.code())
                .bind(due_date)
                .bind(columns::to_json("deadline", &intake.deadline)?)
                .bind(&intake.triage_reason)
                .bind(now)
                .bind(columns::request_types_column(&columns::types_of(intake.classification.as_ref()))?)
                .bind(columns::classification_column(intake.classification.as_ref())?)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
                Self::insert_message(&mut tx, case_id, &intake).await?;
                Self::add_event(&mut tx, case_id, now, EventKind::Received, None, Some(state), None).await?;
                let detail = serde_json::json!({
                    "due_date": due_date,
                    "bytes": intake.raw.len(),
                    "attachments": intake.attachments.len(),
                })
                .to_string();
                Self::append_audit(&mut tx, now, "system", "case.received", Some(reference.as_str()), &detail).await?;
                let mut effects = intake.effects;
                if let Some(mail) = intake.acknowledgement.and_then(|build| build(&reference)) {
                    effects.push($crate::store::Effect::QueueMail(mail));
                }
                if let Err(refused) = Self::apply_effects(&mut tx, case_id, &reference, state, &Actor::System, &effects, now).await? {
                    tx.rollback().await?;
                    return Err(refused.into());
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
                row.map(|r| $crate::store::columns::reference(&r.try_get::<String, _>(0)?)).transpose()
            }
        }
    };
}

pub(crate) use sql_intake;
