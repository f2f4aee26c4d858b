//! How long a login lasts and how many wrong passwords lock an account:
//! the `[accounts]` section as the library uses it.

use chrono::Duration;

/// The session and lock-out rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountsPolicy {
    /// A session not used for this long ends (OWASP's session guidance
    /// names 15–30 minutes for applications handling sensitive data).
    pub idle: Duration,
    /// A session ends this long after its login however busy it is.
    pub lifetime: Duration,
    /// This many failed logins in a row lock the account.
    pub max_failures: u32,
    /// For this long.
    pub lockout: Duration,
}

impl Default for AccountsPolicy {
    fn default() -> Self {
        AccountsPolicy::from_config(&crate::config::AccountsConfig::default())
    }
}

impl AccountsPolicy {
    /// The policy of a configuration's `[accounts]` section.
    pub fn from_config(c: &crate::config::AccountsConfig) -> Self {
        AccountsPolicy {
            idle: c.idle,
            lifetime: c.session,
            max_failures: c.max_failed_logins,
            lockout: c.lockout,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_thirty_idle_minutes_twelve_hours_and_five_tries_for_fifteen_minutes() {
        let p = AccountsPolicy::default();
        assert_eq!(p.idle, Duration::minutes(30));
        assert_eq!(p.lifetime, Duration::hours(12));
        assert_eq!(p.max_failures, 5);
        assert_eq!(p.lockout, Duration::minutes(15));
    }
}
