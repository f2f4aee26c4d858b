//! CSV as RFC 4180 writes it, by hand: a dependency for twenty lines of
//! quoting would be larger than the code.
//!
//! Every file starts with a UTF-8 byte order mark: without it Excel, the
//! program most parents open a CSV file with, reads UTF-8 as Windows-1252
//! and shows "Ã«" for "ë". Lines end in CRLF, as the RFC says.

use super::cell;
use serde_json::Value;

/// The UTF-8 byte order mark.
const BOM: &str = "\u{feff}";

/// A CSV file being built: the header row first, then one row per record.
#[derive(Debug)]
pub struct Csv {
    text: String,
}

impl Csv {
    /// A file with this header row.
    pub fn new<S: AsRef<str>>(header: &[S]) -> Self {
        let mut csv = Csv {
            text: BOM.to_owned(),
        };
        csv.row(header.iter().map(|s| s.as_ref()));
        csv
    }

    /// Adds a row of fields.
    pub fn row<'a>(&mut self, fields: impl IntoIterator<Item = &'a str>) {
        for (i, field) in fields.into_iter().enumerate() {
            if i > 0 {
                self.text.push(',');
            }
            push_field(&mut self.text, field);
        }
        self.text.push_str("\r\n");
    }

    /// Adds a row of exported values (see [`cell::text`]).
    pub fn values(&mut self, values: &[Value]) {
        let fields: Vec<String> = values.iter().map(cell::text).collect();
        self.row(fields.iter().map(String::as_str));
    }

    /// The file's bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.text.into_bytes()
    }
}

/// Writes `field`, quoted when it holds a comma, a quote or a line break,
/// with its quotes doubled (RFC 4180 §2, rules 6 and 7).
fn push_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted() {
        let mut csv = Csv::new(&["naam", "notitie"]);
        csv.values(&[json!("Bakker, Noor"), json!("zei \"hoi\"\nen ging")]);
        csv.values(&[json!(7), json!(null)]);
        let text = String::from_utf8(csv.into_bytes()).unwrap();
        assert_eq!(
            text,
            "\u{feff}naam,notitie\r\n\"Bakker, Noor\",\"zei \"\"hoi\"\"\nen ging\"\r\n7,\r\n"
        );
    }

    #[test]
    fn a_plain_field_is_not_quoted() {
        let mut csv = Csv::new(&["a"]);
        csv.row(["Zoë de Vries"]);
        let text = String::from_utf8(csv.into_bytes()).unwrap();
        assert_eq!(text, "\u{feff}a\r\nZoë de Vries\r\n");
    }
}
