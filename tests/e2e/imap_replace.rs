//! Replacing a request in the IMAP mailbox by its copy without the passport
//! scan (`dsrd::intake::imap::replace_message`), against a real Dovecot: the
//! scan's bytes leave the server, the copy is there once, keeps the
//! original's flags and date, and calling again (also after a crash halfway)
//! leaves exactly one copy.

use crate::support::dovecot::Dovecot;
use dsrd::config::{ImapAuth, ImapConfig, ImapSecurity, SecretString};
use dsrd::intake::imap::{replace_message, ImapError, Replacement};
use futures_util::TryStreamExt;
use std::time::Duration;

const NOTE: &str =
    "De bijlage paspoort.jpg is verwijderd: de school bewaart geen kopie van een identiteitsbewijs.";

/// dsrd's settings for user `test` on `dovecot`, plain IMAP.
fn config(dovecot: &Dovecot, done_folder: Option<&str>) -> ImapConfig {
    ImapConfig {
        host: "127.0.0.1".into(),
        port: dovecot.port,
        security: ImapSecurity::None,
        ca_file: None,
        username: "test".into(),
        auth: ImapAuth::Password(SecretString::new(crate::support::dovecot::PASSWORD.into())),
        folder: "INBOX".into(),
        done_folder: done_folder.map(str::to_owned),
        sent_folder: None,
        idle: true,
        idle_renew: Duration::from_secs(60),
        poll_interval: Duration::from_secs(1),
        timeout: Duration::from_secs(20),
        reconnect_max: Duration::from_secs(2),
    }
}

/// A request from a parent with a passport scan attached, and the scan's
/// base64 lines as they stand in the message.
fn request_with_scan(id: &str, seed: u8) -> (Vec<u8>, Vec<String>) {
    let scan: Vec<u8> = (0..2400u32)
        .map(|i| (i.wrapping_mul(2_654_435_761).rotate_left(u32::from(seed)) >> 13) as u8)
        .collect();
    let lines: Vec<String> = base64(&[b"\xFF\xD8\xFF\xE0\0\x10JFIF\0".as_slice(), &scan].concat())
        .as_bytes()
        .chunks(76)
        .map(|c| String::from_utf8(c.to_vec()).unwrap())
        .collect();
    let raw = format!(
        "From: Sanne de Vries <sanne@example.org>\r\nTo: avg@testscholen.example\r\n\
Subject: Inzage dossier\r\nMessage-ID: <{id}>\r\nDate: Mon, 2 Feb 2026 10:00:00 +0100\r\n\
MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n\
--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
Ik wil graag het dossier van mijn zoon inzien. Mijn paspoort zit erbij.\r\n\
--b1\r\nContent-Type: image/jpeg; name=\"paspoort.jpg\"\r\n\
Content-Disposition: attachment; filename=\"paspoort.jpg\"\r\nContent-Transfer-Encoding: base64\r\n\r\n\
{}\r\n--b1--\r\n",
        lines.join("\r\n")
    );
    (raw.into_bytes(), lines)
}

