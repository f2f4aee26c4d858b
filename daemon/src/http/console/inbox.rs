//! The inbox: the open cases sorted by due date with the days left, due
//! soon and overdue marked, the state in the officer's words; filters by
//! type, state and school, a search by reference; counts at the top.

use super::frame::Frame;
use super::guard::Ctx;
use super::words;
use crate::case::{CaseState, CaseSummary};
use crate::classify::RequestType;
use crate::http::api::ApiState;
use crate::officer::{self, CaseQuery};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;

/// The inbox's filters (a GET form).
#[derive(Debug, Default, Deserialize)]
pub(super) struct Filters {
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    school: String,
    #[serde(default)]
    q: String,
}

/// One case in the list.
pub(super) struct Row {
    pub reference: String,
    pub subject: String,
    pub types: String,
    pub school: String,
    pub state: &'static str,
    pub state_code: &'static str,
    pub due: String,
    pub days: String,
    pub urgency: &'static str,
}

/// A choice in a filter's select.
pub(super) struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "console/inbox.html")]
struct InboxPage {
    f: Frame,
    open: usize,
    due_week: usize,
    overdue: usize,
    triage: usize,
    rows: Vec<Row>,
    /// Some case names a school: only then the column is shown.
    with_school: bool,
    types: Vec<Choice>,
    states: Vec<Choice>,
    schools: Vec<Choice>,
    q: String,
}

/// Days from `today` until `due`.
pub(super) fn days_until(due: Option<NaiveDate>, today: NaiveDate) -> Option<i64> {
    due.map(|d| (d - today).num_days())
}

/// `GET /console/`.
pub(super) async fn show(
    State(api): State<ApiState>,
    ctx: Ctx,
    Query(filters): Query<Filters>,
) -> Response {
    match build(&api, &ctx, filters).await {
        Ok(page) => ctx.page(&page),
        Err(e) => {
            tracing::error!("console: the inbox could not be read: {e}");
            ctx.failed()
        }
    }
}

async fn build(
    api: &ApiState,
    ctx: &Ctx,
    filters: Filters,
) -> Result<InboxPage, crate::store::StoreError> {
    let now = api.clock.now();
    let today = now
        .with_timezone(&api.config.organisation.time_zone)
        .date_naive();
    let all =
        officer::list_cases(api.store.as_ref(), &api.config, &CaseQuery::default(), now).await?;
    let open: Vec<&CaseSummary> = all.iter().filter(|c| c.state.is_open()).collect();
    let days = |c: &CaseSummary| days_until(c.due_date, today);
    let overdue = open
        .iter()
        .filter(|c| c.state != CaseState::NeedsTriage && days(c).is_some_and(|d| d < 0))
        .count();
    let due_week = open
        .iter()
        .filter(|c| {
            c.state != CaseState::NeedsTriage && days(c).is_some_and(|d| (0..=7).contains(&d))
        })
        .count();
    let triage = open
        .iter()
        .filter(|c| c.state == CaseState::NeedsTriage)
        .count();
    let state: Option<CaseState> = filters.state.parse().ok();
    let kind: Option<RequestType> = RequestType::ALL
        .into_iter()
        .find(|t| t.as_str() == filters.kind);
    let q = filters.q.trim().to_uppercase();
    let mut rows = Vec::new();
    let mut schools: Vec<String> = Vec::new();
    let mut shown: Vec<&CaseSummary> = all
        .iter()
        .filter(|c| match state {
            Some(s) => c.state == s,
            None => c.state.is_open(),
        })
        .filter(|c| kind.is_none_or(|k| c.request_types.contains(&k)))
        .filter(|c| q.is_empty() || c.reference.as_str().to_uppercase().contains(&q))
        .collect();
    // Sorted by due date, the most urgent first; a case without one last.
    shown.sort_by_key(|c| (c.due_date.is_none(), c.due_date, c.received_at));
    for c in shown {
        let snapshot = api.store.case_snapshot(&c.reference).await?;
        let school = snapshot
            .as_ref()
            .and_then(|s| s.classification.as_ref())
            .and_then(|cl| cl.extraction.school.as_ref())
            .map(|f| f.value.clone())
            .unwrap_or_default();
        if !school.is_empty() && !schools.contains(&school) {
            schools.push(school.clone());
        }
        if !filters.school.is_empty() && school != filters.school {
            continue;
        }
        let d = days(c);
        rows.push(Row {
            reference: c.reference.to_string(),
            subject: snapshot.and_then(|s| s.subject).unwrap_or_default(),
            types: words::request_types(&c.request_types, ctx.lang),
            school,
            state: words::state(c.state, ctx.lang),
            state_code: c.state.as_str(),
            due: c.due_date.map(|d| d.to_string()).unwrap_or_default(),
            days: d.map(|d| words::days_left(d, ctx.lang)).unwrap_or_default(),
            urgency: if c.state.is_open() && c.state != CaseState::NeedsTriage {
                words::urgency(d)
            } else {
                ""
            },
        });
    }
    schools.sort();
    let types = RequestType::ALL
        .into_iter()
        .map(|t| Choice {
            value: t.as_str().to_owned(),
            label: words::request_type(t, ctx.lang).to_owned(),
            selected: Some(t) == kind,
        })
        .collect();
    let states = CaseState::ALL
        .into_iter()
        .map(|s| Choice {
            value: s.as_str().to_owned(),
            label: words::state(s, ctx.lang).to_owned(),
            selected: Some(s) == state,
        })
        .collect();
    let schools = schools
        .into_iter()
        .map(|s| Choice {
            selected: s == filters.school,
            label: s.clone(),
            value: s,
        })
        .collect();
    Ok(InboxPage {
        f: ctx.frame(ctx.t.nav_inbox, "inbox"),
        open: open.len(),
        due_week,
        overdue,
        triage,
        with_school: rows.iter().any(|r| !r.school.is_empty()),
        rows,
        types,
        states,
        schools,
        q: filters.q,
    })
}
