use super::fixture::{self, sealed, text, unzip, OTHER};
use crate::lang::Lang;
use crate::package::Withheld;
use serde_json::{json, Value};

#[test]
fn a_withheld_column_is_gone_from_every_form_and_marked() {
    let input = fixture::input(Lang::Nl, true);
    assert_eq!(
        input.systems[0].withheld,
        [Withheld {
            table: "incidenten".into(),
            column: "betrokkene".into(),
            records: 2,
            reason: "naam van een andere leerling".into(),
        }]
    );
    let sealed = sealed(&input);
    let (_, entries) = unzip(&fixture::decrypt(&sealed.built));
    for (path, bytes) in &entries {
        let found = bytes.windows(OTHER.len()).any(|w| w == OTHER.as_bytes());
        assert!(!found, "{OTHER} in {path}");
    }

    let incidents: Value = serde_json::from_slice(&entries["las/incidenten.json"]).unwrap();
    assert_eq!(incidents[0]["betrokkene"], Value::Null);
    assert_eq!(incidents[1]["datum"], json!("2026-02-03"));
    let csv = text(&entries, "las/incidenten.csv");
    assert!(
        csv.starts_with("datum,omschrijving,betrokkene\r\n"),
        "{csv}"
    );
    assert!(
        csv.ends_with("2026-02-03,\"Te laat, 10 min\",\r\n"),
        "{csv}"
    );

    let html = text(&entries, "index.html");
    assert!(html.contains("<td class=\"withheld\">achtergehouden</td>"));
    assert!(html.contains("<h3>Achtergehouden</h3>"));
    assert!(html.contains(
        "Kolom betrokkene van tabel incidenten, in 2 records: naam van een andere leerling"
    ));

    let redacted: Vec<(&str, bool)> = sealed
        .built
        .manifest
        .entries
        .iter()
        .filter(|entry| !entry.table.is_empty())
        .map(|entry| (entry.table.as_str(), entry.redacted))
        .collect();
    assert_eq!(
        redacted,
        [
            ("leerling", false),
            ("incidenten", true),
            ("incidenten", true),
            ("account", false)
        ]
    );
}

#[test]
fn csv_quotes_commas_quotes_and_line_breaks() {
    let sealed = sealed(&fixture::input(Lang::Nl, false));
    let (_, entries) = unzip(&fixture::decrypt(&sealed.built));
    let csv = text(&entries, "las/incidenten.csv");
    assert_eq!(
        csv,
        "datum,omschrijving,betrokkene\r\n\
         2026-01-12,\"Ruzie op het plein, \"\"flink\"\"\nmet klasgenoot\",\r\n\
         2026-02-03,\"Te laat, 10 min\",\r\n"
    );
}
