//! `dsrd restrictions list | lift`: the register of restrictions in force
//! (reglement 8.5.2: marked in the file, visible to whoever works with it),
//! and ending one — first announced with notice to the subject (8.5.4),
//! then lifted from the announced day on, by the daemon or with `--now`.

use super::{load_config, runtime, usage, Failure, EXIT_OK, EXIT_PROBLEM};
use anyhow::Context;
use clap::{Args, Subcommand};
use dsrd::case::CaseRef;
use dsrd::config::Config;
use dsrd::dispatch::PluginService;
use dsrd::execute::LiftOutcome;
use dsrd::officer::{self, ActionError, LIFT_NOTICE_WORKING_DAYS};
use dsrd::plan::ActionId;
use dsrd::store::{ActiveRestriction, RestrictionState, Store};
use std::path::Path;

/// Restriction commands.
#[derive(Debug, Subcommand)]
pub enum Restrictions {
    /// The restrictions in force: case, system, since when, how many
    /// records, and the day a lift is announced for.
    List {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// End a restriction: announce it with --reason (the subject is told
    /// first; it may take effect five working days later), then, from that
    /// day, the daemon lifts it — or lift it yourself with --now.
    Lift(Lift),
}

/// Announce or carry out the lift of one restriction.
#[derive(Debug, Args)]
pub struct Lift {
    /// The case reference.
    reference: String,
    /// The restrict action, as `restrictions list` shows it (e.g. A2).
    #[arg(long = "action", value_name = "ID")]
    action: String,
    /// Why the restriction ends (the letter to the subject carries it):
    /// announces the lift.
    #[arg(long, required_unless_present = "now", conflicts_with = "now")]
    reason: Option<String>,
    /// Lift an announced restriction now, once its announced day has come.
    #[arg(long)]
    now: bool,
    /// Who acts: a name from the configuration's [[officers]].
    #[arg(long = "as", value_name = "NAME", env = "DSRD_OFFICER")]
    officer: String,
}

impl Restrictions {
    /// Runs the command.
    pub fn execute(self, config: &Path) -> Result<u8, Failure> {
        let config = load_config(config)?;
        runtime()?.block_on(async {
            let store = dsrd::store::open(&config.store)
                .await
                .context("cannot open the store")?;
            match self {
                Restrictions::List { json } => list(store.as_ref(), json).await,
                Restrictions::Lift(lift) => lift.execute(&config, store.as_ref()).await,
            }
        })
    }
}

async fn list(store: &dyn Store, json: bool) -> Result<u8, Failure> {
    let register = store.active_restrictions().await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&register)?);
        return Ok(EXIT_OK);
    }
    if register.is_empty() {
        println!("no restrictions in force");
        return Ok(EXIT_OK);
    }
    println!(
        "{:<15} {:<6} {:<14} {:<17} {:>7}  LIFT",
        "CASE", "ACTION", "SYSTEM", "SINCE (UTC)", "RECORDS"
    );
    for r in &register {
        println!(
            "{:<15} {:<6} {:<14} {:<17} {:>7}  {}",
            r.case.as_str(),
            r.action.to_string(),
            r.plugin,
            r.since.format("%Y-%m-%d %H:%M").to_string(),
            r.records,
            lift_words(r)
        );
    }
    Ok(EXIT_OK)
}

fn lift_words(r: &ActiveRestriction) -> String {
    let Some(lift) = &r.lift else {
        return "-".into();
    };
    let error = r
        .error
        .as_deref()
        .map(|e| format!(" — last attempt failed: {e}"))
        .unwrap_or_default();
    match r.state {
        RestrictionState::Lifting => format!("being lifted (announced for {})", lift.on),
        RestrictionState::Failed => format!(
            "announced for {}, lifting failed: {}; dsrd restrictions lift {} --action {} --now",
            lift.on,
            r.error.as_deref().unwrap_or("?"),
            r.case,
            r.action
        ),
        _ => format!("announced for {} by {}{error}", lift.on, lift.by),
    }
}

impl Lift {
    async fn execute(self, config: &Config, store: &dyn Store) -> Result<u8, Failure> {
        let reference: CaseRef = self.reference.parse().map_err(usage)?;
        let action: ActionId = self
            .action
            .parse()
            .map_err(|e| usage(anyhow::anyhow!("{e}")))?;
        let now = dsrd::clock::from_env().now();
        if let Some(reason) = &self.reason {
            return match officer::announce_lift(
                store,
                config,
                &reference,
                action.clone(),
                reason,
                &self.officer,
                now,
            )
            .await
            {
                Ok(on) => {
                    println!(
                        "✓ lift of {action} announced: it takes effect on {on} ({LIFT_NOTICE_WORKING_DAYS} working days' notice to the subject); the daemon lifts it then, or: dsrd restrictions lift {reference} --action {action} --now"
                    );
                    Ok(EXIT_OK)
                }
                Err(e) => refused(e),
            };
        }
        let plugins = PluginService::new(&config.plugins, &std::env::current_exe()?);
        let done = officer::lift_now(
            store,
            config,
            &plugins,
            &reference,
            action.clone(),
            &self.officer,
            now,
        )
        .await;
        match done {
            Ok(LiftOutcome::Lifted { summary }) => {
                println!("✓ restriction {action} of {reference} lifted: {summary}");
                Ok(EXIT_OK)
            }
            Ok(LiftOutcome::Released { covered_by }) => {
                println!("✓ restriction {action} of {reference} ended; its records stay marked while {covered_by} is in force, and are cleared when that one is lifted");
                Ok(EXIT_OK)
            }
            Ok(LiftOutcome::Failed { error, retry_at }) => {
                let then = retry_at
                    .map(|t| format!("; tried again from {}", t.format("%Y-%m-%d %H:%M UTC")))
                    .unwrap_or_default();
                println!("x lifting failed, the restriction stays in force: {error}{then}");
                Ok(EXIT_PROBLEM)
            }
            Ok(LiftOutcome::NotClaimed) => {
                println!("x {action} of {reference} was not lifted: see dsrd restrictions list");
                Ok(EXIT_PROBLEM)
            }
            Err(e) => refused(e),
        }
    }
}

fn refused(e: ActionError) -> Result<u8, Failure> {
    match e {
        ActionError::Refused(why) => {
            println!("x refused: {why}");
            Ok(EXIT_PROBLEM)
        }
        ActionError::NotFound(reference) => {
            println!("x no case {reference}");
            Ok(EXIT_PROBLEM)
        }
        other => Err(other.into()),
    }
}
