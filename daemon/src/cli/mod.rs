//! The command line: one file per verb group. Only this module and `main.rs`
//! use anyhow.
//!
//! Exit status, for every command: 0 = fine, 1 = a check found a problem
//! (a broken audit chain, a case that does not exist), 2 = usage or
//! configuration error.

mod audit;
mod breaches;
mod cases;
mod check;
mod check_config;
mod classify;
mod deadline;
mod demo;
mod digest;
mod erasures;
mod openapi;
mod plugins;
mod restrictions;
mod retention;
mod run;
mod tasks;
mod users;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Everything went well.
pub const EXIT_OK: u8 = 0;
/// A check found a problem.
pub const EXIT_PROBLEM: u8 = 1;
/// Usage or configuration error.
pub const EXIT_USAGE: u8 = 2;

/// dsrd — data-subject-rights daemon for school boards.
#[derive(Debug, Parser)]
#[command(name = "dsrd", version, about)]
pub struct Cli {
    /// Configuration file.
    #[arg(
        short,
        long,
        global = true,
        env = "DSRD_CONFIG",
        default_value = "./dsrd.toml"
    )]
    pub config: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The verbs.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the daemon until SIGINT or SIGTERM.
    Run(run::Run),
    /// List and show cases; extend, recompute or reclassify one.
    #[command(subcommand)]
    Cases(cases::Cases),
    /// Check the audit log.
    #[command(subcommand)]
    Audit(audit::Audit),
    /// The tasks people carry out (systems without an API, the officer's own).
    #[command(subcommand)]
    Tasks(tasks::Tasks),
    /// The register of restrictions in force, and lifting one (with notice).
    #[command(subcommand)]
    Restrictions(restrictions::Restrictions),
    /// The breach register: enter, list, show and update breaches, with the
    /// AP's 72-hour due time.
    #[command(subcommand)]
    Breaches(breaches::Breaches),
    /// Retention rules: list them with their last and next run, run one by hand.
    #[command(subcommand)]
    Retention(retention::Retention),
    /// The officers' daily digest: show what today's says, or send it by hand.
    Digest(digest::DigestCmd),
    /// The erasure ledger: list the recorded erasures, and apply them again
    /// after a school system was restored from a backup.
    #[command(subcommand)]
    Erasures(erasures::Erasures),
    /// The accounts of the people who use dsrd: add, list, disable, new
    /// password, second factor, API tokens.
    #[command(subcommand)]
    Users(users::Users),
    /// Check a configuration file and report every problem.
    CheckConfig(check_config::CheckConfig),
    /// Check the installation: configuration, rules, store, plugins, mailboxes, outgoing mail.
    Check(check::Check),
    /// Compute a due date by hand, or check a file of deadline vectors.
    Deadline(deadline::Deadline),
    /// Classify a message by hand, or evaluate the rules on a labelled corpus.
    Classify(classify::Classify),
    /// The plugins: list them, ask them about a person, check one.
    #[command(subcommand)]
    Plugins(plugins::PluginsCmd),
    /// A demo organisation to try dsrd on.
    #[command(subcommand)]
    Demo(demo::Demo),
    /// Print the OpenAPI document of the officer's HTTP API (/api/v1).
    Openapi(openapi::Openapi),
    /// Internal: host one plugin library for the daemon (stdin/stdout).
    #[command(hide = true)]
    PluginHost(plugins::PluginHost),
}

/// An error that ends the command with a given exit status.
#[derive(Debug)]
pub struct Failure {
    /// Exit status.
    pub code: u8,
    /// What to print.
    pub error: anyhow::Error,
}

impl<E: Into<anyhow::Error>> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure {
            code: EXIT_PROBLEM,
            error: e.into(),
        }
    }
}

/// A configuration or usage error (exit status 2).
pub fn usage(error: impl Into<anyhow::Error>) -> Failure {
    Failure {
        code: EXIT_USAGE,
        error: error.into(),
    }
}

/// Who a command run by hand acts as: the system without `--as`, else the
/// `[[officers]]` entry of that name (matched regardless of letter case,
/// recorded as configured); an unknown name is a usage error.
pub(crate) fn acting_as(
    config: &dsrd::config::Config,
    officer: Option<&str>,
) -> Result<dsrd::case::Actor, Failure> {
    let Some(name) = officer else {
        return Ok(dsrd::case::Actor::System);
    };
    config
        .officers
        .iter()
        .find(|o| o.name.eq_ignore_ascii_case(name))
        .map(|o| dsrd::case::Actor::Officer(o.name.clone()))
        .ok_or_else(|| {
            usage(anyhow::anyhow!(
                "--as {name:?}: no [[officers]] entry has that name"
            ))
        })
}

impl Cli {
    /// Runs the chosen command and returns its exit status.
    pub fn execute(self) -> Result<u8, Failure> {
        match self.command {
            Command::Run(c) => c.execute(&self.config),
            Command::Cases(c) => c.execute(&self.config),
            Command::Audit(c) => c.execute(&self.config),
            Command::Tasks(c) => c.execute(&self.config),
            Command::Restrictions(c) => c.execute(&self.config),
            Command::Retention(c) => c.execute(&self.config),
            Command::Erasures(c) => c.execute(&self.config),
            Command::Users(c) => c.execute(&self.config),
            Command::Digest(c) => c.execute(&self.config),
            Command::Breaches(c) => c.execute(&self.config),
            Command::CheckConfig(c) => c.execute(&self.config),
            Command::Check(c) => c.execute(&self.config),
            Command::Deadline(c) => c.execute(),
            Command::Classify(c) => c.execute(&self.config),
            Command::Plugins(c) => c.execute(&self.config),
            Command::PluginHost(c) => c.execute(),
            Command::Demo(c) => c.execute(),
            Command::Openapi(c) => c.execute(),
        }
    }
}

/// Loads the configuration, printing its warnings; a bad file is exit status 2.
pub(crate) fn load_config(path: &std::path::Path) -> Result<dsrd::config::Config, Failure> {
    let loaded = dsrd::config::load(path).map_err(usage)?;
    for warning in &loaded.warnings {
        eprintln!("{warning}");
    }
    Ok(loaded.config)
}

/// A tokio runtime for one command.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}
