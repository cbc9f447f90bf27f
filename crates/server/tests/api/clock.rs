//! One clock, one zone: every area's "today" and every time a page shows is the store's clock read
//! in Beijing time, also in the hours where the UTC date is another day (00:00–08:00 Beijing) and at
//! the last minute of a Beijing day. Each test fixes the clock with a `ManualClock`.

use crate::common::{Fx, PASSWORD};
use crate::ui::{enc, field};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

/// A UI session of a fixture account: (cookie header).
pub(crate) async fn ui_login(fx: &Fx, user: &str) -> String {
    let p = fx
        .call(Request::get("/ui/login").body(Body::empty()).unwrap())
        .await;
    let token = field(&p.text, "csrf");
    let login_cookie = cookies(&p.headers).join("; ");
    let r = fx
        .call(
            Request::post("/ui/login")
                .header(header::COOKIE, login_cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!(
                    "csrf={token}&username={user}&password={}",
                    enc(PASSWORD)
                )))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    cookies(&r.headers).join("; ")
}

fn cookies(h: &axum::http::HeaderMap) -> Vec<String> {
    h.get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
        .collect()
}

/// A UI page as the session's user.
pub(crate) async fn page(fx: &Fx, uri: &str, cookie: &str) -> String {
    let r = fx
        .call(
            Request::get(uri)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.text);
    r.text
}

