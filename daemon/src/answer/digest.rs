//! The officers' daily digest as a letter: what needs attention, by
//! reference. The fields below are the whole of what a template can print —
//! references, dates, hours, rule names and task handles — so no edited
//! template can put a subject's name, address or message into the mail.

use super::{Letter, LetterError, LetterKind, Letters};
use crate::digest::Digest;
use crate::lang::{long_date, long_date_time, Lang};
use chrono::{DateTime, Utc};
use minijinja::Value;
use serde::Serialize;

/// A case line.
#[derive(Serialize)]
struct CaseLine {
    reference: String,
    due: String,
    /// Days to the due date, or past it for an overdue case (never negative).
    days: i64,
}

/// A breach line.
#[derive(Serialize)]
struct BreachLine {
    reference: String,
    due: String,
    hours: i64,
    /// Two digits, so "5 h 05 min" reads as a clock does.
    minutes: String,
    overdue: bool,
}

/// A failed retention run.
#[derive(Serialize)]
struct RunLine {
    rule: String,
    at: String,
    scheduled: bool,
}

/// A waiting task.
#[derive(Serialize)]
struct TaskLine {
    handle: String,
    since: String,
}

/// The template's fields (see [`LetterKind::fields`]).
#[derive(Serialize)]
struct Fields<'a> {
    organisation: &'a str,
    day: String,
    total: u32,
    breaches: Vec<BreachLine>,
    overdue: Vec<CaseLine>,
    due_soon: Vec<CaseLine>,
    failed_runs: Vec<RunLine>,
    tasks: Vec<TaskLine>,
}

fn fields(d: &Digest, organisation: &str, zone: chrono_tz::Tz, lang: Lang) -> Value {
    let local = |t: DateTime<Utc>| long_date_time(t.with_timezone(&zone).naive_local(), lang);
    let case = |c: &crate::digest::CaseDue| CaseLine {
        reference: c.reference.to_string(),
        due: long_date(c.due, lang),
        days: c.days.abs(),
    };
    let breaches = d
        .breaches
        .iter()
        .map(|b| {
            let (hours, minutes, overdue) = match b.countdown {
                crate::breach::Countdown::Left { hours, minutes } => (hours, minutes, false),
                crate::breach::Countdown::Overdue { hours, minutes } => (hours, minutes, true),
            };
            BreachLine {
                reference: b.reference.to_string(),
                due: local(b.ap_due),
                hours,
                minutes: format!("{minutes:02}"),
                overdue,
            }
        })
        .collect();
    Value::from(minijinja::value::Serde(Fields {
        organisation,
        day: long_date(d.day, lang),
        total: d.counts().total(),
        breaches,
        overdue: d.overdue.iter().map(case).collect(),
        due_soon: d.due_soon.iter().map(case).collect(),
        failed_runs: d
            .failed_runs
            .iter()
            .map(|r| RunLine {
                rule: r.rule.clone(),
                at: local(r.at),
                scheduled: r.scheduled,
            })
            .collect(),
        tasks: d
            .tasks
            .iter()
            .map(|t| TaskLine {
                handle: t.handle.clone(),
                since: long_date(t.since.with_timezone(&zone).date_naive(), lang),
            })
            .collect(),
    }))
}

impl Letters {
    /// Renders the digest in `lang`, with its times in `zone`.
    pub fn digest(
        &self,
        digest: &Digest,
        organisation: &str,
        zone: chrono_tz::Tz,
        lang: Lang,
    ) -> Result<Letter, LetterError> {
        self.render(
            LetterKind::Digest,
            lang,
            fields(digest, organisation, zone, lang),
        )
    }
}

/// The sample facts (see [`LetterKind::samples`]): a day with one of every
/// kind and more, and a day with only a breach past its 72 hours.
pub(super) fn samples(lang: Lang) -> Vec<(&'static str, Value)> {
    use crate::breach::Countdown;
    use crate::digest::{BreachDue, CaseDue, FailedRun, WaitingTask};
    let t = |s: &str| s.parse::<DateTime<Utc>>().expect("an instant");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 5).expect("a date");
    let case = |r: &str, days: i64| CaseDue {
        reference: r.parse().expect("a reference"),
        due: day + chrono::Duration::days(days),
        days,
    };
    let full = Digest {
        day,
        made_at: t("2026-03-05T06:00:00Z"),
        due_soon: vec![case("AVG-2026-0011", 0), case("AVG-2026-0014", 6)],
        overdue: vec![case("AVG-2026-0007", -1)],
        breaches: vec![BreachDue {
            reference: "DATALEK-2026-0003".parse().expect("a reference"),
            ap_due: t("2026-03-07T08:00:00Z"),
            countdown: Countdown::Left {
                hours: 50,
                minutes: 5,
            },
        }],
        failed_runs: vec![FailedRun {
            rule: "cultuurdag".into(),
            at: t("2026-03-05T01:00:00Z"),
            scheduled: true,
        }],
        tasks: vec![
            WaitingTask {
                handle: "AVG-2026-0009:A3".into(),
                since: t("2026-03-02T09:00:00Z"),
            },
            WaitingTask {
                handle: "AVG-2026-0010:post".into(),
                since: t("2026-03-04T13:00:00Z"),
            },
        ],
    };
    let breach_only = Digest {
        due_soon: vec![],
        overdue: vec![],
        breaches: vec![BreachDue {
            reference: "DATALEK-2026-0002".parse().expect("a reference"),
            ap_due: t("2026-03-04T21:30:00Z"),
            countdown: Countdown::Overdue {
                hours: 8,
                minutes: 30,
            },
        }],
        failed_runs: vec![],
        tasks: vec![],
        ..full.clone()
    };
    let zone = chrono_tz::Europe::Amsterdam;
    vec![
        ("digest", fields(&full, "Stichting Voorbeeld", zone, lang)),
        (
            "digest.breach-only",
            fields(&breach_only, "Stichting Voorbeeld", zone, lang),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_template_can_print_a_name_an_address_or_an_error() {
        // The fields are the whole of what the digest can say: adding one
        // is a decision about personal data in a mail, not a wording change.
        assert_eq!(
            LetterKind::Digest.fields(),
            &[
                "organisation",
                "day",
                "total",
                "breaches",
                "overdue",
                "due_soon",
                "failed_runs",
                "tasks"
            ]
        );
        let errors = Letters::with_overrides(vec![super::super::Override {
            kind: LetterKind::Digest,
            lang: Lang::Nl,
            path: "letters/nl/digest.txt".into(),
            source: "Subject: {{ day }}\n\n{{ requester_name }} {{ error }}\n".into(),
        }])
        .unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors.iter().all(|e| e.message.contains("has no field")));
        // Inside a line, a field the line does not have fails at rendering.
        let errors = Letters::with_overrides(vec![super::super::Override {
            kind: LetterKind::Digest,
            lang: Lang::Nl,
            path: "letters/nl/digest.txt".into(),
            source: "Subject: {{ day }}\n\n{% for r in failed_runs %}{{ r.error }}{% endfor %}\n"
                .into(),
        }])
        .unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
    }
}
