//! The checks a rebuilt message passes before it replaces the original.

use super::{is_attachment, tree, StripError, Target};
use mail_parser::{Message, MessageParser, MessagePart};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

/// The text of a message as [`crate::intake::parse`] reads it.
fn body_text(message: &Message<'_>) -> String {
    (0..message.text_body_count())
        .filter_map(|i| message.body_text(i))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Shorter byte strings are not searched for: a few bytes of a removed part
/// (say `%PDF-1.4`) legitimately occur in a kept one.
pub(super) const MIN_SEARCHED: usize = 16;

pub(super) fn verify(
    raw: &[u8],
    original: &Message<'_>,
    targets: &[Target],
    out: &[u8],
) -> Result<(), StripError> {
    let fail = |what: String| Err(StripError::Verification(what));
    let header_end = original.parts[0].offset_body as usize;
    if out.get(..header_end) != raw.get(..header_end) {
        return fail("the message headers changed".into());
    }
    let Some(rebuilt) = MessageParser::default().parse(out) else {
        return fail("the result does not parse".into());
    };
    if body_text(&rebuilt) != body_text(original) {
        return fail("the text of the message changed".into());
    }
    let hash = |p: &MessagePart<'_>| hex::encode(Sha256::digest(p.contents()));
    let removed: Vec<usize> = targets.iter().map(|t| t.index).collect();
    let attachments = |m: &Message<'_>, skip: &[usize]| {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for node in tree(m) {
            let part = &m.parts[node.index];
            if is_attachment(m, node.index, part) && !skip.contains(&node.index) {
                *counts.entry(hash(part)).or_default() += 1;
            }
        }
        counts
    };
    let kept = attachments(original, &removed);
    let now = attachments(&rebuilt, &[]);
    for (sha, n) in &kept {
        if now.get(sha).copied().unwrap_or(0) < *n {
            return fail("an attachment that was to be kept is missing".into());
        }
    }
    for t in targets {
        let part = &original.parts[t.index];
        let sha = hash(part);
        // An empty part has nothing left to leak, and its hash is that of
        // every other empty part.
        if (kept.contains_key(&sha) || now.contains_key(&sha)) && !part.contents().is_empty() {
            return fail(format!(
                "an identical copy of part {} is still in the message; remove that one too",
                t.id
            ));
        }
        let encoded = &raw[part.offset_body as usize..part.offset_end as usize];
        for needle in [part.contents(), encoded.trim_ascii()] {
            if needle.len() >= MIN_SEARCHED && contains(out, needle) {
                return fail(format!("bytes of part {} are still in the message", t.id));
            }
        }
        if part.encoding == mail_parser::Encoding::Base64 {
            // Each line of base64 on its own, so that no fragment survives.
            // Cuts are made at line boundaries, so comparing whole lines
            // finds any that survived, in one pass over the output.
            let removed_lines: HashSet<&[u8]> =
                lines(encoded).filter(|l| l.len() >= MIN_SEARCHED).collect();
            if lines(out).any(|l| removed_lines.contains(l)) {
                return fail(format!(
                    "base64 lines of part {} are still in the message",
                    t.id
                ));
            }
        }
    }
    Ok(())
}

fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    bytes.split(|&b| b == b'\n').map(<[u8]>::trim_ascii)
}

pub(super) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
