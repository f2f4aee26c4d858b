//! `dsrd cases link REF --to REF2` and `dsrd cases close REF --no-request`:
//! the two ways out of triage besides `classify`, the same library calls
//! the console's triage page makes.

use crate::cli::{usage, Failure, EXIT_OK, EXIT_PROBLEM};
use clap::Args;
use dsrd::case::CaseRef;
use dsrd::config::Config;
use dsrd::officer::{close_no_request, link_follow_up, ActionError};
use dsrd::store::Store;

/// Link a letter in triage to the case it follows up (the letter's case is
/// closed naming that case; that case notes the letter).
#[derive(Debug, Args)]
pub struct Link {
    /// The letter's case reference (in triage).
    reference: String,
    /// The case it follows up.
    #[arg(long)]
    to: String,
    /// The officer's name for the audit log (default: $USER).
    #[arg(long, env = "USER", default_value = "officer")]
    officer: String,
}

/// Close a letter in triage as no request (a question, a newsletter).
#[derive(Debug, Args)]
pub struct Close {
    /// The case reference (in triage).
    reference: String,
    /// Say that it is no request: the only way a case is closed by hand.
    #[arg(long, required = true)]
    no_request: bool,
    /// The officer's name for the audit log (default: $USER).
    #[arg(long, env = "USER", default_value = "officer")]
    officer: String,
}

fn report(done: Result<(), ActionError>, said: String) -> Result<u8, Failure> {
    match done {
        Ok(()) => {
            println!("✓ {said}");
            Ok(EXIT_OK)
        }
        Err(ActionError::Refused(why)) => {
            println!("x {why}");
            Ok(EXIT_PROBLEM)
        }
        Err(ActionError::NotFound(r)) => {
            println!("x no case {r}");
            Ok(EXIT_PROBLEM)
        }
        Err(e) => Err(e.into()),
    }
}

impl Link {
    pub async fn execute(self, _config: &Config, store: &dyn Store) -> Result<u8, Failure> {
        let reference: CaseRef = self.reference.parse().map_err(usage)?;
        let to: CaseRef = self.to.parse().map_err(usage)?;
        let now = dsrd::clock::from_env().now();
        let done = link_follow_up(store, &reference, &to, &self.officer, now).await;
        report(done, format!("{reference} closed as a follow-up of {to}"))
    }
}

impl Close {
    pub async fn execute(self, _config: &Config, store: &dyn Store) -> Result<u8, Failure> {
        let reference: CaseRef = self.reference.parse().map_err(usage)?;
        debug_assert!(self.no_request);
        let now = dsrd::clock::from_env().now();
        let done = close_no_request(store, &reference, &self.officer, now).await;
        report(done, format!("{reference} closed as no request"))
    }
}
