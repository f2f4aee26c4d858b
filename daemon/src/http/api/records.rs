//! The officer's lists across cases: the tasks waiting for a person
//! (`dsrd tasks list`: plans' tasks, notices and transfers, posts), and the audit log with its chain's check (`dsrd
//! audit list`, `audit verify`).

use super::auth::Viewer;
use super::extract::{Json, Query};
use super::problem::{ApiResult, ProblemKind, ReadErrors};
use super::ApiState;
use crate::audit::{AuditEntry, ChainCheck};
use crate::officer::Task;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;

/// The tasks people carry out: systems without a plugin, the officer's own.
#[utoipa::path(
    get, path = "/tasks", tag = "tasks",
    responses((status = 200, description = "The tasks waiting", body = Vec<Task>), ReadErrors)
)]
pub(super) async fn tasks(
    State(api): State<ApiState>,
    Viewer(_): Viewer,
) -> ApiResult<Json<Vec<Task>>> {
    Ok(Json(
        crate::officer::tasks(api.store.as_ref(), api.clock.now()).await?,
    ))
}

/// Which audit entries.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditParams {
    /// Only the entries about this case.
    case: Option<String>,
    /// Only entries after this sequence number (for paging).
    #[param(minimum = 0)]
    after: Option<i64>,
    /// At most this many (default 500).
    #[param(minimum = 1, maximum = 5000)]
    limit: Option<usize>,
}

/// The audit log, oldest first.
#[utoipa::path(
    get, path = "/audit", tag = "audit",
    params(AuditParams),
    responses((status = 200, description = "The entries", body = Vec<AuditEntry>), ReadErrors)
)]
pub(super) async fn audit(
    State(api): State<ApiState>,
    Viewer(_): Viewer,
    Query(params): Query<AuditParams>,
) -> ApiResult<Json<Vec<AuditEntry>>> {
    let limit = params.limit.unwrap_or(500);
    if !(1..=5000).contains(&limit) {
        return Err(ProblemKind::BadRequest.with("limit is between 1 and 5000"));
    }
    if params.after.is_some_and(|a| a < 0) {
        return Err(ProblemKind::BadRequest.with("after is a sequence number, 0 or more"));
    }
    let (rows, _) = api.store.audit_log().await?;
    let entries = rows
        .iter()
        .filter(|r| {
            params
                .case
                .as_deref()
                .is_none_or(|c| r.case_ref.as_deref() == Some(c))
        })
        .filter(|r| params.after.is_none_or(|a| r.seq > a))
        .take(limit)
        .map(AuditEntry::of)
        .collect();
    Ok(Json(entries))
}

/// Recompute the audit log's hash chain: intact, or the first entry that
/// was changed or removed.
#[utoipa::path(
    get, path = "/audit/verify", tag = "audit",
    responses((status = 200, description = "The chain's check", body = ChainCheck), ReadErrors)
)]
pub(super) async fn verify(
    State(api): State<ApiState>,
    Viewer(_): Viewer,
) -> ApiResult<Json<ChainCheck>> {
    let (rows, head) = api.store.audit_log().await?;
    let result = crate::audit::verify(&rows, &head);
    Ok(Json(ChainCheck::of(&result, rows.len())))
}
