//! The identity stage's next step, one situation a row.

use chrono::{NaiveDate, TimeZone, Utc};
use dsrd_plugin_api::PersonKind;

use super::*;
use crate::identity::find::{Candidate, Finding, GuardianOnFile, OnFile, Outcome};
use crate::identity::representation::{Capacity, MinorRightsModel::Reglement};
use crate::identity::Method;

const REQUESTER: &str = "ouder@example.nl";

fn received() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

fn pupil(age: u32) -> Candidate {
    Candidate {
        on_file: vec![OnFile {
            plugin: "las".into(),
            key: format!("pupil-{age}"),
            kind: PersonKind::Pupil,
        }],
        kind: PersonKind::Pupil,
        names: vec!["Lotte Bakker".into()],
        date_of_birth: NaiveDate::from_ymd_opt(2026 - age as i32, 6, 1),
        emails: vec!["lotte@leerling.example".into()],
        guardians: vec![GuardianOnFile {
            on_file: vec![],
            names: vec!["Sanne Bakker".into()],
            emails: vec!["sanne@example.nl".into()],
            authority: Some(true),
        }],
        is_requester: false,
        guardian_link: None,
        letter_match: None,
        fits: vec![],
        contradicts: vec![],
    }
}

fn finding(candidate: Candidate, outcome: Outcome) -> Finding {
    Finding {
        answers: vec![],
        requester: vec![],
        candidates: vec![candidate],
        outcome,
        complete: true,
    }
}

fn identified(candidate: Candidate) -> Finding {
    let relation = relation_to(&candidate);
    finding(
        candidate,
        Outcome::Identified {
            subject: 0,
            relation,
            how: vec![],
            kind: crate::identity::SubjectKind::Pupil { age: Some(9) },
            decision: Decision::MayAct {
                capacity: Capacity::LegalRepresentative,
            },
            complete: true,
        },
    )
}

fn step(finding: Finding, sender: SenderAuth, subject: Option<usize>) -> NextStep {
    let identity = CaseIdentity {
        finding: Some(finding),
        sender: Some(sender),
        subject,
        ..CaseIdentity::default()
    };
    next_step(
        &identity,
        REQUESTER,
        received(),
        Reglement,
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap(),
    )
}

fn pass() -> SenderAuth {
    SenderAuth::Pass { by: "dmarc".into() }
}

fn as_child(mut c: Candidate, authority: Option<bool>) -> Candidate {
    c.guardian_link = Some(Relation::Guardian { authority });
    c
}

#[test]
fn a_guardian_with_authority_writing_authenticated_is_matched_on_file() {
    let next = step(identified(as_child(pupil(9), Some(true))), pass(), None);
    let NextStep::Verified(v) = next else {
        panic!("{next:?}")
    };
    assert_eq!(v.method(), Method::MatchedOnFile);
    assert_eq!(v.address(), Some(REQUESTER));
    assert_eq!(v.by(), "system");
}

#[test]
fn the_same_guardian_unauthenticated_gets_a_code_at_the_address_on_file() {
    for sender in [
        SenderAuth::Unknown,
        SenderAuth::Fail {
            why: "dmarc=fail".into(),
        },
    ] {
        let next = step(identified(as_child(pupil(9), Some(true))), sender, None);
        assert_eq!(
            next,
            NextStep::SendCode {
                subject: 0,
                to: REQUESTER.into()
            }
        );
    }
}

#[test]
fn a_requester_not_on_file_gets_a_code_only_at_the_guardians_address() {
    let f = finding(
        pupil(9),
        Outcome::NotFound {
            requester_known: false,
            subject: Some(0),
            code_to: vec!["sanne@example.nl".into()],
        },
    );
    assert_eq!(
        step(f, pass(), None),
        NextStep::SendCode {
            subject: 0,
            to: "sanne@example.nl".into()
        }
    );
}

#[test]
fn a_pupil_of_sixteen_not_on_file_as_requester_gets_the_code_at_the_pupils_own_address() {
    let f = finding(
        pupil(16),
        Outcome::NotFound {
            requester_known: false,
            subject: Some(0),
            code_to: vec![],
        },
    );
    assert_eq!(
        step(f, pass(), None),
        NextStep::SendCode {
            subject: 0,
            to: "lotte@leerling.example".into()
        }
    );
}

#[test]
fn two_addresses_that_may_receive_a_code_go_to_the_officer() {
    let mut c = pupil(9);
    c.guardians.push(GuardianOnFile {
        on_file: vec![],
        names: vec!["Piet Bakker".into()],
        emails: vec!["piet@example.nl".into()],
        authority: Some(true),
    });
    let f = finding(
        c,
        Outcome::NotFound {
            requester_known: false,
            subject: Some(0),
            code_to: vec![],
        },
    );
    assert_eq!(
        step(f, pass(), None),
        NextStep::Officer(OfficerMust::PickAddress {
            addresses: vec!["sanne@example.nl".into(), "piet@example.nl".into()]
        })
    );
}

#[test]
fn nobody_with_an_address_on_file_means_an_in_person_check() {
    let mut c = pupil(9);
    c.guardians.clear();
    let f = finding(
        c,
        Outcome::NotFound {
            requester_known: false,
            subject: Some(0),
            code_to: vec![],
        },
    );
    assert_eq!(
        step(f, pass(), None),
        NextStep::Officer(OfficerMust::NoAddressOnFile)
    );
}

#[test]
fn rules_that_exclude_the_requester_give_their_reason() {
    // A pupil of 10 writing herself; a parent of a 16-year-old; a parent
    // without authority.
    let mut herself = pupil(10);
    herself.is_requester = true;
    let rows = [
        (herself, NotValid::ParentMustAsk),
        (as_child(pupil(16), Some(true)), NotValid::PupilDecides),
        (
            as_child(pupil(9), Some(false)),
            NotValid::NotARepresentative,
        ),
    ];
    for (candidate, reason) in rows {
        let next = step(identified(candidate), pass(), None);
        assert_eq!(next, NextStep::NotValid { subject: 0, reason });
    }
}

#[test]
fn authority_not_recorded_goes_to_the_officer() {
    let next = step(identified(as_child(pupil(9), None)), pass(), None);
    assert_eq!(
        next,
        NextStep::Officer(OfficerMust::Decide {
            missing: Missing::Authority
        })
    );
}

#[test]
fn a_choice_left_open_waits_for_the_officer_and_a_made_choice_goes_on() {
    let open = finding(
        as_child(pupil(9), Some(true)),
        Outcome::OfficerChooses {
            candidates: vec![0],
            why: ChooseWhy::SeveralChildrenNoneNamed,
        },
    );
    assert_eq!(
        step(open.clone(), pass(), None),
        NextStep::Officer(OfficerMust::Choose {
            why: ChooseWhy::SeveralChildrenNoneNamed
        })
    );
    assert!(matches!(step(open, pass(), Some(0)), NextStep::Verified(_)));
}

#[test]
fn conflicting_answers_are_never_acted_on() {
    let f = finding(
        pupil(9),
        Outcome::Ambiguous {
            why: vec![AmbiguousWhy::SeveralMatch],
        },
    );
    assert_eq!(
        step(f, pass(), None),
        NextStep::Officer(OfficerMust::Resolve {
            why: vec![AmbiguousWhy::SeveralMatch]
        })
    );
}

#[test]
fn nothing_looked_up_is_nothing_decided() {
    let next = next_step(
        &CaseIdentity::default(),
        REQUESTER,
        received(),
        Reglement,
        Utc::now(),
    );
    assert_eq!(next, NextStep::Officer(OfficerMust::LookUp));
}
