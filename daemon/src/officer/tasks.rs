//! The tasks people carry out (`dsrd tasks list`, the API's `GET /tasks`):
//! the pending actions of systems without a plugin and the officer's own,
//! whatever their due time, oldest first.

use crate::plan::System;
use crate::store::{ActionRow, StoreError};
use chrono::{DateTime, Utc};

/// The most tasks listed at once.
const MOST: i64 = 10_000;

/// Every task waiting for a person at `now`.
pub async fn tasks(
    store: &dyn crate::store::Store,
    now: DateTime<Utc>,
) -> Result<Vec<ActionRow>, StoreError> {
    // A task is listed however far ahead its due time lies: a person may
    // do it early.
    let far = now + chrono::Duration::days(365 * 100);
    Ok(store
        .due_actions(far, MOST)
        .await?
        .into_iter()
        .filter(|a| !matches!(a.spec.system, System::Plugin(_)))
        .collect())
}
