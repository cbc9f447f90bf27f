//! Store benchmark: durable, audited writes per second (each write = one record + its hash-chained
//! audit event, committed with SQLite WAL + synchronous=FULL, i.e. an fsync per commit).
//!
//! `cargo bench -p zhengwu-store --bench writes` — set ZHENGWU_TEST_POSTGRES_URL to also measure
//! PostgreSQL; ZHENGWU_BENCH_N changes the number of writes per scenario (default 3000).
//!
//! Scenarios:
//! - `single`: one writer, one transaction per write (what one HTTP request does);
//! - `concurrent-8`, `concurrent-64`: 8 or 64 writers (like as many HTTP requests in flight), each
//!   write its own all-or-nothing unit (a savepoint) acknowledged only after a durable COMMIT that
//!   concurrent writes share (group commit);
//! - `batch-100`: `Store::batch`, 100 writes per transaction (imports and bulk jobs, whose API
//!   semantics are all-or-nothing anyway).

#![allow(clippy::unwrap_used, clippy::expect_used)]
use serde_json::json;
use std::time::Instant;
use zhengwu_store::{Audit, NewRecord, RecordOp, Store};

fn doc(n: usize) -> NewRecord {
    NewRecord {
        kind: "document".into(),
        id: None,
        data: json!({"title": format!("关于第{n}号事项的请示"), "submitter": "市发展和改革委员会", "pages": 3}),
        idempotency_key: Some(format!("bench-{n}")),
    }
}

async fn scenario(name: &str, backend: &str, store: &Store, n: usize) {
    let audit = Audit::new("bench", "document.register")
        .cite(json!({"profile": "liaocheng", "article": "第四十七条"}));
    let start = Instant::now();
    match name {
        "single" => {
            for i in 0..n {
                store.create_record(&audit, doc(i)).await.expect("write");
            }
        }
        "concurrent-8" | "concurrent-64" => {
            let writers = if name == "concurrent-8" { 8 } else { 64 };
            let mut tasks = Vec::new();
            for w in 0..writers {
                let (store, audit) = (store.clone(), audit.clone());
                tasks.push(tokio::spawn(async move {
                    for i in (w..n).step_by(writers) {
                        store
                            .create_record(&audit, doc(writers * 1_000_000 + i))
                            .await
                            .expect("write");
                    }
                }));
            }
            for t in tasks {
                t.await.expect("task");
            }
        }
        _ => {
            let mut i = 0;
            while i < n {
                let ops = (i..(i + 100).min(n))
                    .map(|k| RecordOp::Create(doc(2_000_000 + k)))
                    .collect();
                store.batch(&audit, ops).await.expect("batch");
                i += 100;
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{backend:9} {name:13} {n:6} writes in {secs:7.3} s = {:8.0} durable audited writes/s",
        n as f64 / secs
    );
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("ZHENGWU_BENCH_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3000);
    let dir = std::env::temp_dir().join(format!("zhengwu-store-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    // Context for the figures below: how many 4 KiB append+fdatasync cycles this disk does right
    // now (a durable commit needs at least one).
    {
        use std::io::Write;
        let mut f = std::fs::File::create(dir.join("fsync.probe")).expect("probe file");
        let start = Instant::now();
        for _ in 0..300 {
            f.write_all(&[7u8; 4096]).expect("probe write");
            f.sync_data().expect("probe sync");
        }
        println!(
            "disk      fdatasync     {:8.0} per second (raw, for comparison)",
            300.0 / start.elapsed().as_secs_f64()
        );
    }
    let path = dir.join("bench.db");
    let store = Store::open(&path.to_string_lossy())
        .await
        .expect("open sqlite");
    for s in ["single", "concurrent-8", "concurrent-64", "batch-100"] {
        scenario(s, "sqlite", &store, n).await;
    }
    let t = Instant::now();
    let r = store.verify_audit().await.expect("verify");
    println!(
        "sqlite    verify        {:6} events in {:7.3} s (ok: {})",
        r.checked,
        t.elapsed().as_secs_f64(),
        r.ok()
    );
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);

    if let Ok(url) = std::env::var("ZHENGWU_TEST_POSTGRES_URL") {
        use sqlx::Connection;
        let db = format!("zw_bench_{}", std::process::id());
        let mut admin = sqlx::PgConnection::connect(&url).await.expect("postgres");
        sqlx::query(&format!("CREATE DATABASE {db}"))
            .execute(&mut admin)
            .await
            .expect("create db");
        let base = url.rsplit_once('/').map_or(url.as_str(), |(b, _)| b);
        let store = Store::open(&format!("{base}/{db}"))
            .await
            .expect("open postgres");
        for s in ["single", "concurrent-8", "concurrent-64", "batch-100"] {
            scenario(s, "postgres", &store, n).await;
        }
        store.close().await;
        sqlx::query(&format!("DROP DATABASE {db} WITH (FORCE)"))
            .execute(&mut admin)
            .await
            .expect("drop db");
    } else {
        println!("postgres  NOT RUN: set ZHENGWU_TEST_POSTGRES_URL");
    }
}
