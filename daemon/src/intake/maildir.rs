//! The embedded mailbox: a Maildir. New mail is in `new/`; once its case is
//! committed a message moves to `cur/` with the Seen flag (the Maildir
//! convention for "a client has taken this"), never deleted. Its bytes
//! change only when [`MaildirSource::replace`] puts a copy without an
//! identity-document scan in its place.

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

    /// The file name in a message's recorded source, `maildir:new/<name>`
    /// (as intake records it, whatever `cur/` name it has since); `None` for
    /// another kind of source or a name that is no plain file name.
    pub fn source_name(source: &str) -> Option<&str> {
        source
            .strip_prefix("maildir:new/")
            .filter(|name| plain_name(name))
    }

    /// Replaces the message `name` (its base name, as recorded at intake) by
    /// `replacement`, under the same file name, so its flags stay: wherever
    /// it is now, `cur/<name>:2,S` after acknowledgement, `cur/<name>:2,…`
    /// with other flags, or still `new/<name>`. Returns false when no such
    /// file exists.
    ///
    /// The replacement is written to `tmp/` and synced, then renamed over
    /// the original, which is atomic: a reader sees the old message or the
    /// new one, never a mix, and a crash leaves one of the two whole. The
    /// directory is synced after the rename so the change survives a power
    /// cut. The file keeps the original's modification time, which is the
    /// moment of receipt (see [`MaildirSource::read`]), and its permissions.
    pub fn replace(&self, name: &str, replacement: &[u8]) -> io::Result<bool> {
        use std::io::Write;
        if !plain_name(name) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "a Maildir message name is a plain file name",
            ));
        }
        let base = name.split(":2,").next().unwrap_or(name);
        let Some(original) = self.locate(base)? else {
            return Ok(false);
        };
        let metadata = std::fs::metadata(&original)?;
        let mut file = tempfile::Builder::new()
            .prefix("dsrd-replacement.")
            .tempfile_in(self.root.join("tmp"))?;
        file.write_all(replacement)?;
        // A mail client reading the same Maildir keeps its access.
        file.as_file().set_permissions(metadata.permissions())?;
        if let Ok(received) = metadata.modified() {
            file.as_file().set_modified(received)?;
        }
        file.as_file().sync_all()?;
        file.persist(&original).map_err(|e| e.error)?;
        let dir = original
            .parent()
            .expect("a message file is in new/ or cur/");
        std::fs::File::open(dir)?.sync_all()?;
        Ok(true)
    }

    /// Removes the message `name` (its base name, as recorded at intake)
    /// wherever it is now, as the case file's retention does once the case
    /// is reduced: its bytes are overwritten with zeros and synced before
    /// the file is unlinked, so they do not stay readable in the freed
    /// blocks of a simple file system (a copy-on-write or journalling one
    /// may still keep old blocks; the Maildir's disk is the organisation's
    /// to encrypt). Returns false when no such file exists.
    pub fn remove(&self, name: &str) -> io::Result<bool> {
        if !plain_name(name) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "a Maildir message name is a plain file name",
            ));
        }
        let base = name.split(":2,").next().unwrap_or(name);
        match self.locate(base)? {
            Some(file) => crate::shred::shred(&file),
            None => Ok(false),
        }
    }

    /// The file of the message with base name `base`: `cur/` with the Seen
    /// flag (where it normally is), `new/`, or `cur/` with any flags.
    fn locate(&self, base: &str) -> io::Result<Option<PathBuf>> {
        let cur = self.root.join("cur");
        for path in [
            cur.join(format!("{base}:2,S")),
            self.root.join("new").join(base),
        ] {
            if path.is_file() {
                return Ok(Some(path));
            }
        }
        let flagged = format!("{base}:2,");
        for entry in std::fs::read_dir(&cur)? {
            let entry = entry?;
            let file = entry.file_name();
            let file = file.to_string_lossy();
            if (file == base || file.starts_with(&flagged)) && entry.file_type()?.is_file() {
                return Ok(Some(entry.path()));
            }
        }
        Ok(None)
    }
}

