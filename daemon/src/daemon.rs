//! The long-running daemon: an intake loop per mailbox, an outbox loop and the
//! reminder loop over one store, and the plugin service, supervised together:
//! one shutdown signal stops them all, and the first task that fails is named
//! in the log and stops the others cleanly. Each loop keeps no state of its
//! own, so a restart simply carries on from what the store says.

use crate::clock::Clock;
use crate::config::{Config, MailboxSource};
use crate::dispatch::PluginService;
use crate::intake::imap::{ImapSentFolder, ImapSource};
use crate::intake::{Intake, MaildirSource};
use crate::outbox::{Delivery, OutboxWorker, Step};
use crate::remind::{BreachReminderWorker, DigestWorker, ReminderWorker};
pub use crate::shutdown::Shutdown;
use crate::store::Store;
use std::collections::HashMap;
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tokio::task::JoinSet;

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
    /// The plugins, shared by every stage that reaches a school system.
    pub plugins: PluginService,
}

impl Daemon {
    /// Runs until `shutdown` fires, or until a task fails for good (a
    /// Maildir folder could not be created; a panic), which is returned
    /// after the other tasks have finished their work in hand. Each mailbox
    /// has its own intake task; one outbox task delivers for all of them.
    pub async fn run(self, shutdown: Shutdown) -> Result<(), DaemonError> {
        let mail_ready = Arc::new(Notify::new());
        let stages = Stages::new(mail_ready.clone());
        let intake = Arc::new(Intake::new(
            self.config.clone(),
            self.rules.clone(),
            self.store.clone(),
            self.clock.clone(),
        ));
        let mut tasks = Tasks::default();
        for mailbox in &self.config.mailboxes {
            let name = format!("intake {}", mailbox.name);
            match &mailbox.source {
                MailboxSource::Maildir {
                    path,
                    poll_interval,
                } => tasks.spawn(
                    name,
                    maildir_loop(
                        mailbox.name.clone(),
                        intake.clone(),
                        path.clone(),
                        *poll_interval,
                        shutdown.clone(),
                        stages.clone(),
                    ),
                ),
                MailboxSource::Imap(imap) => {
                    let source = ImapSource {
                        name: mailbox.name.clone(),
                        config: (**imap).clone(),
                        intake: intake.clone(),
                        store: self.store.clone(),
                    };
                    // A message the IMAP intake committed rings every
                    // stage (and the outbox, for its acknowledgement), as a
                    // Maildir pass does: the identity stage takes it at once.
                    let ready = Arc::new(Notify::new());
                    let (mut stop, relay, bells) =
                        (shutdown.clone(), ready.clone(), stages.clone());
                    tasks.spawn(format!("{name} bell"), async move {
                        loop {
                            tokio::select! {
                                () = relay.notified() => bells.ring(),
                                () = stop.wait() => return Ok(()),
                            }
                        }
                    });
                    let shutdown = shutdown.clone();
                    tasks.spawn(name, async move {
                        source.run(shutdown, ready).await;
                        Ok(())
                    })
                }
            }
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
        tasks.spawn(
            "outbox".to_owned(),
            outbox_loop(worker, shutdown.clone(), mail_ready),
        );
        tasks.spawn(
            "reminders".to_owned(),
            reminder_loop(
                ReminderWorker::new(self.config.clone(), self.store.clone(), self.clock.clone()),
                BreachReminderWorker::new(
                    self.config.clone(),
                    self.store.clone(),
                    self.clock.clone(),
                ),
                DigestWorker::new(self.config.clone(), self.store.clone(), self.clock.clone()),
                self.config.reminders.check_interval,
                shutdown.clone(),
            ),
        );
        tasks.spawn(
            "identity".to_owned(),
            identity_loop(
                crate::verify::IdentityWorker::new(
                    self.config.clone(),
                    self.store.clone(),
                    self.plugins.clone(),
                    self.clock.clone(),
                    Arc::new(crate::verify::ConfiguredMailboxes::new(&self.config)),
                ),
                shutdown.clone(),
                stages.clone(),
            ),
        );
        tasks.spawn(
            "planner".to_owned(),
            planner_loop(
                crate::planner::Planner::new(
                    self.config.clone(),
                    self.store.clone(),
                    self.plugins.clone(),
                    self.clock.clone(),
                ),
                shutdown.clone(),
                stages.clone(),
            ),
        );
        // The erasure ledger's key, from the environment or its key file;
        // read when an erasure needs it, so a missing key holds only the
        // erasures (each says so) and is picked up once in place.
        let ledger_key = Arc::new(crate::reply::PackageKey::from_source(
            &self.config.ledger.key_env,
            self.config.ledger.key_file.as_deref(),
        ));
        if let Err(e) = ledger_key.get() {
            tracing::warn!("no erasure ledger key yet ({e}): erasures wait until one is in place");
        }
        tasks.spawn(
            "execution".to_owned(),
            execution_loop(
                crate::execute::Executor::new(
                    self.store.clone(),
                    self.plugins.clone(),
                    self.clock.clone(),
                    ledger_key,
                ),
                shutdown.clone(),
                stages.clone(),
            ),
        );
        tasks.spawn(
            "retention".to_owned(),
            retention_loop(
                crate::retention::RetentionRunner::new(
                    self.config.clone(),
                    self.store.clone(),
                    self.plugins.clone(),
                    self.clock.clone(),
                ),
                crate::retention::CaseFileRetention::new(
                    self.config.clone(),
                    self.store.clone(),
                    self.clock.clone(),
                ),
                shutdown.clone(),
            ),
        );
        // The master key that seals packages, from the environment or the
        // key file; read when first needed, so a missing key stops only the
        // answers that hand over data (they say so) and is picked up once
        // it is put in place.
        let key = Arc::new(crate::reply::PackageKey::new(&self.config.packages));
        if let Err(e) = key.get() {
            tracing::warn!(
                "no package key yet ({e}): answers that hand over data wait until one is in place"
            );
        }
        let replier = crate::reply::Replier::new(
            self.config.clone(),
            self.store.clone(),
            self.plugins.clone(),
            self.clock.clone(),
            key.clone(),
        );
        tasks.spawn(
            "answers".to_owned(),
            reply_loop(replier, shutdown.clone(), stages.clone()),
        );
        if let Some(http) = &self.config.http {
            let listener = tokio::net::TcpListener::bind(http.listen)
                .await
                .map_err(|e| DaemonError::Http(format!("cannot listen on {}: {e}", http.listen)))?;
            tracing::info!(listen = %http.listen, "serving the download pages and the officer API");
            let state = crate::http::HttpState {
                store: self.store.clone(),
                packages: Arc::new(crate::reply::PackageFiles::new(
                    self.config.packages.dir.clone(),
                    key,
                )),
                clock: self.clock.clone(),
                settings: crate::http::DownloadSettings {
                    organisation: self.config.organisation.name.clone(),
                    time_zone: self.config.organisation.time_zone,
                    default_language: self.config.organisation.default_language,
                    delete_after_download: http.delete_after_download,
                    max_tries: i64::from(http.code_tries),
                },
                api: Some(crate::http::api::ApiState::new(
                    self.store.clone(),
                    self.config.clone(),
                    self.plugins.clone(),
                    self.clock.clone(),
                    {
                        let stages = stages.clone();
                        Arc::new(move || stages.ring())
                    },
                )),
            };
            let stop = shutdown.clone();
            tasks.spawn("http".to_owned(), async move {
                crate::http::serve(listener, state, stop, Duration::from_secs(10))
                    .await
                    .map_err(|e| DaemonError::Http(e.to_string()))
            });
        }
        // The plugins start beside the mail loops, so a slow school system
        // does not hold up intake; one that cannot start now is started
        // again by its first call.
        let plugins = self.plugins.clone();
        tokio::spawn(async move {
            match plugins.start_all().await {
                Ok(()) => tracing::info!(plugins = plugins.plugins().len(), "plugins started"),
                Err(e) => tracing::error!("{e}; its calls fail until it starts"),
            }
        });
        tasks.supervise(shutdown).await
    }
}

/// The stages a request passes after intake, each with a bell: a stage
/// that did something rings all of them (and the outbox's), so the next
/// stage takes the case at once instead of at its next second. A bell rung
/// while a stage is busy keeps its permit (`Notify::notify_one`), so the
/// stage makes one more pass as soon as it is done: nothing waits for the
/// next tick. The one-second tick stays, for work that appears from
/// elsewhere (an officer's CLI, another daemon on the same PostgreSQL).
#[derive(Default)]
struct Stages {
    identity: Notify,
    planner: Notify,
    execution: Notify,
    answers: Notify,
    outbox: Arc<Notify>,
}

impl Stages {
    fn new(outbox: Arc<Notify>) -> Arc<Stages> {
        Arc::new(Stages {
            outbox,
            ..Stages::default()
        })
    }

