//! Who is asking, and may they act for the person the request is about
//! (`shared/legal/answers.md` §1–§2). Pure: no store, no plugins, no I/O —
//! the stage that records identity on a case builds on these decisions.
//!
//! # Layout
//! - `find`: [`lookups`] and [`find`], whose data a request is about, from
//!   every plugin's `locate` answers.
//! - `names`: comparing a name in a letter with a name on file.
//! - `representation`: [`may_act`], who may exercise a right for whom.
//! - `note`: [`check_note`], refusing notes that hold an identity number.
//! - `code`: one-time codes sent to an address on file, kept only hashed.

pub mod code;
mod find;
mod names;
mod note;
mod representation;

pub use find::{
    find, lookups, AmbiguousWhy, Answer, AnswerStatus, AnswerSummary, Candidate, ChooseWhy,
    Finding, Ground, GuardianOnFile, Lookup, OnFile, Outcome, Purpose,
};
pub use note::{check_note, ForbiddenInNote};
pub use representation::{
    may_act, Capacity, Decision, MinorRightsModel, NotValid, Relation, SubjectKind,
};
