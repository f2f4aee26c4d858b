//! What can go wrong with an IMAP mailbox, each with the fix in its message.
//! Messages carry host, folder and the server's words, never a password, a
//! token or anything from a message.

use crate::store::StoreError;

/// An IMAP problem. The source retries every variant it meets (with
/// back-off); the message says what the operator can do about it.
#[derive(Debug, thiserror::Error)]
pub enum ImapError {
    /// The server cannot be reached.
    #[error(
        "cannot connect to IMAP server {host}:{port}: {source}; check host, port and firewall"
    )]
    Connect {
        /// Host name.
        host: String,
        /// Port.
        port: u16,
        /// Why.
        source: std::io::Error,
    },
    /// The TLS handshake failed (certificate not trusted, wrong name, no TLS).
    #[error("TLS with IMAP server {host} failed: {reason}; {hint}")]
    Tls {
        /// Host name.
        host: String,
        /// What rustls said.
        reason: String,
        /// What to do.
        hint: &'static str,
    },
    /// The server refused the login.
    #[error("IMAP login as {username} refused by the server ({reply}); check the password in the environment variable the configuration names, or the OAuth2 token")]
    Auth {
        /// The login name.
        username: String,
        /// The server's reply.
        reply: String,
    },
    /// The OAuth2 token command failed.
    #[error("the OAuth2 token command failed: {0}; run it by hand to see why")]
    Token(String),
    /// A configured folder does not exist.
    #[error("IMAP folder {folder:?} does not exist on {host} ({reply}); create it or fix the folder name in the configuration")]
    FolderMissing {
        /// Host name.
        host: String,
        /// The folder.
        folder: String,
        /// The server's reply.
        reply: String,
    },
    /// The server lacks something dsrd needs.
    #[error("IMAP server {host} does not support {what}; {hint}")]
    Unsupported {
        /// Host name.
        host: String,
        /// What is missing.
        what: &'static str,
        /// What to do.
        hint: &'static str,
    },
    /// A command took longer than the configured timeout.
    #[error("IMAP server did not answer {0} in time; the connection is opened anew")]
    Timeout(&'static str),
    /// The connection broke or the server answered something unexpected.
    #[error("IMAP {during} failed: {source}")]
    Protocol {
        /// The command.
        during: &'static str,
        /// The client's error.
        source: async_imap::error::Error,
    },
    /// The store failed; the message stays unacknowledged on the server.
    #[error("store: {0}")]
    Store(#[from] StoreError),
    /// A Message-ID that cannot be put in an IMAP search as a quoted string
    /// (empty, or with control or non-ASCII characters). The ID itself is
    /// left out: it comes from a message.
    #[error("the Message-ID to replace is empty or holds characters an IMAP search cannot quote; replace the message in the mailbox by hand")]
    BadMessageId,
    /// The replacement is in `folder`, but the original is only marked
    /// `\Deleted`: without UIDPLUS (RFC 4315) only a plain EXPUNGE could
    /// remove it, and that removes every message anyone marked deleted.
    #[error("the stripped copy is in IMAP folder {folder:?} on {host}, but the original with the attachment could not be removed safely: the server lacks UIDPLUS (RFC 4315), so it is only marked \\Deleted; expunge that folder in a mail client, or delete the original there by hand")]
    OriginalNotRemoved {
        /// Host name.
        host: String,
        /// The folder that still holds the original.
        folder: String,
    },
}

impl ImapError {
    /// Wraps a client error that happened during `during`.
    pub fn protocol(during: &'static str) -> impl FnOnce(async_imap::error::Error) -> ImapError {
        move |source| ImapError::Protocol { during, source }
    }

    /// The kind of problem, for deciding whether a log line repeats the last.
    pub fn kind(&self) -> &'static str {
        match self {
            ImapError::Connect { .. } => "connect",
            ImapError::Tls { .. } => "tls",
            ImapError::Auth { .. } => "auth",
            ImapError::Token(_) => "token",
            ImapError::FolderMissing { .. } => "folder",
            ImapError::Unsupported { .. } => "unsupported",
            ImapError::Timeout(_) => "timeout",
            ImapError::Protocol { .. } => "protocol",
            ImapError::Store(_) => "store",
            ImapError::BadMessageId => "message-id",
            ImapError::OriginalNotRemoved { .. } => "original-kept",
        }
    }
}

/// Runs `fut` with the command timeout.
pub(super) async fn timed<T>(
    limit: std::time::Duration,
    during: &'static str,
    fut: impl std::future::Future<Output = Result<T, async_imap::error::Error>>,
) -> Result<T, ImapError> {
    match tokio::time::timeout(limit, fut).await {
        Ok(r) => r.map_err(ImapError::protocol(during)),
        Err(_) => Err(ImapError::Timeout(during)),
    }
}

/// The server's own words from a NO or BAD reply, which async-imap hands
/// over as `code: …, info: Some("…")`.
pub(super) fn server_words(reply: &str) -> String {
    reply
        .split_once("info: Some(\"")
        .and_then(|(_, rest)| rest.rsplit_once("\")"))
        .map(|(words, _)| words.replace("\\\"", "\""))
        .unwrap_or_else(|| reply.to_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn imap_server_words_are_taken_out_of_the_client_error() {
        let reply = r#"code: None, info: Some("[AUTHENTICATIONFAILED] Authentication failed.")"#;
        assert_eq!(
            super::server_words(reply),
            "[AUTHENTICATIONFAILED] Authentication failed."
        );
        assert_eq!(super::server_words("plain"), "plain");
    }
}
