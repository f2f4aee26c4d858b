//! What an officer does with a plan (issue 12, points 3, 4 and 7): make it
//! again, approve or reject its actions, retry or waive a failed action,
//! report a task done. Each is one `update_case` transaction; the checks
//! are the pure ones of [`crate::plan`], made again inside the transaction
//! on the case as it is, and the store refuses on its own any decision on
//! another plan than the current one or on a case whose identity is not
//! verified — so no path approves around them.
//!
//! When every action of the plan is settled (approved, approved by policy,
//! or rejected), the same transaction starts execution: a pending row per
//! runnable action, the move to `executing`, and the mail of each manual
//! system's task to its owner.

use super::{outcome, ActionError};
use crate::case::{Actor, CaseRef, CaseState};
use crate::config::Config;
use crate::dispatch::PluginService;
use crate::identity::Method;
use crate::plan::{
    check_approval, check_rejection, decide, plan_ready, ActionId, ActionKind, ActionStatus,
    Approval, ApprovalPolicy, Plan, Rejection, System,
};
use crate::planner::{make_plan, PlanRequest};
use crate::store::{CasePlan, CaseSnapshot, CaseUpdate, Effect, Store};
use chrono::{DateTime, Utc};
use dsrd_plugin_api::Change;
use std::collections::BTreeMap;

/// The officer named `name`, if configured with the right to approve.
pub(super) fn approver(config: &Config, name: &str) -> Result<Actor, ActionError> {
    config
        .approver(name)
        .map(|o| Actor::Officer(o.name.clone()))
        .map_err(|e| {
            ActionError::Refused(crate::store::Refusal::new(
                crate::store::RefusalKind::NotAnApprover,
                e.to_string(),
            ))
        })
}

/// The approval policy of the configuration.
pub fn policy(config: &Config) -> ApprovalPolicy {
    ApprovalPolicy::new(config.approval.erasure_approvers, &config.approval.auto)
        .unwrap_or_default()
}

/// Makes the plan again (new dry runs, and the officer's corrections for a
/// rectification): decisions on the old plan no longer count.
pub async fn refresh_plan(
    store: &dyn Store,
    config: &Config,
    plugins: &PluginService,
    reference: &CaseRef,
    changes: BTreeMap<String, Vec<Change>>,
    by: &str,
    now: DateTime<Utc>,
) -> Result<Plan, ActionError> {
    let actor = approver(config, by)?;
    let case = store
        .get_case(reference)
        .await?
        .ok_or_else(|| ActionError::NotFound(reference.clone()))?;
    if case.state != CaseState::AwaitingApproval {
        return Err(ActionError::Refused(
            format!(
                "case {reference} is {}: a plan is made for a case awaiting approval",
                case.state
            )
            .into(),
        ));
    }
    let request = PlanRequest {
        case: reference.clone(),
        request_types: case.request_types.clone(),
        identity: case.identity.clone(),
        changes,
    };
    let plan = make_plan(config, plugins, request, now)
        .await
        .map_err(|e| ActionError::Refused(e.into()))?;
    let start = Start::new(config);
    let kept = plan.clone();
    let change = Box::new(
        move |case: &CaseSnapshot| -> Result<crate::store::CaseUpdate, crate::store::Refusal> {
            if case.state != CaseState::AwaitingApproval {
                return Err(format!("case {} is {}", case.reference, case.state).into());
            }
            let mut effects = vec![Effect::SetPlan(Box::new(kept.clone()))];
            let fresh = CasePlan {
                plan: kept.clone(),
                approvals: Vec::new(),
                rejections: Vec::new(),
            };
            effects.extend(start_if_ready(case, &fresh, &start, now)?);
            Ok(CaseUpdate {
                actor: actor.clone(),
                effects,
            })
        },
    );
    outcome(reference, store.update_case(reference, now, change).await?)?;
    Ok(plan)
}

/// What an approval or rejection led to.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Decided {
    /// Every action's status afterwards, listed as in [`super::PlanView`].
    #[serde(serialize_with = "super::plan_view::serialize_statuses")]
    #[schema(value_type = Vec<super::ActionStatusOf>)]
    pub statuses: Vec<(ActionId, ActionStatus)>,
    /// Whether execution started.
    pub executing: bool,
}

