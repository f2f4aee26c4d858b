//! Measuring the classifier against labelled letters (`dsrd classify --eval`).
//!
//! The numbers that matter for dsrd are the recall of every request type and
//! the count of real requests classified as `not_a_request`: each of those
//! is a request nobody would answer within the legal deadline.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::extract::extract;
use super::extract_eval::{ExtractionEvaluation, ExtractionLabel};
use super::language::Language;
use super::rules::Rules;
use super::scorer::classify;
use super::types::RequestType;

/// One labelled letter, as a line of the corpus JSONL file. Other fields
/// (source, licence, note) are ignored.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LabelledItem {
    /// Stable identifier, shown for misses.
    pub id: String,
    /// The letter's language.
    pub language: Language,
    /// The primary request type.
    #[serde(rename = "type")]
    pub request_type: RequestType,
    /// Secondary rights the letter also exercises.
    #[serde(default)]
    pub also: Vec<RequestType>,
    /// Subject line, empty when the source had none.
    #[serde(default)]
    pub subject: String,
    /// The e-mail body.
    pub body: String,
    /// The template family, for held-out splits.
    #[serde(default)]
    pub family: String,
    /// Who the letter is about, when labelled; only labelled letters count
    /// for the extraction figures.
    #[serde(default)]
    pub extraction: Option<ExtractionLabel>,
}

/// A line of a JSONL file that is not a labelled item.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {source}; each line must be a JSON object with id, language, type, subject and body")]
pub struct ParseError {
    /// 1-based line number.
    pub line: usize,
    /// What serde said.
    pub source: serde_json::Error,
}

/// Parses JSONL text into labelled items, skipping blank lines.
pub fn parse_jsonl(text: &str) -> Result<Vec<LabelledItem>, ParseError> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|source| ParseError {
                line: i + 1,
                source,
            })
        })
        .collect()
}

/// Precision and recall of one type as the primary label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeStats {
    /// The type.
    pub request_type: RequestType,
    /// Letters labelled with it.
    pub support: usize,
    /// Letters classified as it.
    pub predicted: usize,
    /// Letters both labelled and classified as it.
    pub correct: usize,
}

impl TypeStats {
    /// Share of letters classified as this type that really are; 1 if none.
    pub fn precision(&self) -> f32 {
        ratio(self.correct, self.predicted)
    }
    /// Share of letters of this type that were found; 1 if none exist.
    pub fn recall(&self) -> f32 {
        ratio(self.correct, self.support)
    }
}

/// A letter whose primary type was wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    /// The letter's id.
    pub id: String,
    /// Its label.
    pub expected: RequestType,
    /// What the classifier said.
    pub got: RequestType,
    /// With what confidence.
    pub confidence: f32,
}

/// The result of [`evaluate`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// Letters evaluated.
    pub total: usize,
    /// Letters whose primary type was right.
    pub correct: usize,
    /// Letters whose language was detected right.
    pub language_correct: usize,
    /// Per type, in [`RequestType::ALL`] order.
    pub per_type: Vec<TypeStats>,
    /// `confusion[expected][got]`, indexed in [`RequestType::ALL`] order.
    pub confusion: Vec<Vec<usize>>,
    /// Real requests classified as `not_a_request`: must be zero.
    pub requests_missed: usize,
    /// Secondary types (`also`) found / labelled / listed in total.
    pub also_found: usize,
    /// Secondary types labelled in total.
    pub also_labelled: usize,
    /// Types listed beyond the primary, labelled or not.
    pub also_listed: usize,
    /// Every wrong primary.
    pub misses: Vec<Miss>,
    /// Extraction precision and recall per field, over the letters with an
    /// `extraction` label.
    pub extraction: ExtractionEvaluation,
}

impl Evaluation {
    /// Share of letters with the right primary type.
    pub fn accuracy(&self) -> f32 {
        ratio(self.correct, self.total)
    }
}

