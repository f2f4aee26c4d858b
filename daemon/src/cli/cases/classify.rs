//! `dsrd cases classify REF --type erasure [--type access]…`.

use crate::cli::{usage, Failure, EXIT_OK, EXIT_PROBLEM};
use clap::Args;
use dsrd::case::CaseRef;
use dsrd::classify::RequestType;
use dsrd::config::Config;
use dsrd::officer::{reclassify, ActionError};
use dsrd::store::Store;

/// Replace the automatic classification (recorded in the audit log). A case
/// in triage that gets a request type becomes a request and is acknowledged.
#[derive(Debug, Args)]
pub struct Classify {
    /// The case reference.
    reference: String,
    /// Request type, primary first: access, rectification, erasure,
    /// restriction, portability, objection, automated_decision,
    /// withdraw_consent or not_a_request. Repeat for several.
    #[arg(long = "type", required = true)]
    types: Vec<String>,
    /// The officer's name for the audit log (default: $USER).
    #[arg(long, env = "USER", default_value = "officer")]
    officer: String,
}

impl Classify {
    pub async fn execute(self, config: &Config, store: &dyn Store) -> Result<u8, Failure> {
        let reference: CaseRef = self.reference.parse().map_err(usage)?;
        let types = self
            .types
            .iter()
            .map(|t| t.parse::<RequestType>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(usage)?;
        match reclassify(
            store,
            config,
            &reference,
            types,
            &self.officer,
            dsrd::clock::from_env().now(),
        )
        .await
        {
            Ok(state) => {
                println!(
                    "✓ {reference} reclassified as {}; state {state}",
                    self.types.join(", ")
                );
                Ok(EXIT_OK)
            }
            Err(ActionError::Refused(why)) => {
                println!("x {why}");
                Ok(EXIT_PROBLEM)
            }
            Err(e) => Err(e.into()),
        }
    }
}
