//! What the answer stage reads from the configuration (issue 13): the
//! requester-facing web pages (`[http]`), where packages are kept and how
//! they are sealed (`[packages]`), how answers go out (`[answer]`), the
//! processing register (`[[register]]`) and the recipients of the data
//! (`[[recipients]]`).

use super::Config;
use crate::address::EmailAddress;
use std::net::SocketAddr;
use std::path::PathBuf;

/// `[http]`: the download pages. Behind a reverse proxy in production, so
/// the address it listens on and the address requesters see differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpConfig {
    /// Where the server listens, e.g. `127.0.0.1:8470`.
    pub listen: SocketAddr,
    /// The public base URL of the pages, without a trailing `/`, e.g.
    /// `https://avg.school.example`: the link in the answer starts with it.
    pub public_url: String,
    /// How long a download link is valid (14 days by default).
    pub link_valid: chrono::Duration,
    /// Whether a package is deleted as soon as it is downloaded (the
    /// default), or kept until its link expires.
    pub delete_after_download: bool,
    /// Wrong codes a link takes before it is locked.
    pub code_tries: u32,
}

/// `[packages]`: where sealed packages are kept and where their master key
/// comes from. The key itself is never in this file, nor in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackagesConfig {
    /// The folder of sealed packages.
    pub dir: PathBuf,
    /// The environment variable that may hold the master key (hex or
    /// base64 of 32 bytes).
    pub key_env: String,
    /// A file holding the master key, read when the variable is not set.
    pub key_file: Option<PathBuf>,
}

/// `[answer]`: how answers go out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnswerConfig {
    /// Send a drafted answer at once, without the officer's `cases send`
    /// (for organisations that trust their templates, and the benchmark).
    pub auto_send: bool,
    /// The organisation's own complaint route, offered in refusals as an
    /// option, never as a step before the AP or the court.
    pub complaints: Option<String>,
}

/// A column withheld from the data package because it is another person's
/// data (GDPR art. 15(4)), with the reason the letter gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redaction {
    /// The table, as the plugin exports it.
    pub table: String,
    /// The column.
    pub column: String,
    /// Why it is withheld.
    pub reason: String,
}

/// One `[[register]]` entry: what the processing register (GDPR art. 30)
/// says of one system, which the access letter repeats (art. 15(1)(a)–(h)).
/// The letter takes these facts from here and from the plugins, never from
/// the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterEntry {
    /// The `[[plugins]]` or `[[systems]]` name it describes.
    pub system: String,
    /// The system in words a parent recognises.
    pub name: String,
    /// Why the data are processed.
    pub purposes: Vec<String>,
    /// On which legal grounds (art. 6).
    pub legal_bases: Vec<String>,
    /// Which kinds of data, in words (the plugin's categories are added).
    pub categories: Vec<String>,
    /// To whom the data go, by name.
    pub recipients: Vec<String>,
    /// How long, per category: (category, period).
    pub retention: Vec<(String, String)>,
    /// Where the data come from, where not from the subject.
    pub source: Option<String>,
    /// Transfers outside the EEA and their safeguards (art. 15(2)).
    pub transfers: Option<String>,
    /// Solely automated decisions (art. 22) and their logic; none if empty.
    pub automated_decisions: Option<String>,
    /// Columns withheld from the package.
    pub redact: Vec<Redaction>,
}

/// How a recipient is told of a change (art. 19).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecipientReach {
    /// An e-mail to this address.
    Email(EmailAddress),
    /// A task for a person: through the recipient's own portal (DUO), say.
    Task {
        /// What to do.
        instructions: String,
        /// Where the task is mailed (the officer's address when unset).
        address: Option<EmailAddress>,
    },
}

/// One `[[recipients]]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientConfig {
    /// The name the plugins and the register use.
    pub name: String,
    /// How to reach them.
    pub reach: RecipientReach,
}

impl Config {
    /// The register entry of system `system`.
    pub fn register_for(&self, system: &str) -> Option<&RegisterEntry> {
        self.register.iter().find(|r| r.system == system)
    }

    /// The configured recipient called `name` (case and spacing aside).
    pub fn recipient(&self, name: &str) -> Option<&RecipientConfig> {
        let key = recipient_key(name);
        self.recipients
            .iter()
            .find(|r| recipient_key(&r.name) == key)
    }
}

/// A recipient's name as compared: a plugin may write "DUO" where the
/// register writes "duo".
pub fn recipient_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
