//! Packages encrypted at rest.
//!
//! Each package gets its own random 32-byte data key. The file is the
//! package encrypted with it as XChaCha20-Poly1305 in the STREAM
//! construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015; RustCrypto's
//! `EncryptorBE32`), 64 KiB of plaintext per chunk, so that it is
//! decrypted while it streams to the requester and a changed, reordered
//! or cut-off chunk is found where it is, before the rest is sent:
//!
//! ```text
//! "DSRDPKG1"            8 bytes   magic; the 1 is the format's version
//! stream nonce         19 bytes   random (24-byte XChaCha nonce less
//!                                 STREAM's 4-byte counter and last flag)
//! chunk 0, 1, …, last             64 KiB + 16-byte tag each; the last
//!                                 one shorter (or only a tag)
//! ```
//!
//! Every chunk's associated data is the header followed by the caller's
//! `aad` (the case reference and package id), so a package file moved to
//! another case's row does not open.
//!
//! The data key is not in the file. It is wrapped — encrypted with
//! XChaCha20-Poly1305 under the [`MasterKey`], a random nonce, the same
//! `aad` — into a [`WrappedKey`] that the caller keeps in the store. Deleting
//! that row destroys the package, also in every backup of the file.

use super::key::MasterKey;
use chacha20poly1305::aead::stream::{DecryptorBE32, EncryptorBE32};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use std::io::{self, Read, Write};

/// The first bytes of every sealed package.
pub const MAGIC: &[u8; 8] = b"DSRDPKG1";
/// Plaintext bytes per chunk.
pub const CHUNK: usize = 64 * 1024;
const TAG: usize = 16;
const STREAM_NONCE: usize = 19;
const HEADER: usize = MAGIC.len() + STREAM_NONCE;
/// The wrapped key's layout version, its first byte.
const WRAP_VERSION: u8 = 1;
const WRAP_NONCE: usize = 24;
const WRAPPED_LEN: usize = 1 + WRAP_NONCE + 32 + TAG;
/// Set before the caller's `aad` when wrapping, so that a wrapped key can
/// never be taken for a chunk of a package or the other way round.
const WRAP_CONTEXT: &[u8] = b"dsrd package key\0";

/// A package's data key, encrypted under the master key; for the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedKey(pub Vec<u8>);

/// Why a package could not be sealed or opened.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// Reading or writing failed.
    #[error("reading or writing the sealed package: {0}")]
    Io(#[from] io::Error),
    /// The file does not start like a sealed package.
    #[error("the file is not a sealed dsrd package (no DSRDPKG1 header)")]
    NotAPackage,
    /// The file ends inside its header or before its first chunk.
    #[error("the sealed package is cut off before its first chunk")]
    Truncated,
    /// The wrapped key is not one this version writes.
    #[error("the wrapped key is not a dsrd package key ({0} bytes)")]
    BadWrappedKey(usize),
    /// The wrapped key does not open: another master key, or another case
    /// reference or package id than it was sealed for.
    #[error("the package key does not open with this master key for this case and package")]
    WrongKey,
    /// A chunk failed authentication: the file was changed or cut off there.
    #[error("the sealed package is damaged or cut off at chunk {chunk}")]
    Damaged {
        /// The chunk, from 0.
        chunk: u64,
    },
    /// More chunks than STREAM's 32-bit counter can number (256 TiB).
    #[error("the package is too large to seal")]
    TooLarge,
}

/// Encrypts `plain` into `out` under a new data key and returns that key
/// wrapped by `master`. `aad` binds the package to its case reference and
/// package id; [`open`] needs the same bytes.
pub fn seal(
    master: &MasterKey,
    aad: &[u8],
    mut plain: impl Read,
    mut out: impl Write,
) -> Result<WrappedKey, SealError> {
    let mut data_key = [0u8; 32];
    let mut stream_nonce = [0u8; STREAM_NONCE];
    rand::rngs::OsRng.fill_bytes(&mut data_key);
    rand::rngs::OsRng.fill_bytes(&mut stream_nonce);
    let wrapped = wrap(master, aad, &data_key)?;

    let mut header = Vec::with_capacity(HEADER);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&stream_nonce);
    out.write_all(&header)?;
    let chunk_aad = [header.as_slice(), aad].concat();

    let cipher = XChaCha20Poly1305::new(&data_key.into());
    let mut encryptor = EncryptorBE32::from_aead(cipher, stream_nonce.as_slice().into());
    let mut current = vec![0u8; CHUNK];
    let mut next = vec![0u8; CHUNK];
    let mut filled = read_full(&mut plain, &mut current)?;
    loop {
        // Which chunk is the last is only known by reading ahead: a full
        // chunk may be followed by nothing.
        let ahead = if filled == CHUNK {
            read_full(&mut plain, &mut next)?
        } else {
            0
        };
        let payload = Payload {
            msg: &current[..filled],
            aad: &chunk_aad,
        };
        if ahead == 0 {
            let sealed = encryptor
                .encrypt_last(payload)
                .map_err(|_| SealError::TooLarge)?;
            out.write_all(&sealed)?;
            break;
        }
        let sealed = encryptor
            .encrypt_next(payload)
            .map_err(|_| SealError::TooLarge)?;
        out.write_all(&sealed)?;
        std::mem::swap(&mut current, &mut next);
        filled = ahead;
    }
    out.flush()?;
    Ok(wrapped)
}

