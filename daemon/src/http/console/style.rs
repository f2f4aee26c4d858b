//! The console's one stylesheet, a file of ours served from the daemon:
//! no CDN, no web fonts, nothing loaded from elsewhere.

use axum::http::header;
use axum::response::IntoResponse;

/// The stylesheet's text, compiled into the binary.
const CSS: &str = include_str!("../../../templates/console/console.css");

/// `GET /console/static/console.css`.
pub(super) async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        CSS,
    )
}
