//! Streaming a claimed package to its requester, once.
//!
//! The package's reader (decryption of the sealed file) is synchronous, so
//! it runs on a blocking thread and hands its chunks over a short channel;
//! the response body takes them from there. The download counts only when
//! the reader has reached its end: then the store records it (and, when
//! configured, forgets the key and the file goes), and only after that
//! does the response end properly. Every other way out — the requester's
//! connection gone, a damaged file, the shutdown's cut-off, the store
//! failing to record the end — drops the [`Claim`], which gives the package
//! back (`downloading → offered`), and breaks the response off, so the
//! requester's browser reports a failed download rather than a short file.

use super::drain::{Drain, Hold};
use super::pages::Page;
use super::{App, PackageSource};
use crate::store::PackageRow;
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::io;
use tokio::sync::mpsc;

/// Chunks read ahead of the connection: enough to keep the line busy,
/// few enough that a stalled requester does not make the daemon hold much
/// of the plain package in memory.
const READ_AHEAD: usize = 2;

/// A package claimed for one download (`downloading` in the store). Unless
/// its end is recorded, dropping it gives the package back.
pub(super) struct Claim {
    app: App,
    package: PackageRow,
    /// Counted by the drain until the outcome is in the store.
    hold: Option<Hold>,
    /// The outcome is in the store (or nothing is left to give back).
    settled: bool,
}

impl Claim {
    /// The claim on `package`, counted by `hold`.
    pub(super) fn new(app: App, package: PackageRow, hold: Hold) -> Claim {
        Claim {
            app,
            package,
            hold: Some(hold),
            settled: false,
        }
    }

    /// Records the download and, when configured, deletes the file. False
    /// when the store did not record it (the claim then gives the package
    /// back when dropped).
    async fn finish(&mut self) -> bool {
        let state = &self.app.state;
        let reference = self.package.case.to_string();
        let delete = state.settings.delete_after_download;
        match state
            .store
            .finish_download(self.package.id, delete, state.clock.now())
            .await
        {
            Ok(true) => {}
            Ok(false) => {
                // Nothing of ours to give back either.
                self.settled = true;
                tracing::warn!(
                    reference,
                    "download ended, but its package was no longer claimed"
                );
                return false;
            }
            Err(e) => {
                tracing::error!(reference, error = %e, "download ended, but the store did not record it");
                return false;
            }
        }
        self.settled = true;
        tracing::info!(reference, "package downloaded");
        if delete {
            let source = state.packages.clone();
            let package = self.package.clone();
            // Its key is gone already: a file left behind cannot be read,
            // and start-up removes it.
            match tokio::task::spawn_blocking(move || source.delete(&package)).await {
                Ok(Ok(())) => tracing::info!(reference, "package file deleted after its download"),
                Ok(Err(e)) => {
                    tracing::error!(reference, error = %e, "package file not deleted after its download")
                }
                Err(e) => tracing::error!(
                    reference,
                    "package file not deleted after its download: {e}"
                ),
            }
        }
        true
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        if self.settled {
            return;
        }
        let store = self.app.state.store.clone();
        let clock = self.app.state.clock.clone();
        let id = self.package.id;
        let reference = self.package.case.to_string();
        let hold = self.hold.take();
        let release = async move {
            match store.release_download(id, clock.now()).await {
                Ok(true) => tracing::info!(reference, "download broke off; the link works again"),
                Ok(false) => tracing::warn!(
                    reference,
                    "download broke off, but its package was no longer claimed"
                ),
                Err(e) => {
                    tracing::error!(reference, error = %e, "download broke off and its package could not be given back")
                }
            }
            drop(hold);
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(release);
            }
            Err(_) => {
                tracing::error!(reference = %self.package.case, "download broke off outside the runtime; its package stays claimed");
            }
        }
    }
}

/// What the reader hands over.
enum Piece {
    Chunk(Vec<u8>),
    /// The reader failed; nothing follows.
    Failed(String),
    /// The last chunk has been handed over. A reader that stops without
    /// saying so (a panic) has not delivered the package.
    End,
}

