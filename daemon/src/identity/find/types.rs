//! The data [`find`](super::find) takes and gives: lookups, answers, and the
//! finding with its candidates and outcome. Serialisable so the case can
//! keep the finding as it was when the officer saw it.

use chrono::NaiveDate;
use dsrd_plugin_api::{LocateResult, MatchStrength, PersonKind, PluginError, Subject};
use serde::{Deserialize, Serialize};

use crate::identity::representation::{Decision, Relation, SubjectKind};

/// What a [`Lookup`] asks a plugin.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Who the requester is: the person whose address on file is the one
    /// the mail came from (themself, or a guardian with linked pupils).
    Requester,
    /// Whom the letter names: its names, numbers and date of birth.
    Letter,
}

/// One question for every plugin's `locate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lookup {
    /// What the answer is used for.
    pub purpose: Purpose,
    /// The identifiers sent.
    pub subject: Subject,
}

/// What one plugin answered to one [`Lookup`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The plugin's name as in the configuration.
    pub plugin: String,
    /// Which lookup this answers.
    pub purpose: Purpose,
    /// What `locate` returned.
    pub result: Result<LocateResult, PluginError>,
}

/// A person in one plugin's records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OnFile {
    /// The plugin.
    pub plugin: String,
    /// The person's key in that plugin ([`LocatedPerson::key`](dsrd_plugin_api::LocatedPerson::key)).
    pub key: String,
    /// What the person is to the school there.
    pub kind: PersonKind,
}

/// How one answer went, kept so the officer sees every system's part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AnswerSummary {
    /// The plugin.
    pub plugin: String,
    /// The lookup answered.
    pub purpose: Purpose,
    /// What came back.
    pub status: AnswerStatus,
}

/// What came back from one plugin for one lookup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum AnswerStatus {
    /// An answer (possibly empty: "not found" is an answer too).
    Answered {
        /// Records found.
        records: usize,
        /// Persons found, matched and linked.
        persons: usize,
        /// The plugin said the match may be about several people.
        ambiguous: bool,
    },
    /// The plugin does not `locate`; it plays no part in finding the subject.
    Unsupported,
    /// The plugin failed; its part is missing from the finding.
    Failed {
        /// The failure, as the plugin reported it (no personal data).
        error: PluginError,
    },
}

/// A guardian on file for a candidate: who could receive a code for a
/// pupil who cannot act alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct GuardianOnFile {
    /// The guardian's records, one per plugin.
    pub on_file: Vec<OnFile>,
    /// Names on file.
    pub names: Vec<String>,
    /// Addresses on file.
    pub emails: Vec<String>,
    /// Parental authority as the systems record it; `None` when none
    /// records it or they disagree.
    pub authority: Option<bool>,
}

/// A reason a person is (or fits as) the subject.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Ground {
    /// The mail came from an address on file for the requester.
    AddressOnFile,
    /// The requester is linked to this one pupil only.
    OnlyChildOnFile,
    /// The letter gives this person's full name.
    FullName,
    /// The letter gives this person's first name (only used among the
    /// requester's own children).
    FirstName,
    /// A system matched the letter's student number to this person.
    StudentNumber,
    /// A system matched the letter's staff number to this person.
    StaffNumber,
    /// The letter's date of birth is the one on file.
    DateOfBirth,
    /// The letter's group appears in the label of one of the person's
    /// records ("pupil, groep 3"). Only labels in the answer's records can
    /// be seen, and a linked pupil's records usually are not there, so the
    /// group decides only where a plugin gives them.
    Group,
}

/// One person who may be the subject, as all systems together know them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Candidate {
    /// The person's records, one per plugin that knows them.
    pub on_file: Vec<OnFile>,
    /// What the person is to the school.
    pub kind: PersonKind,
    /// Names on file, as the systems write them.
    pub names: Vec<String>,
    /// Date of birth on file.
    pub date_of_birth: Option<NaiveDate>,
    /// Addresses on file for this person: the only places a code may go.
    pub emails: Vec<String>,
    /// Guardians on file for this person.
    pub guardians: Vec<GuardianOnFile>,
    /// The requester's address is on file for this person.
    pub is_requester: bool,
    /// The requester is linked to this person as parent or guardian, with
    /// the authority the systems record.
    pub guardian_link: Option<Relation>,
    /// The strongest match of the letter's facts in any system.
    pub letter_match: Option<MatchStrength>,
    /// What in the letter fits this person.
    pub fits: Vec<Ground>,
    /// What in the letter contradicts this person on file.
    pub contradicts: Vec<Ground>,
}

