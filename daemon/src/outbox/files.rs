//! The embedded default: each message becomes `<dir>/<reference>-<kind>-<id>.eml`.
//!
//! # Nothing left behind
//! A message is written under a temporary name and renamed, so a reader never
//! sees half a message. The temporary file holds the whole message — the
//! requester's name and address — and is removed when its write fails or
//! panics, but a daemon killed with SIGKILL (or a power loss) cannot remove
//! it. So every temporary name starts with [`TEMP_PREFIX`], and
//! [`FileTransport::remove_leftovers`], run at start-up before the first
//! delivery (the transport's [`Delivery::recover`]), removes every such file
//! an earlier run left in the folder.

use super::transport::{Delivery, DeliveryError};
use crate::store::OutboxItem;
use std::io::Write;
use std::path::{Path, PathBuf};

/// How the name of a message being written begins. A dot, so that it is
/// hidden and no `*.eml` reader picks it up; a word, so that an operator
/// who sees one knows what it is.
pub const TEMP_PREFIX: &str = ".dsrd-writing-";

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
        temp_file(&self.dir)?;
        Ok(())
    }

    /// The file an item is written to. Derived from the outbox row alone, so a
    /// repeated delivery overwrites the same file instead of adding a second.
    pub fn file_name(item: &OutboxItem) -> String {
        let reference = item.case_ref.as_deref().unwrap_or("mail");
        format!("{reference}-{}-{}.eml", item.kind, item.id)
    }

    /// Removes the temporary files that interrupted writes of an earlier run
    /// left in the folder; returns how many. Only for start-up: a write in
    /// progress in this process would lose its file. A missing folder holds
    /// nothing to remove.
    pub fn remove_leftovers(&self) -> Result<usize, DeliveryError> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(e.into()),
        };
        let mut removed = 0;
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name();
            let is_leftover = name.to_str().is_some_and(is_temp_name);
            if is_leftover && entry.file_type()?.is_file() {
                match std::fs::remove_file(entry.path()) {
                    Ok(()) => removed += 1,
                    // Removed by someone else in the meantime: just as good.
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e.into()),
                }
            }
        }
        if removed > 0 {
            sync_dir(&self.dir)?;
        }
        Ok(removed)
    }
}

/// A new temporary file in `dir` whose name starts with [`TEMP_PREFIX`].
fn temp_file(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(".tmp")
        .tempfile_in(dir)
}

/// Whether `name` is a temporary file of this transport: one of ours, or one
/// of the versions before [`TEMP_PREFIX`], which used `tempfile`'s default
/// name (`.tmp` and six random letters or digits) in this same folder.
fn is_temp_name(name: &str) -> bool {
    if name.starts_with(TEMP_PREFIX) {
        return true;
    }
    name.strip_prefix(".tmp")
        .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Makes the folder's entries (a rename, a removal) durable.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[async_trait::async_trait]
impl Delivery for FileTransport {
    async fn deliver(&self, item: &OutboxItem) -> Result<(), DeliveryError> {
        let dir = self.dir.clone();
        let name = Self::file_name(item);
        let raw = item.raw.clone();
        tokio::task::spawn_blocking(move || {
            std::fs::create_dir_all(&dir)?;
            // Dropping `tmp` on any error below removes the file.
            let mut tmp = temp_file(&dir)?;
            tmp.write_all(&raw)?;
            tmp.as_file().sync_all()?;
            tmp.persist(dir.join(name)).map_err(|e| e.error)?;
            // The delivery is recorded as done once this returns, so the
            // rename must survive a power loss too.
            sync_dir(&dir)?;
            Ok(())
        })
        .await
        .map_err(|e| DeliveryError::Io(std::io::Error::other(e)))?
    }

    async fn recover(&self) -> Result<usize, DeliveryError> {
        let transport = self.clone();
        tokio::task::spawn_blocking(move || transport.remove_leftovers())
            .await
            .map_err(|e| DeliveryError::Io(std::io::Error::other(e)))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_file_is_named_with_the_prefix() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = temp_file(dir.path()).unwrap();
        let name = tmp.path().file_name().unwrap().to_str().unwrap().to_owned();
        assert!(name.starts_with(TEMP_PREFIX), "{name}");
        assert!(is_temp_name(&name), "{name}");
    }

    #[test]
    fn recovery_removes_the_leftover_temporary_files_and_nothing_else() {
        // Arrange: what a killed daemon leaves, beside what it must keep.
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str| std::fs::write(dir.path().join(name), "To: Ouder <o@example.org>");
        for name in [".dsrd-writing-Ab12Cd.tmp", ".dsrd-writing-x", ".tmpZ9y8X7"] {
            write(name).unwrap();
        }
        let kept = [
            "AVG-2026-0001-ack-1.eml",
            ".tmp",
            ".tmpTooLong1",
            ".tmp-12345",
            "notes.tmpAbCdEf",
        ];
        for name in kept {
            write(name).unwrap();
        }
        std::fs::create_dir(dir.path().join(".dsrd-writing-dir")).unwrap();
        let transport = FileTransport::new(dir.path().to_owned());

        // Act
        let removed = transport.remove_leftovers().unwrap();

        // Assert
        assert_eq!(removed, 3);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        let mut expected: Vec<String> = kept.iter().map(|s| s.to_string()).collect();
        expected.push(".dsrd-writing-dir".into());
        expected.sort();
        assert_eq!(left, expected);
        assert_eq!(
            transport.remove_leftovers().unwrap(),
            0,
            "nothing left to remove"
        );
    }

    #[test]
    fn recovery_of_a_folder_not_yet_made_removes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let transport = FileTransport::new(dir.path().join("outbox"));
        assert_eq!(transport.remove_leftovers().unwrap(), 0);
    }
}
