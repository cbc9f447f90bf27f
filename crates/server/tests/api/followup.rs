//! The follow-up areas of issue #7 over HTTP, with each government's differences: invitation lead
//! times (聊城 7 days for important events, 泰安 3 working days, 张店 5 working days for every event,
//! 昌乐 none), the hosting rule (聊城 6 months + provincial approval, 泰安 unset), the proactive
//! disclosure register against 政府信息公开条例 第二十六条, suggestions (代表法, recorded in the
//! profile) and proposals (unset), and 12345 tickets on the configured routing table and limit.

use crate::common::Fx;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use zhengwu_store::documents::NewDocument;
use zhengwu_store::org::{Department, Government, Org};
use zhengwu_store::{Audit, Store};

fn gov_org(id: &str, name: &str, profile: &str) -> Org {
    Org {
        governments: vec![Government {
            id: id.into(),
            name: name.into(),
            profile_id: profile.into(),
            parent_id: None,
            version: 0,
        }],
        departments: vec![Department {
            government_id: id.into(),
            id: format!("{id}_dept"),
            name: "教育局".into(),
        }],
        people: vec![],
        positions: vec![],
        portfolios: vec![],
        substitutions: vec![],
    }
}

async fn add_governments(store: &Store) {
    let a = Audit::new("system:test", "fixture");
    for (id, name, p) in [
        ("ta", "泰安市人民政府", "taian"),
        ("zd", "张店区人民政府", "zhangdian"),
        ("cl", "昌乐县人民政府", "changle"),
    ] {
        store
            .replace_government_org(&a, &gov_org(id, name, p), 0)
            .await
            .unwrap();
    }
}

fn invitation(gov: &str, important: bool, kind: &str, sent_to: &str) -> Value {
    // Event on Friday 2026-06-12, the invitation reaches the office on Monday 2026-06-08.
    json!({"government_id": gov, "title": "项目推进会", "inviter": "市住建局", "leader": "市长",
           "event_on": "2026-06-12", "submitted_on": "2026-06-08", "important": important,
           "event_kind": kind, "sent_to": sent_to})
}

