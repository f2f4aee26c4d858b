//! The plan as a whole: its actions, what failed, what was left untouched
//! and why, and the fingerprint an approval names.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};

use super::action::{PlannedAction, Retained, System};
use super::fingerprint::Fingerprint;
use super::id::ActionId;
use crate::case::CaseRef;
use crate::classify::RequestType;
use crate::identity::OnFile;

/// The subject's person key in each plugin that knows them (`pupils:17`),
/// from the verified identity's candidate: the plan is made for exactly
/// this person, and choosing another candidate changes the fingerprint.
///
/// A set per plugin, because one system may file the same person twice
/// (a member of staff who is also a guardian) and neither may be dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PersonKeys(BTreeMap<String, BTreeSet<String>>);

/// Serialised as its map (`transparent`): plugin → the subject's keys there.
impl utoipa::PartialSchema for PersonKeys {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        <BTreeMap<String, BTreeSet<String>> as utoipa::PartialSchema>::schema()
    }
}

impl utoipa::ToSchema for PersonKeys {}

impl PersonKeys {
    /// The keys of a candidate's records (`Candidate::on_file`).
    pub fn from_on_file(on_file: &[OnFile]) -> Self {
        let mut keys = PersonKeys::default();
        for record in on_file {
            keys.insert(&record.plugin, &record.key);
        }
        keys
    }

    /// Adds `key` in `plugin`.
    pub fn insert(&mut self, plugin: &str, key: &str) {
        self.0
            .entry(plugin.to_owned())
            .or_default()
            .insert(key.to_owned());
    }

    /// The subject's keys in `plugin` (empty when it does not know them).
    pub fn keys(&self, plugin: &str) -> impl Iterator<Item = &str> {
        self.0.get(plugin).into_iter().flatten().map(String::as_str)
    }

    /// Plugin → keys, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &BTreeSet<String>)> {
        self.0.iter().map(|(plugin, keys)| (plugin.as_str(), keys))
    }
}

/// A plugin whose dry run failed or timed out. It is shown, and it makes
/// the plan incomplete: nothing can be approved until a refresh succeeds,
/// since an approval of a partial plan would let a system go unasked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlanFailure {
    /// The plugin.
    pub plugin: String,
    /// The request type whose dry run failed.
    pub request_type: RequestType,
    /// The plugin's message (plugin messages carry no personal data).
    pub error: String,
}

/// Why a system has no action for a request type.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum UntouchedWhy {
    /// The dry run found nothing to hand over or change there.
    NothingFound,
    /// The plugin does not offer the operation; if the system holds the
    /// subject's data, someone must act there by hand.
    NotSupported,
    /// A manual system has no instructions for this request type.
    NoInstructions,
    /// Other systems have the officer's corrections, this one none: no
    /// rectification is planned here.
    NoChangeEntered,
}

/// A system with nothing to do for one request type, kept in the plan so
/// that "nothing found in sql" is said rather than left out: the answer
/// letter confirms where nothing was found (art. 15(1)), and the officer
/// sees every system's part.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
pub struct Untouched {
    /// The system.
    pub system: System,
    /// The request type.
    pub request_type: RequestType,
    /// Why there is no action.
    pub why: UntouchedWhy,
    /// An erasure that would erase nothing may still keep records on a
    /// legal ground; the letter names them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retained: Vec<Retained>,
}

/// Everything dsrd proposes to do for one case, as the officer approves it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Plan {
    /// The case.
    #[serde(deserialize_with = "case_ref")]
    pub case: CaseRef,
    /// Whose records.
    pub subject: PersonKeys,
    /// The proposed actions, in plan order (ids `A1`, `A2`, …).
    pub actions: Vec<PlannedAction>,
    /// Dry runs that failed: while there are any the plan is incomplete.
    pub failures: Vec<PlanFailure>,
    /// Systems with nothing to do, and why.
    pub untouched: Vec<Untouched>,
    /// What an approval must name; see [`Fingerprint::of`].
    pub fingerprint: Fingerprint,
    /// When the dry runs were made; not part of the fingerprint.
    pub made_at: DateTime<Utc>,
}

impl Plan {
    /// The action with this id.
    pub fn action(&self, id: &ActionId) -> Option<&PlannedAction> {
        self.actions.iter().find(|action| &action.id == id)
    }

    /// Whether a dry run failed: such a plan cannot be approved.
    pub fn is_incomplete(&self) -> bool {
        !self.failures.is_empty()
    }

    /// Whether the stored fingerprint is the one the plan's content gives:
    /// a plan edited after it was made (in the store, by hand) is not the
    /// plan anyone approved, and approvals of it count for nothing.
    pub fn fingerprint_holds(&self) -> bool {
        Fingerprint::of(self) == self.fingerprint
    }
}

/// `CaseRef` is read through its parser, so a stored plan cannot carry a
/// reference that could not have been made.
fn case_ref<'de, D: Deserializer<'de>>(deserializer: D) -> Result<CaseRef, D::Error> {
    let text = String::deserialize(deserializer)?;
    text.parse().map_err(serde::de::Error::custom)
}
