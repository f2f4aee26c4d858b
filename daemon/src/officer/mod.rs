//! What a privacy officer does to a case, as library calls the CLI (and later
//! the HTTP API) share: extend its deadline, recompute it, reclassify it,
//! decide on its plan, announce and carry out the lift of a restriction,
//! link a letter in triage to the case it follows up or close it as no
//! request.
//! Each decision is one `Store::update_case` call: a pure decision over the
//! case as it is in the transaction, returning the effects (state, deadline,
//! classification, event, audit entry, letter) the store writes together.
//! Carrying out a lift is a plugin call between two store moves instead,
//! shared with the execution worker (`crate::execute::lift`).

mod answer;
mod classify;
mod extend;
mod figures;
mod identity;
mod identity_view;
mod list;
mod plan;
mod plan_view;
mod post;
mod recompute;
mod restriction;
mod tasks;
mod transfer;
mod triage;

pub use answer::{edit_letter, reply, send, settle_notice, Sent};
pub use classify::reclassify;
pub use extend::{extend, ExtendBy};
pub use figures::{count as count_figures, figures, Figures, MonthFigures, PeriodFigures};
pub use identity::{
    attachments_reviewed, choose_subject, keep_attachment, look_up_again, refuse_representative,
    send_code, verify_in_person, IdentityOutcome,
};
pub use identity_view::{identity_view, AttachmentView, IdentityView, NextView};
pub use list::{correct_at_once, list_cases, CaseQuery, Span};
pub use plan::{
    approve, exported_file, policy, refresh_plan, reject, retry, task_done, waive, Decided,
};
pub(crate) use plan::{start_if_ready, Start};
pub use plan_view::{plan_view, ActionStatusOf, PlanView, Withheld, WithheldColumn};
pub use post::{export_for_post, posted, send_by_post};
pub use recompute::recompute;
pub use restriction::{announce_lift, lift_day, lift_now, LIFT_NOTICE_WORKING_DAYS};
pub use tasks::{tasks, NoticeTask, PostTask, Task};
pub use transfer::transfer;
pub use triage::{close_no_request, link_follow_up};

use crate::case::CaseRef;
use crate::store::{CaseSnapshot, CaseUpdate, Refusal, StoreError, UpdateOutcome};

/// Why an officer's action did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    /// There is no such case.
    #[error("no case {0}")]
    NotFound(CaseRef),
    /// The rules do not allow it; the refusal says which and why.
    #[error("{0}")]
    Refused(Refusal),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The applied change (the case before, what was written), or why not.
pub(crate) fn outcome(
    reference: &CaseRef,
    o: UpdateOutcome,
) -> Result<(CaseSnapshot, CaseUpdate), ActionError> {
    match o {
        UpdateOutcome::Applied { before, after } => Ok((*before, *after)),
        UpdateOutcome::Refused(reason) => Err(ActionError::Refused(reason)),
        UpdateOutcome::NotFound => Err(ActionError::NotFound(reference.clone())),
    }
}
