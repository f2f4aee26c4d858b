//! Keyed hashes of a subject's identifiers: what the ledger keeps instead
//! of the identifiers themselves.
//!
//! Each identifier is normalised (an e-mail address in lower case, a name
//! with single spaces in lower case) and hashed with HMAC-SHA256 under the
//! ledger key, with its kind in front so that an e-mail address and a name
//! that happen to be the same text hash differently. Without the key the
//! hashes say nothing: an unkeyed SHA-256 of a guessed address does not
//! match, so a copy of the store (or of its backups) cannot be searched for
//! a name. With the key, the same identifiers read back from a restored
//! school system hash to the same values: that is how a replay recognises
//! the person it erased.

use crate::package::MasterKey;
use dsrd_plugin_api::LocatedPerson;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::fmt;

/// The HKDF info the ledger key is derived under (see
/// [`MasterKey::derive`]); a new version would make a new key.
const PURPOSE: &str = "dsrd erasure ledger v1";

/// The key the ledger's identifiers are hashed under, derived from the
/// ledger key (`[ledger]`). Its `Debug` shows nothing of it.
#[derive(Clone)]
pub struct LedgerKey([u8; 32]);

impl LedgerKey {
    /// The hashing key, derived from the ledger key as read.
    pub fn from_master(master: &MasterKey) -> Self {
        LedgerKey(master.derive(PURPOSE))
    }

    /// A short, public name of this key (the first 8 bytes of an HMAC of a
    /// fixed text, in hex): kept with each entry, so a replay under another
    /// key (the ledger key was replaced) says so instead of recognising
    /// nobody. It reveals nothing of the key.
    pub fn id(&self) -> String {
        hex::encode(&self.mac(b"key id")[..8])
    }

    /// The hash of `value` (already normalised) of `kind`.
    fn hash(&self, kind: HashKind, value: &str) -> IdentifierHash {
        let mut input = Vec::with_capacity(value.len() + 16);
        input.extend_from_slice(kind.as_str().as_bytes());
        input.push(0);
        input.extend_from_slice(value.as_bytes());
        IdentifierHash {
            kind,
            hash: hex::encode(self.mac(&input)),
        }
    }

    fn mac(&self, input: &[u8]) -> [u8; 32] {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(input);
        mac.finalize().into_bytes().into()
    }

    /// The hashes of the identifiers a plugin holds for `person`: each
    /// e-mail address, and each name together with the date of birth.
    /// A name alone is not hashed: namesakes are common, and a replay must
    /// not take one for the other.
    pub fn hashes_of(&self, person: &LocatedPerson) -> Vec<IdentifierHash> {
        let mut hashes = Vec::new();
        for email in &person.emails {
            let email = email.trim().to_ascii_lowercase();
            if !email.is_empty() {
                hashes.push(self.hash(HashKind::Email, &email));
            }
        }
        if let Some(born) = person.date_of_birth {
            for name in &person.names {
                let name = normalise_name(name);
                if !name.is_empty() {
                    hashes.push(self.hash(HashKind::NameAndBirth, &format!("{name}|{born}")));
                }
            }
        }
        hashes.sort();
        hashes.dedup();
        hashes
    }
}

impl fmt::Debug for LedgerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LedgerKey(<redacted>)")
    }
}

/// Which identifier a hash is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HashKind {
    /// An e-mail address on file.
    Email,
    /// A name on file with the date of birth on file.
    NameAndBirth,
}

impl HashKind {
    fn as_str(self) -> &'static str {
        match self {
            HashKind::Email => "email",
            HashKind::NameAndBirth => "name_and_birth",
        }
    }
}

/// One identifier, hashed: its kind and the HMAC in hex.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct IdentifierHash {
    /// What was hashed.
    pub kind: HashKind,
    /// HMAC-SHA256 under the ledger key, in hex.
    pub hash: String,
}

