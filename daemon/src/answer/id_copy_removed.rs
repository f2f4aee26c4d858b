//! The letter after a requester sent a copy of an identity document
//! unasked (`shared/legal/answers.md` §1, I4): dsrd keeps no such copy
//! (the school's privacy rules, reglement 8.2.2), removes it, keeps only
//! the fact that it arrived, and tells the requester so — with thanks, as
//! the sender meant well, and with the way identity is confirmed instead.
//!
//! The letter names each removed attachment by its file name and type, so
//! the requester recognises what was removed; it never describes what the
//! document showed.

use super::{Letter, LetterError, LetterKind, Letters};
use crate::lang::{long_date, Lang};
use chrono::NaiveDate;
use minijinja::Value;
use serde::Serialize;

/// One attachment removed because it looks like an identity document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemovedAttachment {
    /// The file name the sender gave, if any.
    pub file_name: Option<String>,
    /// Its media type, e.g. `image/jpeg`.
    pub content_type: String,
}

/// What the letter says.
#[derive(Debug, Clone)]
pub struct IdCopyRemovedFacts<'a> {
    /// The case reference.
    pub reference: &'a str,
    /// The organisation's name.
    pub organisation: &'a str,
    /// The requester's name, if known.
    pub requester_name: Option<&'a str>,
    /// Receipt date of the request the copy came with, in the
    /// organisation's time zone.
    pub received: NaiveDate,
    /// The day the copy was removed, in the organisation's time zone.
    pub removed: NaiveDate,
    /// The attachments removed; empty when the copy is not an attachment
    /// of its own (the letter then speaks of "a copy").
    pub attachments: Vec<RemovedAttachment>,
}

/// The template's fields (see [`LetterKind::fields`]).
#[derive(Serialize)]
struct Fields<'a> {
    reference: &'a str,
    organisation: &'a str,
    requester_name: Option<&'a str>,
    received: String,
    removed: String,
    attachments: Vec<AttachmentFields<'a>>,
}

/// An attachment as the template sees it.
#[derive(Serialize)]
struct AttachmentFields<'a> {
    /// None for an attachment without a name: the template says so.
    file_name: Option<&'a str>,
    content_type: &'a str,
}

fn fields(f: &IdCopyRemovedFacts, lang: Lang) -> Value {
    Value::from(minijinja::value::Serde(Fields {
        reference: f.reference,
        organisation: f.organisation,
        requester_name: f.requester_name.filter(|s| !s.is_empty()),
        received: long_date(f.received, lang),
        removed: long_date(f.removed, lang),
        attachments: f
            .attachments
            .iter()
            .map(|a| AttachmentFields {
                file_name: a.file_name.as_deref().filter(|s| !s.trim().is_empty()),
                content_type: &a.content_type,
            })
            .collect(),
    }))
}

impl Letters {
    /// Renders the letter that an identity document sent unasked was
    /// removed, in `lang`.
    pub fn id_copy_removed(
        &self,
        f: &IdCopyRemovedFacts,
        lang: Lang,
    ) -> Result<Letter, LetterError> {
        self.render(LetterKind::IdCopyRemoved, lang, fields(f, lang))
    }
}

/// The sample facts (see [`LetterKind::samples`]): one named attachment,
/// several (one without a name) to someone without a name on file, and a
/// copy that was no attachment of its own.
pub(super) fn samples(lang: Lang) -> Vec<(&'static str, Value)> {
    let one = IdCopyRemovedFacts {
        reference: "AVG-2026-0003",
        organisation: "Stichting Voorbeeld",
        requester_name: Some("Sanne de Vries"),
        received: NaiveDate::from_ymd_opt(2026, 2, 2).expect("a date"),
        removed: NaiveDate::from_ymd_opt(2026, 2, 3).expect("a date"),
        attachments: vec![RemovedAttachment {
            file_name: Some("paspoort.jpg".into()),
            content_type: "image/jpeg".into(),
        }],
    };
    let several = IdCopyRemovedFacts {
        requester_name: None,
        attachments: vec![
            RemovedAttachment {
                file_name: Some("ID-kaart voorkant.png".into()),
                content_type: "image/png".into(),
            },
            RemovedAttachment {
                file_name: None,
                content_type: "application/pdf".into(),
            },
        ],
        ..one.clone()
    };
    let unlisted = IdCopyRemovedFacts {
        attachments: Vec::new(),
        ..one.clone()
    };
    vec![
        ("id-copy-removed", fields(&one, lang)),
        ("id-copy-removed.several", fields(&several, lang)),
        ("id-copy-removed.unlisted", fields(&unlisted, lang)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(attachments: Vec<RemovedAttachment>) -> IdCopyRemovedFacts<'static> {
        IdCopyRemovedFacts {
            reference: "AVG-2026-0003",
            organisation: "Stichting Voorbeeld",
            requester_name: Some(""),
            received: NaiveDate::from_ymd_opt(2026, 2, 2).unwrap(),
            removed: NaiveDate::from_ymd_opt(2026, 2, 3).unwrap(),
            attachments,
        }
    }

    fn attachment(name: Option<&str>, content_type: &str) -> RemovedAttachment {
        RemovedAttachment {
            file_name: name.map(str::to_owned),
            content_type: content_type.into(),
        }
    }

    #[test]
    fn each_removed_attachment_is_listed_with_its_name_and_type() {
        let f = facts(vec![
            attachment(Some("voorkant.jpg"), "image/jpeg"),
            attachment(Some("  "), "image/heic"),
            attachment(Some("achterkant.jpg"), "image/jpeg"),
        ]);
        let nl = Letters::builtin().id_copy_removed(&f, Lang::Nl).unwrap();
        assert!(nl.body.starts_with("Geachte heer, mevrouw,"), "{}", nl.body);
        assert!(nl.body.contains("3 bijlagen"), "{}", nl.body);
        assert!(
            nl.body.contains("\n    - voorkant.jpg (image/jpeg)\n"),
            "{}",
            nl.body
        );
        assert!(
            nl.body
                .contains("\n    - een bijlage zonder naam (image/heic)\n"),
            "a blank name is no name: {}",
            nl.body
        );
        assert!(nl.body.contains("dinsdag 3 februari 2026"), "{}", nl.body);
        let en = Letters::builtin().id_copy_removed(&f, Lang::En).unwrap();
        assert!(en.body.contains("3 attachments"), "{}", en.body);
        assert!(
            en.body
                .contains("\n    - an attachment without a name (image/heic)\n"),
            "{}",
            en.body
        );
    }

    #[test]
    fn one_attachment_is_spoken_of_in_the_singular() {
        let f = facts(vec![attachment(Some("scan.pdf"), "application/pdf")]);
        let nl = Letters::builtin().id_copy_removed(&f, Lang::Nl).unwrap();
        assert!(
            nl.body.contains("een bijlage die een kopie van een identiteitsbewijs lijkt te zijn:\n\n    - scan.pdf (application/pdf)\n\n"),
            "{}",
            nl.body
        );
        assert!(!nl.body.contains("bijlagen"), "{}", nl.body);
        let en = Letters::builtin().id_copy_removed(&f, Lang::En).unwrap();
        assert!(
            en.body.contains("an attachment that looks like"),
            "{}",
            en.body
        );
        assert!(!en.body.contains("attachments"), "{}", en.body);
    }
}
