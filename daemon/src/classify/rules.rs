//! Rule files: phrases, regexes and article references per language.
//!
//! The rules are data, not code, so a privacy officer can add the phrasing
//! their parents use without a new release. Loading takes two steps, as the
//! rest of dsrd's configuration does: the TOML text is parsed into raw
//! structs that reject unknown keys (so a typo is reported with file, line
//! and column), then every phrase and regex of an officer's file is compiled
//! and checked on its own (so a bad regex is reported by name) before all of
//! its language's patterns are compiled once into a [`RegexSet`].
//! Classifying an e-mail then costs one pass of the set over the text, plus
//! one search per rule that hit.
//!
//! # Built on first use
//! Compiling the embedded rules — about a thousand patterns in four
//! languages — took some 0.35 s and 55 MB, which every `dsrd run` paid
//! before it watched its mailbox and kept while it waited, and every
//! `dsrd classify` paid for one letter. So the embedded rules are parsed
//! once per process (cheap) and compiled piece by piece when a letter needs
//! them: a language's set when a letter in that language is classified, a
//! pattern's own regex when the set finds it in a letter. What is compiled
//! is shared by every clone of the [`Rules`] and every thread, behind
//! [`OnceLock`]s. An officer's file is still compiled in full when it is
//! loaded, because that is when its mistakes must be reported; the
//! embedded files are compiled in full by a unit test instead.

use std::path::Path;
use std::sync::{Arc, LazyLock, OnceLock};

use regex::{Regex, RegexSet, RegexSetBuilder};
use serde::Deserialize;

use super::error::{line_column, RulesError};
use super::language::{Language, Profile};
use super::types::RequestType;

/// Cache of the lazy DFA that runs a language's rule set. Free-text rules
/// look for words near each other ("zolang ... niet ... gebruiken"), which
/// gives the DFA many states; with the regex crate's small default cache it
/// thrashes and falls back to a far slower engine (measured: 220 varied
/// letters/s with the default, about 6,900/s with 16 MiB once warm). The
/// cache is per thread that classifies and per language, and only grows as
/// far as the text needs.
const SET_DFA_CACHE: usize = 16 << 20;

/// The rules compiled into dsrd, one file per language.
const EMBEDDED: [(Language, &str); 4] = [
    (
        Language::Nl,
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/nl.toml")),
    ),
    (
        Language::En,
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/en.toml")),
    ),
    (
        Language::De,
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/de.toml")),
    ),
    (
        Language::Fr,
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/fr.toml")),
    ),
];

/// One rule file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    /// Frequent function words, for language detection.
    #[serde(default)]
    stopwords: Vec<String>,
    #[serde(default, rename = "article")]
    articles: Vec<RawArticle>,
    #[serde(default, rename = "rule")]
    rules: Vec<RawRule>,
}

/// A pattern that finds article references and captures the number as `n`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArticle {
    pattern: String,
    weight: f32,
}

/// Phrases and regexes that count towards one request type.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    #[serde(rename = "type")]
    request_type: RequestType,
    weight: f32,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    regex: Vec<String>,
    #[serde(default, rename = "where")]
    scope: Scope,
}

/// Which part of the e-mail a rule looks at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Subject and body.
    #[default]
    Any,
    /// The subject only (for example "Automatic reply:").
    Subject,
    /// The body only.
    Body,
}

/// Why a lazily compiled pattern cannot fail: an officer's patterns were
/// compiled when their file was loaded, the embedded ones by a unit test.
const CHECKED: &str =
    "classifier rules are compiled when loaded (officer files) or by a test (embedded)";

/// A regex kept as its source until it is first needed.
#[derive(Debug, Clone)]
struct LazyRegex {
    source: String,
    compiled: OnceLock<Regex>,
}

