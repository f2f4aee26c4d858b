//! Who approved what, and what that makes of each action: the approval
//! rules as a pure function of the plan and the recorded decisions.
//!
//! An approval is of one plan fingerprint; one of another plan counts for
//! nothing, so a plan re-made after approval needs approving again. An
//! erasure needs `erasure_approvers` different officers (four eyes); the
//! same officer twice counts once. A rejection (with its reason, for the
//! letter) wins over any approval: when two officers disagree, the
//! careful one prevails. Nothing counts while identity is unverified, the
//! plan is incomplete, or the stored plan no longer matches its
//! fingerprint — checked here again, not only when an approval is taken,
//! because this is what the executor trusts.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::fingerprint::Fingerprint;
use super::id::ActionId;
use super::policy::{draft_reason, ApprovalPolicy};
use super::types::Plan;

/// An officer's approval of one action of one plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Approval {
    /// The action.
    pub action: ActionId,
    /// The officer, as configured (`--as NAME`).
    pub officer: String,
    /// The plan they saw.
    pub fingerprint: Fingerprint,
    /// When.
    pub at: DateTime<Utc>,
}

/// An officer's rejection of one action of one plan. It names the
/// fingerprint too (beyond the brief): ids are positions, so `A2` of a
/// re-made plan may be another action, and a rejection must not carry
/// over to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Rejection {
    /// The action.
    pub action: ActionId,
    /// The officer.
    pub officer: String,
    /// Why, for the answer letter (art. 12(4)).
    pub reason: String,
    /// The plan they saw.
    pub fingerprint: Fingerprint,
    /// When.
    pub at: DateTime<Utc>,
}

/// Where an action stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum ActionStatus {
    /// Enough officers approved this plan's action.
    Approved,
    /// Waiting for approvals: `have` distinct officers of `need`.
    NeedsApproval {
        /// Distinct officers that approved this fingerprint.
        have: u32,
        /// How many it takes.
        need: u32,
    },
    /// An officer rejected it; it will not run.
    Rejected {
        /// The officer's reason.
        reason: String,
    },
    /// Approved by policy (`approval.auto`).
    Auto,
    /// Not approvable as it stands.
    Draft {
        /// What is missing.
        why: String,
    },
}

impl ActionStatus {
    /// Whether the action may be carried out.
    pub fn runs(&self) -> bool {
        matches!(self, ActionStatus::Approved | ActionStatus::Auto)
    }

    /// Whether nothing more is waited for: it runs, or it was rejected.
    pub fn settled(&self) -> bool {
        self.runs() || matches!(self, ActionStatus::Rejected { .. })
    }
}

/// Each action's status, in plan order.
///
/// `identity_verified` is asked here as well as in
/// [`check_approval`](super::check_approval) (beyond the brief's
/// signature): no approval, recorded or by policy, may count while
/// identity is unverified, whatever path recorded it.
pub fn decide(
    plan: &Plan,
    approvals: &[Approval],
    rejections: &[Rejection],
    policy: &ApprovalPolicy,
    identity_verified: bool,
) -> Vec<(ActionId, ActionStatus)> {
    let approvals_count = identity_verified && !plan.is_incomplete() && plan.fingerprint_holds();
    plan.actions
        .iter()
        .map(|action| {
            let status = if let Some(rejection) = rejections
                .iter()
                .find(|r| r.action == action.id && r.fingerprint == plan.fingerprint)
            {
                ActionStatus::Rejected {
                    reason: rejection.reason.clone(),
                }
            } else if let Some(why) = draft_reason(action) {
                ActionStatus::Draft { why }
            } else if approvals_count && policy.runs_by_itself(action) {
                ActionStatus::Auto
            } else {
                let have = if approvals_count {
                    approvers(plan, &action.id, approvals)
                } else {
                    0
                };
                let need = policy.approvers_needed(action);
                if have >= need {
                    ActionStatus::Approved
                } else {
                    ActionStatus::NeedsApproval { have, need }
                }
            };
            (action.id.clone(), status)
        })
        .collect()
}

/// Whether the plan can go to execution: complete, still matching its
/// fingerprint, and every action approved (by officers or policy) or
/// rejected. Takes the plan beside the statuses (beyond the brief's
/// signature) so that an incomplete plan whose few actions were all
/// rejected is still not ready.
pub fn plan_ready(plan: &Plan, statuses: &[(ActionId, ActionStatus)]) -> bool {
    !plan.is_incomplete()
        && plan.fingerprint_holds()
        && plan.actions.iter().all(|action| {
            statuses
                .iter()
                .any(|(id, status)| id == &action.id && status.settled())
        })
}

/// Distinct officers who approved `action` of this plan's fingerprint.
/// Names compare without regard to case, so "Anna" and "anna" are one.
fn approvers(plan: &Plan, action: &ActionId, approvals: &[Approval]) -> u32 {
    let officers: BTreeSet<String> = approvals
        .iter()
        .filter(|a| &a.action == action && a.fingerprint == plan.fingerprint)
        .map(|a| a.officer.trim().to_lowercase())
        .collect();
    officers.len() as u32
}
