//! The long-running daemon: an intake loop and an outbox loop over one store,
//! stopped together by one shutdown signal. Each loop keeps no state of its
//! own, so a restart simply carries on from what the store says.

use crate::clock::Clock;
use crate::config::{Config, MailboxConfig};
use crate::intake::{Intake, MaildirSource};
use crate::outbox::{Delivery, OutboxWorker, Step};
use crate::remind::ReminderWorker;
use crate::store::Store;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Notify};

/// How the daemon stops.
#[derive(Clone)]
pub struct Shutdown(watch::Receiver<bool>);

impl Shutdown {
    /// A shutdown signal and the switch that fires it.
    pub fn new() -> (watch::Sender<bool>, Shutdown) {
        let (tx, rx) = watch::channel(false);
        (tx, Shutdown(rx))
    }

    /// Whether shutdown was asked for.
    pub fn requested(&self) -> bool {
        *self.0.borrow()
    }

    /// Waits until shutdown is asked for, or at most `d`.
    pub async fn sleep(&mut self, d: Duration) {
        let _ = tokio::time::timeout(d, self.0.wait_for(|v| *v)).await;
    }
}

/// Everything the daemon runs on.
pub struct Daemon {
    /// The configuration.
    pub config: Arc<Config>,
    /// The store.
    pub store: Arc<dyn Store>,
    /// How mail leaves.
    pub transport: Arc<dyn Delivery>,
    /// The time.
    pub clock: Arc<dyn Clock>,
    /// The compiled classification rules.
    pub rules: Arc<crate::classify::Rules>,
}

impl Daemon {
    /// Runs until `shutdown` fires; returns an error when a loop failed for
    /// good (the mailbox folder could not be created).
    pub async fn run(self, shutdown: Shutdown) -> Result<(), DaemonError> {
        let mail_ready = Arc::new(Notify::new());
        let intake = tokio::spawn(intake_loop(
            Intake::new(
                self.config.clone(),
                self.rules.clone(),
                self.store.clone(),
                self.clock.clone(),
            ),
            self.config.clone(),
            shutdown.clone(),
            mail_ready.clone(),
        ));
        let outbox = tokio::spawn(outbox_loop(
            OutboxWorker::new(
                self.store.clone(),
                self.transport.clone(),
                self.clock.clone(),
            ),
            shutdown.clone(),
            mail_ready,
        ));
        let reminders = tokio::spawn(reminder_loop(
            ReminderWorker::new(self.config.clone(), self.store.clone(), self.clock.clone()),
            self.config.reminders.check_interval,
            shutdown.clone(),
        ));
        let (a, b, c) = tokio::join!(intake, outbox, reminders);
        for (name, result) in [("intake", a), ("outbox", b), ("reminders", c)] {
            match result {
                Ok(Ok(())) => tracing::info!(task = name, "task stopped"),
                Ok(Err(e)) => {
                    tracing::error!(task = name, "task failed: {e}");
                    return Err(e);
                }
                Err(e) => {
                    tracing::error!(task = name, "task panicked: {e}");
                    return Err(DaemonError::Panicked(name, e.to_string()));
                }
            }
        }
        Ok(())
    }
}

/// Why the daemon stopped on its own.
#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    /// The mailbox cannot be used at all.
    #[error("cannot open the mailbox: {0}")]
    Mailbox(String),
    /// A worker panicked (a bug); the store still holds everything.
    #[error("the {0} task panicked: {1}")]
    Panicked(&'static str, String),
}

async fn intake_loop(
    intake: Intake,
    config: Arc<Config>,
    mut shutdown: Shutdown,
    mail_ready: Arc<Notify>,
) -> Result<(), DaemonError> {
    let MailboxConfig::Maildir {
        path,
        poll_interval,
    } = &config.mailbox;
    let maildir = MaildirSource::open(path)
        .map_err(|e| DaemonError::Mailbox(format!("Maildir {}: {e}", path.display())))?;
    tracing::info!(
        poll_ms = poll_interval.as_millis() as u64,
        "watching Maildir"
    );
    let mut failures = 0u32;
    while !shutdown.requested() {
        let stop = || shutdown.requested();
        match intake.drain_maildir(&maildir, &stop).await {
            Ok(n) => {
                failures = 0;
                if n > 0 {
                    mail_ready.notify_one();
                }
                shutdown.sleep(*poll_interval).await;
            }
            Err(e) => {
                // The message stays in new/; wait longer each time the store fails.
                failures = failures.saturating_add(1);
                let wait = (*poll_interval * failures.min(30)).min(Duration::from_secs(60));
                tracing::error!(retry_in_ms = wait.as_millis() as u64, "intake failed: {e}");
                shutdown.sleep(wait).await;
            }
        }
    }
    Ok(())
}

async fn outbox_loop(
    worker: OutboxWorker,
    mut shutdown: Shutdown,
    mail_ready: Arc<Notify>,
) -> Result<(), DaemonError> {
    while !shutdown.requested() {
        match worker.step().await {
            Ok(Step::Worked { .. }) => continue,
            Ok(Step::Empty) => {}
            Err(e) => tracing::error!("outbox failed: {e}"),
        }
        tokio::select! {
            _ = mail_ready.notified() => {}
            _ = shutdown.sleep(Duration::from_secs(1)) => {}
        }
    }
    Ok(())
}

async fn reminder_loop(
    worker: ReminderWorker,
    every: Duration,
    mut shutdown: Shutdown,
) -> Result<(), DaemonError> {
    while !shutdown.requested() {
        if let Err(e) = worker.step().await {
            tracing::error!("reminders failed: {e}");
        }
        shutdown.sleep(every).await;
    }
    Ok(())
}