/// Why the officer must choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChooseWhy {
    /// The requester is guardian of several pupils and the letter names none.
    SeveralChildrenNoneNamed,
    /// The letter's facts fit several of the requester's children.
    LetterFitsSeveral,
    /// The letter names someone who is none of the requester's children.
    LetterFitsNone,
    /// The requester's address is on file for several people.
    SharedAddress,
    /// The letter does not say whether it is about the requester or a child.
    RoleUnclear,
    /// One answer would decide it by elimination, but a system failed.
    PartialAnswers,
}

/// Why a finding is ambiguous.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "why")]
pub enum AmbiguousWhy {
    /// A plugin said its match may be about several people.
    PluginSaysAmbiguous {
        /// The plugin.
        plugin: String,
    },
    /// Two systems name different people for the same number.
    PluginsDisagree {
        /// The plugins.
        plugins: Vec<String>,
    },
    /// The identifiers join two persons of one plugin into one.
    OnePersonTwiceInAPlugin {
        /// The plugin.
        plugin: String,
    },
    /// Several people match the letter's facts.
    SeveralMatch,
    /// Only a weak identifier (a name alone) matched.
    WeakMatchOnly,
    /// The letter's number belongs to someone other than the requester.
    LetterContradictsRequester,
}

/// The outcome of [`find`](super::find); candidate numbers index [`Finding::candidates`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum Outcome {
    /// Exactly one person is the subject.
    Identified {
        /// The subject, in [`Finding::candidates`].
        subject: usize,
        /// The requester's relation to them.
        relation: Relation,
        /// Why this person, strongest ground first.
        how: Vec<Ground>,
        /// The subject's kind, with a pupil's age on the receipt date.
        kind: SubjectKind,
        /// Whether the requester may exercise the right for them.
        decision: Decision,
        /// False when a system failed: the identification rests on an
        /// exact ground, but the missing system is not in it.
        complete: bool,
    },
    /// The officer picks one of `candidates`, or none.
    OfficerChooses {
        /// The candidates, in [`Finding::candidates`].
        candidates: Vec<usize>,
        /// Why.
        why: ChooseWhy,
    },
    /// The requester is not on file as the subject or their guardian. The
    /// subject, when the letter's facts found exactly one, is given with
    /// the addresses on file of the people who may act for them: identity
    /// can then be checked by a code sent there, and only there. On
    /// partial answers ([`Finding::complete`] false) the missing system may
    /// know the requester; a code is still safe, as it goes only to
    /// addresses on file of people who may act.
    NotFound {
        /// The requester's address is on file (for someone else).
        requester_known: bool,
        /// The subject found by the letter's facts, in
        /// [`Finding::candidates`].
        subject: Option<usize>,
        /// Addresses on file of the subject, or of their guardians with
        /// authority, that may receive a code (empty when the records do
        /// not say who may act, e.g. no date of birth: the officer decides).
        code_to: Vec<String>,
    },
    /// The answers conflict; nothing is done until the officer resolves it.
    Ambiguous {
        /// Every conflict found.
        why: Vec<AmbiguousWhy>,
    },
}

/// Everything [`find`](super::find) found, as plain data the officer and the next stage
/// read and the store keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Finding {
    /// Every plugin's answer to every lookup.
    pub answers: Vec<AnswerSummary>,
    /// The requester on file, per plugin: every person whose address on
    /// file is the requester's.
    pub requester: Vec<OnFile>,
    /// Everyone considered as the subject, with their addresses on file.
    pub candidates: Vec<Candidate>,
    /// The decision.
    pub outcome: Outcome,
    /// Whether every plugin that locates answered.
    pub complete: bool,
}

impl Finding {
    /// The identified subject, if any.
    pub fn subject(&self) -> Option<&Candidate> {
        match self.outcome {
            Outcome::Identified { subject, .. } => self.candidates.get(subject),
            _ => None,
        }
    }
}
