//! What a finding says about one candidate: their kind and age, the
//! requester's relation to them, whether the requester may act for them,
//! and who else could receive a code for them. Used by [`find`](super::find)
//! for the candidate it identifies, and by the identity stage for the
//! candidate an officer chooses.

use chrono::NaiveDate;
use dsrd_plugin_api::PersonKind;

use super::finder::union;
use super::types::Candidate;
use crate::classify::age_on;
use crate::identity::representation::{may_act, Decision, MinorRightsModel, Relation, SubjectKind};

/// The candidate's kind, with a pupil's age on `received`.
pub fn subject_kind(candidate: &Candidate, received: NaiveDate) -> SubjectKind {
    match candidate.kind {
        PersonKind::Pupil => SubjectKind::Pupil {
            age: candidate
                .date_of_birth
                .and_then(|born| age_on(born, received)),
        },
        PersonKind::Staff => SubjectKind::Staff,
        _ => SubjectKind::Adult,
    }
}

/// How the requester stands to the candidate on file: the person
/// themself when the requester's address is theirs, their guardian when
/// the requester is linked to them, otherwise unrelated.
pub fn relation_to(candidate: &Candidate) -> Relation {
    if candidate.is_requester {
        Relation::Themself
    } else {
        candidate.guardian_link.unwrap_or(Relation::Unrelated)
    }
}

/// Whether the requester may act for the candidate under `model`.
pub fn decision_for(
    candidate: &Candidate,
    received: NaiveDate,
    model: MinorRightsModel,
) -> Decision {
    may_act(
        relation_to(candidate),
        subject_kind(candidate, received),
        model,
    )
}

/// The addresses on file of those who may act for `subject`: the
/// subject's own when they may act themselves, and those of each
/// guardian who may act for them. Never the requester's address unless
/// it is one of these.
pub fn code_to(subject: &Candidate, received: NaiveDate, model: MinorRightsModel) -> Vec<String> {
    let kind = subject_kind(subject, received);
    let mut to = Vec::new();
    if matches!(
        may_act(Relation::Themself, kind, model),
        Decision::MayAct { .. }
    ) {
        to.extend(subject.emails.iter().cloned());
    }
    for guardian in &subject.guardians {
        let relation = Relation::Guardian {
            authority: guardian.authority,
        };
        if matches!(may_act(relation, kind, model), Decision::MayAct { .. }) {
            to.extend(guardian.emails.iter().cloned());
        }
    }
    union(to.iter(), |a, b| a.trim().eq_ignore_ascii_case(b.trim()))
}
