use super::fixture::{self, decrypt, sealed, text, unzip, PDF};
use crate::lang::Lang;
use crate::package::{write_package, ManifestEntry};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::io::Cursor;
use std::os::unix::fs::PermissionsExt;

const PATHS: [&str; 10] = [
    "index.html",
    "index.csv",
    "las/leerling.json",
    "las/leerling.csv",
    "las/incidenten.json",
    "las/incidenten.csv",
    "las/files/rapport.pdf",
    "las/files/Rapport (2).pdf",
    "las/files/_x",
    "m365/account.json",
];

#[test]
fn a_sealed_package_opens_to_the_zip_with_every_part() {
    let input = fixture::input(Lang::Nl, false);
    let sealed = sealed(&input);
    let built = &sealed.built;
    let zip = decrypt(built);
    assert_eq!(built.size, zip.len() as u64);
    assert_eq!(built.sha256, hex::encode(Sha256::digest(&zip)));

    let (order, entries) = unzip(&zip);
    let mut expected: Vec<&str> = PATHS.to_vec();
    expected.push("m365/account.csv");
    assert_eq!(order, expected);
    assert_eq!(built.manifest.files, expected);
    assert!(!entries.contains_key("data.json"));

    assert_eq!(entries["las/files/rapport.pdf"], PDF);
    assert_eq!(entries["las/files/Rapport (2).pdf"], b"%PDF-1.4 tweede");
    assert_eq!(entries["las/files/_x"], b"%PDF-1.4 derde");

    let pupil: Value = serde_json::from_slice(&entries["las/leerling.json"]).unwrap();
    assert_eq!(
        pupil,
        json!([{
            "leerlingnummer": fixture::NUMBER,
            "voornaam": "Noor",
            "achternaam": "Bakkerzoon",
            "email": fixture::EMAIL,
            "geboortedatum": "2015-04-03",
            "opmerking": fixture::SCRIPT,
        }])
    );
    assert_eq!(
        text(&entries, "m365/account.csv"),
        format!(
            "upn,aangemaakt,actief\r\n{},2023-08-21,true\r\n",
            fixture::EMAIL
        )
    );
    assert!(entries["las/leerling.csv"].starts_with("\u{feff}".as_bytes()));

    assert_eq!(
        text(&entries, "index.csv"),
        format!(
            "system,table,record,category,redacted\r\n\
             las,leerling,{},NAW-gegevens;Schoolloopbaan,no\r\n\
             las,incidenten,2026-01-12,NAW-gegevens;Schoolloopbaan,yes\r\n\
             las,incidenten,2026-02-03,NAW-gegevens;Schoolloopbaan,yes\r\n\
             las,,files/rapport.pdf,NAW-gegevens;Schoolloopbaan,no\r\n\
             las,,files/Rapport (2).pdf,NAW-gegevens;Schoolloopbaan,no\r\n\
             las,,files/_x,NAW-gegevens;Schoolloopbaan,no\r\n\
             m365,account,{},Account,no\r\n",
            fixture::NUMBER,
            fixture::EMAIL
        )
    );
    assert_eq!(built.manifest.records, 4);
    assert_eq!(built.manifest.entries.len(), 7);
}

