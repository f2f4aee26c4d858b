//! Serving the pages until shutdown, with a bounded drain: axum's graceful
//! shutdown waits for every open connection without limit, and a download
//! on a slow line can take as long as it likes, so after `drain` whatever
//! is still in hand is cut off, and the claims it held are given back
//! before this returns.

use super::drain::Drain;
use super::{routes, App, HttpState};
use crate::shutdown::Shutdown;
use std::future::IntoFuture;
use std::time::Duration;

/// How long a cut-off download may take to give its package back.
const SETTLE: Duration = Duration::from_secs(5);

/// Serves until `shutdown`; then stops accepting and gives the requests in
/// hand at most `drain` to finish (a download in progress is cut off after
/// that, and its package given back so its link works again).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: HttpState,
    shutdown: Shutdown,
    drain: Duration,
) -> std::io::Result<()> {
    let ending = Drain::new();
    let app = App::new(state, ending.clone());
    if let Ok(address) = listener.local_addr() {
        tracing::info!(%address, "serving the download pages");
    }
    let mut signal = shutdown.clone();
    let server = axum::serve(
        listener,
        routes(app).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move { signal.wait().await })
    .into_future();
    let mut server = std::pin::pin!(server);
    let mut stopping = shutdown;
    tokio::select! {
        result = &mut server => return result,
        () = stopping.wait() => {}
    }
    tracing::info!("download pages: not accepting any more; finishing the requests in hand");
    let mut ended = tokio::time::timeout(drain, &mut server).await.ok();
    if ended.is_none() {
        tracing::warn!("download pages: requests still in hand after {drain:?}; cutting them off");
        ending.cut();
    }
    // Cut off, every request ends at once; what is left is the store
    // hearing that their claims are given back.
    let settle = async {
        if ended.is_none() {
            ended = Some((&mut server).await);
        }
        ending.settled().await;
    };
    if tokio::time::timeout(SETTLE, settle).await.is_err() {
        tracing::error!("download pages: requests in hand did not settle in {SETTLE:?}");
    }
    ended.unwrap_or(Ok(()))
}