/// Opens a sealed package for streaming: checks the header and unwraps the
/// data key now, and decrypts chunk by chunk as the [`Opened`] iterator is
/// read. A wrong master key or `aad` fails here; a changed or cut-off file
/// fails at the chunk where it is found.
pub fn open<R: Read>(
    master: &MasterKey,
    wrapped: &WrappedKey,
    aad: &[u8],
    mut sealed: R,
) -> Result<Opened<R>, SealError> {
    let data_key = unwrap(master, aad, wrapped)?;
    let mut header = [0u8; HEADER];
    let read = read_full(&mut sealed, &mut header)?;
    if read < MAGIC.len() || &header[..MAGIC.len()] != MAGIC {
        return Err(SealError::NotAPackage);
    }
    if read < HEADER {
        return Err(SealError::Truncated);
    }
    let mut first = vec![0u8; CHUNK + TAG];
    let filled = read_full(&mut sealed, &mut first)?;
    if filled == 0 {
        return Err(SealError::Truncated);
    }
    first.truncate(filled);
    let cipher = XChaCha20Poly1305::new(&data_key.into());
    let stream_nonce = &header[MAGIC.len()..];
    Ok(Opened {
        reader: sealed,
        decryptor: Some(DecryptorBE32::from_aead(cipher, stream_nonce.into())),
        aad: [header.as_slice(), aad].concat(),
        pending: first,
        chunk: 0,
    })
}

/// A sealed package being decrypted: yields the plaintext chunk by chunk,
/// and ends after the last chunk or the first error.
pub struct Opened<R> {
    reader: R,
    /// `None` once the last chunk is out or an error was yielded.
    decryptor: Option<DecryptorBE32<XChaCha20Poly1305>>,
    aad: Vec<u8>,
    /// The next chunk's ciphertext, read ahead to know whether it is the
    /// last.
    pending: Vec<u8>,
    chunk: u64,
}

impl<R> std::fmt::Debug for Opened<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opened")
            .field("chunk", &self.chunk)
            .field("done", &self.decryptor.is_none())
            .finish_non_exhaustive()
    }
}

impl<R: Read> Iterator for Opened<R> {
    type Item = Result<Vec<u8>, SealError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut decryptor = self.decryptor.take()?;
        let current = std::mem::take(&mut self.pending);
        let mut ahead = vec![0u8; CHUNK + TAG];
        let filled = match read_full(&mut self.reader, &mut ahead) {
            Ok(filled) => filled,
            Err(error) => return Some(Err(error.into())),
        };
        ahead.truncate(filled);
        let chunk = self.chunk;
        self.chunk += 1;
        let payload = Payload {
            msg: &current,
            aad: &self.aad,
        };
        let damaged = |_| SealError::Damaged { chunk };
        if filled == 0 {
            // Nothing follows: this must be the chunk sealed as the last,
            // which a file cut off at a chunk boundary does not have.
            return Some(decryptor.decrypt_last(payload).map_err(damaged));
        }
        let plain = decryptor.decrypt_next(payload).map_err(damaged);
        if plain.is_ok() {
            self.decryptor = Some(decryptor);
            self.pending = ahead;
        }
        Some(plain)
    }
}

fn wrap(master: &MasterKey, aad: &[u8], data_key: &[u8; 32]) -> Result<WrappedKey, SealError> {
    let mut nonce = [0u8; WRAP_NONCE];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let cipher = XChaCha20Poly1305::new(master.bytes().into());
    let sealed = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: data_key,
                aad: &[WRAP_CONTEXT, aad].concat(),
            },
        )
        // Encrypting 32 bytes fails only on a length past the AEAD's limit.
        .map_err(|_| SealError::TooLarge)?;
    let mut wrapped = Vec::with_capacity(WRAPPED_LEN);
    wrapped.push(WRAP_VERSION);
    wrapped.extend_from_slice(&nonce);
    wrapped.extend_from_slice(&sealed);
    Ok(WrappedKey(wrapped))
}

fn unwrap(master: &MasterKey, aad: &[u8], wrapped: &WrappedKey) -> Result<[u8; 32], SealError> {
    let bytes = &wrapped.0;
    if bytes.len() != WRAPPED_LEN || bytes[0] != WRAP_VERSION {
        return Err(SealError::BadWrappedKey(bytes.len()));
    }
    let (nonce, sealed) = bytes[1..].split_at(WRAP_NONCE);
    let cipher = XChaCha20Poly1305::new(master.bytes().into());
    let plain = cipher
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: sealed,
                aad: &[WRAP_CONTEXT, aad].concat(),
            },
        )
        .map_err(|_| SealError::WrongKey)?;
    plain.try_into().map_err(|_| SealError::WrongKey)
}

