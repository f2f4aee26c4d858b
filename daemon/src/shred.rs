//! Removing a file dsrd wrote or keeps whose bytes are personal data (an
//! outgoing mail, a Maildir copy of a request, a sealed package) once the
//! case file's retention ran out.

use std::io::{self, Write};
use std::path::Path;

/// Overwrites `path` with zeros, syncs it, unlinks it and syncs its
/// folder, so its bytes do not stay readable in the freed blocks of a
/// simple file system (a copy-on-write or journalling file system, or an
/// SSD's wear levelling, may still keep old blocks: the disk is the
/// organisation's to encrypt). Returns false when there was no such file.
pub fn shred(path: &Path) -> io::Result<bool> {
    let mut file = match std::fs::OpenOptions::new().write(true).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    let mut left = file.metadata()?.len();
    let zeros = [0u8; 8192];
    while left > 0 {
        let n = left.min(zeros.len() as u64) as usize;
        file.write_all(&zeros[..n])?;
        left -= n as u64;
    }
    file.sync_all()?;
    drop(file);
    std::fs::remove_file(path)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shredded_file_is_gone_and_a_missing_one_is_no_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("AVG-2026-0001-answer-3.eml");
        std::fs::write(&path, b"Beste Sanne Bakker").unwrap();
        assert!(shred(&path).unwrap());
        assert!(!path.exists());
        assert!(!shred(&path).unwrap());
    }
}
