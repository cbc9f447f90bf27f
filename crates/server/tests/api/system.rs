//! Health, metrics, the OpenAPI document, security headers, the check and profiles endpoints.

use crate::common::{Fx, Resp};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn health_and_readiness() {
    let fx = Fx::new().await;
    let r = fx.get("/healthz", "anonymous").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["status"], "ok");
    let r = fx.get("/readyz", "anonymous").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["database"], "sqlite");
    assert!(r.json()["schema_version"].as_i64().unwrap() >= 1);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let fx = Fx::new().await;
    for r in [
        fx.get("/healthz", "anonymous").await,
        fx.get("/nowhere", "anonymous").await,
    ] {
        let csp = r.header("content-security-policy").unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(csp.contains("default-src 'none'"), "{csp}");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"));
        assert_eq!(r.header("x-frame-options"), Some("DENY"));
        // HSTS only when the deployment says it is behind TLS.
        assert_eq!(r.header("strict-transport-security"), None);
    }
}

#[tokio::test]
async fn unknown_routes_and_methods_are_problems() {
    let fx = Fx::new().await;
    let r = fx.get("/api/v1/nothing", "anonymous").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.problem(), "no-route");
    let r = fx
        .send(Method::PUT, "/api/v1/profiles", "anonymous", None)
        .await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.problem(), "method-not-allowed");
    assert!(r.header("allow").unwrap().contains("GET"));
}

/// Parses the exposition format strictly enough to catch malformed lines: every sample line is
/// `name{labels} value` with a numeric value, and every sample belongs to a declared family.
fn parse_metrics(text: &str) -> Vec<(String, String, f64)> {
    let mut families = Vec::new();
    let mut samples = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let mut it = rest.split(' ');
            families.push(it.next().unwrap().to_string());
            assert!(
                matches!(it.next(), Some("counter" | "histogram" | "gauge")),
                "{line}"
            );
            continue;
        }
        if line.starts_with("# HELP ") || line.is_empty() {
            continue;
        }
        let (series, value) = line
            .rsplit_once(' ')
            .unwrap_or_else(|| panic!("bad line {line}"));
        let value: f64 = value
            .parse()
            .unwrap_or_else(|_| panic!("bad value in {line}"));
        let (name, labels) = match series.split_once('{') {
            Some((n, l)) => (
                n.to_string(),
                l.strip_suffix('}')
                    .unwrap_or_else(|| panic!("{line}"))
                    .to_string(),
            ),
            None => (series.to_string(), String::new()),
        };
        assert!(
            families.iter().any(|f| name == *f
                || name
                    .strip_prefix(f.as_str())
                    .is_some_and(|s| ["_bucket", "_sum", "_count"].contains(&s))),
            "sample {name} has no TYPE line"
        );
        samples.push((name, labels, value));
    }
    samples
}

#[tokio::test]
async fn metrics_count_requests_by_route_template() {
    let fx = Fx::new().await;
    let id = fx.seed_submission("edu", "关于某事的请示", true).await;
    for _ in 0..3 {
        assert_eq!(fx.get("/healthz", "anonymous").await.status, StatusCode::OK);
    }
    assert_eq!(
        fx.get(&format!("/api/v1/submissions/{id}"), "anonymous")
            .await
            .status,
        StatusCode::OK
    );
    let r = fx.get("/metrics", "anonymous").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let samples = parse_metrics(&r.text);
    let count = |name: &str, labels: &str| {
        samples
            .iter()
            .find(|(n, l, _)| n == name && l == labels)
            .map(|s| s.2)
    };
    assert_eq!(
        count(
            "zhengwu_http_requests_total",
            r#"method="GET",route="/healthz",status="200""#
        ),
        Some(3.0)
    );
    // The object id is not a label: the route template is.
    assert_eq!(
        count(
            "zhengwu_http_requests_total",
            r#"method="GET",route="/api/v1/submissions/{id}",status="200""#
        ),
        Some(1.0)
    );
    assert!(!r.text.contains(&id));
    assert_eq!(
        count(
            "zhengwu_http_request_duration_seconds_count",
            r#"method="GET",route="/healthz""#
        ),
        Some(3.0)
    );
}

