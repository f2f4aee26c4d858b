//! The master key that wraps every package's own key. It lives outside the
//! configuration file and outside the store — in the environment (systemd's
//! `LoadCredential=` or a secret manager) or in a key file — so that a copy
//! of the store, or of its backups, opens no package.
//!
//! No error message holds the key or any part of it: a message says where
//! dsrd looked and what was wrong with what it found there.

use base64::Engine;
use rand::RngCore;
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

/// The master key: 32 secret bytes. Its `Debug` shows nothing of them.
pub struct MasterKey([u8; 32]);

impl MasterKey {
    /// The key made of these bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        MasterKey(bytes)
    }

    /// A new random key from the operating system's generator.
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        MasterKey(bytes)
    }

    /// The key as 64 hexadecimal digits, e.g. for `demo init` to write a
    /// key file.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// The key from the environment variable `env_var` when it is set and
    /// not empty, or else from the first line of `file`. Either holds the
    /// key as 64 hexadecimal digits or as base64 (standard or URL-safe,
    /// padded or not) of 32 bytes; spaces around it are ignored.
    pub fn load(env_var: &str, file: Option<&Path>) -> Result<Self, KeyError> {
        load_from(env_var, std::env::var_os(env_var), file)
    }

    /// The secret bytes, for the ciphers.
    pub(super) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A key of its own for another use of the same secret (HKDF-SHA256,
    /// RFC 5869, with `purpose` as its info): a different `purpose` gives
    /// an independent key, and neither reveals the master key. The erasure
    /// ledger's keyed hashes use one, so that the one secret the operator
    /// keeps outside the store serves both without one use weakening the
    /// other.
    pub fn derive(&self, purpose: &str) -> [u8; 32] {
        let mut out = [0u8; 32];
        hkdf::Hkdf::<sha2::Sha256>::new(None, &self.0)
            .expand(purpose.as_bytes(), &mut out)
            .expect("32 bytes is well within HKDF-SHA256's output limit");
        out
    }
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey(<redacted>)")
    }
}

/// [`MasterKey::load`] with the variable's value given, so tests need not
/// change the process's environment.
fn load_from(
    env_var: &str,
    value: Option<OsString>,
    file: Option<&Path>,
) -> Result<MasterKey, KeyError> {
    if let Some(value) = value.filter(|value| !value.is_empty()) {
        let source = KeySource::Env(env_var.to_owned());
        let text = value.into_string().map_err(|_| KeyError::Malformed {
            origin: source.clone(),
            problem: "is not text".into(),
        })?;
        return parse(&text, source);
    }
    let Some(path) = file else {
        return Err(KeyError::Missing {
            env_var: env_var.to_owned(),
        });
    };
    let source = KeySource::File(path.to_owned());
    let bytes = std::fs::read(path).map_err(|error| KeyError::Unreadable {
        path: path.to_owned(),
        error,
    })?;
    let text = String::from_utf8(bytes).map_err(|_| KeyError::Malformed {
        origin: source.clone(),
        problem: "is not text".into(),
    })?;
    parse(text.lines().next().unwrap_or(""), source)
}

/// 64 hexadecimal digits, or base64 of 32 bytes. Hex is tried first and is
/// unambiguous: 64 base64 characters would be 48 bytes.
fn parse(text: &str, source: KeySource) -> Result<MasterKey, KeyError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(KeyError::Malformed {
            origin: source,
            problem: "is empty".into(),
        });
    }
    let mut bytes = [0u8; 32];
    if hex::decode_to_slice(text, &mut bytes).is_ok() {
        return Ok(MasterKey(bytes));
    }
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let decoded = [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(text).ok());
    match decoded {
        Some(decoded) if decoded.len() == 32 => {
            bytes.copy_from_slice(&decoded);
            Ok(MasterKey(bytes))
        }
        Some(decoded) => Err(KeyError::Malformed {
            origin: source,
            problem: format!("is base64 of {} bytes, not of 32", decoded.len()),
        }),
        None => Err(KeyError::Malformed {
            origin: source,
            problem: format!(
                "holds {} characters that are neither 64 hexadecimal digits nor base64 of 32 bytes",
                text.chars().count()
            ),
        }),
    }
}

/// Where a master key was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// An environment variable of this name.
    Env(String),
    /// A key file.
    File(PathBuf),
}

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySource::Env(name) => write!(f, "environment variable {name}"),
            KeySource::File(path) => write!(f, "key file {}", path.display()),
        }
    }
}

