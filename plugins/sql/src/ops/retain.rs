//! What an erasure keeps: the subject's rows in tables with a `retain`
//! rule that the erasure does not delete, each with its ground and the
//! end of its period.
//!
//! Worked out from the same reads as the plan, before anything changes,
//! so the dry run and the real run list the same rows. The end date is
//! read from the row itself (`left_on` + 5 years), which the erasure
//! leaves alone: the settings refuse a `retain.until.column` that
//! `anonymise` overwrites.

use super::tree::Reached;
use super::{key_text, Ctx};
use crate::engine::quote::CHUNK;
use crate::engine::Tx;
use crate::error::{Result, SqlError};
use crate::settings::mapping::{Retain, RetainUntil};
use crate::settings::TableMapping;
use chrono::{Months, NaiveDate};
use dsrd_plugin_api::{EraseMode, Retained};
use serde_json::Value;
use std::collections::HashMap;

/// The rows among `reached` that erasure in `mode` keeps and a `retain`
/// rule covers, one entry per row (the report merges rows that share an
/// end date).
pub async fn retained(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    reached: &[Reached<'_>],
    mode: EraseMode,
) -> Result<Vec<Retained>> {
    let mut kept = Vec::new();
    for Reached { table, keys } in reached {
        let (Some(retain), Some(values)) = (&table.retain, table.erase_values(mode)) else {
            continue;
        };
        if keys.is_empty() {
            continue;
        }
        let fields = table.kept_fields(values);
        let dates = match &retain.until {
            Some(until) => start_dates(tx, ctx, table, until, keys).await?,
            None => HashMap::new(),
        };
        for key in keys.iter().map(key_text) {
            let start = dates.get(&key).copied().flatten();
            let (until, note) = end(table, retain, start)?;
            kept.push(
                Retained::new(table.table.as_str(), &retain.ground)
                    .key(&key)
                    .fields(&fields)
                    .until(until)
                    .note(note),
            );
        }
    }
    Ok(kept)
}

/// The end date of one row's period and the note that goes with it: the
/// configured note, and when the period has not started (the date is
/// NULL) a sentence saying what it waits for.
fn end(
    table: &TableMapping,
    retain: &Retain,
    start: Option<NaiveDate>,
) -> Result<(Option<NaiveDate>, Option<String>)> {
    let Some(until) = &retain.until else {
        return Ok((None, retain.note.clone()));
    };
    let Some(start) = start else {
        let open = format!(
            "{} years after `{}`, which is not set yet",
            until.years, until.column
        );
        let note = match &retain.note {
            Some(note) => format!("{note} ({open})"),
            None => open,
        };
        return Ok((None, Some(note)));
    };
    let end = start
        .checked_add_months(Months::new(until.years.saturating_mul(12)))
        .ok_or_else(|| {
            SqlError::Mapping(format!(
                "`{}`.retain.until.years: {} years is past the last date the plugin can \
                 compute; give a realistic period",
                table.table, until.years
            ))
        })?;
    Ok((Some(end), retain.note.clone()))
}

/// Key → the date in `until.column` (none for NULL), for `keys`.
async fn start_dates(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    table: &TableMapping,
    until: &RetainUntil,
    keys: &[Value],
) -> Result<HashMap<String, Option<NaiveDate>>> {
    let mut dates = HashMap::with_capacity(keys.len());
    for chunk in keys.chunks(CHUNK) {
        let mut sql = ctx.sql();
        sql.push("SELECT ")
            .ident(&table.key)
            .push(", ")
            .ident(&until.column)
            .push(" FROM ")
            .ident(&table.table)
            .push(" WHERE ")
            .in_list(&table.key, chunk);
        let action = format!("reading the retention dates of `{}`", table.table);
        for row in tx.fetch(&sql, &action).await? {
            let (Some(key), Some(value)) = (row.first(), row.get(1)) else {
                continue;
            };
            let date = date(value).ok_or_else(|| {
                // The value itself stays out: it may be personal data.
                SqlError::Mapping(format!(
                    "column `{}`.`{}` (retain.until) holds a value that is not a date; \
                     name a date column",
                    table.table, until.column
                ))
            })?;
            dates.insert(key_text(key), date);
        }
    }
    Ok(dates)
}

/// A date as the engines return it (`2021-07-31`, or a timestamp that
/// starts with one); `Some(None)` for NULL, `None` for anything else.
fn date(value: &Value) -> Option<Option<NaiveDate>> {
    match value {
        Value::Null => Some(None),
        Value::String(text) => text
            .get(..10)
            .and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
            .map(Some),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    fn pupils() -> TableMapping {
        let settings = crate::demo::mapping("sqlite:///nowhere.db");
        Settings::parse(settings).unwrap().subjects.remove(0)
    }

    #[test]
    fn the_period_ends_whole_years_after_the_rows_date() {
        let table = pupils();
        let retain = table.retain.as_ref().unwrap();
        let left = NaiveDate::from_ymd_opt(2024, 7, 12);
        let leap = NaiveDate::from_ymd_opt(2020, 2, 29);

        let (until, note) = end(&table, retain, left).unwrap();
        let (after_leap, _) = end(&table, retain, leap).unwrap();

        assert_eq!(until, NaiveDate::from_ymd_opt(2029, 7, 12));
        assert_eq!(note.as_deref(), Some("5 jaar na uitschrijving"));
        assert_eq!(after_leap, NaiveDate::from_ymd_opt(2025, 2, 28));
    }

    #[test]
    fn a_period_that_has_not_started_has_no_end_and_says_what_it_waits_for() {
        let table = pupils();

        let (until, note) = end(&table, table.retain.as_ref().unwrap(), None).unwrap();

        assert_eq!(until, None);
        assert_eq!(
            note.as_deref(),
            Some("5 jaar na uitschrijving (5 years after `left_on`, which is not set yet)")
        );
    }

    #[test]
    fn kept_fields_default_to_the_key_and_the_personal_columns_left_alone() {
        let mut table = pupils();
        table.retain.as_mut().unwrap().fields = None;
        let values = table.anonymise.clone().unwrap();

        assert_eq!(table.kept_fields(&values), ["id", "enrolled_on", "left_on"]);
        assert!(table.kept_fields(&Default::default()).is_empty());
    }

    #[test]
    fn dates_and_timestamps_read_as_their_day_and_null_as_not_yet() {
        let day = NaiveDate::from_ymd_opt(2021, 7, 31);
        assert_eq!(date(&Value::from("2021-07-31")), Some(day));
        assert_eq!(date(&Value::from("2021-07-31 08:30:00")), Some(day));
        assert_eq!(date(&Value::Null), Some(None));
        assert_eq!(date(&Value::from("31-07-2021")), None);
        assert_eq!(date(&Value::from(20210731)), None);
    }
}
