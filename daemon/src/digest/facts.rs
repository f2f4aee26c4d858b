//! What a day's digest lists, built from what the store says (pure). Only
//! references, dates, hours, rule names and task handles: the digest goes
//! by e-mail, so nothing here can hold a name, an address or a message.

use crate::breach::{Breach, BreachRef, Countdown};
use crate::case::CaseRef;
use crate::officer::Task;
use crate::store::{DigestCounts, RetentionRun};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// Cases due within this many calendar days from the digest's day (in a
/// week or sooner) are listed.
pub const DUE_WITHIN_DAYS: i64 = 7;

/// A case near or past its due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseDue {
    /// Its reference.
    pub reference: CaseRef,
    /// Its due date.
    pub due: NaiveDate,
    /// Calendar days from the digest's day to the due date: 0 when due
    /// that day, negative when overdue.
    pub days: i64,
}

/// A breach whose AP question is open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BreachDue {
    /// Its reference.
    pub reference: BreachRef,
    /// When the report to the AP is due.
    pub ap_due: DateTime<Utc>,
    /// Hours and minutes left (or past) when the digest was made.
    pub countdown: Countdown,
}

/// A retention run that failed. No error text: a plugin's message may
/// quote a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailedRun {
    /// The rule's name.
    pub rule: String,
    /// When it ran.
    pub at: DateTime<Utc>,
    /// Whether the scheduler ran it (rather than an officer by hand).
    pub scheduled: bool,
}

/// A task waiting for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WaitingTask {
    /// What `dsrd tasks done` takes, e.g. `AVG-2026-0004:A3`.
    pub handle: String,
    /// Since when it waits.
    pub since: DateTime<Utc>,
}

/// A day's digest: what needs the officer's attention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Digest {
    /// The day (in the organisation's time zone) it is the digest of.
    pub day: NaiveDate,
    /// When it was made.
    pub made_at: DateTime<Utc>,
    /// Open cases due within [`DUE_WITHIN_DAYS`], soonest first.
    pub due_soon: Vec<CaseDue>,
    /// Open cases past their due date, longest overdue first.
    pub overdue: Vec<CaseDue>,
    /// Breaches not reported to the AP and not decided, soonest due first
    /// (those past the 72 hours included: they need attention most).
    pub breaches: Vec<BreachDue>,
    /// Retention runs that failed since the previous digest.
    pub failed_runs: Vec<FailedRun>,
    /// Tasks waiting for a person.
    pub tasks: Vec<WaitingTask>,
}

/// What the store holds that a digest may list.
#[derive(Debug, Clone, Copy)]
pub struct Found<'a> {
    /// Open cases with their due dates (any order).
    pub cases: &'a [(CaseRef, NaiveDate)],
    /// Breaches whose AP question is open.
    pub breaches: &'a [Breach],
    /// Failed retention runs since the previous digest.
    pub failed_runs: &'a [RetentionRun],
    /// Tasks waiting for a person.
    pub tasks: &'a [Task],
}

impl Digest {
    /// The digest of `day`, made at `now`, from what was `found`.
    pub fn build(day: NaiveDate, now: DateTime<Utc>, found: Found<'_>) -> Digest {
        let mut due_soon = Vec::new();
        let mut overdue = Vec::new();
        for (reference, due) in found.cases {
            let days = (*due - day).num_days();
            let entry = CaseDue {
                reference: reference.clone(),
                due: *due,
                days,
            };
            if days < 0 {
                overdue.push(entry);
            } else if days <= DUE_WITHIN_DAYS {
                due_soon.push(entry);
            }
        }
        due_soon.sort_by(|a, b| (a.due, &a.reference).cmp(&(b.due, &b.reference)));
        overdue.sort_by(|a, b| (a.due, &a.reference).cmp(&(b.due, &b.reference)));
        let mut breaches: Vec<BreachDue> = found
            .breaches
            .iter()
            .filter_map(|b| {
                Some(BreachDue {
                    reference: b.reference.clone(),
                    ap_due: b.ap_due,
                    countdown: b.countdown(now)?,
                })
            })
            .collect();
        breaches.sort_by(|a, b| (a.ap_due, &a.reference).cmp(&(b.ap_due, &b.reference)));
        let failed_runs = found
            .failed_runs
            .iter()
            .filter(|r| r.error.is_some())
            .map(|r| FailedRun {
                rule: r.rule.clone(),
                at: r.at,
                scheduled: r.tick.is_some(),
            })
            .collect();
        let tasks = found
            .tasks
            .iter()
            .map(|t| WaitingTask {
                handle: t.handle(),
                since: task_since(t),
            })
            .collect();
        Digest {
            day,
            made_at: now,
            due_soon,
            overdue,
            breaches,
            failed_runs,
            tasks,
        }
    }

    /// How many of each kind it lists.
    pub fn counts(&self) -> DigestCounts {
        let n = |len: usize| u32::try_from(len).unwrap_or(u32::MAX);
        DigestCounts {
            due_soon: n(self.due_soon.len()),
            overdue: n(self.overdue.len()),
            breaches: n(self.breaches.len()),
            failed_runs: n(self.failed_runs.len()),
            tasks: n(self.tasks.len()),
        }
    }

