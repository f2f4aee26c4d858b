//! Configuration: the TOML file is first parsed as written (`raw`), with
//! unknown keys rejected and errors carrying line and column, and then checked
//! into a [`Config`] whose values are all valid (`check`).

mod accounts;
mod answer;
mod approval;
mod case_file;
mod check;
mod check_accounts;
mod check_answer;
mod check_approval;
mod check_case_file;
mod check_digest;
mod check_ledger;
mod check_letters;
mod check_mailbox;
mod check_plugins;
mod check_policy;
mod check_retention;
mod check_systems;
mod digest;
mod mailbox;
mod problem;
mod raw;
mod retention;
mod secret;
mod systems;

pub use accounts::AccountsConfig;
pub use answer::{
    recipient_key, AnswerConfig, HttpConfig, PackagesConfig, RecipientConfig, RecipientReach,
    Redaction, RegisterEntry,
};
pub use approval::{ApprovalConfig, OfficerConfig, OfficerError, OfficerRole};
pub use case_file::{CaseFileConfig, RetentionPeriod};
pub use check_answer::DEFAULT_KEY_ENV;
pub use check_ledger::{LedgerConfig, DEFAULT_LEDGER_KEY_ENV};
pub use digest::{DigestConfig, DigestRecipients, DEFAULT_DIGEST_TIME};
pub use mailbox::{ImapAuth, ImapConfig, ImapSecurity, MailboxConfig, MailboxSource};
pub use problem::{Position, Problem, Severity};
pub use retention::RetentionRule;
pub use secret::SecretString;
pub use systems::ManualSystem;

use crate::deadline::{Calendar, IdentitySettings, Policy, WaitMode};
use crate::lang::Lang;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A checked configuration. Relative paths in the file are resolved against
/// the file's own directory, so the daemon behaves the same from any cwd.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from.
    pub file: PathBuf,
    /// Who answers the requests.
    pub organisation: Organisation,
    /// `organisation.bestuursorgaan`: the organisation is a public body
    /// (bestuursorgaan), so its answer to a request is an Awb besluit open to
    /// bezwaar (UAVG art. 34); otherwise a refusal names the petition to the
    /// district court (UAVG art. 35). Kept beside [`Organisation`] rather
    /// than in it because only refusal letters read it and `Organisation` is
    /// built by hand in many tests.
    pub bestuursorgaan: bool,
    /// Where cases live.
    pub store: StoreConfig,
    /// Where requests arrive: one or more mailboxes (`[mailbox]` or
    /// `[[mailboxes]]`), each watched by its own intake task.
    pub mailboxes: Vec<MailboxConfig>,
    /// How answers leave.
    pub outgoing: OutgoingConfig,
    /// Deadline policy.
    pub policy: PolicyConfig,
    /// Reminders to the privacy officer.
    pub reminders: RemindersConfig,
    /// Classification of requests.
    pub classify: ClassifyConfig,
    /// The plugins that reach the school systems.
    pub plugins: Vec<PluginConfig>,
    /// The letters dsrd writes: the built-in templates with the
    /// organisation's overrides from `letters.dir`, compiled and checked.
    pub letters: crate::answer::Letters,
    /// How identity is checked by a code to an address on file.
    pub identity: IdentityConfig,
    /// The people a command may act as (`--as NAME`), with their roles:
    /// the officers who approve plans, until the HTTP API brings accounts.
    pub officers: Vec<OfficerConfig>,
    /// What needs whose approval: four eyes for erasure, and the request
    /// types that run without one.
    pub approval: ApprovalConfig,
    /// School systems without an API, whose part of a request a person
    /// carries out by hand.
    pub systems: Vec<ManualSystem>,
    /// The requester-facing web pages; without them no package can be
    /// offered.
    pub http: Option<HttpConfig>,
    /// Where sealed packages are kept and where their key comes from.
    pub packages: PackagesConfig,
    /// Where the erasure ledger's key comes from.
    pub ledger: LedgerConfig,
    /// How answers go out.
    pub answer: AnswerConfig,
    /// The processing register, per system.
    pub register: Vec<RegisterEntry>,
    /// The recipients of the data and how each is told of a change.
    pub recipients: Vec<RecipientConfig>,
    /// Login sessions and lock-out of the officers' accounts.
    pub accounts: AccountsConfig,
    /// Retention rules: a plugin's purge on a schedule.
    pub retention: Vec<RetentionRule>,
    /// The officers' daily digest: when, to whom, on or off.
    pub digest: DigestConfig,
    /// How long a finished case keeps its personal data.
    pub case_file: CaseFileConfig,
}

