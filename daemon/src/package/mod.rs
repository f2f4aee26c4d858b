//! The data package: the copy of the subject's data (art. 15(3)) and, when
//! asked, the portable data (art. 20), as one ZIP the requester downloads.
//!
//! # What is in it
//! - `index.html`: an overview in the requester's language that opens
//!   offline in any browser, loads nothing from anywhere and runs no script
//!   (`html.rs`);
//! - `index.csv`: the manifest, one line per record and per file —
//!   system, table, record, category, redacted yes/no ([`manifest`]);
//! - `data.json` with `portability`: the same data machine-readable, with a
//!   schema version and a description of each field (`portability.rs`);
//! - per system a folder named after its plugin with `<table>.json` and
//!   `<table>.csv` per table and `files/` with the documents as the system
//!   gave them, every name made safe to unpack (`names.rs`, `layout.rs`).
//!
//! Other people's data is withheld before the package is made
//! ([`redact`](mod@redact)); the overview and the manifest say where and why.
//!
//! # Why a plain ZIP, encrypted only at rest
//! A password-protected ZIP would need its password sent by another
//! channel, and its AES variant does not open in Windows Explorer or macOS
//! Archive Utility, which is what parents have. So the requester gets a
//! plain ZIP over the authenticated download link, and dsrd keeps the
//! package only encrypted ([`seal`](mod@seal)): a random key per package, wrapped by a
//! master key kept outside the store and the configuration ([`key`]). The
//! plain ZIP exists only while it is made (in an unnamed temporary file,
//! gone when [`build_sealed`] returns, even if the process is killed) and
//! while it streams to the requester, decrypted chunk by chunk ([`open`]).

pub mod archive;
mod cell;
mod csv;
mod html;
pub mod input;
pub mod key;
mod layout;
pub mod manifest;
mod names;
mod portability;
mod record;
pub mod redact;
pub mod seal;

#[cfg(test)]
mod tests;

pub use archive::write_package;
pub use input::{PackageInput, SystemPart};
pub use key::{KeyError, KeySource, MasterKey};
pub use manifest::{Manifest, ManifestEntry};
pub use redact::{redact, redacted_rows, RedactionRule, Withheld};
pub use seal::{open, seal, Opened, SealError, WrappedKey};

use rand::RngCore;
use sha2::{Digest, Sha256};
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// How the name of a sealed package being written begins: hidden, and
/// recognisable to an operator. What an interrupted write leaves is
/// encrypted under a key that was never stored, so it opens for no one.
pub const SEALING_PREFIX: &str = ".dsrd-sealing-";
/// The extension of a sealed package.
pub const SEALED_EXTENSION: &str = "dsrdpkg";

/// Why a package could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    /// Reading or writing a file failed.
    #[error("writing the data package: {0}")]
    Io(#[from] io::Error),
    /// The ZIP could not be written.
    #[error("writing the data package's ZIP: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// A table could not be written as JSON.
    #[error("writing a table of the data package as JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// Encrypting failed.
    #[error(transparent)]
    Seal(#[from] SealError),
    /// A plugin exported a row with more or fewer values than columns.
    #[error(
        "plugin {plugin:?} exported table {table:?} with {values} values in row {row} for {columns} columns"
    )]
    RaggedRow {
        /// The plugin.
        plugin: String,
        /// The table.
        table: String,
        /// The row, from 1.
        row: usize,
        /// How many values it has.
        values: usize,
        /// How many columns the table has.
        columns: usize,
    },
}

/// A package made and sealed by [`build_sealed`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    /// The sealed file, `<dir>/<random>.dsrdpkg`, readable by its owner only.
    pub path: PathBuf,
    /// The data key, wrapped; for the store, never beside the file.
    pub wrapped: WrappedKey,
    /// SHA-256 of the plain ZIP, in hex: what the requester receives.
    pub sha256: String,
    /// The plain ZIP's size in bytes (the download's length).
    pub size: u64,
    /// What the package holds.
    pub manifest: Manifest,
}

/// Makes the package for `input` and seals it under `master` with `aad`
/// (the case reference and package id, which opening needs again) into a
/// new file in `dir`.
///
/// The plain ZIP is written to an unnamed temporary file in `dir` (the ZIP
/// writer needs to seek; `dir` rather than `/tmp` so that it stays on the
/// disk the operator chose for packages). On Linux it is created without a
/// name (`O_TMPFILE`; elsewhere it is unlinked right after creation), so no
/// other process can open it and the system frees it when it is closed:
/// when this returns, or when the process dies. The sealed file is written under a temporary
/// name with mode 0600, synced, and renamed into place.
pub fn build_sealed(
    input: &PackageInput,
    master: &MasterKey,
    aad: &[u8],
    dir: &Path,
) -> Result<Built, PackageError> {
    let mut plain = tempfile::tempfile_in(dir)?;
    let manifest = write_package(input, &mut plain)?;
    plain.seek(SeekFrom::Start(0))?;

    let mut sealing = tempfile::Builder::new()
        .prefix(SEALING_PREFIX)
        .suffix(".tmp")
        .tempfile_in(dir)?;
    set_owner_only(sealing.as_file())?;
    let mut hashing = Hashing {
        inner: &mut plain,
        hasher: Sha256::new(),
        size: 0,
    };
    let wrapped = seal(master, aad, &mut hashing, sealing.as_file_mut())?;
    let Hashing { hasher, size, .. } = hashing;
    drop(plain);
    sealing.as_file().sync_all()?;

    let mut id = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut id);
    let path = dir.join(format!("{}.{SEALED_EXTENSION}", hex::encode(id)));
    sealing.persist_noclobber(&path).map_err(|e| e.error)?;
    std::fs::File::open(dir)?.sync_all()?;
    Ok(Built {
        path,
        wrapped,
        sha256: hex::encode(hasher.finalize()),
        size,
        manifest,
    })
}

/// Read and write for the owner only, whatever the umask.
fn set_owner_only(file: &std::fs::File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o600))
}

/// A reader that hashes and counts what passes through it.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    size: u64,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }
}
