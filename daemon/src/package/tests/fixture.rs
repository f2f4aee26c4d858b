//! A fictitious pupil in three systems: a pupil administration with a
//! classmate's name in an incident (withheld), an office account, and a
//! parents' app that holds nothing.

use crate::lang::Lang;
use crate::package::{
    build_sealed, open, redact, Built, MasterKey, PackageInput, RedactionRule, SystemPart,
};
use chrono::NaiveDate;
use dsrd_plugin_api::{ExportFile, ExportResult, ExportTable};
use serde_json::json;
use std::collections::BTreeMap;
use std::io::{Cursor, Read};

pub const NAME: &str = "Noor Bakkerzoon";
pub const NUMBER: &str = "4802139";
pub const EMAIL: &str = "noor.bakkerzoon@example.net";
/// The classmate, whose name is withheld.
pub const OTHER: &str = "Sem de Wit";
pub const SCRIPT: &str = "<script>alert('x')</script>";
pub const AAD: &[u8] = b"AVG-2026-0001/package-1";
pub const PDF: &[u8] = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\nrapport van Noor\n%%EOF\n";

pub fn master() -> MasterKey {
    MasterKey::from_bytes([7; 32])
}

fn table(name: &str, columns: &[&str], rows: Vec<Vec<serde_json::Value>>) -> ExportTable {
    let mut table = ExportTable::new(name, columns);
    table.rows = rows;
    table
}

fn file(name: &str, bytes: &[u8]) -> ExportFile {
    ExportFile {
        name: name.into(),
        media_type: "application/pdf".into(),
        bytes: bytes.to_vec(),
    }
}

pub fn rules() -> Vec<RedactionRule> {
    vec![RedactionRule {
        table: "incidenten".into(),
        column: "betrokkene".into(),
        reason: "naam van een andere leerling".into(),
    }]
}

pub fn input(lang: Lang, portability: bool) -> PackageInput {
    let las = ExportResult {
        tables: vec![
            table(
                "leerling",
                &[
                    "leerlingnummer",
                    "voornaam",
                    "achternaam",
                    "email",
                    "geboortedatum",
                    "opmerking",
                ],
                vec![vec![
                    json!(NUMBER),
                    json!("Noor"),
                    json!("Bakkerzoon"),
                    json!(EMAIL),
                    json!("2015-04-03"),
                    json!(SCRIPT),
                ]],
            ),
            table(
                "incidenten",
                &["datum", "omschrijving", "betrokkene"],
                vec![
                    vec![
                        json!("2026-01-12"),
                        json!("Ruzie op het plein, \"flink\"\nmet klasgenoot"),
                        json!(OTHER),
                    ],
                    vec![json!("2026-02-03"), json!("Te laat, 10 min"), json!(null)],
                ],
            ),
        ],
        files: vec![
            file("rapport.pdf", PDF),
            file("Rapport.pdf", b"%PDF-1.4 tweede"),
            file("../x", b"%PDF-1.4 derde"),
        ],
    };
    let (las, withheld) = redact(&las, &rules());
    let m365 = ExportResult {
        tables: vec![table(
            "account",
            &["upn", "aangemaakt", "actief"],
            vec![vec![json!(EMAIL), json!("2023-08-21"), json!(true)]],
        )],
        files: vec![],
    };
    PackageInput {
        reference: "AVG-2026-0001".into(),
        organisation: "Stichting Kopwerk".into(),
        lang,
        subject_name: Some(NAME.into()),
        made_on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        portability,
        systems: vec![
            SystemPart {
                plugin: "las".into(),
                system: "Leerlingadministratie".into(),
                categories: vec!["NAW-gegevens".into(), "Schoolloopbaan".into()],
                export: las,
                withheld,
            },
            SystemPart {
                plugin: "m365".into(),
                system: "Microsoft 365".into(),
                categories: vec!["Account".into()],
                export: m365,
                withheld: vec![],
            },
            SystemPart {
                plugin: "ouders/app".into(),
                system: "Ouderapp".into(),
                categories: vec![],
                export: ExportResult::default(),
                withheld: vec![],
            },
        ],
    }
}

/// A package built and sealed into a fresh folder.
pub struct Sealed {
    pub dir: tempfile::TempDir,
    pub built: Built,
}

pub fn sealed(input: &PackageInput) -> Sealed {
    let dir = tempfile::tempdir().unwrap();
    let built = build_sealed(input, &master(), AAD, dir.path()).unwrap();
    Sealed { dir, built }
}

/// The plain ZIP, decrypted from the sealed file.
pub fn decrypt(built: &Built) -> Vec<u8> {
    let file = std::fs::File::open(&built.path).unwrap();
    let mut plain = Vec::new();
    for chunk in open(&master(), &built.wrapped, AAD, file).unwrap() {
        plain.extend(chunk.unwrap());
    }
    plain
}

/// Every entry of a ZIP, by path, in the order written.
pub fn unzip(zip: &[u8]) -> (Vec<String>, BTreeMap<String, Vec<u8>>) {
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
    let mut order = Vec::new();
    let mut entries = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        assert!(entry.enclosed_name().is_some(), "{name} leaves its folder");
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        order.push(name.clone());
        entries.insert(name, bytes);
    }
    (order, entries)
}

/// An entry as text, without the byte order mark CSV files start with.
pub fn text(entries: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let bytes = entries
        .get(path)
        .unwrap_or_else(|| panic!("{path} missing"));
    let text = String::from_utf8(bytes.clone()).unwrap();
    text.strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text)
}
