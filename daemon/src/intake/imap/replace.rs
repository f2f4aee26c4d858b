//! Replacing a message on the server by a copy of itself without an
//! identity-document scan (made by `intake::strip_attachments`), so the scan
//! is gone from the mailbox as well as from dsrd's store.
//!
//! The message is looked for where intake leaves it: the done folder first,
//! then the watched folder (where it stays, `\Seen`, without a done folder).
//! It is found with `UID SEARCH HEADER Message-ID "<id>"` (RFC 3501
//! §6.4.4), the quoted form with angle brackets that Dovecot matches (as in
//! `sent`). That search matches substrings, so each hit's own Message-ID
//! header is compared exactly before anything is touched.
//!
//! The order keeps the mail safe: the replacement is APPENDed (RFC 3501
//! §6.3.11) with the original's flags and INTERNALDATE; only once the server
//! has accepted it are the originals marked `\Deleted` and removed with UID
//! EXPUNGE of exactly their UIDs (RFC 4315). A plain EXPUNGE is never sent:
//! it would also remove whatever anyone else marked deleted. Without UIDPLUS
//! the originals stay marked and the caller gets
//! [`ImapError::OriginalNotRemoved`].
//!
//! Repeating a call is safe. A crash between APPEND and EXPUNGE leaves
//! both copies behind. The next call looks for the replacement among the
//! hits: a copy not marked deleted whose RFC822.SIZE equals the
//! replacement's length (with CRLF line ends, the form in which IMAP serves
//! and dsrd appends messages) has its bytes fetched and compared. An equal
//! copy is kept and nothing is appended; every other hit is removed. Only
//! copies of the right size are downloaded, so the large originals never
//! are. On a message already replaced the call changes nothing and answers
//! [`Replacement::Replaced`] again.
//!
//! `syntax` writes the values these commands take.

use super::error::{timed, ImapError};
use super::fetch::{store_flag, uid_set};
use super::session::{open_session, Session};
use crate::config::ImapConfig;
use async_imap::types::Flag;
use chrono::{DateTime, FixedOffset};
use futures_util::TryStreamExt;
use syntax::{append_flags, bare_id, crlf, date_time, search_key};

mod remove;
mod syntax;

pub use remove::remove_messages;

/// What [`replace_message`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replacement {
    /// `folder` now holds the replacement, once, and no other message with
    /// this Message-ID (also when it already did before the call).
    Replaced {
        /// The folder the message was in.
        folder: String,
    },
    /// Neither the done folder nor the watched folder holds a message with
    /// this Message-ID (the officer may have moved or deleted it).
    NotFound,
}

/// Replaces the message with Message-ID `message_id` (with or without angle
/// brackets) by `replacement` in the first of the done folder and the
/// watched folder that holds it; see the module documentation for the order
/// of the steps and why a repeated call is harmless.
#[tracing::instrument(skip_all)]
pub async fn replace_message(
    config: &ImapConfig,
    message_id: &str,
    replacement: &[u8],
) -> Result<Replacement, ImapError> {
    let key = search_key(message_id).ok_or(ImapError::BadMessageId)?;
    let wanted = Wanted {
        id: bare_id(message_id),
        key,
        raw: crlf(replacement),
    };
    let mut session = open_session(config).await?;
    let outcome = replace_in_mailbox(&mut session, &wanted).await;
    if outcome.is_ok() {
        session.logout().await; // after a failure the connection may be gone
    }
    outcome
}

/// The message looked for and what replaces it.
struct Wanted<'a> {
    /// The Message-ID without angle brackets, compared with each hit's.
    id: &'a str,
    /// The quoted search string.
    key: String,
    /// The replacement with CRLF line ends.
    raw: Vec<u8>,
}

async fn replace_in_mailbox(
    session: &mut Session,
    wanted: &Wanted<'_>,
) -> Result<Replacement, ImapError> {
    for folder in folders(&session.config) {
        if replace_in_folder(session, &folder, wanted).await? {
            return Ok(Replacement::Replaced { folder });
        }
    }
    Ok(Replacement::NotFound)
}

/// Where intake leaves a message: the done folder, then the watched folder.
fn folders(c: &ImapConfig) -> Vec<String> {
    let mut out: Vec<String> = c.done_folder.iter().cloned().collect();
    if !out.contains(&c.folder) {
        out.push(c.folder.clone());
    }
    out
}

/// A message in the selected folder with the wanted Message-ID.
struct Hit {
    uid: u32,
    /// Its flags as the replacement gets them (`syntax::append_flags`).
    flags: Vec<String>,
    deleted: bool,
    internal_date: Option<DateTime<FixedOffset>>,
    size: Option<u32>,
}

