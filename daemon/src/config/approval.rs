//! Who may approve what dsrd is about to do to a school system: the
//! officers named in the configuration (`[[officers]]`, until the HTTP API
//! brings accounts) and the approval rules (`[approval]`).

use super::Config;
use crate::address::EmailAddress;
use crate::classify::RequestType;
use std::fmt;

/// What an officer may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OfficerRole {
    /// Reads cases and plans, approves and rejects actions.
    Officer,
    /// Reads only: may look at a plan, never approve or reject one.
    Viewer,
}

impl OfficerRole {
    /// Every role, in the order the hint names them.
    pub const ALL: [OfficerRole; 2] = [OfficerRole::Officer, OfficerRole::Viewer];

    /// The name in the configuration file.
    pub fn as_str(self) -> &'static str {
        match self {
            OfficerRole::Officer => "officer",
            OfficerRole::Viewer => "viewer",
        }
    }

    /// Whether this role may approve or reject a plan's actions.
    pub fn may_approve(self) -> bool {
        self == OfficerRole::Officer
    }
}

impl fmt::Display for OfficerRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One `[[officers]]` entry: a person a command may act as (`--as NAME`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficerConfig {
    /// The name `--as` gives and the audit log records; unique (regardless
    /// of letter case, so that one person cannot count twice as `Jan` and
    /// `jan` under the four-eyes rule).
    pub name: String,
    /// Where mail for this officer goes.
    pub address: EmailAddress,
    /// What the officer may do.
    pub role: OfficerRole,
}

/// `[approval]`: what needs whose approval before it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalConfig {
    /// How many different officers must approve an erasure: 1, or 2 for
    /// four eyes (`approval.erasure_approvers`).
    pub erasure_approvers: u32,
    /// Request types whose actions run without an approval
    /// (`approval.auto`). Only [`RequestType::Rectification`] is accepted:
    /// reglement 8.3.1 asks factual corrections to be made at once, and
    /// nothing else may change a school system unapproved.
    pub auto: Vec<RequestType>,
}

impl Default for ApprovalConfig {
    fn default() -> Self {
        ApprovalConfig {
            erasure_approvers: 1,
            auto: Vec::new(),
        }
    }
}

impl ApprovalConfig {
    /// Whether actions for `request_type` run without an officer's approval.
    pub fn runs_without_approval(&self, request_type: RequestType) -> bool {
        self.auto.contains(&request_type)
    }
}

/// Why a name may not act (`--as NAME`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfficerError {
    /// No `[[officers]]` entry has this name.
    #[error("{name:?} is not an officer in the configuration; {}", known_names(.known))]
    Unknown {
        /// The name given.
        name: String,
        /// The names that are configured, for the message.
        known: Vec<String>,
    },
    /// The officer is configured, but with a role that may not approve.
    #[error("{name:?} is a {role} and may not approve or reject actions; only an officer with role = \"officer\" may")]
    MayNotApprove {
        /// The officer's name.
        name: String,
        /// Their role.
        role: OfficerRole,
    },
}

fn known_names(known: &[String]) -> String {
    if known.is_empty() {
        "none is configured: add an [[officers]] entry with name, address and role".to_owned()
    } else {
        format!("act as one of: {}", known.join(", "))
    }
}

impl Config {
    /// The configured officer called `name`, whatever their role. Letter
    /// case does not matter (names are unique regardless of it); the entry
    /// returned carries the name as the file writes it, for the audit log.
    pub fn officer(&self, name: &str) -> Result<&OfficerConfig, OfficerError> {
        self.officers
            .iter()
            .find(|o| same_name(&o.name, name))
            .ok_or_else(|| OfficerError::Unknown {
                name: name.to_owned(),
                known: self.officers.iter().map(|o| o.name.clone()).collect(),
            })
    }

    /// The officer called `name`, if they may approve or reject a plan's
    /// actions: refused for a name not configured and for a viewer.
    pub fn approver(&self, name: &str) -> Result<&OfficerConfig, OfficerError> {
        let officer = self.officer(name)?;
        if officer.role.may_approve() {
            Ok(officer)
        } else {
            Err(OfficerError::MayNotApprove {
                name: officer.name.clone(),
                role: officer.role,
            })
        }
    }

    /// The approval rules in words, for `dsrd check`: "2 officers; erasure
    /// needs 2 approvers; auto: rectification".
    pub fn approval_summary(&self) -> String {
        let approvers = self
            .officers
            .iter()
            .filter(|o| o.role.may_approve())
            .count();
        let viewers = self.officers.len() - approvers;
        let mut who = plural(approvers, "officer");
        if viewers > 0 {
            who = format!("{who}, {}", plural(viewers, "viewer"));
        }
        let auto = if self.approval.auto.is_empty() {
            "none".to_owned()
        } else {
            let names: Vec<_> = self.approval.auto.iter().map(|t| t.as_str()).collect();
            names.join(", ")
        };
        format!(
            "{who}; erasure needs {}; auto: {auto}",
            plural(self.approval.erasure_approvers as usize, "approver")
        )
    }
}

/// Whether two officer names are one, regardless of letter case and of
/// white space around them.
pub(super) fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
