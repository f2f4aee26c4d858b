//! The case as the rest of the daemon sees it.

use super::{CaseClassification, CaseDeadline, CaseEvent, CaseRef, CaseState};
use crate::address::EmailAddress;
use crate::classify::{Language, RequestType};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What we keep about an attachment besides its bytes (which stay in the raw
/// message): enough for the officer to see what was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AttachmentMeta {
    /// The file name the sender gave, if any.
    pub file_name: Option<String>,
    /// The declared media type, e.g. `application/pdf`.
    pub content_type: String,
    /// Decoded size in bytes.
    pub size: u64,
}

/// One line of `dsrd cases list`.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CaseSummary {
    /// The human reference.
    pub reference: CaseRef,
    /// Current state.
    pub state: CaseState,
    /// When the request reached the mailbox.
    pub received_at: DateTime<Utc>,
    /// The effective due date.
    pub due_date: Option<NaiveDate>,
    /// Request types found so far (empty until classification).
    pub request_types: Vec<RequestType>,
    /// Language of the request.
    pub language: Language,
}

/// A whole case, as `dsrd cases show` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Case {
    /// The human reference.
    pub reference: CaseRef,
    /// Current state.
    pub state: CaseState,
    /// When the request reached the mailbox.
    pub received_at: DateTime<Utc>,
    /// The requester's address, when the message had a usable one.
    pub requester_address: Option<EmailAddress>,
    /// The requester's display name, if given.
    pub requester_name: Option<String>,
    /// The subject line.
    pub subject: Option<String>,
    /// The body as plain text (HTML turned into text).
    pub body_text: String,
    /// Language of the request.
    pub language: Language,
    /// Request types (empty until classification).
    pub request_types: Vec<RequestType>,
    /// The effective due date.
    pub due_date: Option<NaiveDate>,
    /// How the due date was computed, with the rules frozen for this case.
    pub deadline: Option<CaseDeadline>,
    /// What the letter asks for and about whom, with the evidence.
    pub classification: Option<CaseClassification>,
    /// Why the case is in triage, when it is.
    pub triage_reason: Option<String>,
    /// Attachments of the request.
    pub attachments: Vec<AttachmentMeta>,
    /// Whose data the request is about, and how identity was verified.
    pub identity: crate::identity::CaseIdentity,
    /// Every event, oldest first.
    pub events: Vec<CaseEvent>,
    /// Set once the case file's retention ran out and the case was reduced
    /// to this anonymous record: its personal data are gone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reduced: Option<super::CaseReduction>,
}
