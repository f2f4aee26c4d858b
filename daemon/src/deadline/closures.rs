//! The organisation's own closure days, and the small text format they are
//! kept in.
//!
//! The format is one `YYYY-MM-DD [name]` per line with `#` comments, so an
//! office manager can keep it in a plain file next to the config. The caller
//! reads the file; this module only parses its text (pure, no I/O).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One day the organisation itself is closed, with an optional name for the
/// explanation ("studiedag").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ClosureDay {
    /// The closed day.
    pub date: NaiveDate,
    /// What the organisation calls it; shown instead of "sluitingsdag".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A line of a closure-day file that is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "closure days, line {line}: {text:?} is not a date; write one YYYY-MM-DD per line, \
     optionally followed by a name, and start comments with #"
)]
pub struct ClosureFileError {
    /// 1-based line number, so the operator can jump to it.
    pub line: usize,
    /// The offending word as written.
    pub text: String,
}

/// Parses the text of a closure-day file.
///
/// Blank lines and everything after `#` are ignored. The first word of each
/// remaining line is the date; the rest of the line, if any, is its name.
pub fn parse_closure_days(text: &str) -> Result<Vec<ClosureDay>, ClosureFileError> {
    let mut days = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let content = raw.split('#').next().unwrap_or("").trim();
        if content.is_empty() {
            continue;
        }
        let (word, rest) = content
            .split_once(char::is_whitespace)
            .unwrap_or((content, ""));
        let date = NaiveDate::parse_from_str(word, "%Y-%m-%d").map_err(|_| ClosureFileError {
            line: index + 1,
            text: word.to_owned(),
        })?;
        let name = Some(rest.trim())
            .filter(|n| !n.is_empty())
            .map(str::to_owned);
        days.push(ClosureDay { date, name });
    }
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closure_file_lines_give_dates_with_optional_names() {
        // Arrange
        let text = "# school closures 2026\n\n2026-02-16 studiedag\n2026-05-15  # brugdag\r\n";
        // Act
        let days = parse_closure_days(text).unwrap();
        // Assert
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert_eq!(
            days,
            vec![
                ClosureDay {
                    date: d(2, 16),
                    name: Some("studiedag".into())
                },
                ClosureDay {
                    date: d(5, 15),
                    name: None
                },
            ]
        );
    }

    #[test]
    fn a_bad_date_is_reported_with_its_line_number() {
        let err = parse_closure_days("2026-01-02\n2026-13-01 nope\n").unwrap_err();
        assert_eq!(
            err,
            ClosureFileError {
                line: 2,
                text: "2026-13-01".into()
            }
        );
        assert!(err.to_string().contains("line 2"));
    }
}
