//! Names inside the ZIP, made from what plugins and systems call things.
//!
//! A name comes from outside (a plugin's table or a file an officer
//! uploaded), so it may hold `/` or `..` and climb out of the folder it is
//! unpacked into, a control character, or something Windows refuses to
//! create (`aux.pdf`, `a:b`, a trailing dot). Parents unpack on Windows and
//! macOS, whose file systems ignore case, so two names that differ only in
//! case clash too.

use std::collections::HashSet;

/// Longest name kept, in characters: Windows paths stop at 260 in all,
/// and a name sits under a folder or two.
const MAX_CHARS: usize = 100;

/// `name` made safe to be one component of a path in the ZIP: no `/` or
/// `\`, no control characters or characters Windows forbids, no run of dots
/// (so never `..`), no leading or trailing dot or space, not a device name
/// Windows reserves, not empty, at most [`MAX_CHARS`] characters.
pub fn sanitise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let c = if c.is_control()
            || matches!(c, '/' | '\\' | '<' | '>' | ':' | '"' | '|' | '?' | '*')
        {
            '_'
        } else {
            c
        };
        // One dot where there were several: `..` is never a component, and
        // `a..b` does not alarm an unpacker that looks for `..` anywhere.
        if c == '.' && out.ends_with('.') {
            continue;
        }
        out.push(c);
    }
    let trimmed = out.trim_matches(|c: char| c == '.' || c.is_whitespace());
    let mut name = shorten(trimmed);
    if name.is_empty() {
        name.push('_');
    }
    if is_reserved_on_windows(&name) {
        name.insert(0, '_');
    }
    name
}

/// At most [`MAX_CHARS`] characters, keeping a short extension.
fn shorten(name: &str) -> String {
    if name.chars().count() <= MAX_CHARS {
        return name.to_owned();
    }
    let (stem, ext) = split_extension(name);
    let keep = MAX_CHARS.saturating_sub(ext.chars().count());
    let mut out: String = stem.chars().take(keep).collect();
    out.push_str(ext);
    if out.chars().count() > MAX_CHARS {
        out = name.chars().take(MAX_CHARS).collect();
    }
    out.trim_end_matches(|c: char| c == '.' || c.is_whitespace())
        .to_owned()
}

/// `CON`, `NUL`, `COM1` and the like, with or without an extension.
fn is_reserved_on_windows(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let upper = stem.to_ascii_uppercase();
    matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.len() == 4
            && upper.as_bytes()[3].is_ascii_digit())
}

/// `("rapport", ".pdf")`; no extension for a name with no dot after its
/// first character.
fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 => name.split_at(i),
        _ => (name, ""),
    }
}

/// The names already given in one folder; each new one is made unique.
#[derive(Debug, Default)]
pub struct Unique {
    taken: HashSet<String>,
}

impl Unique {
    /// A folder that already holds `reserved` (e.g. `index.html`).
    pub fn reserving(reserved: &[&str]) -> Self {
        Unique {
            taken: reserved.iter().map(|name| name.to_lowercase()).collect(),
        }
    }

    /// `name` sanitised, or, when that is taken, `stem (2).ext`, `stem
    /// (3).ext` and so on.
    pub fn claim(&mut self, name: &str) -> String {
        let name = sanitise(name);
        if self.taken.insert(name.to_lowercase()) {
            return name;
        }
        let (stem, ext) = split_extension(&name);
        (2..)
            .map(|n| format!("{stem} ({n}){ext}"))
            .find(|candidate| self.taken.insert(candidate.to_lowercase()))
            .expect("an unused number")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_climb_out_or_hide() {
        assert_eq!(sanitise("../x"), "_x");
        assert_eq!(sanitise(".."), "_");
        assert_eq!(sanitise("a/../../b"), "a_._._b");
        assert_eq!(sanitise("..\\..\\win.ini"), "_._win.ini");
        assert_eq!(sanitise(".verborgen"), "verborgen");
        assert_eq!(sanitise("rapport..pdf"), "rapport.pdf");
        assert_eq!(sanitise(""), "_");
        for name in ["../x", "..", "a/../b", "./.", "x\u{0}y\n"] {
            let safe = sanitise(name);
            assert!(!safe.contains('/') && !safe.contains(".."), "{safe}");
            assert!(!safe.chars().any(char::is_control), "{safe:?}");
        }
    }

    #[test]
    fn what_windows_refuses_is_changed() {
        assert_eq!(sanitise("a:b?.pdf"), "a_b_.pdf");
        assert_eq!(sanitise("verslag. "), "verslag");
        assert_eq!(sanitise("aux.pdf"), "_aux.pdf");
        assert_eq!(sanitise("COM1"), "_COM1");
        assert_eq!(sanitise("computer.pdf"), "computer.pdf");
    }

    #[test]
    fn long_names_keep_their_extension() {
        let long = format!("{}.pdf", "a".repeat(300));
        let short = sanitise(&long);
        assert_eq!(short.chars().count(), MAX_CHARS);
        assert!(short.ends_with("a.pdf"));
    }

    #[test]
    fn clashes_get_a_number_regardless_of_case() {
        let mut names = Unique::reserving(&["index.html"]);
        assert_eq!(names.claim("rapport.pdf"), "rapport.pdf");
        assert_eq!(names.claim("Rapport.pdf"), "Rapport (2).pdf");
        assert_eq!(names.claim("rapport.pdf"), "rapport (3).pdf");
        assert_eq!(names.claim("index.html"), "index (2).html");
        assert_eq!(names.claim("a/b"), "a_b");
        assert_eq!(names.claim("a:b"), "a_b (2)");
    }
}
