//! The ZIP itself: the overview, the manifest, the optional `data.json`,
//! and one folder per system with a JSON and a CSV file per table and the
//! system's files as it gave them.
//!
//! The same input gives the same bytes: every entry carries `made_on` at
//! midnight as its time and the same permissions, and entries are written
//! in the input's order. Tests compare packages, and the hash dsrd keeps
//! names the content rather than the moment it was made.

use super::csv::Csv;
use super::html::index_html;
use super::input::PackageInput;
use super::layout::{Layout, DATA_JSON, INDEX_CSV, INDEX_HTML};
use super::manifest::Manifest;
use super::portability::data_json;
use super::record::Records;
use super::PackageError;
use chrono::Datelike;
use std::io::{Seek, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Writes the package for `input` to `out` as a ZIP and returns its
/// manifest. Fails, before writing anything, when a table has a row whose
/// number of values is not its number of columns: a value without a column
/// (or a column without its value) would be lost or misread.
pub fn write_package(
    input: &PackageInput,
    out: impl Write + Seek,
) -> Result<Manifest, PackageError> {
    check_rows(input)?;
    let layout = Layout::of(input);
    let mut manifest = Manifest {
        entries: Manifest::entries(input, &layout),
        files: Vec::new(),
        records: input
            .systems
            .iter()
            .flat_map(|part| &part.export.tables)
            .map(|table| table.rows.len())
            .sum(),
    };
    let mut zip = Entries {
        zip: ZipWriter::new(out),
        options: options(input.made_on),
        paths: Vec::new(),
    };
    zip.add(INDEX_HTML, &index_html(input, &layout))?;
    zip.add(INDEX_CSV, &manifest.index_csv())?;
    if input.portability {
        zip.add(DATA_JSON, &data_json(input, &layout)?)?;
    }
    for (part, paths) in input.systems.iter().zip(&layout.systems) {
        for (t, (table, names)) in part.export.tables.iter().zip(&paths.tables).enumerate() {
            let records = Records {
                keys: &names.keys,
                rows: &table.rows,
            };
            zip.add(
                &paths.table_path(t, "json"),
                &serde_json::to_vec_pretty(&records)?,
            )?;
            let mut csv = Csv::new(&table.columns);
            for row in &table.rows {
                csv.values(row);
            }
            zip.add(&paths.table_path(t, "csv"), &csv.into_bytes())?;
        }
        for (f, file) in part.export.files.iter().enumerate() {
            zip.add(&paths.file_path(f), &file.bytes)?;
        }
    }
    zip.zip.finish()?;
    manifest.files = zip.paths;
    Ok(manifest)
}

/// The ZIP being written and the paths written so far.
struct Entries<W: Write + Seek> {
    zip: ZipWriter<W>,
    options: SimpleFileOptions,
    paths: Vec<String>,
}

impl<W: Write + Seek> Entries<W> {
    fn add(&mut self, path: &str, bytes: &[u8]) -> Result<(), PackageError> {
        // ZIP64 only where a file needs it: the plain format is what every
        // unpacker reads.
        let large = bytes.len() as u64 >= u64::from(u32::MAX);
        self.zip.start_file(path, self.options.large_file(large))?;
        self.zip.write_all(bytes)?;
        self.paths.push(path.to_owned());
        Ok(())
    }
}

/// Deflate (what Windows Explorer and macOS Archive Utility unpack), the
/// day's midnight as the time of every entry, and `rw-r--r--`.
fn options(made_on: chrono::NaiveDate) -> SimpleFileOptions {
    // A ZIP time holds years 1980 to 2107 only; a day outside them (never a
    // real package's) gets the format's own default, 1 January 1980.
    let time = u16::try_from(made_on.year())
        .ok()
        .and_then(|year| {
            DateTime::from_date_and_time(year, made_on.month() as u8, made_on.day() as u8, 0, 0, 0)
                .ok()
        })
        .unwrap_or_default();
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(time)
        .unix_permissions(0o644)
}

/// Every row has one value per column.
fn check_rows(input: &PackageInput) -> Result<(), PackageError> {
    for part in &input.systems {
        for table in &part.export.tables {
            if let Some((row, values)) = table
                .rows
                .iter()
                .enumerate()
                .find(|(_, values)| values.len() != table.columns.len())
            {
                return Err(PackageError::RaggedRow {
                    plugin: part.plugin.clone(),
                    table: table.name.clone(),
                    row: row + 1,
                    values: values.len(),
                    columns: table.columns.len(),
                });
            }
        }
    }
    Ok(())
}
