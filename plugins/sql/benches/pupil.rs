//! Locate + export + erase of one pupil in the 100,000-pupil demo school,
//! through the plugin and as hand-written SQL run directly with sqlx.
//! The target (issue 6): the plugin within 2× of the hand-written SQL.
//!
//! Each iteration erases another pupil (erasure cannot be repeated on the
//! same one), so both sides work on fresh pupils of the same database.
//! PostgreSQL runs too when the test server answers.

use criterion::{criterion_group, criterion_main, Criterion};
use dsrd_plugin_api::{EraseMode, Plugin, Subject};
use dsrd_plugin_sql::{demo, SqlPlugin};
use sqlx::{Connection, Executor};
use std::time::{Duration, Instant};

const PUPILS: usize = 100_000;
const CHILDREN: &[&str] = &[
    "pupil_guardians",
    "group_memberships",
    "test_results",
    "absences",
    "consent_records",
    "disclosures",
];

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn subject(pupil: u64) -> Subject {
    Subject::default().with_student_number((100_000 + pupil).to_string())
}

/// The same work written by hand: find the pupil, list the rows below
/// her, read them, delete them children first in one transaction.
async fn by_hand<DB>(pool: &sqlx::Pool<DB>, pupil: u64)
where
    DB: sqlx::Database,
    for<'c> &'c mut <DB as sqlx::Database>::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'r> i64: sqlx::Decode<'r, DB>,
    usize: sqlx::ColumnIndex<DB::Row>,
{
    use sqlx::Row;
    let number = (100_000 + pupil).to_string();
    let row = sqlx::query("SELECT CAST(id AS BIGINT) FROM pupils WHERE student_number = $1")
        .bind(number)
        .fetch_one(pool)
        .await
        .unwrap();
    let id: i64 = row.get(0);
    let notes = "SELECT id FROM care_notes WHERE pupil_id = $1";
    let attachments = format!("FROM care_note_attachments WHERE care_note_id IN ({notes})");
    // locate: the keys of every row below the pupil
    for table in CHILDREN.iter().chain(&["care_notes"]) {
        let sql = format!("SELECT id FROM {table} WHERE pupil_id = $1 ORDER BY id");
        sqlx::query(&sql).bind(id).fetch_all(pool).await.unwrap();
    }
    sqlx::query(&format!("SELECT id {attachments}"))
        .bind(id)
        .fetch_all(pool)
        .await
        .unwrap();
    // export: the rows themselves
    sqlx::query("SELECT * FROM pupils WHERE id = $1")
        .bind(id)
        .fetch_all(pool)
        .await
        .unwrap();
    for table in CHILDREN.iter().chain(&["care_notes"]) {
        let sql = format!("SELECT * FROM {table} WHERE pupil_id = $1 ORDER BY id");
        sqlx::query(&sql).bind(id).fetch_all(pool).await.unwrap();
    }
    sqlx::query(&format!("SELECT * {attachments}"))
        .bind(id)
        .fetch_all(pool)
        .await
        .unwrap();
    // erase: children first, in one transaction
    let mut tx = pool.begin().await.unwrap();
    sqlx::query(&format!("DELETE {attachments}"))
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
    for table in CHILDREN.iter().chain(&["care_notes"]) {
        let sql = format!("DELETE FROM {table} WHERE pupil_id = $1");
        sqlx::query(&sql).bind(id).execute(&mut *tx).await.unwrap();
    }
    sqlx::query("DELETE FROM pupils WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

fn through_plugin(plugin: &mut SqlPlugin, pupil: u64) {
    let subject = subject(pupil);
    let found = plugin.locate(&subject).unwrap();
    assert!(!found.records.is_empty());
    plugin.export(&subject).unwrap();
    let report = plugin
        .erase(&subject, EraseMode::Delete, None, false)
        .unwrap();
    assert!(!report.is_empty());
}

fn compare(c: &mut Criterion, engine: &str, url: &str) {
    let mut plugin = SqlPlugin::new(demo::mapping(url)).unwrap();
    let rt = runtime();
    let mut group = c.benchmark_group(format!("pupil/{engine}"));
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    // Odd pupils for the plugin, even ones by hand, from 1,001 upwards.
    let mut next_plugin = 1_001u64;
    group.bench_function("plugin: locate + export + erase", |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for _ in 0..iters {
                through_plugin(&mut plugin, next_plugin);
                next_plugin += 2;
            }
            start.elapsed()
        })
    });
    let mut next_hand = 1_002u64;
    match engine {
        "sqlite" => {
            // One connection, as the plugin uses: several would each start
            // with a cold page cache.
            let options = sqlx::sqlite::SqlitePoolOptions::new().max_connections(1);
            let pool = rt.block_on(options.connect(url)).unwrap();
            group.bench_function("hand-written SQL", |b| {
                b.iter_custom(|iters| {
                    let start = Instant::now();
                    for _ in 0..iters {
                        rt.block_on(by_hand(&pool, next_hand));
                        next_hand += 2;
                    }
                    start.elapsed()
                })
            });
        }
        _ => {
            let options = sqlx::postgres::PgPoolOptions::new().max_connections(1);
            let pool = rt.block_on(options.connect(url)).unwrap();
            group.bench_function("hand-written SQL", |b| {
                b.iter_custom(|iters| {
                    let start = Instant::now();
                    for _ in 0..iters {
                        rt.block_on(by_hand(&pool, next_hand));
                        next_hand += 2;
                    }
                    start.elapsed()
                })
            });
        }
    }
    group.finish();
}

fn pupil(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("school.db").display());
    demo::create_school(&url, PUPILS, 7).unwrap();
    compare(c, "sqlite", &url);

    let admin = "postgres://postgres@127.0.0.1:5432/test";
    let rt = runtime();
    let name = format!("dsrd_sql_bench_{}", std::process::id());
    let created = rt.block_on(async {
        let mut conn = sqlx::PgConnection::connect(admin).await.ok()?;
        conn.execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .ok()
    });
    if created.is_some() {
        let url = format!("postgres://postgres@127.0.0.1:5432/{name}");
        demo::create_school(&url, PUPILS, 7).unwrap();
        compare(c, "postgres", &url);
        rt.block_on(async {
            let mut conn = sqlx::PgConnection::connect(admin).await.unwrap();
            let drop = format!("DROP DATABASE {name} WITH (FORCE)");
            conn.execute(drop.as_str()).await.unwrap();
        });
    } else {
        eprintln!("PostgreSQL not reachable at {admin}: PostgreSQL part skipped");
    }
}

criterion_group!(benches, pupil);
criterion_main!(benches);
