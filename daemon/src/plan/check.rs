//! Whether an officer may record an approval or a rejection now. The
//! library's guard, so that the CLI, the HTTP API and the console share
//! one answer and no path approves what it should not.

use super::approval::{Approval, Rejection};
use super::fingerprint::Fingerprint;
use super::id::ActionId;
use super::policy::draft_reason;
use super::types::Plan;

/// Why an approval or rejection is refused. Each message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Identity is not verified: nothing may be approved (a known bypass
    /// elsewhere let an unverified duplicate request be approved).
    #[error("the requester's identity is not verified; nothing can be approved until it is (see `dsrd cases identity REF`)")]
    IdentityNotVerified,
    /// The stored plan does not match its own fingerprint.
    #[error("the stored plan does not match its fingerprint; make it again with `dsrd cases plan REF --refresh`")]
    Tampered,
    /// The officer saw another plan than the current one.
    #[error("the plan changed since it was shown (shown {}, now {}); look at `dsrd cases plan REF` again", given.short(), current.short())]
    StaleFingerprint {
        /// The fingerprint the officer named.
        given: Fingerprint,
        /// The plan's.
        current: Fingerprint,
    },
    /// A dry run failed: approving would let a system go unasked.
    #[error("the plan is incomplete ({failures} dry run(s) failed); refresh it with `dsrd cases plan REF --refresh` and approve the new plan")]
    Incomplete {
        /// How many dry runs failed.
        failures: usize,
    },
    /// No such action in the plan.
    #[error("the plan has no action {0}; see `dsrd cases plan REF`")]
    UnknownAction(ActionId),
    /// The action is a draft.
    #[error("{action} is a draft: {why}")]
    Draft {
        /// The action.
        action: ActionId,
        /// What is missing.
        why: String,
    },
    /// The officer approved this action of this plan before; an approval
    /// counts once per officer, so four eyes need another officer.
    #[error("{officer} already approved {action}; another officer must approve it if more approvals are needed")]
    AlreadyApproved {
        /// The action.
        action: ActionId,
        /// The officer.
        officer: String,
    },
    /// The action was rejected.
    #[error("{0} was rejected; a new plan is needed to approve it")]
    Rejected(ActionId),
    /// A rejection without a reason.
    #[error("a rejection needs a reason, which the answer letter carries (--reason …)")]
    NoReason,
    /// The action was rejected before.
    #[error("{0} is already rejected")]
    AlreadyRejected(ActionId),
}

/// Whether `approval` may be recorded, given what is recorded already.
pub fn check_approval(
    plan: &Plan,
    approval: &Approval,
    approvals: &[Approval],
    rejections: &[Rejection],
    identity_verified: bool,
) -> Result<(), Refusal> {
    if !identity_verified {
        return Err(Refusal::IdentityNotVerified);
    }
    same_plan(plan, &approval.fingerprint)?;
    if plan.is_incomplete() {
        return Err(Refusal::Incomplete {
            failures: plan.failures.len(),
        });
    }
    let id = &approval.action;
    let action = plan
        .action(id)
        .ok_or_else(|| Refusal::UnknownAction(id.clone()))?;
    if rejected(plan, id, rejections) {
        return Err(Refusal::Rejected(id.clone()));
    }
    if let Some(why) = draft_reason(action) {
        return Err(Refusal::Draft {
            action: id.clone(),
            why,
        });
    }
    let officer = approval.officer.trim().to_lowercase();
    if approvals.iter().any(|a| {
        &a.action == id
            && a.fingerprint == plan.fingerprint
            && a.officer.trim().to_lowercase() == officer
    }) {
        return Err(Refusal::AlreadyApproved {
            action: id.clone(),
            officer: approval.officer.clone(),
        });
    }
    Ok(())
}

/// Whether `rejection` may be recorded. A draft may be rejected (that is
/// how an officer says a system needs no correction), and so may an action
/// of an incomplete plan; only a reason and the current plan are required.
pub fn check_rejection(
    plan: &Plan,
    rejection: &Rejection,
    rejections: &[Rejection],
) -> Result<(), Refusal> {
    same_plan(plan, &rejection.fingerprint)?;
    let id = &rejection.action;
    if plan.action(id).is_none() {
        return Err(Refusal::UnknownAction(id.clone()));
    }
    if rejection.reason.trim().is_empty() {
        return Err(Refusal::NoReason);
    }
    if rejected(plan, id, rejections) {
        return Err(Refusal::AlreadyRejected(id.clone()));
    }
    Ok(())
}

/// The plan is genuine and the one the officer saw.
fn same_plan(plan: &Plan, given: &Fingerprint) -> Result<(), Refusal> {
    if !plan.fingerprint_holds() {
        return Err(Refusal::Tampered);
    }
    if given != &plan.fingerprint {
        return Err(Refusal::StaleFingerprint {
            given: given.clone(),
            current: plan.fingerprint.clone(),
        });
    }
    Ok(())
}

fn rejected(plan: &Plan, id: &ActionId, rejections: &[Rejection]) -> bool {
    rejections
        .iter()
        .any(|r| &r.action == id && r.fingerprint == plan.fingerprint)
}
