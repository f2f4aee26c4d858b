//! Upgrades: a database written by an older dsrd must read after the
//! upgrade. Not part of the contract proper (these tests reach under the
//! trait to build the old schema), but run on both stores all the same.

use super::*;

/// Writes two cases the way dsrd wrote them before migration 0005: one with
/// the '{}' that stood for "no classification", one with a classification.
macro_rules! write_old_cases {
    ($pool:expr) => {{
        let deadline = serde_json::to_string(&CaseDeadline::new(at(RECEIVED), rules())).unwrap();
        let classified = serde_json::to_string(&classification()).unwrap();
        for (reference, classification) in [("AVG-2026-0001", "{}"), ("AVG-2026-0002", classified.as_str())] {
            sqlx::query(
                "INSERT INTO cases (reference, organisation, state, received_at, body_text, language,
                    request_types, deadline, created_at, updated_at, classification)
                 VALUES ($1, 'Stichting Testscholen', 'needs_triage', $2, '', 'nl', '[]', $3, $2, $2, $4)",
            )
            .bind(reference)
            .bind(at(RECEIVED))
            .bind(&deadline)
            .bind(classification)
            .execute($pool)
            .await
            .expect("an old case is written");
        }
    }};
}

/// The migrations up to (not including) 0005.
fn before_0005(all: sqlx::migrate::Migrator) -> sqlx::migrate::Migrator {
    let old: Vec<_> = all
        .migrations
        .iter()
        .filter(|m| m.version < 5)
        .cloned()
        .collect();
    assert_eq!(old.len(), 4);
    sqlx::migrate::Migrator {
        migrations: old.into(),
        ..all
    }
}

async fn old_cases_read_back(store: &dyn Store) {
    let first = case(store, &"AVG-2026-0001".parse().unwrap()).await;
    assert_eq!(first.classification, None, "'{{}}' was \"none\"");
    assert_eq!(first.state, CaseState::NeedsTriage);
    let second = case(store, &"AVG-2026-0002".parse().unwrap()).await;
    assert_eq!(second.classification, Some(classification()));
    assert_eq!(
        second.deadline,
        Some(CaseDeadline::new(at(RECEIVED), rules()))
    );
}

#[tokio::test]
async fn an_old_sqlite_database_reads_after_the_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dsrd.sqlite");
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .foreign_keys(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    before_0005(sqlx::migrate!("./migrations/sqlite"))
        .run(&pool)
        .await
        .unwrap();
    write_old_cases!(&pool);
    pool.close().await;

    let store = SqliteStore::open(&path).await.expect("the upgrade runs");
    old_cases_read_back(&store).await;
    let nulls: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE classification IS NULL")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(nulls, 1, "the sentinel became NULL");
}

#[tokio::test]
async fn an_old_postgres_database_reads_after_the_upgrade() {
    harness::on_postgres_url(|url| async move {
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        before_0005(sqlx::migrate!("./migrations/postgres"))
            .run(&pool)
            .await
            .unwrap();
        write_old_cases!(&pool);
        pool.close().await;

        let store = PgStore::open(&url, None).await.expect("the upgrade runs");
        old_cases_read_back(&store).await;
        let nulls: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE classification IS NULL")
                .fetch_one(store.pool())
                .await
                .unwrap();
        assert_eq!(nulls, 1, "the sentinel became NULL");
        store.pool().close().await;
    })
    .await
}
