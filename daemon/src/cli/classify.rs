//! `dsrd classify`: the classifier by hand — on one message, or measured on a
//! labelled corpus (`--eval FILE.jsonl`, the format of testdata/corpus).

use super::{load_config, usage, Failure, EXIT_OK, EXIT_PROBLEM};
use clap::Args;
use dsrd::classify::{classify, evaluate, extract, parse_jsonl, Rules};
use std::path::{Path, PathBuf};

/// Classify one message (an .eml file), or evaluate the rules on a labelled
/// corpus and print precision, recall, the confusion matrix and accuracy,
/// and for letters with an `extraction` label the extraction's precision and
/// recall per field.
#[derive(Debug, Args)]
pub struct Classify {
    /// A labelled corpus (JSON lines with id, language, type, also, subject,
    /// body and optionally extraction; see testdata/extraction/README.md).
    #[arg(long, conflicts_with = "message")]
    eval: Option<PathBuf>,
    /// A message file to classify.
    #[arg(required_unless_present = "eval")]
    message: Option<PathBuf>,
    /// Use the built-in rules only, not the configuration's rules_dir.
    #[arg(long)]
    builtin_rules: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

impl Classify {
    /// Runs the command.
    pub fn execute(self, config: &Path) -> Result<u8, Failure> {
        let rules = if self.builtin_rules || !config.exists() {
            std::sync::Arc::new(Rules::embedded())
        } else {
            let rules = load_config(config)?.classify.load_rules().map_err(usage)?;
            std::sync::Arc::new(rules)
        };
        if let Some(file) = &self.eval {
            let text = std::fs::read_to_string(file)
                .map_err(|e| usage(anyhow::anyhow!("cannot read {}: {e}", file.display())))?;
            let items = parse_jsonl(&text)
                .map_err(|e| usage(anyhow::anyhow!("{}: {e}", file.display())))?;
            if items.is_empty() {
                eprintln!("{} holds no letters", file.display());
                return Ok(EXIT_PROBLEM);
            }
            let evaluation = evaluate(&items, &rules);
            if self.json {
                println!("{}", serde_json::to_string_pretty(&evaluation)?);
            } else {
                print!("{evaluation}");
            }
            // A real request read as not_a_request is a missed deadline.
            return Ok(if evaluation.requests_missed == 0 {
                EXIT_OK
            } else {
                EXIT_PROBLEM
            });
        }
        let path = self
            .message
            .expect("clap requires a message without --eval");
        let raw = std::fs::read(&path)
            .map_err(|e| usage(anyhow::anyhow!("cannot read {}: {e}", path.display())))?;
        let parsed = dsrd::intake::parse(&raw);
        let subject = parsed.subject.as_deref().unwrap_or("");
        let c = classify(subject, &parsed.body_text, &rules);
        let x = extract(subject, &parsed.body_text, c.language);
        if self.json {
            println!(
                "{}",
                serde_json::to_string_pretty(
                    &serde_json::json!({ "classification": c, "extraction": x })
                )?
            );
        } else {
            println!("language    {}", c.language);
            println!("primary     {} (confidence {:.2})", c.primary, c.confidence);
            println!(
                "types       {}",
                c.types
                    .iter()
                    .map(|t| t.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            for e in c.evidence.iter().take(10) {
                println!(
                    "  evidence  {:<18} {:>5.1}  {:?}",
                    e.request_type.as_str(),
                    e.weight,
                    e.phrase
                );
            }
            println!("role        {:?}", x.role);
            for n in &x.subject_names {
                println!("about       {}", n.value);
            }
        }
        Ok(EXIT_OK)
    }
}