#[test]
fn the_sealed_file_is_the_only_one_left_and_only_its_owner_reads_it() {
    let sealed = sealed(&fixture::input(Lang::Nl, false));
    let names: Vec<_> = std::fs::read_dir(sealed.dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(names, std::slice::from_ref(&sealed.built.path));
    assert_eq!(sealed.built.path.extension().unwrap(), "dsrdpkg");
    let mode = std::fs::metadata(&sealed.built.path)
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn portability_adds_data_json_with_described_fields() {
    let sealed = sealed(&fixture::input(Lang::En, true));
    let (order, entries) = unzip(&decrypt(&sealed.built));
    assert_eq!(order[2], "data.json");
    let data: Value = serde_json::from_slice(&entries["data.json"]).unwrap();
    assert_eq!(data["schema"], "dsrd-portability/1");
    assert_eq!(data["reference"], "AVG-2026-0001");
    assert_eq!(data["made_on"], "2026-03-02");
    let las = &data["systems"][0];
    assert_eq!(las["plugin"], "las");
    assert_eq!(las["system"], "Leerlingadministratie");
    let pupil = &las["tables"][0];
    assert_eq!(pupil["name"], "leerling");
    assert_eq!(
        pupil["fields"][1],
        json!({"name": "voornaam", "description": "column voornaam of table leerling in Leerlingadministratie"})
    );
    assert_eq!(pupil["records"][0]["leerlingnummer"], fixture::NUMBER);
    let incidents = &las["tables"][1];
    assert_eq!(
        incidents["fields"][2]["description"],
        "column betrokkene of table incidenten in Leerlingadministratie (withheld: naam van een andere leerling)"
    );
    assert_eq!(incidents["records"][0]["betrokkene"], Value::Null);
    assert_eq!(data["systems"][2]["tables"], json!([]));
}

#[test]
fn the_same_input_gives_the_same_zip() {
    let input = fixture::input(Lang::Nl, true);
    let mut first = Cursor::new(Vec::new());
    let mut second = Cursor::new(Vec::new());
    let manifest = write_package(&input, &mut first).unwrap();
    write_package(&input, &mut second).unwrap();
    assert_eq!(first.get_ref(), second.get_ref());

    let mut archive = zip::ZipArchive::new(Cursor::new(first.into_inner())).unwrap();
    let entry = archive.by_index(0).unwrap();
    let time = entry.last_modified().unwrap();
    assert_eq!(
        (time.year(), time.month(), time.day(), time.hour()),
        (2026, 3, 2, 0)
    );
    assert_eq!(
        manifest.entries[0],
        ManifestEntry {
            system: "las".into(),
            table: "leerling".into(),
            record: fixture::NUMBER.into(),
            category: "NAW-gegevens;Schoolloopbaan".into(),
            redacted: false,
        }
    );
}

#[test]
fn a_record_without_a_first_value_is_numbered() {
    let mut input = fixture::input(Lang::Nl, false);
    input.systems[1].export.tables[0].rows.push(vec![
        json!(null),
        json!("2024-01-01"),
        json!(false),
    ]);
    let manifest = write_package(&input, Cursor::new(Vec::new())).unwrap();
    let account: Vec<&str> = manifest
        .entries
        .iter()
        .filter(|entry| entry.table == "account")
        .map(|entry| entry.record.as_str())
        .collect();
    assert_eq!(account, [fixture::EMAIL, "2"]);
}

#[test]
fn a_row_with_too_few_values_is_refused() {
    let mut input = fixture::input(Lang::Nl, false);
    input.systems[1].export.tables[0]
        .rows
        .push(vec![json!("x")]);
    let error = write_package(&input, Cursor::new(Vec::new())).unwrap_err();
    assert_eq!(
        error.to_string(),
        "plugin \"m365\" exported table \"account\" with 1 values in row 2 for 3 columns"
    );
}

#[test]
fn clashing_and_unsafe_folder_and_table_names_are_made_unique() {
    let mut input = fixture::input(Lang::Nl, false);
    input.systems[1].plugin = "LAS".into();
    input.systems[2].plugin = "index.html".into();
    input.systems[2].export.tables = vec![
        dsrd_plugin_api::ExportTable::new("a/b", &["x"]),
        dsrd_plugin_api::ExportTable::new("a_b", &["x"]),
        dsrd_plugin_api::ExportTable::new("files", &["x"]),
    ];
    input.systems[2].export.files = vec![dsrd_plugin_api::ExportFile {
        name: "Zoë: verslag.pdf".into(),
        media_type: "application/pdf".into(),
        bytes: b"%PDF".to_vec(),
    }];
    let mut zip = Cursor::new(Vec::new());
    write_package(&input, &mut zip).unwrap();
    let (order, _) = unzip(zip.get_ref());
    for path in [
        "LAS (2)/account.json",
        "index (2).html/a_b.json",
        "index (2).html/a_b (2).csv",
        "index (2).html/files (2).json",
        "index (2).html/files/Zoë_ verslag.pdf",
    ] {
        assert!(order.iter().any(|p| p == path), "{path} not in {order:?}");
    }
}
