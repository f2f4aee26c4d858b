//! The steps of a computation, each readable in Dutch and English.
//!
//! A deadline carries its own derivation so the privacy officer can answer
//! "why this date?" from the case page alone (DESIGN.md principle 6). Steps
//! are data, not text: the case stores them once and renders them in the
//! letter's language, and `--json` shows them as they are.

use super::refusal::ExtensionRefused;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

/// One step of a deadline's derivation. [`Step::render`] (in `render.rs`)
/// gives its text; rendered steps are joined with " → ".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// The receipt date, with the UTC instant when its date differs.
    Received {
        /// Local calendar date of receipt.
        date: NaiveDate,
        /// The instant it reached the mailbox.
        instant: DateTime<Utc>,
        /// Local wall-clock time of that instant.
        local_time: NaiveTime,
    },
    /// Identity wait ignored by mode `none`.
    IdentityIgnored,
    /// Identity asked too long after receipt to suspend anything.
    IdentityAskedLate {
        /// Local date of the question.
        asked: NaiveDate,
        /// Days between receipt and question.
        delay_days: i64,
        /// The tenant's `max_ask_delay_days`.
        max_days: u32,
    },
    /// Identity wait with an answer: days suspended.
    IdentityPaused {
        /// Local date of the question.
        asked: NaiveDate,
        /// Local date of the answer.
        answered: NaiveDate,
        /// Suspended calendar days.
        days: i64,
    },
    /// Identity wait still open: suspended "as if answered today".
    IdentityPausedOpen {
        /// Local date of the question.
        asked: NaiveDate,
        /// The `today` the computation assumed.
        today: NaiveDate,
        /// Days suspended so far.
        days: i64,
    },
    /// Restart mode: the month runs from the answer.
    Restarted {
        /// Local date of the answer.
        answered: NaiveDate,
    },
    /// Restart mode, still waiting: as if answered today.
    RestartOpen {
        /// Local date of the question.
        asked: NaiveDate,
        /// The `today` the computation assumed.
        today: NaiveDate,
    },
    /// One month after the start, with the clamp if any (1182/71 art. 3(2)(c)).
    MonthEnd {
        /// The unrolled end E0.
        date: NaiveDate,
        /// The day-number the month lacked.
        clamped_from: Option<u32>,
    },
    /// Suspended days added after the month arithmetic.
    PlusSuspended {
        /// Suspended days.
        days: u64,
        /// The date they lead to.
        date: NaiveDate,
    },
    /// A non-working day passed over by the roll-forward (1182/71 art. 3(4)).
    NonWorking {
        /// The day.
        date: NaiveDate,
        /// Its holiday name, if it is a holiday.
        holiday: Option<String>,
        /// Whether it is the date the previous step just named.
        first: bool,
    },
    /// Where the roll-forward ends.
    RolledTo {
        /// The working day reached.
        date: NaiveDate,
    },
    /// The end date is a working day; nothing to roll.
    WorkingDay {
        /// That day.
        date: NaiveDate,
    },
    /// The last day for an extension or refusal notice, when it differs.
    NoticeBy {
        /// That day.
        date: NaiveDate,
    },
    /// A policy period of its own, not rolled (deadlines.md §4.3).
    PolicyDue {
        /// Period length in days.
        days: u32,
        /// Suspended days added.
        suspended: u64,
        /// The policy date.
        date: NaiveDate,
    },
    /// An extension notice that was accepted.
    ExtensionAccepted {
        /// Local date of the notice.
        notified: NaiveDate,
        /// Weeks asked for (weeks-based policies).
        weeks: Option<u32>,
    },
    /// An extension notice that was rejected, and why.
    ExtensionRejected {
        /// Local date of the notice.
        notified: NaiveDate,
        /// Weeks asked for (weeks-based policies).
        weeks: Option<u32>,
        /// Why it does not count.
        reason: ExtensionRefused,
    },
    /// A weeks-based extension crossed the statutory date; the notice doubles
    /// as the art. 12(3) extension notice.
    StatutoryExtended {
        /// The statutory date it passed.
        base_due: NaiveDate,
    },
    /// A weeks-based extension passed the statutory date too late to extend
    /// it: the statutory date stays and still caps the effective date.
    StatutoryNotExtended {
        /// The last day an art. 12(3) notice could have been sent.
        notice_by: NaiveDate,
        /// The statutory date that stays.
        base_due: NaiveDate,
    },
    /// Two further months from the unrolled end E0 (deadlines.md §4.4).
    ExtendedEnd {
        /// E0.
        from: NaiveDate,
        /// Two months later, clamped.
        date: NaiveDate,
        /// The day-number the month lacked.
        clamped_from: Option<u32>,
    },
    /// The policy date moved by a weeks-based extension (before any cap).
    PolicyExtended {
        /// Weeks added.
        weeks: u32,
        /// Resulting date.
        date: NaiveDate,
    },
    /// The ceiling "tot maximaal N weken" in total from receipt.
    Capped {
        /// The ceiling in weeks.
        max_total_weeks: u32,
        /// The capped date.
        date: NaiveDate,
    },
    /// The date that counts.
    Due {
        /// The effective due date.
        date: NaiveDate,
        /// The policy date, for weeks-based policies.
        policy: Option<NaiveDate>,
        /// The statutory date.
        statutory: NaiveDate,
    },
}
