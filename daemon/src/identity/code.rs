//! One-time codes for "code to an address on file" (answers.md §1): dsrd
//! mails a code to an address the school holds for the person — never to the
//! address the request came from unless that one is on file — and the
//! requester proves they read that mailbox by replying with it.
//!
//! Only a salted SHA-256 of the code is kept. A code is eight characters
//! from an alphabet without look-alikes (31⁸ ≈ 8.5·10¹¹ codes), so the hash of a
//! leaked store is no shortcut, expires (seven days by default) and allows a
//! few attempts; a wrong, expired or used-up code changes nothing but the
//! count of attempts.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Letters and digits a person reads without confusing them (no 0/O, 1/I/L).
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters in a code (shown as two groups of four).
const LENGTH: usize = 8;

/// How long a code stays valid unless configured otherwise.
pub const DEFAULT_VALIDITY: Duration = Duration::days(7);
/// How many answers a code allows unless configured otherwise.
pub const DEFAULT_ATTEMPTS: u32 = 5;

/// A code as it is kept: never the code itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CodeRecord {
    /// Random salt, hex.
    pub salt: String,
    /// SHA-256 of salt and code, hex.
    pub hash: String,
    /// Until when an answer counts.
    pub expires_at: DateTime<Utc>,
    /// Answers still allowed.
    pub attempts_left: u32,
}

/// A freshly issued code: `code` goes into the mail once and is then
/// forgotten; `record` is what the store keeps.
#[derive(Debug, Clone)]
pub struct IssuedCode {
    /// The code, formatted for a person: `ABCD-EFGH`.
    pub code: String,
    /// What is kept.
    pub record: CodeRecord,
}

/// What an answer did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum CodeCheck {
    /// The right code in time: identity verified.
    Verified,
    /// Not the code; this many answers remain.
    Wrong {
        /// Answers still allowed.
        attempts_left: u32,
    },
    /// The code had expired; nothing was compared.
    Expired,
    /// No answers were left; nothing was compared.
    Exhausted,
}

/// Issues a code valid for `validity` from `now`, allowing `attempts` answers.
pub fn issue(now: DateTime<Utc>, validity: Duration, attempts: u32) -> IssuedCode {
    let mut rng = rand::thread_rng();
    let raw: String = (0..LENGTH)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    let salt: [u8; 16] = rng.gen();
    let salt = hex::encode(salt);
    IssuedCode {
        code: format!("{}-{}", &raw[..4], &raw[4..]),
        record: CodeRecord {
            hash: digest(&salt, &raw),
            salt,
            expires_at: now + validity,
            attempts_left: attempts,
        },
    }
}

/// Checks `answer` (the text of a reply, or what the officer typed) against
/// `record` at `now`, and returns the outcome with the record as it must be
/// kept afterwards (one attempt fewer, unless expired or exhausted).
pub fn check(record: &CodeRecord, answer: &str, now: DateTime<Utc>) -> (CodeCheck, CodeRecord) {
    let mut after = record.clone();
    if now >= record.expires_at {
        return (CodeCheck::Expired, after);
    }
    if record.attempts_left == 0 {
        return (CodeCheck::Exhausted, after);
    }
    after.attempts_left -= 1;
    let matched = candidates(answer).any(|c| {
        let hash = digest(&record.salt, &c);
        constant_time_eq(hash.as_bytes(), record.hash.as_bytes())
    });
    if matched {
        after.attempts_left = 0;
        (CodeCheck::Verified, after)
    } else {
        (
            CodeCheck::Wrong {
                attempts_left: after.attempts_left,
            },
            after,
        )
    }
}

/// Whether `text` holds something written like a code — a run with a
/// digit in it, or two groups of four joined by a dash — so that a reply
/// counts as an answer and costs an attempt. An eight-letter word
/// ("gegevens") is a candidate for [`check`] but no answer by itself: a
/// follow-up that asks where the data stay leaves the attempts alone.
pub fn offers_code(text: &str) -> bool {
    let is_code = |c: char| c.is_ascii() && ALPHABET.contains(&(c.to_ascii_uppercase() as u8));
    let dashed = text.split_whitespace().any(|word| {
        let word = word.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '-');
        let chars: Vec<char> = word.chars().collect();
        chars.len() == LENGTH + 1
            && chars[4] == '-'
            && chars.iter().enumerate().all(|(i, &c)| i == 4 || is_code(c))
    });
    dashed || candidates(text).any(|c| c.chars().any(|ch| ch.is_ascii_digit()))
}

