//! Cases: the list with the filters of `dsrd cases list`, one case with
//! its events, classification, evidence and deadline (what `cases show
//! --json` prints), and the officer's changes to a case as a whole — the
//! classification override, an extension with its reason, a recompute of
//! the deadline.

use super::auth::{Officer, Viewer};
use super::extract::{Json, Path, Query};
use super::problem::{ActErrors, ApiResult, ProblemKind, ReadErrors};
use super::ApiState;
use crate::case::{CaseDetail, CaseRef, CaseState, CaseSummary};
use crate::classify::RequestType;
use crate::officer::{self, CaseQuery, ExtendBy, Span};
use axum::extract::State;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Reads a case reference from the path; one that cannot be a reference is
/// no case.
pub(super) fn reference(s: &str) -> ApiResult<CaseRef> {
    s.parse()
        .map_err(|_| ProblemKind::NotFound.with(format!("there is no case {s:?}")))
}

/// Reads a case reference and checks there is such a case (by its
/// snapshot, without reading its events): for reads whose store call
/// answers an unknown case with an empty result rather than none.
pub(super) async fn known(api: &ApiState, r: &str) -> ApiResult<CaseRef> {
    let reference = reference(r)?;
    if api.store.case_snapshot(&reference).await?.is_none() {
        return Err(ProblemKind::NotFound.with(format!("there is no case {reference}")));
    }
    Ok(reference)
}

/// The filters of the case list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// Only cases in this state, e.g. `needs_triage`.
    state: Option<String>,
    /// Only open cases due within this span from today: `7d`, `2w`, `2m`.
    due_within: Option<String>,
    /// Only open cases whose due date has passed.
    #[serde(default)]
    overdue: bool,
    /// At most this many.
    #[param(minimum = 1, maximum = 10000)]
    limit: Option<i64>,
}

/// Cases, in the order an officer works in (a verified correction first,
/// then newest first).
#[utoipa::path(
    get, path = "/cases", tag = "cases",
    params(ListParams),
    responses((status = 200, description = "The cases", body = Vec<CaseSummary>), ReadErrors)
)]
pub(super) async fn list(
    State(api): State<ApiState>,
    Viewer(_): Viewer,
    Query(params): Query<ListParams>,
) -> ApiResult<Json<Vec<CaseSummary>>> {
    let state = params
        .state
        .as_deref()
        .map(str::parse::<CaseState>)
        .transpose()
        .map_err(|e| ProblemKind::BadRequest.with(e.to_string()))?;
    let due_within = params
        .due_within
        .as_deref()
        .map(Span::parse)
        .transpose()
        .map_err(|e| ProblemKind::BadRequest.with(e))?;
    if params.limit.is_some_and(|l| !(1..=10_000).contains(&l)) {
        return Err(ProblemKind::BadRequest.with("limit is between 1 and 10000"));
    }
    let query = CaseQuery {
        state,
        due_within,
        overdue: params.overdue,
        limit: params.limit,
    };
    let cases =
        officer::list_cases(api.store.as_ref(), &api.config, &query, api.clock.now()).await?;
    Ok(Json(cases))
}

/// One case with its events, classification and evidence, identity, and
/// its deadline with the explanation.
#[utoipa::path(
    get, path = "/cases/{reference}", tag = "cases",
    params(("reference" = String, Path, description = "The case reference, e.g. AVG-2026-0001")),
    responses((status = 200, description = "The case", body = CaseDetail), ReadErrors)
)]
pub(super) async fn show(
    State(api): State<ApiState>,
    Viewer(_): Viewer,
    Path(r): Path<String>,
) -> ApiResult<Json<CaseDetail>> {
    let reference = reference(&r)?;
    let Some(case) = api.store.get_case(&reference).await? else {
        return Err(ProblemKind::NotFound.with(format!("there is no case {reference}")));
    };
    Ok(Json(CaseDetail::new(
        case,
        api.config.organisation.default_language,
        api.config.organisation.time_zone,
    )))
}

