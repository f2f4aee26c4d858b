//! Checking the sections about how cases are handled: the deadline policy
//! and calendar, reminders to the officer, and classification.

use super::check::Checker;
use super::*;
use crate::identity::MinorRightsModel;
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
        minor_rights: minor_rights(c, raw.minor_rights.as_ref())?,
    })
}

/// `policy.minor_rights`, by the names `dsrd check` and the README use.
fn minor_rights(c: &mut Checker, raw: Option<&super::raw::S>) -> Option<MinorRightsModel> {
    use MinorRightsModel::*;
    let Some(name) = raw else {
        return Some(MinorRightsModel::default());
    };
    let found = [Reglement, Uavg2026]
        .into_iter()
        .find(|m| m.as_str() == name.get_ref());
    if found.is_none() {
        let msg = format!("unknown representation rule {:?}", name.get_ref());
        c.error(
            "policy.minor_rights",
            Some(name),
            msg,
            "use \"reglement\" (parents until 16, the school reglement) or \"uavg-2026\" (the amended Uitvoeringswet AVG: the pupil from 12)",
        );
    }
    found
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

pub(super) fn identity(c: &mut Checker, raw: super::raw::RawIdentity) -> Option<IdentityConfig> {
    let mut ok = true;
    let mut positive = |key: &str, value: Option<u32>, default: u32, hint: &str| match value {
        Some(0) => {
            c.error(key, None, "must be more than 0".into(), hint);
            ok = false;
            default
        }
        Some(v) => v,
        None => default,
    };
    let valid = positive(
        "identity.code_valid_days",
        raw.code_valid_days,
        7,
        "how many days a code mailed to an address on file stays valid (default 7)",
    );
    let attempts = positive(
        "identity.code_attempts",
        raw.code_attempts,
        crate::identity::code::DEFAULT_ATTEMPTS,
        "how many replies a code allows (default 5)",
    );
    let reminder = positive(
        "identity.reminder_after_days",
        raw.reminder_after_days,
        5,
        "after how many days without an answer the requester is reminded (default 5)",
    );
    if valid > 60 {
        c.error(
            "identity.code_valid_days",
            None,
            format!("{valid} days is longer than a request may wait"),
            "at most 60",
        );
        ok = false;
    }
    ok.then_some(IdentityConfig {
        code_validity: chrono::Duration::days(i64::from(valid)),
        code_attempts: attempts,
        reminder_after: chrono::Duration::days(i64::from(reminder)),
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

#[cfg(test)]
mod tests {
    use crate::config::{parse, ConfigError};
    use crate::identity::MinorRightsModel;
    use std::path::Path;

    const BASE: &str = "[organisation]\nname = \"S\"\nreply_address = \"avg@s.example\"\n";
    const REST: &str = "[outgoing]\nkind = \"files\"\npath = \"out\"\n[mailbox]\nkind = \"maildir\"\npath = \"m\"\n";

    fn load(organisation: &str, policy: &str) -> Result<crate::config::Loaded, ConfigError> {
        let text = format!("{BASE}{organisation}{REST}[policy]\n{policy}");
        parse(Path::new("/etc/dsrd/dsrd.toml"), &text, &|_| None)
    }

    #[test]
    fn the_reglement_and_a_private_organisation_are_the_defaults() {
        let config = load("", "").unwrap().config;
        assert_eq!(config.policy.minor_rights, MinorRightsModel::Reglement);
        assert!(!config.bestuursorgaan);
        assert!(config.policy.representation_rule().starts_with("reglement"));
        assert!(config.policy.representation_rule().contains("until 16"));
        assert_eq!(config.policy.representation_caveat(), None);
        assert!(
            config.remedy_rule().contains("district court"),
            "{}",
            config.remedy_rule()
        );
    }

    #[test]
    fn the_amended_act_and_a_public_body_are_read_and_the_act_comes_with_a_caveat() {
        let config = load("bestuursorgaan = true\n", "minor_rights = \"uavg-2026\"\n")
            .unwrap()
            .config;
        assert_eq!(config.policy.minor_rights, MinorRightsModel::Uavg2026);
        assert!(config.bestuursorgaan);
        let rule = config.policy.representation_rule();
        assert!(rule.starts_with("uavg-2026"), "{rule}");
        assert!(
            rule.contains("under 12") && rule.contains("from 12 to 16"),
            "{rule}"
        );
        let caveat = config.policy.representation_caveat().unwrap();
        assert!(caveat.contains("not confirmed in force"), "{caveat}");
        assert!(
            config.remedy_rule().contains("bezwaar"),
            "{}",
            config.remedy_rule()
        );
        let explicit = load("bestuursorgaan = false\n", "minor_rights = \"reglement\"\n")
            .unwrap()
            .config;
        assert_eq!(explicit.policy.minor_rights, MinorRightsModel::Reglement);
        assert!(!explicit.bestuursorgaan);
    }

    #[test]
    fn an_unknown_rule_or_a_flag_that_is_no_boolean_is_refused_with_its_line() {
        // Also the serde name of the model, which is not the documented one.
        for wrong in ["uavg", "uavg2026"] {
            let Err(ConfigError::Invalid(problems)) =
                load("", &format!("minor_rights = \"{wrong}\"\n"))
            else {
                panic!("an unknown model must be refused");
            };
            let p = problems.iter().find(|p| p.key == "policy.minor_rights");
            let p = p.unwrap_or_else(|| panic!("{problems:?}"));
            assert_eq!(p.position.map(|p| p.line), Some(11), "{p}");
            let hint = p.hint.as_deref().unwrap();
            assert!(
                hint.contains("\"reglement\"") && hint.contains("\"uavg-2026\""),
                "{p}"
            );
        }
        let Err(ConfigError::Parse { message, .. }) = load("bestuursorgaan = \"no\"\n", "") else {
            panic!("a string is no boolean");
        };
        assert!(message.contains("line 4"), "{message}");
        assert!(message.contains("bool"), "{message}");
    }
}
