//! One proposed action of a plan: where it acts, what it does, on which
//! records, and what the dry run said about it.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use dsrd_plugin_api::{Change, EraseMode, Scope};
use serde::{Deserialize, Serialize};

use super::id::ActionId;
use crate::classify::RequestType;

/// Where an action is carried out.
///
/// The derived order (plugins, then manual systems, then the officer's own
/// tasks) is the order the plan lists them in.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case", tag = "type", content = "name")]
pub enum System {
    /// A school system reached through the plugin of this name.
    Plugin(String),
    /// A system without an API, configured as `[[systems]]` under this
    /// name: a person carries out the task there.
    Manual(String),
    /// No system: a decision or a step only the privacy officer can take
    /// (answers.md §3.0: restrictions of rights are always a human
    /// decision). Added beside the brief's two kinds because an objection
    /// or an art. 22 question belongs to no system at all.
    Officer,
}

impl fmt::Display for System {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            System::Plugin(name) => write!(f, "{name}"),
            System::Manual(name) => write!(f, "{name} (manual)"),
            System::Officer => f.write_str("privacy officer"),
        }
    }
}

/// What an action does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ActionKind {
    /// Hand over the subject's records (access, art. 15; portability,
    /// art. 20).
    Export,
    /// Delete or anonymise the subject's records (art. 17). The mode is
    /// the one the dry run used: the scope is only valid for it.
    Erase {
        /// Delete or anonymise.
        mode: EraseMode,
    },
    /// Switch the restriction of processing on (art. 18; also while an
    /// objection is weighed, 18(1)(d)).
    Restrict,
    /// Correct the subject's records (art. 16) with the officer's changes.
    /// Without changes the action is a draft that cannot be approved.
    Rectify {
        /// The corrections, as the officer entered or confirmed them.
        changes: Vec<Change>,
    },
    /// A task for the person responsible for a system without an API. The
    /// action's `request_type` says which right it serves, so it is not
    /// repeated here.
    ManualTask {
        /// The configured instructions for that request type.
        instructions: String,
    },
    /// A decision or step that needs a person, not a system.
    PersonTask {
        /// Which one.
        what: PersonTask,
    },
}

impl ActionKind {
    /// Position in plan order within one system and request type.
    pub(super) fn rank(&self) -> u8 {
        match self {
            ActionKind::Export => 0,
            ActionKind::Rectify { .. } => 1,
            ActionKind::Restrict => 2,
            ActionKind::Erase { .. } => 3,
            ActionKind::ManualTask { .. } => 4,
            ActionKind::PersonTask { .. } => 5,
        }
    }
}

/// The tasks answers.md §3.5–§3.8 leave to a person.
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
pub enum PersonTask {
    /// Objection (art. 21, §3.5): check the processing rests on 6(1)(e) or
    /// (f), weigh the subject's reasons against compelling grounds; upheld
    /// means erasure (17(1)(c)) in a new plan; direct marketing stops at
    /// once. The restriction meanwhile is a plan action of its own.
    WeighObjection,
    /// Automated decisions (art. 22, §3.7): say whether any exist and, if
    /// so, explain the logic and offer human intervention.
    AnswerAutomatedDecision,
    /// Consent withdrawn (art. 7(3), §3.8): stop use, update the consent
    /// register, remove from website, social media and newsletter archive
    /// where feasible, and decide whether anything rested on consent alone
    /// and must be erased (17(1)(b)) — a decision, so not an automatic
    /// erase: a plugin erases a subject whole, never by legal basis.
    WithdrawConsent,
}

impl PersonTask {
    /// What the officer is asked to do, for the plan table.
    pub fn instructions(self) -> &'static str {
        match self {
            PersonTask::WeighObjection => {
                "weigh the objection: only processing on public task or legitimate interest \
                 (6(1)(e)/(f)) is open to it; stop unless compelling grounds or legal claims; \
                 upheld means erasure in a new plan; direct marketing stops at once"
            }
            PersonTask::AnswerAutomatedDecision => {
                "state whether solely automated decisions with legal or similar effect exist; \
                 if so explain the logic and offer human intervention (art. 22(3))"
            }
            PersonTask::WithdrawConsent => {
                "stop the use at once, update the consent register, remove photos and the like \
                 from website, social media and newsletter archive where feasible, and decide \
                 whether anything rested on consent alone and must be erased (17(1)(b))"
            }
        }
    }
}

/// What the dry run said one table would give or have changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TableSummary {
    /// How many records.
    pub count: u64,
    /// The fields touched (a rectification) or shown (an export); empty
    /// when whole records go.
    pub fields: Vec<String>,
}

/// Per table, what an action would hand over or change: what the officer
/// reads before approving (DESIGN principle 6, "a plan its per-record diff").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Summary {
    /// Table → counts and fields.
    pub tables: BTreeMap<String, TableSummary>,
    /// Whole files an export would hand over (letters, reports, photos);
    /// counted only, as their names may name people.
    pub files: u64,
}

impl Summary {
    /// Total number of records over all tables.
    pub fn records(&self) -> u64 {
        self.tables.values().map(|table| table.count).sum()
    }
}

/// Records an erasure keeps, with the legal ground and until when
/// (answers.md §3.3): what the answer letter must name as kept.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
pub struct Retained {
    /// The table.
    pub table: String,
    /// The kept records' keys.
    pub keys: Vec<String>,
    /// Why they are kept, e.g. "verzuim: 5 jaar na uitschrijving".
    pub ground: String,
    /// Until when; `None` while the ground lasts (a pending legal claim).
    pub until: Option<NaiveDate>,
}

/// One proposed action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlannedAction {
    /// What the officer types to approve or reject it.
    pub id: ActionId,
    /// Where it is carried out.
    pub system: System,
    /// The right it serves; an objection's restriction says `objection`.
    pub request_type: RequestType,
    /// What it does.
    pub kind: ActionKind,
    /// The exact records the dry run named, which execution hands to the
    /// plugin so that nothing else is touched. Empty for exports (the
    /// plugin API scopes only changes) and for manual and person tasks.
    pub scope: Scope,
    /// Per table, counts and fields from the dry run.
    pub summary: Summary,
    /// What an erasure keeps and why.
    pub retained: Vec<Retained>,
    /// The dry run touched a table flagged as special category data
    /// (art. 9: care notes, health): shown so the officer looks twice.
    pub special_category: bool,
}

impl PlannedAction {
    /// Whether carrying it out erases data, which is what four eyes guard:
    /// a plugin's erase, or a manual system's erasure task.
    pub fn erases(&self) -> bool {
        match self.kind {
            ActionKind::Erase { .. } => true,
            ActionKind::ManualTask { .. } => self.request_type == RequestType::Erasure,
            _ => false,
        }
    }
}
