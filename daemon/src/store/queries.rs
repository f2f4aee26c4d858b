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

            async fn add_event(
                tx: &mut sqlx::Transaction<'_, $db>,
                case_id: i64,
                at: chrono::DateTime<chrono::Utc>,
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
                .bind($crate::case::Actor::System.to_string())
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
                        created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
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
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
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
                .execute(&mut *tx)
                .await?;
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
                    .execute(&mut *tx)
                    .await?;
                    Self::add_event(&mut tx, case_id, now, EventKind::AcknowledgementQueued, None, None,
                        Some(&mail.message_id)).await?;
                    let detail = serde_json::json!({ "kind": mail.kind, "message_id": mail.message_id }).to_string();
                    Self::append_audit(&mut tx, now, "system", "mail.queued", Some(reference.as_str()), &detail).await?;
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
                     ORDER BY id DESC LIMIT $2",
                )
                .bind(&filter.state)
                .bind(filter.limit.unwrap_or(i64::MAX))
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
                let deadline: serde_json::Value = serde_json::from_str(&deadline)
                    .map_err(|e| $crate::store::StoreError::Corrupt(format!("deadline: {e}")))?;
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
                    due_explanation: deadline["explanation"]
                        .as_array()
                        .map(|steps| steps.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect())
                        .unwrap_or_default(),
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
                use sqlx::Row;
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
                    .map(|r| {
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
                    })
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
                use sqlx::Row;
                let rows = sqlx::query(
                    "SELECT o.id, c.reference, o.kind, o.message_id, o.sender, o.recipient, o.raw, o.attempts
                     FROM outbox o LEFT JOIN cases c ON c.id = o.case_id
                     WHERE o.status = 'sending' ORDER BY o.id",
                )
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
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
                    })
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
