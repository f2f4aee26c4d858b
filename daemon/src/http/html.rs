//! The frame of every page: one self-contained HTML document with its
//! style inline and nothing loaded from elsewhere, and the escaping every
//! value goes through. The pages are few and small, so they are written
//! here by hand rather than through a template engine: every value enters
//! through [`escape`], and the style's hash goes into the
//! Content-Security-Policy, so no other style (and no script) can run.

use crate::lang::Lang;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::sync::LazyLock;

/// The pages' style: readable on a phone, large enough to type a code.
const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.5;color:#1a1a1a;background:#fff;margin:0}\
header{background:#f2f2f2;border-bottom:1px solid #ccc;padding:.75rem 1rem}\
header p{margin:0;font-weight:600;max-width:36rem;margin-inline:auto}\
main{max-width:36rem;margin:0 auto;padding:1rem}\
section+section{border-top:1px solid #ccc;margin-top:2rem}\
h1{font-size:1.5rem;line-height:1.25}\
label{display:block;font-weight:600;margin-top:1rem}\
.hint{color:#444;margin:.25rem 0 .5rem}\
input{font:inherit;font-size:1.25rem;letter-spacing:.1em;padding:.5rem;width:100%;max-width:14rem;box-sizing:border-box;border:2px solid #555;border-radius:4px}\
button{font:inherit;font-weight:600;margin-top:1rem;padding:.6rem 1.5rem;color:#fff;background:#1d4f91;border:0;border-radius:4px;cursor:pointer}\
button:focus,input:focus{outline:3px solid #f0a000;outline-offset:2px}\
.notice{border-left:4px solid #b00020;background:#fdecee;padding:.5rem .75rem}";

/// `'sha256-…'` of [`STYLE`], for the Content-Security-Policy.
static STYLE_HASH: LazyLock<String> = LazyLock::new(|| {
    let digest = Sha256::digest(STYLE.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
});

/// The Content-Security-Policy every response carries: nothing may load,
/// only the pages' own style applies, forms post only here, no framing.
pub(super) fn content_security_policy() -> String {
    format!(
        "default-src 'none'; style-src {}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        *STYLE_HASH
    )
}

/// `text` with every character that means something in HTML (in text or
/// in a quoted attribute) replaced by its entity.
pub(super) fn escape(text: &str) -> String {
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

/// One language's part of a page: its body is HTML made by the caller,
/// every value in it escaped.
pub(super) struct Section {
    /// Its language.
    pub lang: Lang,
    /// Its `<h1>`, plain text.
    pub title: String,
    /// Its content, HTML.
    pub body: String,
}

/// A whole page: the organisation's name above one section per language,
/// the first section's language being the page's.
pub(super) fn document(organisation: &str, sections: &[Section]) -> String {
    let lang = sections.first().map_or(Lang::Nl, |s| s.lang);
    let title = sections
        .iter()
        .map(|s| s.title.as_str())
        .collect::<Vec<_>>()
        .join(" / ");
    let mut html = String::with_capacity(4096);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"robots\" content=\"noindex, nofollow\">\n\
         <title>{title} – {org}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header><p>{org}</p></header>\n<main>\n",
        lang = lang.code(),
        title = escape(&title),
        org = escape(organisation),
    );
    for section in sections {
        if section.lang == lang {
            html.push_str("<section>\n");
        } else {
            let _ = writeln!(html, "<section lang=\"{}\">", section.lang.code());
        }
        let _ = writeln!(html, "<h1>{}</h1>", escape(&section.title));
        html.push_str(&section.body);
        html.push_str("</section>\n");
    }
    html.push_str("</main>\n</body>\n</html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_markup_and_no_way_out_of_an_attribute() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(escape("Stichting Oost – één"), "Stichting Oost – één");
    }

    #[test]
    fn a_page_is_self_contained_and_names_its_languages() {
        let page = document(
            "School <b>",
            &[
                Section {
                    lang: Lang::Nl,
                    title: "Titel".into(),
                    body: "<p>nl</p>\n".into(),
                },
                Section {
                    lang: Lang::En,
                    title: "Title".into(),
                    body: "<p>en</p>\n".into(),
                },
            ],
        );
        assert!(page.contains("<html lang=\"nl\">"));
        assert!(page.contains("<section lang=\"en\">"));
        assert!(page.contains("<title>Titel / Title – School &lt;b&gt;</title>"));
        assert!(!page.contains("<b>"));
        for outside in ["http:", "https:", "<script", "<link", "<img", "src="] {
            assert!(!page.contains(outside), "{outside} in {page}");
        }
    }

    #[test]
    fn the_policy_allows_exactly_the_pages_own_style() {
        let policy = content_security_policy();
        assert!(policy.starts_with("default-src 'none'; style-src 'sha256-"));
        assert!(policy.contains("form-action 'self'"));
        assert!(!policy.contains("unsafe"));
        // A change to the style changes the hash the browser checks.
        let again = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(STYLE));
        assert!(policy.contains(&again));
    }
}
