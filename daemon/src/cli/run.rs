//! `dsrd run`.

use super::{load_config, runtime, usage, Failure, EXIT_OK};
use anyhow::Context;
use clap::Args;
use dsrd::daemon::{Daemon, Shutdown};
use dsrd::dispatch::PluginService;
use dsrd::outbox::Transport;
use std::path::Path;
use std::sync::Arc;

/// Run the daemon: watch the mailbox, make cases, send acknowledgements.
#[derive(Debug, Args)]
pub struct Run {}

impl Run {
    /// Runs until SIGINT or SIGTERM; work in hand is finished first.
    pub fn execute(self, config: &Path) -> Result<u8, Failure> {
        let config = Arc::new(load_config(config)?);
        let rules = Arc::new(config.classify.load_rules().map_err(usage)?);
        runtime()?.block_on(async move {
            // Inside the runtime: lettre's connection pool spawns a task when built.
            let transport = Transport::from_config(&config.outgoing).map_err(usage)?;
            let store = dsrd::store::open(&config.store).await.context("cannot open the store")?;
            let shutdown = Shutdown::new();
            let stop = shutdown.clone();
            tokio::spawn(async move {
                wait_for_signal().await;
                tracing::info!("shutdown requested; finishing work in hand");
                stop.request();
            });
            tracing::info!(organisation_prefix = %config.organisation.reference_prefix, "dsrd started");
            let daemon = Daemon {
                config: config.clone(),
                store,
                transport: Arc::new(transport),
                clock: Arc::from(dsrd::clock::from_env()),
                rules,
                plugins: PluginService::new(&config.plugins, &std::env::current_exe()?),
            };
            daemon.run(shutdown).await?;
            tracing::info!("dsrd stopped");
            Ok(EXIT_OK)
        })
    }
}

async fn wait_for_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}
