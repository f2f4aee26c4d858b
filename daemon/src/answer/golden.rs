//! Golden tests: every letter in every language, rendered from its sample
//! facts, must equal the file beside it in `letters/golden/<lang>/`, byte for
//! byte (as `Subject: …`, an empty line, the body). A difference writes the
//! new text to `<name>.failed` next to the golden file, so
//! `diff x.txt x.failed` shows it and `mv x.failed x.txt` accepts it.

use super::{LetterKind, Letters};
use crate::lang::Lang;
use std::path::{Path, PathBuf};

fn golden_dir(lang: Lang) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("letters/golden")
        .join(lang.code())
}

#[test]
fn every_letter_in_every_language_matches_its_golden_file() {
    let letters = Letters::builtin();
    let mut failed = Vec::new();
    let mut expected_files = Vec::new();
    for lang in [Lang::Nl, Lang::En] {
        let dir = golden_dir(lang);
        for kind in LetterKind::ALL {
            let samples = kind.samples(lang);
            assert!(!samples.is_empty(), "{kind:?} has no sample facts");
            for (name, sample) in samples {
                let letter = letters.render(kind, lang, sample).unwrap();
                let text = format!("Subject: {}\n\n{}", letter.subject, letter.body);
                let golden = dir.join(format!("{name}.txt"));
                let new = dir.join(format!("{name}.failed"));
                expected_files.push(golden.clone());
                match std::fs::read_to_string(&golden) {
                    Ok(want) if want == text => {
                        let _ = std::fs::remove_file(&new);
                    }
                    _ => {
                        std::fs::create_dir_all(&dir).unwrap();
                        std::fs::write(&new, &text).unwrap();
                        failed.push(new);
                    }
                }
            }
        }
    }
    assert!(
        failed.is_empty(),
        "letters differ from (or have no) golden file; the new text is in: {}",
        failed
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    // A golden file no sample renders any more would be checked by nothing.
    for lang in [Lang::Nl, Lang::En] {
        let present: Vec<PathBuf> = std::fs::read_dir(golden_dir(lang))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        assert!(
            !present.is_empty(),
            "{} is empty",
            golden_dir(lang).display()
        );
        for p in present {
            assert!(
                expected_files.contains(&p),
                "{} is rendered by no sample",
                p.display()
            );
        }
    }
}
