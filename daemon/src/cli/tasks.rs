//! `dsrd tasks list | done`: the tasks people carry out — in a system
//! without an API, or the officer's own decisions — across all cases.

use super::{load_config, runtime, usage, Failure, EXIT_OK};
use anyhow::Context;
use clap::Subcommand;
use dsrd::case::CaseRef;
use dsrd::officer::Task;
use dsrd::plan::{ActionId, ActionKind};
use dsrd::store::NoticeChannel;
use dsrd::store::Store;
use std::path::{Path, PathBuf};

/// Task commands.
#[derive(Debug, Subcommand)]
pub enum Tasks {
    /// The tasks waiting for a person, oldest first.
    List {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Report a task done: REF:ACTION as `tasks list` shows it,
    /// REF:RECIPIENT for telling a recipient of a change (art. 19) or a
    /// transfer, REF:post for an answer posted on paper — as each task
    /// letter names it.
    Done {
        /// The task, e.g. AVG-2026-0004:A3 or "AVG-2026-0004:DUO (BRON)".
        task: String,
        /// What was done.
        #[arg(long)]
        note: String,
        /// For access: the file exported from the system (kept with the
        /// case for the answer's package).
        #[arg(long)]
        file: Option<PathBuf>,
        /// Who reports it.
        #[arg(
            long = "as",
            value_name = "NAME",
            env = "USER",
            default_value = "officer"
        )]
        officer: String,
    },
}

impl Tasks {
    /// Runs the command.
    pub fn execute(self, config: &Path) -> Result<u8, Failure> {
        let config = load_config(config)?;
        runtime()?.block_on(async {
            let store = dsrd::store::open(&config.store)
                .await
                .context("cannot open the store")?;
            match self {
                Tasks::List { json } => list(store.as_ref(), json).await,
                Tasks::Done {
                    task,
                    note,
                    file,
                    officer,
                } => {
                    done(
                        store.as_ref(),
                        &config,
                        &task,
                        &note,
                        file.as_deref(),
                        &officer,
                    )
                    .await
                }
            }
        })
    }
}

async fn list(store: &dyn Store, json: bool) -> Result<u8, Failure> {
    let tasks = dsrd::officer::tasks(store, dsrd::clock::from_env().now()).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&tasks)?);
        return Ok(EXIT_OK);
    }
    if tasks.is_empty() {
        println!("no tasks waiting");
    }
    for t in &tasks {
        let what = match t {
            Task::Action(a) => {
                let what = match &a.spec.kind {
                    ActionKind::ManualTask { instructions } => instructions.clone(),
                    ActionKind::PersonTask { what } => format!("{what:?}"),
                    other => format!("{other:?}"),
                };
                format!("{}  {:?}  {what}", a.spec.system, a.spec.request_type)
            }
            Task::Notice(n) => {
                let about: Vec<String> = n
                    .about
                    .iter()
                    .map(|a| format!("{} {} in {}", a.action, a.kind, a.system))
                    .collect();
                let how = match n.channel {
                    NoticeChannel::Unconfigured => {
                        "no way to reach them configured: told (--note how) or exempt (dsrd cases recipients --exempt)"
                    }
                    _ => "to tell by a person",
                };
                format!("{how}: {}", about.join(", "))
            }
            Task::Post(_) => {
                "print the letter and the package (dsrd cases package REF --out FILE) and post them"
                    .to_owned()
            }
        };
        println!("{}  {what}", t.handle());
    }
    Ok(EXIT_OK)
}

async fn done(
    store: &dyn Store,
    config: &dsrd::config::Config,
    task: &str,
    note: &str,
    file: Option<&Path>,
    by: &str,
) -> Result<u8, Failure> {
    // A reference holds no colon; a recipient's name may.
    let (reference, action) = task.split_once(':').ok_or_else(|| {
        usage(anyhow::anyhow!(
            "{task:?}: write REF:ACTION, e.g. AVG-2026-0004:A3, or REF:RECIPIENT"
        ))
    })?;
    let reference: CaseRef = reference.parse().map_err(usage)?;
    if action == "post" {
        // The answer's paper copy (cases send --by-post).
        let now = dsrd::clock::from_env().now();
        return super::cases::simple(
            dsrd::officer::posted(store, config, &reference, note, by, now).await,
            &format!("{reference}: posted; the package is deleted and the case closed"),
        );
    }
    let Ok(action) = action.parse::<ActionId>() else {
        // Not an action: the art. 19 task of telling that recipient.
        if file.is_some() {
            return Err(usage(anyhow::anyhow!(
                "--file goes with an access task, not with telling a recipient"
            )));
        }
        let now = dsrd::clock::from_env().now();
        return super::cases::simple(
            dsrd::officer::settle_notice(store, config, &reference, action, None, note, by, now)
                .await,
            &format!("{action}: told"),
        );
    };
    let result = match file {
        None => None,
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            Some(dsrd::officer::exported_file(name, &bytes))
        }
    };
    let now = dsrd::clock::from_env().now();
    super::cases::simple(
        dsrd::officer::task_done(store, &reference, action, note, result, by, now).await,
        "task done",
    )
}
