//! `dsrd deadline`: the deadline engine by hand, and against a table of
//! vectors (`--check FILE.jsonl`), so an officer or a lawyer can hold the
//! engine against their own reading of the law.

use super::{usage, Failure, EXIT_OK, EXIT_PROBLEM};
use chrono::{DateTime, FixedOffset};
use clap::Args;
use dsrd::deadline::vectors::{check_vector, parse_vectors};
use dsrd::deadline::{compute, DeadlineInput, Extension, IdentityWait, Lang, Policy, WaitMode};
use std::path::PathBuf;

/// Compute a due date with its explanation, or check a vector file. Uses the
/// defaults of the legal spec (Europe/Amsterdam, nl-atw holidays); it needs
/// no configuration file.
#[derive(Debug, Args)]
pub struct Deadline {
    /// When the request reached the mailbox (RFC 3339), e.g. 2026-01-31T23:30:00Z.
    #[arg(long, required_unless_present = "check")]
    received: Option<DateTime<FixedOffset>>,
    /// gdpr-month, four-weeks, or a custom period such as 20d or 3w.
    #[arg(long, default_value = "four-weeks")]
    policy: String,
    /// An extension notice: NOTIFIED (gdpr-month) or NOTIFIED:WEEKS; repeatable.
    #[arg(long = "extension")]
    extensions: Vec<String>,
    /// When the organisation asked for proof of identity.
    #[arg(long, requires = "identity_answered")]
    identity_asked: Option<DateTime<FixedOffset>>,
    /// When the proof arrived.
    #[arg(long)]
    identity_answered: Option<DateTime<FixedOffset>>,
    /// How the wait moves the clock.
    #[arg(long, default_value = "pause", value_parser = ["pause", "restart", "none"])]
    identity_mode: String,
    /// Language of the explanation.
    #[arg(long, default_value = "en", value_parser = ["nl", "en"])]
    lang: String,
    /// Check every vector of a JSONL file instead (format of testdata/legal/deadline-vectors.jsonl).
    #[arg(long, conflicts_with_all = ["received", "extensions", "identity_asked"])]
    check: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

impl Deadline {
    /// Runs the command.
    pub fn execute(self) -> Result<u8, Failure> {
        let lang: Lang = self.lang.parse().map_err(usage)?;
        if let Some(file) = &self.check {
            return check(file, lang, self.json);
        }
        let received = self
            .received
            .expect("clap requires --received without --check");
        let policy: Policy = self.policy.parse().map_err(usage)?;
        let mut input = DeadlineInput::new(received.into(), policy);
        for e in &self.extensions {
            input
                .extensions
                .push(parse_extension(e).map_err(|e| usage(anyhow::anyhow!(e)))?);
        }
        if let Some(asked) = self.identity_asked {
            input.identity_wait = Some(IdentityWait {
                asked,
                answered: self.identity_answered,
                mode: match self.identity_mode.as_str() {
                    "restart" => WaitMode::Restart,
                    "none" => WaitMode::None,
                    _ => WaitMode::Pause,
                },
            });
        }
        let d = compute(&input);
        let explanation: Vec<String> = d.explanation.iter().map(|s| s.render(lang)).collect();
        if self.json {
            let value = serde_json::json!({
                "received": received.to_rfc3339(),
                "receipt_date": d.receipt_date,
                "policy": policy.to_string(),
                "due": d.due,
                "statutory_due": d.statutory_due,
                "policy_due": d.policy_due,
                "extension_notice_by": d.extension_notice_by,
                "extended": d.extended,
                "suspended_days": d.suspended_days,
                "rejected_extensions": d.rejected_extensions.iter().map(|r| r.reason.render(lang)).collect::<Vec<_>>(),
                "explanation": explanation,
            });
            println!("{}", serde_json::to_string_pretty(&value)?);
        } else {
            println!("due                  {}", d.due);
            println!("statutory due        {}", d.statutory_due);
            if let Some(p) = d.policy_due {
                println!("policy due           {p}");
            }
            println!("extension notice by  {}", d.extension_notice_by);
            for r in &d.rejected_extensions {
                println!("rejected extension   {}", r.reason.render(lang));
            }
            for step in explanation {
                println!("  {step}");
            }
        }
        Ok(EXIT_OK)
    }
}

fn parse_extension(s: &str) -> Result<Extension, String> {
    // The weeks follow the last colon only when it is not part of the time.
    let (when, weeks) = match s.rsplit_once(':') {
        Some((when, w))
            if !w.is_empty()
                && w.len() <= 2
                && w.chars().all(|c| c.is_ascii_digit())
                && DateTime::parse_from_rfc3339(s).is_err() =>
        {
            (when, Some(w.parse::<u32>().map_err(|e| e.to_string())?))
        }
        _ => (s, None),
    };
    let notified =
        DateTime::parse_from_rfc3339(when).map_err(|e| format!("--extension {s:?}: {e}"))?;
    Ok(match weeks {
        Some(w) => Extension::weeks(notified, w),
        None => Extension::statutory(notified),
    })
}

fn check(file: &PathBuf, lang: Lang, json: bool) -> Result<u8, Failure> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| usage(anyhow::anyhow!("cannot read {}: {e}", file.display())))?;
    let vectors =
        parse_vectors(&text).map_err(|e| usage(anyhow::anyhow!("{}: {e}", file.display())))?;
    let (mut passed, mut failed) = (0, 0);
    let mut outcomes = Vec::new();
    for v in &vectors {
        let o = check_vector(v);
        if o.passed {
            passed += 1;
        } else {
            failed += 1;
            if !json {
                println!(
                    "FAIL {}: expected due {} / notice by {}, engine says {} / {}",
                    o.id, o.expected_due, o.expected_notice_by, o.actual_due, o.actual_notice_by
                );
                println!("     vector: {}", o.why);
                let steps: Vec<String> =
                    dsrd::deadline::compute(&dsrd::deadline::vectors::vector_input(v))
                        .explanation
                        .iter()
                        .map(|s| s.render(lang))
                        .collect();
                println!("     engine: {}", steps.join(" → "));
            }
        }
        outcomes.push(o);
    }
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({ "passed": passed, "failed": failed, "vectors": outcomes })
            )?
        );
    } else {
        println!("{passed} passed, {failed} failed");
    }
    Ok(if failed == 0 && passed > 0 {
        EXIT_OK
    } else {
        EXIT_PROBLEM
    })
}