    /// Something moved: every stage looks again.
    fn ring(&self) {
        for bell in [
            &self.identity,
            &self.planner,
            &self.execution,
            &self.answers,
        ] {
            bell.notify_one();
        }
        self.outbox.notify_one();
    }
}

/// Waits for `bell` or a second, whichever comes first (or shutdown).
async fn idle(bell: &Notify, shutdown: &mut Shutdown) {
    tokio::select! {
        _ = bell.notified() => {}
        _ = shutdown.sleep(Duration::from_secs(1)) => {}
    }
}

/// The daemon's long-running tasks, by name.
#[derive(Default)]
struct Tasks {
    set: JoinSet<Result<(), DaemonError>>,
    names: HashMap<tokio::task::Id, String>,
}

impl Tasks {
    fn spawn(
        &mut self,
        name: String,
        task: impl Future<Output = Result<(), DaemonError>> + Send + 'static,
    ) {
        let id = self.set.spawn(task).id();
        self.names.insert(id, name);
    }

    /// Waits for every task. The first that fails — or stops while nobody
    /// asked for shutdown — is logged by name and stops the others; its
    /// error is returned once they have finished.
    async fn supervise(mut self, shutdown: Shutdown) -> Result<(), DaemonError> {
        let mut failure = None;
        while let Some(ended) = self.set.join_next_with_id().await {
            let (id, outcome) = match ended {
                Ok((id, outcome)) => (id, outcome),
                Err(e) => {
                    let name = self.names.get(&e.id()).cloned().unwrap_or_default();
                    (e.id(), Err(DaemonError::Panicked(name, e.to_string())))
                }
            };
            let name = self.names.remove(&id).unwrap_or_default();
            match outcome {
                Ok(()) if shutdown.requested() => tracing::info!(task = %name, "task stopped"),
                Ok(()) => {
                    tracing::error!(task = %name, "task stopped on its own; stopping dsrd");
                    failure.get_or_insert(DaemonError::Stopped(name));
                }
                Err(e) => {
                    tracing::error!(task = %name, "task failed: {e}; stopping dsrd");
                    failure.get_or_insert(e);
                }
            }
            if failure.is_some() {
                shutdown.request();
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
    /// A task ended although nobody asked it to (a bug).
    #[error("the {0} task stopped on its own")]
    Stopped(String),
    /// The download pages cannot be served (the port is taken, say).
    #[error("the web server: {0}")]
    Http(String),
}

async fn maildir_loop(
    name: String,
    intake: Arc<Intake>,
    path: PathBuf,
    poll_interval: Duration,
    mut shutdown: Shutdown,
    stages: Arc<Stages>,
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
                    stages.ring();
                }
                shutdown.sleep(poll_interval).await;
            }
            Err(e) => {
                // The message stays in new/; wait longer each time the store fails.
                failures = failures.saturating_add(1);
                let wait = (poll_interval * failures.min(30)).min(Duration::from_secs(60));
                tracing::error!(retry_in_ms = wait.as_millis() as u64, "intake failed: {e}");
                shutdown.sleep(wait).await;
            }
        }
    }
    Ok(())
}