/// `a / b`, or 1 when there is nothing to count (no false claims, nothing missed).
pub(super) fn ratio(a: usize, b: usize) -> f32 {
    if b == 0 {
        1.0
    } else {
        a as f32 / b as f32
    }
}

/// Classifies every item and compares with its labels.
pub fn evaluate(items: &[LabelledItem], rules: &Rules) -> Evaluation {
    let n = RequestType::ALL.len();
    let mut eval = Evaluation {
        total: items.len(),
        correct: 0,
        language_correct: 0,
        per_type: RequestType::ALL
            .into_iter()
            .map(|t| TypeStats {
                request_type: t,
                support: 0,
                predicted: 0,
                correct: 0,
            })
            .collect(),
        confusion: vec![vec![0; n]; n],
        requests_missed: 0,
        also_found: 0,
        also_labelled: 0,
        also_listed: 0,
        misses: Vec::new(),
        extraction: ExtractionEvaluation::default(),
    };
    for item in items {
        let c = classify(&item.subject, &item.body, rules);
        let (want, got) = (item.request_type, c.primary);
        eval.confusion[want.index()][got.index()] += 1;
        eval.per_type[want.index()].support += 1;
        eval.per_type[got.index()].predicted += 1;
        eval.language_correct += usize::from(c.language == item.language);
        if want == got {
            eval.correct += 1;
            eval.per_type[want.index()].correct += 1;
        } else {
            eval.requests_missed += usize::from(want.is_request() && !got.is_request());
            eval.misses.push(Miss {
                id: item.id.clone(),
                expected: want,
                got,
                confidence: c.confidence,
            });
        }
        let listed = &c.types[1..];
        eval.also_labelled += item.also.len();
        eval.also_listed += listed.len();
        eval.also_found += item.also.iter().filter(|t| c.types.contains(t)).count();
        if let Some(label) = &item.extraction {
            let x = extract(&item.subject, &item.body, c.language);
            eval.extraction.add(&item.id, label, &x);
        }
    }
    eval
}

impl fmt::Display for Evaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "letters: {}   primary accuracy: {:.1}%   language: {:.1}%   requests classified as not_a_request: {}",
            self.total,
            100.0 * self.accuracy(),
            100.0 * ratio(self.language_correct, self.total),
            self.requests_missed
        )?;
        writeln!(
            f,
            "secondary types: {} of {} labelled found; {} listed in all\n",
            self.also_found, self.also_labelled, self.also_listed
        )?;
        writeln!(
            f,
            "{:<20} {:>7} {:>9} {:>9} {:>7}",
            "type", "letters", "predicted", "precision", "recall"
        )?;
        for s in &self.per_type {
            if s.support == 0 && s.predicted == 0 {
                continue;
            }
            writeln!(
                f,
                "{:<20} {:>7} {:>9} {:>8.1}% {:>6.1}%",
                s.request_type.as_str(),
                s.support,
                s.predicted,
                100.0 * s.precision(),
                100.0 * s.recall()
            )?;
        }
        writeln!(f, "\nconfusion (rows: label, columns: classified as)")?;
        let short = [
            "acc", "rect", "eras", "restr", "port", "obj", "auto", "wdraw", "none",
        ];
        write!(f, "{:<20}", "")?;
        for s in short {
            write!(f, "{s:>6}")?;
        }
        writeln!(f)?;
        for (t, row) in RequestType::ALL.iter().zip(&self.confusion) {
            if row.iter().all(|&v| v == 0) {
                continue;
            }
            write!(f, "{:<20}", t.as_str())?;
            for v in row {
                write!(f, "{v:>6}")?;
            }
            writeln!(f)?;
        }
        if !self.misses.is_empty() {
            writeln!(f, "\nmisses:")?;
            for m in &self.misses {
                writeln!(
                    f,
                    "  {:<40} {} -> {} ({:.2})",
                    m.id, m.expected, m.got, m.confidence
                )?;
            }
        }
        if self.extraction.letters > 0 {
            write!(f, "\n{}", self.extraction)?;
        }
        Ok(())
    }
}
