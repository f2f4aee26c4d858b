//! `dsrd check`: is this installation ready? One line per check — ✓ fine,
//! ~ a warning, x a problem — for the configuration, the classification
//! rules, who may approve, the store, every plugin, every mailbox and the
//! way out.

use super::{usage, Failure, EXIT_OK, EXIT_PROBLEM};
use clap::Args;
use dsrd::config::{Config, MailboxSource, StoreConfig};
use dsrd::dispatch::PluginService;
use dsrd::outbox::Transport;
use std::path::Path;

/// Check the configuration and everything it points at.
#[derive(Debug, Args)]
pub struct Check {
    /// Skip the checks that reach other servers (IMAP, SMTP, PostgreSQL).
    #[arg(long)]
    no_environment: bool,
    /// Treat warnings as problems (exit status 1).
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Default)]
struct Report {
    problems: usize,
    warnings: usize,
}

impl Report {
    fn line(&mut self, outcome: Result<String, String>, what: &str) {
        match outcome {
            Ok(detail) => println!("✓ {what}: {detail}"),
            Err(e) => {
                self.problems += 1;
                println!("x {what}: {e}");
            }
        }
    }
    fn warn(&mut self, what: &str, detail: &str) {
        self.warnings += 1;
        println!("~ {what}: {detail}");
    }
}

impl Check {
    /// Runs every check.
    pub fn execute(self, file: &Path) -> Result<u8, Failure> {
        let loaded = dsrd::config::load(file).map_err(usage)?;
        let config = loaded.config;
        let mut r = Report::default();
        r.line(Ok(file.display().to_string()), "configuration");
        for w in &loaded.warnings {
            r.warn("configuration", &w.to_string());
        }
        r.line(
            config
                .classify
                .load_rules()
                .map(|_| "compiled".to_owned())
                .map_err(|e| e.to_string()),
            "classification rules",
        );
        r.line(
            Ok(config.policy.representation_rule().to_owned()),
            "representation",
        );
        if let Some(caveat) = config.policy.representation_caveat() {
            r.warn("representation", caveat);
        }
        r.line(Ok(config.remedy_rule().to_owned()), "remedy in refusals");
        r.line(Ok(identity_rule(&config)), "identity");
        r.line(Ok(config.approval_summary()), "approval");
        if !config.officers.iter().any(|o| o.role.may_approve()) {
            r.warn(
                "approval",
                "no [[officers]] entry with role = \"officer\": nobody can approve a plan",
            );
        }
        if !config.systems.is_empty() {
            let systems: Vec<String> = config
                .systems
                .iter()
                .map(|s| {
                    let types: Vec<&str> = s.instructions.keys().map(|t| t.as_str()).collect();
                    format!("{} ({})", s.name, types.join(", "))
                })
                .collect();
            r.line(Ok(systems.join("; ")), "manual systems");
        }
        // Only a configuration that reaches a school system hands over
        // data, and so needs the pages and the key.
        let hands_over = !config.plugins.is_empty() || !config.systems.is_empty();
        match &config.http {
            Some(http) => r.line(
                Ok(format!(
                    "{} (listening on {}), links valid {} days",
                    http.public_url,
                    http.listen,
                    http.link_valid.num_days()
                )),
                "download pages",
            ),
            None if !hands_over => {}
            None => r.warn(
                "download pages",
                "no [http] section: an answer with a data package cannot be sent",
            ),
        }
        // The key is looked for as the daemon will; it is never printed.
        match dsrd::reply::PackageKey::new(&config.packages).get() {
            Err(_) if !hands_over => {}
            Ok(_) => r.line(
                Ok(format!(
                    "readable; packages sealed in {}",
                    config.packages.dir.display()
                )),
                "package key",
            ),
            Err(e) => r.warn(
                "package key",
                &format!("{e}: answers that hand over data wait until it can be read"),
            ),
        }
        // Without the ledger's key an erasure is not carried out: it would
        // come back, unrecorded, with the next restore of a backup.
        if !config.plugins.is_empty() {
            let key = dsrd::reply::PackageKey::from_source(
                &config.ledger.key_env,
                config.ledger.key_file.as_deref(),
            );
            match key.get() {
                Ok(key) => r.line(
                    Ok(format!(
                        "key {} readable; dsrd erasures replay applies erasures again after a restore",
                        dsrd::ledger::LedgerKey::from_master(&key).id()
                    )),
                    "erasure ledger",
                ),
                Err(e) => r.warn(
                    "erasure ledger",
                    &format!("no key ({e}): erasures wait, and then go to the officer, until it is in place"),
                ),
            }
        }
        let runtime = super::runtime()?;
        match std::env::current_exe() {
            Ok(program) => {
                let plugins = PluginService::new(&config.plugins, &program);
                for client in plugins.clients() {
                    let info = client.info();
                    let outcome = match runtime.block_on(client.manifest()) {
                        Ok(m) => Ok(format!(
                            "{} {} ({}, {})",
                            m.name, m.version, m.system, info.isolation
                        )),
                        Err(e) => Err(e.to_string()),
                    };
                    r.line(outcome, &format!("plugin {}", info.name));
                }
            }
            Err(e) => r.line(Err(e.to_string()), "plugins"),
        }
        if !config.retention.is_empty() {
            let rules: Vec<String> = config
                .retention
                .iter()
                .map(|r| format!("{} ({} \"{}\" {})", r.name, r.plugin, r.cron, r.time_zone))
                .collect();
            r.line(Ok(rules.join("; ")), "retention rules");
        }
        if config.digest.enabled && config.digest.recipients.addresses().is_empty() {
            r.warn(
                "daily digest",
                "nobody receives it: set digest.to, add an [[officers]] entry with role = \"officer\", or set reminders.officer_address (or digest.enabled = false)",
            );
        } else {
            r.line(Ok(digest_rule(&config)), "daily digest");
        }
        r.line(
            Ok(format!(
                "a closed or rejected case keeps its personal data {} after closing, then the daemon reduces it to an anonymous record and removes its mail from the outbox folder, the mailbox and the Sent folder (`dsrd cases purge --dry-run` lists what is due)",
                config.case_file.retention
            )),
            "case file retention",
        );
        if config.reminders.officer_address.is_none() {
            r.warn(
                "reminders",
                "no reminders.officer_address: nobody is reminded of deadlines",
            );
        }
        runtime.block_on(self.environment(&config, &mut r));
        let failed = r.problems > 0 || (self.deny_warnings && r.warnings > 0);
        println!("{} problems, {} warnings", r.problems, r.warnings);
        Ok(if failed { EXIT_PROBLEM } else { EXIT_OK })
    }

