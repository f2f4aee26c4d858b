//! `index.html`: the overview a parent opens by double-clicking, on any
//! computer or phone, with no program but a browser and no network.
//!
//! So it loads nothing: no style sheet, font, image or script from
//! anywhere (its CSS is inline, and a Content-Security-Policy in the page
//! forbids everything else, in case a value ever slipped through
//! unescaped); every link is relative, to a file in the package. Every
//! name and value is HTML-escaped: a system's data may hold `<script>`.

use super::cell;
use super::input::{PackageInput, SystemPart};
use super::layout::{Layout, SystemLayout, DATA_JSON, INDEX_CSV};
use super::redact::is_withheld;
use crate::lang::{self, Lang};
use std::fmt::Write;

/// The words of the overview in one language.
struct Words {
    title: &'static str,
    data_of: &'static str,
    reference: &'static str,
    made_on: &'static str,
    intro: &'static str,
    manifest: &'static str,
    portability: &'static str,
    contents: &'static str,
    categories: &'static str,
    nothing_found: &'static str,
    no_records: &'static str,
    records: (&'static str, &'static str),
    files: &'static str,
    withheld: &'static str,
    withheld_intro: &'static str,
    withheld_cell: &'static str,
    /// "Column c of table t, in n records": the column, the table, the count.
    withheld_line: fn(&str, &str, &str) -> String,
}

const NL: Words = Words {
    title: "Uw gegevens bij",
    data_of: "Gegevens van",
    reference: "Kenmerk",
    made_on: "Opgesteld op",
    intro: "Dit pakket bevat de persoonsgegevens die wij over u verwerken, per systeem. \
            Elke tabel staat hieronder en ook in de map van het systeem, als JSON- en als \
            CSV-bestand (een CSV-bestand opent in Excel of LibreOffice). Bestanden staan in \
            de map files van het systeem.",
    manifest: "noemt elk record en elk bestand in dit pakket, met het systeem, de soort \
               gegevens en of er iets uit is achtergehouden.",
    portability: "bevat dezelfde gegevens in een machineleesbare vorm, met een beschrijving \
                  van elk veld, om mee te nemen naar een andere organisatie (artikel 20 AVG).",
    contents: "Inhoud",
    categories: "Soorten gegevens",
    nothing_found: "In dit systeem zijn geen gegevens over u gevonden.",
    no_records: "Geen records.",
    records: ("record", "records"),
    files: "Bestanden",
    withheld: "Achtergehouden",
    withheld_intro: "Gegevens over andere mensen zijn achtergehouden waar het geven ervan \
                     hun rechten zou schaden (artikel 15, vierde lid, AVG). In de tabellen \
                     staat op die plaats \u{201c}achtergehouden\u{201d}.",
    withheld_cell: "achtergehouden",
    withheld_line: |column, table, count| format!("Kolom {column} van tabel {table}, in {count}"),
};

const EN: Words = Words {
    title: "Your data held by",
    data_of: "Data about",
    reference: "Reference",
    made_on: "Made on",
    intro: "This package holds the personal data we process about you, system by system. \
            Each table is shown below and is also in the system's folder, as a JSON file and \
            as a CSV file (a CSV file opens in Excel or LibreOffice). Files are in the \
            system's files folder.",
    manifest: "lists every record and every file in this package, with its system, the kind \
               of data and whether anything was withheld from it.",
    portability: "holds the same data in a machine-readable form, with a description of each \
                  field, to take to another organisation (Article 20 GDPR).",
    contents: "Contents",
    categories: "Kinds of data",
    nothing_found: "No data about you was found in this system.",
    no_records: "No records.",
    records: ("record", "records"),
    files: "Files",
    withheld: "Withheld",
    withheld_intro: "Data about other people has been withheld where giving it would \
                     adversely affect their rights (Article 15(4) GDPR). The tables show \
                     \u{201c}withheld\u{201d} in its place.",
    withheld_cell: "withheld",
    withheld_line: |column, table, count| format!("Column {column} of table {table}, in {count}"),
};

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Arial,sans-serif;\
line-height:1.45;margin:0;color:#1a1a1a;background:#fff}\
main{max-width:72rem;margin:0 auto;padding:1rem 1.25rem 3rem}\
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2.5rem;border-bottom:2px solid #ccc}\
h3{font-size:1.1rem;margin-top:1.5rem}\
.wide{overflow-x:auto}\
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.95rem}\
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top;\
white-space:pre-wrap}\
th{background:#eee}td.withheld{color:#555;font-style:italic}\
dt{font-weight:bold}dd{margin:0 0 .4rem}\
@media print{.wide{overflow:visible}}";

/// The bytes of `index.html` for `input`.
pub fn index_html(input: &PackageInput, layout: &Layout) -> Vec<u8> {
    let words = match input.lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    };
    let mut page = String::new();
    let title = format!("{} {}", words.title, input.organisation);
    // `write!` into a String cannot fail; the results are ignored below.
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>{title} \u{2014} {reference}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
         <h1>{title}</h1>\n",
        lang = input.lang.code(),
        title = escape(&title),
        reference = escape(&input.reference),
    );
    if let Some(name) = &input.subject_name {
        let _ = writeln!(page, "<p>{} {}</p>", words.data_of, escape(name));
    }
    let _ = write!(
        page,
        "<dl>\n<dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd>{}</dd>\n</dl>\n<p>{}</p>\n\
         <p><a href=\"{INDEX_CSV}\">{INDEX_CSV}</a> {}</p>\n",
        words.reference,
        escape(&input.reference),
        words.made_on,
        escape(&lang::date(input.made_on, input.lang)),
        words.intro,
        words.manifest,
    );
    if input.portability {
        let _ = writeln!(
            page,
            "<p><a href=\"{DATA_JSON}\">{DATA_JSON}</a> {}</p>",
            words.portability
        );
    }
    if !input.systems.is_empty() {
        let _ = writeln!(page, "<nav>\n<h2>{}</h2>\n<ul>", words.contents);
        for (i, part) in input.systems.iter().enumerate() {
            let _ = writeln!(
                page,
                "<li><a href=\"#system-{}\">{}</a></li>",
                i + 1,
                escape(&part.system)
            );
        }
        page.push_str("</ul>\n</nav>\n");
    }
    for (i, (part, paths)) in input.systems.iter().zip(&layout.systems).enumerate() {
        system(&mut page, words, i + 1, part, paths, input.lang);
    }
    page.push_str("</main>\n</body>\n</html>\n");
    page.into_bytes()
}

