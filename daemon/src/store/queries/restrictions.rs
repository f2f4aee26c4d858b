//! The register of restrictions and the bookkeeping of their lifts: entered
//! when a restrict action is done (`register_restriction`, called from
//! `finish_action`), a lift announced by an officer (`announce_lift`, the
//! store's side of `Effect::AnnounceLift`), then claimed, finished or failed
//! like an action row — or released, when another restriction of the same
//! subject in the same plugin still needs the records marked. Shared SQL of
//! both stores (see `queries/mod.rs`).

macro_rules! sql_restrictions {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::RestrictionStore for $store {
            async fn active_restrictions(&self) -> Result<Vec<$crate::store::ActiveRestriction>, $crate::store::StoreError> {
                self.restrictions_where("r.state NOT IN ('lifted', 'released')", None, i64::MAX).await
            }

            async fn due_lifts(
                &self,
                now: chrono::DateTime<chrono::Utc>,
                limit: i64,
            ) -> Result<Vec<$crate::store::ActiveRestriction>, $crate::store::StoreError> {
                self.restrictions_where(
                    "r.state = 'announced' AND r.lift_from <= $1 AND r.lift_next_attempt_at <= $1",
                    Some(now),
                    limit,
                )
                .await
            }

            async fn interrupted_lifts(&self) -> Result<Vec<$crate::store::ActiveRestriction>, $crate::store::StoreError> {
                self.restrictions_where("r.state = 'lifting'", None, i64::MAX).await
            }

            async fn claim_lift(
                &self,
                id: i64,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                // The date condition is the notice period itself: whatever
                // calls this, nothing is lifted before the announced day.
                let done = sqlx::query(
                    "UPDATE restrictions SET state = 'lifting', lift_attempts = lift_attempts + 1, updated_at = $2
                     WHERE id = $1 AND state IN ('announced', 'failed') AND lift_from <= $2",
                )
                .bind(id)
                .bind(at)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn release_lift(
                &self,
                id: i64,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                let done = sqlx::query(
                    "UPDATE restrictions SET state = 'announced', lift_next_attempt_at = $2, updated_at = $2
                     WHERE id = $1 AND state = 'lifting'",
                )
                .bind(id)
                .bind(at)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn end_covered_lift(
                &self,
                id: i64,
                by: &$crate::case::Actor,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<Option<String>, $crate::store::StoreError> {
                use sqlx::Row;
                let mut tx = self.begin_write().await?;
                let other = sqlx::query(
                    "SELECT c.reference, o.action
                     FROM restrictions r
                     JOIN restrictions o ON o.plugin = r.plugin AND o.person_key = r.person_key AND o.id <> r.id
                     JOIN cases c ON c.id = o.case_id
                     WHERE r.id = $1 AND r.state = 'lifting' AND o.state NOT IN ('lifted', 'released')
                     ORDER BY o.id LIMIT 1",
                )
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(other) = other else {
                    tx.rollback().await?;
                    return Ok(None);
                };
                let covered_by = format!("{}:{}", other.try_get::<String, _>(0)?, other.try_get::<String, _>(1)?);
                let row = sqlx::query(
                    "UPDATE restrictions SET state = 'released', lifted_at = $2, lifted_by = $3, lift_error = NULL, updated_at = $2
                     WHERE id = $1 AND state = 'lifting'
                     RETURNING case_id, action, plugin, (SELECT reference FROM cases WHERE cases.id = restrictions.case_id)",
                )
                .bind(id)
                .bind(at)
                .bind(by.to_string())
                .fetch_one(&mut *tx)
                .await?;
                let case_id: i64 = row.try_get(0)?;
                let action: String = row.try_get(1)?;
                let plugin: String = row.try_get(2)?;
                let reference: String = row.try_get(3)?;
                let detail = format!(
                    "{action}: restriction ended; its records in {plugin} stay marked while {covered_by} is in force, and are cleared with it"
                );
                Self::add_event_by(&mut tx, case_id, at, by, $crate::case::EventKind::RestrictionLifted, None, None, Some(&detail)).await?;
                let audit = serde_json::json!({ "action": action, "plugin": plugin, "covered_by": covered_by }).to_string();
                Self::append_audit(&mut tx, at, &by.to_string(), "restriction.released", Some(&reference), &audit).await?;
                tx.commit().await?;
                Ok(Some(covered_by))
            }

            async fn lift_scope(&self, id: i64) -> Result<dsrd_plugin_api::Scope, $crate::store::StoreError> {
                use sqlx::Row;
                let rows = sqlx::query(
                    "SELECT o.scope FROM restrictions r
                     JOIN restrictions o ON o.plugin = r.plugin AND o.person_key = r.person_key
                     WHERE r.id = $1 AND (o.id = r.id OR o.state = 'released')",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                let mut scope = dsrd_plugin_api::Scope::default();
                for row in rows {
                    let part: dsrd_plugin_api::Scope = $crate::store::columns::from_json("scope", &row.try_get::<String, _>(0)?)?;
                    for (table, keys) in &part.tables {
                        for key in keys {
                            scope.insert(table, key);
                        }
                    }
                }
                Ok(scope)
            }

            async fn finish_lift(
                &self,
                id: i64,
                by: &$crate::case::Actor,
                summary: &str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                use sqlx::Row;
                let mut tx = self.begin_write().await?;
                let row = sqlx::query(
                    "UPDATE restrictions SET state = 'lifted', lifted_at = $2, lifted_by = $3, lift_error = NULL, updated_at = $2
                     WHERE id = $1 AND state = 'lifting'
                     RETURNING case_id, action, plugin, person_key, (SELECT reference FROM cases WHERE cases.id = restrictions.case_id)",
                )
                .bind(id)
                .bind(at)
                .bind(by.to_string())
                .fetch_optional(&mut *tx)
                .await?;
                let Some(row) = row else {
                    tx.rollback().await?;
                    return Ok(false);
                };
                let case_id: i64 = row.try_get(0)?;
                let action: String = row.try_get(1)?;
                let plugin: String = row.try_get(2)?;
                let person_key: String = row.try_get(3)?;
                let reference: String = row.try_get(4)?;
                // The released ones' records were cleared by this call too
                // (`lift_scope`).
                sqlx::query(
                    "UPDATE restrictions SET state = 'lifted', updated_at = $1
                     WHERE plugin = $2 AND person_key = $3 AND state = 'released'",
                )
                .bind(at)
                .bind(&plugin)
                .bind(&person_key)
                .execute(&mut *tx)
                .await?;
                let detail = format!("{action}: restriction lifted in {plugin} ({summary})");
                Self::add_event_by(&mut tx, case_id, at, by, $crate::case::EventKind::RestrictionLifted, None, None, Some(&detail)).await?;
                let audit = serde_json::json!({ "action": action, "plugin": plugin, "summary": summary }).to_string();
                Self::append_audit(&mut tx, at, &by.to_string(), "restriction.lifted", Some(&reference), &audit).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn fail_lift(
                &self,
                id: i64,
                by: &$crate::case::Actor,
                error: &str,
                retry_at: Option<chrono::DateTime<chrono::Utc>>,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                use sqlx::Row;
                let mut tx = self.begin_write().await?;
                let (state, next) = match retry_at {
                    Some(when) => ("announced", when),
                    None => ("failed", at),
                };
                let row = sqlx::query(
                    "UPDATE restrictions SET state = $2, lift_error = $3, lift_next_attempt_at = $4, updated_at = $5
                     WHERE id = $1 AND state = 'lifting'
                     RETURNING case_id, action, plugin, lift_attempts, (SELECT reference FROM cases WHERE cases.id = restrictions.case_id)",
                )
                .bind(id)
                .bind(state)
                .bind(error)
                .bind(next)
                .bind(at)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(row) = row else {
                    tx.rollback().await?;
                    return Ok(false);
                };
                let case_id: i64 = row.try_get(0)?;
                let action: String = row.try_get(1)?;
                let plugin: String = row.try_get(2)?;
                let attempts: i64 = row.try_get(3)?;
                let reference: String = row.try_get(4)?;
                let detail = match retry_at {
                    Some(when) => format!("{action}: lifting the restriction in {plugin} failed (attempt {attempts}), tried again from {when}: {error}"),
                    None => format!("{action}: lifting the restriction in {plugin} failed: {error}; it stays in force until `dsrd restrictions lift {reference} --action {action} --now`"),
                };
                Self::add_event_by(&mut tx, case_id, at, by, $crate::case::EventKind::RestrictionLiftFailed, None, None, Some(&detail)).await?;
                let audit = serde_json::json!({ "action": action, "plugin": plugin, "attempts": attempts, "final": retry_at.is_none() }).to_string();
                Self::append_audit(&mut tx, at, &by.to_string(), "restriction.lift_failed", Some(&reference), &audit).await?;
                tx.commit().await?;
                Ok(true)
            }
        }

        impl $store {
            /// Enters the action row `action_row`, just done, in the register
            /// when it is a plugin's restriction (anything else is left
            /// alone), with its event and audit entry, inside `tx`.
            async fn register_restriction(
                tx: &mut sqlx::Transaction<'_, $db>,
                action_row: i64,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                use sqlx::Row;
                use $crate::store::columns;
                let row = sqlx::query(
                    "SELECT a.case_id, a.action, a.spec, p.plan, c.reference
                     FROM case_actions a JOIN case_plans p ON p.id = a.plan_id JOIN cases c ON c.id = a.case_id
                     WHERE a.id = $1",
                )
                .bind(action_row)
                .fetch_one(&mut **tx)
                .await?;
                let spec: $crate::plan::PlannedAction = columns::from_json("action", &row.try_get::<String, _>(2)?)?;
                let ($crate::plan::ActionKind::Restrict, $crate::plan::System::Plugin(plugin)) = (&spec.kind, &spec.system) else {
                    return Ok(());
                };
                let plan: $crate::plan::Plan = columns::from_json("plan", &row.try_get::<String, _>(3)?)?;
                // The executor could not have run the action without this
                // key (`request_for`), so its absence is damage, not a case.
                let person_key = plan.subject.keys(plugin).next().ok_or_else(|| {
                    $crate::store::StoreError::Corrupt(format!("the plan holds no person key for {plugin}"))
                })?;
                let case_id: i64 = row.try_get(0)?;
                let action: String = row.try_get(1)?;
                let reference: String = row.try_get(4)?;
                let records = spec.scope.len();
                let inserted = sqlx::query(
                    "INSERT INTO restrictions (case_id, action_row, action, plugin, person_key, scope, records, since, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
                     ON CONFLICT (action_row) DO NOTHING",
                )
                .bind(case_id)
                .bind(action_row)
                .bind(&action)
                .bind(plugin)
                .bind(person_key)
                .bind(columns::to_json("scope", &spec.scope)?)
                .bind(i64::try_from(records).unwrap_or(i64::MAX))
                .bind(at)
                .execute(&mut **tx)
                .await?;
                if inserted.rows_affected() == 1 {
                    let detail = format!("{action}: {records} records in {plugin} carry the restriction; in the register until lifted");
                    Self::add_event(tx, case_id, at, $crate::case::EventKind::RestrictionRegistered, None, None, Some(&detail)).await?;
                    let audit = serde_json::json!({ "action": action, "plugin": plugin, "records": records }).to_string();
                    Self::append_audit(tx, at, "system", "restriction.registered", Some(&reference), &audit).await?;
                }
                Ok(())
            }

            /// Records the announcement of a lift on the case's restriction
            /// of `action` (the store's side of `Effect::AnnounceLift`), or
            /// says why not.
            #[allow(clippy::too_many_arguments)]
            async fn announce_lift(
                tx: &mut sqlx::Transaction<'_, $db>,
                case_id: i64,
                reference: &$crate::case::CaseRef,
                actor: &$crate::case::Actor,
                action: &$crate::plan::ActionId,
                on: chrono::NaiveDate,
                from: chrono::DateTime<chrono::Utc>,
                reason: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<Result<(), $crate::store::EffectRefused>, $crate::store::StoreError> {
                use sqlx::Row;
                use $crate::store::{EffectRefused, RestrictionState};
                let row = sqlx::query(
                    "SELECT id, state, plugin, lift_on FROM restrictions WHERE case_id = $1 AND action = $2 ORDER BY id DESC LIMIT 1",
                )
                .bind(case_id)
                .bind(action.to_string())
                .fetch_optional(&mut **tx)
                .await?;
                let Some(row) = row else {
                    return Ok(Err(EffectRefused::Action(format!(
                        "case {reference} has no restriction {action} in the register (dsrd restrictions list)"
                    ))));
                };
                let id: i64 = row.try_get(0)?;
                let state: String = row.try_get(1)?;
                let plugin: String = row.try_get(2)?;
                let announced: Option<chrono::NaiveDate> = row.try_get(3)?;
                match RestrictionState::parse(&state) {
                    Some(RestrictionState::Active) => {}
                    Some(RestrictionState::Lifted | RestrictionState::Released) => {
                        return Ok(Err(EffectRefused::Action(format!("the restriction {action} of {reference} is already lifted"))));
                    }
                    _ => {
                        let on = announced.map(|d| d.to_string()).unwrap_or_default();
                        return Ok(Err(EffectRefused::Action(format!(
                            "a lift of {action} is already announced for {on}: from then on it runs by itself, or with --now"
                        ))));
                    }
                }
                let by = match actor {
                    $crate::case::Actor::Officer(name) => name.clone(),
                    $crate::case::Actor::System => actor.to_string(),
                };
                sqlx::query(
                    "UPDATE restrictions SET state = 'announced', lift_announced_at = $2, lift_announced_by = $3,
                        lift_reason = $4, lift_on = $5, lift_from = $6, lift_next_attempt_at = $6, updated_at = $2
                     WHERE id = $1 AND state = 'active'",
                )
                .bind(id)
                .bind(now)
                .bind(&by)
                .bind(reason)
                .bind(on)
                .bind(from)
                .execute(&mut **tx)
                .await?;
                let detail = format!(
                    "{action}: lift of the restriction in {plugin} announced for {on}; the subject is told first: {reason}"
                );
                Self::add_event_by(tx, case_id, now, actor, $crate::case::EventKind::RestrictionLiftAnnounced, None, None, Some(&detail)).await?;
                let audit = serde_json::json!({
                    "action": action.to_string(),
                    "plugin": plugin,
                    "lift_on": on.to_string(),
                    "lift_from": from.to_rfc3339(),
                })
                .to_string();
                Self::append_audit(tx, now, &actor.to_string(), "restriction.lift_announced", Some(reference.as_str()), &audit).await?;
                Ok(Ok(()))
            }

            async fn restrictions_where(
                &self,
                condition: &str,
                now: Option<chrono::DateTime<chrono::Utc>>,
                limit: i64,
            ) -> Result<Vec<$crate::store::ActiveRestriction>, $crate::store::StoreError> {
                let sql = format!(
                    "SELECT r.id, c.reference, r.action, r.plugin, r.since, r.records, r.scope, r.person_key, r.state,
                            r.lift_announced_at, r.lift_announced_by, r.lift_reason, r.lift_on, r.lift_from,
                            r.lift_attempts, r.lift_error
                     FROM restrictions r JOIN cases c ON c.id = r.case_id
                     WHERE {condition} ORDER BY r.id LIMIT {limit}"
                );
                let mut query = sqlx::query(&sql);
                if let Some(now) = now {
                    query = query.bind(now);
                }
                let rows = query.fetch_all(&self.pool).await?;
                rows.iter().map(restriction_row).collect()
            }
        }

        /// A register row as `restrictions_where` selects it.
        fn restriction_row(r: &<$db as sqlx::Database>::Row) -> Result<$crate::store::ActiveRestriction, $crate::store::StoreError> {
            use sqlx::Row;
            use $crate::store::{columns, RestrictionState, StoreError};
            let state: String = r.try_get(8)?;
            let state = RestrictionState::parse(&state)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown restriction state {state:?}")))?;
            let announced_at: Option<chrono::DateTime<chrono::Utc>> = r.try_get(9)?;
            let missing = |what: &str| StoreError::Corrupt(format!("an announced lift without its {what}"));
            let lift = match announced_at {
                None => None,
                Some(announced_at) => Some($crate::store::LiftNotice {
                    announced_at,
                    by: r.try_get::<Option<String>, _>(10)?.unwrap_or_default(),
                    reason: r.try_get::<Option<String>, _>(11)?.unwrap_or_default(),
                    on: r.try_get::<Option<chrono::NaiveDate>, _>(12)?.ok_or_else(|| missing("date"))?,
                    from: r.try_get::<Option<chrono::DateTime<chrono::Utc>>, _>(13)?.ok_or_else(|| missing("start"))?,
                    attempts: r.try_get(14)?,
                }),
            };
            Ok($crate::store::ActiveRestriction {
                id: r.try_get(0)?,
                case: columns::reference(&r.try_get::<String, _>(1)?)?,
                action: columns::action_id(&r.try_get::<String, _>(2)?)?,
                plugin: r.try_get(3)?,
                since: r.try_get(4)?,
                records: u64::try_from(r.try_get::<i64, _>(5)?).unwrap_or(0),
                scope: columns::from_json("scope", &r.try_get::<String, _>(6)?)?,
                person_key: r.try_get(7)?,
                state,
                lift,
                error: r.try_get(15)?,
            })
        }
    };
}

pub(crate) use sql_restrictions;
