//! Hand-made requests with an ID scan, the MIME corpus, and mutations.

use super::*;
use crate::intake::parse;
use std::path::PathBuf;

const NOTE: &str = "De bijlage paspoort.jpg is verwijderd: de school bewaart geen kopie van een identiteitsbewijs.";

/// Deterministic bytes that look like nothing else in the message.
fn noise(seed: u32, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect()
}

fn jpeg(seed: u32) -> Vec<u8> {
    [
        b"\xFF\xD8\xFF\xE0\0\x10JFIF\0".as_slice(),
        &noise(seed, 900),
    ]
    .concat()
}

fn pdf(seed: u32) -> Vec<u8> {
    [
        b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".as_slice(),
        &noise(seed, 700),
    ]
    .concat()
}

fn b64(bytes: &[u8]) -> String {
    let text = String::from_utf8(base64(bytes)).unwrap();
    let lines: Vec<&str> = text
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    lines.join("\r\n")
}

fn lf(s: &str) -> String {
    s.replace("\r\n", "\n")
}

const HEADERS: &str =
    "Received: from mx.example.org by mail.school.example; Tue, 1 Dec 2026 09:00:00 +0100\r\n\
From: Sanne de Vries <sanne@example.org>\r\nTo: avg@school.example\r\nSubject: Inzage dossier\r\n\
Date: Tue, 1 Dec 2026 09:00:00 +0100\r\nMessage-ID: <scan-1@example.org>\r\nMIME-Version: 1.0\r\n";

fn passport_mail() -> (String, Vec<u8>) {
    let scan = jpeg(1);
    let raw = format!(
        "{HEADERS}Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n\
This is a multi-part message in MIME format.\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
Ik wil graag het dossier van mijn zoon inzien. Mijn paspoort zit erbij.\r\n\
--b1\r\nContent-Type: image/jpeg; name=\"paspoort.jpg\"\r\nContent-Disposition: attachment; filename=\"paspoort.jpg\"\r\n\
Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--b1--\r\n",
        b64(&scan)
    );
    (raw, scan)
}

fn contains_str(out: &[u8], needle: &str) -> bool {
    contains(out, needle.as_bytes())
}

/// Every base64 line of `bytes` (as [`b64`] wraps it) is absent from `out`,
/// and so are the bytes themselves.
fn assert_gone(out: &[u8], bytes: &[u8]) {
    assert!(!contains(out, bytes), "decoded bytes survived");
    for line in b64(bytes).lines() {
        assert!(!contains_str(out, line), "base64 line {line:?} survived");
    }
}

fn assert_kept(out: &[u8], bytes: &[u8]) {
    assert!(
        contains_str(out, &b64(bytes)),
        "a kept attachment lost its bytes"
    );
}

fn header_block(raw: &[u8]) -> &[u8] {
    let m = MessageParser::default().parse(raw).unwrap();
    let end = m.parts[0].offset_body as usize;
    &raw[..end]
}

