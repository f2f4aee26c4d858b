//! The store dsrd opens makes a commit durable before the mail it settles is
//! let go (moved to `cur/`, or flagged and moved on the IMAP server).

use std::time::Duration;

#[tokio::test]
async fn the_sqlite_store_is_opened_with_every_commit_synced_to_disk() {
    // Arrange
    let dir = tempfile::tempdir().unwrap();

    // Act
    let store = dsrd::store::SqliteStore::open(&dir.path().join("dsrd.sqlite"))
        .await
        .unwrap();

    // Assert: every connection the pool hands out, not only the first.
    // `synchronous` is per connection; 2 is FULL, under which a commit in WAL
    // mode syncs the log before it returns (NORMAL, 1, leaves that to the
    // next checkpoint, and a power loss can take the last commits back).
    let pool = store.pool();
    let mut connections = Vec::new();
    for _ in 0..pool.options().get_max_connections() {
        let mut conn = tokio::time::timeout(Duration::from_secs(10), pool.acquire())
            .await
            .expect("a connection within 10 s")
            .unwrap();
        let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(synchronous, 2, "PRAGMA synchronous is FULL");
        assert_eq!(journal, "wal");
        connections.push(conn);
    }
    assert!(!connections.is_empty());
}
