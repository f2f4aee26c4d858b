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
                            // A case awaiting approval may have its identity
                            // checked again, more strongly (an in-person check
                            // after a match on file, for special-category
                            // data): it stays where it is.
                            let to = if state == CaseState::AwaitingApproval {
                                state
                            } else {
                                match state.transition(CaseState::AwaitingApproval) {
                                    Ok(to) => to,
                                    Err(refused) => return Ok(Err(refused.into())),
                                }
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
                        Effect::SetPlan(plan) => {
                            sqlx::query("UPDATE case_plans SET superseded_at = $1 WHERE case_id = $2 AND superseded_at IS NULL")
                                .bind(now)
                                .bind(case_id)
                                .execute(&mut **tx)
                                .await?;
                            sqlx::query("INSERT INTO case_plans (case_id, fingerprint, plan, made_at) VALUES ($1, $2, $3, $4)")
                                .bind(case_id)
                                .bind(plan.fingerprint.as_str())
                                .bind(columns::to_json("plan", plan.as_ref())?)
                                .bind(plan.made_at)
                                .execute(&mut **tx)
                                .await?;
                            let detail = format!(
                                "plan {}: {} actions{}",
                                plan.fingerprint.short(),
                                plan.actions.len(),
                                if plan.failures.is_empty() { String::new() } else { format!(", {} systems failed", plan.failures.len()) }
                            );
                            Self::add_event_by(tx, case_id, now, actor, $crate::case::EventKind::PlanMade, None, None, Some(&detail)).await?;
                            let audit = serde_json::json!({
                                "fingerprint": plan.fingerprint.as_str(),
                                "actions": plan.actions.len(),
                                "failures": plan.failures.len(),
                            })
                            .to_string();
                            Self::append_audit(tx, now, &actor.to_string(), "plan.made", Some(reference.as_str()), &audit).await?;
                        }
                        Effect::Approve(_) | Effect::Reject(_) => {
                            // One decision row, however it was decided: on the
                            // current plan only, and only for a verified case.
                            let (action, officer, fingerprint, at, reason) = match effect {
                                Effect::Approve(a) => (&a.action, &a.officer, &a.fingerprint, a.at, None),
                                Effect::Reject(r) => (&r.action, &r.officer, &r.fingerprint, r.at, Some(r.reason.as_str())),
                                _ => unreachable!("matched above"),
                            };
                            let plan_id = match Self::current_plan_for(tx, case_id, fingerprint.as_str()).await? {
                                Ok(id) => id,
                                Err(refused) => return Ok(Err(refused)),
                            };
                            if !Self::verified(tx, case_id, &mut identity).await? {
                                return Ok(Err(EffectRefused::Unverified));
                            }
                            let (decision, kind, audit_action, detail) = match reason {
                                None => ("approve", $crate::case::EventKind::ActionApproved, "plan.approved", format!("{action} approved by {officer}")),
                                Some(why) => ("reject", $crate::case::EventKind::ActionRejected, "plan.rejected", format!("{action} rejected by {officer}: {why}")),
                            };
                            // The same officer deciding the same again is one
                            // decision: nothing more is recorded.
                            if Self::decide(tx, plan_id, &action.to_string(), officer, decision, reason, at).await? {
                                Self::add_event_by(tx, case_id, now, actor, kind, None, None, Some(&detail)).await?;
                                let audit = serde_json::json!({
                                    "action": action.to_string(),
                                    "officer": officer,
                                    "fingerprint": fingerprint.as_str(),
                                })
                                .to_string();
                                Self::append_audit(tx, now, &actor.to_string(), audit_action, Some(reference.as_str()), &audit).await?;
                            }
                        }
                        Effect::Execute(ids) => {
                            if !Self::verified(tx, case_id, &mut identity).await? {
                                return Ok(Err(EffectRefused::Unverified));
                            }
                            let Some((plan_id, plan)) = Self::load_plan(tx, case_id).await? else {
                                return Ok(Err(EffectRefused::NoPlan));
                            };
                            let to = match state.transition(CaseState::Executing) {
                                Ok(to) => to,
                                Err(refused) => return Ok(Err(refused.into())),
                            };
                            for id in ids {
                                let Some(spec) = plan.action(id) else {
                                    return Ok(Err(EffectRefused::Action(format!("the plan has no action {id}"))));
                                };
                                sqlx::query(
                                    "INSERT INTO case_actions (case_id, plan_id, action, spec, next_attempt_at, updated_at)
                                     VALUES ($1, $2, $3, $4, $5, $5)",
                                )
                                .bind(case_id)
                                .bind(plan_id)
                                .bind(id.to_string())
                                .bind(columns::to_json("action", spec)?)
                                .bind(now)
                                .execute(&mut **tx)
                                .await?;
                            }
                            sqlx::query("UPDATE cases SET state = $1, updated_at = $2 WHERE id = $3")
                                .bind(to.as_str())
                                .bind(now)
                                .bind(case_id)
                                .execute(&mut **tx)
                                .await?;
                            let detail = format!("plan {}: {} actions to carry out", plan.fingerprint.short(), ids.len());
                            Self::add_event_by(tx, case_id, now, actor, $crate::case::EventKind::Transition, Some(state), Some(to), Some(&detail)).await?;
                            let audit = serde_json::json!({
                                "fingerprint": plan.fingerprint.as_str(),
                                "actions": ids.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
                            })
                            .to_string();
                            Self::append_audit(tx, now, &actor.to_string(), "plan.execution_started", Some(reference.as_str()), &audit).await?;
                            state = to;
                        }
                        Effect::RetryAction(id) => {
                            let done = sqlx::query(
                                "UPDATE case_actions SET state = 'pending', next_attempt_at = $1, updated_at = $1
                                 WHERE case_id = $2 AND action = $3 AND state = 'failed'
                                   AND plan_id = (SELECT MAX(id) FROM case_plans WHERE case_id = $2)",
                            )
                            .bind(now)
                            .bind(case_id)
                            .bind(id.to_string())
                            .execute(&mut **tx)
                            .await?;
                            if done.rows_affected() != 1 {
                                return Ok(Err(EffectRefused::Action(format!("{id} has not failed: only a failed action is retried"))));
                            }
                            Self::add_event_by(tx, case_id, now, actor, $crate::case::EventKind::ActionRetried, None, None, Some(&id.to_string())).await?;
                            let audit = serde_json::json!({ "action": id.to_string() }).to_string();
                            Self::append_audit(tx, now, &actor.to_string(), "action.retried", Some(reference.as_str()), &audit).await?;
                        }
                        Effect::WaiveAction { action, reason } => {
                            let done = sqlx::query(
                                "UPDATE case_actions SET state = 'waived', note = $1, updated_at = $2
                                 WHERE case_id = $3 AND action = $4 AND state IN ('pending', 'failed')
                                   AND plan_id = (SELECT MAX(id) FROM case_plans WHERE case_id = $3)",
                            )
                            .bind(reason)
                            .bind(now)
                            .bind(case_id)
                            .bind(action.to_string())
                            .execute(&mut **tx)
                            .await?;
                            if done.rows_affected() != 1 {
                                return Ok(Err(EffectRefused::Action(format!("{action} is not pending or failed: it cannot be waived"))));
                            }
                            let detail = format!("{action} waived: {reason}");
                            Self::add_event_by(tx, case_id, now, actor, $crate::case::EventKind::ActionWaived, None, None, Some(&detail)).await?;
                            let audit = serde_json::json!({ "action": action.to_string() }).to_string();
                            Self::append_audit(tx, now, &actor.to_string(), "action.waived", Some(reference.as_str()), &audit).await?;
                        }
                        Effect::TaskDone { action, note, result } => {
                            let result = result.as_ref().map(|r| r.to_string());
                            let done = sqlx::query(
                                "UPDATE case_actions SET state = 'done', note = $1, result = $2, updated_at = $3
                                 WHERE case_id = $4 AND action = $5 AND state = 'pending'
                                   AND plan_id = (SELECT MAX(id) FROM case_plans WHERE case_id = $4)",
                            )
                            .bind(note)
                            .bind(result)
                            .bind(now)
                            .bind(case_id)
                            .bind(action.to_string())
                            .execute(&mut **tx)
                            .await?;
                            if done.rows_affected() != 1 {
                                return Ok(Err(EffectRefused::Action(format!("{action} is not a pending task"))));
                            }
                            let detail = format!("{action} done: {note}");
                            Self::add_event_by(tx, case_id, now, actor, $crate::case::EventKind::TaskDone, None, None, Some(&detail)).await?;
                            let audit = serde_json::json!({ "action": action.to_string() }).to_string();
                            Self::append_audit(tx, now, &actor.to_string(), "task.done", Some(reference.as_str()), &audit).await?;
                        }
                        Effect::AnnounceLift { action, on, from, reason } => {
                            if let Err(refused) = Self::announce_lift(tx, case_id, reference, actor, action, *on, *from, reason, now).await? {
                                return Ok(Err(refused));
                            }
                        }
                        Effect::Answer(answer) => match Self::apply_answer(tx, case_id, reference, state, actor, answer, now).await? {
                            Ok(to) => state = to,
                            Err(refused) => return Ok(Err(refused)),
                        },
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

            /// The id of the case's current plan when its fingerprint is
            /// `fingerprint`; otherwise why a decision on it is refused.
            async fn current_plan_for(
                tx: &mut sqlx::Transaction<'_, $db>,
                case_id: i64,
                fingerprint: &str,
            ) -> Result<Result<i64, $crate::store::EffectRefused>, $crate::store::StoreError> {
                use sqlx::Row;
                let row = sqlx::query("SELECT id, fingerprint FROM case_plans WHERE case_id = $1 AND superseded_at IS NULL")
                    .bind(case_id)
                    .fetch_optional(&mut **tx)
                    .await?;
                Ok(match row {
                    None => Err($crate::store::EffectRefused::NoPlan),
                    Some(r) if r.try_get::<String, _>(1)? == fingerprint => Ok(r.try_get(0)?),
                    Some(_) => Err($crate::store::EffectRefused::StalePlan(fingerprint.chars().take(12).collect())),
                })
            }

            /// Records one decision; false when the same officer had
            /// already made it (it counts once).
            #[allow(clippy::too_many_arguments)]
            async fn decide(
                tx: &mut sqlx::Transaction<'_, $db>,
                plan_id: i64,
                action: &str,
                officer: &str,
                decision: &str,
                reason: Option<&str>,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                let done = sqlx::query(
                    "INSERT INTO plan_decisions (plan_id, action, officer, decision, reason, at)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (plan_id, action, officer, decision) DO NOTHING",
                )
                .bind(plan_id)
                .bind(action)
                .bind(officer)
                .bind(decision)
                .bind(reason)
                .bind(at)
                .execute(&mut **tx)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            /// Whether the case has a recorded verification of identity,
            /// reading its identity record into `identity` if not read yet
            /// (the effects after it change the same record).
            async fn verified(
                tx: &mut sqlx::Transaction<'_, $db>,
                case_id: i64,
                identity: &mut Option<$crate::identity::CaseIdentity>,
            ) -> Result<bool, $crate::store::StoreError> {
                if identity.is_none() {
                    *identity = Some(Self::load_identity(tx, case_id).await?);
                }
                Ok(identity.as_ref().is_some_and(|i| i.verification.is_some()))
            }

            /// The case's current plan, with its row id.
            async fn load_plan(
                tx: &mut sqlx::Transaction<'_, $db>,
                case_id: i64,
            ) -> Result<Option<(i64, $crate::plan::Plan)>, $crate::store::StoreError> {
                use sqlx::Row;
                let row = sqlx::query("SELECT id, plan FROM case_plans WHERE case_id = $1 AND superseded_at IS NULL")
                    .bind(case_id)
                    .fetch_optional(&mut **tx)
                    .await?;
                match row {
                    Some(r) => Ok(Some((r.try_get(0)?, $crate::store::columns::from_json("plan", &r.try_get::<String, _>(1)?)?))),
                    None => Ok(None),
                }
            }

            /// The case's current plan with its decisions, and every action
            /// row of the case, read on `conn`.
            async fn plan_and_actions(
                conn: &mut <$db as sqlx::Database>::Connection,
                case_id: i64,
                reference: &$crate::case::CaseRef,
            ) -> Result<(Option<$crate::store::CasePlan>, Vec<$crate::store::ActionRow>), $crate::store::StoreError> {
                use sqlx::Row;
                use $crate::store::columns;
                let plan = sqlx::query("SELECT id, plan FROM case_plans WHERE case_id = $1 AND superseded_at IS NULL")
                    .bind(case_id)
                    .fetch_optional(&mut *conn)
                    .await?;
                let plan = match plan {
                    None => None,
                    Some(r) => {
                        let plan_id: i64 = r.try_get(0)?;
                        let plan: $crate::plan::Plan = columns::from_json("plan", &r.try_get::<String, _>(1)?)?;
                        let rows = sqlx::query(
                            "SELECT action, officer, decision, reason, at FROM plan_decisions WHERE plan_id = $1 ORDER BY id",
                        )
                        .bind(plan_id)
                        .fetch_all(&mut *conn)
                        .await?;
                        let mut approvals = Vec::new();
                        let mut rejections = Vec::new();
                        for d in rows {
                            let action = columns::action_id(&d.try_get::<String, _>(0)?)?;
                            let officer: String = d.try_get(1)?;
                            let decision: String = d.try_get(2)?;
                            let at = d.try_get(4)?;
                            if decision == "approve" {
                                approvals.push($crate::plan::Approval { action, officer, fingerprint: plan.fingerprint.clone(), at });
                            } else {
                                let reason: Option<String> = d.try_get(3)?;
                                rejections.push($crate::plan::Rejection { action, officer, reason: reason.unwrap_or_default(), fingerprint: plan.fingerprint.clone(), at });
                            }
                        }
                        Some($crate::store::CasePlan { plan, approvals, rejections })
                    }
                };
                let rows = sqlx::query(
                    "SELECT id, action, spec, state, attempts, next_attempt_at, result, error, note
                     FROM case_actions WHERE case_id = $1 ORDER BY id",
                )
                .bind(case_id)
                .fetch_all(&mut *conn)
                .await?;
                let actions = rows
                    .iter()
                    .map(|r| columns::action_row(r, reference))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok((plan, actions))
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
