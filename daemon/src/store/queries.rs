//! The SQL both stores share. The statements are the same text on SQLite and
//! PostgreSQL (`$n` placeholders work on both); what differs is the pool and
//! the native column types, which the macro's `$db` parameter supplies. A
//! macro rather than generic code because sqlx's generic bounds would bury
//! every query under a screen of `where` clauses.

macro_rules! sql_store {
    ($store:ty, $db:ty) => {
        impl $store {
            /// Appends one audit entry inside `tx`. The caller has already
            /// locked `audit_head` (see `lock_head`).
            async fn append_audit(
                tx: &mut sqlx::Transaction<'_, $db>,
                at: chrono::DateTime<chrono::Utc>,
                actor: &str,
                action: &str,
                case_ref: Option<&str>,
                detail: &str,
            ) -> Result<(), $crate::store::StoreError> {
                use sqlx::Row;
                let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
                    .fetch_one(&mut **tx)
                    .await?;
                let prev_seq: i64 = head.try_get("seq")?;
                let prev_hash: String = head.try_get("hash")?;
                let seq = prev_seq + 1;
                let at = at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
                let hash = $crate::audit::entry_hash(&prev_hash, seq, &at, actor, action, case_ref, detail);
                sqlx::query(
                    "INSERT INTO audit_log (seq, at, actor, action, case_ref, detail, prev_hash, hash)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(seq)
                .bind(&at)
                .bind(actor)
                .bind(action)
                .bind(case_ref)
                .bind(detail)
                .bind(&prev_hash)
                .bind(&hash)
                .execute(&mut **tx)
                .await?;
                sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
                    .bind(seq)
                    .bind(&hash)
                    .execute(&mut **tx)
                    .await?;
                Ok(())
            }

            /// Takes the writer lock first thing: on PostgreSQL the row lock
            /// serialises audit appends; on SQLite a write as the first
            /// statement makes the transaction a writer at once, instead of a
            /// reader that fails to upgrade later.
            async fn begin_write(&self) -> Result<sqlx::Transaction<'_, $db>, $crate::store::StoreError> {
                let mut tx = self.pool.begin().await?;
                sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1")
                    .execute(&mut *tx)
                    .await?;
                Ok(tx)
            }

            /// Stores a received message under `case_id`.
            async fn insert_message(
                tx: &mut sqlx::Transaction<'_, $db>,
                case_id: i64,
                intake: &$crate::store::NewIntake,
            ) -> Result<(), $crate::store::StoreError> {
                let attachments = serde_json::to_string(&intake.attachments)
                    .map_err(|e| $crate::store::StoreError::Corrupt(e.to_string()))?;
                sqlx::query(
                    "INSERT INTO messages (case_id, dedupe_key, message_id, source, received_at, raw,
                        attachments, parse_error)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(case_id)
                .bind(&intake.dedupe_key)
                .bind(&intake.message_id)
                .bind(&intake.source)
                .bind(intake.received_at)
                .bind(&intake.raw)
                .bind(&attachments)
                .bind(&intake.parse_error)
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            /// The case a message follows up on: one whose message (or whose
            /// outgoing mail) it replies to, or whose reference its subject names.
            async fn thread_of(
                tx: &mut sqlx::Transaction<'_, $db>,
                intake: &$crate::store::NewIntake,
            ) -> Result<Option<(i64, String)>, $crate::store::StoreError> {
                use sqlx::Row;
                for id in &intake.thread_ids {
                    let row = sqlx::query(
                        "SELECT c.id, c.reference FROM cases c
                         WHERE c.id IN (SELECT case_id FROM messages WHERE message_id = $1)
                            OR c.id IN (SELECT case_id FROM outbox WHERE message_id = $1)
                         ORDER BY c.id LIMIT 1",
                    )
                    .bind(id)
                    .fetch_optional(&mut **tx)
                    .await?;
                    if let Some(r) = row {
                        return Ok(Some((r.try_get(0)?, r.try_get(1)?)));
                    }
                }
                if let Some(reference) = &intake.subject_reference {
                    let row = sqlx::query("SELECT id, reference FROM cases WHERE reference = $1")
                        .bind(reference)
                        .fetch_optional(&mut **tx)
                        .await?;
                    if let Some(r) = row {
                        return Ok(Some((r.try_get(0)?, r.try_get(1)?)));
                    }
                }
                Ok(None)
            }

            /// Puts `mail` in the outbox with its event and audit entry.
            async fn queue_mail(
                tx: &mut sqlx::Transaction<'_, $db>,
                case_id: i64,
                reference: &str,
                mail: &$crate::store::OutgoingMail,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                sqlx::query(
                    "INSERT INTO outbox (case_id, kind, message_id, sender, recipient, raw,
                        next_attempt_at, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
                )
                .bind(case_id)
                .bind(&mail.kind)
                .bind(&mail.message_id)
                .bind(&mail.sender)
                .bind(&mail.recipient)
                .bind(&mail.raw)
                .bind(now)
                .execute(&mut **tx)
                .await?;
                let kind = if mail.kind == "acknowledgement" {
                    $crate::case::EventKind::AcknowledgementQueued
                } else {
                    $crate::case::EventKind::MailQueued
                };
                let detail = format!("{}: {}", mail.kind, mail.message_id);
                Self::add_event(tx, case_id, now, kind, None, None, Some(&detail)).await?;
                let audit = serde_json::json!({ "kind": mail.kind, "message_id": mail.message_id }).to_string();
                Self::append_audit(tx, now, "system", "mail.queued", Some(reference), &audit).await?;
                Ok(())
            }

            async fn add_event(
                tx: &mut sqlx::Transaction<'_, $db>,
                case_id: i64,
                at: chrono::DateTime<chrono::Utc>,
                kind: $crate::case::EventKind,
                from: Option<$crate::case::CaseState>,
                to: Option<$crate::case::CaseState>,
                detail: Option<&str>,
            ) -> Result<(), $crate::store::StoreError> {
                Self::add_event_by(tx, case_id, at, &$crate::case::Actor::System, kind, from, to, detail).await
            }

            #[allow(clippy::too_many_arguments)]
            async fn add_event_by(
                tx: &mut sqlx::Transaction<'_, $db>,
                case_id: i64,
                at: chrono::DateTime<chrono::Utc>,
                actor: &$crate::case::Actor,
                kind: $crate::case::EventKind,
                from: Option<$crate::case::CaseState>,
                to: Option<$crate::case::CaseState>,
                detail: Option<&str>,
            ) -> Result<(), $crate::store::StoreError> {
                sqlx::query(
                    "INSERT INTO case_events (case_id, at, actor, kind, from_state, to_state, detail)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(case_id)
                .bind(at)
                .bind(actor.to_string())
                .bind(kind.as_str())
                .bind(from.map(|s| s.as_str()))
                .bind(to.map(|s| s.as_str()))
                .bind(detail)
                .execute(&mut **tx)
                .await?;
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl $crate::store::Store for $store {
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

            async fn audit_log(
                &self,
            ) -> Result<(Vec<$crate::audit::AuditRecord>, $crate::audit::Head), $crate::store::StoreError> {
                use sqlx::Row;
                // One read transaction, so rows and head are one snapshot.
                let mut tx = self.pool.begin().await?;
                let rows = sqlx::query(
                    "SELECT seq, at, actor, action, case_ref, detail, prev_hash, hash
                     FROM audit_log ORDER BY seq",
                )
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|r| {
                    Ok($crate::audit::AuditRecord {
                        seq: r.try_get("seq")?,
                        at: r.try_get("at")?,
                        actor: r.try_get("actor")?,
                        action: r.try_get("action")?,
                        case_ref: r.try_get("case_ref")?,
                        detail: r.try_get("detail")?,
                        prev_hash: r.try_get("prev_hash")?,
                        hash: r.try_get("hash")?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()?;
                let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
                    .fetch_one(&mut *tx)
                    .await?;
                let head = $crate::audit::Head {
                    seq: head.try_get("seq")?,
                    hash: head.try_get("hash")?,
                };
                tx.commit().await?;
                Ok((rows, head))
            }

            async fn due_outbox(
                &self,
                now: chrono::DateTime<chrono::Utc>,
                limit: i64,
            ) -> Result<Vec<$crate::store::OutboxItem>, $crate::store::StoreError> {
                let rows = sqlx::query(
                    "SELECT o.id, c.reference, o.kind, o.message_id, o.sender, o.recipient, o.raw, o.attempts
                     FROM outbox o LEFT JOIN cases c ON c.id = o.case_id
                     WHERE o.status = 'pending' AND o.next_attempt_at <= $1
                     ORDER BY o.id LIMIT $2",
                )
                .bind(now)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(outbox_item)
                    .collect::<Result<Vec<_>, sqlx::Error>>()
                    .map_err(Into::into)
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
                Ok(UpdateOutcome::Applied)
            }

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

            async fn interrupted_outbox(
                &self,
            ) -> Result<Vec<$crate::store::OutboxItem>, $crate::store::StoreError> {
                let rows = sqlx::query(
                    "SELECT o.id, c.reference, o.kind, o.message_id, o.sender, o.recipient, o.raw, o.attempts
                     FROM outbox o LEFT JOIN cases c ON c.id = o.case_id
                     WHERE o.status = 'sending' ORDER BY o.id",
                )
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(outbox_item)
                    .collect::<Result<Vec<_>, sqlx::Error>>()
                    .map_err(Into::into)
            }

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

        /// An outbox row selected as `o.id, c.reference, o.kind, o.message_id,
        /// o.sender, o.recipient, o.raw, o.attempts`.
        fn outbox_item(r: &<$db as sqlx::Database>::Row) -> Result<$crate::store::OutboxItem, sqlx::Error> {
            use sqlx::Row;
            Ok($crate::store::OutboxItem {
                id: r.try_get(0)?,
                case_ref: r.try_get(1)?,
                kind: r.try_get(2)?,
                message_id: r.try_get(3)?,
                sender: r.try_get(4)?,
                recipient: r.try_get(5)?,
                raw: r.try_get(6)?,
                attempts: r.try_get(7)?,
            })
        }

        fn parse_ref(s: &str) -> Result<$crate::case::CaseRef, $crate::store::StoreError> {
            s.parse()
                .map_err(|e: $crate::case::BadReference| $crate::store::StoreError::Corrupt(e.to_string()))
        }

        fn json_list(s: &str) -> Result<Vec<String>, $crate::store::StoreError> {
            serde_json::from_str(s).map_err(|e| $crate::store::StoreError::Corrupt(format!("request_types: {e}")))
        }
    };
}

pub(crate) use sql_store;
