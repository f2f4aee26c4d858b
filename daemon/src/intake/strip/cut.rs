//! Cutting parts out of the original bytes: each part is located by the
//! offsets mail-parser reports and checked against its multipart's
//! boundary lines before anything is cut, so a broken message is refused
//! instead of being cut in the wrong place.

use super::{is_attachment, Node, PartId, StripError};
use mail_parser::{Message, MimeHeaders, PartType};

/// A part chosen for removal, checked to be one that can be cut out.
pub(super) struct Target {
    pub(super) id: PartId,
    pub(super) index: usize,
    parent: usize,
    position: usize,
}

pub(super) fn target(
    message: &Message<'_>,
    nodes: &[Node],
    id: &PartId,
) -> Result<Target, StripError> {
    let Some(node) = nodes.iter().find(|n| &n.id == id) else {
        // A path into a forwarded message names a part of another message.
        let into_message = nodes.iter().any(|n| {
            id.0.starts_with(&n.id.0) && matches!(message.parts[n.index].body, PartType::Message(_))
        });
        return Err(if into_message {
            StripError::NotRemovable {
                part: id.clone(),
                reason: "it is inside a forwarded message (message/rfc822), which dsrd does not rewrite; remove the whole forwarded message",
            }
        } else {
            StripError::NoSuchPart(id.clone())
        });
    };
    let part = &message.parts[node.index];
    let not = |reason| StripError::NotRemovable {
        part: id.clone(),
        reason,
    };
    if matches!(part.body, PartType::Multipart(_)) {
        return Err(not(
            "it is a multipart container; name the attachments inside it",
        ));
    }
    if !is_attachment(message, node.index, part) {
        return Err(not("it is the text of the message, which is kept"));
    }
    let Some((parent, position)) = node.parent else {
        return Err(not(
            "it is the whole body of the message; removing it would change the message's own headers",
        ));
    };
    Ok(Target {
        id: id.clone(),
        index: node.index,
        parent,
        position,
    })
}

/// Where a part's bytes are, checked against its multipart's boundary.
struct Located {
    /// Start of the part's headers.
    start: usize,
    /// End of the part's body (the line break before the next delimiter).
    end: usize,
    /// Start of the line break before the delimiter line that opens the
    /// part, when there is one.
    delimiter_before: Option<usize>,
    /// The message's line ending, as used on that delimiter.
    eol: &'static [u8],
}

fn locate(
    raw: &[u8],
    message: &Message<'_>,
    t: &Target,
    position: usize,
) -> Result<Located, &'static str> {
    let parent = &message.parts[t.parent];
    let PartType::Multipart(children) = &parent.body else {
        return Err("its container is not a multipart");
    };
    let boundary = parent
        .content_type()
        .and_then(|ct| ct.attribute("boundary"))
        .filter(|b| !b.is_empty())
        .ok_or("its multipart declares no boundary")?
        .as_bytes();
    let part = children
        .get(position)
        .and_then(|&i| message.parts.get(i as usize))
        .ok_or("its multipart does not list it")?;
    let (start, body, end) = (
        part.offset_header as usize,
        part.offset_body as usize,
        part.offset_end as usize,
    );
    let (p_body, p_end) = (parent.offset_body as usize, parent.offset_end as usize);
    if !(p_body <= start && start <= body && body <= end && end <= p_end && p_end <= raw.len()) {
        return Err("its offsets are out of order");
    }
    // The delimiter line before the part: "--boundary", optional white
    // space, a line break ending right where the part starts.
    let before = &raw[p_body..start];
    let (line, eol): (&[u8], &'static [u8]) = if let Some(l) = before.strip_suffix(b"\r\n") {
        (l, b"\r\n")
    } else if let Some(l) = before.strip_suffix(b"\n") {
        (l, b"\n")
    } else {
        return Err("no line break before the part");
    };
    let line = trim_end_lwsp(line);
    let delimiter = [b"--".as_slice(), boundary].concat();
    let Some(rest) = line.strip_suffix(delimiter.as_slice()) else {
        return Err("no boundary line before the part");
    };
    let delimiter_before = if rest.is_empty() {
        None
    } else if let Some(r) = rest.strip_suffix(b"\r\n") {
        Some(p_body + r.len())
    } else if let Some(r) = rest.strip_suffix(b"\n") {
        Some(p_body + r.len())
    } else {
        return Err("the boundary before the part does not start a line");
    };
    // The delimiter after the part: a line break, "--boundary", then the
    // closing "--", white space up to a line break, or the end.
    let after = &raw[end..p_end];
    let after = after
        .strip_prefix(b"\r\n")
        .or_else(|| after.strip_prefix(b"\n"))
        .and_then(|a| a.strip_prefix(delimiter.as_slice()))
        .ok_or("no boundary line after the part (truncated?)")?;
    let tail = trim_start_lwsp(after);
    if !(after.starts_with(b"--")
        || tail.is_empty()
        || tail.starts_with(b"\n")
        || tail.starts_with(b"\r\n"))
    {
        return Err("the boundary after the part is followed by other text");
    }
    Ok(Located {
        start,
        end,
        delimiter_before,
        eol,
    })
}

