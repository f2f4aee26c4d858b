//! `dsrd cases list` and `dsrd cases show REF`.

use super::{load_config, runtime, usage, Failure, EXIT_OK, EXIT_PROBLEM};
use anyhow::Context;
use clap::Subcommand;
use dsrd::case::CaseRef;
use dsrd::store::CaseFilter;
use std::path::Path;

/// Case commands.
#[derive(Debug, Subcommand)]
pub enum Cases {
    /// List cases, newest first.
    List {
        /// Only cases in this state (e.g. needs_triage).
        #[arg(long)]
        state: Option<String>,
        /// At most this many.
        #[arg(long)]
        limit: Option<i64>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one case with its events.
    Show {
        /// The case reference, e.g. AVG-2026-0001.
        reference: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

impl Cases {
    /// Runs the command.
    pub fn execute(self, config: &Path) -> Result<u8, Failure> {
        let config = load_config(config)?;
        runtime()?.block_on(async {
            let store = dsrd::store::open(&config.store)
                .await
                .context("cannot open the store")?;
            match self {
                Cases::List { state, limit, json } => {
                    if let Some(s) = &state {
                        s.parse::<dsrd::case::CaseState>().map_err(usage)?;
                    }
                    let cases = store.list_cases(&CaseFilter { state, limit }).await?;
                    if json {
                        println!("{}", serde_json::to_string_pretty(&cases)?);
                    } else {
                        println!(
                            "{:<16} {:<18} {:<20} {:<10} {:<4} TYPES",
                            "REFERENCE", "STATE", "RECEIVED", "DUE", "LANG"
                        );
                        for c in &cases {
                            println!(
                                "{:<16} {:<18} {:<20} {:<10} {:<4} {}",
                                c.reference,
                                c.state,
                                c.received_at.format("%Y-%m-%d %H:%M"),
                                c.due_date
                                    .map(|d| d.to_string())
                                    .unwrap_or_else(|| "-".into()),
                                c.language,
                                c.request_types.join(",")
                            );
                        }
                    }
                    Ok(EXIT_OK)
                }
                Cases::Show { reference, json } => {
                    let reference: CaseRef = reference.parse().map_err(usage)?;
                    let Some(case) = store.get_case(&reference).await? else {
                        eprintln!("no case {reference}");
                        return Ok(EXIT_PROBLEM);
                    };
                    if json {
                        println!("{}", serde_json::to_string_pretty(&case)?);
                        return Ok(EXIT_OK);
                    }
                    println!("Case        {}", case.reference);
                    println!("State       {}", case.state);
                    println!("Received    {}", case.received_at.to_rfc3339());
                    println!(
                        "From        {} {}",
                        case.requester_name.as_deref().unwrap_or(""),
                        case.requester_address
                            .as_deref()
                            .map(|a| format!("<{a}>"))
                            .unwrap_or_default()
                    );
                    println!("Subject     {}", case.subject.as_deref().unwrap_or(""));
                    println!("Language    {}", case.language);
                    println!("Types       {}", case.request_types.join(", "));
                    println!(
                        "Due         {}",
                        case.due_date
                            .map(|d| d.to_string())
                            .unwrap_or_else(|| "-".into())
                    );
                    for step in &case.due_explanation {
                        println!("            {step}");
                    }
                    if let Some(reason) = &case.triage_reason {
                        println!("Triage      {reason}");
                    }
                    for a in &case.attachments {
                        println!(
                            "Attachment  {} ({}, {} bytes)",
                            a.file_name.as_deref().unwrap_or("(no name)"),
                            a.content_type,
                            a.size
                        );
                    }
                    println!("Events");
                    for e in &case.events {
                        let change = match (&e.from_state, &e.to_state) {
                            (Some(f), Some(t)) => format!(" {f} → {t}"),
                            (None, Some(t)) => format!(" → {t}"),
                            _ => String::new(),
                        };
                        println!(
                            "  {} {:<24} {}{}{}",
                            e.at.format("%Y-%m-%d %H:%M:%S"),
                            e.kind,
                            e.actor,
                            change,
                            e.detail
                                .as_deref()
                                .map(|d| format!(" ({d})"))
                                .unwrap_or_default()
                        );
                    }
                    println!("\n{}", case.body_text);
                    Ok(EXIT_OK)
                }
            }
        })
    }
}
