//! Finding the subject from `locate` answers: one table of situations, each
//! with the whole outcome it must give.

use chrono::NaiveDate;
use dsrd_plugin_api::{
    IdentifierKind, LocateResult, LocatedPerson, LocatedRecord, MatchStrength, PersonKind,
    PersonLink, PluginError, RecordRef, Relation as LinkRelation,
};

use super::*;
use crate::classify::Found;
use crate::identity::representation::{
    may_act, Capacity, Decision, MinorRightsModel, NotValid, Relation, SubjectKind,
};
use crate::identity::MinorRightsModel::{Reglement, Uavg2026};

const PARENT: &str = "ouder@example.nl";
const RECEIVED: (i32, u32, u32) = (2026, 12, 1);

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn received() -> NaiveDate {
    date(RECEIVED.0, RECEIVED.1, RECEIVED.2)
}

fn address(text: &str) -> EmailAddress {
    EmailAddress::parse(text).unwrap()
}

fn found<T>(value: T) -> Found<T> {
    Found {
        value,
        snippet: String::new(),
    }
}

/// A letter with `role` naming `names`.
fn letter(role: RequesterRole, names: &[&str]) -> Extraction {
    Extraction {
        role,
        subject_names: names.iter().map(|n| found(n.to_string())).collect(),
        ..Extraction::default()
    }
}

/// A guardian the requester lookup matched on `email`, linked to pupils
/// with the given authority.
fn guardian(key: &str, email: &str, children: &[(&str, Option<bool>)]) -> LocatedPerson {
    LocatedPerson {
        key: key.into(),
        kind: PersonKind::Guardian,
        names: vec!["Sanne de Vries".into()],
        emails: vec![email.into()],
        strength: Some(MatchStrength::Exact),
        matched_on: vec![IdentifierKind::Email],
        links: children
            .iter()
            .map(|(child, authority)| PersonLink {
                person: child.to_string(),
                relation: LinkRelation::Parent,
                parental_authority: *authority,
            })
            .collect(),
        ..LocatedPerson::default()
    }
}

/// A guardian reached through a link (not matched), with authority over
/// `child`.
fn linked_guardian(key: &str, email: &str, child: &str) -> LocatedPerson {
    LocatedPerson {
        strength: None,
        matched_on: vec![],
        ..guardian(key, email, &[(child, Some(true))])
    }
}

/// A pupil reached through a link.
fn pupil(key: &str, name: &str, born: NaiveDate) -> LocatedPerson {
    LocatedPerson {
        key: key.into(),
        kind: PersonKind::Pupil,
        names: vec![name.into()],
        date_of_birth: Some(born),
        emails: vec![format!("{}@leerling.example.nl", key.replace(':', "-"))],
        ..LocatedPerson::default()
    }
}

/// A person the lookup matched on `on` with `strength`.
fn matched(person: LocatedPerson, strength: MatchStrength, on: &[IdentifierKind]) -> LocatedPerson {
    LocatedPerson {
        strength: Some(strength),
        matched_on: on.to_vec(),
        ..person
    }
}

fn staff(key: &str, email: &str) -> LocatedPerson {
    LocatedPerson {
        key: key.into(),
        kind: PersonKind::Staff,
        names: vec!["Ahmed Yilmaz".into()],
        emails: vec![email.into()],
        strength: Some(MatchStrength::Exact),
        matched_on: vec![IdentifierKind::Email],
        ..LocatedPerson::default()
    }
}

fn answer(plugin: &str, purpose: Purpose, persons: Vec<LocatedPerson>) -> Answer {
    Answer {
        plugin: plugin.into(),
        purpose,
        result: Ok(LocateResult {
            records: vec![],
            ambiguous: false,
            persons,
        }),
    }
}

fn ambiguous(plugin: &str, purpose: Purpose, persons: Vec<LocatedPerson>) -> Answer {
    let mut answer = answer(plugin, purpose, persons);
    if let Ok(result) = &mut answer.result {
        result.ambiguous = true;
    }
    answer
}

