//! Ending a restriction (issue 12, point 5). GDPR 18(3) and reglement
//! 8.5.4 ask that the subject is told *before* a restriction is lifted;
//! dsrd's policy is five working days' notice (answers.md §3.9). So lifting
//! takes two steps:
//!
//! 1. [`announce_lift`]: an officer decides, with the reason; the register
//!    records the notice and the day the lift may take effect, five working
//!    days later in the case's own deadline calendar. (The letter to the
//!    subject comes with the answer stage; the event and audit entry are
//!    written now.)
//! 2. From that day on the daemon lifts it by itself, or an officer does at
//!    once with [`lift_now`]. Either way the store refuses a lift before
//!    the announced day, so no path shortens the notice.

use super::plan::approver;
use super::{outcome, ActionError};
use crate::case::{CaseRef, DeadlineRules};
use crate::config::Config;
use crate::deadline::local_date;
use crate::dispatch::PluginService;
use crate::execute::{lift, LiftOutcome};
use crate::plan::ActionId;
use crate::store::{CaseSnapshot, CaseUpdate, Effect, RestrictionState, Store};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};

/// Working days between the announcement of a lift and the day it may take
/// effect (answers.md §3.9: "notice 5 working days before").
pub const LIFT_NOTICE_WORKING_DAYS: u32 = 5;

/// The day a lift announced at `now` may take effect under the case's
/// `rules` — the fifth working day after the day of the announcement, in
/// the organisation's time zone and calendar — and the instant that day
/// begins. Pure.
pub fn lift_day(now: DateTime<Utc>, rules: &DeadlineRules) -> (NaiveDate, DateTime<Utc>) {
    let today = local_date(now, rules.time_zone);
    let on = rules
        .calendar
        .add_working_days(today, LIFT_NOTICE_WORKING_DAYS);
    let midnight = on.and_time(chrono::NaiveTime::MIN);
    // A zone whose clocks jump at midnight has no 00:00 that day; the first
    // instant of the day is then the jump, which `earliest` of the next
    // hour finds. Amsterdam jumps at 02:00, so this is for other zones.
    let from = rules
        .time_zone
        .from_local_datetime(&midnight)
        .earliest()
        .or_else(|| {
            rules
                .time_zone
                .from_local_datetime(&(midnight + chrono::TimeDelta::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&midnight));
    (on, from)
}

/// Announces that the restriction set by `action` of case `reference` ends,
/// with the reason the subject will read; returns the day it may take
/// effect.
pub async fn announce_lift(
    store: &dyn Store,
    config: &Config,
    reference: &CaseRef,
    action: ActionId,
    reason: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<NaiveDate, ActionError> {
    let actor = approver(config, by)?;
    if reason.trim().len() < 10 {
        return Err(ActionError::Refused(
            "say why the restriction ends; the subject is told: --reason \"…\"".into(),
        ));
    }
    let reason = reason.trim().to_owned();
    let change = Box::new(
        move |case: &CaseSnapshot| -> Result<crate::store::CaseUpdate, crate::store::Refusal> {
            let (on, from) = lift_day(now, &case.deadline.rules());
            Ok(CaseUpdate {
                actor: actor.clone(),
                effects: vec![Effect::AnnounceLift {
                    action: action.clone(),
                    on,
                    from,
                    reason: reason.clone(),
                }],
            })
        },
    );
    let (_, after) = outcome(reference, store.update_case(reference, now, change).await?)?;
    after
        .effects
        .iter()
        .find_map(|e| match e {
            Effect::AnnounceLift { on, .. } => Some(*on),
            _ => None,
        })
        .ok_or_else(|| ActionError::Refused("the announcement was not recorded".into()))
}

/// Lifts the restriction set by `action` of case `reference` now, as
/// officer `by`: only once its announced day has come. A failed attempt is
/// recorded and returned, not an error: the restriction stays in force and
/// the officer reads why.
pub async fn lift_now(
    store: &dyn Store,
    config: &Config,
    plugins: &PluginService,
    reference: &CaseRef,
    action: ActionId,
    by: &str,
    now: DateTime<Utc>,
) -> Result<LiftOutcome, ActionError> {
    let actor = approver(config, by)?;
    let restriction = store
        .active_restrictions()
        .await?
        .into_iter()
        .rfind(|r| &r.case == reference && r.action == action)
        .ok_or_else(|| {
            ActionError::Refused(
                format!(
                "case {reference} has no restriction {action} in force (dsrd restrictions list)"
            )
                .into(),
            )
        })?;
    let Some(notice) = restriction.lift.as_ref() else {
        return Err(ActionError::Refused(format!(
            "the subject must be told first: announce it with `dsrd restrictions lift {reference} --action {action} --reason \"…\" --as NAME`; it may be lifted {LIFT_NOTICE_WORKING_DAYS} working days later"
        ).into()));
    };
    if now < notice.from {
        return Err(ActionError::Refused(format!(
            "the lift was announced for {}: the subject has been told it ends then, so it is not lifted before",
            notice.on
        ).into()));
    }
    if restriction.state == RestrictionState::Lifting {
        return Err(ActionError::Refused(
            format!("{action} of {reference} is being lifted right now").into(),
        ));
    }
    match lift(store, plugins, &restriction, &actor, now).await? {
        LiftOutcome::NotClaimed => Err(ActionError::Refused(
            format!(
            "{action} of {reference} was lifted or taken up meanwhile; see dsrd restrictions list"
        )
            .into(),
        )),
        done => Ok(done),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadline::{Calendar, IdentitySettings, Policy, WaitMode};

    fn rules() -> DeadlineRules {
        DeadlineRules {
            policy: Policy::four_weeks(),
            calendar: Calendar::nl_atw(),
            time_zone: chrono_tz::Europe::Amsterdam,
            identity_mode: WaitMode::default(),
            identity_settings: IdentitySettings::default(),
        }
    }

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn a_lift_announced_on_a_wednesday_takes_effect_a_week_later_at_local_midnight() {
        let (on, from) = lift_day(at("2026-12-02T10:00:00Z"), &rules());
        assert_eq!(on, NaiveDate::from_ymd_opt(2026, 12, 9).unwrap());
        assert_eq!(from, at("2026-12-08T23:00:00Z"), "midnight in Amsterdam");
    }

    #[test]
    fn the_day_is_the_organisations_and_its_holidays_are_skipped() {
        // 23:30 UTC on Sunday 20 December is already Monday in Amsterdam;
        // Kerst (Friday 25th) does not count.
        let (on, from) = lift_day(at("2026-12-20T23:30:00Z"), &rules());
        assert_eq!(on, NaiveDate::from_ymd_opt(2026, 12, 29).unwrap());
        assert_eq!(from, at("2026-12-28T23:00:00Z"));
        // Summer time: midnight is 22:00 UTC.
        let (on, from) = lift_day(at("2026-06-01T08:00:00Z"), &rules());
        assert_eq!(on, NaiveDate::from_ymd_opt(2026, 6, 8).unwrap());
        assert_eq!(from, at("2026-06-07T22:00:00Z"));
    }
}
