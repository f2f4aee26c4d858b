//! How typed values are written into columns and read back. Every column
//! that holds more than a plain string or number goes through here, so
//! callers hand the store values and never serialise anything themselves.
//! Reading refuses what this version of dsrd would not write
//! ([`StoreError::Corrupt`]), naming the column.

use super::StoreError;
use crate::address::EmailAddress;
use crate::answer::ReminderKind;
use crate::case::{CaseClassification, CaseDeadline, CaseRef, CaseState, EventKind};
use crate::classify::{Language, RequestType};
use crate::outbox::MailKind;
use serde::{de::DeserializeOwned, Serialize};

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

/// A value as JSON text.
pub(crate) fn to_json(what: &str, value: &impl Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| corrupt(what, e))
}

/// JSON text as a value.
pub(crate) fn from_json<T: DeserializeOwned>(what: &str, text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| corrupt(what, e))
}

/// The `case_identity.record` column; no row is an empty record.
pub(crate) fn identity(text: Option<String>) -> Result<crate::identity::CaseIdentity, StoreError> {
    match text {
        Some(text) => from_json("identity", &text),
        None => Ok(crate::identity::CaseIdentity::default()),
    }
}

/// The `classification` column: JSON, or NULL for none.
pub(crate) fn classification_column(
    c: Option<&CaseClassification>,
) -> Result<Option<String>, StoreError> {
    c.map(|c| to_json("classification", c)).transpose()
}

/// Reads the `classification` column. `'{}'` is how dsrd wrote "none"
/// before migration 0005, kept readable for a row written in between.
pub(crate) fn classification(
    text: Option<String>,
) -> Result<Option<CaseClassification>, StoreError> {
    match text.as_deref() {
        None | Some("{}") => Ok(None),
        Some(text) => from_json("classification", text).map(Some),
    }
}

/// The `request_types` column: a JSON list of type names.
pub(crate) fn request_types_column(types: &[RequestType]) -> Result<String, StoreError> {
    to_json("request_types", &types)
}

/// Reads the `request_types` column.
pub(crate) fn request_types(text: &str) -> Result<Vec<RequestType>, StoreError> {
    from_json("request_types", text)
}

/// The request types of a case with classification `c`.
pub(crate) fn types_of(c: Option<&CaseClassification>) -> Vec<RequestType> {
    c.map(|c| c.types.clone()).unwrap_or_default()
}

/// Reads the `deadline` column.
pub(crate) fn deadline(text: &str) -> Result<CaseDeadline, StoreError> {
    from_json("deadline", text)
}

/// Reads a state column.
pub(crate) fn state(text: &str) -> Result<CaseState, StoreError> {
    text.parse().map_err(|e| corrupt("state", e))
}

/// The condition "the case's deadline still runs" for a query whose other
/// placeholders end before `$first`, and the state names to bind to it, in
/// order. Taken from [`CaseState::is_open`], so that SQL keeps no list of
/// states of its own.
pub(crate) fn open_states(first: usize) -> (String, Vec<&'static str>) {
    let names: Vec<&'static str> = CaseState::ALL
        .into_iter()
        .filter(|s| s.is_open())
        .map(CaseState::as_str)
        .collect();
    let placeholders: Vec<String> = (first..first + names.len())
        .map(|n| format!("${n}"))
        .collect();
    (format!("state IN ({})", placeholders.join(", ")), names)
}

/// Reads an optional state column (an event's `from_state`, `to_state`).
pub(crate) fn optional_state(text: Option<String>) -> Result<Option<CaseState>, StoreError> {
    text.as_deref().map(state).transpose()
}

/// Reads an event's `kind` column.
pub(crate) fn event_kind(text: &str) -> Result<EventKind, StoreError> {
    text.parse().map_err(|e| corrupt("event kind", e))
}

/// Reads a `language` column.
pub(crate) fn language(text: &str) -> Result<Language, StoreError> {
    text.parse().map_err(|e| corrupt("language", e))
}

/// Reads a reference column.
pub(crate) fn reference(text: &str) -> Result<CaseRef, StoreError> {
    text.parse().map_err(|e| corrupt("reference", e))
}

/// Reads an address column.
pub(crate) fn address(text: &str) -> Result<EmailAddress, StoreError> {
    EmailAddress::parse(text).map_err(|e| corrupt("address", e))
}

/// Reads an optional address column.
pub(crate) fn optional_address(text: Option<String>) -> Result<Option<EmailAddress>, StoreError> {
    text.as_deref().map(address).transpose()
}

/// Reads an outbox `kind` column.
pub(crate) fn mail_kind(text: &str) -> Result<MailKind, StoreError> {
    text.parse().map_err(|e| corrupt("outbox kind", e))
}

/// Reads a `case_reminders.kind` column, as [`ReminderKind::key`] wrote it.
pub(crate) fn reminder_kind(text: &str) -> Result<ReminderKind, StoreError> {
    if text == ReminderKind::Overdue.key() {
        return Ok(ReminderKind::Overdue);
    }
    text.strip_prefix("due-")
        .and_then(|n| n.parse().ok())
        .map(ReminderKind::DueWithin)
        .filter(|k| k.key() == text)
        .ok_or_else(|| corrupt("reminder kind", format!("{text:?}")))
}

/// An action id column (`A3`).
pub(crate) fn action_id(text: &str) -> Result<crate::plan::ActionId, StoreError> {
    text.parse().map_err(|e| corrupt("action", e))
}

/// A `case_actions` row selected as `id, action, spec, state, attempts,
/// next_attempt_at, result, error, note`.
pub(crate) fn action_row<R>(
    r: &R,
    reference: &crate::case::CaseRef,
) -> Result<crate::store::ActionRow, StoreError>
where
    R: sqlx::Row,
    usize: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<String>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> chrono::DateTime<chrono::Utc>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let state: String = r.try_get(3)?;
    let result: Option<String> = r.try_get(6)?;
    Ok(crate::store::ActionRow {
        id: r.try_get(0)?,
        case: reference.clone(),
        action: action_id(&r.try_get::<String, _>(1)?)?,
        spec: from_json("action", &r.try_get::<String, _>(2)?)?,
        state: crate::store::ActionState::parse(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown action state {state:?}")))?,
        attempts: r.try_get(4)?,
        next_attempt_at: r.try_get(5)?,
        result: result.map(|t| from_json("action result", &t)).transpose()?,
        error: r.try_get(7)?,
        note: r.try_get(8)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reminder_kinds_read_back_what_their_keys_wrote() {
        for kind in [
            ReminderKind::Overdue,
            ReminderKind::DueWithin(1),
            ReminderKind::DueWithin(15),
        ] {
            assert_eq!(reminder_kind(&kind.key()).unwrap(), kind);
        }
        for bad in ["due-", "due-x", "due-05", "soon"] {
            assert!(reminder_kind(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn the_open_states_condition_binds_every_open_state_after_the_others() {
        let (sql, names) = open_states(4);
        assert_eq!(sql, format!("state IN ($4, $5, $6, $7, $8)"));
        assert_eq!(names.len(), 5);
        assert!(names.contains(&"needs_triage"));
        assert!(!names.contains(&"closed"));
    }

    #[test]
    fn no_classification_is_null_and_the_old_sentinel_reads_as_none() {
        assert_eq!(classification_column(None).unwrap(), None);
        assert_eq!(classification(None).unwrap(), None);
        assert_eq!(classification(Some("{}".into())).unwrap(), None);
        assert!(classification(Some("{\"primary\":1}".into())).is_err());
    }
}