impl Config {
    /// The retention rule called `name`.
    pub fn retention_rule(&self, name: &str) -> Option<&RetentionRule> {
        self.retention.iter().find(|r| r.name == name)
    }
}

/// `[identity]`: the one-time code to an address on file, and how long
/// dsrd waits for it (answers.md §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdentityConfig {
    /// How long a code stays valid.
    pub code_validity: chrono::Duration,
    /// How many replies a code allows.
    pub code_attempts: u32,
    /// After how long without an answer the requester is reminded once.
    pub reminder_after: chrono::Duration,
}

impl Default for IdentityConfig {
    fn default() -> Self {
        IdentityConfig {
            code_validity: crate::identity::code::DEFAULT_VALIDITY,
            code_attempts: crate::identity::code::DEFAULT_ATTEMPTS,
            reminder_after: chrono::Duration::days(5),
        }
    }
}

impl Config {
    /// The deadline rules a case received now is frozen with: the policy
    /// section in the organisation's time zone.
    pub fn deadline_rules(&self) -> crate::case::DeadlineRules {
        crate::case::DeadlineRules {
            policy: self.policy.deadline,
            calendar: self.policy.calendar.clone(),
            time_zone: self.organisation.time_zone,
            identity_mode: self.policy.identity_wait,
            identity_settings: self.policy.identity_settings,
        }
    }

    /// The judicial remedy refusals name, in words for `dsrd check`.
    pub fn remedy_rule(&self) -> &'static str {
        if self.bestuursorgaan {
            "bezwaar under the Awb, the answer being a besluit (UAVG art. 34; organisation.bestuursorgaan = true)"
        } else {
            "a petition (verzoekschrift) to the district court within six weeks, no lawyer needed (UAVG art. 35; organisation.bestuursorgaan = false)"
        }
    }
}

/// One `[[plugins]]` entry.
#[derive(Debug, Clone)]
pub struct PluginConfig {
    /// The name dsrd knows it by (unique).
    pub name: String,
    /// Where its code comes from.
    pub source: PluginSource,
    /// How long one call may take before the plugin host is killed.
    pub timeout: Duration,
    /// The environment variables handed to the plugin host process
    /// (`env = ["SCHOOL_DB_PASSWORD"]`). The host starts with an otherwise
    /// cleared environment, so the daemon's own secrets never reach a
    /// third-party library; a plugin that needs one is given it by name.
    pub env: Vec<String>,
    /// The `[plugins.settings]` table, passed to the plugin as JSON. Relative
    /// paths in it are the plugin's business; dsrd passes them as written.
    pub settings: serde_json::Value,
    /// `special_tables`: the plugin's tables that hold special-category
    /// data (GDPR art. 9: care notes, health): a plan that touches them is
    /// flagged, and needs an identity checked by a code or in person.
    pub special_tables: Vec<String>,
}

/// Where a plugin's code comes from.
#[derive(Debug, Clone)]
pub enum PluginSource {
    /// A bundled plugin linked into dsrd.
    Builtin(String),
    /// A `cdylib` file.
    Library {
        /// The library file.
        path: PathBuf,
        /// Loaded into the daemon itself (`isolation = "in-process"`),
        /// instead of into a plugin host process.
        in_process: bool,
    },
}

/// Classification settings.
#[derive(Debug, Clone)]
pub struct ClassifyConfig {
    /// The officer's rule files, added to the built-in rules.
    pub rules_dir: Option<PathBuf>,
    /// A request classified with less confidence than this goes to triage.
    pub triage_below: f32,
}

