//! Request classification and extraction: what a letter asks for, and whom
//! it is about.
//!
//! Everything here is pure: text goes in, values come out. The only I/O is
//! [`Rules::load_dir`], which reads officer rule files from a directory the
//! caller names. The request rules are data (`daemon/rules/<lang>.toml`,
//! embedded at build time) so that an officer can add phrasing without a
//! new release.
//!
//! # Layout
//! - `types`: [`RequestType`], [`Evidence`], [`Classification`].
//! - `language`: [`Language`] and stop-word detection.
//! - `rules`: loading and compiling the rule files into one regex set per language.
//! - `error`: [`RulesError`].
//! - `quotes`: [`strip_quotes_and_signature`].
//! - `scorer`: [`classify`], which weighs the evidence and decides.
//! - `roles`, `dates`, `names`, `extract`: [`extract`] of role, names, numbers, birth dates, school, group.
//! - `eval`, `extract_eval`: [`evaluate`] against labelled letters, the
//!   request types and (where labelled) the extraction.
//!
//! # Safety bias
//! A request classified as `not_a_request` is a missed legal deadline, so
//! every threshold leans towards "request": weak evidence yields a request
//! type with low confidence (and so triage), never a silent drop.

mod dates;
mod error;
mod eval;
mod extract;
mod extract_eval;
mod language;
mod names;
mod quotes;
mod roles;
mod rules;
mod scorer;
mod types;

#[cfg(test)]
mod tests;

pub use dates::{age_on, parse_date};
pub use error::RulesError;
pub use eval::{evaluate, parse_jsonl, Evaluation, LabelledItem, Miss, ParseError, TypeStats};
pub use extract::{extract, Extraction, Found};
pub use extract_eval::{
    ExtractionEvaluation, ExtractionField, ExtractionLabel, ExtractionMiss, FieldStats,
};
pub use language::{Detected, Language, Profile, UnknownLanguage};
pub use quotes::strip_quotes_and_signature;
pub use roles::RequesterRole;
pub use rules::{Rules, Scope};
pub use scorer::classify;
pub use types::{Classification, Evidence, Location, RequestType, UnknownRequestType};

impl Rules {
    /// Detects the language of a text with these rules' stop-word lists.
    pub fn detect_language(&self, text: &str) -> Detected {
        self.profile.detect(text)
    }
}