/// Everything that says "today" or shows a time, at one instant: the dates every area took as
/// today and the page texts.
async fn every_area(at: &str) -> (Vec<(&'static str, String)>, Fx) {
    let (fx, _clock) = Fx::with_clock(at).await;
    let mut today = Vec::new();
    // 收文: the registration date.
    let d = fx
        .send(
            Method::POST,
            "/api/v1/documents/incoming",
            "office",
            Some(&json!({"meta": {
                "title": "关于拨付专项资金的请示", "doc_type": "请示", "doc_number": "财发〔2026〕7号",
                "signed_by": "principal", "signer_name": "钱局长", "secrecy": "none", "urgency": "平件",
                "main_recipients": ["人民政府"], "unit": "fin", "contact": "联系人：孙科长，电话 1234567",
                "matter": "财政资金",
                "text": "关于拨付专项资金的请示\n拟申请拨付专项资金300万元。\n妥否，请批示。"}})),
        )
        .await;
    assert_eq!(d.status, StatusCode::CREATED, "{}", d.text);
    today.push((
        "document.registered_on",
        d.json()["state"]["registered_on"]
            .as_str()
            .unwrap()
            .to_string(),
    ));
    // 议题: submitted today when no date is given.
    let it = fx
        .send(
            Method::POST,
            "/api/v1/agenda-items",
            "office",
            Some(
                &json!({"government_id": "lc", "title": "关于政府投资项目资金安排的议题",
                "meeting_type": "executive", "department_id": "fin", "meeting_date": "2027-03-10",
                "facts": {"topics": ["general"], "legality_reviewed": true}}),
            ),
        )
        .await;
    assert_eq!(it.status, StatusCode::CREATED, "{}", it.text);
    today.push((
        "agenda_item.submitted_on",
        it.json()["data"]["submitted_on"]
            .as_str()
            .unwrap()
            .to_string(),
    ));
    // 督办: assigned today when no date is given.
    let sup = fx
        .send(
            Method::POST,
            "/api/v1/supervision/items",
            "office",
            Some(
                &json!({"government_id": "lc", "source": "other", "title": "重点项目督查",
                "lead_unit": "fin", "responsible": "财政局长"}),
            ),
        )
        .await;
    assert_eq!(sup.status, StatusCode::CREATED, "{}", sup.text);
    let sup = sup.json();
    today.push((
        "supervision.assigned_on",
        sup["assigned_on"].as_str().unwrap().to_string(),
    ));
    // 依申请公开: received today when no date is given.
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
        .await;
    assert_eq!(dr.status, StatusCode::CREATED, "{}", dr.text);
    today.push((
        "disclosure.received_on",
        dr.json()["request"]["received_on"]
            .as_str()
            .unwrap()
            .to_string(),
    ));
    let cookie = ui_login(&fx, "office").await;
    // The ledger's form proposes today as the day of 立项.
    let ledger = page(&fx, "/ui/supervision", &cookie).await;
    let at = ledger.find(r#"name="assigned_on""#).expect("the 立项 form");
    let v: String = ledger[at..]
        .split("value=\"")
        .nth(1)
        .unwrap()
        .chars()
        .take(10)
        .collect();
    today.push(("ui.supervision.form", v));
    let id = sup["id"].as_str().unwrap();
    let item = page(&fx, &format!("/ui/supervision/{id}"), &cookie).await;
    let audit = page(&fx, "/ui/audit", &cookie).await;
    let mut out = today;
    out.push(("ui.item", item));
    out.push(("ui.audit", audit));
    (out, fx)
}

fn get<'a>(v: &'a [(&'static str, String)], k: &str) -> &'a str {
    v.iter()
        .find(|(n, _)| *n == k)
        .map(|(_, s)| s.as_str())
        .unwrap_or_default()
}

#[tokio::test]
async fn at_23_30_utc_every_area_is_already_on_the_next_beijing_day() {
    // 2026-12-07T23:30Z is Tuesday 2026-12-08 07:30 in Beijing.
    let (v, _fx) = every_area("2026-12-07T23:30:00Z").await;
    for k in [
        "document.registered_on",
        "agenda_item.submitted_on",
        "supervision.assigned_on",
        "disclosure.received_on",
        "ui.supervision.form",
    ] {
        assert_eq!(get(&v, k), "2026-12-08", "{k}");
    }
    // The item's timeline and the audit trail show Beijing time, labelled.
    let item = get(&v, "ui.item");
    assert!(item.contains("2026-12-08 07:30"), "{item}");
    assert!(item.contains("北京时间"), "{item}");
    assert!(!item.contains("2026-12-07 23:30"), "{item}");
    let audit = get(&v, "ui.audit");
    assert!(audit.contains("时间（北京时间）"), "{audit}");
    assert!(audit.contains("2026-12-08 07:30:00"), "{audit}");
    assert!(!audit.contains("2026-12-07 23:30"), "{audit}");
}

#[tokio::test]
async fn at_15_59_utc_it_is_still_the_same_beijing_day() {
    // 2026-12-07T15:59Z is Monday 2026-12-07 23:59 in Beijing.
    let (v, _fx) = every_area("2026-12-07T15:59:00Z").await;
    for k in [
        "document.registered_on",
        "agenda_item.submitted_on",
        "supervision.assigned_on",
        "disclosure.received_on",
        "ui.supervision.form",
    ] {
        assert_eq!(get(&v, k), "2026-12-07", "{k}");
    }
    assert!(get(&v, "ui.item").contains("2026-12-07 23:59"));
    assert!(get(&v, "ui.audit").contains("2026-12-07 23:59:00"));
}

#[tokio::test]
async fn today_and_now_follow_the_manual_clock_in_beijing() {
    let (fx, clock) = Fx::with_clock("2026-12-07T23:30:00Z").await;
    assert_eq!(fx.state.today().to_string(), "2026-12-08");
    assert_eq!(
        fx.state.now_local().to_string(),
        "2026-12-08T07:30:00",
        "the Beijing wall clock"
    );
    clock.set("2026-12-08T16:00:00Z".parse().unwrap());
    assert_eq!(fx.state.today().to_string(), "2026-12-09");
    // A ledger item registered now is assigned on that Beijing day.
    let v: Value = fx
        .send(
            Method::POST,
            "/api/v1/supervision/items",
            "office",
            Some(
                &json!({"government_id": "lc", "source": "other", "title": "夜间立项",
                "lead_unit": "fin", "responsible": "财政局长"}),
            ),
        )
        .await
        .json();
    assert_eq!(v["assigned_on"], "2026-12-09", "{v}");
}
