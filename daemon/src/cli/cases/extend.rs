//! `dsrd cases extend REF --by 4w|2m --reason "…"`.

use crate::cli::{usage, Failure, EXIT_OK, EXIT_PROBLEM};
use clap::Args;
use dsrd::case::CaseRef;
use dsrd::config::Config;
use dsrd::officer::{extend, ActionError, ExtendBy};
use dsrd::store::Store;

/// Extend a case's deadline; the requester gets the extension notice with the
/// reason and the new date.
#[derive(Debug, Args)]
pub struct Extend {
    /// The case reference.
    reference: String,
    /// How much longer: weeks (4w) under four-weeks, 2m under gdpr-month.
    #[arg(long)]
    by: String,
    /// Why more time is needed; sent to the requester.
    #[arg(long)]
    reason: String,
    /// The officer's name for the audit log (default: $USER).
    #[arg(long, env = "USER", default_value = "officer")]
    officer: String,
}

impl Extend {
    pub async fn execute(self, config: &Config, store: &dyn Store) -> Result<u8, Failure> {
        let reference: CaseRef = self.reference.parse().map_err(usage)?;
        let by = match super::parse_span(&self.by).map_err(|e| usage(anyhow::anyhow!(e)))? {
            (n, 'w') => ExtendBy::Weeks(n),
            (n, 'm') => ExtendBy::Months(n),
            _ => {
                return Err(usage(anyhow::anyhow!(
                    "--by takes weeks (4w) or months (2m)"
                )))
            }
        };
        let now = dsrd::clock::from_env().now();
        match extend(
            store,
            config,
            &reference,
            by,
            &self.reason,
            &self.officer,
            now,
        )
        .await
        {
            Ok(due) => {
                let lang = config.organisation.default_language;
                println!(
                    "✓ {reference} extended: now due {}",
                    dsrd::lang::long_date(due, lang)
                );
                println!("  the requester's extension notice is in the outbox");
                Ok(EXIT_OK)
            }
            Err(ActionError::Refused(why)) => {
                println!("x extension refused: {why}");
                Ok(EXIT_PROBLEM)
            }
            Err(e) => Err(e.into()),
        }
    }
}
