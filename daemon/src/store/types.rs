//! Plain values that go into and come out of the store.

use crate::case::{AttachmentMeta, CaseRef};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// A rendered outgoing message, ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    /// What it is, e.g. `acknowledgement`.
    pub kind: String,
    /// The Message-ID it carries (without angle brackets); unique, so a resend
    /// after a crash is recognisable.
    pub message_id: String,
    /// Envelope sender.
    pub sender: String,
    /// Envelope recipient.
    pub recipient: String,
    /// The whole RFC 5322 message.
    pub raw: Vec<u8>,
}

/// Builds the acknowledgement once the case has its reference (which the
/// store allocates inside the intake transaction).
pub type AckBuilder = Box<dyn FnOnce(&CaseRef) -> Option<OutgoingMail> + Send + Sync>;

/// A received message, parsed as far as it could be, to be made into a case.
pub struct NewIntake {
    /// Message-ID, or a content hash where there is none.
    pub dedupe_key: String,
    /// The Message-ID header, if any.
    pub message_id: Option<String>,
    /// Where it came from, e.g. `maildir:new/1700000000.M1.host`.
    pub source: String,
    /// The configured name of the mailbox it came in through.
    pub mailbox: String,
    /// When it reached the mailbox.
    pub received_at: DateTime<Utc>,
    /// The message exactly as received.
    pub raw: Vec<u8>,
    /// Attachment metadata.
    pub attachments: Vec<AttachmentMeta>,
    /// Why it could not be parsed, when it could not.
    pub parse_error: Option<String>,
    /// Reference prefix of the organisation.
    pub prefix: String,
    /// The year of receipt in the organisation's time zone.
    pub year: i32,
    /// The organisation's name.
    pub organisation: String,
    /// The requester's address, if usable.
    pub requester_address: Option<String>,
    /// The requester's display name.
    pub requester_name: Option<String>,
    /// Subject line.
    pub subject: Option<String>,
    /// Plain-text body.
    pub body_text: String,
    /// Language code of the request.
    pub language: String,
    /// Request types, primary first.
    pub request_types: Vec<String>,
    /// The classification (JSON): types, confidence, evidence, extraction.
    pub classification_json: String,
    /// `In-Reply-To`/`References` ids: a reply to a known message or to our
    /// own mail is a follow-up of that case, not a new case.
    pub thread_ids: Vec<String>,
    /// A case reference found in the subject line.
    pub subject_reference: Option<String>,
    /// Effective due date.
    pub due_date: Option<NaiveDate>,
    /// The deadline computation (JSON): policy, calendar, explanation.
    pub deadline_json: String,
    /// When set, the case goes to triage for this reason and is not acknowledged.
    pub triage_reason: Option<String>,
    /// The acknowledgement, unless the case goes to triage.
    pub acknowledgement: Option<AckBuilder>,
    /// When this is recorded.
    pub now: DateTime<Utc>,
}

/// What recording an intake did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntakeOutcome {
    /// A new case.
    Created(CaseRef),
    /// A follow-up of an existing case, attached to it.
    FollowUp(CaseRef),
    /// The message was already recorded, under this case.
    Duplicate(CaseRef),
}

/// Which cases to list.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    /// Only cases in this state.
    pub state: Option<String>,
    /// Only open cases due on or before this date.
    pub due_by: Option<NaiveDate>,
    /// At most this many.
    pub limit: Option<i64>,
}

/// What a change to a case may look at: the case as it is, read inside the
/// transaction that will write the change.
#[derive(Debug, Clone)]
pub struct CaseSnapshot {
    /// The case reference.
    pub reference: CaseRef,
    /// Its state.
    pub state: crate::case::CaseState,
    /// When the request reached the mailbox.
    pub received_at: DateTime<Utc>,
    /// The requester's address.
    pub requester_address: Option<String>,
    /// The requester's name.
    pub requester_name: Option<String>,
    /// The request's subject.
    pub subject: Option<String>,
    /// The request's language code.
    pub language: String,
    /// The Message-ID of the first message, for threading answers.
    pub message_id: Option<String>,
    /// Request types.
    pub request_types: Vec<String>,
    /// The frozen deadline.
    pub deadline: crate::case::CaseDeadline,
    /// The classification, when the case has one.
    pub classification: Option<crate::case::CaseClassification>,
}

/// A change to one case, decided by a pure function over its snapshot and
/// written with its event, audit entry and any mail in one transaction.
#[derive(Debug, Clone)]
pub struct CaseUpdate {
    /// Who makes the change.
    pub actor: crate::case::Actor,
    /// A new state, through the state machine.
    pub state: Option<crate::case::CaseState>,
    /// A new deadline (also updates the due date).
    pub deadline: Option<crate::case::CaseDeadline>,
    /// New classification (also updates the request types).
    pub classification: Option<crate::case::CaseClassification>,
    /// The event to record.
    pub event: crate::case::EventKind,
    /// Event detail (no personal data beyond what the case holds).
    pub detail: Option<String>,
    /// Audit action, e.g. `case.extended`.
    pub audit_action: String,
    /// Audit detail as JSON text, without personal data.
    pub audit_detail: String,
    /// Mail to queue, e.g. the extension letter.
    pub mail: Option<OutgoingMail>,
}

/// Decides a change; `Err` is a refusal with its reason.
pub type CaseChange = Box<dyn FnOnce(&CaseSnapshot) -> Result<CaseUpdate, String> + Send>;

/// What an update did.
#[derive(Debug, Clone)]
pub enum UpdateOutcome {
    /// Written: the case as the change saw it, and the change.
    Applied {
        /// The case before.
        before: Box<CaseSnapshot>,
        /// What was written.
        after: Box<CaseUpdate>,
    },
    /// The change function refused; nothing was written.
    Refused(String),
    /// There is no such case.
    NotFound,
}

/// An open case with a due date, for the reminder scheduler.
#[derive(Debug, Clone)]
pub struct DueCase {
    /// The case reference.
    pub reference: CaseRef,
    /// Its due date.
    pub due_date: NaiveDate,
    /// Reminder kinds already recorded for it.
    pub reminded: Vec<String>,
    /// The frozen deadline (for its calendar).
    pub deadline: crate::case::CaseDeadline,
}

/// One outgoing message due for delivery.
#[derive(Debug, Clone)]
pub struct OutboxItem {
    /// Row id.
    pub id: i64,
    /// The case reference, for file names and logs.
    pub case_ref: Option<String>,
    /// Kind of message.
    pub kind: String,
    /// Message-ID.
    pub message_id: String,
    /// Envelope sender.
    pub sender: String,
    /// Envelope recipient.
    pub recipient: String,
    /// The message.
    pub raw: Vec<u8>,
    /// Attempts so far.
    pub attempts: i64,
    /// The mailbox the case's request came in through (for its Sent folder).
    pub mailbox: Option<String>,
}

/// Outgoing mail by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct OutboxCounts {
    /// Waiting for (another) attempt.
    pub pending: i64,
    /// Delivered.
    pub sent: i64,
    /// Claimed for an attempt whose outcome is not recorded yet.
    pub sending: i64,
}

/// How far the intake has read an IMAP folder (RFC 3501 §2.3.1.1: a UID
/// means the same message only as long as UIDVALIDITY is unchanged).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MailboxState {
    /// The folder's UIDVALIDITY when `last_uid` was recorded.
    pub uidvalidity: u32,
    /// The highest UID whose case is committed.
    pub last_uid: u32,
}
