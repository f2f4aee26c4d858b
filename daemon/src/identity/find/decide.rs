//! The decision of [`find`](super::find): identified, the officer chooses,
//! not found, or ambiguous, from the candidates and the letter's role.

use dsrd_plugin_api::{IdentifierKind, MatchStrength, PersonKind};

use super::finder::Finder;
use super::people::Group;
use super::types::{AmbiguousWhy, Candidate, ChooseWhy, Ground, Outcome};
use crate::classify::RequesterRole;
use crate::identity::representation::{may_act, Relation, SubjectKind};

impl Finder<'_> {
    pub(super) fn decide(&self, candidates: &[Candidate], complete: bool) -> Outcome {
        let mut why = self.ambiguous.clone();
        why.extend(self.number_conflicts());
        if !why.is_empty() {
            return Outcome::Ambiguous { why };
        }
        let selves: Vec<usize> = indices(candidates, |c| c.is_requester);
        let children: Vec<usize> = indices(candidates, |c| c.guardian_link.is_some());
        if selves.is_empty() {
            return self.not_found(candidates, false);
        }
        let role = self.extraction.role;
        match role {
            RequesterRole::Parent if !children.is_empty() => {
                self.choose_child(candidates, &children, complete)
            }
            RequesterRole::Parent => self.not_found(candidates, true),
            RequesterRole::Unknown | RequesterRole::Other if !children.is_empty() => {
                // A guardian whose letter names one of their children is
                // writing about that child; otherwise it may be their own
                // data or any child's.
                let named = self.fitting(candidates, &children);
                if named.len() == 1 {
                    self.choose_child(candidates, &children, complete)
                } else {
                    Outcome::OfficerChooses {
                        candidates: with_children(&selves, &children),
                        why: ChooseWhy::RoleUnclear,
                    }
                }
            }
            _ => self.choose_self(candidates, &selves, &children, role, complete),
        }
    }

    /// Candidates the letter positively fits and nothing contradicts.
    fn fitting(&self, candidates: &[Candidate], among: &[usize]) -> Vec<usize> {
        among
            .iter()
            .copied()
            .filter(|&c| !candidates[c].fits.is_empty() && candidates[c].contradicts.is_empty())
            .collect()
    }

    fn choose_child(
        &self,
        candidates: &[Candidate],
        children: &[usize],
        complete: bool,
    ) -> Outcome {
        let fitting = self.fitting(candidates, children);
        let says_something = children
            .iter()
            .any(|&c| !candidates[c].fits.is_empty() || !candidates[c].contradicts.is_empty());
        match fitting.as_slice() {
            [one] => self.identified(
                candidates,
                *one,
                link_of(&candidates[*one]),
                vec![Ground::AddressOnFile],
                complete,
            ),
            [] if !says_something && children.len() == 1 => {
                if complete {
                    self.identified(
                        candidates,
                        children[0],
                        link_of(&candidates[children[0]]),
                        vec![Ground::AddressOnFile, Ground::OnlyChildOnFile],
                        complete,
                    )
                } else {
                    Outcome::OfficerChooses {
                        candidates: children.to_vec(),
                        why: ChooseWhy::PartialAnswers,
                    }
                }
            }
            [] if !says_something => Outcome::OfficerChooses {
                candidates: children.to_vec(),
                why: ChooseWhy::SeveralChildrenNoneNamed,
            },
            [] => {
                // The letter names someone who is not (recognisably) one of
                // the children: show the children and whoever the letter
                // matched, and let the officer decide.
                let mut all = children.to_vec();
                all.extend(indices(candidates, |c| {
                    c.letter_match.is_some() && c.guardian_link.is_none() && !c.is_requester
                }));
                Outcome::OfficerChooses {
                    candidates: all,
                    why: ChooseWhy::LetterFitsNone,
                }
            }
            several => Outcome::OfficerChooses {
                candidates: several.to_vec(),
                why: ChooseWhy::LetterFitsSeveral,
            },
        }
    }

    fn choose_self(
        &self,
        candidates: &[Candidate],
        selves: &[usize],
        children: &[usize],
        role: RequesterRole,
        complete: bool,
    ) -> Outcome {
        let wanted = match role {
            RequesterRole::Pupil | RequesterRole::FormerPupil => Some(PersonKind::Pupil),
            RequesterRole::Staff | RequesterRole::FormerStaff => Some(PersonKind::Staff),
            _ => None,
        };
        let of_kind: Vec<usize> = selves
            .iter()
            .copied()
            .filter(|&c| wanted.is_none_or(|kind| candidates[c].kind == kind))
            .collect();
        match of_kind.as_slice() {
            [one] => {
                let me = &candidates[*one];
                // A number that is someone else's, or another date of birth, is
                // a doubt the address does not settle. A name does not count:
                // the names the letter gives are of others it mentions.
                let doubt = me.contradicts.iter().any(|g| {
                    matches!(
                        g,
                        Ground::StudentNumber | Ground::StaffNumber | Ground::DateOfBirth
                    )
                });
                if doubt {
                    Outcome::Ambiguous {
                        why: vec![AmbiguousWhy::LetterContradictsRequester],
                    }
                } else {
                    self.identified(
                        candidates,
                        *one,
                        Relation::Themself,
                        vec![Ground::AddressOnFile],
                        complete,
                    )
                }
            }
            // On file, but not as what the letter says (a pupil writing
            // from the address on file for their parent): the officer
            // picks among the requester's persons and their children.
            [] => Outcome::OfficerChooses {
                candidates: with_children(selves, children),
                why: ChooseWhy::RoleUnclear,
            },
            several => Outcome::OfficerChooses {
                candidates: several.to_vec(),
                why: ChooseWhy::SharedAddress,
            },
        }
    }

    fn identified(
        &self,
        candidates: &[Candidate],
        subject: usize,
        relation: Relation,
        mut how: Vec<Ground>,
        complete: bool,
    ) -> Outcome {
        let candidate = &candidates[subject];
        how.extend(candidate.fits.iter().copied());
        let kind = self.subject_kind(candidate);
        Outcome::Identified {
            subject,
            relation,
            how,
            kind,
            decision: may_act(relation, kind, self.model),
            complete,
        }
    }

    fn subject_kind(&self, candidate: &Candidate) -> SubjectKind {
        super::assess::subject_kind(candidate, self.received)
    }

    /// The requester is not the subject's person or guardian on file: the
    /// subject is whom the letter's facts found, if exactly one strongly.
    fn not_found(&self, candidates: &[Candidate], requester_known: bool) -> Outcome {
        if !self.letter_ambiguous.is_empty() {
            return Outcome::Ambiguous {
                why: self.letter_ambiguous.clone(),
            };
        }
        let by_letter = indices(candidates, |c| {
            c.letter_match.is_some() && !c.is_requester && c.guardian_link.is_none()
        });
        let strong: Vec<usize> = by_letter
            .iter()
            .copied()
            .filter(|&c| {
                candidates[c].letter_match >= Some(MatchStrength::Probable)
                    && candidates[c].contradicts.is_empty()
            })
            .collect();
        match strong.as_slice() {
            [one] => Outcome::NotFound {
                requester_known,
                subject: Some(*one),
                code_to: self.code_to(&candidates[*one]),
            },
            [] if by_letter.is_empty() => Outcome::NotFound {
                requester_known,
                subject: None,
                code_to: Vec::new(),
            },
            [] => Outcome::Ambiguous {
                why: vec![AmbiguousWhy::WeakMatchOnly],
            },
            _ => Outcome::Ambiguous {
                why: vec![AmbiguousWhy::SeveralMatch],
            },
        }
    }

    fn code_to(&self, subject: &Candidate) -> Vec<String> {
        super::assess::code_to(subject, self.received, self.model)
    }

    /// Two groups matched on the letter's student (or staff) number: the
    /// number is one person's, so the systems disagree about whose.
    fn number_conflicts(&self) -> Vec<AmbiguousWhy> {
        let mut why = Vec::new();
        for kind in [IdentifierKind::StudentNumber, IdentifierKind::StaffNumber] {
            let matched: Vec<&Group> = self
                .groups
                .iter()
                .filter(|g| {
                    g.members
                        .iter()
                        .any(|&i| self.people[i].letter_on.contains(&kind))
                })
                .collect();
            if matched.len() < 2 {
                continue;
            }
            let mut plugins: Vec<String> = matched
                .iter()
                .flat_map(|g| g.members.iter().map(|&i| self.people[i].plugin.clone()))
                .collect();
            plugins.sort();
            plugins.dedup();
            why.push(if plugins.len() > 1 {
                AmbiguousWhy::PluginsDisagree { plugins }
            } else {
                AmbiguousWhy::SeveralMatch
            });
        }
        why
    }
}

/// The requester's relation to a child candidate (one they link to).
fn link_of(candidate: &Candidate) -> Relation {
    candidate.guardian_link.unwrap_or(Relation::Unrelated)
}

/// The requester's own persons, then their children not among them.
fn with_children(selves: &[usize], children: &[usize]) -> Vec<usize> {
    let mut all = selves.to_vec();
    all.extend(children.iter().filter(|c| !selves.contains(c)));
    all
}

fn indices(candidates: &[Candidate], keep: impl Fn(&Candidate) -> bool) -> Vec<usize> {
    (0..candidates.len())
        .filter(|&i| keep(&candidates[i]))
        .collect()
}
