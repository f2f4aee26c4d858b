//! The breach register (`BreachStore`). Every change runs under the
//! writer's lock with its audit entries in the same transaction; the
//! decisions are JSON columns in the library's own shape. Shared SQL of
//! both stores (see `queries/mod.rs`).

macro_rules! sql_breaches {
    ($store:ty, $db:ty) => {
        /// The columns [`breach_row`] reads, in its order.
        const BREACH_COLUMNS: &str = "reference, state, discovered_at, ap_due, what, categories, people,
            people_estimated, risk, ap, subjects, measures, mail, created_by, created_at, updated_at,
            closed_at, reminded_at";

        /// A breach row selected as [`BREACH_COLUMNS`].
        fn breach_row(r: &<$db as sqlx::Database>::Row) -> Result<$crate::breach::Breach, $crate::store::StoreError> {
            use sqlx::Row;
            use $crate::store::StoreError;
            fn json<T: serde::de::DeserializeOwned>(column: &str, text: Option<String>) -> Result<Option<T>, StoreError> {
                text.map(|t| serde_json::from_str(&t).map_err(|e| StoreError::Corrupt(format!("breaches.{column}: {e}"))))
                    .transpose()
            }
            let reference: String = r.try_get(0)?;
            let reference = reference
                .parse()
                .map_err(|e| StoreError::Corrupt(format!("breaches.reference: {e}")))?;
            let state: String = r.try_get(1)?;
            let state = state
                .parse()
                .map_err(|e| StoreError::Corrupt(format!("breaches.state: {e}")))?;
            let people: Option<i64> = r.try_get(6)?;
            let people = people
                .map(|p| u32::try_from(p).map_err(|_| StoreError::Corrupt(format!("breaches.people {p}"))))
                .transpose()?;
            let mail: Option<BreachMailColumn> = json("mail", r.try_get(12)?)?;
            Ok($crate::breach::Breach {
                reference,
                state,
                discovered_at: r.try_get(2)?,
                ap_due: r.try_get(3)?,
                what: r.try_get(4)?,
                categories: json("categories", Some(r.try_get(5)?))?.unwrap_or_default(),
                people,
                people_estimated: r.try_get(7)?,
                risk: json("risk", r.try_get(8)?)?,
                ap: json("ap", r.try_get(9)?)?,
                subjects: json("subjects", r.try_get(10)?)?,
                measures: r.try_get(11)?,
                mail: mail.map(|m| $crate::breach::ReportedMail {
                    message_id: m.message_id,
                    from: m.from,
                    subject: m.subject,
                    received_at: m.received_at,
                    phrases: m.phrases,
                }),
                created_by: r.try_get(13)?,
                created_at: r.try_get(14)?,
                updated_at: r.try_get(15)?,
                closed_at: r.try_get(16)?,
                reminded_at: r.try_get(17)?,
            })
        }

        /// The `mail` column as stored.
        #[derive(serde::Serialize, serde::Deserialize)]
        struct BreachMailColumn {
            message_id: Option<String>,
            from: Option<String>,
            subject: Option<String>,
            received_at: chrono::DateTime<chrono::Utc>,
            phrases: Vec<String>,
        }

        /// A value as its JSON column text.
        fn breach_json<T: serde::Serialize>(value: &T) -> Result<String, $crate::store::StoreError> {
            serde_json::to_string(value).map_err(|e| $crate::store::StoreError::Corrupt(e.to_string()))
        }

        impl $store {
            /// The entry `reference`, on `conn`.
            async fn breach_named(
                conn: &mut <$db as sqlx::Database>::Connection,
                reference: &str,
            ) -> Result<Option<$crate::breach::Breach>, $crate::store::StoreError> {
                let sql = format!("SELECT {BREACH_COLUMNS} FROM breaches WHERE reference = $1");
                let row = sqlx::query(&sql).bind(reference).fetch_optional(&mut *conn).await?;
                row.as_ref().map(breach_row).transpose()
            }

            /// Inserts a new entry with the next reference of the year of
            /// `at`; the caller holds the writer's lock.
            async fn insert_breach(
                tx: &mut sqlx::Transaction<'_, $db>,
                new: &$crate::breach::NewBreach,
                by: &$crate::case::Actor,
                mail: Option<(&str, &[u8], &$crate::breach::ReportedMail)>,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<$crate::breach::BreachRef, $crate::store::StoreError> {
                use chrono::Datelike;
                use sqlx::Row;
                let year = at.year();
                let next: i64 = sqlx::query("SELECT COALESCE(MAX(number), 0) + 1 FROM breaches WHERE year = $1")
                    .bind(i64::from(year))
                    .fetch_one(&mut **tx)
                    .await?
                    .try_get(0)?;
                let number = u32::try_from(next)
                    .map_err(|_| $crate::store::StoreError::Corrupt(format!("breach number {next}")))?;
                let reference = $crate::breach::BreachRef::new(year, number);
                let column = mail
                    .map(|(_, _, m)| {
                        breach_json(&BreachMailColumn {
                            message_id: m.message_id.clone(),
                            from: m.from.clone(),
                            subject: m.subject.clone(),
                            received_at: m.received_at,
                            phrases: m.phrases.clone(),
                        })
                    })
                    .transpose()?;
                sqlx::query(
                    "INSERT INTO breaches (reference, year, number, state, discovered_at, ap_due, what, categories,
                        people, people_estimated, mail, dedupe_key, raw, created_by, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)",
                )
                .bind(reference.as_str())
                .bind(i64::from(year))
                .bind(next)
                .bind(new.state.as_str())
                .bind(new.discovered_at)
                .bind(new.ap_due())
                .bind(&new.what)
                .bind(breach_json(&new.categories)?)
                .bind(new.people.map(i64::from))
                .bind(new.people_estimated)
                .bind(column)
                .bind(mail.map(|(key, _, _)| key))
                .bind(mail.map(|(_, raw, _)| raw))
                .bind(by.to_string())
                .bind(at)
                .execute(&mut **tx)
                .await?;
                let detail = serde_json::json!({
                    "breach": reference.as_str(),
                    "state": new.state.as_str(),
                    "source": if mail.is_some() { "mail" } else { "officer" },
                    "ap_due": new.ap_due().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                })
                .to_string();
                Self::append_audit(tx, at, &by.to_string(), "breach.opened", None, &detail).await?;
                Ok(reference)
            }

            /// Puts a mail about breach `reference` in the outbox (no case),
            /// with its audit entry by the system.
            async fn queue_breach_mail(
                tx: &mut sqlx::Transaction<'_, $db>,
                reference: &$crate::breach::BreachRef,
                mail: &$crate::outbox::OutgoingMail,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                sqlx::query(
                    "INSERT INTO outbox (case_id, kind, message_id, sender, recipient, raw, next_attempt_at, created_at)
                     VALUES (NULL, $1, $2, $3, $4, $5, $6, $6)",
                )
                .bind(mail.kind.as_str())
                .bind(&mail.message_id)
                .bind(mail.sender.as_str())
                .bind(mail.recipient.as_str())
                .bind(&mail.raw)
                .bind(at)
                .execute(&mut **tx)
                .await?;
                let detail = serde_json::json!({
                    "kind": mail.kind.as_str(),
                    "message_id": mail.message_id,
                    "breach": reference.as_str(),
                })
                .to_string();
                Self::append_audit(tx, at, "system", "mail.queued", None, &detail).await?;
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl $crate::store::BreachStore for $store {
            async fn open_breach(
                &self,
                new: &$crate::breach::NewBreach,
                by: &$crate::case::Actor,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<$crate::breach::Breach, $crate::store::StoreError> {
                let mut tx = self.begin_write().await?;
                let reference = Self::insert_breach(&mut tx, new, by, None, at).await?;
                let breach = Self::breach_named(&mut *tx, reference.as_str())
                    .await?
                    .ok_or_else(|| $crate::store::StoreError::Corrupt(format!("{reference} not read back")))?;
                tx.commit().await?;
                Ok(breach)
            }

            async fn record_breach_report(
                &self,
                report: $crate::store::BreachReport,
            ) -> Result<$crate::store::BreachIntake, $crate::store::StoreError> {
                use sqlx::Row;
                use $crate::store::BreachIntake;
                let mut tx = self.begin_write().await?;
                let known = sqlx::query("SELECT reference FROM breaches WHERE dedupe_key = $1")
                    .bind(&report.dedupe_key)
                    .fetch_optional(&mut *tx)
                    .await?;
                if let Some(row) = known {
                    tx.rollback().await?;
                    let reference: String = row.try_get(0)?;
                    let reference = reference
                        .parse()
                        .map_err(|e| $crate::store::StoreError::Corrupt(format!("breaches.reference: {e}")))?;
                    return Ok(BreachIntake::Duplicate(reference));
                }
                let reference = Self::insert_breach(
                    &mut tx,
                    &report.breach,
                    &$crate::case::Actor::System,
                    Some((&report.dedupe_key, &report.raw, &report.mail)),
                    report.now,
                )
                .await?;
                for mail in (report.mails)(&reference) {
                    Self::queue_breach_mail(&mut tx, &reference, &mail, report.now).await?;
                }
                tx.commit().await?;
                Ok(BreachIntake::Opened(reference))
            }

            async fn list_breaches(&self, open_only: bool) -> Result<Vec<$crate::breach::Breach>, $crate::store::StoreError> {
                let filter = if open_only { "WHERE state <> 'closed'" } else { "" };
                let sql = format!("SELECT {BREACH_COLUMNS} FROM breaches {filter} ORDER BY year DESC, number DESC");
                let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
                rows.iter().map(breach_row).collect()
            }

            async fn get_breach(
                &self,
                reference: &$crate::breach::BreachRef,
            ) -> Result<Option<$crate::breach::Breach>, $crate::store::StoreError> {
                let mut conn = self.pool.acquire().await?;
                Self::breach_named(&mut *conn, reference.as_str()).await
            }

            async fn update_breach(
                &self,
                reference: &$crate::breach::BreachRef,
                change: &$crate::breach::BreachUpdate,
                by: &$crate::case::Actor,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<$crate::store::BreachChanged, $crate::store::StoreError> {
                use $crate::store::BreachChanged;
                let mut tx = self.begin_write().await?;
                let Some(breach) = Self::breach_named(&mut *tx, reference.as_str()).await? else {
                    tx.rollback().await?;
                    return Ok(BreachChanged::NotFound);
                };
                let applied = match change.apply(&breach, at) {
                    Ok(applied) => applied,
                    Err(refused) => {
                        tx.rollback().await?;
                        return Ok(BreachChanged::Refused(refused));
                    }
                };
                let b = &applied.breach;
                sqlx::query(
                    "UPDATE breaches SET state = $1, what = $2, categories = $3, people = $4, people_estimated = $5,
                        risk = $6, ap = $7, subjects = $8, measures = $9, updated_at = $10, closed_at = $11
                     WHERE reference = $12",
                )
                .bind(b.state.as_str())
                .bind(&b.what)
                .bind(breach_json(&b.categories)?)
                .bind(b.people.map(i64::from))
                .bind(b.people_estimated)
                .bind(b.risk.as_ref().map(breach_json).transpose()?)
                .bind(b.ap.as_ref().map(breach_json).transpose()?)
                .bind(b.subjects.as_ref().map(breach_json).transpose()?)
                .bind(&b.measures)
                .bind(at)
                .bind(b.closed_at)
                .bind(reference.as_str())
                .execute(&mut *tx)
                .await?;
                let actor = by.to_string();
                // The names of the fields and the risk level, never their
                // text: a description or a reason may name a pupil.
                let detail = serde_json::json!({
                    "breach": reference.as_str(),
                    "from": breach.state.as_str(),
                    "to": b.state.as_str(),
                    "fields": applied.fields,
                    "risk": b.risk.as_ref().map(|r| r.level.as_str()),
                })
                .to_string();
                Self::append_audit(&mut tx, at, &actor, "breach.updated", None, &detail).await?;
                for action in &applied.actions {
                    let mut detail = serde_json::json!({ "breach": reference.as_str() });
                    if *action == "breach.reported" {
                        if let Some($crate::breach::ApReport::Reported { at, .. }) = &b.ap {
                            detail["reported_at"] = at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true).into();
                        }
                    }
                    Self::append_audit(&mut tx, at, &actor, action, None, &detail.to_string()).await?;
                }
                tx.commit().await?;
                Ok(BreachChanged::Changed(Box::new(applied.breach)))
            }

            async fn unreported_breaches(&self) -> Result<Vec<$crate::breach::Breach>, $crate::store::StoreError> {
                let sql = format!(
                    "SELECT {BREACH_COLUMNS} FROM breaches WHERE state <> 'closed' AND ap IS NULL ORDER BY ap_due, id"
                );
                let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
                rows.iter().map(breach_row).collect()
            }

            async fn record_breach_reminder(
                &self,
                reference: &$crate::breach::BreachRef,
                mail: Option<$crate::outbox::OutgoingMail>,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                let mut tx = self.begin_write().await?;
                let marked = sqlx::query(
                    "UPDATE breaches SET reminded_at = $1
                     WHERE reference = $2 AND reminded_at IS NULL AND ap IS NULL AND state <> 'closed'",
                )
                .bind(at)
                .bind(reference.as_str())
                .execute(&mut *tx)
                .await?;
                if marked.rows_affected() != 1 {
                    tx.rollback().await?;
                    return Ok(false);
                }
                let detail = serde_json::json!({ "breach": reference.as_str(), "mailed": mail.is_some() }).to_string();
                Self::append_audit(&mut tx, at, "system", "breach.reminded", None, &detail).await?;
                if let Some(mail) = &mail {
                    Self::queue_breach_mail(&mut tx, reference, mail, at).await?;
                }
                tx.commit().await?;
                Ok(true)
            }
        }
    };
}

pub(crate) use sql_breaches;
