//! MIME parsing, pure: bytes in, a [`Parsed`] message out. mail-parser does
//! the MIME work (charsets, quoted-printable, base64, HTML to text); this
//! module decides what dsrd keeps and when a message needs a person.

use crate::address::EmailAddress;
use crate::case::AttachmentMeta;
use mail_parser::{MessageParser, MimeHeaders};
use sha2::{Digest, Sha256};

/// What dsrd takes from a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// Message-ID without angle brackets.
    pub message_id: Option<String>,
    /// The sender's address (From), when there is a usable one.
    pub from_address: Option<EmailAddress>,
    /// The sender's display name.
    pub from_name: Option<String>,
    /// Subject line.
    pub subject: Option<String>,
    /// All text bodies as plain text; HTML-only mail turned into text.
    pub body_text: String,
    /// Attachment metadata.
    pub attachments: Vec<AttachmentMeta>,
    /// `In-Reply-To` and `References` ids, for threading follow-ups.
    pub thread_ids: Vec<String>,
    /// Why a person must look at it instead of dsrd acknowledging it.
    pub triage_reason: Option<String>,
}

/// Parses `raw`. Never fails: what cannot be understood becomes a message
/// with a triage reason, because nothing received may be dropped.
pub fn parse(raw: &[u8]) -> Parsed {
    let Some(message) = MessageParser::default().parse(raw) else {
        return Parsed::unparseable("the message could not be parsed as MIME");
    };
    if message.headers().is_empty() {
        return Parsed::unparseable("the message has no headers");
    }
    let from = message.from().and_then(|a| a.first());
    let from_address = from
        .and_then(|a| a.address())
        .and_then(|a| EmailAddress::parse(a).ok());
    let from_name = from
        .and_then(|a| a.name())
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    let body_text = (0..message.text_body_count())
        .filter_map(|i| message.body_text(i))
        .collect::<Vec<_>>()
        .join("\n\n");
    let attachments = message
        .attachments()
        .map(|part| AttachmentMeta {
            file_name: part.attachment_name().map(str::to_owned),
            content_type: part
                .content_type()
                .map(|ct| match ct.subtype() {
                    Some(sub) => format!("{}/{}", ct.ctype(), sub),
                    None => ct.ctype().to_owned(),
                })
                .unwrap_or_else(|| "application/octet-stream".into()),
            size: part.len() as u64,
        })
        .collect();
    let thread_ids = [message.in_reply_to(), message.references()]
        .iter()
        .flat_map(|h| match (h.as_text(), h.as_text_list()) {
            (Some(one), _) => vec![one.to_owned()],
            (None, Some(list)) => list.iter().map(|s| s.to_string()).collect(),
            _ => Vec::new(),
        })
        .map(|id| id.trim().trim_matches(['<', '>']).to_owned())
        .filter(|id| !id.is_empty())
        .collect();
    let auto = message
        .header_raw("Auto-Submitted")
        .map(|v| !v.trim().eq_ignore_ascii_case("no"))
        .unwrap_or(false);
    let triage_reason = if from_address.is_none() {
        Some("the message has no usable sender address to answer".to_owned())
    } else if auto {
        // Acknowledging an auto-reply could start a mail loop.
        Some("the message was sent automatically (Auto-Submitted)".to_owned())
    } else {
        None
    };
    Parsed {
        message_id: message
            .message_id()
            .map(|id| id.trim().trim_matches(['<', '>']).to_owned())
            .filter(|id| !id.is_empty()),
        from_address,
        from_name,
        subject: message.subject().map(|s| s.trim().to_owned()),
        body_text,
        attachments,
        thread_ids,
        triage_reason,
    }
    .without_nul()
}

/// `s` without NUL characters: PostgreSQL text cannot hold them, and a
/// message that cannot be stored would block the mailbox behind it. The raw
/// bytes keep them.
fn no_nul(s: String) -> String {
    if s.contains('\0') {
        s.replace('\0', "")
    } else {
        s
    }
}

impl Parsed {
    fn without_nul(self) -> Parsed {
        Parsed {
            message_id: self.message_id.map(no_nul),
            // An address with a NUL in it does not parse in the first place.
            from_address: self.from_address,
            from_name: self.from_name.map(no_nul),
            subject: self.subject.map(no_nul),
            body_text: no_nul(self.body_text),
            attachments: self
                .attachments
                .into_iter()
                .map(|a| AttachmentMeta {
                    file_name: a.file_name.map(no_nul),
                    content_type: no_nul(a.content_type),
                    ..a
                })
                .collect(),
            thread_ids: self.thread_ids.into_iter().map(no_nul).collect(),
            triage_reason: self.triage_reason,
        }
    }