fn note_texts(out: &[u8]) -> Vec<String> {
    let m = MessageParser::default().parse(out).unwrap();
    m.attachments()
        .filter(|p| p.attachment_name() == Some(NOTE_FILE_NAME))
        .map(|p| p.text_contents().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn a_passport_jpeg_in_multipart_mixed_is_found_and_removed_without_a_trace() {
    let (raw, scan) = passport_mail();
    let raw = raw.as_bytes();

    let survey = survey_attachments(raw);
    let out = strip_attachments(raw, &[survey.candidates[0].part.clone()], NOTE).unwrap();

    assert_eq!(survey.candidates.len(), 1);
    assert!(survey.others.is_empty());
    let c = &survey.candidates[0];
    assert_eq!(c.part.to_string(), "2");
    assert_eq!(c.file_name.as_deref(), Some("paspoort.jpg"));
    assert_eq!(c.declared_type.as_deref(), Some("image/jpeg"));
    assert_eq!(c.sniffed_type, Some("image/jpeg"));
    assert_eq!(c.size, scan.len() as u64);
    assert_eq!(c.sha256, hex::encode(Sha256::digest(&scan)));
    assert!(!c.inline);
    assert_eq!(c.meta().content_type, "image/jpeg");

    assert_eq!(
        header_block(&out),
        header_block(raw),
        "headers byte for byte"
    );
    assert_gone(&out, &scan);
    assert!(!contains_str(&out, &b64(&scan)));
    let (before, after) = (parse(raw), parse(&out));
    assert_eq!(after.message_id.as_deref(), Some("scan-1@example.org"));
    assert_eq!(after.dedupe_key(&out, "x"), before.dedupe_key(raw, "y"));
    assert_eq!(after.body_text, before.body_text);
    assert_eq!(note_texts(&out), vec![NOTE.to_owned()]);
    assert!(identity_document_candidates(&out).is_empty());
    assert!(contains_str(
        &out,
        "This is a multi-part message in MIME format."
    ));
}

#[test]
fn a_pdf_declared_as_octet_stream_is_found_by_its_bytes_and_a_docx_is_listed_apart() {
    let (scan, docx) = (pdf(2), [b"PK\x03\x04".as_slice(), &noise(3, 300)].concat());
    let raw = format!(
        "{HEADERS}Content-Type: multipart/mixed; boundary=XYZ\r\n\r\n--XYZ\r\nContent-Type: text/plain\r\n\r\nZie bijlagen.\r\n\
--XYZ\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"scan0001\"\r\n\
Content-Transfer-Encoding: base64\r\n\r\n{}\r\n\
--XYZ\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name=\"brief.docx\"\r\n\
Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--XYZ--\r\n",
        b64(&scan),
        b64(&docx)
    );

    let survey = survey_attachments(raw.as_bytes());
    let out = strip_attachments(raw.as_bytes(), &["2".parse().unwrap()], NOTE).unwrap();

    assert_eq!(survey.candidates.len(), 1);
    let c = &survey.candidates[0];
    assert_eq!(c.part.to_string(), "2");
    assert_eq!(c.declared_type.as_deref(), Some("application/octet-stream"));
    assert_eq!(c.sniffed_type, Some("application/pdf"));
    assert_eq!(survey.others.len(), 1);
    assert_eq!(survey.others[0].file_name.as_deref(), Some("brief.docx"));
    assert_eq!(survey.others[0].sniffed_type, None);
    assert_gone(&out, &scan);
    assert_kept(&out, &docx);
    assert_eq!(
        survey_attachments(&out).others.len(),
        2,
        "the docx and the note"
    );
}

#[test]
fn an_octet_stream_is_a_candidate_by_its_file_name_alone() {
    let raw = "From: a@example.org\r\nContent-Type: multipart/mixed; boundary=q\r\n\r\n--q\r\n\
Content-Type: text/plain\r\n\r\nhoi\r\n--q\r\nContent-Type: application/octet-stream; name=\"ID-kaart.HEIC\"\r\n\r\n\
not really an image\r\n--q--\r\n";
    let found = identity_document_candidates(raw.as_bytes());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].sniffed_type, None);
    assert_eq!(found[0].file_name.as_deref(), Some("ID-kaart.HEIC"));
}

fn related_mail() -> (String, Vec<u8>) {
    let photo = [b"\x89PNG\r\n\x1a\n".as_slice(), &noise(4, 800)].concat();
    let raw = format!(
        "{HEADERS}Content-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n\
--alt\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
Hierbij mijn ID-kaart. Met vriendelijke groet, Ren=C3=A9e\r\n\
--alt\r\nContent-Type: multipart/related; boundary=\"rel\"\r\n\r\n\
--rel\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hierbij mijn ID-kaart.</p><img src=\"cid:id1\">\r\n\
--rel\r\nContent-Type: image/png\r\nContent-ID: <id1>\r\nContent-Disposition: inline\r\n\
Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--rel--\r\n\r\n--alt--\r\n",
        b64(&photo)
    );
    (raw, photo)
}

#[test]
fn an_inline_image_in_related_inside_alternative_is_removed_and_both_bodies_stay() {
    let (raw, photo) = related_mail();
    let raw = raw.as_bytes();

    let found = identity_document_candidates(raw);
    let out = strip_attachments(raw, &[found[0].part.clone()], NOTE).unwrap();

    assert_eq!(found.len(), 1);
    assert_eq!(found[0].part.to_string(), "2.2");
    assert!(found[0].inline);
    assert_eq!(found[0].sniffed_type, Some("image/png"));
    assert_gone(&out, &photo);
    assert_eq!(header_block(&out), header_block(raw));
    let (before, after) = (parse(raw), parse(&out));
    assert!(after.body_text.contains("Renée"));
    assert_eq!(after.body_text, before.body_text);
    let html = |m: &[u8]| {
        let m = MessageParser::default().parse(m).unwrap();
        m.body_html(0).map(|h| h.into_owned())
    };
    assert_eq!(html(&out), html(raw));
    assert_eq!(note_texts(&out), vec![NOTE.to_owned()]);
}

