//! Signing in and out of the console, with the API's accounts: the same
//! per-address limit before any password is hashed, the same lock-out
//! after repeated failures, the same second factor, and the same session
//! cookie (`dsrd_session`: `HttpOnly`, `SameSite=Lax`, `Secure` as
//! `accounts.secure_cookie` says).

use super::frame::{self, Frame};
use super::text::text;
use crate::accounts::LoginError;
use crate::http::api::auth::{session_cookie, SESSION_COOKIE};
use crate::http::api::ApiState;
use askama::Template;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use std::net::SocketAddr;

/// The sign-in page.
#[derive(Template)]
#[template(path = "console/login.html")]
pub(super) struct LoginPage {
    f: Frame,
    next: String,
    username: String,
    error: Option<String>,
}

/// Where to go after signing in.
#[derive(Debug, Deserialize)]
pub(super) struct Next {
    next: Option<String>,
}

/// The page to return to, if it is one of the console's own (never
/// another site: `//host` and `/\host` are refused).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with("/console/")
                && !n.contains("//")
                && !n.contains('\\')
                && !n.starts_with("/console/logout") =>
        {
            n.to_owned()
        }
        _ => "/console/".to_owned(),
    }
}

fn page(
    api: &ApiState,
    uri: &Uri,
    headers: &HeaderMap,
    next: String,
    username: String,
    error: Option<String>,
) -> Response {
    let lang = frame::language(uri, headers, api.config.organisation.default_language);
    let t = text(lang);
    frame::html(
        StatusCode::OK,
        &LoginPage {
            f: Frame {
                t,
                lang: frame::code(lang),
                title: t.sign_in.to_owned(),
                organisation: api.config.organisation.name.clone(),
                who: None,
                flash: None,
                section: "",
            },
            next,
            username,
            error,
        },
    )
}

/// `GET /console/login`.
pub(super) async fn show(
    State(api): State<ApiState>,
    uri: Uri,
    headers: HeaderMap,
    Query(q): Query<Next>,
) -> Response {
    page(
        &api,
        &uri,
        &headers,
        safe_next(q.next.as_deref()),
        String::new(),
        None,
    )
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub(super) struct SignIn {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    totp: String,
    #[serde(default)]
    next: Option<String>,
}

/// `POST /console/login`.
pub(super) async fn sign_in(
    State(api): State<ApiState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
    headers: HeaderMap,
    Form(form): Form<SignIn>,
) -> Response {
    let lang = frame::language(&uri, &headers, api.config.organisation.default_language);
    let t = text(lang);
    let next = safe_next(form.next.as_deref());
    let again = |error: &str| {
        page(
            &api,
            &uri,
            &headers,
            next.clone(),
            form.username.clone(),
            Some(error.to_owned()),
        )
    };
    if !api.login_allowed(peer.ip()) {
        tracing::warn!("console: login attempts from one address over the limit");
        return again(t.login_too_many);
    }
    let totp = Some(form.totp.trim()).filter(|c| !c.is_empty());
    let now = api.clock.now();
    let session = match api
        .accounts
        .login(form.username.trim(), &form.password, totp, now)
        .await
    {
        Ok(session) => session,
        Err(LoginError::Invalid) => return again(t.login_failed),
        Err(LoginError::SecondFactorRequired) => return again(t.login_totp),
        Err(LoginError::Locked { .. }) => return again(t.login_locked),
        Err(LoginError::Store(e)) => {
            tracing::error!("console: the store failed at sign-in: {e}");
            return again(t.failed);
        }
    };
    let cookie = cookie::Cookie::build((SESSION_COOKIE, session.token))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(api.secure_cookie)
        .build();
    let mut response = Redirect::to(&next).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie.to_string()) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// `POST /console/logout`: ends the session and clears the cookie.
pub(super) async fn sign_out(State(api): State<ApiState>, headers: HeaderMap) -> Response {
    if let Some(token) = session_cookie(&headers) {
        if let Err(e) = api.accounts.logout(&token, api.clock.now()).await {
            tracing::error!("console: the session could not be ended: {e}");
        }
    }
    let gone = cookie::Cookie::build((SESSION_COOKIE, ""))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(api.secure_cookie)
        .max_age(cookie::time::Duration::ZERO)
        .build();
    let mut response = Redirect::to("/console/login").into_response();
    if let Ok(v) = HeaderValue::from_str(&gone.to_string()) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_a_console_page_is_returned_to_after_signing_in() {
        assert_eq!(
            safe_next(Some("/console/cases/AVG-2026-0001")),
            "/console/cases/AVG-2026-0001"
        );
        for bad in [
            "https://evil.example/",
            "//evil.example/console/",
            "/console//evil.example",
            "/console/\\evil",
            "/api/v1/cases",
            "/console/logout",
        ] {
            assert_eq!(safe_next(Some(bad)), "/console/", "{bad}");
        }
        assert_eq!(safe_next(None), "/console/");
    }
}