/// Reads `package` into `pieces` until its end, a failure, or the body
/// being dropped (the send fails). Runs on a blocking thread.
fn pump(source: &dyn PackageSource, package: &PackageRow, pieces: &mpsc::Sender<Piece>) {
    let chunks = match source.open(package) {
        Ok(chunks) => chunks,
        Err(e) => {
            let _ = pieces.blocking_send(Piece::Failed(e));
            return;
        }
    };
    for chunk in chunks {
        let piece = match chunk {
            // An empty chunk would read as the end of a chunked body.
            Ok(bytes) if bytes.is_empty() => continue,
            Ok(bytes) => Piece::Chunk(bytes),
            Err(e) => Piece::Failed(e),
        };
        let failed = matches!(piece, Piece::Failed(_));
        if pieces.blocking_send(piece).is_err() || failed {
            return;
        }
    }
    let _ = pieces.blocking_send(Piece::End);
}

/// The response body's side: the chunks as they come, then the recorded
/// end, or an error that breaks the response off.
struct Pieces {
    pieces: mpsc::Receiver<Piece>,
    claim: Option<Claim>,
    drain: Drain,
    /// The case, for the log.
    reference: String,
}

impl Pieces {
    async fn next(&mut self) -> Option<Result<Bytes, io::Error>> {
        self.claim.as_ref()?;
        let reference = &self.reference;
        let piece = tokio::select! {
            biased;
            () = self.drain.cut_off() => None,
            piece = self.pieces.recv() => Some(piece),
        };
        let failure = match piece {
            Some(Some(Piece::Chunk(bytes))) => return Some(Ok(Bytes::from(bytes))),
            Some(Some(Piece::End)) => {
                let mut claim = self.claim.take()?;
                if claim.finish().await {
                    return None;
                }
                "the download could not be recorded"
            }
            Some(Some(Piece::Failed(e))) => {
                tracing::error!(reference, error = %e, "download: the package cannot be read");
                "the package cannot be read"
            }
            Some(None) => {
                tracing::error!(
                    reference,
                    "download: the package's reader stopped before its end"
                );
                "the package's reader stopped"
            }
            None => {
                tracing::warn!(reference, "download cut off by the shutdown");
                "cut off by the shutdown"
            }
        };
        // Dropping the claim (if `finish` has not) gives the package back.
        self.claim = None;
        Some(Err(io::Error::other(failure)))
    }
}

/// The response for a claimed package: its first chunk is read before the
/// headers go, so a file that cannot be opened gets a page that says so
/// instead of a broken download.
pub(super) async fn deliver(claim: Claim) -> Response {
    let app = claim.app.clone();
    let package = claim.package.clone();
    tracing::info!(reference = %package.case, "download code accepted; streaming the package");
    let (sender, receiver) = mpsc::channel(READ_AHEAD);
    let source = app.state.packages.clone();
    let reading = package.clone();
    tokio::task::spawn_blocking(move || pump(&*source, &reading, &sender));
    let mut pieces = Pieces {
        pieces: receiver,
        claim: Some(claim),
        drain: app.drain.clone(),
        reference: package.case.to_string(),
    };
    let first = match pieces.next().await {
        Some(Ok(bytes)) => Some(bytes),
        // An empty package, its download recorded already.
        None => None,
        Some(Err(_)) => return Page::Unreadable(Box::new(package)).render(&app.state.settings),
    };
    let body = futures_util::stream::unfold((first, pieces), |(first, mut pieces)| async move {
        let item = match first {
            Some(bytes) => Ok(bytes),
            None => pieces.next().await?,
        };
        Some((item, (None, pieces)))
    });
    (
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/zip"),
            ),
            (header::CONTENT_DISPOSITION, disposition(&package)),
        ],
        Body::from_stream(body),
    )
        .into_response()
}

/// `attachment; filename="AVG-2026-0001.zip"`: the reference is letters,
/// digits and dashes, and only those are kept, whatever it holds.
fn disposition(package: &PackageRow) -> HeaderValue {
    let name: String = package
        .case
        .as_str()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    HeaderValue::from_str(&format!("attachment; filename=\"{name}.zip\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment; filename=\"package.zip\""))
}
