//! The computation itself: receipt, policy, calendar and events in, due dates
//! and their derivation out (deadlines.md §4). Pure: the caller passes every
//! input, `today` included.

use super::calendar::Calendar;
use super::explain::Step;
use super::extension::{notice_date, Extension, Ledger, WeeksState};
use super::identity::resolve;
use super::input::DeadlineInput;
use super::month::{add_days, add_months};
use super::outcome::{Deadline, RejectedExtension};
use super::policy::Policy;
use chrono::{Datelike, NaiveDate, Weekday};

/// Computes the deadline for `input`.
pub fn compute(input: &DeadlineInput) -> Deadline {
    let cal = &input.calendar;
    let local = input.received.with_timezone(&input.tz);
    let receipt = local.date_naive();
    let mut steps = vec![Step::Received {
        date: receipt,
        instant: input.received,
        local_time: local.time(),
    }];

    let wait = input.identity_wait.as_ref();
    let clock = resolve(
        wait,
        input.identity_settings,
        receipt,
        input.today,
        input.tz,
    );
    steps.extend(clock.steps);
    let s = clock.suspended;

    // Statutory: E0 unrolled, suspension added after the month arithmetic,
    // then rolled (§4.2 steps 1-2).
    let e0 = add_months(clock.start, 1);
    steps.push(Step::MonthEnd {
        date: e0.date,
        clamped_from: e0.clamped_from,
    });
    let mut unrolled = e0.date;
    if s > 0 {
        unrolled = add_days(unrolled, s);
        steps.push(Step::PlusSuspended {
            days: s,
            date: unrolled,
        });
    }
    let base_due = roll_explained(cal, unrolled, &mut steps);
    // Never shifted by the identity wait (§4.2 step 3, §7 Q4).
    let statutory_notice_by = cal.roll(add_months(receipt, 1).date);

    let weeks = weeks_state(input.policy, clock.start, s, &mut steps);
    let notice_by = match &weeks {
        Some(w) => w.due.min(statutory_notice_by),
        None => statutory_notice_by,
    };
    let mut ledger = Ledger {
        calendar: cal,
        receipt,
        e0: e0.date,
        suspended: s,
        base_due,
        notice_by,
        statutory: base_due,
        extended_on: None,
        weeks,
    };
    if notice_by != ledger.effective() {
        steps.push(Step::NoticeBy { date: notice_by });
    }

    // Chronological order: whether a notice counts depends on the ones before.
    let mut notices: Vec<&Extension> = input.extensions.iter().collect();
    notices.sort_by_key(|e| e.notified);
    let mut rejected_extensions = Vec::new();
    for ext in notices {
        let notified = notice_date(ext, input.tz);
        if let Err(reason) = ledger.apply(ext, notified, &mut steps) {
            steps.push(Step::ExtensionRejected {
                notified,
                weeks: ext.weeks,
                reason: reason.clone(),
            });
            rejected_extensions.push(RejectedExtension {
                extension: ext.clone(),
                reason,
            });
        }
    }

    let due = ledger.effective();
    let policy_due = ledger.weeks.as_ref().map(|w| w.due);
    if policy_due.is_some() || !input.extensions.is_empty() {
        steps.push(Step::Due {
            date: due,
            policy: policy_due,
            statutory: ledger.statutory,
        });
    }
    Deadline {
        receipt_date: receipt,
        due,
        statutory_due: ledger.statutory,
        policy_due,
        extension_notice_by: notice_by,
        extended: ledger.extended_on.is_some(),
        suspended_days: s,
        waiting_since: clock.waiting_since,
        explanation: steps,
        rejected_extensions,
    }
}

/// The running state of a weeks-based policy (§4.3 steps 1 and 3), or
/// `None` under `gdpr-month`. Not rolled: the Atw covers statutory periods
/// only, and the reglement has no roll-forward of its own (§7 Q3).
fn weeks_state(
    policy: Policy,
    start: NaiveDate,
    s: u64,
    steps: &mut Vec<Step>,
) -> Option<WeeksState> {
    let (days, max_total_weeks) = (policy.period_days()?, policy.max_total_weeks()?);
    let due = add_days(start, u64::from(days) + s);
    steps.push(Step::PolicyDue {
        days,
        suspended: s,
        date: due,
    });
    let ceiling_days = u64::from(max_total_weeks) * 7;
    Some(WeeksState {
        due,
        cap: add_days(start, ceiling_days + s),
        max_total_weeks,
        allows_extensions: ceiling_days > u64::from(days),
    })
}

/// `calendar.roll(date)`, naming each day it passes over. A plain Sunday right
/// after a skipped Saturday is left unsaid: "a Saturday → Monday" is clearer
/// than spelling out the weekend.
pub(super) fn roll_explained(cal: &Calendar, date: NaiveDate, steps: &mut Vec<Step>) -> NaiveDate {
    let (rolled, skipped) = cal.roll_skipping(date);
    if skipped.is_empty() {
        steps.push(Step::WorkingDay { date });
        return date;
    }
    let mut previous: Option<NaiveDate> = None;
    for day in skipped {
        let holiday = cal.holiday_name(day).map(str::to_owned);
        let after_saturday = previous.is_some_and(|p| p.weekday() == Weekday::Sat);
        let plain_sunday = holiday.is_none() && day.weekday() == Weekday::Sun && after_saturday;
        if !plain_sunday {
            steps.push(Step::NonWorking {
                date: day,
                holiday,
                first: previous.is_none(),
            });
        }
        previous = Some(day);
    }
    steps.push(Step::RolledTo { date: rolled });
    rolled
}
