//! `dsrd audit verify` and `dsrd audit list`.

use super::{load_config, runtime, Failure, EXIT_OK, EXIT_PROBLEM};
use anyhow::Context;
use clap::Subcommand;
use std::path::Path;

/// Audit log commands.
#[derive(Debug, Subcommand)]
pub enum Audit {
    /// Recompute the hash chain; name the first row that was changed or removed.
    Verify {
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the audit log, oldest first.
    List {
        /// Only the entries about this case.
        #[arg(long = "case", value_name = "REF")]
        case: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

impl Audit {
    /// Runs the command.
    pub fn execute(self, config: &Path) -> Result<u8, Failure> {
        let config = load_config(config)?;
        let json = match self {
            Audit::Verify { json } => json,
            Audit::List { case, json } => return list(&config, case, json),
        };
        runtime()?.block_on(async {
            let store = dsrd::store::open(&config.store)
                .await
                .context("cannot open the store")?;
            let (rows, head) = store
                .audit_log()
                .await
                .context("cannot read the audit log")?;
            let result = dsrd::audit::verify(&rows, &head);
            if json {
                // Through a `Value`, whose keys are sorted: the order this
                // command has always printed.
                let value = serde_json::to_value(dsrd::audit::ChainCheck::of(&result, rows.len()))?;
                println!("{value}");
            }
            match result {
                Ok(n) => {
                    if !json {
                        println!("✓ audit log intact: {n} entries");
                    }
                    Ok(EXIT_OK)
                }
                Err(broken) => {
                    if !json {
                        println!("x {broken}");
                    }
                    Ok(EXIT_PROBLEM)
                }
            }
        })
    }
}

fn list(config: &dsrd::config::Config, case: Option<String>, json: bool) -> Result<u8, Failure> {
    runtime()?.block_on(async {
        let store = dsrd::store::open(&config.store)
            .await
            .context("cannot open the store")?;
        let (rows, _) = store
            .audit_log()
            .await
            .context("cannot read the audit log")?;
        let rows: Vec<_> = rows
            .into_iter()
            .filter(|r| {
                case.as_deref()
                    .is_none_or(|c| r.case_ref.as_deref() == Some(c))
            })
            .collect();
        if json {
            let list: Vec<_> = rows.iter().map(dsrd::audit::AuditEntry::of).collect();
            // Through a `Value`, whose keys are sorted: the order this
            // command has always printed.
            println!(
                "{}",
                serde_json::to_string_pretty(&serde_json::to_value(&list)?)?
            );
        } else {
            for r in &rows {
                println!(
                    "{:>6}  {}  {:<16} {:<28} {:<14} {}",
                    r.seq,
                    r.at,
                    r.actor,
                    r.action,
                    r.case_ref.as_deref().unwrap_or("-"),
                    r.detail
                );
            }
        }
        Ok(EXIT_OK)
    })
}
