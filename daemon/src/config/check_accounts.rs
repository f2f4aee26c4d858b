//! Checking `[accounts]`: each number in its range, and a session's idle
//! time within its lifetime.

use super::check::Checker;
use super::raw::RawAccounts;
use super::AccountsConfig;
use toml::Spanned;

/// A number of the section, between 1 and `max`, or the default.
fn bounded(
    c: &mut Checker,
    key: &str,
    value: &Option<Spanned<u32>>,
    default: u32,
    max: u32,
    hint: &str,
) -> Option<u32> {
    let Some(value) = value else {
        return Some(default);
    };
    let n = *value.get_ref();
    if n == 0 || n > max {
        c.error_at(key, value, format!("{n} is not between 1 and {max}"), hint);
        return None;
    }
    Some(n)
}

pub(super) fn accounts(c: &mut Checker, raw: Option<RawAccounts>) -> Option<AccountsConfig> {
    let Some(raw) = raw else {
        return Some(AccountsConfig::default());
    };
    let default = AccountsConfig::default();
    let whole = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    let idle = bounded(
        c,
        "accounts.idle_minutes",
        &raw.idle_minutes,
        whole(default.idle.num_minutes()),
        24 * 60,
        "minutes without a request after which a login ends (default 30; OWASP advises 15 to 30 for sensitive data)",
    );
    let session = bounded(
        c,
        "accounts.session_hours",
        &raw.session_hours,
        whole(default.session.num_hours()),
        7 * 24,
        "hours after which a login ends however busy it is (default 12)",
    );
    let failures = bounded(
        c,
        "accounts.max_failed_logins",
        &raw.max_failed_logins,
        default.max_failed_logins,
        100,
        "failed logins in a row that lock an account (default 5)",
    );
    let lockout = bounded(
        c,
        "accounts.lockout_minutes",
        &raw.lockout_minutes,
        whole(default.lockout.num_minutes()),
        24 * 60,
        "minutes an account stays locked (default 15)",
    );
    let logins = bounded(
        c,
        "accounts.logins_per_minute",
        &raw.logins_per_minute,
        default.logins_per_minute,
        10_000,
        "sign-in attempts taken from one client address per minute (default 10; behind a reverse proxy all officers share one address)",
    );
    let (idle, session) = (idle?, session?);
    if u64::from(idle) > u64::from(session) * 60 {
        if let Some(at) = &raw.idle_minutes {
            c.error_at(
                "accounts.idle_minutes",
                at,
                format!("{idle} idle minutes are longer than the session's {session} hours"),
                "make idle_minutes at most session_hours × 60",
            );
        }
        return None;
    }
    Some(AccountsConfig {
        idle: chrono::Duration::minutes(i64::from(idle)),
        session: chrono::Duration::hours(i64::from(session)),
        max_failed_logins: failures?,
        lockout: chrono::Duration::minutes(i64::from(lockout?)),
        secure_cookie: raw.secure_cookie.unwrap_or(default.secure_cookie),
        logins_per_minute: logins?,
    })
}

#[cfg(test)]
mod tests {
    use crate::config::{parse, AccountsConfig, ConfigError, Loaded, Problem};
    use std::path::Path;

    /// Nine lines before the section under test, which starts on line 10.
    const BASE: &str = "[organisation]\nname = \"S\"\nreply_address = \"avg@s.example\"\n[outgoing]\nkind = \"files\"\npath = \"out\"\n[mailbox]\nkind = \"maildir\"\npath = \"m\"\n";

    fn load(sections: &str) -> Result<Loaded, ConfigError> {
        parse(
            Path::new("/etc/dsrd/dsrd.toml"),
            &format!("{BASE}{sections}"),
            &|_| None,
        )
    }

    fn problems(sections: &str) -> Vec<Problem> {
        match load(sections) {
            Err(ConfigError::Invalid(p)) => p,
            other => panic!("expected problems, got {other:?}"),
        }
    }

    #[test]
    fn without_the_section_the_defaults_hold() {
        let config = load("").unwrap().config;
        assert_eq!(config.accounts, AccountsConfig::default());
        assert_eq!(config.accounts.idle, chrono::Duration::minutes(30));
        assert_eq!(config.accounts.session, chrono::Duration::hours(12));
        assert_eq!(config.accounts.max_failed_logins, 5);
        assert_eq!(config.accounts.lockout, chrono::Duration::minutes(15));
        assert!(config.accounts.secure_cookie);
        assert_eq!(config.accounts.logins_per_minute, 10);
    }

    #[test]
    fn a_section_with_one_key_keeps_the_defaults_of_the_others() {
        let config = load("[accounts]\nsecure_cookie = false\n").unwrap().config;
        assert_eq!(
            config.accounts,
            AccountsConfig {
                secure_cookie: false,
                ..AccountsConfig::default()
            }
        );
    }

    #[test]
    fn every_key_is_read() {
        let config = load(
            "[accounts]\nidle_minutes = 10\nsession_hours = 8\nmax_failed_logins = 3\nlockout_minutes = 60\nsecure_cookie = false\nlogins_per_minute = 120\n",
        )
        .unwrap()
        .config;
        assert_eq!(
            config.accounts,
            AccountsConfig {
                idle: chrono::Duration::minutes(10),
                session: chrono::Duration::hours(8),
                max_failed_logins: 3,
                lockout: chrono::Duration::hours(1),
                secure_cookie: false,
                logins_per_minute: 120,
            }
        );
    }

    #[test]
    fn a_number_out_of_range_is_reported_with_its_key_and_line() {
        let problems = problems(
            "[accounts]\nidle_minutes = 0\nmax_failed_logins = 1000\nlogins_per_minute = 0\n",
        );
        assert!(problems
            .iter()
            .any(|p| p.key == "accounts.logins_per_minute"));
        let idle = problems
            .iter()
            .find(|p| p.key == "accounts.idle_minutes")
            .expect("idle_minutes is reported");
        assert!(idle.message.contains("between 1 and"), "{idle}");
        assert_eq!(idle.position.map(|p| p.line), Some(11));
        assert!(problems
            .iter()
            .any(|p| p.key == "accounts.max_failed_logins"));
    }

    #[test]
    fn an_idle_time_longer_than_the_session_is_refused() {
        let problems = problems("[accounts]\nidle_minutes = 120\nsession_hours = 1\n");
        assert!(
            problems.iter().any(|p| p.key == "accounts.idle_minutes"
                && p.message.contains("longer than the session")),
            "{problems:?}"
        );
    }

    #[test]
    fn an_unknown_key_is_an_error_naming_it() {
        match load("[accounts]\nidle_minute = 10\n") {
            Err(ConfigError::Parse { message, .. }) => {
                assert!(message.contains("idle_minute"), "{message}");
                assert!(message.contains("line 11"), "{message}");
            }
            other => panic!("expected a parse error, got {other:?}"),
        }
    }
}
