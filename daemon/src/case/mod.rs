//! The case: one request of one data subject, its reference, its state machine
//! and the events that moved it.

mod answered;
mod classification;
mod deadline;
mod detail;
mod event;
mod model;
mod reduced;
mod reference;
mod state;

pub use answered::Answered;
pub use classification::CaseClassification;
pub use deadline::{CaseDeadline, DeadlineRules};
pub use detail::CaseDetail;
pub use event::{Actor, CaseEvent, EventKind, UnknownEventKind};
pub use model::{AttachmentMeta, Case, CaseSummary};
pub use reduced::{CaseReduction, SystemActed};
pub use reference::{check_prefix, BadReference, CaseRef};
pub use state::{CaseState, IllegalTransition, UnknownState};