/// Every eight-character run of code characters in `text`, written with or
/// without the dash or a space between its halves, in any case: a reply
/// quotes the code among other words ("mijn code is abcd efgh, groet").
fn candidates(text: &str) -> impl Iterator<Item = String> + '_ {
    let cleaned: Vec<char> = text.chars().map(|c| c.to_ascii_uppercase()).collect();
    let mut found = Vec::new();
    let is_code = |c: char| c.is_ascii() && ALPHABET.contains(&(c as u8));
    let mut i = 0;
    while i < cleaned.len() {
        // A group of four, an optional separator, another group of four,
        // standing on their own (not inside a longer word).
        let take = |from: usize| -> Option<(String, usize)> {
            let mut code = String::new();
            let mut j = from;
            while code.len() < LENGTH && j < cleaned.len() {
                let c = cleaned[j];
                if is_code(c) {
                    code.push(c);
                } else if code.len() == 4 && (c == '-' || c == ' ') {
                    // the separator between the halves
                } else {
                    break;
                }
                j += 1;
            }
            (code.len() == LENGTH).then_some((code, j))
        };
        let starts_word = i == 0 || !cleaned[i - 1].is_ascii_alphanumeric();
        if starts_word {
            if let Some((code, end)) = take(i) {
                let ends_word = end == cleaned.len() || !cleaned[end].is_ascii_alphanumeric();
                if ends_word {
                    found.push(code);
                }
            }
        }
        i += 1;
    }
    found.into_iter()
}

fn digest(salt: &str, code: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(salt.as_bytes());
    hasher.update(b":");
    hasher.update(code.as_bytes());
    hex::encode(hasher.finalize())
}

/// Compares without stopping at the first difference.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().into()
    }

    #[test]
    fn the_code_itself_is_never_kept() {
        let issued = issue(at("2026-02-02T10:00:00Z"), DEFAULT_VALIDITY, 5);
        let kept = serde_json::to_string(&issued.record).unwrap();
        assert!(!kept.contains(&issued.code.replace('-', "")));
        assert!(!kept.contains(&issued.code));
        assert_eq!(issued.code.len(), 9);
        assert_eq!(issued.record.expires_at, at("2026-02-09T10:00:00Z"));
    }

    #[test]
    fn the_right_code_in_a_reply_verifies_however_it_is_written() {
        let now = at("2026-02-02T10:00:00Z");
        let issued = issue(now, DEFAULT_VALIDITY, 5);
        let plain = issued.code.replace('-', "");
        for reply in [
            issued.code.clone(),
            format!("Mijn code is {} groet, Jan", issued.code.to_lowercase()),
            format!("code: {} {}", &plain[..4], &plain[4..]),
            format!("> eerdere tekst\n{plain}\n"),
        ] {
            let (outcome, after) = check(&issued.record, &reply, now);
            assert_eq!(outcome, CodeCheck::Verified, "{reply}");
            assert_eq!(after.attempts_left, 0, "a code verifies once");
        }
    }

    #[test]
    fn a_wrong_code_costs_an_attempt_and_verifies_nothing() {
        let now = at("2026-02-02T10:00:00Z");
        let issued = issue(now, DEFAULT_VALIDITY, 2);
        let (first, after) = check(&issued.record, "ABCD-EFGH", now);
        let (second, after) = check(&after, "nope", now);
        let (third, after) = check(&after, &issued.code, now);
        // ABCD-EFGH could be the code by chance (1 in 8.5·10¹¹): then this
        // assertion tells.
        assert_eq!(first, CodeCheck::Wrong { attempts_left: 1 });
        assert_eq!(second, CodeCheck::Wrong { attempts_left: 0 });
        assert_eq!(
            third,
            CodeCheck::Exhausted,
            "the right code after the last attempt"
        );
        assert_eq!(after.attempts_left, 0);
    }

    #[test]
    fn an_expired_code_does_not_verify() {
        let issued = issue(at("2026-02-02T10:00:00Z"), DEFAULT_VALIDITY, 5);
        let (outcome, after) = check(&issued.record, &issued.code, at("2026-02-09T10:00:00Z"));
        assert_eq!(outcome, CodeCheck::Expired);
        assert_eq!(after, issued.record, "nothing changes");
    }

    #[test]
    fn only_something_written_like_a_code_is_an_answer() {
        assert!(offers_code("mijn code is ABCD-EFGH"));
        assert!(offers_code("code: k7pq m2xz"));
        assert!(!offers_code("Waar blijven mijn gegevens? Groet, Jan"));
        assert!(!offers_code(""));
    }

    #[test]
    fn a_code_inside_a_longer_word_does_not_count() {
        let now = at("2026-02-02T10:00:00Z");
        let issued = issue(now, DEFAULT_VALIDITY, 5);
        let plain = issued.code.replace('-', "");
        let (outcome, _) = check(&issued.record, &format!("X{plain}Y"), now);
        assert!(matches!(outcome, CodeCheck::Wrong { .. }));
    }
}
