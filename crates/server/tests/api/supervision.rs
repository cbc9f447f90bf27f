//! The supervision ledger over HTTP, with each government's differences: 泰安's escalation (three
//! unanswered reminders → 约谈 after a leader agrees), 济宁's 蓝黄红 colours, 聊城's 批示件 limit; the
//! scheduler across a holiday and a newly loaded calendar year on a manual clock.

use crate::common::{Fx, TempDir};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use std::sync::Arc;
use zhengwu_rules::Registry;
use zhengwu_server::AppState;
use zhengwu_server::api::supervision::{NewItem, register};
use zhengwu_server::scheduler::Scheduler;
use zhengwu_store::org::{Department, Government, Org};
use zhengwu_store::{Audit, ManualClock, Store, StoreOptions};

fn gov_org(id: &str, name: &str, profile: &str, depts: &[(&str, &str)]) -> Org {
    Org {
        governments: vec![Government {
            id: id.into(),
            name: name.into(),
            profile_id: profile.into(),
            parent_id: None,
            version: 0,
        }],
        departments: depts
            .iter()
            .map(|(d, n)| Department {
                government_id: id.into(),
                id: (*d).into(),
                name: (*n).into(),
            })
            .collect(),
        people: vec![],
        positions: vec![],
        portfolios: vec![],
        substitutions: vec![],
    }
}

async fn add_governments(store: &Store) {
    let a = Audit::new("system:test", "fixture");
    store
        .replace_government_org(
            &a,
            &gov_org(
                "ta",
                "泰安市人民政府",
                "taian",
                &[("ta_zjj", "泰安市住建局")],
            ),
            0,
        )
        .await
        .unwrap();
    store
        .replace_government_org(
            &a,
            &gov_org(
                "jn",
                "济宁市人民政府",
                "jining",
                &[("jn_zjj", "济宁市住建局")],
            ),
            0,
        )
        .await
        .unwrap();
    store
        .replace_government_org(
            &a,
            &gov_org(
                "zd",
                "张店区人民政府",
                "zhangdian",
                &[("zd_jyj", "张店区教育局")],
            ),
            0,
        )
        .await
        .unwrap();
}