fn failed(plugin: &str, purpose: Purpose) -> Answer {
    Answer {
        plugin: plugin.into(),
        purpose,
        result: Err(PluginError::BackendUnavailable {
            message: "connection refused".into(),
        }),
    }
}

use Purpose::{Letter, Requester};

fn daan() -> LocatedPerson {
    pupil("pupils:1", "Daan de Vries", date(2016, 3, 1)) // 10 on receipt
}

fn lotte() -> LocatedPerson {
    pupil("pupils:2", "Lotte de Vries", date(2013, 5, 1)) // 13 on receipt
}

fn mother_of_both() -> LocatedPerson {
    guardian(
        "guardians:1",
        PARENT,
        &[("pupils:1", Some(true)), ("pupils:2", Some(true))],
    )
}

fn representative(age: u32, how: Vec<Ground>, subject: usize, complete: bool) -> Outcome {
    let kind = SubjectKind::Pupil { age: Some(age) };
    Outcome::Identified {
        subject,
        relation: Relation::Guardian {
            authority: Some(true),
        },
        how,
        kind,
        decision: Decision::MayAct {
            capacity: Capacity::LegalRepresentative,
        },
        complete,
    }
}

struct Row {
    what: &'static str,
    from: &'static str,
    letter: Extraction,
    answers: Vec<Answer>,
    model: MinorRightsModel,
    outcome: Outcome,
}

