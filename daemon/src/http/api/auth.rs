//! Who is calling, and whether their role may: every route takes one of
//! [`Viewer`], [`Officer`] or [`Admin`], which read the API token
//! (`Authorization: Bearer …`) or the session cookie, ask the accounts
//! whether it is valid now, and check the account's role before the
//! handler — and so the library — is reached. A call without either is
//! refused with 401, a role that may not with 403; the refusal is logged
//! with the route and the role only, never the account's name.
//!
//! The session cookie is sent by the browser on its own, so a state-changing
//! call that carries it must come from our own pages: a cross-site request
//! (`Sec-Fetch-Site: cross-site`, or an `Origin` that is not ours) is
//! refused. A token is never sent by a browser on its own and needs no
//! such check.

use super::problem::{ApiError, ProblemKind};
use super::ApiState;
use crate::accounts::{Account, Role};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "dsrd_session";

/// How the caller proved who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// The session cookie of a login.
    Session,
    /// An API token.
    Token,
}

/// A caller whose session or token is valid, whatever their role.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The account.
    pub account: Account,
    /// How they proved it.
    pub credential: Credential,
}

impl Caller {
    /// The name the library records as the one who acted: the account's.
    pub fn name(&self) -> &str {
        &self.account.name
    }
}

/// Any valid caller: viewers read.
#[derive(Debug, Clone)]
pub struct Viewer(pub Caller);

/// A caller who may act on cases: an officer or an admin.
#[derive(Debug, Clone)]
pub struct Officer(pub Caller);

/// A caller who may manage accounts.
#[derive(Debug, Clone)]
pub struct Admin(pub Caller);

/// The session token in the request's cookies, if any.
pub(crate) fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == SESSION_COOKIE)
        .map(|c| c.value().to_owned())
}

/// The bearer token, if the request has one.
fn bearer(headers: &HeaderMap) -> Option<Result<String, ApiError>> {
    let value = headers.get(header::AUTHORIZATION)?;
    let token = value
        .to_str()
        .ok()
        .and_then(|v| {
            let (scheme, token) = v.split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then(|| token.trim().to_owned())
        })
        .filter(|t| !t.is_empty());
    Some(token.ok_or_else(|| {
        ProblemKind::Unauthorized.with("the Authorization header must be `Bearer <token>`")
    }))
}

/// Whether a request carrying the session cookie comes from another site.
/// Browsers send `Sec-Fetch-Site`; older ones at least `Origin`, which must
/// then be the API's own (the configured public URL, or the Host asked).
pub(crate) fn cross_site(headers: &HeaderMap, own_origin: Option<&str>) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        // No browser signal at all: not a browser's form post.
        return false;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let ours = |o: &str| o.trim_end_matches('/').eq_ignore_ascii_case(origin);
    let by_host =
        host.is_some_and(|h| ours(&format!("http://{h}")) || ours(&format!("https://{h}")));
    !(own_origin.is_some_and(ours) || by_host)
}

fn route(parts: &Parts) -> String {
    super::super::layers::route_of(&parts.extensions)
}

impl FromRequestParts<ApiState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, api: &ApiState) -> Result<Self, ApiError> {
        let now = api.clock.now();
        if let Some(token) = bearer(&parts.headers) {
            let account = api.accounts.bearer(&token?, now).await?;
            return Ok(Caller {
                account,
                credential: Credential::Token,
            });
        }
        let Some(token) = session_cookie(&parts.headers) else {
            return Err(ProblemKind::Unauthorized
                .with("sign in (POST /api/v1/session) or send an API token as `Authorization: Bearer <token>`"));
        };
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe && cross_site(&parts.headers, api.own_origin.as_deref()) {
            tracing::warn!(
                route = route(parts),
                "officer API: a cross-site request with the session cookie refused"
            );
            return Err(ProblemKind::CrossSite.with(
                "this request came from another site; use dsrd's own pages or an API token",
            ));
        }
        let account = api.accounts.session(&token, now).await?;
        Ok(Caller {
            account,
            credential: Credential::Session,
        })
    }
}

/// Refuses a caller whose role may not, logging the route and the role.
fn refuse(parts: &Parts, role: Role, needs: &str) -> ApiError {
    tracing::warn!(
        route = route(parts),
        role = role.as_str(),
        "officer API: refused for the caller's role"
    );
    ProblemKind::Forbidden.with(format!("a {role} may not do this; it needs {needs}"))
}

impl FromRequestParts<ApiState> for Viewer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, api: &ApiState) -> Result<Self, ApiError> {
        Caller::from_request_parts(parts, api).await.map(Viewer)
    }
}

impl FromRequestParts<ApiState> for Officer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, api: &ApiState) -> Result<Self, ApiError> {
        let caller = Caller::from_request_parts(parts, api).await?;
        if caller.account.role.may_act() {
            Ok(Officer(caller))
        } else {
            Err(refuse(parts, caller.account.role, "an officer or an admin"))
        }
    }
}

impl FromRequestParts<ApiState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, api: &ApiState) -> Result<Self, ApiError> {
        let caller = Caller::from_request_parts(parts, api).await?;
        if caller.account.role.may_manage() {
            Ok(Admin(caller))
        } else {
            Err(refuse(parts, caller.account.role, "an admin"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    #[test]
    fn a_request_from_another_site_is_cross_site() {
        assert!(cross_site(
            &headers(&[("sec-fetch-site", "cross-site")]),
            None
        ));
        assert!(cross_site(
            &headers(&[("sec-fetch-site", "same-site")]),
            None
        ));
        assert!(!cross_site(
            &headers(&[("sec-fetch-site", "same-origin")]),
            None
        ));
        assert!(cross_site(
            &headers(&[
                ("origin", "https://evil.example"),
                ("host", "dsrd.school.nl")
            ]),
            Some("https://dsrd.school.nl")
        ));
        assert!(!cross_site(
            &headers(&[
                ("origin", "https://dsrd.school.nl"),
                ("host", "127.0.0.1:8470")
            ]),
            Some("https://dsrd.school.nl/")
        ));
        assert!(!cross_site(
            &headers(&[
                ("origin", "http://127.0.0.1:8470"),
                ("host", "127.0.0.1:8470")
            ]),
            None
        ));
        assert!(!cross_site(&headers(&[]), None));
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let h = headers(&[("cookie", "a=1; dsrd_session=abc; b=2")]);
        assert_eq!(session_cookie(&h).as_deref(), Some("abc"));
        assert_eq!(session_cookie(&headers(&[("cookie", "a=1")])), None);
    }

    #[test]
    fn a_bearer_header_must_name_its_scheme() {
        let ok = bearer(&headers(&[("authorization", "Bearer dsrd_x")])).unwrap();
        assert_eq!(ok.unwrap(), "dsrd_x");
        assert!(bearer(&headers(&[("authorization", "Basic eDp5")]))
            .unwrap()
            .is_err());
        assert!(bearer(&headers(&[])).is_none());
    }
}
