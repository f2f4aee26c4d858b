//! The case file's own retention (issue 16, point 3): a case closed or
//! rejected longer ago than `[case_file] retention` (a year by default)
//! keeps no personal data. It is reduced to an anonymous record — types,
//! dates, state, the systems that acted, on time or late — that the annual
//! figures still count, and the files dsrd wrote or keeps for it go too:
//! its outgoing mail in the `.eml` outbox, the Maildir copies of its
//! messages (with IMAP: its messages in the done or watched folder and
//! the Sent copies of its mail), its packages.
//!
//! Files go first, then the store's reduction (one transaction with its
//! audit entry): a stop in between leaves a case whose files are gone but
//! whose rows are still there, and the next pass finishes it; the other
//! order could leave files nothing points to any more. Afterwards the
//! store's own files are scrubbed (SQLite's write-ahead log emptied,
//! PostgreSQL's tables vacuumed).
//!
//! The daemon runs a pass beside the retention rules, at most once every
//! [`PASS_EVERY`]; `dsrd cases purge` runs one by hand.

use crate::case::{Actor, CaseRef, CaseState};
use crate::clock::Clock;
use crate::config::{Config, MailboxSource, OutgoingConfig};
use crate::intake::MaildirSource;
use crate::shred::shred;
use crate::store::{ReduceOutcome, Reduced, Store, StoreError};
use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// How often the daemon looks for cases to reduce: the period is counted
/// in days, so a few minutes late changes nothing.
pub const PASS_EVERY: TimeDelta = TimeDelta::minutes(10);

/// What a pass did (or, dry, would do).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseFilePurge {
    /// Nothing was removed: `cases` lists what would be.
    pub dry_run: bool,
    /// The configured period (`1y`).
    pub retention: String,
    /// Cases closed at or before this moment are due.
    pub closed_before: DateTime<Utc>,
    /// Each due case and what became of it.
    pub cases: Vec<PurgedCase>,
    /// Finished cases still within their period, untouched.
    pub within_period: usize,
}

impl CaseFilePurge {
    /// How many cases were reduced.
    pub fn reduced(&self) -> usize {
        self.cases
            .iter()
            .filter(|c| c.outcome == PurgeOutcome::Reduced)
            .count()
    }
}

/// One due case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PurgedCase {
    /// The case.
    pub reference: CaseRef,
    /// `closed` or `rejected`.
    pub state: CaseState,
    /// When it was closed (or rejected).
    pub closed_at: DateTime<Utc>,
    /// What became of it.
    pub outcome: PurgeOutcome,
    /// Why it was kept, when it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// The rows removed, when it was reduced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed: Option<Reduced>,
    /// Files removed (outgoing mail, Maildir copies, packages).
    pub files: usize,
}

/// What became of a due case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PurgeOutcome {
    /// Reduced to its anonymous record.
    Reduced,
    /// A dry run: it would be reduced.
    Due,
    /// Not reduced: a restriction in force, or files that could not be
    /// removed now (`why` says).
    Kept,
}

/// Why a pass stopped.
#[derive(Debug, thiserror::Error)]
pub enum CaseFileError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The IMAP mailbox's copies of a case's messages could not be
    /// removed (the server is down, or lacks UIDPLUS); the case keeps its
    /// rows and the next pass tries again.
    #[error("the mailbox copies of {reference} could not be removed ({kind}): {why}")]
    Imap {
        /// The case.
        reference: CaseRef,
        /// The kind of failure, for the log.
        kind: &'static str,
        /// What went wrong, without secrets.
        why: String,
    },
    /// A file of a case could not be removed; the case keeps its rows and
    /// the next pass tries again.
    #[error("a file of {reference} could not be removed ({what}): {source}")]
    File {
        /// The case.
        reference: CaseRef,
        /// Which file, without its name (which may carry a person's).
        what: &'static str,
        /// The cause.
        source: std::io::Error,
    },
}

/// The case file's retention over one store.
pub struct CaseFileRetention {
    config: Arc<Config>,
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    /// When the daemon's last pass ran (by the injected clock).
    last_pass: Mutex<Option<DateTime<Utc>>>,
}

