//! Language detection by stop-word profile.
//!
//! A request letter is short and full of function words, so counting the
//! stop words of each language (listed in the rule files, where an officer
//! can extend them) is enough, and it costs one pass over the words. A
//! character n-gram model would cope better with one-line messages, but it
//! needs training data dsrd does not have for school mail.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A language dsrd has rules for.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Dutch, the main language of dsrd's users; it wins ties.
    Nl,
    /// English.
    En,
    /// German.
    De,
    /// French.
    Fr,
}

impl Language {
    /// Every supported language, Dutch first.
    pub const ALL: [Language; 4] = [Language::Nl, Language::En, Language::De, Language::Fr];

    /// The ISO 639-1 code, also the rule file's name.
    pub fn code(self) -> &'static str {
        match self {
            Language::Nl => "nl",
            Language::En => "en",
            Language::De => "de",
            Language::Fr => "fr",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A code that is not one of nl, en, de, fr.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}; expected one of nl, en, de, fr")]
pub struct UnknownLanguage(pub String);

impl FromStr for Language {
    type Err = UnknownLanguage;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Language::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownLanguage(s.to_owned()))
    }
}

/// The outcome of language detection.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detected {
    /// The most likely language.
    pub language: Language,
    /// The runner-up, used to run a second rule set on mixed letters.
    pub second: Language,
    /// The winner's share of all stop-word hits, 0 to 1; 0 when no stop
    /// word was found at all (then the language is Dutch by default).
    pub score: f32,
    /// The runner-up's hits relative to the winner's, 0 to 1.
    pub second_ratio: f32,
}

/// Stop words of every language, each word mapped to a bit per language.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    words: HashMap<String, u8>,
}

impl Profile {
    /// Adds stop words for one language (lower case).
    pub(crate) fn add(&mut self, language: Language, words: &[String]) {
        for w in words {
            *self.words.entry(w.to_lowercase()).or_insert(0) |= 1 << language.index();
        }
    }

    /// Detects the language of `text`.
    pub fn detect(&self, text: &str) -> Detected {
        let mut hits = [0.0f32; 4];
        let mut lower = String::new();
        for word in text
            .split(|c: char| !c.is_alphabetic() && c != '\'')
            .filter(|w| !w.is_empty())
        {
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            if let Some(&mask) = self.words.get(lower.as_str()) {
                // A word shared by several languages ("in", "de") counts
                // for each, split evenly, so it cannot tip the balance.
                let share = 1.0 / mask.count_ones() as f32;
                for l in Language::ALL {
                    if mask & (1 << l.index()) != 0 {
                        hits[l.index()] += share;
                    }
                }
            }
        }
        rank(hits)
    }
}

fn rank(hits: [f32; 4]) -> Detected {
    let mut order = Language::ALL;
    // Stable sort keeps Dutch first on ties.
    order.sort_by(|a, b| hits[b.index()].total_cmp(&hits[a.index()]));
    let total: f32 = hits.iter().sum();
    let best = hits[order[0].index()];
    Detected {
        language: order[0],
        second: order[1],
        score: if total > 0.0 { best / total } else { 0.0 },
        second_ratio: if best > 0.0 {
            hits[order[1].index()] / best
        } else {
            0.0
        },
    }
}
