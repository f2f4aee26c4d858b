//! Every error of the officer's API as a problem document (RFC 9457,
//! `application/problem+json`), with a stable `type` per kind of error —
//! `urn:dsrd:problem:identity-not-verified`, `urn:dsrd:problem:forbidden` —
//! so that a console or a school board's script can act on the kind and
//! show the `detail` to a person. axum's own rejections (a malformed JSON
//! body, a missing field, a wrong content type) answer in plain text;
//! they are turned into problems here too, so that no error of the API
//! has another shape.
//!
//! A problem never carries personal data the caller did not send: refusals
//! name the case reference and the rule, never the requester.

use crate::accounts::{AuthError, LoginError};
use crate::officer::ActionError;
use crate::store::{RefusalKind, StoreError};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// The media type of every error.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error, as the API answers it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// What kind of error this is, stable across versions:
    /// `urn:dsrd:problem:<kind>`.
    #[serde(rename = "type")]
    #[schema(example = "urn:dsrd:problem:identity-not-verified")]
    pub kind: String,
    /// A short summary of the kind, the same for every error of it.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What happened this time, and what to do, for a person to read.
    pub detail: String,
}

/// The kinds of error, each with its status and title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// No session and no token, or one that is not valid (any more).
    Unauthorized,
    /// The account's role may not do this.
    Forbidden,
    /// Name and password (or the second factor) did not match.
    LoginFailed,
    /// The password was right; the account also needs its TOTP code.
    SecondFactorRequired,
    /// Too many failed logins: the account is locked for a while.
    AccountLocked,
    /// Too many login attempts from one address.
    TooManyRequests,
    /// No such case, action or route.
    NotFound,
    /// The method is not one this route takes.
    MethodNotAllowed,
    /// The request is not well-formed (JSON syntax, query, path).
    BadRequest,
    /// Well-formed, but a value is not acceptable (an unknown request
    /// type, a missing reason).
    InvalidInput,
    /// The body is not JSON.
    UnsupportedMediaType,
    /// The body is larger than the API takes.
    PayloadTooLarge,
    /// A cross-site form post with the session cookie.
    CrossSite,
    /// A rule of the case refused the action (the refusal's kind).
    Refused(RefusalKind),
    /// The request took too long.
    Timeout,
    /// The store or a plugin failed; nothing was changed.
    Internal,
}

impl ProblemKind {
    /// The stable slug in `urn:dsrd:problem:<slug>`.
    pub fn slug(self) -> &'static str {
        match self {
            ProblemKind::Unauthorized => "unauthorized",
            ProblemKind::Forbidden => "forbidden",
            ProblemKind::LoginFailed => "login-failed",
            ProblemKind::SecondFactorRequired => "second-factor-required",
            ProblemKind::AccountLocked => "account-locked",
            ProblemKind::TooManyRequests => "too-many-requests",
            ProblemKind::NotFound => "not-found",
            ProblemKind::MethodNotAllowed => "method-not-allowed",
            ProblemKind::BadRequest => "bad-request",
            ProblemKind::InvalidInput => "invalid-input",
            ProblemKind::UnsupportedMediaType => "unsupported-media-type",
            ProblemKind::PayloadTooLarge => "payload-too-large",
            ProblemKind::CrossSite => "cross-site-request",
            ProblemKind::Refused(kind) => kind.slug(),
            ProblemKind::Timeout => "timeout",
            ProblemKind::Internal => "internal",
        }
    }

    /// The HTTP status.
    pub fn status(self) -> StatusCode {
        match self {
            ProblemKind::Unauthorized
            | ProblemKind::LoginFailed
            | ProblemKind::SecondFactorRequired => StatusCode::UNAUTHORIZED,
            ProblemKind::Forbidden | ProblemKind::CrossSite => StatusCode::FORBIDDEN,
            ProblemKind::AccountLocked => StatusCode::LOCKED,
            ProblemKind::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            ProblemKind::NotFound => StatusCode::NOT_FOUND,
            ProblemKind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ProblemKind::BadRequest => StatusCode::BAD_REQUEST,
            ProblemKind::InvalidInput => StatusCode::UNPROCESSABLE_ENTITY,
            ProblemKind::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ProblemKind::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ProblemKind::Refused(RefusalKind::NotAnApprover) => StatusCode::FORBIDDEN,
            ProblemKind::Refused(_) => StatusCode::CONFLICT,
            ProblemKind::Timeout => StatusCode::SERVICE_UNAVAILABLE,
            ProblemKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The summary every error of this kind carries.
    pub fn title(self) -> &'static str {
        match self {
            ProblemKind::Unauthorized => "Sign in first, or send a valid API token",
            ProblemKind::Forbidden => "Your role may not do this",
            ProblemKind::LoginFailed => "Name or password is wrong",
            ProblemKind::SecondFactorRequired => "The code of your authenticator app is needed",
            ProblemKind::AccountLocked => {
                "Too many failed logins: the account is locked for a while"
            }
            ProblemKind::TooManyRequests => "Too many attempts: wait a little",
            ProblemKind::NotFound => "Not found",
            ProblemKind::MethodNotAllowed => "This address does not take this method",
            ProblemKind::BadRequest => "The request is not well-formed",
            ProblemKind::InvalidInput => "A value in the request is not acceptable",
            ProblemKind::UnsupportedMediaType => "Send the body as application/json",
            ProblemKind::PayloadTooLarge => "The request body is too large",
            ProblemKind::CrossSite => "A request from another site is refused",
            ProblemKind::Refused(RefusalKind::IdentityNotVerified) => {
                "The requester's identity is not verified yet"
            }
            ProblemKind::Refused(RefusalKind::StalePlan) => "The plan changed since it was shown",
            ProblemKind::Refused(RefusalKind::NoPlan) => "The case has no plan yet",
            ProblemKind::Refused(RefusalKind::AlreadyDecided) => {
                "You made this decision already; another officer must make the next"
            }
            ProblemKind::Refused(RefusalKind::NotAnApprover) => {
                "Only a configured officer may approve or reject"
            }
            ProblemKind::Refused(RefusalKind::State) => "The case's state does not allow this",
            ProblemKind::Refused(RefusalKind::Rule) => "The case's rules refuse this",
            ProblemKind::Timeout => "The request took too long",
            ProblemKind::Internal => "Something failed on the server; nothing was changed",
        }
    }

    /// A problem of this kind saying `detail`.
    pub fn with(self, detail: impl Into<String>) -> ApiError {
        ApiError {
            kind: self,
            detail: detail.into(),
        }
    }
}