/// The identity stage, a pass a second: a store or plugin failure is
/// logged and the next pass tries again, since every pass starts from what
/// the store says.
async fn identity_loop(
    worker: crate::verify::IdentityWorker,
    mut shutdown: Shutdown,
    stages: Arc<Stages>,
) -> Result<(), DaemonError> {
    while !shutdown.requested() {
        match worker.step().await {
            Ok(pass) if !pass.is_empty() => {
                tracing::debug!(?pass, "identity pass");
                stages.ring();
                continue;
            }
            Ok(_) => {}
            Err(e) => tracing::error!("identity stage failed: {e}"),
        }
        idle(&stages.identity, &mut shutdown).await;
    }
    Ok(())
}

/// The planning stage, a pass a second or when rung.
async fn planner_loop(
    planner: crate::planner::Planner,
    mut shutdown: Shutdown,
    stages: Arc<Stages>,
) -> Result<(), DaemonError> {
    while !shutdown.requested() {
        match planner.step().await {
            Ok(n) if n > 0 => {
                stages.ring();
                continue;
            }
            Ok(_) => {}
            Err(e) => tracing::error!("planning failed: {e}"),
        }
        idle(&stages.planner, &mut shutdown).await;
    }
    Ok(())
}

/// Execution: first what a stopped daemon left running, then a pass a
/// second (at once again after a pass that did something).
async fn execution_loop(
    executor: crate::execute::Executor,
    mut shutdown: Shutdown,
    stages: Arc<Stages>,
) -> Result<(), DaemonError> {
    while let Err(e) = executor.recover().await {
        tracing::error!("execution recovery failed: {e}; retrying");
        shutdown.sleep(Duration::from_secs(5)).await;
        if shutdown.requested() {
            return Ok(());
        }
    }
    while !shutdown.requested() {
        match executor.step().await {
            Ok(step) if step.done + step.failed > 0 => {
                stages.ring();
                continue;
            }
            Ok(_) => {}
            Err(e) => tracing::error!("execution failed: {e}"),
        }
        idle(&stages.execution, &mut shutdown).await;
    }
    Ok(())
}

