//! `[letters]`: the organisation's own versions of letters, read from
//! `letters.dir` (`nl/acknowledgement.txt`, `en/extension.txt`, …) and
//! compiled with the built-in ones. A template that does not compile, uses a
//! field its letter does not have or fails on sample facts is an error with
//! the template's own file, line and column; a file that is no letter is a
//! warning (most often a misspelt name, and then the built-in letter is sent).

use super::check::Checker;
use super::raw::RawLetters;
use super::{Position, Problem};
use crate::answer::{LetterError, LetterKind, Letters, Override};
use crate::lang::Lang;
use std::path::Path;

const KEY: &str = "letters.dir";

pub(super) fn letters(c: &mut Checker, raw: RawLetters) -> Option<Letters> {
    let Some(at) = raw.dir else {
        return Some(Letters::builtin());
    };
    let dir = c.path(at.get_ref());
    if !dir.is_dir() {
        let msg = format!("{} is not a folder", dir.display());
        c.error(
            KEY,
            Some(&at),
            msg,
            "a folder with nl/ and en/ holding the letters to override, e.g. nl/acknowledgement.txt",
        );
        return None;
    }
    let mut overrides = Vec::new();
    let mut ok = true;
    for entry in sorted_entries(c, &dir, &at, &mut ok) {
        let lang = entry
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.parse::<Lang>().ok());
        match lang {
            Some(lang) if entry.is_dir() => {
                for file in sorted_entries(c, &entry, &at, &mut ok) {
                    match read_override(c, lang, &file) {
                        Ok(Some(o)) => overrides.push(o),
                        Ok(None) => {}
                        Err(()) => ok = false,
                    }
                }
            }
            _ => c.push(
                Problem::error(
                    &entry,
                    None,
                    KEY,
                    "is not a language folder; dsrd does not read it".into(),
                )
                .warning()
                .hint("letters go in nl/ or en/, e.g. nl/acknowledgement.txt"),
            ),
        }
    }
    match Letters::with_overrides(overrides) {
        Ok(letters) => Some(letters).filter(|_| ok),
        Err(errors) => {
            for e in errors {
                c.push(problem(e));
            }
            None
        }
    }
}

/// The entries of `dir`, sorted so that problems come in a stable order.
fn sorted_entries(
    c: &mut Checker,
    dir: &Path,
    at: &super::raw::S,
    ok: &mut bool,
) -> Vec<std::path::PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
            paths.sort();
            paths
        }
        Err(e) => {
            let msg = format!("cannot read {}: {e}", dir.display());
            c.error(KEY, Some(at), msg, "");
            *ok = false;
            Vec::new()
        }
    }
}

/// The override in `file`, or none (with a warning) when it is no letter.
fn read_override(c: &mut Checker, lang: Lang, file: &Path) -> Result<Option<Override>, ()> {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let Some(kind) = LetterKind::from_file_name(name).filter(|_| file.is_file()) else {
        let known: Vec<_> = LetterKind::ALL.iter().map(|k| k.file_name()).collect();
        c.push(
            Problem::error(
                file,
                None,
                KEY,
                "is not a letter dsrd writes; it is not used".into(),
            )
            .warning()
            .hint(format!(
                "a misspelt name? the letters are {}",
                known.join(", ")
            )),
        );
        return Ok(None);
    };
    match std::fs::read_to_string(file) {
        Ok(source) => Ok(Some(Override {
            kind,
            lang,
            path: file.to_owned(),
            source,
        })),
        Err(e) => {
            c.push(Problem::error(
                file,
                None,
                KEY,
                format!("cannot read the letter: {e}"),
            ));
            Err(())
        }
    }
}

fn problem(e: LetterError) -> Problem {
    let position = e.line.map(|line| Position {
        line,
        column: e.column.unwrap_or(1),
    });
    let p = Problem::error(&e.file, position, KEY, e.message);
    match e.fields {
        Some(fields) => p.hint(format!("this letter's fields are {}", fields.join(", "))),
        None => p.hint("see \"Letters\" in the README for the template syntax and the fields"),
    }
}

#[cfg(test)]
mod tests {
    use crate::answer::AckFacts;
    use crate::config::{parse, ConfigError, Position, Severity};
    use crate::lang::Lang;
    use chrono::NaiveDate;

    const ORG: &str = "[organisation]\nname = \"S\"\nreply_address = \"avg@s.example\"\n[outgoing]\nkind = \"files\"\npath = \"out\"\n[mailbox]\nkind = \"maildir\"\npath = \"m\"\n";

    fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join("letters").join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn an_override_relative_to_the_file_is_used_and_a_misspelt_file_is_warned_about() {
        let dir = folder(&[
            (
                "nl/acknowledgement.txt",
                "Subject: Ontvangen {{ reference }}\n\nDag {{ requester_name or 'u' }}.\n",
            ),
            ("nl/acknowledgment.txt", "Subject: x\n\ny\n"),
        ]);
        let file = dir.path().join("dsrd.toml");
        let text = format!("{ORG}[letters]\ndir = \"letters\"\n");
        let loaded = parse(&file, &text, &|_| None).unwrap();
        let facts = AckFacts {
            reference: "AVG-2026-0001",
            organisation: "S",
            requester_name: None,
            subject: None,
            received: NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
            due: NaiveDate::from_ymd_opt(2026, 2, 28).unwrap(),
        };
        let nl = loaded
            .config
            .letters
            .acknowledgement(&facts, Lang::Nl)
            .unwrap();
        assert_eq!(
            (nl.subject.as_str(), nl.body.as_str()),
            ("Ontvangen AVG-2026-0001", "Dag u.\n")
        );
        let w: Vec<_> = loaded
            .warnings
            .iter()
            .filter(|w| w.key == "letters.dir")
            .collect();
        assert_eq!(w.len(), 1, "{:?}", loaded.warnings);
        let w = w[0];
        assert_eq!(w.severity, Severity::Warning);
        assert!(w.file.ends_with("letters/nl/acknowledgment.txt"), "{w}");
        assert!(
            w.hint.as_deref().unwrap().contains("acknowledgement.txt"),
            "{w}"
        );
    }

    #[test]
    fn a_broken_override_is_an_error_in_its_own_file_with_line_and_column() {
        let dir = folder(&[(
            "en/extension.txt",
            "Subject: [{{ reference }}] More time\n\nDear {{ requester_name }},\n\nBy {{ new_date }}.\n",
        )]);
        let file = dir.path().join("dsrd.toml");
        let text = format!("{ORG}[letters]\ndir = \"letters\"\n");
        let Err(ConfigError::Invalid(problems)) = parse(&file, &text, &|_| None) else {
            panic!("a broken letter must stop the configuration");
        };
        assert_eq!(problems.len(), 1, "{problems:?}");
        let p = &problems[0];
        assert!(p.file.ends_with("letters/en/extension.txt"), "{p}");
        assert_eq!(p.position, Some(Position { line: 5, column: 7 }));
        assert!(p.message.contains("`new_date`"), "{p}");
        assert!(p.hint.as_deref().unwrap().contains("new_due"), "{p}");
    }

    #[test]
    fn an_override_of_an_identity_letter_is_checked_against_its_own_fields() {
        // `requester_name` is a field of the refusal but not of the code
        // letter, which knows only the name on file for its address.
        let dir = folder(&[
            (
                "nl/identity-code.txt",
                "Subject: Code {{ reference }}\n\nBeste {{ requester_name }}, uw code: {{ code }}\n",
            ),
            (
                "en/refusal-identity.txt",
                "Subject: [{{ reference }}] Refused\n\n{% if bestuursorgaan %}Object.{% else %}Court.{% endif %} {{ requester_name or 'Sir' }} {{ complaint_route }}\n",
            ),
        ]);
        let file = dir.path().join("dsrd.toml");
        let text = format!("{ORG}[letters]\ndir = \"letters\"\n");
        let Err(ConfigError::Invalid(problems)) = parse(&file, &text, &|_| None) else {
            panic!("an unknown field in a new letter must stop the configuration");
        };
        assert_eq!(problems.len(), 2, "{problems:?}");
        let code = problems
            .iter()
            .find(|p| p.file.ends_with("letters/nl/identity-code.txt"))
            .unwrap_or_else(|| panic!("{problems:?}"));
        assert_eq!(
            code.position,
            Some(Position {
                line: 3,
                column: 10
            }),
            "{code}"
        );
        assert!(code.message.contains("`requester_name`"), "{code}");
        assert!(
            code.hint.as_deref().unwrap().contains("addressee_name"),
            "{code}"
        );
        let refusal = problems
            .iter()
            .find(|p| p.file.ends_with("letters/en/refusal-identity.txt"))
            .unwrap_or_else(|| panic!("{problems:?}"));
        assert!(refusal.message.contains("`complaint_route`"), "{refusal}");
        assert!(
            refusal.hint.as_deref().unwrap().contains("complaints"),
            "{refusal}"
        );

        // Without the unknown fields both overrides are taken.
        std::fs::write(
            dir.path().join("letters/nl/identity-code.txt"),
            "Subject: Code {{ reference }}\n\nUw code: {{ code }}\n",
        )
        .unwrap();
        std::fs::remove_file(dir.path().join("letters/en/refusal-identity.txt")).unwrap();
        let loaded = parse(&file, &text, &|_| None).unwrap();
        assert_eq!(loaded.config.letters.overridden().len(), 1);
    }

    #[test]
    fn a_missing_folder_is_an_error_at_the_key() {
        let text = format!("{ORG}[letters]\ndir = \"nowhere\"\n");
        let err = parse(
            std::path::Path::new("/nonexistent/dsrd.toml"),
            &text,
            &|_| None,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("dsrd.toml:11:7: letters.dir"), "{err}");
        assert!(err.contains("is not a folder"), "{err}");
    }
}
