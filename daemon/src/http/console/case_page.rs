//! The case page: the original e-mail and its thread, the classification
//! with its evidence and the override, the persons found and the identity
//! actions, the plan per system with approve and reject, the manual tasks,
//! the deadline with its explanation and the extension, the letter with
//! its editing and sending, the mails sent, the recipients told, and the
//! timeline from the audit log. A viewer sees it all and no form that acts.

use super::case_view::{IdentityPart, PlanPart};
use super::frame::Frame;
use super::guard::Ctx;
use super::inbox::{days_until, Choice};
use super::words;
use super::{plan_words, timeline};
use crate::case::{CaseRef, CaseState, EventKind};
use crate::classify::RequestType;
use crate::http::api::ApiState;
use crate::officer;
use crate::outbox::MailKind;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// One message of the thread.
pub(super) struct Message {
    pub from: String,
    pub at: String,
    pub subject: String,
    pub body: String,
}

/// One piece of evidence for the classification.
pub(super) struct Evidence {
    pub kind: &'static str,
    pub phrase: String,
}

/// One mail queued for the case.
pub(super) struct Mail {
    /// The kind's stable name, for `data-kind`.
    pub code: String,
    /// The kind in words.
    pub kind: String,
    pub at: String,
}

/// One art. 19 notice.
pub(super) struct Notice {
    pub recipient: String,
    pub channel: String,
    pub state: String,
    pub note: String,
}

/// One entry of the timeline.
pub(super) struct Entry {
    pub at: String,
    pub actor: String,
    /// The action's stable name, for `data-action`.
    pub code: String,
    /// The action in words.
    pub action: String,
    /// The useful fields of the detail, in words.
    pub detail: String,
}

/// One task waiting for a person.
pub(super) struct TaskLine {
    pub handle: String,
    pub what: String,
}

/// The letter.
pub(super) struct LetterPart {
    pub subject: String,
    pub body: String,
    pub sent: String,
    pub editable: bool,
    pub sendable: bool,
}

#[derive(Template)]
#[template(path = "console/case.html")]
pub(super) struct CasePage {
    f: Frame,
    may_act: bool,
    reference: String,
    subject: String,
    requester: String,
    received: String,
    state: &'static str,
    state_code: &'static str,
    open: bool,
    messages: Vec<Message>,
    types: String,
    confidence: String,
    overridden_by: String,
    evidence: Vec<Evidence>,
    school: String,
    group: String,
    names: String,
    type_choices: Vec<Choice>,
    triage_reason: String,
    identity: Option<IdentityPart>,
    plan: Option<PlanPart>,
    tasks: Vec<TaskLine>,
    due: String,
    days: String,
    urgency: &'static str,
    explanation: String,
    extensions: Vec<String>,
    /// What to type in the extend form, after the case's policy.
    extend_hint: String,
    extend_example: &'static str,
    letter: Option<LetterPart>,
    mails: Vec<Mail>,
    notices: Vec<Notice>,
    timeline: Vec<Entry>,
}

