//! Stripping quoted earlier messages and signatures from a reply.
//!
//! A parent who answers the school's acknowledgement quotes it, and that
//! quote mentions the request type of the *earlier* mail; a signature may
//! carry a disclaimer full of privacy words. Both would mislead the scorer
//! and the extractor, so they go before either looks at the text.
//!
//! Forwarded messages ("---------- Forwarded message ----------") are kept
//! on purpose: a teacher who forwards a parent's letter to the privacy
//! mailbox forwards the request itself.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

/// An attribution line that introduces a quote, in the four languages
/// (Gmail, Apple Mail, Thunderbird styles), possibly wrapped over two lines.
static ATTRIBUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?is)^\s*(?:on|op|am|le)\s.{0,250}?(?:wrote|schreef|schrieb|a\s+écrit)[^\n]{0,120}?:\s*$",
    )
    .expect("static regex")
});

/// Separator lines of Outlook and other clients that introduce a quote.
static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*-{3,}\s*(?:original message|oorspronkelijk bericht|oorspronkelijk e-mailbericht|ursprüngliche nachricht|original-nachricht|message d'origine|message original)\s*-{3,}\s*$",
    )
    .expect("static regex")
});

/// The first line of an Outlook header block ("From:" followed by "Sent:").
static FROM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*\*?(?:from|van|von|de)\s?:").expect("static regex"));
static SENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*\*?(?:sent|verzonden|gesendet|envoyé|date)\s?:").expect("static regex")
});

/// Returns `body` without quoted earlier messages and without the signature.
///
/// Lines starting with `>` are dropped wherever they are (inline replies);
/// everything from an attribution line ("On … wrote:", "Op … schreef …:",
/// "Am … schrieb …:", "Le … a écrit :"), an Outlook separator or header block
/// ("-----Original Message-----", "Van:" + "Verzonden:") or a signature
/// separator (`-- `) onward is cut. If nothing would remain, the body is
/// returned whole: classifying a quote beats classifying nothing.
pub fn strip_quotes_and_signature(body: &str) -> Cow<'_, str> {
    let lines: Vec<(usize, &str)> = line_offsets(body).collect();
    let mut cut = body.len();
    for (i, &(start, line)) in lines.iter().enumerate() {
        let next = lines.get(i + 1).map_or("", |l| l.1);
        let starts_quote = line.trim_end() == "--"
            || SEPARATOR.is_match(line)
            || (looks_like_attribution_start(line)
                && (ATTRIBUTION.is_match(line)
                    || (line.len() < 200 && ATTRIBUTION.is_match(&format!("{line} {next}")))))
            || (FROM.is_match(line)
                && lines[i + 1..].iter().take(3).any(|(_, l)| SENT.is_match(l)));
        if starts_quote {
            cut = start;
            break;
        }
    }
    let kept = &body[..cut];
    let result: Cow<'_, str> = if kept.lines().any(|l| l.trim_start().starts_with('>')) {
        Cow::Owned(
            kept.split_inclusive('\n')
                .filter(|l| !l.trim_start().starts_with('>'))
                .collect(),
        )
    } else {
        Cow::Borrowed(kept)
    };
    if result.trim().is_empty() {
        Cow::Borrowed(body)
    } else {
        result
    }
}

/// A wrapped attribution starts with its keyword and has no sentence end.
fn looks_like_attribution_start(line: &str) -> bool {
    let lower = line.trim_start().to_lowercase();
    ["on ", "op ", "am ", "le "]
        .iter()
        .any(|k| lower.starts_with(k))
        && !lower.contains(". ")
}

/// Each line with the byte offset where it starts.
fn line_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |pos, line| {
        let start = *pos;
        *pos += line.len();
        Some((start, line.trim_end_matches(['\n', '\r'])))
    })
}