impl CaseFileRetention {
    /// The retention of `config`'s case files.
    pub fn new(config: Arc<Config>, store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        CaseFileRetention {
            config,
            store,
            clock,
            last_pass: Mutex::new(None),
        }
    }

    /// The daemon's pass: a purge by the system when [`PASS_EVERY`] has
    /// gone by since the last one (at once after a start); `None` when it
    /// was not time yet.
    pub async fn step(&self) -> Result<Option<CaseFilePurge>, CaseFileError> {
        let now = self.clock.now();
        {
            let mut last = self.last_pass.lock().expect("not poisoned");
            if last.is_some_and(|l| now >= l && now - l < PASS_EVERY) {
                return Ok(None);
            }
            *last = Some(now);
        }
        let done = self.purge(false, &Actor::System).await?;
        if !done.cases.is_empty() {
            tracing::info!(
                reduced = done.reduced(),
                due = done.cases.len(),
                "case file retention ran"
            );
        }
        Ok(Some(done))
    }

    /// Reduces every case closed or rejected longer ago than the period
    /// (with `dry_run`, lists them and changes nothing), as `by`.
    #[tracing::instrument(skip_all, fields(dry_run = dry_run))]
    pub async fn purge(&self, dry_run: bool, by: &Actor) -> Result<CaseFilePurge, CaseFileError> {
        let now = self.clock.now();
        let period = self.config.case_file.retention;
        let closed_before = period.cutoff(now);
        let finished = self.store.finished_cases().await?;
        let (due, within): (Vec<_>, Vec<_>) = finished
            .into_iter()
            .partition(|c| c.closed_at <= closed_before);
        let mut cases = Vec::with_capacity(due.len());
        for case in due {
            let mut purged = PurgedCase {
                reference: case.reference.clone(),
                state: case.state,
                closed_at: case.closed_at,
                outcome: PurgeOutcome::Due,
                why: None,
                removed: None,
                files: 0,
            };
            if case.restriction_in_force {
                purged.outcome = PurgeOutcome::Kept;
                purged.why = Some("a restriction of the case is in force: lift it first".into());
            } else if !dry_run {
                // A case whose files cannot go now keeps its rows and
                // waits for the next pass; the others go on.
                match self.remove_files(&case.reference).await {
                    Ok(files) => purged.files = files,
                    Err(CaseFileError::Store(e)) => return Err(e.into()),
                    Err(e) => {
                        tracing::warn!(case = %case.reference, "{e}");
                        purged.outcome = PurgeOutcome::Kept;
                        purged.why = Some(e.to_string());
                        cases.push(purged);
                        continue;
                    }
                }
                match self
                    .store
                    .reduce_case(&case.reference, closed_before, by, now)
                    .await?
                {
                    ReduceOutcome::Reduced(removed) => {
                        purged.outcome = PurgeOutcome::Reduced;
                        purged.removed = Some(removed);
                        // Mail the outbox worker wrote meanwhile (a race
                        // with a retry) goes too.
                        purged.files += self.remove_outbox_files(&case.reference)?;
                    }
                    ReduceOutcome::Kept(why) => {
                        purged.outcome = PurgeOutcome::Kept;
                        purged.why = Some(why);
                    }
                    ReduceOutcome::NotFound => continue,
                }
            }
            cases.push(purged);
        }
        if cases.iter().any(|c| c.outcome == PurgeOutcome::Reduced) {
            self.store.scrub_case_files().await?;
        }
        Ok(CaseFilePurge {
            dry_run,
            retention: period.to_string(),
            closed_before,
            cases,
            within_period: within.len(),
        })
    }

