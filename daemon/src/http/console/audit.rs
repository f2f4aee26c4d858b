//! The audit log, searchable, with the chain's verification status: the
//! same check as `dsrd audit verify`, run over the whole log each time the
//! page is opened.

use super::case_page::local;
use super::frame::Frame;
use super::guard::Ctx;
use super::timeline;
use crate::http::api::ApiState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// The most entries shown at once (newest first).
const MOST: usize = 500;

/// The search.
#[derive(Debug, Default, Deserialize)]
pub(super) struct Search {
    #[serde(default)]
    q: String,
}

/// One entry.
pub(super) struct Row {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    /// The action's stable name, what a search may name.
    pub action: String,
    /// The action in words.
    pub words: String,
    pub case: String,
    /// The detail's useful fields in words.
    pub summary: String,
    /// The detail as recorded.
    pub detail: String,
}

#[derive(Template)]
#[template(path = "console/audit.html")]
struct AuditPage {
    f: Frame,
    ok: bool,
    status: String,
    total: usize,
    q: String,
    rows: Vec<Row>,
    more: bool,
}

/// `GET /console/audit?q=`.
pub(super) async fn show(
    State(api): State<ApiState>,
    ctx: Ctx,
    Query(search): Query<Search>,
) -> Response {
    let tz = api.config.organisation.time_zone;
    let (rows, head) = match api.store.audit_log().await {
        Ok(log) => log,
        Err(e) => {
            tracing::error!("console: the audit log could not be read: {e}");
            return ctx.failed();
        }
    };
    let check = crate::audit::verify(&rows, &head);
    let (ok, status) = match &check {
        Ok(n) => (true, format!("{} ({n})", ctx.t.chain_ok)),
        Err(broken) => (false, format!("{}: {broken}", ctx.t.chain_broken)),
    };
    let q = search.q.trim().to_lowercase();
    let mut matching = rows.iter().rev().filter(|r| {
        q.is_empty()
            || r.action.to_lowercase().contains(&q)
            || timeline::action(&r.action, ctx.lang)
                .to_lowercase()
                .contains(&q)
            || r.actor.to_lowercase().contains(&q)
            || r.detail.to_lowercase().contains(&q)
            || r.case_ref
                .as_deref()
                .is_some_and(|c| c.to_lowercase().contains(&q))
    });
    let shown: Vec<Row> = matching
        .by_ref()
        .take(MOST)
        .map(|r| Row {
            seq: r.seq,
            at: r
                .at
                .parse::<DateTime<Utc>>()
                .map(|a| local(a, tz))
                .unwrap_or_else(|_| r.at.clone()),
            actor: r.actor.clone(),
            action: r.action.clone(),
            words: timeline::action(&r.action, ctx.lang),
            case: r.case_ref.clone().unwrap_or_default(),
            summary: timeline::detail(&r.detail, ctx.lang, tz),
            detail: r.detail.clone(),
        })
        .collect();
    let more = matching.next().is_some();
    ctx.page(&AuditPage {
        f: ctx.frame(ctx.t.nav_audit, "audit"),
        ok,
        status,
        total: rows.len(),
        q: search.q,
        rows: shown,
        more,
    })
}
