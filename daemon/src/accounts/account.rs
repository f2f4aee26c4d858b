//! An account as the rest of dsrd sees it, and the rules for its name.

use super::Role;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The longest name an account may have, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// One person's account. It never holds a password hash, a TOTP secret or
/// a token: what leaves the store as an `Account` can be printed, logged at
/// debug level or sent as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    /// The store's row id.
    pub id: i64,
    /// The name as written when the account was added (trimmed), for
    /// display and the audit log; unique regardless of letter case.
    pub name: String,
    /// What the account may do.
    pub role: Role,
    /// Whether a login needs a TOTP code besides the password.
    pub totp: bool,
    /// A disabled account cannot log in, and its tokens are refused.
    pub disabled: bool,
    /// When it was added.
    pub created_at: DateTime<Utc>,
    /// Its last successful login.
    pub last_login_at: Option<DateTime<Utc>>,
    /// Until when repeated failed logins locked it (it may lie in the
    /// past: the lock is over then).
    pub locked_until: Option<DateTime<Utc>>,
}

impl Account {
    /// Whether the account is locked at `now`.
    pub fn locked_at(&self, now: DateTime<Utc>) -> bool {
        self.locked_until.is_some_and(|until| until > now)
    }
}

/// What names are compared by: trimmed and in lower case, as the
/// configuration's `[[officers]]` names are, so that one person cannot hold
/// two accounts `Jan` and `jan` and count twice under the four-eyes rule.
pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Checks a new account's name and returns it trimmed, or why not: empty,
/// too long, a control character, or a colon (the TOTP app's label and the
/// audit log's `officer:NAME` use one as a separator).
pub fn check_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("an account needs a name".into());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!("a name has at most {MAX_NAME_CHARS} characters"));
    }
    if name.chars().any(|c| c.is_control() || c == ':') {
        return Err("a name may not hold a colon or a control character".into());
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_regardless_of_case_and_surrounding_space() {
        assert_eq!(name_key(" Jan Bakker "), name_key("jan bakker"));
        assert_ne!(name_key("Jan Bakker"), name_key("Jan Bakkers"));
        assert_eq!(name_key("Ä"), name_key("ä"));
    }

    #[test]
    fn a_name_is_trimmed_and_refused_when_empty_long_or_with_a_separator() {
        assert_eq!(
            check_name("  Fatima el Amrani ").unwrap(),
            "Fatima el Amrani"
        );
        assert!(check_name("   ").is_err());
        assert!(check_name("fg:admin").is_err());
        assert!(check_name("fg\nadmin").is_err());
        assert!(check_name(&"x".repeat(MAX_NAME_CHARS + 1)).is_err());
        assert!(check_name(&"é".repeat(MAX_NAME_CHARS)).is_ok());
    }

    #[test]
    fn a_lock_holds_until_its_time_and_not_after() {
        let until: DateTime<Utc> = "2026-03-02T10:15:00Z".parse().unwrap();
        let account = Account {
            id: 1,
            name: "fg".into(),
            role: Role::Officer,
            totp: false,
            disabled: false,
            created_at: until,
            last_login_at: None,
            locked_until: Some(until),
        };
        assert!(account.locked_at(until - chrono::Duration::seconds(1)));
        assert!(!account.locked_at(until));
        assert!(!Account {
            locked_until: None,
            ..account
        }
        .locked_at(until));
    }
}
