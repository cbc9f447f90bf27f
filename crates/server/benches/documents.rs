//! Documents benchmark (scripted, not criterion): end to end through the HTTP router in-process.
//!
//! 1. Register + lint incoming documents (kind `incoming_document` + text heuristics + durable,
//!    audited write with inbox entry) from 32 concurrent clients: documents per second.
//! 2. Load `ZHENGWU_BENCH_DOCS` (default 1,000,000) generated documents into the clerk's inbox
//!    and measure the clerk's inbox query (`GET /api/v1/documents/inbox`, 50 items) p50/p99.
//!
//! `cargo bench -p zhengwu-server --bench documents`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::json;
use std::time::Instant;
use tower::ServiceExt;
use zhengwu_rules::Registry;
use zhengwu_server::{AppState, Config};
use zhengwu_store::org::{Department, Government, Org};
use zhengwu_store::{Audit, NewAccount, Store};

fn org() -> Org {
    Org {
        governments: vec![Government {
            id: "lc".into(),
            name: "聊城市人民政府".into(),
            profile_id: "liaocheng".into(),
            parent_id: None,
            version: 0,
        }],
        departments: vec![Department {
            government_id: "lc".into(),
            id: "fin".into(),
            name: "市财政局".into(),
        }],
        people: vec![],
        positions: vec![],
        portfolios: vec![],
        substitutions: vec![],
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let n_docs: usize = std::env::var("ZHENGWU_BENCH_DOCS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let n_reg: usize = std::env::var("ZHENGWU_BENCH_REGISTER")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    let dir = std::env::temp_dir().join(format!("zhengwu-docs-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open(dir.join("bench.db").to_str().unwrap())
        .await
        .unwrap();
    let sys = Audit::new("system:bench", "fixture");
    store.import_org(&sys, &org()).await.unwrap();
    let acc = store
        .create_account(
            &sys,
            NewAccount {
                username: "clerk".into(),
                display_name: "文书".into(),
                password: "correct horse battery".into(),
                roles: vec!["office".into()],
                government_id: Some("lc".into()),
                department_id: None,
                person_id: None,
            },
        )
        .await
        .unwrap();
    let token = store
        .create_api_token(&sys, &acc.id, "bench", None)
        .await
        .unwrap()
        .token;
    let state = AppState::new(
        store.clone(),
        Registry::builtin().unwrap(),
        Config::default(),
    );
    let app = zhengwu_server::app(state);

    // 1. Register + lint.
    let clients = 32;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let app = app.clone();
        let token = token.clone();
        tasks.push(tokio::spawn(async move {
            for i in (c..n_reg).step_by(clients) {
                let body = json!({"meta": {
                    "title": format!("关于第{i}项事项的请示"),
                    "doc_type": "请示",
                    "doc_number": format!("聊财发〔2026〕{i}号"),
                    "unit": "fin",
                    "contact": "孙科长 1234567",
                    "main_recipients": ["市政府"],
                    "text": "一、申请拨付专项资金\n二、恳请同意增加编制\n妥否，请批示。",
                }});
                let req = Request::post("/api/v1/documents/incoming")
                    .header("authorization", format!("Bearer {token}"))
                    .header("content-type", "application/json")
                    .body(Body::from(body.to_string()))
                    .unwrap();
                let res = app.clone().oneshot(req).await.unwrap();
                assert_eq!(res.status(), StatusCode::CREATED);
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "register+lint over HTTP, {clients} clients: {n_reg} documents in {secs:.2} s = {:.0}/s",
        n_reg as f64 / secs
    );

    // 2. A million documents in the clerk's inbox.
    let started = Instant::now();
    store
        .bulk_load_documents(
            &Audit::new("system:bench", "document.bulk_load"),
            "lc",
            n_docs,
            &json!({"generated": true}),
            "office:lc",
            "todo",
        )
        .await
        .unwrap();
    println!(
        "loaded {n_docs} generated documents in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    for (label, path) in [(
        "待办, first and deeper pages",
        "/api/v1/documents/inbox?box=todo&limit=50",
    )] {
        let mut times = Vec::new();
        let mut next: Option<String> = None;
        for i in 0..2000 {
            // Alternate the first page and deeper pages (keyset cursor).
            let uri = match (&next, i % 2) {
                (Some(c), 1) => format!("{path}&before={}", urlencode(c)),
                _ => path.to_string(),
            };
            let req = Request::get(&uri)
                .header("authorization", format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap();
            let t = Instant::now();
            let res = app.clone().oneshot(req).await.unwrap();
            let status = res.status();
            let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
                .await
                .unwrap();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(status, StatusCode::OK);
            let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            next = v["next"].as_str().map(str::to_string).or(next);
        }
        times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!(
            "clerk inbox ({label}) over HTTP with {} documents: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            n_docs + n_reg,
            percentile(&times, 0.5),
            percentile(&times, 0.99),
            times[times.len() - 1]
        );
    }
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