fn rows() -> Vec<Row> {
    use Ground::*;
    let with_number = |mut x: Extraction, number: &str| {
        x.student_number = Some(found(number.to_owned()));
        x
    };
    let pupil_13 = LocatedPerson {
        emails: vec!["lotte@leerling.example.nl".into()],
        ..matched(lotte(), MatchStrength::Exact, &[IdentifierKind::Email])
    };
    vec![
        Row {
            what: "a guardian with one child on file writes 'mijn zoon'",
            from: PARENT,
            letter: letter(RequesterRole::Parent, &[]),
            answers: vec![answer(
                "las",
                Requester,
                vec![
                    guardian("guardians:1", PARENT, &[("pupils:1", Some(true))]),
                    daan(),
                ],
            )],
            model: Reglement,
            outcome: representative(10, vec![AddressOnFile, OnlyChildOnFile], 1, true),
        },
        Row {
            what: "a guardian with two children names neither",
            from: PARENT,
            letter: letter(RequesterRole::Parent, &[]),
            answers: vec![answer(
                "las",
                Requester,
                vec![mother_of_both(), daan(), lotte()],
            )],
            model: Reglement,
            outcome: Outcome::OfficerChooses {
                candidates: vec![1, 2],
                why: ChooseWhy::SeveralChildrenNoneNamed,
            },
        },
        Row {
            what: "a guardian with two children names one in full, surname first",
            from: PARENT,
            letter: letter(RequesterRole::Parent, &["vries, lotte de"]),
            answers: vec![
                answer("las", Requester, vec![mother_of_both(), daan(), lotte()]),
                // A name-only match: a conforming plugin says it is
                // ambiguous, which does not matter among the own children.
                ambiguous(
                    "las",
                    Letter,
                    vec![matched(
                        lotte(),
                        MatchStrength::Weak,
                        &[IdentifierKind::Name],
                    )],
                ),
            ],
            model: Reglement,
            outcome: representative(13, vec![AddressOnFile, FullName], 2, true),
        },
        Row {
            what: "a guardian with two children names one by first name",
            from: PARENT,
            letter: letter(RequesterRole::Parent, &["Daan"]),
            answers: vec![answer(
                "las",
                Requester,
                vec![mother_of_both(), daan(), lotte()],
            )],
            model: Reglement,
            outcome: representative(10, vec![AddressOnFile, FirstName], 1, true),
        },
        Row {
            what: "a guardian names a child that is not theirs",
            from: PARENT,
            letter: letter(RequesterRole::Parent, &["Sem Jansen"]),
            answers: vec![answer(
                "las",
                Requester,
                vec![mother_of_both(), daan(), lotte()],
            )],
            model: Reglement,
            outcome: Outcome::OfficerChooses {
                candidates: vec![1, 2],
                why: ChooseWhy::LetterFitsNone,
            },
        },
        Row {
            what: "a guardian without parental authority writes about their only child",
            from: PARENT,
            letter: letter(RequesterRole::Parent, &[]),
            answers: vec![answer(
                "las",
                Requester,
                vec![
                    guardian("guardians:1", PARENT, &[("pupils:1", Some(false))]),
                    daan(),
                ],
            )],
            model: Reglement,
            outcome: Outcome::Identified {
                subject: 1,
                relation: Relation::Guardian {
                    authority: Some(false),
                },
                how: vec![AddressOnFile, OnlyChildOnFile],
                kind: SubjectKind::Pupil { age: Some(10) },
                decision: Decision::NotValid {
                    reason: NotValid::NotARepresentative,
                },
                complete: true,
            },
        },
        Row {
            what: "two systems disagree on authority: the officer decides",
            from: PARENT,
            letter: letter(RequesterRole::Parent, &[]),
            answers: vec![
                answer(
                    "las",
                    Requester,
                    vec![
                        guardian("guardians:1", PARENT, &[("pupils:1", Some(true))]),
                        daan(),
                    ],
                ),
                answer(
                    "lvs",
                    Requester,
                    vec![
                        guardian("g7", PARENT, &[("p7", Some(false))]),
                        pupil("p7", "Daan de Vries", date(2016, 3, 1)),
                    ],
                ),
            ],
            model: Reglement,
            outcome: Outcome::Identified {
                subject: 1,
                relation: Relation::Guardian { authority: None },
                how: vec![AddressOnFile, OnlyChildOnFile],
                kind: SubjectKind::Pupil { age: Some(10) },
                decision: may_act(
                    Relation::Guardian { authority: None },
                    SubjectKind::Pupil { age: Some(10) },
                    Reglement,
                ),
                complete: true,
            },
        },
        Row {
            what: "a staff member gives their staff number",
            from: "a.yilmaz@school.example.nl",
            letter: Extraction {
                staff_number: Some(found("P1234".into())),
                ..letter(RequesterRole::Staff, &[])
            },
            answers: vec![
                answer(
                    "hr",
                    Requester,
                    vec![staff("employees:9", "a.yilmaz@school.example.nl")],
                ),
                answer(
                    "hr",
                    Letter,
                    vec![matched(
                        staff("employees:9", "a.yilmaz@school.example.nl"),
                        MatchStrength::Exact,
                        &[IdentifierKind::StaffNumber],
                    )],
                ),
            ],
            model: Reglement,
            outcome: Outcome::Identified {
                subject: 0,
                relation: Relation::Themself,
                how: vec![AddressOnFile, StaffNumber],
                kind: SubjectKind::Staff,
                decision: Decision::MayAct {
                    capacity: Capacity::Themself,
                },
                complete: true,
            },
        },
        Row {
            what: "a staff member's number belongs to someone else",
            from: "a.yilmaz@school.example.nl",
            letter: Extraction {
                staff_number: Some(found("P9999".into())),
                ..letter(RequesterRole::Staff, &[])
            },
            answers: vec![
                answer(
                    "hr",
                    Requester,
                    vec![staff("employees:9", "a.yilmaz@school.example.nl")],
                ),
                answer(
                    "hr",
                    Letter,
                    vec![matched(
                        staff("employees:3", "b.smit@school.example.nl"),
                        MatchStrength::Exact,
                        &[IdentifierKind::StaffNumber],
                    )],
                ),
            ],
            model: Reglement,
            outcome: Outcome::Ambiguous {
                why: vec![AmbiguousWhy::LetterContradictsRequester],
            },
        },
        Row {
            what: "a pupil of 13 writes from her own address (reglement)",
            from: "lotte@leerling.example.nl",
            letter: letter(RequesterRole::Pupil, &[]),
            answers: vec![answer("las", Requester, vec![pupil_13.clone()])],
            model: Reglement,
            outcome: Outcome::Identified {
                subject: 0,
                relation: Relation::Themself,
                how: vec![AddressOnFile],
                kind: SubjectKind::Pupil { age: Some(13) },
                decision: Decision::NotValid {
                    reason: NotValid::ParentMustAsk,
                },
                complete: true,
            },
        },
        Row {
            what: "a pupil of 13 writes from her own address (uavg-2026)",
            from: "lotte@leerling.example.nl",
            letter: letter(RequesterRole::Pupil, &[]),
            answers: vec![answer("las", Requester, vec![pupil_13.clone()])],
            model: Uavg2026,
            outcome: Outcome::Identified {
                subject: 0,
                relation: Relation::Themself,
                how: vec![AddressOnFile],
                kind: SubjectKind::Pupil { age: Some(13) },
                decision: Decision::MayAct {
                    capacity: Capacity::Themself,
                },
                complete: true,
            },
        },
        Row {
            what: "a pupil whose letter gives another date of birth",
            from: "lotte@leerling.example.nl",
            letter: Extraction {
                requester_birth_date: Some(found(date(2012, 5, 1))),
                ..letter(RequesterRole::Pupil, &[])
            },
            answers: vec![answer("las", Requester, vec![pupil_13.clone()])],
            model: Uavg2026,
            outcome: Outcome::Ambiguous {
                why: vec![AmbiguousWhy::LetterContradictsRequester],
            },
        },
        Row {
            what: "a pupil writes from the address on file for her parent",
            from: PARENT,
            letter: letter(RequesterRole::Pupil, &[]),
            answers: vec![answer(
                "las",
                Requester,
                vec![mother_of_both(), daan(), lotte()],
            )],
            model: Uavg2026,
            outcome: Outcome::OfficerChooses {
                candidates: vec![0, 1, 2],
                why: ChooseWhy::RoleUnclear,
            },
        },
        Row {
            what: "an unknown address names a pupil with student number",
            from: "onbekend@example.com",
            letter: with_number(letter(RequesterRole::Parent, &["Daan de Vries"]), "104233"),
            answers: vec![
                answer("las", Requester, vec![]),
                answer(
                    "las",
                    Letter,
                    vec![
                        matched(
                            daan(),
                            MatchStrength::Exact,
                            &[IdentifierKind::StudentNumber, IdentifierKind::Name],
                        ),
                        linked_guardian("guardians:1", PARENT, "pupils:1"),
                    ],
                ),
            ],
            model: Reglement,
            // The code goes to the guardian on file, not to the pupil of
            // 10 (who cannot act alone), and never to the sender.
            outcome: Outcome::NotFound {
                requester_known: false,
                subject: Some(0),
                code_to: vec![PARENT.into()],
            },
        },
        Row {
            what: "an unknown address and a letter that names nobody",
            from: "onbekend@example.com",
            letter: letter(RequesterRole::Parent, &[]),
            answers: vec![answer("las", Requester, vec![])],
            model: Reglement,
            outcome: Outcome::NotFound {
                requester_known: false,
                subject: None,
                code_to: vec![],
            },
        },
        Row {
            what: "two systems give the student number to different pupils",
            from: "onbekend@example.com",
            letter: with_number(letter(RequesterRole::Parent, &[]), "104233"),
            answers: vec![
                answer(
                    "las",
                    Letter,
                    vec![matched(
                        daan(),
                        MatchStrength::Exact,
                        &[IdentifierKind::StudentNumber],
                    )],
                ),
                answer(
                    "lvs",
                    Letter,
                    vec![matched(
                        pupil("p7", "Sem Jansen", date(2015, 1, 2)),
                        MatchStrength::Exact,
                        &[IdentifierKind::StudentNumber],
                    )],
                ),
            ],
            model: Reglement,
            outcome: Outcome::Ambiguous {
                why: vec![AmbiguousWhy::PluginsDisagree {
                    plugins: vec!["las".into(), "lvs".into()],
                }],
            },
        },
        Row {
            what: "a plugin answers ambiguous about the letter's pupil",
            from: "onbekend@example.com",
            letter: letter(RequesterRole::Parent, &["Daan de Vries"]),
            answers: vec![ambiguous(
                "las",
                Letter,
                vec![
                    matched(daan(), MatchStrength::Weak, &[IdentifierKind::Name]),
                    matched(
                        pupil("pupils:8", "Daan de Vries", date(2012, 1, 1)),
                        MatchStrength::Weak,
                        &[IdentifierKind::Name],
                    ),
                ],
            )],
            model: Reglement,
            outcome: Outcome::Ambiguous {
                why: vec![AmbiguousWhy::PluginSaysAmbiguous {
                    plugin: "las".into(),
                }],
            },
        },
        Row {
            what: "a plugin is unsure who has the requester's address",
            from: PARENT,
            letter: letter(RequesterRole::Parent, &[]),
            answers: vec![Answer {
                plugin: "las".into(),
                purpose: Requester,
                result: Err(PluginError::Ambiguous {
                    message: "two guardians share the address".into(),
                }),
            }],
            model: Reglement,
            outcome: Outcome::Ambiguous {
                why: vec![AmbiguousWhy::PluginSaysAmbiguous {
                    plugin: "las".into(),
                }],
            },
        },
        Row {
            what: "only a weak name match for an unknown requester",
            from: "onbekend@example.com",
            letter: letter(RequesterRole::Parent, &["Daan de Vries"]),
            answers: vec![answer(
                "las",
                Letter,
                vec![matched(
                    daan(),
                    MatchStrength::Weak,
                    &[IdentifierKind::Name],
                )],
            )],
            model: Reglement,
            outcome: Outcome::Ambiguous {
                why: vec![AmbiguousWhy::WeakMatchOnly],
            },
        },
        Row {
            what: "one child on file but another system failed: no elimination",
            from: PARENT,
            letter: letter(RequesterRole::Parent, &[]),
            answers: vec![
                answer(
                    "las",
                    Requester,
                    vec![
                        guardian("guardians:1", PARENT, &[("pupils:1", Some(true))]),
                        daan(),
                    ],
                ),
                failed("lvs", Requester),
            ],
            model: Reglement,
            outcome: Outcome::OfficerChooses {
                candidates: vec![1],
                why: ChooseWhy::PartialAnswers,
            },
        },
        Row {
            what: "a named child while another system failed: identified, incomplete",
            from: PARENT,
            letter: letter(RequesterRole::Parent, &["Lotte de Vries"]),
            answers: vec![
                answer("las", Requester, vec![mother_of_both(), daan(), lotte()]),
                failed("lvs", Requester),
            ],
            model: Reglement,
            outcome: representative(13, vec![AddressOnFile, FullName], 2, false),
        },
        Row {
            what: "the same guardian and child in two systems are one each",
            from: PARENT,
            letter: letter(RequesterRole::Parent, &[]),
            answers: vec![
                answer(
                    "las",
                    Requester,
                    vec![
                        guardian("guardians:1", PARENT, &[("pupils:1", Some(true))]),
                        daan(),
                    ],
                ),
                answer(
                    "lvs",
                    Requester,
                    vec![
                        guardian("g7", PARENT, &[("p7", None)]),
                        pupil("p7", "Vries, Daan de", date(2016, 3, 1)),
                    ],
                ),
            ],
            model: Reglement,
            outcome: representative(10, vec![AddressOnFile, OnlyChildOnFile], 1, true),
        },
        Row {
            what: "a guardian who does not say whom the letter is about",
            from: PARENT,
            letter: letter(RequesterRole::Unknown, &[]),
            answers: vec![answer(
                "las",
                Requester,
                vec![
                    guardian("guardians:1", PARENT, &[("pupils:1", Some(true))]),
                    daan(),
                ],
            )],
            model: Reglement,
            outcome: Outcome::OfficerChooses {
                candidates: vec![0, 1],
                why: ChooseWhy::RoleUnclear,
            },
        },
        Row {
            what: "a mentor's link to pupils makes them nobody's guardian",
            from: "a.yilmaz@school.example.nl",
            letter: letter(RequesterRole::Unknown, &[]),
            answers: vec![answer(
                "las",
                Requester,
                vec![
                    LocatedPerson {
                        links: vec![PersonLink {
                            person: "pupils:1".into(),
                            relation: LinkRelation::Other,
                            parental_authority: None,
                        }],
                        ..staff("employees:9", "a.yilmaz@school.example.nl")
                    },
                    daan(),
                ],
            )],
            model: Reglement,
            outcome: Outcome::Identified {
                subject: 0,
                relation: Relation::Themself,
                how: vec![AddressOnFile],
                kind: SubjectKind::Staff,
                decision: Decision::MayAct {
                    capacity: Capacity::Themself,
                },
                complete: true,
            },
        },
        Row {
            what: "a carer without recorded authority is no representative",
            from: PARENT,
            letter: letter(RequesterRole::Parent, &[]),
            answers: vec![answer(
                "las",
                Requester,
                vec![
                    LocatedPerson {
                        links: vec![PersonLink {
                            person: "pupils:1".into(),
                            relation: LinkRelation::Carer,
                            parental_authority: None,
                        }],
                        ..guardian("guardians:1", PARENT, &[])
                    },
                    daan(),
                ],
            )],
            model: Reglement,
            outcome: Outcome::Identified {
                subject: 1,
                relation: Relation::Guardian {
                    authority: Some(false),
                },
                how: vec![AddressOnFile, OnlyChildOnFile],
                kind: SubjectKind::Pupil { age: Some(10) },
                decision: Decision::NotValid {
                    reason: NotValid::NotARepresentative,
                },
                complete: true,
            },
        },
        Row {
            what: "a parent on file without children, about their own data",
            from: PARENT,
            letter: letter(RequesterRole::Unknown, &[]),
            answers: vec![answer(
                "las",
                Requester,
                vec![guardian("guardians:1", PARENT, &[])],
            )],
            model: Reglement,
            outcome: Outcome::Identified {
                subject: 0,
                relation: Relation::Themself,
                how: vec![AddressOnFile],
                kind: SubjectKind::Adult,
                decision: Decision::MayAct {
                    capacity: Capacity::Themself,
                },
                complete: true,
            },
        },
    ]
}

