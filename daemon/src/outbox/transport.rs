//! Where outgoing mail goes: a folder of `.eml` files or an SMTP server.

use super::{files::FileTransport, smtp::SmtpTransport};
use crate::config::OutgoingConfig;
use crate::store::OutboxItem;

/// A delivery that did not work; it will be retried.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    /// Writing the file failed.
    #[error("cannot write to the outbox folder: {0}")]
    Io(#[from] std::io::Error),
    /// The SMTP server refused or could not be reached.
    #[error("SMTP delivery failed: {0}")]
    Smtp(String),
    /// The transport could not be set up (TLS, certificate file).
    #[error("SMTP transport cannot be set up: {0}")]
    Setup(String),
}

/// Delivers one message.
#[async_trait::async_trait]
pub trait Delivery: Send + Sync {
    /// Delivers `item`. Must be safe to repeat for the same item: a crash
    /// between delivery and recording means it is called again.
    async fn deliver(&self, item: &OutboxItem) -> Result<(), DeliveryError>;

    /// Clears up after deliveries an earlier run did not finish (for files:
    /// the temporary files of writes cut off by a kill, which hold a whole
    /// message). Called once at start-up, before the first delivery; returns
    /// how many things it removed. Nothing to do by default.
    async fn recover(&self) -> Result<usize, DeliveryError> {
        Ok(0)
    }
}

/// The configured transport.
pub enum Transport {
    /// `.eml` files.
    Files(FileTransport),
    /// SMTP.
    Smtp(Box<SmtpTransport>),
}

impl Transport {
    /// Checks the way out without sending anything: the outbox folder can be
    /// written, or the SMTP server answers (and accepts the login).
    pub async fn check(&self) -> Result<(), DeliveryError> {
        match self {
            Transport::Files(t) => t.check(),
            Transport::Smtp(t) => t.check().await,
        }
    }

    /// Builds the transport the configuration names.
    pub fn from_config(config: &OutgoingConfig) -> Result<Transport, DeliveryError> {
        Ok(match config {
            OutgoingConfig::Files { path } => Transport::Files(FileTransport::new(path.clone())),
            OutgoingConfig::Smtp(smtp) => Transport::Smtp(Box::new(SmtpTransport::new(smtp)?)),
        })
    }
}

#[async_trait::async_trait]
impl Delivery for Transport {
    async fn deliver(&self, item: &OutboxItem) -> Result<(), DeliveryError> {
        match self {
            Transport::Files(t) => t.deliver(item).await,
            Transport::Smtp(t) => t.deliver(item).await,
        }
    }

    async fn recover(&self) -> Result<usize, DeliveryError> {
        match self {
            Transport::Files(t) => Delivery::recover(t).await,
            Transport::Smtp(t) => t.recover().await,
        }
    }
}
