//! The erasure ledger: an entry written with an erasure's result, the
//! entries read back for a replay, and a replay's audit entry. Shared SQL
//! of both stores (see `queries/mod.rs`).

macro_rules! sql_ledger {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::LedgerStore for $store {
            async fn finish_erasure(
                &self,
                id: i64,
                result: &serde_json::Value,
                summary: &str,
                entry: &$crate::store::NewLedgerEntry,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                use sqlx::Row;
                let scope = $crate::store::columns::to_json("ledger scope", &entry.scope)?;
                let identifiers =
                    $crate::store::columns::to_json("ledger identifiers", &entry.identifiers)?;
                let mode = $crate::store::columns::to_json("erase mode", &entry.mode)?;
                let mut tx = self.begin_write().await?;
                let Some((reference, action)) =
                    Self::finish_action_in(&mut tx, id, result, summary, at).await?
                else {
                    tx.rollback().await?;
                    return Ok(false);
                };
                let entry_id: i64 = sqlx::query(
                    "INSERT INTO erasure_ledger (case_ref, action, plugin, person, mode, scope, identifiers, key_id, erased_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                )
                .bind(&reference)
                .bind(&action)
                .bind(&entry.plugin)
                .bind(&entry.person)
                .bind(mode.trim_matches('"'))
                .bind(&scope)
                .bind(&identifiers)
                .bind(&entry.key_id)
                .bind(at)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
                let audit = serde_json::json!({
                    "entry": entry_id,
                    "action": action,
                    "plugin": entry.plugin,
                    "records": entry.scope.len(),
                    "identifiers": entry.identifiers.len(),
                })
                .to_string();
                Self::append_audit(&mut tx, at, "system", "ledger.entry", Some(&reference), &audit).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn ledger_entries(
                &self,
                plugin: Option<&str>,
                since: Option<chrono::DateTime<chrono::Utc>>,
            ) -> Result<Vec<$crate::store::LedgerEntry>, $crate::store::StoreError> {
                use sqlx::Row;
                let rows = sqlx::query(
                    "SELECT id, case_ref, action, plugin, person, mode, scope, identifiers, key_id, erased_at
                     FROM erasure_ledger WHERE ($1 IS NULL OR plugin = $1) ORDER BY id",
                )
                .bind(plugin)
                .fetch_all(&self.pool)
                .await?;
                let mut entries = Vec::with_capacity(rows.len());
                for r in &rows {
                    let erased_at: chrono::DateTime<chrono::Utc> = r.try_get(9)?;
                    // Compared here rather than in SQL: SQLite keeps times
                    // as text, whose order is not the instants' order for
                    // every offset.
                    if since.is_some_and(|since| erased_at < since) {
                        continue;
                    }
                    let mode: String = r.try_get(5)?;
                    let scope: String = r.try_get(6)?;
                    let identifiers: String = r.try_get(7)?;
                    entries.push($crate::store::LedgerEntry {
                        id: r.try_get(0)?,
                        case: r.try_get(1)?,
                        action: r.try_get(2)?,
                        erased_at,
                        entry: $crate::store::LedgerFields {
                            plugin: r.try_get(3)?,
                            person: r.try_get(4)?,
                            mode: $crate::store::columns::from_json("erase mode", &format!("{mode:?}"))?,
                            scope: $crate::store::columns::from_json("ledger scope", &scope)?,
                            identifiers: $crate::store::columns::from_json("ledger identifiers", &identifiers)?,
                            key_id: r.try_get(8)?,
                        },
                    });
                }
                Ok(entries)
            }

            async fn record_replay(
                &self,
                plugin: &str,
                since: chrono::DateTime<chrono::Utc>,
                dry_run: bool,
                by: &$crate::case::Actor,
                counts: &$crate::store::ReplayCounts,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                let mut detail = serde_json::json!({
                    "plugin": plugin,
                    "since": since,
                    "dry_run": dry_run,
                });
                if let (Some(detail), serde_json::Value::Object(counts)) =
                    (detail.as_object_mut(), serde_json::to_value(counts).map_err(|e| $crate::store::StoreError::Corrupt(e.to_string()))?)
                {
                    detail.extend(counts);
                }
                let mut tx = self.begin_write().await?;
                Self::append_audit(&mut tx, at, &by.to_string(), "erasures.replay", None, &detail.to_string()).await?;
                tx.commit().await?;
                Ok(())
            }
        }
    };
}

pub(crate) use sql_ledger;
