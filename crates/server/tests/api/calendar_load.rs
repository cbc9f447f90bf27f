//! One calendar: a year loaded through the API, through the 节假日安排 page, or straight into the
//! database by another process becomes the server's calendar, and every open deadline counted on
//! the provisional year moves to the notice's days and loses its provisional mark.

use crate::clock::{page, ui_login};
use crate::common::Fx;
use crate::ui::{enc, field};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};
use zhengwu_calendar::YearStatus;
use zhengwu_store::Audit;

/// A TEST FIXTURE, not the real 2027 notice: 元旦 one day longer than the statute (01-01…01-04
/// off) and a 春节 block with a make-up Saturday.
const FIXTURE_2027: &str = r#"# 测试用虚构文件，不是真实的2027年节假日安排 (a test fixture, not the real 2027 notice)
year = 2027

[[notice]]
title = "测试用通知（虚构，不是真实的2027年节假日安排）"
number = "测试〔2026〕1号"
date = 2026-11-30

[[holiday]]
name = "元旦"
off = [2027-01-01, 2027-01-02, 2027-01-03, 2027-01-04]

[[holiday]]
name = "春节"
off = ["2027-02-05..2027-02-11"]
work = [2027-02-20]
"#;

/// Tuesday 2026-12-08 07:30 in Beijing.
const AT: &str = "2026-12-07T23:30:00Z";