/// Finds the current plan whose fingerprint starts with `shown` (what the
/// officer saw in `dsrd cases plan`).
fn current<'a>(case: &'a CaseSnapshot, shown: &str) -> Result<&'a CasePlan, crate::store::Refusal> {
    let Some(current) = &case.plan else {
        return Err(crate::store::Refusal::new(
            crate::store::RefusalKind::NoPlan,
            format!("case {} has no plan yet", case.reference),
        ));
    };
    let shown = shown.trim();
    if shown.len() < 8 || !current.plan.fingerprint.as_str().starts_with(shown) {
        return Err(crate::store::Refusal::new(crate::store::RefusalKind::StalePlan, format!(
            "the plan you saw ({shown}) is not the current plan ({}): look at `dsrd cases plan {}` again",
            current.plan.fingerprint.short(),
            case.reference
        )));
    }
    Ok(current)
}

/// Approves `actions` (all that still need this officer when empty) of
/// the plan whose fingerprint begins with `shown`.
pub async fn approve(
    store: &dyn Store,
    config: &Config,
    reference: &CaseRef,
    shown: &str,
    actions: &[ActionId],
    by: &str,
    now: DateTime<Utc>,
) -> Result<Decided, ActionError> {
    let actor = approver(config, by)?;
    let start = Start::new(config);
    let policy = start.policy.clone();
    let (officer, shown, actions) = (by.trim().to_owned(), shown.to_owned(), actions.to_vec());
    let change = Box::new(
        move |case: &CaseSnapshot| -> Result<crate::store::CaseUpdate, crate::store::Refusal> {
            // Identity first, before anything the caller sent is looked
            // at: an unverified case's approval is refused as such,
            // whatever plan it names (another case's fingerprint too).
            if case.identity.verification.is_none() {
                return Err(crate::plan::Refusal::IdentityNotVerified.into());
            }
            let current = current(case, &shown)?;
            let plan = &current.plan;
            let verification = case.identity.verification.as_ref();
            let verified = verification.is_some() && case.state == CaseState::AwaitingApproval;
            let wanted: Vec<ActionId> = if actions.is_empty() {
                decide(
                    plan,
                    &current.approvals,
                    &current.rejections,
                    &policy,
                    verified,
                )
                .into_iter()
                .filter(|(id, status)| {
                    matches!(status, ActionStatus::NeedsApproval { .. })
                        && !current
                            .approvals
                            .iter()
                            .any(|a| &a.action == id && a.officer == officer)
                })
                .map(|(id, _)| id)
                .collect()
            } else {
                actions.clone()
            };
            if wanted.is_empty() {
                return Err("nothing left for you to approve in this plan".into());
            }
            let mut approvals = current.approvals.clone();
            let mut effects = Vec::new();
            for id in &wanted {
                let approval = Approval {
                    action: id.clone(),
                    officer: officer.clone(),
                    fingerprint: plan.fingerprint.clone(),
                    at: now,
                };
                check_approval(plan, &approval, &approvals, &current.rejections, verified)
                    .map_err(crate::store::Refusal::from)?;
                if let (Some(action), Some(v)) = (plan.action(id), verification) {
                    if action.special_category && !v.method().enough_for_special_category() {
                        return Err(format!(
                        "{id} touches special-category data (care or health records): identity must be checked by a code or in person first, not only matched on file ({})",
                        Method::MatchedOnFile.as_str()
                    ).into());
                    }
                }
                approvals.push(approval.clone());
                effects.push(Effect::Approve(approval));
            }
            let after = CasePlan {
                plan: plan.clone(),
                approvals,
                rejections: current.rejections.clone(),
            };
            effects.extend(start_if_ready(case, &after, &start, now)?);
            Ok(CaseUpdate {
                actor: actor.clone(),
                effects,
            })
        },
    );
    let (before, after) = outcome(reference, store.update_case(reference, now, change).await?)?;
    decided(store, config, reference, &before, &after).await
}

