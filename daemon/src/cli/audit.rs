//! `dsrd audit verify`.

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
}

impl Audit {
    /// Runs the command.
    pub fn execute(self, config: &Path) -> Result<u8, Failure> {
        let Audit::Verify { json } = self;
        let config = load_config(config)?;
        runtime()?.block_on(async {
            let store = dsrd::store::open(&config.store).await.context("cannot open the store")?;
            let (rows, head) = store.audit_log().await.context("cannot read the audit log")?;
            let result = dsrd::audit::verify(&rows, &head);
            if json {
                let value = match &result {
                    Ok(n) => serde_json::json!({ "ok": true, "entries": n }),
                    Err(b) => serde_json::json!({ "ok": false, "entries": rows.len(), "broken_at": b.seq, "reason": b.reason }),
                };
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
