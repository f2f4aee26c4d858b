//! The register of restrictions in force (issue 12, point 5; reglement
//! 8.5.2: a restriction is "duidelijk in het bestand aangegeven"), as the
//! store keeps it: one entry per carried-out restrict action, until its lift
//! has run.

use crate::case::CaseRef;
use crate::plan::ActionId;
use chrono::{DateTime, NaiveDate, Utc};
use dsrd_plugin_api::Scope;
use serde::Serialize;

/// Where a restriction's lift stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RestrictionState {
    /// In force; nobody has announced a lift.
    Active,
    /// A lift is announced: it runs from the announced date (or, after a
    /// failed attempt that may pass, from its next attempt).
    Announced,
    /// A worker (or an officer's `--now`) is calling the plugin.
    Lifting,
    /// The lift failed for good (drift, a refusal): still in force, until
    /// an officer runs the lift again.
    Failed,
    /// Ended while another restriction of the same subject in the same
    /// plugin is in force, so its records stay marked for that one: no
    /// longer in the register; the last lift there clears them.
    Released,
    /// Lifted: no longer in the register of active restrictions.
    Lifted,
}

impl RestrictionState {
    /// The name in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            RestrictionState::Active => "active",
            RestrictionState::Announced => "announced",
            RestrictionState::Lifting => "lifting",
            RestrictionState::Failed => "failed",
            RestrictionState::Released => "released",
            RestrictionState::Lifted => "lifted",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<RestrictionState> {
        [
            RestrictionState::Active,
            RestrictionState::Announced,
            RestrictionState::Lifting,
            RestrictionState::Failed,
            RestrictionState::Released,
            RestrictionState::Lifted,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// An announced lift: the officer's decision, recorded before the records
/// are touched, so the subject can be told first (GDPR 18(3), reglement
/// 8.5.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct LiftNotice {
    /// When the officer announced it.
    pub announced_at: DateTime<Utc>,
    /// Which officer.
    pub by: String,
    /// Why the restriction ends (for the letter to the subject).
    pub reason: String,
    /// The first day the lift may take effect, in the organisation's
    /// calendar: five working days after the announcement.
    pub on: NaiveDate,
    /// The instant that day begins in the organisation's time zone; the
    /// store refuses a lift before it.
    pub from: DateTime<Utc>,
    /// Attempts to lift so far.
    pub attempts: i64,
}

/// One restriction in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ActiveRestriction {
    /// Row id in the register.
    pub id: i64,
    /// The case that asked for it.
    pub case: CaseRef,
    /// The restrict action of the case's plan that set it.
    pub action: ActionId,
    /// The plugin (configured name) whose records carry the marker.
    pub plugin: String,
    /// When the restrict action finished.
    pub since: DateTime<Utc>,
    /// How many records the approved scope names.
    pub records: u64,
    /// The approved records: the lift clears exactly these.
    pub scope: Scope,
    /// The subject's key in the plugin, from the plan. Not shown: the
    /// register is listed to officers, and the case shows whose it is.
    #[serde(skip)]
    pub person_key: String,
    /// Where the lift stands.
    pub state: RestrictionState,
    /// The announced lift, if any.
    pub lift: Option<LiftNotice>,
    /// Why the last lift attempt failed.
    pub error: Option<String>,
}
