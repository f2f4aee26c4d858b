//! The accounts, for an admin: the list, a new account, disabling one and
//! setting a new password — the same `Accounts` calls as `dsrd users …`
//! and the API's `/users`, acting as the admin (audited by name). Other
//! roles get a 403 page.

use super::actions::{Fields, FormFields};
use super::case_page::local;
use super::frame::Frame;
use super::guard::Ctx;
use super::words;
use crate::accounts::{AccountError, Role};
use crate::case::Actor;
use crate::http::api::ApiState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;

/// One account.
pub(super) struct Row {
    pub name: String,
    pub role: &'static str,
    pub totp: bool,
    pub status: &'static str,
    pub last_login: String,
    pub me: bool,
}

#[derive(Template)]
#[template(path = "console/users.html")]
struct UsersPage {
    f: Frame,
    rows: Vec<Row>,
}

/// The page for anyone but an admin.
fn refused(ctx: &Ctx) -> Response {
    tracing::warn!(
        role = ctx.account.role.as_str(),
        "console: the accounts page refused for the account's role"
    );
    ctx.message(
        StatusCode::FORBIDDEN,
        ctx.t.forbidden_title,
        ctx.t.forbidden_admin.to_owned(),
    )
}

/// `GET /console/users`.
pub(super) async fn show(State(api): State<ApiState>, ctx: Ctx) -> Response {
    if !ctx.account.role.may_manage() {
        return refused(&ctx);
    }
    let tz = api.config.organisation.time_zone;
    let now = api.clock.now();
    match api.accounts.list().await {
        Ok(accounts) => ctx.page(&UsersPage {
            f: ctx.frame(ctx.t.nav_users, "users"),
            rows: accounts
                .into_iter()
                .map(|a| Row {
                    me: a.name == ctx.account.name,
                    role: words::role(a.role, ctx.lang),
                    totp: a.totp,
                    status: if a.disabled {
                        ctx.t.account_disabled
                    } else if a.locked_at(now) {
                        ctx.t.account_locked
                    } else {
                        ctx.t.account_active
                    },
                    last_login: a.last_login_at.map(|l| local(l, tz)).unwrap_or_default(),
                    name: a.name,
                })
                .collect(),
        }),
        Err(e) => {
            tracing::error!("console: the accounts could not be read: {e}");
            ctx.failed()
        }
    }
}

const BACK: &str = "/console/users";

fn said(ctx: &Ctx, done: Result<String, AccountError>) -> Result<String, String> {
    done.map_err(|e| match e {
        AccountError::Store(e) => {
            tracing::error!("console: the store failed: {e}");
            ctx.t.failed.to_owned()
        }
        other => other.to_string(),
    })
}

/// `POST /console/users`: `name`, `role`, `password`.
pub(super) async fn add(State(api): State<ApiState>, ctx: Ctx, Form(f): FormFields) -> Response {
    if !ctx.account.role.may_manage() {
        return refused(&ctx);
    }
    let f = Fields(f);
    let accounts = api
        .accounts
        .acting_as(Actor::Officer(ctx.name().to_owned()));
    let done = match f.get("role").parse::<Role>() {
        Err(_) => Err(AccountError::BadName(ctx.t.pick_role.to_owned())),
        Ok(role) => accounts
            .add(f.get("name"), role, f.get("password"), api.clock.now())
            .await
            .map(|a| format!("{} {}", ctx.t.done_account_added, a.name)),
    };
    ctx.back(BACK, said(&ctx, done))
}

/// `POST /console/users/{name}/disable`.
pub(super) async fn disable(
    State(api): State<ApiState>,
    ctx: Ctx,
    Path(name): Path<String>,
) -> Response {
    if !ctx.account.role.may_manage() {
        return refused(&ctx);
    }
    if crate::accounts::name_key(&name) == crate::accounts::name_key(ctx.name()) {
        return ctx.back(BACK, Err(ctx.t.not_yourself.to_owned()));
    }
    let accounts = api
        .accounts
        .acting_as(Actor::Officer(ctx.name().to_owned()));
    let done = accounts
        .disable(&name, api.clock.now())
        .await
        .map(|a| format!("{} {}", ctx.t.done_account_disabled, a.name));
    ctx.back(BACK, said(&ctx, done))
}

/// `POST /console/users/{name}/password`: `password`.
pub(super) async fn password(
    State(api): State<ApiState>,
    ctx: Ctx,
    Path(name): Path<String>,
    Form(f): FormFields,
) -> Response {
    if !ctx.account.role.may_manage() {
        return refused(&ctx);
    }
    let f = Fields(f);
    let accounts = api
        .accounts
        .acting_as(Actor::Officer(ctx.name().to_owned()));
    let done = accounts
        .reset_password(&name, f.get("password"), api.clock.now())
        .await
        .map(|a| format!("{} {}", ctx.t.done_password, a.name));
    ctx.back(BACK, said(&ctx, done))
}
