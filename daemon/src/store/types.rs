//! Plain values that go into and come out of the store.

use super::answer::{AnswerEffect, CaseReply, Delivery};
use crate::address::EmailAddress;
use crate::answer::ReminderKind;
use crate::case::{
    Actor, AttachmentMeta, CaseClassification, CaseDeadline, CaseRef, CaseState, EventKind,
};
use crate::classify::{Language, RequestType};
use crate::identity::{CaseIdentity, IdentityChange, Verification};
use crate::outbox::{MailKind, OutgoingMail};
use crate::plan::{ActionId, Approval, Plan, PlannedAction, Rejection};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

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
    pub requester_address: Option<EmailAddress>,
    /// The requester's display name.
    pub requester_name: Option<String>,
    /// Subject line.
    pub subject: Option<String>,
    /// Plain-text body.
    pub body_text: String,
    /// The language of the request.
    pub language: Language,
    /// The classification: types, confidence, evidence, extraction; `None`
    /// for a message kept raw. The case's request types are its types.
    pub classification: Option<CaseClassification>,
    /// `In-Reply-To`/`References` ids: a reply to a known message or to our
    /// own mail is a follow-up of that case, not a new case.
    pub thread_ids: Vec<String>,
    /// A case reference found in the subject line.
    pub subject_reference: Option<CaseRef>,
    /// The deadline computation: policy, calendar, explanation; the case's
    /// due date is its effective due date.
    pub deadline: CaseDeadline,
    /// Why the case is in triage, kept on the case for the officer.
    pub triage_reason: Option<String>,
    /// What follows the case's receipt, by the system, in this order (the
    /// move to triage); the acknowledgement comes after them.
    pub effects: Vec<Effect>,
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
    /// Not a request: a possible breach report, opened as a draft in the
    /// breach register (no case).
    BreachOpened(crate::breach::BreachRef),
    /// A breach report already recorded, as this entry.
    BreachDuplicate(crate::breach::BreachRef),
}

/// Which cases to list.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    /// Only cases in this state.
    pub state: Option<CaseState>,
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
    pub state: CaseState,
    /// When the request reached the mailbox.
    pub received_at: DateTime<Utc>,
    /// The requester's address.
    pub requester_address: Option<EmailAddress>,
    /// The requester's name.
    pub requester_name: Option<String>,
    /// The request's subject.
    pub subject: Option<String>,
    /// The request's language.
    pub language: Language,
    /// The Message-ID of the first message, for threading answers.
    pub message_id: Option<String>,
    /// Request types.
    pub request_types: Vec<RequestType>,
    /// The frozen deadline.
    pub deadline: CaseDeadline,
    /// The classification, when the case has one.
    pub classification: Option<CaseClassification>,
    /// What the identity stage found and recorded.
    pub identity: CaseIdentity,
    /// The plan the case is on, with the officers' decisions on it.
    pub plan: Option<CasePlan>,
    /// The actions carrying out approved plans, oldest first.
    pub actions: Vec<ActionRow>,
    /// The answer letter, the package and the art. 19 notices.
    pub reply: CaseReply,
}

