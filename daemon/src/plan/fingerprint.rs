//! The fingerprint of a plan: what an approval is of.
//!
//! SHA-256 over a canonical JSON serialisation of what the plan proposes:
//! the case reference, the subject's person keys, and for every action its
//! system, request type, kind (with a rectification's changes and an
//! erasure's mode), scope, summary, retained records and special-category
//! flag; beside them which dry runs failed (plugin and request type, not
//! the message, which may name a time-out's duration) and which systems
//! were left untouched and why. The time the plan was made and the action
//! ids (positions) are left out, so the same dry runs give the same
//! fingerprint whenever and in whatever order they arrive; any change in
//! what would be touched gives another.
//!
//! That is wider than "actions and scopes" on purpose: a refresh that
//! turns a failed system into one with nothing found, or shows other
//! retention grounds, is a different plan from the one approved, even if
//! the actions are the same.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::action::{ActionKind, PlannedAction, Retained, Summary, System};
use super::types::{PersonKeys, Plan, PlanFailure, Untouched};
use crate::case::CaseRef;
use crate::classify::RequestType;
use dsrd_plugin_api::Scope;

/// Bumped when the canonical form changes, so that an old fingerprint can
/// never equal a new one by accident.
const VERSION: u32 = 1;

/// A plan's fingerprint: 64 lower-case hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Fingerprint(String);

/// Text that is not a fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a plan fingerprint (64 hex digits); copy it from `dsrd cases plan REF`")]
pub struct BadFingerprint(pub String);

impl Fingerprint {
    /// Reads 64 hex digits, in either case.
    pub fn parse(text: &str) -> Result<Self, BadFingerprint> {
        let text = text.trim();
        if text.len() == 64 && text.chars().all(|c| c.is_ascii_hexdigit()) {
            Ok(Fingerprint(text.to_ascii_lowercase()))
        } else {
            Err(BadFingerprint(text.to_owned()))
        }
    }

    /// The fingerprint of what `plan` proposes (its stored fingerprint is
    /// not read).
    pub fn of(plan: &Plan) -> Fingerprint {
        Fingerprint::compute(
            &plan.case,
            &plan.subject,
            &plan.actions,
            &plan.failures,
            &plan.untouched,
        )
    }

    /// The fingerprint of a plan's parts; [`build_plan`](super::build_plan)
    /// uses it before the plan exists.
    pub(super) fn compute(
        case: &CaseRef,
        subject: &PersonKeys,
        actions: &[PlannedAction],
        failures: &[PlanFailure],
        untouched: &[Untouched],
    ) -> Fingerprint {
        let mut actions: Vec<String> = actions
            .iter()
            .map(|a| canonical(&CanonicalAction::of(a)))
            .collect();
        actions.sort();
        let mut failures: Vec<String> = failures
            .iter()
            .map(|f| canonical(&(&f.plugin, f.request_type)))
            .collect();
        failures.sort();
        let mut untouched: Vec<String> = untouched.iter().map(canonical).collect();
        untouched.sort();
        let whole = Canonical {
            version: VERSION,
            case: case.as_str(),
            subject,
            actions,
            failures,
            untouched,
        };
        Fingerprint(hex::encode(Sha256::digest(canonical(&whole))))
    }

    /// The fingerprint as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first 12 digits, enough to tell plans apart on screen.
    pub fn short(&self) -> &str {
        &self.0[..12]
    }
}

/// A fingerprint serialises as its text (`into = "String"`): 64 lower-case
/// hex digits.
impl utoipa::PartialSchema for Fingerprint {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^[0-9a-f]{64}$"))
            .examples(["9f2c6e0b1d4a7c3e5f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6"])
            .into()
    }
}

impl utoipa::ToSchema for Fingerprint {}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Fingerprint {
    type Error = BadFingerprint;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Fingerprint::parse(&text)
    }
}

impl From<Fingerprint> for String {
    fn from(fingerprint: Fingerprint) -> String {
        fingerprint.0
    }
}

/// The whole, with each list already sorted as text: sorting the
/// serialised items makes the order of the input irrelevant without
/// needing an order on every type inside them.
#[derive(Serialize)]
struct Canonical<'a> {
    version: u32,
    case: &'a str,
    subject: &'a PersonKeys,
    actions: Vec<String>,
    failures: Vec<String>,
    untouched: Vec<String>,
}

/// An action without its id.
#[derive(Serialize)]
struct CanonicalAction<'a> {
    system: &'a System,
    request_type: RequestType,
    kind: &'a ActionKind,
    scope: &'a Scope,
    summary: &'a Summary,
    retained: &'a [Retained],
    special_category: bool,
}

impl<'a> CanonicalAction<'a> {
    fn of(action: &'a PlannedAction) -> Self {
        CanonicalAction {
            system: &action.system,
            request_type: action.request_type,
            kind: &action.kind,
            scope: &action.scope,
            summary: &action.summary,
            retained: &action.retained,
            special_category: action.special_category,
        }
    }
}

/// Compact JSON. Struct fields serialise in declaration order and maps
/// are `BTreeMap`s, so equal values give equal text.
fn canonical<T: Serialize + ?Sized>(value: &T) -> String {
    // Plain derived data with string map keys: serialising cannot fail.
    serde_json::to_string(value).expect("plan parts always serialise")
}
