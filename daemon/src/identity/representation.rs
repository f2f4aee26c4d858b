//! Who may exercise a right for whom: the decision table of
//! `shared/legal/answers.md` §2, as one pure function.
//!
//! Until a pupil is 16 the parents with parental authority exercise the
//! rights and from 16 the pupil decides (the school reglement, 8.1.2); the
//! amended implementation act (UAVG art. 5(4), to be confirmed in force) lets
//! a pupil of 12 to 15 act alone *and* the parents act too. A parent without
//! parental authority is no legal representative (answers.md R3): their
//! question is a separate, human procedure (art. 1:377c BW), not a request
//! under the GDPR. Staff act for themselves (R6).

use serde::{Deserialize, Serialize};

/// Which rule for minors the organisation follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MinorRightsModel {
    /// The school reglement (8.1.2): parents until 16, from 16 the pupil.
    #[default]
    Reglement,
    /// UAVG art. 5(4) as amended: under 12 the parents; 12 to 15 the pupil
    /// and the parents; from 16 the pupil.
    // kebab-case puts no hyphen before a digit: name it as `as_str` does.
    #[serde(rename = "uavg-2026")]
    Uavg2026,
}

impl MinorRightsModel {
    /// The setting's name, e.g. `reglement`.
    pub fn as_str(self) -> &'static str {
        match self {
            MinorRightsModel::Reglement => "reglement",
            MinorRightsModel::Uavg2026 => "uavg-2026",
        }
    }
}

/// What the person the request is about is, in the school's records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SubjectKind {
    /// A pupil (or former pupil) with their age on the day the request was
    /// received; `None` when no system holds a date of birth.
    Pupil {
        /// Age in whole years on the receipt date.
        age: Option<u32>,
    },
    /// A member of staff.
    Staff,
    /// Anyone else on file (a parent's own data, a contact person): an
    /// adult acting for themselves.
    Adult,
}

/// How the requester stands to the subject, as the systems record it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "relation")]
pub enum Relation {
    /// The requester is the subject.
    Themself,
    /// A parent or guardian on file; `authority` is whether the system
    /// records parental authority (gezag), `None` where it records nothing.
    Guardian {
        /// Parental authority, where recorded.
        authority: Option<bool>,
    },
    /// No relation on file.
    Unrelated,
}

/// In which capacity a requester who may act does so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Capacity {
    /// For themselves.
    Themself,
    /// As the subject's legal representative.
    LegalRepresentative,
}

/// Why a requester may not act (yet); each has its own letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotValid {
    /// A pupil too young to act alone: a parent with authority can ask.
    ParentMustAsk,
    /// The pupil decides (16 or older): a parent needs the pupil's own
    /// authorisation.
    PupilDecides,
    /// A parent without parental authority is not a representative; the
    /// school may inform them under art. 1:377c BW, decided by a person.
    NotARepresentative,
    /// The subject is an adult or staff: nobody else acts for them here.
    SubjectActsAlone,
    /// Nothing on file links the requester to the subject.
    NoRelationOnFile,
}

/// The outcome of [`may_act`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "decision")]
pub enum Decision {
    /// The requester may exercise the right.
    MayAct {
        /// For themselves or as representative.
        capacity: Capacity,
    },
    /// The requester may not; nothing is disclosed or changed.
    NotValid {
        /// Why, for the letter.
        reason: NotValid,
    },
    /// The records do not say enough (no date of birth, authority not
    /// recorded): the officer decides; nothing is guessed.
    AskOfficer {
        /// What is missing.
        missing: Missing,
    },
}

/// What the records lack for a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    /// The pupil's date of birth.
    Age,
    /// Whether the guardian holds parental authority.
    Authority,
}

