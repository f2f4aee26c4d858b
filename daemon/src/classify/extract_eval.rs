//! Measuring the extractor against labelled letters: per field, how many of
//! the values it found are right (precision) and how many of the labelled
//! values it found (recall).
//!
//! Precision matters as much as recall here: the identity stage looks people
//! up by these values, and a wrong name can find the wrong child.

use super::eval::ratio;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::extract::Extraction;
use super::roles::RequesterRole;

/// What a letter's extraction should be, as the `extraction` object of a
/// labelled JSONL line. A field left out or `null` means "the letter gives
/// none", so a value the extractor finds there counts against precision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractionLabel {
    /// The writer's relation to the school; `unknown` when the letter does
    /// not say.
    #[serde(default)]
    pub role: RequesterRole,
    /// The names of the people the request is about other than the writer
    /// (the children a parent writes about), as written in the letter.
    #[serde(default)]
    pub names: Vec<String>,
    /// Pupil number.
    #[serde(default)]
    pub student_number: Option<String>,
    /// Staff number.
    #[serde(default)]
    pub staff_number: Option<String>,
    /// Birth date of the person the request is about.
    #[serde(default)]
    pub birth_date: Option<NaiveDate>,
    /// The group or class of the person the request is about (the first one
    /// given when a letter names several children).
    #[serde(default)]
    pub group: Option<String>,
}

/// The fields scored, in the order reports list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtractionField {
    /// Requester role (a value is a role other than `unknown`).
    Role,
    /// Subject names; every name is one value.
    Names,
    /// Pupil number.
    StudentNumber,
    /// Staff number.
    StaffNumber,
    /// The subject's birth date.
    BirthDate,
    /// Group or class.
    Group,
}

impl ExtractionField {
    /// Every field, in report order.
    pub const ALL: [ExtractionField; 6] = [
        ExtractionField::Role,
        ExtractionField::Names,
        ExtractionField::StudentNumber,
        ExtractionField::StaffNumber,
        ExtractionField::BirthDate,
        ExtractionField::Group,
    ];

    /// The snake_case name used in JSON and the text report.
    pub fn as_str(self) -> &'static str {
        match self {
            ExtractionField::Role => "role",
            ExtractionField::Names => "names",
            ExtractionField::StudentNumber => "student_number",
            ExtractionField::StaffNumber => "staff_number",
            ExtractionField::BirthDate => "birth_date",
            ExtractionField::Group => "group",
        }
    }
}

/// Counts for one field over all labelled letters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldStats {
    /// The field.
    pub field: ExtractionField,
    /// Values the labels hold.
    pub labelled: usize,
    /// Values the extractor found.
    pub predicted: usize,
    /// Values found that match a label.
    pub correct: usize,
    /// [`FieldStats::precision`], for JSON readers.
    pub precision: f32,
    /// [`FieldStats::recall`], for JSON readers.
    pub recall: f32,
}

impl FieldStats {
    fn new(field: ExtractionField) -> FieldStats {
        FieldStats {
            field,
            labelled: 0,
            predicted: 0,
            correct: 0,
            precision: 1.0,
            recall: 1.0,
        }
    }

    /// Share of found values that are right; 1 if nothing was found.
    pub fn precision(&self) -> f32 {
        ratio(self.correct, self.predicted)
    }

    /// Share of labelled values that were found; 1 if none are labelled.
    pub fn recall(&self) -> f32 {
        ratio(self.correct, self.labelled)
    }
}

/// One field of one letter that the extractor got wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExtractionMiss {
    /// The letter's id.
    pub id: String,
    /// The field.
    pub field: ExtractionField,
    /// The labelled values, normalised.
    pub expected: Vec<String>,
    /// What the extractor found, normalised.
    pub got: Vec<String>,
}

/// Extraction figures over the letters that carry an `extraction` label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExtractionEvaluation {
    /// Letters with an extraction label; the others are not counted.
    pub letters: usize,
    /// Per field, in [`ExtractionField::ALL`] order.
    pub fields: Vec<FieldStats>,
    /// Every field of every letter that was not exactly right.
    pub misses: Vec<ExtractionMiss>,
}

