//! The working state of [`find`](super::find): the persons grouped across
//! plugins, and the candidates built from them with how the letter fits.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use dsrd_plugin_api::{IdentifierKind, PersonLink, Relation as LinkRelation};

use super::people::{Group, Person};
use super::types::{AmbiguousWhy, Candidate, Ground, GuardianOnFile, OnFile};
use crate::classify::Extraction;
use crate::identity::names::{same_first_name, same_name};
use crate::identity::representation::{MinorRightsModel, Relation};

/// The working state of [`find`].
pub(super) struct Finder<'a> {
    pub(super) extraction: &'a Extraction,
    pub(super) received: NaiveDate,
    pub(super) model: MinorRightsModel,
    pub(super) people: Vec<Person>,
    /// Persons taken for one person across plugins; indices into `people`.
    pub(super) groups: Vec<Group>,
    /// Conflicts that make any finding ambiguous: a plugin unsure who has
    /// the requester's address, persons that cannot be joined.
    pub(super) ambiguous: Vec<AmbiguousWhy>,
    /// Plugins unsure about the letter's facts. That matters only where
    /// the letter decides who the subject is (the requester is not on
    /// file for them). Among the requester's own children the letter only
    /// narrows, against the names on file, and a conforming plugin says
    /// "ambiguous" for every name-only match, which would otherwise stop
    /// the common "my daughter Lotte" letter.
    pub(super) letter_ambiguous: Vec<AmbiguousWhy>,
}

impl Finder<'_> {
    pub(super) fn group(&mut self) {
        let (groups, conflicts) = super::people::group(&self.people);
        self.groups = groups;
        self.ambiguous.extend(conflicts);
    }

    pub(super) fn requester_on_file(&self) -> Vec<OnFile> {
        let mut on_file: Vec<OnFile> = self
            .people
            .iter()
            .filter(|p| p.is_requester)
            .map(Person::on_file)
            .collect();
        on_file.sort_by(|a, b| (&a.plugin, &a.key).cmp(&(&b.plugin, &b.key)));
        on_file
    }

    /// The groups the requester is (self), links to (children), or the
    /// letter matched, as candidates; the others are only guardians.
    pub(super) fn candidates(&self) -> Vec<Candidate> {
        let links = self.requester_links();
        let mut candidates = Vec::new();
        for (g, group) in self.groups.iter().enumerate() {
            let members: Vec<&Person> = group.members.iter().map(|&i| &self.people[i]).collect();
            let is_requester = members.iter().any(|p| p.is_requester);
            let guardian_link = links.get(&g).map(|authority| Relation::Guardian {
                authority: *authority,
            });
            let letter_match = members.iter().filter_map(|p| p.letter_strength).max();
            if !is_requester && guardian_link.is_none() && letter_match.is_none() {
                continue;
            }
            let mut candidate = Candidate {
                on_file: members.iter().map(|p| p.on_file()).collect(),
                kind: members[0].kind,
                names: union(members.iter().flat_map(|p| p.names.iter()), same_name),
                date_of_birth: members.iter().find_map(|p| p.date_of_birth),
                emails: union(members.iter().flat_map(|p| p.emails.iter()), |a, b| {
                    a.trim().eq_ignore_ascii_case(b.trim())
                }),
                guardians: self.guardians_of(g),
                is_requester,
                guardian_link,
                letter_match,
                fits: Vec::new(),
                contradicts: Vec::new(),
            };
            self.fit(g, &members, &mut candidate);
            candidates.push(candidate);
        }
        candidates
    }

    /// For each group the requester is linked to as guardian, the authority
    /// the systems record ([`link_authority`]); one system saying yes and
    /// another no counts as not recorded, so the officer decides.
    pub(super) fn requester_links(&self) -> BTreeMap<usize, Option<bool>> {
        let mut recorded: BTreeMap<usize, Vec<Option<bool>>> = BTreeMap::new();
        for person in self.people.iter().filter(|p| p.is_requester) {
            for link in &person.links {
                let Some(target) = self.person_index(&person.plugin, &link.person) else {
                    continue;
                };
                if let Some(authority) = link_authority(link) {
                    recorded
                        .entry(self.group_of(target))
                        .or_default()
                        .push(authority);
                }
            }
        }
        recorded
            .into_iter()
            .map(|(group, values)| (group, combine_authority(&values)))
            .collect()
    }

    pub(super) fn guardians_of(&self, group: usize) -> Vec<GuardianOnFile> {
        let mut by_group: BTreeMap<usize, Vec<Option<bool>>> = BTreeMap::new();
        for (i, person) in self.people.iter().enumerate() {
            for link in &person.links {
                let Some(target) = self.person_index(&person.plugin, &link.person) else {
                    continue;
                };
                if self.group_of(target) != group {
                    continue;
                }
                if let Some(authority) = link_authority(link) {
                    by_group
                        .entry(self.group_of(i))
                        .or_default()
                        .push(authority);
                }
            }
        }
        by_group
            .into_iter()
            .map(|(g, values)| {
                let members: Vec<&Person> = self.groups[g]
                    .members
                    .iter()
                    .map(|&i| &self.people[i])
                    .collect();
                GuardianOnFile {
                    on_file: members.iter().map(|p| p.on_file()).collect(),
                    names: union(members.iter().flat_map(|p| p.names.iter()), same_name),
                    emails: union(members.iter().flat_map(|p| p.emails.iter()), |a, b| {
                        a.trim().eq_ignore_ascii_case(b.trim())
                    }),
                    authority: combine_authority(&values),
                }
            })
            .collect()
    }

    /// How the letter's facts fit a candidate. A number that a system
    /// matched to someone else contradicts; a number nobody matched says
    /// nothing (not every system knows student numbers).
    pub(super) fn fit(&self, group: usize, members: &[&Person], candidate: &mut Candidate) {
        let x = self.extraction;
        let letter_names: Vec<&str> = x.subject_names.iter().map(|f| f.value.as_str()).collect();
        if !letter_names.is_empty() {
            let full = letter_names
                .iter()
                .any(|l| candidate.names.iter().any(|n| same_name(l, n)));
            let first = letter_names
                .iter()
                .any(|l| candidate.names.iter().any(|n| same_first_name(l, n)));
            if full {
                candidate.fits.push(Ground::FullName);
            } else if first {
                candidate.fits.push(Ground::FirstName);
            } else if !candidate.names.is_empty() {
                candidate.contradicts.push(Ground::FullName);
            }
        }
        for (given, kind, ground) in [
            (
                x.student_number.is_some(),
                IdentifierKind::StudentNumber,
                Ground::StudentNumber,
            ),
            (
                x.staff_number.is_some(),
                IdentifierKind::StaffNumber,
                Ground::StaffNumber,
            ),
        ] {
            if !given {
                continue;
            }
            if members.iter().any(|p| p.letter_on.contains(&kind)) {
                candidate.fits.push(ground);
            } else if self.groups.iter().enumerate().any(|(g, other)| {
                g != group
                    && other
                        .members
                        .iter()
                        .any(|&i| self.people[i].letter_on.contains(&kind))
            }) {
                candidate.contradicts.push(ground);
            }
        }
        // The writer's own date of birth only ever fits the writer.
        let letter_date = if candidate.is_requester && candidate.guardian_link.is_none() {
            super::letter_birth_date(x)
        } else {
            x.subject_birth_date.as_ref().map(|found| found.value)
        };
        if let (Some(letter), Some(on_file)) = (letter_date, candidate.date_of_birth) {
            if letter == on_file {
                candidate.fits.push(Ground::DateOfBirth);
            } else {
                candidate.contradicts.push(Ground::DateOfBirth);
            }
        }
        if let Some(group_text) = x.group.as_ref().and_then(|g| group_code(&g.value)) {
            let in_label = members.iter().any(|p| {
                p.labels
                    .iter()
                    .any(|label| label_groups(label).contains(&group_text))
            });
            if in_label {
                candidate.fits.push(Ground::Group);
            }
        }
    }

    pub(super) fn person_index(&self, plugin: &str, key: &str) -> Option<usize> {
        self.people
            .iter()
            .position(|p| p.plugin == plugin && p.key == key)
    }

    pub(super) fn group_of(&self, person: usize) -> usize {
        self.groups
            .iter()
            .position(|g| g.members.contains(&person))
            .expect("every person is in a group")
    }
}