#[tokio::test]
async fn invitation_lead_times_channel_and_restricted_kinds_per_government() {
    let fx = Fx::new().await;
    add_governments(fx.store()).await;
    let post = |b: Value| {
        let fx = &fx;
        async move {
            fx.send(
                Method::POST,
                "/api/v1/events/invitations",
                "office",
                Some(&b),
            )
            .await
        }
    };
    // 聊城 第八十七条: important events 7 days ahead → 4 days is late.
    let r = post(invitation("lc", true, "work", "office")).await;
    assert_eq!(r.problem(), "rule-refused", "{}", r.text);
    assert!(r.text.contains("第八十七条"), "{}", r.text);
    // ... but the lead time applies to important events only (C15).
    let r = post(invitation("lc", false, "work", "office")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    // 泰安 第九十四条: 3 working days → Monday for Friday is in time; the deadline is in the verdict.
    let r = post(invitation("ta", true, "work", "office")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let v = r.json();
    assert_eq!(v["standing"]["deadlines"][0]["due"], "2026-06-09", "{v}");
    assert!(
        v["standing"]["deadlines"][0]["citation"]["text"]
            .as_str()
            .unwrap()
            .contains("第九十四条")
    );
    // 张店 八十六: every official activity, 5 working days → refused even when not important.
    let r = post(invitation("zd", false, "work", "office")).await;
    assert_eq!(r.problem(), "rule-refused", "{}", r.text);
    assert!(r.text.contains("八十六"), "{}", r.text);
    // 昌乐 states no lead time: recorded.
    let r = post(invitation("cl", true, "work", "office")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    // Only through the office (聊城 第八十七条).
    let r = post(invitation("lc", false, "work", "leader_personally")).await;
    assert_eq!(r.problem(), "rule-refused", "{}", r.text);
    assert!(
        r.text.contains("不得直接向领导同志个人发送请柬"),
        "{}",
        r.text
    );
    // Ribbon-cutting needs the approval of the party committee and the government (第八十八条).
    let r = post(invitation("lc", false, "ribbon_cutting", "office")).await;
    assert_eq!(r.problem(), "rule-refused", "{}", r.text);
    assert!(r.text.contains("第八十八条"), "{}", r.text);
    let mut b = invitation("lc", false, "ribbon_cutting", "office");
    b["approved_by_party_committee_and_government"] = json!(true);
    let r = post(b).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let id = r.json()["id"].as_str().unwrap().to_string();
    // A department may not record invitations; the office arranges.
    let r = fx
        .send(
            Method::POST,
            "/api/v1/events/invitations",
            "edu",
            Some(&invitation("lc", false, "work", "office")),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    let path = format!("/api/v1/events/invitations/{id}/actions");
    let r = fx
        .send(
            Method::POST,
            &path,
            "office",
            Some(&json!({"version": 1, "command": "arrange"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["status"], "arranged");
    let r = fx
        .send(
            Method::POST,
            &path,
            "office",
            Some(&json!({"version": 2, "command": "decline"})),
        )
        .await;
    assert_eq!(r.problem(), "invalid-state", "{}", r.text);
    let l = fx
        .get("/api/v1/events/invitations?government_id=lc", "edu")
        .await
        .json();
    assert_eq!(l.as_array().unwrap().len(), 2, "{l}");
    assert_eq!(fx.events("event.invitation.arrange").await.len(), 1);
}

#[tokio::test]
async fn hosting_in_the_governments_name_per_profile() {
    let fx = Fx::new().await;
    add_governments(fx.store()).await;
    let body = |gov: &str, applied: &str| {
        json!({"government_id": gov, "title": "运河文化论坛", "applicant": "市文旅局",
               "event_kind": "forum", "event_on": "2026-10-20", "applied_on": applied})
    };
    // 聊城 第八十八条: apply 6 months ahead → 2026-06-01 for 2026-10-20 is late.
    let r = fx
        .send(
            Method::POST,
            "/api/v1/events/hosting",
            "office",
            Some(&body("lc", "2026-06-01")),
        )
        .await;
    assert_eq!(r.problem(), "rule-refused", "{}", r.text);
    assert!(r.text.contains("6个月"), "{}", r.text);
    // In time: recorded, awaiting the provincial government's approval (cited).
    let r = fx
        .send(
            Method::POST,
            "/api/v1/events/hosting",
            "office",
            Some(&body("lc", "2026-04-01")),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let v = r.json();
    assert_eq!(v["status"], "awaiting_superior_approval", "{v}");
    assert!(v["standing"].to_string().contains("省政府"), "{v}");
    let id = v["id"].as_str().unwrap();
    let r = fx
        .send(
            Method::POST,
            &format!("/api/v1/events/hosting/{id}/actions"),
            "office",
            Some(&json!({"version": 1, "command": "superior_approved"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["status"], "pending", "{}", r.text);
    // 泰安 states no hosting rule: recorded, and the system says the rule is unset.
    let r = fx
        .send(
            Method::POST,
            "/api/v1/events/hosting",
            "office",
            Some(&body("ta", "2026-06-01")),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let v = r.json();
    assert_eq!(v["standing"]["rule_stated"], false, "{v}");
    assert_eq!(v["status"], "pending");
}

async fn outgoing(fx: &Fx, disclosure: &str, issued_on: Option<&str>) -> String {
    let mut data = json!({"draft": {"disclosure": disclosure, "title": "关于印发某办法的通知"}});
    if let Some(d) = issued_on {
        data["issued_on"] = json!(d);
    }
    fx.store()
        .create_document(
            &Audit::new("system:test", "fixture"),
            NewDocument {
                government_id: "lc".into(),
                direction: "out".into(),
                status: "issued".into(),
                title: "关于印发某办法的通知".into(),
                unit: "edu".into(),
                due_on: None,
                data,
                attachments: vec![],
                inbox: vec![],
                returned: None,
                idempotency_key: None,
            },
        )
        .await
        .unwrap()
        .value
        .id
}

#[tokio::test]
async fn proactive_disclosure_register_against_twenty_working_days() {
    let fx = Fx::new().await;
    let late = outgoing(&fx, "proactive", Some("2026-03-02")).await;
    let never = outgoing(&fx, "proactive", Some("2026-03-02")).await;
    let on_request = outgoing(&fx, "on_request", Some("2026-03-02")).await;
    let draft = outgoing(&fx, "proactive", None).await;
    let reg = |id: &str| {
        let b = json!({"document_id": id});
        let fx = &fx;
        async move {
            fx.send(
                Method::POST,
                "/api/v1/openness/publications",
                "office",
                Some(&b),
            )
            .await
        }
    };
    // Not 主动公开, or not issued yet: no entry.
    assert_eq!(reg(&on_request).await.problem(), "invalid-input");
    assert_eq!(reg(&draft).await.problem(), "invalid-input");
    let r = reg(&late).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let v = r.json();
    // 20 working days from Monday 2026-03-02 → Monday 2026-03-30 (第二十六条).
    assert_eq!(v["due_on"], "2026-03-30", "{v}");
    assert_eq!(v["standing"]["citation"]["article"], "第二十六条", "{v}");
    assert_eq!(v["standing"]["citation"]["profile"], "national", "{v}");
    // Registered once.
    assert_eq!(reg(&late).await.problem(), "invalid-input");
    let id = v["id"].as_str().unwrap();
    let r = fx
        .send(
            Method::POST,
            &format!("/api/v1/openness/publications/{id}/actions"),
            "office",
            Some(
                &json!({"version": 1, "command": "publish", "published_on": "2026-04-03",
                         "channels": ["政府网站"]}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let v = r.json();
    assert_eq!(v["status"], "late", "{v}");
    assert_eq!(v["standing"]["working_days_late"], 4, "{v}");
    assert_eq!(reg(&never).await.status, StatusCode::CREATED);
    // The list of breaches: one late publication, one overdue unpublished entry.
    let l = fx
        .get(
            "/api/v1/openness/publications?government_id=lc&status=late",
            "edu",
        )
        .await
        .json();
    assert_eq!(l.as_array().unwrap().len(), 1, "{l}");
    let l = fx
        .get(
            "/api/v1/openness/publications?government_id=lc&status=overdue",
            "edu",
        )
        .await
        .json();
    assert_eq!(l.as_array().unwrap().len(), 1, "{l}");
    assert_eq!(l[0]["item"]["document_id"], never);
    assert_eq!(fx.events("openness.publication.publish").await.len(), 1);
    let act = |version: i64, body: Value| {
        let fx = &fx;
        let mut b = body;
        b["version"] = json!(version);
        async move {
            fx.send(
                Method::POST,
                &format!("/api/v1/openness/publications/{id}/actions"),
                "office",
                Some(&b),
            )
            .await
        }
    };
    // The same channel again is refused; a further channel keeps the first date.
    let r = act(2, json!({"command": "publish", "channels": ["政府网站"]})).await;
    assert_eq!(r.problem(), "invalid-input", "{}", r.text);
    let r = act(
        2,
        json!({"command": "publish", "published_on": "2026-04-08", "channels": ["政府公报"]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["item"]["published_on"], "2026-04-03", "{}", r.text);
    assert_eq!(r.json()["status"], "late", "{}", r.text);
    // 信息变更 restarts the 20 working days (第二十六条 "形成或者变更之日起").
    let r = act(3, json!({"command": "change", "changed_on": "2026-04-10"})).await;
    assert_eq!(
        r.problem(),
        "invalid-input",
        "a change says what changed: {}",
        r.text
    );
    let r = act(
        3,
        json!({"command": "change", "changed_on": "2026-02-01", "note": "修订"}),
    )
    .await;
    assert_eq!(r.problem(), "invalid-input", "{}", r.text);
    let r = act(
        3,
        json!({"command": "change", "changed_on": "2026-04-10", "note": "附件更正"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let v = r.json();
    assert_eq!(v["standing"]["basis"], "changed", "{v}");
    assert_eq!(v["standing"]["basis_on"], "2026-04-10", "{v}");
    assert_ne!(v["due_on"], "2026-03-30", "{v}");
    assert!(
        v["standing"]["explain"]
            .as_str()
            .unwrap()
            .contains("信息变更"),
        "{v}"
    );
    let r = act(
        4,
        json!({"command": "publish", "published_on": "2026-04-13", "channels": ["政府网站"]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["status"], "on_time", "{}", r.text);
    assert_eq!(r.json()["item"]["changes"][0]["published_on"], "2026-04-13");
    assert_eq!(fx.events("openness.publication.change").await.len(), 1);
}

#[tokio::test]
async fn suggestions_and_proposals_limits_contact_rating_and_public_results() {
    let fx = Fx::new().await;
    let body = |kind: &str, complex: bool| {
        json!({"government_id": "lc", "kind": kind, "number": "第7号", "title": "关于加快老旧小区改造的建议",
               "proposer": "王代表", "lead_unit": "edu", "co_units": ["fin"],
               "assigned_on": "2026-03-02", "complex": complex})
    };
    let r = fx
        .send(
            Method::POST,
            "/api/v1/proposals",
            "office",
            Some(&body("suggestion", false)),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let s = r.json();
    // 代表法 第五十一条, recorded in the profile as national law: 3 months from 交办.
    assert_eq!(s["due_on"], "2026-06-02", "{s}");
    assert_eq!(s["standing"]["limit"]["source"], "national", "{s}");
    assert!(
        s["standing"]["limit"]["citation"]["text"]
            .as_str()
            .unwrap()
            .contains("代表法")
    );
    // Complex items: 6 months.
    let c = fx
        .send(
            Method::POST,
            "/api/v1/proposals",
            "office",
            Some(&body("suggestion", true)),
        )
        .await
        .json();
    assert_eq!(c["due_on"], "2026-09-02", "{c}");
    // CPPCC proposals: no confirmed limit anywhere → unset, and said so.
    let p = fx
        .send(
            Method::POST,
            "/api/v1/proposals",
            "office",
            Some(&body("proposal", false)),
        )
        .await
        .json();
    assert!(p["due_on"].is_null(), "{p}");
    assert_eq!(p["standing"]["limit"]["source"], "unset", "{p}");
    assert!(
        p["standing"]["limit"]["unset"]["note"]
            .as_str()
            .unwrap()
            .contains("未规定")
    );
    // The lead unit cannot also be a co-unit.
    let mut b = body("suggestion", false);
    b["co_units"] = json!(["edu"]);
    let r = fx
        .send(Method::POST, "/api/v1/proposals", "office", Some(&b))
        .await;
    assert_eq!(r.problem(), "invalid-input");
    // Not replied by the deadline (today is past 2026-06-02): overdue.
    let id = s["id"].as_str().unwrap();
    let got = fx
        .get(&format!("/api/v1/proposals/{id}"), "edu")
        .await
        .json();
    assert_eq!(got["status"], "overdue", "{got}");
    let act = |v: i64, cmd: Value| {
        let mut cmd = cmd;
        cmd["version"] = json!(v);
        let fx = &fx;
        let path = format!("/api/v1/proposals/{id}/actions");
        async move { fx.send(Method::POST, &path, "office", Some(&cmd)).await }
    };
    // Rating before the reply is refused.
    let r = act(1, json!({"command": "rate", "satisfaction": "satisfied"})).await;
    assert_eq!(r.problem(), "invalid-state", "{}", r.text);
    let r = act(
        1,
        json!({"command": "contact", "how": "走访", "note": "当面听取意见"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = act(
        2,
        json!({"command": "reply", "summary": "A类：已列入年度计划"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["status"], "replied_late", "{}", r.text);
    let r = act(
        3,
        json!({"command": "rate", "satisfaction": "basically_satisfied"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // Nothing public before publication.
    let pubs = fx
        .get("/api/v1/public/proposals?government_id=lc", "anonymous")
        .await;
    assert_eq!(pubs.status, StatusCode::OK, "{}", pubs.text);
    assert_eq!(pubs.json().as_array().unwrap().len(), 0);
    let r = act(4, json!({"command": "publish"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let pubs = fx
        .get("/api/v1/public/proposals?government_id=lc", "anonymous")
        .await
        .json();
    assert_eq!(pubs.as_array().unwrap().len(), 1, "{pubs}");
    assert_eq!(pubs[0]["reply_summary"], "A类：已列入年度计划");
    assert_eq!(pubs[0]["co_units"], json!(["fin"]));
    let l = fx
        .get("/api/v1/proposals?government_id=lc&kind=proposal", "edu")
        .await
        .json();
    assert_eq!(l.as_array().unwrap().len(), 1, "{l}");
    assert_eq!(fx.events("suggestion.contact").await.len(), 1);
}

#[tokio::test]
async fn hotline_routing_limit_callback_and_monthly_statistics() {
    let fx = Fx::new().await;
    add_governments(fx.store()).await;
    let ticket = |n: &str, cat: &str, received: &str| {
        json!({"government_id": "lc", "number": n, "received_on": received, "caller": "刘先生",
               "category": cat, "content": "反映问题"})
    };
    // What the seeds say: 聊城 does not mention the hotline; 泰安 第八十二条 asks for 办理时限.
    let c = fx
        .get("/api/v1/hotline/config?government_id=lc", "edu")
        .await
        .json();
    assert!(
        c["seed"]["not_stated"]["note"]
            .as_str()
            .unwrap()
            .contains("12345"),
        "{c}"
    );
    assert_eq!(c["limit"]["source"], "unset", "{c}");
    let t = fx
        .get("/api/v1/hotline/config?government_id=ta", "edu")
        .await
        .json();
    assert!(t["seed"].to_string().contains("第八十二条"), "{t}");
    // No routing table yet: the ticket cannot be routed.
    let r = fx
        .send(
            Method::POST,
            "/api/v1/hotline/tickets",
            "office",
            Some(&ticket("1", "教育", "2026-03-02")),
        )
        .await;
    assert_eq!(r.problem(), "invalid-input", "{}", r.text);
    // A limit needs its basis.
    let cfg = |v: i64, basis: &str| {
        json!({"government_id": "lc", "version": v, "routes": {"教育": "edu", "财政": "fin"},
               "reply_working_days": 5, "basis": basis})
    };
    let r = fx
        .send(
            Method::PUT,
            "/api/v1/hotline/config",
            "office",
            Some(&cfg(0, "")),
        )
        .await;
    assert_eq!(r.problem(), "invalid-input", "{}", r.text);
    // Routes name the government's own units.
    let mut bad = cfg(0, "市热线办派单规范");
    bad["routes"]["住房"] = json!("nowhere");
    let r = fx
        .send(Method::PUT, "/api/v1/hotline/config", "office", Some(&bad))
        .await;
    assert_eq!(r.problem(), "invalid-input", "{}", r.text);
    assert!(r.text.contains("nowhere"), "{}", r.text);
    let r = fx
        .send(
            Method::PUT,
            "/api/v1/hotline/config",
            "office",
            Some(&cfg(0, "市热线办派单规范")),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["limit"]["source"], "configuration");
    let r = fx
        .send(
            Method::PUT,
            "/api/v1/hotline/config",
            "office",
            Some(&cfg(0, "市热线办派单规范")),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    // Routed to the owning unit; 5 working days from Monday 2026-03-02 → Monday 2026-03-09.
    let r = fx
        .send(
            Method::POST,
            "/api/v1/hotline/tickets",
            "office",
            Some(&ticket("1", "教育", "2026-03-02")),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let t1 = r.json();
    assert_eq!(t1["unit_id"], "edu");
    assert_eq!(t1["due_on"], "2026-03-09", "{t1}");
    assert_eq!(t1["standing"]["limit"]["source"], "configuration");
    let t2 = fx
        .send(
            Method::POST,
            "/api/v1/hotline/tickets",
            "office",
            Some(&ticket("2", "财政", "2026-03-10")),
        )
        .await
        .json();
    assert_eq!(t2["unit_id"], "fin");
    fx.send(
        Method::POST,
        "/api/v1/hotline/tickets",
        "office",
        Some(&ticket("3", "教育", "2026-04-01")),
    )
    .await;
    let id = t1["id"].as_str().unwrap();
    let path = format!("/api/v1/hotline/tickets/{id}/actions");
    let r = fx
        .send(
            Method::POST,
            &path,
            "office",
            Some(&json!({"version": 1, "command": "callback", "satisfaction": "satisfied"})),
        )
        .await;
    assert_eq!(r.problem(), "invalid-state", "{}", r.text);
    // Only the owning unit (edu) or the office replies.
    let r = fx
        .send(
            Method::POST,
            &path,
            "fin",
            Some(&json!({"version": 1, "command": "reply", "reply": "已协调解决"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    let r = fx
        .send(
            Method::POST,
            &path,
            "edu",
            Some(&json!({"version": 1, "command": "reply", "reply": "已协调解决"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // Replied today, long after 2026-03-09: late.
    assert_eq!(r.json()["status"], "replied_late", "{}", r.text);
    let r = fx
        .send(
            Method::POST,
            &path,
            "office",
            Some(&json!({"version": 2, "command": "callback", "satisfaction": "dissatisfied"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // March statistics per unit: edu 1 received, replied late, called back dissatisfied;
    // fin 1 received, open and overdue. The April ticket is not counted.
    let s = fx
        .get(
            "/api/v1/hotline/stats?government_id=lc&month=2026-03",
            "edu",
        )
        .await
        .json();
    assert_eq!(s["limit_source"], "configuration");
    let units = s["units"].as_array().unwrap();
    assert_eq!(units.len(), 2, "{s}");
    let edu = units.iter().find(|u| u["unit_id"] == "edu").unwrap();
    assert_eq!(
        (
            edu["received"].as_u64(),
            edu["replied_late"].as_u64(),
            edu["dissatisfied"].as_u64()
        ),
        (Some(1), Some(1), Some(1)),
        "{edu}"
    );
    assert_eq!(edu["satisfaction_rate"], 0.0);
    let fin = units.iter().find(|u| u["unit_id"] == "fin").unwrap();
    assert_eq!(
        (fin["open"].as_u64(), fin["overdue"].as_u64()),
        (Some(1), Some(1)),
        "{fin}"
    );
    let l = fx
        .get(
            "/api/v1/hotline/tickets?government_id=lc&unit_id=edu",
            "edu",
        )
        .await
        .json();
    assert_eq!(l.as_array().unwrap().len(), 2, "{l}");
    assert_eq!(fx.events("hotline.callback").await.len(), 1);
    assert!(fx.store().verify_audit().await.unwrap().ok());
}

#[tokio::test]
async fn demo_seed_covers_every_area_once() {
    let fx = Fx::new().await;
    outgoing(&fx, "proactive", Some("2026-03-02")).await;
    outgoing(&fx, "on_request", Some("2026-03-02")).await;
    let reg = zhengwu_rules::Registry::builtin().unwrap();
    let n = zhengwu_server::api::followup::seed_demo(fx.store(), &reg, "lc")
        .await
        .unwrap();
    // 3 invitations, 1 hosting, 6 suggestions/proposals, 12 tickets, 1 register entry.
    assert_eq!(n, 23);
    let again = zhengwu_server::api::followup::seed_demo(fx.store(), &reg, "lc")
        .await
        .unwrap();
    assert_eq!(again, 0, "idempotent");
    let get = |p: &str| {
        let fx = &fx;
        let p = p.to_string();
        async move { fx.get(&p, "office").await.json() }
    };
    let statuses = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| i["status"].as_str().unwrap().to_string())
            .collect()
    };
    let inv = statuses(&get("/api/v1/events/invitations?government_id=lc").await);
    assert!(
        inv.contains(&"arranged".to_string()) && inv.contains(&"pending".to_string()),
        "{inv:?}"
    );
    let host = get("/api/v1/events/hosting?government_id=lc").await;
    assert_eq!(host[0]["status"], "awaiting_superior_approval", "{host}");
    let props = statuses(&get("/api/v1/proposals?government_id=lc").await);
    for s in ["open", "published", "no_limit"] {
        assert!(props.contains(&s.to_string()), "{s} missing in {props:?}");
    }
    let public = fx
        .get("/api/v1/public/proposals?government_id=lc", "anonymous")
        .await
        .json();
    assert_eq!(public.as_array().unwrap().len(), 2, "{public}");
    let reg_list = get("/api/v1/openness/publications?government_id=lc").await;
    assert_eq!(reg_list.as_array().unwrap().len(), 1, "{reg_list}");
    let tickets = get("/api/v1/hotline/tickets?government_id=lc").await;
    assert_eq!(tickets.as_array().unwrap().len(), 12);
    // Every other profile seeds too; 泰安 and 张店 state no hosting rule, so no approval is awaited.
    add_governments(fx.store()).await;
    for g in ["ta", "zd", "cl"] {
        let n = zhengwu_server::api::followup::seed_demo(fx.store(), &reg, g)
            .await
            .unwrap();
        assert!(n >= 20, "{g}: {n}");
    }
    let host = get("/api/v1/events/hosting?government_id=ta").await;
    assert_eq!(host[0]["status"], "pending", "{host}");
    assert_eq!(host[0]["standing"]["rule_stated"], false, "{host}");
}