/// An error on its way to becoming a [`Problem`] response.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// Its kind.
    pub kind: ProblemKind,
    /// What happened.
    pub detail: String,
}

impl ApiError {
    /// The document.
    pub fn problem(&self) -> Problem {
        Problem {
            kind: format!("urn:dsrd:problem:{}", self.kind.slug()),
            title: self.kind.title().to_owned(),
            status: self.kind.status().as_u16(),
            detail: self.detail.clone(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.kind == ProblemKind::Internal {
            // The cause is logged, not sent: it may name a table or a path.
            tracing::error!("officer API: {}", self.detail);
        }
        let mut problem = self.problem();
        if self.kind == ProblemKind::Internal {
            problem.detail = "the server failed; see its log".to_owned();
        }
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (self.kind.status(), body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        response
    }
}

impl From<ActionError> for ApiError {
    fn from(e: ActionError) -> ApiError {
        match e {
            ActionError::NotFound(reference) => {
                ProblemKind::NotFound.with(format!("there is no case {reference}"))
            }
            ActionError::Refused(refusal) => {
                ProblemKind::Refused(refusal.kind).with(refusal.reason)
            }
            ActionError::Store(e) => e.into(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        ProblemKind::Internal.with(e.to_string())
    }
}

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> ApiError {
        match e {
            AuthError::Invalid => ProblemKind::Unauthorized
                .with("the session or token is not valid (any more): sign in again"),
            AuthError::Store(e) => e.into(),
        }
    }
}

impl From<LoginError> for ApiError {
    fn from(e: LoginError) -> ApiError {
        match e {
            LoginError::Invalid => ProblemKind::LoginFailed.with("name or password is wrong"),
            LoginError::SecondFactorRequired => ProblemKind::SecondFactorRequired
                .with("send the current code of your authenticator app as `totp`"),
            LoginError::Locked { until } => ProblemKind::AccountLocked.with(format!(
                "too many failed logins; try again after {}",
                until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            )),
            LoginError::Store(e) => e.into(),
        }
    }
}

/// The problem responses a route can give, for its OpenAPI entry.
pub(super) type ApiResult<T> = Result<T, ApiError>;

/// The errors of a route that reads, for its OpenAPI entry.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub(super) enum ReadErrors {
    /// The path or the query is not well-formed.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// No valid session or token.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// No such case (or action).
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
}

/// The errors of a route that acts, for its OpenAPI entry.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub(super) enum ActErrors {
    /// The body, path or query is not well-formed.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// No valid session or token.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// The caller's role may not act, the account is no configured
    /// approving officer, or a cross-site request.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// No such case (or action).
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// A rule of the case refused the action; `type` says which
    /// (`urn:dsrd:problem:identity-not-verified`, `…:stale-plan`, …).
    #[response(status = 409, content_type = "application/problem+json")]
    Refused(Problem),
    /// The body is too large.
    #[response(status = 413, content_type = "application/problem+json")]
    TooLarge(Problem),
    /// The body is not JSON.
    #[response(status = 415, content_type = "application/problem+json")]
    NotJson(Problem),
    /// A value in the body is not acceptable.
    #[response(status = 422, content_type = "application/problem+json")]
    Invalid(Problem),
}