impl LazyRegex {
    fn new(source: String) -> Self {
        LazyRegex {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// Compiles the regex now, so that a mistake is reported while loading.
    fn compiled_now(source: String) -> Result<Self, regex::Error> {
        let regex = Regex::new(&source)?;
        Ok(LazyRegex {
            source,
            compiled: OnceLock::from(regex),
        })
    }

    fn get(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            Regex::new(&self.source).unwrap_or_else(|e| panic!("{CHECKED}: {}: {e}", self.source))
        })
    }
}

/// One phrase or regex.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    pub(crate) request_type: RequestType,
    pub(crate) weight: f32,
    pub(crate) scope: Scope,
    regex: LazyRegex,
}

impl Pattern {
    /// The pattern's own regex, compiled on first use (after the language's
    /// set found it in a letter).
    pub(crate) fn regex(&self) -> &Regex {
        self.regex.get()
    }

    /// Whether the regex has been compiled yet.
    #[cfg(test)]
    pub(crate) fn is_compiled(&self) -> bool {
        self.regex.compiled.get().is_some()
    }
}

/// An article-reference pattern.
#[derive(Debug, Clone)]
pub(crate) struct ArticlePattern {
    regex: LazyRegex,
    pub(crate) weight: f32,
}

impl ArticlePattern {
    /// The pattern's regex, compiled on first use.
    pub(crate) fn regex(&self) -> &Regex {
        self.regex.get()
    }
}

/// All rules of one language; the set is compiled on first use.
#[derive(Debug, Default)]
pub(crate) struct LanguageRules {
    pub(crate) patterns: Vec<Pattern>,
    pub(crate) articles: Vec<ArticlePattern>,
    set: OnceLock<RegexSet>,
}

impl LanguageRules {
    /// Every pattern of the language in one set: one pass over a text says
    /// which patterns occur in it.
    pub(crate) fn set(&self) -> &RegexSet {
        self.set.get_or_init(|| {
            build_set(&self.patterns).unwrap_or_else(|e| panic!("{CHECKED}: the set: {e}"))
        })
    }

    /// Whether the set has been compiled yet.
    #[cfg(test)]
    pub(crate) fn set_is_compiled(&self) -> bool {
        self.set.get().is_some()
    }
}

/// The classifier's rules for all languages, compiled on first use and
/// shared: clones of one [`Rules`] (and every [`Rules::embedded`]) share
/// what has been compiled, across threads.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    pub(crate) languages: [Arc<LanguageRules>; 4],
    pub(crate) profile: Profile,
}

/// The embedded rules, parsed once per process.
static EMBEDDED_RULES: LazyLock<Rules> = LazyLock::new(|| {
    let mut rules = Rules::default();
    for (lang, text) in EMBEDDED {
        let origin = format!("<embedded {lang}>");
        if let Err(e) = rules.add_file(lang, &origin, text, Check::Later) {
            panic!("embedded classifier rules are broken: {e}");
        }
    }
    rules
});

/// When a file's patterns are compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Now, reporting the first mistake (an officer's file).
    Now,
    /// On first use (the embedded files, which a unit test compiles).
    Later,
}

impl Rules {
    /// The rules shipped with dsrd: parsed on the first call, compiled as
    /// letters need them (see the module documentation), shared by every
    /// call.
    ///
    /// # Panics
    /// Only if an embedded rule file is broken; a unit test compiles them
    /// all, so a broken file cannot be released.
    pub fn embedded() -> Rules {
        EMBEDDED_RULES.clone()
    }

    /// Compiles everything not compiled yet: every language's set and
    /// every pattern. Classifying never needs this (it compiles what it
    /// uses); it is for a test that checks the embedded rules in full, and
    /// for measuring classification without its first use.
    ///
    /// # Panics
    /// If an embedded pattern does not compile (see [`Rules::embedded`]).
    pub fn compile_all(&self) {
        for rules in &self.languages {
            rules.set();
            for p in &rules.patterns {
                p.regex();
            }
            for a in &rules.articles {
                a.regex();
            }
        }
    }

