//! Removing messages from the mailbox by Message-ID, once the case file's
//! retention reduced their case: the request and its follow-ups where
//! intake left them (the done folder, the watched folder) and the copies of
//! the case's outgoing mail in the Sent folder. They are found as
//! `replace` finds a message (`UID SEARCH HEADER Message-ID`, each hit's
//! own header compared exactly), marked `\Deleted` and removed with UID
//! EXPUNGE of exactly their UIDs (RFC 4315 §2.1), never a plain EXPUNGE.
//! A folder that does not exist holds nothing; a repeated call finds
//! nothing more and changes nothing.

use super::super::error::{timed, ImapError};
use super::super::session::open_session;
use super::syntax::{bare_id, search_key};
use super::{describe, folders, remove};
use crate::config::ImapConfig;

/// Removes every message whose Message-ID (with or without angle
/// brackets) is one of `message_ids` from the done, watched and Sent
/// folders of `config`; returns how many were removed. A Message-ID that
/// cannot be searched for (quotes or a backslash in it) is skipped.
#[tracing::instrument(skip_all, fields(ids = message_ids.len()))]
pub async fn remove_messages(
    config: &ImapConfig,
    message_ids: &[String],
) -> Result<usize, ImapError> {
    let mut all = folders(config);
    if let Some(sent) = &config.sent_folder {
        if !all.contains(sent) {
            all.push(sent.clone());
        }
    }
    let mut session = open_session(config).await?;
    let limit = config.timeout;
    let mut removed = 0;
    for folder in &all {
        match session.select(folder).await {
            Ok(_) => {}
            Err(ImapError::FolderMissing { .. }) => continue,
            Err(e) => return Err(e),
        }
        for id in message_ids {
            let Some(key) = search_key(id) else {
                tracing::warn!("a Message-ID that cannot be searched for is left in the mailbox");
                continue;
            };
            let query = format!("HEADER Message-ID {key}");
            let found = timed(limit, "UID SEARCH", session.inner.uid_search(query)).await?;
            let mut uids: Vec<u32> = found.into_iter().collect();
            if uids.is_empty() {
                continue;
            }
            uids.sort_unstable();
            let exact: Vec<u32> = describe(&mut session, &uids, bare_id(id))
                .await?
                .iter()
                .map(|h| h.uid)
                .collect();
            remove(&mut session, folder, &exact).await?;
            removed += exact.len();
        }
    }
    session.logout().await;
    Ok(removed)
}
