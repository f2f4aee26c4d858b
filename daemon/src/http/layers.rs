//! What wraps every request: the security headers on every response, a
//! request log that names the route pattern and never the URI (it holds
//! the token), a bound on how long a request may take, the cut-off at
//! shutdown, and the page for an address that is not one of ours.

use super::pages::Page;
use super::App;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use std::time::{Duration, Instant};

/// The largest request body taken: the code form is a few dozen bytes.
pub(super) const BODY_LIMIT: usize = 4 * 1024;

/// How long a request may take up to its response's headers (reading the
/// form, asking the store, opening the package). The download's body is
/// not bound by it: a large package on a slow line takes its time.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The headers every response carries, pages and package alike.
pub(super) async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let fixed = [
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            axum::http::HeaderName::from_static("x-robots-tag"),
            "noindex, nofollow",
        ),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    // The console sets its own policy (its stylesheet is a file of ours,
    // not the download pages' inline style); every other response gets
    // the download pages' one.
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(policy) = HeaderValue::from_str(&super::html::content_security_policy()) {
            headers.insert(header::CONTENT_SECURITY_POLICY, policy);
        }
    }
    response
}

/// The route pattern a request matched (never its URI, which may hold a
/// token), for the request log and the API's refusals.
pub(super) fn route_of(extensions: &axum::http::Extensions) -> String {
    extensions
        .get::<MatchedPath>()
        .map_or_else(|| "(no route)".to_owned(), |p| p.as_str().to_owned())
}

/// Logs each request by its route pattern and status only: the URI holds
/// the token, and nothing else about a requester belongs in the log.
pub(super) async fn log_request(request: Request, next: Next) -> Response {
    let route = route_of(request.extensions());
    let method = request.method().clone();
    let started = Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        %method,
        route,
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "http request"
    );
    response
}

/// Ends a request that takes too long, or that is still in hand when
/// shutdown cuts off (a claim dropped this way gives its package back).
pub(super) async fn bounded(State(app): State<App>, request: Request, next: Next) -> Response {
    tokio::select! {
        response = tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)) => match response {
            Ok(response) => response,
            Err(_) => {
                tracing::warn!("http request took longer than {REQUEST_TIMEOUT:?}; ended");
                Page::Unavailable.render(&app.state.settings)
            }
        },
        () = app.drain.cut_off() => Page::Unavailable.render(&app.state.settings),
    }
}

/// Any address that is not one of ours.
pub(super) async fn not_found(State(app): State<App>) -> Response {
    Page::NotFound.render(&app.state.settings)
}
