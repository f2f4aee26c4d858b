//! A case's deadline, frozen: the policy, calendar and identity rules it was
//! computed with, the events that move it (extensions, identity wait), and
//! the last result. Changing the configuration later does not move an
//! existing case; `dsrd cases recompute` does, on purpose.

use crate::config::PolicyConfig;
use crate::deadline::{
    compute, Calendar, Deadline, DeadlineInput, Extension, IdentitySettings, IdentityWait, Lang,
    Policy, WaitMode,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The deadline state stored with a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The deadline of a case received at `received` under `policy`.
    pub fn new(received: DateTime<Utc>, policy: &PolicyConfig, tz: chrono_tz::Tz) -> Self {
        let mut frozen = CaseDeadline {
            policy: policy.deadline,
            calendar: policy.calendar.clone(),
            time_zone: tz.name().to_owned(),
            identity_mode: policy.identity_wait,
            identity_settings: policy.identity_settings,
            extensions: Vec::new(),
            identity_wait: None,
            computed: compute(&DeadlineInput::new(received, policy.deadline)),
        };
        frozen.recompute(received, crate::deadline::local_date(received, tz));
        frozen
    }

    /// The engine's input for this case; `today` stands in for an identity
    /// answer that has not arrived yet.
    pub fn input(&self, received: DateTime<Utc>, today: NaiveDate) -> DeadlineInput {
        let mut input = DeadlineInput::new(received, self.policy);
        input.tz = self
            .time_zone
            .parse()
            .unwrap_or(chrono_tz::Europe::Amsterdam);
        input.calendar = self.calendar.clone();
        input.extensions = self.extensions.clone();
        input.identity_wait = self.identity_wait.clone().map(|mut w| {
            w.mode = self.identity_mode;
            w
        });
        input.identity_settings = self.identity_settings;
        input.today = today;
        input
    }

    /// Computes the result again from the frozen rules and the events.
    pub fn recompute(&mut self, received: DateTime<Utc>, today: NaiveDate) {
        self.computed = compute(&self.input(received, today));
    }

    /// Takes new rules (policy, calendar, identity mode) from the
    /// configuration and recomputes: the explicit `dsrd cases recompute`.
    pub fn adopt(
        &mut self,
        policy: &PolicyConfig,
        tz: chrono_tz::Tz,
        received: DateTime<Utc>,
        today: NaiveDate,
    ) {
        self.policy = policy.deadline;
        self.calendar = policy.calendar.clone();
        self.time_zone = tz.name().to_owned();
        self.identity_mode = policy.identity_wait;
        self.identity_settings = policy.identity_settings;
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