/// Whether the person behind `found` (hashed from what a system holds
/// now) is the one an entry recorded (`recorded`). A name with the date of
/// birth decides when both sides have one: the same e-mail address on two
/// records of different people (siblings sharing a parent's address) must
/// not make them one. Only where neither side has a name and birth date
/// does a shared e-mail address count.
pub fn same_person(recorded: &[IdentifierHash], found: &[IdentifierHash]) -> bool {
    let of = |hashes: &[IdentifierHash], kind| -> Vec<String> {
        hashes
            .iter()
            .filter(|h| h.kind == kind)
            .map(|h| h.hash.clone())
            .collect()
    };
    let shared = |kind| {
        let mine = of(recorded, kind);
        of(found, kind).iter().any(|hash| mine.contains(hash))
    };
    let has_birth =
        |hashes: &[IdentifierHash]| hashes.iter().any(|h| h.kind == HashKind::NameAndBirth);
    if has_birth(recorded) && has_birth(found) {
        shared(HashKind::NameAndBirth)
    } else {
        shared(HashKind::Email)
    }
}

/// Lower case, single spaces: "Lotte  Bakker" and "lotte bakker" hash alike.
fn normalise_name(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use sha2::Digest;

    fn key(byte: u8) -> LedgerKey {
        LedgerKey::from_master(&MasterKey::from_bytes([byte; 32]))
    }

    fn lotte() -> LocatedPerson {
        LocatedPerson {
            key: "pupils:9001".into(),
            names: vec!["Lotte Bakker".into()],
            date_of_birth: NaiveDate::from_ymd_opt(2017, 5, 1),
            emails: vec!["lotte.bakker@leerling.example".into()],
            ..LocatedPerson::default()
        }
    }

    #[test]
    fn the_same_identifiers_hash_alike_whatever_their_case_and_spacing() {
        let mut restored = lotte();
        restored.key = "pupils:17".into();
        restored.names = vec!["  LOTTE   bakker ".into()];
        restored.emails = vec![" Lotte.Bakker@Leerling.example".into()];

        let before = key(1).hashes_of(&lotte());
        let after = key(1).hashes_of(&restored);

        assert_eq!(before.len(), 2, "{before:?}");
        assert_eq!(before, after);
        assert!(same_person(&before, &after));
    }

    #[test]
    fn the_hashes_depend_on_the_key_and_are_no_plain_sha256() {
        let hashes = key(1).hashes_of(&lotte());
        let other = key(2).hashes_of(&lotte());
        assert!(
            hashes.iter().all(|h| !other.contains(h)),
            "another key, other hashes"
        );
        assert!(!same_person(&hashes, &other));
        for plain in [
            "lotte.bakker@leerling.example",
            "lotte bakker|2017-05-01",
            "Lotte Bakker",
        ] {
            let sha = hex::encode(Sha256::digest(plain.as_bytes()));
            assert!(hashes.iter().all(|h| h.hash != sha), "{plain}");
        }
        let text = serde_json::to_string(&hashes).unwrap();
        for personal in ["Lotte", "Bakker", "leerling", "2017"] {
            assert!(!text.contains(personal), "{text}");
        }
    }

    #[test]
    fn a_sibling_with_the_same_address_is_not_the_same_person() {
        let mut sister = lotte();
        sister.names = vec!["Fenna Bakker".into()];
        sister.date_of_birth = NaiveDate::from_ymd_opt(2019, 2, 3);
        let k = key(1);
        assert!(!same_person(&k.hashes_of(&lotte()), &k.hashes_of(&sister)));

        // With no name and birth date on either side, the address decides.
        let bare = |email: &str| LocatedPerson {
            emails: vec![email.into()],
            ..LocatedPerson::default()
        };
        assert!(same_person(
            &k.hashes_of(&bare("a@b.nl")),
            &k.hashes_of(&bare("A@b.nl"))
        ));
        assert!(!same_person(
            &k.hashes_of(&bare("a@b.nl")),
            &k.hashes_of(&bare("c@b.nl"))
        ));
        assert!(
            !same_person(&[], &k.hashes_of(&lotte())),
            "nothing recorded, nobody recognised"
        );
    }

    #[test]
    fn a_kind_is_part_of_the_hash_and_the_key_id_is_stable_and_reveals_nothing() {
        let k = key(1);
        assert_ne!(
            k.hash(HashKind::Email, "x").hash,
            k.hash(HashKind::NameAndBirth, "x").hash
        );
        assert_eq!(k.id(), key(1).id());
        assert_ne!(k.id(), key(2).id());
        assert_eq!(k.id().len(), 16);
        assert_eq!(format!("{k:?}"), "LedgerKey(<redacted>)");
    }
}