impl ClassifyConfig {
    /// Compiles the built-in rules plus the officer's files. Done by the
    /// commands that classify (and by `run` and `check-config` at start-up,
    /// so a bad rule file stops them with its name), not by every command:
    /// compiling takes a noticeable fraction of a second.
    pub fn load_rules(&self) -> Result<crate::classify::Rules, crate::classify::RulesError> {
        match &self.rules_dir {
            None => Ok(crate::classify::Rules::embedded()),
            Some(dir) => crate::classify::Rules::load_dir(dir),
        }
    }
}

/// The organisation (the controller) in whose name dsrd answers.
#[derive(Debug, Clone)]
pub struct Organisation {
    /// Name shown in letters.
    pub name: String,
    /// The mailbox address requests are sent to and answers come from.
    pub reply_address: crate::address::EmailAddress,
    /// Prefix of case references, e.g. `AVG`.
    pub reference_prefix: String,
    /// The time zone in which a receipt date is judged.
    pub time_zone: chrono_tz::Tz,
    /// Letter language when a request's language is not Dutch or English.
    pub default_language: Lang,
}

/// The store.
#[derive(Debug, Clone)]
pub enum StoreConfig {
    /// An embedded SQLite file, created on first start.
    Sqlite {
        /// The database file.
        path: PathBuf,
    },
    /// A PostgreSQL server.
    Postgres {
        /// The connection URL (without the password when `password_env` is used).
        url: String,
        /// The password, read from the environment variable the file names.
        password: Option<SecretString>,
    },
}

/// How outgoing mail is delivered.
#[derive(Debug, Clone)]
pub enum OutgoingConfig {
    /// Written as `.eml` files into a folder (the embedded default).
    Files {
        /// The outbox folder.
        path: PathBuf,
    },
    /// Sent to an SMTP server.
    Smtp(SmtpConfig),
}

/// How the SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// STARTTLS on the submission port (587).
    StartTls,
    /// Implicit TLS (465).
    Tls,
    /// No TLS at all: for a relay on the same host only.
    None,
}

/// An SMTP server.
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    /// Host name (also checked against the certificate).
    pub host: String,
    /// Port; defaults follow the security mode.
    pub port: u16,
    /// TLS mode.
    pub security: SmtpSecurity,
    /// Login name, when the server wants AUTH.
    pub username: Option<String>,
    /// Password for AUTH, from the environment variable the file names.
    pub password: Option<SecretString>,
    /// Extra CA certificate (PEM) to trust, for a private CA.
    pub ca_file: Option<PathBuf>,
    /// How long one delivery attempt may take.
    pub timeout: Duration,
}

/// Deadline settings. A case freezes the policy and calendar it was
/// computed with; changing these later moves only new cases (and cases an
/// officer recomputes).
#[derive(Debug, Clone)]
pub struct PolicyConfig {
    /// The answer policy for new cases.
    pub deadline: Policy,
    /// Holidays, opt-in equated days and closure days.
    pub calendar: Calendar,
    /// How an identity wait moves the clock.
    pub identity_wait: WaitMode,
    /// Limits on the identity wait.
    pub identity_settings: IdentitySettings,
    /// `policy.minor_rights`: who acts for a pupil (see
    /// [`crate::identity::may_act`]).
    pub minor_rights: crate::identity::MinorRightsModel,
}

