//! Notes an officer writes about an identity check may not hold an identity
//! number: the reglement forbids keeping a copy of the identity document
//! (8.2.2), and the Autoriteit Persoonsgegevens names the BSN and the
//! document number as what must never be kept (answers.md §1, I4). A note
//! that looks like it holds one is refused, saying why, so nothing of the
//! kind is ever stored.

use regex::Regex;
use std::sync::OnceLock;

/// What a note may not contain.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ForbiddenInNote {
    /// A nine-digit number that passes the BSN eleven-test.
    #[error("the note holds what looks like a BSN (a nine-digit number passing the eleven-test); write what was checked, never the number itself")]
    Bsn,
    /// A Dutch passport or identity-card number (two letters, six letters
    /// or digits, a digit; the letter O is never used).
    #[error("the note holds what looks like a passport or identity-card number; record the kind of document seen, never its number")]
    DocumentNumber,
    /// A line of a document's machine-readable zone.
    #[error("the note holds what looks like the machine-readable zone of a document; record the kind of document seen, never its contents")]
    MachineReadableZone,
}

/// Refuses a note that holds a BSN, a document number or an MRZ line.
pub fn check_note(note: &str) -> Result<(), ForbiddenInNote> {
    static NUMBER: OnceLock<Regex> = OnceLock::new();
    static DOCUMENT: OnceLock<Regex> = OnceLock::new();
    static MRZ: OnceLock<Regex> = OnceLock::new();
    // Nine digits, also written in groups (1234.56.782, 123 456 782).
    let number = NUMBER.get_or_init(|| {
        Regex::new(r"(?:^|[^\d])(\d(?:[.\s-]?\d){7,8})(?:$|[^\d])").expect("valid pattern")
    });
    let document = DOCUMENT.get_or_init(|| {
        Regex::new(r"(?i)\b[A-NP-Z]{2}[A-NP-Z0-9]{6}[0-9]\b").expect("valid pattern")
    });
    let mrz = MRZ.get_or_init(|| Regex::new(r"[A-Z0-9<]{5,}<<[A-Z0-9<]*").expect("valid pattern"));
    if mrz.is_match(note) {
        return Err(ForbiddenInNote::MachineReadableZone);
    }
    for found in number.captures_iter(note) {
        let digits: Vec<u32> = found[1].chars().filter_map(|c| c.to_digit(10)).collect();
        if passes_eleven_test(&digits) {
            return Err(ForbiddenInNote::Bsn);
        }
    }
    if document
        .find_iter(note)
        .any(|m| m.as_str().chars().any(|c| c.is_ascii_digit()))
    {
        return Err(ForbiddenInNote::DocumentNumber);
    }
    Ok(())
}

/// The BSN eleven-test: 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11.
/// An eight-digit BSN is the same number with a leading zero.
fn passes_eleven_test(digits: &[u32]) -> bool {
    let digits: Vec<u32> = match digits.len() {
        8 => std::iter::once(0).chain(digits.iter().copied()).collect(),
        9 => digits.to_vec(),
        _ => return false,
    };
    if digits.iter().all(|d| *d == 0) {
        return false;
    }
    let sum: i64 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let weight = if i == 8 { -1 } else { 9 - i as i64 };
            weight * i64::from(*d)
        })
        .sum();
    sum % 11 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bsn_is_refused_however_it_is_written() {
        for note in [
            "BSN 111222333 gecontroleerd",
            "bsn: 1112.22.333",
            "nummer 111 222 333",
            "111-222-333",
            "(111222333)",
        ] {
            assert_eq!(check_note(note), Err(ForbiddenInNote::Bsn), "{note}");
        }
    }

    #[test]
    fn numbers_that_fail_the_eleven_test_are_no_bsn() {
        for note in [
            "leerlingnummer 123456789",
            "telefoon 0612345678 teruggebeld",
            "groep 7, 3 kinderen",
            "000000000",
        ] {
            assert_eq!(check_note(note), Ok(()), "{note}");
        }
    }

    #[test]
    fn document_numbers_and_mrz_lines_are_refused() {
        assert_eq!(
            check_note("paspoort SPECI2014 gezien"),
            Err(ForbiddenInNote::DocumentNumber)
        );
        assert_eq!(
            check_note("id-kaart nr ih8f42k13"),
            Err(ForbiddenInNote::DocumentNumber)
        );
        assert_eq!(
            check_note("P<NLDDE<BRUIJN<<WILLEKE<LISELOTTE<<<<<<<<<<<"),
            Err(ForbiddenInNote::MachineReadableZone)
        );
    }

    #[test]
    fn an_ordinary_note_passes() {
        for note in [
            "Paspoort gezien door mevr. Jansen aan de balie, foto komt overeen.",
            "Moeder kwam langs op 3 maart; identiteitskaart getoond, niets gekopieerd.",
            "Rijbewijs gezien.",
        ] {
            assert_eq!(check_note(note), Ok(()), "{note}");
        }
    }
}
