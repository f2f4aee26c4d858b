//! The values a classification produces: the request types of the GDPR,
//! the evidence behind them and the verdict itself.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::language::Language;

/// The right a data subject exercises, or [`RequestType::NotARequest`] for
/// other mail that reaches the privacy mailbox.
///
/// The serde, `Display` and `FromStr` names are the same snake_case words, so
/// the rule files, the corpus labels and the CLI all spell a type one way.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RequestType {
    /// Right of access, GDPR art. 15.
    Access,
    /// Right to rectification, art. 16.
    Rectification,
    /// Right to erasure ("right to be forgotten"), art. 17.
    Erasure,
    /// Right to restriction of processing, art. 18.
    Restriction,
    /// Right to data portability, art. 20.
    Portability,
    /// Right to object, art. 21.
    Objection,
    /// Rights related to automated individual decision-making, art. 22.
    AutomatedDecision,
    /// Withdrawal of consent, art. 7(3).
    WithdrawConsent,
    /// Mail that asks for no new action under the GDPR: reminders, complaints
    /// to a supervisory authority, auto-replies, newsletters, questions.
    NotARequest,
}

impl RequestType {
    /// Every type, requests first, in the order reports list them.
    pub const ALL: [RequestType; 9] = [
        RequestType::Access,
        RequestType::Rectification,
        RequestType::Erasure,
        RequestType::Restriction,
        RequestType::Portability,
        RequestType::Objection,
        RequestType::AutomatedDecision,
        RequestType::WithdrawConsent,
        RequestType::NotARequest,
    ];

    /// The snake_case name used in rule files, labels and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestType::Access => "access",
            RequestType::Rectification => "rectification",
            RequestType::Erasure => "erasure",
            RequestType::Restriction => "restriction",
            RequestType::Portability => "portability",
            RequestType::Objection => "objection",
            RequestType::AutomatedDecision => "automated_decision",
            RequestType::WithdrawConsent => "withdraw_consent",
            RequestType::NotARequest => "not_a_request",
        }
    }

    /// The GDPR article that grants this right; `None` for
    /// [`RequestType::NotARequest`]. Withdrawal of consent is art. 7 (para. 3).
    pub fn article(self) -> Option<u8> {
        match self {
            RequestType::Access => Some(15),
            RequestType::Rectification => Some(16),
            RequestType::Erasure => Some(17),
            RequestType::Restriction => Some(18),
            RequestType::Portability => Some(20),
            RequestType::Objection => Some(21),
            RequestType::AutomatedDecision => Some(22),
            RequestType::WithdrawConsent => Some(7),
            RequestType::NotARequest => None,
        }
    }

    /// The request type whose right a GDPR article grants, if any.
    pub fn from_article(article: u8) -> Option<RequestType> {
        RequestType::ALL
            .into_iter()
            .find(|t| t.article() == Some(article))
    }

    /// Whether this is a real request (every type but `not_a_request`).
    pub fn is_request(self) -> bool {
        self != RequestType::NotARequest
    }

    /// Position in [`RequestType::ALL`], for small per-type arrays.
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for RequestType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of the [`RequestType`] names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown request type {0:?}; expected one of access, rectification, erasure, restriction, portability, objection, automated_decision, withdraw_consent, not_a_request")]
pub struct UnknownRequestType(pub String);

impl FromStr for RequestType {
    type Err = UnknownRequestType;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RequestType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| UnknownRequestType(s.to_owned()))
    }
}

/// Which part of the e-mail a piece of evidence was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    /// The Subject header; matches here weigh more because people name
    /// their request in the subject.
    Subject,
    /// The body, after quoted replies and the signature were stripped.
    Body,
}

/// One reason for a classification, shown to the officer on the case page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Evidence {
    /// The type this evidence counts towards; `not_a_request` for negative cues.
    pub request_type: RequestType,
    /// The text that matched, as it appears in the e-mail.
    pub phrase: String,
    /// Where it was found.
    pub location: Location,
    /// What it added to the type's score (subject matches already multiplied).
    pub weight: f32,
}

/// The verdict on one e-mail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    /// The language the letter is written in, as detected.
    pub language: Language,
    /// The main request, or `not_a_request`.
    pub primary: RequestType,
    /// Every request in the letter, primary first; a letter may exercise
    /// several rights at once ("send me a copy and then delete it").
    pub types: Vec<RequestType>,
    /// How sure the classifier is of `primary`, from 0 to 1.
    pub confidence: f32,
    /// Everything that matched, strongest first.
    pub evidence: Vec<Evidence>,
}

impl Classification {
    /// Whether an officer must look at this e-mail before a case proceeds.
    ///
    /// Mail classified as `not_a_request` always goes to triage: a missed
    /// request is a missed legal deadline, so the classifier never drops
    /// mail on its own. Otherwise triage is needed when the confidence is
    /// below the configured threshold.
    pub fn needs_triage(&self, threshold: f32) -> bool {
        self.primary == RequestType::NotARequest || self.confidence < threshold
    }
}