async fn create(fx: &Fx, body: Value) -> Value {
    let r = fx
        .send(
            Method::POST,
            "/api/v1/supervision/items",
            "office",
            Some(&body),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.json()
}

async fn act(fx: &Fx, who: &str, id: &str, version: i64, cmd: Value) -> crate::common::Resp {
    let mut body = cmd;
    body["version"] = json!(version);
    fx.send(
        Method::POST,
        &format!("/api/v1/supervision/items/{id}/actions"),
        who,
        Some(&body),
    )
    .await
}

#[tokio::test]
async fn taian_three_unanswered_reminders_then_yuetan_after_consent() {
    let fx = Fx::new().await;
    add_governments(fx.store()).await;
    let it = create(
        &fx,
        json!({"government_id": "ta", "source": "superior_deployment", "title": "安全生产大检查",
               "lead_unit": "ta_zjj", "responsible": "王局长", "assigned_on": "2026-10-09",
               "limit": {"working_days_after": 5}}),
    )
    .await;
    assert_eq!(it["status"], "long_overdue", "{it}");
    let id = it["id"].as_str().unwrap().to_string();
    let mut v = it["version"].as_i64().unwrap();
    for _ in 0..3 {
        let r = act(&fx, "office", &id, v, json!({"command": "remind"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        v = r.json()["version"].as_i64().unwrap();
    }
    let r = fx
        .get(&format!("/api/v1/supervision/items/{id}"), "office")
        .await;
    let d = r.json();
    assert_eq!(d["status"], "escalate", "{d}");
    assert_eq!(d["verdict"]["outcome"], "refused");
    // 约谈 before a leader agreed: refused, citing 第七十五条（四）.
    let r = act(&fx, "office", &id, v, json!({"command": "escalate"})).await;
    assert_eq!(r.problem(), "rule-refused", "{}", r.text);
    assert!(r.text.contains("第七十五条（四）"), "{}", r.text);
    let r = act(
        &fx,
        "office",
        &id,
        v,
        json!({"command": "consent", "by": "分管副市长"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    v = r.json()["version"].as_i64().unwrap();
    let r = act(&fx, "office", &id, v, json!({"command": "escalate"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let ev = fx.events("supervision.escalate").await;
    assert_eq!(ev.len(), 1);
    assert!(
        serde_json::to_string(&ev[0].citations)
            .unwrap()
            .contains("第七十五条（四）")
    );
}

#[tokio::test]
async fn liaocheng_has_no_numeric_escalation_and_units_report_their_own() {
    let fx = Fx::new().await;
    let it = create(
        &fx,
        json!({"government_id": "lc", "source": "leader_instruction", "title": "市长批示件办理",
               "lead_unit": "fin", "responsible": "财政局长", "assigned_on": "2026-09-28"}),
    )
    .await;
    let id = it["id"].as_str().unwrap().to_string();
    // 聊城 第七十三条: 5 working days, counted across 国庆节、中秋节.
    let r = fx
        .get(&format!("/api/v1/supervision/items/{id}"), "office")
        .await;
    let d = r.json();
    // 09-29, 09-30, 10-08, 10-09, 10-10 (Saturday, a make-up working day).
    assert_eq!(d["due_on"], "2026-10-10", "{d}");
    let explain = d["verdict"]["deadlines"][0]["explain"].as_str().unwrap();
    assert!(
        explain.contains("国庆节") && explain.contains("第七十三条"),
        "{explain}"
    );
    let mut v = d["version"].as_i64().unwrap();
    for _ in 0..4 {
        v = act(&fx, "office", &id, v, json!({"command": "remind"}))
            .await
            .json()["version"]
            .as_i64()
            .unwrap();
    }
    let r = act(&fx, "office", &id, v, json!({"command": "escalate"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    // The department reports on its own item; another department cannot see it; a deputy sees the
    // portfolio; the public sees nothing.
    assert_eq!(
        fx.get(&format!("/api/v1/supervision/items/{id}"), "edu")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        fx.get(&format!("/api/v1/supervision/items/{id}"), "deputy")
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        fx.get("/api/v1/supervision/items?government_id=lc", "anonymous")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let r = act(&fx, "fin", &id, v, json!({"command": "remind"})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    let r = act(
        &fx,
        "fin",
        &id,
        v,
        json!({"command": "report", "text": "已办结", "completed": true}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    v = r.json()["version"].as_i64().unwrap();
    // Stale version → 409.
    let r = act(&fx, "office", &id, v - 1, json!({"command": "close"})).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    // 销号 only after 核查.
    let r = act(&fx, "office", &id, v, json!({"command": "close"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    v = act(
        &fx,
        "office",
        &id,
        v,
        json!({"command": "verify", "passed": true, "note": "属实"}),
    )
    .await
    .json()["version"]
        .as_i64()
        .unwrap();
    let r = act(&fx, "office", &id, v, json!({"command": "close"})).await;
    assert_eq!(r.json()["stage"], "closed", "{}", r.text);
    v = r.json()["version"].as_i64().unwrap();
    let r = act(
        &fx,
        "office",
        &id,
        v,
        json!({"command": "review", "finding": "回头看：成效巩固"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // The department's ledger lists only its own items; reports and export for the office.
    let l = fx
        .get("/api/v1/supervision/items?government_id=lc&open=all", "fin")
        .await
        .json();
    assert_eq!(l["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        fx.get("/api/v1/supervision/items?government_id=lc&open=all", "edu")
            .await
            .json()["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let rep = fx
        .get(
            "/api/v1/supervision/reports?government_id=lc&by=unit",
            "office",
        )
        .await;
    let rep = rep.json();
    assert_eq!(rep["rows"][0]["key"], "fin", "{rep}");
    assert_eq!(rep["rows"][0]["completed"], 1);
    assert_eq!(rep["rows"][0]["on_time_rate"], 0.0, "completed late: {rep}");
    assert_eq!(
        fx.get("/api/v1/supervision/reports?government_id=lc", "fin")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let x = fx
        .get(
            "/api/v1/supervision/export.xlsx?government_id=lc&open=all",
            "office",
        )
        .await;
    assert_eq!(x.status, StatusCode::OK);
    assert!(x.text.starts_with("PK"));
    assert!(fx.store().verify_audit().await.unwrap().ok());
}

#[tokio::test]
async fn jining_blue_yellow_red() {
    let fx = Fx::new().await;
    add_governments(fx.store()).await;
    let today = fx.state.today();
    let long = create(
        &fx,
        json!({"government_id": "jn", "source": "work_report", "title": "城市更新",
               "lead_unit": "jn_zjj", "responsible": "李局长", "limit": {"working_days_after": 60}}),
    )
    .await;
    assert_eq!(long["colour"], "蓝", "{long}");
    let soon = create(
        &fx,
        json!({"government_id": "jn", "source": "work_report", "title": "路灯维修",
               "lead_unit": "jn_zjj", "responsible": "李局长", "limit": {"working_days_after": 0}}),
    )
    .await;
    assert_eq!(soon["colour"], "黄", "{soon}");
    let past = today.checked_sub(jiff::Span::new().days(60)).unwrap();
    let late = create(
        &fx,
        json!({"government_id": "jn", "source": "work_report", "title": "积案清理",
               "lead_unit": "jn_zjj", "responsible": "李局长", "assigned_on": past.to_string(),
               "limit": {"working_days_after": 10}}),
    )
    .await;
    assert_eq!(late["colour"], "红", "{late}");
    // 泰安 and 聊城 have no colours.
    let d = fx
        .get(
            &format!("/api/v1/supervision/items/{}", late["id"].as_str().unwrap()),
            "office",
        )
        .await
        .json();
    assert!(
        d["verdict"]["deadlines"][0]["explain"]
            .as_str()
            .unwrap()
            .contains("台账标识：红")
    );
}

/// A state on a manual clock (no accounts needed: the scheduler is called directly).
async fn clocked(at: &str) -> (AppState, Arc<ManualClock>, TempDir) {
    let dir = TempDir::new();
    let clock = Arc::new(ManualClock::new(at.parse().unwrap()));
    let store = Store::connect_with(
        dir.0.join("s.db").to_str().unwrap(),
        StoreOptions {
            clock: clock.clone(),
            ..StoreOptions::default()
        },
    )
    .await
    .unwrap();
    store
        .import_org(&Audit::new("system:test", "fixture"), &crate::common::org())
        .await
        .unwrap();
    add_governments(&store).await;
    let state = AppState::new(store, Registry::builtin().unwrap(), crate::common::config());
    (state, clock, dir)
}

const DAY: jiff::SignedDuration = jiff::SignedDuration::from_hours(24);

#[tokio::test]
async fn scheduler_across_a_holiday_is_idempotent_and_escalates() {
    // 2026-09-28 (Mon) 09:00 Beijing time.
    let (state, clock, _dir) = clocked("2026-09-28T01:00:00Z").await;
    let it = register(
        &state,
        "acct-office",
        NewItem {
            government_id: "ta".into(),
            source: "superior_deployment".into(),
            title: "节前安全检查".into(),
            lead_unit: "ta_zjj".into(),
            co_units: vec![],
            responsible: "王局长".into(),
            assigned_on: None,
            limit: Some(zhengwu_rules::Period::WorkingDaysAfter(3)),
            complex: false,
        },
    )
    .await
    .unwrap();
    // 3 working days after 09-28 across 国庆节 (10-01..10-07 off): 09-29, 09-30, 10-08.
    assert_eq!(it.projection.due_on.as_deref(), Some("2026-10-08"));
    let mut s = Scheduler::new("a");
    let mut other = Scheduler::new("b");
    let mut kinds: Vec<(String, String)> = Vec::new();
    for _ in 0..40 {
        let r = s.run_once(&state).await.unwrap();
        assert!(r.ran);
        // A second instance on the same database does not run while the lease is held.
        assert!(!other.run_once(&state).await.unwrap().ran);
        // A restart (a new scheduler) in the same minute sends nothing twice.
        let again = Scheduler::new("a").run_once(&state).await.unwrap();
        assert_eq!(
            again.notices,
            0,
            "{r:?} then {again:?} on {}",
            state.today()
        );
        let today = state.today();
        for n in state.store.sup_notices(&it.id).await.unwrap() {
            if !kinds.iter().any(|(k, p)| *k == n.kind && *p == n.period) {
                kinds.push((n.kind.clone(), n.period.clone()));
                eprintln!("{today}: {} {}", n.kind, n.period);
            }
        }
        clock.advance(DAY);
    }
    let cur = state.store.get_sup_item(&it.id).await.unwrap();
    // Due soon once the last 2 working days are reached (09-29); the holiday week sends nothing new.
    assert_eq!(kinds[0], ("due_soon".to_string(), "2026-10-08".to_string()));
    // Overdue reminders every 5 working days from 10-09, then after the third unanswered one 泰安's
    // escalation notice goes to the office.
    let periods: Vec<&str> = kinds.iter().map(|(_, p)| p.as_str()).collect();
    assert!(
        periods.contains(&"2026-10-08#1") && periods.contains(&"2026-10-08#3"),
        "{kinds:?}"
    );
    assert!(
        !periods.contains(&"2026-10-08#4") || kinds.len() > 4,
        "{kinds:?}"
    );
    assert!(
        kinds.iter().any(|(k, _)| k == "escalation_due"),
        "{kinds:?}"
    );
    assert_eq!(cur.projection.status, "escalate");
    assert!(state.store.verify_audit().await.unwrap().ok());
}

#[tokio::test]
async fn loading_a_new_calendar_year_reprojects_open_deadlines() {
    let (state, clock, _dir) = clocked("2026-12-21T01:00:00Z").await;
    let it = register(
        &state,
        "acct-office",
        NewItem {
            government_id: "lc".into(),
            source: "work_report".into(),
            title: "跨年任务".into(),
            lead_unit: "edu".into(),
            co_units: vec![],
            responsible: "教育局长".into(),
            assigned_on: None,
            limit: Some(zhengwu_rules::Period::WorkingDaysAfter(30)),
            complex: false,
        },
    )
    .await
    .unwrap();
    assert!(it.projection.provisional, "2027 is not loaded yet");
    let before = it.projection.due_on.clone().unwrap();
    let mut s = Scheduler::new("a");
    s.run_once(&state).await.unwrap();
    clock.advance(DAY);
    // The 2027 notice is published and loaded: 元旦 2027-01-01..04 off (one more day than statute).
    let src = "year = 2027\n[[notice]]\ntitle = \"国务院办公厅关于2027年部分节假日安排的通知（测试）\"\nnumber = \"国办发明电〔2026〕1号\"\ndate = 2026-11-01\n[[holiday]]\nname = \"元旦\"\noff = [2027-01-01, 2027-01-02, 2027-01-03, 2027-01-04]\n";
    state
        .store
        .put_calendar_year(&Audit::new("acct-office", "calendar.load"), 2027, src)
        .await
        .unwrap();
    let r = s.run_once(&state).await.unwrap();
    assert!(r.reprojected, "{r:?}");
    let cur = state.store.get_sup_item(&it.id).await.unwrap();
    assert!(!cur.projection.provisional);
    let after = cur.projection.due_on.clone().unwrap();
    assert!(after > before, "{before} → {after}");
    // The moved deadline is written once, audited as a re-projection.
    assert_eq!(fx_events(&state, "supervision.reproject").await, 1);
}

async fn fx_events(state: &AppState, action: &str) -> usize {
    state
        .store
        .audit_events(0, 100_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == action)
        .count()
}

#[tokio::test]
async fn demo_seed_covers_the_life_cycle() {
    let fx = Fx::new().await;
    let reg = Registry::builtin().unwrap();
    let n = zhengwu_server::api::supervision::seed_demo(fx.store(), &reg, "lc", true)
        .await
        .unwrap();
    assert_eq!(n, 8);
    // Idempotent.
    let again = zhengwu_server::api::supervision::seed_demo(fx.store(), &reg, "lc", false)
        .await
        .unwrap();
    assert_eq!(again, 0);
    let l = fx
        .get(
            "/api/v1/supervision/items?government_id=lc&open=all",
            "office",
        )
        .await
        .json();
    let stages: Vec<&str> = l["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["stage"].as_str().unwrap())
        .collect();
    for s in ["assigned", "in_progress", "reported", "verified", "closed"] {
        assert!(stages.contains(&s), "{s} missing in {stages:?}");
    }
}

#[tokio::test]
async fn disclosure_request_with_correction_extension_and_public_page() {
    let fx = Fx::new().await;
    let r = fx
        .send(
            Method::POST,
            "/api/v1/disclosure/requests",
            "office",
            Some(
                &json!({"government_id": "lc", "received_on": "2026-09-25", "channel": "网络",
                "applicant": "王某", "content": "2025年老旧小区改造资金使用情况"}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let d = r.json();
    let id = d["id"].as_str().unwrap().to_string();
    let code = d["tracking_code"].as_str().unwrap().to_string();
    let mut v = d["version"].as_i64().unwrap();
    let step = |cmd: Value, v: i64| {
        let mut b = cmd;
        b["version"] = json!(v);
        b
    };
    for cmd in [
        json!({"command": "request_correction", "what": "请明确所需信息的年份"}),
        json!({"command": "correction_received"}),
        json!({"command": "extend", "approved_by": "政府信息公开工作机构负责人"}),
    ] {
        let r = fx
            .send(
                Method::POST,
                &format!("/api/v1/disclosure/requests/{id}/actions"),
                "office",
                Some(&step(cmd, v)),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        v = r.json()["version"].as_i64().unwrap();
    }
    // A second extension is refused.
    let r = fx
        .send(
            Method::POST,
            &format!("/api/v1/disclosure/requests/{id}/actions"),
            "office",
            Some(&step(json!({"command": "extend", "approved_by": "x"}), v)),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    // The applicant's page: no login, the computation shown, no personal data.
    let p = fx
        .get(&format!("/api/v1/public/disclosure/{code}"), "anonymous")
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text);
    assert!(!p.text.contains("王某"));
    let pj = p.json();
    let explain = pj["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["explain"].as_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .join(" | ");
    assert!(
        explain.contains("第三十三条") || explain.contains("条例"),
        "{explain}"
    );
    assert!(pj["due_on"].is_string(), "{pj}");
    assert_eq!(
        fx.get("/api/v1/public/disclosure/nope", "anonymous")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let r = fx
        .send(
            Method::POST,
            &format!("/api/v1/disclosure/requests/{id}/actions"),
            "office",
            Some(&step(json!({"command": "reply", "form": "disclosed"}), v)),
        )
        .await;
    assert_eq!(r.json()["status"], "replied", "{}", r.text);
    let p = fx
        .get(&format!("/api/v1/public/disclosure/{code}"), "anonymous")
        .await
        .json();
    assert_eq!(p["reply_form"], "予以公开");
}

#[tokio::test]
async fn leave_approvers_itinerary_and_acting_person_per_government() {
    let fx = Fx::new().await;
    add_governments(fx.store()).await;
    let body = |gov: &str, requester: &str, itinerary: bool| {
        json!({"government_id": gov, "position_id": format!("{gov}_pos"), "requester": requester,
            "purpose": "business_trip", "departs_on": "2026-06-08", "returns_on": "2026-06-12",
            "submitted_on": "2026-06-01", "reason": "赴省汇报工作", "acting_position_id": "acting_pos",
            "itinerary": if itinerary { json!(["6月8日 济南", "6月10日 青岛"]) } else { json!([]) }})
    };
    // 张店 七十七: a department head's trip over 3 days must attach the itinerary (HARD).
    let r = fx
        .send(
            Method::POST,
            "/api/v1/leave/requests",
            "office",
            Some(&body("zd", "department_head", false)),
        )
        .await;
    assert_eq!(r.problem(), "rule-refused", "{}", r.text);
    assert!(r.text.contains("七十七"), "{}", r.text);
    let r = fx
        .send(
            Method::POST,
            "/api/v1/leave/requests",
            "office",
            Some(&body("zd", "department_head", true)),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    // Who approves a deputy differs: 聊城 vs 张店 (reports to the 区长 and files with the 区委).
    let lc = fx
        .send(
            Method::POST,
            "/api/v1/leave/requests",
            "office",
            Some(&body("lc", "deputy", true)),
        )
        .await;
    assert_eq!(lc.status, StatusCode::CREATED, "{}", lc.text);
    let zd = fx
        .send(
            Method::POST,
            "/api/v1/leave/requests",
            "office",
            Some(&body("zd", "deputy", true)),
        )
        .await;
    assert_eq!(zd.status, StatusCode::CREATED, "{}", zd.text);
    let (lc, zd) = (lc.json(), zd.json());
    assert_ne!(lc["verdict"]["chain"], zd["verdict"]["chain"]);
    assert!(
        zd["verdict"]["chain"]
            .to_string()
            .contains("party_committee"),
        "{zd}"
    );
    // Approved leave: the acting position acts for the leader during the trip, not after.
    let id = lc["id"].as_str().unwrap();
    let r = fx
        .send(
            Method::POST,
            &format!("/api/v1/leave/requests/{id}/actions"),
            "office",
            Some(&json!({"command": "approve", "by": "市长", "version": 1})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let a = fx
        .get(
            "/api/v1/leave/acting?position_id=lc_pos&date=2026-06-10",
            "edu",
        )
        .await
        .json();
    assert_eq!(a["acting_position_id"], "acting_pos", "{a}");
    let a = fx
        .get(
            "/api/v1/leave/acting?position_id=lc_pos&date=2026-06-13",
            "edu",
        )
        .await
        .json();
    assert!(a["acting_position_id"].is_null(), "{a}");
    assert_eq!(
        fx.store()
            .acting_for("lc_pos", "2026-06-08")
            .await
            .unwrap()
            .as_deref(),
        Some("acting_pos")
    );
}

/// Records a follow-up item directly (the scheduler reads the stored data).
async fn followup(
    state: &AppState,
    kind: &str,
    unit: Option<&str>,
    status: &str,
    data: Value,
) -> String {
    state
        .store
        .create_followup(
            &Audit::new("system:test", "fixture"),
            zhengwu_store::NewFollowup {
                government_id: "ta".into(),
                kind: kind.into(),
                unit_id: unit.map(str::to_string),
                status: status.into(),
                opened_on: "2026-10-01".into(),
                due_on: Some("2026-11-09".into()),
                ref_id: None,
                data,
            },
        )
        .await
        .unwrap()
        .id
}

#[tokio::test]
async fn scheduler_reminds_about_followup_deadlines_once_each() {
    // 2026-11-02 (Mon) 09:00 Beijing time; 泰安 supervision.due_soon_working_days = 2.
    let (state, clock, _dir) = clocked("2026-11-02T01:00:00Z").await;
    // Formed 10-09: 20 working days (第二十六条) → 11-05.
    let publication = followup(
        &state,
        "publication",
        None,
        "pending",
        json!({"document_id": "doc-x", "title": "关于秋季防火的通告", "doc_number": null,
               "formed_on": "2026-10-09"}),
    )
    .await;
    // 交办 08-10: 3 months (代表法 第五十一条) → 11-10.
    let suggestion = followup(
        &state,
        "suggestion",
        Some("ta_zjj"),
        "assigned",
        json!({"kind": "suggestion", "number": "12", "title": "老旧小区加装电梯",
               "proposer": "张代表", "lead_unit": "ta_zjj", "assigned_on": "2026-08-10"}),
    )
    .await;
    // A CPPCC proposal has no limit (not stated): never reminded.
    let proposal = followup(
        &state,
        "proposal",
        Some("ta_zjj"),
        "assigned",
        json!({"kind": "proposal", "number": "3", "title": "停车难", "proposer": "李委员",
               "lead_unit": "ta_zjj", "assigned_on": "2026-08-10"}),
    )
    .await;
    let ticket = |number: &str, replied: Option<&str>| {
        json!({"number": number, "received_on": "2026-11-02", "caller": "市民",
               "category": "住房", "content": "漏水", "unit_id": "ta_zjj",
               "replied_on": replied, "reply_working_days": 5, "basis": "热线配置（测试）"})
    };
    // Received 11-02, 5 working days → 11-09.
    let open_ticket = followup(
        &state,
        "hotline_ticket",
        Some("ta_zjj"),
        "open",
        ticket("T1", None),
    )
    .await;
    let replied = followup(
        &state,
        "hotline_ticket",
        Some("ta_zjj"),
        "replied",
        ticket("T2", Some("2026-11-03")),
    )
    .await;
    let mut s = Scheduler::new("a");
    let (mut pubs, mut props, mut hot) = (0, 0, 0);
    for _ in 0..14 {
        let r = s.run_once(&state).await.unwrap();
        assert!(r.ran);
        pubs += r.publication_notices;
        props += r.proposal_notices;
        hot += r.hotline_notices;
        // A second run (or a restarted instance) the same day sends nothing again.
        let again = Scheduler::new("a").run_once(&state).await.unwrap();
        assert_eq!(
            (
                again.publication_notices,
                again.proposal_notices,
                again.hotline_notices
            ),
            (0, 0, 0),
            "{again:?}"
        );
        clock.advance(DAY);
    }
    // Once due soon, once overdue, per item.
    assert_eq!((pubs, props, hot), (2, 2, 2));
    let kinds = |ns: Vec<zhengwu_store::SupNotice>| {
        ns.into_iter()
            .map(|n| (n.kind, n.period, n.recipient, n.message))
            .collect::<Vec<_>>()
    };
    let p = kinds(state.store.sup_notices(&publication).await.unwrap());
    assert_eq!(p.len(), 2, "{p:?}");
    assert_eq!(
        (p[0].0.as_str(), p[0].1.as_str(), p[0].2.as_str()),
        ("publication.due_soon", "2026-11-05", "office")
    );
    assert_eq!(
        (p[1].0.as_str(), p[1].1.as_str()),
        ("publication.overdue", "2026-11-05")
    );
    assert!(p[0].3.contains("第二十六条"), "{p:?}");
    let g = kinds(state.store.sup_notices(&suggestion).await.unwrap());
    assert_eq!(g.len(), 2, "{g:?}");
    assert_eq!(
        (g[0].0.as_str(), g[0].1.as_str(), g[0].2.as_str()),
        ("suggestion.due_soon", "2026-11-10", "ta_zjj")
    );
    assert_eq!(g[1].0, "suggestion.overdue");
    assert!(g[0].3.contains("第五十一条"), "{g:?}");
    // The number "12" reads 第12号; one already written 第…号 is not wrapped again.
    assert!(
        g[0].3.contains("人大代表建议第12号《老旧小区加装电梯》"),
        "{g:?}"
    );
    let t = kinds(state.store.sup_notices(&open_ticket).await.unwrap());
    assert_eq!(t.len(), 2, "{t:?}");
    assert_eq!(
        (t[0].0.as_str(), t[0].1.as_str(), t[0].2.as_str()),
        ("hotline_ticket.due_soon", "2026-11-09", "ta_zjj")
    );
    assert_eq!(t[1].0, "hotline_ticket.overdue");
    assert!(t[0].3.contains("热线配置（测试）"), "{t:?}");
    assert!(state.store.sup_notices(&proposal).await.unwrap().is_empty());
    assert!(state.store.sup_notices(&replied).await.unwrap().is_empty());
    // Each notice is an audited event citing the deadline.
    let sent: Vec<_> = state
        .store
        .audit_events(0, 100_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action.starts_with("followup.notice."))
        .collect();
    assert_eq!(sent.len(), 6);
    let e = sent.iter().find(|e| e.object_id == publication).unwrap();
    assert_eq!(e.object_type, "publication");
    assert_eq!(e.actor, "system:scheduler");
    assert_eq!(e.citations[0]["article"], "第二十六条", "{:?}", e.citations);
    assert!(state.store.verify_audit().await.unwrap().ok());
}

async fn detail(fx: &Fx, id: &str) -> Value {
    let r = fx
        .get(&format!("/api/v1/supervision/items/{id}"), "office")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

/// R5.03: the item view names the current step in each government's own words with its article;
/// 张店 states no steps.
#[tokio::test]
async fn the_current_step_is_named_in_the_governments_own_words() {
    let fx = Fx::new().await;
    add_governments(fx.store()).await;
    let lc = create(
        &fx,
        json!({"government_id": "lc", "source": "other", "title": "重点项目督查",
               "lead_unit": "fin", "responsible": "财政局长"}),
    )
    .await;
    let d = detail(&fx, lc["id"].as_str().unwrap()).await;
    assert_eq!(d["step"]["name"], "立项通知", "{d}");
    assert_eq!(
        d["step"]["approval"],
        "分管副秘书长或分管副主任审核，报秘书长同意"
    );
    assert_eq!(d["step"]["citations"][0]["article"], "第七十一条（一）");
    assert_eq!(
        d["step"]["steps"],
        json!(["立项通知", "检查催办", "督查调研", "汇总报告"])
    );

    let jn = create(
        &fx,
        json!({"government_id": "jn", "source": "work_report", "title": "城市更新",
               "lead_unit": "jn_zjj", "responsible": "李局长"}),
    )
    .await;
    let id = jn["id"].as_str().unwrap().to_string();
    assert_eq!(detail(&fx, &id).await["step"]["name"], "交办");
    let r = act(
        &fx,
        "office",
        &id,
        jn["version"].as_i64().unwrap(),
        json!({"command": "report", "text": "已完成", "completed": true}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let d = detail(&fx, &id).await;
    assert_eq!(d["stage"], "reported");
    assert_eq!(d["step"]["name"], "反馈", "{d}");
    assert_eq!(d["step"]["citations"][0]["article"], "七十三");

    let zd = create(
        &fx,
        json!({"government_id": "zd", "source": "other", "title": "校园安全",
               "lead_unit": "zd_jyj", "responsible": "张局长"}),
    )
    .await;
    assert!(detail(&fx, zd["id"].as_str().unwrap()).await["step"].is_null());
}

/// R5.06: a cross-department field inspection without approval is refused in 聊城 (第七十条) and
/// allowed once approved; 济宁 records one outside the plan with a warning (七十一, 原则上) and a
/// blanket one deployed by 市委、市政府 without; 泰安 records one outside the annual plan with a
/// warning (第七十四条); 张店 refuses a repeated one (七十二).
#[tokio::test]
async fn field_inspections_follow_each_governments_conditions() {
    let fx = Fx::new().await;
    add_governments(fx.store()).await;
    let new = |gov: &str, unit: &str| {
        json!({"government_id": gov, "source": "other", "title": "实地督查事项",
               "lead_unit": unit, "responsible": "负责人"})
    };

    // 聊城: cross-department without approval → 422 citing 第七十条; with approval → recorded.
    let lc = create(&fx, new("lc", "fin")).await;
    let id = lc["id"].as_str().unwrap().to_string();
    let v = lc["version"].as_i64().unwrap();
    let r = act(
        &fx,
        "office",
        &id,
        v,
        json!({"command": "field_inspection", "by_unit": "fin", "cross_department": true,
               "by_department": true, "in_annual_plan": true}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(r.json()["violations"][0]["citation"]["article"], "第七十条");
    let r = act(
        &fx,
        "office",
        &id,
        v,
        json!({"command": "field_inspection", "by_unit": "fin", "cross_department": true,
               "by_department": true, "approved_by": "秘书长"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        r.json()["item"]["field_inspections"][0]["approved_by"],
        "秘书长"
    );

    // 济宁: outside the plan is SOFT — recorded, with the warning citing 七十一.
    let jn = create(&fx, new("jn", "jn_zjj")).await;
    let r = act(
        &fx,
        "office",
        jn["id"].as_str().unwrap(),
        jn["version"].as_i64().unwrap(),
        json!({"command": "field_inspection", "by_unit": "jn_zjj", "in_annual_plan": false}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let fi = &r.json()["item"]["field_inspections"][0];
    assert_eq!(fi["warnings"][0]["article"], "七十一", "{fi}");

    // 泰安: outside the annual plan → recorded with a warning citing 第七十四条 (SOFT: the text
    // requires the plan); in the plan → no warning.
    let ta = create(&fx, new("ta", "ta_zjj")).await;
    let id = ta["id"].as_str().unwrap().to_string();
    let v = ta["version"].as_i64().unwrap();
    let r = act(
        &fx,
        "office",
        &id,
        v,
        json!({"command": "field_inspection", "by_unit": "ta_zjj", "approved_by": "市长"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        r.json()["item"]["field_inspections"][0]["warnings"][0]["article"],
        "第七十四条",
        "{}",
        r.text
    );
    let ta2 = create(&fx, new("ta", "ta_zjj")).await;
    let r = act(
        &fx,
        "office",
        ta2["id"].as_str().unwrap(),
        ta2["version"].as_i64().unwrap(),
        json!({"command": "field_inspection", "by_unit": "ta_zjj", "in_annual_plan": true,
               "blanket": true}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        r.json()["item"]["field_inspections"][0]["warnings"],
        json!([])
    );

    // 济宁: a blanket inspection warns (七十一, 一般情况下) unless deployed by 市委、市政府.
    let jn2 = create(&fx, new("jn", "jn_zjj")).await;
    let r = act(
        &fx,
        "office",
        jn2["id"].as_str().unwrap(),
        jn2["version"].as_i64().unwrap(),
        json!({"command": "field_inspection", "by_unit": "jn_zjj", "in_annual_plan": true,
               "blanket": true, "unified_deployment": true}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let fi = &r.json()["item"]["field_inspections"][0];
    assert_eq!(fi["warnings"], json!([]), "{fi}");
    assert_eq!(fi["unified_deployment"], true, "{fi}");
    // 济宁 七十一: a department's own inspection without approval is refused (HARD).
    let jn3 = create(&fx, new("jn", "jn_zjj")).await;
    let r = act(
        &fx,
        "office",
        jn3["id"].as_str().unwrap(),
        jn3["version"].as_i64().unwrap(),
        json!({"command": "field_inspection", "by_unit": "jn_zjj", "in_annual_plan": true,
               "by_department": true}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(r.json()["violations"][0]["citation"]["article"], "七十一");

    // 张店: the first is allowed, a repeated one refused citing 七十二.
    let zd = create(&fx, new("zd", "zd_jyj")).await;
    let id = zd["id"].as_str().unwrap().to_string();
    let cmd = json!({"command": "field_inspection", "by_unit": "zd_jyj"});
    let r = act(
        &fx,
        "office",
        &id,
        zd["version"].as_i64().unwrap(),
        cmd.clone(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let v = r.json()["version"].as_i64().unwrap();
    let r = act(&fx, "office", &id, v, cmd).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(r.json()["violations"][0]["citation"]["article"], "七十二");
}
