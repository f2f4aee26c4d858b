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


        /// An outbox row selected as `o.id, c.reference, o.kind, o.message_id,
        /// o.sender, o.recipient, o.raw, o.attempts`, and the case's mailbox.
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
                mailbox: r.try_get(8)?,
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

pub(crate) use sql_helpers;
