//! Passwords: how strong a new one must be, and hashing and checking them
//! with Argon2id at the parameters OWASP recommends as its minimum (m = 19
//! MiB, t = 2, p = 1: `Argon2::default()`).
//!
//! A hash takes tens of milliseconds of CPU and 19 MiB of memory, so it
//! runs on tokio's blocking pool, at most [`HASH_PERMITS`] at a time: a
//! burst of logins waits its turn instead of starving the daemon's other
//! work or its memory.

use crate::config::SecretString;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// The shortest password accepted, in characters (OWASP's authentication
/// guidance for a password without a second factor asks at least 8, NIST
/// SP 800-63B 15; 12 is the choice and what most managers make).
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The longest, so that nobody hands the hasher a megabyte.
pub const MAX_PASSWORD_CHARS: usize = 1024;
/// Hashes computed at once.
pub const HASH_PERMITS: usize = 2;

/// A hash of a password nobody knows, with the same parameters as a real
/// one: checked for a name without an account, so that the answer takes as
/// long as for a real account and its timing does not tell which names
/// exist. (A test checks that its parameters are still the defaults.)
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$ZHNyZC1kdW1teS1zYWx0$1Ni5JKVFxKVWBHPppDZ9pENzsoPMpvtFVmTg6mI3yXk";

/// Whether `password` may be set, or what is wrong with it.
pub fn check_strength(password: &str) -> Result<(), String> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(format!(
            "the password is too short: at least {MIN_PASSWORD_CHARS} characters (a few words make one that is easy to remember)"
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(format!(
            "the password is too long: at most {MAX_PASSWORD_CHARS} characters"
        ));
    }
    Ok(())
}

/// Hashes and checks passwords on the blocking pool, a few at a time.
/// Cloning shares the permits.
#[derive(Debug, Clone)]
pub(crate) struct Hasher {
    permits: Arc<Semaphore>,
}

impl Hasher {
    pub(crate) fn new() -> Hasher {
        Hasher {
            permits: Arc::new(Semaphore::new(HASH_PERMITS)),
        }
    }

    /// The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) of
    /// `password`, with a fresh 128-bit salt.
    pub(crate) async fn hash(&self, password: SecretString) -> Result<String, String> {
        let _permit = self.permits.acquire().await.map_err(|e| e.to_string())?;
        tokio::task::spawn_blocking(move || {
            let salt: [u8; 16] = rand::random();
            Argon2::default()
                .hash_password_with_salt(password.expose().as_bytes(), &salt)
                .map(|hash| hash.to_string())
                .map_err(|e| e.to_string())
        })
        .await
        .map_err(|e| e.to_string())?
    }

    /// Whether `password` is the one hashed in `hash`; with `None`, checks
    /// it against a hash nobody knows the password of, which takes as long
    /// and is always false. An unreadable hash is a wrong password.
    pub(crate) async fn verify(&self, password: SecretString, hash: Option<String>) -> bool {
        let Ok(_permit) = self.permits.acquire().await else {
            return false;
        };
        let real = hash.is_some();
        let hash = hash.unwrap_or_else(|| DUMMY_HASH.to_owned());
        tokio::task::spawn_blocking(move || {
            let ok = Argon2::default()
                .verify_password(password.expose().as_bytes(), hash.as_str())
                .is_ok();
            ok && real
        })
        .await
        .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(s: &str) -> SecretString {
        SecretString::new(s.to_owned())
    }

    #[test]
    fn a_password_needs_twelve_characters_not_bytes() {
        assert!(check_strength("elf tekens!").is_err());
        assert!(check_strength("twaalf teken").is_ok());
        assert!(check_strength(&"é".repeat(11)).is_err());
        assert!(check_strength(&"é".repeat(12)).is_ok());
        assert!(check_strength(&"x".repeat(MAX_PASSWORD_CHARS + 1)).is_err());
    }

    #[tokio::test]
    async fn a_hash_is_argon2id_at_owasp_parameters_salted_and_checks_only_its_password() {
        let hasher = Hasher::new();
        let a = hasher.hash(secret("correct horse battery")).await.unwrap();
        let b = hasher.hash(secret("correct horse battery")).await.unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(!a.contains("correct"));
        assert!(
            hasher
                .verify(secret("correct horse battery"), Some(a.clone()))
                .await
        );
        assert!(
            !hasher
                .verify(secret("correct horse batterY"), Some(a))
                .await
        );
        assert!(!hasher.verify(secret("x"), Some("not a hash".into())).await);
    }

    #[tokio::test]
    async fn the_dummy_hash_has_the_real_parameters_and_matches_nothing() {
        let params = DUMMY_HASH.split('$').nth(3).unwrap();
        let real = Hasher::new()
            .hash(secret("any password here"))
            .await
            .unwrap();
        assert_eq!(real.split('$').nth(3).unwrap(), params);
        let parsed = argon2::password_hash::phc::PasswordHash::new(DUMMY_HASH).unwrap();
        let output = real.split('$').nth(5).unwrap();
        assert_eq!(
            parsed.hash.map(|h| h.len()),
            Some(32),
            "as long as a real one"
        );
        assert_eq!(output.len(), DUMMY_HASH.split('$').nth(5).unwrap().len());
        assert!(!Hasher::new().verify(secret(""), None).await);
        assert!(!Hasher::new().verify(secret("dsrd"), None).await);
    }
}
