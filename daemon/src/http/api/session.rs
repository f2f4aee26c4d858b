//! Signing in and out: `POST /api/v1/session` with a name, a password and,
//! for an account with a second factor, the authenticator's code, sets the
//! session cookie; `GET` says who is signed in (or whose token it is);
//! `DELETE` ends the session. Login attempts are limited per client
//! address before any password is checked (each check costs an Argon2
//! hash), and failures are counted per account by the accounts themselves,
//! which lock an account after too many — behind a reverse proxy every
//! client shares one address, so the per-account count is what holds.

use super::auth::{session_cookie, Caller, Viewer, SESSION_COOKIE};
use super::extract::Json;
use super::problem::{ApiError, ApiResult, Problem, ProblemKind};
use super::ApiState;
use crate::accounts::Account;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use utoipa::ToSchema;

/// A login.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Login {
    /// The account's name.
    pub name: String,
    /// Its password.
    pub password: String,
    /// The current code of the authenticator app, for an account with a
    /// second factor.
    #[serde(default)]
    pub totp: Option<String>,
}

/// Who is signed in.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionInfo {
    /// The account.
    pub account: AccountView,
    /// How the caller is known: `session` or `token`.
    pub credential: String,
    /// When the session ends if it is not used (a login's answer only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
}

/// An account as the API shows it (never a hash or a secret).
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountView {
    /// The account's name, as the audit log records it.
    pub name: String,
    /// `viewer`, `officer` or `admin`.
    pub role: String,
    /// Whether it has a second factor.
    pub totp: bool,
    /// Whether it is disabled.
    pub disabled: bool,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// Its last login.
    pub last_login_at: Option<DateTime<Utc>>,
    /// Locked after failed logins until then.
    pub locked_until: Option<DateTime<Utc>>,
}

impl From<&Account> for AccountView {
    fn from(a: &Account) -> AccountView {
        AccountView {
            name: a.name.clone(),
            role: a.role.as_str().to_owned(),
            totp: a.totp,
            disabled: a.disabled,
            created_at: a.created_at,
            last_login_at: a.last_login_at,
            locked_until: a.locked_until,
        }
    }
}

/// Sign in: sets the session cookie.
#[utoipa::path(
    post, path = "/session", tag = "session",
    request_body = Login,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = SessionInfo),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong name or password, or the second factor is needed", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing", body = Problem, content_type = "application/problem+json"),
        (status = 423, description = "Locked after too many failed logins", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
pub(super) async fn login(
    State(api): State<ApiState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Json(login): Json<Login>,
) -> ApiResult<Response> {
    if api.login_limit.check_key(&peer.ip()).is_err() {
        tracing::warn!("officer API: login attempts from one address over the limit");
        return Err(ProblemKind::TooManyRequests.with("too many login attempts; wait a minute"));
    }
    let now = api.clock.now();
    let session = api
        .accounts
        .login(&login.name, &login.password, login.totp.as_deref(), now)
        .await?;
    let cookie = cookie::Cookie::build((SESSION_COOKIE, session.token.clone()))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(api.secure_cookie)
        .build();
    let body = SessionInfo {
        account: (&session.account).into(),
        credential: "session".to_owned(),
        expires_at: Some(session.expires_at),
    };
    let mut response = Json(body).into_response();
    set_cookie(&mut response, &cookie.to_string())?;
    Ok(response)
}

/// Who is signed in, or whose token this is.
#[utoipa::path(
    get, path = "/session", tag = "session",
    responses(
        (status = 200, description = "The caller", body = SessionInfo),
        (status = 401, description = "No valid session or token", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn whoami(Viewer(caller): Viewer) -> Json<SessionInfo> {
    Json(info(&caller))
}

fn info(caller: &Caller) -> SessionInfo {
    SessionInfo {
        account: (&caller.account).into(),
        credential: match caller.credential {
            super::auth::Credential::Session => "session",
            super::auth::Credential::Token => "token",
        }
        .to_owned(),
        expires_at: None,
    }
}

/// Sign out: ends the session and clears its cookie.
#[utoipa::path(
    delete, path = "/session", tag = "session",
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "No valid session or token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cross-site request", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn logout(
    State(api): State<ApiState>,
    Viewer(_caller): Viewer,
    headers: HeaderMap,
) -> ApiResult<Response> {
    if let Some(token) = session_cookie(&headers) {
        api.accounts
            .logout(&token, api.clock.now())
            .await
            .map_err(|e| ProblemKind::Internal.with(e.to_string()))?;
    }
    let gone = cookie::Cookie::build((SESSION_COOKIE, ""))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(api.secure_cookie)
        .max_age(cookie::time::Duration::ZERO)
        .build();
    let mut response = axum::http::StatusCode::NO_CONTENT.into_response();
    set_cookie(&mut response, &gone.to_string())?;
    Ok(response)
}

fn set_cookie(response: &mut Response, value: &str) -> Result<(), ApiError> {
    let value = HeaderValue::from_str(value)
        .map_err(|e| ProblemKind::Internal.with(format!("session cookie: {e}")))?;
    response.headers_mut().append(header::SET_COOKIE, value);
    Ok(())
}