fn trim_end_lwsp(mut s: &[u8]) -> &[u8] {
    while let [rest @ .., b' ' | b'\t'] = s {
        s = rest;
    }
    s
}

fn trim_start_lwsp(mut s: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = s {
        s = rest;
    }
    s
}

/// A byte range of the original to replace.
pub(super) struct Edit {
    start: usize,
    end: usize,
    with: Vec<u8>,
}

pub(super) fn plan_edits(
    raw: &[u8],
    message: &Message<'_>,
    targets: &[Target],
    note: &str,
) -> Result<Vec<Edit>, StripError> {
    // Document order, so "the first removed part" is the first one a reader meets.
    let mut order: Vec<&Target> = targets.iter().collect();
    order.sort_by_key(|t| message.parts[t.index].offset_header);
    let mut edits = Vec::new();
    for (n, t) in order.iter().enumerate() {
        let unlocatable = |reason| StripError::Unlocatable {
            part: t.id.clone(),
            reason,
        };
        let here = locate(raw, message, t, t.position).map_err(unlocatable)?;
        if n == 0 || t.position == 0 {
            edits.push(Edit {
                start: here.start,
                end: here.end,
                with: note_part(note, here.eol),
            });
        } else {
            // Cut the part together with the delimiter line that opens it:
            // from the end of the previous sibling to the end of this one.
            let previous = locate(raw, message, t, t.position - 1).map_err(unlocatable)?;
            if here.delimiter_before != Some(previous.end) {
                return Err(unlocatable(
                    "other text between the part and the one before it",
                ));
            }
            edits.push(Edit {
                start: previous.end,
                end: here.end,
                with: Vec::new(),
            });
        }
    }
    edits.sort_by_key(|e| e.start);
    let header_end = message.parts[0].offset_body as usize;
    for pair in edits.windows(2) {
        if pair[0].end > pair[1].start {
            return Err(StripError::Verification("two removals overlap".into()));
        }
    }
    if edits.first().is_some_and(|e| e.start < header_end) {
        return Err(StripError::Verification(
            "a removal reaches into the message headers".into(),
        ));
    }
    Ok(edits)
}

pub(super) fn apply(raw: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut at = 0;
    for e in edits {
        out.extend_from_slice(&raw[at..e.start]);
        out.extend_from_slice(&e.with);
        at = e.end;
    }
    out.extend_from_slice(&raw[at..]);
    out
}

/// Name of the text part that replaces removed attachments.
pub(super) const NOTE_FILE_NAME: &str = "removed-attachment.txt";

/// The text part put in place of a removed attachment. It is an attachment
/// (not inline) so that it does not join the message's text, which is kept
/// exactly; base64, so any language and any line ending survive transport.
fn note_part(note: &str, eol: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for line in [
        "Content-Type: text/plain; charset=utf-8".to_owned(),
        format!("Content-Disposition: attachment; filename=\"{NOTE_FILE_NAME}\""),
        "Content-Transfer-Encoding: base64".to_owned(),
        String::new(),
    ] {
        out.extend_from_slice(line.as_bytes());
        out.extend_from_slice(eol);
    }
    let encoded = base64(note.as_bytes());
    let lines: Vec<&[u8]> = encoded.chunks(76).collect();
    out.extend_from_slice(&lines.join(eol));
    out
}

pub(super) fn base64(bytes: &[u8]) -> Vec<u8> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
    out
}
