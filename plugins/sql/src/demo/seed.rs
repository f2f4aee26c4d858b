//! The demo school's rows: deterministic for a seed, identical on every
//! engine, all fictitious.
//!
//! Pupils come in families of one to three sharing one or two guardians,
//! so shared guardians are the rule, as in a real school. Three pupils are
//! fixed: the test subject (pupil 1, student number 100001), a sibling
//! sharing both guardians (pupil 2), and a namesake with another date of
//! birth (pupil 3) who makes a search by name alone ambiguous.

use super::insert::Inserter;
use super::names::{mail_name, Rng, ADULT_NAMES, FIRST_NAMES, INFIXES, LAST_NAMES, STREETS, TOWNS};
use crate::engine::{Engine, Tx};
use crate::error::Result;
use chrono::{Datelike, NaiveDate};
use serde_json::{json, Value};

/// One household.
struct Family {
    pupils: std::ops::RangeInclusive<u64>,
    guardians: std::ops::RangeInclusive<u64>,
    infix: &'static str,
    last: &'static str,
    address: String,
    postcode: String,
    town: &'static str,
}

/// Seeds every table inside `tx`.
pub async fn seed(tx: &mut Tx, engine: Engine, pupils: usize, seed: u64) -> Result<()> {
    let pupils = pupils.max(3) as u64;
    let groups = (pupils / 25).max(8);
    let staff = groups + 10;
    let families = families(pupils, seed);
    seed_staff(tx, engine, staff, groups, seed).await?;
    let mut rows = Inserter::new(
        engine,
        "groups",
        &["id", "name", "school_year", "mentor_id"],
    );
    for id in 1..=groups {
        let name = format!(
            "{}{}",
            (id - 1) % 8 + 1,
            (b'A' + ((id - 1) / 8 % 26) as u8) as char
        );
        rows.push(
            tx,
            vec![id.into(), name.into(), "2025-2026".into(), id.into()],
        )
        .await?;
    }
    rows.flush(tx).await?;
    seed_people(tx, engine, &families, groups, seed).await?;
    let mut first_guardian = vec![0u64; pupils as usize + 1];
    for family in &families {
        for pupil in family.pupils.clone() {
            first_guardian[pupil as usize] = *family.guardians.start();
        }
    }
    let first_guardian = |pupil: u64| first_guardian[pupil as usize];
    super::records::seed_records(tx, engine, pupils, groups, &first_guardian, seed).await
}

fn families(pupils: u64, seed: u64) -> Vec<Family> {
    let mut rng = Rng::new(seed, 1);
    let mut families = Vec::new();
    let (mut pupil, mut guardian) = (1, 1);
    while pupil <= pupils {
        let fixed = families.len() < 2;
        let size = match (families.len(), rng.below(100)) {
            (0, _) => 2,
            (1, _) => 1,
            (_, 0..50) => 1,
            (_, 50..85) => 2,
            _ => 3,
        };
        let carers = if fixed || rng.chance(70) { 2 } else { 1 };
        let last_pupil = (pupil + size - 1).min(pupils);
        let (infix, last) = if fixed {
            ("van", "Dijkhuizen")
        } else {
            (rng.pick(INFIXES), rng.pick(LAST_NAMES))
        };
        families.push(Family {
            pupils: pupil..=last_pupil,
            guardians: guardian..=guardian + carers - 1,
            infix,
            last,
            address: format!("{} {}", rng.pick(STREETS), 1 + rng.below(150)),
            postcode: format!(
                "{} {}{}",
                1000 + rng.below(9000),
                (b'A' + rng.below(26) as u8) as char,
                (b'A' + rng.below(26) as u8) as char
            ),
            town: rng.pick(TOWNS),
        });
        pupil = last_pupil + 1;
        guardian += carers;
    }
    families
}

fn date(rng: &mut Rng, from_year: i32, years: u64) -> NaiveDate {
    let year = from_year + rng.below(years) as i32;
    NaiveDate::from_ymd_opt(year, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32)
        .expect("day 1..=28 exists in every month")
}

fn opt(text: &str) -> Value {
    if text.is_empty() {
        Value::Null
    } else {
        text.into()
    }
}

async fn seed_staff(tx: &mut Tx, engine: Engine, staff: u64, groups: u64, seed: u64) -> Result<()> {
    let mut rng = Rng::new(seed, 2);
    let columns = [
        "id",
        "staff_number",
        "first_name",
        "infix",
        "last_name",
        "email",
        "date_of_birth:date",
        "role",
        "left_on:date",
    ];
    let mut rows = Inserter::new(engine, "staff", &columns);
    for id in 1..=staff {
        let (first, infix, last) = (
            rng.pick(ADULT_NAMES),
            rng.pick(INFIXES),
            rng.pick(LAST_NAMES),
        );
        let role = if id <= groups {
            "leerkracht"
        } else {
            rng.pick(&["intern begeleider", "directie", "administratie"])
        };
        let left = (id > groups && rng.chance(20)).then(|| date(&mut rng, 2015, 10).to_string());
        let email = format!("{}{id}@school.example.org", mail_name(first, infix, last));
        let row = vec![
            id.into(),
            format!("T{id:05}").into(),
            first.into(),
            opt(infix),
            last.into(),
            email.into(),
            date(&mut rng, 1960, 35).to_string().into(),
            role.into(),
            json!(left),
        ];
        rows.push(tx, row).await?;
    }
    rows.flush(tx).await
}

