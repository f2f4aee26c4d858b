//! The tasks people carry out (`dsrd tasks list`, the API's `GET /tasks`),
//! across cases, each with the handle `dsrd tasks done` takes: the pending
//! actions of systems without a plugin and the officer's own (`REF:A3`),
//! the art. 19 notices a person gives or the officer decides, and
//! portability transfers (`REF:RECIPIENT`), and answers waiting to be
//! posted (`REF:post`).

use crate::case::CaseRef;
use crate::plan::System;
use crate::store::{ActionRow, NoticeAbout, NoticeChannel, StoreError};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The most action tasks listed at once.
const MOST: i64 = 10_000;

/// One task waiting for a person.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Task {
    /// An action of a plan that a person carries out (a system without a
    /// plugin, a decision of the officer's).
    Action(ActionRow),
    /// A recipient to tell of a change, or a transfer to make, by a person
    /// (`channel = task`), or to settle as told or exempt when no way to
    /// reach it is configured (`channel = unconfigured`).
    Notice(NoticeTask),
    /// An answer to print and post.
    Post(PostTask),
}

/// A notice or transfer a person gives.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct NoticeTask {
    /// The case.
    pub case: CaseRef,
    /// The recipient, as `tasks done "REF:RECIPIENT"` names it.
    pub recipient: String,
    /// How it is reached.
    pub channel: NoticeChannel,
    /// Who carries it out (a task's owner), if configured.
    pub address: Option<String>,
    /// What it is about.
    pub about: Vec<NoticeAbout>,
    /// Since when it waits.
    pub since: DateTime<Utc>,
}

/// An answer waiting to be posted.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct PostTask {
    /// The case.
    pub case: CaseRef,
    /// Since when it waits.
    pub since: DateTime<Utc>,
}

impl Task {
    /// The case it belongs to.
    pub fn case(&self) -> &CaseRef {
        match self {
            Task::Action(a) => &a.case,
            Task::Notice(n) => &n.case,
            Task::Post(p) => &p.case,
        }
    }

    /// What `dsrd tasks done` takes for it.
    pub fn handle(&self) -> String {
        match self {
            Task::Action(a) => format!("{}:{}", a.case, a.action),
            Task::Notice(n) => format!("{}:{}", n.case, n.recipient),
            Task::Post(p) => format!("{}:post", p.case),
        }
    }
}

/// Every task waiting for a person at `now`: the plans' tasks first (in
/// the order they fell due), then the answers'.
pub async fn tasks(
    store: &dyn crate::store::Store,
    now: DateTime<Utc>,
) -> Result<Vec<Task>, StoreError> {
    // A task is listed however far ahead its due time lies: a person may
    // do it early.
    let far = now + chrono::Duration::days(365 * 100);
    let mut tasks: Vec<Task> = store
        .due_actions(far, MOST)
        .await?
        .into_iter()
        .filter(|a| !matches!(a.spec.system, System::Plugin(_)))
        .map(Task::Action)
        .collect();
    let (notices, posting) = store.answer_tasks().await?;
    tasks.extend(notices.into_iter().map(|(case, n)| {
        Task::Notice(NoticeTask {
            case,
            recipient: n.recipient,
            channel: n.channel,
            address: n.address,
            about: n.about,
            since: n.recorded_at,
        })
    }));
    tasks.extend(posting.into_iter().map(|p| {
        Task::Post(PostTask {
            case: p.case,
            since: p.made_at,
        })
    }));
    Ok(tasks)
}
