//! Checking an extension before its notice is sent, for the CLI and the case
//! page: the same rules as [`compute`], plus one stricter check.

use super::engine::compute;
use super::extension::Extension;
use super::input::{local_date, DeadlineInput};
use super::outcome::Deadline;
use super::refusal::ExtensionRefused;
use chrono::{DateTime, Utc};

/// Whether `proposed`, sent at `at`, would be accepted for the case described
/// by `current`, and the deadline it would give. Refuses, beyond what
/// [`compute`] rejects, a weeks-based extension whose date would pass a
/// statutory date it cannot extend.
///
/// The notice is taken to go out at `at`: `proposed.notified` is replaced by
/// it, so a caller cannot back-date a notice into the allowed window.
pub fn check_extension(
    current: &DeadlineInput,
    proposed: Extension,
    at: DateTime<Utc>,
) -> Result<Deadline, ExtensionRefused> {
    let proposed = Extension {
        notified: at.fixed_offset(),
        ..proposed
    };
    let mut input = current.clone();
    input.extensions.push(proposed.clone());
    let deadline = compute(&input);
    // Same rules as `compute`, so the CLI can never accept what the case
    // page would later reject.
    if let Some(rejected) = deadline
        .rejected_extensions
        .iter()
        .find(|r| r.extension == proposed)
    {
        return Err(rejected.reason.clone());
    }
    // `compute` keeps a weeks-based extension that is too late to extend the
    // statutory date (the earlier date still counts). Before a notice is sent
    // we are stricter: promising the data subject a date the law does not
    // allow would mislead them, so ask for fewer weeks instead.
    match deadline.policy_due {
        Some(policy_due) if !deadline.extended && policy_due > deadline.statutory_due => {
            Err(ExtensionRefused::NeedsStatutoryNotice {
                notified: local_date(at, current.tz),
                notice_by: deadline.extension_notice_by,
                statutory_due: deadline.statutory_due,
            })
        }
        _ => Ok(deadline),
    }
}
