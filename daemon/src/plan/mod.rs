//! The plan: what dsrd proposes to do in every school system for a case
//! whose identity is verified, and the rules for approving it (issue 12,
//! items 1–3 and 6; answers.md §3). Pure: no store, no plugins, no I/O.
//! The planning stage makes the dry runs and hands them in as data; the
//! store keeps the plan and the decisions as JSON; the executor runs what
//! [`decide`] says may run.
//!
//! # Why it is shaped so
//! - **One fingerprint per plan.** An approval names the fingerprint of the
//!   plan the officer saw ([`Fingerprint`]): a hash of everything the plan
//!   proposes, not of when it was made. The same dry runs give the same
//!   fingerprint; one more record gives another, and old approvals then
//!   count for nothing.
//! - **Exact records.** Every change action carries the scope of its dry
//!   run, which execution hands back to the plugin; the plugin refuses if
//!   the records changed ([`drift`]).
//! - **Nothing silent.** Every plugin answers for every request type with
//!   an action, an [`Untouched`] entry ("nothing found in sql", "not
//!   supported") or a [`PlanFailure`]. A failure makes the plan
//!   incomplete, and an incomplete plan cannot be approved.
//! - **Officers decide, policy only where the reglement says.** Erasure can
//!   take four eyes; only concrete, unambiguous rectifications may run by
//!   policy (reglement 8.3.1); a rejection carries its reason to the letter.
//!   Identity is checked where approvals are taken ([`check_approval`]) and
//!   again where they are counted ([`decide`]).
//!
//! # Layout
//! - `action`: [`PlannedAction`] and its parts ([`System`], [`ActionKind`],
//!   [`Summary`], [`Retained`]).
//! - `id`: [`ActionId`], what the officer types (`A1`).
//! - `types`: [`Plan`], [`PlanFailure`], [`Untouched`], [`PersonKeys`].
//! - `input`: [`PlanInput`], the dry runs and manual systems it is made of.
//! - `build`: [`build_plan`], the mapping of request types to actions.
//! - `read`: a dry run in the plan's terms, or why a plan cannot rest on it.
//! - `fingerprint`: [`Fingerprint`] and its canonical form.
//! - `policy`: [`ApprovalPolicy`]: four eyes, what may run by itself, what
//!   is a draft.
//! - `approval`: [`Approval`], [`Rejection`], [`decide`], [`plan_ready`].
//! - `check`: [`check_approval`], [`check_rejection`], [`Refusal`].
//! - `drift`: [`drift`] and [`Drift`].

mod action;
mod approval;
mod build;
mod check;
mod drift;
mod fingerprint;
mod id;
mod input;
mod policy;
mod read;
mod types;

pub use action::{ActionKind, PersonTask, PlannedAction, Retained, Summary, System, TableSummary};
pub use approval::{decide, plan_ready, ActionStatus, Approval, Rejection};
pub use build::build_plan;
pub use check::{check_approval, check_rejection, Refusal};
pub use drift::{drift, Drift};
pub use fingerprint::{BadFingerprint, Fingerprint};
pub use id::{ActionId, BadActionId};
pub use input::{DryRun, DryRunKind, DryRunOutcome, ManualSystem, PlanInput};
pub use policy::{ApprovalPolicy, BadPolicy};
pub use types::{PersonKeys, Plan, PlanFailure, Untouched, UntouchedWhy};

#[cfg(test)]
mod tests;