#[test]
fn each_situation_gives_its_outcome() {
    for row in rows() {
        let finding = find(
            &address(row.from),
            &row.letter,
            &row.answers,
            received(),
            row.model,
        );
        assert_eq!(finding.outcome, row.outcome, "{}\n{finding:#?}", row.what);
        assert_eq!(
            finding.complete,
            !row.answers
                .iter()
                .any(|a| matches!(a.result, Err(PluginError::BackendUnavailable { .. }))),
            "{}",
            row.what
        );
    }
}

#[test]
fn the_finding_says_who_the_requester_is_on_file_and_where_each_candidate_can_be_reached() {
    let finding = find(
        &address("OUDER@example.nl"),
        &letter(RequesterRole::Parent, &[]),
        &[
            answer(
                "las",
                Requester,
                vec![
                    guardian("guardians:1", PARENT, &[("pupils:1", Some(true))]),
                    daan(),
                ],
            ),
            answer(
                "lvs",
                Requester,
                vec![
                    guardian("g7", PARENT, &[("p7", Some(true))]),
                    pupil("p7", "Daan de Vries", date(2016, 3, 1)),
                ],
            ),
        ],
        received(),
        Reglement,
    );
    let plugins: Vec<(&str, &str, PersonKind)> = finding
        .requester
        .iter()
        .map(|o| (o.plugin.as_str(), o.key.as_str(), o.kind))
        .collect();
    assert_eq!(
        plugins,
        [
            ("las", "guardians:1", PersonKind::Guardian),
            ("lvs", "g7", PersonKind::Guardian)
        ]
    );
    let child = finding.subject().expect("identified");
    assert_eq!(child.on_file.len(), 2, "one child, known to two systems");
    assert_eq!(
        child.emails,
        ["pupils-1@leerling.example.nl", "p7@leerling.example.nl"]
    );
    assert_eq!(child.guardians.len(), 1);
    assert_eq!(child.guardians[0].emails, [PARENT]);
    assert_eq!(child.guardians[0].authority, Some(true));
}

