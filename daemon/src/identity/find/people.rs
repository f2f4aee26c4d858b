//! The persons behind the `locate` answers of [`find`](super::find): one
//! entry per plugin and key, then joined across plugins into groups of
//! records that are one person (the rule is in `find`'s module docs).

use dsrd_plugin_api::{IdentifierKind, MatchStrength, PersonKind, PersonLink, PluginError};

use super::types::{AmbiguousWhy, Answer, AnswerStatus, AnswerSummary, OnFile, Purpose};
use crate::address::EmailAddress;
use crate::identity::names::same_name;
use chrono::NaiveDate;

/// One person in one plugin, merged over both lookups.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub plugin: String,
    pub key: String,
    pub kind: PersonKind,
    pub names: Vec<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub emails: Vec<String>,
    /// The requester's address is among `emails`.
    pub is_requester: bool,
    /// How strongly the letter lookup matched this person, if it did.
    pub letter_strength: Option<MatchStrength>,
    /// The identifiers the letter lookup matched on.
    pub letter_on: Vec<IdentifierKind>,
    pub links: Vec<PersonLink>,
    /// Labels of the person's records ("pupil, group 5B"), for the group.
    pub labels: Vec<String>,
}

impl Person {
    pub fn on_file(&self) -> OnFile {
        OnFile {
            plugin: self.plugin.clone(),
            key: self.key.clone(),
            kind: self.kind,
        }
    }
}

/// Persons taken for one; indices into the person list.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub members: Vec<usize>,
}

/// What the answers hold, before grouping.
pub(crate) struct Gathered {
    pub people: Vec<Person>,
    pub answers: Vec<AnswerSummary>,
    /// Plugins that said their answer to the requester lookup may be about
    /// several people.
    pub ambiguous_requester: Vec<AmbiguousWhy>,
    /// The same for the letter lookup.
    pub ambiguous_letter: Vec<AmbiguousWhy>,
    pub complete: bool,
}

/// Reads every answer. "Not found" is an empty answer and "unsupported"
/// no answer; an `Ambiguous` error is the same as `ambiguous: true`; any
/// other error makes the finding incomplete.
pub(crate) fn gather(requester: &EmailAddress, answers: &[Answer]) -> Gathered {
    let mut gathered = Gathered {
        people: Vec::new(),
        answers: Vec::new(),
        ambiguous_requester: Vec::new(),
        ambiguous_letter: Vec::new(),
        complete: true,
    };
    for answer in answers {
        let mut says_ambiguous = false;
        let status = match &answer.result {
            Err(PluginError::Unsupported { .. }) => AnswerStatus::Unsupported,
            Err(PluginError::SubjectNotFound) => AnswerStatus::Answered {
                records: 0,
                persons: 0,
                ambiguous: false,
            },
            Err(PluginError::Ambiguous { .. }) => {
                says_ambiguous = true;
                AnswerStatus::Answered {
                    records: 0,
                    persons: 0,
                    ambiguous: true,
                }
            }
            Err(error) => {
                gathered.complete = false;
                AnswerStatus::Failed {
                    error: error.clone(),
                }
            }
            Ok(result) => {
                says_ambiguous = result.ambiguous;
                for located in &result.persons {
                    let labels = result
                        .records
                        .iter()
                        .filter(|r| {
                            located
                                .records
                                .iter()
                                .any(|own| own.table == r.table && own.key == r.key)
                        })
                        .map(|r| r.label.clone())
                        .filter(|label| !label.is_empty())
                        .collect();
                    let person = Person {
                        plugin: answer.plugin.clone(),
                        key: located.key.clone(),
                        kind: located.kind,
                        names: located.names.clone(),
                        date_of_birth: located.date_of_birth,
                        emails: located.emails.clone(),
                        is_requester: false,
                        letter_strength: located
                            .strength
                            .filter(|_| answer.purpose == Purpose::Letter),
                        letter_on: if answer.purpose == Purpose::Letter {
                            located.matched_on.clone()
                        } else {
                            Vec::new()
                        },
                        links: located.links.clone(),
                        labels,
                    };
                    add(&mut gathered.people, person);
                }
                AnswerStatus::Answered {
                    records: result.records.len(),
                    persons: result.persons.len(),
                    ambiguous: result.ambiguous,
                }
            }
        };
        if says_ambiguous {
            let why = AmbiguousWhy::PluginSaysAmbiguous {
                plugin: answer.plugin.clone(),
            };
            let list = match answer.purpose {
                Purpose::Requester => &mut gathered.ambiguous_requester,
                Purpose::Letter => &mut gathered.ambiguous_letter,
            };
            if !list.contains(&why) {
                list.push(why);
            }
        }
        gathered.answers.push(AnswerSummary {
            plugin: answer.plugin.clone(),
            purpose: answer.purpose,
            status,
        });
    }
    for person in &mut gathered.people {
        person.is_requester = person
            .emails
            .iter()
            .any(|email| EmailAddress::parse(email).is_ok_and(|email| &email == requester));
    }
    gathered
}