/// Replaces the message in `folder`; false when `folder` does not hold it.
async fn replace_in_folder(
    session: &mut Session,
    folder: &str,
    wanted: &Wanted<'_>,
) -> Result<bool, ImapError> {
    let limit = session.config.timeout;
    session.select(folder).await?;
    let query = format!("HEADER Message-ID {}", wanted.key);
    let found = timed(limit, "UID SEARCH", session.inner.uid_search(query)).await?;
    let mut uids: Vec<u32> = found.into_iter().collect();
    if uids.is_empty() {
        return Ok(false);
    }
    uids.sort_unstable();
    let hits = describe(session, &uids, wanted.id).await?;
    let Some(first) = hits.first() else {
        return Ok(false);
    };
    let kept = find_replacement(session, &hits, &wanted.raw).await?;
    if kept.is_none() {
        let model = hits.iter().find(|h| !h.deleted).unwrap_or(first);
        append(session, folder, model, &wanted.raw).await?;
    }
    let stale: Vec<u32> = hits
        .iter()
        .map(|h| h.uid)
        .filter(|uid| Some(*uid) != kept)
        .collect();
    remove(session, folder, &stale).await?;
    tracing::info!(
        folder,
        appended = kept.is_none(),
        removed = stale.len(),
        "mailbox copy replaced"
    );
    Ok(true)
}

/// Flags, date and size of the searched messages whose Message-ID is `id`
/// exactly, by UID.
async fn describe(session: &mut Session, uids: &[u32], id: &str) -> Result<Vec<Hit>, ImapError> {
    let limit = session.config.timeout;
    let set = uid_set(uids);
    let fetch = async {
        let stream = session
            .inner
            .uid_fetch(
                &set,
                "(UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[HEADER])",
            )
            .await?;
        stream.try_collect::<Vec<_>>().await
    };
    let fetched = timed(limit, "UID FETCH", fetch).await?;
    let mut hits: Vec<Hit> = fetched
        .iter()
        .filter_map(|m| {
            let uid = m.uid?; // expunged by someone else meanwhile
            let header = mail_parser::MessageParser::default().parse_headers(m.header()?)?;
            if bare_id(header.message_id()?) != id {
                return None;
            }
            let flags: Vec<Flag<'_>> = m.flags().collect();
            Some(Hit {
                uid,
                flags: append_flags(&flags),
                deleted: flags.contains(&Flag::Deleted),
                internal_date: m.internal_date(),
                size: m.size,
            })
        })
        .collect();
    hits.sort_by_key(|h| h.uid);
    Ok(hits)
}

/// The lowest UID among `hits` whose bytes are `raw`; only hits of the
/// right size (or of unknown size) are downloaded.
async fn find_replacement(
    session: &mut Session,
    hits: &[Hit],
    raw: &[u8],
) -> Result<Option<u32>, ImapError> {
    let candidates: Vec<u32> = hits
        .iter()
        .filter(|h| !h.deleted && h.size.is_none_or(|s| s as usize == raw.len()))
        .map(|h| h.uid)
        .collect();
    if candidates.is_empty() {
        return Ok(None);
    }
    let limit = session.config.timeout;
    let set = uid_set(&candidates);
    let fetch = async {
        let stream = session.inner.uid_fetch(&set, "(UID BODY.PEEK[])").await?;
        stream.try_collect::<Vec<_>>().await
    };
    let fetched = timed(limit * 4, "UID FETCH", fetch).await?;
    Ok(fetched
        .iter()
        .filter(|m| m.body() == Some(raw))
        .filter_map(|m| m.uid)
        .filter(|uid| candidates.contains(uid))
        .min())
}

async fn append(
    session: &mut Session,
    folder: &str,
    model: &Hit,
    raw: &[u8],
) -> Result<(), ImapError> {
    let limit = session.config.timeout;
    let flags = format!("({})", model.flags.join(" "));
    let date = model.internal_date.map(|d| date_time(&d));
    let append = session
        .inner
        .append(folder, Some(&flags), date.as_deref(), raw);
    timed(limit * 4, "APPEND", append).await
}

/// Marks `uids` `\Deleted` and expunges exactly them (RFC 4315 §2.1).
async fn remove(session: &mut Session, folder: &str, uids: &[u32]) -> Result<(), ImapError> {
    if uids.is_empty() {
        return Ok(());
    }
    let set = uid_set(uids);
    store_flag(session, &set, "+FLAGS.SILENT (\\Deleted)").await?;
    if !session.uidplus {
        return Err(ImapError::OriginalNotRemoved {
            host: session.config.host.clone(),
            folder: folder.to_owned(),
        });
    }
    let limit = session.config.timeout;
    let expunge = async {
        let stream = session.inner.uid_expunge(&set).await?;
        stream.try_collect::<Vec<_>>().await
    };
    timed(limit, "UID EXPUNGE", expunge).await.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_done_folder_is_searched_before_the_watched_folder_and_each_once() {
        let mut c = crate::config::ImapConfig {
            host: "imap.example".into(),
            port: 143,
            security: crate::config::ImapSecurity::None,
            ca_file: None,
            username: "avg".into(),
            auth: crate::config::ImapAuth::OAuth2 { command: vec![] },
            folder: "INBOX".into(),
            done_folder: Some("Done".into()),
            sent_folder: None,
            idle: true,
            idle_renew: std::time::Duration::from_secs(60),
            poll_interval: std::time::Duration::from_secs(60),
            timeout: std::time::Duration::from_secs(5),
            reconnect_max: std::time::Duration::from_secs(5),
        };
        assert_eq!(folders(&c), ["Done", "INBOX"]);
        c.done_folder = Some("INBOX".into());
        assert_eq!(folders(&c), ["INBOX"]);
        c.done_folder = None;
        assert_eq!(folders(&c), ["INBOX"]);
    }
}
