//! `dsrd cases plan | approve | reject | actions | retry | waive`: the plan
//! of a case and the officer's decisions on it.

use crate::cli::{usage, Failure, EXIT_OK, EXIT_PROBLEM};
use clap::Args;
use dsrd::case::CaseRef;
use dsrd::config::Config;
use dsrd::dispatch::PluginService;
use dsrd::officer::{self, ActionError};
use dsrd::plan::{ActionId, ActionKind, ActionStatus};
use dsrd::store::Store;
use dsrd_plugin_api::Change;
use std::collections::BTreeMap;

/// The officer's name for the audit log; must be a configured officer.
#[derive(Debug, Args)]
pub struct As {
    /// Who acts: a name from the configuration's [[officers]].
    #[arg(long = "as", value_name = "NAME", env = "DSRD_OFFICER")]
    officer: String,
}

impl As {
    /// The name given.
    pub fn name(&self) -> &str {
        &self.officer
    }
}

/// Show the plan of a case: per system what would be exported, changed,
/// deleted, what is kept and why, and each action's status.
#[derive(Debug, Args)]
pub struct ShowPlan {
    /// The case reference.
    reference: String,
    /// Make the plan again (new dry runs): decisions on the old one lapse.
    #[arg(long)]
    refresh: bool,
    /// With --refresh: a correction for a rectification,
    /// PLUGIN:TABLE.FIELD=VALUE (the value as JSON, or plain text).
    #[arg(
        long = "change",
        value_name = "PLUGIN:TABLE.FIELD=VALUE",
        requires = "refresh"
    )]
    changes: Vec<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// With --refresh: who asks.
    #[arg(long = "as", value_name = "NAME", env = "DSRD_OFFICER")]
    officer: Option<String>,
}

impl ShowPlan {
    pub async fn execute(self, config: &Config, store: &dyn Store) -> Result<u8, Failure> {
        let reference: CaseRef = self.reference.parse().map_err(usage)?;
        let now = dsrd::clock::from_env().now();
        if self.refresh {
            let by = self
                .officer
                .as_deref()
                .ok_or_else(|| usage(anyhow::anyhow!("say who you are: --as NAME")))?;
            let changes = parse_changes(&self.changes).map_err(|e| usage(anyhow::anyhow!(e)))?;
            let plugins = PluginService::new(&config.plugins, &std::env::current_exe()?);
            match officer::refresh_plan(store, config, &plugins, &reference, changes, by, now).await
            {
                Ok(_) => {}
                Err(ActionError::Refused(why)) => {
                    println!("x refused: {why}");
                    return Ok(EXIT_PROBLEM);
                }
                Err(e) => return Err(e.into()),
            }
        }
        let Some(view) = officer::plan_view(store, config, &reference).await? else {
            println!("case {reference} has no plan yet (it is made once identity is verified)");
            return Ok(EXIT_PROBLEM);
        };
        if self.json {
            // Through a `Value`, whose keys are sorted: the order this
            // command has always printed.
            let value = serde_json::to_value(&view)?;
            println!("{}", serde_json::to_string_pretty(&value)?);
            return Ok(EXIT_OK);
        }
        let p = &view.plan;
        println!(
            "Plan {}  made {}  ({} actions{})",
            p.fingerprint.short(),
            p.made_at.format("%Y-%m-%d %H:%M"),
            p.actions.len(),
            if p.is_incomplete() {
                ", INCOMPLETE: a system failed"
            } else {
                ""
            }
        );
        for f in &p.failures {
            println!(
                "  x {} ({:?}): {} — make the plan again with --refresh",
                f.plugin, f.request_type, f.error
            );
        }
        for action in &p.actions {
            let status = view
                .status(&action.id)
                .map(status_words)
                .unwrap_or_default();
            println!(
                "{:<4} {:<22} {:<14} {:<10} {}",
                action.id.to_string(),
                action.system.to_string(),
                format!("{:?}", action.request_type).to_lowercase(),
                kind_words(&action.kind),
                status
            );
            for (table, t) in &action.summary.tables {
                println!(
                    "       {table}: {} records{}",
                    t.count,
                    if t.fields.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", t.fields.join(", "))
                    }
                );
            }
            for r in &action.retained {
                println!(
                    "       kept: {} ({} records) — {}{}",
                    r.table,
                    r.keys.len(),
                    r.ground,
                    r.until.map(|u| format!(", until {u}")).unwrap_or_default()
                );
            }
            for r in dsrd::reply::withheld_by(action, config) {
                println!(
                    "       withheld from the package (art. 15(4)): {}.{} — {}",
                    r.table, r.column, r.reason
                );
            }
            if action.special_category {
                println!("       special-category data (care or health): needs a code or in-person identity check");
            }
            if let ActionKind::ManualTask { instructions } = &action.kind {
                println!("       task: {instructions}");
            }
        }
        for u in &p.untouched {
            println!("  -  {} ({:?}): {:?}", u.system, u.request_type, u.why);
        }
        if !view.actions.is_empty() {
            println!("Execution");
            for a in &view.actions {
                println!(
                    "  {:<4} {:<8} attempts {}{}",
                    a.action.to_string(),
                    a.state.as_str(),
                    a.attempts,
                    a.error
                        .as_deref()
                        .map(|e| format!(" — {e}"))
                        .unwrap_or_default()
                );
            }
        }
        println!(
            "Approve with: dsrd cases approve {reference} --plan {} --as NAME [--action A1]…",
            p.fingerprint.short()
        );
        Ok(EXIT_OK)
    }
}

