//! Triage: the letters dsrd did not understand or that are no request,
//! each with its three ways out — make it a case of a type
//! (`officer::reclassify`), link it to a case as a follow-up
//! (`officer::link_follow_up`), or close it as no request
//! (`officer::close_no_request`).

use super::actions::{page_of, refusal, Fields, FormFields};
use super::case_page::{local, reference};
use super::frame::Frame;
use super::guard::{Acting, Ctx};
use super::inbox::Choice;
use super::words;
use crate::case::CaseState;
use crate::classify::RequestType;
use crate::http::api::ApiState;
use crate::officer::{self, CaseQuery};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;

/// How much of a letter the list shows.
const EXCERPT: usize = 600;

/// One letter in triage.
pub(super) struct Letter {
    pub reference: String,
    pub subject: String,
    pub from: String,
    pub received: String,
    pub reason: String,
    pub excerpt: String,
}

#[derive(Template)]
#[template(path = "console/triage.html")]
struct TriagePage {
    f: Frame,
    may_act: bool,
    letters: Vec<Letter>,
    types: Vec<Choice>,
}

/// `GET /console/triage`.
pub(super) async fn show(State(api): State<ApiState>, ctx: Ctx) -> Response {
    let tz = api.config.organisation.time_zone;
    let query = CaseQuery {
        state: Some(CaseState::NeedsTriage),
        ..CaseQuery::default()
    };
    let read = async {
        let mut letters = Vec::new();
        let cases =
            officer::list_cases(api.store.as_ref(), &api.config, &query, api.clock.now()).await?;
        for c in cases {
            let Some(case) = api.store.get_case(&c.reference).await? else {
                continue;
            };
            let mut excerpt: String = case.body_text.chars().take(EXCERPT).collect();
            if case.body_text.chars().count() > EXCERPT {
                excerpt.push('…');
            }
            letters.push(Letter {
                reference: c.reference.to_string(),
                subject: case.subject.clone().unwrap_or_default(),
                from: case
                    .requester_address
                    .map(|a| a.to_string())
                    .unwrap_or_default(),
                received: local(case.received_at, tz),
                reason: case.triage_reason.clone().unwrap_or_default(),
                excerpt,
            });
        }
        Ok::<_, crate::store::StoreError>(letters)
    };
    match read.await {
        Ok(letters) => ctx.page(&TriagePage {
            f: ctx.frame(ctx.t.nav_triage, "triage"),
            may_act: ctx.may_act(),
            letters,
            types: RequestType::ALL
                .into_iter()
                .filter(|t| t.is_request())
                .map(|t| Choice {
                    value: t.as_str().to_owned(),
                    label: words::request_type(t, ctx.lang).to_owned(),
                    selected: false,
                })
                .collect(),
        }),
        Err(e) => {
            tracing::error!("console: triage could not be read: {e}");
            ctx.failed()
        }
    }
}

/// Where a triage action returns: triage, where the officer was.
const BACK: &str = "/console/triage";

/// `POST /console/cases/{reference}/link`: `case`, the case it follows up.
pub(super) async fn link(
    State(api): State<ApiState>,
    Acting(ctx): Acting,
    Path(r): Path<String>,
    Form(f): FormFields,
) -> Response {
    let f = Fields(f);
    let Some(letter) = reference(&r) else {
        return ctx.back(BACK, Err(ctx.t.no_such_case.to_owned()));
    };
    let Some(to) = reference(f.get("case")) else {
        return ctx.back(BACK, Err(ctx.t.name_a_case.to_owned()));
    };
    match officer::link_follow_up(
        api.store.as_ref(),
        &letter,
        &to,
        ctx.name(),
        api.clock.now(),
    )
    .await
    {
        Ok(()) => {
            (api.ring)();
            ctx.back(
                &page_of(&to),
                Ok(format!("{} {letter} → {to}", ctx.t.done_linked)),
            )
        }
        Err(e) => ctx.back(BACK, Err(refusal(&ctx, e))),
    }
}

/// `POST /console/cases/{reference}/close`: closed as no request.
pub(super) async fn close(
    State(api): State<ApiState>,
    Acting(ctx): Acting,
    Path(r): Path<String>,
) -> Response {
    let Some(letter) = reference(&r) else {
        return ctx.back(BACK, Err(ctx.t.no_such_case.to_owned()));
    };
    match officer::close_no_request(api.store.as_ref(), &letter, ctx.name(), api.clock.now()).await
    {
        Ok(()) => {
            (api.ring)();
            ctx.back(BACK, Ok(format!("{} {letter}", ctx.t.done_closed)))
        }
        Err(e) => ctx.back(BACK, Err(refusal(&ctx, e))),
    }
}
