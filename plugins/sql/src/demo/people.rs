//! People of a demo school to write the demo's requests as: each one on
//! file, found by reading the school that [`create_school`](super::create_school)
//! made, so that every `--pupils` and `--seed` gives letters that fit it.
//!
//! The rows are read as they are, not recomputed from the seed: the
//! letters then describe the database a newcomer sees, even if the seeding
//! rules change. The choices are made in Rust over a few plain `SELECT`s,
//! which read the same on every engine.

use super::names::{GIRLS_NAMES, UNISEX_NAMES};
use crate::engine::{Db, Sql, Tx};
use crate::error::{Result, SqlError};
use chrono::{Datelike, NaiveDate};
use serde_json::Value;
use std::collections::BTreeMap;

/// Pupils 1 to 3 are fixed by the seed: the conformance kit's test
/// subject, her sibling and her namesake (see `seed`).
const FIXED_PUPILS: i64 = 3;

/// A pupil as a letter names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPupil {
    /// The row's key in `pupils`.
    pub id: i64,
    /// The student number (leerlingnummer).
    pub student_number: String,
    /// First name, for "onze Noor".
    pub first_name: String,
    /// First name, infix and surname, as a parent writes it.
    pub full_name: String,
    /// Date of birth on file.
    pub date_of_birth: NaiveDate,
    /// Whether the first name is a girl's (`Some(true)`), a boy's
    /// (`Some(false)`) or either: "mijn dochter", "mijn zoon", "mijn kind".
    pub girl: Option<bool>,
}

/// A guardian or member of staff as a letter signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAdult {
    /// First name, infix and surname.
    pub full_name: String,
    /// The address on file: the one the letter comes from (or, for a code,
    /// the one it goes to).
    pub email: String,
}

/// A member of staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoStaff {
    /// Name and address on file.
    pub person: DemoAdult,
    /// The staff number (personeelsnummer).
    pub staff_number: String,
    /// The role on file, e.g. `leerkracht`.
    pub role: String,
}

/// A guardian with parental authority over exactly one pupil on file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnlyChild {
    /// The guardian.
    pub guardian: DemoAdult,
    /// Their only child on file.
    pub child: DemoPupil,
}

/// A pupil with exactly one guardian on file, who has authority and an
/// address: the only place a code for this pupil can go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoleGuardian {
    /// The pupil.
    pub pupil: DemoPupil,
    /// Their guardian.
    pub guardian: DemoAdult,
}

/// A guardian with parental authority over two pupils or more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeveralChildren {
    /// The guardian.
    pub guardian: DemoAdult,
    /// Their children on file, by key.
    pub children: Vec<DemoPupil>,
}

/// The people the demo's requests come from or name. Each is `None` when
/// the school has nobody who fits (a school of three pupils has no pupil
/// with a single guardian).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPeople {
    /// A guardian writing about "my son" or "my daughter" without a name.
    pub only_child: Option<OnlyChild>,
    /// A current member of staff asking for their own data.
    pub staff: Option<DemoStaff>,
    /// A pupil under 12 named by someone writing from an address not on
    /// file; under 12 so that, under either rule for minors, only the
    /// guardian may act and receive the code. Of another family than
    /// [`only_child`](Self::only_child).
    pub sole_guardian: Option<SoleGuardian>,
    /// A guardian of several children writing about "my child".
    pub several_children: Option<SeveralChildren>,
}

/// Reads the school at `url` and chooses [`DemoPeople`]; ages are taken
/// on `on` (the day the requests arrive). Only current pupils and staff
/// (no leaving date) are chosen, and only people whose address on file is
/// nobody else's; of those who fit, the lowest key, so a school gives the
/// same people every time.
pub async fn people_async(url: &str, on: NaiveDate) -> Result<DemoPeople> {
    let db = Db::connect_lazy(url, 1, false)?;
    let mut tx = db.begin().await?;
    let read = School::read(&mut tx, db.engine()).await;
    tx.finish(false).await?;
    db.close().await;
    Ok(read?.choose(on))
}

/// [`people_async`] for synchronous callers.
pub fn people(url: &str, on: NaiveDate) -> Result<DemoPeople> {
    super::runtime()?.block_on(people_async(url, on))
}

