//! Logging in: name, password and, for an account with a second factor, a
//! TOTP code, against the lock-out.
//!
//! The order of the checks is what keeps the answers from telling too
//! much: an unknown name costs as much time as a real one (a dummy hash is
//! checked), and a disabled account is refused with the same error as a
//! wrong password. A locked account is refused before its password is
//! looked at, so the lock really stops guessing. A TOTP code is looked at
//! only after the right password: a missing code is no failure (it is the
//! second step of an ordinary login), a wrong or reused one counts toward
//! the lock-out like a wrong password.

use super::{new_secret_token, totp, Accounts, LoginError, NewSession};
use crate::config::SecretString;
use crate::store::{FailureRecorded, LoginFailure, NewLogin};
use chrono::{DateTime, Utc};

impl Accounts {
    /// Logs `name` in with `password` and, for an account with a second
    /// factor, the TOTP code `totp`. Every outcome but a missing code is
    /// written to the audit log.
    pub async fn login(
        &self,
        name: &str,
        password: &str,
        totp: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<NewSession, LoginError> {
        let store = &self.inner.store;
        let password = SecretString::new(password.to_owned());
        let Some(row) = store.account_by_name(name).await? else {
            self.inner.hasher.verify(password, None).await;
            store.record_unknown_login(now).await?;
            tracing::info!("login refused: no such account");
            return Err(LoginError::Invalid);
        };
        let id = row.account.id;
        if row.account.disabled {
            self.inner
                .hasher
                .verify(password, Some(row.password_hash.clone()))
                .await;
            return Err(self.failed(id, LoginFailure::Disabled, now).await?);
        }
        if row.account.locked_at(now) {
            return Err(self.failed(id, LoginFailure::Locked, now).await?);
        }
        let right = self
            .inner
            .hasher
            .verify(password, Some(row.password_hash.clone()))
            .await;
        if !right {
            return Err(self.failed(id, LoginFailure::Password, now).await?);
        }
        let step = match &row.totp_secret {
            None => None,
            Some(secret) => {
                let Some(code) = totp.filter(|c| !c.trim().is_empty()) else {
                    tracing::debug!(account = id, "login waits for a TOTP code");
                    return Err(LoginError::SecondFactorRequired);
                };
                match totp::check(secret.expose(), code, now) {
                    Some(step) if row.totp_last_step.is_none_or(|last| step > last) => Some(step),
                    _ => return Err(self.failed(id, LoginFailure::SecondFactor, now).await?),
                }
            }
        };
        let policy = &self.inner.policy;
        let (token, session_hash) = new_secret_token();
        let lifetime_end = now + policy.lifetime;
        let login = NewLogin {
            account_id: id,
            password_hash: &row.password_hash,
            totp_step: step,
            session_hash: &session_hash,
            expires_at: lifetime_end,
            idle_cutoff: now - policy.idle,
        };
        let Some(account) = store.record_login(&login, now).await? else {
            // Disabled, locked, given a new password or logged in with the
            // same code since the checks above: nothing was written.
            tracing::info!(account = id, "login refused: the account changed meanwhile");
            return Err(LoginError::Invalid);
        };
        tracing::info!(account = id, second_factor = step.is_some(), "logged in");
        Ok(NewSession {
            token,
            account,
            expires_at: (now + policy.idle).min(lifetime_end),
        })
    }

    /// Records a failed login and returns the error it gives the caller.
    async fn failed(
        &self,
        id: i64,
        why: LoginFailure,
        now: DateTime<Utc>,
    ) -> Result<LoginError, LoginError> {
        let policy = &self.inner.policy;
        let recorded = self
            .inner
            .store
            .record_login_failure(id, why, policy.max_failures, now + policy.lockout, now)
            .await?;
        tracing::info!(account = id, reason = why.as_str(), "login refused");
        Ok(match (why, recorded) {
            (LoginFailure::Disabled, _) | (_, FailureRecorded::Unknown) => LoginError::Invalid,
            (_, FailureRecorded::Locked { until }) => {
                tracing::warn!(account = id, %until, "account locked after repeated failed logins");
                LoginError::Locked { until }
            }
            (LoginFailure::SecondFactor, FailureRecorded::Counted { .. }) => {
                LoginError::SecondFactorRequired
            }
            (_, FailureRecorded::Counted { .. }) => LoginError::Invalid,
        })
    }
}
