//! What every console page shares: the frame the base template draws (the
//! language, the account and its role, the navigation, the flash), the
//! page's language, and the answer every page goes out as — HTML with the
//! console's Content-Security-Policy.

use super::flash::Flash;
use super::text::{text, Text};
use crate::lang::Lang;
use askama::Template;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The cookie that keeps the language a `?lang=` chose.
pub(super) const LANG_COOKIE: &str = "dsrd_console_lang";

/// The console's policy: only our own stylesheet and forms; no script,
/// no inline style, no framing.
const POLICY: &str = "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Who is signed in, as the frame shows it.
#[derive(Debug, Clone)]
pub(super) struct Who {
    /// The account's name.
    pub name: String,
    /// Its role, in words.
    pub role: &'static str,
    /// It may manage accounts: the navigation shows them.
    pub admin: bool,
}

/// The parts of a page the base template draws.
pub(super) struct Frame {
    /// The texts of the page's language.
    pub t: &'static Text,
    /// `nl` or `en`, for `<html lang>`.
    pub lang: &'static str,
    /// The page's title.
    pub title: String,
    /// The organisation, in the header.
    pub organisation: String,
    /// The account, on signed-in pages (with the navigation).
    pub who: Option<Who>,
    /// The message of the last action.
    pub flash: Option<Flash>,
    /// Which part of the navigation this page is (`inbox`, `triage`, …).
    pub section: &'static str,
}

/// The two-letter code of `lang`.
pub(super) fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "nl",
        Lang::En => "en",
    }
}

fn parse_lang(s: &str) -> Option<Lang> {
    match s {
        "nl" => Some(Lang::Nl),
        "en" => Some(Lang::En),
        _ => None,
    }
}

/// `?lang=` of the request, when it names one of ours.
fn asked(uri: &Uri) -> Option<Lang> {
    uri.query()?
        .split('&')
        .filter_map(|p| p.strip_prefix("lang="))
        .find_map(parse_lang)
}

/// The page's language: `?lang=`, else the cookie it set, else the
/// organisation's.
pub(super) fn language(uri: &Uri, headers: &HeaderMap, default: Lang) -> Lang {
    asked(uri)
        .or_else(|| {
            headers
                .get_all(header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(cookie::Cookie::split_parse)
                .filter_map(Result::ok)
                .find(|c| c.name() == LANG_COOKIE)
                .and_then(|c| parse_lang(c.value()))
        })
        .unwrap_or(default)
}

/// Keeps the language a `?lang=` chose, for the pages after.
pub(super) async fn remember_language(request: Request, next: Next) -> Response {
    let chosen = asked(request.uri());
    let mut response = next.run(request).await;
    if let Some(lang) = chosen {
        let c = cookie::Cookie::build((LANG_COOKIE, code(lang)))
            .path("/console")
            .http_only(true)
            .same_site(cookie::SameSite::Lax)
            .max_age(cookie::time::Duration::days(365))
            .build();
        if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

/// `template` as an HTML answer with `status`.
pub(super) fn html<T: Template>(status: StatusCode, template: &T) -> Response {
    match template.render() {
        Ok(body) => {
            let mut response = (status, body).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(POLICY),
            );
            response
        }
        Err(e) => {
            tracing::error!("console: a page failed to render: {e}");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// A page that says one thing: a refusal, a failure, nothing here.
#[derive(Template)]
#[template(path = "console/message.html")]
pub(super) struct MessagePage {
    /// The frame.
    pub f: Frame,
    /// What it says.
    pub message: String,
}

/// A message page in `lang` without the account's frame (the request did
/// not get as far as knowing who asks).
pub(super) fn bare(status: StatusCode, lang: Lang, title: &str, message: String) -> Response {
    let t = text(lang);
    html(
        status,
        &MessagePage {
            f: Frame {
                t,
                lang: code(lang),
                title: title.to_owned(),
                organisation: String::new(),
                who: None,
                flash: None,
                section: "",
            },
            message,
        },
    )
}