/// Pupils, guardians and the links between them, each table in its own
/// pass (and random stream), so every parent row is in before a child
/// row points at it, whatever the batch boundaries.
async fn seed_people(
    tx: &mut Tx,
    engine: Engine,
    families: &[Family],
    groups: u64,
    seed: u64,
) -> Result<()> {
    let mut rng = Rng::new(seed, 3);
    let columns = [
        "id",
        "student_number",
        "first_name",
        "infix",
        "last_name",
        "date_of_birth:date",
        "email",
        "phone",
        "address",
        "postcode",
        "city",
        "group_id",
        "enrolled_on:date",
        "left_on:date",
    ];
    let mut pupils = Inserter::new(engine, "pupils", &columns);
    for family in families {
        for id in family.pupils.clone() {
            let (first, born) = match id {
                1 => ("Noor", NaiveDate::from_ymd_opt(2013, 4, 17)),
                2 => ("Thijs", NaiveDate::from_ymd_opt(2016, 1, 23)),
                3 => ("Noor", NaiveDate::from_ymd_opt(2014, 9, 2)),
                _ => (rng.pick(FIRST_NAMES), None),
            };
            let born = born.unwrap_or_else(|| date(&mut rng, 2013, 9));
            let suffix = if id == 1 {
                String::new()
            } else {
                id.to_string()
            };
            let email = format!(
                "{}{suffix}@leerling.example.org",
                mail_name(first, family.infix, family.last)
            );
            let enrolled = NaiveDate::from_ymd_opt(born.year() + 4, 9, 1).expect("1 September");
            let left = (id > 3 && rng.chance(8)).then(|| date(&mut rng, 2019, 7).to_string());
            let row = vec![
                id.into(),
                (100_000 + id).to_string().into(),
                first.into(),
                opt(family.infix),
                family.last.into(),
                born.to_string().into(),
                email.into(),
                format!("06-{:08}", rng.below(100_000_000)).into(),
                family.address.clone().into(),
                family.postcode.clone().into(),
                family.town.into(),
                ((id - 1) / 25 % groups + 1).into(),
                enrolled.to_string().into(),
                json!(left),
            ];
            pupils.push(tx, row).await?;
        }
    }
    pupils.flush(tx).await?;
    let mut rng = Rng::new(seed, 4);
    let columns = [
        "id",
        "first_name",
        "infix",
        "last_name",
        "email",
        "phone",
        "address",
        "postcode",
        "city",
    ];
    let mut guardians = Inserter::new(engine, "guardians", &columns);
    for family in families {
        for id in family.guardians.clone() {
            let first = match id {
                1 => "Marieke",
                2 => "Joost",
                _ => rng.pick(ADULT_NAMES),
            };
            let suffix = if id <= 2 {
                String::new()
            } else {
                id.to_string()
            };
            let email = format!(
                "{}{suffix}@example.net",
                mail_name(first, family.infix, family.last)
            );
            let row = vec![
                id.into(),
                first.into(),
                opt(family.infix),
                family.last.into(),
                email.into(),
                format!("06-{:08}", rng.below(100_000_000)).into(),
                family.address.clone().into(),
                family.postcode.clone().into(),
                family.town.into(),
            ];
            guardians.push(tx, row).await?;
        }
    }
    guardians.flush(tx).await?;
    let mut rng = Rng::new(seed, 5);
    // A stream of its own, so the relations (stream 5) stay what they were
    // before authority was recorded.
    let mut authority = Rng::new(seed, 6);
    let mut links = Inserter::new(
        engine,
        "pupil_guardians",
        &[
            "id",
            "pupil_id",
            "guardian_id",
            "relation",
            "parental_authority",
        ],
    );
    let mut link = 0u64;
    for family in families {
        for pupil in family.pupils.clone() {
            for guardian in family.guardians.clone() {
                link += 1;
                let relation = if rng.chance(95) { "ouder" } else { "voogd" };
                // A voogd has authority by definition; now and then a
                // parent has none (a father who recognised the child but
                // never applied for joint authority). The fixed families
                // keep theirs, so the tests know what to expect.
                let has_authority =
                    relation == "voogd" || *family.pupils.start() <= 3 || authority.chance(90);
                let row = vec![
                    link.into(),
                    pupil.into(),
                    guardian.into(),
                    relation.into(),
                    has_authority.into(),
                ];
                links.push(tx, row).await?;
            }
        }
    }
    links.flush(tx).await
}
