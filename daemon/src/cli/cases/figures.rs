//! `dsrd cases figures`: the annual figures — cases per month by request
//! type and the share answered in time — counting reduced cases too.

use crate::cli::{usage, Failure, EXIT_OK};
use chrono::Datelike;
use clap::Args;
use dsrd::config::Config;
use dsrd::officer::{figures, PeriodFigures};
use dsrd::store::Store;

/// The year's figures: cases per month by type, answered in time.
#[derive(Debug, Args)]
pub struct ShowFigures {
    /// The year of receipt (default: this year).
    #[arg(long)]
    year: Option<i32>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

impl ShowFigures {
    pub async fn execute(self, config: &Config, store: &dyn Store) -> Result<u8, Failure> {
        let tz = config.organisation.time_zone;
        let year = match self.year {
            Some(y) if (1970..=9999).contains(&y) => y,
            Some(y) => return Err(usage(anyhow::anyhow!("--year {y}: not a year"))),
            None => dsrd::clock::from_env().now().with_timezone(&tz).year(),
        };
        let f = figures(store, year, tz).await?;
        if self.json {
            println!("{}", serde_json::to_string_pretty(&f)?);
            return Ok(EXIT_OK);
        }
        println!(
            "{:<7} {:>5} {:>8} {:>7} {:>4} {:>7}  by type",
            year, "cases", "answered", "in time", "late", "reduced"
        );
        for m in &f.months {
            line(&format!("{year}-{:02}", m.month), &m.figures);
        }
        line("total", &f.total);
        if let Some(share) = f.total.in_time_share {
            println!("answered in time: {:.0} %", share * 100.0);
        }
        Ok(EXIT_OK)
    }
}

fn line(label: &str, f: &PeriodFigures) {
    let types: Vec<String> = f.by_type.iter().map(|(t, n)| format!("{t} {n}")).collect();
    println!(
        "{label:<7} {:>5} {:>8} {:>7} {:>4} {:>7}  {}",
        f.cases,
        f.answered,
        f.in_time,
        f.late,
        f.reduced,
        types.join(", ")
    );
}
