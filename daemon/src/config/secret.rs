//! Secrets (passwords, tokens) as a type that cannot be printed by accident.

use std::fmt;

/// A secret string. `Debug` prints a placeholder; the value is reached only
/// through [`SecretString::expose`], at the one place that needs it.
#[derive(Clone)]
pub struct SecretString(secrecy::SecretString);

impl SecretString {
    /// Wraps a value.
    pub fn new(value: String) -> Self {
        SecretString(secrecy::SecretString::from(value))
    }

    /// The value itself, for the connection that needs it.
    pub fn expose(&self) -> &str {
        use secrecy::ExposeSecret;
        self.0.expose_secret()
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretString(***)")
    }
}
