//! The breach register (`dsrd breaches …`; reglement 6.4, GDPR art. 33/34):
//! the entries with their AP due time and countdown, entering one, and
//! recording its assessment, decisions and measures. The rules (closing
//! needs a risk assessment and the AP decision, a high risk the subjects'
//! notice or a reason) are the library's, in `BreachUpdate::apply`.

use super::auth::{Officer, Viewer};
use super::extract::{Json, Path, Query};
use super::problem::{ActErrors, ApiError, ApiResult, ProblemKind, ReadErrors};
use super::ApiState;
use crate::breach::{BreachRef, BreachRefusal, BreachState, BreachUpdate, BreachView, NewBreach};
use crate::case::Actor;
use crate::store::{BreachChanged, RefusalKind};
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

fn reference(s: &str) -> ApiResult<BreachRef> {
    s.parse()
        .map_err(|_| ProblemKind::NotFound.with(format!("there is no breach {s:?}")))
}

/// A refusal as a problem: a bad value is invalid input, a rule of the
/// register a conflict.
fn refused(why: BreachRefusal) -> ApiError {
    let kind = match why {
        BreachRefusal::Nothing
        | BreachRefusal::Empty(_)
        | BreachRefusal::BeforeDiscovery(_)
        | BreachRefusal::InTheFuture(_) => ProblemKind::InvalidInput,
        BreachRefusal::Closed => ProblemKind::Refused(RefusalKind::State),
        BreachRefusal::NoRisk | BreachRefusal::NoApDecision | BreachRefusal::SubjectsUndecided => {
            ProblemKind::Refused(RefusalKind::Rule)
        }
    };
    kind.with(why.to_string())
}

/// The filter of the register.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// Only the entries not closed.
    #[serde(default)]
    open: bool,
}

/// The register, newest first, each with its AP due time and countdown.
#[utoipa::path(
    get, path = "/breaches", tag = "breaches",
    params(ListParams),
    responses((status = 200, description = "The register", body = Vec<BreachView>), ReadErrors)
)]
pub(super) async fn list(
    State(api): State<ApiState>,
    Viewer(_): Viewer,
    Query(params): Query<ListParams>,
) -> ApiResult<Json<Vec<BreachView>>> {
    let now = api.clock.now();
    let breaches = api.store.list_breaches(params.open).await?;
    Ok(Json(
        breaches
            .into_iter()
            .map(|b| BreachView::at(b, now))
            .collect(),
    ))
}

/// One entry.
#[utoipa::path(
    get, path = "/breaches/{reference}", tag = "breaches",
    params(("reference" = String, Path, description = "The breach reference, e.g. DATALEK-2026-0001")),
    responses((status = 200, description = "The entry", body = BreachView), ReadErrors)
)]
pub(super) async fn show(
    State(api): State<ApiState>,
    Viewer(_): Viewer,
    Path(r): Path<String>,
) -> ApiResult<Json<BreachView>> {
    let reference = reference(&r)?;
    let breach = api
        .store
        .get_breach(&reference)
        .await?
        .ok_or_else(|| ProblemKind::NotFound.with(format!("there is no breach {reference}")))?;
    Ok(Json(BreachView::at(breach, api.clock.now())))
}

/// A breach to enter.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewBreachBody {
    /// When the organisation became aware of it: the AP's 72 hours start here.
    pub discovered_at: DateTime<Utc>,
    /// What happened.
    #[schema(min_length = 1)]
    pub what: String,
    /// Categories of personal data.
    #[serde(default)]
    pub categories: Vec<String>,
    /// How many people are affected.
    #[serde(default)]
    pub people: Option<u32>,
    /// Whether that is an estimate.
    #[serde(default)]
    pub people_estimated: bool,
}

/// Enter a breach, as the caller.
#[utoipa::path(
    post, path = "/breaches", tag = "breaches",
    request_body = NewBreachBody,
    responses((status = 201, description = "Entered", body = BreachView), ActErrors)
)]
pub(super) async fn new(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Json(body): Json<NewBreachBody>,
) -> ApiResult<(axum::http::StatusCode, Json<BreachView>)> {
    let now = api.clock.now();
    let new = NewBreach {
        state: BreachState::Open,
        discovered_at: body.discovered_at,
        what: body.what.trim().to_owned(),
        categories: body.categories,
        people: body.people,
        people_estimated: body.people_estimated && body.people.is_some(),
    };
    new.check(now).map_err(refused)?;
    let by = Actor::Officer(caller.name().to_owned());
    let breach = api.store.open_breach(&new, &by, now).await?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(BreachView::at(breach, now)),
    ))
}

/// Record the assessment, the AP and subjects decisions and the measures;
/// close the entry (the rules of art. 33/34 must hold).
#[utoipa::path(
    post, path = "/breaches/{reference}", tag = "breaches",
    params(("reference" = String, Path, description = "The breach reference, e.g. DATALEK-2026-0001")),
    request_body = BreachUpdate,
    responses((status = 200, description = "The entry as it is now", body = BreachView), ActErrors)
)]
pub(super) async fn update(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path(r): Path<String>,
    Json(change): Json<BreachUpdate>,
) -> ApiResult<Json<BreachView>> {
    let reference = reference(&r)?;
    let now = api.clock.now();
    let by = Actor::Officer(caller.name().to_owned());
    match api
        .store
        .update_breach(&reference, &change, &by, now)
        .await?
    {
        BreachChanged::Changed(breach) => Ok(Json(BreachView::at(*breach, now))),
        BreachChanged::Refused(why) => Err(refused(why)),
        BreachChanged::NotFound => {
            Err(ProblemKind::NotFound.with(format!("there is no breach {reference}")))
        }
    }
}
