//! The embedded mailbox: a Maildir. New mail is in `new/`; once its case is
//! committed a message moves to `cur/` with the Seen flag (the Maildir
//! convention for "a client has taken this"), never deleted.

use chrono::{DateTime, Utc};
use std::io;
use std::path::{Path, PathBuf};

/// A Maildir folder.
#[derive(Debug, Clone)]
pub struct MaildirSource {
    root: PathBuf,
}

/// A message waiting in `new/`.
#[derive(Debug, Clone)]
pub struct PendingMessage {
    /// Its file.
    pub path: PathBuf,
    /// Its file name (the Maildir unique name).
    pub name: String,
}

impl MaildirSource {
    /// The Maildir at `root`; `new/`, `cur/` and `tmp/` are created if missing,
    /// so a fresh machine can start with an empty folder.
    pub fn open(root: &Path) -> io::Result<Self> {
        for sub in ["new", "cur", "tmp"] {
            std::fs::create_dir_all(root.join(sub))?;
        }
        Ok(MaildirSource {
            root: root.to_owned(),
        })
    }

    /// The messages in `new/`, oldest name first (Maildir names start with
    /// the delivery time, so this is roughly arrival order).
    pub fn pending(&self) -> io::Result<Vec<PendingMessage>> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(self.root.join("new"))? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || !entry.file_type()?.is_file() {
                continue;
            }
            out.push(PendingMessage {
                path: entry.path(),
                name,
            });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// Reads a message and the moment it reached the mailbox: the file's
    /// modification time, which the delivering agent set when it wrote the
    /// message (the sender's `Date:` header never counts, EDPB §159); on a
    /// file system that keeps no such time, `now` (the time of reading).
    pub fn read(
        &self,
        message: &PendingMessage,
        now: DateTime<Utc>,
    ) -> io::Result<(Vec<u8>, DateTime<Utc>)> {
        let raw = std::fs::read(&message.path)?;
        let received = std::fs::metadata(&message.path)?
            .modified()
            .map(DateTime::<Utc>::from)
            .unwrap_or(now);
        Ok((raw, received))
    }

    /// Moves a message to `cur/`, marked Seen. Called only after its case is
    /// committed.
    pub fn acknowledge(&self, message: &PendingMessage) -> io::Result<()> {
        let base = message.name.split(":2,").next().unwrap_or(&message.name);
        let target = self.root.join("cur").join(format!("{base}:2,S"));
        std::fs::rename(&message.path, target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_moves_from_new_to_cur_as_seen() {
        let dir = tempfile::tempdir().unwrap();
        let md = MaildirSource::open(dir.path()).unwrap();
        std::fs::write(dir.path().join("new/2.b"), b"x").unwrap();
        std::fs::write(dir.path().join("new/1.a"), b"y").unwrap();
        let pending = md.pending().unwrap();
        assert_eq!(
            pending.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
            ["1.a", "2.b"]
        );
        md.acknowledge(&pending[0]).unwrap();
        assert!(dir.path().join("cur/1.a:2,S").exists());
        assert_eq!(md.pending().unwrap().len(), 1);
    }
}