#[test]
fn only_the_scan_goes_when_the_officer_keeps_the_corrected_report() {
    let (scan, report) = (pdf(5), pdf(6));
    let raw = format!(
        "{HEADERS}Content-Type: multipart/mixed; boundary=\"=_x\"\r\n\r\n--=_x\r\nContent-Type: text/plain\r\n\r\n\
Het rapport klopt niet, hierbij de verbeterde versie en mijn paspoort.\r\n\
--=_x\r\nContent-Type: application/pdf; name=\"paspoort.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n\
--=_x\r\nContent-Type: application/pdf; name=\"rapport-verbeterd.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n\
--=_x--\r\n",
        b64(&scan),
        b64(&report)
    );

    let found = identity_document_candidates(raw.as_bytes());
    let out = strip_attachments(raw.as_bytes(), &[found[0].part.clone()], NOTE).unwrap();

    assert_eq!(found.len(), 2);
    assert_eq!(found[0].file_name.as_deref(), Some("paspoort.pdf"));
    assert_gone(&out, &scan);
    assert_kept(&out, &report);
    assert!(contains(&out, &report) || contains_str(&out, &b64(&report)));
    let left = identity_document_candidates(&out);
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].sha256, found[1].sha256);
    assert_eq!(
        left[0].part.to_string(),
        "3",
        "the note took the scan's place"
    );
}

#[test]
fn an_lf_only_message_stays_lf_only() {
    let (raw, scan) = passport_mail();
    let raw = lf(&raw);
    let raw = raw.as_bytes();

    let found = identity_document_candidates(raw);
    let out = strip_attachments(raw, &[found[0].part.clone()], NOTE).unwrap();

    assert_eq!(found.len(), 1);
    assert!(!contains(&out, b"\r"), "no CR introduced");
    assert_gone(&out, &scan);
    assert_eq!(header_block(&out), header_block(raw));
    assert_eq!(parse(&out).body_text, parse(raw).body_text);
    assert_eq!(note_texts(&out), vec![NOTE.to_owned()]);
}

#[test]
fn a_quoted_printable_attachment_is_removed_as_well() {
    let scan =
        b"%PDF-1.3\n1 0 obj << /Type /Catalog >> endobj\n% scan van rijbewijs, uniek genoeg\n"
            .to_vec();
    let qp =
        "%PDF-1.3=0A1 0 obj << /Type /Catalog >> endobj=0A% scan van rijbewijs, uniek genoeg=0A";
    let raw = format!(
        "From: a@example.org\r\nMessage-ID: <qp@example.org>\r\nContent-Type: multipart/mixed; boundary=\"k\"\r\n\r\n\
--k\r\nContent-Type: text/plain\r\n\r\nZie bijlage.\r\n--k\r\nContent-Type: application/pdf; name=rijbewijs.pdf\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\r\n{qp}\r\n--k--\r\n"
    );

    let found = identity_document_candidates(raw.as_bytes());
    let out = strip_attachments(raw.as_bytes(), &[found[0].part.clone()], NOTE).unwrap();

    assert_eq!(found[0].size, scan.len() as u64);
    assert!(!contains(&out, &scan));
    assert!(!contains_str(&out, qp));
    assert!(!contains_str(&out, "uniek genoeg"));
}

#[test]
fn two_scans_in_one_multipart_leave_one_note() {
    let (front, back) = (jpeg(7), jpeg(8));
    let raw = format!(
        "{HEADERS}Content-Type: multipart/mixed; boundary=m\r\n\r\n--m\r\nContent-Type: text/plain\r\n\r\nVoor- en achterkant.\r\n\
--m\r\nContent-Type: image/jpeg; name=voor.jpg\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n\
--m\r\nContent-Type: image/jpeg; name=achter.jpg\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n--m--\r\n",
        b64(&front),
        b64(&back)
    );
    let ids: Vec<PartId> = identity_document_candidates(raw.as_bytes())
        .into_iter()
        .map(|f| f.part)
        .collect();

    let out = strip_attachments(raw.as_bytes(), &ids, NOTE).unwrap();

    assert_eq!(ids.len(), 2);
    assert_gone(&out, &front);
    assert_gone(&out, &back);
    assert_eq!(note_texts(&out).len(), 1);
    let m = MessageParser::default().parse(&out[..]).unwrap();
    assert_eq!(m.parts.len(), 3, "root, text and the note");
    assert_eq!(parse(&out).body_text, parse(raw.as_bytes()).body_text);
}