    /// The embedded rules plus one officer file given as text (`lang` says
    /// which language it extends; it is reported as `<inline lang>`).
    pub fn from_toml(lang: Language, text: &str) -> Result<Rules, RulesError> {
        let mut rules = Rules::embedded();
        rules.add_toml(lang, &format!("<inline {lang}>"), text)?;
        Ok(rules)
    }

    /// The embedded rules plus every `*.toml` file in `dir`, in name order.
    ///
    /// A file's language is the start of its name: `nl.toml`, `nl-ouders.toml`
    /// and `nl_extra.toml` all extend the Dutch rules.
    pub fn load_dir(dir: &Path) -> Result<Rules, RulesError> {
        let io = |source| RulesError::Io {
            path: dir.to_owned(),
            source,
        };
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map_err(io)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .map_err(io)?;
        files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
        files.sort();
        let mut rules = Rules::embedded();
        for path in files {
            let origin = path.display().to_string();
            let lang = path
                .file_stem()
                .and_then(|s| s.to_str())
                .and_then(|s| s.split(['-', '_', '.']).next())
                .and_then(|s| s.parse::<Language>().ok())
                .ok_or_else(|| RulesError::UnknownLanguage {
                    origin: origin.clone(),
                })?;
            let text = std::fs::read_to_string(&path).map_err(|source| RulesError::Io {
                path: path.clone(),
                source,
            })?;
            rules.add_toml(lang, &origin, &text)?;
        }
        Ok(rules)
    }

    /// Adds the rules in `text` (named `origin` in errors) to language `lang`,
    /// compiling and checking them now. On error nothing is added.
    pub fn add_toml(&mut self, lang: Language, origin: &str, text: &str) -> Result<(), RulesError> {
        self.add_file(lang, origin, text, Check::Now)
    }

    fn add_file(
        &mut self,
        lang: Language,
        origin: &str,
        text: &str,
        check: Check,
    ) -> Result<(), RulesError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let (line, column) = match e.span() {
                Some(span) => {
                    let (l, c) = line_column(text, span.start);
                    (Some(l), Some(c))
                }
                None => (None, None),
            };
            RulesError::Toml {
                origin: origin.to_owned(),
                line,
                column,
                message: e.message().trim().to_owned(),
            }
        })?;
        let (patterns, articles) = compile_file(origin, &raw, check)?;
        let target = &self.languages[lang.index()];
        // What the language had keeps what was compiled of it; the set is
        // built anew with the added patterns.
        let mut all = target.patterns.clone();
        all.extend(patterns);
        let mut all_articles = target.articles.clone();
        all_articles.extend(articles);
        let set = OnceLock::new();
        if check == Check::Now {
            // Each pattern already compiled alone, so the set can only fail
            // on size; report that against this file too.
            let built =
                build_set(&all).map_err(|e| regex_error(origin, "the combined rule set", "", e))?;
            let _ = set.set(built);
        }
        self.languages[lang.index()] = Arc::new(LanguageRules {
            patterns: all,
            articles: all_articles,
            set,
        });
        self.profile.add(lang, &raw.stopwords);
        Ok(())
    }
}

/// All of a language's patterns in one set, with the cache its lazy DFA
/// needs (see [`SET_DFA_CACHE`]).
fn build_set(patterns: &[Pattern]) -> Result<RegexSet, regex::Error> {
    RegexSetBuilder::new(patterns.iter().map(|p| p.regex.source.as_str()))
        .dfa_size_limit(SET_DFA_CACHE)
        .build()
}

fn regex_error(origin: &str, what: &str, pattern: &str, source: regex::Error) -> RulesError {
    RulesError::Regex {
        origin: origin.to_owned(),
        what: what.to_owned(),
        pattern: pattern.to_owned(),
        source: Box::new(source),
    }
}

