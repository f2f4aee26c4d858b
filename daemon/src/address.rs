//! An e-mail address that has been checked once, where it entered dsrd
//! (STYLE.md "Parse, don't validate"): the requester's From, the
//! organisation's reply address, the officer's, an outgoing envelope's.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// A valid e-mail address (`user@domain`, as lettre accepts it for sending).
///
/// Two addresses are equal when they differ only in letter case: mail
/// systems treat `Sanne@Example.org` and `sanne@example.org` as one mailbox
/// in practice (RFC 5321 §2.4 allows a server to tell the local parts apart,
/// none that a school uses does), and a requester who writes once in capitals
/// is the same requester. The spelling as written is kept for display.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

/// Why a text is not an e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an e-mail address like avg@school.example")]
pub struct BadAddress(String);

impl EmailAddress {
    /// Parses `text` (surrounding white space ignored).
    pub fn parse(text: &str) -> Result<Self, BadAddress> {
        let text = text.trim();
        match text.parse::<lettre::Address>() {
            Ok(_) => Ok(EmailAddress(text.to_owned())),
            Err(_) => Err(BadAddress(text.to_owned())),
        }
    }

    /// The address as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address for lettre, which builds the message headers.
    pub fn to_lettre(&self) -> lettre::Address {
        self.0
            .parse()
            .expect("an EmailAddress was parsed by lettre when it was made")
    }

    /// The part after the `@`.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map(|(_, d)| d).unwrap_or("")
    }
}

/// An address serialises as its text (`into = "String"`). No `format`:
/// what lettre accepts is not quite what a JSON Schema `email` checker does.
impl utoipa::PartialSchema for EmailAddress {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .examples(["avg@school.example"])
            .into()
    }
}

impl utoipa::ToSchema for EmailAddress {}

impl PartialEq for EmailAddress {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }
}

impl Eq for EmailAddress {}

impl Hash for EmailAddress {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Consistent with `eq`: the case-folded form.
        for b in self.0.bytes() {
            state.write_u8(b.to_ascii_lowercase());
        }
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for EmailAddress {
    type Err = BadAddress;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EmailAddress::parse(s)
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = BadAddress;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        EmailAddress::parse(&s)
    }
}

impl From<EmailAddress> for String {
    fn from(a: EmailAddress) -> String {
        a.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn an_address_parses_and_keeps_its_spelling() {
        let a = EmailAddress::parse(" Sanne@Example.org ").unwrap();
        assert_eq!(a.as_str(), "Sanne@Example.org");
        assert_eq!(a.domain(), "Example.org");
        assert_eq!(a.to_lettre().to_string(), "Sanne@Example.org");
    }

    #[test]
    fn what_is_not_an_address_is_refused() {
        for bad in ["", "sanne", "sanne@", "@example.org", "a b@example.org"] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn addresses_compare_and_hash_regardless_of_case() {
        let a = EmailAddress::parse("Sanne@Example.org").unwrap();
        let b = EmailAddress::parse("sanne@example.ORG").unwrap();
        assert_eq!(a, b);
        assert_eq!(HashSet::from([a.clone(), b]).len(), 1);
        assert_ne!(a, EmailAddress::parse("sanne@example.net").unwrap());
    }

    #[test]
    fn an_address_round_trips_through_json_and_refuses_garbage() {
        let a = EmailAddress::parse("sanne@example.org").unwrap();
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, "\"sanne@example.org\"");
        assert_eq!(serde_json::from_str::<EmailAddress>(&json).unwrap(), a);
        assert!(serde_json::from_str::<EmailAddress>("\"nope\"").is_err());
    }
}
