//! `dsrd cases list`.

use crate::cli::{usage, Failure, EXIT_OK};
use clap::Args;
use dsrd::config::Config;
use dsrd::store::{CaseFilter, Store};

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
        let today = dsrd::clock::from_env()
            .now()
            .with_timezone(&config.organisation.time_zone)
            .date_naive();
        let due_by = match (&self.due_within, self.overdue) {
            (_, true) => Some(today - chrono::Days::new(1)),
            (Some(span), false) => {
                let (n, unit) = super::parse_span(span).map_err(|e| usage(anyhow::anyhow!(e)))?;
                Some(match unit {
                    'd' => today + chrono::Days::new(n.into()),
                    'w' => today + chrono::Days::new(7 * u64::from(n)),
                    _ => today + chrono::Months::new(n),
                })
            }
            (None, false) => None,
        };
        let filter = CaseFilter {
            state,
            due_by,
            limit: self.limit,
        };
        let mut cases = store.list_cases(&filter).await?;
        // A verified rectification waits for nothing but the officer: the
        // reglement asks factual corrections to be made at once (8.3.1), so
        // those come first; the rest keep their order.
        let urgent = |c: &dsrd::case::CaseSummary| {
            c.state == dsrd::case::CaseState::AwaitingApproval
                && c.request_types
                    .contains(&dsrd::classify::RequestType::Rectification)
        };
        cases.sort_by_key(|c| !urgent(c));
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
