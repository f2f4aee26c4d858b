//! A case's deadline, frozen: the policy, calendar and identity rules it was
//! computed with, the events that move it (extensions, identity wait), and
//! the last result. Changing the configuration later does not move an
//! existing case; `dsrd cases recompute` does, on purpose.

use crate::deadline::{
    compute, local_date, Calendar, Deadline, DeadlineInput, Extension, IdentitySettings,
    IdentityWait, Lang, Policy, WaitMode,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The rules a deadline is computed under: what a case freezes when it is
/// received, and what `dsrd cases recompute` replaces. Plain values, so the
/// case knows nothing of the configuration file they usually come from.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadlineRules {
    /// The answer policy.
    pub policy: Policy,
    /// The holiday calendar.
    pub calendar: Calendar,
    /// The organisation's time zone, in which a receipt date is judged.
    pub time_zone: chrono_tz::Tz,
    /// How an identity wait moves the clock.
    pub identity_mode: WaitMode,
    /// Limits on that wait.
    pub identity_settings: IdentitySettings,
}

/// The deadline state stored with a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CaseDeadline {
    /// The answer policy in force when the case was received (or recomputed).
    pub policy: Policy,
    /// The holiday calendar in force then.
    pub calendar: Calendar,
    /// The organisation's time zone (tz database name).
    pub time_zone: String,
    /// How an identity wait moves the clock.
    pub identity_mode: WaitMode,
    /// Limits on that wait.
    pub identity_settings: IdentitySettings,
    /// Extension notices sent, oldest first.
    pub extensions: Vec<Extension>,
    /// The identity wait, if one was started.
    pub identity_wait: Option<IdentityWait>,
    /// The result of the last computation.
    pub computed: Deadline,
}

impl CaseDeadline {
    /// The deadline of a case received at `received` under `rules`: no
    /// extension, no identity wait yet, computed once.
    pub fn new(received: DateTime<Utc>, rules: DeadlineRules) -> Self {
        let today = local_date(received, rules.time_zone);
        let input = engine_input(&rules, &[], None, received, today);
        CaseDeadline {
            computed: compute(&input),
            policy: rules.policy,
            calendar: rules.calendar,
            time_zone: rules.time_zone.name().to_owned(),
            identity_mode: rules.identity_mode,
            identity_settings: rules.identity_settings,
            extensions: Vec::new(),
            identity_wait: None,
        }
    }

    /// The rules this deadline was frozen with.
    pub fn rules(&self) -> DeadlineRules {
        DeadlineRules {
            policy: self.policy,
            calendar: self.calendar.clone(),
            time_zone: self
                .time_zone
                .parse()
                .unwrap_or(chrono_tz::Europe::Amsterdam),
            identity_mode: self.identity_mode,
            identity_settings: self.identity_settings,
        }
    }

    /// The engine's input for this case; `today` stands in for an identity
    /// answer that has not arrived yet.
    pub fn input(&self, received: DateTime<Utc>, today: NaiveDate) -> DeadlineInput {
        engine_input(
            &self.rules(),
            &self.extensions,
            self.identity_wait.as_ref(),
            received,
            today,
        )
    }

    /// Computes the result again from the frozen rules and the events.
    pub fn recompute(&mut self, received: DateTime<Utc>, today: NaiveDate) {
        self.computed = compute(&self.input(received, today));
    }

    /// Takes new rules (policy, calendar, identity mode) and recomputes,
    /// keeping the case's events: the explicit `dsrd cases recompute`.
    pub fn adopt(&mut self, rules: DeadlineRules, received: DateTime<Utc>, today: NaiveDate) {
        self.policy = rules.policy;
        self.calendar = rules.calendar;
        self.time_zone = rules.time_zone.name().to_owned();
        self.identity_mode = rules.identity_mode;
        self.identity_settings = rules.identity_settings;
        self.recompute(received, today);
    }

    /// The step-by-step explanation in `lang`, one line a step.
    pub fn explanation(&self, lang: Lang) -> Vec<String> {
        self.computed
            .explanation
            .iter()
            .map(|s| s.render(lang))
            .collect()
    }
}

/// What the engine gets for a case under `rules` with these events.
fn engine_input(
    rules: &DeadlineRules,
    extensions: &[Extension],
    identity_wait: Option<&IdentityWait>,
    received: DateTime<Utc>,
    today: NaiveDate,
) -> DeadlineInput {
    let mut input = DeadlineInput::new(received, rules.policy);
    input.tz = rules.time_zone;
    input.calendar = rules.calendar.clone();
    input.extensions = extensions.to_vec();
    input.identity_wait = identity_wait.cloned().map(|mut w| {
        w.mode = rules.identity_mode;
        w
    });
    input.identity_settings = rules.identity_settings;
    input.today = today;
    input
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> DeadlineRules {
        DeadlineRules {
            policy: Policy::four_weeks(),
            calendar: Calendar::nl_atw(),
            time_zone: chrono_tz::Europe::Amsterdam,
            identity_mode: WaitMode::default(),
            identity_settings: IdentitySettings::default(),
        }
    }

    #[test]
    fn a_new_deadline_is_what_the_engine_computes_for_its_rules() {
        let received: DateTime<Utc> = "2026-01-30T23:30:00Z".parse().unwrap();
        let deadline = CaseDeadline::new(received, rules());
        // 00:30 in Amsterdam: received on Saturday 31 January.
        let today = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        assert_eq!(deadline.computed.receipt_date, today);
        assert_eq!(deadline.computed, compute(&deadline.input(received, today)));
        assert_eq!(deadline.rules(), rules());
    }

    #[test]
    fn adopting_new_rules_recomputes_and_keeps_the_events() {
        let received: DateTime<Utc> = "2026-03-02T09:00:00Z".parse().unwrap();
        let mut deadline = CaseDeadline::new(received, rules());
        deadline.extensions.push(Extension::weeks(received, 2));
        let today = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
        let gdpr = DeadlineRules {
            policy: Policy::GdprMonth,
            ..rules()
        };
        deadline.adopt(gdpr.clone(), received, today);
        assert_eq!(deadline.rules(), gdpr);
        assert_eq!(deadline.extensions.len(), 1);
        assert_eq!(deadline.computed, compute(&deadline.input(received, today)));
    }
}
