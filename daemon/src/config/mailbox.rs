//! Checked mailbox settings: where requests arrive. One daemon may watch
//! several mailboxes (several organisations, or `avg@` and `privacy@`); each
//! has a name that keys its progress in the store and tags its log lines.

use super::SecretString;
use std::path::PathBuf;
use std::time::Duration;

/// One watched mailbox.
#[derive(Debug, Clone)]
pub struct MailboxConfig {
    /// Unique among the mailboxes; keys the IMAP progress (UIDVALIDITY and
    /// last UID) in the store, so renaming it means reading the folder anew
    /// (Message-ID deduplication keeps that from making doubles).
    pub name: String,
    /// Where the mail is read from.
    pub source: MailboxSource,
    /// The authserv-id of the mail server that delivers to this mailbox
    /// (RFC 8601): only its `Authentication-Results` headers are believed
    /// when a sender's address is checked (`intake::sender_auth`). None: no
    /// sender counts as authenticated.
    pub authserv_id: Option<String>,
}

/// The kind of mailbox.
#[derive(Debug, Clone)]
pub enum MailboxSource {
    /// A Maildir folder (the embedded default).
    Maildir {
        /// The Maildir root, holding `new/`, `cur/` and `tmp/`.
        path: PathBuf,
        /// How often `new/` is looked at.
        poll_interval: Duration,
    },
    /// A folder on an IMAP server.
    Imap(Box<ImapConfig>),
}

/// How the IMAP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImapSecurity {
    /// Implicit TLS (port 993).
    Tls,
    /// STARTTLS on the plain port (143); refused if the server does not offer it.
    StartTls,
    /// No TLS: for a server on the same host only.
    None,
}

/// How dsrd logs in.
#[derive(Debug, Clone)]
pub enum ImapAuth {
    /// LOGIN with a password from the environment variable the file names.
    Password(SecretString),
    /// SASL XOAUTH2 with a bearer token printed by a command, run before
    /// every connection (tokens of Microsoft 365 and Google expire hourly).
    OAuth2 {
        /// The program and its arguments.
        command: Vec<String>,
    },
}

/// An IMAP mailbox.
#[derive(Debug, Clone)]
pub struct ImapConfig {
    /// Host name (also checked against the certificate).
    pub host: String,
    /// Port; the default follows the security mode.
    pub port: u16,
    /// TLS mode.
    pub security: ImapSecurity,
    /// Extra CA certificate (PEM) to trust, for a private CA.
    pub ca_file: Option<PathBuf>,
    /// Login name.
    pub username: String,
    /// Password or OAuth2.
    pub auth: ImapAuth,
    /// The folder requests arrive in (`INBOX`).
    pub folder: String,
    /// Where a message goes once its case is committed; without it the
    /// message only gets `\Seen` and stays where it is.
    pub done_folder: Option<String>,
    /// Where a copy of each outgoing message is appended, so the officer sees
    /// the whole conversation in the mail client.
    pub sent_folder: Option<String>,
    /// Whether to use IDLE when the server offers it.
    pub idle: bool,
    /// How long one IDLE lasts before it is re-issued (below the 29 minutes
    /// of RFC 2177).
    pub idle_renew: Duration,
    /// How often to look for new mail when IDLE is not used.
    pub poll_interval: Duration,
    /// Limit for connecting and for each command.
    pub timeout: Duration,
    /// The longest wait between reconnection attempts.
    pub reconnect_max: Duration,
}

impl MailboxConfig {
    /// The IMAP settings, when this is an IMAP mailbox.
    pub fn imap(&self) -> Option<&ImapConfig> {
        match &self.source {
            MailboxSource::Imap(imap) => Some(imap),
            MailboxSource::Maildir { .. } => None,
        }
    }
}
