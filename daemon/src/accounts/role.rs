//! What an account may do. Three roles, each including the one before:
//! a viewer reads, an officer also acts on cases, an admin also manages
//! accounts.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An account's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads cases, plans and the audit log; changes nothing.
    Viewer,
    /// Acts on cases too: approves, rejects, sends answers.
    Officer,
    /// Manages accounts too (and acts as an officer does).
    Admin,
}

impl Role {
    /// Every role, from the least allowed to the most.
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Officer, Role::Admin];

    /// The name on the command line, in the store and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Officer => "officer",
            Role::Admin => "admin",
        }
    }

    /// Whether this role may act on a case (an officer or an admin).
    pub fn may_act(self) -> bool {
        matches!(self, Role::Officer | Role::Admin)
    }

    /// Whether this role may add, disable and change accounts (an admin).
    pub fn may_manage(self) -> bool {
        self == Role::Admin
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is none of the three.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown role {0:?}: use viewer (reads), officer (acts on cases) or admin (manages accounts)"
)]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Role, UnknownRole> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_reads_back_from_its_name_and_nothing_else_is_a_role() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
            assert_eq!(role.to_string(), role.as_str());
            assert_eq!(
                serde_json::to_string(&role).unwrap(),
                format!("\"{}\"", role.as_str())
            );
        }
        assert!("Officer".parse::<Role>().is_err());
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn only_officers_and_admins_act_and_only_admins_manage() {
        assert!(!Role::Viewer.may_act());
        assert!(Role::Officer.may_act());
        assert!(Role::Admin.may_act());
        assert!(!Role::Viewer.may_manage());
        assert!(!Role::Officer.may_manage());
        assert!(Role::Admin.may_manage());
    }
}