/// Adds `person`, or merges it into the entry with the same plugin and key
/// (the same person found by both lookups).
fn add(people: &mut Vec<Person>, person: Person) {
    let Some(known) = people
        .iter_mut()
        .find(|p| p.plugin == person.plugin && p.key == person.key)
    else {
        people.push(person);
        return;
    };
    for name in person.names {
        if !known.names.iter().any(|n| same_name(n, &name)) {
            known.names.push(name);
        }
    }
    for email in person.emails {
        if !known.emails.iter().any(|e| e.eq_ignore_ascii_case(&email)) {
            known.emails.push(email);
        }
    }
    known.date_of_birth = known.date_of_birth.or(person.date_of_birth);
    known.letter_strength = known.letter_strength.max(person.letter_strength);
    for kind in person.letter_on {
        if !known.letter_on.contains(&kind) {
            known.letter_on.push(kind);
        }
    }
    for link in person.links {
        if !known.links.contains(&link) {
            known.links.push(link);
        }
    }
    for label in person.labels {
        if !known.labels.contains(&label) {
            known.labels.push(label);
        }
    }
}

/// Joins persons of different plugins that are one person. Returns the
/// groups (in the order of their first person) and, for each group that
/// would hold two persons of one plugin, the conflict.
pub(crate) fn group(people: &[Person]) -> (Vec<Group>, Vec<AmbiguousWhy>) {
    // Union-find: small inputs (a handful of persons), so plain vectors.
    let mut parent: Vec<usize> = (0..people.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for i in 0..people.len() {
        for j in i + 1..people.len() {
            if people[i].plugin != people[j].plugin && same_person(&people[i], &people[j]) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut groups: Vec<(usize, Group)> = Vec::new();
    for i in 0..people.len() {
        let r = root(&mut parent, i);
        match groups.iter_mut().find(|(root, _)| *root == r) {
            Some((_, group)) => group.members.push(i),
            None => groups.push((r, Group { members: vec![i] })),
        }
    }
    let mut conflicts = Vec::new();
    for (_, group) in &groups {
        for (n, &i) in group.members.iter().enumerate() {
            let twice = group.members[n + 1..]
                .iter()
                .any(|&j| people[j].plugin == people[i].plugin);
            let why = AmbiguousWhy::OnePersonTwiceInAPlugin {
                plugin: people[i].plugin.clone(),
            };
            if twice && !conflicts.contains(&why) {
                conflicts.push(why);
            }
        }
    }
    (groups.into_iter().map(|(_, g)| g).collect(), conflicts)
}

/// The rule of `find`'s module docs: same kind, no contradiction, and an
/// exact identifier in common.
fn same_person(a: &Person, b: &Person) -> bool {
    if a.kind != b.kind {
        return false;
    }
    if let (Some(x), Some(y)) = (a.date_of_birth, b.date_of_birth) {
        if x != y {
            return false;
        }
    }
    let shared_name = a
        .names
        .iter()
        .any(|x| b.names.iter().any(|y| same_name(x, y)));
    if !a.names.is_empty() && !b.names.is_empty() && !shared_name {
        return false;
    }
    let shared_email = a.emails.iter().any(|x| {
        b.emails
            .iter()
            .any(|y| x.trim().eq_ignore_ascii_case(y.trim()))
    });
    let both_on = |kind| a.letter_on.contains(&kind) && b.letter_on.contains(&kind);
    let name_and_birth = shared_name && a.date_of_birth.is_some() && b.date_of_birth.is_some();
    shared_email
        || both_on(IdentifierKind::StudentNumber)
        || both_on(IdentifierKind::StaffNumber)
        || name_and_birth
}
