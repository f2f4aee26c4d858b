//! The message a page shows once after an action ("Goedgekeurd", or the
//! library's refusal in words): an action answers `303 See Other` back to
//! its page, so the message rides along in a short-lived cookie that the
//! next page shows and clears. It holds what the officer did or why it was
//! refused (references and rules, as the library words them), never the
//! requester's data, and lives only for the browser session.

use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine as _;

/// The cookie's name.
const FLASH_COOKIE: &str = "dsrd_console_flash";

/// The longest message carried (a library refusal is a sentence or two).
const MOST: usize = 1000;

/// A message for the next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Flash {
    /// Done (`true`) or refused (`false`): a status or an alert.
    pub ok: bool,
    /// What to say.
    pub text: String,
}

/// The flash the browser brought, if any.
pub(super) fn read(headers: &HeaderMap) -> Option<Flash> {
    let value = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == FLASH_COOKIE)?
        .value()
        .to_owned();
    let (kind, text) = value.split_at_checked(1)?;
    let text = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .ok()?;
    Some(Flash {
        ok: kind == "1",
        text: String::from_utf8(text).ok()?,
    })
}

fn cookie_for(value: String, secure: bool, clear: bool) -> Option<HeaderValue> {
    let mut c = cookie::Cookie::build((FLASH_COOKIE, value))
        .path("/console")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(secure);
    if clear {
        c = c.max_age(cookie::time::Duration::ZERO);
    }
    HeaderValue::from_str(&c.build().to_string()).ok()
}

/// `303 See Other` to `to`, carrying `said`: `Ok` what was done, `Err`
/// why not.
pub(super) fn back(to: &str, said: Result<String, String>, secure: bool) -> Response {
    let (ok, mut text) = match said {
        Ok(t) => (true, t),
        Err(t) => (false, t),
    };
    if text.len() > MOST {
        let mut end = MOST;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
    let value = format!(
        "{}{}",
        if ok { "1" } else { "0" },
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text.as_bytes())
    );
    let mut response = Redirect::to(to).into_response();
    if let Some(v) = cookie_for(value, secure, false) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// Clears the flash cookie on `response` (the page showed it).
pub(super) fn clear(response: &mut Response, secure: bool) {
    if let Some(v) = cookie_for(String::new(), secure, true) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flash_survives_its_cookie_and_markup_in_it_is_only_text() {
        let r = back("/console/", Err("<script>x</script> ✓".into()), false);
        assert_eq!(r.status(), 303);
        let set = r.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
        let pair = set.split(';').next().unwrap();
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_str(pair).unwrap());
        assert_eq!(
            read(&h),
            Some(Flash {
                ok: false,
                text: "<script>x</script> ✓".into()
            })
        );
        assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax"));
    }
}
