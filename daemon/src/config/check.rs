//! Step two of loading: raw values into checked ones. Every problem is
//! collected (not just the first), each with its key, position and a hint.

use super::raw::{RawConfig, RawOutgoing, S};
use super::*;
use std::time::Duration;

pub(super) struct Checker<'a> {
    file: &'a Path,
    text: &'a str,
    dir: PathBuf,
    problems: Vec<Problem>,
    env: &'a dyn Fn(&str) -> Option<String>,
}

impl Checker<'_> {
    pub(super) fn error(&mut self, key: &str, at: Option<&S>, message: String, hint: &str) {
        let position = at.and_then(|s| Position::of_span(self.text, &s.span()));
        let mut p = Problem::error(self.file, position, key, message);
        if !hint.is_empty() {
            p = p.hint(hint);
        }
        self.problems.push(p);
    }

    pub(super) fn path(&self, value: &str) -> PathBuf {
        self.dir.join(value)
    }

    pub(super) fn required<'s>(
        &mut self,
        key: &str,
        value: &'s Option<S>,
        kind: &S,
    ) -> Option<&'s S> {
        if value.is_none() {
            let msg = format!("is required when kind = {:?}", kind.get_ref());
            self.error(key, Some(kind), msg, "add the key to this section");
        }
        value.as_ref()
    }

    /// Reads a secret from the environment variable named at `key`.
    pub(super) fn secret(&mut self, key: &str, name: Option<&S>) -> Option<SecretString> {
        let name = name?;
        match (self.env)(name.get_ref()) {
            Some(v) if !v.is_empty() => Some(SecretString::new(v)),
            _ => {
                let msg = format!("environment variable {} is not set", name.get_ref());
                let hint = format!("export {}=… before starting dsrd", name.get_ref());
                self.error(key, Some(name), msg, &hint);
                None
            }
        }
    }
}

pub(super) fn check(
    file: &Path,
    text: &str,
    raw: RawConfig,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Loaded, ConfigError> {
    let dir = file
        .parent()
        .map(Path::to_path_buf)
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("."));
    let mut c = Checker {
        file,
        text,
        dir,
        problems: Vec::new(),
        env,
    };
    let organisation = organisation(&mut c, raw.organisation);
    let store = store(&mut c, raw.store);
    let mailboxes = super::check_mailbox::mailboxes(&mut c, raw.mailbox, raw.mailboxes);
    let outgoing = outgoing(&mut c, raw.outgoing);
    let policy = policy(&mut c, raw.policy);
    let reminders = reminders(&mut c, raw.reminders);
    let classify = classify(&mut c, raw.classify);
    let plugins = plugins(&mut c, raw.plugins);
    let (errors, warnings): (Vec<_>, Vec<_>) = std::mem::take(&mut c.problems)
        .into_iter()
        .partition(|p| p.severity == Severity::Error);
    match (
        organisation,
        store,
        mailboxes,
        outgoing,
        policy,
        reminders.zip(classify).zip(plugins),
    ) {
        (
            Some(organisation),
            Some(store),
            Some(mailboxes),
            Some(outgoing),
            Some(policy),
            Some(((reminders, classify), plugins)),
        ) if errors.is_empty() => {
            let config = Config {
                file: file.to_owned(),
                organisation,
                store,
                mailboxes,
                outgoing,
                policy,
                reminders,
                classify,
                plugins,
            };
            Ok(Loaded { config, warnings })
        }
        _ => Err(ConfigError::Invalid(
            errors.into_iter().chain(warnings).collect(),
        )),
    }
}

fn organisation(c: &mut Checker, raw: super::raw::RawOrganisation) -> Option<Organisation> {
    let mut ok = true;
    if raw.name.trim().is_empty() {
        c.error(
            "organisation.name",
            None,
            "is empty".into(),
            "the name letters are signed with",
        );
        ok = false;
    }
    if raw
        .reply_address
        .get_ref()
        .parse::<lettre::Address>()
        .is_err()
    {
        let msg = format!("{:?} is not an e-mail address", raw.reply_address.get_ref());
        c.error(
            "organisation.reply_address",
            Some(&raw.reply_address),
            msg,
            "e.g. \"avg@school.example\"",
        );
        ok = false;
    }
    if let Err(e) = crate::case::check_prefix(raw.reference_prefix.get_ref()) {
        c.error(
            "organisation.reference_prefix",
            Some(&raw.reference_prefix),
            e.to_string(),
            "e.g. \"AVG\"",
        );
        ok = false;
    }
    let time_zone = raw.time_zone.get_ref().parse::<chrono_tz::Tz>();
    if time_zone.is_err() {
        let msg = format!("unknown time zone {:?}", raw.time_zone.get_ref());
        c.error(
            "organisation.time_zone",
            Some(&raw.time_zone),
            msg,
            "a tz database name such as \"Europe/Amsterdam\"",
        );
    }
    let lang = raw.default_language.get_ref().parse::<Lang>();
    if let Err(e) = &lang {
        c.error(
            "organisation.default_language",
            Some(&raw.default_language),
            e.to_string(),
            "",
        );
    }
    Some(Organisation {
        name: raw.name,
        reply_address: raw.reply_address.into_inner(),
        reference_prefix: raw.reference_prefix.into_inner(),
        time_zone: time_zone.ok()?,
        default_language: lang.ok()?,
    })
    .filter(|_| ok)
}