/// One thing a change does to a case. The store writes a change's effects
/// in their order, all in one transaction or none. A later stage that needs
/// a new kind of write (identity codes, plans, actions) adds a variant here
/// and its table, not a new path through the store.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Moves the case to `to` through the state machine (an illegal move
    /// refuses the whole change), recorded as an `event` with the states
    /// before and after.
    Transition {
        /// The new state.
        to: CaseState,
        /// The event that records the move.
        event: EventKind,
        /// Event detail (a reason).
        detail: Option<String>,
    },
    /// Records an event that moves no state.
    Event {
        /// What happened.
        kind: EventKind,
        /// Event detail (no personal data beyond what the case holds).
        detail: Option<String>,
    },
    /// Replaces the frozen deadline, and the due date with it.
    SetDeadline(CaseDeadline),
    /// Replaces the classification, and the request types with it.
    SetClassification(CaseClassification),
    /// Appends an audit entry about the case by the change's actor.
    Audit {
        /// What was done, e.g. `case.extended`.
        action: String,
        /// Its detail, without personal data.
        detail: serde_json::Value,
    },
    /// Queues a message in the outbox, recorded by the system with its
    /// event and audit entry.
    QueueMail(OutgoingMail),
    /// Changes the case's identity record.
    Identity(IdentityChange),
    /// Records how identity was verified and moves the case to
    /// `awaiting_approval`, with its event and audit entry. This is the only
    /// way into that state: a plain [`Effect::Transition`] there is refused.
    Verified(Verification),
    /// Makes `plan` the case's plan; a plan it had is superseded (kept,
    /// with the decisions made on it, which no longer count).
    SetPlan(Box<Plan>),
    /// Records an officer's approval of one action of the current plan.
    /// Refused when the approval names another plan (a stale fingerprint)
    /// or identity is not verified; the same officer approving twice is
    /// recorded once.
    Approve(Approval),
    /// Records an officer's rejection of one action of the current plan,
    /// with the same checks as [`Effect::Approve`].
    Reject(Rejection),
    /// Starts carrying out the current plan: one pending action row for
    /// each of `actions` (each must be in the plan), and the move to
    /// `executing`. Refused without a verified identity.
    Execute(Vec<ActionId>),
    /// An officer sends a failed action back to be tried again.
    RetryAction(ActionId),
    /// An officer gives up a pending or failed action, with the reason.
    WaiveAction {
        /// The action.
        action: ActionId,
        /// Why.
        reason: String,
    },
    /// A person reports a task (a manual system's, or the officer's own)
    /// done, with a note and, for access, what they exported.
    TaskDone {
        /// The action.
        action: ActionId,
        /// What was done.
        note: String,
        /// What the task produced, for the answer.
        result: Option<serde_json::Value>,
    },
    /// An officer announces that the restriction set by `action` ends: the
    /// register records the notice and the date the lift may take effect
    /// (`on`, beginning at `from`), with its event and audit entry. Refused
    /// unless that restriction is in force with no lift announced.
    AnnounceLift {
        /// The restrict action whose restriction ends.
        action: ActionId,
        /// The first day the lift may take effect.
        on: NaiveDate,
        /// The instant that day begins in the organisation's time zone.
        from: DateTime<Utc>,
        /// Why (for the letter to the subject).
        reason: String,
    },
    /// The answer stage's writes: notices, the letter, the package, the
    /// sending (see [`AnswerEffect`]).
    Answer(AnswerEffect),
    /// Replaces a stored message of the case by `raw` (the same message
    /// without an identity document copy), with its attachment list. The
    /// old bytes are overwritten, not kept.
    ReplaceMessage {
        /// The message's row id.
        message: i64,
        /// The new message.
        raw: Vec<u8>,
        /// Its attachments.
        attachments: Vec<AttachmentMeta>,
    },
}

/// A change to one case, decided by a pure function over its snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseUpdate {
    /// Who makes the change.
    pub actor: Actor,
    /// What it does, in order.
    pub effects: Vec<Effect>,
}

impl CaseUpdate {
    /// The state the change moves the case to, if it moves it.
    pub fn state(&self) -> Option<CaseState> {
        self.effects.iter().rev().find_map(|e| match e {
            Effect::Transition { to, .. } => Some(*to),
            Effect::Verified(_) => Some(CaseState::AwaitingApproval),
            Effect::Execute(_) => Some(CaseState::Executing),
            Effect::Answer(AnswerEffect::Send(Delivery::Nothing))
            | Effect::Answer(AnswerEffect::Posted { .. }) => Some(CaseState::Closed),
            Effect::Answer(AnswerEffect::Send(_)) => Some(CaseState::Answered),
            _ => None,
        })
    }

    /// The deadline the change sets, if it sets one.
    pub fn deadline(&self) -> Option<&CaseDeadline> {
        self.effects.iter().rev().find_map(|e| match e {
            Effect::SetDeadline(d) => Some(d),
            _ => None,
        })
    }

    /// The classification the change sets, if it sets one.
    pub fn classification(&self) -> Option<&CaseClassification> {
        self.effects.iter().rev().find_map(|e| match e {
            Effect::SetClassification(c) => Some(c),
            _ => None,
        })
    }

    /// The verification the change records, if it records one.
    pub fn verification(&self) -> Option<&Verification> {
        self.effects.iter().rev().find_map(|e| match e {
            Effect::Verified(v) => Some(v),
            _ => None,
        })
    }

    /// The mail the change queues.
    pub fn mail(&self) -> impl Iterator<Item = &OutgoingMail> {
        self.effects.iter().filter_map(|e| match e {
            Effect::QueueMail(m) => Some(m),
            _ => None,
        })
    }
}