#[test]
fn a_failed_plugin_is_recorded_and_the_others_still_count() {
    let finding = find(
        &address(PARENT),
        &letter(RequesterRole::Parent, &[]),
        &[
            answer("las", Requester, vec![mother_of_both(), daan(), lotte()]),
            failed("lvs", Requester),
            Answer {
                plugin: "mail".into(),
                purpose: Requester,
                result: Err(PluginError::Unsupported {
                    operation: dsrd_plugin_api::Operation::Locate,
                }),
            },
        ],
        received(),
        Reglement,
    );
    assert!(!finding.complete);
    assert_eq!(finding.candidates.len(), 3, "the las answer still counts");
    assert!(matches!(
        &finding.answers[1].status,
        AnswerStatus::Failed {
            error: PluginError::BackendUnavailable { .. }
        }
    ));
    assert_eq!(finding.answers[2].status, AnswerStatus::Unsupported);
}

#[test]
fn persons_of_two_systems_are_one_only_on_an_exact_identifier() {
    // Same name, no date of birth in one system, no shared address: two
    // people, so two children to choose from.
    let mut no_birth = pupil("p7", "Daan de Vries", date(2016, 3, 1));
    no_birth.date_of_birth = None;
    no_birth.emails.clear();
    let finding = find(
        &address(PARENT),
        &letter(RequesterRole::Parent, &[]),
        &[
            answer(
                "las",
                Requester,
                vec![
                    guardian("guardians:1", PARENT, &[("pupils:1", Some(true))]),
                    daan(),
                ],
            ),
            answer(
                "lvs",
                Requester,
                vec![guardian("g7", PARENT, &[("p7", Some(true))]), no_birth],
            ),
        ],
        received(),
        Reglement,
    );
    assert_eq!(
        finding.outcome,
        Outcome::OfficerChooses {
            candidates: vec![1, 2],
            why: ChooseWhy::SeveralChildrenNoneNamed
        }
    );
}