/// A new classification.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reclassify {
    /// The request types, primary first; `not_a_request` alone closes a
    /// letter that is no request.
    #[schema(min_items = 1)]
    pub types: Vec<RequestType>,
}

/// The state a change left the case in.
#[derive(Debug, Serialize, ToSchema)]
pub struct StateNow {
    /// The case's state afterwards.
    pub state: CaseState,
}

/// Replace the automatic classification (a case in triage that gets a
/// request type becomes a request and is acknowledged).
#[utoipa::path(
    post, path = "/cases/{reference}/classification", tag = "cases",
    params(("reference" = String, Path, description = "The case reference")),
    request_body = Reclassify,
    responses((status = 200, description = "Reclassified", body = StateNow), ActErrors)
)]
pub(super) async fn reclassify(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path(r): Path<String>,
    Json(body): Json<Reclassify>,
) -> ApiResult<Json<StateNow>> {
    let reference = reference(&r)?;
    if body.types.is_empty() {
        return Err(ProblemKind::InvalidInput.with("name at least one request type"));
    }
    let state = officer::reclassify(
        api.store.as_ref(),
        &api.config,
        &reference,
        body.types,
        caller.name(),
        api.clock.now(),
    )
    .await?;
    (api.ring)();
    Ok(Json(StateNow { state }))
}

/// An extension of the deadline.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    /// How much longer: weeks (`4w`) under the four-weeks policy, months
    /// (`2m`) under the GDPR's month.
    #[schema(example = "4w")]
    pub by: String,
    /// Why more time is needed; the requester's notice carries it.
    pub reason: String,
}

/// The new due date.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueNow {
    /// The case's due date afterwards.
    pub due_date: NaiveDate,
}

/// Extend the deadline; the requester's extension notice goes to the
/// outbox with the reason and the new date.
#[utoipa::path(
    post, path = "/cases/{reference}/extension", tag = "cases",
    params(("reference" = String, Path, description = "The case reference")),
    request_body = Extension,
    responses((status = 200, description = "Extended", body = DueNow), ActErrors)
)]
pub(super) async fn extend(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path(r): Path<String>,
    Json(body): Json<Extension>,
) -> ApiResult<Json<DueNow>> {
    let reference = reference(&r)?;
    let by = match Span::parse(&body.by).map_err(|e| ProblemKind::InvalidInput.with(e))? {
        Span::Weeks(n) => ExtendBy::Weeks(n),
        Span::Months(n) => ExtendBy::Months(n),
        Span::Days(_) => {
            return Err(ProblemKind::InvalidInput.with("by takes weeks (4w) or months (2m)"))
        }
    };
    let due_date = officer::extend(
        api.store.as_ref(),
        &api.config,
        &reference,
        by,
        &body.reason,
        caller.name(),
        api.clock.now(),
    )
    .await?;
    (api.ring)();
    Ok(Json(DueNow { due_date }))
}

/// A recomputed deadline.
#[derive(Debug, Serialize, ToSchema)]
pub struct Recomputed {
    /// The due date before.
    pub before: NaiveDate,
    /// The due date now.
    pub after: NaiveDate,
}

/// Recompute the deadline under the current configuration (logged).
#[utoipa::path(
    post, path = "/cases/{reference}/deadline/recompute", tag = "cases",
    params(("reference" = String, Path, description = "The case reference")),
    responses((status = 200, description = "Recomputed", body = Recomputed), ActErrors)
)]
pub(super) async fn recompute(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path(r): Path<String>,
) -> ApiResult<Json<Recomputed>> {
    let reference = reference(&r)?;
    let (before, after) = officer::recompute(
        api.store.as_ref(),
        &api.config,
        &reference,
        caller.name(),
        api.clock.now(),
    )
    .await?;
    Ok(Json(Recomputed { before, after }))
}
