//! Reminders to the privacy officer. They carry the reference and dates
//! only: the officer opens the case in dsrd for the rest, so no personal
//! data travels in these mails.

use super::{Letter, LetterError, LetterKind, Letters};
use crate::lang::{long_date, Lang};
use chrono::NaiveDate;
use minijinja::Value;
use serde::Serialize;

/// Which reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderKind {
    /// Due within this many working days.
    DueWithin(u32),
    /// The due date has passed.
    Overdue,
}

impl ReminderKind {
    /// The stable name stored per case, e.g. `due-5` or `overdue`.
    pub fn key(self) -> String {
        match self {
            ReminderKind::DueWithin(n) => format!("due-{n}"),
            ReminderKind::Overdue => "overdue".into(),
        }
    }
}

/// The templates' fields (see [`LetterKind::fields`]); `working_days` only
/// before the deadline.
#[derive(Serialize)]
struct Fields<'a> {
    reference: &'a str,
    due: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    working_days: Option<u32>,
}

fn fields(reference: &str, kind: ReminderKind, due: NaiveDate, lang: Lang) -> (LetterKind, Value) {
    let (letter, working_days) = match kind {
        ReminderKind::DueWithin(n) => (LetterKind::ReminderDue, Some(n)),
        ReminderKind::Overdue => (LetterKind::ReminderOverdue, None),
    };
    let fields = Fields {
        reference,
        due: long_date(due, lang),
        working_days,
    };
    (letter, Value::from(minijinja::value::Serde(fields)))
}

impl Letters {
    /// Renders a reminder in `lang`.
    pub fn reminder(
        &self,
        reference: &str,
        kind: ReminderKind,
        due: NaiveDate,
        lang: Lang,
    ) -> Result<Letter, LetterError> {
        let (letter, fields) = fields(reference, kind, due, lang);
        self.render(letter, lang, fields)
    }
}

fn sample_due() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 2, 27).expect("a date")
}

/// The sample facts of the reminder before the deadline.
pub(super) fn due_samples(lang: Lang) -> Vec<(&'static str, Value)> {
    let sample = |n| {
        fields(
            "AVG-2026-0003",
            ReminderKind::DueWithin(n),
            sample_due(),
            lang,
        )
        .1
    };
    vec![
        ("reminder-due", sample(5)),
        ("reminder-due.one-day", sample(1)),
    ]
}

/// The sample facts of the reminder after the deadline.
pub(super) fn overdue_samples(lang: Lang) -> Vec<(&'static str, Value)> {
    let (_, sample) = fields("AVG-2026-0003", ReminderKind::Overdue, sample_due(), lang);
    vec![("reminder-overdue", sample)]
}
