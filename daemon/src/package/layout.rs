//! Where everything goes in the ZIP, decided once so that the files, the
//! overview's links and the manifest name the same paths.

use super::input::{PackageInput, SystemPart};
use super::names::Unique;

/// The overview.
pub const INDEX_HTML: &str = "index.html";
/// The manifest.
pub const INDEX_CSV: &str = "index.csv";
/// The machine-readable copy (portability).
pub const DATA_JSON: &str = "data.json";
/// The folder, inside a system's folder, for the files it exported.
pub const FILES: &str = "files";

/// The paths of one package.
#[derive(Debug)]
pub struct Layout {
    /// Per system, in the input's order.
    pub systems: Vec<SystemLayout>,
}

/// The paths of one system's part.
#[derive(Debug)]
pub struct SystemLayout {
    /// The folder, e.g. `las`.
    pub folder: String,
    /// Per table, in the export's order: the file name without extension.
    pub tables: Vec<TableLayout>,
    /// Per file, in the export's order: its name in `<folder>/files/`.
    pub files: Vec<String>,
}

/// The names for one table.
#[derive(Debug)]
pub struct TableLayout {
    /// `<stem>.json` and `<stem>.csv`.
    pub stem: String,
    /// The keys of each record's JSON object: the column names, a repeated
    /// one numbered so that no key is lost in an object.
    pub keys: Vec<String>,
}

impl Layout {
    /// The paths for `input`. Folders never take the names of the
    /// package's own files, whether or not `data.json` is written, so a
    /// system's folder does not change name with the portability flag.
    pub fn of(input: &PackageInput) -> Self {
        let mut folders = Unique::reserving(&[INDEX_HTML, INDEX_CSV, DATA_JSON]);
        let systems = input
            .systems
            .iter()
            .map(|part| SystemLayout::of(part, folders.claim(&part.plugin)))
            .collect();
        Layout { systems }
    }
}

impl SystemLayout {
    fn of(part: &SystemPart, folder: String) -> Self {
        // Stems are claimed without extension: `a.json` and `a.csv` belong
        // to one table. The `files` folder is reserved beside them.
        let mut stems = Unique::reserving(&[FILES]);
        let tables = part
            .export
            .tables
            .iter()
            .map(|table| TableLayout {
                stem: stems.claim(&table.name),
                keys: unique_keys(&table.columns),
            })
            .collect();
        let mut names = Unique::default();
        let files = part
            .export
            .files
            .iter()
            .map(|file| names.claim(&file.name))
            .collect();
        SystemLayout {
            folder,
            tables,
            files,
        }
    }

    /// `<folder>/<stem>.<ext>` for table `i`.
    pub fn table_path(&self, i: usize, ext: &str) -> String {
        format!("{}/{}.{ext}", self.folder, self.tables[i].stem)
    }

    /// `<folder>/files/<name>` for file `i`.
    pub fn file_path(&self, i: usize) -> String {
        format!("{}/{FILES}/{}", self.folder, self.files[i])
    }
}

/// The column names, a repeated one as `name (2)`. Keys are compared
/// exactly, as JSON does.
fn unique_keys(columns: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    columns
        .iter()
        .map(|column| {
            if seen.insert(column.clone()) {
                return column.clone();
            }
            (2..)
                .map(|n| format!("{column} ({n})"))
                .find(|candidate| seen.insert(candidate.clone()))
                .expect("an unused number")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_column_gets_a_numbered_key() {
        let columns = ["a", "b", "a", "a (2)"].map(String::from);
        assert_eq!(unique_keys(&columns), ["a", "b", "a (2)", "a (2) (2)"]);
    }
}
