//! The case file's own retention: finished cases, their reduction to an
//! anonymous record, and the rows of the annual figures. Shared SQL of
//! both stores (see `queries/mod.rs`). Times are compared in Rust inside
//! the writer's transaction rather than in SQL, since SQLite keeps them as
//! text.

macro_rules! sql_case_file {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::CaseFileStore for $store {
            async fn finished_cases(&self) -> Result<Vec<$crate::store::FinishedCase>, $crate::store::StoreError> {
                use sqlx::Row;
                use $crate::store::columns;
                let rows = sqlx::query(
                    "SELECT c.id, c.reference, c.state, c.updated_at,
                        (SELECT COUNT(*) FROM restrictions r WHERE r.case_id = c.id AND r.state <> 'lifted')
                     FROM cases c
                     WHERE c.state IN ('closed', 'rejected')
                       AND NOT EXISTS (SELECT 1 FROM case_reductions x WHERE x.case_id = c.id)
                     ORDER BY c.id",
                )
                .fetch_all(&self.pool)
                .await?;
                // The moves into closed or rejected, in one read; the last
                // one into the state a case is in counts.
                let moves = sqlx::query(
                    "SELECT case_id, to_state, at FROM case_events WHERE to_state IN ('closed', 'rejected') ORDER BY id",
                )
                .fetch_all(&self.pool)
                .await?;
                let mut last: std::collections::HashMap<(i64, String), chrono::DateTime<chrono::Utc>> =
                    std::collections::HashMap::new();
                for m in &moves {
                    last.insert((m.try_get(0)?, m.try_get(1)?), m.try_get(2)?);
                }
                let mut out = Vec::with_capacity(rows.len());
                for r in &rows {
                    let id: i64 = r.try_get(0)?;
                    let state_name: String = r.try_get(2)?;
                    let held: i64 = r.try_get(4)?;
                    let closed_at = match last.get(&(id, state_name.clone())) {
                        Some(at) => *at,
                        None => r.try_get(3)?,
                    };
                    out.push($crate::store::FinishedCase {
                        reference: columns::reference(&r.try_get::<String, _>(1)?)?,
                        state: columns::state(&state_name)?,
                        closed_at,
                        restriction_in_force: held > 0,
                    });
                }
                out.sort_by_key(|c| c.closed_at);
                Ok(out)
            }

            async fn reduce_case(
                &self,
                reference: &$crate::case::CaseRef,
                closed_by: chrono::DateTime<chrono::Utc>,
                by: &$crate::case::Actor,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<$crate::store::ReduceOutcome, $crate::store::StoreError> {
                use sqlx::Row;
                use $crate::case::CaseState;
                use $crate::store::{columns, ReduceOutcome, Reduced};
                let mut tx = self.begin_write().await?;
                let Some(row) = sqlx::query("SELECT id, state, updated_at FROM cases WHERE reference = $1")
                    .bind(reference.as_str())
                    .fetch_optional(&mut *tx)
                    .await?
                else {
                    tx.rollback().await?;
                    return Ok(ReduceOutcome::NotFound);
                };
                let case_id: i64 = row.try_get(0)?;
                let state = columns::state(&row.try_get::<String, _>(1)?)?;
                let kept = |why: String| Ok(ReduceOutcome::Kept(why));
                if !matches!(state, CaseState::Closed | CaseState::Rejected) {
                    tx.rollback().await?;
                    return kept(format!("the case is {state}, not closed or rejected"));
                }
                let reduced: i64 = sqlx::query("SELECT COUNT(*) FROM case_reductions WHERE case_id = $1")
                    .bind(case_id)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get(0)?;
                if reduced > 0 {
                    tx.rollback().await?;
                    return kept("the case was reduced already".into());
                }
                let closed_at = Self::closed_at(&mut *tx, case_id, state).await?.unwrap_or(row.try_get(2)?);
                if closed_at > closed_by {
                    tx.rollback().await?;
                    return kept(format!("the case was {state} on {}, within the retention period", closed_at.format("%Y-%m-%d")));
                }
                let held: i64 = sqlx::query("SELECT COUNT(*) FROM restrictions WHERE case_id = $1 AND state <> 'lifted'")
                    .bind(case_id)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get(0)?;
                if held > 0 {
                    tx.rollback().await?;
                    return kept("a restriction of the case is in force: lift it first".into());
                }
                // What the anonymous record keeps of the actions, before
                // their rows go.
                let mut systems = Vec::new();
                for a in sqlx::query("SELECT spec, state FROM case_actions WHERE case_id = $1 ORDER BY id")
                    .bind(case_id)
                    .fetch_all(&mut *tx)
                    .await?
                {
                    systems.push($crate::store::case_file::system_acted(
                        &a.try_get::<String, _>(0)?,
                        &a.try_get::<String, _>(1)?,
                    )?);
                }
                let mut gone = Reduced { closed_at: Some(closed_at), ..Reduced::default() };
                // Children before parents: decisions and restrictions point
                // at plans and actions.
                let deletes: [(&str, Option<&mut u64>); 11] = [
                    ("DELETE FROM plan_decisions WHERE plan_id IN (SELECT id FROM case_plans WHERE case_id = $1)", None),
                    ("DELETE FROM restrictions WHERE case_id = $1", None),
                    ("DELETE FROM case_actions WHERE case_id = $1", None),
                    ("DELETE FROM case_plans WHERE case_id = $1", None),
                    ("DELETE FROM case_identity WHERE case_id = $1", None),
                    ("DELETE FROM case_answers WHERE case_id = $1", None),
                    ("DELETE FROM packages WHERE case_id = $1", Some(&mut gone.packages)),
                    ("DELETE FROM recipient_notices WHERE case_id = $1", Some(&mut gone.notices)),
                    ("DELETE FROM messages WHERE case_id = $1", Some(&mut gone.messages)),
                    ("DELETE FROM outbox WHERE case_id = $1", Some(&mut gone.outgoing)),
                    ("UPDATE case_events SET detail = NULL WHERE case_id = $1 AND detail IS NOT NULL", Some(&mut gone.events_cleared)),
                ];
                let mut plan_rows = 0;
                for (i, (sql, count)) in deletes.into_iter().enumerate() {
                    let done = sqlx::query(sql).bind(case_id).execute(&mut *tx).await?.rows_affected();
                    match count {
                        Some(count) => *count = done,
                        None if i < 4 => plan_rows += done,
                        None => {}
                    }
                }
                gone.plan_rows = plan_rows;
                sqlx::query(
                    "UPDATE cases SET requester_address = NULL, requester_name = NULL, subject = NULL,
                        body_text = '', classification = NULL, triage_reason = NULL, updated_at = $1
                     WHERE id = $2",
                )
                .bind(at)
                .bind(case_id)
                .execute(&mut *tx)
                .await?;
                sqlx::query("INSERT INTO case_reductions (case_id, reduced_at, closed_at, systems) VALUES ($1, $2, $3, $4)")
                    .bind(case_id)
                    .bind(at)
                    .bind(closed_at)
                    .bind(columns::to_json("systems", &systems)?)
                    .execute(&mut *tx)
                    .await?;
                Self::add_event_by(
                    &mut tx,
                    case_id,
                    at,
                    by,
                    $crate::case::EventKind::CaseReduced,
                    None,
                    None,
                    Some("the case file's retention ran out: reduced to its anonymous record"),
                )
                .await?;
                let audit = serde_json::json!({
                    "state": state.as_str(),
                    "closed_at": closed_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    "messages": gone.messages,
                    "outgoing": gone.outgoing,
                    "packages": gone.packages,
                    "plan_rows": gone.plan_rows,
                    "notices": gone.notices,
                    "events_cleared": gone.events_cleared,
                })
                .to_string();
                Self::append_audit(&mut tx, at, &by.to_string(), "case.reduced", Some(reference.as_str()), &audit).await?;
                tx.commit().await?;
                Ok(ReduceOutcome::Reduced(gone))
            }

            async fn figure_rows(&self) -> Result<Vec<$crate::store::FigureRow>, $crate::store::StoreError> {
                use sqlx::Row;
                use $crate::store::columns;
                let rows = sqlx::query(
                    "SELECT c.id, c.reference, c.state, c.received_at, c.request_types, c.due_date, x.reduced_at
                     FROM cases c LEFT JOIN case_reductions x ON x.case_id = c.id
                     ORDER BY c.id",
                )
                .fetch_all(&self.pool)
                .await?;
                // The first answer of every case, in one read: the events
                // that moved a case to answered or rejected, oldest first.
                let answers = sqlx::query(
                    "SELECT case_id, at FROM case_events WHERE to_state IN ('answered', 'rejected') ORDER BY id",
                )
                .fetch_all(&self.pool)
                .await?;
                let mut first: std::collections::HashMap<i64, chrono::DateTime<chrono::Utc>> = std::collections::HashMap::new();
                for a in &answers {
                    first.entry(a.try_get(0)?).or_insert(a.try_get(1)?);
                }
                rows.iter()
                    .map(|r| {
                        let id: i64 = r.try_get(0)?;
                        let reduced: Option<chrono::DateTime<chrono::Utc>> = r.try_get(6)?;
                        Ok($crate::store::FigureRow {
                            reference: columns::reference(&r.try_get::<String, _>(1)?)?,
                            state: columns::state(&r.try_get::<String, _>(2)?)?,
                            received_at: r.try_get(3)?,
                            request_types: columns::request_types(&r.try_get::<String, _>(4)?)?,
                            due_date: r.try_get(5)?,
                            answered_at: first.get(&id).copied(),
                            reduced: reduced.is_some(),
                        })
                    })
                    .collect()
            }

            async fn case_mail_ids(
                &self,
                reference: &$crate::case::CaseRef,
            ) -> Result<Vec<String>, $crate::store::StoreError> {
                Ok(sqlx::query_scalar(
                    "SELECT o.message_id FROM outbox o JOIN cases c ON c.id = o.case_id
                     WHERE c.reference = $1 ORDER BY o.id",
                )
                .bind(reference.as_str())
                .fetch_all(&self.pool)
                .await?)
            }
        }

        impl $store {
            /// The last move of case `case_id` into `state` (its closing, or
            /// its refusal).
            async fn closed_at(
                conn: &mut <$db as sqlx::Database>::Connection,
                case_id: i64,
                state: $crate::case::CaseState,
            ) -> Result<Option<chrono::DateTime<chrono::Utc>>, $crate::store::StoreError> {
                use sqlx::Row;
                let row = sqlx::query(
                    "SELECT at FROM case_events WHERE case_id = $1 AND to_state = $2 ORDER BY id DESC LIMIT 1",
                )
                .bind(case_id)
                .bind(state.as_str())
                .fetch_optional(&mut *conn)
                .await?;
                Ok(match row {
                    Some(r) => Some(r.try_get(0)?),
                    None => None,
                })
            }
        }
    };
}

pub(crate) use sql_case_file;
