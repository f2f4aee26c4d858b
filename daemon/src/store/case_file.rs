//! The case file's own retention (issue 16, point 3), as the store sees
//! it: which cases are finished and since when, reducing one to its
//! anonymous record, and the rows the annual figures count (reduced cases
//! among them).

use crate::case::{CaseRef, CaseState};
use crate::classify::RequestType;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// A closed or rejected case that still holds its personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FinishedCase {
    /// The case.
    pub reference: CaseRef,
    /// `closed` or `rejected`.
    pub state: CaseState,
    /// Its last move into that state: the retention period runs from here.
    pub closed_at: DateTime<Utc>,
    /// A restriction of the case is not lifted yet: the register needs the
    /// subject's key to lift it, so the case waits.
    pub restriction_in_force: bool,
}

/// What [`super::CaseFileStore::reduce_case`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReduceOutcome {
    /// The case is now an anonymous record.
    Reduced(Reduced),
    /// The case is not reduced, and why: not finished, closed after the
    /// cut-off, a restriction in force, or reduced already.
    Kept(String),
    /// There is no such case.
    NotFound,
}

/// What reducing one case removed, in rows; no content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reduced {
    /// When the case was closed (or rejected).
    pub closed_at: Option<DateTime<Utc>>,
    /// Received messages (the request and its follow-ups, raw).
    pub messages: u64,
    /// Outgoing mails (letters, codes, notices, reminders).
    pub outgoing: u64,
    /// Data packages (their rows; the files are the caller's).
    pub packages: u64,
    /// Plans, decisions and actions, with their record keys and results.
    pub plan_rows: u64,
    /// Art. 19 notices.
    pub notices: u64,
    /// Events whose detail text was cleared.
    pub events_cleared: u64,
}

/// One case as the annual figures count it: reduced or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureRow {
    /// The case.
    pub reference: CaseRef,
    /// Its state.
    pub state: CaseState,
    /// When the request reached the mailbox.
    pub received_at: DateTime<Utc>,
    /// The request types.
    pub request_types: Vec<RequestType>,
    /// The effective due date.
    pub due_date: Option<NaiveDate>,
    /// The first move to `answered` or `rejected` (a refusal answers too).
    pub answered_at: Option<DateTime<Utc>>,
    /// Whether the case was reduced to its anonymous record.
    pub reduced: bool,
}

/// What the anonymous record keeps of one action row: its system, right,
/// kind and final state (`spec` is the row's approved action as JSON).
pub(crate) fn system_acted(
    spec: &str,
    state: &str,
) -> Result<crate::case::SystemActed, super::StoreError> {
    let action: crate::plan::PlannedAction = super::columns::from_json("action", spec)?;
    let kind = serde_json::to_value(&action.kind)
        .ok()
        .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_owned))
        .unwrap_or_default();
    Ok(crate::case::SystemActed {
        system: action.system.to_string(),
        request_type: action.request_type.as_str().to_owned(),
        kind,
        state: state.to_owned(),
    })
}
