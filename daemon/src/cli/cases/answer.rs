//! `dsrd cases letter REF [--edit] [--json]`, `dsrd cases send REF --as NAME`
//! and `dsrd cases recipients REF [--told NAME | --exempt NAME --reason R]
//! --note "…"`: the answer letter and the art. 19 notices.

use super::plan::As;
use crate::cli::{usage, Failure, EXIT_OK, EXIT_PROBLEM};
use anyhow::Context;
use clap::Args;
use dsrd::case::{Actor, CaseRef};
use dsrd::config::Config;
use dsrd::officer::{self, ActionError};
use dsrd::store::{ExemptReason, NoticeState, Store, DOWNLOAD_LINK};

/// Show the drafted answer letter; --edit opens it in $EDITOR.
#[derive(Debug, Args)]
pub struct Letter {
    /// The case reference.
    reference: String,
    /// Edit the letter in $EDITOR (or $VISUAL) before it is sent.
    #[arg(long)]
    edit: bool,
    /// With --edit: the letter goes out on paper (cases send --by-post), so
    /// it may drop the download link's place.
    #[arg(long, requires = "edit")]
    for_post: bool,
    /// Print JSON (the letter, the package and the notices).
    #[arg(long, conflicts_with = "edit")]
    json: bool,
    /// Who acts: a name from the configuration's [[officers]].
    #[arg(long = "as", value_name = "NAME", env = "DSRD_OFFICER")]
    who: Option<String>,
}

impl Letter {
    pub async fn execute(self, config: &Config, store: &dyn Store) -> Result<u8, Failure> {
        let reference: CaseRef = self.reference.parse().map_err(usage)?;
        let reply = officer::reply(store, &reference).await?;
        if self.json {
            println!("{}", serde_json::to_string_pretty(&reply).context("JSON")?);
            return Ok(EXIT_OK);
        }
        let Some(answer) = &reply.answer else {
            println!("{reference} has no drafted letter yet: it is drafted once every action is carried out and every recipient told (see `dsrd cases actions` and `dsrd cases recipients`)");
            return Ok(EXIT_PROBLEM);
        };
        if !self.edit {
            println!("Subject: {}\n\n{}", answer.subject, answer.body);
            if answer.body.contains(DOWNLOAD_LINK) {
                println!("--\n{DOWNLOAD_LINK} becomes the one-time download link when the letter is sent.");
            }
            match answer.sent_at {
                Some(at) => println!("sent {}", at.format("%Y-%m-%d %H:%M UTC")),
                None => println!("not sent yet: dsrd cases send {reference} --as NAME"),
            }
            return Ok(EXIT_OK);
        }
        let Some(who) = self.who else {
            return Err(usage(anyhow::anyhow!("--edit needs --as NAME")));
        };
        let editor = std::env::var("VISUAL")
            .or_else(|_| std::env::var("EDITOR"))
            .unwrap_or_else(|_| "vi".into());
        let file = tempfile::Builder::new()
            .prefix(&format!("{reference}-"))
            .suffix(".txt")
            .tempfile()
            .context("cannot make a file to edit the letter in")?;
        std::fs::write(
            file.path(),
            format!("Subject: {}\n\n{}", answer.subject, answer.body),
        )
        .context("cannot write the letter to edit")?;
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("{editor} \"$1\""))
            .arg("dsrd-editor")
            .arg(file.path())
            .status()
            .with_context(|| format!("cannot start the editor {editor:?}"))?;
        if !status.success() {
            println!("x the editor ended with {status}; the letter is unchanged");
            return Ok(EXIT_PROBLEM);
        }
        let text = std::fs::read_to_string(file.path()).context("cannot read the edited letter")?;
        let Some((subject, body)) = text
            .strip_prefix("Subject: ")
            .and_then(|t| t.split_once("\n\n"))
        else {
            println!("x the letter must start with \"Subject: …\", an empty line, then the body; unchanged");
            return Ok(EXIT_PROBLEM);
        };
        if subject == answer.subject && body == answer.body {
            println!("✓ unchanged");
            return Ok(EXIT_OK);
        }
        let now = dsrd::clock::from_env().now();
        super::simple(
            officer::edit_letter(
                store,
                config,
                &reference,
                subject,
                body,
                self.for_post,
                &who,
                now,
            )
            .await,
            "letter saved",
        )
    }
}

/// Send the drafted letter: the data package behind a one-time link, the
/// code in a second e-mail to the verified address; or on paper.
#[derive(Debug, Args)]
pub struct Send {
    /// The case reference.
    reference: String,
    /// The requester asked for paper: the officer gets the task of printing
    /// the letter and the package and posting them (`cases package`).
    #[arg(long)]
    by_post: bool,
    #[command(flatten)]
    who: As,
}