#[derive(Debug)]
struct Pupil {
    pupil: DemoPupil,
    email: Option<String>,
    current: bool,
}

#[derive(Debug)]
struct Guardian {
    adult: Option<DemoAdult>,
    full_name: String,
}

#[derive(Debug)]
struct Link {
    pupil: i64,
    guardian: i64,
    /// A parent or guardian (`ouder`, `voogd`) with parental authority.
    may_act: bool,
}

/// What the choice needs of the school, as read.
#[derive(Debug)]
struct School {
    pupils: BTreeMap<i64, Pupil>,
    guardians: BTreeMap<i64, Guardian>,
    links: Vec<Link>,
    staff: Vec<Staff>,
}

#[derive(Debug)]
struct Staff {
    /// None without a staff number or address: no letter can fit them.
    member: Option<DemoStaff>,
    current: bool,
    full_name: String,
}

impl School {
    async fn read(tx: &mut Tx, engine: crate::Engine) -> Result<School> {
        let select = |text: &str| {
            let mut sql = Sql::new(engine);
            sql.push(text);
            sql
        };
        let rows = tx
            .fetch(
                &select(
                    "SELECT id, student_number, first_name, infix, last_name, date_of_birth, \
                     email, left_on FROM pupils ORDER BY id",
                ),
                "reading the demo pupils",
            )
            .await?;
        let mut pupils = BTreeMap::new();
        for r in &rows {
            let id = int(&r[0])?;
            let (Some(number), Some(born)) = (text(&r[1]), date(&r[5])) else {
                continue;
            };
            let first = text(&r[2]).unwrap_or_default();
            let pupil = DemoPupil {
                id,
                student_number: number,
                girl: girl(&first),
                full_name: full_name(&r[2], &r[3], &r[4]),
                first_name: first,
                date_of_birth: born,
            };
            let email = text(&r[6]);
            let current = r[7].is_null();
            pupils.insert(
                id,
                Pupil {
                    pupil,
                    email,
                    current,
                },
            );
        }
        let rows = tx
            .fetch(
                &select(
                    "SELECT id, first_name, infix, last_name, email FROM guardians ORDER BY id",
                ),
                "reading the demo guardians",
            )
            .await?;
        let mut guardians = BTreeMap::new();
        for r in &rows {
            let full_name = full_name(&r[1], &r[2], &r[3]);
            let adult = text(&r[4]).map(|email| DemoAdult {
                full_name: full_name.clone(),
                email,
            });
            guardians.insert(int(&r[0])?, Guardian { adult, full_name });
        }
        let rows = tx
            .fetch(
                &select(
                    "SELECT pupil_id, guardian_id, relation, parental_authority \
                     FROM pupil_guardians ORDER BY id",
                ),
                "reading the demo links",
            )
            .await?;
        let mut links = Vec::new();
        for r in &rows {
            let relation = text(&r[2]).unwrap_or_default();
            links.push(Link {
                pupil: int(&r[0])?,
                guardian: int(&r[1])?,
                may_act: matches!(relation.as_str(), "ouder" | "voogd") && truthy(&r[3]),
            });
        }
        let rows = tx
            .fetch(
                &select(
                    "SELECT staff_number, first_name, infix, last_name, email, role, left_on \
                     FROM staff ORDER BY id",
                ),
                "reading the demo staff",
            )
            .await?;
        let mut staff = Vec::new();
        for r in &rows {
            let name = full_name(&r[1], &r[2], &r[3]);
            let member = match (text(&r[0]), text(&r[4])) {
                (Some(staff_number), Some(email)) => Some(DemoStaff {
                    person: DemoAdult {
                        full_name: name.clone(),
                        email,
                    },
                    staff_number,
                    role: text(&r[5]).unwrap_or_default(),
                }),
                _ => None,
            };
            staff.push(Staff {
                member,
                current: r[6].is_null(),
                full_name: name,
            });
        }
        Ok(School {
            pupils,
            guardians,
            links,
            staff,
        })
    }

    fn choose(&self, on: NaiveDate) -> DemoPeople {
        let only_child = self.only_child(on);
        let family = only_child
            .as_ref()
            .map(|o| self.family_of(o.child.id))
            .unwrap_or_default();
        DemoPeople {
            sole_guardian: self.sole_guardian(on, &family),
            staff: self
                .staff
                .iter()
                .filter(|s| s.current)
                .filter_map(|s| s.member.clone())
                .find(|m| self.unique_address(&m.person.email)),
            several_children: self.several_children(),
            only_child,
        }
    }

