//! How `replace` writes values in IMAP syntax (RFC 3501 §4 and §9), pure:
//! the Message-ID as a quoted search string, the flags and INTERNALDATE an
//! APPEND takes, and the CRLF line ends IMAP messages have.

use async_imap::types::Flag;
use chrono::{DateTime, FixedOffset};

/// A Message-ID without white space and angle brackets, the form intake
/// stores (`intake::parse`).
pub(super) fn bare_id(id: &str) -> &str {
    id.trim().trim_matches(['<', '>'])
}

/// `"<id>"` as an IMAP quoted string (RFC 3501 §4.3), or `None` when the ID
/// is empty or needs a literal (control or non-ASCII characters).
pub(super) fn search_key(message_id: &str) -> Option<String> {
    let id = bare_id(message_id);
    if id.is_empty() || !id.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return None;
    }
    let escaped = id.replace('\\', "\\\\").replace('"', "\\\"");
    Some(format!("\"<{escaped}>\""))
}

/// The flags of an original for the APPEND of its replacement: `\Recent`
/// cannot be set by a client and `\Deleted` would doom the copy; keywords
/// that are not plain atoms are dropped. Always `\Seen`, as intake left it.
pub(super) fn append_flags(flags: &[Flag<'_>]) -> Vec<String> {
    let mut out = vec!["\\Seen".to_owned()];
    for flag in flags {
        let text = match flag {
            Flag::Answered => "\\Answered",
            Flag::Flagged => "\\Flagged",
            Flag::Draft => "\\Draft",
            Flag::Custom(k) if is_atom(k) => k.as_ref(),
            _ => continue,
        };
        out.push(text.to_owned());
    }
    out
}

/// An IMAP atom (RFC 3501 §9: no specials, no controls, ASCII).
fn is_atom(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| (0x21..0x7f).contains(&b) && !b"(){%*\"\\]".contains(&b))
}

/// An INTERNALDATE as APPEND takes it (RFC 3501 §9 `date-time`).
pub(super) fn date_time(d: &DateTime<FixedOffset>) -> String {
    d.format("\"%d-%b-%Y %H:%M:%S %z\"").to_string()
}

/// `raw` with every bare LF made CRLF: the form IMAP servers store and
/// serve, so the replacement appended and the copy fetched compare equal.
pub(super) fn crlf(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 32);
    for (i, &b) in raw.iter().enumerate() {
        if b == b'\n' && (i == 0 || raw[i - 1] != b'\r') {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_imap_message_id_is_searched_with_brackets_and_quoted() {
        assert_eq!(
            search_key("abc@example.org").as_deref(),
            Some("\"<abc@example.org>\"")
        );
        assert_eq!(
            search_key(" <abc@example.org> ").as_deref(),
            Some("\"<abc@example.org>\"")
        );
        assert_eq!(
            search_key("<\"a\\b\"@example.org>").as_deref(),
            Some(r#""<\"a\\b\"@example.org>""#)
        );
        assert_eq!(search_key("<>"), None);
        assert_eq!(search_key("a\r\nb@example.org"), None);
        assert_eq!(search_key("ä@example.org"), None);
    }

    #[test]
    fn an_imap_replacement_keeps_the_flags_a_client_may_set_and_is_seen() {
        let flags = [
            Flag::Recent,
            Flag::Deleted,
            Flag::Flagged,
            Flag::Custom("$Forwarded".into()),
            Flag::Custom("bad(word".into()),
        ];
        assert_eq!(append_flags(&flags), ["\\Seen", "\\Flagged", "$Forwarded"]);
        assert_eq!(
            append_flags(&[Flag::Seen, Flag::Answered]),
            ["\\Seen", "\\Answered"]
        );
    }

    #[test]
    fn an_imap_internaldate_is_written_as_append_takes_it() {
        let d = DateTime::parse_from_rfc3339("2026-02-03T23:30:00+01:00").unwrap();
        assert_eq!(date_time(&d), "\"03-Feb-2026 23:30:00 +0100\"");
    }

    #[test]
    fn bare_line_feeds_become_crlf_and_crlf_stays() {
        assert_eq!(crlf(b"a\nb\r\nc\n"), b"a\r\nb\r\nc\r\n");
        assert_eq!(crlf(b"\n"), b"\r\n");
        assert_eq!(crlf(b"a\rb"), b"a\rb");
    }
}