/// One system's section.
fn system(
    page: &mut String,
    words: &Words,
    n: usize,
    part: &SystemPart,
    paths: &SystemLayout,
    lang: Lang,
) {
    let _ = writeln!(
        page,
        "<section id=\"system-{n}\">\n<h2>{}</h2>",
        escape(&part.system)
    );
    if !part.categories.is_empty() {
        let categories: Vec<String> = part.categories.iter().map(|c| escape(c)).collect();
        let _ = writeln!(
            page,
            "<p>{}: {}.</p>",
            words.categories,
            categories.join(", ")
        );
    }
    if part.export.is_empty() {
        let _ = writeln!(page, "<p>{}</p>", words.nothing_found);
    }
    for (t, table) in part.export.tables.iter().enumerate() {
        let count = lang::count(table.rows.len() as i64, lang, words.records, words.records);
        let _ = writeln!(
            page,
            "<h3>{}</h3>\n<p>{count} \u{b7} <a href=\"{}\">JSON</a> \u{b7} <a href=\"{}\">CSV</a></p>",
            escape(&table.name),
            href(&paths.table_path(t, "json")),
            href(&paths.table_path(t, "csv")),
        );
        if table.rows.is_empty() {
            let _ = writeln!(page, "<p>{}</p>", words.no_records);
            continue;
        }
        let withheld: Vec<bool> = table
            .columns
            .iter()
            .map(|column| is_withheld(&part.withheld, &table.name, column))
            .collect();
        page.push_str("<div class=\"wide\"><table>\n<thead><tr>");
        for column in &table.columns {
            let _ = write!(page, "<th scope=\"col\">{}</th>", escape(column));
        }
        page.push_str("</tr></thead>\n<tbody>\n");
        for row in &table.rows {
            page.push_str("<tr>");
            for (c, value) in row.iter().enumerate() {
                if withheld.get(c).copied().unwrap_or(false) {
                    let _ = write!(page, "<td class=\"withheld\">{}</td>", words.withheld_cell);
                } else {
                    let _ = write!(page, "<td>{}</td>", escape(&cell::text(value)));
                }
            }
            page.push_str("</tr>\n");
        }
        page.push_str("</tbody>\n</table></div>\n");
    }
    if !part.export.files.is_empty() {
        let _ = writeln!(page, "<h3>{}</h3>\n<ul>", words.files);
        for (f, file) in part.export.files.iter().enumerate() {
            let name = &paths.files[f];
            let _ = writeln!(
                page,
                "<li><a href=\"{}\">{}</a> ({}, {})</li>",
                href(&paths.file_path(f)),
                escape(name),
                escape(&file.media_type),
                size(file.bytes.len()),
            );
        }
        page.push_str("</ul>\n");
    }
    if !part.withheld.is_empty() {
        let _ = writeln!(
            page,
            "<h3>{}</h3>\n<p>{}</p>\n<ul>",
            words.withheld, words.withheld_intro
        );
        for w in &part.withheld {
            let count = lang::count(w.records as i64, lang, words.records, words.records);
            let line = (words.withheld_line)(&escape(&w.column), &escape(&w.table), &count);
            let _ = writeln!(page, "<li>{line}: {}</li>", escape(&w.reason));
        }
        page.push_str("</ul>\n");
    }
    page.push_str("</section>\n");
}

/// `text` with `&`, `<`, `>`, `"` and `'` escaped: safe as element content
/// and as a quoted attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A relative link to `path` in the package: each component
/// percent-encoded (RFC 3986), so that a space, `#` or `?` in a name is
/// part of the name and not of the link.
fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// "12 kB": a size a person reads.
fn size(bytes: usize) -> String {
    const KB: usize = 1024;
    match bytes {
        b if b < KB => format!("{b} B"),
        b if b < KB * KB => format!("{} kB", b.div_ceil(KB)),
        b => format!("{} MB", b.div_ceil(KB * KB)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(
            escape("<script>alert('x & \"y\"')</script>"),
            "&lt;script&gt;alert(&#39;x &amp; &quot;y&quot;&#39;)&lt;/script&gt;"
        );
    }

    #[test]
    fn links_encode_what_would_break_them() {
        assert_eq!(
            href("las/files/rapport (2).pdf"),
            "las/files/rapport%20%282%29.pdf"
        );
        assert_eq!(href("las/files/a#b?c"), "las/files/a%23b%3Fc");
        assert_eq!(href("las/files/Zoë.pdf"), "las/files/Zo%C3%AB.pdf");
    }

    #[test]
    fn sizes_read_in_units() {
        assert_eq!(size(10), "10 B");
        assert_eq!(size(2000), "2 kB");
        assert_eq!(size(3 * 1024 * 1024), "3 MB");
    }
}
