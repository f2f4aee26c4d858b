//! A verification of identity as the case records it (answers.md §1, "what
//! to record"): the method, who did it and when, the type of a document
//! *seen* — and deliberately nothing else. There is no field for a document
//! number, a BSN, a photo or an MRZ, and the note is checked for them.
//!
//! A [`Verification`] can only be made by the constructors below, each of
//! which demands its proof: an authenticated mail from an address on file,
//! a code answered correctly, or an officer who saw the person. The store
//! moves a case to `awaiting_approval` only together with one, so there is
//! no way past identity that does not go through here.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::code::CodeCheck;
use super::find::{decision_for, Finding};
use super::note::{check_note, ForbiddenInNote};
use super::representation::{Decision, MinorRightsModel, NotValid};
use crate::intake::SenderAuth;

/// How identity was established, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The request came, authenticated (DKIM/DMARC), from an address on
    /// file for the subject or for their guardian with authority.
    MatchedOnFile,
    /// The requester answered a one-time code sent to an address on file.
    CodeToAddressOnFile,
    /// An officer saw the person (and possibly a document) at school.
    InPerson,
}

impl Method {
    /// The stable name, as in answers.md.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::MatchedOnFile => "matched_on_file",
            Method::CodeToAddressOnFile => "code_to_address_on_file",
            Method::InPerson => "in_person",
        }
    }

    /// Whether the method is strong enough to release special-category
    /// data (a care or health record): by default a code or an in-person
    /// check, never a bare match on file, which a shared family mailbox
    /// also passes (answers.md §1, I3).
    pub fn enough_for_special_category(self) -> bool {
        !matches!(self, Method::MatchedOnFile)
    }
}

/// The type of an identity document an officer saw. Shown, never copied:
/// this is all dsrd keeps of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentSeen {
    /// A passport (paspoort).
    Passport,
    /// A Dutch identity card (id-kaart).
    IdCard,
    /// A driving licence (rijbewijs).
    DrivingLicence,
    /// A residence permit (verblijfsdocument).
    ResidencePermit,
    /// No document: the person was known to the officer.
    None,
}

impl DocumentSeen {
    /// Every type, for help texts.
    pub const ALL: [DocumentSeen; 5] = [
        DocumentSeen::Passport,
        DocumentSeen::IdCard,
        DocumentSeen::DrivingLicence,
        DocumentSeen::ResidencePermit,
        DocumentSeen::None,
    ];

    /// The name on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentSeen::Passport => "passport",
            DocumentSeen::IdCard => "id-card",
            DocumentSeen::DrivingLicence => "driving-licence",
            DocumentSeen::ResidencePermit => "residence-permit",
            DocumentSeen::None => "none",
        }
    }
}

impl std::str::FromStr for DocumentSeen {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DocumentSeen::ALL
            .into_iter()
            .find(|d| d.as_str() == s.trim())
            .ok_or_else(|| {
                let names: Vec<&str> = DocumentSeen::ALL.iter().map(|d| d.as_str()).collect();
                format!("{s:?} is not a document type; one of {}", names.join(", "))
            })
    }
}

/// A recorded verification. Its fields are read-only: only the
/// constructors make one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Verification {
    method: Method,
    /// The candidate (in the case's finding) whose identity it confirms
    /// as the subject.
    subject: usize,
    /// Who verified: `system`, or the officer who saw the person.
    by: String,
    at: DateTime<Utc>,
    document_seen: DocumentSeen,
    /// The address on file the match or the code was on.
    address: Option<String>,
    note: Option<String>,
}

/// Why a verification cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotVerified {
    /// The sender was not authenticated by the mail server.
    #[error("the sender address is not authenticated (no DKIM/DMARC pass): a From header alone can be forged")]
    SenderNotAuthenticated,
    /// The requester's address is not on file for the subject or a guardian.
    #[error("the request did not come from an address on file for this person or their guardian")]
    NotOnFile,
    /// The finding has no such candidate.
    #[error("there is no person {0} in the finding")]
    NoSuchPerson(usize),
    /// The requester may not act for the subject.
    #[error("the requester may not act for this person ({0:?})")]
    MayNotAct(NotValid),
    /// The records leave the requester's right to act open.
    #[error("the records do not say whether the requester may act; an officer must decide")]
    Undecided,
    /// The code was not answered correctly.
    #[error("the code was not answered correctly")]
    CodeNotAnswered,
    /// The note holds what looks like an identity number.
    #[error(transparent)]
    Note(#[from] ForbiddenInNote),
    /// Who saw the person is not named.
    #[error("name who saw the person (--seen-by)")]
    NoWitness,
}

