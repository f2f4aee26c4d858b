//! The officer's HTTP API (issue 14), under `/api/v1/` on the daemon's web
//! server beside the requester's download pages: everything a privacy
//! officer does with `dsrd cases …`, `tasks`, `restrictions`, `breaches` and `audit`,
//! as JSON, for the web console and for a school board's own tools.
//!
//! Why it is shaped this way:
//! - No decision lives in a handler. Each one reads its input, checks the
//!   caller's role (the extractors of [`auth`]), and calls the same
//!   library function the CLI calls (`crate::officer`, `crate::store`
//!   readers), with the account's name as the officer who acts; the
//!   library's rules (identity verified, the plan's fingerprint, four eyes
//!   counted by name) hold whoever calls.
//! - Every error is a problem document with a stable type ([`problem`]),
//!   including axum's own rejections and unknown routes.
//! - The OpenAPI document is generated from the handlers themselves
//!   (utoipa: each route's path, input and responses sit on the handler),
//!   served at `GET /api/v1/openapi.json` and printed by `dsrd openapi`, so
//!   the contract cannot drift from the code; a property-based tester runs
//!   against it in the test suite.
//! - Bounds: bodies of at most [`BODY_LIMIT`], each request at most
//!   [`REQUEST_TIMEOUT`], logins limited per client address, and at
//!   shutdown the requests in hand get the server's drain time to finish
//!   and are then cut off with a 503 (nothing half-written: each action is
//!   one transaction in the store).

mod answer;
pub mod auth;
mod breaches;
mod cases;
mod extract;
mod identity;
mod plan;
pub mod problem;
mod records;
mod restrictions;
mod session;
mod users;

use super::drain::Drain;
use crate::accounts::Accounts;
use crate::clock::Clock;
use crate::config::Config;
use crate::dispatch::PluginService;
use crate::store::Store;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use problem::ProblemKind;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The largest request body the API takes: a letter edited by hand is the
/// largest thing sent, a few kilobytes.
pub const BODY_LIMIT: usize = 256 * 1024;

/// How long one API request may take. Plugin calls (a dry run, a lift)
/// have their own time-outs well inside it.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// What the API's handlers work with. Cheap to clone.
#[derive(Clone)]
pub struct ApiState(Arc<ApiInner>);

/// The parts of [`ApiState`].
pub struct ApiInner {
    /// The store.
    pub store: Arc<dyn Store>,
    /// The configuration the daemon runs with.
    pub config: Arc<Config>,
    /// The plugins (plan refreshes, look-ups, lifts).
    pub plugins: PluginService,
    /// Now.
    pub clock: Arc<dyn Clock>,
    /// Accounts, sessions and tokens.
    pub accounts: Accounts,
    /// Rung after an action changed something, so the daemon's stages take
    /// it at once (an approval starts execution without waiting a tick).
    pub ring: Arc<dyn Fn() + Send + Sync>,
    /// The origin of the configured public URL, for the cross-site check.
    pub own_origin: Option<String>,
    /// Whether the session cookie is marked `Secure`.
    pub secure_cookie: bool,
    login_limit: DefaultKeyedRateLimiter<IpAddr>,
}

impl std::ops::Deref for ApiState {
    type Target = ApiInner;

    fn deref(&self) -> &ApiInner {
        &self.0
    }
}

impl ApiState {
    /// Whether a login from `ip` may be tried now (the per-address limit
    /// the API's and the console's sign-in share, checked before any
    /// password is hashed).
    pub(crate) fn login_allowed(&self, ip: IpAddr) -> bool {
        self.login_limit.check_key(&ip).is_ok()
    }

    /// The API over `store` and `plugins`, for the daemon configured by
    /// `config`.
    pub fn new(
        store: Arc<dyn Store>,
        config: Arc<Config>,
        plugins: PluginService,
        clock: Arc<dyn Clock>,
        ring: Arc<dyn Fn() + Send + Sync>,
    ) -> ApiState {
        let accounts = Accounts::new(
            store.clone(),
            crate::accounts::AccountsPolicy::from_config(&config.accounts),
        );
        let own_origin = config.http.as_ref().map(|h| origin(h.public_url.as_str()));
        let secure_cookie = config.accounts.secure_cookie;
        let quota = Quota::per_minute(
            NonZeroU32::new(config.accounts.logins_per_minute).unwrap_or(NonZeroU32::MIN),
        );
        ApiState(Arc::new(ApiInner {
            store,
            config,
            plugins,
            clock,
            accounts,
            ring,
            own_origin,
            secure_cookie,
            login_limit: RateLimiter::keyed(quota),
        }))
    }
}

/// `scheme://host[:port]` of a URL.
fn origin(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let host = rest.split('/').next().unwrap_or(rest);
    format!("{scheme}://{host}")
}

