//! A case's plan as the officer is shown it (`dsrd cases plan --json`, and
//! the officer's API): the plan, the decisions on it, where each action
//! stands, what is being carried out, and what the package will withhold.
//! One type, built in one place, so the CLI and the API say the same.

use super::policy;
use crate::config::Config;
use crate::plan::{decide, ActionId, ActionStatus, Approval, Plan, Rejection};
use crate::store::{ActionRow, CasePlan};
use serde::{Serialize, Serializer};

/// The plan of a case with everything the officer decides on.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct PlanView {
    /// The plan.
    pub plan: Plan,
    /// Approvals recorded on this plan.
    pub approvals: Vec<Approval>,
    /// Rejections recorded on this plan.
    pub rejections: Vec<Rejection>,
    /// Every action's status under the approval policy, in plan order.
    pub statuses: Vec<ActionStatusOf>,
    /// The approved actions being (or done being) carried out.
    pub actions: Vec<ActionRow>,
    /// Per export action, the columns the package withholds (art. 15(4));
    /// actions that withhold nothing are left out.
    pub withheld: Vec<Withheld>,
}

/// One action's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ActionStatusOf {
    /// The action.
    pub action: ActionId,
    /// Where it stands.
    pub status: ActionStatus,
}

/// What the data package withholds from one export action's tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Withheld {
    /// The export action.
    pub action: ActionId,
    /// The columns, never empty.
    pub columns: Vec<WithheldColumn>,
}

/// One withheld column (`[[register]] redact`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct WithheldColumn {
    /// The table, as the plugin exports it.
    pub table: String,
    /// The column.
    pub column: String,
    /// Why it is withheld, as the letter says.
    pub reason: String,
}

impl PlanView {
    /// The view of `plan` with its execution rows `actions`; the statuses
    /// count approvals only once identity is verified (`identity_verified`),
    /// under `config`'s approval policy and `[[register]]` redactions.
    pub fn new(
        plan: CasePlan,
        actions: Vec<ActionRow>,
        identity_verified: bool,
        config: &Config,
    ) -> PlanView {
        let statuses = decide(
            &plan.plan,
            &plan.approvals,
            &plan.rejections,
            &policy(config),
            identity_verified,
        );
        let withheld = plan
            .plan
            .actions
            .iter()
            .map(|a| Withheld {
                action: a.id.clone(),
                columns: crate::reply::withheld_by(a, config)
                    .into_iter()
                    .map(|r| WithheldColumn {
                        table: r.table.clone(),
                        column: r.column.clone(),
                        reason: r.reason.clone(),
                    })
                    .collect(),
            })
            .filter(|w| !w.columns.is_empty())
            .collect();
        PlanView {
            statuses: statuses_of(statuses),
            plan: plan.plan,
            approvals: plan.approvals,
            rejections: plan.rejections,
            actions,
            withheld,
        }
    }

    /// The status of `action`, if the plan has it.
    pub fn status(&self, action: &ActionId) -> Option<&ActionStatus> {
        self.statuses
            .iter()
            .find(|s| &s.action == action)
            .map(|s| &s.status)
    }
}

/// [`decide`]'s pairs as the view lists them.
pub(crate) fn statuses_of(statuses: Vec<(ActionId, ActionStatus)>) -> Vec<ActionStatusOf> {
    statuses
        .into_iter()
        .map(|(action, status)| ActionStatusOf { action, status })
        .collect()
}

/// Serialises [`decide`]'s pairs as [`ActionStatusOf`] objects, the way
/// the plan view lists them, rather than as two-element arrays.
pub(crate) fn serialize_statuses<S: Serializer>(
    statuses: &[(ActionId, ActionStatus)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(
        statuses
            .iter()
            .map(|(action, status)| ActionStatusRef { action, status }),
    )
}

/// [`ActionStatusOf`] borrowed, for [`serialize_statuses`].
#[derive(Serialize)]
struct ActionStatusRef<'a> {
    action: &'a ActionId,
    status: &'a ActionStatus,
}

/// The plan view of case `reference` as it stands in `store`; `None` when
/// the case has no plan (or there is no such case). What `dsrd cases plan`
/// and the API's `GET /cases/{reference}/plan` show.
pub async fn plan_view(
    store: &dyn crate::store::Store,
    config: &Config,
    reference: &crate::case::CaseRef,
) -> Result<Option<PlanView>, crate::store::StoreError> {
    let (plan, actions) = store.case_plan(reference).await?;
    let Some(plan) = plan else {
        return Ok(None);
    };
    let verified = store
        .case_snapshot(reference)
        .await?
        .is_some_and(|c| c.identity.verification.is_some());
    Ok(Some(PlanView::new(plan, actions, verified, config)))
}
