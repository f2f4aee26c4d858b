//! What is left of a case once the case file's retention ran out (issue
//! 16, point 3): the case is an anonymous record — reference, state,
//! dates, request types, language, deadline and the bare events — and
//! this says when it was reduced and what its deleted action rows told:
//! which systems acted, how, and how it ended. System names only: no
//! record, no key, nothing about the person.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The record of a case's reduction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CaseReduction {
    /// When its personal data were removed.
    pub reduced_at: DateTime<Utc>,
    /// When it was closed (or rejected): the period ran from here.
    pub closed_at: DateTime<Utc>,
    /// The systems that acted on the request, one entry per action.
    pub systems: Vec<SystemActed>,
}

/// One action of the case's plan, as the anonymous record keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SystemActed {
    /// The system as the plan named it: a plugin, `NAME (manual)` or
    /// `privacy officer`.
    pub system: String,
    /// The right it served (`access`, `erasure`, …).
    pub request_type: String,
    /// What it did (`export`, `erase`, `restrict`, `rectify`,
    /// `manual_task`, …).
    pub kind: String,
    /// How it ended (`done`, `waived`, `failed`, …).
    pub state: String,
}