    fn links_of_guardian(&self, guardian: i64) -> Vec<&Link> {
        self.links
            .iter()
            .filter(|l| l.guardian == guardian)
            .collect()
    }

    fn links_of_pupil(&self, pupil: i64) -> Vec<&Link> {
        self.links.iter().filter(|l| l.pupil == pupil).collect()
    }

    /// The guardian's address, if they have one that is nobody else's.
    fn reachable(&self, guardian: i64) -> Option<DemoAdult> {
        self.guardians
            .get(&guardian)?
            .adult
            .clone()
            .filter(|a| self.unique_address(&a.email))
    }

    fn current_pupil(&self, id: i64) -> Option<&DemoPupil> {
        self.pupils.get(&id).filter(|p| p.current).map(|p| &p.pupil)
    }

    fn only_child(&self, on: NaiveDate) -> Option<OnlyChild> {
        let mut fitting: Vec<OnlyChild> = self
            .guardians
            .keys()
            .filter_map(|&g| {
                let [link] = self.links_of_guardian(g)[..] else {
                    return None;
                };
                let child = self.current_pupil(link.pupil)?;
                if !link.may_act || age(child.date_of_birth, on) >= 16 {
                    return None;
                }
                Some(OnlyChild {
                    guardian: self.reachable(g)?,
                    child: child.clone(),
                })
            })
            .collect();
        // Another family than the fixed ones, whose pupils the conformance
        // kit changes and erases; and "my son" or "my daughter" reads more
        // naturally than "my child".
        fitting.sort_by_key(|o| (o.child.id <= FIXED_PUPILS, o.child.girl.is_none()));
        fitting.into_iter().next()
    }

    fn sole_guardian(&self, on: NaiveDate, not_of: &[i64]) -> Option<SoleGuardian> {
        self.pupils.keys().find_map(|&p| {
            let pupil = self.current_pupil(p)?;
            let [link] = self.links_of_pupil(p)[..] else {
                return None;
            };
            let fits = link.may_act
                && age(pupil.date_of_birth, on) < 12
                && !not_of.contains(&p)
                && self.unique_name(&pupil.full_name);
            if !fits {
                return None;
            }
            Some(SoleGuardian {
                pupil: pupil.clone(),
                guardian: self.reachable(link.guardian)?,
            })
        })
    }

    fn several_children(&self) -> Option<SeveralChildren> {
        self.guardians.keys().find_map(|&g| {
            let links = self.links_of_guardian(g);
            if links.len() < 2 || !links.iter().all(|l| l.may_act) {
                return None;
            }
            let children: Option<Vec<DemoPupil>> = links
                .iter()
                .map(|l| self.current_pupil(l.pupil).cloned())
                .collect();
            Some(SeveralChildren {
                guardian: self.reachable(g)?,
                children: children?,
            })
        })
    }

    /// The pupils sharing a guardian with `pupil`, `pupil` included.
    fn family_of(&self, pupil: i64) -> Vec<i64> {
        let guardians: Vec<i64> = self
            .links_of_pupil(pupil)
            .iter()
            .map(|l| l.guardian)
            .collect();
        self.links
            .iter()
            .filter(|l| guardians.contains(&l.guardian))
            .map(|l| l.pupil)
            .collect()
    }

    /// Nobody else on file has this address.
    fn unique_address(&self, email: &str) -> bool {
        let same = |e: &Option<String>| e.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(email));
        let pupils = self.pupils.values().filter(|p| same(&p.email)).count();
        let guardians = self
            .guardians
            .values()
            .filter(|g| same(&g.adult.as_ref().map(|a| a.email.clone())))
            .count();
        let staff = self
            .staff
            .iter()
            .filter(|s| same(&s.member.as_ref().map(|m| m.person.email.clone())))
            .count();
        pupils + guardians + staff == 1
    }

    /// Nobody else on file has this full name.
    fn unique_name(&self, name: &str) -> bool {
        let same = |n: &str| n.eq_ignore_ascii_case(name);
        let pupils = self
            .pupils
            .values()
            .filter(|p| same(&p.pupil.full_name))
            .count();
        let guardians = self
            .guardians
            .values()
            .filter(|g| same(&g.full_name))
            .count();
        let staff = self.staff.iter().filter(|s| same(&s.full_name)).count();
        pupils + guardians + staff == 1
    }
}

