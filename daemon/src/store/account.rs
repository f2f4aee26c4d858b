//! Accounts, login sessions and API tokens as the store keeps them (issue
//! 14). What leaves the store towards callers is an
//! [`Account`](crate::accounts::Account); the credentials a login checks
//! travel only inside an [`AccountRow`], whose `Debug` hides them.

use crate::accounts::{Account, Role};
use crate::config::SecretString;
use chrono::{DateTime, Utc};

/// An account with what a login checks.
#[derive(Clone)]
pub struct AccountRow {
    /// What anyone may see.
    pub account: Account,
    /// The Argon2id PHC string of the password.
    pub password_hash: String,
    /// The TOTP secret (base32), when the account has a second factor.
    pub totp_secret: Option<SecretString>,
    /// The last TOTP step a login was accepted with.
    pub totp_last_step: Option<i64>,
    /// Failed logins since the last success or lock.
    pub failed_logins: i64,
}

impl std::fmt::Debug for AccountRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountRow")
            .field("account", &self.account)
            .field("password_hash", &"***")
            .field("totp_secret", &self.totp_secret.as_ref().map(|_| "***"))
            .field("totp_last_step", &self.totp_last_step)
            .field("failed_logins", &self.failed_logins)
            .finish()
    }
}

/// A new account.
pub struct NewAccount {
    /// Its name as written (checked and trimmed).
    pub name: String,
    /// Its role.
    pub role: Role,
    /// The Argon2id PHC string of its first password.
    pub password_hash: String,
}

/// Why a login failed, as the audit log records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginFailure {
    /// A wrong password: counts toward the lock-out.
    Password,
    /// The right password with a wrong or reused TOTP code: counts too.
    SecondFactor,
    /// The account is disabled: not counted.
    Disabled,
    /// The account is locked: refused without a look at the password, not
    /// counted.
    Locked,
}

impl LoginFailure {
    /// The reason in the audit entry.
    pub fn as_str(self) -> &'static str {
        match self {
            LoginFailure::Password => "password",
            LoginFailure::SecondFactor => "second factor",
            LoginFailure::Disabled => "disabled",
            LoginFailure::Locked => "locked",
        }
    }

    /// Whether it counts toward the lock-out.
    pub fn counts(self) -> bool {
        matches!(self, LoginFailure::Password | LoginFailure::SecondFactor)
    }
}

/// What recording a failed login did to the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureRecorded {
    /// Counted (or not counted, for a reason that does not count); the
    /// account stays open. `failures` is the count after this one.
    Counted {
        /// Failed logins in a row now.
        failures: i64,
    },
    /// This failure locked the account, or it was locked already.
    Locked {
        /// Until when.
        until: DateTime<Utc>,
    },
    /// No such account (it went away meanwhile).
    Unknown,
}

/// A successful login to record: the account's state as the password and
/// code were checked against, and the new session.
pub struct NewLogin<'a> {
    /// The account.
    pub account_id: i64,
    /// The password hash that was verified: a login races no password
    /// reset, and is refused when the hash changed meanwhile.
    pub password_hash: &'a str,
    /// The TOTP step of the accepted code, for an account with a second
    /// factor: refused when it is not later than the last accepted one.
    pub totp_step: Option<i64>,
    /// SHA-256 (hex) of the session token.
    pub session_hash: &'a str,
    /// When the session ends however busy it is.
    pub expires_at: DateTime<Utc>,
    /// Sessions of the account last seen before this have ended idle (they
    /// are deleted now).
    pub idle_cutoff: DateTime<Utc>,
}

/// A new API token.
pub struct NewApiToken<'a> {
    /// SHA-256 (hex) of the token.
    pub token_hash: &'a str,
    /// What the token is for, as the admin wrote it.
    pub label: Option<&'a str>,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}
