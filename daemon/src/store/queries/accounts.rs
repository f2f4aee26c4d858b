//! Accounts, login sessions and API tokens (`AccountStore`). Every change
//! runs under the writer's lock with its audit entry in the same
//! transaction; counting a failed login, locking and accepting a login are
//! conditional updates there, so two logins at once can neither both slip
//! past the lock nor both use one TOTP code. Touching a session and using
//! a token are single conditional statements outside it: they are on every
//! request and write no audit entry. Shared SQL of both stores (see
//! `queries/mod.rs`).

macro_rules! sql_accounts {
    ($store:ty, $db:ty) => {
        /// The columns [`account_row`] reads, of `accounts a`.
        const ACCOUNT_COLUMNS: &str = "a.id, a.name, a.role, a.totp_secret, a.disabled_at, a.created_at,
            a.last_login_at, a.locked_until, a.password_hash, a.totp_last_step, a.failed_logins";

        /// An account row selected as [`ACCOUNT_COLUMNS`].
        fn account_row(r: &<$db as sqlx::Database>::Row) -> Result<$crate::store::AccountRow, $crate::store::StoreError> {
            use sqlx::Row;
            let role: String = r.try_get(2)?;
            let role = role
                .parse()
                .map_err(|_| $crate::store::StoreError::Corrupt(format!("accounts.role {role:?}")))?;
            let secret: Option<String> = r.try_get(3)?;
            let disabled: Option<chrono::DateTime<chrono::Utc>> = r.try_get(4)?;
            Ok($crate::store::AccountRow {
                account: $crate::accounts::Account {
                    id: r.try_get(0)?,
                    name: r.try_get(1)?,
                    role,
                    totp: secret.is_some(),
                    disabled: disabled.is_some(),
                    created_at: r.try_get(5)?,
                    last_login_at: r.try_get(6)?,
                    locked_until: r.try_get(7)?,
                },
                password_hash: r.try_get(8)?,
                totp_secret: secret.map($crate::config::SecretString::new),
                totp_last_step: r.try_get(9)?,
                failed_logins: r.try_get(10)?,
            })
        }

        impl $store {
            /// The account whose name is `name` regardless of case, on `conn`.
            async fn account_named(
                conn: &mut <$db as sqlx::Database>::Connection,
                name: &str,
            ) -> Result<Option<$crate::store::AccountRow>, $crate::store::StoreError> {
                let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.name_key = $1");
                let row = sqlx::query(&sql)
                    .bind($crate::accounts::name_key(name))
                    .fetch_optional(&mut *conn)
                    .await?;
                row.as_ref().map(account_row).transpose()
            }

            /// The account with row id `id`, on `conn`.
            async fn account_with_id(
                conn: &mut <$db as sqlx::Database>::Connection,
                id: i64,
            ) -> Result<Option<$crate::store::AccountRow>, $crate::store::StoreError> {
                let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = $1");
                let row = sqlx::query(&sql).bind(id).fetch_optional(&mut *conn).await?;
                row.as_ref().map(account_row).transpose()
            }

            /// Ends every session of the account; returns how many.
            async fn end_sessions_of(
                tx: &mut sqlx::Transaction<'_, $db>,
                account_id: i64,
            ) -> Result<u64, $crate::store::StoreError> {
                let done = sqlx::query("DELETE FROM account_sessions WHERE account_id = $1")
                    .bind(account_id)
                    .execute(&mut **tx)
                    .await?;
                Ok(done.rows_affected())
            }

            /// Reads the account `name` under the writer's lock, lets
            /// `change` write, appends `action` by `by` with the detail
            /// `change` returns, and reads the account back. `None`,
            /// writing nothing, for an unknown name.
            async fn change_account<'c, F, Fut>(
                &'c self,
                name: &str,
                by: &$crate::case::Actor,
                action: &str,
                at: chrono::DateTime<chrono::Utc>,
                change: F,
            ) -> Result<Option<$crate::accounts::Account>, $crate::store::StoreError>
            where
                F: FnOnce(sqlx::Transaction<'c, $db>, $crate::store::AccountRow) -> Fut,
                Fut: std::future::Future<
                    Output = Result<(sqlx::Transaction<'c, $db>, serde_json::Value), $crate::store::StoreError>,
                >,
            {
                let mut tx = self.begin_write().await?;
                let Some(row) = Self::account_named(&mut *tx, name).await? else {
                    tx.rollback().await?;
                    return Ok(None);
                };
                let id = row.account.id;
                let (mut tx, detail) = change(tx, row).await?;
                Self::append_audit(&mut tx, at, &by.to_string(), action, None, &detail.to_string()).await?;
                let account = Self::account_with_id(&mut *tx, id).await?.map(|r| r.account);
                tx.commit().await?;
                Ok(account)
            }
        }

        #[async_trait::async_trait]
        impl $crate::store::AccountStore for $store {
            async fn add_account(
                &self,
                new: &$crate::store::NewAccount,
                by: &$crate::case::Actor,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<Option<$crate::accounts::Account>, $crate::store::StoreError> {
                let mut tx = self.begin_write().await?;
                if Self::account_named(&mut *tx, &new.name).await?.is_some() {
                    tx.rollback().await?;
                    return Ok(None);
                }
                sqlx::query(
                    "INSERT INTO accounts (name, name_key, role, password_hash, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $5)",
                )
                .bind(&new.name)
                .bind($crate::accounts::name_key(&new.name))
                .bind(new.role.as_str())
                .bind(&new.password_hash)
                .bind(at)
                .execute(&mut *tx)
                .await?;
                let detail = serde_json::json!({ "account": new.name, "role": new.role.as_str() }).to_string();
                Self::append_audit(&mut tx, at, &by.to_string(), "account.added", None, &detail).await?;
                let account = Self::account_named(&mut *tx, &new.name).await?.map(|r| r.account);
                tx.commit().await?;
                Ok(account)
            }

            async fn account_by_name(
                &self,
                name: &str,
            ) -> Result<Option<$crate::store::AccountRow>, $crate::store::StoreError> {
                let mut conn = self.pool.acquire().await?;
                Self::account_named(&mut conn, name).await
            }

            async fn list_accounts(&self) -> Result<Vec<$crate::accounts::Account>, $crate::store::StoreError> {
                let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a ORDER BY a.name_key");
                sqlx::query(&sql)
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(|r| account_row(r).map(|r| r.account))
                    .collect()
            }

            async fn record_login_failure(
                &self,
                account_id: i64,
                why: $crate::store::LoginFailure,
                max_failures: u32,
                lock_until: chrono::DateTime<chrono::Utc>,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<$crate::store::FailureRecorded, $crate::store::StoreError> {
                use sqlx::Row;
                use $crate::store::FailureRecorded;
                let mut tx = self.begin_write().await?;
                let Some(row) = Self::account_with_id(&mut *tx, account_id).await? else {
                    tx.rollback().await?;
                    return Ok(FailureRecorded::Unknown);
                };
                let name = row.account.name.clone();
                let actor = $crate::case::Actor::Officer(name.clone()).to_string();
                let refused = |failures: i64| {
                    serde_json::json!({ "account": name, "reason": why.as_str(), "failures": failures }).to_string()
                };
                // Counted only while the account is open: an attempt on a
                // locked account neither extends nor restarts the lock.
                let counted = if why.counts() {
                    sqlx::query(
                        "UPDATE accounts SET failed_logins = failed_logins + 1, updated_at = $1
                         WHERE id = $2 AND (locked_until IS NULL OR locked_until <= $1)",
                    )
                    .bind(at)
                    .bind(account_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
                        == 1
                } else {
                    false
                };
                let now = sqlx::query("SELECT failed_logins, locked_until FROM accounts WHERE id = $1")
                    .bind(account_id)
                    .fetch_one(&mut *tx)
                    .await?;
                let failures: i64 = now.try_get(0)?;
                let locked_until: Option<chrono::DateTime<chrono::Utc>> = now.try_get(1)?;
                if let Some(until) = locked_until.filter(|until| *until > at) {
                    let detail = serde_json::json!({ "account": name, "reason": "locked" }).to_string();
                    Self::append_audit(&mut tx, at, &actor, "account.login_failed", None, &detail).await?;
                    tx.commit().await?;
                    return Ok(FailureRecorded::Locked { until });
                }
                Self::append_audit(&mut tx, at, &actor, "account.login_failed", None, &refused(failures)).await?;
                let mut outcome = FailureRecorded::Counted { failures };
                if counted && failures >= i64::from(max_failures) {
                    let locked = sqlx::query(
                        "UPDATE accounts SET locked_until = $1, failed_logins = 0, updated_at = $2
                         WHERE id = $3 AND failed_logins >= $4",
                    )
                    .bind(lock_until)
                    .bind(at)
                    .bind(account_id)
                    .bind(i64::from(max_failures))
                    .execute(&mut *tx)
                    .await?;
                    if locked.rows_affected() == 1 {
                        let until = lock_until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                        let detail = serde_json::json!({ "account": name, "failures": failures, "until": until }).to_string();
                        Self::append_audit(&mut tx, at, "system", "account.locked", None, &detail).await?;
                        outcome = FailureRecorded::Locked { until: lock_until };
                    }
                }
                tx.commit().await?;
                Ok(outcome)
            }

            async fn record_unknown_login(&self, at: chrono::DateTime<chrono::Utc>) -> Result<(), $crate::store::StoreError> {
                // The name typed is not recorded: it may be a mistyped real
                // name, or a password typed into the wrong field.
                let mut tx = self.begin_write().await?;
                let detail = serde_json::json!({ "reason": "unknown name" }).to_string();
                Self::append_audit(&mut tx, at, "system", "account.login_failed", None, &detail).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn record_login(
                &self,
                login: &$crate::store::NewLogin<'_>,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<Option<$crate::accounts::Account>, $crate::store::StoreError> {
                let mut tx = self.begin_write().await?;
                // Accepted only as checked: still enabled, not locked, the
                // same password, and a TOTP step later than any used before
                // (an account with a secret needs one).
                let accepted = sqlx::query(
                    "UPDATE accounts SET failed_logins = 0, locked_until = NULL, last_login_at = $1,
                        totp_last_step = COALESCE($2, totp_last_step), updated_at = $1
                     WHERE id = $3 AND disabled_at IS NULL
                       AND (locked_until IS NULL OR locked_until <= $1)
                       AND password_hash = $4
                       AND (totp_secret IS NULL
                            OR ($2 IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < $2)))",
                )
                .bind(at)
                .bind(login.totp_step)
                .bind(login.account_id)
                .bind(login.password_hash)
                .execute(&mut *tx)
                .await?;
                if accepted.rows_affected() != 1 {
                    tx.rollback().await?;
                    return Ok(None);
                }
                sqlx::query(
                    "DELETE FROM account_sessions WHERE account_id = $1 AND (expires_at <= $2 OR last_seen_at <= $3)",
                )
                .bind(login.account_id)
                .bind(at)
                .bind(login.idle_cutoff)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO account_sessions (account_id, token_hash, created_at, last_seen_at, expires_at)
                     VALUES ($1, $2, $3, $3, $4)",
                )
                .bind(login.account_id)
                .bind(login.session_hash)
                .bind(at)
                .bind(login.expires_at)
                .execute(&mut *tx)
                .await?;
                let account = Self::account_with_id(&mut *tx, login.account_id).await?.map(|r| r.account);
                if let Some(account) = &account {
                    let actor = $crate::case::Actor::Officer(account.name.clone()).to_string();
                    let detail = serde_json::json!({ "account": account.name, "second_factor": login.totp_step.is_some() }).to_string();
                    Self::append_audit(&mut tx, at, &actor, "account.login", None, &detail).await?;
                }
                tx.commit().await?;
                Ok(account)
            }

            async fn touch_session(
                &self,
                token_hash: &str,
                now: chrono::DateTime<chrono::Utc>,
                idle_cutoff: chrono::DateTime<chrono::Utc>,
                touch_before: chrono::DateTime<chrono::Utc>,
            ) -> Result<Option<$crate::accounts::Account>, $crate::store::StoreError> {
                sqlx::query(
                    "UPDATE account_sessions SET last_seen_at = $1
                     WHERE token_hash = $2 AND expires_at > $1 AND last_seen_at > $3 AND last_seen_at <= $4",
                )
                .bind(now)
                .bind(token_hash)
                .bind(idle_cutoff)
                .bind(touch_before)
                .execute(&self.pool)
                .await?;
                let sql = format!(
                    "SELECT {ACCOUNT_COLUMNS} FROM account_sessions s JOIN accounts a ON a.id = s.account_id
                     WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND a.disabled_at IS NULL"
                );
                let row = sqlx::query(&sql)
                    .bind(token_hash)
                    .bind(now)
                    .bind(idle_cutoff)
                    .fetch_optional(&self.pool)
                    .await?;
                match row {
                    Some(row) => Ok(Some(account_row(&row)?.account)),
                    None => {
                        sqlx::query(
                            "DELETE FROM account_sessions WHERE token_hash = $1 AND (expires_at <= $2 OR last_seen_at <= $3)",
                        )
                        .bind(token_hash)
                        .bind(now)
                        .bind(idle_cutoff)
                        .execute(&self.pool)
                        .await?;
                        Ok(None)
                    }
                }
            }

            async fn end_session(&self, token_hash: &str) -> Result<bool, $crate::store::StoreError> {
                let done = sqlx::query("DELETE FROM account_sessions WHERE token_hash = $1")
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn use_api_token(
                &self,
                token_hash: &str,
                now: chrono::DateTime<chrono::Utc>,
                touch_before: chrono::DateTime<chrono::Utc>,
            ) -> Result<Option<$crate::accounts::Account>, $crate::store::StoreError> {
                sqlx::query(
                    "UPDATE api_tokens SET last_used_at = $1
                     WHERE token_hash = $2 AND revoked_at IS NULL AND expires_at > $1
                       AND (last_used_at IS NULL OR last_used_at <= $3)",
                )
                .bind(now)
                .bind(token_hash)
                .bind(touch_before)
                .execute(&self.pool)
                .await?;
                let sql = format!(
                    "SELECT {ACCOUNT_COLUMNS} FROM api_tokens t JOIN accounts a ON a.id = t.account_id
                     WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2 AND a.disabled_at IS NULL"
                );
                let row = sqlx::query(&sql)
                    .bind(token_hash)
                    .bind(now)
                    .fetch_optional(&self.pool)
                    .await?;
                row.as_ref().map(|r| account_row(r).map(|r| r.account)).transpose()
            }

            async fn disable_account(
                &self,
                name: &str,
                by: &$crate::case::Actor,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<Option<$crate::accounts::Account>, $crate::store::StoreError> {
                self.change_account(name, by, "account.disabled", at, |mut tx, row| async move {
                    let id = row.account.id;
                    sqlx::query("UPDATE accounts SET disabled_at = COALESCE(disabled_at, $1), updated_at = $1 WHERE id = $2")
                        .bind(at)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    let sessions = Self::end_sessions_of(&mut tx, id).await?;
                    let tokens = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL")
                        .bind(at)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    let detail = serde_json::json!({
                        "account": row.account.name,
                        "sessions_ended": sessions,
                        "tokens_revoked": tokens,
                    });
                    Ok((tx, detail))
                })
                .await
            }

            async fn set_password(
                &self,
                name: &str,
                password_hash: &str,
                by: &$crate::case::Actor,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<Option<$crate::accounts::Account>, $crate::store::StoreError> {
                let hash = password_hash.to_owned();
                self.change_account(name, by, "account.password_reset", at, |mut tx, row| async move {
                    let id = row.account.id;
                    sqlx::query(
                        "UPDATE accounts SET password_hash = $1, failed_logins = 0, locked_until = NULL, updated_at = $2
                         WHERE id = $3",
                    )
                    .bind(&hash)
                    .bind(at)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    let sessions = Self::end_sessions_of(&mut tx, id).await?;
                    let detail = serde_json::json!({ "account": row.account.name, "sessions_ended": sessions });
                    Ok((tx, detail))
                })
                .await
            }

            async fn set_totp(
                &self,
                name: &str,
                secret: &$crate::config::SecretString,
                by: &$crate::case::Actor,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<Option<$crate::accounts::Account>, $crate::store::StoreError> {
                let secret = secret.clone();
                self.change_account(name, by, "account.totp_enabled", at, |mut tx, row| async move {
                    let id = row.account.id;
                    sqlx::query("UPDATE accounts SET totp_secret = $1, totp_last_step = NULL, updated_at = $2 WHERE id = $3")
                        .bind(secret.expose())
                        .bind(at)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    let sessions = Self::end_sessions_of(&mut tx, id).await?;
                    let detail = serde_json::json!({
                        "account": row.account.name,
                        "replaced": row.account.totp,
                        "sessions_ended": sessions,
                    });
                    Ok((tx, detail))
                })
                .await
            }

            async fn add_api_token(
                &self,
                name: &str,
                token: &$crate::store::NewApiToken<'_>,
                by: &$crate::case::Actor,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<Option<$crate::accounts::Account>, $crate::store::StoreError> {
                let hash = token.token_hash.to_owned();
                let label = token.label.map(str::to_owned);
                let expires_at = token.expires_at;
                self.change_account(name, by, "account.token_issued", at, |mut tx, row| async move {
                    sqlx::query(
                        "INSERT INTO api_tokens (account_id, token_hash, label, created_at, expires_at)
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(row.account.id)
                    .bind(&hash)
                    .bind(&label)
                    .bind(at)
                    .bind(expires_at)
                    .execute(&mut *tx)
                    .await?;
                    let detail = serde_json::json!({
                        "account": row.account.name,
                        "label": label,
                        "expires_at": expires_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    });
                    Ok((tx, detail))
                })
                .await
            }
        }
    };
}

pub(crate) use sql_accounts;
