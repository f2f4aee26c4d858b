//! Reading cases and changing one. Shared SQL of both stores (see `queries/mod.rs`).

macro_rules! sql_cases {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::CaseStore for $store {
            async fn list_cases(
                &self,
                filter: &$crate::store::CaseFilter,
            ) -> Result<Vec<$crate::case::CaseSummary>, $crate::store::StoreError> {
                use sqlx::Row;
                let rows = sqlx::query(
                    "SELECT reference, state, received_at, due_date, request_types, language
                     FROM cases WHERE ($1 IS NULL OR state = $1)
                       AND ($3 IS NULL OR (due_date <= $3 AND state NOT IN ('answered', 'closed', 'rejected')))
                     ORDER BY id DESC LIMIT $2",
                )
                .bind(&filter.state)
                .bind(filter.limit.unwrap_or(i64::MAX))
                .bind(filter.due_by)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok($crate::case::CaseSummary {
                            reference: r.try_get("reference")?,
                            state: r.try_get("state")?,
                            received_at: r.try_get("received_at")?,
                            due_date: r.try_get("due_date")?,
                            request_types: json_list(&r.try_get::<String, _>("request_types")?)?,
                            language: r.try_get("language")?,
                        })
                    })
                    .collect()
            }

            async fn get_case(
                &self,
                reference: &$crate::case::CaseRef,
            ) -> Result<Option<$crate::case::Case>, $crate::store::StoreError> {
                use sqlx::Row;
                let Some(r) = sqlx::query("SELECT * FROM cases WHERE reference = $1")
                    .bind(reference.as_str())
                    .fetch_optional(&self.pool)
                    .await?
                else {
                    return Ok(None);
                };
                let id: i64 = r.try_get("id")?;
                let events = sqlx::query(
                    "SELECT at, actor, kind, from_state, to_state, detail FROM case_events
                     WHERE case_id = $1 ORDER BY id",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|e| {
                    Ok($crate::case::CaseEvent {
                        at: e.try_get("at")?,
                        actor: e.try_get("actor")?,
                        kind: e.try_get("kind")?,
                        from_state: e.try_get("from_state")?,
                        to_state: e.try_get("to_state")?,
                        detail: e.try_get("detail")?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()?;
                let attachments: String = sqlx::query(
                    "SELECT attachments FROM messages WHERE case_id = $1 ORDER BY id LIMIT 1",
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await?
                .map(|m| m.try_get(0))
                .transpose()?
                .unwrap_or_else(|| "[]".to_owned());
                let state: String = r.try_get("state")?;
                let deadline: String = r.try_get("deadline")?;
                let deadline: Option<$crate::case::CaseDeadline> = serde_json::from_str(&deadline)
                    .map_err(|e| $crate::store::StoreError::Corrupt(format!("deadline of {reference}: {e}")))?;
                Ok(Some($crate::case::Case {
                    reference: reference.clone(),
                    state: state.parse().map_err(|e: $crate::case::UnknownState| {
                        $crate::store::StoreError::Corrupt(e.to_string())
                    })?,
                    received_at: r.try_get("received_at")?,
                    requester_address: r.try_get("requester_address")?,
                    requester_name: r.try_get("requester_name")?,
                    subject: r.try_get("subject")?,
                    body_text: r.try_get("body_text")?,
                    language: r.try_get("language")?,
                    request_types: json_list(&r.try_get::<String, _>("request_types")?)?,
                    due_date: r.try_get("due_date")?,
                    deadline,
                    classification: {
                        let text: String = r.try_get("classification")?;
                        if text == "{}" {
                            None
                        } else {
                            Some(serde_json::from_str(&text).map_err(|e| {
                                $crate::store::StoreError::Corrupt(format!("classification of {reference}: {e}"))
                            })?)
                        }
                    },
                    triage_reason: r.try_get("triage_reason")?,
                    attachments: serde_json::from_str(&attachments)
                        .map_err(|e| $crate::store::StoreError::Corrupt(format!("attachments: {e}")))?,
                    events,
                }))
            }

            async fn update_case(
                &self,
                reference: &$crate::case::CaseRef,
                now: chrono::DateTime<chrono::Utc>,
                change: $crate::store::CaseChange,
            ) -> Result<$crate::store::UpdateOutcome, $crate::store::StoreError> {
                use $crate::store::{CaseSnapshot, UpdateOutcome};
                use sqlx::Row;
                let mut tx = self.begin_write().await?;
                let Some(r) = sqlx::query(
                    "SELECT c.id, c.state, c.received_at, c.requester_address, c.requester_name, c.subject,
                            c.language, c.request_types, c.deadline, c.classification,
                            (SELECT m.message_id FROM messages m WHERE m.case_id = c.id ORDER BY m.id LIMIT 1) AS first_message_id
                     FROM cases c WHERE c.reference = $1",
                )
                .bind(reference.as_str())
                .fetch_optional(&mut *tx)
                .await?
                else {
                    return Ok(UpdateOutcome::NotFound);
                };
                let corrupt = |what: &str, e: &dyn std::fmt::Display| {
                    $crate::store::StoreError::Corrupt(format!("{what} of {reference}: {e}"))
                };
                let case_id: i64 = r.try_get("id")?;
                let state: String = r.try_get("state")?;
                let state: $crate::case::CaseState = state.parse().map_err(|e| corrupt("state", &e))?;
                let deadline: String = r.try_get("deadline")?;
                let snapshot = CaseSnapshot {
                    reference: reference.clone(),
                    state,
                    received_at: r.try_get("received_at")?,
                    requester_address: r.try_get("requester_address")?,
                    requester_name: r.try_get("requester_name")?,
                    subject: r.try_get("subject")?,
                    language: r.try_get("language")?,
                    message_id: r.try_get("first_message_id")?,
                    request_types: json_list(&r.try_get::<String, _>("request_types")?)?,
                    deadline: serde_json::from_str(&deadline).map_err(|e| corrupt("deadline", &e))?,
                    classification: match r.try_get::<String, _>("classification")?.as_str() {
                        "{}" => None,
                        text => Some(serde_json::from_str(text).map_err(|e| corrupt("classification", &e))?),
                    },
                };
                let update = match change(&snapshot) {
                    Ok(update) => update,
                    Err(reason) => {
                        tx.rollback().await?;
                        return Ok(UpdateOutcome::Refused(reason));
                    }
                };
                if let Some(to) = update.state {
                    if let Err(e) = state.transition(to) {
                        tx.rollback().await?;
                        return Ok(UpdateOutcome::Refused(e.to_string()));
                    }
                    sqlx::query("UPDATE cases SET state = $1, updated_at = $2 WHERE id = $3")
                        .bind(to.as_str())
                        .bind(now)
                        .bind(case_id)
                        .execute(&mut *tx)
                        .await?;
                }
                if let Some(deadline) = &update.deadline {
                    let json = serde_json::to_string(deadline).map_err(|e| corrupt("deadline", &e))?;
                    sqlx::query("UPDATE cases SET deadline = $1, due_date = $2, updated_at = $3 WHERE id = $4")
                        .bind(json)
                        .bind(deadline.computed.due)
                        .bind(now)
                        .bind(case_id)
                        .execute(&mut *tx)
                        .await?;
                }
                if let Some(classification) = &update.classification {
                    let types = serde_json::to_string(&classification.type_names()).map_err(|e| corrupt("request types", &e))?;
                    let json = serde_json::to_string(classification).map_err(|e| corrupt("classification", &e))?;
                    sqlx::query("UPDATE cases SET request_types = $1, classification = $4, updated_at = $2 WHERE id = $3")
                        .bind(types)
                        .bind(now)
                        .bind(case_id)
                        .bind(json)
                        .execute(&mut *tx)
                        .await?;
                }
                Self::add_event_by(&mut tx, case_id, now, &update.actor, update.event, update.state.map(|_| state), update.state, update.detail.as_deref()).await?;
                Self::append_audit(&mut tx, now, &update.actor.to_string(), &update.audit_action, Some(reference.as_str()), &update.audit_detail).await?;
                if let Some(mail) = &update.mail {
                    Self::queue_mail(&mut tx, case_id, reference.as_str(), mail, now).await?;
                }
                tx.commit().await?;
                Ok(UpdateOutcome::Applied { before: Box::new(snapshot), after: Box::new(update) })
            }
        }
    };
}

pub(crate) use sql_cases;
