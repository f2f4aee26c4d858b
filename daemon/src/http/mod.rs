//! The requester-facing web pages (issue 13, point 3): the answer e-mail
//! links to `GET /download/{token}`, a page with the organisation, the case
//! reference, the link's expiry and a form for the code from the second
//! e-mail; the form's `POST` to the same address streams the data package
//! once.
//!
//! Why it is shaped this way:
//! - Mail scanners (Microsoft Safe Links and others) open every link in a
//!   message, so the `GET` reads and never writes: only the `POST` with the
//!   right code spends the link.
//! - The token and the code are secrets: the store keeps their hashes only,
//!   and nothing here logs them or the request URI. Request logs name the
//!   route pattern and the status; download events name the case reference.
//! - A download spends the link only when the last byte has been handed
//!   over: a stream that breaks off (the requester's connection drops, the
//!   sealed file turns out damaged, the daemon stops) gives the package back
//!   to `offered`, so the same link and code work again.
//! - Every response forbids caching, framing, sniffing and referrers, and
//!   the pages load nothing from elsewhere and run no script.
//!
//! The officer's API ([`api`]) lives under `/api/v1` beside these routes,
//! with its own bounds and errors (problem documents, not pages); the
//! officer's web console ([`console`]) under `/console`, on the API's
//! accounts.

pub mod api;
mod console;
mod delivery;
mod download;
mod drain;
mod html;
mod layers;
mod link;
mod pages;
mod serve;

#[cfg(test)]
mod tests;

pub use serve::serve;

use crate::clock::Clock;
use crate::lang::Lang;
use crate::store::{PackageRow, Store};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

/// Wrong codes a link takes before it locks, unless configured otherwise.
pub const DEFAULT_MAX_TRIES: i64 = 5;

/// Where the package's plain bytes come from: the caller (the daemon) opens
/// the sealed file with the master key.
pub trait PackageSource: Send + Sync {
    /// The plain ZIP of `package`, as chunks; an Err chunk ends the stream
    /// (tampered file, missing file). Called on a blocking thread: it may
    /// read and decrypt synchronously.
    #[allow(clippy::type_complexity)]
    fn open(
        &self,
        package: &PackageRow,
    ) -> Result<Box<dyn Iterator<Item = Result<Vec<u8>, String>> + Send>, String>;

    /// Deletes the package's file (after download, when configured); a
    /// missing file is fine. Called on a blocking thread.
    fn delete(&self, package: &PackageRow) -> Result<(), String>;
}

/// What the download pages need to know of the organisation and its rules.
#[derive(Debug, Clone)]
pub struct DownloadSettings {
    /// The organisation's name, shown on every page.
    pub organisation: String,
    /// The time zone the link's expiry is shown in (the organisation's).
    pub time_zone: chrono_tz::Tz,
    /// The pages' language for a case written in neither Dutch nor
    /// English, as the letters do.
    pub default_language: Lang,
    /// Whether the package's file (and its key) is deleted as soon as it
    /// has been downloaded, rather than at the link's expiry.
    pub delete_after_download: bool,
    /// Wrong codes before the link locks ([`DEFAULT_MAX_TRIES`]).
    pub max_tries: i64,
}

/// Everything the web pages work with.
pub struct HttpState {
    /// The store: packages by token, claims, downloads.
    pub store: Arc<dyn Store>,
    /// The packages' plain bytes.
    pub packages: Arc<dyn PackageSource>,
    /// Now.
    pub clock: Arc<dyn Clock>,
    /// The organisation and its rules.
    pub settings: DownloadSettings,
    /// The officer's API, when the daemon serves it.
    pub api: Option<api::ApiState>,
}

/// The pages as an axum router, ready to serve. Downloads in progress on
/// it end only by themselves; [`serve`] also cuts them off at shutdown.
pub fn router(state: HttpState) -> Router {
    routes(App::new(state, drain::Drain::new()))
}

/// What every handler holds: the state and the shutdown's drain.
#[derive(Clone)]
struct App {
    state: Arc<HttpState>,
    drain: drain::Drain,
}

impl App {
    fn new(state: HttpState, drain: drain::Drain) -> App {
        App {
            state: Arc::new(state),
            drain,
        }
    }
}

/// The routes with their layers. Layers added later wrap those before:
/// the security headers and the request log go on every response,
/// whatever produced it; the pages' bounds and their "not found" page
/// stay with the pages, the API has its own.
fn routes(app: App) -> Router {
    let api = app.state.api.clone();
    let drain = app.drain.clone();
    let mut router = Router::new()
        .route(
            "/download/{token}",
            get(download::show).post(download::claim),
        )
        .route("/healthz", get(|| async { "ok" }))
        .fallback(layers::not_found)
        .layer(axum::extract::DefaultBodyLimit::max(layers::BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            layers::bounded,
        ))
        .with_state(app);
    if let Some(api) = api {
        router = router
            .merge(console::router(api.clone()))
            .nest("/api/v1", api::router(api, drain));
    }
    router
        .layer(axum::middleware::from_fn(layers::log_request))
        .layer(axum::middleware::map_response(layers::security_headers))
}
