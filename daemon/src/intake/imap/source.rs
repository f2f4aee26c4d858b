//! One IMAP mailbox, watched until shutdown: connect, catch up from the
//! recorded UID, then wait and read again; on any failure, one clear log
//! line and a reconnect after an exponential back-off with jitter.

use super::error::ImapError;
use super::fetch::{new_uids, Reader};
use super::idle::{saw_new_mail, wait, Wake};
use super::session::open_session;
use crate::config::ImapConfig;
use crate::intake::Intake;
use crate::shutdown::Shutdown;
use crate::store::Store;
use rand::Rng;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// Watches one IMAP folder.
pub struct ImapSource {
    /// The mailbox's configured name (store key, log field).
    pub name: String,
    /// Its settings.
    pub config: ImapConfig,
    /// Makes the cases.
    pub intake: Arc<Intake>,
    /// Where progress is recorded.
    pub store: Arc<dyn Store>,
}

/// The wait before reconnection attempt `attempt + 1`: 0.5 s doubling up to
/// `max`, then a random part of it taken off ("equal jitter"), so that
/// several daemons do not knock on a recovering server all at once.
pub fn reconnect_backoff(attempt: u32, max: Duration) -> Duration {
    let full = Duration::from_millis(500)
        .saturating_mul(1u32 << attempt.min(20))
        .min(max);
    let half = full / 2;
    half + half.mul_f64(rand::thread_rng().gen_range(0.0..=1.0))
}

impl ImapSource {
    /// Runs until shutdown. Never fails: every problem is logged and retried.
    pub async fn run(self, mut shutdown: Shutdown, mail_ready: Arc<Notify>) {
        let mut attempt = 0u32;
        let mut last_problem: Option<&'static str> = None;
        while !shutdown.requested() {
            let mut connected = false;
            let result = self
                .session(&mut shutdown, &mail_ready, &mut connected)
                .await;
            if connected {
                attempt = 0;
                last_problem = None;
            }
            let Err(e) = result else { break };
            let wait = reconnect_backoff(attempt, self.config.reconnect_max);
            attempt = attempt.saturating_add(1);
            let retry_in_ms = wait.as_millis() as u64;
            if last_problem == Some(e.kind()) {
                tracing::info!(mailbox = %self.name, attempt, retry_in_ms, "IMAP still failing ({}); retrying", e.kind());
            } else {
                tracing::error!(mailbox = %self.name, retry_in_ms, "{e}");
            }
            last_problem = Some(e.kind());
            shutdown.sleep(wait).await;
        }
        tracing::info!(mailbox = %self.name, "IMAP intake stopped");
    }

    /// One connection's life; `Ok` only on shutdown.
    async fn session(
        &self,
        shutdown: &mut Shutdown,
        mail_ready: &Notify,
        connected: &mut bool,
    ) -> Result<(), ImapError> {
        let c = &self.config;
        let mut session = open_session(c).await?;
        for folder in [&c.done_folder, &c.sent_folder].into_iter().flatten() {
            session.require_folder(folder).await?;
        }
        let selected = session.select(&c.folder).await?;
        *connected = true;
        let mode = if session.idle && c.idle {
            "IDLE"
        } else {
            "polling"
        };
        tracing::info!(mailbox = %self.name, host = %c.host, folder = %c.folder, mode, "IMAP mailbox connected");
        let reader = Reader {
            mailbox: &self.name,
            intake: &self.intake,
            store: self.store.as_ref(),
            mail_ready,
        };
        let mut last_uid = match self.store.mailbox_state(&self.name).await? {
            Some(s) if s.uidvalidity == selected.uidvalidity => s.last_uid,
            Some(_) => {
                tracing::warn!(mailbox = %self.name, "UIDVALIDITY changed; reading the whole folder again (duplicates are recognised)");
                0
            }
            None => 0,
        };
        loop {
            // Read until the server reports nothing new during our own commands.
            loop {
                // From here (just after DONE) until the messages are taken
                // (cases committed, then flagged, moved and recorded): what
                // dsrd adds to the server's own notification delay.
                let started = std::time::Instant::now();
                let uids = new_uids(&mut session, last_uid).await?;
                if let Some(&highest) = uids.last() {
                    let created = reader
                        .take(&mut session, selected.uidvalidity, &uids)
                        .await?;
                    let elapsed_us = started.elapsed().as_micros() as u64;
                    tracing::debug!(mailbox = %self.name, messages = uids.len(), created, elapsed_us, "read new mail");
                    last_uid = highest;
                }
                if !saw_new_mail(&mut session) || shutdown.requested() {
                    break;
                }
            }
            if shutdown.requested() {
                session.logout().await;
                return Ok(());
            }
            let (next, wake) = wait(session, shutdown).await?;
            session = next;
            if wake == Wake::Shutdown {
                session.logout().await;
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imap_reconnect_backoff_doubles_with_jitter_up_to_the_cap() {
        let max = Duration::from_secs(300);
        for _ in 0..50 {
            let first = reconnect_backoff(0, max);
            assert!(first >= Duration::from_millis(250) && first <= Duration::from_millis(500));
            let fourth = reconnect_backoff(3, max);
            assert!(fourth >= Duration::from_secs(2) && fourth <= Duration::from_secs(4));
            let late = reconnect_backoff(30, max);
            assert!(late >= Duration::from_secs(150) && late <= max);
        }
    }
}
