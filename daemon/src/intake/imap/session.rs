//! A logged-in session: what the server can do, and the folders checked.

use super::connect::{connect, ImapStream};
use super::error::{timed, ImapError};
use crate::config::ImapConfig;

/// A logged-in IMAP session with the server's relevant capabilities.
pub struct Session {
    /// The client session.
    pub inner: async_imap::Session<ImapStream>,
    /// IDLE (RFC 2177): push instead of polling.
    pub idle: bool,
    /// MOVE (RFC 6851): one command instead of COPY + `\Deleted` + EXPUNGE.
    pub r#move: bool,
    /// UIDPLUS (RFC 4315): UID EXPUNGE removes only the messages named.
    pub uidplus: bool,
    /// The configuration it was opened with.
    pub config: ImapConfig,
}

/// The selected folder's identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selected {
    /// UIDVALIDITY (RFC 3501 §2.3.1.1).
    pub uidvalidity: u32,
}

/// Connects, logs in and reads the capabilities.
pub async fn open_session(c: &ImapConfig) -> Result<Session, ImapError> {
    let client = connect(c).await?;
    let mut inner = super::auth::login(c, client).await?;
    let caps = timed(c.timeout, "CAPABILITY", inner.capabilities()).await?;
    Ok(Session {
        idle: caps.has_str("IDLE"),
        r#move: caps.has_str("MOVE"),
        uidplus: caps.has_str("UIDPLUS"),
        inner,
        config: c.clone(),
    })
}

impl Session {
    /// Selects `folder` read-write.
    pub async fn select(&mut self, folder: &str) -> Result<Selected, ImapError> {
        let selected = tokio::time::timeout(self.config.timeout, self.inner.select(folder))
            .await
            .map_err(|_| ImapError::Timeout("SELECT"))?
            .map_err(|e| self.missing(folder, e, "SELECT"))?;
        let uidvalidity = selected
            .uid_validity
            .ok_or_else(|| ImapError::Unsupported {
                host: self.config.host.clone(),
                what: "UIDVALIDITY",
                hint: "dsrd needs stable UIDs (RFC 3501); use another server",
            })?;
        Ok(Selected { uidvalidity })
    }

    /// Fails with [`ImapError::FolderMissing`] unless `folder` exists.
    pub async fn require_folder(&mut self, folder: &str) -> Result<(), ImapError> {
        tokio::time::timeout(self.config.timeout, self.inner.status(folder, "(MESSAGES)"))
            .await
            .map_err(|_| ImapError::Timeout("STATUS"))?
            .map(|_| ())
            .map_err(|e| self.missing(folder, e, "STATUS"))
    }

    fn missing(
        &self,
        folder: &str,
        e: async_imap::error::Error,
        during: &'static str,
    ) -> ImapError {
        match e {
            async_imap::error::Error::No(reply) => ImapError::FolderMissing {
                host: self.config.host.clone(),
                folder: folder.to_owned(),
                reply: super::error::server_words(&reply),
            },
            other => ImapError::protocol(during)(other),
        }
    }

    /// Ends the session politely; errors do not matter any more.
    pub async fn logout(mut self) {
        let _ = tokio::time::timeout(self.config.timeout, self.inner.logout()).await;
    }
}
