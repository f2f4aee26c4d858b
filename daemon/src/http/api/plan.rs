//! The plan of a case and the decisions on it (`dsrd cases plan`,
//! `approve`, `reject`, `actions`, `retry`, `waive`, `tasks done`). An
//! approval or rejection names the plan the officer looked at by its
//! fingerprint; the library refuses it for any other plan, for a case whose
//! identity is not verified, and counts one approval per account under the
//! four-eyes rule — whatever the body says, the officer is the caller.

use super::auth::{Officer, Viewer};
use super::cases::{known, reference};
use super::extract::{Json, Path};
use super::problem::{ActErrors, ApiResult, ProblemKind, ReadErrors};
use super::ApiState;
use crate::officer::{self, Decided, PlanView};
use crate::plan::ActionId;
use crate::store::ActionRow;
use axum::extract::State;
use dsrd_plugin_api::Change;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Reads an action id (`A1`) from the path or the body.
pub(super) fn action_id(s: &str) -> ApiResult<ActionId> {
    s.parse()
        .map_err(|e: crate::plan::BadActionId| ProblemKind::InvalidInput.with(e.to_string()))
}

/// The case's plan: what each system would do, what is kept and why, each
/// action's status, and what is withheld from the package.
#[utoipa::path(
    get, path = "/cases/{reference}/plan", tag = "plan",
    params(("reference" = String, Path, description = "The case reference")),
    responses((status = 200, description = "The plan", body = PlanView), ReadErrors)
)]
pub(super) async fn show(
    State(api): State<ApiState>,
    Viewer(_): Viewer,
    Path(r): Path<String>,
) -> ApiResult<Json<PlanView>> {
    let reference = reference(&r)?;
    match officer::plan_view(api.store.as_ref(), &api.config, &reference).await? {
        Some(view) => Ok(Json(view)),
        None => Err(ProblemKind::NotFound.with(format!("case {reference} has no plan yet"))),
    }
}

/// Changes for a rectification, per plugin.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Refresh {
    /// For a rectification: the corrections per plugin.
    #[serde(default)]
    pub changes: BTreeMap<String, Vec<Change>>,
}

/// Make the plan again (new dry runs; decisions on the old plan no longer
/// count).
#[utoipa::path(
    post, path = "/cases/{reference}/plan/refresh", tag = "plan",
    params(("reference" = String, Path, description = "The case reference")),
    request_body = Refresh,
    responses((status = 200, description = "The new plan", body = PlanView), ActErrors)
)]
pub(super) async fn refresh(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path(r): Path<String>,
    Json(body): Json<Refresh>,
) -> ApiResult<Json<PlanView>> {
    let reference = reference(&r)?;
    officer::refresh_plan(
        api.store.as_ref(),
        &api.config,
        &api.plugins,
        &reference,
        body.changes,
        caller.name(),
        api.clock.now(),
    )
    .await?;
    (api.ring)();
    show(State(api), Viewer(caller), Path(r)).await
}

/// An approval.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Approve {
    /// The fingerprint of the plan the officer looked at (at least its
    /// first eight characters).
    #[schema(pattern = "^[0-9a-f]{8,64}$")]
    pub plan: String,
    /// The actions approved; none means every action that still needs
    /// this officer.
    #[serde(default)]
    #[schema(value_type = Vec<ActionId>)]
    pub actions: Vec<String>,
}

/// Approve actions of the plan. The caller is the officer who approves.
#[utoipa::path(
    post, path = "/cases/{reference}/approvals", tag = "plan",
    params(("reference" = String, Path, description = "The case reference")),
    request_body = Approve,
    responses((status = 200, description = "Approved", body = Decided), ActErrors)
)]
pub(super) async fn approve(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path(r): Path<String>,
    Json(body): Json<Approve>,
) -> ApiResult<Json<Decided>> {
    let reference = reference(&r)?;
    let actions = body
        .actions
        .iter()
        .map(|a| action_id(a))
        .collect::<ApiResult<Vec<_>>>()?;
    let decided = officer::approve(
        api.store.as_ref(),
        &api.config,
        &reference,
        &body.plan,
        &actions,
        caller.name(),
        api.clock.now(),
    )
    .await?;
    (api.ring)();
    Ok(Json(decided))
}

/// A rejection.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reject {
    /// The fingerprint of the plan the officer looked at.
    #[schema(pattern = "^[0-9a-f]{8,64}$")]
    pub plan: String,
    /// The action rejected.
    #[schema(value_type = ActionId)]
    pub action: String,
    /// Why; the answer letter carries it.
    #[schema(min_length = 10)]
    pub reason: String,
}

