//! Test vectors (deadlines.md §5): one JSON object per line with the inputs
//! and the expected `due` and `extension_notice_by`.
//!
//! Lives in the library, not only in tests, so `dsrd deadline --check FILE`
//! can run a lawyer's or auditor's own vectors against the engine as a thin
//! wrapper: read the file, [`parse_vectors`], [`check_vector`] each.

use super::engine::compute;
use super::extension::Extension;
use super::identity::IdentityWait;
use super::input::DeadlineInput;
use super::lang::Lang;
use super::policy::Policy;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// One vector. Every vector assumes the defaults of deadlines.md §6
/// (`nl-atw`, Europe/Amsterdam, pause mode, 5-day ask window, 12 weeks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vector {
    /// Stable name, e.g. `gm-clamp-jan31-003`.
    pub id: String,
    /// `gdpr-month` or `four-weeks` (any policy string dsrd parses).
    pub policy: Policy,
    /// Receipt instant, RFC 3339 with any offset.
    pub received: DateTime<FixedOffset>,
    /// Extension notices.
    #[serde(default)]
    pub extensions: Vec<Extension>,
    /// Identity wait.
    #[serde(default)]
    pub identity_wait: Option<IdentityWait>,
    /// Expected effective due date.
    pub due: NaiveDate,
    /// Expected last day for the extension notice.
    pub extension_notice_by: NaiveDate,
    /// One line saying why, for the reader of a failure.
    #[serde(default)]
    pub why: String,
}

/// The verdict on one vector, with both sides so a failure is self-explaining.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VectorOutcome {
    /// The vector's id.
    pub id: String,
    /// Both dates equal.
    pub passed: bool,
    /// `due` in the vector.
    pub expected_due: NaiveDate,
    /// `due` computed.
    pub actual_due: NaiveDate,
    /// `extension_notice_by` in the vector.
    pub expected_notice_by: NaiveDate,
    /// `extension_notice_by` computed.
    pub actual_notice_by: NaiveDate,
    /// The engine's derivation in English.
    pub explanation: String,
    /// The vector's own `why`.
    pub why: String,
}

/// A line of a vector file that is not a vector.
#[derive(Debug, thiserror::Error)]
#[error(
    "vector file, line {line}: {source}; each line must be one JSON object as in deadlines.md §5"
)]
pub struct VectorParseError {
    /// 1-based line number.
    pub line: usize,
    /// What serde_json said.
    #[source]
    pub source: serde_json::Error,
}

/// Parses the text of a `.jsonl` vector file; blank lines are skipped.
pub fn parse_vectors(text: &str) -> Result<Vec<Vector>, VectorParseError> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line).map_err(|source| VectorParseError {
                line: i + 1,
                source,
            })
        })
        .collect()
}

/// The input a vector describes, with the §6 defaults.
pub fn vector_input(vector: &Vector) -> DeadlineInput {
    let mut input = DeadlineInput::new(vector.received.to_utc(), vector.policy);
    input.extensions = vector.extensions.clone();
    input.identity_wait = vector.identity_wait.clone();
    input
}

/// Computes `vector` and compares `due` and `extension_notice_by` exactly.
pub fn check_vector(vector: &Vector) -> VectorOutcome {
    let deadline = compute(&vector_input(vector));
    VectorOutcome {
        id: vector.id.clone(),
        passed: deadline.due == vector.due
            && deadline.extension_notice_by == vector.extension_notice_by,
        expected_due: vector.due,
        actual_due: deadline.due,
        expected_notice_by: vector.extension_notice_by,
        actual_notice_by: deadline.extension_notice_by,
        explanation: deadline.explain(Lang::En),
        why: vector.why.clone(),
    }
}
