//! The manifest: one line per record and per file in the package, written
//! as `index.csv` into the ZIP and kept by dsrd (with the package's hash)
//! after the package itself is gone (answers.md §5).

use super::cell;
use super::csv::Csv;
use super::input::PackageInput;
use super::layout::{Layout, FILES};
use super::redact::redacted_rows;
use serde::{Deserialize, Serialize};

/// What a package holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// One entry per record of every table, then one per file, system by
    /// system.
    pub entries: Vec<ManifestEntry>,
    /// Every path in the ZIP, in the order written.
    pub files: Vec<String>,
    /// How many records the tables hold, all systems together.
    pub records: usize,
}

/// One line of `index.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// The system's folder in the ZIP (its plugin name, made safe), which
    /// is unique where the system's own name need not be.
    pub system: String,
    /// The table, by its exported name; empty for a file.
    pub table: String,
    /// The record's key: its first column's value, or its number in the
    /// table (from 1) when that is empty or withheld. For a file, its path
    /// inside the system's folder, `files/<name>`.
    pub record: String,
    /// The system's categories of data, joined with `;`: the plugins say
    /// per system, not per table, which categories they hold.
    pub category: String,
    /// Whether something was withheld from the record (art. 15(4)).
    pub redacted: bool,
}

impl Manifest {
    /// The entries for `input` laid out as `layout`; `files` is filled in
    /// as the ZIP is written.
    pub(super) fn entries(input: &PackageInput, layout: &Layout) -> Vec<ManifestEntry> {
        let mut entries = Vec::new();
        for (part, paths) in input.systems.iter().zip(&layout.systems) {
            let category = part.categories.join(";");
            for table in &part.export.tables {
                let redacted = redacted_rows(table, &part.withheld);
                for (i, row) in table.rows.iter().enumerate() {
                    let key = row.first().map(cell::text).unwrap_or_default();
                    entries.push(ManifestEntry {
                        system: paths.folder.clone(),
                        table: table.name.clone(),
                        record: if key.is_empty() {
                            (i + 1).to_string()
                        } else {
                            key
                        },
                        category: category.clone(),
                        redacted: redacted[i],
                    });
                }
            }
            for name in &paths.files {
                entries.push(ManifestEntry {
                    system: paths.folder.clone(),
                    table: String::new(),
                    record: format!("{FILES}/{name}"),
                    category: category.clone(),
                    redacted: false,
                });
            }
        }
        entries
    }

    /// `index.csv`: a header row `system,table,record,category,redacted`
    /// and one row per entry, `redacted` as `yes` or `no` in every
    /// language, since the file is for programs as much as for people.
    pub fn index_csv(&self) -> Vec<u8> {
        let mut csv = Csv::new(&["system", "table", "record", "category", "redacted"]);
        for entry in &self.entries {
            csv.row([
                entry.system.as_str(),
                entry.table.as_str(),
                entry.record.as_str(),
                entry.category.as_str(),
                if entry.redacted { "yes" } else { "no" },
            ]);
        }
        csv.into_bytes()
    }
}
