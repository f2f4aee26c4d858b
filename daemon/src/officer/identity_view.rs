//! A case's identity as the officer is shown it (`dsrd cases identity
//! --json`, and the officer's API): the identity record, what happens next
//! (as data and in words), and the attachments of its messages with those
//! that may be an identity document marked.

use crate::case::{Case, CaseRef, CaseState};
use crate::identity::{
    next_step, CaseIdentity, Method, MinorRightsModel, NextStep, NotValid, OfficerMust,
};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

/// Whose data the request is about and how identity stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct IdentityView {
    /// The case.
    pub reference: CaseRef,
    /// Its state.
    pub state: CaseState,
    /// The identity record as stored.
    pub identity: CaseIdentity,
    /// What happens next, in words for the officer (the CLI's option
    /// names included).
    pub status: String,
    /// What happens next, as data.
    pub next: NextView,
    /// Every attachment of the case's messages.
    pub attachments: Vec<AttachmentView>,
}

/// The identity stage's next step, tagged by `step`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "step")]
pub enum NextView {
    /// Identity is verified (or the daemon is about to record that it is).
    Verified {
        /// How.
        method: Method,
    },
    /// A code was sent; its answer is awaited.
    WaitingForCode,
    /// A code may go to an address on file: `--send-code`.
    SendCode {
        /// The candidate the code verifies.
        subject: usize,
        /// The address on file.
        to: String,
    },
    /// The requester may not act for the subject; an officer confirms.
    NotValid {
        /// The candidate.
        subject: usize,
        /// Why.
        reason: NotValid,
    },
    /// An officer must act first; `must` says what.
    Officer(OfficerMust),
}

/// One attachment of one message of the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AttachmentView {
    /// The message's row id.
    pub message: i64,
    /// The MIME part path (`2`, `1.3`): with `message`, what
    /// `--keep-attachment MESSAGE:PART` names.
    pub part: String,
    /// The file name the sender gave.
    pub file_name: Option<String>,
    /// The media type the part declares.
    pub content_type: Option<String>,
    /// Decoded size in bytes.
    pub size: u64,
    /// SHA-256 of the decoded bytes, hex.
    pub sha256: String,
    /// An image or PDF: removed once identity is decided, unless kept as
    /// evidence.
    pub may_be_identity_document: bool,
}

impl AttachmentView {
    /// The attachments of the stored message `message` whose bytes are
    /// `raw`: possible identity documents first, then the rest.
    pub fn survey(message: i64, raw: &[u8]) -> Vec<AttachmentView> {
        let survey = crate::intake::survey_attachments(raw);
        let candidates = survey.candidates.into_iter().map(|f| (f, true));
        let others = survey.others.into_iter().map(|f| (f, false));
        candidates
            .chain(others)
            .map(|(f, candidate)| AttachmentView {
                message,
                part: f.part.to_string(),
                file_name: f.file_name,
                content_type: f.declared_type,
                size: f.size,
                sha256: f.sha256,
                may_be_identity_document: candidate,
            })
            .collect()
    }
}

impl IdentityView {
    /// The view of `case` with `attachments` (see
    /// [`AttachmentView::survey`]), its next step judged under `model` at
    /// `now`, the receipt date taken in `tz` (the organisation's).
    pub fn new(
        case: &Case,
        attachments: Vec<AttachmentView>,
        model: MinorRightsModel,
        tz: Tz,
        now: DateTime<Utc>,
    ) -> IdentityView {
        let (next, status) = match &case.identity.verification {
            Some(v) => (
                NextView::Verified { method: v.method() },
                format!("verified ({})", v.method().as_str()),
            ),
            None => {
                let step = next_of(case, model, tz, now);
                (
                    next_view(&case.identity, &step),
                    status(&case.identity, step),
                )
            }
        };
        IdentityView {
            reference: case.reference.clone(),
            state: case.state,
            identity: case.identity.shown(),
            status,
            next,
            attachments,
        }
    }
}

/// The identity stage's next step for `case` at `now`.
fn next_of(case: &Case, model: MinorRightsModel, tz: Tz, now: DateTime<Utc>) -> NextStep {
    let requester = case
        .requester_address
        .as_ref()
        .map(|a| a.as_str())
        .unwrap_or_default();
    let received = case.received_at.with_timezone(&tz).date_naive();
    next_step(&case.identity, requester, received, model, now)
}

fn next_view(identity: &CaseIdentity, step: &NextStep) -> NextView {
    match step {
        NextStep::Verified(v) => NextView::Verified { method: v.method() },
        NextStep::SendCode { .. } if identity.code.is_some() => NextView::WaitingForCode,
        NextStep::SendCode { subject, to } => NextView::SendCode {
            subject: *subject,
            to: to.clone(),
        },
        NextStep::NotValid { subject, reason } => NextView::NotValid {
            subject: *subject,
            reason: *reason,
        },
        NextStep::Officer(must) => NextView::Officer(must.clone()),
    }
}

/// What happens next, in words.
fn status(identity: &CaseIdentity, step: NextStep) -> String {
    match step {
        NextStep::Verified(_) => "matched on file (the daemon records it)".into(),
        NextStep::SendCode { to, .. } if identity.code.is_some() => {
            format!(
                "waiting for the code's answer (sent to {})",
                identity.code.as_ref().map(|c| c.to.as_str()).unwrap_or(&to)
            )
        }
        NextStep::SendCode { to, .. } => format!("a code to {to}: --send-code"),
        NextStep::NotValid { reason, .. } => format!(
            "the requester may not act ({reason:?}): confirm with --not-a-representative --reason …"
        ),
        NextStep::Officer(must) => match must {
            OfficerMust::LookUp => "look the subject up: --look-up".into(),
            OfficerMust::Choose { why } => format!("choose the subject ({why:?}): --choose N"),
            OfficerMust::Resolve { why } => format!(
                "the systems disagree ({why:?}): correct the records and --look-up, or --choose N"
            ),
            OfficerMust::Decide { missing } => {
                format!("the records lack {missing:?}: --in-person … or --not-a-representative …")
            }
            OfficerMust::PickAddress { addresses } => format!(
                "pick the address on file: --send-code --to one of {}",
                addresses.join(", ")
            ),
            OfficerMust::NoAddressOnFile => {
                "no address on file may receive a code: --in-person …".into()
            }
            OfficerMust::NothingFound => {
                "nobody on file fits: check the records, then --look-up or --in-person".into()
            }
        },
    }
}

/// The identity view of case `reference` at `now`, with the attachments of
/// all its messages; `None` for no such case. What `dsrd cases identity`
/// and the API's `GET /cases/{reference}/identity` show.
pub async fn identity_view(
    store: &dyn crate::store::Store,
    config: &crate::config::Config,
    reference: &crate::case::CaseRef,
    now: DateTime<Utc>,
) -> Result<Option<IdentityView>, crate::store::StoreError> {
    let Some(case) = store.get_case(reference).await? else {
        return Ok(None);
    };
    let attachments = store
        .case_messages(reference)
        .await?
        .iter()
        .flat_map(|m| AttachmentView::survey(m.id, &m.raw))
        .collect();
    Ok(Some(IdentityView::new(
        &case,
        attachments,
        config.policy.minor_rights,
        config.organisation.time_zone,
        now,
    )))
}