fn compile_file(
    origin: &str,
    raw: &RawFile,
    check: Check,
) -> Result<(Vec<Pattern>, Vec<ArticlePattern>), RulesError> {
    let invalid = |what: String, problem: &str| RulesError::Invalid {
        origin: origin.to_owned(),
        what,
        problem: problem.to_owned(),
    };
    let lazy = |what: String, written: &str, source: String| match check {
        Check::Later => Ok(LazyRegex::new(source)),
        Check::Now => {
            LazyRegex::compiled_now(source).map_err(|e| regex_error(origin, &what, written, e))
        }
    };
    let mut patterns = Vec::new();
    for (i, rule) in raw.rules.iter().enumerate() {
        let what = format!("rule {} ({})", i + 1, rule.request_type);
        if !rule.weight.is_finite() {
            return Err(invalid(what, "weight must be a finite number"));
        }
        if rule.phrases.is_empty() && rule.regex.is_empty() {
            return Err(invalid(what, "give `phrases` or `regex` (or both)"));
        }
        let sources = rule
            .phrases
            .iter()
            .map(|p| (format!("{what} phrase"), p, phrase_to_regex(p)))
            .chain(rule.regex.iter().map(|r| {
                (
                    format!("{what} regex"),
                    r,
                    format!("(?i){}", ascii_boundaries(r)),
                )
            }));
        for (what, written, source) in sources {
            patterns.push(Pattern {
                request_type: rule.request_type,
                weight: rule.weight,
                scope: rule.scope,
                regex: lazy(what, written, source)?,
            });
        }
    }
    let mut articles = Vec::new();
    for (i, a) in raw.articles.iter().enumerate() {
        let what = format!("article {} pattern", i + 1);
        let source = format!("(?i){}", ascii_boundaries(&a.pattern));
        let regex = lazy(what.clone(), &a.pattern, source)?;
        if let Some(compiled) = regex.compiled.get() {
            if !compiled.capture_names().any(|n| n == Some("n")) {
                return Err(invalid(what, "capture the article number as (?P<n>\\d+)"));
            }
        }
        if !a.weight.is_finite() {
            return Err(invalid(what, "weight must be a finite number"));
        }
        articles.push(ArticlePattern {
            regex,
            weight: a.weight,
        });
    }
    Ok((patterns, articles))
}

/// Turns a literal phrase into a case-insensitive regex: a space matches any
/// run of whitespace or hyphens (letters are hard-wrapped, and people write
/// "commonly-used"), a hyphen may also be a space or nothing, an apostrophe may be typographic, and the phrase must
/// start and end on a word boundary where it starts or ends with a letter.
fn phrase_to_regex(phrase: &str) -> String {
    let mut out = String::from("(?i)");
    let trimmed = phrase.trim();
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if edge(trimmed.chars().next()) {
        out.push_str(r"(?-u:\b)");
    }
    let words: Vec<String> = trimmed
        .split_whitespace()
        .map(|w| {
            let mut s = String::new();
            for c in w.chars() {
                match c {
                    '-' => s.push_str(r"[-\s]?"),
                    '\'' | '’' => s.push_str("['’]"),
                    c => s.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
                }
            }
            s
        })
        .collect();
    out.push_str(&words.join(r"[\s-]+"));
    if edge(trimmed.chars().last()) {
        out.push_str(r"(?-u:\b)");
    }
    out
}

/// Rewrites `\b` and `\B` as their ASCII forms and `\w` as a cheap class. Unicode word boundaries stop
/// the regex engine from using its fast DFA on text with accented letters;
/// ASCII boundaries keep classification well above 5,000 mails a second.
/// The cost: a `\b` right next to an accented letter does not match there.
fn ascii_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push_str(r"(?-u:\b)"),
            Some('B') => out.push_str(r"(?-u:\B)"),
            // A Unicode `\w` is a class of hundreds of ranges that blows up
            // the DFA of a set of many patterns (2 ms instead of 40 µs per
            // letter); a character that is neither space nor sentence
            // punctuation is what the rules mean by a word character.
            Some('w') => out.push_str(r"[^\s.,;:!?()<>]"),
            Some(n) => {
                out.push('\\');
                out.push(n);
            }
            None => out.push('\\'),
        }
    }
    out
}