/// The request without its scan, as dsrd makes it.
fn stripped(raw: &[u8]) -> Vec<u8> {
    dsrd::intake::strip_attachments(raw, &["2".parse().unwrap()], NOTE).unwrap()
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A message as the server holds it.
#[derive(Debug)]
struct Stored {
    uid: u32,
    flags: Vec<String>,
    internal_date: Option<chrono::DateTime<chrono::FixedOffset>>,
    raw: Vec<u8>,
}

/// Every message in `folder` of user `test`, by UID.
async fn messages(dovecot: &Dovecot, folder: &str) -> Vec<Stored> {
    let mut session = dovecot.client("test").await;
    session.examine(folder).await.unwrap();
    let fetched: Vec<_> = session
        .uid_fetch("1:*", "(UID FLAGS INTERNALDATE BODY.PEEK[])")
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let mut out: Vec<Stored> = fetched
        .iter()
        .map(|m| Stored {
            uid: m.uid.unwrap(),
            flags: m.flags().map(|f| format!("{f:?}")).collect(),
            internal_date: m.internal_date(),
            raw: m.body().unwrap().to_vec(),
        })
        .collect();
    drop(fetched);
    session.logout().await.unwrap();
    out.sort_by_key(|m| m.uid);
    out
}

/// APPENDs `raw` to `folder` with `flags` and an INTERNALDATE.
async fn append(dovecot: &Dovecot, folder: &str, flags: &str, raw: &[u8]) {
    let mut session = dovecot.client("test").await;
    session
        .append(
            folder,
            Some(flags),
            Some("\"03-Feb-2026 23:30:00 +0000\""),
            raw,
        )
        .await
        .unwrap();
    session.logout().await.unwrap();
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// No line of the scan's base64 in any message of `folder`.
fn assert_scan_gone(folder: &[Stored], scan: &[String]) {
    for m in folder {
        for line in scan {
            assert!(!contains(&m.raw, line), "UID {}: scan line {line:?}", m.uid);
        }
    }
}

#[tokio::test]
async fn an_imap_message_in_the_done_folder_is_replaced_by_its_copy_without_the_scan_once() {
    // Arrange: one processed request in Done, another still in INBOX.
    let dovecot = Dovecot::start(&["test"]);
    dovecot.create("test", "Done").await;
    let (done_raw, done_scan) = request_with_scan("scan-done@example.org", 1);
    let (inbox_raw, inbox_scan) = request_with_scan("scan-inbox@example.org", 2);
    append(&dovecot, "Done", "(\\Seen $Forwarded)", &done_raw).await;
    append(&dovecot, "INBOX", "(\\Seen)", &inbox_raw).await;
    let before = messages(&dovecot, "Done").await;
    let replacement = stripped(&done_raw);
    let config = config(&dovecot, Some("Done"));

    // Act
    let outcome = replace_message(&config, "<scan-done@example.org>", &replacement).await;

    // Assert
    assert_eq!(
        outcome.unwrap(),
        Replacement::Replaced {
            folder: "Done".into()
        }
    );
    let done = messages(&dovecot, "Done").await;
    assert_eq!(done.len(), 1, "{done:?}");
    assert_eq!(done[0].raw, replacement);
    assert_ne!(done[0].uid, before[0].uid, "a new message, not an edit");
    assert_scan_gone(&done, &done_scan);
    assert!(
        done[0].flags.contains(&"Seen".to_owned()),
        "{:?}",
        done[0].flags
    );
    assert!(
        done[0].flags.iter().any(|f| f.contains("$Forwarded")),
        "{:?}",
        done[0].flags
    );
    assert!(!done[0].flags.contains(&"Deleted".to_owned()));
    assert_eq!(done[0].internal_date, before[0].internal_date);
    let inbox = messages(&dovecot, "INBOX").await;
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0].raw, inbox_raw, "another message is not touched");
    assert!(contains(&inbox[0].raw, &inbox_scan[0]));

    // Act again: the same call is a no-op.
    let again = replace_message(&config, "scan-done@example.org", &replacement).await;

    // Assert
    assert_eq!(
        again.unwrap(),
        Replacement::Replaced {
            folder: "Done".into()
        }
    );
    let after = messages(&dovecot, "Done").await;
    assert_eq!(after.len(), 1);
    assert_eq!(
        after[0].uid, done[0].uid,
        "nothing appended, nothing removed"
    );
    assert_eq!(after[0].raw, replacement);
}

#[tokio::test]
async fn a_message_id_not_in_the_imap_mailbox_gives_not_found_and_changes_nothing() {
    // Arrange
    let dovecot = Dovecot::start(&["test"]);
    dovecot.create("test", "Done").await;
    let (raw, _) = request_with_scan("scan-present@example.org", 3);
    append(&dovecot, "Done", "(\\Seen)", &raw).await;
    let config = config(&dovecot, Some("Done"));

    // Act: another ID, and one the present ID merely contains.
    let absent = replace_message(&config, "<absent@example.org>", &stripped(&raw)).await;
    let part = replace_message(&config, "present@example.org", &stripped(&raw)).await;

    // Assert
    assert_eq!(absent.unwrap(), Replacement::NotFound);
    assert_eq!(part.unwrap(), Replacement::NotFound);
    let done = messages(&dovecot, "Done").await;
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].raw, raw);
    assert!(messages(&dovecot, "INBOX").await.is_empty());
}

