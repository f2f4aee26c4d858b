//! Names of the people a request is about: the children a parent writes
//! about, found after a cue ("mijn dochter", "moeder van", "Naam leerling:")
//! or, in a parent's letter, right before a group ("Lotte Bakker groep 3").
//!
//! The identity stage looks people up by these names, so a wrong name is
//! worse than none: salutations ("Beste Jan,", "Geachte mevrouw De Vries"),
//! the writer introducing themself ("Mijn naam is …") and words that merely
//! start a sentence or a subject line are kept out.

use std::sync::LazyLock;

use regex::Regex;

/// One word of a name: capitalised, with hyphenated or apostrophe parts
/// ("Jan-Willem", "O'Neill"). A trailing possessive apostrophe ("Evans'")
/// is not part of it.
const TOKEN: &str = r"\p{Lu}(?:['’]\p{Lu})?\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)*";

/// Lower-case particles between the words of a name ("van der", "de",
/// "el"). Capitalised ones ("Van Dijk") are tokens in their own right.
const PARTICLE: &str = r"(?:van|de|der|den|ter|te|ten|von|zu|du|la|le|el|al|da|di|'t)";

/// A whole name on one line: up to four words with particles between them.
fn name_pattern() -> String {
    format!(r"(?P<name>{TOKEN}(?:[ \t]+(?:{PARTICLE}[ \t]+)*{TOKEN}){{0,3}})")
}

/// Phrases after which the name of the person the request is about follows.
static CUED: LazyLock<Regex> = LazyLock::new(|| {
    let cues = [
        // nl: "mijn dochter", "onze zoon heet", "mijn kinderen"
        r"(?:mijn|onze|ons)\s+(?:zoon(?:tje|s)?|dochter(?:tje|s)?|kind|kinderen|pleegkind|pleegzoon|pleegdochter|stiefzoon|stiefdochter|tweeling)(?:\s+(?:heet|genaamd))?",
        r"(?:moeder|vader|ouders?|voogd|verzorgers?)\s+van",
        r"naam\s+(?:van\s+(?:mijn|ons|onze|het|de)\s+)?(?:kind|leerling|zoon|dochter)(?:\s+is|\s*:)",
        r"het\s+(?:gaat|betreft)\s+(?:hier\s+)?om",
        // en
        r"(?:my|our)\s+(?:son|daughter|child|children|kids|ward|stepson|stepdaughter|foster\s+(?:child|son|daughter))(?:\s+(?:is\s+called|is\s+named|called|named))?",
        r"(?:parents?|mother|father|guardian|carer)\s+of",
        r"(?:child's|pupil's|student's)\s+name(?:\s+is|\s*:)",
        r"name\s+of\s+(?:the\s+|my\s+|our\s+)?(?:child|pupil|student)(?:\s+is|\s*:)",
        // de
        r"(?:mein(?:e|en|em|er|es)?|unser(?:e|en|em|er|es)?)\s+(?:Sohn(?:es)?|Tochter|Kind(?:es|er)?)",
        r"Name\s+des\s+Kindes\s*:",
        // fr
        r"(?:mon|notre)\s+(?:fils|enfant)|(?:ma|notre)\s+fille|mes\s+enfants",
        r"nom\s+de\s+l['’]enfant\s*:",
    ];
    Regex::new(&format!(
        r"\b(?i:{})[ \t]*[,:(]?[ \t]*{}",
        cues.join("|"),
        name_pattern()
    ))
    .expect("static regex")
});

/// A form line that names the pupil: "Naam leerling: …", "Leerling: …",
/// "Naam kind: …", "Pupil: …".
static FORM_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?m)^[ \t]*(?i:(?:naam[ \t]+)?(?:leerling|kind)|(?:pupil|student|child)(?:'s)?(?:[ \t]+name)?)[ \t]*:[ \t]*{}",
        name_pattern()
    ))
    .expect("static regex")
});

/// A name right before a group or class, as parents write it: "Lotte Bakker
/// groep 3", "Sem Hendriks (groep 3)", "Amelia Clarke (Year 2)".
static BEFORE_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{}[ \t]*(?:,|\(|uit|van|in|from|in)?[ \t]*(?i:groep|klas|class|year)[ \t]*:?[ \t]*\d",
        name_pattern()
    ))
    .expect("static regex")
});

/// More names after the first: "Emma en Lucas de Boer", "Tess Brouwer
/// (groep 2) en Luuk Brouwer", "Ethan Lewis (Year 4) and Sophie Lewis".
static NEXT_IN_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:[ \t]*\([^)\n]{{0,40}}\))?[ \t]*(?:,[ \t]*(?:en|and|und|et)?|en|and|&|und|et)[ \t]+{}",
        name_pattern()
    ))
    .expect("static regex")
});

/// The writer naming themself; such names are never the subject's.
static SELF_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?i:mijn\s+naam\s+is|ik\s+ben|ik\s+heet|my\s+name\s+is|i\s+am|i'm|ich\s+bin|ich\s+heiße|je\s+suis|je\s+m['’]appelle)[ \t]+{}",
        name_pattern()
    ))
    .expect("static regex")
});

/// Words that end a name: the next thing in the sentence, not a surname.
const STOP_AFTER: &[&str] = &[
    "groep",
    "klas",
    "klasse",
    "class",
    "year",
    "form",
    "geboortedatum",
    "geboren",
    "leerlingnummer",
    "leerling",
    "hij",
    "zij",
    "ze",
    "he",
    "she",
    "ik",
    "wij",
    "we",
    "i",
    "het",
    "en",
    "and",
    "uit",
    "is",
    "zit",
    "was",
];

