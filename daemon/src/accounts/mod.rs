//! Accounts of the people who use dsrd (issue 14): names, roles, passwords
//! with an optional TOTP second factor, login sessions that end when idle,
//! lock-out after repeated failed logins, and API tokens for scripts.
//!
//! Only hashes of passwords (Argon2id), session tokens and API tokens are
//! stored (SHA-256; they are long random values), and every change, login
//! and failed login writes an audit entry in the same transaction. Names
//! are unique regardless of letter case, as the `[[officers]]` names are:
//! an account acts under its name, and the four-eyes rule counts names.
//! Logs above debug level carry row ids, never names.
//!
//! Every method takes `now`, so that tests and the injected clock decide
//! the time.

mod account;
mod admin;
mod error;
mod login;
mod password;
mod policy;
mod role;
mod session;
pub mod totp;

#[cfg(test)]
mod tests;

pub use account::{check_name, name_key, Account, MAX_NAME_CHARS};
pub use admin::{MAX_LABEL_CHARS, MAX_TOKEN_VALIDITY};
pub use error::{AccountError, AuthError, LoginError};
pub use password::{check_strength, HASH_PERMITS, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};
pub use policy::AccountsPolicy;
pub use role::{Role, UnknownRole};
pub use session::TOUCH_EVERY;
pub use totp::TotpSetup;

use crate::case::Actor;
use crate::store::Store;
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// What every API token starts with: it tells a token from a session
/// cookie at a glance, and lets secret scanners find a leaked one.
pub const TOKEN_PREFIX: &str = "dsrd_";

/// A new login: the session cookie's value, shown to the browser once.
pub struct NewSession {
    /// The cookie value: 256 random bits in hex; the store keeps only its
    /// SHA-256.
    pub token: String,
    /// Who logged in.
    pub account: Account,
    /// When the session ends if it is not used before (its idle expiry,
    /// never after its lifetime).
    pub expires_at: DateTime<Utc>,
}

impl std::fmt::Debug for NewSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewSession")
            .field("token", &"***")
            .field("account", &self.account)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// A new API token, shown once.
pub struct NewToken {
    /// The token: [`TOKEN_PREFIX`] and 256 random bits in hex; the store
    /// keeps only its SHA-256.
    pub token: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

impl std::fmt::Debug for NewToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewToken")
            .field("token", &"***")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// The accounts, over the store. Cheap to clone: clones share the store,
/// the policy and the password hasher's permits.
#[derive(Clone)]
pub struct Accounts {
    inner: Arc<Inner>,
    /// Who the audit log names for an admin change: the system (the CLI)
    /// unless [`Accounts::acting_as`] says otherwise.
    actor: Actor,
}

struct Inner {
    store: Arc<dyn Store>,
    policy: AccountsPolicy,
    hasher: password::Hasher,
}

impl Accounts {
    /// The accounts in `store`, with the session and lock-out rules of
    /// `policy`.
    pub fn new(store: Arc<dyn Store>, policy: AccountsPolicy) -> Accounts {
        Accounts {
            inner: Arc::new(Inner {
                store,
                policy,
                hasher: password::Hasher::new(),
            }),
            actor: Actor::System,
        }
    }

    /// The same accounts, with admin changes (add, disable, reset, TOTP,
    /// tokens) recorded in the audit log as made by `actor`: for an admin
    /// who manages accounts through the HTTP API, `Actor::Officer(name)`.
    pub fn acting_as(&self, actor: Actor) -> Accounts {
        Accounts {
            inner: Arc::clone(&self.inner),
            actor,
        }
    }

    /// The session and lock-out rules in force.
    pub fn policy(&self) -> &AccountsPolicy {
        &self.inner.policy
    }
}

/// A new random token (256 bits, hex) and the SHA-256 the store keeps of
/// it: the download link's token and hash (see [`crate::reply::secret`]).
fn new_secret_token() -> (String, String) {
    let token = crate::reply::secret::new_token();
    let hash = crate::reply::secret::token_hash(&token);
    (token, hash)
}