/// A name that stays inside its folder: not empty, no path separator, not
/// hidden (nor `.`/`..`), no NUL.
fn plain_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\0'])
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

    const ORIGINAL: &[u8] = b"Subject: Inzage\r\n\r\n--b\r\nContent-Type: image/jpeg\r\n\r\n/9j/4AAQSkZJRgABAQ==\r\n--b--\r\n";
    const STRIPPED: &[u8] = b"Subject: Inzage\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nDe bijlage is verwijderd.\r\n--b--\r\n";

    /// The names in `sub` of the Maildir at `root`.
    fn names(root: &Path, sub: &str) -> Vec<String> {
        let mut out: Vec<String> = std::fs::read_dir(root.join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_replaced_maildir_message_keeps_its_name_flags_and_time_but_not_its_bytes() {
        // Arrange: a message taken in and acknowledged, as intake leaves it.
        let dir = tempfile::tempdir().unwrap();
        let md = MaildirSource::open(dir.path()).unwrap();
        std::fs::write(dir.path().join("new/1.a"), ORIGINAL).unwrap();
        let received =
            std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_770_000_000);
        std::fs::File::options()
            .write(true)
            .open(dir.path().join("new/1.a"))
            .unwrap()
            .set_modified(received)
            .unwrap();
        let mode = std::os::unix::fs::PermissionsExt::from_mode(0o640);
        std::fs::set_permissions(dir.path().join("new/1.a"), mode).unwrap();
        md.acknowledge(&md.pending().unwrap()[0]).unwrap();

        // Act
        let replaced = md.replace("1.a", STRIPPED).unwrap();

        // Assert
        assert!(replaced);
        assert_eq!(names(dir.path(), "cur"), ["1.a:2,S"]);
        let path = dir.path().join("cur/1.a:2,S");
        assert_eq!(std::fs::read(&path).unwrap(), STRIPPED);
        let metadata = std::fs::metadata(&path).unwrap();
        assert_eq!(metadata.modified().unwrap(), received);
        let mode = std::os::unix::fs::PermissionsExt::mode(&metadata.permissions());
        assert_eq!(mode & 0o777, 0o640);
        assert!(names(dir.path(), "new").is_empty());
        assert!(names(dir.path(), "tmp").is_empty(), "no file left behind");
    }

    #[test]
    fn a_maildir_message_still_in_new_or_with_other_flags_is_replaced_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let md = MaildirSource::open(dir.path()).unwrap();
        std::fs::write(dir.path().join("new/1.a"), ORIGINAL).unwrap();
        std::fs::write(dir.path().join("cur/2.b:2,FRS"), ORIGINAL).unwrap();
        std::fs::write(dir.path().join("cur/2.bc:2,S"), ORIGINAL).unwrap();

        assert!(md.replace("1.a", STRIPPED).unwrap());
        assert!(md.replace("2.b", STRIPPED).unwrap());

        assert_eq!(std::fs::read(dir.path().join("new/1.a")).unwrap(), STRIPPED);
        assert_eq!(
            std::fs::read(dir.path().join("cur/2.b:2,FRS")).unwrap(),
            STRIPPED
        );
        assert_eq!(
            std::fs::read(dir.path().join("cur/2.bc:2,S")).unwrap(),
            ORIGINAL,
            "a longer name that starts alike is another message"
        );
        assert_eq!(names(dir.path(), "cur"), ["2.b:2,FRS", "2.bc:2,S"]);
    }

    #[test]
    fn replacing_a_maildir_message_that_is_not_there_returns_false_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let md = MaildirSource::open(dir.path()).unwrap();
        std::fs::write(dir.path().join("cur/1.a:2,S"), ORIGINAL).unwrap();

        assert!(!md.replace("9.z", STRIPPED).unwrap());

        assert_eq!(names(dir.path(), "cur"), ["1.a:2,S"]);
        assert!(names(dir.path(), "new").is_empty());
        assert!(names(dir.path(), "tmp").is_empty());
    }

    #[test]
    fn a_maildir_name_that_leaves_its_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let md = MaildirSource::open(dir.path()).unwrap();
        std::fs::write(dir.path().join("outside"), ORIGINAL).unwrap();
        for name in ["../outside", "", ".hidden", "a/b"] {
            let err = md.replace(name, STRIPPED).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{name:?}");
        }
        assert_eq!(std::fs::read(dir.path().join("outside")).unwrap(), ORIGINAL);
    }

    #[test]
    fn a_maildir_source_gives_its_file_name_and_other_sources_none() {
        assert_eq!(
            MaildirSource::source_name("maildir:new/1700000000.M1P1.host"),
            Some("1700000000.M1P1.host")
        );
        assert_eq!(MaildirSource::source_name("maildir:new/"), None);
        assert_eq!(MaildirSource::source_name("maildir:new/../x"), None);
        assert_eq!(
            MaildirSource::source_name("imap:avg/;UIDVALIDITY=1/;UID=2"),
            None
        );
    }
}