#[tokio::test]
async fn without_a_done_folder_an_imap_message_is_replaced_in_the_watched_folder() {
    // Arrange: intake left the message in INBOX, marked \Seen.
    let dovecot = Dovecot::start(&["test"]);
    let (raw, scan) = request_with_scan("scan-inbox-only@example.org", 4);
    append(&dovecot, "INBOX", "(\\Seen)", &raw).await;
    let replacement = stripped(&raw);

    // Act: the ID as intake stores it, without angle brackets.
    let outcome = replace_message(
        &config(&dovecot, None),
        "scan-inbox-only@example.org",
        &replacement,
    )
    .await;

    // Assert
    assert_eq!(
        outcome.unwrap(),
        Replacement::Replaced {
            folder: "INBOX".into()
        }
    );
    let inbox = messages(&dovecot, "INBOX").await;
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0].raw, replacement);
    assert!(inbox[0].flags.contains(&"Seen".to_owned()));
    assert_scan_gone(&inbox, &scan);
}

#[tokio::test]
async fn after_a_crash_between_append_and_expunge_replacing_an_imap_message_again_leaves_one_copy()
{
    // Arrange: the replacement was appended, the original not yet removed.
    let dovecot = Dovecot::start(&["test"]);
    dovecot.create("test", "Done").await;
    let (raw, scan) = request_with_scan("scan-crash@example.org", 5);
    let replacement = stripped(&raw);
    append(&dovecot, "Done", "(\\Seen)", &raw).await;
    append(&dovecot, "Done", "(\\Seen)", &replacement).await;
    let before = messages(&dovecot, "Done").await;
    assert_eq!(before.len(), 2);

    // Act
    let outcome = replace_message(
        &config(&dovecot, Some("Done")),
        "scan-crash@example.org",
        &replacement,
    )
    .await;

    // Assert: the copy already there is kept; the original is gone.
    assert_eq!(
        outcome.unwrap(),
        Replacement::Replaced {
            folder: "Done".into()
        }
    );
    let done = messages(&dovecot, "Done").await;
    assert_eq!(done.len(), 1, "{done:?}");
    assert_eq!(done[0].uid, before[1].uid, "no third copy was appended");
    assert_eq!(done[0].raw, replacement);
    assert_scan_gone(&done, &scan);
}

#[tokio::test]
async fn an_imap_original_marked_deleted_and_two_copies_from_earlier_attempts_become_one_copy() {
    // Arrange: a crash after \Deleted was set, and a second attempt that
    // appended again before it too was interrupted.
    let dovecot = Dovecot::start(&["test"]);
    dovecot.create("test", "Done").await;
    let (raw, scan) = request_with_scan("scan-twice@example.org", 6);
    let replacement = stripped(&raw);
    append(&dovecot, "Done", "(\\Seen \\Deleted)", &raw).await;
    append(&dovecot, "Done", "(\\Seen)", &replacement).await;
    append(&dovecot, "Done", "(\\Seen)", &replacement).await;
    let before = messages(&dovecot, "Done").await;

    // Act
    let outcome = replace_message(
        &config(&dovecot, Some("Done")),
        "<scan-twice@example.org>",
        &replacement,
    )
    .await;

    // Assert
    assert!(matches!(outcome, Ok(Replacement::Replaced { .. })));
    let done = messages(&dovecot, "Done").await;
    assert_eq!(done.len(), 1, "{done:?}");
    assert_eq!(done[0].uid, before[1].uid, "the first copy is kept");
    assert_scan_gone(&done, &scan);
}

#[tokio::test]
async fn without_uidplus_the_imap_original_is_only_marked_deleted_and_the_error_says_so() {
    // Arrange: a server that does not announce UIDPLUS (nor MOVE).
    let dovecot = Dovecot::start_with(&["test"], "imap_capability = IMAP4rev1 LITERAL+ IDLE");
    dovecot.create("test", "Done").await;
    let (raw, _) = request_with_scan("scan-no-uidplus@example.org", 7);
    let replacement = stripped(&raw);
    append(&dovecot, "Done", "(\\Seen)", &raw).await;

    // Act
    let outcome = replace_message(
        &config(&dovecot, Some("Done")),
        "scan-no-uidplus@example.org",
        &replacement,
    )
    .await;

    // Assert: both are there; the original is marked, not expunged.
    let err = outcome.unwrap_err();
    assert!(
        matches!(&err, ImapError::OriginalNotRemoved { folder, .. } if folder == "Done"),
        "{err}"
    );
    assert!(err.to_string().contains("UIDPLUS"), "{err}");
    let done = messages(&dovecot, "Done").await;
    assert_eq!(done.len(), 2, "{done:?}");
    assert_eq!(done[0].raw, raw);
    assert!(done[0].flags.contains(&"Deleted".to_owned()));
    assert_eq!(done[1].raw, replacement);
    assert!(!done[1].flags.contains(&"Deleted".to_owned()));
}