fn kind_words(kind: &ActionKind) -> String {
    match kind {
        ActionKind::Export => "export".into(),
        ActionKind::Erase { mode } => format!("erase ({mode:?})").to_lowercase(),
        ActionKind::Restrict => "restrict".into(),
        ActionKind::Rectify { changes } => format!("rectify ({} changes)", changes.len()),
        ActionKind::ManualTask { .. } => "task".into(),
        ActionKind::PersonTask { what } => format!("{what:?}").to_lowercase(),
    }
}

fn status_words(status: &ActionStatus) -> String {
    match status {
        ActionStatus::Approved => "approved".into(),
        ActionStatus::Auto => "approved by policy".into(),
        ActionStatus::NeedsApproval { have, need } => format!("needs approval ({have} of {need})"),
        ActionStatus::Rejected { reason } => format!("rejected: {reason}"),
        ActionStatus::Draft { why } => format!("draft: {why}"),
    }
}

/// `PLUGIN:TABLE.FIELD=VALUE` per change.
fn parse_changes(raw: &[String]) -> Result<BTreeMap<String, Vec<Change>>, String> {
    let mut out: BTreeMap<String, Vec<Change>> = BTreeMap::new();
    for text in raw {
        let bad =
            || format!("{text:?}: write PLUGIN:TABLE.FIELD=VALUE, e.g. sql:pupils.city=Utrecht");
        let (plugin, rest) = text.split_once(':').ok_or_else(bad)?;
        let (target, value) = rest.split_once('=').ok_or_else(bad)?;
        let (table, field) = target.split_once('.').ok_or_else(bad)?;
        let value = serde_json::from_str(value)
            .unwrap_or_else(|_| serde_json::Value::String(value.to_owned()));
        out.entry(plugin.trim().to_owned())
            .or_default()
            .push(Change {
                table: table.trim().to_owned(),
                field: field.trim().to_owned(),
                value,
                key: None,
            });
    }
    Ok(out)
}

/// Approve actions of a case's plan (all that need you, without --action).
#[derive(Debug, Args)]
pub struct Approve {
    /// The case reference.
    reference: String,
    /// The plan you looked at: its fingerprint as `cases plan` shows it.
    #[arg(long = "plan", value_name = "FINGERPRINT")]
    plan: String,
    /// An action to approve (repeat for several).
    #[arg(long = "action", value_name = "ID")]
    actions: Vec<String>,
    #[command(flatten)]
    who: As,
}

impl Approve {
    pub async fn execute(self, config: &Config, store: &dyn Store) -> Result<u8, Failure> {
        let reference: CaseRef = self.reference.parse().map_err(usage)?;
        let actions = action_ids(&self.actions)?;
        let now = dsrd::clock::from_env().now();
        let done = officer::approve(
            store,
            config,
            &reference,
            &self.plan,
            &actions,
            &self.who.officer,
            now,
        )
        .await;
        report_decided(done)
    }
}

/// Reject one action of a case's plan, with the reason the requester reads.
#[derive(Debug, Args)]
pub struct Reject {
    /// The case reference.
    reference: String,
    /// The plan you looked at.
    #[arg(long = "plan", value_name = "FINGERPRINT")]
    plan: String,
    /// The action.
    #[arg(long = "action", value_name = "ID")]
    action: String,
    /// Why (the answer letter carries it).
    #[arg(long)]
    reason: String,
    #[command(flatten)]
    who: As,
}

