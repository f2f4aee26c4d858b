//! The answer (`dsrd cases letter`, `send`, `recipients`, `transfer`,
//! `tasks done REF:post`): the drafted letter with its package and notices,
//! editing the letter before it goes, sending it (by link, or by post as a
//! task), settling an art. 19 notice, a portability transfer, and the
//! paper answer posted. The letter's `[[download-link]]` place is the
//! library's rule: an edit that drops it is refused unless the letter goes
//! by post.

use super::auth::{Officer, Viewer};
use super::cases::{known, reference};
use super::extract::{Json, Path};
use super::plan::Done;
use super::problem::{ActErrors, ApiResult, ProblemKind, ReadErrors};
use super::ApiState;
use crate::case::Actor;
use crate::officer::{self, Sent};
use crate::store::{CaseReply, ExemptReason, NoticeRow};
use axum::extract::State;
use serde::Deserialize;
use utoipa::ToSchema;

/// The drafted letter, the package and the notices to recipients.
#[utoipa::path(
    get, path = "/cases/{reference}/letter", tag = "answer",
    params(("reference" = String, Path, description = "The case reference")),
    responses((status = 200, description = "The answer as it stands", body = CaseReply), ReadErrors)
)]
pub(super) async fn letter(
    State(api): State<ApiState>,
    Viewer(_): Viewer,
    Path(r): Path<String>,
) -> ApiResult<Json<CaseReply>> {
    let reference = known(&api, &r).await?;
    Ok(Json(officer::reply(api.store.as_ref(), &reference).await?))
}

/// The letter as edited.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Edit {
    /// The subject line.
    pub subject: String,
    /// The body; keeps `[[download-link]]` where the link goes, unless the
    /// letter goes by post.
    pub body: String,
    /// The letter goes out on paper, so it may drop the link's place.
    #[serde(default)]
    pub for_post: bool,
}

/// Replace the drafted letter before it is sent.
#[utoipa::path(
    put, path = "/cases/{reference}/letter", tag = "answer",
    params(("reference" = String, Path, description = "The case reference")),
    request_body = Edit,
    responses((status = 200, description = "Saved", body = Done), ActErrors)
)]
pub(super) async fn edit(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path(r): Path<String>,
    Json(body): Json<Edit>,
) -> ApiResult<Json<Done>> {
    let reference = reference(&r)?;
    officer::edit_letter(
        api.store.as_ref(),
        &api.config,
        &reference,
        &body.subject,
        &body.body,
        body.for_post,
        caller.name(),
        api.clock.now(),
    )
    .await?;
    Ok(Json(Done {
        said: "letter saved".into(),
    }))
}

/// How the answer goes out.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendBody {
    /// The requester asked for paper: the officer gets the task of
    /// printing and posting the letter and the package.
    #[serde(default)]
    pub by_post: bool,
}

/// Send the drafted letter: the package behind a one-time link with the
/// code in a second e-mail, or by post as a task.
#[utoipa::path(
    post, path = "/cases/{reference}/send", tag = "answer",
    params(("reference" = String, Path, description = "The case reference")),
    request_body = SendBody,
    responses((status = 200, description = "Sent (or the post task mailed)", body = Sent), ActErrors)
)]
pub(super) async fn send(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path(r): Path<String>,
    Json(body): Json<SendBody>,
) -> ApiResult<Json<Sent>> {
    let reference = reference(&r)?;
    let now = api.clock.now();
    let sent = if body.by_post {
        officer::send_by_post(
            api.store.as_ref(),
            &api.config,
            &reference,
            caller.name(),
            now,
        )
        .await?;
        let state = api
            .store
            .case_snapshot(&reference)
            .await?
            .map(|c| c.state)
            .ok_or_else(|| ProblemKind::NotFound.with(format!("there is no case {reference}")))?;
        Sent { state, link: false }
    } else {
        let by = Actor::Officer(caller.name().to_owned());
        officer::send(api.store.as_ref(), &api.config, &reference, &by, now).await?
    };
    (api.ring)();
    Ok(Json(sent))
}