/// Reads until `buf` is full or the reader ends; returns how much it read.
fn read_full(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    const AAD: &[u8] = b"AVG-2026-0001/pkg-1";

    fn master() -> MasterKey {
        MasterKey::from_bytes([42; 32])
    }

    fn sealed(plain: &[u8]) -> (Vec<u8>, WrappedKey) {
        let mut out = Vec::new();
        let wrapped = seal(&master(), AAD, plain, &mut out).unwrap();
        (out, wrapped)
    }

    fn opened(
        file: &[u8],
        wrapped: &WrappedKey,
        key: &MasterKey,
        aad: &[u8],
    ) -> Result<Vec<u8>, SealError> {
        let mut plain = Vec::new();
        for chunk in open(key, wrapped, aad, file)? {
            plain.extend(chunk?);
        }
        Ok(plain)
    }

    fn sample(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 7 % 251) as u8).collect()
    }

    #[test]
    fn every_length_round_trips_including_chunk_boundaries() {
        for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 5] {
            let plain = sample(len);
            let (file, wrapped) = sealed(&plain);
            assert_eq!(&file[..8], MAGIC);
            let chunks = len / CHUNK + 1 - usize::from(len > 0 && len % CHUNK == 0);
            assert_eq!(file.len(), HEADER + len + chunks * TAG, "length {len}");
            assert_eq!(
                opened(&file, &wrapped, &master(), AAD).unwrap(),
                plain,
                "length {len}"
            );
        }
    }

    #[test]
    fn the_same_plaintext_seals_differently_each_time() {
        let (a, wa) = sealed(b"hallo");
        let (b, wb) = sealed(b"hallo");
        assert_ne!(a, b);
        assert_ne!(wa, wb);
        assert_eq!(wa.0.len(), WRAPPED_LEN);
    }

    #[test]
    fn a_wrong_master_key_or_aad_does_not_open() {
        let (file, wrapped) = sealed(&sample(100));
        let other = MasterKey::from_bytes([43; 32]);
        assert!(matches!(
            opened(&file, &wrapped, &other, AAD),
            Err(SealError::WrongKey)
        ));
        assert!(matches!(
            opened(&file, &wrapped, &master(), b"AVG-2026-0002/pkg-1"),
            Err(SealError::WrongKey)
        ));
    }

    #[test]
    fn a_flipped_byte_anywhere_is_found() {
        let plain = sample(2 * CHUNK + 10);
        let (file, wrapped) = sealed(&plain);
        for at in [9, HEADER + 3, HEADER + CHUNK + TAG + 1, file.len() - 1] {
            let mut bad = file.clone();
            bad[at] ^= 1;
            assert!(
                matches!(
                    opened(&bad, &wrapped, &master(), AAD),
                    Err(SealError::Damaged { .. })
                ),
                "flip at {at}"
            );
        }
        let mut bad = file.clone();
        bad[0] ^= 1;
        assert!(matches!(
            opened(&bad, &wrapped, &master(), AAD),
            Err(SealError::NotAPackage)
        ));
        let mut bad_key = wrapped.clone();
        bad_key.0[30] ^= 1;
        assert!(matches!(
            opened(&file, &bad_key, &master(), AAD),
            Err(SealError::WrongKey)
        ));
    }

    #[test]
    fn a_damaged_chunk_fails_where_it_is_after_the_good_ones() {
        let (mut file, wrapped) = sealed(&sample(3 * CHUNK));
        file[HEADER + CHUNK + TAG + 100] ^= 0x80;
        let results: Vec<_> = open(&master(), &wrapped, AAD, file.as_slice())
            .unwrap()
            .collect();
        assert_eq!(results.len(), 2, "stops after the error");
        assert_eq!(results[0].as_ref().unwrap().len(), CHUNK);
        assert!(matches!(results[1], Err(SealError::Damaged { chunk: 1 })));
    }

    #[test]
    fn a_truncated_file_fails() {
        let (file, wrapped) = sealed(&sample(2 * CHUNK + 10));
        // Cut inside a chunk, at a chunk boundary (the last chunk missing),
        // and inside or right after the header.
        for len in [
            file.len() - 1,
            HEADER + 2 * (CHUNK + TAG),
            HEADER + CHUNK + TAG,
        ] {
            assert!(
                matches!(
                    opened(&file[..len], &wrapped, &master(), AAD),
                    Err(SealError::Damaged { .. })
                ),
                "cut at {len}"
            );
        }
        assert!(matches!(
            opened(&file[..HEADER], &wrapped, &master(), AAD),
            Err(SealError::Truncated)
        ));
        assert!(matches!(
            opened(&file[..12], &wrapped, &master(), AAD),
            Err(SealError::Truncated)
        ));
        assert!(matches!(
            opened(&file[..4], &wrapped, &master(), AAD),
            Err(SealError::NotAPackage)
        ));
    }

    #[test]
    fn a_malformed_wrapped_key_is_refused() {
        let (file, _) = sealed(b"x");
        let short = WrappedKey(vec![1; 10]);
        assert!(matches!(
            opened(&file, &short, &master(), AAD),
            Err(SealError::BadWrappedKey(10))
        ));
    }
}
