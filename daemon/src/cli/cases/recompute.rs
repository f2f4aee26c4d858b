//! `dsrd cases recompute REF… | --all`.

use crate::cli::{usage, Failure, EXIT_OK, EXIT_PROBLEM};
use clap::Args;
use dsrd::case::CaseRef;
use dsrd::config::Config;
use dsrd::officer::{recompute, ActionError};
use dsrd::store::{CaseFilter, Store};

/// Recompute deadlines under the current configuration; each change is an
/// event on the case and an audit entry.
#[derive(Debug, Args)]
pub struct Recompute {
    /// The cases to recompute.
    references: Vec<String>,
    /// Every open case.
    #[arg(long, conflicts_with = "references")]
    all: bool,
    /// The officer's name for the audit log (default: $USER).
    #[arg(long, env = "USER", default_value = "officer")]
    officer: String,
}

impl Recompute {
    pub async fn execute(self, config: &Config, store: &dyn Store) -> Result<u8, Failure> {
        let references: Vec<CaseRef> = if self.all {
            store
                .list_cases(&CaseFilter::default())
                .await?
                .into_iter()
                .filter(|c| c.state.is_open())
                .map(|c| c.reference)
                .collect()
        } else if self.references.is_empty() {
            return Err(usage(anyhow::anyhow!("name cases to recompute, or --all")));
        } else {
            self.references
                .iter()
                .map(|r| r.parse())
                .collect::<Result<_, _>>()
                .map_err(usage)?
        };
        let now = dsrd::clock::from_env().now();
        let mut refused = false;
        for reference in &references {
            match recompute(store, config, reference, &self.officer, now).await {
                Ok((before, after)) if before == after => {
                    println!("  {reference}: due {after} (unchanged)")
                }
                Ok((before, after)) => println!("✓ {reference}: due {before} → {after}"),
                Err(ActionError::Refused(why)) => {
                    refused = true;
                    println!("x {reference}: {why}");
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(if refused { EXIT_PROBLEM } else { EXIT_OK })
    }
}
