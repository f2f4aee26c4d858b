//! A case as `dsrd cases show --json` prints it and the officer's API
//! returns it: the stored case, and what is derived from it for the
//! officer (whether it was answered in time, the deadline's explanation in
//! the organisation's language, the statutory dates). One type, so the two
//! cannot drift apart.

use super::{Answered, Case};
use crate::lang::Lang;
use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Serialize;

/// A whole case with what the officer reads beside it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CaseDetail {
    /// The case as stored; its fields sit at the top level.
    #[serde(flatten)]
    pub case: Case,
    /// When it was answered, against its due date; `null` while open.
    pub answered: Option<Answered>,
    /// The deadline's derivation, one line a step; absent without a
    /// deadline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_explanation: Option<Vec<String>>,
    /// The GDPR art. 12(3) date; absent without a deadline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statutory_due: Option<NaiveDate>,
    /// The last day for an extension notice; absent without a deadline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension_notice_by: Option<NaiveDate>,
}

impl CaseDetail {
    /// `case` with its explanation in `lang` and its answer judged by the
    /// end of the due day in `tz` (the organisation's).
    /// The waiting code's salt and hash are left out (see
    /// [`crate::identity::CaseIdentity::shown`]).
    pub fn new(mut case: Case, lang: Lang, tz: Tz) -> CaseDetail {
        case.identity = case.identity.shown();
        let answered = Answered::of(&case.events, case.due_date, tz);
        let deadline = case.deadline.as_ref();
        CaseDetail {
            answered,
            due_explanation: deadline.map(|d| d.explanation(lang)),
            statutory_due: deadline.map(|d| d.computed.statutory_due),
            extension_notice_by: deadline.map(|d| d.computed.extension_notice_by),
            case,
        }
    }
}
