//! Using a login: the session cookie and the API token, each checked on
//! every request.

use super::{Account, AccountError, Accounts, AuthError};
use crate::reply::secret::token_hash;
use chrono::{DateTime, Duration, Utc};

/// How often a busy session's (or token's) last use is written: not on
/// every request, which would make each one a write to the store. A
/// session may so end up to this much earlier than its idle time says.
pub const TOUCH_EVERY: Duration = Duration::minutes(1);

impl Accounts {
    /// The account logged in with the session cookie `token`, if the
    /// session has been used within the idle time and is within its
    /// lifetime, and the account is enabled; the use keeps it alive.
    pub async fn session(&self, token: &str, now: DateTime<Utc>) -> Result<Account, AuthError> {
        if token.trim().is_empty() {
            return Err(AuthError::Invalid);
        }
        let idle_cutoff = now - self.inner.policy.idle;
        self.inner
            .store
            .touch_session(&token_hash(token), now, idle_cutoff, now - TOUCH_EVERY)
            .await?
            .ok_or(AuthError::Invalid)
    }

    /// Ends the session of the cookie `token` (nothing happens for one that
    /// has ended already).
    pub async fn logout(&self, token: &str, _now: DateTime<Utc>) -> Result<(), AccountError> {
        let ended = self.inner.store.end_session(&token_hash(token)).await?;
        tracing::debug!(ended, "logout");
        Ok(())
    }

    /// The account of the API token `token`, if the token is neither
    /// expired nor revoked and the account is enabled; records its use.
    pub async fn bearer(&self, token: &str, now: DateTime<Utc>) -> Result<Account, AuthError> {
        if !token.trim().starts_with(super::TOKEN_PREFIX) {
            return Err(AuthError::Invalid);
        }
        self.inner
            .store
            .use_api_token(&token_hash(token), now, now - TOUCH_EVERY)
            .await?
            .ok_or(AuthError::Invalid)
    }
}
