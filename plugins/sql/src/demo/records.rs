//! The demo school's records about pupils: groups, results, absences,
//! care notes, consents and disclosures.

use super::insert::Inserter;
use super::names::Rng;
use crate::engine::{Engine, Tx};
use crate::error::Result;
use chrono::NaiveDate;

const TESTS: &[&str] = &[
    "Rekenen M5",
    "Spelling E6",
    "Begrijpend lezen M7",
    "Doorstroomtoets",
];
const REASONS: &[&str] = &["ziek", "tandarts", "familiebezoek", "te laat", "huisarts"];
const NOTES: &[&str] = &[
    "Gesprek met ouders over de leesontwikkeling",
    "Extra begeleiding bij rekenen afgesproken",
    "Observatie in de klas: concentratie wisselend",
    "Overleg met intern begeleider over werkhouding",
];
const PURPOSES: &[&str] = &["foto's op de website", "schoolfotograaf", "nieuwsbrief"];

fn date(rng: &mut Rng, year: i32) -> String {
    NaiveDate::from_ymd_opt(year, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32)
        .expect("day 1..=28 exists")
        .to_string()
}

/// Every per-pupil table. `first_guardian(pupil)` gives who gave consent.
pub async fn seed_records(
    tx: &mut Tx,
    engine: Engine,
    pupils: u64,
    groups: u64,
    first_guardian: &dyn Fn(u64) -> u64,
    seed: u64,
) -> Result<()> {
    let mut rng = Rng::new(seed, 6);
    let group = |pupil: u64| (pupil - 1) / 25 % groups + 1;
    let mut rows = Inserter::new(
        engine,
        "group_memberships",
        &["id", "pupil_id", "group_id", "school_year"],
    );
    for p in 1..=pupils {
        rows.push(
            tx,
            vec![p.into(), p.into(), group(p).into(), "2025-2026".into()],
        )
        .await?;
    }
    rows.flush(tx).await?;
    let columns = [
        "id",
        "pupil_id",
        "test_name",
        "taken_on:date",
        "score",
        "remark",
    ];
    let mut rows = Inserter::new(engine, "test_results", &columns);
    for p in 1..=pupils {
        for k in 0..2 {
            let remark = if rng.chance(20) {
                "herkansing".into()
            } else {
                serde_json::Value::Null
            };
            let row = vec![
                (2 * p - 1 + k).into(),
                p.into(),
                rng.pick(TESTS).into(),
                date(&mut rng, 2024 + k as i32).into(),
                rng.below(101).into(),
                remark,
            ];
            rows.push(tx, row).await?;
        }
    }
    rows.flush(tx).await?;
    let columns = ["id", "pupil_id", "absent_on:date", "reason", "authorised"];
    let mut rows = Inserter::new(engine, "absences", &columns);
    for p in 1..=pupils {
        for k in 0..2 {
            let row = vec![
                (2 * p - 1 + k).into(),
                p.into(),
                date(&mut rng, 2021 + 2 * k as i32).into(),
                rng.pick(REASONS).into(),
                rng.chance(80).into(),
            ];
            rows.push(tx, row).await?;
        }
    }
    rows.flush(tx).await?;
    // Care notes for one pupil in five (the test subject among them),
    // written by the group's teacher; an attachment for one note in three.
    let columns = ["id", "pupil_id", "author_id", "written_on:date", "note"];
    let mut rows = Inserter::new(engine, "care_notes", &columns);
    let with_notes: Vec<u64> = (1..=pupils).filter(|p| p % 5 == 1).collect();
    for (n, p) in with_notes.iter().enumerate() {
        let row = vec![
            (n as u64 + 1).into(),
            (*p).into(),
            group(*p).into(),
            date(&mut rng, 2025).into(),
            rng.pick(NOTES).into(),
        ];
        rows.push(tx, row).await?;
    }
    rows.flush(tx).await?;
    let mut rows = Inserter::new(
        engine,
        "care_note_attachments",
        &["id", "care_note_id", "file_name", "content"],
    );
    for note in (1..=with_notes.len() as u64).filter(|n| n % 3 == 1) {
        let row = vec![
            note.into(),
            note.into(),
            format!("verslag-{note}.txt").into(),
            "Verslag van het gesprek.".into(),
        ];
        rows.push(tx, row).await?;
    }
    rows.flush(tx).await?;
    let columns = [
        "id",
        "pupil_id",
        "given_by",
        "purpose",
        "granted",
        "recorded_on:date",
    ];
    let mut rows = Inserter::new(engine, "consent_records", &columns);
    for p in 1..=pupils {
        for k in 0..2u64 {
            let row = vec![
                (2 * p - 1 + k).into(),
                p.into(),
                first_guardian(p).into(),
                PURPOSES[((p + k) % 3) as usize].into(),
                rng.chance(85).into(),
                date(&mut rng, 2025).into(),
            ];
            rows.push(tx, row).await?;
        }
    }
    rows.flush(tx).await?;
    let columns = [
        "id",
        "pupil_id",
        "recipient",
        "contact",
        "categories",
        "disclosed_on:date",
    ];
    let mut rows = Inserter::new(engine, "disclosures", &columns);
    let mut id = 0u64;
    for p in 1..=pupils {
        id += 1;
        let row = vec![
            id.into(),
            p.into(),
            "DUO (BRON)".into(),
            "bron@duo.example.org".into(),
            "identification,enrolment,results".into(),
            date(&mut rng, 2025).into(),
        ];
        rows.push(tx, row).await?;
        if p % 4 == 1 {
            id += 1;
            let row = vec![
                id.into(),
                p.into(),
                "GGD jeugdgezondheidszorg".into(),
                "jgz@ggd.example.org".into(),
                "contact_details,identification".into(),
                date(&mut rng, 2024).into(),
            ];
            rows.push(tx, row).await?;
        }
    }
    rows.flush(tx).await
}
