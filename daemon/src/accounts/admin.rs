//! Managing accounts: adding one, listing, disabling, a new password, the
//! second factor and API tokens. Each change is written with its audit
//! entry in one transaction; the entry names the account, never a
//! password, secret or token.

use super::{
    check_name, check_strength, new_secret_token, totp, Account, AccountError, Accounts, NewToken,
    Role, TotpSetup, TOKEN_PREFIX,
};
use crate::config::SecretString;
use crate::store::{NewAccount, NewApiToken};
use chrono::{DateTime, Duration, Utc};

/// The longest an API token may stay valid: a token nobody remembers
/// should not work for ever.
pub const MAX_TOKEN_VALIDITY: Duration = Duration::days(366);
/// The longest label a token may have, in characters.
pub const MAX_LABEL_CHARS: usize = 100;

impl Accounts {
    /// Adds an account called `name` (trimmed; unique regardless of case)
    /// with `role` and `password`.
    pub async fn add(
        &self,
        name: &str,
        role: Role,
        password: &str,
        now: DateTime<Utc>,
    ) -> Result<Account, AccountError> {
        let name = check_name(name).map_err(AccountError::BadName)?;
        check_strength(password).map_err(AccountError::Weak)?;
        let store = &self.inner.store;
        // Looked up first so that a taken name costs no hash; the insert
        // checks again under the writer's lock.
        if let Some(existing) = store.account_by_name(&name).await? {
            return Err(AccountError::Exists(existing.account.name));
        }
        let password_hash = self.hash(password).await?;
        let new = NewAccount {
            name: name.clone(),
            role,
            password_hash,
        };
        let account = store
            .add_account(&new, &self.actor, now)
            .await?
            .ok_or(AccountError::Exists(name))?;
        tracing::info!(account = account.id, role = %role, "account added");
        Ok(account)
    }

    /// Every account, by name.
    pub async fn list(&self) -> Result<Vec<Account>, AccountError> {
        Ok(self.inner.store.list_accounts().await?)
    }

    /// The account called `name`, regardless of letter case.
    pub async fn get(&self, name: &str) -> Result<Option<Account>, AccountError> {
        Ok(self
            .inner
            .store
            .account_by_name(name)
            .await?
            .map(|row| row.account))
    }

    /// Disables the account: it cannot log in, its sessions end and its
    /// tokens are revoked. Disabling it again changes nothing more.
    pub async fn disable(&self, name: &str, now: DateTime<Utc>) -> Result<Account, AccountError> {
        let account = self
            .inner
            .store
            .disable_account(name, &self.actor, now)
            .await?
            .ok_or_else(|| AccountError::Unknown(name.to_owned()))?;
        tracing::info!(account = account.id, "account disabled");
        Ok(account)
    }

    /// Gives the account a new password; its sessions end and a lock-out
    /// is lifted.
    pub async fn reset_password(
        &self,
        name: &str,
        password: &str,
        now: DateTime<Utc>,
    ) -> Result<Account, AccountError> {
        check_strength(password).map_err(AccountError::Weak)?;
        let known = self.get(name).await?;
        let Some(known) = known else {
            return Err(AccountError::Unknown(name.to_owned()));
        };
        let password_hash = self.hash(password).await?;
        let account = self
            .inner
            .store
            .set_password(&known.name, &password_hash, &self.actor, now)
            .await?
            .ok_or_else(|| AccountError::Unknown(name.to_owned()))?;
        tracing::info!(account = account.id, "password reset");
        Ok(account)
    }

    /// Gives the account a new TOTP secret (replacing one it had) and ends
    /// its sessions; from now on a login needs a code. The secret is in
    /// what this returns and nowhere else outside the store: show it once.
    pub async fn enable_totp(
        &self,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<TotpSetup, AccountError> {
        let Some(known) = self.get(name).await? else {
            return Err(AccountError::Unknown(name.to_owned()));
        };
        let secret = totp::new_secret();
        let setup = totp::setup(&secret, &known.name).ok_or_else(|| {
            AccountError::BadName(format!(
                "{:?} cannot be an authenticator app's label",
                known.name
            ))
        })?;
        let account = self
            .inner
            .store
            .set_totp(&known.name, &SecretString::new(secret), &self.actor, now)
            .await?
            .ok_or_else(|| AccountError::Unknown(name.to_owned()))?;
        tracing::info!(account = account.id, "second factor set up");
        Ok(setup)
    }

    /// Issues an API token for the account, valid for `valid_for` from
    /// `now`, with an optional `label` saying what it is for. The token is
    /// in what this returns and nowhere else: show it once.
    pub async fn issue_token(
        &self,
        name: &str,
        label: Option<&str>,
        valid_for: Duration,
        now: DateTime<Utc>,
    ) -> Result<NewToken, AccountError> {
        if valid_for <= Duration::zero() {
            return Err(AccountError::BadExpiry(
                "a token must stay valid for some time, e.g. --expires 90d".into(),
            ));
        }
        if valid_for > MAX_TOKEN_VALIDITY {
            return Err(AccountError::BadExpiry(format!(
                "a token may stay valid for at most {} days; issue a new one when it expires",
                MAX_TOKEN_VALIDITY.num_days()
            )));
        }
        let label = check_label(label)?;
        let Some(known) = self.get(name).await? else {
            return Err(AccountError::Unknown(name.to_owned()));
        };
        if known.disabled {
            return Err(AccountError::Disabled(known.name));
        }
        let (secret, _) = new_secret_token();
        let token = format!("{TOKEN_PREFIX}{secret}");
        let token_hash = crate::reply::secret::token_hash(&token);
        let expires_at = now + valid_for;
        let new = NewApiToken {
            token_hash: &token_hash,
            label: label.as_deref(),
            expires_at,
        };
        let account = self
            .inner
            .store
            .add_api_token(&known.name, &new, &self.actor, now)
            .await?
            .ok_or_else(|| AccountError::Unknown(name.to_owned()))?;
        tracing::info!(account = account.id, "API token issued");
        Ok(NewToken { token, expires_at })
    }

    async fn hash(&self, password: &str) -> Result<String, AccountError> {
        self.inner
            .hasher
            .hash(SecretString::new(password.to_owned()))
            .await
            .map_err(AccountError::Hashing)
    }
}

/// A token's label, trimmed, `None` when empty; refused when too long or
/// with a control character.
fn check_label(label: Option<&str>) -> Result<Option<String>, AccountError> {
    let Some(label) = label.map(str::trim).filter(|l| !l.is_empty()) else {
        return Ok(None);
    };
    if label.chars().count() > MAX_LABEL_CHARS || label.chars().any(char::is_control) {
        return Err(AccountError::BadName(format!(
            "a token's label has at most {MAX_LABEL_CHARS} characters and no control characters"
        )));
    }
    Ok(Some(label.to_owned()))
}
