//! `dsrd digest [--dry-run] [--json]`: what today's digest says, and
//! sending it by hand. Sent by hand it counts as today's: the daemon does
//! not send another that day. With nothing needing attention nothing is
//! sent or recorded, so the daemon still looks again at its time.

use super::{load_config, runtime, usage, Failure, EXIT_OK};
use anyhow::Context;
use clap::Args;
use dsrd::digest::{make, record, Digest, Made};
use dsrd::store::{DigestCounts, DigestDay};
use serde::Serialize;
use std::path::Path;

/// Show today's digest, or send it by hand.
#[derive(Debug, Args)]
pub struct DigestCmd {
    /// Show what today's digest says, and send nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// What `digest --json` prints.
#[derive(Debug, Serialize)]
struct View<'a> {
    day: chrono::NaiveDate,
    needs_attention: bool,
    counts: DigestCounts,
    digest: &'a Digest,
    recipients: Vec<&'a str>,
    /// Today's digest as recorded before this command, if it was.
    already: Option<&'a DigestDay>,
    /// Whether this command queued it.
    sent: bool,
    subject: Option<&'a str>,
    body: Option<&'a str>,
}

impl DigestCmd {
    /// Runs the command.
    pub fn execute(self, config: &Path) -> Result<u8, Failure> {
        let config = load_config(config)?;
        runtime()?.block_on(async {
            let store = dsrd::store::open(&config.store)
                .await
                .context("cannot open the store")?;
            let now = dsrd::clock::from_env().now();
            let day = now
                .with_timezone(&config.organisation.time_zone)
                .date_naive();
            let already = store
                .last_digest()
                .await
                .context("cannot read the digests")?
                .filter(|last| last.day >= day);
            let made = make(&config, store.as_ref(), day, now)
                .await
                .context("cannot make the digest")?;
            let mut sent = false;
            if !self.dry_run && already.is_none() && made.letter.is_some() {
                if made.recipients.is_empty() {
                    return Err(usage(anyhow::anyhow!(
                        "nobody receives the digest: set digest.to, add an [[officers]] entry with role = \"officer\", or set reminders.officer_address"
                    )));
                }
                sent = record(&config, store.as_ref(), &made, now)
                    .await
                    .context("cannot record the digest")?;
            }
            if self.json {
                let view = View {
                    day,
                    needs_attention: made.digest.needs_attention(),
                    counts: made.digest.counts(),
                    digest: &made.digest,
                    recipients: made.recipients.iter().map(|a| a.as_str()).collect(),
                    already: already.as_ref(),
                    sent,
                    subject: made.letter.as_ref().map(|l| l.subject.as_str()),
                    body: made.letter.as_ref().map(|l| l.body.as_str()),
                };
                println!("{}", serde_json::to_string_pretty(&view)?);
            } else {
                print_text(&made, already.as_ref(), self.dry_run, sent);
            }
            Ok(EXIT_OK)
        })
    }
}

fn print_text(made: &Made, already: Option<&DigestDay>, dry_run: bool, sent: bool) {
    let day = made.digest.day;
    if let Some(d) = already {
        println!(
            "the digest of {day} was recorded at {} ({} mails); the daemon sends no other today",
            d.at, d.mails
        );
    }
    let Some(letter) = &made.letter else {
        println!("nothing needs attention on {day}: no digest is sent");
        return;
    };
    let to: Vec<&str> = made.recipients.iter().map(|a| a.as_str()).collect();
    println!(
        "To: {}",
        if to.is_empty() {
            "nobody (see dsrd check)".to_owned()
        } else {
            to.join(", ")
        }
    );
    println!("Subject: {}\n\n{}", letter.subject, letter.body);
    if sent {
        let plural = if to.len() == 1 { "" } else { "s" };
        println!(
            "queued for {} recipient{plural}; the daemon's outbox sends it",
            to.len()
        );
    } else if dry_run {
        println!("(dry run: nothing sent)");
    }
}
