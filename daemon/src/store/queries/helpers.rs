//! What the queries of every concern share: the writer's lock, audit
//! appends, events, message rows, queued mail, and row readers.

macro_rules! sql_helpers {
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
                        attachments, parse_error, mailbox)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(case_id)
                .bind(&intake.dedupe_key)
                .bind(&intake.message_id)
                .bind(&intake.source)
                .bind(intake.received_at)
                .bind(&intake.raw)
                .bind(&attachments)
                .bind(&intake.parse_error)
                .bind(&intake.mailbox)
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            /// The case a message follows up on: one whose message (or whose
            /// outgoing mail) it replies to, or whose reference its subject names.
            async fn thread_of(
                tx: &mut sqlx::Transaction<'_, $db>,
                intake: &$crate::store::NewIntake,
            ) -> Result<Option<(i64, $crate::case::CaseRef)>, $crate::store::StoreError> {
                use sqlx::Row;
                use $crate::store::columns;
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
                        return Ok(Some((r.try_get(0)?, columns::reference(&r.try_get::<String, _>(1)?)?)));
                    }
                }
                if let Some(reference) = &intake.subject_reference {
                    let row = sqlx::query("SELECT id FROM cases WHERE reference = $1")
                        .bind(reference.as_str())
                        .fetch_optional(&mut **tx)
                        .await?;
                    if let Some(r) = row {
                        return Ok(Some((r.try_get(0)?, reference.clone())));
                    }
                }
                Ok(None)
            }

            /// Puts `mail` in the outbox with its event and audit entry, both
            /// by the system (whoever caused the letter, the daemon sends it).
            async fn queue_mail(
                tx: &mut sqlx::Transaction<'_, $db>,
                case_id: i64,
                reference: &$crate::case::CaseRef,
                mail: &$crate::outbox::OutgoingMail,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                sqlx::query(
                    "INSERT INTO outbox (case_id, kind, message_id, sender, recipient, raw,
                        next_attempt_at, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
                )
                .bind(case_id)
                .bind(mail.kind.as_str())
                .bind(&mail.message_id)
                .bind(mail.sender.as_str())
                .bind(mail.recipient.as_str())
                .bind(&mail.raw)
                .bind(now)
                .execute(&mut **tx)
                .await?;
                let detail = format!("{}: {}", mail.kind, mail.message_id);
                Self::add_event(tx, case_id, now, mail.kind.queued_event(), None, None, Some(&detail)).await?;
                let audit = serde_json::json!({ "kind": mail.kind.as_str(), "message_id": mail.message_id }).to_string();
                Self::append_audit(tx, now, "system", "mail.queued", Some(reference.as_str()), &audit).await?;
                Ok(())
            }

            /// Writes `effects` on case `case_id`, which is in `state`, in
            /// order. Returns the state the case ends in, or the first move
            /// the state machine refuses (the caller then rolls back).
            #[allow(clippy::too_many_arguments)]
            async fn apply_effects(
                tx: &mut sqlx::Transaction<'_, $db>,
                case_id: i64,
                reference: &$crate::case::CaseRef,
                mut state: $crate::case::CaseState,
                actor: &$crate::case::Actor,
                effects: &[$crate::store::Effect],
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<Result<$crate::case::CaseState, $crate::store::EffectRefused>, $crate::store::StoreError> {
                use sqlx::Row;
                use $crate::case::CaseState;
                use $crate::store::{columns, Effect, EffectRefused};
                // The identity record, read at the first effect that changes
                // it and written once after the last.
                let mut identity: Option<$crate::identity::CaseIdentity> = None;
                for effect in effects {
                    match effect {
                        Effect::Transition { to, .. } if *to == CaseState::AwaitingApproval => {
                            return Ok(Err(EffectRefused::Unverified));
                        }
                        Effect::Transition { to, event, detail } => {
                            let to = match state.transition(*to) {
                                Ok(to) => to,
                                Err(refused) => return Ok(Err(refused.into())),
                            };
                            sqlx::query("UPDATE cases SET state = $1, updated_at = $2 WHERE id = $3")
                                .bind(to.as_str())
                                .bind(now)
                                .bind(case_id)
                                .execute(&mut **tx)
                                .await?;
                            Self::add_event_by(tx, case_id, now, actor, *event, Some(state), Some(to), detail.as_deref()).await?;
                            state = to;
                        }
                        Effect::Event { kind, detail } => {
                            Self::add_event_by(tx, case_id, now, actor, *kind, None, None, detail.as_deref()).await?;
                        }
                        Effect::SetDeadline(deadline) => {
                            sqlx::query("UPDATE cases SET deadline = $1, due_date = $2, updated_at = $3 WHERE id = $4")
                                .bind(columns::to_json("deadline", deadline)?)
                                .bind(deadline.computed.due)
                                .bind(now)
                                .bind(case_id)
                                .execute(&mut **tx)
                                .await?;
                        }
                        Effect::SetClassification(classification) => {
                            sqlx::query("UPDATE cases SET request_types = $1, classification = $2, updated_at = $3 WHERE id = $4")
                                .bind(columns::request_types_column(&classification.types)?)
                                .bind(columns::classification_column(Some(classification))?)
                                .bind(now)
                                .bind(case_id)
                                .execute(&mut **tx)
                                .await?;
                        }
                        Effect::Audit { action, detail } => {
                            Self::append_audit(tx, now, &actor.to_string(), action, Some(reference.as_str()), &detail.to_string()).await?;
                        }
                        Effect::QueueMail(mail) => {
                            Self::queue_mail(tx, case_id, reference, mail, now).await?;
                        }
                        Effect::Identity(change) => {
                            if identity.is_none() {
                                identity = Some(Self::load_identity(tx, case_id).await?);
                            }
                            if let Some(record) = identity.as_mut() {
                                change.apply(record);
                            }
                        }
                        Effect::Verified(verification) => {
                            let to = match state.transition(CaseState::AwaitingApproval) {
                                Ok(to) => to,
                                Err(refused) => return Ok(Err(refused.into())),
                            };
                            if identity.is_none() {
                                identity = Some(Self::load_identity(tx, case_id).await?);
                            }
                            if let Some(record) = identity.as_mut() {
                                record.verification = Some(verification.clone());
                                record.subject = Some(verification.subject());
                                record.code = None;
                            }
                            sqlx::query("UPDATE cases SET state = $1, updated_at = $2 WHERE id = $3")
                                .bind(to.as_str())
                                .bind(now)
                                .bind(case_id)
                                .execute(&mut **tx)
                                .await?;
                            let method = verification.method().as_str();
                            let detail = format!("identity verified: {method}");
                            Self::add_event_by(tx, case_id, now, actor, $crate::case::EventKind::IdentityVerified, Some(state), Some(to), Some(&detail)).await?;
                            let audit = serde_json::json!({
                                "method": method,
                                "verified_by": verification.by(),
                                "document_seen": verification.document_seen().as_str(),
                            })
                            .to_string();
                            Self::append_audit(tx, now, &actor.to_string(), "identity.verified", Some(reference.as_str()), &audit).await?;
                            state = to;
                        }
                        Effect::ReplaceMessage { message, raw, attachments } => {
                            let owner = sqlx::query("SELECT case_id FROM messages WHERE id = $1")
                                .bind(*message)
                                .fetch_optional(&mut **tx)
                                .await?;
                            match owner {
                                Some(row) if row.try_get::<i64, _>(0)? == case_id => {}
                                _ => return Ok(Err(EffectRefused::NotThisCase(*message))),
                            }
                            sqlx::query("UPDATE messages SET raw = $1, attachments = $2 WHERE id = $3")
                                .bind(raw)
                                .bind(columns::to_json("attachments", attachments)?)
                                .bind(*message)
                                .execute(&mut **tx)
                                .await?;
                        }
                    }
                }
                if let Some(record) = identity {
                    Self::save_identity(tx, case_id, &record, now).await?;
                }
                Ok(Ok(state))
            }

            /// The identity record of a case (empty when none was written).
            async fn load_identity(
                tx: &mut sqlx::Transaction<'_, $db>,
                case_id: i64,
            ) -> Result<$crate::identity::CaseIdentity, $crate::store::StoreError> {
                use sqlx::Row;
                let row = sqlx::query("SELECT record FROM case_identity WHERE case_id = $1")
                    .bind(case_id)
                    .fetch_optional(&mut **tx)
                    .await?;
                match row {
                    Some(r) => $crate::store::columns::from_json("identity", &r.try_get::<String, _>(0)?),
                    None => Ok($crate::identity::CaseIdentity::default()),
                }
            }

            async fn save_identity(
                tx: &mut sqlx::Transaction<'_, $db>,
                case_id: i64,
                record: &$crate::identity::CaseIdentity,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                sqlx::query(
                    "INSERT INTO case_identity (case_id, record, updated_at) VALUES ($1, $2, $3)
                     ON CONFLICT (case_id) DO UPDATE SET record = excluded.record, updated_at = excluded.updated_at",
                )
                .bind(case_id)
                .bind($crate::store::columns::to_json("identity", record)?)
                .bind(now)
                .execute(&mut **tx)
                .await?;
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


        /// An outbox row selected as `o.id, c.reference, o.kind, o.message_id,
        /// o.sender, o.recipient, o.raw, o.attempts`, and the case's mailbox.
        fn outbox_item(r: &<$db as sqlx::Database>::Row) -> Result<$crate::store::OutboxItem, $crate::store::StoreError> {
            use sqlx::Row;
            use $crate::store::columns;
            Ok($crate::store::OutboxItem {
                id: r.try_get(0)?,
                case_ref: r.try_get(1)?,
                kind: columns::mail_kind(&r.try_get::<String, _>(2)?)?,
                message_id: r.try_get(3)?,
                sender: columns::address(&r.try_get::<String, _>(4)?)?,
                recipient: columns::address(&r.try_get::<String, _>(5)?)?,
                raw: r.try_get(6)?,
                attempts: r.try_get(7)?,
                mailbox: r.try_get(8)?,
            })
        }
    };
}

pub(crate) use sql_helpers;
