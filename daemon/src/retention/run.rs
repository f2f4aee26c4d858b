//! Running retention rules: by the scheduler at their ticks, or by hand.
//! Either way the plugin's `purge_expired` decides what is due, and the
//! run is recorded with its audit entry (a failure too), so the record
//! shows every run and what it removed and kept.

use crate::case::Actor;
use crate::clock::Clock;
use crate::config::{Config, RetentionRule};
use crate::dispatch::PluginService;
use crate::store::{NewRetentionRun, RetentionRun, RetentionTableCounts, Store, StoreError};
use chrono::{DateTime, TimeDelta, Utc};
use dsrd_plugin_api::protocol::{Output, Request};
use dsrd_plugin_api::PurgeReport;
use std::sync::Arc;

/// How long a daemon holds a rule's lease while it runs; a holder that
/// crashed frees the tick for another daemon after this.
pub const LEASE: TimeDelta = TimeDelta::minutes(15);

/// What can stop a run from being recorded (a failing plugin is recorded,
/// not returned).
#[derive(Debug, thiserror::Error)]
pub enum RetentionError {
    /// No rule of that name is configured.
    #[error("no [[retention]] rule is called {0:?}; `dsrd retention list` shows them")]
    UnknownRule(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Runs retention rules over one store and the plugin service.
#[derive(Clone)]
pub struct RetentionRunner {
    config: Arc<Config>,
    store: Arc<dyn Store>,
    plugins: PluginService,
    clock: Arc<dyn Clock>,
}

impl RetentionRunner {
    /// A runner for the configured rules.
    pub fn new(
        config: Arc<Config>,
        store: Arc<dyn Store>,
        plugins: PluginService,
        clock: Arc<dyn Clock>,
    ) -> RetentionRunner {
        RetentionRunner {
            config,
            store,
            plugins,
            clock,
        }
    }

    /// One pass of the scheduler: every rule with a tick due since its last
    /// run (once, however many ticks were missed) runs if this daemon gets
    /// its lease. Returns the runs recorded.
    pub async fn step(&self) -> Result<Vec<RetentionRun>, RetentionError> {
        let mut done = Vec::new();
        for rule in &self.config.retention {
            let now = self.clock.now();
            let state = self.store.retention_rule(&rule.name, now).await?;
            let Some(tick) = rule.schedule.due(state.since(), now) else {
                continue;
            };
            if !self
                .store
                .take_retention_lease(&rule.name, tick, now, now + LEASE)
                .await?
            {
                continue;
            }
            done.push(self.run(rule, Some(tick), false, &Actor::System).await?);
        }
        Ok(done)
    }

    /// Runs the rule `name` now, by hand: recorded and audited like a
    /// scheduled run, without moving its schedule.
    pub async fn run_by_hand(
        &self,
        name: &str,
        dry_run: bool,
        by: &Actor,
    ) -> Result<RetentionRun, RetentionError> {
        let rule = self
            .config
            .retention_rule(name)
            .ok_or_else(|| RetentionError::UnknownRule(name.to_owned()))?;
        self.run(rule, None, dry_run, by).await
    }

    #[tracing::instrument(skip_all, fields(rule = %rule.name, plugin = %rule.plugin, dry_run = dry_run))]
    async fn run(
        &self,
        rule: &RetentionRule,
        tick: Option<DateTime<Utc>>,
        dry_run: bool,
        by: &Actor,
    ) -> Result<RetentionRun, RetentionError> {
        let now = self.clock.now();
        let outcome = match self.plugins.client(&rule.plugin) {
            None => Err(format!("the plugin {:?} is not configured", rule.plugin)),
            Some(client) => match client.call(Request::PurgeExpired { now, dry_run }).await {
                Ok(Output::PurgeExpired(report)) => Ok(report),
                Ok(other) => Err(format!(
                    "the plugin answered {} to purge_expired",
                    other.operation()
                )),
                Err(e) => Err(e.to_string()),
            },
        };
        let (tables, error) = match outcome {
            Ok(report) => (counts(&report), None),
            Err(e) => (Vec::new(), Some(e)),
        };
        match &error {
            None => tracing::info!(
                removed = tables.iter().map(|t| t.removed).sum::<u64>(),
                "retention rule ran"
            ),
            Some(_) => tracing::warn!("retention rule failed; it is tried again at its next tick"),
        }
        let new = NewRetentionRun {
            rule: &rule.name,
            plugin: &rule.plugin,
            at: now,
            tick,
            dry_run,
            by,
            tables,
            error,
        };
        let id = self.store.record_retention_run(&new).await?;
        Ok(RetentionRun {
            id,
            rule: rule.name.clone(),
            plugin: rule.plugin.clone(),
            at: now,
            tick,
            dry_run,
            actor: by.to_string(),
            tables: new.tables,
            error: new.error,
        })
    }
}

/// Per table the counts of a plugin's report, removed and kept together.
fn counts(report: &PurgeReport) -> Vec<RetentionTableCounts> {
    let mut tables: Vec<RetentionTableCounts> = report
        .tables
        .iter()
        .map(|(table, changes)| RetentionTableCounts {
            table: table.clone(),
            removed: changes.count,
            ..Default::default()
        })
        .collect();
    for (table, kept) in &report.retained {
        match tables.iter_mut().find(|t| &t.table == table) {
            Some(t) => {
                t.retained = kept.count;
                t.reason = kept.reason.clone();
            }
            None => tables.push(RetentionTableCounts {
                table: table.clone(),
                removed: 0,
                retained: kept.count,
                reason: kept.reason.clone(),
            }),
        }
    }
    tables.sort_by(|a, b| a.table.cmp(&b.table));
    tables
}
