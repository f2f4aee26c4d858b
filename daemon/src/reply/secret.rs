//! The download link's two secrets (issue 13, point 3): a random one-time
//! token in the link of the answer e-mail, and a short code in a second
//! e-mail to the verified address. The store keeps hashes only, and the
//! code's hash is bound to its token, so a copy of the store gives neither
//! the link nor a way to test codes without it.

use rand::Rng;
use sha2::{Digest, Sha256};

/// Characters a person reads without confusing them (no 0/O, 1/I/L), as the
/// identity codes use.
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters in a download code (shown as two groups of four).
const CODE_LENGTH: usize = 8;
/// Random bytes in a token (256 bits).
const TOKEN_BYTES: usize = 32;

/// A new link token: 32 random bytes, URL-safe hex.
pub fn new_token() -> String {
    let bytes: [u8; TOKEN_BYTES] = rand::thread_rng().gen();
    hex::encode(bytes)
}

/// A new download code, formatted for a person: `ABCD-EFGH`.
pub fn new_code() -> String {
    let mut rng = rand::thread_rng();
    let chars: String = (0..CODE_LENGTH)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    format!("{}-{}", &chars[..4], &chars[4..])
}

/// What the store keeps of a token: its SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.trim().as_bytes()))
}

/// What the store keeps of a code: SHA-256 over the token and the code as a
/// person may type it (case, spaces and dashes do not matter), hex.
pub fn code_hash(token: &str, code: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"dsrd-download-code\0");
    hasher.update(token.trim().as_bytes());
    hasher.update(b"\0");
    hasher.update(normalise_code(code).as_bytes());
    hex::encode(hasher.finalize())
}

/// A typed code as it is compared: upper case, without spaces or dashes.
pub fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_codes_are_random_and_well_formed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        let code = new_code();
        assert_eq!(code.len(), 9);
        assert_eq!(&code[4..5], "-");
        assert!(normalise_code(&code).bytes().all(|c| ALPHABET.contains(&c)));
    }

    #[test]
    fn a_code_matches_however_it_is_typed_but_only_with_its_token() {
        let token = new_token();
        let want = code_hash(&token, "ABCD-EFGH");
        assert_eq!(code_hash(&token, " abcd efgh "), want);
        assert_eq!(code_hash(&token, "abcdefgh"), want);
        assert_ne!(code_hash(&token, "ABCD-EFGJ"), want);
        assert_ne!(code_hash(&new_token(), "ABCD-EFGH"), want);
        assert_ne!(token_hash(&token), token);
        assert_eq!(token_hash(&token), token_hash(&format!("{token}\n")));
    }
}