    /// Removes the case's files: its outgoing mail, the Maildir copies of
    /// its messages and its packages. Returns how many there were.
    async fn remove_files(&self, reference: &CaseRef) -> Result<usize, CaseFileError> {
        let failed = |what: &'static str| {
            move |source| CaseFileError::File {
                reference: reference.clone(),
                what,
                source,
            }
        };
        let mut removed = self.remove_outbox_files(reference)?;
        // The IMAP mailboxes the case's messages came through, each with
        // the Message-IDs to remove there.
        let mut imap: Vec<(&crate::config::ImapConfig, Vec<String>)> = Vec::new();
        for message in self.store.case_messages(reference).await? {
            // A message stored before dsrd recorded its mailbox came
            // through the only one there was.
            let mailbox = match &message.mailbox {
                Some(name) => self.config.mailboxes.iter().find(|m| &m.name == name),
                None if self.config.mailboxes.len() == 1 => self.config.mailboxes.first(),
                None => None,
            };
            match mailbox.map(|m| &m.source) {
                Some(MailboxSource::Maildir { path, .. }) => {
                    let Some(name) = MaildirSource::source_name(&message.source) else {
                        continue;
                    };
                    let (path, name) = (path.clone(), name.to_owned());
                    let gone = tokio::task::spawn_blocking(move || {
                        MaildirSource::open(&path)?.remove(&name)
                    })
                    .await
                    .map_err(std::io::Error::other)
                    .and_then(|r| r)
                    .map_err(failed("a Maildir copy"))?;
                    removed += usize::from(gone);
                }
                Some(MailboxSource::Imap(config)) => {
                    let ids = match imap.iter_mut().find(|(c, _)| std::ptr::eq(*c, &**config)) {
                        Some((_, ids)) => ids,
                        None => {
                            imap.push((config, Vec::new()));
                            &mut imap.last_mut().expect("just pushed").1
                        }
                    };
                    ids.extend(message.message_id.clone());
                }
                None => {}
            }
        }
        if !imap.is_empty() {
            // Copies of the case's own mail went to the Sent folder of the
            // mailbox its request came through.
            let sent = self.store.case_mail_ids(reference).await?;
            for (config, mut ids) in imap {
                if config.sent_folder.is_some() {
                    ids.extend(sent.iter().cloned());
                }
                removed += crate::intake::imap::remove_messages(config, &ids)
                    .await
                    .map_err(|e| CaseFileError::Imap {
                        reference: reference.clone(),
                        kind: e.kind(),
                        why: e.to_string(),
                    })?;
            }
        }
        for package in self.store.case_reply(reference).await?.packages {
            let path = self.config.packages.dir.join(&package.file);
            removed += usize::from(shred(&path).map_err(failed("a package"))?);
        }
        Ok(removed)
    }

    /// Removes the `.eml` files the outbox wrote for the case.
    fn remove_outbox_files(&self, reference: &CaseRef) -> Result<usize, CaseFileError> {
        let OutgoingConfig::Files { path } = &self.config.outgoing else {
            return Ok(0);
        };
        remove_outbox_files(path, reference).map_err(|source| CaseFileError::File {
            reference: reference.clone(),
            what: "an outgoing mail",
            source,
        })
    }
}

/// The outbox names a case's mail `REF-KIND-ID.eml`; the dash after the
/// reference keeps `AVG-2026-0001` from matching `AVG-2026-00012`.
fn remove_outbox_files(dir: &Path, reference: &CaseRef) -> std::io::Result<usize> {
    let prefix = format!("{reference}-");
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut removed = 0;
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(".eml") && shred(&entry.path())? {
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_cases_own_outgoing_mail_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "AVG-2026-0001-answer-3.eml",
            "AVG-2026-0001-acknowledgement-1.eml",
            "AVG-2026-00012-answer-9.eml",
            "AVG-2026-0002-answer-4.eml",
            "AVG-2026-0001-notes.txt",
        ] {
            std::fs::write(dir.path().join(name), "Beste Sanne").unwrap();
        }
        let reference: CaseRef = "AVG-2026-0001".parse().unwrap();
        assert_eq!(remove_outbox_files(dir.path(), &reference).unwrap(), 2);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "AVG-2026-0001-notes.txt",
                "AVG-2026-00012-answer-9.eml",
                "AVG-2026-0002-answer-4.eml"
            ]
        );
        assert_eq!(
            remove_outbox_files(&dir.path().join("none"), &reference).unwrap(),
            0
        );
    }
}
