//! Accounts, for an admin (`dsrd users list | add | disable |
//! reset-password`): the same library calls as the CLI, audited as the
//! admin who made them. Tokens and second factors are set up with the CLI
//! only: their secrets are shown once, to the person at the server.

use super::auth::Admin;
use super::extract::{Json, Path};
use super::problem::{ActErrors, ApiError, ApiResult, ProblemKind, ReadErrors};
use super::session::AccountView;
use super::ApiState;
use crate::accounts::{AccountError, Role};
use crate::case::Actor;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

impl From<AccountError> for ApiError {
    fn from(e: AccountError) -> ApiError {
        match e {
            AccountError::Unknown(_) => ProblemKind::NotFound.with(e.to_string()),
            AccountError::Exists(_) => {
                ProblemKind::Refused(crate::store::RefusalKind::Rule).with(e.to_string())
            }
            AccountError::Weak(_)
            | AccountError::BadName(_)
            | AccountError::BadExpiry(_)
            | AccountError::Disabled(_) => ProblemKind::InvalidInput.with(e.to_string()),
            AccountError::Hashing(_) => ProblemKind::Internal.with(e.to_string()),
            AccountError::Store(e) => e.into(),
        }
    }
}

/// The accounts.
#[utoipa::path(
    get, path = "/users", tag = "users",
    responses((status = 200, description = "Every account", body = Vec<AccountView>), ReadErrors,
        (status = 403, description = "Not an admin", body = super::problem::Problem, content_type = "application/problem+json"))
)]
pub(super) async fn list(
    State(api): State<ApiState>,
    Admin(_): Admin,
) -> ApiResult<Json<Vec<AccountView>>> {
    let accounts = api.accounts.list().await?;
    Ok(Json(accounts.iter().map(AccountView::from).collect()))
}

/// A new account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// Its name, as the audit log will record it; unique regardless of
    /// letter case. An officer who approves also needs an `[[officers]]`
    /// entry of this name.
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// `viewer`, `officer` or `admin`.
    #[schema(pattern = "^(viewer|officer|admin)$")]
    pub role: String,
    /// At least 12 characters.
    #[schema(min_length = 12, max_length = 1024)]
    pub password: String,
}

fn admin_accounts(api: &ApiState, admin: &Admin) -> crate::accounts::Accounts {
    api.accounts
        .acting_as(Actor::Officer(admin.0.name().to_owned()))
}

/// Make an account.
#[utoipa::path(
    post, path = "/users", tag = "users",
    request_body = NewUser,
    responses((status = 201, description = "Made", body = AccountView), ActErrors)
)]
pub(super) async fn add(
    State(api): State<ApiState>,
    admin: Admin,
    Json(body): Json<NewUser>,
) -> ApiResult<(StatusCode, Json<AccountView>)> {
    let role: Role = body
        .role
        .parse()
        .map_err(|_| ProblemKind::InvalidInput.with("role is viewer, officer or admin"))?;
    let account = admin_accounts(&api, &admin)
        .add(&body.name, role, &body.password, api.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json((&account).into())))
}

/// Disable an account: its sessions end, its tokens stop working.
#[utoipa::path(
    post, path = "/users/{name}/disable", tag = "users",
    params(("name" = String, Path, description = "The account's name")),
    responses((status = 200, description = "Disabled", body = AccountView), ActErrors)
)]
pub(super) async fn disable(
    State(api): State<ApiState>,
    admin: Admin,
    Path(name): Path<String>,
) -> ApiResult<Json<AccountView>> {
    if crate::accounts::name_key(&name) == crate::accounts::name_key(admin.0.name()) {
        // The last admin could lock everyone out this way; another admin
        // (or the CLI, at the server) can.
        return Err(ProblemKind::Refused(crate::store::RefusalKind::Rule)
            .with("you cannot disable your own account"));
    }
    let account = admin_accounts(&api, &admin)
        .disable(&name, api.clock.now())
        .await?;
    Ok(Json((&account).into()))
}

/// A new password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPassword {
    /// At least 12 characters.
    #[schema(min_length = 12, max_length = 1024)]
    pub password: String,
}

/// Set a new password: the account's sessions end and its lock is lifted.
#[utoipa::path(
    post, path = "/users/{name}/password", tag = "users",
    params(("name" = String, Path, description = "The account's name")),
    request_body = NewPassword,
    responses((status = 200, description = "Set", body = AccountView), ActErrors)
)]
pub(super) async fn reset_password(
    State(api): State<ApiState>,
    admin: Admin,
    Path(name): Path<String>,
    Json(body): Json<NewPassword>,
) -> ApiResult<Json<AccountView>> {
    let account = admin_accounts(&api, &admin)
        .reset_password(&name, &body.password, api.clock.now())
        .await?;
    Ok(Json((&account).into()))
}