/// Why no master key could be loaded. No variant holds the key.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// Neither the variable nor a key file.
    #[error(
        "no master key: environment variable {env_var} is not set and no key file is configured"
    )]
    Missing {
        /// The variable looked at.
        env_var: String,
    },
    /// The key file could not be read.
    #[error("the master key file {} cannot be read: {error}", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// What was found is not a key.
    #[error("the master key in {origin} {problem}")]
    Malformed {
        /// Where it was found.
        origin: KeySource,
        /// What is wrong, without the key.
        problem: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const HEX: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    fn expected() -> [u8; 32] {
        std::array::from_fn(|i| i as u8)
    }

    #[test]
    fn a_key_loads_from_the_environment_as_hex_or_base64() {
        let key = load_from("DSRD_KEY", Some(HEX.into()), None).unwrap();
        assert_eq!(key.bytes(), &expected());
        let b64 = base64::engine::general_purpose::STANDARD.encode(expected());
        let key = load_from("DSRD_KEY", Some(b64.clone().into()), None).unwrap();
        assert_eq!(key.bytes(), &expected());
        let unpadded = b64.trim_end_matches('=').to_owned();
        let key = load_from("DSRD_KEY", Some(format!(" {unpadded}\n").into()), None).unwrap();
        assert_eq!(key.bytes(), &expected());
        assert_eq!(key.to_hex(), HEX);
    }

    #[test]
    fn the_environment_comes_before_the_file_and_an_empty_variable_counts_as_unset() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        writeln!(file, "{}", "ff".repeat(32)).unwrap();
        let key = load_from("DSRD_KEY", Some(HEX.into()), Some(file.path())).unwrap();
        assert_eq!(key.bytes(), &expected());
        let key = load_from("DSRD_KEY", Some("".into()), Some(file.path())).unwrap();
        assert_eq!(key.bytes(), &[0xff; 32]);
    }

    #[test]
    fn a_key_loads_from_the_first_line_of_a_file() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        write!(file, "{HEX}\n# written by dsrd demo init\n").unwrap();
        // Through the public entry point, with a variable no test sets.
        let key = MasterKey::load("DSRD_TEST_KEY_NEVER_SET_7f3a", Some(file.path())).unwrap();
        assert_eq!(key.bytes(), &expected());
    }

    #[test]
    fn a_short_or_garbled_key_is_a_clear_error_without_the_key() {
        let short = &HEX[..40];
        let error = load_from("DSRD_KEY", Some(short.into()), None).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("environment variable DSRD_KEY"),
            "{message}"
        );
        assert!(!message.contains(short), "{message}");
        assert!(!message.contains(&short[..8]), "{message}");

        let garbled = format!("{}!!", &HEX[..62]);
        let message = load_from("DSRD_KEY", Some(garbled.clone().into()), None)
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("neither 64 hexadecimal digits"),
            "{message}"
        );
        assert!(!message.contains(&garbled[..8]), "{message}");

        let b64 = base64::engine::general_purpose::STANDARD.encode([7u8; 16]);
        let message = load_from("DSRD_KEY", Some(b64.clone().into()), None)
            .unwrap_err()
            .to_string();
        assert!(message.contains("16 bytes, not of 32"), "{message}");
        assert!(!message.contains(&b64), "{message}");

        let mut file = tempfile::NamedTempFile::new().unwrap();
        writeln!(file, "{short}").unwrap();
        let message = load_from("DSRD_KEY", None, Some(file.path()))
            .unwrap_err()
            .to_string();
        assert!(message.contains("key file"), "{message}");
        assert!(!message.contains(short), "{message}");
    }

    #[test]
    fn a_missing_key_says_where_dsrd_looked() {
        let message = load_from("DSRD_KEY", None, None).unwrap_err().to_string();
        assert!(message.contains("DSRD_KEY"), "{message}");
        let missing = Path::new("/nonexistent/dsrd.key");
        let message = load_from("DSRD_KEY", None, Some(missing))
            .unwrap_err()
            .to_string();
        assert!(message.contains("/nonexistent/dsrd.key"), "{message}");
        let message = load_from("DSRD_KEY", Some("".into()), None)
            .unwrap_err()
            .to_string();
        assert!(message.contains("not set"), "{message}");
    }

    #[test]
    fn derived_keys_differ_by_purpose_and_from_the_master_key() {
        let key = MasterKey::from_bytes(expected());
        let ledger = key.derive("dsrd erasure ledger v1");
        assert_eq!(ledger, key.derive("dsrd erasure ledger v1"), "stable");
        assert_ne!(ledger, key.derive("another purpose"));
        assert_ne!(&ledger, key.bytes());
        assert_ne!(
            ledger,
            MasterKey::from_bytes([0xff; 32]).derive("dsrd erasure ledger v1")
        );
    }

    #[test]
    fn debug_shows_nothing_of_the_key() {
        let key = MasterKey::from_bytes([0xab; 32]);
        assert_eq!(format!("{key:?}"), "MasterKey(<redacted>)");
        assert_ne!(
            MasterKey::generate().to_hex(),
            MasterKey::generate().to_hex()
        );
    }
}
