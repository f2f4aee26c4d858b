//! Recognising a mail that may report a breach: "ik heb het rapport van een
//! ander kind ontvangen", "this was sent to the wrong person". Pure.
//!
//! Kept apart from the request classifier on purpose: a breach report is not
//! a request type (it has no article, no deadline of a month, no
//! acknowledgement as a request), and the classifier's labelled figures stay
//! what they are. The phrases are narrow: a parent who mentions "datalek" in
//! an access request (the access templates ask about past breaches) is still
//! a request, and intake only takes this path when the classifier does not
//! see a confident request (see `intake::pipeline`), because a request
//! missed is a legal deadline missed.

use regex::{Regex, RegexBuilder};
use std::sync::LazyLock;

/// Why a mail looks like a breach report: the phrases that matched, as
/// they appear in the mail, for the officer's draft entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreachSignal {
    /// Each matching phrase, in the order of the patterns.
    pub phrases: Vec<String>,
}

/// Documents, records and people a misdirected mail is about.
const THING_NL: &str = r"(?:rapport\w*|cijferlijst\w*|cijfers|gegevens|verslag\w*|dossier|e-?mail|mail|brief|bericht|document\w*|bijlage|toets\w*|uitslag\w*|adviesbrief|OPP|foto'?s)";
const WHO_NL: &str = r"(?:kind|leerling|ouder|gezin|familie|persoon|jongen|meisje|klasgenoot)";
const THING_EN: &str = r"(?:report\s*card|report|grades|marks|data|details|file|records?|information|letter|e-?mail|message|document|attachment|results|photos?)";
const WHO_EN: &str = r"(?:child|pupil|student|parent|family|person|kid|boy|girl|classmate)";

static PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let sources = [
        // "het rapport van een ander kind", "de gegevens van een andere leerling"
        format!(r"\b{THING_NL}\s+(?:van|over)\s+(?:een\s+)?andere?\s+{WHO_NL}"),
        // "gegevens van iemand anders", "de cijferlijst van een klasgenoot ontvangen"
        format!(r"\b{THING_NL}\s+(?:van|over)\s+iemand\s+anders"),
        r"\bverkeerde\s+(?:ontvanger|geadresseerde|e-?mailadres|adres|persoon|ouders?|gezin|mensen)".to_owned(),
        r"\bper\s+ongeluk\s+(?:naar|aan)\s+(?:mij|ons|de\s+verkeerde|iemand|andere)".to_owned(),
        r"\bper\s+ongeluk\s+(?:\w+\s+){0,3}(?:ontvangen|toegestuurd|doorgestuurd|gekregen|gemaild)".to_owned(),
        r"\bniet\s+voor\s+(?:mij|ons)\s+bedoeld".to_owned(),
        // "another child's report", "someone else's data"
        format!(r"\b(?:another|a\s+different|other)\s+{WHO_EN}'?s\s+{THING_EN}"),
        format!(r"\bsomeone\s+else'?s\s+{THING_EN}"),
        format!(r"\b{THING_EN}\s+(?:of|about|for)\s+(?:another|a\s+different)\s+{WHO_EN}"),
        r"\bsent\s+(?:\w+\s+){0,3}to\s+the\s+wrong\s+(?:person|address|recipient|parents?|family|people)".to_owned(),
        r"\bwrong\s+recipient".to_owned(),
        r"\b(?:not|never)\s+(?:meant|intended)\s+for\s+(?:me|us)".to_owned(),
    ];
    sources
        .iter()
        .map(|s| {
            RegexBuilder::new(s)
                .case_insensitive(true)
                .build()
                .expect("the breach phrases compile (tested)")
        })
        .collect()
});