impl PolicyConfig {
    /// The representation rule in force, in words an officer understands,
    /// for `dsrd check`.
    pub fn representation_rule(&self) -> &'static str {
        use crate::identity::MinorRightsModel::*;
        match self.minor_rights {
            Reglement => "reglement — parents with parental authority act for a pupil until 16; from 16 the pupil decides",
            Uavg2026 => "uavg-2026 — under 12 the parents with parental authority act; from 12 to 16 the pupil may act alone and the parents may too; from 16 the pupil decides",
        }
    }

    /// What an officer must confirm before relying on the rule in force.
    pub fn representation_caveat(&self) -> Option<&'static str> {
        use crate::identity::MinorRightsModel::*;
        match self.minor_rights {
            Reglement => None,
            // Our only text of the amended act is a third-party extract of
            // the consolidation; until a lawyer has seen the official text
            // in force, the organisation relies on it at its own risk.
            Uavg2026 => Some(
                "the amended Uitvoeringswet AVG (art. 5(4), Stb. 2026-154) is not confirmed in force; have its official text checked before relying on it, or use policy.minor_rights = \"reglement\"",
            ),
        }
    }
}

/// Reminders to the privacy officer about approaching and passed deadlines.
#[derive(Debug, Clone)]
pub struct RemindersConfig {
    /// Where reminders go; none are sent without it.
    pub officer_address: Option<crate::address::EmailAddress>,
    /// Remind when a case is due within this many working days (e.g. 5 and 1).
    pub working_days_before: Vec<u32>,
    /// How often the scheduler looks.
    pub check_interval: Duration,
}

/// Why a configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read configuration file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has an unknown or mistyped key.
    #[error("error: {path}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The TOML parser's message, with line and column.
        message: String,
    },
    /// Values are wrong or do not fit together.
    #[error("{}", render_problems(.0))]
    Invalid(Vec<Problem>),
}

fn render_problems(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A loaded configuration and the warnings found while checking it.
#[derive(Debug)]
pub struct Loaded {
    /// The configuration.
    pub config: Config,
    /// Problems that do not stop the daemon.
    pub warnings: Vec<Problem>,
    /// The environment variables the file names in its `*_env` keys.
    pub env_used: Vec<String>,
}

/// Variables dsrd itself reads, besides those a configuration names.
const KNOWN_ENV: [&str; 3] = ["DSRD_CONFIG", "DSRD_LOG", "DSRD_CLOCK_FILE"];
/// Families of variables for the test suite and the benchmarks.
const KNOWN_ENV_PREFIXES: [&str; 2] = ["DSRD_TEST_", "DSRD_BENCH_"];

/// A warning for each `DSRD_*` variable in `names` that nothing reads: most
/// often a misspelt name, and then a setting silently not in force.
pub fn unknown_environment(
    file: &Path,
    names: impl IntoIterator<Item = String>,
    used: &[String],
) -> Vec<Problem> {
    let mut unknown: Vec<String> = names
        .into_iter()
        .filter(|n| n.starts_with("DSRD_"))
        .filter(|n| {
            !KNOWN_ENV.contains(&n.as_str()) && !KNOWN_ENV_PREFIXES.iter().any(|p| n.starts_with(p))
        })
        .filter(|n| !used.contains(n))
        .collect();
    unknown.sort();
    unknown
        .into_iter()
        .map(|name| {
            Problem::error(file, None, "environment", format!("{name} is set but dsrd does not read it"))
                .warning()
                .hint("a misspelt name? dsrd reads DSRD_CONFIG, DSRD_LOG, DSRD_CLOCK_FILE and the variables this file names in its *_env keys")
        })
        .collect()
}

/// Reads, parses and checks the file at `path`.
pub fn load(path: &Path) -> Result<Loaded, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_owned(),
        source,
    })?;
    let mut loaded = parse(path, &text, &|name| std::env::var(name).ok())?;
    let names = std::env::vars_os().filter_map(|(k, _)| k.into_string().ok());
    let unknown = unknown_environment(path, names, &loaded.env_used);
    loaded.warnings.extend(unknown);
    Ok(loaded)
}

/// Parses and checks `text` as if read from `path`; `env` looks up environment
/// variables (injected so tests need not touch the process environment).
pub fn parse(
    path: &Path,
    text: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Loaded, ConfigError> {
    let raw: raw::RawConfig = toml::from_str(text).map_err(|e| ConfigError::Parse {
        path: path.to_owned(),
        message: e.to_string().trim_end().to_owned(),
    })?;
    check::check(path, text, raw, env)
}
