//! The optional second factor: time-based one-time passwords (RFC 6238)
//! as every authenticator app makes them: HMAC-SHA-1, 6 digits, a 30 s
//! step, one step of clock skew either way.
//!
//! The secret is 160 random bits (RFC 4226 section 4 recommends 160). The
//! server must be able to compute codes, so it keeps the secret itself, not
//! a hash; a code is accepted once (RFC 6238 section 5.2): the store keeps
//! the last accepted step and a login with that step or an earlier one is
//! refused.

use chrono::{DateTime, Utc};
use totp_rs::{Algorithm, Builder, Secret, Totp};

/// The issuer an authenticator app shows beside the account's name.
pub const ISSUER: &str = "dsrd";
/// Random bytes in a secret.
const SECRET_BYTES: usize = 20;

/// What an officer needs to set up the authenticator app, shown once.
#[derive(Clone)]
pub struct TotpSetup {
    /// The secret in base32, for typing into the app.
    pub secret: String,
    /// The `otpauth://totp/…` URL, for a QR code.
    pub url: String,
}

impl std::fmt::Debug for TotpSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSetup(***)")
    }
}

/// A new random secret, in base32.
pub fn new_secret() -> String {
    let bytes: [u8; SECRET_BYTES] = rand::random();
    Secret::from(bytes.to_vec()).to_base32()
}

/// The generator of `secret` (base32) for the account `name`, or `None`
/// for a secret that is not base32 of at least 128 bits.
fn totp(secret: &str, name: &str) -> Option<Totp> {
    let secret = Secret::try_from_base32(secret).ok()?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_skew(1)
        .with_secret(secret)
        .with_issuer(Some(ISSUER))
        .with_account_name(name)
        .build()
        .ok()
}

/// What the app is set up with for the account `name`.
pub fn setup(secret: &str, name: &str) -> Option<TotpSetup> {
    let url = totp(secret, name)?.to_url().ok()?;
    Some(TotpSetup {
        secret: secret.to_owned(),
        url,
    })
}

/// The step whose code `code` is at `now` (give or take one step), or
/// `None` for a wrong code. Spaces in the code do not matter.
pub fn check(secret: &str, code: &str, now: DateTime<Utc>) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let time = u64::try_from(now.timestamp()).ok()?;
    let step = totp(secret, "-")?.check(&code, time)?;
    i64::try_from(step).ok()
}

/// The code of `secret` at `now`, as the app shows it (for tests).
pub fn code_at(secret: &str, now: DateTime<Utc>) -> Option<String> {
    let time = u64::try_from(now.timestamp()).ok()?;
    Some(totp(secret, "-")?.generate(time).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn the_rfc_6238_vector_for_sha1_checks_at_its_time() {
        // RFC 6238 appendix B: the SHA-1 secret "12345678901234567890" gives
        // 94287082 at T = 59 s; its last six digits are the 6-digit code.
        let secret = Secret::from(b"12345678901234567890".to_vec()).to_base32();
        let t = DateTime::from_timestamp(59, 0).unwrap();
        assert_eq!(code_at(&secret, t).as_deref(), Some("287082"));
        assert_eq!(check(&secret, "287082", t), Some(1));
        assert_eq!(check(&secret, "287 082", t), Some(1));
    }

    #[test]
    fn a_code_checks_one_step_either_side_and_not_further() {
        let secret = new_secret();
        let now = at("2026-03-02T09:15:10Z");
        let code = code_at(&secret, now).unwrap();
        let step = check(&secret, &code, now).unwrap();
        assert_eq!(step, now.timestamp() / 30);
        assert_eq!(
            check(&secret, &code, now + Duration::seconds(30)),
            Some(step)
        );
        assert_eq!(
            check(&secret, &code, now - Duration::seconds(30)),
            Some(step)
        );
        assert_eq!(check(&secret, &code, now + Duration::seconds(75)), None);
        let wrong = if code == "000000" { "000001" } else { "000000" };
        assert_eq!(check(&secret, wrong, now), None);
        assert_eq!(check(&secret, "12345", now), None);
        assert_eq!(check("not base32!", &code, now), None);
    }

    #[test]
    fn a_secret_is_160_random_bits_and_the_url_names_issuer_and_account() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert_eq!(Secret::try_from_base32(&a).unwrap().as_ref().len(), 20);
        let setup = setup(&a, "Fatima el Amrani").unwrap();
        assert_eq!(setup.secret, a);
        assert!(
            setup
                .url
                .starts_with("otpauth://totp/dsrd:Fatima%20el%20Amrani?"),
            "{}",
            setup.url
        );
        assert!(setup.url.contains(&format!("secret={a}")));
        assert!(setup.url.contains("issuer=dsrd"));
        assert!(!format!("{setup:?}").contains(&a));
    }
}
