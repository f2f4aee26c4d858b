//! Scope drift: the records an action would touch now are not the ones
//! approved.
//!
//! Two places see it. At execution the plugin is the source of truth: it
//! is handed the approved scope, works out what it would change now, and
//! refuses with `PluginError::ScopeDrift` before changing anything
//! ([`Drift::from_error`] reads that). Before execution, [`drift`]
//! compares an approved action's scope with a fresh dry run's, so a
//! refreshed plan can say what changed — purely, without calling a plugin.
//!
//! The two differ in one case on purpose: a plugin treats "nothing left to
//! change" as no drift, because a repeated real run finds nothing; between
//! two plans, records that vanished are a change the officer should see.

use dsrd_plugin_api::{PluginError, Scope};
use serde::{Deserialize, Serialize};

/// How the records differ from the approved ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Drift {
    /// Records the action would touch now that nobody approved.
    pub added: Scope,
    /// Approved records it would no longer touch.
    pub missing: Scope,
}

impl Drift {
    /// The drift a plugin reported, if that is what `error` is.
    pub fn from_error(error: &PluginError) -> Option<Drift> {
        match error {
            PluginError::ScopeDrift { added, missing } => Some(Drift {
                added: added.clone(),
                missing: missing.clone(),
            }),
            _ => None,
        }
    }
}

/// The difference between the `approved` scope and the one a dry run
/// gives `now`; `None` when they name the same records.
pub fn drift(approved: &Scope, now: &Scope) -> Option<Drift> {
    let added = now.minus(approved);
    let missing = approved.minus(now);
    if added.is_empty() && missing.is_empty() {
        None
    } else {
        Some(Drift { added, missing })
    }
}