    async fn environment(&self, config: &Config, r: &mut Report) {
        let network_store = matches!(config.store, StoreConfig::Postgres { .. });
        if network_store && self.no_environment {
            r.warn("store", "skipped (--no-environment)");
        } else {
            match dsrd::store::open(&config.store).await {
                Ok(store) => {
                    r.line(Ok("opened, schema up to date".to_owned()), "store");
                    if config.http.is_some() {
                        accounts(config, store.as_ref(), r).await;
                    }
                }
                Err(e) => r.line(Err(e.to_string()), "store"),
            }
        }
        for m in &config.mailboxes {
            let what = format!("mailbox {}", m.name);
            match &m.source {
                MailboxSource::Maildir { path, .. } => {
                    let outcome =
                        dsrd::intake::MaildirSource::open(path).map(|_| path.display().to_string());
                    r.line(outcome.map_err(|e| e.to_string()), &what);
                }
                MailboxSource::Imap(_) if self.no_environment => {
                    r.warn(&what, "skipped (--no-environment)")
                }
                MailboxSource::Imap(imap) => {
                    let outcome = async {
                        let mut session = dsrd::intake::imap::open_session(imap).await?;
                        session.require_folder(&imap.folder).await?;
                        for folder in [&imap.done_folder, &imap.sent_folder].into_iter().flatten() {
                            session.require_folder(folder).await?;
                        }
                        session.logout().await;
                        Ok::<_, dsrd::intake::imap::ImapError>(format!(
                            "{} logged in, folders present",
                            imap.host
                        ))
                    };
                    r.line(outcome.await.map_err(|e| e.to_string()), &what);
                }
            }
        }
        let smtp = matches!(config.outgoing, dsrd::config::OutgoingConfig::Smtp(_));
        if smtp && self.no_environment {
            r.warn("outgoing mail", "skipped (--no-environment)");
            return;
        }
        let outcome = match Transport::from_config(&config.outgoing) {
            Ok(t) => t.check().await.map(|_| {
                if smtp {
                    "SMTP server answers".to_owned()
                } else {
                    "outbox folder writable".to_owned()
                }
            }),
            Err(e) => Err(e),
        };
        r.line(
            outcome.map_err(|e| dsrd::redact::redact(&e.to_string())),
            "outgoing mail",
        );
    }
}

