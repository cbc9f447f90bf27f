//! SQLite specifics: created with nothing installed, WAL with synchronous=FULL, awkward paths.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use zhengwu_store::{Backend, Store, resolve_url};

#[tokio::test]
async fn a_new_file_is_created_in_wal_mode_with_full_sync() {
    let dir = common::TempDir::new();
    let path = dir.path("new dir with space/数据库 备份.db");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let store = Store::open(&path.to_string_lossy()).await.unwrap();
    assert!(path.exists());
    assert_eq!(store.backend(), Backend::Sqlite);
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    // 2 = FULL: every commit is fsynced before it is acknowledged.
    let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(sync, 2);
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn urls_are_understood() {
    assert_eq!(
        resolve_url("postgres://u@h/db").unwrap().0,
        Backend::Postgres
    );
    assert_eq!(
        resolve_url("postgresql://u@h/db").unwrap().0,
        Backend::Postgres
    );
    assert_eq!(resolve_url("sqlite:x.db").unwrap().0, Backend::Sqlite);
    assert_eq!(resolve_url("x.db").unwrap().0, Backend::Sqlite);
    assert!(resolve_url("mysql://h/db").is_err());
    assert!(resolve_url("").is_err());
    assert!(resolve_url(":memory:").is_err());
    assert!(resolve_url("/tmp/a?b.db").is_err());
    assert!(resolve_url("/tmp/50%.db").is_err());
    let err = resolve_url("mysql://h/db").unwrap_err().to_string();
    assert!(err.starts_with("数据库地址无效"), "{err}");
}
