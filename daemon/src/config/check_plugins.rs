//! Checking the `[[plugins]]` entries.

use super::check::Checker;
use super::*;
use std::time::Duration;

pub(super) fn plugins(
    c: &mut Checker,
    raw: Vec<super::raw::RawPlugin>,
) -> Option<Vec<PluginConfig>> {
    let mut out = Vec::new();
    let mut ok = true;
    for (i, p) in raw.into_iter().enumerate() {
        let key = |k: &str| format!("plugins[{i}].{k}");
        let name = p.name.get_ref().clone();
        let valid_name = !name.is_empty()
            && name
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_');
        if !valid_name {
            c.error(
                &key("name"),
                Some(&p.name),
                format!("{name:?} is not a plugin name"),
                "letters, digits, - and _",
            );
            ok = false;
        }
        if out.iter().any(|o: &PluginConfig| o.name == name) {
            c.error(
                &key("name"),
                Some(&p.name),
                format!("a second plugin called {name:?}"),
                "give each [[plugins]] entry its own name",
            );
            ok = false;
        }
        let in_process = match p.isolation.as_ref().map(|s| s.get_ref().as_str()) {
            None | Some("process") => false,
            Some("in-process") => true,
            Some(other) => {
                let msg = format!("unknown isolation {other:?}");
                c.error(
                    &key("isolation"),
                    p.isolation.as_ref(),
                    msg,
                    "\"process\" (default) or \"in-process\" for a trusted plugin",
                );
                ok = false;
                false
            }
        };
        let source = match (&p.builtin, &p.library) {
            (Some(b), None) => {
                if p.isolation.is_some() {
                    c.error(
                        &key("isolation"),
                        p.isolation.as_ref(),
                        "applies to libraries only".into(),
                        "a built-in always runs in-process",
                    );
                    ok = false;
                }
                PluginSource::Builtin(b.get_ref().clone())
            }
            (None, Some(l)) => PluginSource::Library {
                path: c.path(l.get_ref()),
                in_process,
            },
            _ => {
                let msg = "needs exactly one of `builtin` or `library`".to_owned();
                c.error(
                    &key("name"),
                    Some(&p.name),
                    msg,
                    "builtin = \"sql\", or library = \"path/to/libplugin.so\"",
                );
                ok = false;
                continue;
            }
        };
        let settings = match p.settings {
            Some(table) => match serde_json::to_value(table) {
                Ok(v) => v,
                Err(e) => {
                    c.error(&key("settings"), None, e.to_string(), "");
                    ok = false;
                    continue;
                }
            },
            None => serde_json::json!({}),
        };
        let mut env = Vec::new();
        for (j, var) in p.env.iter().enumerate() {
            let v = var.get_ref();
            let valid = !v.is_empty()
                && !v.starts_with(|ch: char| ch.is_ascii_digit())
                && v.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_');
            if !valid {
                c.error(
                    &key(&format!("env[{j}]")),
                    Some(var),
                    format!("{v:?} is not an environment variable name"),
                    "letters, digits and _, e.g. \"SCHOOL_DB_PASSWORD\"",
                );
                ok = false;
            } else if !matches!(
                source,
                PluginSource::Library {
                    in_process: false,
                    ..
                }
            ) {
                c.error(
                    &key(&format!("env[{j}]")),
                    Some(var),
                    "applies to plugins in a plugin host only".into(),
                    "a built-in or in-process plugin runs inside dsrd and sees its environment",
                );
                ok = false;
            } else {
                env.push(v.clone());
            }
        }
        out.push(PluginConfig {
            name,
            source,
            timeout: Duration::from_secs(p.timeout_secs.unwrap_or(60).max(1)),
            env,
            settings,
            special_tables: p.special_tables.clone(),
        });
    }
    ok.then_some(out)
}
