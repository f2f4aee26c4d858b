//! The answer stage's tables: the letter, the data package and the art. 19
//! notices, as `Effect::Answer` writes them (`apply_answer`) and as a case's
//! snapshot reads them (`load_reply`). The package's delivery — the
//! download page's claims, the expiry — is in `delivery.rs`. Shared SQL of
//! both stores (see `queries/mod.rs`).

macro_rules! sql_answers {
    ($store:ty, $db:ty) => {
        impl $store {
            /// The letter, packages and notices of case `case_id`, on `conn`.
            async fn load_reply(
                conn: &mut <$db as sqlx::Database>::Connection,
                case_id: i64,
            ) -> Result<$crate::store::CaseReply, $crate::store::StoreError> {
                use sqlx::Row;
                use $crate::store::{CaseAnswer, CaseReply};
                let answer = sqlx::query(
                    "SELECT lang, subject, body, drafted_at, edited_by, edited_at, sent_at
                     FROM case_answers WHERE case_id = $1",
                )
                .bind(case_id)
                .fetch_optional(&mut *conn)
                .await?;
                let answer = match answer {
                    None => None,
                    Some(r) => {
                        let edited_by: Option<String> = r.try_get(4)?;
                        let edited_at: Option<chrono::DateTime<chrono::Utc>> = r.try_get(5)?;
                        Some(CaseAnswer {
                            lang: r.try_get(0)?,
                            subject: r.try_get(1)?,
                            body: r.try_get(2)?,
                            drafted_at: r.try_get(3)?,
                            edited: edited_by.zip(edited_at),
                            sent_at: r.try_get(6)?,
                        })
                    }
                };
                let packages = Self::packages_where(&mut *conn, "p.case_id = $1", case_id).await?;
                let notices = Self::notices_where(&mut *conn, "n.case_id = $1", case_id)
                    .await?
                    .into_iter()
                    .map(|(_, n)| n)
                    .collect();
                Ok(CaseReply { answer, packages, notices })
            }

            /// Notice rows matching `condition` on `$1` (the table is `n`),
            /// oldest first, each with its case's reference.
            async fn notices_where<T>(
                conn: &mut <$db as sqlx::Database>::Connection,
                condition: &str,
                value: T,
            ) -> Result<Vec<($crate::case::CaseRef, $crate::store::NoticeRow)>, $crate::store::StoreError>
            where
                T: for<'q> sqlx::Encode<'q, $db> + sqlx::Type<$db> + Send,
            {
                use sqlx::Row;
                use $crate::store::{columns, NoticeRow, StoreError};
                let sql = format!(
                    "SELECT n.id, n.recipient, n.channel, n.address, n.about, n.state, n.exempt_reason, n.note,
                            n.settled_by, n.recorded_at, n.settled_at, c.reference
                     FROM recipient_notices n JOIN cases c ON c.id = n.case_id
                     WHERE {condition} ORDER BY n.id"
                );
                let rows = sqlx::query(&sql).bind(value).fetch_all(&mut *conn).await?;
                let mut notices = Vec::with_capacity(rows.len());
                for r in rows {
                    let channel: String = r.try_get(2)?;
                    let state: String = r.try_get(5)?;
                    let reason: Option<String> = r.try_get(6)?;
                    let case = columns::reference(&r.try_get::<String, _>(11)?)?;
                    notices.push((case, NoticeRow {
                        id: r.try_get(0)?,
                        recipient: r.try_get(1)?,
                        channel: $crate::store::NoticeChannel::parse(&channel)
                            .ok_or_else(|| StoreError::Corrupt(format!("notice channel {channel:?}")))?,
                        address: r.try_get(3)?,
                        about: columns::from_json("notice", &r.try_get::<String, _>(4)?)?,
                        state: $crate::store::NoticeState::parse(&state)
                            .ok_or_else(|| StoreError::Corrupt(format!("notice state {state:?}")))?,
                        exempt_reason: match reason {
                            None => None,
                            Some(r) => Some(
                                $crate::store::ExemptReason::parse(&r)
                                    .ok_or_else(|| StoreError::Corrupt(format!("exempt reason {r:?}")))?,
                            ),
                        },
                        note: r.try_get(7)?,
                        settled_by: r.try_get(8)?,
                        recorded_at: r.try_get(9)?,
                        settled_at: r.try_get(10)?,
                    }));
                }
                Ok(notices)
            }

            /// Package rows matching `condition` on `$1`, oldest first.
            async fn packages_where<T>(
                conn: &mut <$db as sqlx::Database>::Connection,
                condition: &str,
                value: T,
            ) -> Result<Vec<$crate::store::PackageRow>, $crate::store::StoreError>
            where
                T: for<'q> sqlx::Encode<'q, $db> + sqlx::Type<$db> + Send,
            {
                use sqlx::Row;
                use $crate::store::{columns, PackageRow, PackageState, StoreError};
                let sql = format!(
                    "SELECT p.id, c.reference, c.language, p.file, p.wrapped_key, p.sha256, p.size, p.records,
                            p.manifest, p.state, p.expires_at, p.code_attempts, p.downloaded_at, p.deleted_at,
                            p.deleted_why, p.made_at
                     FROM packages p JOIN cases c ON c.id = p.case_id
                     WHERE {condition} ORDER BY p.id"
                );
                let rows = sqlx::query(&sql).bind(value).fetch_all(&mut *conn).await?;
                let mut out = Vec::with_capacity(rows.len());
                for r in rows {
                    let state: String = r.try_get(9)?;
                    let deleted_at: Option<chrono::DateTime<chrono::Utc>> = r.try_get(13)?;
                    let deleted_why: Option<String> = r.try_get(14)?;
                    out.push(PackageRow {
                        id: r.try_get(0)?,
                        case: columns::reference(&r.try_get::<String, _>(1)?)?,
                        language: columns::language(&r.try_get::<String, _>(2)?)?,
                        file: r.try_get(3)?,
                        wrapped_key: r.try_get(4)?,
                        sha256: r.try_get(5)?,
                        size: r.try_get(6)?,
                        records: r.try_get(7)?,
                        manifest: columns::from_json("manifest", &r.try_get::<String, _>(8)?)?,
                        state: PackageState::parse(&state)
                            .ok_or_else(|| StoreError::Corrupt(format!("package state {state:?}")))?,
                        expires_at: r.try_get(10)?,
                        code_attempts: r.try_get(11)?,
                        downloaded_at: r.try_get(12)?,
                        deleted: deleted_at.zip(deleted_why),
                        made_at: r.try_get(15)?,
                    });
                }
                Ok(out)
            }

            /// Moves case `case_id` from `answered` to `closed`, if it is
            /// there, with its event: the package is fetched or gone.
            async fn close_answered(
                tx: &mut sqlx::Transaction<'_, $db>,
                case_id: i64,
                reference: &str,
                why: &str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                use $crate::case::{Actor, CaseState, EventKind};
                let done = sqlx::query("UPDATE cases SET state = 'closed', updated_at = $1 WHERE id = $2 AND state = 'answered'")
                    .bind(at)
                    .bind(case_id)
                    .execute(&mut **tx)
                    .await?;
                if done.rows_affected() == 1 {
                    Self::add_event_by(tx, case_id, at, &Actor::System, EventKind::Transition, Some(CaseState::Answered), Some(CaseState::Closed), Some(why)).await?;
                    let audit = serde_json::json!({ "why": why }).to_string();
                    Self::append_audit(tx, at, "system", "case.closed", Some(reference), &audit).await?;
                }
                Ok(())
            }

            /// The store's side of `Effect::Answer` on case `case_id`, which
            /// is in `state`: returns the state it ends in, or why the effect
            /// is refused (the caller rolls back).
            #[allow(clippy::too_many_arguments)]
            async fn apply_answer(
                tx: &mut sqlx::Transaction<'_, $db>,
                case_id: i64,
                reference: &$crate::case::CaseRef,
                state: $crate::case::CaseState,
                actor: &$crate::case::Actor,
                effect: &$crate::store::AnswerEffect,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<Result<$crate::case::CaseState, $crate::store::EffectRefused>, $crate::store::StoreError> {
                use sqlx::Row;
                use $crate::case::{CaseState, EventKind};
                use $crate::store::{columns, AnswerEffect, EffectRefused};
                let refused = |why: String| Ok(Err(EffectRefused::Action(why)));
                match effect {
                    AnswerEffect::Notices(notices) => {
                        let had = sqlx::query("SELECT COUNT(*) FROM recipient_notices WHERE case_id = $1")
                            .bind(case_id)
                            .fetch_one(&mut **tx)
                            .await?
                            .try_get::<i64, _>(0)?;
                        if had > 0 {
                            return refused("the case's notices are recorded already".into());
                        }
                        for n in notices {
                            let told = n.state == $crate::store::NoticeState::Told;
                            sqlx::query(
                                "INSERT INTO recipient_notices (case_id, recipient, channel, address, about, state,
                                    settled_by, recorded_at, settled_at)
                                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                            )
                            .bind(case_id)
                            .bind(&n.recipient)
                            .bind(n.channel.as_str())
                            .bind(&n.address)
                            .bind(columns::to_json("notice", &n.about)?)
                            .bind(n.state.as_str())
                            .bind(told.then(|| actor.to_string()))
                            .bind(now)
                            .bind(told.then_some(now))
                            .execute(&mut **tx)
                            .await?;
                        }
                        let told = notices.iter().filter(|n| n.state == $crate::store::NoticeState::Told).count();
                        let detail = format!("{} recipients: {} told by e-mail, {} waiting for a person", notices.len(), told, notices.len() - told);
                        Self::add_event_by(tx, case_id, now, actor, EventKind::NoticesRecorded, None, None, Some(&detail)).await?;
                        let audit = serde_json::json!({
                            "recipients": notices.iter().map(|n| serde_json::json!({
                                "recipient": n.recipient,
                                "channel": n.channel.as_str(),
                                "state": n.state.as_str(),
                            })).collect::<Vec<_>>(),
                        })
                        .to_string();
                        Self::append_audit(tx, now, &actor.to_string(), "art19.recorded", Some(reference.as_str()), &audit).await?;
                    }
                    AnswerEffect::Transfer { to, address, about } => {
                        let had = sqlx::query("SELECT COUNT(*) FROM recipient_notices WHERE case_id = $1 AND recipient = $2")
                            .bind(case_id)
                            .bind(to)
                            .fetch_one(&mut **tx)
                            .await?
                            .try_get::<i64, _>(0)?;
                        if had > 0 {
                            return refused(format!("{to:?} is already on the case's list of recipients"));
                        }
                        sqlx::query(
                            "INSERT INTO recipient_notices (case_id, recipient, channel, address, about, state, recorded_at)
                             VALUES ($1, $2, 'task', $3, $4, 'open', $5)",
                        )
                        .bind(case_id)
                        .bind(to)
                        .bind(address)
                        .bind(columns::to_json("notice", about)?)
                        .bind(now)
                        .execute(&mut **tx)
                        .await?;
                        let detail = format!("direct transfer to {to} asked for (reglement 8.7.2): a task");
                        Self::add_event_by(tx, case_id, now, actor, EventKind::NoticesRecorded, None, None, Some(&detail)).await?;
                        let audit = serde_json::json!({ "to": to, "actions": about.iter().map(|a| a.action.to_string()).collect::<Vec<_>>() }).to_string();
                        Self::append_audit(tx, now, &actor.to_string(), "portability.transfer", Some(reference.as_str()), &audit).await?;
                    }
                    AnswerEffect::SettleNotice { recipient, exempt, note } => {
                        let (to, reason) = match exempt {
                            None => ("told", None),
                            Some(r) => ("exempt", Some(r.as_str())),
                        };
                        let done = sqlx::query(
                            "UPDATE recipient_notices SET state = $1, exempt_reason = $2, note = $3, settled_by = $4, settled_at = $5
                             WHERE case_id = $6 AND recipient = $7 AND state = 'open'",
                        )
                        .bind(to)
                        .bind(reason)
                        .bind(note)
                        .bind(actor.to_string())
                        .bind(now)
                        .bind(case_id)
                        .bind(recipient)
                        .execute(&mut **tx)
                        .await?;
                        if done.rows_affected() != 1 {
                            return refused(format!("no open notice to {recipient:?}"));
                        }
                        let detail = match reason {
                            None => format!("{recipient}: told ({note})"),
                            Some(r) => format!("{recipient}: not told, {r}: {note}"),
                        };
                        Self::add_event_by(tx, case_id, now, actor, EventKind::NoticeSettled, None, None, Some(&detail)).await?;
                        let audit = serde_json::json!({ "recipient": recipient, "state": to, "reason": reason }).to_string();
                        Self::append_audit(tx, now, &actor.to_string(), "art19.settled", Some(reference.as_str()), &audit).await?;
                    }
                    AnswerEffect::Draft { lang, subject, body, package, sealed } => {
                        let had = sqlx::query("SELECT COUNT(*) FROM case_answers WHERE case_id = $1")
                            .bind(case_id)
                            .fetch_one(&mut **tx)
                            .await?
                            .try_get::<i64, _>(0)?;
                        if had > 0 {
                            return refused("the case's answer is drafted already".into());
                        }
                        sqlx::query("INSERT INTO case_answers (case_id, lang, subject, body, drafted_at) VALUES ($1, $2, $3, $4, $5)")
                            .bind(case_id)
                            .bind(lang)
                            .bind(subject)
                            .bind(body)
                            .bind(now)
                            .execute(&mut **tx)
                            .await?;
                        if let Some(p) = package {
                            sqlx::query(
                                "INSERT INTO packages (case_id, file, wrapped_key, sha256, size, records, manifest, made_at, updated_at)
                                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
                            )
                            .bind(case_id)
                            .bind(&p.file)
                            .bind(&p.wrapped_key)
                            .bind(&p.sha256)
                            .bind(p.size)
                            .bind(p.records)
                            .bind(p.manifest.to_string())
                            .bind(now)
                            .execute(&mut **tx)
                            .await?;
                        }
                        // The package holds the exported records now, sealed:
                        // the action rows keep what was handed over in
                        // counts only, so the store has no plain copy.
                        for id in sealed {
                            let row = sqlx::query(
                                "SELECT id, result FROM case_actions WHERE case_id = $1 AND action = $2 AND state = 'done'
                                   AND plan_id = (SELECT MAX(id) FROM case_plans WHERE case_id = $1)",
                            )
                            .bind(case_id)
                            .bind(id.to_string())
                            .fetch_optional(&mut **tx)
                            .await?;
                            let Some(row) = row else {
                                return refused(format!("{id} is not a done action of the case"));
                            };
                            let row_id: i64 = row.try_get(0)?;
                            let result: Option<String> = row.try_get(1)?;
                            let counted = $crate::store::sealed_result(result.as_deref())?;
                            sqlx::query("UPDATE case_actions SET result = $1, updated_at = $2 WHERE id = $3")
                                .bind(counted.to_string())
                                .bind(now)
                                .bind(row_id)
                                .execute(&mut **tx)
                                .await?;
                        }
                        let detail = match package {
                            Some(p) => format!("answer drafted in {lang}; package of {} records sealed", p.records),
                            None => format!("answer drafted in {lang}; no package"),
                        };
                        Self::add_event_by(tx, case_id, now, actor, EventKind::AnswerDrafted, None, None, Some(&detail)).await?;
                        let audit = serde_json::json!({
                            "lang": lang,
                            "package": package.as_ref().map(|p| serde_json::json!({ "sha256": p.sha256, "records": p.records, "size": p.size })),
                        })
                        .to_string();
                        Self::append_audit(tx, now, &actor.to_string(), "answer.drafted", Some(reference.as_str()), &audit).await?;
                    }
                    AnswerEffect::Edit { subject, body } => {
                        let done = sqlx::query(
                            "UPDATE case_answers SET subject = $1, body = $2, edited_by = $3, edited_at = $4
                             WHERE case_id = $5 AND sent_at IS NULL",
                        )
                        .bind(subject)
                        .bind(body)
                        .bind(actor.to_string())
                        .bind(now)
                        .bind(case_id)
                        .execute(&mut **tx)
                        .await?;
                        if done.rows_affected() != 1 {
                            return refused("there is no unsent letter to edit".into());
                        }
                        Self::add_event_by(tx, case_id, now, actor, EventKind::AnswerEdited, None, None, None).await?;
                        Self::append_audit(tx, now, &actor.to_string(), "answer.edited", Some(reference.as_str()), "{}").await?;
                    }
                    AnswerEffect::Send(delivery) => {
                        use $crate::store::Delivery;
                        let done = sqlx::query("UPDATE case_answers SET sent_at = $1 WHERE case_id = $2 AND sent_at IS NULL")
                            .bind(now)
                            .bind(case_id)
                            .execute(&mut **tx)
                            .await?;
                        if done.rows_affected() != 1 {
                            return refused("there is no drafted, unsent letter to send".into());
                        }
                        let ready = sqlx::query("SELECT COUNT(*) FROM packages WHERE case_id = $1 AND state = 'ready'")
                            .bind(case_id)
                            .fetch_one(&mut **tx)
                            .await?
                            .try_get::<i64, _>(0)?;
                        let moved = match delivery {
                            Delivery::Link { token_hash, code_hash, expires_at } => sqlx::query(
                                "UPDATE packages SET state = 'offered', token_hash = $1, code_hash = $2, expires_at = $3, updated_at = $4
                                 WHERE case_id = $5 AND state = 'ready'",
                            )
                            .bind(token_hash)
                            .bind(code_hash)
                            .bind(expires_at)
                            .bind(now)
                            .bind(case_id)
                            .execute(&mut **tx)
                            .await?
                            .rows_affected(),
                            Delivery::Post => sqlx::query("UPDATE packages SET state = 'posting', updated_at = $1 WHERE case_id = $2 AND state = 'ready'")
                                .bind(now)
                                .bind(case_id)
                                .execute(&mut **tx)
                                .await?
                                .rows_affected(),
                            Delivery::Nothing => 0,
                        };
                        if moved as i64 != ready || (ready == 0 && !matches!(delivery, Delivery::Nothing)) {
                            return refused(if ready == 0 {
                                "the case has no package ready to hand over".into()
                            } else {
                                "the case has a package: it goes by link or by post".into()
                            });
                        }
                        let answered = match state.transition(CaseState::Answered) {
                            Ok(to) => to,
                            Err(e) => return Ok(Err(e.into())),
                        };
                        sqlx::query("UPDATE cases SET state = $1, updated_at = $2 WHERE id = $3")
                            .bind(answered.as_str())
                            .bind(now)
                            .bind(case_id)
                            .execute(&mut **tx)
                            .await?;
                        let (how, detail) = match delivery {
                            Delivery::Link { .. } => ("link", "answer queued, with the package behind a one-time link"),
                            Delivery::Post => ("post", "answer to go out by post, with the package on paper: a task for the officer"),
                            Delivery::Nothing => ("none", "answer queued"),
                        };
                        Self::add_event_by(tx, case_id, now, actor, EventKind::Transition, Some(state), Some(answered), Some(detail)).await?;
                        let expires_at = match delivery {
                            Delivery::Link { expires_at, .. } => Some(*expires_at),
                            _ => None,
                        };
                        let audit = serde_json::json!({ "delivery": how, "expires_at": expires_at }).to_string();
                        Self::append_audit(tx, now, &actor.to_string(), "answer.sent", Some(reference.as_str()), &audit).await?;
                        if !matches!(delivery, Delivery::Nothing) {
                            return Ok(Ok(answered));
                        }
                        // Nothing to fetch: the case is done.
                        Self::close_answered(tx, case_id, reference.as_str(), "answered; no package to wait for", now).await?;
                        return Ok(Ok(CaseState::Closed));
                    }
                    AnswerEffect::Posted { note } => {
                        let row = sqlx::query("SELECT id FROM packages WHERE case_id = $1 AND state = 'posting'")
                            .bind(case_id)
                            .fetch_optional(&mut **tx)
                            .await?;
                        let Some(row) = row else {
                            return refused("the case has no package to go out by post".into());
                        };
                        let id: i64 = row.try_get(0)?;
                        sqlx::query("UPDATE packages SET state = 'posted', updated_at = $1 WHERE id = $2")
                            .bind(now)
                            .bind(id)
                            .execute(&mut **tx)
                            .await?;
                        let detail = format!("the answer and the package went out by post: {note}");
                        Self::add_event_by(tx, case_id, now, actor, EventKind::TaskDone, None, None, Some(&detail)).await?;
                        Self::append_audit(tx, now, &actor.to_string(), "package.posted", Some(reference.as_str()), "{}").await?;
                        Self::forget_package(tx, id, case_id, reference.as_str(), "sent by post", now).await?;
                        Self::close_answered(tx, case_id, reference.as_str(), "the package went out by post", now).await?;
                        return Ok(Ok(CaseState::Closed));
                    }
                }
                Ok(Ok(state))
            }
        }
    };
}

pub(crate) use sql_answers;
