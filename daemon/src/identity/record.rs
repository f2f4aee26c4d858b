//! What a case keeps about identity: the finding as it was when it was
//! made, the subject (found or chosen), a pending code, and the
//! verification. Plain data, written only through the store's effects.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::code::CodeRecord;
use super::find::{Candidate, Finding, Outcome};
use super::verification::Verification;
use crate::intake::SenderAuth;

/// A code sent to an address on file, waiting for its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PendingCode {
    /// The hashed code, its expiry and the answers left.
    pub record: CodeRecord,
    /// The address on file it went to.
    pub to: String,
    /// The candidate it verifies.
    pub subject: usize,
    /// When it was sent.
    pub sent_at: DateTime<Utc>,
    /// When the requester was reminded, once.
    #[serde(default)]
    pub reminded_at: Option<DateTime<Utc>>,
}

/// Identity on one case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CaseIdentity {
    /// Every plugin's answers, combined; `None` until the subject was looked up.
    pub finding: Option<Finding>,
    /// The mail server's verdict on the sender of the request.
    pub sender: Option<SenderAuth>,
    /// The subject: the one the finding identified, or the candidate an
    /// officer chose.
    pub subject: Option<usize>,
    /// A code waiting for its answer.
    pub code: Option<PendingCode>,
    /// How identity was verified, once it was.
    pub verification: Option<Verification>,
    /// The id of the last message of the case already read for a code.
    #[serde(default)]
    pub messages_seen: i64,
    /// Attachments the officer marked as evidence for the request itself:
    /// kept when the identity document candidates are removed.
    #[serde(default)]
    pub evidence: Vec<AttachmentRef>,
    /// Attachments removed as possible identity document copies: the
    /// fact, type and hash, never the bytes.
    #[serde(default)]
    pub removed: Vec<RemovedAttachment>,
    /// The officer has gone through the attachments of a request where
    /// they may be evidence (a rectification): what is not marked as
    /// evidence may now be removed.
    #[serde(default)]
    pub attachments_reviewed: bool,
    /// The id of the newest message already surveyed for identity document
    /// copies after identity was decided.
    #[serde(default)]
    pub swept_up_to: i64,
}

/// One attachment of one stored message.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AttachmentRef {
    /// The message's row id in the store.
    pub message: i64,
    /// The MIME part path, as `dsrd cases identity` lists it (`2`, `1.3`).
    pub part: String,
}

/// What dsrd keeps of an attachment it removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RemovedAttachment {
    /// Which message and part it was.
    pub at: AttachmentRef,
    /// The name the sender gave it.
    pub file_name: Option<String>,
    /// Its media type (declared, or recognised from its bytes).
    pub content_type: String,
    /// Its decoded size.
    pub size: u64,
    /// SHA-256 of its decoded bytes, hex.
    pub sha256: String,
    /// When it was removed from the store.
    pub removed_at: DateTime<Utc>,
    /// What became of the copy in the mailbox.
    pub mailbox_copy: MailboxCopy,
}

/// The copy of a message the mailbox still holds after dsrd removed an
/// attachment from its own store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum MailboxCopy {
    /// Still to be replaced by the message without the attachment.
    Pending,
    /// Replaced.
    Replaced {
        /// When.
        at: DateTime<Utc>,
    },
    /// The mailbox no longer holds the message (someone moved or deleted it).
    Gone,
    /// The copy could not be replaced; an officer must remove it by hand.
    Failed {
        /// Why, without personal data.
        why: String,
    },
}

/// One change to a case's identity record, written by the store as part
/// of a case update (`Effect::Identity`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityChange {
    /// A new finding: replaces the old one, takes its subject (if it settles
    /// on one) and drops a pending code, which belonged to the old finding.
    Found {
        /// What the plugins' answers gave.
        finding: Finding,
        /// The mail server's verdict on the sender.
        sender: SenderAuth,
    },
    /// The officer chose the subject among the candidates.
    Chose {
        /// The candidate.
        subject: usize,
    },
    /// A code went to an address on file.
    CodeSent(PendingCode),
    /// A code's record after an answer (one attempt fewer).
    CodeAnswered(super::code::CodeRecord),
    /// The requester was reminded of the code.
    CodeReminded(DateTime<Utc>),
    /// Messages up to this id were read for a code.
    MessagesSeen(i64),
    /// The officer marked an attachment as evidence for the request.
    KeepAsEvidence(AttachmentRef),
    /// Messages up to this id were surveyed for identity document copies.
    Swept(i64),
    /// The officer reviewed the attachments: the rest may go.
    AttachmentsReviewed,
    /// An attachment was removed from the store.
    Removed(RemovedAttachment),
    /// What became of a removed attachment's mailbox copy.
    MailboxCopy {
        /// The attachment.
        at: AttachmentRef,
        /// Its copy's fate.
        copy: MailboxCopy,
    },
}

impl IdentityChange {
    /// Applies the change to `identity`.
    pub fn apply(&self, identity: &mut CaseIdentity) {
        match self {
            IdentityChange::Found { finding, sender } => {
                identity.subject = CaseIdentity::found_subject(finding);
                identity.finding = Some(finding.clone());
                identity.sender = Some(sender.clone());
                identity.code = None;
            }
            IdentityChange::Chose { subject } => {
                identity.subject = Some(*subject);
                identity.code = None;
            }
            IdentityChange::CodeSent(code) => identity.code = Some(code.clone()),
            IdentityChange::CodeAnswered(record) => {
                if let Some(code) = &mut identity.code {
                    code.record = record.clone();
                }
            }
            IdentityChange::CodeReminded(at) => {
                if let Some(code) = &mut identity.code {
                    code.reminded_at = Some(*at);
                }
            }
            IdentityChange::MessagesSeen(id) => {
                identity.messages_seen = identity.messages_seen.max(*id);
            }
            IdentityChange::KeepAsEvidence(at) => {
                if !identity.evidence.contains(at) {
                    identity.evidence.push(at.clone());
                }
            }
            IdentityChange::AttachmentsReviewed => identity.attachments_reviewed = true,
            IdentityChange::Swept(id) => identity.swept_up_to = identity.swept_up_to.max(*id),
            IdentityChange::Removed(removed) => {
                if !identity.removed.iter().any(|r| r.at == removed.at) {
                    identity.removed.push(removed.clone());
                }
            }
            IdentityChange::MailboxCopy { at, copy } => {
                for r in identity.removed.iter_mut().filter(|r| &r.at == at) {
                    r.mailbox_copy = copy.clone();
                }
            }
        }
    }
}

impl CaseIdentity {
    /// The record as it may be shown (CLI, API, console): without the
    /// waiting code's salt and hash. A code has some 10^12 values, so with
    /// its salt and hash it could be found by trying; only the store keeps
    /// them, for checking an answer.
    pub fn shown(&self) -> CaseIdentity {
        let mut shown = self.clone();
        if let Some(code) = &mut shown.code {
            code.record.salt.clear();
            code.record.hash.clear();
        }
        shown
    }

    /// The subject candidate, if there is one.
    pub fn subject_candidate(&self) -> Option<&Candidate> {
        let finding = self.finding.as_ref()?;
        finding.candidates.get(self.subject?)
    }

    /// The subject a fresh finding settles on by itself: the identified
    /// person, or the one the letter's facts found for a requester not on
    /// file.
    pub fn found_subject(finding: &Finding) -> Option<usize> {
        match finding.outcome {
            Outcome::Identified { subject, .. } => Some(subject),
            Outcome::NotFound { subject, .. } => subject,
            _ => None,
        }
    }
}
