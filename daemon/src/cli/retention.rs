//! `dsrd retention list | run`: the retention rules with their last and
//! next run, and running one by hand (recorded and audited like a
//! scheduled run; a dry run removes nothing and is marked as such).

use super::{load_config, runtime, usage, Failure, EXIT_OK, EXIT_PROBLEM};
use anyhow::Context;
use clap::{Args, Subcommand};
use dsrd::config::{Config, RetentionRule};
use dsrd::dispatch::PluginService;
use dsrd::retention::{RetentionError, RetentionRunner};
use dsrd::store::{RetentionRun, Store};
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;

/// Retention commands.
#[derive(Debug, Subcommand)]
pub enum Retention {
    /// Each rule: schedule, plugin, what it removes, its last run with the
    /// counts (or the error) and its next run in the rule's time zone.
    List {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Run one rule now, by hand.
    Run(RunRule),
}

/// Run one rule by hand.
#[derive(Debug, Args)]
pub struct RunRule {
    /// The rule's name, as `retention list` shows it.
    name: String,
    /// Ask the plugin what would go, and remove nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// Who runs it: a name from the configuration's [[officers]]; the
    /// audit log records the run as the daemon's without it.
    #[arg(long = "as", value_name = "NAME", env = "DSRD_OFFICER")]
    officer: Option<String>,
}

/// One rule as `retention list --json` prints it.
#[derive(Debug, Serialize)]
struct RuleView<'a> {
    name: &'a str,
    plugin: &'a str,
    schedule: &'a str,
    time_zone: String,
    description: &'a str,
    last_run: Option<RetentionRun>,
    /// The next scheduled run, in the rule's time zone (RFC 3339).
    next_run: Option<String>,
}

impl Retention {
    /// Runs the command.
    pub fn execute(self, config: &Path) -> Result<u8, Failure> {
        let config = Arc::new(load_config(config)?);
        runtime()?.block_on(async {
            let store: Arc<dyn Store> = dsrd::store::open(&config.store)
                .await
                .context("cannot open the store")?;
            match self {
                Retention::List { json } => list(&config, store.as_ref(), json).await,
                Retention::Run(run) => run.execute(config, store).await,
            }
        })
    }
}

async fn list(config: &Config, store: &dyn Store, json: bool) -> Result<u8, Failure> {
    let now = dsrd::clock::from_env().now();
    let mut views = Vec::new();
    for rule in &config.retention {
        // Seeing the rule counts as the scheduler seeing it: its first run
        // is the first tick after this, not one at once.
        store.retention_rule(&rule.name, now).await?;
        let last_run = store.retention_runs(Some(&rule.name), 1).await?.pop();
        let next_run = rule
            .schedule
            .next_after(now)
            .map(|t| t.with_timezone(&rule.time_zone).to_rfc3339());
        views.push(view(rule, last_run, next_run));
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&views)?);
        return Ok(EXIT_OK);
    }
    if views.is_empty() {
        println!("no retention rules; add [[retention]] entries to the configuration");
        return Ok(EXIT_OK);
    }
    for v in &views {
        println!("{}  ({}, plugin {})", v.name, rule_schedule(v), v.plugin);
        println!("  {}", v.description);
        match &v.last_run {
            None => println!("  last run: never"),
            Some(run) => println!("  last run: {}", run_words(run)),
        }
        println!("  next run: {}", v.next_run.as_deref().unwrap_or("none"));
    }
    Ok(EXIT_OK)
}

fn view(
    rule: &RetentionRule,
    last_run: Option<RetentionRun>,
    next_run: Option<String>,
) -> RuleView<'_> {
    RuleView {
        name: &rule.name,
        plugin: &rule.plugin,
        schedule: &rule.cron,
        time_zone: rule.time_zone.to_string(),
        description: &rule.description,
        last_run,
        next_run,
    }
}

fn rule_schedule(v: &RuleView<'_>) -> String {
    format!("{} {}", v.schedule, v.time_zone)
}

fn run_words(run: &RetentionRun) -> String {
    let when = run.at.format("%Y-%m-%d %H:%M UTC");
    let dry = if run.dry_run { " (dry run)" } else { "" };
    match &run.error {
        Some(e) => format!("{when}{dry}, failed: {e}"),
        None => format!("{when}{dry}, {} removed", run.removed()),
    }
}

impl RunRule {
    async fn execute(self, config: Arc<Config>, store: Arc<dyn Store>) -> Result<u8, Failure> {
        let by = super::acting_as(&config, self.officer.as_deref())?;
        let plugins = PluginService::new(&config.plugins, &std::env::current_exe()?);
        let clock: Arc<dyn dsrd::clock::Clock> = dsrd::clock::from_env().into();
        let runner = RetentionRunner::new(config.clone(), store, plugins, clock);
        let run = match runner.run_by_hand(&self.name, self.dry_run, &by).await {
            Ok(run) => run,
            Err(e @ RetentionError::UnknownRule(_)) => return Err(usage(e)),
            Err(e) => {
                return Err(anyhow::Error::new(e)
                    .context("cannot record the run")
                    .into())
            }
        };
        if self.json {
            println!("{}", serde_json::to_string_pretty(&run)?);
        } else {
            print_run(&run);
        }
        Ok(if run.error.is_some() {
            EXIT_PROBLEM
        } else {
            EXIT_OK
        })
    }
}

fn print_run(run: &RetentionRun) {
    let verb = if run.dry_run {
        "would remove"
    } else {
        "removed"
    };
    match &run.error {
        Some(e) => println!("{}: failed: {e}", run.rule),
        None if run.dry_run => println!("{}: dry run, nothing removed", run.rule),
        None => println!("{}: run recorded", run.rule),
    }
    for t in &run.tables {
        let kept = if t.retained > 0 {
            format!("; kept {}: {}", t.retained, t.reason)
        } else {
            String::new()
        };
        println!("  {:<20} {verb} {}{kept}", t.table, t.removed);
    }
}