/// The document's frame: title, the two ways to authenticate, and the
/// problem schema every error uses.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "dsrd officer API",
        description = "Everything a privacy officer does with dsrd's CLI, as JSON. Every route needs a session (POST /session) or an API token (`dsrd users token`), except signing in and this document. Errors are application/problem+json with a stable `type` per kind.",
    ),
    modifiers(&Security),
    security(("token" = []), ("session" = [])),
    components(schemas(problem::Problem)),
    tags(
        (name = "session", description = "Signing in and out"),
        (name = "cases", description = "Cases, their classification and deadline"),
        (name = "identity", description = "Whose data, and who is asking"),
        (name = "plan", description = "The plan, approvals and execution"),
        (name = "answer", description = "The letter, its sending, art. 19 notices"),
        (name = "restrictions", description = "Restrictions in force and their lift"),
        (name = "tasks", description = "Tasks people carry out"),
        (name = "audit", description = "The audit log and its chain"),
        (name = "users", description = "Accounts, for an admin"),
        (name = "breaches", description = "The breach register and the AP's 72 hours"),
    )
)]
struct ApiDoc;

struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API token from `dsrd users token NAME`"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                auth::SESSION_COOKIE,
                "The session cookie POST /session sets",
            ))),
        );
    }
}

/// The routes with their documentation, before the state is given.
fn documented() -> OpenApiRouter<ApiState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(session::login, session::whoami, session::logout))
        .routes(routes!(cases::list))
        .routes(routes!(cases::show))
        .routes(routes!(cases::reclassify))
        .routes(routes!(cases::extend))
        .routes(routes!(cases::recompute))
        .routes(routes!(identity::show))
        .routes(routes!(identity::look_up))
        .routes(routes!(identity::choose))
        .routes(routes!(identity::send_code))
        .routes(routes!(identity::in_person))
        .routes(routes!(identity::not_a_representative))
        .routes(routes!(identity::keep_attachment))
        .routes(routes!(identity::attachments_reviewed))
        .routes(routes!(plan::show))
        .routes(routes!(plan::refresh))
        .routes(routes!(plan::approve))
        .routes(routes!(plan::reject))
        .routes(routes!(plan::actions))
        .routes(routes!(plan::retry))
        .routes(routes!(plan::waive))
        .routes(routes!(plan::task_done))
        .routes(routes!(answer::letter, answer::edit))
        .routes(routes!(answer::send))
        .routes(routes!(answer::recipients, answer::settle))
        .routes(routes!(answer::transfer))
        .routes(routes!(answer::posted))
        .routes(routes!(restrictions::list))
        .routes(routes!(restrictions::announce))
        .routes(routes!(restrictions::lift_now))
        .routes(routes!(records::tasks))
        .routes(routes!(records::audit))
        .routes(routes!(records::verify))
        .routes(routes!(users::list, users::add))
        .routes(routes!(users::disable))
        .routes(routes!(users::reset_password))
        .routes(routes!(breaches::list, breaches::new))
        .routes(routes!(breaches::show, breaches::update))
}

/// The OpenAPI document of the API, as served and as `dsrd openapi` prints
/// it. Paths are relative to the server URL `/api/v1`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = documented().split_for_parts().1;
    doc.servers = Some(vec![utoipa::openapi::Server::new("/api/v1")]);
    doc
}

/// The API as a router to nest under `/api/v1`, with its bounds.
pub(super) fn router(state: ApiState, drain: Drain) -> Router {
    let (routes, _) = documented().split_for_parts();
    let doc = Arc::new(openapi());
    routes
        .route(
            "/openapi.json",
            axum::routing::get(move || {
                let doc = doc.clone();
                async move { axum::Json((*doc).clone()) }
            }),
        )
        .fallback(|| async { ProblemKind::NotFound.with("no such route in the officer API") })
        .method_not_allowed_fallback(|| async {
            ProblemKind::MethodNotAllowed.with("this route does not take this method")
        })
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
        .layer(axum::middleware::from_fn(
            move |request: Request, next: Next| {
                let drain = drain.clone();
                bounded(request, next, drain)
            },
        ))
        .with_state(state)
}

/// A handler that panicked: a bug, logged without the request; the caller
/// gets a problem, and what the handler had not written stays unwritten
/// (each change is one transaction).
fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ProblemKind::Internal
        .with("a handler of the officer API panicked")
        .into_response()
}

/// Ends a request that takes too long, or that is still in hand when the
/// shutdown's drain time is over.
async fn bounded(request: Request, next: Next, drain: Drain) -> Response {
    tokio::select! {
        response = tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)) => match response {
            Ok(response) => response,
            Err(_) => {
                tracing::warn!("officer API: a request took longer than {REQUEST_TIMEOUT:?}; ended");
                ProblemKind::Timeout.with("the request took too long; what it did is in the case's events").into_response()
            }
        },
        () = drain.cut_off() => ProblemKind::Timeout.with("the daemon is stopping; try again when it is back").into_response(),
    }
}
