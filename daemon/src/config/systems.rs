//! School systems without an API (`[[systems]]`): the pupil administration,
//! Basispoort, the transfer file. dsrd cannot reach them, so the plan lists
//! a task for the person responsible, mailed to them with the instructions
//! written here, and the case waits until the task is confirmed done.

use super::Config;
use crate::address::EmailAddress;
use crate::classify::RequestType;
use std::collections::BTreeMap;

/// One `[[systems]]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualSystem {
    /// The name the plan and the task letter show; unique, and no plugin's
    /// name, because the plan lists plugins and manual systems side by side.
    pub name: String,
    /// The person responsible for the system, who carries out its tasks.
    pub owner: String,
    /// Where the tasks are mailed.
    pub address: EmailAddress,
    /// What to do in the system, per request type. A request type without
    /// an entry needs nothing done there.
    pub instructions: BTreeMap<RequestType, String>,
}

impl ManualSystem {
    /// What to do in this system for `request_type`, if anything.
    pub fn instructions_for(&self, request_type: RequestType) -> Option<&str> {
        self.instructions.get(&request_type).map(String::as_str)
    }
}

impl Config {
    /// The manual system called `name`.
    pub fn system(&self, name: &str) -> Option<&ManualSystem> {
        self.systems.iter().find(|s| s.name == name)
    }
}