fn operations(doc: &Value) -> Vec<(String, String)> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, _) in item.as_object().unwrap() {
            ops.push((method.to_uppercase(), path.clone()));
        }
    }
    ops.sort();
    ops
}

#[tokio::test]
async fn openapi_document_is_3_1_and_every_documented_route_exists() {
    let fx = Fx::new().await;
    let r = fx.get("/api/openapi.json", "anonymous").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    assert!(doc["info"]["title"].is_string());
    for scheme in ["session", "token"] {
        assert!(
            doc["components"]["securitySchemes"][scheme].is_object(),
            "{scheme}"
        );
    }
    assert!(doc["components"]["schemas"]["Problem"].is_object());
    let ops = operations(&doc);
    assert!(ops.len() >= 20, "{ops:?}");
    // Each documented operation answers from a real handler: neither the fallback nor 405.
    for (method, path) in &ops {
        let concrete = path.replace("{id}", "no-such-id");
        let r = fx
            .call(
                Request::builder()
                    .method(Method::from_bytes(method.as_bytes()).unwrap())
                    .uri(&concrete)
                    .header("content-type", "application/json")
                    .body(Body::from("{}"))
                    .unwrap(),
            )
            .await;
        assert_ne!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        if r.status == StatusCode::NOT_FOUND {
            assert_ne!(
                r.problem(),
                "no-route",
                "{method} {path} is documented but not routed"
            );
        }
        // Every documented error answer is problem+json.
        if r.status.is_client_error() || r.status.is_server_error() {
            r.problem();
        }
    }
    // Every operation documents its answers, and every 4xx/5xx answer is a Problem.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"]
                .as_object()
                .unwrap_or_else(|| panic!("{method} {path}"));
            assert!(!responses.is_empty());
            for (code, resp) in responses {
                if code.starts_with('4') || code.starts_with('5') {
                    let schema = &resp["content"]["application/problem+json"]["schema"]["$ref"];
                    assert_eq!(
                        schema, "#/components/schemas/Problem",
                        "{method} {path} {code}"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn the_routes_the_router_knows_are_exactly_the_documented_ones() {
    // The document is generated from the same router: what it lists is what is served.
    let doc = serde_json::to_value(zhengwu_server::api::openapi()).unwrap();
    let ops = operations(&doc);
    let expected: Vec<(String, String)> = [
        ("GET", "/healthz"),
        ("GET", "/readyz"),
        ("GET", "/metrics"),
        ("GET", "/api/openapi.json"),
        ("POST", "/api/v1/check"),
        ("GET", "/api/v1/profiles"),
        ("POST", "/api/v1/session"),
        ("GET", "/api/v1/session"),
        ("DELETE", "/api/v1/session"),
        ("POST", "/api/v1/tokens"),
        ("GET", "/api/v1/tokens"),
        ("DELETE", "/api/v1/tokens/{id}"),
        ("GET", "/api/v1/org"),
        ("GET", "/api/v1/org/departments"),
        ("GET", "/api/v1/submissions"),
        ("POST", "/api/v1/submissions"),
        ("GET", "/api/v1/submissions/{id}"),
        ("PATCH", "/api/v1/submissions/{id}"),
        ("DELETE", "/api/v1/submissions/{id}"),
        ("POST", "/api/v1/submissions/{id}/publish"),
        ("GET", "/api/v1/audit/verify"),
        ("POST", "/api/v1/documents/incoming"),
        ("POST", "/api/v1/documents/outgoing"),
        ("GET", "/api/v1/documents/inbox"),
        ("GET", "/api/v1/documents/{id}"),
        ("POST", "/api/v1/documents/{id}/actions"),
        ("GET", "/api/v1/documents/{id}/attachments"),
        ("GET", "/api/v1/documents/returns/{id}"),
        ("GET", "/api/v1/documents/normative/expiring"),
        ("GET", "/api/v1/documents/normative/cleanup"),
        ("POST", "/api/v1/meetings"),
        ("GET", "/api/v1/meetings"),
        ("GET", "/api/v1/meetings/{id}"),
        ("POST", "/api/v1/meetings/{id}/absences"),
        ("POST", "/api/v1/meetings/{id}/invitations"),
        ("POST", "/api/v1/meetings/{id}/attendance"),
        ("POST", "/api/v1/meetings/{id}/news"),
        ("POST", "/api/v1/meetings/{id}/news/approve"),
        ("POST", "/api/v1/meetings/{id}/agenda"),
        ("POST", "/api/v1/meetings/{id}/agenda/confirm"),
        ("POST", "/api/v1/meetings/{id}/decisions"),
        ("POST", "/api/v1/meetings/{id}/minutes"),
        ("POST", "/api/v1/meetings/{id}/minutes/steps"),
        ("POST", "/api/v1/meetings/{id}/materials"),
        ("GET", "/api/v1/meeting-cadence"),
        ("POST", "/api/v1/agenda-items"),
        ("GET", "/api/v1/agenda-items/{id}"),
        ("POST", "/api/v1/agenda-items/{id}/facts"),
        ("POST", "/api/v1/agenda-items/{id}/approvals"),
        ("POST", "/api/v1/major-decisions"),
        ("GET", "/api/v1/major-decisions/{id}"),
        ("POST", "/api/v1/major-decisions/{id}/steps"),
        ("POST", "/api/v1/major-decisions/{id}/tracking"),
        ("POST", "/api/v1/supervision/items"),
        ("GET", "/api/v1/supervision/items"),
        ("GET", "/api/v1/supervision/items/{id}"),
        ("POST", "/api/v1/supervision/items/{id}/actions"),
        ("GET", "/api/v1/supervision/reports"),
        ("GET", "/api/v1/supervision/export.xlsx"),
        ("POST", "/api/v1/disclosure/requests"),
        ("GET", "/api/v1/disclosure/requests/{id}"),
        ("POST", "/api/v1/disclosure/requests/{id}/actions"),
        ("GET", "/api/v1/public/disclosure/{id}"),
        ("POST", "/api/v1/leave/requests"),
        ("POST", "/api/v1/leave/requests/{id}/actions"),
        ("GET", "/api/v1/leave/acting"),
        ("POST", "/api/v1/events/invitations"),
        ("GET", "/api/v1/events/invitations"),
        ("POST", "/api/v1/events/invitations/{id}/actions"),
        ("POST", "/api/v1/events/hosting"),
        ("GET", "/api/v1/events/hosting"),
        ("POST", "/api/v1/events/hosting/{id}/actions"),
        ("POST", "/api/v1/openness/publications"),
        ("GET", "/api/v1/openness/publications"),
        ("POST", "/api/v1/openness/publications/{id}/actions"),
        ("POST", "/api/v1/proposals"),
        ("GET", "/api/v1/proposals"),
        ("GET", "/api/v1/public/proposals"),
        ("GET", "/api/v1/proposals/{id}"),
        ("POST", "/api/v1/proposals/{id}/actions"),
        ("GET", "/api/v1/hotline/config"),
        ("PUT", "/api/v1/hotline/config"),
        ("POST", "/api/v1/hotline/tickets"),
        ("GET", "/api/v1/hotline/tickets"),
        ("POST", "/api/v1/hotline/tickets/{id}/actions"),
        ("GET", "/api/v1/hotline/stats"),
        ("GET", "/api/v1/calendar/years"),
        ("POST", "/api/v1/calendar/years"),
    ]
    .iter()
    .map(|(m, p)| (m.to_string(), p.to_string()))
    .collect::<std::collections::BTreeSet<_>>()
    .into_iter()
    .collect();
    assert_eq!(ops, expected);
}

async fn check(fx: &Fx, body: &str) -> Resp {
    fx.call(
        Request::builder()
            .method(Method::POST)
            .uri("/api/v1/check")
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn check_answers_a_refusal_with_200_and_its_citation() {
    // CASES.md example: 聊城 executive meeting on Wed 2025-03-19, item submitted Thu 2025-03-13.
    // 第四十七条: topics 会前５个工作日 → on or before Wed 2025-03-12 (03-18, 17, 14, 13, 12).
    let fx = Fx::new().await;
    let case = json!({"kind": "agenda_item", "profile": "liaocheng",
        "meeting": {"type": "executive", "date": "2025-03-19"}, "submitted_on": "2025-03-13"});
    let r = check(&fx, &case.to_string()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let v = r.json();
    assert_eq!(v["outcome"], "refused");
    let articles: Vec<&str> = v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["citation"]["article"].as_str().unwrap())
        .collect();
    assert!(articles.contains(&"第四十七条"), "{articles:?}");
    assert!(
        v["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["due"] == "2025-03-12" && d["status"] == "missed"),
        "{}",
        v["deadlines"]
    );
    // The verdict is the one `zhengwu check` gives.
    let direct = zhengwu_rules::check_json(
        &fx.state.registry,
        &fx.state.calendar(),
        &case.to_string(),
        None,
    )
    .unwrap();
    assert_eq!(v, serde_json::to_value(direct).unwrap());
}

#[tokio::test]
async fn check_workdays_across_national_day_2026() {
    // 2026 notice: 国庆节 10月1日（周四）至7日（周三）放假; 10月8日 (Thu) is the first working day
    // after 2026-09-30.
    let fx = Fx::new().await;
    let r = check(
        &fx,
        r#"{"kind":"workdays","profile":"liaocheng","op":"add","date":"2026-09-30","n":1}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let v = r.json();
    assert!(
        v["status"].to_string().contains("2026-10-08"),
        "{}",
        v["status"]
    );
    assert_eq!(v["provisional"], false);
}

#[tokio::test]
async fn check_names_the_field_of_invalid_input() {
    let fx = Fx::new().await;
    let cases: &[(&str, &str)] = &[
        (
            r#"{"kind":"agenda_item","profile":"liaocheng","meeting":{"type":"executive","date":"2025-02-30"},"submitted_on":"2025-02-20"}"#,
            "meeting.date",
        ),
        (
            r#"{"kind":"agenda_item","profile":"liaocheng","meeting":{"type":"executive","date":"2025-03-19"},"submited_on":"2025-03-13"}"#,
            "submited_on",
        ),
        (
            r#"{"kind":"agenda_item","profile":"nowhere","meeting":{"type":"executive","date":"2025-03-19"}}"#,
            "profile",
        ),
        (
            r#"{"kind":"agenda_item","meeting":{"type":"executive","date":"2025-03-19"}}"#,
            "profile",
        ),
        (r#"{"profile":"liaocheng"}"#, "kind"),
    ];
    for (body, path) in cases {
        let r = check(&fx, body).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            r.text
        );
        assert_eq!(r.problem(), "invalid-input");
        let errors = r.json()["errors"].clone();
        assert_eq!(errors[0]["path"], *path, "{body}: {errors}");
        assert!(!errors[0]["message"].as_str().unwrap().is_empty());
    }
    // The misspelt field is named in the message even where the path is the document itself.
    let r = check(&fx, cases[1].0).await;
    assert!(
        r.json()["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("submited_on"),
        "{}",
        r.text
    );

    let r = check(&fx, "{not json").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = fx
        .call(
            Request::builder()
                .method(Method::POST)
                .uri("/api/v1/check")
                .body(Body::from("{}"))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(r.problem(), "unsupported-media-type");
}

#[tokio::test]
async fn check_is_not_behind_the_secrecy_door() {
    // A case only describes a document; the rules answer it (CASES.md incoming_document).
    let fx = Fx::new().await;
    let r = check(
        &fx,
        r#"{"kind":"incoming_document","profile":"liaocheng","secrecy":"机密"}"#,
    )
    .await;
    assert_ne!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
}

#[tokio::test]
async fn profiles_lists_the_five_governments() {
    let fx = Fx::new().await;
    let r = fx.get("/api/v1/profiles", "anonymous").await;
    assert_eq!(r.status, StatusCode::OK);
    let list = r.json();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    for id in ["changle", "jining", "liaocheng", "taian", "zhangdian"] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    let lc = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "liaocheng")
        .unwrap();
    assert_eq!(lc["government"], "聊城市人民政府");
    assert_eq!(lc["level"], "city");
    let cl = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "changle")
        .unwrap();
    assert_eq!(cl["level"], "county");
    assert!(!lc["versions"].as_array().unwrap().is_empty());
    assert!(
        lc["versions"][0]["effective_from"]
            .as_str()
            .unwrap()
            .starts_with("20")
    );
}
