//! What `export` hands over.

use serde::{Deserialize, Serialize};

/// The subject's data from one system, for an access request (art. 15) or
/// a portability request (art. 20, "structured, commonly used and
/// machine-readable"): tables of rows plus whole files.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportResult {
    /// Structured records, one table per kind of record.
    pub tables: Vec<ExportTable>,
    /// Documents kept as files: letters, reports, photographs.
    pub files: Vec<ExportFile>,
}

impl ExportResult {
    /// Whether there is nothing to hand over.
    pub fn is_empty(&self) -> bool {
        self.tables.iter().all(|table| table.rows.is_empty()) && self.files.is_empty()
    }

    /// The table called `name`, if exported.
    pub fn table(&self, name: &str) -> Option<&ExportTable> {
        self.tables.iter().find(|table| table.name == name)
    }
}

/// One table of the export; every row has one value per column.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExportTable {
    /// The table's name as the officer and the subject should read it.
    pub name: String,
    /// Column names, in order.
    pub columns: Vec<String>,
    /// Rows, each with `columns.len()` values. JSON values rather than
    /// strings so numbers, dates and empty cells keep their meaning.
    pub rows: Vec<Vec<serde_json::Value>>,
}

impl ExportTable {
    /// An empty table with the given columns.
    pub fn new(name: impl Into<String>, columns: &[&str]) -> Self {
        ExportTable {
            name: name.into(),
            columns: columns.iter().map(|column| (*column).to_owned()).collect(),
            rows: Vec::new(),
        }
    }
}

/// One file of the export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportFile {
    /// File name inside the data package; no directories.
    pub name: String,
    /// Media type, e.g. `application/pdf` (RFC 6838).
    pub media_type: String,
    /// The content, base64 on the wire.
    #[serde(with = "super::bytes")]
    pub bytes: Vec<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_bytes_travel_as_base64() {
        let file = ExportFile {
            name: "note.txt".into(),
            media_type: "text/plain".into(),
            bytes: b"hallo".to_vec(),
        };
        let json = serde_json::to_string(&file).unwrap();
        assert!(json.contains("\"bytes\":\"aGFsbG8=\""), "{json}");
        assert_eq!(serde_json::from_str::<ExportFile>(&json).unwrap(), file);
    }

    #[test]
    fn malformed_base64_is_refused() {
        let json = r#"{"name":"a","media_type":"text/plain","bytes":"***"}"#;
        assert!(serde_json::from_str::<ExportFile>(json).is_err());
    }

    #[test]
    fn an_export_with_only_empty_tables_is_empty() {
        let export = ExportResult {
            tables: vec![ExportTable::new("people", &["name"])],
            files: vec![],
        };
        assert!(export.is_empty());
        assert!(export.table("people").is_some());
    }
}
