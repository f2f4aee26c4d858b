//! Retention rules' schedule state, leases and runs. Shared SQL of both
//! stores (see `queries/mod.rs`). Times are compared in Rust inside the
//! writer's transaction rather than in SQL, since SQLite keeps them as text.

macro_rules! sql_retention {
    ($store:ty, $db:ty) => {
        impl $store {
            /// One row of `retention_runs`, selected as `id, rule, plugin,
            /// at, tick, dry_run, actor, tables, error` (the run list and
            /// the digest's failed runs read the same columns).
            fn retention_run_of(
                r: &<$db as sqlx::Database>::Row,
            ) -> Result<$crate::store::RetentionRun, $crate::store::StoreError> {
                use sqlx::Row;
                let tables: String = r.try_get(7)?;
                Ok($crate::store::RetentionRun {
                    id: r.try_get(0)?,
                    rule: r.try_get(1)?,
                    plugin: r.try_get(2)?,
                    at: r.try_get(3)?,
                    tick: r.try_get(4)?,
                    dry_run: r.try_get(5)?,
                    actor: r.try_get(6)?,
                    tables: $crate::store::columns::from_json("retention tables", &tables)?,
                    error: r.try_get(8)?,
                })
            }
        }

        #[async_trait::async_trait]
        impl $crate::store::RetentionStore for $store {
            async fn retention_rule(
                &self,
                rule: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<$crate::store::RetentionRuleState, $crate::store::StoreError> {
                use sqlx::Row;
                // Read first: the scheduler asks every few seconds, and only
                // a new rule needs a write.
                for _ in 0..2 {
                    let row = sqlx::query(
                        "SELECT first_seen_at, last_run_at, lease_until FROM retention_rules WHERE rule = $1",
                    )
                    .bind(rule)
                    .fetch_optional(&self.pool)
                    .await?;
                    if let Some(row) = row {
                        return Ok($crate::store::RetentionRuleState {
                            first_seen_at: row.try_get(0)?,
                            last_run_at: row.try_get(1)?,
                            lease_until: row.try_get(2)?,
                        });
                    }
                    sqlx::query(
                        "INSERT INTO retention_rules (rule, first_seen_at) VALUES ($1, $2)
                         ON CONFLICT (rule) DO NOTHING",
                    )
                    .bind(rule)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                }
                Err($crate::store::StoreError::Corrupt(format!("retention rule {rule:?} cannot be recorded")))
            }

            async fn take_retention_lease(
                &self,
                rule: &str,
                tick: chrono::DateTime<chrono::Utc>,
                now: chrono::DateTime<chrono::Utc>,
                until: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                use sqlx::Row;
                // The writer's lock serialises daemons racing for the lease.
                let mut tx = self.begin_write().await?;
                let Some(row) = sqlx::query(
                    "SELECT last_run_at, lease_until FROM retention_rules WHERE rule = $1",
                )
                .bind(rule)
                .fetch_optional(&mut *tx)
                .await?
                else {
                    sqlx::query(
                        "INSERT INTO retention_rules (rule, first_seen_at, lease_until) VALUES ($1, $2, $3)",
                    )
                    .bind(rule)
                    .bind(now)
                    .bind(until)
                    .execute(&mut *tx)
                    .await?;
                    tx.commit().await?;
                    return Ok(true);
                };
                let last: Option<chrono::DateTime<chrono::Utc>> = row.try_get(0)?;
                let lease: Option<chrono::DateTime<chrono::Utc>> = row.try_get(1)?;
                let done = last.is_some_and(|last| last >= tick);
                let held = lease.is_some_and(|lease| lease > now);
                if done || held {
                    tx.rollback().await?;
                    return Ok(false);
                }
                sqlx::query("UPDATE retention_rules SET lease_until = $1 WHERE rule = $2")
                    .bind(until)
                    .bind(rule)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn record_retention_run(
                &self,
                run: &$crate::store::NewRetentionRun<'_>,
            ) -> Result<i64, $crate::store::StoreError> {
                use sqlx::Row;
                let tables = $crate::store::columns::to_json("retention tables", &run.tables)?;
                let actor = run.by.to_string();
                let mut tx = self.begin_write().await?;
                let id: i64 = sqlx::query(
                    "INSERT INTO retention_runs (rule, plugin, at, tick, dry_run, actor, tables, error)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                )
                .bind(run.rule)
                .bind(run.plugin)
                .bind(run.at)
                .bind(run.tick)
                .bind(run.dry_run)
                .bind(&actor)
                .bind(&tables)
                .bind(&run.error)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
                if let Some(tick) = run.tick {
                    sqlx::query(
                        "INSERT INTO retention_rules (rule, first_seen_at, last_run_at) VALUES ($1, $2, $3)
                         ON CONFLICT (rule) DO UPDATE SET last_run_at = $3, lease_until = NULL",
                    )
                    .bind(run.rule)
                    .bind(run.at)
                    .bind(tick)
                    .execute(&mut *tx)
                    .await?;
                }
                let counts: Vec<serde_json::Value> = run
                    .tables
                    .iter()
                    .map(|t| serde_json::json!({ "table": t.table, "removed": t.removed, "retained": t.retained }))
                    .collect();
                let audit = serde_json::json!({
                    "run": id,
                    "rule": run.rule,
                    "plugin": run.plugin,
                    "dry_run": run.dry_run,
                    "scheduled": run.tick.is_some(),
                    "removed": run.tables.iter().map(|t| t.removed).sum::<u64>(),
                    "tables": counts,
                    "error": run.error,
                })
                .to_string();
                let action = if run.error.is_some() { "retention.failed" } else { "retention.run" };
                Self::append_audit(&mut tx, run.at, &actor, action, None, &audit).await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn retention_runs(
                &self,
                rule: Option<&str>,
                limit: u32,
            ) -> Result<Vec<$crate::store::RetentionRun>, $crate::store::StoreError> {
                let rows = sqlx::query(
                    "SELECT id, rule, plugin, at, tick, dry_run, actor, tables, error FROM retention_runs
                     WHERE ($1 IS NULL OR rule = $1) ORDER BY id DESC LIMIT $2",
                )
                .bind(rule)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(Self::retention_run_of).collect()
            }
        }
    };
}

pub(crate) use sql_retention;