/// Rejects one action with the reason the answer letter will carry.
#[allow(clippy::too_many_arguments)]
pub async fn reject(
    store: &dyn Store,
    config: &Config,
    reference: &CaseRef,
    shown: &str,
    action: ActionId,
    reason: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<Decided, ActionError> {
    let actor = approver(config, by)?;
    if reason.trim().len() < 10 {
        return Err(ActionError::Refused(
            "give the reason the requester will read: --reason \"…\"".into(),
        ));
    }
    let start = Start::new(config);
    let (officer, shown, reason) = (
        by.trim().to_owned(),
        shown.to_owned(),
        reason.trim().to_owned(),
    );
    let change = Box::new(
        move |case: &CaseSnapshot| -> Result<crate::store::CaseUpdate, crate::store::Refusal> {
            if case.identity.verification.is_none() {
                return Err(crate::store::Refusal::new(
                    crate::store::RefusalKind::IdentityNotVerified,
                    "the requester's identity is not verified; nothing can be rejected until it is",
                ));
            }
            let current = current(case, &shown)?;
            let rejection = Rejection {
                action: action.clone(),
                officer: officer.clone(),
                reason: reason.clone(),
                fingerprint: current.plan.fingerprint.clone(),
                at: now,
            };
            check_rejection(&current.plan, &rejection, &current.rejections)
                .map_err(crate::store::Refusal::from)?;
            let mut rejections = current.rejections.clone();
            rejections.push(rejection.clone());
            let after = CasePlan {
                plan: current.plan.clone(),
                approvals: current.approvals.clone(),
                rejections,
            };
            let mut effects = vec![Effect::Reject(rejection)];
            effects.extend(start_if_ready(case, &after, &start, now)?);
            Ok(CaseUpdate {
                actor: actor.clone(),
                effects,
            })
        },
    );
    let (before, after) = outcome(reference, store.update_case(reference, now, change).await?)?;
    decided(store, config, reference, &before, &after).await
}

async fn decided(
    store: &dyn Store,
    config: &Config,
    reference: &CaseRef,
    _before: &CaseSnapshot,
    after: &CaseUpdate,
) -> Result<Decided, ActionError> {
    let executing = after.state() == Some(CaseState::Executing);
    let (plan, _) = store.case_plan(reference).await?;
    let statuses = match plan {
        Some(p) => decide(&p.plan, &p.approvals, &p.rejections, &policy(config), true),
        None => Vec::new(),
    };
    Ok(Decided {
        statuses,
        executing,
    })
}

/// What starting execution needs of the configuration: the approval
/// policy, and for the task mails the organisation, its letters and the
/// manual systems.
#[derive(Clone)]
pub(crate) struct Start {
    pub policy: ApprovalPolicy,
    pub organisation: crate::config::Organisation,
    pub letters: crate::answer::Letters,
    pub systems: Vec<crate::config::ManualSystem>,
}

impl Start {
    pub fn new(config: &Config) -> Self {
        Start {
            policy: policy(config),
            organisation: config.organisation.clone(),
            letters: config.letters.clone(),
            systems: config.systems.clone(),
        }
    }
}

/// The effects that start execution when `plan` (with its decisions) is
/// ready: every action that runs gets its row, the case moves to
/// `executing`, and each manual system's task is mailed to its owner —
/// the case reference, the system, the right and the instructions, no
/// personal data. Nothing when it is not ready, or identity is unverified.
pub(crate) fn start_if_ready(
    case: &CaseSnapshot,
    plan: &CasePlan,
    start: &Start,
    now: DateTime<Utc>,
) -> Result<Vec<Effect>, String> {
    let verified = case.identity.verification.is_some();
    let statuses = decide(
        &plan.plan,
        &plan.approvals,
        &plan.rejections,
        &start.policy,
        verified,
    );
    if !verified || case.state != CaseState::AwaitingApproval || !plan_ready(&plan.plan, &statuses)
    {
        return Ok(Vec::new());
    }
    let runs: Vec<ActionId> = statuses
        .iter()
        .filter(|(_, s)| s.runs())
        .map(|(id, _)| id.clone())
        .collect();
    let mut effects = vec![Effect::Execute(runs.clone())];
    for id in &runs {
        let Some(action) = plan.plan.action(id) else {
            continue;
        };
        let (System::Manual(name), ActionKind::ManualTask { instructions }) =
            (&action.system, &action.kind)
        else {
            continue;
        };
        let Some(system) = start.systems.iter().find(|s| &s.name == name) else {
            return Err(format!(
                "the manual system {name} is no longer configured; make the plan again"
            ));
        };
        let task_id = format!("{}:{}", case.reference, id);
        let letter = start
            .letters
            .task(
                &crate::answer::TaskFacts {
                    reference: case.reference.as_str(),
                    organisation: &start.organisation.name,
                    system: &system.name,
                    owner_name: Some(system.owner.as_str()),
                    request_type: action.request_type,
                    instructions,
                    due: case.deadline.computed.due,
                    task_id: &task_id,
                },
                start.organisation.default_language,
            )
            .map_err(|e| e.to_string())?;
        let to = crate::outbox::Addressee {
            address: &system.address,
            name: Some(system.owner.as_str()),
            in_reply_to: None,
        };
        let mail = crate::outbox::case_mail(
            &start.organisation,
            &case.reference,
            &to,
            crate::outbox::MailKind::Task,
            &letter,
            now,
        )
        .map_err(|e| e.to_string())?;
        effects.push(Effect::QueueMail(mail));
    }
    Ok(effects)
}

/// Sends a failed action back to be tried again.
pub async fn retry(
    store: &dyn Store,
    config: &Config,
    reference: &CaseRef,
    action: ActionId,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), ActionError> {
    let actor = approver(config, by)?;
    let change = Box::new(
        move |_: &CaseSnapshot| -> Result<crate::store::CaseUpdate, crate::store::Refusal> {
            Ok(CaseUpdate {
                actor: actor.clone(),
                effects: vec![Effect::RetryAction(action.clone())],
            })
        },
    );
    outcome(reference, store.update_case(reference, now, change).await?)?;
    Ok(())
}

/// Gives up a pending or failed action, with the reason.
pub async fn waive(
    store: &dyn Store,
    config: &Config,
    reference: &CaseRef,
    action: ActionId,
    reason: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), ActionError> {
    let actor = approver(config, by)?;
    if reason.trim().len() < 10 {
        return Err(ActionError::Refused(
            "say why it is given up: --reason \"…\"".into(),
        ));
    }
    let reason = reason.trim().to_owned();
    let change = Box::new(
        move |case: &CaseSnapshot| -> Result<crate::store::CaseUpdate, crate::store::Refusal> {
            let row = case
                .actions
                .iter()
                .rev()
                .find(|r| r.action == action)
                .ok_or_else(|| {
                    format!(
                        "case {} has no action {action} being carried out",
                        case.reference
                    )
                })?;
            if matches!(row.spec.kind, ActionKind::Erase { .. })
                && row.state == crate::store::ActionState::Pending
            {
                // An erasure waiting its turn is given up only after it failed:
                // approved is approved.
                return Err(format!(
                    "{action} is an approved erasure that has not failed; it is not waived"
                )
                .into());
            }
            Ok(CaseUpdate {
                actor: actor.clone(),
                effects: vec![Effect::WaiveAction {
                    action: action.clone(),
                    reason: reason.clone(),
                }],
            })
        },
    );
    outcome(reference, store.update_case(reference, now, change).await?)?;
    Ok(())
}

/// The result of an access task that exported a file from a system by
/// hand: the file itself (base64), its name, size and SHA-256, kept with
/// the case for the answer's package. The CLI's `--file` and the API's
/// upload make the same value.
pub fn exported_file(name: Option<String>, bytes: &[u8]) -> serde_json::Value {
    use base64::Engine;
    use sha2::Digest;
    serde_json::json!({
        "file": {
            "name": name,
            "size": bytes.len(),
            "sha256": hex::encode(sha2::Sha256::digest(bytes)),
            "content_base64": base64::engine::general_purpose::STANDARD.encode(bytes),
        }
    })
}

/// Reports a task done (a manual system's, or the officer's own), with a
/// note, and for access the file the person exported.
pub async fn task_done(
    store: &dyn Store,
    reference: &CaseRef,
    action: ActionId,
    note: &str,
    result: Option<serde_json::Value>,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), ActionError> {
    if note.trim().len() < 5 {
        return Err(ActionError::Refused(
            "say what was done: --note \"…\"".into(),
        ));
    }
    let actor = Actor::Officer(by.trim().to_owned());
    let note = note.trim().to_owned();
    let change = Box::new(
        move |case: &CaseSnapshot| -> Result<crate::store::CaseUpdate, crate::store::Refusal> {
            let row = case
                .actions
                .iter()
                .rev()
                .find(|r| r.action == action)
                .ok_or_else(|| format!("case {} has no task {action}", case.reference))?;
            if matches!(row.spec.system, System::Plugin(_)) {
                return Err(format!(
                    "{action} is carried out by a plugin, not reported done by hand"
                )
                .into());
            }
            Ok(CaseUpdate {
                actor: actor.clone(),
                effects: vec![Effect::TaskDone {
                    action: action.clone(),
                    note: note.clone(),
                    result: result.clone(),
                }],
            })
        },
    );
    outcome(reference, store.update_case(reference, now, change).await?)?;
    Ok(())
}
