//! Checking the sections about how cases are handled: the deadline policy
//! and calendar, reminders to the officer, and classification.

use super::check::Checker;
use super::*;
use std::time::Duration;

pub(super) fn policy(c: &mut Checker, raw: super::raw::RawPolicy) -> Option<PolicyConfig> {
    use crate::deadline::{parse_closure_days, warn_if_policy_later_than_statutory};
    let deadline: Option<Policy> = match raw.deadline.get_ref().parse() {
        Ok(p) => Some(p),
        Err(e) => {
            let hint =
                "use \"four-weeks\", \"gdpr-month\" or a number of days or weeks such as \"20d\"";
            c.error("policy.deadline", Some(&raw.deadline), format!("{e}"), hint);
            None
        }
    };
    if let Some(warning) = deadline
        .as_ref()
        .and_then(warn_if_policy_later_than_statutory)
    {
        let hint =
            "dsrd never promises a date later than the statutory one; the statutory date wins";
        c.warning("policy.deadline", Some(&raw.deadline), warning, hint);
    }
    let mut equated = Vec::new();
    for day in &raw.equated_days {
        match chrono::NaiveDate::parse_from_str(day.get_ref(), "%Y-%m-%d") {
            Ok(d) => equated.push(d),
            Err(_) => c.error(
                "policy.equated_days",
                Some(day),
                format!("{:?} is not a date", day.get_ref()),
                "write YYYY-MM-DD",
            ),
        }
    }
    let mut calendar = Calendar::nl_atw()
        .with_good_friday(raw.good_friday)
        .with_equated_days(equated);
    if let Some(file) = &raw.closures_file {
        let path = c.path(file.get_ref());
        match std::fs::read_to_string(&path) {
            Ok(text) => match parse_closure_days(&text) {
                Ok(days) => calendar = calendar.with_closures(days),
                Err(e) => c.error(
                    "policy.closures_file",
                    Some(file),
                    format!("{}: {e}", path.display()),
                    "one YYYY-MM-DD [name] per line",
                ),
            },
            Err(e) => c.error(
                "policy.closures_file",
                Some(file),
                format!("cannot read {}: {e}", path.display()),
                "",
            ),
        }
    }
    let identity_wait = match raw.identity_wait.as_ref().map(|s| s.get_ref().as_str()) {
        None | Some("pause") => WaitMode::Pause,
        Some("restart") => WaitMode::Restart,
        Some("none") => WaitMode::None,
        Some(other) => {
            let msg = format!("unknown identity wait mode {other:?}");
            c.error(
                "policy.identity_wait",
                raw.identity_wait.as_ref(),
                msg,
                "use \"pause\", \"restart\" or \"none\"",
            );
            WaitMode::Pause
        }
    };
    let mut identity_settings = IdentitySettings::default();
    if let Some(days) = raw.max_ask_delay_days {
        identity_settings.max_ask_delay_days = days;
    }
    Some(PolicyConfig {
        deadline: deadline?,
        calendar,
        identity_wait,
        identity_settings,
    })
}

pub(super) fn reminders(c: &mut Checker, raw: super::raw::RawReminders) -> Option<RemindersConfig> {
    let officer_address = match &raw.officer_address {
        None => None,
        Some(address) => match crate::address::EmailAddress::parse(address.get_ref()) {
            Ok(parsed) => Some(parsed),
            Err(_) => {
                let msg = format!("{:?} is not an e-mail address", address.get_ref());
                c.error(
                    "reminders.officer_address",
                    Some(address),
                    msg,
                    "the privacy officer's address",
                );
                return None;
            }
        },
    };
    let mut days = raw.working_days_before.unwrap_or_else(|| vec![5, 1]);
    days.sort_unstable_by(|a, b| b.cmp(a));
    days.dedup();
    Some(RemindersConfig {
        officer_address,
        working_days_before: days,
        check_interval: Duration::from_secs(raw.check_interval_secs.unwrap_or(60).max(1)),
    })
}

pub(super) fn classify(c: &mut Checker, raw: super::raw::RawClassify) -> Option<ClassifyConfig> {
    let rules_dir = raw.rules_dir.as_ref().map(|dir| c.path(dir.get_ref()));
    if let (Some(dir), Some(at)) = (&rules_dir, &raw.rules_dir) {
        if !dir.is_dir() {
            let msg = format!("{} is not a folder", dir.display());
            c.error(
                "classify.rules_dir",
                Some(at),
                msg,
                "a folder of <language>*.toml rule files, e.g. nl-school.toml",
            );
            return None;
        }
    }
    let triage_below = raw.triage_below.unwrap_or(0.5);
    if !(0.0..=1.0).contains(&triage_below) {
        c.error(
            "classify.triage_below",
            None,
            format!("{triage_below} is not between 0 and 1"),
            "e.g. 0.5",
        );
        return None;
    }
    Some(ClassifyConfig {
        rules_dir,
        triage_below,
    })
}