impl Verification {
    /// "Matched on file": the mail came from an address on file for
    /// `subject` (or for their guardian), the mail server authenticated
    /// the sender, and the requester may act for the subject.
    pub fn matched_on_file(
        finding: &Finding,
        subject: usize,
        sender: &SenderAuth,
        requester: &str,
        received: chrono::NaiveDate,
        model: MinorRightsModel,
        at: DateTime<Utc>,
    ) -> Result<Verification, NotVerified> {
        let candidate = finding
            .candidates
            .get(subject)
            .ok_or(NotVerified::NoSuchPerson(subject))?;
        if !sender.passed() {
            return Err(NotVerified::SenderNotAuthenticated);
        }
        if !candidate.is_requester && candidate.guardian_link.is_none() {
            return Err(NotVerified::NotOnFile);
        }
        may_act_or_refuse(decision_for(candidate, received, model))?;
        Ok(Verification {
            method: Method::MatchedOnFile,
            subject,
            by: "system".into(),
            at,
            document_seen: DocumentSeen::None,
            address: Some(requester.to_owned()),
            note: None,
        })
    }

    /// "Code to an address on file": `check` is the outcome of comparing
    /// the requester's answer with the code sent to `address` for
    /// `subject`.
    pub fn by_code(
        check: CodeCheck,
        subject: usize,
        address: &str,
        at: DateTime<Utc>,
    ) -> Result<Verification, NotVerified> {
        if check != CodeCheck::Verified {
            return Err(NotVerified::CodeNotAnswered);
        }
        Ok(Verification {
            method: Method::CodeToAddressOnFile,
            subject,
            by: "system".into(),
            at,
            document_seen: DocumentSeen::None,
            address: Some(address.to_owned()),
            note: None,
        })
    }

    /// "In person": `seen_by` saw the requester at school, with
    /// `document` shown (not copied). `note` is refused when it holds what
    /// looks like a BSN or a document number. The officer's check settles
    /// what the records leave open (say, parental authority not recorded),
    /// but not a requester the rules exclude.
    #[allow(clippy::too_many_arguments)]
    pub fn in_person(
        finding: &Finding,
        subject: usize,
        document: DocumentSeen,
        seen_by: &str,
        note: Option<&str>,
        received: chrono::NaiveDate,
        model: MinorRightsModel,
        at: DateTime<Utc>,
    ) -> Result<Verification, NotVerified> {
        let candidate = finding
            .candidates
            .get(subject)
            .ok_or(NotVerified::NoSuchPerson(subject))?;
        if seen_by.trim().is_empty() {
            return Err(NotVerified::NoWitness);
        }
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        if let Some(note) = note {
            check_note(note)?;
        }
        // A pupil's own request is judged on the pupil; a requester not on
        // file at all has shown who they are, and then stands as the
        // person they showed themself to be.
        match decision_for(candidate, received, model) {
            Decision::NotValid {
                reason: NotValid::NoRelationOnFile,
            } => {}
            other => match may_act_or_refuse(other) {
                Err(NotVerified::Undecided) | Ok(()) => {}
                Err(e) => return Err(e),
            },
        }
        Ok(Verification {
            method: Method::InPerson,
            subject,
            by: seen_by.trim().to_owned(),
            at,
            document_seen: document,
            address: None,
            note: note.map(str::to_owned),
        })
    }

    /// How.
    pub fn method(&self) -> Method {
        self.method
    }

    /// Whose identity, as a candidate of the case's finding.
    pub fn subject(&self) -> usize {
        self.subject
    }

    /// Who verified.
    pub fn by(&self) -> &str {
        &self.by
    }

    /// When.
    pub fn at(&self) -> DateTime<Utc> {
        self.at
    }

    /// The document type seen, if any.
    pub fn document_seen(&self) -> DocumentSeen {
        self.document_seen
    }

    /// The address on file the match or code was on.
    pub fn address(&self) -> Option<&str> {
        self.address.as_deref()
    }

    /// The officer's note.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
}

fn may_act_or_refuse(decision: Decision) -> Result<(), NotVerified> {
    match decision {
        Decision::MayAct { .. } => Ok(()),
        Decision::NotValid { reason } => Err(NotVerified::MayNotAct(reason)),
        Decision::AskOfficer { .. } => Err(NotVerified::Undecided),
    }
}
