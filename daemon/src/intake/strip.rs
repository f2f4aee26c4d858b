//! Identity document scans that arrive unasked, pure: find the image and PDF
//! attachments of a request, and rebuild the message without the ones the
//! officer chose to remove.
//!
//! The reglement (8.2.2) lets the school keep no copy of an identity
//! document, so dsrd keeps the fact, the type and the SHA-256 of such an
//! attachment instead of its bytes. [`strip_attachments`] does not re-encode
//! the message: it cuts the chosen parts out of the original bytes and puts a
//! short text part in their place, so every header of the message (and of
//! every other part) stays byte for byte what arrived, and Message-ID
//! deduplication and threading keep working on the replacement.
//!
//! Out of scope: parts inside a forwarded message (`message/rfc822`). Such a
//! message is listed as one other attachment, and a part path that goes into
//! it is refused, because its offsets belong to the inner message.

mod cut;
mod sniff;
#[cfg(test)]
mod tests;
mod verify;

use crate::case::AttachmentMeta;
use cut::{apply, plan_edits, target, Target};
use mail_parser::{Message, MessageParser, MessagePart, MimeHeaders, PartType};
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;
use verify::verify;
#[cfg(test)]
use {
    cut::{base64, NOTE_FILE_NAME},
    verify::{contains, MIN_SEARCHED},
};

/// Where a part sits in the MIME tree, as in IMAP `BODY[1.2]`: 1-based
/// child numbers from the top multipart down. `0` is the body of a message
/// that is not multipart.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartId(Vec<u32>);

impl PartId {
    /// The 0-based child positions from the top of the message down; empty
    /// for the body of a single-part message.
    pub fn path(&self) -> &[u32] {
        &self.0
    }
}

impl fmt::Display for PartId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("0");
        }
        let parts: Vec<String> = self.0.iter().map(|i| (i + 1).to_string()).collect();
        f.write_str(&parts.join("."))
    }
}

/// A part path that is not dotted positive numbers (or `0`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a MIME part path; write it like 2 or 1.3 (or 0 for a single-part body)")]
pub struct BadPartId(String);

impl FromStr for PartId {
    type Err = BadPartId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s == "0" {
            return Ok(PartId(Vec::new()));
        }
        s.split('.')
            .map(|n| match n.parse::<u32>() {
                Ok(n) if n >= 1 => Ok(n - 1),
                _ => Err(BadPartId(s.to_owned())),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(PartId)
    }
}

/// One attachment of a message, described well enough to tell the officer
/// what it is and to record its removal without keeping it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentFinding {
    /// Where it sits, to name it to [`strip_attachments`].
    pub part: PartId,
    /// The file name the sender gave, if any.
    pub file_name: Option<String>,
    /// The media type the part declares, e.g. `application/octet-stream`.
    pub declared_type: Option<String>,
    /// The image or PDF type its first bytes say, whatever it declares.
    pub sniffed_type: Option<&'static str>,
    /// Decoded size in bytes.
    pub size: u64,
    /// SHA-256 of the decoded bytes, hex: what dsrd keeps instead of them.
    pub sha256: String,
    /// Shown in the text (inline disposition or a Content-ID) rather than
    /// offered as a file; a phone photo pasted into the mail is one.
    pub inline: bool,
    /// For a forwarded message (`message/rfc822`): how many images and
    /// PDFs it holds. They can only be removed with the whole forwarded
    /// message, which is then a part to name to [`strip_attachments`].
    pub nested_candidates: usize,
}

impl AttachmentFinding {
    /// The metadata a case keeps about the attachment.
    pub fn meta(&self) -> AttachmentMeta {
        AttachmentMeta {
            file_name: self.file_name.clone(),
            content_type: self
                .declared_type
                .clone()
                .unwrap_or_else(|| "application/octet-stream".into()),
            size: self.size,
        }
    }
}