/// The authority a parent, guardian or carer link records: `None` for a
/// link that is no such relation (a mentor's link to a pupil makes nobody
/// a guardian), else the recorded value, a carer without one counting as
/// without authority (a carer has none by definition).
fn link_authority(link: &PersonLink) -> Option<Option<bool>> {
    match (link.relation, link.parental_authority) {
        (LinkRelation::Parent | LinkRelation::Guardian, recorded) => Some(recorded),
        (LinkRelation::Carer, recorded) => Some(recorded.or(Some(false))),
        _ => None,
    }
}

/// Recorded authority across systems: one value if they agree, `None` if
/// none records it or they disagree.
pub(super) fn combine_authority(values: &[Option<bool>]) -> Option<bool> {
    let recorded: Vec<bool> = values.iter().flatten().copied().collect();
    match (recorded.contains(&true), recorded.contains(&false)) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// The distinct values of `items`, first spelling kept.
pub(super) fn union<'a>(
    items: impl Iterator<Item = &'a String>,
    same: impl Fn(&str, &str) -> bool,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !out.iter().any(|o| same(o, item)) {
            out.push(item.clone());
        }
    }
    out
}

/// "groep 3", "Groep: 5b", "klas 2B" → "3", "5b", "2b": the group's code.
fn group_code(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let code = lower
        .trim_start_matches(|c: char| c.is_alphabetic() || c == ':' || c.is_whitespace())
        .split_whitespace()
        .collect::<String>();
    (!code.is_empty() && code.chars().any(|c| c.is_ascii_digit())).then_some(code)
}

/// The group codes a record label mentions ("pupil, group 5B" → "5b").
fn label_groups(label: &str) -> Vec<String> {
    let lower = label.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == ':')
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .filter(|w| matches!(w[0], "groep" | "group" | "klas" | "class" | "year"))
        .map(|w| w[1].to_owned())
        .collect()
}
