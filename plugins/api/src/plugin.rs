//! The trait a plugin author implements.

use crate::{
    Change, ChangeReport, EraseMode, ExportResult, LocateResult, Manifest, Operation, PluginError,
    PurgeReport, Recipient, Scope, Subject,
};
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;

/// A connection from dsrd to one school system.
///
/// Implement it, then make it loadable with
/// [`export_plugin!`](crate::export_plugin) (a native plugin) or register it
/// as a built-in in dsrd. Either way dsrd calls it through
/// [`dispatch`](crate::protocol::dispatch), one call at a time.
///
/// # The contract
///
/// - **Dry runs change nothing.** With `dry_run` set, `rectify`, `restrict`,
///   `erase` and `purge_expired` only report what they would change, and
///   the report names exactly the records the real run would touch.
/// - **Real runs are safe to repeat.** dsrd executes an approved action at
///   least once: after a crash it runs it again. A repeat must succeed and
///   report only what was still left to do (normally nothing). Erasing an
///   erased subject is not an error, and a change already made is not
///   reported again.
/// - **All or nothing where the system allows it.** Make a real run atomic
///   (one transaction, or write a new file and rename it) so a crash leaves
///   either the old or the new state.
/// - **A scope is honoured exactly.** With a [`Scope`] (the records an
///   officer approved), `rectify`, `restrict` and `erase` change those
///   records and no others; when what they would change now differs, they
///   change nothing and return [`PluginError::ScopeDrift`]. Dry runs check
///   the scope the same way. [`Scope::check`] does the comparison; list
///   [`Capability::Scope`](crate::Capability::Scope) in the manifest once
///   you honour it. `None` means no plan to keep to: the call acts on
///   everything it finds, as before scopes existed.
/// - **Ambiguity is not acted on.** When the subject's identifiers match
///   more than one person, `locate` sets `ambiguous` and the changing
///   operations return [`PluginError::Ambiguous`] rather than guess.
/// - **Don't panic.** A panic is caught and reported as
///   [`PluginError::Panicked`], but only if the plugin is built with
///   `panic = "unwind"` (the default). With `panic = "abort"` it ends the
///   process, so [`export_plugin!`](crate::export_plugin) refuses to build.
///
/// Only `new` and `describe` are required; every other operation defaults
/// to [`PluginError::Unsupported`]. List the ones you implement in
/// [`Manifest::operations`].
pub trait Plugin: Send {
    /// Creates the plugin from its `settings` table in dsrd's configuration,
    /// converted to JSON. Return [`PluginError::BadSettings`] with a message
    /// that names the wrong key and the fix; [`parse_settings`] does that
    /// for a serde struct.
    fn new(settings: serde_json::Value) -> Result<Self, PluginError>
    where
        Self: Sized;

    /// Says who the plugin is and what it can do.
    fn describe(&self) -> Manifest;

    /// Finds the subject's records and, with
    /// [`Capability::Persons`](crate::Capability::Persons), the persons
    /// behind them and the persons those are linked to.
    fn locate(&mut self, subject: &Subject) -> Result<LocateResult, PluginError> {
        let _ = subject;
        Err(unsupported(Operation::Locate))
    }

    /// Returns the subject's records for access or portability.
    fn export(&mut self, subject: &Subject) -> Result<ExportResult, PluginError> {
        let _ = subject;
        Err(unsupported(Operation::Export))
    }

    /// Applies `changes` to the subject's records, or with `dry_run` reports
    /// which records would change. Only records whose value actually
    /// differs are reported, which makes a repeat report nothing. With a
    /// `scope`, see the contract above.
    fn rectify(
        &mut self,
        subject: &Subject,
        changes: &[Change],
        scope: Option<&Scope>,
        dry_run: bool,
    ) -> Result<ChangeReport, PluginError> {
        let _ = (subject, changes, scope, dry_run);
        Err(unsupported(Operation::Rectify))
    }

    /// Switches the restriction of processing on (`on = true`) or off.
    /// With a `scope`, see the contract above.
    fn restrict(
        &mut self,
        subject: &Subject,
        on: bool,
        scope: Option<&Scope>,
        dry_run: bool,
    ) -> Result<ChangeReport, PluginError> {
        let _ = (subject, on, scope, dry_run);
        Err(unsupported(Operation::Restrict))
    }

    /// Deletes or anonymises the subject's records. With a `scope`, see
    /// the contract above. What the system must keep by law (an enrolment
    /// register, say) goes in [`ChangeReport::retained`] with its ground
    /// and end date, in the dry run and the real run alike.
    fn erase(
        &mut self,
        subject: &Subject,
        mode: EraseMode,
        scope: Option<&Scope>,
        dry_run: bool,
    ) -> Result<ChangeReport, PluginError> {
        let _ = (subject, mode, scope, dry_run);
        Err(unsupported(Operation::Erase))
    }

    /// Lists to whom the subject's data was disclosed.
    fn recipients(&mut self, subject: &Subject) -> Result<Vec<Recipient>, PluginError> {
        let _ = subject;
        Err(unsupported(Operation::Recipients))
    }

    /// Removes records whose retention period ended before `now`. `now`
    /// comes from dsrd's clock, never the plugin's, so tests can move time.
    fn purge_expired(
        &mut self,
        now: DateTime<Utc>,
        dry_run: bool,
    ) -> Result<PurgeReport, PluginError> {
        let _ = (now, dry_run);
        Err(unsupported(Operation::PurgeExpired))
    }
}

fn unsupported(operation: Operation) -> PluginError {
    PluginError::Unsupported { operation }
}

/// Reads a plugin's settings into `T`, turning a mistake into
/// [`PluginError::BadSettings`] that names the key (serde's message, e.g.
/// "unknown field `pth`, expected `path`"). Put
/// `#[serde(deny_unknown_fields)]` on `T` so typos are caught.
pub fn parse_settings<T: DeserializeOwned>(settings: serde_json::Value) -> Result<T, PluginError> {
    serde_json::from_value(settings).map_err(|error| PluginError::bad_settings(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Settings {
        #[allow(dead_code)]
        path: String,
    }

    #[test]
    fn a_misspelt_setting_is_a_bad_settings_error_naming_the_key() {
        let error = parse_settings::<Settings>(serde_json::json!({ "pth": "x" })).unwrap_err();
        let PluginError::BadSettings { message } = error else {
            panic!("expected BadSettings, got {error:?}");
        };
        assert!(message.contains("unknown field `pth`"), "{message}");
    }
}
