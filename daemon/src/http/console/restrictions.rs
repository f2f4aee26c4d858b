//! The restrictions in force (art. 18), each with its lift: announced with
//! the reason, which tells the subject (`officer::announce_lift`); the
//! daemon lifts it from the announced day.

use super::actions::{refusal, Fields, FormFields};
use super::case_page::{local, reference};
use super::frame::Frame;
use super::guard::{Acting, Ctx};
use crate::http::api::ApiState;
use crate::officer;
use crate::plan::ActionId;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;

/// One restriction in force.
pub(super) struct Row {
    pub case: String,
    pub action: String,
    pub plugin: String,
    pub since: String,
    pub records: u64,
    pub state: String,
    pub lift: String,
    /// Not announced yet: the lift form is offered.
    pub liftable: bool,
}

#[derive(Template)]
#[template(path = "console/restrictions.html")]
struct RestrictionsPage {
    f: Frame,
    may_act: bool,
    rows: Vec<Row>,
}

/// `GET /console/restrictions`.
pub(super) async fn show(State(api): State<ApiState>, ctx: Ctx) -> Response {
    let tz = api.config.organisation.time_zone;
    match api.store.active_restrictions().await {
        Ok(list) => ctx.page(&RestrictionsPage {
            f: ctx.frame(ctx.t.nav_restrictions, "restrictions"),
            may_act: ctx.may_act(),
            rows: list
                .into_iter()
                .map(|r| Row {
                    case: r.case.to_string(),
                    action: r.action.to_string(),
                    plugin: r.plugin.clone(),
                    since: local(r.since, tz),
                    records: r.records,
                    state: super::plan_words::restriction_state(r.state, ctx.lang).to_owned(),
                    liftable: r.lift.is_none(),
                    lift: r
                        .lift
                        .map(|l| format!("{} {} — {}", ctx.t.lift_on, l.on, l.reason))
                        .unwrap_or_default(),
                })
                .collect(),
        }),
        Err(e) => {
            tracing::error!("console: the restrictions could not be read: {e}");
            ctx.failed()
        }
    }
}

const BACK: &str = "/console/restrictions";

/// `POST /console/cases/{reference}/restrictions/{action}/lift`: `reason`.
pub(super) async fn lift(
    State(api): State<ApiState>,
    Acting(ctx): Acting,
    Path((r, a)): Path<(String, String)>,
    Form(f): FormFields,
) -> Response {
    let f = Fields(f);
    let (Some(reference), Ok(action)) = (reference(&r), a.parse::<ActionId>()) else {
        return ctx.back(BACK, Err(ctx.t.no_such_case.to_owned()));
    };
    match officer::announce_lift(
        api.store.as_ref(),
        &api.config,
        &reference,
        action,
        f.get("reason"),
        ctx.name(),
        api.clock.now(),
    )
    .await
    {
        Ok(on) => {
            (api.ring)();
            ctx.back(BACK, Ok(format!("{} {on}", ctx.t.done_lift)))
        }
        Err(e) => ctx.back(BACK, Err(refusal(&ctx, e))),
    }
}
