//! The write discipline on a real resource: optimistic concurrency, idempotency keys, the secrecy
//! door, rule refusals with citations, invalid input with field paths — all audited.

use crate::common::Fx;
use axum::body::Body;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

async fn post_with_key(fx: &Fx, who: &str, key: &str, body: &Value) -> crate::common::Resp {
    let b = fx
        .req(Method::POST, "/api/v1/submissions", who, Some(body))
        .header("idempotency-key", key);
    fx.call(b.body(Body::from(body.to_string())).unwrap()).await
}

#[tokio::test]
async fn a_retried_creation_is_filed_once() {
    let fx = Fx::new().await;
    let body = json!({"title": "关于申请专项资金的请示", "summary": "急"});
    let first = post_with_key(&fx, "edu", "k-2025-001", &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    assert!(first.header("idempotent-replayed").is_none());
    let id = first.json()["id"].as_str().unwrap().to_string();
    assert_eq!(
        first.header("location"),
        Some(format!("/api/v1/submissions/{id}").as_str())
    );
    assert_eq!(first.header("etag"), Some("\"1\""));
    assert_eq!(
        first.json()["department_id"],
        "edu",
        "defaults to the caller's department"
    );

    let again = post_with_key(&fx, "edu", "k-2025-001", &body).await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.json()["id"], id.as_str());
    assert_eq!(fx.store().count_records("submission").await.unwrap(), 1);
    assert_eq!(
        fx.events("submission.create").await.len(),
        1,
        "one filing, one audit event"
    );

    // The same key for a different request is refused, and files nothing.
    let other = post_with_key(&fx, "edu", "k-2025-001", &json!({"title": "另一件事"})).await;
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(other.problem(), "idempotency-key-reused");
    // Keys belong to their caller: the office using the same key files its own record.
    let office = post_with_key(
        &fx,
        "office",
        "k-2025-001",
        &json!({"department_id": "edu", "title": "关于申请专项资金的请示"}),
    )
    .await;
    assert_eq!(office.status, StatusCode::CREATED);
    assert_ne!(office.json()["id"], id.as_str());
    assert_eq!(fx.store().count_records("submission").await.unwrap(), 2);

    let bad = fx
        .call(
            fx.req(Method::POST, "/api/v1/submissions", "edu", Some(&body))
                .header("idempotency-key", "")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await;
    assert_eq!(bad.json()["errors"][0]["path"], "Idempotency-Key");
}

#[tokio::test]
async fn two_clerks_never_silently_overwrite_each_other() {
    let fx = Fx::new().await;
    let id = fx.seed_submission("edu", "关于校车采购的请示", false).await;
    let path = format!("/api/v1/submissions/{id}");
    let r = fx.get(&path, "edu").await;
    assert_eq!(r.header("etag"), Some("\"1\""));

    let patch = |v: Option<&str>, body: Value| {
        let mut b = fx.req(Method::PATCH, &path, "edu", Some(&body));
        if let Some(v) = v {
            b = b.header("if-match", v);
        }
        b.body(Body::from(body.to_string())).unwrap()
    };
    // Clerk A saves on version 1.
    let a = fx
        .call(patch(
            Some("\"1\""),
            json!({"title": "关于校车采购的请示（修改稿）"}),
        ))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.header("etag"), Some("\"2\""));
    assert_eq!(a.json()["version"], 2);
    // Clerk B, still on version 1, is stopped and told the current version.
    let b = fx
        .call(patch(Some("\"1\""), json!({"summary": "B 的修改"})))
        .await;
    assert_eq!(b.status, StatusCode::CONFLICT);
    assert_eq!(b.problem(), "version-conflict");
    assert!(
        b.json()["detail"].as_str().unwrap().contains('2'),
        "{}",
        b.text
    );
    let now = fx.get(&path, "edu").await.json();
    assert_eq!(now["title"], "关于校车采购的请示（修改稿）");
    assert_eq!(now["summary"], "", "B's change did not land");
    // The version may come in the body instead; weak validators are accepted too.
    let c = fx
        .call(patch(None, json!({"version": 2, "summary": "B 重新提交"})))
        .await;
    assert_eq!(c.status, StatusCode::OK);
    let d = fx
        .call(patch(Some("W/\"3\""), json!({"summary": "再改"})))
        .await;
    assert_eq!(d.status, StatusCode::OK);
    // No version at all: 428; two that disagree: 422.
    let e = fx.call(patch(None, json!({"summary": "x"}))).await;
    assert_eq!(e.status, StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(e.problem(), "version-required");
    let f = fx
        .call(patch(Some("\"4\""), json!({"version": 3, "summary": "x"})))
        .await;
    assert_eq!(f.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(f.json()["errors"][0]["path"], "version");
    let g = fx
        .call(patch(Some("\"abc\""), json!({"summary": "x"})))
        .await;
    assert_eq!(g.json()["errors"][0]["path"], "If-Match");
    // Deleting on a stale version is a conflict too.
    let del = fx
        .call(
            fx.req(Method::DELETE, &path, "edu", None)
                .header("if-match", "\"1\"")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(del.status, StatusCode::CONFLICT);
    // Every accepted change is one audit event, and the chain verifies.
    assert_eq!(fx.events("submission.update").await.len(), 3);
    assert!(fx.store().verify_audit().await.unwrap().ok());
}

#[tokio::test]
async fn classified_content_is_refused_at_the_door() {
    let fx = Fx::new().await;
    for (body, path) in [
        (json!({"title": "某文件", "secrecy": "机密"}), "secrecy"),
        (
            json!({"title": "某文件", "secrecy": "绝密★长期"}),
            "secrecy",
        ),
        (
            json!({"title": "某文件", "case": {"attachments": [{"密级": "机密"}]}}),
            "case.attachments[0].密级",
        ),
    ] {
        let r = fx
            .send(Method::POST, "/api/v1/submissions", "edu", Some(&body))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(r.problem(), "classified-content");
        let v = r.json();
        assert!(v["title"].as_str().unwrap().contains("涉密信息不上网"));
        assert_eq!(v["errors"][0]["path"], path);
    }
    // Updates too, before anything is looked up.
    let id = fx.seed_submission("edu", "普通请示", false).await;
    let r = fx
        .call(
            fx.req(
                Method::PATCH,
                &format!("/api/v1/submissions/{id}"),
                "edu",
                Some(&json!({})),
            )
            .header("if-match", "\"1\"")
            .body(Body::from(json!({"secrecy": "机密"}).to_string()))
            .unwrap(),
        )
        .await;
    assert_eq!(r.problem(), "classified-content");
    assert_eq!(
        fx.store().count_records("submission").await.unwrap(),
        1,
        "nothing classified was stored"
    );
    assert_eq!(fx.version_of(&id).await, 1);
    // Even anonymous callers are stopped at the door, before authentication matters.
    let r = fx
        .send(
            Method::POST,
            "/api/v1/submissions",
            "anonymous",
            Some(&json!({"secrecy": "绝密"})),
        )
        .await;
    assert_eq!(r.problem(), "classified-content");
    // 秘密 is not refused at the door.
    let r = fx
        .send(
            Method::POST,
            "/api/v1/submissions",
            "edu",
            Some(&json!({"title": "一般涉密事项", "secrecy": "秘密"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let m = fx.get("/metrics", "anonymous").await.text;
    assert!(
        m.contains("zhengwu_refusals_total{reason=\"classified\"} 5"),
        "{m}"
    );
}

#[tokio::test]
async fn a_filing_refused_by_the_rules_carries_its_citations() {
    // CASES.md: 聊城, executive meeting Wed 2025-03-19, item submitted Thu 2025-03-13 — after the
    // 5-working-day limit of 第四十七条 (2025-03-12). The department's government (聊城) judges.
    let fx = Fx::new().await;
    let late = json!({"title": "关于调整学区划分的议题", "case": {"kind": "agenda_item",
        "meeting": {"type": "executive", "date": "2025-03-19"}, "submitted_on": "2025-03-13"}});
    let r = fx
        .send(Method::POST, "/api/v1/submissions", "edu", Some(&late))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(r.problem(), "rule-refused");
    let v = r.json();
    let violations = v["violations"].as_array().unwrap();
    assert!(
        violations
            .iter()
            .any(|x| x["citation"]["article"] == "第四十七条"
                && x["citation"]["profile"] == "liaocheng"),
        "{v}"
    );
    for x in violations {
        assert!(!x["rule"].as_str().unwrap().is_empty());
        assert!(!x["message"].as_str().unwrap().is_empty());
    }
    assert_eq!(
        fx.store().count_records("submission").await.unwrap(),
        0,
        "a refused filing is not filed"
    );

    // On time (Mon 2025-03-10, before the 03-12 limit) the filing is accepted with its check.
    let on_time = json!({"title": "关于调整学区划分的议题", "case": {"kind": "agenda_item",
        "meeting": {"type": "executive", "date": "2025-03-19"}, "submitted_on": "2025-03-10"}});
    let r = fx
        .send(Method::POST, "/api/v1/submissions", "edu", Some(&on_time))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let check = &r.json()["check"];
    assert_eq!(check["profile"], "liaocheng");
    assert_ne!(check["outcome"], "refused");

    // A case for another government's profile contradicts the department's and is named.
    let wrong = json!({"title": "议题", "case": {"kind": "agenda_item", "profile": "taian",
        "meeting": {"type": "executive", "date": "2025-03-19"}, "submitted_on": "2025-03-10"}});
    let r = fx
        .send(Method::POST, "/api/v1/submissions", "edu", Some(&wrong))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["path"], "case.profile");
    // An invalid case names the path inside `case`.
    let bad = json!({"title": "议题", "case": {"kind": "agenda_item",
        "meeting": {"type": "executive", "date": "2025-02-30"}}});
    let r = fx
        .send(Method::POST, "/api/v1/submissions", "edu", Some(&bad))
        .await;
    assert_eq!(
        r.json()["errors"][0]["path"],
        "case.meeting.date",
        "{}",
        r.text
    );
}

#[tokio::test]
async fn invalid_input_names_the_field() {
    let fx = Fx::new().await;
    let cases = [
        (json!({"title": 5}), "title"),
        (json!({"title": ""}), "title"),
        (json!({"title": "x", "secrecy": "top"}), "secrecy"),
        (json!({"title": "x", "colour": "red"}), "colour"),
        (
            json!({"title": "x", "department_id": "nowhere"}),
            "department_id",
        ),
    ];
    for (body, path) in cases {
        let r = fx
            .send(Method::POST, "/api/v1/submissions", "office", Some(&body))
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            r.text
        );
        assert_eq!(r.problem(), "invalid-input");
        assert_eq!(r.json()["errors"][0]["path"], path, "{body}: {}", r.text);
    }
    // The office files for a department, so it must say which.
    let r = fx
        .send(
            Method::POST,
            "/api/v1/submissions",
            "office",
            Some(&json!({"title": "x"})),
        )
        .await;
    assert_eq!(r.json()["errors"][0]["path"], "department_id");
    assert_eq!(fx.store().count_records("submission").await.unwrap(), 0);
}
