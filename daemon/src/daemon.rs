//! The long-running daemon: an intake loop per mailbox and an outbox loop over one store,
//! stopped together by one shutdown signal. Each loop keeps no state of its
//! own, so a restart simply carries on from what the store says.

use crate::clock::Clock;
use crate::config::{Config, MailboxSource};
use crate::intake::imap::{ImapSentFolder, ImapSource};
use crate::intake::{Intake, MaildirSource};
use crate::outbox::{Delivery, OutboxWorker, Step};
use crate::remind::ReminderWorker;
use crate::store::Store;
use std::path::PathBuf;
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

    /// Waits until shutdown is asked for.
    pub async fn wait(&mut self) {
        if self.0.wait_for(|v| *v).await.is_err() {
            // The switch is gone, so shutdown can never come.
            std::future::pending::<()>().await;
        }
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
    /// good (a Maildir folder could not be created). Each mailbox has its
    /// own intake task; one outbox task delivers for all of them.
    pub async fn run(self, shutdown: Shutdown) -> Result<(), DaemonError> {
        let mail_ready = Arc::new(Notify::new());
        let intake = Arc::new(Intake::new(
            self.config.clone(),
            self.rules.clone(),
            self.store.clone(),
            self.clock.clone(),
        ));
        let mut tasks = Vec::new();
        for mailbox in &self.config.mailboxes {
            let name = format!("intake {}", mailbox.name);
            let task = match &mailbox.source {
                MailboxSource::Maildir {
                    path,
                    poll_interval,
                } => tokio::spawn(maildir_loop(
                    mailbox.name.clone(),
                    intake.clone(),
                    path.clone(),
                    *poll_interval,
                    shutdown.clone(),
                    mail_ready.clone(),
                )),
                MailboxSource::Imap(imap) => {
                    let source = ImapSource {
                        name: mailbox.name.clone(),
                        config: (**imap).clone(),
                        intake: intake.clone(),
                        store: self.store.clone(),
                    };
                    let (shutdown, ready) = (shutdown.clone(), mail_ready.clone());
                    tokio::spawn(async move {
                        source.run(shutdown, ready).await;
                        Ok(())
                    })
                }
            };
            tasks.push((name, task));
        }
        let mut worker = OutboxWorker::new(
            self.store.clone(),
            self.transport.clone(),
            self.clock.clone(),
        );
        // Each IMAP mailbox with a Sent folder gets copies of the mail that
        // answers its own cases.
        for m in &self.config.mailboxes {
            if let Some((imap, folder)) = m.imap().and_then(|i| Some((i, i.sent_folder.clone()?))) {
                worker = worker
                    .with_sent_copy(&m.name, Arc::new(ImapSentFolder::new(imap.clone(), folder)));
            }
        }
        tasks.push((
            "outbox".to_owned(),
            tokio::spawn(outbox_loop(worker, shutdown.clone(), mail_ready)),
        ));
        tasks.push((
            "reminders".to_owned(),
            tokio::spawn(reminder_loop(
                ReminderWorker::new(self.config.clone(), self.store.clone(), self.clock.clone()),
                self.config.reminders.check_interval,
                shutdown.clone(),
            )),
        ));
        let mut failure = None;
        for (name, task) in tasks {
            match task.await {
                Ok(Ok(())) => tracing::info!(task = %name, "task stopped"),
                Ok(Err(e)) => {
                    tracing::error!(task = %name, "task failed: {e}");
                    failure.get_or_insert(e);
                }
                Err(e) => {
                    tracing::error!(task = %name, "task panicked: {e}");
                    failure.get_or_insert(DaemonError::Panicked(name, e.to_string()));
                }
            }
        }
        failure.map_or(Ok(()), Err)
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
    Panicked(String, String),
}

async fn maildir_loop(
    name: String,
    intake: Arc<Intake>,
    path: PathBuf,
    poll_interval: Duration,
    mut shutdown: Shutdown,
    mail_ready: Arc<Notify>,
) -> Result<(), DaemonError> {
    let maildir = MaildirSource::open(&path)
        .map_err(|e| DaemonError::Mailbox(format!("Maildir {}: {e}", path.display())))?;
    tracing::info!(
        poll_ms = poll_interval.as_millis() as u64,
        "watching Maildir"
    );
    let mut failures = 0u32;
    while !shutdown.requested() {
        let stop = || shutdown.requested();
        match intake.drain_maildir(&name, &maildir, &stop).await {
            Ok(n) => {
                failures = 0;
                if n > 0 {
                    mail_ready.notify_one();
                }
                shutdown.sleep(poll_interval).await;
            }
            Err(e) => {
                // The message stays in new/; wait longer each time the store fails.
                failures = failures.saturating_add(1);
                let wait = (poll_interval * failures.min(30)).min(Duration::from_secs(60));
                tracing::error!(
                    retry_in_ms = wait.as_millis() as u64,
                    "intake failed: {}",
                    crate::redact::redact(&e.to_string())
                );
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
    // Settle what a stopped daemon left half-sent before sending anything new.
    while let Err(e) = worker.recover().await {
        tracing::error!("outbox recovery failed: {e}; retrying");
        shutdown.sleep(Duration::from_secs(5)).await;
        if shutdown.requested() {
            return Ok(());
        }
    }
    while !shutdown.requested() {
        match worker.step().await {
            Ok(Step::Worked { .. }) => continue,
            Ok(Step::Empty) => {}
            Err(e) => tracing::error!("outbox failed: {}", crate::redact::redact(&e.to_string())),
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
            tracing::error!(
                "reminders failed: {}",
                crate::redact::redact(&e.to_string())
            );
        }
        shutdown.sleep(every).await;
    }
    Ok(())
}
