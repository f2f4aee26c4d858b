//! Tests of the deadline engine, one file per area; shared helpers here.

mod explain_text;
mod extensions;
mod holidays;
mod identity;
mod policy;
mod properties;
mod vectors;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// A calendar date; panics on an impossible one (tests only).
fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// An RFC 3339 instant with its offset.
fn at(rfc3339: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap()
}

/// An RFC 3339 instant in UTC.
fn utc(rfc3339: &str) -> DateTime<Utc> {
    at(rfc3339).to_utc()
}
