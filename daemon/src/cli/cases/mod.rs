//! `dsrd cases …`: the officer's view of the cases and the changes an officer
//! makes to one (extend its deadline, recompute it, reclassify it).

mod answer;
mod classify;
mod extend;
mod figures;
mod identity;
mod list;
mod plan;
mod purge;
mod recompute;
mod show;
mod triage;

use super::{load_config, runtime, Failure};
use anyhow::Context;
use clap::Subcommand;
pub(crate) use plan::simple;
use std::path::Path;

/// Case commands.
#[derive(Debug, Subcommand)]
pub enum Cases {
    /// List cases, newest first.
    List(list::List),
    /// Show one case with its due date, the explanation and its events.
    Show(show::Show),
    /// Extend a case's deadline and tell the requester why.
    Extend(extend::Extend),
    /// Recompute deadlines under the current configuration (logged).
    Recompute(recompute::Recompute),
    /// Replace the automatic classification of a case.
    Classify(classify::Classify),
    /// Whose data a case is about and how identity stands; the officer's
    /// identity actions (choose, send a code, in person, refuse).
    Identity(identity::Identity),
    /// The plan of a case: what each system would do; --refresh makes it again.
    Plan(plan::ShowPlan),
    /// Approve actions of a case's plan.
    Approve(plan::Approve),
    /// Reject an action of a case's plan, with the reason.
    Reject(plan::Reject),
    /// The state of each action being carried out.
    Actions(plan::Actions),
    /// Try a failed action again.
    Retry(plan::Retry),
    /// Give up a pending or failed action, with the reason.
    Waive(plan::Waive),
    /// The drafted answer letter; --edit opens it in $EDITOR.
    Letter(answer::Letter),
    /// Send the answer: the package behind a one-time link, the code apart.
    Send(answer::Send),
    /// The recipients told of the case's changes (art. 19), and settling one.
    Recipients(answer::Recipients),
    /// Portability: send the data straight to another organisation (a task).
    Transfer(answer::Transfer),
    /// The package of an answer going out by post, to a file for printing.
    Package(answer::Package),
    /// The case file's retention by hand: reduce the cases closed longer
    /// ago than `[case_file] retention` to anonymous records.
    Purge(purge::Purge),
    /// The annual figures: cases per month by type, answered in time.
    Figures(figures::ShowFigures),
    /// Link a letter in triage to the case it follows up.
    Link(triage::Link),
    /// Close a letter in triage as no request.
    Close(triage::Close),
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
                Cases::List(c) => c.execute(&config, store.as_ref()).await,
                Cases::Show(c) => c.execute(&config, store.as_ref()).await,
                Cases::Extend(c) => c.execute(&config, store.as_ref()).await,
                Cases::Recompute(c) => c.execute(&config, store.as_ref()).await,
                Cases::Classify(c) => c.execute(&config, store.as_ref()).await,
                Cases::Identity(c) => c.execute(&config, store.as_ref()).await,
                Cases::Plan(c) => c.execute(&config, store.as_ref()).await,
                Cases::Approve(c) => c.execute(&config, store.as_ref()).await,
                Cases::Reject(c) => c.execute(&config, store.as_ref()).await,
                Cases::Actions(c) => c.execute(&config, store.as_ref()).await,
                Cases::Retry(c) => c.execute(&config, store.as_ref()).await,
                Cases::Waive(c) => c.execute(&config, store.as_ref()).await,
                Cases::Letter(c) => c.execute(&config, store.as_ref()).await,
                Cases::Send(c) => c.execute(&config, store.as_ref()).await,
                Cases::Recipients(c) => c.execute(&config, store.as_ref()).await,
                Cases::Transfer(c) => c.execute(&config, store.as_ref()).await,
                Cases::Package(c) => c.execute(&config, store.as_ref()).await,
                Cases::Purge(c) => c.execute(std::sync::Arc::new(config.clone()), store).await,
                Cases::Figures(c) => c.execute(&config, store.as_ref()).await,
                Cases::Link(c) => c.execute(&config, store.as_ref()).await,
                Cases::Close(c) => c.execute(&config, store.as_ref()).await,
            }
        })
    }
}

/// Reads a duration like `7d`, `2w` or `2m` (months).
pub(crate) fn parse_span(s: &str) -> Result<(u32, char), String> {
    use dsrd::officer::Span;
    Ok(match Span::parse(s)? {
        Span::Days(n) => (n, 'd'),
        Span::Weeks(n) => (n, 'w'),
        Span::Months(n) => (n, 'm'),
    })
}
