//! Finding the subject: whose data a request is about, from what every
//! plugin's `locate` answered (issue 11, point 1).
//!
//! Two questions go to every plugin ([`lookups`]): *who is the requester*
//! (by the address the mail came from) and *whom does the letter name* (the
//! names, student or staff number and date of birth the classifier
//! extracted). [`find`] combines all answers into one [`Finding`]: who the
//! requester is on file, the candidate subjects with their addresses on
//! file, and an [`Outcome`] — identified, the officer chooses, not found, or
//! ambiguous.
//!
//! Pure: no store, no plugin calls. The principle throughout is the
//! issue's: nothing is guessed. Where the answers leave room for two
//! readings the officer chooses, and where they contradict each other the
//! outcome is [`Outcome::Ambiguous`], which is never acted on.
//!
//! # Same person in several systems
//! Each plugin names its persons by a key only it understands, so one pupil
//! in the LAS and in the mail system are two [`LocatedPerson`](dsrd_plugin_api::LocatedPerson)s. dsrd takes
//! them for one person only when they are of the same kind, nothing on file
//! contradicts it (two different dates of birth, or two name lists without a
//! name in common) and an exact identifier agrees: an e-mail address on file
//! in both, both matched the letter's student or staff number, or the same
//! name with the same date of birth. A name alone never joins two people.
//! When that rule would make two persons of one plugin into one, the
//! finding is ambiguous.
//!
//! # Partial answers
//! A plugin that fails (other than "unsupported" or "not found") is listed
//! in [`Finding::answers`] and [`Finding::complete`] is false; the others
//! still count. What cannot be decided without the missing system is not
//! decided: "the only child on file" is an argument by elimination, so on
//! partial answers it goes to the officer ([`ChooseWhy::PartialAnswers`]).
//! Identification by an exact ground (the requester's own address, a name
//! or number the letter gives) stands, and [`Outcome::Identified::complete`]
//! says that a system was missing.

mod assess;
mod decide;
mod finder;
mod people;
mod types;

use chrono::NaiveDate;
use dsrd_plugin_api::Subject;

pub use assess::{code_to, decision_for, relation_to, subject_kind};
pub use types::{
    AmbiguousWhy, Answer, AnswerStatus, AnswerSummary, Candidate, ChooseWhy, Finding, Ground,
    GuardianOnFile, Lookup, OnFile, Outcome, Purpose,
};

use super::representation::MinorRightsModel;
use crate::address::EmailAddress;
use crate::classify::{Extraction, RequesterRole};
use finder::Finder;

/// The questions dsrd sends to every plugin for a request from
/// `requester` whose letter yielded `extraction`: always one by the
/// requester's address, and one by the letter's facts when it names
/// anybody (a name, a student or staff number). A date of birth alone is
/// not sent: it fits too many people to be a question of its own, but it
/// goes with a name or number to make the match stronger.
pub fn lookups(requester: &EmailAddress, extraction: &Extraction) -> Vec<Lookup> {
    let mut lookups = vec![Lookup {
        purpose: Purpose::Requester,
        subject: Subject::default().with_email(requester.as_str()),
    }];
    let mut letter = Subject::default();
    for name in &extraction.subject_names {
        let name = name.value.trim();
        if !name.is_empty() && !letter.has_name(name) {
            letter = letter.with_name(name);
        }
    }
    let number = |found: &Option<crate::classify::Found<String>>| {
        found
            .as_ref()
            .map(|f| f.value.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    letter.student_number = number(&extraction.student_number);
    letter.staff_number = number(&extraction.staff_number);
    let names_someone = !letter.names.is_empty()
        || letter.student_number.is_some()
        || letter.staff_number.is_some();
    if names_someone {
        letter.date_of_birth = letter_birth_date(extraction);
        lookups.push(Lookup {
            purpose: Purpose::Letter,
            subject: letter,
        });
    }
    lookups
}

/// The date of birth the letter gives for its subject: the child's when a
/// parent gives it, otherwise the writer's own. A parent's own date of
/// birth (an identification block) is never taken for the child's.
fn letter_birth_date(extraction: &Extraction) -> Option<NaiveDate> {
    let own = match extraction.role {
        RequesterRole::Parent => None,
        _ => extraction.requester_birth_date.as_ref(),
    };
    extraction
        .subject_birth_date
        .as_ref()
        .or(own)
        .map(|found| found.value)
}

/// Combines every plugin's `locate` answers to the [`lookups`] into one
/// finding; `received` is the receipt date (for ages) and `model` the
/// organisation's rule for minors.
pub fn find(
    requester: &EmailAddress,
    extraction: &Extraction,
    answers: &[Answer],
    received: NaiveDate,
    model: MinorRightsModel,
) -> Finding {
    let gathered = people::gather(requester, answers);
    let mut finder = Finder {
        extraction,
        received,
        model,
        people: gathered.people,
        groups: Vec::new(),
        ambiguous: gathered.ambiguous_requester,
        letter_ambiguous: gathered.ambiguous_letter,
    };
    finder.group();
    let candidates = finder.candidates();
    let outcome = finder.decide(&candidates, gathered.complete);
    Finding {
        requester: finder.requester_on_file(),
        answers: gathered.answers,
        candidates,
        outcome,
        complete: gathered.complete,
    }
}

#[cfg(test)]
mod tests;
