//! `dsrd cases purge`: the case file's own retention by hand — every case
//! closed or rejected longer ago than `[case_file] retention` reduced to
//! its anonymous record (what the running daemon does every ten minutes).

use crate::cli::{Failure, EXIT_OK, EXIT_PROBLEM};
use anyhow::Context;
use clap::Args;
use dsrd::config::Config;
use dsrd::retention::{CaseFilePurge, CaseFileRetention, PurgeOutcome};
use dsrd::store::Store;
use std::sync::Arc;

/// Reduce the cases closed longer ago than the retention period.
#[derive(Debug, Args)]
pub struct Purge {
    /// List the cases that are due, and change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// Who runs it: a name from the configuration's [[officers]]; the
    /// audit log records it as the daemon's without it.
    #[arg(long = "as", value_name = "NAME", env = "DSRD_OFFICER")]
    officer: Option<String>,
}

impl Purge {
    pub async fn execute(self, config: Arc<Config>, store: Arc<dyn Store>) -> Result<u8, Failure> {
        let by = crate::cli::acting_as(&config, self.officer.as_deref())?;
        let clock: Arc<dyn dsrd::clock::Clock> = dsrd::clock::from_env().into();
        let purge = CaseFileRetention::new(config, store, clock)
            .purge(self.dry_run, &by)
            .await
            .context("the case file's retention stopped")?;
        if self.json {
            println!("{}", serde_json::to_string_pretty(&purge)?);
        } else {
            print_purge(&purge);
        }
        let kept = purge.cases.iter().any(|c| c.outcome == PurgeOutcome::Kept);
        Ok(if kept { EXIT_PROBLEM } else { EXIT_OK })
    }
}

fn print_purge(p: &CaseFilePurge) {
    let day = p.closed_before.format("%Y-%m-%d %H:%M UTC");
    println!(
        "case file retention {}: cases closed before {day}{}",
        p.retention,
        if p.dry_run {
            " (dry run: nothing changed)"
        } else {
            ""
        }
    );
    if p.cases.is_empty() {
        println!("  none is due");
    }
    for c in &p.cases {
        let closed = c.closed_at.format("%Y-%m-%d");
        let what = match c.outcome {
            PurgeOutcome::Reduced => match &c.removed {
                Some(r) => format!(
                    "reduced: {} messages, {} outgoing mails, {} packages, {} files removed",
                    r.messages, r.outgoing, r.packages, c.files
                ),
                None => "reduced".into(),
            },
            PurgeOutcome::Due => "would be reduced".into(),
            PurgeOutcome::Kept => format!("kept: {}", c.why.as_deref().unwrap_or("")),
        };
        println!("  {} ({} {closed})  {what}", c.reference, c.state);
    }
    println!(
        "  {} finished cases are still within the period",
        p.within_period
    );
}
