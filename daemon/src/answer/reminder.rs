//! Reminders to the privacy officer. They carry the reference and dates
//! only: the officer opens the case in dsrd for the rest, so no personal
//! data travels in these mails.

use super::Letter;
use crate::lang::{long_date, Lang};
use chrono::NaiveDate;

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

/// Renders a reminder in `lang`.
pub fn reminder(reference: &str, kind: ReminderKind, due: NaiveDate, lang: Lang) -> Letter {
    let d = long_date(due, lang);
    match (lang, kind) {
        (Lang::Nl, ReminderKind::DueWithin(n)) => Letter {
            subject: format!("[{reference}] Termijn verloopt op {d}"),
            body: format!(
                "Verzoek {reference} moet uiterlijk op {d} beantwoord zijn; dat is binnen {n} werkdag{}.\n\n\
                 Bekijk het met: dsrd cases show {reference}\n",
                if n == 1 { "" } else { "en" }
            ),
        },
        (Lang::Nl, ReminderKind::Overdue) => Letter {
            subject: format!("[{reference}] TERMIJN VERSTREKEN ({d})"),
            body: format!(
                "Verzoek {reference} had uiterlijk op {d} beantwoord moeten zijn. De wettelijke \
                 termijn is verstreken.\n\nBekijk het met: dsrd cases show {reference}\n"
            ),
        },
        (Lang::En, ReminderKind::DueWithin(n)) => Letter {
            subject: format!("[{reference}] Deadline on {d}"),
            body: format!(
                "Request {reference} must be answered by {d}, which is within {n} working day{}.\n\n\
                 See it with: dsrd cases show {reference}\n",
                if n == 1 { "" } else { "s" }
            ),
        },
        (Lang::En, ReminderKind::Overdue) => Letter {
            subject: format!("[{reference}] DEADLINE PASSED ({d})"),
            body: format!(
                "Request {reference} should have been answered by {d}. The deadline has passed.\n\n\
                 See it with: dsrd cases show {reference}\n"
            ),
        },
    }
}
