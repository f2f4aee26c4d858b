//! Errors from loading rule files. Classification itself cannot fail.

use std::path::PathBuf;

/// A rule file that could not be read or understood.
///
/// Every variant names the file (`origin`: a path, or `<embedded nl>` for the
/// rules compiled into dsrd, or the name a caller gave to
/// [`Rules::from_toml`](super::Rules::from_toml)), so an officer who extends
/// the rules knows which file to fix.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The rules directory or a file in it could not be read.
    #[error("cannot read rule file {path}: {source}; check that it exists and is readable")]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file name does not say which language its rules are for.
    #[error("rule file {origin}: cannot tell the language from the name; name it nl.toml, en.toml, de.toml or fr.toml (or nl-something.toml)")]
    UnknownLanguage {
        /// The file.
        origin: String,
    },
    /// The file is not valid TOML, or has an unknown key or a wrong type.
    #[error("rule file {origin}{}: {message}", location(*line, *column))]
    Toml {
        /// The file.
        origin: String,
        /// 1-based line of the mistake, when TOML reports a position.
        line: Option<usize>,
        /// 1-based column of the mistake, when TOML reports a position.
        column: Option<usize>,
        /// What TOML said.
        message: String,
    },
    /// A regex (or a phrase turned into one) does not compile.
    #[error("rule file {origin}, {what} {pattern:?}: {source}")]
    Regex {
        /// The file.
        origin: String,
        /// Which rule it was, such as `rule 3 (erasure) regex` or `article 1 pattern`.
        what: String,
        /// The pattern as written in the file.
        pattern: String,
        /// The regex compiler's explanation.
        source: Box<regex::Error>,
    },
    /// A rule that cannot work: no phrases and no regex, a weight that is not
    /// a finite number, or an article pattern without the `n` group.
    #[error("rule file {origin}, {what}: {problem}")]
    Invalid {
        /// The file.
        origin: String,
        /// Which rule it was.
        what: String,
        /// What is wrong and how to fix it.
        problem: String,
    },
}

fn location(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(" line {l} column {c}"),
        (Some(l), None) => format!(" line {l}"),
        _ => String::new(),
    }
}

/// Turns a byte offset into a 1-based line and column (in characters).
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
