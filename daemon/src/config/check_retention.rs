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
        } else if out.iter().any(|rule| rule.name == name) {
            c.error(
                &key("name"),
                Some(&r.name),
                format!("a second retention rule called {name:?}"),
                "give each [[retention]] entry its own name",
            );
            ok = false;
        }
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
