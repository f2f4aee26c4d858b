//! `data.json`: the copy "in a structured, commonly used and
//! machine-readable format" (art. 20(1)), with what WP242 asks beside it —
//! metadata that describes each field — and a schema name with a version,
//! so that a receiving organisation can tell this layout from a later one.
//!
//! ```json
//! {"schema": "dsrd-portability/1", "reference": "AVG-2026-0001",
//!  "organisation": "…", "made_on": "2026-03-02",
//!  "systems": [{"plugin": "las", "system": "Leerlingadministratie",
//!    "tables": [{"name": "leerling",
//!      "fields": [{"name": "naam", "description": "…"}],
//!      "records": [{"naam": "…"}]}]}]}
//! ```
//!
//! Plugins describe their tables by name and columns only, so a field's
//! description says where it comes from; a withheld field says so and why.

use super::input::PackageInput;
use super::layout::Layout;
use super::record::Records;
use super::redact::Withheld;
use crate::lang::Lang;
use serde::Serialize;

/// The schema name and version written into every `data.json`.
pub const SCHEMA: &str = "dsrd-portability/1";

#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    reference: &'a str,
    organisation: &'a str,
    made_on: String,
    systems: Vec<System<'a>>,
}

#[derive(Serialize)]
struct System<'a> {
    plugin: &'a str,
    system: &'a str,
    tables: Vec<Table<'a>>,
}

#[derive(Serialize)]
struct Table<'a> {
    name: &'a str,
    fields: Vec<Field<'a>>,
    records: Records<'a>,
}

#[derive(Serialize)]
struct Field<'a> {
    name: &'a str,
    description: String,
}

/// The bytes of `data.json` for `input`.
pub fn data_json(input: &PackageInput, layout: &Layout) -> serde_json::Result<Vec<u8>> {
    let systems = input
        .systems
        .iter()
        .zip(&layout.systems)
        .map(|(part, paths)| System {
            plugin: &part.plugin,
            system: &part.system,
            tables: part
                .export
                .tables
                .iter()
                .zip(&paths.tables)
                .map(|(table, names)| Table {
                    name: &table.name,
                    fields: table
                        .columns
                        .iter()
                        .zip(&names.keys)
                        .map(|(column, key)| Field {
                            name: key,
                            description: describe(
                                input.lang,
                                &part.system,
                                &table.name,
                                column,
                                &part.withheld,
                            ),
                        })
                        .collect(),
                    records: Records {
                        keys: &names.keys,
                        rows: &table.rows,
                    },
                })
                .collect(),
        })
        .collect();
    let document = Document {
        schema: SCHEMA,
        reference: &input.reference,
        organisation: &input.organisation,
        made_on: input.made_on.format("%Y-%m-%d").to_string(),
        systems,
    };
    serde_json::to_vec_pretty(&document)
}

/// "column naam of table leerling in Leerlingadministratie", and why it is
/// empty when it was withheld.
fn describe(lang: Lang, system: &str, table: &str, column: &str, withheld: &[Withheld]) -> String {
    let mut description = match lang {
        Lang::Nl => format!("kolom {column} van tabel {table} in {system}"),
        Lang::En => format!("column {column} of table {table} in {system}"),
    };
    if let Some(w) = withheld
        .iter()
        .find(|w| w.table == table && w.column == column)
    {
        let note = match lang {
            Lang::Nl => "achtergehouden",
            Lang::En => "withheld",
        };
        description.push_str(&format!(" ({note}: {})", w.reason));
    }
    description
}
