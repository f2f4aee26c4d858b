//! `dsrd cases list`.

use crate::cli::{usage, Failure, EXIT_OK};
use clap::Args;
use dsrd::config::Config;
use dsrd::officer::{correct_at_once, list_cases, CaseQuery, Span};
use dsrd::store::Store;

/// List cases, newest first.
#[derive(Debug, Args)]
pub struct List {
    /// Only cases in this state (e.g. needs_triage).
    #[arg(long)]
    state: Option<String>,
    /// Only open cases due within this span from today, e.g. 7d or 2w.
    #[arg(long)]
    due_within: Option<String>,
    /// Only open cases whose due date has passed.
    #[arg(long, conflicts_with = "due_within")]
    overdue: bool,
    /// At most this many.
    #[arg(long)]
    limit: Option<i64>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

impl List {
    pub async fn execute(self, config: &Config, store: &dyn Store) -> Result<u8, Failure> {
        let state = self
            .state
            .as_deref()
            .map(str::parse::<dsrd::case::CaseState>)
            .transpose()
            .map_err(usage)?;
        let now = dsrd::clock::from_env().now();
        let today = now
            .with_timezone(&config.organisation.time_zone)
            .date_naive();
        let due_within = self
            .due_within
            .as_deref()
            .map(Span::parse)
            .transpose()
            .map_err(|e| usage(anyhow::anyhow!(e)))?;
        let query = CaseQuery {
            state,
            due_within,
            overdue: self.overdue,
            limit: self.limit,
        };
        let cases = list_cases(store, config, &query, now).await?;
        let urgent = correct_at_once;
        if self.json {
            println!("{}", serde_json::to_string_pretty(&cases)?);
            return Ok(EXIT_OK);
        }
        println!(
            "{:<16} {:<18} {:<17} {:<10} {:<4} TYPES",
            "REFERENCE", "STATE", "RECEIVED", "DUE", "LANG"
        );
        for c in &cases {
            let overdue = c.due_date.is_some_and(|d| d < today) && c.state.is_open();
            println!(
                "{:<16} {:<18} {:<17} {:<10} {:<4} {}{}",
                c.reference.as_str(),
                c.state.as_str(),
                c.received_at
                    .with_timezone(&config.organisation.time_zone)
                    .format("%Y-%m-%d %H:%M"),
                c.due_date
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "-".into()),
                c.language.code(),
                c.request_types
                    .iter()
                    .map(|t| t.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
                if overdue {
                    "  OVERDUE"
                } else if urgent(c) {
                    "  CORRECT AT ONCE (reglement 8.3.1)"
                } else {
                    ""
                }
            );
        }
        Ok(EXIT_OK)
    }
}