fn store(c: &mut Checker, raw: super::raw::RawStore) -> Option<StoreConfig> {
    let url = raw.url.get_ref();
    if let Some(path) = url.strip_prefix("sqlite:") {
        let path = path.trim_start_matches("//");
        if path.is_empty() {
            c.error(
                "store.url",
                Some(&raw.url),
                "names no file".into(),
                "e.g. \"sqlite:dsrd.sqlite\"",
            );
            return None;
        }
        return Some(StoreConfig::Sqlite { path: c.path(path) });
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let password = c.secret("store.password_env", raw.password_env.as_ref());
        if raw.password_env.is_some() && password.is_none() {
            return None;
        }
        return Some(StoreConfig::Postgres {
            url: url.clone(),
            password,
        });
    }
    let msg = format!("{url:?} is neither a SQLite nor a PostgreSQL URL");
    c.error(
        "store.url",
        Some(&raw.url),
        msg,
        "use \"sqlite:FILE\" or \"postgres://user@host/db\"",
    );
    None
}

fn outgoing(c: &mut Checker, raw: RawOutgoing) -> Option<OutgoingConfig> {
    match raw.kind.get_ref().as_str() {
        "files" => {
            let path = c.required("outgoing.path", &raw.path, &raw.kind)?;
            Some(OutgoingConfig::Files {
                path: c.path(path.get_ref()),
            })
        }
        "smtp" => {
            let host = c
                .required("outgoing.host", &raw.host, &raw.kind)?
                .get_ref()
                .clone();
            let security = match raw.security.as_ref().map(|s| s.get_ref().as_str()) {
                None | Some("starttls") => SmtpSecurity::StartTls,
                Some("tls") => SmtpSecurity::Tls,
                Some("none") => SmtpSecurity::None,
                Some(other) => {
                    let msg = format!("unknown security {other:?}");
                    c.error(
                        "outgoing.security",
                        raw.security.as_ref(),
                        msg,
                        "use \"starttls\", \"tls\" or \"none\"",
                    );
                    return None;
                }
            };
            let port = raw.port.unwrap_or(match security {
                SmtpSecurity::StartTls => 587,
                SmtpSecurity::Tls => 465,
                SmtpSecurity::None => 25,
            });
            let password = c.secret("outgoing.password_env", raw.password_env.as_ref());
            if raw.password_env.is_some() && password.is_none() {
                return None;
            }
            if password.is_some() && raw.username.is_none() {
                c.error(
                    "outgoing.username",
                    Some(&raw.kind),
                    "is required with password_env".into(),
                    "",
                );
                return None;
            }
            Some(OutgoingConfig::Smtp(SmtpConfig {
                host,
                port,
                security,
                username: raw.username,
                password,
                ca_file: raw.ca_file.map(|f| c.path(f.get_ref())),
                timeout: Duration::from_secs(raw.timeout_secs.unwrap_or(30)),
            }))
        }
        other => {
            let msg = format!("unknown outgoing kind {other:?}");
            c.error(
                "outgoing.kind",
                Some(&raw.kind),
                msg,
                "use \"files\" or \"smtp\"",
            );
            None
        }
    }
}

fn policy(c: &mut Checker, raw: super::raw::RawPolicy) -> Option<PolicyConfig> {
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
        let position = Position::of_span(c.text, &raw.deadline.span());
        let p = Problem::error(c.file, position, "policy.deadline", warning)
            .warning()
            .hint(
                "dsrd never promises a date later than the statutory one; the statutory date wins",
            );
        c.problems.push(p);
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

fn reminders(c: &mut Checker, raw: super::raw::RawReminders) -> Option<RemindersConfig> {
    if let Some(address) = &raw.officer_address {
        if address.get_ref().parse::<lettre::Address>().is_err() {
            let msg = format!("{:?} is not an e-mail address", address.get_ref());
            c.error(
                "reminders.officer_address",
                Some(address),
                msg,
                "the privacy officer's address",
            );
            return None;
        }
    }
    let mut days = raw.working_days_before.unwrap_or_else(|| vec![5, 1]);
    days.sort_unstable_by(|a, b| b.cmp(a));
    days.dedup();
    Some(RemindersConfig {
        officer_address: raw.officer_address.map(|a| a.into_inner()),
        working_days_before: days,
        check_interval: Duration::from_secs(raw.check_interval_secs.unwrap_or(60).max(1)),
    })
}

fn classify(c: &mut Checker, raw: super::raw::RawClassify) -> Option<ClassifyConfig> {
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

fn plugins(c: &mut Checker, raw: Vec<super::raw::RawPlugin>) -> Option<Vec<PluginConfig>> {
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
        out.push(PluginConfig {
            name,
            source,
            timeout: Duration::from_secs(p.timeout_secs.unwrap_or(60).max(1)),
            settings,
        });
    }
    ok.then_some(out)
}
