//! Who may see and do what in the console: [`Ctx`] is any signed-in
//! account (a viewer reads), [`Acting`] one whose role may act (an officer
//! or an admin). Both read the API's session cookie and ask the API's
//! accounts, so the idle time-out, a disabled account and a signed-out
//! session hold here as they hold there. A browser without a valid session
//! is sent to the sign-in page (`303`, with the page it asked for), not
//! answered 401; a role that may not act gets a 403 page and the library
//! is never reached.
//!
//! [`same_site_only`] refuses every state-changing request from another
//! site before any handler runs: the same check the API makes
//! (`Sec-Fetch-Site`, else an `Origin` that is not ours).

use super::flash::{self, Flash};
use super::frame::{self, Frame, Who};
use super::text::{text, Text};
use super::words;
use crate::accounts::{Account, AuthError};
use crate::http::api::auth::{cross_site, session_cookie};
use crate::http::api::ApiState;
use crate::lang::Lang;
use askama::Template;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

/// A signed-in account, with the page's language and the flash it
/// brought.
pub(super) struct Ctx {
    /// The account.
    pub account: Account,
    /// The page's language.
    pub lang: Lang,
    /// The texts of that language.
    pub t: &'static Text,
    /// The message of the last action, shown once.
    pub flash: Option<Flash>,
    /// The organisation's name, for the header.
    organisation: String,
    /// Whether cookies carry `Secure`.
    pub secure: bool,
}

impl Ctx {
    /// Whether the account may act (officer, admin).
    pub fn may_act(&self) -> bool {
        self.account.role.may_act()
    }

    /// The name the library records as the one who acted.
    pub fn name(&self) -> &str {
        &self.account.name
    }

    /// The frame of a page titled `title` in the navigation's `section`.
    pub fn frame(&self, title: impl Into<String>, section: &'static str) -> Frame {
        Frame {
            t: self.t,
            lang: frame::code(self.lang),
            title: title.into(),
            organisation: self.organisation.clone(),
            who: Some(Who {
                name: self.account.name.clone(),
                role: words::role(self.account.role, self.lang),
                admin: self.account.role.may_manage(),
            }),
            flash: self.flash.clone(),
            section,
        }
    }

    /// `template` as the page, clearing the flash it showed.
    pub fn page<T: Template>(&self, template: &T) -> Response {
        self.page_with(StatusCode::OK, template)
    }

    /// `template` as the page with `status`.
    pub fn page_with<T: Template>(&self, status: StatusCode, template: &T) -> Response {
        let mut response = frame::html(status, template);
        if self.flash.is_some() {
            flash::clear(&mut response, self.secure);
        }
        response
    }

    /// A page that says one thing.
    pub fn message(&self, status: StatusCode, title: &str, message: String) -> Response {
        self.page_with(
            status,
            &frame::MessagePage {
                f: self.frame(title, ""),
                message,
            },
        )
    }

    /// The page that says something could not be read (500): what and why
    /// is in the daemon's log, never on the page.
    pub fn failed(&self) -> Response {
        self.message(
            StatusCode::INTERNAL_SERVER_ERROR,
            self.t.failed_title,
            self.t.failed.to_owned(),
        )
    }

    /// `303` back to `to` with what happened.
    pub fn back(&self, to: &str, said: Result<String, String>) -> Response {
        flash::back(to, said, self.secure)
    }
}

/// Percent-encodes `s` for a query value.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// To the sign-in page, coming back to the page asked for (a form's
/// address is not a page: after signing in, the inbox).
fn to_sign_in(parts: &Parts) -> Response {
    let next = if parts.method == Method::GET {
        parts
            .uri
            .path_and_query()
            .map_or("/console/", |p| p.as_str())
    } else {
        "/console/"
    };
    Redirect::to(&format!("/console/login?next={}", encode(next))).into_response()
}

fn route(parts: &Parts) -> String {
    parts
        .extensions
        .get::<axum::extract::MatchedPath>()
        .map_or_else(|| "(no route)".to_owned(), |p| p.as_str().to_owned())
}

impl FromRequestParts<ApiState> for Ctx {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, api: &ApiState) -> Result<Ctx, Response> {
        let lang = frame::language(
            &parts.uri,
            &parts.headers,
            api.config.organisation.default_language,
        );
        let Some(token) = session_cookie(&parts.headers) else {
            return Err(to_sign_in(parts));
        };
        let account = match api.accounts.session(&token, api.clock.now()).await {
            Ok(account) => account,
            Err(AuthError::Invalid) => return Err(to_sign_in(parts)),
            Err(AuthError::Store(e)) => {
                tracing::error!(route = route(parts), "console: the store failed: {e}");
                let t = text(lang);
                return Err(frame::bare(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    lang,
                    t.failed_title,
                    t.failed.to_owned(),
                ));
            }
        };
        Ok(Ctx {
            account,
            lang,
            t: text(lang),
            flash: flash::read(&parts.headers),
            organisation: api.config.organisation.name.clone(),
            secure: api.secure_cookie,
        })
    }
}

/// A signed-in account whose role may act on cases.
pub(super) struct Acting(pub Ctx);

impl FromRequestParts<ApiState> for Acting {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, api: &ApiState) -> Result<Acting, Response> {
        let ctx = Ctx::from_request_parts(parts, api).await?;
        if ctx.may_act() {
            return Ok(Acting(ctx));
        }
        tracing::warn!(
            route = route(parts),
            role = ctx.account.role.as_str(),
            "console: refused for the account's role"
        );
        Err(ctx.message(
            StatusCode::FORBIDDEN,
            ctx.t.forbidden_title,
            ctx.t.forbidden_role.to_owned(),
        ))
    }
}

/// Refuses a state-changing request that comes from another site, before
/// anything reads its form.
pub(super) async fn same_site_only(
    State(api): State<ApiState>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && cross_site(request.headers(), api.own_origin.as_deref()) {
        let (parts, _) = request.into_parts();
        tracing::warn!(
            route = route(&parts),
            "console: a cross-site form post refused"
        );
        let lang = frame::language(
            &parts.uri,
            &parts.headers,
            api.config.organisation.default_language,
        );
        let t = text(lang);
        return frame::bare(
            StatusCode::FORBIDDEN,
            lang,
            t.forbidden_title,
            t.cross_site.to_owned(),
        );
    }
    next.run(request).await
}
