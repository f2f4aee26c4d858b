use super::fixture::{self, master, sealed, AAD, EMAIL, NAME, NUMBER};
use crate::lang::Lang;
use crate::package::{open, MasterKey, SealError, WrappedKey};
use base64::Engine;

/// Whether `needle` occurs in `haystack`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// The parts of `text`'s base64 that do not depend on where in a longer
/// stream it starts: for each of the three alignments, the characters that
/// encode only bytes of `text`.
fn base64_forms(text: &str) -> Vec<String> {
    let engine = base64::engine::general_purpose::STANDARD;
    (0..3)
        .map(|offset| {
            let mut bytes = vec![0u8; offset];
            bytes.extend_from_slice(text.as_bytes());
            let encoded = engine.encode(&bytes);
            // Drop the characters that mix in the padding bytes before and
            // the unknown bytes after.
            let start = if offset == 0 { 0 } else { 4 };
            let end = encoded.len() - 4;
            encoded[start..end].to_owned()
        })
        .collect()
}

fn open_all(
    file: &[u8],
    key: &MasterKey,
    wrapped: &WrappedKey,
    aad: &[u8],
) -> Result<Vec<u8>, SealError> {
    let mut plain = Vec::new();
    for chunk in open(key, wrapped, aad, file)? {
        plain.extend(chunk?);
    }
    Ok(plain)
}

#[test]
fn the_file_on_disk_holds_no_name_number_or_address_readably() {
    for portability in [false, true] {
        let sealed = sealed(&fixture::input(Lang::Nl, portability));
        let file = std::fs::read(&sealed.built.path).unwrap();
        for secret in [NAME, "Bakkerzoon", NUMBER, EMAIL] {
            assert!(!contains(&file, secret.as_bytes()), "{secret} readable");
            let utf16: Vec<u8> = secret.encode_utf16().flat_map(u16::to_le_bytes).collect();
            assert!(!contains(&file, &utf16), "{secret} readable as UTF-16");
            for form in base64_forms(secret) {
                assert!(
                    !contains(&file, form.as_bytes()),
                    "{secret} readable as base64 {form}"
                );
            }
        }
        // The check can fail: the plain ZIP holds them.
        let plain = fixture::decrypt(&sealed.built);
        let (_, entries) = fixture::unzip(&plain);
        assert!(contains(&entries["index.html"], NAME.as_bytes()));
    }
}

#[test]
fn the_base64_forms_are_found_in_a_longer_stream() {
    let engine = base64::engine::general_purpose::STANDARD;
    for prefix in ["", "a", "ab", "abc"] {
        let encoded = engine.encode(format!("{prefix}{EMAIL}!!"));
        assert!(
            base64_forms(EMAIL)
                .iter()
                .any(|form| encoded.contains(form.as_str())),
            "prefix {prefix:?}"
        );
    }
}

#[test]
fn the_sealed_file_does_not_open_with_a_wrong_key_aad_a_flipped_byte_or_cut_off() {
    let sealed = sealed(&fixture::input(Lang::Nl, false));
    let wrapped = &sealed.built.wrapped;
    let file = std::fs::read(&sealed.built.path).unwrap();
    assert!(open_all(&file, &master(), wrapped, AAD).is_ok());

    let other = MasterKey::from_bytes([8; 32]);
    assert!(matches!(
        open_all(&file, &other, wrapped, AAD),
        Err(SealError::WrongKey)
    ));
    assert!(matches!(
        open_all(&file, &master(), wrapped, b"AVG-2026-0002/package-1"),
        Err(SealError::WrongKey)
    ));
    for at in [20, file.len() / 2, file.len() - 1] {
        let mut flipped = file.clone();
        flipped[at] ^= 0x01;
        assert!(
            matches!(
                open_all(&flipped, &master(), wrapped, AAD),
                Err(SealError::Damaged { .. })
            ),
            "flip at {at}"
        );
    }
    for len in [file.len() - 1, file.len() / 2, 30] {
        assert!(
            matches!(
                open_all(&file[..len], &master(), wrapped, AAD),
                Err(SealError::Damaged { .. })
            ),
            "cut at {len}"
        );
    }
}
