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
    pub(super) env: &'a dyn Fn(&str) -> Option<String>,
    /// The environment variables the file names in its `*_env` keys.
    pub(super) env_used: Vec<String>,
}

impl Checker<'_> {
    pub(super) fn error(&mut self, key: &str, at: Option<&S>, message: String, hint: &str) {
        let p = self.problem(key, at, message, hint);
        self.problems.push(p);
    }

    /// A problem that does not stop the daemon.
    pub(super) fn warning(&mut self, key: &str, at: Option<&S>, message: String, hint: &str) {
        let p = self.problem(key, at, message, hint).warning();
        self.problems.push(p);
    }

    /// An error at a value that is no string (a number, a table), by the
    /// span serde kept for it.
    pub(super) fn error_at<T>(
        &mut self,
        key: &str,
        at: &toml::Spanned<T>,
        message: String,
        hint: &str,
    ) {
        let p = self.problem_at(key, Some(at.span()), message, hint);
        self.problems.push(p);
    }

    /// A problem found in another file than the configuration (a letter
    /// template), already complete.
    pub(super) fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    fn problem(&self, key: &str, at: Option<&S>, message: String, hint: &str) -> Problem {
        self.problem_at(key, at.map(|s| s.span()), message, hint)
    }

    fn problem_at(
        &self,
        key: &str,
        span: Option<std::ops::Range<usize>>,
        message: String,
        hint: &str,
    ) -> Problem {
        let position = span.and_then(|s| Position::of_span(self.text, &s));
        let p = Problem::error(self.file, position, key, message);
        if hint.is_empty() {
            p
        } else {
            p.hint(hint)
        }
    }

    /// Parses the e-mail address at `key`, or reports it with `hint`.
    pub(super) fn address(
        &mut self,
        key: &str,
        raw: &S,
        hint: &str,
    ) -> Option<crate::address::EmailAddress> {
        let parsed = crate::address::EmailAddress::parse(raw.get_ref()).ok();
        if parsed.is_none() {
            let msg = format!("{:?} is not an e-mail address", raw.get_ref());
            self.error(key, Some(raw), msg, hint);
        }
        parsed
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
        self.env_used.push(name.get_ref().clone());
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
        env_used: Vec::new(),
    };
    let bestuursorgaan = raw.organisation.bestuursorgaan;
    let organisation = organisation(&mut c, raw.organisation);
    let store = store(&mut c, raw.store);
    let mailboxes = super::check_mailbox::mailboxes(&mut c, raw.mailbox, raw.mailboxes);
    let outgoing = outgoing(&mut c, raw.outgoing);
    let policy = super::check_policy::policy(&mut c, raw.policy);
    let reminders = super::check_policy::reminders(&mut c, raw.reminders);
    let classify = super::check_policy::classify(&mut c, raw.classify);
    // Taken before the plugins are checked: a manual system may not share a
    // plugin's name even when that plugin's entry has another mistake.
    let plugin_names: Vec<String> = raw
        .plugins
        .iter()
        .map(|p| p.name.get_ref().clone())
        .collect();
    let plugins = super::check_plugins::plugins(&mut c, raw.plugins);
    let letters = super::check_letters::letters(&mut c, raw.letters);
    let identity = super::check_policy::identity(&mut c, raw.identity);
    let officers = super::check_approval::officers(&mut c, raw.officers);
    let approval = super::check_approval::approval(&mut c, raw.approval, officers.as_deref());
    let systems = super::check_systems::systems(&mut c, raw.systems, &plugin_names);
    let system_names: Vec<String> = plugin_names
        .iter()
        .cloned()
        .chain(systems.iter().flatten().map(|s| s.name.clone()))
        .collect();
    let http = super::check_answer::http(&mut c, raw.http);
    let packages = super::check_answer::packages(&mut c, raw.packages);
    let ledger = super::check_ledger::ledger(&mut c, raw.ledger);
    let answer = super::check_answer::answer(&mut c, raw.answer);
    let register = super::check_answer::register(&mut c, raw.register, &system_names);
    let recipients = super::check_answer::recipients(&mut c, raw.recipients);
    let accounts = super::check_accounts::accounts(&mut c, raw.accounts);
    let zone = organisation
        .as_ref()
        .map_or(chrono_tz::UTC, |o: &Organisation| o.time_zone);
    let retention = super::check_retention::retention(&mut c, raw.retention, &plugin_names, zone);
    let digest =
        super::check_digest::digest(&mut c, raw.digest, officers.as_deref(), reminders.as_ref());
    let case_file = super::check_case_file::case_file(&mut c, raw.case_file);
    let (errors, warnings): (Vec<_>, Vec<_>) = std::mem::take(&mut c.problems)
        .into_iter()
        .partition(|p| p.severity == Severity::Error);
    match (
        organisation,
        store,
        mailboxes,
        outgoing,
        policy,
        reminders
            .zip(classify)
            .zip(plugins)
            .zip(letters)
            .zip(identity),
        officers.zip(approval).zip(systems),
        http.zip(packages)
            .zip(ledger)
            .zip(register)
            .zip(recipients)
            .zip(accounts)
            .zip(retention)
            .zip(digest.zip(case_file)),
    ) {
        (
            Some(organisation),
            Some(store),
            Some(mailboxes),
            Some(outgoing),
            Some(policy),
            Some(((((reminders, classify), plugins), letters), identity)),
            Some(((officers, approval), systems)),
            Some((
                ((((((http, packages), ledger), register), recipients), accounts), retention),
                (digest, case_file),
            )),
        ) if errors.is_empty() => {
            let config = Config {
                file: file.to_owned(),
                organisation,
                bestuursorgaan,
                store,
                mailboxes,
                outgoing,
                policy,
                reminders,
                classify,
                plugins,
                letters,
                identity,
                officers,
                approval,
                systems,
                http,
                packages,
                ledger,
                answer,
                register,
                recipients,
                accounts,
                retention,
                digest,
                case_file,
            };
            Ok(Loaded {
                config,
                warnings,
                env_used: std::mem::take(&mut c.env_used),
            })
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
    let reply_address = crate::address::EmailAddress::parse(raw.reply_address.get_ref());
    if reply_address.is_err() {
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
        reply_address: reply_address.ok()?,
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
