//! One thing wrong with a configuration file, with where it is and what to do.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A position in the file, 1-based as editors show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Line number, from 1.
    pub line: usize,
    /// Column number (characters), from 1.
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `text`.
    pub fn of_offset(text: &str, offset: usize) -> Position {
        let before = &text[..offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let column = before[line_start..].chars().count() + 1;
        Position { line, column }
    }

    /// The position of a span, or none for a default value that has no span.
    pub fn of_span(text: &str, span: &Range<usize>) -> Option<Position> {
        (span.end > 0).then(|| Position::of_offset(text, span.start))
    }
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The daemon refuses to start.
    Error,
    /// It starts, but the operator should look.
    Warning,
}

/// One problem, reported by dotted key and, where known, line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// The file it is in.
    pub file: PathBuf,
    /// Where in the file, when the value came from the file.
    pub position: Option<Position>,
    /// The dotted key, e.g. `outgoing.host`.
    pub key: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Problem {
    /// An error at `key`.
    pub fn error(file: &Path, position: Option<Position>, key: &str, message: String) -> Self {
        Problem {
            severity: Severity::Error,
            file: file.to_owned(),
            position,
            key: key.to_owned(),
            message,
            hint: None,
        }
    }

    /// The same problem, as a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// The same problem with a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}", self.file.display())?;
        if let Some(p) = self.position {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        write!(f, ": {}: {}", self.key, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_dsrd_variables_are_warned_about_but_known_and_named_ones_are_not() {
        let names = [
            "DSRD_LOG",
            "DSRD_SMTP_PASWORD",
            "DSRD_SMTP_PASSWORD",
            "DSRD_TEST_POSTGRES_URL",
            "HOME",
        ]
        .map(String::from);
        let used = vec!["DSRD_SMTP_PASSWORD".to_owned()];
        let warnings = super::super::unknown_environment(Path::new("dsrd.toml"), names, &used);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].severity, Severity::Warning);
        assert!(warnings[0].message.starts_with("DSRD_SMTP_PASWORD is set"));
    }

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "a = 1\nbb = 2\n  c = 3\n";
        assert_eq!(
            Position::of_offset(text, 0),
            Position { line: 1, column: 1 }
        );
        assert_eq!(
            Position::of_offset(text, 6),
            Position { line: 2, column: 1 }
        );
        assert_eq!(
            Position::of_offset(text, 15),
            Position { line: 3, column: 3 }
        );
    }

    #[test]
    fn a_problem_prints_file_line_column_key_and_hint() {
        let p = Problem::error(
            Path::new("dsrd.toml"),
            Some(Position { line: 4, column: 7 }),
            "outgoing.kind",
            "unknown kind \"fax\"".into(),
        )
        .hint("use \"files\" or \"smtp\"");
        assert_eq!(
            p.to_string(),
            "error: dsrd.toml:4:7: outgoing.kind: unknown kind \"fax\"\n  hint: use \"files\" or \"smtp\""
        );
    }
}