    /// Whether anything needs attention; a digest that lists nothing is
    /// not sent.
    pub fn needs_attention(&self) -> bool {
        !self.counts().is_empty()
    }
}

fn task_since(task: &Task) -> DateTime<Utc> {
    match task {
        Task::Action(a) => a.next_attempt_at,
        Task::Notice(n) => n.since,
        Task::Post(p) => p.since,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::breach::{ap_due, BreachState};
    use crate::officer::PostTask;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }
    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn case(r: &str, due: &str) -> (CaseRef, NaiveDate) {
        (r.parse().unwrap(), d(due))
    }

    pub(crate) fn breach(reference: &str, discovered: &str) -> Breach {
        let discovered_at = t(discovered);
        Breach {
            reference: reference.parse().unwrap(),
            state: BreachState::Draft,
            discovered_at,
            ap_due: ap_due(discovered_at),
            what: "Rapport van Noor Jansen naar het verkeerde gezin".into(),
            categories: vec![],
            people: None,
            people_estimated: false,
            risk: None,
            ap: None,
            subjects: None,
            measures: None,
            mail: None,
            created_by: "system".into(),
            created_at: discovered_at,
            updated_at: discovered_at,
            closed_at: None,
            reminded_at: None,
        }
    }

    #[test]
    fn cases_are_sorted_into_due_within_seven_days_and_overdue_and_the_rest_left_out() {
        let cases = [
            case("AVG-2026-0004", "2026-03-13"), // 8 days on: not within
            case("AVG-2026-0003", "2026-03-12"), // 7 days on
            case("AVG-2026-0002", "2026-03-05"), // today
            case("AVG-2026-0001", "2026-03-04"), // yesterday
        ];
        let digest = Digest::build(
            d("2026-03-05"),
            t("2026-03-05T06:00:00Z"),
            Found {
                cases: &cases,
                breaches: &[],
                failed_runs: &[],
                tasks: &[],
            },
        );
        let refs = |v: &[CaseDue]| {
            v.iter()
                .map(|c| (c.reference.to_string(), c.days))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            refs(&digest.due_soon),
            [("AVG-2026-0002".into(), 0), ("AVG-2026-0003".into(), 7)]
        );
        assert_eq!(refs(&digest.overdue), [("AVG-2026-0001".into(), -1)]);
        assert!(digest.needs_attention());
    }

    #[test]
    fn an_open_breach_is_listed_with_its_hours_and_a_decided_one_is_not() {
        let open = breach("DATALEK-2026-0002", "2026-03-04T08:00:00Z");
        let mut decided = breach("DATALEK-2026-0001", "2026-03-04T07:00:00Z");
        decided.ap = Some(crate::breach::ApReport::NotReported {
            reason: "versleuteld".into(),
        });
        let digest = Digest::build(
            d("2026-03-05"),
            t("2026-03-05T06:00:00Z"),
            Found {
                cases: &[],
                breaches: &[decided, open],
                failed_runs: &[],
                tasks: &[],
            },
        );
        assert_eq!(digest.breaches.len(), 1);
        assert_eq!(
            digest.breaches[0].reference.to_string(),
            "DATALEK-2026-0002"
        );
        assert_eq!(digest.breaches[0].countdown.words(), "50 h 00 min left");
    }

    #[test]
    fn failed_runs_and_tasks_are_listed_by_rule_and_handle_only() {
        let run = RetentionRun {
            id: 3,
            rule: "cultuurdag".into(),
            plugin: "events".into(),
            at: t("2026-03-05T01:00:00Z"),
            tick: Some(t("2026-03-05T01:00:00Z")),
            dry_run: false,
            actor: "system".into(),
            tables: vec![],
            error: Some("duplicate key (pupil_number)=(12345)".into()),
        };
        let task = Task::Post(PostTask {
            case: "AVG-2026-0007".parse().unwrap(),
            since: t("2026-03-03T10:00:00Z"),
        });
        let digest = Digest::build(
            d("2026-03-05"),
            t("2026-03-05T06:00:00Z"),
            Found {
                cases: &[],
                breaches: &[],
                failed_runs: std::slice::from_ref(&run),
                tasks: std::slice::from_ref(&task),
            },
        );
        assert_eq!(digest.failed_runs[0].rule, "cultuurdag");
        assert!(digest.failed_runs[0].scheduled);
        assert_eq!(digest.tasks[0].handle, "AVG-2026-0007:post");
        let json = serde_json::to_string(&digest).unwrap();
        assert!(!json.contains("12345"), "no error text: {json}");
    }

    #[test]
    fn a_digest_of_nothing_needs_no_attention() {
        let digest = Digest::build(
            d("2026-03-05"),
            t("2026-03-05T06:00:00Z"),
            Found {
                cases: &[case("AVG-2026-0001", "2026-04-01")],
                breaches: &[],
                failed_runs: &[],
                tasks: &[],
            },
        );
        assert!(!digest.needs_attention());
        assert_eq!(digest.counts(), DigestCounts::default());
    }
}