/// A ledger item of 30 working days from today (2026-12-08): it ends in January 2027.
async fn open_item(fx: &Fx) -> Value {
    let r = fx
        .send(
            Method::POST,
            "/api/v1/supervision/items",
            "office",
            Some(
                &json!({"government_id": "lc", "source": "other", "title": "跨年督办事项",
                "lead_unit": "fin", "responsible": "财政局长",
                "limit": {"working_days_after": 30}}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.json()
}

async fn item(fx: &Fx, id: &str) -> Value {
    let r = fx
        .get(&format!("/api/v1/supervision/items/{id}"), "office")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

async fn load(fx: &Fx, who: &str, source: &str) -> crate::common::Resp {
    fx.send(
        Method::POST,
        "/api/v1/calendar/years",
        who,
        Some(&json!({ "source": source })),
    )
    .await
}

#[tokio::test]
async fn loading_2027_through_the_api_moves_open_deadlines_and_drops_the_provisional_mark() {
    let (fx, _clock) = Fx::with_clock(AT).await;
    let it = open_item(&fx).await;
    let id = it["id"].as_str().unwrap();
    // Provisional 2027: only 01-01 off. 17 working days in December after 12-08, then 13 in
    // January from 01-04.
    assert_eq!(it["due_on"], "2027-01-20", "{it}");
    assert_eq!(it["provisional"], true);
    let dr = fx
        .send(
            Method::POST,
            "/api/v1/disclosure/requests",
            "office",
            Some(
                &json!({"government_id": "lc", "channel": "网络", "applicant": "张三",
                "content": "2026年财政预算执行情况"}),
            ),
        )
        .await
        .json();
    let dr_id = dr["id"].as_str().unwrap().to_string();
    let dr_before = dr["due_on"].as_str().unwrap().to_string();
    assert!(dr_before.starts_with("2027-01"), "{dr}");

    // Only the office loads a year.
    assert_eq!(
        load(&fx, "anonymous", FIXTURE_2027).await.status,
        StatusCode::UNAUTHORIZED
    );
    for who in ["citizen", "fin", "deputy", "head"] {
        let r = load(&fx, who, FIXTURE_2027).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.text);
        assert_eq!(r.problem(), "forbidden");
    }
    // A file the calendar refuses is a 422 naming the line, and nothing is stored.
    let bad = load(
        &fx,
        "office",
        &FIXTURE_2027.replace("2027-02-20", "2027-02-17"),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert!(bad.text.contains("第 16 行"), "{}", bad.text);
    assert!(bad.text.contains("周三"), "{}", bad.text);
    assert!(fx.store().calendar_years().await.unwrap().is_empty());

    let r = load(&fx, "office", FIXTURE_2027).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let l = r.json();
    assert_eq!(l["year"], 2027);
    assert_eq!(l["version"], 1);
    assert_eq!(l["previous_status"], "provisional");
    assert_eq!(l["reprojected"]["supervision"], 1, "{l}");
    assert_eq!(l["reprojected"]["disclosure"], 1, "{l}");
    // At once: the server counts on the notice.
    assert_eq!(
        fx.state.calendar().year_status(2027),
        Some(YearStatus::Loaded)
    );
    let after = item(&fx, id).await;
    assert_eq!(after["due_on"], "2027-01-21", "one more day off: {after}");
    assert_eq!(after["provisional"], false, "{after}");
    let expl = after["verdict"]["deadlines"][0]["explain"]
        .as_str()
        .unwrap();
    assert!(!expl.contains("暂定"), "{expl}");
    // The ledger's list (its stored projection) says the same.
    let ledger = fx
        .get("/api/v1/supervision/items?government_id=lc", "office")
        .await
        .json();
    assert_eq!(ledger["items"][0]["due_on"], "2027-01-21", "{ledger}");
    assert_eq!(ledger["items"][0]["provisional"], false);
    // The disclosure request's reply deadline moved too.
    let dr_after = fx.store().get_disclosure(&dr_id).await.unwrap();
    assert!(
        dr_after.due_on.as_deref().unwrap_or_default() > dr_before.as_str(),
        "{dr_before} → {:?}",
        dr_after.due_on
    );
    // The load and each moved deadline are audited.
    assert_eq!(fx.events("calendar.load").await.len(), 1);
    let moved = fx.events("supervision.reproject").await;
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].actor, "system:calendar");
    assert_eq!(fx.events("disclosure.reproject").await.len(), 1);
    // The list shows the loaded year with its notice.
    let years = fx.get("/api/v1/calendar/years", "anonymous").await.json();
    assert_eq!(years["loaded"][0]["year"], 2027, "{years}");
    assert_eq!(
        years["loaded"][0]["notices"][0]["number"],
        "测试〔2026〕1号"
    );
    assert_eq!(
        years["loaded"][0]["loaded_at_beijing"],
        "2026-12-08 07:30（北京时间）"
    );
    assert_eq!(years["provisional"][1], json!([2028, 2099]), "{years}");
    // Loading it again changes nothing that was counted, but is a new version.
    let again = load(&fx, "office", FIXTURE_2027).await.json();
    assert_eq!(again["version"], 2);
    assert_eq!(again["previous_status"], "loaded");
    assert_eq!(again["reprojected"]["supervision"], 0, "{again}");
    assert!(fx.store().verify_audit().await.unwrap().ok());
}

async fn post_form(fx: &Fx, uri: &str, cookie: &str, form: String) -> crate::common::Resp {
    fx.call(
        Request::post(uri)
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form))
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn loading_2027_on_the_page_keeps_a_refused_file_and_then_moves_the_ledger() {
    let (fx, _clock) = Fx::with_clock(AT).await;
    let it = open_item(&fx).await;
    let id = it["id"].as_str().unwrap();
    let cookie = ui_login(&fx, "office").await;
    let ledger = page(&fx, "/ui/supervision", &cookie).await;
    assert!(ledger.contains("2027-01-20 (暂定)"), "{ledger}");

    let p = page(&fx, "/ui/calendar", &cookie).await;
    assert!(p.contains(r#"id="calendar-form""#), "{p}");
    assert!(p.contains(r#"id="no-loaded""#), "{p}");
    let csrf = field(&p, "csrf");
    // A refused file: 422, the error beside the field, the text kept as typed.
    let bad = FIXTURE_2027.replace("2027-02-20", "2027-02-17");
    let r = post_form(
        &fx,
        "/ui/calendar",
        &cookie,
        format!("csrf={csrf}&source={}", enc(&bad)),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    let err_at = r
        .text
        .find(r#"id="source-error""#)
        .expect("error beside the field");
    let field_at = r.text.find(r#"id="cal-source""#).unwrap();
    assert!(err_at < field_at);
    assert!(r.text.contains("第 16 行"), "{}", r.text);
    assert!(
        r.text.contains("work = [2027-02-17]"),
        "the pasted text is kept: {}",
        r.text
    );
    assert!(r.text.contains("测试用通知（虚构"), "{}", r.text);
    // The CSRF token is checked.
    let r = post_form(
        &fx,
        "/ui/calendar",
        &cookie,
        format!("csrf=wrong&source={}", enc(FIXTURE_2027)),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    let r = post_form(
        &fx,
        "/ui/calendar",
        &cookie,
        format!("csrf={csrf}&source={}", enc(FIXTURE_2027)),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let to = r.header("location").unwrap().to_string();
    assert_eq!(to, "/ui/calendar?loaded=2027&moved=1");
    let p = page(&fx, &to, &cookie).await;
    assert!(p.contains("已载入 2027 年节假日安排，1 项"), "{p}");
    assert!(p.contains(r#"data-year="2027""#), "{p}");
    assert!(p.contains("测试〔2026〕1号"), "{p}");
    assert!(p.contains("2026-12-08 07:30（北京时间）"), "{p}");

    let ledger = page(&fx, "/ui/supervision", &cookie).await;
    assert!(ledger.contains("2027-01-21"), "{ledger}");
    assert!(!ledger.contains("2027-01-20"), "{ledger}");
    assert!(!ledger.contains("(暂定)"), "{ledger}");
    let detail = page(&fx, &format!("/ui/supervision/{id}"), &cookie).await;
    assert!(detail.contains("2027-01-21"), "{detail}");
    assert!(!detail.contains("暂定"), "{detail}");

    // A department sees the calendar but no form; its post is refused.
    let fin = ui_login(&fx, "fin").await;
    let p = page(&fx, "/ui/calendar", &fin).await;
    assert!(!p.contains(r#"id="calendar-form""#), "{p}");
    let csrf = field(&p, "csrf");
    let r = post_form(
        &fx,
        "/ui/calendar",
        &fin,
        format!("csrf={csrf}&source={}", enc(FIXTURE_2027)),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
}

#[tokio::test]
async fn a_year_loaded_by_another_process_arrives_with_the_refresh() {
    let (fx, _clock) = Fx::with_clock(AT).await;
    let it = open_item(&fx).await;
    let id = it["id"].as_str().unwrap().to_string();
    // The server's first look at the database (as `serve` does before it listens).
    let r = zhengwu_server::calendar::refresh(&fx.state).await.unwrap();
    assert!(r.first && r.changed, "{r:?}");
    // Another process (`zhengwu calendar load --db`) writes the year straight into the database.
    fx.store()
        .put_calendar_year(
            &Audit::new("system:cli", "calendar.load"),
            2027,
            FIXTURE_2027,
        )
        .await
        .unwrap();
    assert_eq!(
        fx.state.calendar().year_status(2027),
        Some(YearStatus::Provisional),
        "not before the refresh"
    );
    let r = zhengwu_server::calendar::refresh(&fx.state).await.unwrap();
    assert!(r.changed && !r.first, "{r:?}");
    assert_eq!(r.reprojected.as_ref().unwrap().supervision, 1, "{r:?}");
    assert_eq!(
        fx.state.calendar().year_status(2027),
        Some(YearStatus::Loaded)
    );
    let stored = fx.store().get_sup_item(&id).await.unwrap();
    assert_eq!(stored.projection.due_on.as_deref(), Some("2027-01-21"));
    assert!(!stored.projection.provisional);
    // Nothing changed since: the refresh is one small query and writes nothing.
    let r = zhengwu_server::calendar::refresh(&fx.state).await.unwrap();
    assert!(!r.changed && r.reprojected.is_none(), "{r:?}");
    // The scheduler's tick does the same refresh in every instance.
    fx.store()
        .put_calendar_year(
            &Audit::new("system:cli", "calendar.load"),
            2027,
            &FIXTURE_2027.replace(
                "off = [2027-01-01, 2027-01-02, 2027-01-03, 2027-01-04]",
                "off = [2027-01-01, 2027-01-02, 2027-01-03]",
            ),
        )
        .await
        .unwrap();
    let run = zhengwu_server::scheduler::Scheduler::new("t")
        .run_once(&fx.state)
        .await
        .unwrap();
    assert!(run.reprojected, "{run:?}");
    let stored = fx.store().get_sup_item(&id).await.unwrap();
    assert_eq!(stored.projection.due_on.as_deref(), Some("2027-01-20"));
    assert!(!stored.projection.provisional);
    assert_eq!(fx.events("supervision.reproject").await.len(), 2);
}