#[test]
fn a_person_joined_to_two_of_another_system_is_ambiguous() {
    // Both pupils of the lvs share the family address with the las pupil.
    let shared = |key: &str, name: &str| LocatedPerson {
        emails: vec!["gezin@example.nl".into()],
        ..matched(
            pupil(key, name, date(2016, 3, 1)),
            MatchStrength::Exact,
            &[IdentifierKind::Email],
        )
    };
    let mut las = shared("pupils:1", "Daan de Vries");
    las.names.clear();
    let finding = find(
        &address("gezin@example.nl"),
        &letter(RequesterRole::Pupil, &[]),
        &[
            answer("las", Requester, vec![las]),
            answer(
                "lvs",
                Requester,
                vec![shared("p1", "Daan de Vries"), shared("p2", "Daan de Vries")],
            ),
        ],
        received(),
        Reglement,
    );
    assert_eq!(
        finding.outcome,
        Outcome::Ambiguous {
            why: vec![AmbiguousWhy::OnePersonTwiceInAPlugin {
                plugin: "lvs".into()
            }]
        }
    );
}

#[test]
fn the_letters_group_narrows_among_the_children() {
    let with_record = |mut person: LocatedPerson, key: &str| {
        person.records = vec![RecordRef::new("leerlingen", key)];
        person
    };
    let daan = with_record(daan(), "1");
    let lotte = with_record(lotte(), "2");
    let record = |key: &str, label: &str| LocatedRecord {
        table: "leerlingen".into(),
        key: key.into(),
        label: label.into(),
        matched_on: vec![],
        strength: MatchStrength::Exact,
    };
    let finding = find(
        &address(PARENT),
        &Extraction {
            group: Some(found("groep 3".into())),
            ..letter(RequesterRole::Parent, &[])
        },
        &[Answer {
            plugin: "las".into(),
            purpose: Requester,
            result: Ok(LocateResult {
                records: vec![record("1", "pupil, groep 3"), record("2", "pupil, groep 7")],
                ambiguous: false,
                persons: vec![mother_of_both(), daan, lotte],
            }),
        }],
        received(),
        Reglement,
    );
    assert_eq!(
        finding.outcome,
        representative(10, vec![Ground::AddressOnFile, Ground::Group], 1, true)
    );
}