/// Whether a mail's subject or body reads like a breach report; `None`
/// when no phrase matches.
pub fn possible_breach(subject: &str, body: &str) -> Option<BreachSignal> {
    let phrases: Vec<String> = PATTERNS
        .iter()
        .filter_map(|re| {
            re.find(subject)
                .or_else(|| re.find(body))
                .map(|m| m.as_str().to_owned())
        })
        .collect();
    (!phrases.is_empty()).then_some(BreachSignal { phrases })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_and_english_breach_reports_are_recognised() {
        for (subject, body) in [
            (
                "Rapport",
                "Ik heb het rapport van een ander kind ontvangen in de mail.",
            ),
            (
                "",
                "Vandaag kregen wij de gegevens van een andere leerling.",
            ),
            ("Verkeerde ontvanger", "Goedemiddag"),
            ("", "Deze mail is per ongeluk naar mij gestuurd."),
            (
                "",
                "Ik heb per ongeluk een cijferlijst ontvangen die niet voor mij bedoeld is.",
            ),
            (
                "Wrong report",
                "I received another child's report this morning.",
            ),
            (
                "",
                "Your newsletter attachment was sent to the wrong person, it holds grades.",
            ),
            ("", "I got someone else's report card."),
        ] {
            assert!(
                possible_breach(subject, body).is_some(),
                "{subject} / {body}"
            );
        }
    }

    #[test]
    fn ordinary_requests_and_mail_are_not_breach_reports() {
        for (subject, body) in [
            (
                "Inzage",
                "Graag wil ik inzage in de gegevens van mijn kind.",
            ),
            ("", "Ik heb per ongeluk 'ja' aangeklikt bij beeldmateriaal."),
            (
                "",
                "Please tell me whether there was a data breach involving my data.",
            ),
            (
                "",
                "Is er sprake geweest van een datalek? Zo ja, welke gegevens?",
            ),
            (
                "Correction",
                "The report of my child has the wrong address.",
            ),
        ] {
            assert_eq!(possible_breach(subject, body), None, "{subject} / {body}");
        }
    }

    #[test]
    fn the_signal_keeps_the_phrases_as_written() {
        let s = possible_breach("", "Ik heb het Rapport van een ander kind gekregen.").unwrap();
        assert_eq!(s.phrases, ["Rapport van een ander kind"]);
    }
}

#[cfg(test)]
mod corpora {
    //! The signal against every letter the repository holds: the test
    //! letters of `testdata/breaches/` are breach reports, and no request
    //! or other mail of the corpora is (a letter diverted into the breach
    //! register would be a request without a case).

    use super::possible_breach;
    use std::path::{Path, PathBuf};

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    fn parsed(raw: &[u8]) -> (String, String) {
        let parsed = crate::intake::parse(raw);
        (parsed.subject.unwrap_or_default(), parsed.body_text)
    }

    fn jsonl(path: &Path) -> Vec<(String, String, String)> {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                let s = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
                (s("id"), s("subject"), s("body"))
            })
            .collect()
    }

    #[test]
    fn breach_signal_on_the_corpora() {
        let letters: Vec<_> = std::fs::read_dir(root().join("testdata/breaches"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        assert_eq!(letters.len(), 3, "testdata/breaches holds three letters");
        for letter in &letters {
            let (subject, body) = parsed(&std::fs::read(letter).unwrap());
            assert!(
                possible_breach(&subject, &body).is_some(),
                "{}",
                letter.display()
            );
        }
        let mut hits = Vec::new();
        for file in [
            "testdata/corpus/corpus.jsonl",
            "daemon/src/classify/tests/free_text.jsonl",
            "daemon/src/classify/tests/free_text_holdout.jsonl",
        ] {
            let items = jsonl(&root().join(file));
            assert!(!items.is_empty(), "{file}");
            for (id, subject, body) in items {
                if let Some(s) = possible_breach(&subject, &body) {
                    hits.push(format!("{file} {id}: {:?}", s.phrases));
                }
            }
        }
        let mut mime = 0;
        for folder in ["legacy", "malformed", "rfc", "thirdparty"] {
            for entry in
                std::fs::read_dir(root().join("testdata/mime-corpus").join(folder)).unwrap()
            {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "eml") {
                    mime += 1;
                    let (subject, body) = parsed(&std::fs::read(&path).unwrap());
                    if let Some(s) = possible_breach(&subject, &body) {
                        hits.push(format!("{}: {:?}", path.display(), s.phrases));
                    }
                }
            }
        }
        assert_eq!(mime, 107);
        assert!(
            hits.is_empty(),
            "letters taken for breach reports:\n{}",
            hits.join("\n")
        );
    }
}
