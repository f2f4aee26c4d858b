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
                use $crate::store::columns;
                let (open, open_names) = columns::open_states(4);
                let sql = format!(
                    "SELECT reference, state, received_at, due_date, request_types, language
                     FROM cases WHERE ($1 IS NULL OR state = $1)
                       AND ($3 IS NULL OR (due_date <= $3 AND {open}))
                     ORDER BY id DESC LIMIT $2"
                );
                let mut query = sqlx::query(&sql)
                    .bind(filter.state.map(|s| s.as_str()))
                    .bind(filter.limit.unwrap_or(i64::MAX))
                    .bind(filter.due_by);
                for name in open_names {
                    query = query.bind(name);
                }
                let rows = query.fetch_all(&self.pool).await?;
                rows.iter()
                    .map(|r| {
                        Ok($crate::case::CaseSummary {
                            reference: columns::reference(&r.try_get::<String, _>("reference")?)?,
                            state: columns::state(&r.try_get::<String, _>("state")?)?,
                            received_at: r.try_get("received_at")?,
                            due_date: r.try_get("due_date")?,
                            request_types: columns::request_types(&r.try_get::<String, _>("request_types")?)?,
                            language: columns::language(&r.try_get::<String, _>("language")?)?,
                        })
                    })
                    .collect()
            }

            async fn get_case(
                &self,
                reference: &$crate::case::CaseRef,
            ) -> Result<Option<$crate::case::Case>, $crate::store::StoreError> {
                use sqlx::Row;
                use $crate::store::columns;
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
                        kind: columns::event_kind(&e.try_get::<String, _>("kind")?)?,
                        from_state: columns::optional_state(e.try_get("from_state")?)?,
                        to_state: columns::optional_state(e.try_get("to_state")?)?,
                        detail: e.try_get("detail")?,
                    })
                })
                .collect::<Result<Vec<_>, $crate::store::StoreError>>()?;
                let attachments: String = sqlx::query(
                    "SELECT attachments FROM messages WHERE case_id = $1 ORDER BY id LIMIT 1",
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await?
                .map(|m| m.try_get(0))
                .transpose()?
                .unwrap_or_else(|| "[]".to_owned());
                let identity: Option<String> = sqlx::query("SELECT record FROM case_identity WHERE case_id = $1")
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?
                    .map(|m| m.try_get(0))
                    .transpose()?;
                let reduced = sqlx::query("SELECT reduced_at, closed_at, systems FROM case_reductions WHERE case_id = $1")
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                let reduced = match reduced {
                    None => None,
                    Some(x) => Some($crate::case::CaseReduction {
                        reduced_at: x.try_get(0)?,
                        closed_at: x.try_get(1)?,
                        systems: columns::from_json("systems", &x.try_get::<String, _>(2)?)?,
                    }),
                };
                let in_case = |e: $crate::store::StoreError| match e {
                    $crate::store::StoreError::Corrupt(what) => {
                        $crate::store::StoreError::Corrupt(format!("{what} (case {reference})"))
                    }
                    other => other,
                };
                Ok(Some($crate::case::Case {
                    identity: columns::identity(identity).map_err(in_case)?,
                    reference: reference.clone(),
                    state: columns::state(&r.try_get::<String, _>("state")?).map_err(in_case)?,
                    received_at: r.try_get("received_at")?,
                    requester_address: columns::optional_address(r.try_get("requester_address")?).map_err(in_case)?,
                    requester_name: r.try_get("requester_name")?,
                    subject: r.try_get("subject")?,
                    body_text: r.try_get("body_text")?,
                    language: columns::language(&r.try_get::<String, _>("language")?)?,
                    request_types: columns::request_types(&r.try_get::<String, _>("request_types")?).map_err(in_case)?,
                    due_date: r.try_get("due_date")?,
                    deadline: Some(columns::deadline(&r.try_get::<String, _>("deadline")?).map_err(in_case)?),
                    classification: columns::classification(r.try_get("classification")?).map_err(in_case)?,
                    triage_reason: r.try_get("triage_reason")?,
                    attachments: columns::from_json("attachments", &attachments).map_err(in_case)?,
                    events,
                    reduced,
                }))
            }

            async fn case_messages(
                &self,
                reference: &$crate::case::CaseRef,
            ) -> Result<Vec<$crate::store::StoredMessage>, $crate::store::StoreError> {
                use sqlx::Row;
                use $crate::store::columns;
                let rows = sqlx::query(
                    "SELECT m.id, m.message_id, m.source, m.mailbox, m.received_at, m.raw, m.attachments
                     FROM messages m JOIN cases c ON c.id = m.case_id
                     WHERE c.reference = $1 ORDER BY m.id",
                )
                .bind(reference.as_str())
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok($crate::store::StoredMessage {
                            id: r.try_get(0)?,
                            message_id: r.try_get(1)?,
                            source: r.try_get(2)?,
                            mailbox: r.try_get(3)?,
                            received_at: r.try_get(4)?,
                            raw: r.try_get(5)?,
                            attachments: columns::from_json("attachments", &r.try_get::<String, _>(6)?)?,
                        })
                    })
                    .collect()
            }

            async fn case_plan(
                &self,
                reference: &$crate::case::CaseRef,
            ) -> Result<(Option<$crate::store::CasePlan>, Vec<$crate::store::ActionRow>), $crate::store::StoreError> {
                let id: Option<i64> = sqlx::query_scalar("SELECT id FROM cases WHERE reference = $1")
                    .bind(reference.as_str())
                    .fetch_optional(&self.pool)
                    .await?;
                let Some(id) = id else {
                    return Ok((None, Vec::new()));
                };
                let mut conn = self.pool.acquire().await?;
                Self::plan_and_actions(&mut *conn, id, reference).await
            }

            async fn last_message_id(
                &self,
                reference: &$crate::case::CaseRef,
            ) -> Result<Option<i64>, $crate::store::StoreError> {
                let id: Option<i64> = sqlx::query_scalar(
                    "SELECT MAX(m.id) FROM messages m JOIN cases c ON c.id = m.case_id WHERE c.reference = $1",
                )
                .bind(reference.as_str())
                .fetch_one(&self.pool)
                .await?;
                Ok(id)
            }

            async fn case_snapshot(
                &self,
                reference: &$crate::case::CaseRef,
            ) -> Result<Option<$crate::store::CaseSnapshot>, $crate::store::StoreError> {
                let mut conn = self.pool.acquire().await?;
                Ok(Self::snapshot_on(&mut conn, reference).await?.map(|(_, s)| s))
            }

            async fn update_case(
                &self,
                reference: &$crate::case::CaseRef,
                now: chrono::DateTime<chrono::Utc>,
                change: $crate::store::CaseChange,
            ) -> Result<$crate::store::UpdateOutcome, $crate::store::StoreError> {
                use $crate::store::UpdateOutcome;
                let mut tx = self.begin_write().await?;
                let Some((case_id, snapshot)) = Self::snapshot_on(&mut *tx, reference).await? else {
                    return Ok(UpdateOutcome::NotFound);
                };
                let update = match change(&snapshot) {
                    Ok(update) => update,
                    Err(reason) => {
                        tx.rollback().await?;
                        return Ok(UpdateOutcome::Refused(reason));
                    }
                };
                let applied = Self::apply_effects(
                    &mut tx,
                    case_id,
                    reference,
                    snapshot.state,
                    &update.actor,
                    &update.effects,
                    now,
                )
                .await?;
                if let Err(refused) = applied {
                    tx.rollback().await?;
                    return Ok(UpdateOutcome::Refused(refused.into()));
                }
                tx.commit().await?;
                Ok(UpdateOutcome::Applied { before: Box::new(snapshot), after: Box::new(update) })
            }
        }

        impl $store {
            /// The case as a change decides on it, read on `conn` (inside
            /// the writer's transaction for `update_case`), with its row id.
            async fn snapshot_on(
                conn: &mut <$db as sqlx::Database>::Connection,
                reference: &$crate::case::CaseRef,
            ) -> Result<Option<(i64, $crate::store::CaseSnapshot)>, $crate::store::StoreError> {
                use sqlx::Row;
                use $crate::store::{columns, CaseSnapshot};
                let Some(r) = sqlx::query(
                    "SELECT c.id, c.state, c.received_at, c.requester_address, c.requester_name, c.subject,
                            c.language, c.request_types, c.deadline, c.classification,
                            (SELECT m.message_id FROM messages m WHERE m.case_id = c.id ORDER BY m.id LIMIT 1) AS first_message_id,
                            (SELECT i.record FROM case_identity i WHERE i.case_id = c.id) AS identity
                     FROM cases c WHERE c.reference = $1",
                )
                .bind(reference.as_str())
                .fetch_optional(&mut *conn)
                .await?
                else {
                    return Ok(None);
                };
                let in_case = |e: $crate::store::StoreError| match e {
                    $crate::store::StoreError::Corrupt(what) => {
                        $crate::store::StoreError::Corrupt(format!("{what} (case {reference})"))
                    }
                    other => other,
                };
                let case_id: i64 = r.try_get("id")?;
                let (plan, actions) = Self::plan_and_actions(&mut *conn, case_id, reference).await?;
                let reply = Self::load_reply(&mut *conn, case_id).await?;
                let snapshot = CaseSnapshot {
                    reference: reference.clone(),
                    state: columns::state(&r.try_get::<String, _>("state")?).map_err(in_case)?,
                    received_at: r.try_get("received_at")?,
                    requester_address: columns::optional_address(r.try_get("requester_address")?).map_err(in_case)?,
                    requester_name: r.try_get("requester_name")?,
                    subject: r.try_get("subject")?,
                    language: columns::language(&r.try_get::<String, _>("language")?)?,
                    message_id: r.try_get("first_message_id")?,
                    request_types: columns::request_types(&r.try_get::<String, _>("request_types")?).map_err(in_case)?,
                    deadline: columns::deadline(&r.try_get::<String, _>("deadline")?).map_err(in_case)?,
                    classification: columns::classification(r.try_get("classification")?).map_err(in_case)?,
                    identity: columns::identity(r.try_get("identity")?).map_err(in_case)?,
                    plan,
                    actions,
                    reply,
                };
                Ok(Some((case_id, snapshot)))
            }
        }
    };
}

pub(crate) use sql_cases;