#[test]
fn what_cannot_be_cut_out_safely_is_refused() {
    let (raw, _) = passport_mail();
    let raw = raw.as_bytes();
    let id = |s: &str| -> PartId { s.parse().unwrap() };

    assert_eq!(
        strip_attachments(raw, &[], NOTE),
        Err(StripError::NothingToRemove)
    );
    assert_eq!(
        strip_attachments(raw, &[id("2")], " "),
        Err(StripError::EmptyNote)
    );
    assert_eq!(
        strip_attachments(raw, &[id("3")], NOTE),
        Err(StripError::NoSuchPart(id("3")))
    );
    assert!(matches!(
        strip_attachments(raw, &[id("1")], NOTE),
        Err(StripError::NotRemovable { reason, .. }) if reason.contains("text of the message")
    ));
    assert!(matches!(
        strip_attachments(raw, &[id("0")], NOTE),
        Err(StripError::NotRemovable { reason, .. }) if reason.contains("container")
    ));
    assert_eq!(
        strip_attachments(b"", &[id("1")], NOTE),
        Err(StripError::Unparseable)
    );

    let whole = format!("From: a@example.org\r\nContent-Type: image/jpeg\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n", b64(&jpeg(9)));
    assert_eq!(
        identity_document_candidates(whole.as_bytes())[0]
            .part
            .to_string(),
        "0"
    );
    assert!(matches!(
        strip_attachments(whole.as_bytes(), &[id("0")], NOTE),
        Err(StripError::NotRemovable { reason, .. }) if reason.contains("whole body")
    ));
}

#[test]
fn a_truncated_attachment_is_refused_rather_than_mangled() {
    let (raw, _) = passport_mail();
    let cut = &raw.as_bytes()[..raw.len() - 600];

    let found = identity_document_candidates(cut);
    let result = strip_attachments(cut, &[found[0].part.clone()], NOTE);

    assert_eq!(found.len(), 1, "the truncated scan is still reported");
    assert!(
        matches!(result, Err(StripError::Unlocatable { .. })),
        "{result:?}"
    );
}

#[test]
fn a_misspelt_closing_boundary_is_refused() {
    let (raw, _) = passport_mail();
    let broken = raw.replace("\r\n--b1--\r\n", "\r\n--b2--\r\n");

    let found = identity_document_candidates(broken.as_bytes());
    let result = strip_attachments(broken.as_bytes(), &[found[0].part.clone()], NOTE);

    assert!(
        matches!(result, Err(StripError::Unlocatable { .. })),
        "{result:?}"
    );
}

#[test]
fn removing_one_of_two_identical_copies_is_refused_because_the_bytes_would_stay() {
    let scan = b64(&jpeg(10));
    let raw = format!(
        "From: a@example.org\r\nContent-Type: multipart/mixed; boundary=d\r\n\r\n--d\r\nContent-Type: text/plain\r\n\r\nTwee keer.\r\n\
--d\r\nContent-Type: image/jpeg\r\nContent-Transfer-Encoding: base64\r\n\r\n{scan}\r\n\
--d\r\nContent-Type: image/jpeg\r\nContent-Transfer-Encoding: base64\r\n\r\n{scan}\r\n--d--\r\n"
    );

    let one = strip_attachments(raw.as_bytes(), &["2".parse().unwrap()], NOTE);
    let both = strip_attachments(
        raw.as_bytes(),
        &["2".parse().unwrap(), "3".parse().unwrap()],
        NOTE,
    );

    assert!(
        matches!(one, Err(StripError::Verification(ref why)) if why.contains("identical copy")),
        "{one:?}"
    );
    assert!(both.is_ok());
}

#[test]
fn a_part_inside_a_forwarded_message_is_out_of_scope() {
    let (inner, _) = passport_mail();
    let raw = format!(
        "From: b@example.org\r\nContent-Type: multipart/mixed; boundary=f\r\n\r\n--f\r\nContent-Type: text/plain\r\n\r\nDoorgestuurd.\r\n\
--f\r\nContent-Type: message/rfc822\r\n\r\n{inner}\r\n--f--\r\n"
    );

    let survey = survey_attachments(raw.as_bytes());
    let result = strip_attachments(raw.as_bytes(), &["2.2".parse().unwrap()], NOTE);

    assert!(survey.candidates.is_empty());
    assert_eq!(
        survey.others[0].declared_type.as_deref(),
        Some("message/rfc822")
    );
    assert_eq!(survey.others[0].nested_candidates, 1);
    assert!(
        matches!(result, Err(StripError::NotRemovable { reason, .. }) if reason.contains("forwarded")),
        "{result:?}"
    );
    assert!(strip_attachments(raw.as_bytes(), &["2".parse().unwrap()], NOTE).is_ok());
}