/// Words that start a sentence or a subject line and are no names.
const STOP_BEFORE: &[&str] = &[
    "inzageverzoek",
    "inzage",
    "verzoek",
    "verwijderverzoek",
    "bezwaar",
    "betreft",
    "re",
    "fw",
    "fwd",
    "aw",
    "dossier",
    "gegevens",
    "aanvraag",
    "request",
    "subject",
    "access",
    "data",
    "records",
    "avg",
    "gdpr",
    "mijn",
    "onze",
    "my",
    "our",
    "dear",
    "beste",
    "geachte",
    "hallo",
    "hoi",
    "hi",
    "hello",
    "goedemorgen",
    "goedemiddag",
    "goedendag",
    "het",
    "een",
    "wij",
    "we",
    "ik",
    "i",
    "hij",
    "zij",
    "ze",
    "he",
    "she",
    "naam",
    "name",
    "leerling",
    "kind",
    "pupil",
    "student",
    "child",
];

/// Titles and greetings before a name that make it the addressee's.
const TITLES: &[&str] = &[
    "juf",
    "juffrouw",
    "meester",
    "meneer",
    "mevrouw",
    "heer",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "beste",
    "geachte",
    "dear",
    "hallo",
    "hoi",
    "hi",
    "hello",
    "fam",
    "familie",
    "leerkracht",
    "docent",
    "teacher",
    "mentor",
    "directeur",
];

/// The names of the people `text` is about, in order of appearance, each
/// with the snippet it was read from. `parent` says whether the writer is
/// a parent: only then is a bare name before a group taken as the child's.
pub(crate) fn subject_names(text: &str, parent: bool) -> Vec<(String, String)> {
    let mut candidates: Vec<(usize, String, String)> = Vec::new();
    let mut push = |start: usize, name: &str, snippet: &str| {
        if let Some(name) = clean(name) {
            candidates.push((start, name, collapse(snippet)));
        }
    };
    for re in [&*CUED, &*FORM_LINE] {
        for c in re.captures_iter(text) {
            let m = c.name("name").expect("name group");
            push(m.start(), m.as_str(), &c[0]);
            let mut end = m.end();
            while let Some(next) = NEXT_IN_LIST.captures(&text[end..]) {
                let n = next.name("name").expect("name group");
                push(end + n.start(), n.as_str(), &next[0]);
                end += next.get(0).expect("whole match").end();
            }
        }
    }
    if parent {
        for c in BEFORE_GROUP.captures_iter(text) {
            let m = c.name("name").expect("name group");
            // "Meester Ahmed Yilmaz van groep 5" is the teacher.
            let first = m.as_str().split_whitespace().next().unwrap_or("");
            if TITLES.contains(&first.to_lowercase().as_str()) {
                continue;
            }
            let Some(name) = clean(m.as_str()) else {
                continue;
            };
            // A bare name is weaker evidence than a cue: one word may be a
            // teacher's first name or a word that starts the sentence.
            if name.split_whitespace().count() < 2 || after_title(text, m.start()) {
                continue;
            }
            candidates.push((m.start(), name, collapse(&c[0])));
        }
    }
    candidates.sort_by_key(|c| c.0);

    let writer: Vec<String> = SELF_NAMED
        .captures_iter(text)
        .filter_map(|c| clean(&c["name"]))
        .map(|n| n.to_lowercase())
        .collect();
    let mut names: Vec<(String, String)> = Vec::new();
    for (_, name, snippet) in candidates {
        let lower = name.to_lowercase();
        if writer.contains(&lower) {
            continue;
        }
        // "Isa" after "Isa de Groot" is the same child; keep the fuller name.
        if let Some(i) = names
            .iter()
            .position(|(n, _)| words_within(&n.to_lowercase(), &lower))
        {
            names[i] = (name, snippet);
            continue;
        }
        if names
            .iter()
            .any(|(n, _)| words_within(&lower, &n.to_lowercase()))
        {
            continue;
        }
        names.push((name, snippet));
    }
    names
}

/// The name with words that are no part of it cut off: leading sentence or
/// subject-line words, and everything from the first word that ends a name.
fn clean(raw: &str) -> Option<String> {
    let words: Vec<&str> = raw.split_whitespace().collect();
    let is = |list: &[&str], w: &str| list.contains(&w.to_lowercase().as_str());
    let start = words
        .iter()
        .position(|w| !is(STOP_BEFORE, w))
        .unwrap_or(words.len());
    let mut kept: Vec<&str> = words[start..]
        .iter()
        .take_while(|w| !is(STOP_AFTER, w))
        .copied()
        .collect();
    // A name does not end in a particle ("Lucas de" before a cut word).
    while kept
        .last()
        .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase))
    {
        kept.pop();
    }
    (!kept.is_empty()).then(|| kept.join(" "))
}

/// Whether the word before `pos` on its line is a title or a greeting
/// ("juf Anouk", "Beste Jan", "mevrouw De Vries").
fn after_title(text: &str, pos: usize) -> bool {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..pos]
        .split(|c: char| !c.is_alphanumeric())
        .rfind(|w| !w.is_empty())
        .is_some_and(|w| TITLES.contains(&w.to_lowercase().as_str()))
}

/// Whether every word of `short` is a word of `long`.
fn words_within(short: &str, long: &str) -> bool {
    let long: Vec<&str> = long.split_whitespace().collect();
    short.split_whitespace().all(|w| long.contains(&w))
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
