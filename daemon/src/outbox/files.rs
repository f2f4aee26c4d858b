//! The embedded default: each message becomes `<dir>/<reference>-<kind>-<id>.eml`.

use super::transport::{Delivery, DeliveryError};
use crate::store::OutboxItem;
use std::io::Write;
use std::path::PathBuf;

/// Writes messages into a folder.
#[derive(Debug, Clone)]
pub struct FileTransport {
    dir: PathBuf,
}

impl FileTransport {
    /// A transport writing into `dir` (created when missing).
    pub fn new(dir: PathBuf) -> Self {
        FileTransport { dir }
    }

    /// Creates the folder if needed and checks that a file can be written.
    pub fn check(&self) -> Result<(), DeliveryError> {
        std::fs::create_dir_all(&self.dir)?;
        tempfile::NamedTempFile::new_in(&self.dir)?;
        Ok(())
    }

    /// The file an item is written to. Derived from the outbox row alone, so a
    /// repeated delivery overwrites the same file instead of adding a second.
    pub fn file_name(item: &OutboxItem) -> String {
        let reference = item.case_ref.as_deref().unwrap_or("mail");
        format!("{reference}-{}-{}.eml", item.kind, item.id)
    }
}

#[async_trait::async_trait]
impl Delivery for FileTransport {
    async fn deliver(&self, item: &OutboxItem) -> Result<(), DeliveryError> {
        let dir = self.dir.clone();
        let name = Self::file_name(item);
        let raw = item.raw.clone();
        tokio::task::spawn_blocking(move || {
            std::fs::create_dir_all(&dir)?;
            // Written under a temporary name and renamed, so a reader never
            // sees half a message.
            let mut tmp = tempfile::NamedTempFile::new_in(&dir)?;
            tmp.write_all(&raw)?;
            tmp.as_file().sync_all()?;
            tmp.persist(dir.join(name)).map_err(|e| e.error)?;
            Ok(())
        })
        .await
        .map_err(|e| DeliveryError::Io(std::io::Error::other(e)))?
    }
}
