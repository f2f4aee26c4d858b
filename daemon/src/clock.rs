//! Time, injected. Nothing deep in the daemon calls `Utc::now()` itself, so
//! tests can move time and deadlines stay reproducible.

use chrono::{DateTime, DurationRound, TimeDelta, Utc};

/// A source of the current time.
pub trait Clock: Send + Sync {
    /// Now, truncated to microseconds (what PostgreSQL keeps), so a value read
    /// back from either store equals the one written.
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        truncate(Utc::now())
    }
}

/// A clock that always says the same time (tests, `dsrd deadline`).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        truncate(self.0)
    }
}

/// Drops sub-microsecond precision.
pub fn truncate(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(t)
}

/// A clock read from a file holding one RFC 3339 instant, re-read at every
/// call, so a test or a simulation can move the daemon's time from outside.
/// Chosen by setting `DSRD_CLOCK_FILE`; never in a normal installation.
#[derive(Debug, Clone)]
pub struct FileClock(pub std::path::PathBuf);

impl Clock for FileClock {
    fn now(&self) -> DateTime<Utc> {
        let text = std::fs::read_to_string(&self.0).unwrap_or_default();
        match DateTime::parse_from_rfc3339(text.trim()) {
            Ok(t) => truncate(t.with_timezone(&Utc)),
            Err(_) => {
                tracing::warn!(file = %self.0.display(), "DSRD_CLOCK_FILE holds no RFC 3339 time; using the system clock");
                SystemClock.now()
            }
        }
    }
}

/// The system clock, or a [`FileClock`] when `DSRD_CLOCK_FILE` is set.
pub fn from_env() -> Box<dyn Clock> {
    match std::env::var_os("DSRD_CLOCK_FILE") {
        Some(path) => Box::new(FileClock(path.into())),
        None => Box::new(SystemClock),
    }
}
