//! What the identity stage does next with a case, from what it found: a
//! pure decision over the case's identity record, the requester's address,
//! the receipt date and the organisation's rule for minors.
//!
//! The order of the rules is the issue's: a requester on file who may act,
//! writing from an authenticated address, is matched on file; one on file
//! whose mail is not authenticated gets a code at that same address (on
//! file, so safe); a requester not on file gets a code at the address on
//! file of whoever may act for the subject, and never at their own. What
//! the records leave open goes to the officer; nothing is guessed.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::find::{code_to, decision_for, relation_to, AmbiguousWhy, ChooseWhy, Outcome};
use super::record::CaseIdentity;
use super::representation::{Decision, MinorRightsModel, Missing, NotValid, Relation};
use super::verification::Verification;
use crate::intake::SenderAuth;

/// The next step for a case's identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextStep {
    /// Verified: the request came authenticated from an address on file.
    Verified(Verification),
    /// Mail a one-time code to `to`, an address on file, for `subject`.
    SendCode {
        /// The candidate the code verifies.
        subject: usize,
        /// The address on file.
        to: String,
    },
    /// The requester may not act for `subject`; once an officer confirms,
    /// the letter for `reason` goes out and nothing is disclosed.
    NotValid {
        /// The candidate.
        subject: usize,
        /// Why, for the letter.
        reason: NotValid,
    },
    /// An officer must act first.
    Officer(OfficerMust),
}

/// What an officer must do before the stage can go on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "must")]
pub enum OfficerMust {
    /// Look the subject up: nothing has been found yet.
    LookUp,
    /// Choose the subject among the candidates.
    Choose {
        /// Why the finding could not.
        why: ChooseWhy,
    },
    /// Resolve conflicting answers of the systems.
    Resolve {
        /// The conflicts.
        why: Vec<AmbiguousWhy>,
    },
    /// Decide what the records leave open.
    Decide {
        /// What they lack.
        missing: Missing,
    },
    /// Pick the address on file a code goes to.
    PickAddress {
        /// The addresses on file of those who may act.
        addresses: Vec<String>,
    },
    /// No one who may act has an address on file: check in person.
    NoAddressOnFile,
    /// Nobody on file fits the request.
    NothingFound,
}

/// The next step for `identity` of a request from `requester` received on
/// `received`, at `now`.
pub fn next_step(
    identity: &CaseIdentity,
    requester: &str,
    received: NaiveDate,
    model: MinorRightsModel,
    now: DateTime<Utc>,
) -> NextStep {
    let Some(finding) = &identity.finding else {
        return NextStep::Officer(OfficerMust::LookUp);
    };
    let subject = identity
        .subject
        .or_else(|| CaseIdentity::found_subject(finding));
    let Some(subject) = subject.filter(|&s| s < finding.candidates.len()) else {
        return NextStep::Officer(match &finding.outcome {
            Outcome::OfficerChooses { why, .. } => OfficerMust::Choose { why: *why },
            Outcome::Ambiguous { why } => OfficerMust::Resolve { why: why.clone() },
            _ => OfficerMust::NothingFound,
        });
    };
    let candidate = &finding.candidates[subject];
    let unknown = SenderAuth::Unknown;
    let sender = identity.sender.as_ref().unwrap_or(&unknown);
    match relation_to(candidate) {
        Relation::Themself | Relation::Guardian { .. } => {
            match decision_for(candidate, received, model) {
                Decision::MayAct { .. } if sender.passed() => {
                    match Verification::matched_on_file(
                        finding, subject, sender, requester, received, model, now,
                    ) {
                        Ok(v) => NextStep::Verified(v),
                        // matched_on_file checks what was checked here.
                        Err(_) => NextStep::SendCode {
                            subject,
                            to: requester.to_owned(),
                        },
                    }
                }
                // The address is on file, only the mail is not proven to
                // come from it: a code there proves it.
                Decision::MayAct { .. } => NextStep::SendCode {
                    subject,
                    to: requester.to_owned(),
                },
                Decision::NotValid { reason } => NextStep::NotValid { subject, reason },
                Decision::AskOfficer { missing } => {
                    NextStep::Officer(OfficerMust::Decide { missing })
                }
            }
        }
        Relation::Unrelated => {
            let addresses = code_to(candidate, received, model);
            match addresses.as_slice() {
                [one] => NextStep::SendCode {
                    subject,
                    to: one.clone(),
                },
                [] => NextStep::Officer(OfficerMust::NoAddressOnFile),
                _ => NextStep::Officer(OfficerMust::PickAddress { addresses }),
            }
        }
    }
}

#[cfg(test)]
mod tests;
