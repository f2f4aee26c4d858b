//! The errors a plugin reports.

use crate::{Operation, Scope};
use serde::{Deserialize, Serialize};

/// Why a plugin operation failed.
///
/// Each variant is a case dsrd handles differently: `Unsupported` leaves
/// the plugin out of a plan, `BadSettings` stops start-up with the message,
/// `Ambiguous` goes back to the officer, `ScopeDrift` sends the plan back
/// to be made and approved again, `BackendUnavailable` is retried later,
/// `Panicked` and `Protocol` mark the plugin as broken. Messages go to the
/// officer and the log, so they must not contain personal data.
///
/// It crosses the plugin boundary as JSON, tagged by `kind`.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PluginError {
    /// The plugin does not implement this operation.
    #[error("the plugin does not support `{operation}`; leave it out of this kind of request")]
    Unsupported {
        /// The operation that was asked for.
        operation: Operation,
    },
    /// The settings table in the configuration is wrong.
    #[error("bad plugin settings: {message}")]
    BadSettings {
        /// What is wrong and, where possible, how to fix it.
        message: String,
    },
    /// The operation needs the subject's records and there are none.
    #[error("the subject was not found in this system")]
    SubjectNotFound,
    /// The identifiers match more than one person; the officer must add an
    /// identifier or pick the records before anything is changed.
    #[error("the subject matches more than one person: {message}")]
    Ambiguous {
        /// Which identifiers clash, without naming the people.
        message: String,
    },
    /// The records a scoped `rectify`, `restrict` or `erase` would change
    /// are no longer the approved ones (see [`Scope`]); nothing was
    /// changed. The keys identify records, not people, but the message
    /// gives only their counts.
    #[error(
        "the records changed since the plan was approved ({} new, {} gone); nothing was \
         changed: make and approve a new plan",
        added.len(),
        missing.len()
    )]
    ScopeDrift {
        /// Records the call would change that the scope does not name.
        added: Scope,
        /// Records the scope names that the call would no longer change.
        missing: Scope,
    },
    /// The request cannot be carried out as asked, e.g. a rectification of
    /// a field the plugin does not know.
    #[error("invalid request: {message}")]
    InvalidRequest {
        /// What is wrong with the request.
        message: String,
    },
    /// The system behind the plugin cannot be reached; try again later.
    #[error("the school system is unavailable: {message}")]
    BackendUnavailable {
        /// The cause, e.g. a connection error.
        message: String,
    },
    /// The plugin panicked while handling the call. The call failed; the
    /// plugin's state may be inconsistent, so dsrd should restart it.
    #[error("the plugin panicked: {message}")]
    Panicked {
        /// The panic message.
        message: String,
    },
    /// A message across the plugin boundary could not be read: malformed
    /// JSON, or a request or response from an incompatible version.
    #[error("plugin protocol error: {message}")]
    Protocol {
        /// What could not be read.
        message: String,
    },
    /// Anything else that went wrong inside the plugin.
    #[error("internal plugin error: {message}")]
    Internal {
        /// The cause.
        message: String,
    },
}

impl PluginError {
    /// A [`PluginError::BadSettings`] with the given message.
    pub fn bad_settings(message: impl Into<String>) -> Self {
        PluginError::BadSettings {
            message: message.into(),
        }
    }

    /// A [`PluginError::InvalidRequest`] with the given message.
    pub fn invalid_request(message: impl Into<String>) -> Self {
        PluginError::InvalidRequest {
            message: message.into(),
        }
    }

    /// A [`PluginError::BackendUnavailable`] with the given message.
    pub fn backend_unavailable(message: impl Into<String>) -> Self {
        PluginError::BackendUnavailable {
            message: message.into(),
        }
    }

    /// A [`PluginError::Internal`] with the given message.
    pub fn internal(message: impl Into<String>) -> Self {
        PluginError::Internal {
            message: message.into(),
        }
    }

    /// A [`PluginError::Protocol`] with the given message.
    pub fn protocol(message: impl Into<String>) -> Self {
        PluginError::Protocol {
            message: message.into(),
        }
    }

    /// Whether trying the same call later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, PluginError::BackendUnavailable { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_tagged_by_kind_on_the_wire() {
        let error = PluginError::Unsupported {
            operation: Operation::Erase,
        };
        let json = serde_json::to_string(&error).unwrap();
        assert_eq!(json, r#"{"kind":"unsupported","operation":"erase"}"#);
        assert_eq!(serde_json::from_str::<PluginError>(&json).unwrap(), error);
    }

    #[test]
    fn scope_drift_is_its_own_kind_carrying_both_sides() {
        let mut added = Scope::default();
        added.insert("test_results", "901");
        let error = PluginError::ScopeDrift {
            added,
            missing: Scope::default(),
        };
        let json = serde_json::to_string(&error).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"scope_drift","added":{"test_results":["901"]},"missing":{}}"#
        );
        assert_eq!(serde_json::from_str::<PluginError>(&json).unwrap(), error);
    }

    #[test]
    fn messages_say_what_to_do() {
        let error = PluginError::Unsupported {
            operation: Operation::PurgeExpired,
        };
        assert_eq!(
            error.to_string(),
            "the plugin does not support `purge_expired`; leave it out of this kind of request"
        );
    }
}