/// Reject one action of the plan, with the reason the requester reads.
#[utoipa::path(
    post, path = "/cases/{reference}/rejections", tag = "plan",
    params(("reference" = String, Path, description = "The case reference")),
    request_body = Reject,
    responses((status = 200, description = "Rejected", body = Decided), ActErrors)
)]
pub(super) async fn reject(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path(r): Path<String>,
    Json(body): Json<Reject>,
) -> ApiResult<Json<Decided>> {
    let reference = reference(&r)?;
    let action = action_id(&body.action)?;
    let decided = officer::reject(
        api.store.as_ref(),
        &api.config,
        &reference,
        &body.plan,
        action,
        &body.reason,
        caller.name(),
        api.clock.now(),
    )
    .await?;
    (api.ring)();
    Ok(Json(decided))
}

/// The state of each action being carried out.
#[utoipa::path(
    get, path = "/cases/{reference}/actions", tag = "plan",
    params(("reference" = String, Path, description = "The case reference")),
    responses((status = 200, description = "The actions", body = Vec<ActionRow>), ReadErrors)
)]
pub(super) async fn actions(
    State(api): State<ApiState>,
    Viewer(_): Viewer,
    Path(r): Path<String>,
) -> ApiResult<Json<Vec<ActionRow>>> {
    let reference = known(&api, &r).await?;
    let (_, rows) = api.store.case_plan(&reference).await?;
    Ok(Json(rows))
}

/// Done.
#[derive(Debug, Serialize, ToSchema)]
pub struct Done {
    /// What happened, in a sentence.
    pub said: String,
}

/// Try a failed action again.
#[utoipa::path(
    post, path = "/cases/{reference}/actions/{action}/retry", tag = "plan",
    params(
        ("reference" = String, Path, description = "The case reference"),
        ("action" = String, Path, description = "The action, e.g. A1"),
    ),
    responses((status = 200, description = "Sent back to be tried again", body = Done), ActErrors)
)]
pub(super) async fn retry(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path((r, a)): Path<(String, String)>,
) -> ApiResult<Json<Done>> {
    let reference = reference(&r)?;
    let action = action_id(&a)?;
    officer::retry(
        api.store.as_ref(),
        &api.config,
        &reference,
        action,
        caller.name(),
        api.clock.now(),
    )
    .await?;
    (api.ring)();
    Ok(Json(Done {
        said: "sent back to be tried again".into(),
    }))
}

/// Why an action is given up.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Waive {
    /// Why.
    pub reason: String,
}

/// Give up a pending or failed action, with the reason.
#[utoipa::path(
    post, path = "/cases/{reference}/actions/{action}/waive", tag = "plan",
    params(
        ("reference" = String, Path, description = "The case reference"),
        ("action" = String, Path, description = "The action, e.g. A1"),
    ),
    request_body = Waive,
    responses((status = 200, description = "Waived", body = Done), ActErrors)
)]
pub(super) async fn waive(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path((r, a)): Path<(String, String)>,
    Json(body): Json<Waive>,
) -> ApiResult<Json<Done>> {
    let reference = reference(&r)?;
    let action = action_id(&a)?;
    officer::waive(
        api.store.as_ref(),
        &api.config,
        &reference,
        action,
        &body.reason,
        caller.name(),
        api.clock.now(),
    )
    .await?;
    (api.ring)();
    Ok(Json(Done {
        said: "waived".into(),
    }))
}

/// A file exported from a system by hand, for an access task.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportedFile {
    /// The file's name.
    pub name: Option<String>,
    /// Its bytes, base64.
    pub content_base64: String,
}

/// A task reported done.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskDone {
    /// What was done.
    pub note: String,
    /// For access: the file exported from the system.
    #[serde(default)]
    pub file: Option<ExportedFile>,
}

/// Report a task (a system without a plugin, the officer's own) done.
#[utoipa::path(
    post, path = "/cases/{reference}/actions/{action}/done", tag = "plan",
    params(
        ("reference" = String, Path, description = "The case reference"),
        ("action" = String, Path, description = "The action, e.g. A3"),
    ),
    request_body = TaskDone,
    responses((status = 200, description = "Recorded", body = Done), ActErrors)
)]
pub(super) async fn task_done(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path((r, a)): Path<(String, String)>,
    Json(body): Json<TaskDone>,
) -> ApiResult<Json<Done>> {
    use base64::Engine;
    let reference = reference(&r)?;
    let action = action_id(&a)?;
    let result = match body.file {
        None => None,
        Some(file) => {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(file.content_base64.as_bytes())
                .map_err(|e| ProblemKind::InvalidInput.with(format!("content_base64: {e}")))?;
            Some(officer::exported_file(file.name, &bytes))
        }
    };
    officer::task_done(
        api.store.as_ref(),
        &reference,
        action,
        &body.note,
        result,
        caller.name(),
        api.clock.now(),
    )
    .await?;
    (api.ring)();
    Ok(Json(Done {
        said: "task done".into(),
    }))
}
