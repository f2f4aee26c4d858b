//! The register of restrictions in force (`dsrd restrictions list`) and
//! ending one (`restrictions lift`): first announced with the reason, which
//! tells the subject (reglement 8.5.4), then lifted from the announced day —
//! by the daemon, or here at once once the day has come.

use super::auth::{Officer, Viewer};
use super::cases::reference;
use super::extract::{Json, Path};
use super::plan::action_id;
use super::problem::{ActErrors, ApiResult, ReadErrors};
use super::ApiState;
use crate::execute::LiftOutcome;
use crate::officer;
use crate::store::ActiveRestriction;
use axum::extract::State;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The restrictions in force, oldest first.
#[utoipa::path(
    get, path = "/restrictions", tag = "restrictions",
    responses((status = 200, description = "The register", body = Vec<ActiveRestriction>), ReadErrors)
)]
pub(super) async fn list(
    State(api): State<ApiState>,
    Viewer(_): Viewer,
) -> ApiResult<Json<Vec<ActiveRestriction>>> {
    Ok(Json(api.store.active_restrictions().await?))
}

/// Why the restriction ends.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Announce {
    /// The reason; the letter to the subject carries it.
    pub reason: String,
}

/// The day an announced lift takes effect.
#[derive(Debug, Serialize, ToSchema)]
pub struct Announced {
    /// From this day on the restriction is lifted.
    pub on: NaiveDate,
}

/// Announce the lift of a restriction: the subject is told first; it takes
/// effect some working days later.
#[utoipa::path(
    post, path = "/cases/{reference}/restrictions/{action}/lift", tag = "restrictions",
    params(
        ("reference" = String, Path, description = "The case reference"),
        ("action" = String, Path, description = "The restrict action, e.g. A2"),
    ),
    request_body = Announce,
    responses((status = 200, description = "Announced", body = Announced), ActErrors)
)]
pub(super) async fn announce(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path((r, a)): Path<(String, String)>,
    Json(body): Json<Announce>,
) -> ApiResult<Json<Announced>> {
    let reference = reference(&r)?;
    let action = action_id(&a)?;
    let on = officer::announce_lift(
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
    Ok(Json(Announced { on }))
}

/// Lift an announced restriction now, once its announced day has come.
#[utoipa::path(
    post, path = "/cases/{reference}/restrictions/{action}/lift-now", tag = "restrictions",
    params(
        ("reference" = String, Path, description = "The case reference"),
        ("action" = String, Path, description = "The restrict action, e.g. A2"),
    ),
    responses((status = 200, description = "What the attempt did", body = LiftOutcome), ActErrors)
)]
pub(super) async fn lift_now(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path((r, a)): Path<(String, String)>,
) -> ApiResult<Json<LiftOutcome>> {
    let reference = reference(&r)?;
    let action = action_id(&a)?;
    let done = officer::lift_now(
        api.store.as_ref(),
        &api.config,
        &api.plugins,
        &reference,
        action,
        caller.name(),
        api.clock.now(),
    )
    .await?;
    Ok(Json(done))
}
