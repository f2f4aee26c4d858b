//! Why a change to a case was refused, with a kind a program can rely on:
//! the CLI prints the reason, the HTTP API answers with a problem type per
//! kind (`urn:dsrd:problem:<kind>`), so that a console or a school board's
//! script can tell "identity is not verified yet" from "the plan changed"
//! without reading the words.

use std::fmt;

/// What kind of rule refused a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefusalKind {
    /// Approving, rejecting or carrying out a plan before the requester's
    /// identity is verified.
    IdentityNotVerified,
    /// A decision on a plan that is not the case's current plan (the
    /// officer saw an older one).
    StalePlan,
    /// The case has no plan yet.
    NoPlan,
    /// This officer already made this decision on this action; under the
    /// four-eyes rule a second approval must come from another officer.
    AlreadyDecided,
    /// The case's state does not allow this (a closed case, a move the
    /// state machine does not have).
    State,
    /// The caller may not approve or reject: not an `[[officers]]` entry
    /// with the role officer (the approval rules count those names).
    NotAnApprover,
    /// Any other rule of the case (the reason says which).
    Rule,
}

impl RefusalKind {
    /// The stable slug of the kind, as the HTTP API's problem types use it.
    pub fn slug(self) -> &'static str {
        match self {
            RefusalKind::IdentityNotVerified => "identity-not-verified",
            RefusalKind::StalePlan => "stale-plan",
            RefusalKind::NoPlan => "no-plan",
            RefusalKind::AlreadyDecided => "already-decided",
            RefusalKind::State => "state-does-not-allow",
            RefusalKind::NotAnApprover => "not-an-approver",
            RefusalKind::Rule => "refused",
        }
    }
}

/// A refused change: its kind and the reason in words for the officer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What kind of rule refused.
    pub kind: RefusalKind,
    /// Why, in words.
    pub reason: String,
}

impl Refusal {
    /// A refusal of `kind`.
    pub fn new(kind: RefusalKind, reason: impl Into<String>) -> Refusal {
        Refusal {
            kind,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for Refusal {}

impl From<String> for Refusal {
    fn from(reason: String) -> Refusal {
        Refusal::new(RefusalKind::Rule, reason)
    }
}

impl From<&str> for Refusal {
    fn from(reason: &str) -> Refusal {
        Refusal::new(RefusalKind::Rule, reason)
    }
}

impl From<super::EffectRefused> for Refusal {
    fn from(refused: super::EffectRefused) -> Refusal {
        use super::EffectRefused as E;
        let kind = match &refused {
            E::Illegal(_) => RefusalKind::State,
            E::Unverified => RefusalKind::IdentityNotVerified,
            E::StalePlan(_) => RefusalKind::StalePlan,
            E::NoPlan => RefusalKind::NoPlan,
            E::NotThisCase(_) | E::Action(_) => RefusalKind::Rule,
        };
        Refusal::new(kind, refused.to_string())
    }
}

impl From<crate::plan::Refusal> for Refusal {
    fn from(refused: crate::plan::Refusal) -> Refusal {
        use crate::plan::Refusal as P;
        let kind = match &refused {
            P::IdentityNotVerified => RefusalKind::IdentityNotVerified,
            P::StaleFingerprint { .. } => RefusalKind::StalePlan,
            P::AlreadyApproved { .. } | P::AlreadyRejected(_) => RefusalKind::AlreadyDecided,
            _ => RefusalKind::Rule,
        };
        Refusal::new(kind, refused.to_string())
    }
}