/// `at` in the organisation's time, to the minute.
pub(super) fn local(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

/// Reads a reference from the path; one that cannot be one is no case.
pub(super) fn reference(s: &str) -> Option<CaseRef> {
    s.parse().ok()
}

/// `GET /console/cases/{reference}`.
pub(super) async fn show(State(api): State<ApiState>, ctx: Ctx, Path(r): Path<String>) -> Response {
    let Some(reference) = reference(&r) else {
        return ctx.message(
            StatusCode::NOT_FOUND,
            ctx.t.not_found,
            ctx.t.no_such_case.to_owned(),
        );
    };
    match build(&api, &ctx, &reference).await {
        Ok(Some(page)) => ctx.page(&page),
        Ok(None) => ctx.message(
            StatusCode::NOT_FOUND,
            ctx.t.not_found,
            ctx.t.no_such_case.to_owned(),
        ),
        Err(e) => {
            tracing::error!(case = %reference, "console: the case could not be read: {e}");
            ctx.failed()
        }
    }
}

async fn build(
    api: &ApiState,
    ctx: &Ctx,
    reference: &CaseRef,
) -> Result<Option<CasePage>, crate::store::StoreError> {
    let store = api.store.as_ref();
    let tz = api.config.organisation.time_zone;
    let now = api.clock.now();
    let today = now.with_timezone(&tz).date_naive();
    let Some(case) = store.get_case(reference).await? else {
        return Ok(None);
    };
    let lang = ctx.lang;
    let messages = store
        .case_messages(reference)
        .await?
        .iter()
        .map(|m| {
            let parsed = crate::intake::parse(&m.raw);
            Message {
                from: match (&parsed.from_name, &parsed.from_address) {
                    (Some(n), Some(a)) => format!("{n} <{a}>"),
                    (None, Some(a)) => a.to_string(),
                    (Some(n), None) => n.clone(),
                    (None, None) => String::new(),
                },
                at: local(m.received_at, tz),
                subject: parsed.subject.unwrap_or_default(),
                body: parsed.body_text,
            }
        })
        .collect();
    let classification = case.classification.as_ref();
    let current: Vec<RequestType> = classification.map(|c| c.types.clone()).unwrap_or_default();
    let extraction = classification.map(|c| &c.extraction);
    let identity = officer::identity_view(store, &api.config, reference, now)
        .await?
        .filter(|_| case.state != CaseState::NeedsTriage)
        .map(|v| IdentityPart::of(&v, lang));
    let plan = officer::plan_view(store, &api.config, reference)
        .await?
        .map(|v| PlanPart::of(&v, lang));
    let tasks = officer::tasks(store, now)
        .await?
        .into_iter()
        .filter(|t| t.case() == reference)
        .map(|t| TaskLine {
            handle: t.handle(),
            what: match &t {
                officer::Task::Action(a) => format!("{}", a.spec.system),
                officer::Task::Notice(n) => n.recipient.clone(),
                officer::Task::Post(_) => if lang == crate::lang::Lang::Nl {
                    "het pakket per post versturen"
                } else {
                    "send the package by post"
                }
                .to_owned(),
            },
        })
        .collect();
    let reply = store.case_reply(reference).await?;
    let letter = reply.answer.as_ref().map(|a| LetterPart {
        subject: a.subject.clone(),
        body: a.body.clone(),
        sent: a.sent_at.map(|s| local(s, tz)).unwrap_or_default(),
        editable: a.sent_at.is_none(),
        sendable: a.sent_at.is_none() && case.state == CaseState::Executing,
    });
    let notices = reply
        .notices
        .iter()
        .map(|n| Notice {
            recipient: n.recipient.clone(),
            channel: plan_words::channel(n.channel, lang).to_owned(),
            state: plan_words::notice_state(n.state, lang).to_owned(),
            note: n.note.clone().unwrap_or_default(),
        })
        .collect();
    let mails = case
        .events
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::MailQueued | EventKind::AcknowledgementQueued
            )
        })
        .map(|e| {
            let code = e
                .detail
                .as_deref()
                .and_then(|d| d.split(':').next())
                .unwrap_or("mail")
                .to_owned();
            Mail {
                kind: code
                    .parse::<MailKind>()
                    .map(|k| words::mail_kind(k, lang).to_owned())
                    .unwrap_or_else(|_| code.clone()),
                code,
                at: local(e.at, tz),
            }
        })
        .collect();
    let (rows, _) = store.audit_log().await?;
    let timeline = rows
        .iter()
        .filter(|r| r.case_ref.as_deref() == Some(reference.as_str()))
        .map(|r| Entry {
            at: r
                .at
                .parse::<DateTime<Utc>>()
                .map(|a| local(a, tz))
                .unwrap_or_else(|_| r.at.clone()),
            actor: timeline::actor(&r.actor, lang),
            code: r.action.clone(),
            action: timeline::action(&r.action, lang),
            detail: timeline::detail(&r.detail, lang, tz),
        })
        .collect();
    let deadline = case.deadline.as_ref();
    let days = days_until(case.due_date, today);
    let (extend_hint, extend_example) = words::extend_hint(deadline.map(|d| d.policy), lang);
    let page = CasePage {
        f: ctx.frame(reference.to_string(), "inbox"),
        may_act: ctx.may_act(),
        reference: reference.to_string(),
        subject: case.subject.clone().unwrap_or_default(),
        requester: match (&case.requester_name, &case.requester_address) {
            (Some(n), Some(a)) => format!("{n} <{a}>"),
            (None, Some(a)) => a.to_string(),
            (Some(n), None) => n.clone(),
            (None, None) => String::new(),
        },
        received: local(case.received_at, tz),
        state: words::state(case.state, lang),
        state_code: case.state.as_str(),
        open: case.state.is_open(),
        messages,
        types: words::request_types(&current, lang),
        confidence: classification
            .map(|c| format!("{:.0}%", c.confidence * 100.0))
            .unwrap_or_default(),
        overridden_by: classification
            .and_then(|c| c.overridden_by.clone())
            .unwrap_or_default(),
        evidence: classification
            .map(|c| {
                c.evidence
                    .iter()
                    .map(|e| Evidence {
                        kind: words::request_type(e.request_type, lang),
                        phrase: e.phrase.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        school: extraction
            .and_then(|x| x.school.as_ref())
            .map(|f| f.value.clone())
            .unwrap_or_default(),
        group: extraction
            .and_then(|x| x.group.as_ref())
            .map(|f| f.value.clone())
            .unwrap_or_default(),
        names: extraction
            .map(|x| {
                x.subject_names
                    .iter()
                    .map(|f| f.value.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default(),
        type_choices: RequestType::ALL
            .into_iter()
            .map(|t| Choice {
                value: t.as_str().to_owned(),
                label: words::request_type(t, lang).to_owned(),
                selected: current.contains(&t),
            })
            .collect(),
        triage_reason: case.triage_reason.clone().unwrap_or_default(),
        identity,
        plan,
        tasks,
        due: case.due_date.map(|d| d.to_string()).unwrap_or_default(),
        days: days.map(|d| words::days_left(d, lang)).unwrap_or_default(),
        urgency: if case.state.is_open() {
            words::urgency(days)
        } else {
            ""
        },
        explanation: deadline
            .map(|d| d.computed.explain(lang))
            .unwrap_or_default(),
        extensions: deadline
            .map(|d| {
                case.events
                    .iter()
                    .filter(|e| e.kind == EventKind::Extended)
                    .filter_map(|e| e.detail.clone())
                    .take(d.extensions.len().max(1))
                    .collect()
            })
            .unwrap_or_default(),
        extend_hint,
        extend_example,
        letter,
        mails,
        notices,
        timeline,
    };
    Ok(Some(page))
}
