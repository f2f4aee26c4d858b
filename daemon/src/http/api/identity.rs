//! Whose data a case is about and who is asking (`dsrd cases identity`):
//! the view, and the officer's identity actions — look the persons up
//! again, choose the subject, send a one-time code, record an in-person
//! check, refuse a representative, keep an attachment as evidence, finish
//! reviewing the attachments. No route takes a document number, a BSN or
//! an image: there is no field for one, and a note that holds what looks
//! like one is refused by the library.

use super::auth::{Officer, Viewer};
use super::cases::reference;
use super::extract::{Json, Path};
use super::problem::{ActErrors, ApiResult, ProblemKind, ReadErrors};
use super::ApiState;
use crate::identity::{AttachmentRef, DocumentSeen};
use crate::officer::{self, IdentityOutcome, IdentityView};
use axum::extract::State;
use serde::Deserialize;
use utoipa::ToSchema;

/// Whose data the request is about, how identity stands and what comes
/// next, and the attachments that may be identity documents.
#[utoipa::path(
    get, path = "/cases/{reference}/identity", tag = "identity",
    params(("reference" = String, Path, description = "The case reference")),
    responses((status = 200, description = "The identity view", body = IdentityView), ReadErrors)
)]
pub(super) async fn show(
    State(api): State<ApiState>,
    Viewer(_): Viewer,
    Path(r): Path<String>,
) -> ApiResult<Json<IdentityView>> {
    let reference = reference(&r)?;
    officer::identity_view(api.store.as_ref(), &api.config, &reference, api.clock.now())
        .await?
        .map(Json)
        .ok_or_else(|| ProblemKind::NotFound.with(format!("there is no case {reference}")))
}

/// Ask every plugin again whose data the request is about.
#[utoipa::path(
    post, path = "/cases/{reference}/identity/look-up", tag = "identity",
    params(("reference" = String, Path, description = "The case reference")),
    responses((status = 200, description = "Looked up", body = IdentityOutcome), ActErrors)
)]
pub(super) async fn look_up(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path(r): Path<String>,
) -> ApiResult<Json<IdentityOutcome>> {
    let reference = reference(&r)?;
    let done = officer::look_up_again(
        api.store.as_ref(),
        &api.config,
        &api.plugins,
        &reference,
        caller.name(),
        api.clock.now(),
    )
    .await?;
    (api.ring)();
    Ok(Json(done))
}

/// The person chosen.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Choose {
    /// The person's number in the identity view's list of persons found.
    #[schema(minimum = 0)]
    pub person: usize,
}

/// Choose which person found the request is about.
#[utoipa::path(
    post, path = "/cases/{reference}/identity/subject", tag = "identity",
    params(("reference" = String, Path, description = "The case reference")),
    request_body = Choose,
    responses((status = 200, description = "Chosen", body = IdentityOutcome), ActErrors)
)]
pub(super) async fn choose(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path(r): Path<String>,
    Json(body): Json<Choose>,
) -> ApiResult<Json<IdentityOutcome>> {
    let reference = reference(&r)?;
    let done = officer::choose_subject(
        api.store.as_ref(),
        &api.config,
        &reference,
        body.person,
        caller.name(),
        api.clock.now(),
    )
    .await?;
    (api.ring)();
    Ok(Json(done))
}

/// Where the code goes.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendCode {
    /// The address on file to send it to, when there are several.
    #[serde(default)]
    pub to: Option<String>,
}

/// Send a one-time code to an address on file of someone who may act.
#[utoipa::path(
    post, path = "/cases/{reference}/identity/code", tag = "identity",
    params(("reference" = String, Path, description = "The case reference")),
    request_body = SendCode,
    responses((status = 200, description = "Sent", body = IdentityOutcome), ActErrors)
)]
pub(super) async fn send_code(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path(r): Path<String>,
    Json(body): Json<SendCode>,
) -> ApiResult<Json<IdentityOutcome>> {
    let reference = reference(&r)?;
    let done = officer::send_code(
        api.store.as_ref(),
        &api.config,
        &reference,
        body.to.as_deref(),
        caller.name(),
        api.clock.now(),
    )
    .await?;
    (api.ring)();
    Ok(Json(done))
}

