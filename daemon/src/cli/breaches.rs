//! `dsrd breaches new | list | show | update`: the breach register
//! (reglement 6.4; GDPR art. 33(5)). Every breach is entered, reported to
//! the AP or not with the reason; the AP is due 72 hours after discovery,
//! which `list` and `show` count down. A refused change (closing without a
//! risk assessment, …) exits 1 with the reason.

use super::{load_config, runtime, usage, Failure, EXIT_OK, EXIT_PROBLEM};
use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use dsrd::breach::{
    ApReport, BreachRef, BreachState, BreachUpdate, BreachView, NewBreach, Risk, RiskAssessment,
    SubjectsNotice,
};
use dsrd::case::Actor;
use dsrd::store::{BreachChanged, Store};
use std::path::Path;

/// Breach register commands.
#[derive(Debug, Subcommand)]
pub enum Breaches {
    /// Enter a breach: when it was discovered and what happened.
    New(New),
    /// The register, newest first, with the AP's due time and the hours left.
    List {
        /// Only the entries not closed.
        #[arg(long)]
        open: bool,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// One entry in full.
    Show {
        /// The reference, e.g. DATALEK-2026-0001.
        reference: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Record the assessment, the decisions and the measures; close.
    Update(Box<Update>),
}

/// Enter a breach.
#[derive(Debug, Args)]
pub struct New {
    /// When the organisation became aware of it (RFC 3339, e.g.
    /// 2026-03-02T09:15:00+01:00): the AP's 72 hours start here.
    #[arg(long, value_parser = parse_time)]
    discovered: DateTime<Utc>,
    /// What happened.
    #[arg(long)]
    what: String,
    /// Categories of personal data, comma-separated (e.g. "rapport,BSN").
    #[arg(long, value_delimiter = ',')]
    categories: Vec<String>,
    /// How many people are affected.
    #[arg(long)]
    people: Option<u32>,
    /// The number of people is an estimate.
    #[arg(long, requires = "people")]
    estimate: bool,
    /// Who enters it.
    #[arg(long = "as", value_name = "NAME", env = "DSRD_OFFICER")]
    officer: String,
    /// Print the entry as JSON.
    #[arg(long)]
    json: bool,
}

/// Change an entry.
#[derive(Debug, Args)]
pub struct Update {
    /// The reference, e.g. DATALEK-2026-0001.
    reference: String,
    /// A better description of what happened.
    #[arg(long)]
    what: Option<String>,
    /// Categories of personal data, comma-separated (replacing the recorded ones).
    #[arg(long, value_delimiter = ',')]
    categories: Option<Vec<String>>,
    /// How many people are affected.
    #[arg(long)]
    people: Option<u32>,
    /// The number of people is an estimate.
    #[arg(long, requires = "people")]
    estimate: bool,
    /// The risk to the people affected: none (no report needed), low, high
    /// (tell the subjects too).
    #[arg(long, requires = "risk_reasoning")]
    risk: Option<Risk>,
    /// Why that risk.
    #[arg(long, requires = "risk")]
    risk_reasoning: Option<String>,
    /// When it was reported to the AP (RFC 3339).
    #[arg(long, value_parser = parse_time, requires = "ap_reference", conflicts_with = "not_reported")]
    reported_at: Option<DateTime<Utc>>,
    /// The AP's reference of the report.
    #[arg(long, requires = "reported_at")]
    ap_reference: Option<String>,
    /// Not reported to the AP, and why.
    #[arg(long, value_name = "WHY")]
    not_reported: Option<String>,
    /// When the subjects were told (RFC 3339).
    #[arg(long, value_parser = parse_time, requires = "how", conflicts_with = "subjects_not_told")]
    subjects_told_at: Option<DateTime<Utc>>,
    /// How they were told.
    #[arg(long, requires = "subjects_told_at")]
    how: Option<String>,
    /// The subjects were not told, and why (art. 34(3)).
    #[arg(long, value_name = "WHY")]
    subjects_not_told: Option<String>,
    /// The measures taken or proposed.
    #[arg(long)]
    measures: Option<String>,
    /// Close the entry.
    #[arg(long)]
    close: bool,
    /// Who changes it.
    #[arg(long = "as", value_name = "NAME", env = "DSRD_OFFICER")]
    officer: String,
    /// Print the entry as JSON.
    #[arg(long)]
    json: bool,
}

fn parse_time(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{s:?} is not a time like 2026-03-02T09:15:00+01:00: {e}"))
}

fn actor(name: &str) -> Result<Actor, Failure> {
    let name = name.trim();
    if name.is_empty() {
        return Err(usage(anyhow::anyhow!("say who you are (--as NAME)")));
    }
    Ok(Actor::Officer(name.to_owned()))
}

impl Breaches {
    /// Runs the command.
    pub fn execute(self, config: &Path) -> Result<u8, Failure> {
        let config = load_config(config)?;
        let now = dsrd::clock::from_env().now();
        runtime()?.block_on(async {
            let store = dsrd::store::open(&config.store)
                .await
                .context("cannot open the store")?;
            let store = store.as_ref();
            match self {
                Breaches::New(new) => new.execute(store, now).await,
                Breaches::List { open, json } => list(store, open, json, now).await,
                Breaches::Show { reference, json } => show(store, &reference, json, now).await,
                Breaches::Update(update) => update.execute(store, now).await,
            }
        })
    }
}

impl New {
    async fn execute(self, store: &dyn Store, now: DateTime<Utc>) -> Result<u8, Failure> {
        let by = actor(&self.officer)?;
        let new = NewBreach {
            state: BreachState::Open,
            discovered_at: self.discovered,
            what: self.what.trim().to_owned(),
            categories: clean(self.categories),
            people: self.people,
            people_estimated: self.estimate,
        };
        if let Err(why) = new.check(now) {
            println!("x refused: {why}");
            return Ok(EXIT_PROBLEM);
        }
        let breach = store.open_breach(&new, &by, now).await?;
        let view = BreachView::at(breach, now);
        if self.json {
            println!("{}", serde_json::to_string_pretty(&view)?);
        } else {
            println!(
                "✓ {} entered; report to the AP by {} ({})",
                view.breach.reference,
                view.breach.ap_due.format("%Y-%m-%d %H:%M UTC"),
                view.ap_status
            );
        }
        Ok(EXIT_OK)
    }
}

fn clean(items: Vec<String>) -> Vec<String> {
    items
        .into_iter()
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .collect()
}

async fn list(
    store: &dyn Store,
    open: bool,
    json: bool,
    now: DateTime<Utc>,
) -> Result<u8, Failure> {
    let views: Vec<BreachView> = store
        .list_breaches(open)
        .await?
        .into_iter()
        .map(|b| BreachView::at(b, now))
        .collect();
    if json {
        println!("{}", serde_json::to_string_pretty(&views)?);
        return Ok(EXIT_OK);
    }
    if views.is_empty() {
        println!("no breaches in the register");
        return Ok(EXIT_OK);
    }
    println!(
        "{:<18} {:<7} {:<17} {:<17} {:<5}  AP",
        "BREACH", "STATE", "DISCOVERED (UTC)", "AP DUE (UTC)", "RISK"
    );
    for v in &views {
        let b = &v.breach;
        println!(
            "{:<18} {:<7} {:<17} {:<17} {:<5}  {}",
            b.reference.as_str(),
            b.state.as_str(),
            b.discovered_at.format("%Y-%m-%d %H:%M").to_string(),
            b.ap_due.format("%Y-%m-%d %H:%M").to_string(),
            b.risk.as_ref().map(|r| r.level.as_str()).unwrap_or("?"),
            v.ap_status
        );
    }
    Ok(EXIT_OK)
}

async fn show(
    store: &dyn Store,
    reference: &str,
    json: bool,
    now: DateTime<Utc>,
) -> Result<u8, Failure> {
    let reference: BreachRef = reference.parse().map_err(usage)?;
    let Some(breach) = store.get_breach(&reference).await? else {
        println!("x no breach {reference}");
        return Ok(EXIT_PROBLEM);
    };
    let view = BreachView::at(breach, now);
    if json {
        println!("{}", serde_json::to_string_pretty(&view)?);
        return Ok(EXIT_OK);
    }
    let b = &view.breach;
    let time = |t: &DateTime<Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
    println!("{}  ({})", b.reference, b.state);
    println!("discovered   {}", time(&b.discovered_at));
    println!("AP due       {}  — {}", time(&b.ap_due), view.ap_status);
    println!("what         {}", b.what);
    if !b.categories.is_empty() {
        println!("data         {}", b.categories.join(", "));
    }
    if let Some(people) = b.people {
        let about = if b.people_estimated {
            " (estimate)"
        } else {
            ""
        };
        println!("people       {people}{about}");
    }
    match &b.risk {
        Some(r) => println!("risk         {} — {}", r.level, r.reasoning),
        None => println!("risk         not assessed"),
    }
    match &b.ap {
        Some(ApReport::Reported { at, ap_reference }) => {
            println!("AP           reported {} ({ap_reference})", time(at))
        }
        Some(ApReport::NotReported { reason }) => println!("AP           not reported: {reason}"),
        None => println!("AP           not decided"),
    }
    match &b.subjects {
        Some(SubjectsNotice::Told { at, how }) => {
            println!("subjects     told {} ({how})", time(at))
        }
        Some(SubjectsNotice::NotTold { reason }) => println!("subjects     not told: {reason}"),
        None => println!("subjects     not decided"),
    }
    if let Some(m) = &b.measures {
        println!("measures     {m}");
    }
    if let Some(mail) = &b.mail {
        println!(
            "reported by  mail of {} ({}): {}",
            time(&mail.received_at),
            mail.subject.as_deref().unwrap_or("no subject"),
            mail.phrases.join("; ")
        );
    }
    println!("entered by   {} at {}", b.created_by, time(&b.created_at));
    if let Some(at) = &b.reminded_at {
        println!("reminded     {}", time(at));
    }
    Ok(EXIT_OK)
}

impl Update {
    async fn execute(self, store: &dyn Store, now: DateTime<Utc>) -> Result<u8, Failure> {
        let reference: BreachRef = self.reference.parse().map_err(usage)?;
        let by = actor(&self.officer)?;
        let change = BreachUpdate {
            what: self.what,
            categories: self.categories.map(clean),
            people: self.people,
            people_estimated: self.people.map(|_| self.estimate),
            risk: self
                .risk
                .zip(self.risk_reasoning)
                .map(|(level, reasoning)| RiskAssessment { level, reasoning }),
            ap: match (self.reported_at, self.ap_reference, self.not_reported) {
                (Some(at), Some(ap_reference), _) => Some(ApReport::Reported { at, ap_reference }),
                (_, _, Some(reason)) => Some(ApReport::NotReported { reason }),
                _ => None,
            },
            subjects: match (self.subjects_told_at, self.how, self.subjects_not_told) {
                (Some(at), Some(how), _) => Some(SubjectsNotice::Told { at, how }),
                (_, _, Some(reason)) => Some(SubjectsNotice::NotTold { reason }),
                _ => None,
            },
            measures: self.measures,
            close: self.close,
        };
        match store.update_breach(&reference, &change, &by, now).await? {
            BreachChanged::Changed(breach) => {
                let view = BreachView::at(*breach, now);
                if self.json {
                    println!("{}", serde_json::to_string_pretty(&view)?);
                } else {
                    println!(
                        "✓ {} updated ({}); AP: {}",
                        view.breach.reference, view.breach.state, view.ap_status
                    );
                }
                Ok(EXIT_OK)
            }
            BreachChanged::Refused(why) => {
                println!("x refused: {why}");
                Ok(EXIT_PROBLEM)
            }
            BreachChanged::NotFound => {
                println!("x no breach {reference}");
                Ok(EXIT_PROBLEM)
            }
        }
    }
}