/// When the daily digest goes out and to whom, in a line.
fn digest_rule(config: &Config) -> String {
    let d = &config.digest;
    let to = d.recipients.addresses();
    if !d.enabled {
        return "off (no [digest] section, or digest.enabled = false); dsrd digest --dry-run shows it".into();
    }
    let names: Vec<&str> = to.iter().map(|a| a.as_str()).collect();
    format!(
        "at {} {} to {} ({}), on days something needs attention",
        d.time.format("%H:%M"),
        config.organisation.time_zone,
        names.join(", "),
        d.recipients.source()
    )
}

/// How identity is verified with this configuration, in a line.
fn identity_rule(config: &dsrd::config::Config) -> String {
    let days = config.identity.code_validity.num_days();
    let code = format!(
        "a one-time code to an address on file, valid {days} days, {} answers",
        config.identity.code_attempts
    );
    if config.plugins.is_empty() {
        return "no plugins: nobody can be looked up, requests stay received for the officer"
            .into();
    }
    let ids: Vec<&str> = config
        .mailboxes
        .iter()
        .filter_map(|m| m.authserv_id.as_deref())
        .collect();
    if ids.is_empty() {
        format!("no mailbox.authserv_id: no sender counts as authenticated, so every requester gets {code}")
    } else {
        format!(
            "matched on file when {} authenticated the sender (DKIM/DMARC); otherwise {code}",
            ids.join(", ")
        )
    }
}

/// Who can use the officer API that `[http]` serves: the accounts by role,
/// and the approving officers who have none (they approve through the CLI
/// only) or the acting accounts that are no approving officer.
async fn accounts(config: &Config, store: &dyn dsrd::store::Store, r: &mut Report) {
    use dsrd::accounts::{name_key, Role};
    let accounts = match store.list_accounts().await {
        Ok(a) => a,
        Err(e) => return r.line(Err(e.to_string()), "officer API"),
    };
    let active: Vec<_> = accounts.iter().filter(|a| !a.disabled).collect();
    // No accounts is a choice (the CLI does everything), not a fault.
    if active.is_empty() {
        return r.line(
            Ok("no accounts yet: nobody can sign in (dsrd users add NAME --role admin)".to_owned()),
            "officer API",
        );
    }
    let count = |role: Role| active.iter().filter(|a| a.role == role).count();
    r.line(
        Ok(format!(
            "{} active account(s): {} admin, {} officer, {} viewer",
            active.len(),
            count(Role::Admin),
            count(Role::Officer),
            count(Role::Viewer)
        )),
        "officer API",
    );
    let has_account = |name: &str| active.iter().any(|a| name_key(&a.name) == name_key(name));
    let without: Vec<&str> = config
        .officers
        .iter()
        .filter(|o| o.role.may_approve() && !has_account(&o.name))
        .map(|o| o.name.as_str())
        .collect();
    if !without.is_empty() {
        r.line(
            Ok(format!(
                "approving officers without an account (they approve through the CLI only): {}",
                without.join(", ")
            )),
            "officer API",
        );
    }
}
