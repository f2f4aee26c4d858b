//! `/download/{token}`: the GET shows the link's page and changes nothing
//! (mail scanners open every link); the POST of its form, with the code
//! from the second e-mail, claims the package and streams it.

use super::delivery::{deliver, Claim};
use super::drain::Hold;
use super::link::Link;
use super::pages::{Notice, Page, CODE_MAX_LENGTH};
use super::App;
use crate::reply::secret::{code_hash, normalise_code, token_hash};
use crate::store::{ClaimOutcome, PackageState, StoreError};
use axum::extract::rejection::{FormRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// The code form.
#[derive(Deserialize)]
pub(super) struct CodeForm {
    code: String,
}

/// Why the store refused a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    WrongCode(i64),
    Locked,
    Expired,
    Spent,
    Unknown,
}

/// The token in the path, if it looks like one: anything else cannot be
/// a link of ours, and is not worth asking the store about.
fn token(path: Result<Path<String>, PathRejection>) -> Option<String> {
    let Path(token) = path.ok()?;
    (token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())).then_some(token)
}

/// The link's page: the code form while it is open, otherwise what became
/// of it. Reads only.
pub(super) async fn show(
    State(app): State<App>,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    let settings = &app.state.settings;
    let Some(token) = token(path) else {
        return Page::Link(Link::Unknown, None).render(settings);
    };
    match app.state.store.package_by_token(&token_hash(&token)).await {
        Ok(package) => Page::Link(Link::of(package, app.state.clock.now()), None).render(settings),
        Err(e) => {
            tracing::error!(error = %e, "download page: the store cannot be read");
            Page::Unavailable.render(settings)
        }
    }
}

/// The form's POST: the right code streams the package, anything else
/// answers with the link's page saying why not.
pub(super) async fn claim(
    State(app): State<App>,
    path: Result<Path<String>, PathRejection>,
    form: Result<Form<CodeForm>, FormRejection>,
) -> Response {
    let settings = &app.state.settings;
    let Some(token) = token(path) else {
        return Page::Link(Link::Unknown, None).render(settings);
    };
    let code = match form {
        Ok(Form(form)) => form.code,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Page::TooLarge.render(settings);
        }
        Err(_) => return Page::BadRequest.render(settings),
    };
    if code.len() > CODE_MAX_LENGTH {
        // The form cannot send this; it is no attempt at a code.
        return Page::BadRequest.render(settings);
    }
    let hash = token_hash(&token);
    let now = app.state.clock.now();
    if normalise_code(&code).is_empty() {
        // Nothing to try: the link's page again, and no try spent.
        return match app.state.store.package_by_token(&hash).await {
            Ok(package) => match Link::of(package, now) {
                open @ Link::Open(_) => Page::Link(open, Some(Notice::NoCode)),
                other => Page::Link(other, None),
            }
            .render(settings),
            Err(e) => {
                tracing::error!(error = %e, "download page: the store cannot be read");
                Page::Unavailable.render(settings)
            }
        };
    }
    // The claim runs in a task of its own, counted by the drain from before
    // it starts: a request dropped while the store decides (a timeout, the
    // cut-off at shutdown) drops the task's result when it comes, claim
    // included, and that gives the package back before shutdown ends.
    let hold = app.drain.hold();
    let code = code_hash(&token, &code);
    let task = tokio::spawn(attempt(app.clone(), hold, hash.clone(), code, now));
    let attempt = match task.await {
        Ok(Ok(attempt)) => attempt,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "download: the claim could not be recorded");
            return Page::Unavailable.render(settings);
        }
        Err(e) => {
            tracing::error!("download: the claim's task failed: {e}");
            return Page::Unavailable.render(settings);
        }
    };
    match attempt {
        Ok(claim) => deliver(claim).await,
        Err(refusal) => refused(&app, &hash, refusal).await.render(settings),
    }
}

/// Asks the store for the package: a claim to stream, or why not.
async fn attempt(
    app: App,
    hold: Hold,
    token_hash: String,
    code_hash: String,
    now: DateTime<Utc>,
) -> Result<Result<Claim, Refusal>, StoreError> {
    let max_tries = app.state.settings.max_tries;
    let outcome = app
        .state
        .store
        .claim_download(&token_hash, &code_hash, max_tries, now)
        .await?;
    Ok(match outcome {
        ClaimOutcome::Claimed(package) => Ok(Claim::new(app, *package, hold)),
        ClaimOutcome::WrongCode { left } => Err(Refusal::WrongCode(left)),
        ClaimOutcome::Locked => Err(Refusal::Locked),
        ClaimOutcome::Expired => Err(Refusal::Expired),
        ClaimOutcome::Spent => Err(Refusal::Spent),
        ClaimOutcome::Unknown => Err(Refusal::Unknown),
    })
}

/// The page for a refused claim, with the package read again for what the
/// page shows (the reference, the dates).
async fn refused(app: &App, token_hash: &str, refusal: Refusal) -> Page {
    if refusal == Refusal::Unknown {
        return Page::Link(Link::Unknown, None);
    }
    let package = match app.state.store.package_by_token(token_hash).await {
        Ok(Some(package)) => Box::new(package),
        Ok(None) => return Page::Link(Link::Unknown, None),
        Err(e) => {
            tracing::error!(error = %e, "download page: the store cannot be read");
            return Page::Unavailable;
        }
    };
    let reference = package.case.to_string();
    match refusal {
        Refusal::WrongCode(left) => {
            tracing::info!(reference, left, "download: a wrong code");
            Page::Link(Link::Open(package), Some(Notice::WrongCode(left)))
        }
        Refusal::Locked => {
            tracing::info!(reference, "download refused: the link is locked");
            Page::Link(Link::Locked(package), None)
        }
        Refusal::Expired => {
            tracing::info!(reference, "download refused: the link has expired");
            Page::Link(Link::Expired(package), None)
        }
        Refusal::Spent if package.state == PackageState::Downloading => {
            tracing::info!(
                reference,
                "download refused: the package is being downloaded"
            );
            Page::Link(Link::Busy(package), None)
        }
        Refusal::Spent | Refusal::Unknown => {
            tracing::info!(
                reference,
                "download refused: the package was downloaded already"
            );
            Page::Link(Link::Spent(package), None)
        }
    }
}
