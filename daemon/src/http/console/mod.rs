//! The privacy officer's web console (issue 15): server-rendered pages
//! under `/console` on the daemon's web server, in Dutch and English, for
//! everything the CLI and the officer's API do — the inbox of cases, the
//! case page with every action, triage, the figures at a glance, the
//! restrictions in force and the audit log.
//!
//! Why it is shaped this way:
//! - It is a third face on the same library: a handler reads its form,
//!   checks the role, calls the same `crate::officer` function the CLI and
//!   the API call with the account's name, rings the daemon's stages, and
//!   answers `303 See Other` back to the page with a flash message. No rule
//!   lives here.
//! - Accounts, sessions, lock-out, TOTP and the idle time-out are the
//!   API's ([`super::api::ApiState`]'s accounts, the same `dsrd_session`
//!   cookie); the console's extractors ([`guard`]) send a browser without
//!   a session to the sign-in page instead of answering 401.
//! - Plain forms, no script. A state-changing request from another site
//!   (`Sec-Fetch-Site`, else `Origin`) is refused before any handler runs,
//!   the same check the API makes; the cookies are `SameSite=Lax`.
//! - Templates are askama's, checked when the daemon is compiled, and
//!   escape every value; the texts of both languages are one table
//!   ([`text`]), so a page cannot have a string in one language only.
//! - One stylesheet of our own; the pages' Content-Security-Policy lets
//!   nothing else load (`default-src 'self'`, no inline style or script).

mod actions;
mod audit;
mod case_page;
mod case_view;
mod flash;
mod frame;
mod glance;
mod guard;
mod inbox;
mod login;
mod plan_words;
mod restrictions;
mod style;
mod text;
mod timeline;
mod triage;
mod users;
mod words;

#[cfg(test)]
mod tests;

use super::api::ApiState;
use axum::routing::{get, post, MethodRouter};
use axum::Router;

/// The largest form body the console takes.
const BODY_LIMIT: usize = 256 * 1024;

/// The routes under `/console`, as the router holds them: each path, and
/// whether it needs a session. The route walk in the tests reads this
/// list, which is the one the router is built from.
pub(crate) struct Routes {
    router: Router<ApiState>,
    /// Every path added, with `true` when it needs a session.
    pub(crate) paths: Vec<(&'static str, bool)>,
}

impl Routes {
    fn new() -> Routes {
        Routes {
            router: Router::new(),
            paths: Vec::new(),
        }
    }

    /// A page anyone may open (sign-in, the stylesheet).
    fn public(mut self, path: &'static str, route: MethodRouter<ApiState>) -> Routes {
        self.paths.push((path, false));
        self.router = self.router.route(path, route);
        self
    }

    /// A page or action for a signed-in account.
    fn signed(mut self, path: &'static str, route: MethodRouter<ApiState>) -> Routes {
        self.paths.push((path, true));
        self.router = self.router.route(path, route);
        self
    }
}

/// Every route of the console.
pub(crate) fn routes() -> Routes {
    Routes::new()
        .public("/console/login", get(login::show).post(login::sign_in))
        .public("/console/static/console.css", get(style::stylesheet))
        // Signing out without a session just goes to the sign-in page.
        .public("/console/logout", post(login::sign_out))
        .signed("/console/", get(inbox::show))
        .signed("/console/cases/{reference}", get(case_page::show))
        .signed(
            "/console/cases/{reference}/classify",
            post(actions::classify),
        )
        .signed(
            "/console/cases/{reference}/identity/choose",
            post(actions::choose),
        )
        .signed(
            "/console/cases/{reference}/identity/code",
            post(actions::send_code),
        )
        .signed(
            "/console/cases/{reference}/identity/in-person",
            post(actions::in_person),
        )
        .signed(
            "/console/cases/{reference}/plan/approve",
            post(actions::approve),
        )
        .signed(
            "/console/cases/{reference}/plan/reject",
            post(actions::reject),
        )
        .signed("/console/cases/{reference}/extend", post(actions::extend))
        .signed("/console/cases/{reference}/letter", post(actions::letter))
        .signed("/console/cases/{reference}/send", post(actions::send))
        .signed("/console/cases/{reference}/link", post(triage::link))
        .signed("/console/cases/{reference}/close", post(triage::close))
        .signed("/console/triage", get(triage::show))
        .signed("/console/glance", get(glance::show))
        .signed("/console/glance.csv", get(glance::csv))
        .signed("/console/restrictions", get(restrictions::show))
        .signed(
            "/console/cases/{reference}/restrictions/{action}/lift",
            post(restrictions::lift),
        )
        .signed("/console/audit", get(audit::show))
        .signed("/console/users", get(users::show).post(users::add))
        .signed("/console/users/{name}/disable", post(users::disable))
        .signed("/console/users/{name}/password", post(users::password))
        // Last: any other address under /console is the console's own
        // "not found" page (for a signed-in account; others sign in first).
        .signed("/console/{*rest}", get(not_found).post(not_found))
}

/// An address under `/console` that is no page: said in the console's
/// frame, with its menu, instead of the download pages' bare 404.
async fn not_found(ctx: guard::Ctx) -> axum::response::Response {
    ctx.message(
        axum::http::StatusCode::NOT_FOUND,
        ctx.t.not_found,
        ctx.t.no_such_page.to_owned(),
    )
}

/// The console as a router to merge beside the download pages: its
/// routes, the cross-site refusal on every state-changing request, and the
/// language cookie.
pub(super) fn router(api: ApiState) -> Router {
    routes()
        .router
        .route(
            "/console",
            get(|| async { axum::response::Redirect::permanent("/console/") }),
        )
        // A letter edited by hand is the largest form, a few kilobytes.
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            api.clone(),
            guard::same_site_only,
        ))
        .layer(axum::middleware::from_fn(frame::remember_language))
        .with_state(api)
}
