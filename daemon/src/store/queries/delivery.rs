//! The data package's one-time delivery (`ReplyStore`): the download
//! page's claim with its code, the finished, broken-off and interrupted
//! download, the expiry that removes the package's key, and the files still
//! readable. Each move is conditional on the state it comes from. Shared
//! SQL of both stores (see `queries/mod.rs`); the readers it shares with
//! the answer's effects (`packages_where`, `close_answered`) are in
//! `answers.rs`.

macro_rules! sql_delivery {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::ReplyStore for $store {
            async fn case_reply(
                &self,
                reference: &$crate::case::CaseRef,
            ) -> Result<$crate::store::CaseReply, $crate::store::StoreError> {
                use sqlx::Row;
                let mut conn = self.pool.acquire().await?;
                let Some(row) = sqlx::query("SELECT id FROM cases WHERE reference = $1")
                    .bind(reference.as_str())
                    .fetch_optional(&mut *conn)
                    .await?
                else {
                    return Ok(Default::default());
                };
                Self::load_reply(&mut conn, row.try_get(0)?).await
            }

            async fn package_by_token(
                &self,
                token_hash: &str,
            ) -> Result<Option<$crate::store::PackageRow>, $crate::store::StoreError> {
                let mut conn = self.pool.acquire().await?;
                Ok(Self::packages_where(&mut conn, "p.token_hash = $1", token_hash.to_owned())
                    .await?
                    .into_iter()
                    .next())
            }

            async fn claim_download(
                &self,
                token_hash: &str,
                code_hash: &str,
                max_tries: i64,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<$crate::store::ClaimOutcome, $crate::store::StoreError> {
                use sqlx::Row;
                use $crate::case::{Actor, EventKind};
                use $crate::store::{ClaimOutcome, PackageState};
                let mut tx = self.begin_write().await?;
                let Some(package) = Self::packages_where(&mut *tx, "p.token_hash = $1", token_hash.to_owned())
                    .await?
                    .into_iter()
                    .next()
                else {
                    tx.rollback().await?;
                    return Ok(ClaimOutcome::Unknown);
                };
                let outcome = match package.state {
                    PackageState::Downloading | PackageState::Downloaded => ClaimOutcome::Spent,
                    PackageState::Locked => ClaimOutcome::Locked,
                    // Neither `ready` nor the post's states carry a token.
                    PackageState::Expired | PackageState::Ready | PackageState::Posting | PackageState::Posted => {
                        ClaimOutcome::Expired
                    }
                    PackageState::Offered if package.expires_at.is_none_or(|e| e <= at) || package.wrapped_key.is_none() => {
                        ClaimOutcome::Expired
                    }
                    PackageState::Offered => {
                        // The code's hash is read here only, never into a
                        // `PackageRow` that could travel further.
                        let row = sqlx::query("SELECT code_hash, case_id FROM packages WHERE id = $1")
                            .bind(package.id)
                            .fetch_one(&mut *tx)
                            .await?;
                        let stored: Option<String> = row.try_get(0)?;
                        let case_id: i64 = row.try_get(1)?;
                        if stored.as_deref().is_some_and(|s| $crate::store::same_hash(s, code_hash)) {
                            sqlx::query("UPDATE packages SET state = 'downloading', updated_at = $1 WHERE id = $2 AND state = 'offered'")
                                .bind(at)
                                .bind(package.id)
                                .execute(&mut *tx)
                                .await?;
                            let mut claimed = package.clone();
                            claimed.state = PackageState::Downloading;
                            ClaimOutcome::Claimed(Box::new(claimed))
                        } else {
                            let tries = package.code_attempts + 1;
                            let locked = tries >= max_tries;
                            sqlx::query("UPDATE packages SET code_attempts = $1, state = $2, updated_at = $3 WHERE id = $4")
                                .bind(tries)
                                .bind(if locked { "locked" } else { "offered" })
                                .bind(at)
                                .bind(package.id)
                                .execute(&mut *tx)
                                .await?;
                            let detail = if locked {
                                format!("wrong download code ({tries} of {max_tries}): the link is locked")
                            } else {
                                format!("wrong download code ({tries} of {max_tries})")
                            };
                            Self::add_event_by(&mut tx, case_id, at, &Actor::System, EventKind::DownloadRefused, None, None, Some(&detail)).await?;
                            let audit = serde_json::json!({ "tries": tries, "locked": locked }).to_string();
                            Self::append_audit(&mut tx, at, "system", "package.code_refused", Some(package.case.as_str()), &audit).await?;
                            if locked {
                                ClaimOutcome::Locked
                            } else {
                                ClaimOutcome::WrongCode { left: max_tries - tries }
                            }
                        }
                    }
                };
                tx.commit().await?;
                Ok(outcome)
            }

            async fn finish_download(
                &self,
                id: i64,
                delete: bool,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                use sqlx::Row;
                use $crate::case::{Actor, EventKind};
                let mut tx = self.begin_write().await?;
                let done = sqlx::query(
                    "UPDATE packages SET state = 'downloaded', downloaded_at = $1, updated_at = $1 WHERE id = $2 AND state = 'downloading'",
                )
                .bind(at)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    tx.rollback().await?;
                    return Ok(false);
                }
                let row = sqlx::query("SELECT p.case_id, c.reference FROM packages p JOIN cases c ON c.id = p.case_id WHERE p.id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
                let case_id: i64 = row.try_get(0)?;
                let reference: String = row.try_get(1)?;
                Self::add_event_by(&mut tx, case_id, at, &Actor::System, EventKind::PackageDownloaded, None, None, None).await?;
                Self::append_audit(&mut tx, at, "system", "package.downloaded", Some(&reference), "{}").await?;
                if delete {
                    Self::forget_package(&mut tx, id, case_id, &reference, "downloaded", at).await?;
                }
                Self::close_answered(&mut tx, case_id, &reference, "the requester downloaded the package", at).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn release_download(
                &self,
                id: i64,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                let mut tx = self.begin_write().await?;
                let released = Self::give_back(&mut tx, id, "the download broke off before its end; the link and code stay valid", at).await?;
                tx.commit().await?;
                Ok(released)
            }

            async fn release_interrupted_downloads(
                &self,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<usize, $crate::store::StoreError> {
                use sqlx::Row;
                let mut tx = self.begin_write().await?;
                let ids: Vec<i64> = sqlx::query("SELECT id FROM packages WHERE state = 'downloading'")
                    .fetch_all(&mut *tx)
                    .await?
                    .iter()
                    .map(|r| r.try_get(0))
                    .collect::<Result<_, _>>()?;
                let mut released = 0;
                for id in ids {
                    if Self::give_back(&mut tx, id, "a download was cut off by a stop of dsrd; the link and code stay valid", at).await? {
                        released += 1;
                    }
                }
                tx.commit().await?;
                Ok(released)
            }

            async fn expired_packages(
                &self,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<Vec<$crate::store::PackageRow>, $crate::store::StoreError> {
                let mut conn = self.pool.acquire().await?;
                Self::packages_where(
                    &mut conn,
                    "p.wrapped_key IS NOT NULL AND p.state IN ('offered', 'locked', 'downloaded') AND p.expires_at <= $1",
                    now,
                )
                .await
            }

            async fn expire_package(
                &self,
                id: i64,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                use sqlx::Row;
                let mut tx = self.begin_write().await?;
                let row = sqlx::query(
                    "SELECT p.case_id, c.reference, p.state FROM packages p JOIN cases c ON c.id = p.case_id
                     WHERE p.id = $1 AND p.wrapped_key IS NOT NULL AND p.expires_at <= $2
                       AND p.state IN ('offered', 'locked', 'downloaded')",
                )
                .bind(id)
                .bind(at)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(row) = row else {
                    tx.rollback().await?;
                    return Ok(false);
                };
                let case_id: i64 = row.try_get(0)?;
                let reference: String = row.try_get(1)?;
                let state: String = row.try_get(2)?;
                if state == "offered" {
                    sqlx::query("UPDATE packages SET state = 'expired', updated_at = $1 WHERE id = $2")
                        .bind(at)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                let why = match state.as_str() {
                    "offered" => "expired before it was downloaded",
                    "locked" => "locked after wrong codes, kept until its expiry",
                    _ => "downloaded, kept until its expiry",
                };
                Self::forget_package(&mut tx, id, case_id, &reference, why, at).await?;
                Self::close_answered(&mut tx, case_id, &reference, "the package's link expired", at).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn answer_tasks(
                &self,
            ) -> Result<
                (Vec<($crate::case::CaseRef, $crate::store::NoticeRow)>, Vec<$crate::store::PackageRow>),
                $crate::store::StoreError,
            > {
                let mut conn = self.pool.acquire().await?;
                let notices = Self::notices_where(
                    &mut conn,
                    "n.state = 'open' AND n.channel <> $1",
                    $crate::store::NoticeChannel::Email.as_str().to_owned(),
                )
                .await?;
                let posting = Self::packages_where(
                    &mut conn,
                    "p.state = $1",
                    $crate::store::PackageState::Posting.as_str().to_owned(),
                )
                .await?;
                Ok((notices, posting))
            }

            async fn live_package_files(&self) -> Result<Vec<String>, $crate::store::StoreError> {
                use sqlx::Row;
                let rows = sqlx::query("SELECT file FROM packages WHERE wrapped_key IS NOT NULL")
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
            }
        }

        impl $store {
            /// `downloading → offered`, with its event: the requester may
            /// try again with the same link and code.
            async fn give_back(
                tx: &mut sqlx::Transaction<'_, $db>,
                id: i64,
                why: &str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                use sqlx::Row;
                use $crate::case::{Actor, EventKind};
                let done = sqlx::query("UPDATE packages SET state = 'offered', updated_at = $1 WHERE id = $2 AND state = 'downloading'")
                    .bind(at)
                    .bind(id)
                    .execute(&mut **tx)
                    .await?;
                if done.rows_affected() != 1 {
                    return Ok(false);
                }
                let case_id: i64 = sqlx::query("SELECT case_id FROM packages WHERE id = $1")
                    .bind(id)
                    .fetch_one(&mut **tx)
                    .await?
                    .try_get(0)?;
                Self::add_event_by(tx, case_id, at, &Actor::System, EventKind::DownloadInterrupted, None, None, Some(why)).await?;
                Ok(true)
            }

            /// Removes a package's wrapped key, with its event and audit
            /// entry: from here on it cannot be read, from any copy.
            async fn forget_package(
                tx: &mut sqlx::Transaction<'_, $db>,
                id: i64,
                case_id: i64,
                reference: &str,
                why: &str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                use $crate::case::{Actor, EventKind};
                sqlx::query("UPDATE packages SET wrapped_key = NULL, deleted_at = $1, deleted_why = $2, updated_at = $1 WHERE id = $3")
                    .bind(at)
                    .bind(why)
                    .bind(id)
                    .execute(&mut **tx)
                    .await?;
                Self::add_event_by(tx, case_id, at, &Actor::System, EventKind::PackageDeleted, None, None, Some(why)).await?;
                let audit = serde_json::json!({ "why": why }).to_string();
                Self::append_audit(tx, at, "system", "package.deleted", Some(reference), &audit).await?;
                Ok(())
            }
        }
    };
}

pub(crate) use sql_delivery;