/// An in-person check.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InPerson {
    /// The kind of document shown (never copied, never its number):
    /// `passport`, `id-card`, `driving-licence`, `residence-permit` or
    /// `none`.
    #[schema(
        example = "id-card",
        pattern = "^(passport|id-card|driving-licence|residence-permit|none)$"
    )]
    pub document: String,
    /// Who saw the person.
    pub seen_by: String,
    /// A note (no document numbers, no BSN).
    #[serde(default)]
    pub note: Option<String>,
}

/// Record that the requester was seen in person.
#[utoipa::path(
    post, path = "/cases/{reference}/identity/in-person", tag = "identity",
    params(("reference" = String, Path, description = "The case reference")),
    request_body = InPerson,
    responses((status = 200, description = "Recorded", body = IdentityOutcome), ActErrors)
)]
pub(super) async fn in_person(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path(r): Path<String>,
    Json(body): Json<InPerson>,
) -> ApiResult<Json<IdentityOutcome>> {
    let reference = reference(&r)?;
    let document: DocumentSeen = body
        .document
        .parse()
        .map_err(|e: String| ProblemKind::InvalidInput.with(e))?;
    let done = officer::verify_in_person(
        api.store.as_ref(),
        &api.config,
        &reference,
        document,
        &body.seen_by,
        body.note.as_deref(),
        caller.name(),
        api.clock.now(),
    )
    .await?;
    (api.ring)();
    Ok(Json(done))
}

/// Why the requester may not act for the person.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotARepresentative {
    /// Why, for the case file.
    pub reason: String,
}

/// The requester may not act for this person: refuse, with the letter.
#[utoipa::path(
    post, path = "/cases/{reference}/identity/not-a-representative", tag = "identity",
    params(("reference" = String, Path, description = "The case reference")),
    request_body = NotARepresentative,
    responses((status = 200, description = "Refused", body = IdentityOutcome), ActErrors)
)]
pub(super) async fn not_a_representative(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path(r): Path<String>,
    Json(body): Json<NotARepresentative>,
) -> ApiResult<Json<IdentityOutcome>> {
    let reference = reference(&r)?;
    let done = officer::refuse_representative(
        api.store.as_ref(),
        &api.config,
        &reference,
        &body.reason,
        caller.name(),
        api.clock.now(),
    )
    .await?;
    (api.ring)();
    Ok(Json(done))
}

/// An attachment, as the identity view lists it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// The message's number.
    pub message: i64,
    /// The MIME part, e.g. `2` or `1.3`.
    #[schema(pattern = "^[0-9]+(\\.[0-9]+)*$")]
    pub part: String,
}

/// Keep an attachment as evidence for the request.
#[utoipa::path(
    post, path = "/cases/{reference}/identity/attachments/kept", tag = "identity",
    params(("reference" = String, Path, description = "The case reference")),
    request_body = Attachment,
    responses((status = 200, description = "Kept", body = IdentityOutcome), ActErrors)
)]
pub(super) async fn keep_attachment(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path(r): Path<String>,
    Json(body): Json<Attachment>,
) -> ApiResult<Json<IdentityOutcome>> {
    let reference = reference(&r)?;
    body.part
        .parse::<crate::intake::PartId>()
        .map_err(|e| ProblemKind::InvalidInput.with(e.to_string()))?;
    let at = AttachmentRef {
        message: body.message,
        part: body.part.trim().to_owned(),
    };
    let done = officer::keep_attachment(
        api.store.as_ref(),
        &reference,
        at,
        caller.name(),
        api.clock.now(),
    )
    .await?;
    Ok(Json(done))
}

/// Done reviewing the attachments: what is not kept may be removed.
#[utoipa::path(
    post, path = "/cases/{reference}/identity/attachments/reviewed", tag = "identity",
    params(("reference" = String, Path, description = "The case reference")),
    responses((status = 200, description = "Reviewed", body = IdentityOutcome), ActErrors)
)]
pub(super) async fn attachments_reviewed(
    State(api): State<ApiState>,
    Officer(caller): Officer,
    Path(r): Path<String>,
) -> ApiResult<Json<IdentityOutcome>> {
    let reference = reference(&r)?;
    let done = officer::attachments_reviewed(
        api.store.as_ref(),
        &reference,
        caller.name(),
        api.clock.now(),
    )
    .await?;
    (api.ring)();
    Ok(Json(done))
}