/// Every attachment of a message, split by whether it may be an identity
/// document scan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttachmentSurvey {
    /// Images and PDFs, by declared type, file name or magic bytes.
    pub candidates: Vec<AttachmentFinding>,
    /// Everything else (a .docx, a text file, a forwarded message), so the
    /// officer sees it too.
    pub others: Vec<AttachmentFinding>,
}

/// The attachments of `raw` that may be a scan of an identity document:
/// images and PDFs, inline ones included, also when declared as
/// `application/octet-stream` but named or shaped like one. Never fails: a
/// message mail-parser cannot read has no attachments to report.
pub fn identity_document_candidates(raw: &[u8]) -> Vec<AttachmentFinding> {
    survey_attachments(raw).candidates
}

/// All attachments of `raw`: the identity document candidates and the rest.
pub fn survey_attachments(raw: &[u8]) -> AttachmentSurvey {
    match MessageParser::default().parse(raw) {
        Some(message) => survey_message(&message, 0),
        None => AttachmentSurvey::default(),
    }
}

fn survey_message(message: &Message<'_>, depth: usize) -> AttachmentSurvey {
    let mut survey = AttachmentSurvey::default();
    for node in tree(message) {
        let part = &message.parts[node.index];
        if !is_attachment(message, node.index, part) {
            continue;
        }
        let mut finding = describe(node.id, part);
        match &part.body {
            // Not cut out on their own (see the module doc), but counted so
            // the officer knows the forwarded message holds a possible scan.
            // The depth cap keeps a chain of forwards from recursing without end.
            PartType::Message(inner) if depth < 8 => {
                finding.nested_candidates = survey_message(inner, depth + 1).candidates.len();
            }
            _ => {}
        }
        let name_type = finding.file_name.as_deref().and_then(sniff::by_name);
        let candidate = !matches!(part.body, PartType::Message(_))
            && (finding
                .declared_type
                .as_deref()
                .is_some_and(sniff::declared_image_or_pdf)
                || name_type.is_some()
                || finding.sniffed_type.is_some());
        if candidate {
            survey.candidates.push(finding);
        } else {
            survey.others.push(finding);
        }
    }
    survey
}

/// Why a message could not be rebuilt without the chosen attachments. The
/// original is then left as it is: a refusal is safer than a mangled mail.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StripError {
    /// No part was named.
    #[error("no attachment was chosen for removal; name at least one part")]
    NothingToRemove,
    /// The note to put in place of the attachments is empty.
    #[error("the note saying what was removed and why is empty; give the text for the requester")]
    EmptyNote,
    /// mail-parser could not read the message at all.
    #[error("the message cannot be parsed as MIME; remove the attachment by hand")]
    Unparseable,
    /// The message has no part with that path.
    #[error("the message has no part {0}; take the part from the attachment list")]
    NoSuchPart(PartId),
    /// The part exists but is not something to cut out on its own.
    #[error("part {part} cannot be removed: {reason}")]
    NotRemovable {
        /// The part named.
        part: PartId,
        /// Why not.
        reason: &'static str,
    },
    /// The part's boundaries could not be found where they must be, as in
    /// a truncated or broken message; cutting would risk the rest.
    #[error("part {part} cannot be located safely ({reason}); remove the attachment by hand")]
    Unlocatable {
        /// The part named.
        part: PartId,
        /// What was wrong.
        reason: &'static str,
    },
    /// The rebuilt message failed the checks made before it is handed out.
    #[error(
        "the message without the attachment failed its check ({0}); remove the attachment by hand"
    )]
    Verification(String),
}

