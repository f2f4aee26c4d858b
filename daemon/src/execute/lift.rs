//! Lifting a restriction once its notice has run (issue 12, point 5): the
//! plugin's `restrict` call with `on: false` and the approved scope, with
//! the same exactly-once bookkeeping as an action (claim, then finish or
//! fail). A system keeps one marker per record, so a lift while another
//! restriction of the same subject in the same plugin is in force leaves
//! the records marked (released), and the last one clears them all. The
//! daemon does it from the announced day on ([`Executor::step`]);
//! an officer's `dsrd restrictions lift … --now` does it at once through
//! [`crate::officer::lift_now`]. Both end here, so the rules are one.
//!
//! [`Executor::step`]: super::Executor::step

use super::{retryable, MAX_ATTEMPTS};
use crate::case::Actor;
use crate::dispatch::PluginService;
use crate::outbox::backoff;
use crate::store::{ActiveRestriction, Store, StoreError};
use chrono::{DateTime, Utc};
use dsrd_plugin_api::protocol::{Output, Request};
use dsrd_plugin_api::{ChangeReport, PluginError, Scope, Subject};

/// What one attempt to lift did; in JSON tagged by `outcome`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum LiftOutcome {
    /// Lifted in the system and out of the register; the summary counts
    /// what changed.
    Lifted {
        /// Counts only, as the event and audit entry carry it.
        summary: String,
    },
    /// Ended without touching the system: another restriction in force
    /// (`CASE:ACTION`) covers the same subject there, so the records stay
    /// marked for it and are cleared when it is lifted.
    Released {
        /// The restriction that keeps the records marked.
        covered_by: String,
    },
    /// The plugin failed; the restriction stays in force.
    Failed {
        /// The plugin's message.
        error: String,
        /// When it is tried again by itself; `None` leaves it to the
        /// officer (drift, a refusal, too many attempts).
        retry_at: Option<DateTime<Utc>>,
    },
    /// Not taken: its day has not come, or someone else is lifting it or
    /// has lifted it.
    NotClaimed,
}

/// Claims the lift of `restriction`, calls its plugin, and records the
/// outcome as done by `by` at `now`.
pub async fn lift(
    store: &dyn Store,
    plugins: &PluginService,
    restriction: &ActiveRestriction,
    by: &Actor,
    now: DateTime<Utc>,
) -> Result<LiftOutcome, StoreError> {
    if !store.claim_lift(restriction.id, now).await? {
        return Ok(LiftOutcome::NotClaimed);
    }
    // A system keeps one marker per record: while another restriction of
    // this subject there is in force, the records stay marked for it.
    if let Some(covered_by) = store.end_covered_lift(restriction.id, by, now).await? {
        tracing::info!(case = %restriction.case, action = %restriction.action, "restriction ended; records stay marked for another");
        return Ok(LiftOutcome::Released { covered_by });
    }
    let scope = store.lift_scope(restriction.id).await?;
    match call(plugins, restriction, scope).await {
        Ok(report) => {
            let summary = if report.total() == 0 {
                "nothing left to lift".to_owned()
            } else {
                format!(
                    "{} records in {} tables",
                    report.total(),
                    report.tables.len()
                )
            };
            store.finish_lift(restriction.id, by, &summary, now).await?;
            tracing::info!(case = %restriction.case, action = %restriction.action, "restriction lifted");
            Ok(LiftOutcome::Lifted { summary })
        }
        Err(e) => {
            let attempts = restriction.lift.as_ref().map_or(0, |l| l.attempts) + 1;
            let retry = retryable(&e) && attempts < MAX_ATTEMPTS;
            let retry_at = retry.then(|| now + backoff(attempts));
            let error = e.to_string();
            store
                .fail_lift(restriction.id, by, &error, retry_at, now)
                .await?;
            tracing::warn!(case = %restriction.case, action = %restriction.action, retry, "lifting a restriction failed");
            Ok(LiftOutcome::Failed { error, retry_at })
        }
    }
}

/// The real call: the subject by the key the plan had for them, the
/// approved records (with those of released restrictions of the same
/// subject), the marker off.
async fn call(
    plugins: &PluginService,
    restriction: &ActiveRestriction,
    scope: Scope,
) -> Result<ChangeReport, PluginError> {
    let Some(client) = plugins.client(&restriction.plugin) else {
        return Err(PluginError::InvalidRequest {
            message: format!("no plugin {:?} is configured any more", restriction.plugin),
        });
    };
    let manifest = client
        .manifest()
        .await
        .map_err(|e| PluginError::BackendUnavailable {
            message: e.to_string(),
        })?;
    let subject = Subject::default().with_system_id(&manifest.name, &restriction.person_key);
    let request = Request::Restrict {
        subject,
        on: false,
        scope: Some(scope),
        dry_run: false,
    };
    match client.call(request).await? {
        Output::Restrict(report) if !report.dry_run => Ok(report),
        Output::Restrict(_) => Err(PluginError::Protocol {
            message: "the plugin answered a real run with a dry run".into(),
        }),
        other => Err(PluginError::Protocol {
            message: format!("answered with {:?}", other.operation()),
        }),
    }
}
