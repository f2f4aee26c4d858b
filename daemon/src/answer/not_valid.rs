//! The letters when the requester may not act for the person the request is
//! about ([`crate::identity::NotValid`]): nothing is disclosed or changed,
//! and the letter says who can ask instead. The one to a pupil is written
//! for a child (GDPR art. 12(1)); the ones to parents also name the ways to
//! contest the decision (art. 12(4)), as any answer that does not act on a
//! request must.

use super::refusal::{complaints, Remedies};
use super::{Letter, LetterError, LetterKind, Letters};
use crate::identity::{MinorRightsModel, NotValid};
use crate::lang::Lang;
use minijinja::Value;
use serde::Serialize;

/// What a not-valid letter says.
#[derive(Debug, Clone)]
pub struct NotValidFacts<'a> {
    /// The case reference.
    pub reference: &'a str,
    /// The organisation's name.
    pub organisation: &'a str,
    /// The requester's name, if known.
    pub requester_name: Option<&'a str>,
    /// The rule in force, for the age from which a pupil asks alone.
    pub minor_rights: MinorRightsModel,
    /// The ways to contest the decision (letters to parents).
    pub remedies: Remedies<'a>,
}

/// The templates' fields; `from_age` only in the letter to a pupil, the
/// remedies only in those to parents (see [`LetterKind::fields`]).
#[derive(Serialize)]
struct Fields<'a> {
    reference: &'a str,
    organisation: &'a str,
    requester_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    from_age: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bestuursorgaan: Option<bool>,
    // Present (possibly none) exactly when `bestuursorgaan` is.
    #[serde(skip_serializing_if = "Option::is_none")]
    complaints: Option<Option<&'a str>>,
}

/// From this age a pupil may exercise the rights alone under `model`: the
/// threshold `identity::may_act` applies (a test below holds them together).
fn pupil_acts_alone_from(model: MinorRightsModel) -> u32 {
    match model {
        MinorRightsModel::Reglement => 16,
        MinorRightsModel::Uavg2026 => 12,
    }
}

impl LetterKind {
    /// The letter for `reason`, or none where dsrd writes none and the
    /// officer answers in person (a parent about a member of staff, a
    /// stranger): those need a look at what was asked, not a form.
    pub fn for_not_valid(reason: NotValid) -> Option<LetterKind> {
        match reason {
            NotValid::ParentMustAsk => Some(LetterKind::NotValidParentMustAsk),
            NotValid::PupilDecides => Some(LetterKind::NotValidPupilDecides),
            NotValid::NotARepresentative => Some(LetterKind::NotValidNotARepresentative),
            NotValid::SubjectActsAlone | NotValid::NoRelationOnFile => None,
        }
    }
}

fn fields(kind: LetterKind, f: &NotValidFacts) -> Value {
    let to_pupil = kind == LetterKind::NotValidParentMustAsk;
    Value::from(minijinja::value::Serde(Fields {
        reference: f.reference,
        organisation: f.organisation,
        requester_name: f.requester_name.filter(|s| !s.is_empty()),
        from_age: to_pupil.then(|| pupil_acts_alone_from(f.minor_rights)),
        bestuursorgaan: (!to_pupil).then_some(f.remedies.bestuursorgaan),
        complaints: (!to_pupil).then(|| complaints(&f.remedies)),
    }))
}

impl Letters {
    /// Renders the letter for `reason` in `lang`; `Ok(None)` when dsrd has
    /// no letter for it (see [`LetterKind::for_not_valid`]).
    pub fn not_valid(
        &self,
        reason: NotValid,
        f: &NotValidFacts,
        lang: Lang,
    ) -> Result<Option<Letter>, LetterError> {
        let Some(kind) = LetterKind::for_not_valid(reason) else {
            return Ok(None);
        };
        self.render(kind, lang, fields(kind, f)).map(Some)
    }
}

/// The sample facts of `kind`, one of the three not-valid letters.
pub(super) fn samples(kind: LetterKind, lang: Lang) -> Vec<(&'static str, Value)> {
    let named = NotValidFacts {
        reference: "AVG-2026-0004",
        organisation: "Stichting Voorbeeld",
        requester_name: Some("Noor Jansen"),
        minor_rights: MinorRightsModel::Reglement,
        remedies: Remedies::default(),
    };
    let other = NotValidFacts {
        requester_name: None,
        minor_rights: MinorRightsModel::Uavg2026,
        remedies: Remedies {
            bestuursorgaan: true,
            complaints: Some(super::refusal::sample_complaints(lang)),
        },
        ..named.clone()
    };
    let (first, second) = match kind {
        LetterKind::NotValidParentMustAsk => (
            "not-valid-parent-must-ask",
            "not-valid-parent-must-ask.uavg-2026",
        ),
        LetterKind::NotValidPupilDecides => (
            "not-valid-pupil-decides",
            "not-valid-pupil-decides.bestuursorgaan",
        ),
        LetterKind::NotValidNotARepresentative => (
            "not-valid-not-a-representative",
            "not-valid-not-a-representative.bestuursorgaan",
        ),
        other => unreachable!("{other:?} is no not-valid letter"),
    };
    vec![
        (first, fields(kind, &named)),
        (second, fields(kind, &other)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::{may_act, Decision, Relation, SubjectKind};

    #[test]
    fn the_age_in_the_letter_is_the_age_the_decision_uses() {
        for model in [MinorRightsModel::Reglement, MinorRightsModel::Uavg2026] {
            let from = pupil_acts_alone_from(model);
            let alone = |age| {
                may_act(
                    Relation::Themself,
                    SubjectKind::Pupil { age: Some(age) },
                    model,
                )
            };
            assert!(matches!(alone(from), Decision::MayAct { .. }), "{model:?}");
            assert_eq!(
                alone(from - 1),
                Decision::NotValid {
                    reason: NotValid::ParentMustAsk
                },
                "{model:?}"
            );
        }
    }

    #[test]
    fn each_reason_with_a_letter_renders_it_and_the_others_have_none() {
        let f = NotValidFacts {
            reference: "AVG-2026-0004",
            organisation: "Stichting Voorbeeld",
            requester_name: Some("Noor"),
            minor_rights: MinorRightsModel::Uavg2026,
            remedies: Remedies::default(),
        };
        let letters = Letters::builtin();
        let child = letters
            .not_valid(NotValid::ParentMustAsk, &f, Lang::Nl)
            .unwrap()
            .unwrap();
        assert!(child.body.starts_with("Hoi Noor,"), "{}", child.body);
        assert!(child.body.contains("jonger dan 12 jaar"), "{}", child.body);
        let parent = letters
            .not_valid(NotValid::PupilDecides, &f, Lang::En)
            .unwrap()
            .unwrap();
        assert!(parent.body.contains("16 or older"), "{}", parent.body);
        for reason in [NotValid::SubjectActsAlone, NotValid::NoRelationOnFile] {
            assert_eq!(letters.not_valid(reason, &f, Lang::Nl).unwrap(), None);
        }
    }
}