/// Whole years from `born` to `on`.
fn age(born: NaiveDate, on: NaiveDate) -> i32 {
    let mut years = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years
}

fn girl(first_name: &str) -> Option<bool> {
    if UNISEX_NAMES.contains(&first_name) {
        None
    } else {
        Some(GIRLS_NAMES.contains(&first_name))
    }
}

fn full_name(first: &Value, infix: &Value, last: &Value) -> String {
    [first, infix, last]
        .into_iter()
        .filter_map(text)
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn int(value: &Value) -> Result<i64> {
    value
        .as_i64()
        .or_else(|| value.as_str().and_then(|s| s.parse().ok()))
        .ok_or_else(|| SqlError::Mapping(format!("expected a whole number, got {value}")))
}

/// A boolean as each engine returns it: `true`, or 1 (SQLite, MariaDB).
fn truthy(value: &Value) -> bool {
    match value {
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_i64().is_some_and(|n| n != 0),
        _ => false,
    }
}

/// A date as the engines return it: `2013-04-17`, possibly with a time.
fn date(value: &Value) -> Option<NaiveDate> {
    let text = value.as_str()?;
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn school(dir: &tempfile::TempDir, pupils: usize, seed: u64) -> String {
        let url = format!("sqlite:{}", dir.path().join("school.sqlite").display());
        super::super::create_school(&url, pupils, seed).unwrap();
        url
    }

    fn on() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
    }

    #[test]
    fn every_part_is_cast_from_the_school_as_created() {
        let dir = tempfile::tempdir().unwrap();
        let url = school(&dir, 200, 2026);
        let people = people(&url, on()).unwrap();
        let only = people.only_child.expect("a guardian of one child");
        assert!(age(only.child.date_of_birth, on()) < 16);
        assert!(only.child.girl.is_some(), "a son or a daughter");
        let sole = people.sole_guardian.expect("a pupil with one guardian");
        assert!(age(sole.pupil.date_of_birth, on()) < 12);
        assert_ne!(sole.guardian, only.guardian);
        let staff = people.staff.expect("a member of staff");
        assert!(staff.person.email.ends_with("@school.example.org"));
        let several = people.several_children.expect("a guardian of several");
        assert_eq!(
            several.guardian.email, "marieke.vandijkhuizen@example.net",
            "the fixed test family comes first"
        );
        assert_eq!(several.children.len(), 2);
        assert_eq!(several.children[0].full_name, "Noor van Dijkhuizen");

        // The links as read agree with the choice: one link each.
        let dump = super::super::dump_tables(&url, &["pupil_guardians"]).unwrap();
        let links = &dump["pupil_guardians"];
        let of_pupil = |id: i64| links.iter().filter(|r| r[1] == id).count();
        assert_eq!(of_pupil(sole.pupil.id), 1);
        assert_eq!(of_pupil(several.children[1].id), 2);
    }

    #[test]
    fn another_seed_casts_other_people_and_a_tiny_school_leaves_parts_out() {
        let dir = tempfile::tempdir().unwrap();
        let a = people(&school(&dir, 200, 2026), on()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let b = people(&school(&dir, 200, 7), on()).unwrap();
        assert_ne!(a.only_child, b.only_child);
        let dir = tempfile::tempdir().unwrap();
        let tiny = people(&school(&dir, 3, 2026), on()).unwrap();
        assert_eq!(tiny.sole_guardian, None, "both fixed families have two");
        assert!(tiny.several_children.is_some());
    }

    #[test]
    fn the_girls_and_unisex_names_are_first_names_of_the_school() {
        for name in GIRLS_NAMES.iter().chain(UNISEX_NAMES) {
            assert!(super::super::names::FIRST_NAMES.contains(name), "{name}");
        }
    }

    #[test]
    fn ages_count_whole_years() {
        let born = NaiveDate::from_ymd_opt(2014, 12, 3).unwrap();
        assert_eq!(age(born, NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()), 11);
        assert_eq!(age(born, NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()), 12);
    }
}
