//! Checking the `[[retention]]` entries: unique names, a configured
//! plugin, a five-field schedule and a known time zone.

use super::check::Checker;
use super::raw::RawRetentionRule;
use super::RetentionRule;
use crate::retention::Schedule;

pub(super) fn retention(
    c: &mut Checker,
    raw: Vec<RawRetentionRule>,
    plugin_names: &[String],
    default_zone: chrono_tz::Tz,
) -> Option<Vec<RetentionRule>> {
    let mut out: Vec<RetentionRule> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut ok = true;
    for (i, r) in raw.into_iter().enumerate() {
        let key = |k: &str| format!("retention[{i}].{k}");
        let name = r.name.get_ref().trim().to_owned();
        let valid_name = !name.is_empty()
            && name
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_');
        if !valid_name {
            c.error(
                &key("name"),
                Some(&r.name),
                format!("{name:?} is not a rule name"),
                "letters, digits, - and _, e.g. \"cultuurdag\": `dsrd retention run NAME` uses it",
            );
            ok = false;
        } else if names.contains(&name) {
            c.error(
                &key("name"),
                Some(&r.name),
                format!("a second retention rule called {name:?}"),
                "give each [[retention]] entry its own name",
            );
            ok = false;
        }
        names.push(name.clone());
        let plugin = r.plugin.get_ref().clone();
        if !plugin_names.contains(&plugin) {
            c.error(
                &key("plugin"),
                Some(&r.plugin),
                format!("no [[plugins]] entry is called {plugin:?}"),
                "name the plugin whose purge_expired the rule runs, as its [[plugins]] entry's `name`",
            );
            ok = false;
        }
        let time_zone = match &r.time_zone {
            None => Some(default_zone),
            Some(zone) => match zone.get_ref().parse::<chrono_tz::Tz>() {
                Ok(tz) => Some(tz),
                Err(_) => {
                    c.error(
                        &key("time_zone"),
                        Some(zone),
                        format!("unknown time zone {:?}", zone.get_ref()),
                        "a tz database name such as \"Europe/Amsterdam\", or leave it out for organisation.time_zone",
                    );
                    None
                }
            },
        };
        let cron = r.schedule.get_ref().trim().to_owned();
        let schedule = time_zone.and_then(|tz| match Schedule::parse(&cron, tz) {
            Ok(schedule) => Some(schedule),
            Err(e) => {
                c.error(
                    &key("schedule"),
                    Some(&r.schedule),
                    e.to_string(),
                    "e.g. \"0 2 * * *\" for every day at 02:00",
                );
                None
            }
        });
        let description = r.description.get_ref().trim().to_owned();
        if description.is_empty() {
            c.error(
                &key("description"),
                Some(&r.description),
                "is empty".into(),
                "say what the rule removes, e.g. \"enrolments the day after their event\"",
            );
            ok = false;
        }
        match (schedule, time_zone) {
            (Some(schedule), Some(time_zone)) if ok => out.push(RetentionRule {
                name,
                plugin,
                schedule,
                cron,
                time_zone,
                description,
            }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

#[cfg(test)]
mod tests {
    use crate::config::{parse, ConfigError, Loaded, Problem};
    use std::path::Path;

    const BASE: &str = "[organisation]\nname = \"S\"\nreply_address = \"avg@s.example\"\ntime_zone = \"Europe/Amsterdam\"\n[outgoing]\nkind = \"files\"\npath = \"out\"\n[mailbox]\nkind = \"maildir\"\npath = \"m\"\n[[plugins]]\nname = \"events\"\nbuiltin = \"sql\"\n";

    fn load(sections: &str) -> Result<Loaded, ConfigError> {
        parse(
            Path::new("/etc/dsrd/dsrd.toml"),
            &format!("{BASE}{sections}"),
            &|_| None,
        )
    }

    fn rule(name: &str, plugin: &str, schedule: &str, extra: &str) -> String {
        format!(
            "[[retention]]\nname = \"{name}\"\nplugin = \"{plugin}\"\nschedule = \"{schedule}\"\n\
             description = \"the day after the event\"\n{extra}"
        )
    }

    fn problems(sections: &str) -> Vec<Problem> {
        match load(sections) {
            Err(ConfigError::Invalid(p)) => p,
            other => panic!("expected problems, got {other:?}"),
        }
    }

    #[test]
    fn a_rule_is_read_in_the_organisations_zone_unless_it_names_its_own() {
        let config = load(&format!(
            "{}{}",
            rule("cultuurdag", "events", "0 2 * * *", ""),
            rule("utc", "events", "30 2 * * MON", "time_zone = \"UTC\"\n")
        ))
        .unwrap()
        .config;

        let first = config.retention_rule("cultuurdag").unwrap();
        assert_eq!(first.plugin, "events");
        assert_eq!(first.time_zone, chrono_tz::Europe::Amsterdam);
        assert_eq!(first.cron, "0 2 * * *");
        assert_eq!(
            config.retention_rule("utc").unwrap().time_zone,
            chrono_tz::UTC
        );
    }

    #[test]
    fn each_mistake_is_named_by_its_key() {
        let found = problems(&format!(
            "{}{}{}{}",
            rule("a", "nope", "0 2 * *", ""),
            rule("a", "events", "0 2 * * *", "time_zone = \"Mars/Olympus\"\n"),
            rule("b c", "events", "0 2 * * *", ""),
            "[[retention]]\nname = \"d\"\nplugin = \"events\"\nschedule = \"0 2 * * *\"\ndescription = \" \"\n",
        ));
        let keys: Vec<&str> = found.iter().map(|p| p.key.as_str()).collect();
        for key in [
            "retention[0].plugin",
            "retention[0].schedule",
            "retention[1].name",
            "retention[1].time_zone",
            "retention[2].name",
            "retention[3].description",
        ] {
            assert!(keys.contains(&key), "{key} not in {keys:?}");
        }
        let unknown = load("[[retention]]\nname = \"x\"\nplugin = \"events\"\nschedule = \"0 2 * * *\"\ndescription = \"d\"\nwhen = \"daily\"\n");
        let Err(ConfigError::Parse { message, .. }) = unknown else {
            panic!("{unknown:?}")
        };
        assert!(message.contains("unknown field `when`"), "{message}");
    }
}