/// The answer stage: first leftovers of a stopped daemon, then a pass a
/// second (at once again after a pass that did something).
async fn reply_loop(
    replier: crate::reply::Replier,
    mut shutdown: Shutdown,
    stages: Arc<Stages>,
) -> Result<(), DaemonError> {
    if let Err(e) = replier.clean_up().await {
        tracing::error!("package clean-up failed: {e}");
    }
    while !shutdown.requested() {
        match replier.step().await {
            Ok(pass) if !pass.is_empty() => {
                tracing::debug!(?pass, "answer pass");
                stages.ring();
                continue;
            }
            Ok(_) => {}
            Err(e) => tracing::error!("answer stage failed: {e}"),
        }
        idle(&stages.answers, &mut shutdown).await;
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
            Err(e) => tracing::error!("outbox failed: {e}"),
        }
        tokio::select! {
            _ = mail_ready.notified() => {}
            _ = shutdown.sleep(Duration::from_secs(1)) => {}
        }
    }
    Ok(())
}

/// The retention scheduler: a pass at start-up (a tick missed while the
/// daemon was down runs once now) and then every second; a pass reads one
/// row per rule and runs only the rules whose tick has come. A failed run
/// is recorded by the runner and waits for the next tick; a store error is
/// logged and the next pass tries again. The case file's retention runs in
/// the same loop, at start-up and then every ten minutes.
async fn retention_loop(
    runner: crate::retention::RetentionRunner,
    case_files: crate::retention::CaseFileRetention,
    mut shutdown: Shutdown,
) -> Result<(), DaemonError> {
    while !shutdown.requested() {
        if let Err(e) = runner.step().await {
            tracing::error!("retention failed: {e}");
        }
        if let Err(e) = case_files.step().await {
            tracing::error!("case file retention failed: {e}");
        }
        shutdown.sleep(Duration::from_secs(1)).await;
    }
    Ok(())
}

/// Deadline reminders of cases, the AP reminders of breaches and the daily
/// digest, on one schedule: each looks at the clock and the store, and none
/// is urgent to the minute. The digest comes last, so a pass that reminds
/// and digests at once lists what it reminded of as well.
async fn reminder_loop(
    worker: ReminderWorker,
    breaches: BreachReminderWorker,
    digest: DigestWorker,
    every: Duration,
    mut shutdown: Shutdown,
) -> Result<(), DaemonError> {
    while !shutdown.requested() {
        if let Err(e) = worker.step().await {
            tracing::error!("reminders failed: {e}");
        }
        if let Err(e) = breaches.step().await {
            tracing::error!("breach reminders failed: {e}");
        }
        if let Err(e) = digest.step().await {
            tracing::error!("daily digest failed: {e}");
        }
        shutdown.sleep(every).await;
    }
    Ok(())
}
