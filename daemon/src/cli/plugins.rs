//! `dsrd plugins list | locate | check`, and the hidden `dsrd plugin-host`.

use super::{load_config, runtime, usage, Failure, EXIT_OK, EXIT_PROBLEM};
use clap::{Args, Subcommand};
use dsrd::dispatch::{run_kit, PluginService, StepStatus};
use dsrd_plugin_api::protocol::{Output, Request};
use dsrd_plugin_api::{Capability, LocateResult, Subject};
use std::path::{Path, PathBuf};

/// Plugin commands.
#[derive(Debug, Subcommand)]
pub enum PluginsCmd {
    /// The configured plugins and what they describe themselves as.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Ask every plugin what it holds about a person.
    Locate(Locate),
    /// Run the conformance kit against one plugin (it changes and erases the
    /// plugin's test subject: run it on the plugin's fixture only).
    Check {
        /// The plugin's configured name.
        name: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Who to look for.
#[derive(Debug, Args)]
pub struct Locate {
    /// E-mail address.
    #[arg(long)]
    email: Option<String>,
    /// Student number (leerlingnummer).
    #[arg(long)]
    student_number: Option<String>,
    /// Staff number (personeelsnummer).
    #[arg(long)]
    staff_number: Option<String>,
    /// Full name.
    #[arg(long)]
    name: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

impl PluginsCmd {
    /// Runs the command.
    pub fn execute(self, config: &Path) -> Result<u8, Failure> {
        let config = load_config(config)?;
        let program = std::env::current_exe()?;
        runtime()?.block_on(async move {
            let plugins = PluginService::new(&config.plugins, &program);
            plugins.start_all().await.map_err(usage)?;
            self.run(&plugins).await
        })
    }

    async fn run(self, plugins: &PluginService) -> Result<u8, Failure> {
        match self {
            PluginsCmd::List { json } => {
                let started = plugins.plugins();
                if json {
                    let list: Vec<_> = started
                        .iter()
                        .map(|p| serde_json::json!({ "name": p.name, "isolation": p.isolation, "manifest": p.manifest }))
                        .collect();
                    println!("{}", serde_json::to_string_pretty(&list)?);
                } else {
                    println!(
                        "{:<12} {:<10} {:<10} {:<32} {:<72} CAPABILITIES",
                        "NAME", "RUNS", "VERSION", "SYSTEM", "OPERATIONS"
                    );
                    for p in &started {
                        let Some(manifest) = &p.manifest else {
                            continue;
                        };
                        let ops: Vec<String> =
                            manifest.operations.iter().map(|o| o.to_string()).collect();
                        let capabilities: Vec<&str> = manifest
                            .capabilities
                            .iter()
                            .map(|c| match c {
                                Capability::Persons => "persons",
                                Capability::Scope => "scope",
                                _ => "unknown",
                            })
                            .collect();
                        println!(
                            "{:<12} {:<10} {:<10} {:<32} {:<72} {}",
                            p.name,
                            p.isolation,
                            manifest.version,
                            manifest.system,
                            ops.join(","),
                            capabilities.join(",")
                        );
                    }
                }
                Ok(EXIT_OK)
            }
            PluginsCmd::Locate(l) => l.execute(plugins).await,
            PluginsCmd::Check { name, json } => {
                let Some(plugin) = plugins.client(&name) else {
                    return Err(usage(anyhow::anyhow!(
                        "no plugin called {name:?} in the configuration"
                    )));
                };
                let manifest = plugin.manifest().await.map_err(usage)?;
                // The kit is a long sequence of calls: it runs on a blocking
                // thread, through the same client as every other call.
                let steps =
                    tokio::task::spawn_blocking(move || run_kit(&manifest, &mut plugin.blocking()))
                        .await?;
                let failed = steps.iter().any(|s| s.status == StepStatus::Failed);
                if json {
                    println!(
                        "{}",
                        serde_json::to_string_pretty(
                            &serde_json::json!({ "plugin": name, "passed": !failed, "steps": steps })
                        )?
                    );
                } else {
                    for s in &steps {
                        let mark = match s.status {
                            StepStatus::Passed => "✓",
                            StepStatus::Failed => "x",
                            StepStatus::Skipped => "~",
                        };
                        println!("{mark} {:<16} {}", s.step, s.detail);
                    }
                    println!("{}", if failed { "FAILED" } else { "passed" });
                }
                Ok(if failed { EXIT_PROBLEM } else { EXIT_OK })
            }
        }
    }
}

impl Locate {
    async fn execute(self, plugins: &PluginService) -> Result<u8, Failure> {
        let mut subject = Subject::default();
        if let Some(e) = self.email {
            subject = subject.with_email(e);
        }
        if let Some(n) = self.student_number {
            subject = subject.with_student_number(n);
        }
        if let Some(n) = self.staff_number {
            subject = subject.with_staff_number(n);
        }
        if let Some(n) = self.name {
            subject = subject.with_name(n);
        }
        if subject.is_empty() {
            return Err(usage(anyhow::anyhow!(
                "give at least one of --email, --student-number, --staff-number, --name"
            )));
        }
        let results = plugins.call_each(&Request::Locate { subject }).await;
        if self.json {
            let list: Vec<_> = results
                .iter()
                .map(|(name, r)| match r {
                    Ok(Output::Locate(found)) => serde_json::json!({ "plugin": name, "found": found }),
                    Ok(other) => serde_json::json!({ "plugin": name, "error": format!("unexpected {:?}", other.operation()) }),
                    Err(e) => serde_json::json!({ "plugin": name, "error": e.to_string() }),
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&list)?);
            return Ok(EXIT_OK);
        }
        for (name, r) in results {
            match r {
                Ok(Output::Locate(found)) if found.is_empty() => println!("{name}: nothing found"),
                Ok(Output::Locate(found)) => {
                    let flag = if found.ambiguous {
                        " (AMBIGUOUS: more than one person matches)"
                    } else {
                        ""
                    };
                    println!("{name}: {} records{flag}", found.records.len());
                    for r in &found.records {
                        println!(
                            "  {:<20} {:<12} {:?} via {}",
                            r.table,
                            r.key,
                            r.strength,
                            r.matched_on
                                .iter()
                                .map(|i| format!("{i:?}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        );
                    }
                    print_persons(&found);
                }
                Ok(other) => println!("{name}: unexpected {:?} answer", other.operation()),
                Err(e) => println!("{name}: error: {e}"),
            }
        }
        Ok(EXIT_OK)
    }
}

/// The persons behind the records, for the officer: who each is, what the
/// system holds to check them against, and whom they are linked to.
fn print_persons(found: &LocateResult) {
    if found.persons.is_empty() {
        return;
    }
    println!("  persons:");
    for person in &found.persons {
        let how = match person.strength {
            Some(strength) => format!(
                "matched {strength:?} via {}",
                person
                    .matched_on
                    .iter()
                    .map(|i| format!("{i:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => "linked".to_owned(),
        };
        let names = if person.names.is_empty() {
            "(no name on file)".to_owned()
        } else {
            person.names.join(" / ")
        };
        println!(
            "  {:<9} {:<20} {names}  [{how}]",
            person.kind.as_str(),
            person.key
        );
        let born = person.date_of_birth.map(|d| d.to_string());
        let details = [
            ("born", born.into_iter().collect::<Vec<_>>()),
            ("e-mail", person.emails.clone()),
            ("phone", person.phones.clone()),
            ("address", person.postal_addresses.clone()),
        ];
        for (label, values) in details {
            if !values.is_empty() {
                println!("  {:<30} {label}: {}", "", values.join("; "));
            }
        }
        if !person.records.is_empty() {
            println!("  {:<30} records: {}", "", person.records.len());
        }
        for link in &person.links {
            let authority = match link.parental_authority {
                Some(true) => "with parental authority",
                Some(false) => "without parental authority",
                None => "authority not recorded",
            };
            println!(
                "  {:<30} {} of {} ({authority})",
                "",
                link.relation.as_str(),
                link.person
            );
        }
    }
}

/// The plugin host (started by dsrd itself for each isolated plugin).
#[derive(Debug, Args)]
pub struct PluginHost {
    /// The plugin library to load.
    #[arg(long)]
    library: PathBuf,
}

impl PluginHost {
    /// Serves the daemon's calls until stdin closes.
    pub fn execute(self) -> Result<u8, Failure> {
        dsrd::dispatch::serve(&self.library)?;
        Ok(EXIT_OK)
    }
}