/// Decides a change; `Err` is a refusal with its reason.
pub type CaseChange = Box<dyn FnOnce(&CaseSnapshot) -> Result<CaseUpdate, super::Refusal> + Send>;

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
    /// The change function or the state machine refused; nothing was
    /// written.
    Refused(super::Refusal),
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
    /// Reminders already recorded for it.
    pub reminded: Vec<ReminderKind>,
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
    pub kind: MailKind,
    /// Message-ID.
    pub message_id: String,
    /// Envelope sender.
    pub sender: EmailAddress,
    /// Envelope recipient.
    pub recipient: EmailAddress,
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

/// A message of a case as stored: the request, or a follow-up.
#[derive(Debug, Clone)]
pub struct StoredMessage {
    /// Row id (grows with arrival).
    pub id: i64,
    /// The Message-ID header, if any.
    pub message_id: Option<String>,
    /// Where it came from, e.g. `maildir:new/<file>` or `imap:INBOX/;UIDVALIDITY=1/;UID=7`.
    pub source: String,
    /// The configured mailbox it came in through (none for messages
    /// stored before dsrd recorded it).
    pub mailbox: Option<String>,
    /// When it reached the mailbox.
    pub received_at: DateTime<Utc>,
    /// The message as stored.
    pub raw: Vec<u8>,
    /// Its attachments.
    pub attachments: Vec<AttachmentMeta>,
}

/// Why the store refused a change's effects; nothing of the change is
/// written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EffectRefused {
    /// The state machine has no such move.
    #[error(transparent)]
    Illegal(#[from] crate::case::IllegalTransition),
    /// A move to `awaiting_approval` without a verification of identity.
    #[error("a case moves to awaiting_approval only with a recorded verification of identity")]
    Unverified,
    /// A message of another case was named.
    #[error("message {0} is not one of this case's messages")]
    NotThisCase(i64),
    /// A decision on a plan that is not the case's current plan.
    #[error("the plan changed since it was shown (fingerprint {0} is not the current plan's): look at the new plan and decide on it")]
    StalePlan(String),
    /// The case has no plan to decide on or carry out.
    #[error("the case has no plan yet")]
    NoPlan,
    /// An action the plan does not have, or one not in a state for this.
    #[error("{0}")]
    Action(String),
}

impl From<EffectRefused> for super::StoreError {
    fn from(refused: EffectRefused) -> Self {
        match refused {
            EffectRefused::Illegal(e) => super::StoreError::IllegalTransition(e),
            other => super::StoreError::Refused(other.to_string()),
        }
    }
}

/// The plan a case is on, with the decisions made on it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CasePlan {
    /// The plan.
    pub plan: Plan,
    /// Approvals recorded on this plan.
    pub approvals: Vec<Approval>,
    /// Rejections recorded on this plan.
    pub rejections: Vec<Rejection>,
}

/// Where an action row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionState {
    /// Waiting for a worker (or, for a task, for its person).
    Pending,
    /// Claimed by a worker; the plugin call may be under way.
    Running,
    /// Carried out, its result recorded.
    Done,
    /// Failed for good, or until an officer retries it.
    Failed,
    /// Given up by an officer, with a reason.
    Waived,
}

impl ActionState {
    /// The name in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionState::Pending => "pending",
            ActionState::Running => "running",
            ActionState::Done => "done",
            ActionState::Failed => "failed",
            ActionState::Waived => "waived",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<ActionState> {
        [
            ActionState::Pending,
            ActionState::Running,
            ActionState::Done,
            ActionState::Failed,
            ActionState::Waived,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }

    /// Whether nothing more will happen to it.
    pub fn settled(self) -> bool {
        matches!(self, ActionState::Done | ActionState::Waived)
    }
}

/// One approved action being carried out.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ActionRow {
    /// Row id.
    pub id: i64,
    /// The case.
    pub case: CaseRef,
    /// The action's id in its plan.
    pub action: ActionId,
    /// The action as approved (its system, kind and scope).
    pub spec: PlannedAction,
    /// Where it is.
    pub state: ActionState,
    /// Attempts so far.
    pub attempts: i64,
    /// When a worker may take it (again).
    pub next_attempt_at: DateTime<Utc>,
    /// What it did, once done.
    pub result: Option<serde_json::Value>,
    /// Why it failed, the last time.
    pub error: Option<String>,
    /// An officer's or a task owner's note (a waiver's reason).
    pub note: Option<String>,
}
