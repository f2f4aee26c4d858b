//! A fictitious school to try dsrd on and to test the plugin against.
//!
//! [`create_school`] makes the schema of a small pupil administration on
//! any of the three engines and fills it with deterministic invented data;
//! [`mapping`] gives the plugin settings for it, naming the
//! [`test_subject`]. `dsrd demo init` uses both; so do this crate's tests.
//! [`people`] reads a created school back and chooses who the demo's
//! requests come from.
//!
//! The functions without `_async` start their own small runtime; call them
//! from synchronous code only (see `plugin` on why).

mod dump;
mod events;
mod insert;
mod mapping;
mod names;
mod people;
mod records;
mod schema;
mod seed;

pub use dump::Dump;
pub use events::{create_events, create_events_async, event_date, events_mapping, EVENT_TABLES};
pub use mapping::{mapping, test_guardian, test_subject, ENROLMENT_REGISTER_GROUND};
pub use people::{
    people, people_async, DemoAdult, DemoPeople, DemoPupil, DemoStaff, OnlyChild, SeveralChildren,
    SoleGuardian,
};

use crate::engine::Db;
use crate::error::{Result, SqlError};

/// The tables of the demo school, parents first.
pub const TABLES: &[&str] = &[
    "staff",
    "groups",
    "pupils",
    "guardians",
    "pupil_guardians",
    "group_memberships",
    "test_results",
    "absences",
    "care_notes",
    "care_note_attachments",
    "consent_records",
    "disclosures",
];

/// Creates the demo school's tables in the empty database at `url` and
/// seeds `pupils` pupils (at least 3) with guardians, staff and records,
/// all in one transaction. The same `seed` gives the same rows on every
/// engine. A missing SQLite file is created.
pub async fn create_school_async(url: &str, pupils: usize, seed: u64) -> Result<()> {
    let db = Db::connect_lazy(url, 1, true)?;
    let engine = db.engine();
    let mut tx = db.begin().await?;
    for ddl in schema::tables(engine) {
        run(&mut tx, engine, &ddl).await?;
    }
    seed::seed(&mut tx, engine, pupils, seed).await?;
    for ddl in schema::indexes(engine) {
        run(&mut tx, engine, &ddl).await?;
    }
    tx.finish(true).await?;
    db.close().await;
    Ok(())
}

async fn run(tx: &mut crate::engine::Tx, engine: crate::Engine, ddl: &str) -> Result<()> {
    let mut sql = crate::engine::Sql::new(engine);
    sql.push(ddl);
    tx.execute(&sql, "creating the demo schema")
        .await
        .map(|_| ())
}

/// [`create_school_async`] for synchronous callers.
pub fn create_school(url: &str, pupils: usize, seed: u64) -> Result<()> {
    runtime()?.block_on(create_school_async(url, pupils, seed))
}

/// Every row of every table at `url` (see [`Dump`]).
pub async fn dump_async(url: &str) -> Result<Dump> {
    dump_tables_async(url, &[]).await
}

/// Every row of the `tables` at `url`.
pub async fn dump_tables_async(url: &str, tables: &[&str]) -> Result<Dump> {
    let db = Db::connect_lazy(url, 1, false)?;
    let dump = dump::dump(&db, tables).await;
    db.close().await;
    dump
}

/// [`dump_async`] for synchronous callers.
pub fn dump(url: &str) -> Result<Dump> {
    runtime()?.block_on(dump_async(url))
}

/// [`dump_tables_async`] for synchronous callers.
pub fn dump_tables(url: &str, tables: &[&str]) -> Result<Dump> {
    runtime()?.block_on(dump_tables_async(url, tables))
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| SqlError::Unavailable(format!("cannot start a runtime: {e}")))
}