/// The recipients of the case's changes and how each was told (art. 19).
#[utoipa::path(
    get, path = "/cases/{reference}/recipients", tag = "answer",
    params(("reference" = String, Path, description = "The case reference")),
    responses((status = 200, description = "The notices", body = Vec<NoticeRow>), ReadErrors)
)]
pub(super) async fn recipients(
    State(api): State<ApiState>,
    Viewer(_): Viewer,
    Path(r): Path<String>,
) -> ApiResult<Json<Vec<NoticeRow>>> {
    let reference = known(&api, &r).await?;
    Ok(Json(
        officer::reply(api.store.as_ref(), &reference)
            .await?
            .notices,
    ))
}

/// How a notice was settled by a person.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Settle {
    /// The recipient, as the notices name it.
    pub recipient: String,
    /// Not told, because it is `impossible` or `disproportionate`; absent
    /// when a person told the recipient.
    #[serde(default)]
    #[schema(pattern = "^(impossible|disproportionate)$")]
    pub exempt: Option<String>,
    /// How it was told, or why not (kept for accountability).
    pub note: String,
}

/// Settle a notice dsrd could not send itself: told by a person, or not
/// told with the reason.
#[utoipa::path(
    post, path = "/cases/{reference}/recipients", tag = "answer",
    params(("reference" = String, Path, description = "The case reference")),
    request_body = Settle,
    responses((status = 200, description = "Settled", body = Done), ActErrors)
)]
pub(super) async fn settle(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path(r): Path<String>,
    Json(body): Json<Settle>,
) -> ApiResult<Json<Done>> {
    let reference = reference(&r)?;
    let exempt = match body.exempt.as_deref() {
        None => None,
        Some(reason) => Some(ExemptReason::parse(reason).ok_or_else(|| {
            ProblemKind::InvalidInput.with("exempt is `impossible` or `disproportionate`")
        })?),
    };
    officer::settle_notice(
        api.store.as_ref(),
        &api.config,
        &reference,
        &body.recipient,
        exempt,
        &body.note,
        caller.name(),
        api.clock.now(),
    )
    .await?;
    (api.ring)();
    let said = match exempt {
        None => format!("{}: told", body.recipient),
        Some(r) => format!("{}: not told ({})", body.recipient, r.as_str()),
    };
    Ok(Json(Done { said }))
}

/// Where the data goes.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// The organisation the requester named.
    pub to: String,
}

/// Portability: send the data straight to another organisation, as a task.
#[utoipa::path(
    post, path = "/cases/{reference}/transfer", tag = "answer",
    params(("reference" = String, Path, description = "The case reference")),
    request_body = Transfer,
    responses((status = 200, description = "The task is mailed", body = Done), ActErrors)
)]
pub(super) async fn transfer(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path(r): Path<String>,
    Json(body): Json<Transfer>,
) -> ApiResult<Json<Done>> {
    let reference = reference(&r)?;
    officer::transfer(
        api.store.as_ref(),
        &api.config,
        &reference,
        &body.to,
        caller.name(),
        api.clock.now(),
    )
    .await?;
    (api.ring)();
    Ok(Json(Done {
        said: format!("transfer to {} recorded; the task is mailed", body.to),
    }))
}

/// What was posted.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Posted {
    /// How and when it went out.
    pub note: String,
}

/// The paper answer is posted: its key is removed, the file deleted, the
/// case closed.
#[utoipa::path(
    post, path = "/cases/{reference}/posted", tag = "answer",
    params(("reference" = String, Path, description = "The case reference")),
    request_body = Posted,
    responses((status = 200, description = "Recorded", body = Done), ActErrors)
)]
pub(super) async fn posted(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path(r): Path<String>,
    Json(body): Json<Posted>,
) -> ApiResult<Json<Done>> {
    let reference = reference(&r)?;
    officer::posted(
        api.store.as_ref(),
        &api.config,
        &reference,
        &body.note,
        caller.name(),
        api.clock.now(),
    )
    .await?;
    Ok(Json(Done {
        said: format!("{reference}: posted; the package is deleted and the case closed"),
    }))
}