#[test]
fn part_ids_read_and_print_like_imap_sections() {
    for s in ["0", "1", "2.3", "1.1.4"] {
        assert_eq!(s.parse::<PartId>().unwrap().to_string(), s);
    }
    assert_eq!("2.3".parse::<PartId>().unwrap().path(), &[1, 2]);
    for bad in ["", "a", "1..2", "0.1", "-1"] {
        assert!(bad.parse::<PartId>().is_err(), "{bad:?}");
    }
    assert_eq!(
        String::from_utf8(base64(b"Renee\xC3\xA9!")).unwrap(),
        "UmVuZWXDqSE="
    );
    assert_eq!(String::from_utf8(base64(b"ab")).unwrap(), "YWI=");
}

fn corpus() -> Vec<(PathBuf, Vec<u8>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/mime-corpus");
    let mut out = Vec::new();
    for folder in ["legacy", "malformed", "rfc", "thirdparty"] {
        for entry in std::fs::read_dir(root.join(folder)).expect("testdata/mime-corpus") {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "eml") {
                let raw = std::fs::read(&path).unwrap();
                out.push((path, raw));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_corpus_message_is_surveyed_and_stripped_or_refused_cleanly() {
    let messages = corpus();
    let (mut with_candidates, mut stripped, mut refused) = (0, 0, 0);

    for (path, raw) in &messages {
        let found = identity_document_candidates(raw);
        if found.is_empty() {
            continue;
        }
        with_candidates += 1;
        let ids: Vec<PartId> = found.iter().map(|f| f.part.clone()).collect();
        match strip_attachments(raw, &ids, NOTE) {
            Ok(out) => {
                stripped += 1;
                eprintln!("{}: stripped {} part(s)", path.display(), ids.len());
                assert!(
                    MessageParser::default().parse(&out[..]).is_some(),
                    "{path:?}"
                );
                let left: Vec<String> = identity_document_candidates(&out)
                    .into_iter()
                    .map(|f| f.sha256)
                    .collect();
                for f in found.iter().filter(|f| f.size > 0) {
                    assert!(!left.contains(&f.sha256), "{path:?}: {} survived", f.part);
                }
                // Independently of the checks strip_attachments makes: the
                // decoded bytes and the encoded text are gone.
                let original = MessageParser::default().parse(&raw[..]).unwrap();
                for node in tree(&original).iter().filter(|n| ids.contains(&n.id)) {
                    let part = &original.parts[node.index];
                    let encoded =
                        raw[part.offset_body as usize..part.offset_end as usize].trim_ascii();
                    for bytes in [part.contents(), encoded] {
                        assert!(
                            bytes.len() < MIN_SEARCHED || !contains(&out, bytes),
                            "{path:?}: bytes of {} survived",
                            node.id
                        );
                    }
                }
            }
            Err(e) => {
                refused += 1;
                eprintln!("{}: refused: {e}", path.display());
            }
        }
    }

    eprintln!(
        "mime corpus: {} messages, {with_candidates} with candidates, {stripped} stripped, {refused} refused",
        messages.len()
    );
    assert!(messages.len() >= 100, "the corpus is missing");
    assert!(with_candidates > 0);
    assert!(
        stripped * 2 > with_candidates,
        "{stripped} of {with_candidates}"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
    #[test]
    fn mutated_messages_never_panic(
        edits in proptest::collection::vec((0usize..4000, proptest::prelude::any::<u8>(), 0u8..3), 1..8)
    ) {
        let (raw, _) = related_mail();
        let mut raw = raw.into_bytes();
        for (at, byte, kind) in edits {
            let at = at % (raw.len() + 1);
            match kind {
                0 if at < raw.len() => raw[at] = byte,
                1 => raw.insert(at, byte),
                _ => raw.truncate(at.max(1)),
            }
        }
        let survey = survey_attachments(&raw);
        let ids: Vec<PartId> = survey.candidates.iter().chain(&survey.others).map(|f| f.part.clone()).collect();
        if !ids.is_empty() {
            if let Ok(out) = strip_attachments(&raw, &ids, NOTE) {
                proptest::prop_assert!(MessageParser::default().parse(&out[..]).is_some());
            }
        }
    }
}
