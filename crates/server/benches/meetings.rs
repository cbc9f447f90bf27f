//! Benchmark (issue #6): the agenda gate evaluation and the quorum check inside a full HTTP round
//! trip, on SQLite with 100,000 past meetings (each with an agenda item) in the database.
//!
//! `GET /api/v1/meetings/{id}` over TCP (keep-alive, one connection): loads the meeting and its items,
//! evaluates every item's gate (kind `agenda_item`) and the quorum (kind `meeting_quorum`) through the
//! rules crate, and answers. Run: `cargo bench -p zhengwu-server --bench meetings`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use serde_json::json;
use std::time::Instant;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use zhengwu_server::{AppState, Config};
use zhengwu_store::org::{Government, Org, Person, Position};
use zhengwu_store::{Audit, NewAccount, Store};

const PAST: usize = 100_000;
const ROUNDS: usize = 5_000;

async fn request(
    s: &mut tokio::net::TcpStream,
    method: &str,
    path: &str,
    token: &str,
    body: Option<&serde_json::Value>,
) -> (u16, String) {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::with_capacity(16 * 1024);
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let n = s.read(&mut chunk).await.unwrap();
        assert!(n > 0, "connection closed");
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map(|v| v.trim().parse().unwrap())
                .unwrap_or(0);
            if buf.len() >= end + 4 + len {
                let status = head.split(' ').nth(1).unwrap().parse().unwrap();
                let text = String::from_utf8_lossy(&buf[end + 4..end + 4 + len]).into_owned();
                return (status, text);
            }
        }
    }
}

