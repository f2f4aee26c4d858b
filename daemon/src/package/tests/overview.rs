use super::fixture::{self, sealed, text, unzip, SCRIPT};
use crate::lang::Lang;
use regex::Regex;

fn index_html(lang: Lang, portability: bool) -> String {
    let sealed = sealed(&fixture::input(lang, portability));
    let (_, entries) = unzip(&fixture::decrypt(&sealed.built));
    text(&entries, "index.html")
}

#[test]
fn the_overview_loads_nothing_from_outside_and_links_only_inside() {
    let html = index_html(Lang::Nl, true);
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(
        !html.to_lowercase().contains("<script"),
        "no script element"
    );
    assert!(!html.contains("<img") && !html.contains("<link") && !html.contains("@import"));
    let attribute = Regex::new(r#"(?i)\b(src|href)\s*=\s*"([^"]*)""#).unwrap();
    let links: Vec<String> = attribute
        .captures_iter(&html)
        .map(|c| c[2].to_owned())
        .collect();
    assert!(
        links.iter().any(|l| l == "las/files/rapport.pdf"),
        "{links:?}"
    );
    assert!(
        links.iter().any(|l| l == "las/files/Rapport%20%282%29.pdf"),
        "{links:?}"
    );
    assert!(links.iter().any(|l| l == "data.json"), "{links:?}");
    for link in &links {
        assert!(
            !link.contains(':') && !link.starts_with('/') && !link.contains(".."),
            "{link}"
        );
    }
    // Every link names an entry of the ZIP or an anchor on the page.
    let sealed = sealed(&fixture::input(Lang::Nl, true));
    let (order, _) = unzip(&fixture::decrypt(&sealed.built));
    for link in links {
        if let Some(anchor) = link.strip_prefix('#') {
            assert!(html.contains(&format!("id=\"{anchor}\"")), "{link}");
        } else {
            let path = link
                .replace("%20", " ")
                .replace("%28", "(")
                .replace("%29", ")");
            assert!(order.contains(&path), "{link} names no entry");
        }
    }
}

#[test]
fn the_overview_is_in_the_requesters_language() {
    let nl = index_html(Lang::Nl, false);
    assert!(nl.contains("<html lang=\"nl\">"));
    assert!(nl.contains("Uw gegevens bij Stichting Kopwerk"));
    assert!(nl.contains("Gegevens van Noor Bakkerzoon"));
    assert!(nl.contains("2 maart 2026"));
    assert!(!nl.contains("data.json"));
    let en = index_html(Lang::En, false);
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("Your data held by Stichting Kopwerk"));
    assert!(en.contains("2 March 2026"));
}

#[test]
fn markup_in_a_value_appears_escaped() {
    let html = index_html(Lang::Nl, false);
    assert!(!html.contains(SCRIPT));
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
}

#[test]
fn each_system_shows_its_categories_tables_files_and_what_is_missing() {
    let html = index_html(Lang::Nl, false);
    assert!(html.contains("<h2>Leerlingadministratie</h2>"));
    assert!(html.contains("Soorten gegevens: NAW-gegevens, Schoolloopbaan."));
    assert!(html.contains("<h3>leerling</h3>"));
    assert!(html.contains("<th scope=\"col\">leerlingnummer</th>"));
    assert!(html.contains("<td>4802139</td>"));
    assert!(html
        .contains("<h2>Ouderapp</h2>\n<p>In dit systeem zijn geen gegevens over u gevonden.</p>"));
}