    fn unparseable(reason: &str) -> Parsed {
        Parsed {
            message_id: None,
            from_address: None,
            from_name: None,
            subject: None,
            body_text: String::new(),
            attachments: Vec::new(),
            thread_ids: Vec::new(),
            triage_reason: Some(reason.to_owned()),
        }
    }

    /// The key a message is deduplicated by: its Message-ID; where it has
    /// none, a hash of its bytes together with the delivery it came in (the
    /// Maildir file name, later the IMAP UID). Reading the same delivery
    /// again after a crash is then one case, while two separate deliveries
    /// of identical id-less bytes stay two cases: dropping a real second
    /// request would be worse than showing the officer a double.
    pub fn dedupe_key(&self, raw: &[u8], delivery: &str) -> String {
        match &self.message_id {
            Some(id) => format!("mid:{id}"),
            None => format!("sha256:{}@{delivery}", hex::encode(Sha256::digest(raw))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_message_gives_sender_subject_and_body() {
        let raw = b"From: Sanne de Vries <sanne@example.org>\r\nTo: avg@school.example\r\n\
Subject: Inzage\r\nMessage-ID: <abc@example.org>\r\n\r\nIk wil graag inzage.\r\n";
        let p = parse(raw);
        assert_eq!(
            p.from_address.as_ref().map(EmailAddress::as_str),
            Some("sanne@example.org")
        );
        assert_eq!(p.from_name.as_deref(), Some("Sanne de Vries"));
        assert_eq!(p.subject.as_deref(), Some("Inzage"));
        assert!(p.body_text.contains("Ik wil graag inzage."));
        assert_eq!(p.dedupe_key(raw, "1.a"), "mid:abc@example.org");
        assert_eq!(p.triage_reason, None);
    }

    #[test]
    fn html_only_mail_is_turned_into_text() {
        let raw = b"From: a@example.org\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
<html><body><p>Please <b>delete</b> my data.</p></body></html>\r\n";
        let p = parse(raw);
        assert!(
            p.body_text.contains("Please delete my data."),
            "{:?}",
            p.body_text
        );
        assert!(!p.body_text.contains('<'));
    }

    #[test]
    fn windows_1252_and_quoted_printable_are_decoded() {
        let raw = b"From: a@example.org\r\nContent-Type: text/plain; charset=windows-1252\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\r\nGegevens van Ren=E9e =80 verwijderen\r\n";
        assert!(parse(raw).body_text.contains("Renée € verwijderen"));
    }

    #[test]
    fn garbage_still_parses_into_a_triage_message() {
        let p = parse(b"\x00\x01\x02 not a mail at all");
        assert!(p.triage_reason.is_some());
        let key = p.dedupe_key(b"x", "1.a");
        assert!(key.starts_with("sha256:") && key.ends_with("@1.a"));
        assert_ne!(key, p.dedupe_key(b"x", "2.b"));
    }

    #[test]
    fn nul_characters_are_taken_out_of_the_text_but_not_the_raw_message() {
        let raw = b"From: a@example.org\r\nSubject: in\x00zage\r\n\r\nGraag\x00 inzage.\r\n";
        let p = parse(raw);
        assert_eq!(p.subject.as_deref(), Some("inzage"));
        assert!(p.body_text.contains("Graag inzage."));
    }

    #[test]
    fn auto_replies_go_to_triage_instead_of_being_acknowledged() {
        let raw = b"From: a@example.org\r\nAuto-Submitted: auto-replied\r\n\r\nI am away.\r\n";
        assert!(parse(raw).triage_reason.unwrap().contains("automatically"));
    }

    #[test]
    fn attachments_are_described() {
        let raw = b"From: a@example.org\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n\
--XX\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--XX\r\nContent-Type: application/pdf\r\n\
Content-Disposition: attachment; filename=\"id.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--XX--\r\n";
        let p = parse(raw);
        assert_eq!(p.attachments.len(), 1);
        assert_eq!(p.attachments[0].file_name.as_deref(), Some("id.pdf"));
        assert_eq!(p.attachments[0].content_type, "application/pdf");
        assert_eq!(p.attachments[0].size, 5);
    }
}
