//! The configuration file exactly as written, before any cross-field check.
//! `deny_unknown_fields` everywhere: a misspelt key is an error with its line,
//! not a silently ignored setting.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// A string that remembers where it stood in the file.
pub type S = Spanned<String>;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub organisation: RawOrganisation,
    #[serde(default)]
    pub store: RawStore,
    /// The single-mailbox form, `[mailbox]`.
    pub mailbox: Option<RawMailbox>,
    /// Several mailboxes, `[[mailboxes]]`.
    #[serde(default)]
    pub mailboxes: Vec<RawMailbox>,
    pub outgoing: RawOutgoing,
    #[serde(default)]
    pub policy: RawPolicy,
    #[serde(default)]
    pub reminders: RawReminders,
    #[serde(default)]
    pub classify: RawClassify,
    #[serde(default)]
    pub plugins: Vec<RawPlugin>,
    #[serde(default)]
    pub letters: RawLetters,
    #[serde(default)]
    pub identity: RawIdentity,
    /// The privacy officers who approve plans, `[[officers]]`.
    #[serde(default)]
    pub officers: Vec<RawOfficer>,
    #[serde(default)]
    pub approval: RawApproval,
    /// Systems without an API, served by a person, `[[systems]]`.
    #[serde(default)]
    pub systems: Vec<RawSystem>,
    /// The requester-facing web pages (the download link), `[http]`.
    pub http: Option<RawHttp>,
    /// Where data packages are kept and how they are sealed, `[packages]`.
    #[serde(default)]
    pub packages: RawPackages,
    /// How answers are sent, `[answer]`.
    #[serde(default)]
    pub answer: RawAnswer,
    /// Where the erasure ledger's key comes from, `[ledger]`.
    #[serde(default)]
    pub ledger: RawLedger,
    /// The processing register, one entry per system, `[[register]]`.
    #[serde(default)]
    pub register: Vec<RawRegisterEntry>,
    /// The recipients of the data and how to reach them, `[[recipients]]`.
    #[serde(default)]
    pub recipients: Vec<RawRecipient>,
    /// Login sessions and lock-out of the officers' accounts, `[accounts]`.
    pub accounts: Option<RawAccounts>,
    /// Deletion on a schedule, `[[retention]]`.
    #[serde(default)]
    pub retention: Vec<RawRetentionRule>,
    /// The officers' daily digest, `[digest]`; sent only when present.
    pub digest: Option<RawDigest>,
    /// The case file's own retention, `[case_file]`.
    #[serde(default)]
    pub case_file: RawCaseFile,
}

/// `[digest]`: when the daily digest goes out and to whom.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDigest {
    pub enabled: Option<bool>,
    pub time: Option<S>,
    pub to: Option<Spanned<Vec<S>>>,
}

/// `[case_file]`: how long a closed case keeps its personal data.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCaseFile {
    pub retention: Option<S>,
}

/// `[[retention]]`: one plugin's purge on a schedule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRetentionRule {
    pub name: S,
    pub plugin: S,
    pub schedule: S,
    pub time_zone: Option<S>,
    pub description: S,
}

/// `[accounts]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAccounts {
    pub idle_minutes: Option<Spanned<u32>>,
    pub session_hours: Option<Spanned<u32>>,
    pub max_failed_logins: Option<Spanned<u32>>,
    pub lockout_minutes: Option<Spanned<u32>>,
    pub secure_cookie: Option<bool>,
    pub logins_per_minute: Option<Spanned<u32>>,
}

/// `[http]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHttp {
    pub listen: S,
    pub public_url: S,
    pub link_valid_days: Option<u32>,
    pub delete_after_download: Option<bool>,
    pub code_tries: Option<u32>,
}

/// `[packages]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPackages {
    pub dir: Option<S>,
    pub key_env: Option<S>,
    pub key_file: Option<S>,
}

/// `[ledger]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLedger {
    pub key_env: Option<S>,
    pub key_file: Option<S>,
}

/// `[answer]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAnswer {
    pub auto_send: Option<bool>,
    pub complaints: Option<S>,
}

/// One `[[register]]` entry: what the organisation records of a system in
/// its processing register (GDPR art. 30), for the access letter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRegisterEntry {
    pub system: S,
    pub name: S,
    #[serde(default)]
    pub purposes: Vec<S>,
    #[serde(default)]
    pub legal_bases: Vec<S>,
    #[serde(default)]
    pub categories: Vec<S>,
    #[serde(default)]
    pub recipients: Vec<S>,
    #[serde(default)]
    pub retention: Vec<RawRetention>,
    pub source: Option<S>,
    pub transfers: Option<S>,
    pub automated_decisions: Option<S>,
    #[serde(default)]
    pub redact: Vec<RawRedaction>,
}

/// A retention period of one category.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRetention {
    pub category: S,
    pub period: S,
}

/// A column withheld from the package (art. 15(4)).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRedaction {
    pub table: S,
    pub column: S,
    pub reason: S,
}