impl Default for ExtractionEvaluation {
    fn default() -> Self {
        ExtractionEvaluation {
            letters: 0,
            fields: ExtractionField::ALL.map(FieldStats::new).to_vec(),
            misses: Vec::new(),
        }
    }
}

impl ExtractionEvaluation {
    /// The counts of one field.
    pub fn field(&self, field: ExtractionField) -> &FieldStats {
        self.fields
            .iter()
            .find(|s| s.field == field)
            .expect("every field has stats")
    }

    /// Adds one letter's extraction and its label to the counts.
    pub fn add(&mut self, id: &str, label: &ExtractionLabel, got: &Extraction) {
        self.letters += 1;
        let role = |r: RequesterRole| {
            (r != RequesterRole::Unknown)
                .then(|| serde_json::to_value(r).ok())
                .flatten()
                .and_then(|v| v.as_str().map(str::to_owned))
        };
        let one = |v: Option<String>| v.into_iter().collect::<Vec<_>>();
        let date = |d: Option<NaiveDate>| one(d.map(|d| d.to_string()));
        let pairs: [(ExtractionField, Vec<String>, Vec<String>); 6] = [
            (
                ExtractionField::Role,
                one(role(label.role)),
                one(role(got.role)),
            ),
            (
                ExtractionField::Names,
                label.names.iter().map(|n| normalise(n)).collect(),
                got.subject_names
                    .iter()
                    .map(|n| normalise(&n.value))
                    .collect(),
            ),
            (
                ExtractionField::StudentNumber,
                one(label.student_number.as_deref().map(normalise)),
                one(got.student_number.as_ref().map(|f| normalise(&f.value))),
            ),
            (
                ExtractionField::StaffNumber,
                one(label.staff_number.as_deref().map(normalise)),
                one(got.staff_number.as_ref().map(|f| normalise(&f.value))),
            ),
            (
                ExtractionField::BirthDate,
                date(label.birth_date),
                date(got.subject_birth_date.as_ref().map(|f| f.value)),
            ),
            (
                ExtractionField::Group,
                one(label.group.as_deref().map(normalise)),
                one(got.group.as_ref().map(|f| normalise(&f.value))),
            ),
        ];
        for (field, expected, found) in pairs {
            let correct = matched(&expected, &found);
            let stats = self
                .fields
                .iter_mut()
                .find(|s| s.field == field)
                .expect("every field has stats");
            stats.labelled += expected.len();
            stats.predicted += found.len();
            stats.correct += correct;
            stats.precision = stats.precision();
            stats.recall = stats.recall();
            if correct != expected.len() || correct != found.len() {
                self.misses.push(ExtractionMiss {
                    id: id.to_owned(),
                    field,
                    expected,
                    got: found,
                });
            }
        }
    }
}

/// How many found values match a labelled one, each label used once.
fn matched(expected: &[String], found: &[String]) -> usize {
    let mut left: Vec<&String> = expected.iter().collect();
    found
        .iter()
        .filter(|f| {
            left.iter()
                .position(|e| e == f)
                .map(|i| left.swap_remove(i))
                .is_some()
        })
        .count()
}

/// Lower case with whitespace collapsed: "Van  Dijk" and "van dijk" are one
/// name, "Groep 5B" and "groep 5b" one group.
pub(crate) fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl fmt::Display for ExtractionEvaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "extraction ({} labelled letters)\n{:<20} {:>8} {:>9} {:>7} {:>9} {:>7}",
            self.letters, "field", "labelled", "predicted", "correct", "precision", "recall"
        )?;
        for s in &self.fields {
            writeln!(
                f,
                "{:<20} {:>8} {:>9} {:>7} {:>8.1}% {:>6.1}%",
                s.field.as_str(),
                s.labelled,
                s.predicted,
                s.correct,
                100.0 * s.precision(),
                100.0 * s.recall()
            )?;
        }
        if !self.misses.is_empty() {
            writeln!(f, "\nextraction misses:")?;
            for m in &self.misses {
                writeln!(
                    f,
                    "  {:<24} {:<15} expected {:?}, got {:?}",
                    m.id,
                    m.field.as_str(),
                    m.expected,
                    m.got
                )?;
            }
        }
        Ok(())
    }
}