/// Whether someone standing in `relation` to a subject of `kind` may
/// exercise a right under `model`.
pub fn may_act(relation: Relation, kind: SubjectKind, model: MinorRightsModel) -> Decision {
    use Decision::{AskOfficer, MayAct};
    let not_valid = |reason| Decision::NotValid { reason };
    // From this age the pupil acts alone, and below it a parent may act.
    let (pupil_from, parent_until) = match model {
        MinorRightsModel::Reglement => (16, 16),
        MinorRightsModel::Uavg2026 => (12, 16),
    };
    match (relation, kind) {
        (Relation::Unrelated, _) => not_valid(NotValid::NoRelationOnFile),
        (Relation::Themself, SubjectKind::Staff | SubjectKind::Adult) => MayAct {
            capacity: Capacity::Themself,
        },
        (Relation::Guardian { .. }, SubjectKind::Staff | SubjectKind::Adult) => {
            not_valid(NotValid::SubjectActsAlone)
        }
        // Whatever the child's age: without authority, no representative.
        (
            Relation::Guardian {
                authority: Some(false),
            },
            SubjectKind::Pupil { .. },
        ) => not_valid(NotValid::NotARepresentative),
        (_, SubjectKind::Pupil { age: None }) => AskOfficer {
            missing: Missing::Age,
        },
        (Relation::Themself, SubjectKind::Pupil { age: Some(age) }) => {
            if age >= pupil_from {
                MayAct {
                    capacity: Capacity::Themself,
                }
            } else {
                not_valid(NotValid::ParentMustAsk)
            }
        }
        (Relation::Guardian { authority }, SubjectKind::Pupil { age: Some(age) }) => {
            match authority {
                _ if age >= parent_until => not_valid(NotValid::PupilDecides),
                None => AskOfficer {
                    missing: Missing::Authority,
                },
                Some(_) => MayAct {
                    capacity: Capacity::LegalRepresentative,
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Capacity::*;
    use MinorRightsModel::*;
    use NotValid::*;

    fn pupil(age: u32) -> SubjectKind {
        SubjectKind::Pupil { age: Some(age) }
    }

    const PARENT: Relation = Relation::Guardian {
        authority: Some(true),
    };
    const NO_GEZAG: Relation = Relation::Guardian {
        authority: Some(false),
    };
    const UNRECORDED: Relation = Relation::Guardian { authority: None };

    fn may(capacity: Capacity) -> Decision {
        Decision::MayAct { capacity }
    }

    fn not(reason: NotValid) -> Decision {
        Decision::NotValid { reason }
    }

    /// answers.md §2's table, both models, row by row.
    #[test]
    fn the_decision_table_of_both_models() {
        #[rustfmt::skip]
        let table: &[(&str, Relation, SubjectKind, Decision, Decision)] = &[
            // what,                           relation,           subject,            reglement,                uavg-2026
            ("pupil of 9 writes herself",      Relation::Themself, pupil(9),           not(ParentMustAsk),       not(ParentMustAsk)),
            ("pupil of 11 writes himself",     Relation::Themself, pupil(11),          not(ParentMustAsk),       not(ParentMustAsk)),
            ("pupil of 12 writes herself",     Relation::Themself, pupil(12),          not(ParentMustAsk),       may(Themself)),
            ("pupil of 13 writes himself",     Relation::Themself, pupil(13),          not(ParentMustAsk),       may(Themself)),
            ("pupil of 15 writes herself",     Relation::Themself, pupil(15),          not(ParentMustAsk),       may(Themself)),
            ("pupil of 16 writes himself",     Relation::Themself, pupil(16),          may(Themself),            may(Themself)),
            ("former pupil of 19",             Relation::Themself, pupil(19),          may(Themself),            may(Themself)),
            ("parent of a pupil of 7",         PARENT,             pupil(7),           may(LegalRepresentative), may(LegalRepresentative)),
            ("parent of a pupil of 13",        PARENT,             pupil(13),          may(LegalRepresentative), may(LegalRepresentative)),
            ("parent of a pupil of 15",        PARENT,             pupil(15),          may(LegalRepresentative), may(LegalRepresentative)),
            ("parent of a pupil of 16",        PARENT,             pupil(16),          not(PupilDecides),        not(PupilDecides)),
            ("parent of a pupil of 17",        PARENT,             pupil(17),          not(PupilDecides),        not(PupilDecides)),
            ("parent of an adult former pupil",PARENT,             pupil(19),          not(PupilDecides),        not(PupilDecides)),
            ("parent without gezag, child 8",  NO_GEZAG,           pupil(8),           not(NotARepresentative),  not(NotARepresentative)),
            ("parent without gezag, child 13", NO_GEZAG,           pupil(13),          not(NotARepresentative),  not(NotARepresentative)),
            ("parent without gezag, child 17", NO_GEZAG,           pupil(17),          not(NotARepresentative),  not(NotARepresentative)),
            ("staff member for themself",      Relation::Themself, SubjectKind::Staff, may(Themself),            may(Themself)),
            ("a parent about a teacher",       PARENT,             SubjectKind::Staff, not(SubjectActsAlone),    not(SubjectActsAlone)),
            ("a parent for their own data",    Relation::Themself, SubjectKind::Adult, may(Themself),            may(Themself)),
            ("a stranger about a pupil",       Relation::Unrelated, pupil(9),          not(NoRelationOnFile),    not(NoRelationOnFile)),
            ("a stranger about staff",         Relation::Unrelated, SubjectKind::Staff, not(NoRelationOnFile),   not(NoRelationOnFile)),
        ];
        for (what, relation, subject, reglement, uavg) in table {
            assert_eq!(
                may_act(*relation, *subject, Reglement),
                *reglement,
                "{what} (reglement)"
            );
            assert_eq!(
                may_act(*relation, *subject, Uavg2026),
                *uavg,
                "{what} (uavg-2026)"
            );
        }
    }

    #[test]
    fn what_the_records_do_not_say_goes_to_the_officer() {
        for model in [Reglement, Uavg2026] {
            let no_age = SubjectKind::Pupil { age: None };
            for relation in [Relation::Themself, PARENT, UNRECORDED] {
                assert_eq!(
                    may_act(relation, no_age, model),
                    Decision::AskOfficer {
                        missing: Missing::Age
                    }
                );
            }
            assert_eq!(
                may_act(UNRECORDED, pupil(9), model),
                Decision::AskOfficer {
                    missing: Missing::Authority
                }
            );
            // From 16 authority does not matter: the pupil decides.
            assert_eq!(may_act(UNRECORDED, pupil(16), model), not(PupilDecides));
            // Without authority the age does not matter either.
            assert_eq!(
                may_act(NO_GEZAG, SubjectKind::Pupil { age: None }, model),
                not(NotARepresentative)
            );
        }
    }

    #[test]
    fn the_models_are_written_as_the_setting_names_them() {
        for model in [Reglement, Uavg2026] {
            let json = serde_json::to_string(&model).unwrap();
            assert_eq!(json, format!("\"{}\"", model.as_str()));
            assert_eq!(
                serde_json::from_str::<MinorRightsModel>(&json).unwrap(),
                model
            );
        }
    }

    #[test]
    fn ages_count_whole_years_on_the_receipt_date() {
        // The age the table is read with: classify's, shared by extraction.
        use crate::classify::age_on;
        let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(age_on(d(2010, 6, 15), d(2026, 6, 14)), Some(15));
        assert_eq!(age_on(d(2010, 6, 15), d(2026, 6, 15)), Some(16));
        assert_eq!(age_on(d(2012, 2, 29), d(2026, 2, 28)), Some(13));
        assert_eq!(age_on(d(2012, 2, 29), d(2026, 3, 1)), Some(14));
        assert_eq!(
            age_on(d(2026, 1, 1), d(2025, 1, 1)),
            None,
            "born later: no age"
        );
    }
}