impl Send {
    pub async fn execute(self, config: &Config, store: &dyn Store) -> Result<u8, Failure> {
        let reference: CaseRef = self.reference.parse().map_err(usage)?;
        let now = dsrd::clock::from_env().now();
        if self.by_post {
            return super::simple(
                officer::send_by_post(store, config, &reference, self.who.name(), now).await,
                &format!("{reference} goes out by post: the task is mailed to the officer (dsrd cases package {reference} --out FILE gives the package to print; dsrd tasks done {reference}:post when posted)"),
            );
        }
        let by = Actor::Officer(self.who.name().to_owned());
        match officer::send(store, config, &reference, &by, now).await {
            Ok(sent) => {
                println!("✓ {reference} answered: the letter is in the outbox");
                if sent.link {
                    let days = config.http.as_ref().map_or(14, |h| h.link_valid.num_days());
                    println!("  with a one-time download link, valid {days} days; the code went in a second e-mail to the verified address");
                } else {
                    println!("  nothing to download: the case is closed");
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
}

/// The recipients told of a case's changes (art. 19); --told or --exempt
/// settles one that dsrd could not tell by itself.
#[derive(Debug, Args)]
pub struct Recipients {
    /// The case reference.
    reference: String,
    /// A recipient a person told (through its portal, by phone, by post).
    #[arg(long, value_name = "NAME", conflicts_with = "exempt")]
    told: Option<String>,
    /// A recipient not told, because it is impossible or disproportionate.
    #[arg(long, value_name = "NAME", requires = "reason")]
    exempt: Option<String>,
    /// With --exempt: impossible or disproportionate.
    #[arg(long, value_parser = ["impossible", "disproportionate"])]
    reason: Option<String>,
    /// How it was told, or why not (kept for accountability, art. 5(2)).
    #[arg(long)]
    note: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    /// Who acts: a name from the configuration's [[officers]].
    #[arg(long = "as", value_name = "NAME", env = "DSRD_OFFICER")]
    who: Option<String>,
}

impl Recipients {
    pub async fn execute(self, config: &Config, store: &dyn Store) -> Result<u8, Failure> {
        let reference: CaseRef = self.reference.parse().map_err(usage)?;
        let settle = match (&self.told, &self.exempt) {
            (Some(name), None) => Some((name.clone(), None)),
            (None, Some(name)) => Some((
                name.clone(),
                self.reason.as_deref().and_then(ExemptReason::parse),
            )),
            _ => None,
        };
        if let Some((name, exempt)) = settle {
            let Some(who) = &self.who else {
                return Err(usage(anyhow::anyhow!("settling a notice needs --as NAME")));
            };
            let note = self.note.clone().unwrap_or_default();
            let now = dsrd::clock::from_env().now();
            let said = match exempt {
                None => format!("{name}: told"),
                Some(r) => format!("{name}: not told ({})", r.as_str()),
            };
            return super::simple(
                officer::settle_notice(store, config, &reference, &name, exempt, &note, who, now)
                    .await,
                &said,
            );
        }
        let reply = officer::reply(store, &reference).await?;
        if self.json {
            println!(
                "{}",
                serde_json::to_string_pretty(&reply.notices).context("JSON")?
            );
            return Ok(EXIT_OK);
        }
        if reply.notices.is_empty() {
            println!("{reference}: no recipients to tell (yet): notices are recorded once its changes are carried out");
            return Ok(EXIT_OK);
        }
        for n in &reply.notices {
            let state = match (n.state, n.exempt_reason) {
                (NoticeState::Told, _) => "told".to_owned(),
                (NoticeState::Exempt, Some(r)) => format!("not told: {}", r.as_str()),
                (NoticeState::Exempt, None) => "not told".to_owned(),
                (NoticeState::Open, _) => "open".to_owned(),
            };
            let about: Vec<String> = n
                .about
                .iter()
                .map(|a| format!("{} {} in {}", a.action, a.kind, a.system))
                .collect();
            println!(
                "{:<28} {:<13} {:<24} {}",
                n.recipient,
                n.channel.as_str(),
                state,
                about.join(", ")
            );
            if let Some(note) = &n.note {
                println!("{:<28} {note}", "");
            }
        }
        if reply.notices.iter().any(|n| n.state == NoticeState::Open) {
            println!("\nopen notices wait for a person: dsrd cases recipients {reference} --told NAME --note \"…\" --as NAME, or --exempt NAME --reason impossible|disproportionate --note \"why\"");
        }
        Ok(EXIT_OK)
    }
}

/// Portability: send the requester's data straight to another organisation
/// (reglement 8.7.2), as a task for the person who makes the transfer.
#[derive(Debug, Args)]
pub struct Transfer {
    /// The case reference.
    reference: String,
    /// The organisation the requester named, e.g. "OBS De Linde".
    #[arg(long)]
    to: String,
    #[command(flatten)]
    who: As,
}

impl Transfer {
    pub async fn execute(self, config: &Config, store: &dyn Store) -> Result<u8, Failure> {
        let reference: CaseRef = self.reference.parse().map_err(usage)?;
        let now = dsrd::clock::from_env().now();
        super::simple(
            officer::transfer(store, config, &reference, &self.to, self.who.name(), now).await,
            &format!(
                "{reference}: transfer to {} recorded; the task is mailed (report it with dsrd tasks done \"{reference}:{}\")",
                self.to, self.to
            ),
        )
    }
}

/// The package of an answer that goes out by post, written to a file for
/// printing (audited); delete the file once printed.
#[derive(Debug, Args)]
pub struct Package {
    /// The case reference.
    reference: String,
    /// The file to write (a new one; readable by you only).
    #[arg(long)]
    out: std::path::PathBuf,
    #[command(flatten)]
    who: As,
}

impl Package {
    pub async fn execute(self, config: &Config, store: &dyn Store) -> Result<u8, Failure> {
        let reference: CaseRef = self.reference.parse().map_err(usage)?;
        let now = dsrd::clock::from_env().now();
        super::simple(
            officer::export_for_post(store, config, &reference, &self.out, self.who.name(), now)
                .await,
            &format!(
                "the package of {reference} is in {}: print it, post it, then delete the file",
                self.out.display()
            ),
        )
    }
}
