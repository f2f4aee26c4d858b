//! The case page's forms: each reads its fields, takes the officer from
//! the session (never from the form), calls the same `crate::officer`
//! function the CLI and the API call, rings the daemon's stages so the
//! next step starts at once, and answers `303` back to the case page with
//! what happened — or the library's refusal, in its words.

use super::case_page::reference;
use super::guard::{Acting, Ctx};
use crate::case::{Actor, CaseRef};
use crate::classify::RequestType;
use crate::http::api::ApiState;
use crate::identity::DocumentSeen;
use crate::officer::{self, ActionError, ExtendBy, Span};
use crate::plan::ActionId;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;

/// A form's fields in order; a name may come more than once (checkboxes).
pub(super) struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// The first value of `name`, trimmed; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.trim())
    }

    /// Every non-empty value of `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
            .collect()
    }
}

/// The form body.
pub(super) type FormFields = Form<Vec<(String, String)>>;

/// What an action's failure says to the officer.
pub(super) fn refusal(ctx: &Ctx, e: ActionError) -> String {
    match e {
        ActionError::NotFound(_) => ctx.t.no_such_case.to_owned(),
        ActionError::Refused(r) => r.reason,
        ActionError::Store(e) => {
            tracing::error!("console: the store failed: {e}");
            ctx.t.failed.to_owned()
        }
    }
}

/// The case page's address.
pub(super) fn page_of(reference: &CaseRef) -> String {
    format!("/console/cases/{reference}")
}

/// Runs an action on the case in the path: `Ok` says what was done, and
/// the stages are rung.
async fn act<F, Fut>(api: &ApiState, ctx: &Ctx, r: &str, done: &str, action: F) -> Response
where
    F: FnOnce(CaseRef) -> Fut,
    Fut: std::future::Future<Output = Result<Option<String>, ActionError>>,
{
    let Some(reference) = reference(r) else {
        return ctx.back("/console/", Err(ctx.t.no_such_case.to_owned()));
    };
    let to = page_of(&reference);
    match action(reference).await {
        Ok(said) => {
            (api.ring)();
            ctx.back(&to, Ok(said.unwrap_or_else(|| done.to_owned())))
        }
        Err(e) => ctx.back(&to, Err(refusal(ctx, e))),
    }
}

fn invalid(why: impl Into<String>) -> ActionError {
    ActionError::Refused(why.into().into())
}

