//! Checking `[http]`, `[packages]`, `[answer]`, `[[register]]` and
//! `[[recipients]]` (see `answer.rs`).

use super::answer::*;
use super::check::Checker;
use super::raw::{RawAnswer, RawHttp, RawPackages, RawRecipient, RawRegisterEntry, S};
use std::net::SocketAddr;

/// The link's validity unless configured (answers.md §5: 14 days).
const LINK_VALID_DAYS: u32 = 14;
/// Wrong codes before a link is locked, unless configured.
const CODE_TRIES: u32 = 5;
/// Where the master key is looked for unless configured.
pub const DEFAULT_KEY_ENV: &str = "DSRD_PACKAGE_KEY";

pub(super) fn http(c: &mut Checker, raw: Option<RawHttp>) -> Option<Option<HttpConfig>> {
    let Some(raw) = raw else {
        return Some(None);
    };
    let listen = match raw.listen.get_ref().parse::<SocketAddr>() {
        Ok(addr) => Some(addr),
        Err(_) => {
            c.error(
                "http.listen",
                Some(&raw.listen),
                format!("{:?} is not an address and port", raw.listen.get_ref()),
                "e.g. \"127.0.0.1:8470\"; put a reverse proxy with TLS in front of it",
            );
            None
        }
    };
    let url = raw
        .public_url
        .get_ref()
        .trim()
        .trim_end_matches('/')
        .to_owned();
    let url_ok = (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() > "https://".len()
        && !url.contains(char::is_whitespace);
    if !url_ok {
        c.error(
            "http.public_url",
            Some(&raw.public_url),
            format!("{:?} is not an http(s) address", raw.public_url.get_ref()),
            "the address requesters open, e.g. \"https://avg.school.example\"",
        );
    } else if url.starts_with("http://")
        && !(url.starts_with("http://localhost") || url.starts_with("http://127.0.0.1"))
    {
        c.warning(
            "http.public_url",
            Some(&raw.public_url),
            "is plain http: the link's token and the code travel unencrypted".into(),
            "serve the pages behind a reverse proxy with TLS and give its https:// address",
        );
    }
    let days = raw.link_valid_days.unwrap_or(LINK_VALID_DAYS);
    let tries = raw.code_tries.unwrap_or(CODE_TRIES);
    let mut ok = listen.is_some() && url_ok;
    if days == 0 || days > 90 {
        c.error(
            "http.link_valid_days",
            None,
            format!("{days} days"),
            "between 1 and 90 (the default, 14, is what answers.md §5 advises)",
        );
        ok = false;
    }
    if tries == 0 || tries > 20 {
        c.error(
            "http.code_tries",
            None,
            format!("{tries} tries"),
            "between 1 and 20 (default 5)",
        );
        ok = false;
    }
    ok.then(|| {
        Some(HttpConfig {
            listen: listen.expect("checked"),
            public_url: url,
            link_valid: chrono::Duration::days(days.into()),
            delete_after_download: raw.delete_after_download.unwrap_or(true),
            code_tries: tries,
        })
    })
}

pub(super) fn packages(c: &mut Checker, raw: RawPackages) -> Option<PackagesConfig> {
    let dir = c.path(
        raw.dir
            .as_ref()
            .map_or("packages", |d| d.get_ref().as_str()),
    );
    let key_env = raw
        .key_env
        .as_ref()
        .map_or(DEFAULT_KEY_ENV.to_owned(), |k| k.get_ref().clone());
    if key_env.is_empty()
        || !key_env
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
    {
        c.error(
            "packages.key_env",
            raw.key_env.as_ref(),
            format!("{key_env:?} is not an environment variable name"),
            "e.g. \"DSRD_PACKAGE_KEY\"; the key itself never goes in this file",
        );
        return None;
    }
    // The variable is looked at here only to list it as used (so `dsrd
    // check` does not call it unknown); the key is read by the daemon.
    if (c.env)(&key_env).is_some() {
        c.env_used.push(key_env.clone());
    }
    Some(PackagesConfig {
        dir,
        key_env,
        key_file: raw.key_file.map(|f| c.path(f.get_ref())),
    })
}

pub(super) fn answer(c: &mut Checker, raw: RawAnswer) -> AnswerConfig {
    let complaints = raw
        .complaints
        .map(|s| s.get_ref().trim().to_owned())
        .filter(|s| !s.is_empty());
    let _ = c;
    AnswerConfig {
        auto_send: raw.auto_send.unwrap_or(false),
        complaints,
    }
}

fn texts(list: Vec<S>) -> Vec<String> {
    list.into_iter()
        .map(|s| s.into_inner().trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

fn text(value: Option<S>) -> Option<String> {
    value
        .map(|s| s.into_inner().trim().to_owned())
        .filter(|s| !s.is_empty())
}

pub(super) fn register(
    c: &mut Checker,
    raw: Vec<RawRegisterEntry>,
    systems: &[String],
) -> Option<Vec<RegisterEntry>> {
    let mut out: Vec<RegisterEntry> = Vec::new();
    let mut ok = true;
    for (i, r) in raw.into_iter().enumerate() {
        let key = |k: &str| format!("register[{i}].{k}");
        let system = r.system.get_ref().clone();
        if !systems.contains(&system) {
            c.error(
                &key("system"),
                Some(&r.system),
                format!("{system:?} is no [[plugins]] or [[systems]] entry"),
                "name the plugin or manual system this entry describes",
            );
            ok = false;
        } else if out.iter().any(|e| e.system == system) {
            c.error(
                &key("system"),
                Some(&r.system),
                format!("a second register entry for {system:?}"),
                "describe each system once",
            );
            ok = false;
        }
        if r.name.get_ref().trim().is_empty() {
            c.error(
                &key("name"),
                Some(&r.name),
                "is empty".into(),
                "the system in words a parent recognises, e.g. \"Leerlingadministratie\"",
            );
            ok = false;
        }
        if r.purposes.is_empty() {
            c.warning(
                &key("purposes"),
                Some(&r.system),
                "lists no purpose".into(),
                "the access letter must say why the data are processed (art. 15(1)(a))",
            );
        }
        let mut redact = Vec::new();
        for (j, x) in r.redact.into_iter().enumerate() {
            if x.reason.get_ref().trim().is_empty() {
                c.error(
                    &format!("register[{i}].redact[{j}].reason"),
                    Some(&x.reason),
                    "is empty".into(),
                    "the letter says why something was withheld (art. 15(4))",
                );
                ok = false;
            }
            redact.push(Redaction {
                table: x.table.into_inner(),
                column: x.column.into_inner(),
                reason: x.reason.into_inner().trim().to_owned(),
            });
        }
        out.push(RegisterEntry {
            system,
            name: r.name.into_inner().trim().to_owned(),
            purposes: texts(r.purposes),
            legal_bases: texts(r.legal_bases),
            categories: texts(r.categories),
            recipients: texts(r.recipients),
            retention: r
                .retention
                .into_iter()
                .map(|x| (x.category.into_inner(), x.period.into_inner()))
                .collect(),
            source: text(r.source),
            transfers: text(r.transfers),
            automated_decisions: text(r.automated_decisions),
            redact,
        });
    }
    ok.then_some(out)
}

pub(super) fn recipients(c: &mut Checker, raw: Vec<RawRecipient>) -> Option<Vec<RecipientConfig>> {
    let mut out: Vec<RecipientConfig> = Vec::new();
    let mut ok = true;
    for (i, r) in raw.into_iter().enumerate() {
        let key = |k: &str| format!("recipients[{i}].{k}");
        let name = r.name.get_ref().trim().to_owned();
        if name.is_empty() {
            c.error(
                &key("name"),
                Some(&r.name),
                "is empty".into(),
                "the recipient's name, as the plugins report it",
            );
            ok = false;
            continue;
        }
        if out
            .iter()
            .any(|o| recipient_key(&o.name) == recipient_key(&name))
        {
            c.error(
                &key("name"),
                Some(&r.name),
                format!("a second recipient called {name:?}"),
                "list each recipient once",
            );
            ok = false;
            continue;
        }
        let reach = match (&r.email, &r.task) {
            (Some(email), None) => c
                .address(
                    &key("email"),
                    email,
                    "where the notice of a change is mailed",
                )
                .map(RecipientReach::Email),
            (None, Some(task)) if !task.get_ref().trim().is_empty() => {
                let address = match &r.task_address {
                    Some(a) => match c.address(&key("task_address"), a, "who carries out the task")
                    {
                        Some(a) => Some(a),
                        None => {
                            ok = false;
                            None
                        }
                    },
                    None => None,
                };
                Some(RecipientReach::Task {
                    instructions: task.get_ref().trim().to_owned(),
                    address,
                })
            }
            _ => {
                c.error(
                    &key("email"),
                    Some(&r.name),
                    "give either `email` or `task`".into(),
                    "email = \"privacy@recipient.example\", or task = \"Meld de wijziging in het DUO-portaal\" for a body reached through its own portal",
                );
                None
            }
        };
        match reach {
            Some(reach) => out.push(RecipientConfig { name, reach }),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

#[cfg(test)]
mod tests {
    use crate::config::{parse, ConfigError, Loaded, Problem, RecipientReach};
    use std::path::Path;

    const BASE: &str = "[organisation]\nname = \"S\"\nreply_address = \"avg@s.example\"\n[outgoing]\nkind = \"files\"\npath = \"out\"\n[mailbox]\nkind = \"maildir\"\npath = \"m\"\n[[plugins]]\nname = \"sql\"\nbuiltin = \"sql\"\n";

    fn load(sections: &str) -> Result<Loaded, ConfigError> {
        parse(
            Path::new("/etc/dsrd/dsrd.toml"),
            &format!("{BASE}{sections}"),
            &|_| None,
        )
    }

    fn problems(sections: &str) -> Vec<Problem> {
        match load(sections) {
            Err(ConfigError::Invalid(p)) => p,
            other => panic!("expected problems, got {other:?}"),
        }
    }

    #[test]
    fn the_answer_sections_are_read_with_their_defaults() {
        let config = load(
            "[http]\nlisten = \"127.0.0.1:8470\"\npublic_url = \"https://avg.s.example/\"\n\
             [[register]]\nsystem = \"sql\"\nname = \"Leerlingadministratie\"\npurposes = [\"onderwijs\"]\n\
             recipients = [\"DUO\"]\nretention = [{ category = \"dossier\", period = \"2 jaar\" }]\n\
             redact = [{ table = \"care_notes\", column = \"author_id\", reason = \"andermans gegeven\" }]\n\
             [[recipients]]\nname = \"DUO\"\ntask = \"Via het portaal\"\n\
             [[recipients]]\nname = \"GGD\"\nemail = \"jgz@ggd.example\"\n",
        )
        .unwrap()
        .config;
        let http = config.http.as_ref().unwrap();
        assert_eq!(http.public_url, "https://avg.s.example");
        assert_eq!(http.link_valid, chrono::Duration::days(14));
        assert!(http.delete_after_download);
        assert_eq!(http.code_tries, 5);
        assert_eq!(config.packages.dir, Path::new("/etc/dsrd/packages"));
        assert_eq!(config.packages.key_env, "DSRD_PACKAGE_KEY");
        assert!(!config.answer.auto_send);
        let entry = config.register_for("sql").unwrap();
        assert_eq!(entry.retention, vec![("dossier".into(), "2 jaar".into())]);
        assert_eq!(entry.redact[0].column, "author_id");
        assert!(matches!(
            config.recipient(" duo ").unwrap().reach,
            RecipientReach::Task { .. }
        ));
        assert!(matches!(
            config.recipient("GGD").unwrap().reach,
            RecipientReach::Email(_)
        ));
        assert!(config.recipient("Cito").is_none());
    }

    #[test]
    fn wrong_answer_sections_are_reported_with_their_keys() {
        let p = problems(
            "[http]\nlisten = \"localhost\"\npublic_url = \"avg.s.example\"\n\
             [[register]]\nsystem = \"magister\"\nname = \"\"\n\
             [[recipients]]\nname = \"DUO\"\n\
             [[recipients]]\nname = \"GGD\"\nemail = \"not an address\"\n",
        );
        let keys: Vec<&str> = p.iter().map(|p| p.key.as_str()).collect();
        for key in [
            "http.listen",
            "http.public_url",
            "register[0].system",
            "register[0].name",
            "recipients[0].email",
            "recipients[1].email",
        ] {
            assert!(keys.contains(&key), "no problem at {key}: {keys:?}");
        }
    }

    #[test]
    fn plain_http_to_another_host_is_a_warning() {
        let loaded =
            load("[http]\nlisten = \"0.0.0.0:80\"\npublic_url = \"http://avg.s.example\"\n")
                .unwrap();
        assert!(loaded.warnings.iter().any(|w| w.key == "http.public_url"));
    }
}