/// A new message equal to `raw` except that the parts in `remove` are gone:
/// all headers of the message and of the kept parts byte for byte, the text
/// and the other attachments kept, and a short `text/plain` attachment with
/// `note` (what was removed and why, in the organisation's language) in
/// place of the first removed part. Further removed parts in the same
/// multipart are cut out with their boundary line; a removed first child of
/// a multipart gets a note too, so no multipart is left empty.
///
/// The result is checked before it is returned: it parses again, has the
/// same text, keeps every other attachment, and contains neither the
/// removed parts' encoded text nor their decoded bytes.
pub fn strip_attachments(raw: &[u8], remove: &[PartId], note: &str) -> Result<Vec<u8>, StripError> {
    if remove.is_empty() {
        return Err(StripError::NothingToRemove);
    }
    if note.trim().is_empty() {
        return Err(StripError::EmptyNote);
    }
    let message = MessageParser::default()
        .parse(raw)
        .filter(|m| !m.headers().is_empty())
        .ok_or(StripError::Unparseable)?;
    let nodes = tree(&message);
    let mut wanted: Vec<&PartId> = remove.iter().collect();
    wanted.sort();
    wanted.dedup();
    let targets = wanted
        .into_iter()
        .map(|id| target(&message, &nodes, id))
        .collect::<Result<Vec<_>, _>>()?;
    let edits = plan_edits(raw, &message, &targets, note)?;
    let out = apply(raw, &edits);
    verify(raw, &message, &targets, &out)?;
    Ok(out)
}

/// A part in the tree, with where it hangs.
struct Node {
    id: PartId,
    /// Index into `Message::parts`.
    index: usize,
    /// The multipart it is a child of (index into `parts`), and its
    /// position among that multipart's children.
    parent: Option<(usize, usize)>,
}

/// Every part of `message` in document order, not descending into nested
/// messages. Depth is capped: mail-parser caps nesting too, and a cap here
/// keeps a hostile tree from recursing without end.
fn tree(message: &Message<'_>) -> Vec<Node> {
    fn walk(message: &Message<'_>, node: Node, depth: usize, out: &mut Vec<Node>) {
        let Some(part) = message.parts.get(node.index) else {
            return;
        };
        let children = match &part.body {
            PartType::Multipart(children) if depth < 64 => children.clone(),
            _ => Vec::new(),
        };
        let (index, id) = (node.index, node.id.clone());
        out.push(node);
        for (pos, child) in children.into_iter().enumerate() {
            // mail-parser numbers parts in document order, so a child always
            // comes after its parent; anything else would be a cycle.
            if (child as usize) <= index {
                continue;
            }
            let mut path = id.0.clone();
            path.push(pos as u32);
            let child = Node {
                id: PartId(path),
                index: child as usize,
                parent: Some((index, pos)),
            };
            walk(message, child, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    if !message.parts.is_empty() {
        let root = Node {
            id: PartId(Vec::new()),
            index: 0,
            parent: None,
        };
        walk(message, root, 0, &mut out);
    }
    out
}

/// Whether a part is an attachment rather than the text of the message or
/// a container.
fn is_attachment(message: &Message<'_>, index: usize, part: &MessagePart<'_>) -> bool {
    match part.body {
        PartType::Multipart(_) => false,
        PartType::Binary(_) | PartType::InlineBinary(_) | PartType::Message(_) => true,
        PartType::Text(_) | PartType::Html(_) => message.attachments.contains(&(index as u32)),
    }
}

fn describe(id: PartId, part: &MessagePart<'_>) -> AttachmentFinding {
    let bytes = part.contents();
    let declared_type = match &part.body {
        PartType::Message(_) => Some(content_type(part).unwrap_or_else(|| "message/rfc822".into())),
        _ => content_type(part),
    };
    AttachmentFinding {
        part: id,
        file_name: part.attachment_name().map(str::to_owned),
        declared_type,
        sniffed_type: sniff::sniff(bytes),
        size: bytes.len() as u64,
        sha256: hex::encode(Sha256::digest(bytes)),
        inline: part.content_disposition().is_some_and(|d| d.is_inline())
            || part.content_id().is_some(),
        nested_candidates: 0,
    }
}

fn content_type(part: &MessagePart<'_>) -> Option<String> {
    part.content_type().map(|ct| match ct.subtype() {
        Some(sub) => format!("{}/{}", ct.ctype(), sub).to_ascii_lowercase(),
        None => ct.ctype().to_ascii_lowercase(),
    })
}
