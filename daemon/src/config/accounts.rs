//! `[accounts]`: how long an officer's login lasts and how repeated failed
//! logins lock an account (issue 14). The accounts themselves live in the
//! store (`dsrd users`), not here.

/// The checked `[accounts]` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountsConfig {
    /// `idle_minutes`: a session unused this long ends.
    pub idle: chrono::Duration,
    /// `session_hours`: a session ends this long after its login, however
    /// busy.
    pub session: chrono::Duration,
    /// `max_failed_logins`: this many failed logins in a row lock the
    /// account.
    pub max_failed_logins: u32,
    /// `lockout_minutes`: for this long.
    pub lockout: chrono::Duration,
    /// `secure_cookie`: the session cookie carries the Secure flag, so a
    /// browser sends it over HTTPS only; false only for plain-HTTP tests
    /// and a listener on localhost.
    pub secure_cookie: bool,
    /// `logins_per_minute`: sign-in attempts taken from one client address
    /// per minute (a burst of this many, then one every 60/n seconds),
    /// before any password is checked. Behind a reverse proxy every officer
    /// shares the proxy's address, so a large board may need more.
    pub logins_per_minute: u32,
}

impl Default for AccountsConfig {
    fn default() -> Self {
        AccountsConfig {
            idle: chrono::Duration::minutes(30),
            session: chrono::Duration::hours(12),
            max_failed_logins: 5,
            lockout: chrono::Duration::minutes(15),
            secure_cookie: true,
            logins_per_minute: 10,
        }
    }
}