impl Reject {
    pub async fn execute(self, config: &Config, store: &dyn Store) -> Result<u8, Failure> {
        let reference: CaseRef = self.reference.parse().map_err(usage)?;
        let action = action_ids(&[self.action])?.remove(0);
        let now = dsrd::clock::from_env().now();
        let done = officer::reject(
            store,
            config,
            &reference,
            &self.plan,
            action,
            &self.reason,
            &self.who.officer,
            now,
        )
        .await;
        report_decided(done)
    }
}

fn report_decided(done: Result<officer::Decided, ActionError>) -> Result<u8, Failure> {
    match done {
        Ok(d) => {
            for (id, s) in &d.statuses {
                println!("  {id:<4} {}", status_words(s));
            }
            if d.executing {
                println!(
                    "✓ every action is decided: execution has started (dsrd cases actions REF)"
                );
            } else {
                println!("✓ recorded");
            }
            Ok(EXIT_OK)
        }
        Err(ActionError::Refused(why)) => {
            println!("x refused: {why}");
            Ok(EXIT_PROBLEM)
        }
        Err(e) => Err(e.into()),
    }
}

fn action_ids(raw: &[String]) -> Result<Vec<ActionId>, Failure> {
    raw.iter()
        .map(|a| a.parse::<ActionId>().map_err(|e| usage(anyhow::anyhow!(e))))
        .collect()
}

/// The state of each action being carried out.
#[derive(Debug, Args)]
pub struct Actions {
    /// The case reference.
    reference: String,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

impl Actions {
    pub async fn execute(self, _config: &Config, store: &dyn Store) -> Result<u8, Failure> {
        let reference: CaseRef = self.reference.parse().map_err(usage)?;
        let (_, actions) = store.case_plan(&reference).await?;
        if self.json {
            println!("{}", serde_json::to_string_pretty(&actions)?);
            return Ok(EXIT_OK);
        }
        if actions.is_empty() {
            println!("nothing is being carried out for {reference}");
        }
        for a in &actions {
            println!(
                "{:<4} {:<22} {:<8} attempts {}{}{}",
                a.action.to_string(),
                a.spec.system.to_string(),
                a.state.as_str(),
                a.attempts,
                a.error
                    .as_deref()
                    .map(|e| format!(" — {e}"))
                    .unwrap_or_default(),
                a.note
                    .as_deref()
                    .map(|n| format!(" — {n}"))
                    .unwrap_or_default()
            );
        }
        Ok(EXIT_OK)
    }
}

/// Try a failed action again.
#[derive(Debug, Args)]
pub struct Retry {
    /// The case reference.
    reference: String,
    /// The action.
    #[arg(long = "action", value_name = "ID")]
    action: String,
    #[command(flatten)]
    who: As,
}

impl Retry {
    pub async fn execute(self, config: &Config, store: &dyn Store) -> Result<u8, Failure> {
        let reference: CaseRef = self.reference.parse().map_err(usage)?;
        let action = action_ids(&[self.action])?.remove(0);
        let now = dsrd::clock::from_env().now();
        simple(
            officer::retry(store, config, &reference, action, &self.who.officer, now).await,
            "sent back to be tried again",
        )
    }
}

/// Give up a pending or failed action, with the reason.
#[derive(Debug, Args)]
pub struct Waive {
    /// The case reference.
    reference: String,
    /// The action.
    #[arg(long = "action", value_name = "ID")]
    action: String,
    /// Why.
    #[arg(long)]
    reason: String,
    #[command(flatten)]
    who: As,
}

impl Waive {
    pub async fn execute(self, config: &Config, store: &dyn Store) -> Result<u8, Failure> {
        let reference: CaseRef = self.reference.parse().map_err(usage)?;
        let action = action_ids(&[self.action])?.remove(0);
        let now = dsrd::clock::from_env().now();
        simple(
            officer::waive(
                store,
                config,
                &reference,
                action,
                &self.reason,
                &self.who.officer,
                now,
            )
            .await,
            "waived",
        )
    }
}

pub(crate) fn simple(done: Result<(), ActionError>, said: &str) -> Result<u8, Failure> {
    match done {
        Ok(()) => {
            println!("✓ {said}");
            Ok(EXIT_OK)
        }
        Err(ActionError::Refused(why)) => {
            println!("x refused: {why}");
            Ok(EXIT_PROBLEM)
        }
        Err(e) => Err(e.into()),
    }
}
