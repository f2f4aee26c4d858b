//! `dsrd erasures list | replay`: the erasure ledger, and applying its
//! erasures again after a school system was restored from a backup.

use super::{load_config, runtime, usage, Failure, EXIT_OK, EXIT_PROBLEM};
use anyhow::Context;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use clap::{Args, Subcommand};
use dsrd::config::Config;
use dsrd::dispatch::PluginService;
use dsrd::ledger::{replay, Replay, ReplayError, Verdict};
use dsrd::reply::PackageKey;
use dsrd::store::{LedgerEntry, Store};
use std::path::Path;
use std::sync::Arc;

/// Erasure ledger commands.
#[derive(Debug, Subcommand)]
pub enum Erasures {
    /// The recorded erasures, oldest first: when, case and action, plugin,
    /// mode and the records by the plugin's keys (never who it was).
    List {
        /// Only this plugin's.
        #[arg(long)]
        plugin: Option<String>,
        /// Only those recorded on or after this day (YYYY-MM-DD, in the
        /// organisation's time zone) or instant (RFC 3339).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Apply the erasures a plugin recorded since DATE again, e.g. after
    /// its system was restored from a backup taken on DATE.
    Replay(ReplayArgs),
}

/// Replay a plugin's erasures.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The plugin whose system was restored.
    #[arg(long)]
    plugin: String,
    /// The day (YYYY-MM-DD, in the organisation's time zone; from its
    /// start) or instant (RFC 3339) of the backup: erasures recorded from
    /// then on are applied again.
    #[arg(long, value_name = "DATE")]
    since: String,
    /// Say what would be erased again, and change nothing.
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

impl Erasures {
    /// Runs the command.
    pub fn execute(self, config: &Path) -> Result<u8, Failure> {
        let config = Arc::new(load_config(config)?);
        runtime()?.block_on(async {
            let store: Arc<dyn Store> = dsrd::store::open(&config.store)
                .await
                .context("cannot open the store")?;
            match self {
                Erasures::List {
                    plugin,
                    since,
                    json,
                } => {
                    let since = since.map(|s| parse_since(&config, &s)).transpose()?;
                    list(store.as_ref(), plugin.as_deref(), since, json).await
                }
                Erasures::Replay(args) => args.execute(&config, store.as_ref()).await,
            }
        })
    }
}

/// A day in the organisation's time zone (from its start), or an instant.
fn parse_since(config: &Config, text: &str) -> Result<DateTime<Utc>, Failure> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Ok(instant.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        usage(anyhow::anyhow!(
            "--since {text:?}: give a day (2026-03-01) or an instant (2026-03-01T06:00:00+01:00)"
        ))
    })?;
    let zone = config.organisation.time_zone;
    // The first moment of the day that exists (a day starting in a
    // daylight-saving gap starts at its end).
    let start = (0..=2)
        .find_map(|hour| {
            zone.from_local_datetime(&day.and_hms_opt(hour, 0, 0)?)
                .earliest()
        })
        .ok_or_else(|| usage(anyhow::anyhow!("--since {text:?}: no such day in {zone}")))?;
    Ok(start.with_timezone(&Utc))
}

async fn list(
    store: &dyn Store,
    plugin: Option<&str>,
    since: Option<DateTime<Utc>>,
    json: bool,
) -> Result<u8, Failure> {
    let entries = store.ledger_entries(plugin, since).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&entries)?);
        return Ok(EXIT_OK);
    }
    if entries.is_empty() {
        println!("no erasures recorded");
        return Ok(EXIT_OK);
    }
    for e in &entries {
        println!(
            "#{:<4} {}  {} {}  {}  {:?}  {}",
            e.id,
            e.erased_at.format("%Y-%m-%d %H:%M UTC"),
            e.case,
            e.action,
            e.entry.plugin,
            e.entry.mode,
            records(e)
        );
    }
    Ok(EXIT_OK)
}

/// `pupils 1, test_results 2`.
fn records(e: &LedgerEntry) -> String {
    e.entry
        .scope
        .tables
        .iter()
        .map(|(table, keys)| format!("{table} {}", keys.len()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl ReplayArgs {
    async fn execute(self, config: &Config, store: &dyn Store) -> Result<u8, Failure> {
        let by = super::acting_as(config, self.officer.as_deref())?;
        let since = parse_since(config, &self.since)?;
        let plugins = PluginService::new(&config.plugins, &std::env::current_exe()?);
        let key =
            PackageKey::from_source(&config.ledger.key_env, config.ledger.key_file.as_deref());
        let now = dsrd::clock::from_env().now();
        let run = match replay(
            store,
            &plugins,
            &key,
            &self.plugin,
            since,
            self.dry_run,
            &by,
            now,
        )
        .await
        {
            Ok(run) => run,
            Err(e @ (ReplayError::UnknownPlugin(_) | ReplayError::NoKey(_))) => {
                return Err(usage(e))
            }
            Err(e) => return Err(anyhow::Error::new(e).context("cannot replay").into()),
        };
        if self.json {
            println!("{}", serde_json::to_string_pretty(&run)?);
        } else {
            print_replay(&run);
        }
        let c = &run.counts;
        Ok(if c.failed + c.skipped > 0 {
            EXIT_PROBLEM
        } else {
            EXIT_OK
        })
    }
}

fn print_replay(run: &Replay) {
    let dry = if run.dry_run {
        " (dry run: nothing is changed)"
    } else {
        ""
    };
    println!(
        "erasures of {} recorded since {}{dry}",
        run.plugin,
        run.since.format("%Y-%m-%d %H:%M UTC")
    );
    for e in &run.entries {
        let tables = e
            .tables
            .iter()
            .map(|(table, n)| format!("{table} {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let records: u64 = e.tables.values().sum();
        let what = match &e.verdict {
            Verdict::Erased => format!("erased again: {records} records ({tables})"),
            Verdict::WouldErase => format!("would erase again: {records} records ({tables})"),
            Verdict::AlreadyErased => "nothing left to erase".to_owned(),
            Verdict::NotTheSamePerson => {
                "left alone: the records at the recorded key are someone else's now".to_owned()
            }
            Verdict::NoIdentifiers => {
                "left alone: the entry holds no identifiers to recognise the person by".to_owned()
            }
            Verdict::OtherKey => {
                "left alone: recorded under another ledger key, so the person cannot be recognised"
                    .to_owned()
            }
            Verdict::MoreRecords { added } => format!(
                "left alone: the person has {} records the entry does not name; make a new request",
                added.len()
            ),
            Verdict::Failed { error } => format!("failed: {error}"),
        };
        println!(
            "  #{:<4} {} {} (erased {}): {what}",
            e.entry,
            e.case,
            e.action,
            e.erased_at.format("%Y-%m-%d")
        );
        for (table, keys) in &e.missing.tables {
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            println!("        no longer present: {table} {}", keys.join(", "));
        }
    }
    let c = &run.counts;
    let verb = if run.dry_run {
        "would be erased again"
    } else {
        "erased again"
    };
    println!(
        "{} entries: {} {verb} ({} records), {} with nothing left, {} left alone, {} failed; {} recorded keys no longer present",
        c.entries, c.erased, c.records, c.already, c.skipped, c.failed, c.missing_keys
    );
}
