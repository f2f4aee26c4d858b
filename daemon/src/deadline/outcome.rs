//! What a computation gives back: the dates, the notices that did not count,
//! and the derivation.

use super::explain::Step;
use super::extension::Extension;
use super::lang::Lang;
use super::refusal::ExtensionRefused;
use super::render::render_steps;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An extension notice that does not count, kept with its reason so the case
/// page can show it (a late notice is logged, not dropped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RejectedExtension {
    /// The notice as given.
    pub extension: Extension,
    /// Why it does not count.
    pub reason: ExtensionRefused,
}

/// The result: every date the officer needs, and how each was reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Deadline {
    /// Local calendar date of receipt (day 0, not counted).
    pub receipt_date: NaiveDate,
    /// The date that counts: the earlier of policy and statutory. The period
    /// ends at the end of this day, local time.
    pub due: NaiveDate,
    /// GDPR art. 12(3) date, rolled to a working day, extended if noticed.
    pub statutory_due: NaiveDate,
    /// The policy's own date for weeks-based policies (never rolled).
    pub policy_due: Option<NaiveDate>,
    /// Last day for an extension notice (and an art. 12(4) refusal).
    pub extension_notice_by: NaiveDate,
    /// Whether the statutory two-month extension is in force.
    pub extended: bool,
    /// Calendar days suspended by the identity wait.
    pub suspended_days: u64,
    /// Set while the identity answer is outstanding: the date asked.
    pub waiting_since: Option<NaiveDate>,
    /// The derivation, step by step.
    pub explanation: Vec<Step>,
    /// Notices that do not count, with reasons.
    pub rejected_extensions: Vec<RejectedExtension>,
}

impl Deadline {
    /// The derivation as one line in `lang`.
    pub fn explain(&self, lang: Lang) -> String {
        render_steps(&self.explanation, lang)
    }
}
