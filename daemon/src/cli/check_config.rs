//! `dsrd check-config [FILE]`.

use super::{Failure, EXIT_OK, EXIT_USAGE};
use clap::Args;
use std::path::{Path, PathBuf};

/// Check a configuration file: prints every problem with file, line, column
/// and a hint; exit status 2 when there is an error.
#[derive(Debug, Args)]
pub struct CheckConfig {
    /// The file to check (default: the -c/--config file).
    pub file: Option<PathBuf>,
}

impl CheckConfig {
    /// Runs the check.
    pub fn execute(self, config: &Path) -> Result<u8, Failure> {
        let file = self.file.as_deref().unwrap_or(config);
        match dsrd::config::load(file) {
            Ok(loaded) => {
                for w in &loaded.warnings {
                    println!("{w}");
                }
                if let Err(e) = loaded.config.classify.load_rules() {
                    eprintln!("error: {}: classify.rules_dir: {e}", file.display());
                    return Ok(EXIT_USAGE);
                }
                // Which letters are the organisation's own: a file in the
                // wrong folder is otherwise only noticed when mail goes out.
                for file in loaded.config.letters.overridden() {
                    println!("letter: {} replaces the built-in one", file.display());
                }
                println!(
                    "✓ {} is valid ({} warnings)",
                    file.display(),
                    loaded.warnings.len()
                );
                Ok(EXIT_OK)
            }
            Err(e) => {
                eprintln!("{e}");
                Ok(EXIT_USAGE)
            }
        }
    }
}
