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
//! - `verification`: [`Verification`], the recorded proof, made only by
//!   constructors that demand it.
//! - `record`: [`CaseIdentity`], what a case keeps about identity.
//! - `next`: [`next_step`], what the identity stage does next with a case.
//!
//! The stage that runs these against the store and the plugins is
//! [`crate::verify`].

pub mod code;
mod find;
mod names;
mod next;
mod note;
mod record;
mod representation;
mod verification;

pub use find::{
    code_to, decision_for, find, lookups, relation_to, subject_kind, AmbiguousWhy, Answer,
    AnswerStatus, AnswerSummary, Candidate, ChooseWhy, Finding, Ground, GuardianOnFile, Lookup,
    OnFile, Outcome, Purpose,
};
pub use next::{next_step, NextStep, OfficerMust};
pub use note::{check_note, ForbiddenInNote};
pub use record::{
    AttachmentRef, CaseIdentity, IdentityChange, MailboxCopy, PendingCode, RemovedAttachment,
};
pub use representation::Missing;
pub use representation::{
    may_act, Capacity, Decision, MinorRightsModel, NotValid, Relation, SubjectKind,
};
pub use verification::{DocumentSeen, Method, NotVerified, Verification};