#[test]
fn a_parents_own_birth_date_is_not_taken_for_the_childs() {
    let finding = find(
        &address(PARENT),
        &Extraction {
            requester_birth_date: Some(found(date(1984, 3, 12))),
            ..letter(RequesterRole::Parent, &[])
        },
        &[answer(
            "las",
            Requester,
            vec![
                guardian("guardians:1", PARENT, &[("pupils:1", Some(true))]),
                daan(),
            ],
        )],
        received(),
        Reglement,
    );
    assert_eq!(
        finding.outcome,
        representative(
            10,
            vec![Ground::AddressOnFile, Ground::OnlyChildOnFile],
            1,
            true
        )
    );
}

#[test]
fn a_finding_survives_a_round_trip_through_json() {
    for row in rows() {
        let finding = find(
            &address(row.from),
            &row.letter,
            &row.answers,
            received(),
            row.model,
        );
        let json = serde_json::to_string(&finding).unwrap();
        let back: Finding = serde_json::from_str(&json).unwrap();
        assert_eq!(back, finding, "{}", row.what);
    }
}

#[test]
fn lookups_ask_by_the_address_and_by_what_the_letter_names() {
    let x = |names: &[&str]| letter(RequesterRole::Parent, names);
    let born = Some(found(date(2016, 3, 1)));
    let own = Some(found(date(1984, 3, 12)));
    #[rustfmt::skip]
    let table: Vec<(&str, Extraction, Option<Subject>)> = vec![
        ("names nobody", x(&[]), None),
        ("a date of birth alone", Extraction { subject_birth_date: born.clone(), ..x(&[]) }, None),
        ("a name, twice, and the child's date of birth",
            Extraction { subject_birth_date: born.clone(), ..x(&["Daan de Vries", "daan  de vries"]) },
            Some(Subject::default().with_name("Daan de Vries").with_date_of_birth(date(2016, 3, 1)))),
        ("a student number, not the parent's own date of birth",
            Extraction { student_number: Some(found("104233".into())), requester_birth_date: own.clone(), ..x(&[]) },
            Some(Subject::default().with_student_number("104233"))),
        ("a staff number with the writer's date of birth",
            Extraction { staff_number: Some(found("P1234".into())), requester_birth_date: own, ..letter(RequesterRole::Staff, &[]) },
            Some(Subject::default().with_staff_number("P1234").with_date_of_birth(date(1984, 3, 12)))),
    ];
    for (what, extraction, letter_subject) in table {
        let asked = lookups(&address(PARENT), &extraction);
        assert_eq!(asked[0].purpose, Purpose::Requester, "{what}");
        assert_eq!(
            asked[0].subject,
            Subject::default().with_email(PARENT),
            "{what}"
        );
        let letter = asked.get(1).map(|l| {
            assert_eq!(l.purpose, Purpose::Letter, "{what}");
            l.subject.clone()
        });
        assert_eq!(letter, letter_subject, "{what}");
        assert!(asked.len() <= 2, "{what}");
    }
}
