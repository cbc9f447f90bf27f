//! The test harness shared by the conformance suite and the other integration tests: a fresh
//! database per test on each available backend, cleaned up afterwards.
//!
//! SQLite always runs (a file in a fresh temporary directory). PostgreSQL runs when
//! `ZHENGWU_TEST_POSTGRES_URL` is set (e.g. `postgres://postgres@127.0.0.1:5432/test`): each test
//! gets its own database `zw_test_<pid>_<n>_<nanos>`, dropped at the end.
#![allow(dead_code)]

use sqlx::Connection;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Once};
use zhengwu_store::{ManualClock, Store, StoreOptions};

pub const PG_ENV: &str = "ZHENGWU_TEST_POSTGRES_URL";

/// Set to `1` to make a missing `ZHENGWU_TEST_POSTGRES_URL` a failure (`tests/suite_status.rs`).
pub const REQUIRE_PG_ENV: &str = "ZHENGWU_REQUIRE_POSTGRES";

/// The PostgreSQL server the suites run on, when `ZHENGWU_TEST_POSTGRES_URL` names one.
pub fn postgres_url() -> Option<String> {
    std::env::var(PG_ENV).ok().filter(|u| !u.trim().is_empty())
}

static COUNTER: AtomicU64 = AtomicU64::new(0);
static BANNER: Once = Once::new();

fn unique() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        nanos
    )
}

/// A temporary directory removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        let p = std::env::temp_dir().join(format!("zhengwu-store-test-{}", unique()));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Where a test database lives.
pub enum Place {
    Sqlite(TempDir),
    Postgres { admin_url: String, db: String },
}

pub struct TestDb {
    pub name: &'static str,
    pub url: String,
    pub place: Place,
}

impl TestDb {
    pub async fn open(&self) -> Store {
        Store::open(&self.url).await.unwrap()
    }
    pub async fn open_with_clock(&self, clock: Arc<ManualClock>) -> Store {
        Store::connect_with(
            &self.url,
            StoreOptions {
                clock,
                ..StoreOptions::default()
            },
        )
        .await
        .unwrap()
    }
    /// A scratch path (a file in the test's temp dir; for Postgres tests a temp dir too).
    pub fn scratch(&self) -> &TempDir {
        match &self.place {
            Place::Sqlite(d) => d,
            Place::Postgres { .. } => scratch_dir(),
        }
    }
    pub async fn cleanup(self) {
        if let Place::Postgres { admin_url, db } = &self.place {
            let mut c = sqlx::PgConnection::connect(admin_url).await.unwrap();
            sqlx::query(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
                .execute(&mut c)
                .await
                .unwrap();
        }
    }
}

fn scratch_dir() -> &'static TempDir {
    static DIR: std::sync::OnceLock<TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(TempDir::new)
}

/// Replace the database name in a postgres URL.
pub fn with_database(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{db}?{q}"),
        None => format!("{base}/{db}"),
    }
}

/// Fresh databases on every available backend.
pub async fn backends() -> Vec<TestDb> {
    let dir = TempDir::new();
    let url = dir.path("zhengwu.db").to_string_lossy().into_owned();
    let mut out = vec![TestDb {
        name: "sqlite",
        url,
        place: Place::Sqlite(dir),
    }];
    match postgres_url() {
        Some(admin_url) => {
            let db = format!("zw_test_{}", unique());
            let mut c = sqlx::PgConnection::connect(&admin_url)
                .await
                .unwrap_or_else(|e| panic!("{PG_ENV}={admin_url}: cannot connect: {e}"));
            sqlx::query(&format!("CREATE DATABASE {db}"))
                .execute(&mut c)
                .await
                .unwrap();
            let url = with_database(&admin_url, &db);
            out.push(TestDb {
                name: "postgres",
                url,
                place: Place::Postgres { admin_url, db },
            });
        }
        None => BANNER.call_once(|| {
            eprintln!(
                "\n==================================================================\n\
                 PostgreSQL conformance suite NOT RUN: set {PG_ENV}\n\
                 (e.g. {PG_ENV}=postgres://postgres@127.0.0.1:5432/test)\n\
                 ==================================================================\n"
            )
        }),
    }
    out
}

/// Run `body` against every available backend, each on a fresh database that is dropped
/// afterwards (also when the body panics).
pub async fn on_each_backend<F, Fut>(body: F)
where
    F: Fn(Arc<TestDb>) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    for db in backends().await {
        let db = Arc::new(db);
        let name = db.name;
        let res = tokio::spawn(body(db.clone())).await;
        if let Ok(db) = Arc::try_unwrap(db) {
            db.cleanup().await;
        }
        if let Err(e) = res {
            panic!("[{name}] {e}");
        }
        eprintln!("[{name}] ok");
    }
}

pub fn t0() -> jiff::Timestamp {
    "2026-03-02T01:00:00Z".parse().unwrap()
}

/// A small organisation in the import format: a city with a subordinate county.
pub const SAMPLE_ORG_CSV: &str = "\
kind,government,id,name,profile,parent,role,person,department,rank,position,matter,substitute
government,,city,示范市人民政府,liaocheng,,,,,,,,
government,,county,示范县人民政府,changle,city,,,,,,,
department,city,fgw,市发展和改革委员会,,,,,,,,,
department,city,czj,市财政局,,,,,,,,,
person,city,p1,王市长,,,,,,,,,
person,city,p2,李副市长,,,,,fgw,,,,
person,city,p3,赵副市长,,,,,,,,,
position,city,mayor,市长,,,head,p1,,1,,,
position,city,exec,常务副市长,,,executive_deputy,p2,,2,,,
position,city,dep1,副市长,,,deputy,p3,,3,,,
portfolio,city,,,,,,,fgw,,exec,,
portfolio,city,,,,,,,czj,,exec,,
portfolio,city,,,,,,,,,dep1,安全生产,
substitution,city,,,,,,,,,exec,,dep1
substitution,city,,,,,,,,,dep1,,exec
department,county,bgs,县政府办公室,,,,,,,,,
position,county,head,县长,,,head,,,1,,,
";
