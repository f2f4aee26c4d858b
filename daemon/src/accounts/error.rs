//! What can go wrong with a login, a session and an account. Login and
//! session errors say as little as they can: an unknown name, a wrong
//! password and a disabled account are one error, so that a caller cannot
//! find out which names exist.

use crate::store::StoreError;
use chrono::{DateTime, Utc};

/// Why a login gave no session.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// Unknown name, wrong password or a disabled account.
    #[error("wrong name or password")]
    Invalid,
    /// The password is right, but the account needs a TOTP code and none
    /// was given, or it was wrong or used before.
    #[error("a valid code from the authenticator app is needed")]
    SecondFactorRequired,
    /// Too many failed logins; none is tried before `until`.
    #[error("too many failed logins: the account is locked until {until}")]
    Locked {
        /// When the lock ends.
        until: DateTime<Utc>,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why a session cookie or an API token is refused.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Unknown, expired, revoked, or of a disabled account.
    #[error("not logged in, or the session or token has ended")]
    Invalid,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why a change to an account was refused.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// No account has this name.
    #[error("no account {0:?}; dsrd users list shows them")]
    Unknown(String),
    /// An account of this name exists (regardless of letter case).
    #[error("an account {0:?} exists already (names are compared regardless of letter case)")]
    Exists(String),
    /// The password is too short or too long.
    #[error("{0}")]
    Weak(String),
    /// The name is empty, too long, or holds a colon or a control character.
    #[error("{0}")]
    BadName(String),
    /// A token would expire at once, or too late.
    #[error("{0}")]
    BadExpiry(String),
    /// The account is disabled: it gets no new token.
    #[error("the account {0:?} is disabled")]
    Disabled(String),
    /// Hashing the password failed (the worker pool was shut down).
    #[error("cannot hash the password: {0}")]
    Hashing(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}
