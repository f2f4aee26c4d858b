//! Hashing and checking the chain. Pure: the store reads the rows, this
//! module judges them.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit row as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    /// Position in the chain, from 1, without gaps.
    pub seq: i64,
    /// When, as RFC 3339 text (hashed exactly as stored).
    pub at: String,
    /// Who: `system` or `officer:NAME`.
    pub actor: String,
    /// What kind of action, e.g. `case.received`.
    pub action: String,
    /// The case it concerns, if any.
    pub case_ref: Option<String>,
    /// Details as JSON text, without personal data.
    pub detail: String,
    /// The hash of the entry before.
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
}

/// The last link as the store remembers it: catches the removal of the
/// newest rows, which no later row could reveal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// Sequence number of the newest entry (0 when empty).
    pub seq: i64,
    /// Its hash.
    pub hash: String,
}

/// The first place where the chain does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("audit log broken at row {seq}: {reason}")]
pub struct BrokenLink {
    /// The row at (or before) which the chain breaks.
    pub seq: i64,
    /// What is wrong there.
    pub reason: String,
}

/// The hash of an entry given the hash before it. Each field is length-prefixed,
/// so no two different entries can be written as the same byte string.
pub fn entry_hash(
    prev_hash: &str,
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    case_ref: Option<&str>,
    detail: &str,
) -> String {
    let mut h = Sha256::new();
    let seq = seq.to_string();
    let fields = [
        prev_hash,
        &seq,
        at,
        actor,
        action,
        case_ref.unwrap_or("\u{0}"),
        detail,
    ];
    for field in fields {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Checks `rows` (in `seq` order) against each other and against `head`.
pub fn verify(rows: &[AuditRecord], head: &Head) -> Result<usize, BrokenLink> {
    let mut prev = GENESIS_HASH.to_owned();
    for (i, row) in rows.iter().enumerate() {
        let expected_seq = i as i64 + 1;
        if row.seq != expected_seq {
            return Err(BrokenLink {
                seq: expected_seq,
                reason: format!("row {expected_seq} is missing (next row is {})", row.seq),
            });
        }
        if row.prev_hash != prev {
            return Err(BrokenLink {
                seq: row.seq,
                reason: "its prev_hash does not match the row before (rows changed or removed)"
                    .into(),
            });
        }
        let computed = entry_hash(
            &row.prev_hash,
            row.seq,
            &row.at,
            &row.actor,
            &row.action,
            row.case_ref.as_deref(),
            &row.detail,
        );
        if computed != row.hash {
            return Err(BrokenLink {
                seq: row.seq,
                reason: "its content does not match its hash (the row was changed)".into(),
            });
        }
        prev = row.hash.clone();
    }
    let last = rows.last().map(|r| r.seq).unwrap_or(0);
    if head.seq != last || head.hash != prev {
        return Err(BrokenLink {
            seq: last + 1,
            reason: format!(
                "the log ends at row {last} but {} rows were written (newest rows removed)",
                head.seq
            ),
        });
    }
    Ok(rows.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> (Vec<AuditRecord>, Head) {
        let mut prev = GENESIS_HASH.to_owned();
        let mut rows = Vec::new();
        for seq in 1..=n {
            let at = format!("2026-01-0{seq}T10:00:00Z");
            let detail = format!("{{\"n\":{seq}}}");
            let hash = entry_hash(
                &prev,
                seq,
                &at,
                "system",
                "case.received",
                Some("AVG-2026-0001"),
                &detail,
            );
            rows.push(AuditRecord {
                seq,
                at,
                actor: "system".into(),
                action: "case.received".into(),
                case_ref: Some("AVG-2026-0001".into()),
                detail,
                prev_hash: prev.clone(),
                hash: hash.clone(),
            });
            prev = hash;
        }
        (rows, Head { seq: n, hash: prev })
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let (rows, head) = chain(5);
        assert_eq!(verify(&rows, &head), Ok(5));
        assert_eq!(
            verify(
                &[],
                &Head {
                    seq: 0,
                    hash: GENESIS_HASH.into()
                }
            ),
            Ok(0)
        );
    }

    #[test]
    fn a_changed_row_is_named() {
        let (mut rows, head) = chain(5);
        rows[2].actor = "officer:mallory".into();
        assert_eq!(verify(&rows, &head).unwrap_err().seq, 3);
    }

    #[test]
    fn a_deleted_row_is_named() {
        let (mut rows, head) = chain(5);
        rows.remove(1);
        assert_eq!(verify(&rows, &head).unwrap_err().seq, 2);
    }

    #[test]
    fn removing_the_newest_rows_is_found_through_the_head() {
        let (mut rows, head) = chain(5);
        rows.truncate(4);
        assert_eq!(verify(&rows, &head).unwrap_err().seq, 5);
    }

    #[test]
    fn a_rehashed_row_still_breaks_the_next_link() {
        let (mut rows, head) = chain(5);
        rows[1].detail = "{}".into();
        rows[1].hash = entry_hash(
            &rows[1].prev_hash,
            2,
            &rows[1].at,
            "system",
            "case.received",
            Some("AVG-2026-0001"),
            "{}",
        );
        assert_eq!(verify(&rows, &head).unwrap_err().seq, 3);
    }
}
