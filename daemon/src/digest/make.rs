//! Making a day's digest from the store, and recording it with its mails:
//! the library calls `dsrd digest` and the daemon's daily step share.

use super::{Digest, Found};
use crate::address::EmailAddress;
use crate::answer::{Letter, LetterError};
use crate::config::Config;
use crate::outbox::MailError;
use crate::store::{NewDigest, Store, StoreError};
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// Why a digest could not be made or recorded.
#[derive(Debug, thiserror::Error)]
pub enum DigestError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The template did not render (an organisation's edit of it).
    #[error("the digest letter: {0}")]
    Letter(#[from] LetterError),
    /// The mail could not be composed.
    #[error("the digest mail: {0}")]
    Mail(#[from] MailError),
}

/// A day's digest, rendered when it needs attention.
#[derive(Debug, Clone)]
pub struct Made {
    /// What it lists.
    pub digest: Digest,
    /// The letter, in the organisation's language; `None` when nothing
    /// needs attention (then nothing is sent).
    pub letter: Option<Letter>,
    /// Who it goes to (`digest.to`, or the default the configuration found).
    pub recipients: Vec<EmailAddress>,
}

/// Reads what needs attention on `day` at `now` and renders it. Failed
/// retention runs count from the previous digest (a quiet day's included),
/// or from a day back for the first one. Writes nothing.
pub async fn make(
    config: &Config,
    store: &dyn Store,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Made, DigestError> {
    let since = store
        .last_digest()
        .await?
        .map_or(now - Duration::days(1), |last| last.at);
    // Cases due on or before the last day of the window; the older ones
    // are the overdue.
    let horizon = day + Duration::days(super::DUE_WITHIN_DAYS);
    let cases: Vec<_> = store
        .due_cases(horizon)
        .await?
        .into_iter()
        .map(|c| (c.reference, c.due_date))
        .collect();
    let breaches = store.unreported_breaches().await?;
    let failed_runs = store.failed_retention_runs(since).await?;
    let tasks = crate::officer::tasks(store, now).await?;
    let digest = Digest::build(
        day,
        now,
        Found {
            cases: &cases,
            breaches: &breaches,
            failed_runs: &failed_runs,
            tasks: &tasks,
        },
    );
    let org = &config.organisation;
    let letter = if digest.needs_attention() {
        Some(
            config
                .letters
                .digest(&digest, &org.name, org.time_zone, org.default_language)?,
        )
    } else {
        None
    };
    Ok(Made {
        digest,
        letter,
        recipients: config.digest.recipients.addresses().to_vec(),
    })
}

/// Records `made` as its day's digest with a mail per recipient (none when
/// nothing needs attention, or nobody receives it). False, writing nothing,
/// when that day's digest is recorded already.
pub async fn record(
    config: &Config,
    store: &dyn Store,
    made: &Made,
    now: DateTime<Utc>,
) -> Result<bool, DigestError> {
    let mut mails = Vec::new();
    if let Some(letter) = &made.letter {
        for to in &made.recipients {
            mails.push(super::digest_mail(
                &config.organisation,
                made.digest.day,
                to,
                letter,
                now,
            )?);
        }
    }
    let recorded = store
        .record_digest(&NewDigest {
            day: made.digest.day,
            at: now,
            counts: made.digest.counts(),
            mails,
        })
        .await?;
    Ok(recorded)
}
