//! Who is asking, and may they act for the person the request is about
//! (`shared/legal/answers.md` §1–§2). Pure: no store, no plugins, no I/O —
//! the stage that records identity on a case builds on these decisions.
//!
//! # Layout
//! - `representation`: [`may_act`], who may exercise a right for whom.
//! - `note`: [`check_note`], refusing notes that hold an identity number.
//! - `code`: one-time codes sent to an address on file, kept only hashed.

pub mod code;
mod note;
mod representation;

pub use note::{check_note, ForbiddenInNote};
pub use representation::{
    age_on, may_act, Capacity, Decision, MinorRightsModel, NotValid, Relation, SubjectKind,
};
