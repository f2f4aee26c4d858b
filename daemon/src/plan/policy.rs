//! The organisation's approval rules, and what makes an action
//! approvable at all or runnable without an officer.

use std::collections::BTreeSet;

use dsrd_plugin_api::Change;

use super::action::{ActionKind, PlannedAction};
use crate::classify::RequestType;

/// The organisation's approval rules (`[approval]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalPolicy {
    erasure_approvers: u32,
    auto: BTreeSet<RequestType>,
}

/// A policy that cannot be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadPolicy {
    /// Zero approvers would let an erasure run unapproved.
    #[error("approval.erasure_approvers must be at least 1 (2 for four eyes)")]
    NoApprovers,
    /// Only rectifications of fact may run without an officer (reglement
    /// 8.3.1, "meteen").
    #[error(
        "approval.auto may list only \"rectification\"; {0} always needs an officer's approval"
    )]
    NotAutomatic(RequestType),
}

impl Default for ApprovalPolicy {
    /// One approver for everything, nothing automatic.
    fn default() -> Self {
        ApprovalPolicy {
            erasure_approvers: 1,
            auto: BTreeSet::new(),
        }
    }
}

impl ApprovalPolicy {
    /// A policy with `erasure_approvers` distinct officers per erasure and
    /// the request types in `auto` running without approval.
    pub fn new(erasure_approvers: u32, auto: &[RequestType]) -> Result<Self, BadPolicy> {
        if erasure_approvers == 0 {
            return Err(BadPolicy::NoApprovers);
        }
        if let Some(other) = auto.iter().find(|t| **t != RequestType::Rectification) {
            return Err(BadPolicy::NotAutomatic(*other));
        }
        Ok(ApprovalPolicy {
            erasure_approvers,
            auto: auto.iter().copied().collect(),
        })
    }

    /// How many distinct officers an erasure needs.
    pub fn erasure_approvers(&self) -> u32 {
        self.erasure_approvers
    }

    /// How many distinct officers `action` needs.
    pub fn approvers_needed(&self, action: &PlannedAction) -> u32 {
        if action.erases() {
            self.erasure_approvers
        } else {
            1
        }
    }

    /// Whether `action` runs without approval under this policy: a
    /// rectification the organisation lets run (`auto`), with concrete
    /// changes and a scope that leaves no doubt which record each changes.
    pub fn runs_by_itself(&self, action: &PlannedAction) -> bool {
        self.auto.contains(&action.request_type) && unambiguous_rectification(action)
    }
}

/// Why an action cannot be approved as it stands, if so.
pub(super) fn draft_reason(action: &PlannedAction) -> Option<String> {
    let ActionKind::Rectify { changes } = &action.kind else {
        return None;
    };
    if changes.is_empty() {
        Some(format!(
            "no correction entered for {}: enter it (the letter's evidence is beside it) \
             and refresh the plan, or reject this action with a reason",
            action.system
        ))
    } else if !concrete(changes) {
        Some("a correction names no table or field".into())
    } else {
        None
    }
}

/// At least one change, each naming a table and a field.
fn concrete(changes: &[Change]) -> bool {
    !changes.is_empty()
        && changes
            .iter()
            .all(|c| !c.table.trim().is_empty() && !c.field.trim().is_empty())
}

/// A rectification whose every change hits exactly one record of the
/// scope (its key, or the one record of its table) and whose scope holds
/// nothing no change names: what "an unambiguous match and a concrete
/// change" (issue 12, item 6) means for a plan.
fn unambiguous_rectification(action: &PlannedAction) -> bool {
    let ActionKind::Rectify { changes } = &action.kind else {
        return false;
    };
    let scope = &action.scope;
    let hits_one = |change: &Change| match &change.key {
        Some(key) => scope.contains(&change.table, key),
        None => scope
            .tables
            .get(&change.table)
            .is_some_and(|k| k.len() == 1),
    };
    concrete(changes)
        && !scope.is_empty()
        && changes.iter().all(hits_one)
        && scope
            .tables
            .keys()
            .all(|table| changes.iter().any(|c| &c.table == table))
}
