//! `dsrd users add|list|disable|reset-password|totp|token`: the accounts of
//! the people who use dsrd (issue 14). Every change is written to the audit
//! log by `system`; what the commands print once (a TOTP secret, a token)
//! is stored only as a hash or, for the TOTP secret, in the store alone.
//!
//! Passwords are never taken as an argument (it would stay in the shell's
//! history and in `ps`): on a terminal they are asked twice without echo,
//! otherwise read as one line from standard input.

use super::{load_config, runtime, usage, Failure, EXIT_OK};
use anyhow::Context;
use clap::Subcommand;
use dsrd::accounts::{Account, AccountError, Accounts, AccountsPolicy, Role};
use dsrd::config::{Config, OfficerRole};
use std::io::IsTerminal;
use std::path::Path;

/// Account commands.
#[derive(Debug, Subcommand)]
pub enum Users {
    /// Add an account. The password (at least 12 characters) is asked
    /// twice on a terminal, or read as one line from standard input.
    Add {
        /// The name: the one an officer acts under; an officer or admin
        /// needs an [[officers]] entry of that name to approve plans.
        name: String,
        /// viewer (reads), officer (acts on cases) or admin (manages
        /// accounts too).
        #[arg(long)]
        role: Role,
    },
    /// The accounts: role, second factor, disabled or locked, last login.
    List {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Disable an account: it cannot log in, its sessions end and its
    /// tokens are revoked.
    Disable {
        /// The account's name.
        name: String,
    },
    /// Give an account a new password (asked as for `add`); its sessions
    /// end and a lock-out is lifted.
    ResetPassword {
        /// The account's name.
        name: String,
    },
    /// Set up (or replace) the account's TOTP second factor; prints the
    /// secret and its otpauth:// URL once.
    Totp {
        /// The account's name.
        name: String,
    },
    /// Issue an API token for scripts; prints it once, to standard output
    /// alone.
    Token {
        /// The account's name.
        name: String,
        /// How long it stays valid: days (90d), weeks (12w) or months (3m).
        #[arg(long, value_name = "SPAN")]
        expires: String,
        /// What the token is for, for the audit log.
        #[arg(long)]
        label: Option<String>,
    },
}

impl Users {
    /// Runs the command.
    pub fn execute(self, config: &Path) -> Result<u8, Failure> {
        let config = load_config(config)?;
        runtime()?.block_on(async {
            let store = dsrd::store::open(&config.store)
                .await
                .context("cannot open the store")?;
            let accounts = Accounts::new(store, AccountsPolicy::from_config(&config.accounts));
            // What can be refused without the password is refused before
            // anyone types it.
            let password = match &self {
                Users::Add { name, .. } => {
                    dsrd::accounts::check_name(name).map_err(|e| usage(anyhow::anyhow!(e)))?;
                    if let Some(existing) = accounts.get(name).await.map_err(refused)? {
                        return Err(refused(AccountError::Exists(existing.name)));
                    }
                    read_password()?
                }
                Users::ResetPassword { name } => {
                    if accounts.get(name).await.map_err(refused)?.is_none() {
                        return Err(refused(AccountError::Unknown(name.clone())));
                    }
                    read_password()?
                }
                _ => String::new(),
            };
            let now = dsrd::clock::from_env().now();
            match self {
                Users::Add { name, role } => {
                    let account = accounts.add(&name, role, &password, now).await.map_err(refused)?;
                    println!("✓ account {:?} added, role {}", account.name, account.role);
                    if let Some(warning) = officer_warning(&config, &account) {
                        eprintln!("warning: {warning}");
                    }
                    Ok(EXIT_OK)
                }
                Users::List { json } => list(&accounts.list().await.map_err(refused)?, json, now),
                Users::Disable { name } => {
                    let account = accounts.disable(&name, now).await.map_err(refused)?;
                    println!(
                        "✓ account {:?} disabled: its sessions ended and its tokens are revoked",
                        account.name
                    );
                    Ok(EXIT_OK)
                }
                Users::ResetPassword { name } => {
                    let account = accounts
                        .reset_password(&name, &password, now)
                        .await
                        .map_err(refused)?;
                    println!("✓ new password set for {:?}; its sessions ended", account.name);
                    Ok(EXIT_OK)
                }
                Users::Totp { name } => {
                    let setup = accounts.enable_totp(&name, now).await.map_err(refused)?;
                    println!("Second factor set up for {name:?}. Enter the secret in the authenticator app, or make a QR code of the URL; neither is shown again.");
                    println!("  secret: {}", setup.secret);
                    println!("  url:    {}", setup.url);
                    println!("From now on a login needs the app's code besides the password; its sessions ended.");
                    Ok(EXIT_OK)
                }
                Users::Token {
                    name,
                    expires,
                    label,
                } => {
                    let valid_for = span(&expires, now)?;
                    let token = accounts
                        .issue_token(&name, label.as_deref(), valid_for, now)
                        .await
                        .map_err(refused)?;
                    // The token alone on standard output, for a script to
                    // capture; the rest for the person.
                    println!("{}", token.token);
                    eprintln!(
                        "✓ API token for {name:?}, valid until {}; it is not shown again (send it as: Authorization: Bearer TOKEN)",
                        token.expires_at.format("%Y-%m-%d %H:%M UTC")
                    );
                    Ok(EXIT_OK)
                }
            }
        })
    }
}

/// An account error as the command's failure: what the operator can fix is
/// a usage error (exit status 2).
fn refused(e: AccountError) -> Failure {
    match e {
        AccountError::Store(_) | AccountError::Hashing(_) => Failure::from(e),
        other => usage(other),
    }
}

/// Reads the password: twice without echo on a terminal, otherwise one line
/// of standard input (without its line ending).
fn read_password() -> Result<String, Failure> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password (at least 12 characters): ")
            .context("cannot read the password")?;
        let again = rpassword::prompt_password("The same password again: ")
            .context("cannot read the password")?;
        if first != again {
            return Err(usage(anyhow::anyhow!(
                "the two passwords differ; nothing was changed"
            )));
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::stdin().lock(), &mut line)
        .context("cannot read the password from standard input")?;
    let password = line
        .strip_suffix('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .unwrap_or(&line)
        .to_owned();
    if password.is_empty() {
        return Err(usage(anyhow::anyhow!(
            "no password on standard input: give it as one line, e.g. from a password manager's command"
        )));
    }
    Ok(password)
}

/// `--expires`: days, weeks or calendar months from `now`.
fn span(text: &str, now: chrono::DateTime<chrono::Utc>) -> Result<chrono::Duration, Failure> {
    let (n, unit) = super::cases::parse_span(text).map_err(|e| usage(anyhow::anyhow!(e)))?;
    let end = match unit {
        'd' => now.checked_add_signed(chrono::Duration::days(i64::from(n))),
        'w' => now.checked_add_signed(chrono::Duration::weeks(i64::from(n))),
        _ => now.checked_add_months(chrono::Months::new(n)),
    };
    end.map(|end| end - now)
        .ok_or_else(|| usage(anyhow::anyhow!("--expires {text} lies too far ahead")))
}

/// Why an account that may act will not be able to approve: the approval
/// rules count the names of the configured `[[officers]]`.
fn officer_warning(config: &Config, account: &Account) -> Option<String> {
    if !account.role.may_act() {
        return None;
    }
    match config.officer(&account.name) {
        Err(_) => Some(format!(
            "{:?} has no [[officers]] entry in {}: the approval rules count the configured officers, so this account cannot approve or reject a plan until one is added (name = {:?}, address, role = \"officer\")",
            account.name,
            config.file.display(),
            account.name
        )),
        Ok(officer) if officer.role == OfficerRole::Viewer => Some(format!(
            "the [[officers]] entry {:?} has role = \"viewer\": this account's approvals will be refused until it says role = \"officer\"",
            officer.name
        )),
        Ok(_) => None,
    }
}

fn list(
    accounts: &[Account],
    json: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<u8, Failure> {
    if json {
        println!("{}", serde_json::to_string_pretty(accounts)?);
        return Ok(EXIT_OK);
    }
    if accounts.is_empty() {
        println!("no accounts; add one with: dsrd users add NAME --role admin");
        return Ok(EXIT_OK);
    }
    let width = accounts
        .iter()
        .map(|a| a.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    println!(
        "{:<width$}  {:<7}  {:<4}  {:<33}  LAST LOGIN (UTC)",
        "NAME", "ROLE", "TOTP", "STATUS"
    );
    for a in accounts {
        let status = if a.disabled {
            "disabled".to_owned()
        } else if let Some(until) = a.locked_until.filter(|_| a.locked_at(now)) {
            format!("locked until {}", until.format("%Y-%m-%d %H:%M UTC"))
        } else {
            "active".to_owned()
        };
        let last = a
            .last_login_at
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_else(|| "-".into());
        println!(
            "{:<width$}  {:<7}  {:<4}  {:<33}  {last}",
            a.name,
            a.role.as_str(),
            if a.totp { "yes" } else { "no" },
            status
        );
    }
    Ok(EXIT_OK)
}