/// `POST …/classify`: the request types (`type`, one or more).
pub(super) async fn classify(
    State(api): State<ApiState>,
    Acting(ctx): Acting,
    Path(r): Path<String>,
    Form(f): FormFields,
) -> Response {
    let (api, ctx) = (&api, &ctx);
    let f = Fields(f);
    let done = ctx.t.done_classified;
    act(api, ctx, &r, done, |reference| async move {
        let types = f
            .all("type")
            .into_iter()
            .map(|t| {
                RequestType::ALL
                    .into_iter()
                    .find(|k| k.as_str() == t)
                    .ok_or_else(|| invalid(format!("{t:?} is no request type")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if types.is_empty() {
            return Err(invalid(ctx.t.name_a_type));
        }
        officer::reclassify(
            api.store.as_ref(),
            &api.config,
            &reference,
            types,
            ctx.name(),
            api.clock.now(),
        )
        .await?;
        Ok(None)
    })
    .await
}

/// `POST …/identity/choose`: the person (`person`, the index shown).
pub(super) async fn choose(
    State(api): State<ApiState>,
    Acting(ctx): Acting,
    Path(r): Path<String>,
    Form(f): FormFields,
) -> Response {
    let (api, ctx) = (&api, &ctx);
    let f = Fields(f);
    act(api, ctx, &r, "", |reference| async move {
        let person: usize = f
            .get("person")
            .parse()
            .map_err(|_| invalid(ctx.t.choose_a_person))?;
        let done = officer::choose_subject(
            api.store.as_ref(),
            &api.config,
            &reference,
            person,
            ctx.name(),
            api.clock.now(),
        )
        .await?;
        Ok(Some(done.said))
    })
    .await
}

/// `POST …/identity/code`: a one-time code to the address on file (`to`
/// when there are several).
pub(super) async fn send_code(
    State(api): State<ApiState>,
    Acting(ctx): Acting,
    Path(r): Path<String>,
    Form(f): FormFields,
) -> Response {
    let (api, ctx) = (&api, &ctx);
    let f = Fields(f);
    act(api, ctx, &r, "", |reference| async move {
        let to = Some(f.get("to")).filter(|t| !t.is_empty());
        let done = officer::send_code(
            api.store.as_ref(),
            &api.config,
            &reference,
            to,
            ctx.name(),
            api.clock.now(),
        )
        .await?;
        Ok(Some(done.said))
    })
    .await
}

/// `POST …/identity/in-person`: `document`, `seen_by`, `note`.
pub(super) async fn in_person(
    State(api): State<ApiState>,
    Acting(ctx): Acting,
    Path(r): Path<String>,
    Form(f): FormFields,
) -> Response {
    let (api, ctx) = (&api, &ctx);
    let f = Fields(f);
    act(api, ctx, &r, "", |reference| async move {
        let document: DocumentSeen = f.get("document").parse().map_err(invalid)?;
        let note = Some(f.get("note")).filter(|n| !n.is_empty());
        let done = officer::verify_in_person(
            api.store.as_ref(),
            &api.config,
            &reference,
            document,
            f.get("seen_by"),
            note,
            ctx.name(),
            api.clock.now(),
        )
        .await?;
        Ok(Some(done.said))
    })
    .await
}

fn action_ids(raw: Vec<&str>) -> Result<Vec<ActionId>, ActionError> {
    raw.into_iter()
        .map(|a| {
            a.parse()
                .map_err(|e: crate::plan::BadActionId| invalid(e.to_string()))
        })
        .collect()
}

/// `POST …/plan/approve`: the plan's fingerprint (`plan`) and the actions
/// (`action`, none for every action that waits for this officer).
pub(super) async fn approve(
    State(api): State<ApiState>,
    Acting(ctx): Acting,
    Path(r): Path<String>,
    Form(f): FormFields,
) -> Response {
    let (api, ctx) = (&api, &ctx);
    let f = Fields(f);
    let done = ctx.t.done_approved;
    act(api, ctx, &r, done, |reference| async move {
        let actions = action_ids(f.all("action"))?;
        officer::approve(
            api.store.as_ref(),
            &api.config,
            &reference,
            f.get("plan"),
            &actions,
            ctx.name(),
            api.clock.now(),
        )
        .await?;
        Ok(None)
    })
    .await
}

/// `POST …/plan/reject`: `plan`, `action`, `reason`.
pub(super) async fn reject(
    State(api): State<ApiState>,
    Acting(ctx): Acting,
    Path(r): Path<String>,
    Form(f): FormFields,
) -> Response {
    let (api, ctx) = (&api, &ctx);
    let f = Fields(f);
    let done = ctx.t.done_rejected;
    act(api, ctx, &r, done, |reference| async move {
        let action = action_ids(vec![f.get("action")])?.remove(0);
        officer::reject(
            api.store.as_ref(),
            &api.config,
            &reference,
            f.get("plan"),
            action,
            f.get("reason"),
            ctx.name(),
            api.clock.now(),
        )
        .await?;
        Ok(None)
    })
    .await
}

/// `POST …/extend`: `by` (`4w`, `2m`, as the CLI's `--by`) and `reason`;
/// the requester's notice goes to the outbox with the new date.
pub(super) async fn extend(
    State(api): State<ApiState>,
    Acting(ctx): Acting,
    Path(r): Path<String>,
    Form(f): FormFields,
) -> Response {
    let (api, ctx) = (&api, &ctx);
    let f = Fields(f);
    act(api, ctx, &r, "", |reference| async move {
        // "4 w" is meant as 4w; anything else gets the form's hint again.
        let typed: String = f.get("by").split_whitespace().collect();
        let by = match Span::parse(&typed).map_err(|_| invalid(ctx.t.extend_by_hint))? {
            Span::Weeks(n) => ExtendBy::Weeks(n),
            Span::Months(n) => ExtendBy::Months(n),
            Span::Days(_) => return Err(invalid(ctx.t.extend_by_hint)),
        };
        let due = officer::extend(
            api.store.as_ref(),
            &api.config,
            &reference,
            by,
            f.get("reason"),
            ctx.name(),
            api.clock.now(),
        )
        .await?;
        Ok(Some(format!("{} {due}", ctx.t.done_extended)))
    })
    .await
}

/// `POST …/letter`: the edited `subject` and `body`.
pub(super) async fn letter(
    State(api): State<ApiState>,
    Acting(ctx): Acting,
    Path(r): Path<String>,
    Form(f): FormFields,
) -> Response {
    let (api, ctx) = (&api, &ctx);
    let f = Fields(f);
    let done = ctx.t.done_letter;
    act(api, ctx, &r, done, |reference| async move {
        // A textarea sends CRLF line ends; the letter is kept with LF.
        let body =
            f.0.iter()
                .find(|(n, _)| n == "body")
                .map(|(_, v)| v.replace("\r\n", "\n"))
                .unwrap_or_default();
        officer::edit_letter(
            api.store.as_ref(),
            &api.config,
            &reference,
            f.get("subject"),
            &body,
            false,
            ctx.name(),
            api.clock.now(),
        )
        .await?;
        Ok(None)
    })
    .await
}

/// `POST …/send`: the drafted letter goes out (with the package's link
/// and its code apart).
pub(super) async fn send(
    State(api): State<ApiState>,
    Acting(ctx): Acting,
    Path(r): Path<String>,
) -> Response {
    let (api, ctx) = (&api, &ctx);
    let done = ctx.t.done_sent;
    act(api, ctx, &r, done, |reference| async move {
        officer::send(
            api.store.as_ref(),
            &api.config,
            &reference,
            &Actor::Officer(ctx.name().to_owned()),
            api.clock.now(),
        )
        .await?;
        Ok(None)
    })
    .await
}