fn org() -> Org {
    let g = "lc";
    let seats = [
        ("head", "市长"),
        ("executive_deputy", "常务副市长"),
        ("deputy", "副市长"),
        ("deputy", "副市长"),
        ("secretary_general", "秘书长"),
    ];
    Org {
        governments: vec![Government {
            id: g.into(),
            name: "聊城市人民政府".into(),
            profile_id: "liaocheng".into(),
            parent_id: None,
            version: 0,
        }],
        departments: vec![],
        people: (0..seats.len())
            .map(|n| Person {
                government_id: g.into(),
                id: format!("p{n}"),
                name: format!("同志{n}"),
                department_id: None,
            })
            .collect(),
        positions: seats
            .iter()
            .enumerate()
            .map(|(n, (r, t))| Position {
                government_id: g.into(),
                id: format!("s{n}"),
                role: (*r).into(),
                title: (*t).into(),
                person_id: Some(format!("p{n}")),
                rank: n as i64 + 1,
            })
            .collect(),
        portfolios: vec![],
        substitutions: vec![],
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(run());
}

async fn run() {
    let dir = std::env::temp_dir().join(format!("zw-meet-bench-{}", std::process::id()));
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
                username: "office".into(),
                display_name: "办公室".into(),
                password: "bench password 1".into(),
                roles: vec!["office".into(), "head".into()],
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

    // 100,000 past meetings, each with one decided item (bulk-loaded history).
    let t = Instant::now();
    {
        let mut tx = store.pool().begin().await.unwrap();
        let start = jiff::civil::date(2000, 1, 3);
        for i in 0..PAST {
            let day = start
                .checked_add(jiff::Span::new().days((i / 20) as i64))
                .unwrap()
                .to_string();
            let mid = format!("past{i:08}");
            let data = json!({"type": "executive", "date": day, "name": "市政府常务会议",
                "profile": "liaocheng", "convened_by": "head", "invitees": [], "chain": []});
            sqlx::query("INSERT INTO meetings (id, government_id, meeting_type, meeting_date, status, version, data, created_at, updated_at) VALUES ($1, 'lc', 'executive', $2, 'minutes_signed', 1, $3, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')")
                .bind(&mid).bind(&day).bind(data.to_string())
                .execute(&mut *tx).await.unwrap();
            sqlx::query("INSERT INTO meeting_items (id, government_id, meeting_id, status, version, data, created_at, updated_at) VALUES ($1, 'lc', $2, 'decided', 1, '{}', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')")
                .bind(format!("pitem{i:08}")).bind(&mid)
                .execute(&mut *tx).await.unwrap();
        }
        tx.commit().await.unwrap();
    }
    println!("loaded {PAST} past meetings + items in {:.1?}", t.elapsed());

    let registry = zhengwu_rules::Registry::builtin().unwrap();
    let state = AppState::new(store.clone(), registry, Config::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(zhengwu_server::serve(
        listener,
        state,
        std::future::pending::<()>(),
    ));
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.set_nodelay(true).unwrap();

    // Today's meeting: three items on the agenda, attendance taken.
    let (st, m) = request(
        &mut s,
        "POST",
        "/api/v1/meetings",
        &token,
        Some(&json!({"government_id": "lc", "type": "executive", "date": "2026-03-18"})),
    )
    .await;
    assert_eq!(st, 201, "{m}");
    let m: serde_json::Value = serde_json::from_str(&m).unwrap();
    let mid = m["id"].as_str().unwrap().to_string();
    let mut items = Vec::new();
    for n in 0..3 {
        let (st, it) = request(&mut s, "POST", "/api/v1/agenda-items", &token, Some(&json!({
            "government_id": "lc", "title": format!("议题{n}"), "department_id": "edu", "meeting_type": "executive",
            "meeting_date": "2026-03-18", "submitted_on": "2026-03-02",
            "facts": {"topics": ["normative_document"], "legality_reviewed": true, "fair_competition_reviewed": true}}))).await;
        assert_eq!(st, 201, "{it}");
        let it: serde_json::Value = serde_json::from_str(&it).unwrap();
        let iid = it["id"].as_str().unwrap().to_string();
        let steps = it["data"]["gate"]["chain"].as_array().unwrap().len();
        for _ in 0..steps {
            // The bench account is office and head; other steps are written straight in.
            let (st, _) = request(
                &mut s,
                "POST",
                &format!("/api/v1/agenda-items/{iid}/approvals"),
                &token,
                Some(&json!({})),
            )
            .await;
            if st != 200 {
                break;
            }
        }
        items.push(iid);
    }
    // Place the items straight on the agenda (the approval chain needs other signers).
    for iid in &items {
        let d = store
            .get_doc(zhengwu_store::DocTable::AgendaItem, iid)
            .await
            .unwrap()
            .unwrap();
        let mut data = d.data.clone();
        data["meeting_id"] = json!(mid);
        store
            .update_doc(
                &sys,
                zhengwu_store::DocTable::AgendaItem,
                iid,
                d.version,
                "on_agenda",
                data,
            )
            .await
            .unwrap();
    }
    let (st, body) = request(
        &mut s,
        "POST",
        &format!("/api/v1/meetings/{mid}/attendance"),
        &token,
        Some(&json!({"present": ["s0", "s1", "s2"]})),
    )
    .await;
    assert_eq!(st, 200, "{body}");

    let path = format!("/api/v1/meetings/{mid}");
    let (st, body) = request(&mut s, "GET", &path, &token, None).await;
    assert_eq!(st, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["gates"].as_array().unwrap().len(), 3);
    assert_eq!(v["quorum"]["status"]["quorum"], "met");
    for _ in 0..200 {
        request(&mut s, "GET", &path, &token, None).await;
    }
    let mut lat = Vec::with_capacity(ROUNDS);
    let all = Instant::now();
    for _ in 0..ROUNDS {
        let t = Instant::now();
        let (st, _) = request(&mut s, "GET", &path, &token, None).await;
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(st, 200);
    }
    let total = all.elapsed();
    lat.sort_by(|a, b| a.total_cmp(b));
    let q = |p: f64| lat[((lat.len() as f64 * p) as usize).min(lat.len() - 1)];
    println!(
        "GET /api/v1/meetings/{{id}} (3 agenda gates + quorum), {ROUNDS} requests, {PAST} past meetings: \
         p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms, {:.0} req/s",
        q(0.50),
        q(0.99),
        lat[lat.len() - 1],
        ROUNDS as f64 / total.as_secs_f64()
    );
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}