/// One `[[recipients]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRecipient {
    pub name: S,
    pub email: Option<S>,
    pub task: Option<S>,
    pub task_address: Option<S>,
}

/// One `[[officers]]` entry. `role` has no default: who may approve an
/// erasure is written down, not assumed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOfficer {
    pub name: S,
    pub address: S,
    pub role: S,
}

/// `[approval]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawApproval {
    pub erasure_approvers: Option<Spanned<u32>>,
    pub auto: Option<Vec<S>>,
}

/// One `[[systems]]` entry: a school system dsrd cannot reach, whose part
/// of a request its owner carries out by hand.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSystem {
    pub name: S,
    pub owner: S,
    pub address: S,
    /// Request type name → what to do; optional so that a missing table is
    /// reported with the system's line and a hint rather than by serde.
    pub instructions: Option<Spanned<BTreeMap<S, S>>>,
}

/// `[identity]`: how identity is checked by a code to an address on file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIdentity {
    pub code_valid_days: Option<u32>,
    pub code_attempts: Option<u32>,
    pub reminder_after_days: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOrganisation {
    pub name: String,
    pub reply_address: S,
    #[serde(default = "default_prefix")]
    pub reference_prefix: S,
    #[serde(default = "default_time_zone")]
    pub time_zone: S,
    #[serde(default = "default_language")]
    pub default_language: S,
    /// Whether the organisation is a bestuursorgaan (a public body whose
    /// decisions are Awb besluiten): it decides the remedy refusals name.
    #[serde(default)]
    pub bestuursorgaan: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStore {
    #[serde(default = "default_store_url")]
    pub url: S,
    pub password_env: Option<S>,
}

impl Default for RawStore {
    fn default() -> Self {
        RawStore {
            url: default_store_url(),
            password_env: None,
        }
    }
}

/// Plain structs rather than tagged enums: serde's internally tagged enums
/// lose the spans, and a per-kind check can say which key is missing.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMailbox {
    pub name: Option<S>,
    pub kind: S,
    pub path: Option<S>,
    pub poll_interval_ms: Option<u64>,
    pub host: Option<S>,
    pub port: Option<u16>,
    pub security: Option<S>,
    pub ca_file: Option<S>,
    pub username: Option<S>,
    pub password_env: Option<S>,
    pub oauth_token_command: Option<Vec<String>>,
    pub folder: Option<S>,
    pub done_folder: Option<S>,
    pub sent_folder: Option<S>,
    pub idle: Option<bool>,
    pub idle_renew_secs: Option<u64>,
    pub timeout_secs: Option<u64>,
    pub reconnect_max_secs: Option<u64>,
    pub authserv_id: Option<S>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutgoing {
    pub kind: S,
    pub path: Option<S>,
    pub host: Option<S>,
    pub port: Option<u16>,
    pub security: Option<S>,
    pub username: Option<String>,
    pub password_env: Option<S>,
    pub ca_file: Option<S>,
    pub timeout_secs: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPolicy {
    #[serde(default = "default_deadline")]
    pub deadline: S,
    #[serde(default)]
    pub good_friday: bool,
    #[serde(default)]
    pub equated_days: Vec<S>,
    pub closures_file: Option<S>,
    pub identity_wait: Option<S>,
    pub max_ask_delay_days: Option<u32>,
    /// A string, matched against `MinorRightsModel::as_str`: the model's
    /// serde name is `uavg2026` (kebab-case puts no hyphen before a digit),
    /// not the documented `uavg-2026`.
    pub minor_rights: Option<S>,
}

impl Default for RawPolicy {
    fn default() -> Self {
        RawPolicy {
            deadline: default_deadline(),
            good_friday: false,
            equated_days: Vec::new(),
            closures_file: None,
            identity_wait: None,
            max_ask_delay_days: None,
            minor_rights: None,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReminders {
    pub officer_address: Option<S>,
    pub working_days_before: Option<Vec<u32>>,
    pub check_interval_secs: Option<u64>,
}

fn default_prefix() -> S {
    Spanned::new(0..0, "AVG".into())
}
fn default_time_zone() -> S {
    Spanned::new(0..0, "Europe/Amsterdam".into())
}
fn default_language() -> S {
    Spanned::new(0..0, "nl".into())
}
fn default_store_url() -> S {
    Spanned::new(0..0, "sqlite:dsrd.sqlite".into())
}
fn default_deadline() -> S {
    Spanned::new(0..0, "four-weeks".into())
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClassify {
    pub rules_dir: Option<S>,
    pub triage_below: Option<f32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlugin {
    pub name: S,
    pub builtin: Option<S>,
    pub library: Option<S>,
    pub isolation: Option<S>,
    pub timeout_secs: Option<u64>,
    #[serde(default)]
    pub env: Vec<S>,
    #[serde(default)]
    pub special_tables: Vec<String>,
    pub settings: Option<toml::Table>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLetters {
    pub dir: Option<S>,
}
