//! Login, sessions, CSRF, API tokens, rate limits and lockout.

use crate::common::{Fx, PASSWORD, Resp, config};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};
use std::net::SocketAddr;
use zhengwu_server::Config;

fn login_req(user: &str, password: &str, from: Option<&str>) -> Request<Body> {
    let mut req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/session")
        .header("content-type", "application/json")
        .body(Body::from(
            json!({"username": user, "password": password}).to_string(),
        ))
        .unwrap();
    if let Some(addr) = from {
        let addr: SocketAddr = addr.parse().unwrap();
        req.extensions_mut().insert(ConnectInfo(addr));
    }
    req
}

/// The session cookie pair `name=value` from the Set-Cookie headers.
fn cookie_pair(r: &Resp, name: &str) -> String {
    r.headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(|c| c.split(';').next().unwrap().to_string())
        .unwrap_or_else(|| panic!("no {name} cookie"))
}

fn set_cookies(r: &Resp) -> Vec<String> {
    r.headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

fn with_cookie(
    method: Method,
    path: &str,
    cookie: &str,
    csrf: Option<&str>,
    body: Option<&Value>,
) -> Request<Body> {
    let mut b = Request::builder()
        .method(method)
        .uri(path)
        .header("cookie", cookie);
    if let Some(t) = csrf {
        b = b.header("x-csrf-token", t);
    }
    if body.is_some() {
        b = b.header("content-type", "application/json");
    }
    b.body(body.map_or(Body::empty(), |v| Body::from(v.to_string())))
        .unwrap()
}

#[tokio::test]
async fn login_sets_a_strict_httponly_session_and_csrf_guards_changes() {
    let fx = Fx::new().await;
    let r = fx.call(login_req("edu", PASSWORD, None)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let cookies = set_cookies(&r);
    let session = cookies
        .iter()
        .find(|c| c.starts_with("zw_session="))
        .unwrap();
    assert!(
        session.contains("HttpOnly")
            && session.contains("SameSite=Strict")
            && session.contains("Path=/"),
        "{session}"
    );
    assert!(
        !session.contains("Secure"),
        "plain HTTP by default: {session}"
    );
    let me = r.json();
    assert_eq!(me["username"], "edu");
    assert_eq!(me["department_id"], "edu");
    let csrf = me["csrf_token"].as_str().unwrap().to_string();
    assert_eq!(cookie_pair(&r, "zw_csrf"), format!("zw_csrf={csrf}"));
    let cookie = cookie_pair(&r, "zw_session");
    assert_eq!(fx.events("session.login").await.len(), 1);

    // Reads need no CSRF token.
    let r = fx
        .call(with_cookie(
            Method::GET,
            "/api/v1/session",
            &cookie,
            None,
            None,
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["authenticated_by"], "session");
    assert_eq!(r.json()["csrf_token"], csrf.as_str());

    // A change with the cookie alone (what a forged cross-site form would send) is refused …
    let body = json!({"title": "关于增加教师编制的请示"});
    let r = fx
        .call(with_cookie(
            Method::POST,
            "/api/v1/submissions",
            &cookie,
            None,
            Some(&body),
        ))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.problem(), "csrf");
    let r = fx
        .call(with_cookie(
            Method::POST,
            "/api/v1/submissions",
            &cookie,
            Some("0000"),
            Some(&body),
        ))
        .await;
    assert_eq!(r.problem(), "csrf");
    assert_eq!(
        fx.store().count_records("submission").await.unwrap(),
        0,
        "nothing was filed"
    );
    // … and goes through with the session's token.
    let r = fx
        .call(with_cookie(
            Method::POST,
            "/api/v1/submissions",
            &cookie,
            Some(&csrf),
            Some(&body),
        ))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    // API-token requests are exempt: no browser attaches an Authorization header on its own.
    let r = fx
        .send(Method::POST, "/api/v1/submissions", "edu", Some(&body))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);

    // Logout needs the token too, ends the session and clears the cookies.
    let r = fx
        .call(with_cookie(
            Method::DELETE,
            "/api/v1/session",
            &cookie,
            None,
            None,
        ))
        .await;
    assert_eq!(r.problem(), "csrf");
    let r = fx
        .call(with_cookie(
            Method::DELETE,
            "/api/v1/session",
            &cookie,
            Some(&csrf),
            None,
        ))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert!(set_cookies(&r).iter().all(|c| c.contains("Max-Age=0")));
    let r = fx
        .call(with_cookie(
            Method::GET,
            "/api/v1/session",
            &cookie,
            None,
            None,
        ))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "the old cookie is dead");
    assert_eq!(fx.events("session.logout").await.len(), 1);
}

#[tokio::test]
async fn behind_tls_cookies_are_secure_and_hsts_is_sent() {
    let fx = Fx::with_config(Config {
        cookie_secure: true,
        ..config()
    })
    .await;
    let r = fx.call(login_req("office", PASSWORD, None)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        set_cookies(&r).iter().all(|c| c.contains("; Secure")),
        "{:?}",
        set_cookies(&r)
    );
    assert!(
        r.header("strict-transport-security")
            .unwrap()
            .starts_with("max-age=")
    );
}

#[tokio::test]
async fn failed_logins_look_the_same_whatever_the_reason() {
    let fx = Fx::new().await;
    let unknown = fx.call(login_req("nobody", PASSWORD, None)).await;
    let wrong = fx.call(login_req("edu", "wrong password!", None)).await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.problem(), "login-failed");
    assert_eq!(
        unknown.text, wrong.text,
        "same body for unknown user and wrong password"
    );
    assert_eq!(unknown.status, wrong.status);
    assert!(unknown.headers.get("set-cookie").is_none());
    // Failed attempts are in the audit log, which still verifies.
    assert_eq!(fx.events("session.login_failed").await.len(), 2);
    assert!(fx.store().verify_audit().await.unwrap().ok());
}

#[tokio::test]
async fn lockout_after_repeated_failures_reveals_nothing() {
    let fx = Fx::with_config(Config {
        lockout_failures: 3,
        ..config()
    })
    .await;
    let wrong = fx.call(login_req("fin", "wrong password!", None)).await;
    for _ in 0..2 {
        assert_eq!(
            fx.call(login_req("fin", "wrong password!", None))
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        fx.events("session.lockout").await.len(),
        1,
        "the third failure locks"
    );
    // Now even the right password is refused, with exactly the wrong-password answer.
    let locked = fx.call(login_req("fin", PASSWORD, None)).await;
    assert_eq!(locked.status, StatusCode::UNAUTHORIZED);
    assert_eq!(locked.text, wrong.text);
    // An unknown name locks the same way, so locking does not reveal which names exist.
    for _ in 0..3 {
        fx.call(login_req("ghost", "x-password", None)).await;
    }
    assert_eq!(fx.events("session.lockout").await.len(), 2);
    // Other accounts are unaffected.
    assert_eq!(
        fx.call(login_req("edu", PASSWORD, None)).await.status,
        StatusCode::OK
    );
}

/// Two server instances on one database (as behind a load balancer): failures on one lock the
/// name on the other, and they share one rate-limit budget.
#[tokio::test]
async fn lockout_and_rate_limits_hold_across_instances() {
    let cfg = Config {
        lockout_failures: 3,
        login_per_ip_per_minute: 5,
        ..config()
    };
    let a = Fx::with_config(cfg.clone()).await;
    let db = a.dir.0.join("zw.db");
    let store = zhengwu_store::Store::open(db.to_str().unwrap())
        .await
        .unwrap();
    let state =
        zhengwu_server::AppState::new(store, zhengwu_rules::Registry::builtin().unwrap(), cfg);
    let b = Fx {
        app: zhengwu_server::app(state.clone()),
        state,
        tokens: a.tokens.clone(),
        ids: a.ids.clone(),
        dir: crate::common::TempDir::new(),
    };
    let wrong = a.call(login_req("fin", "wrong password!", None)).await;
    for _ in 0..2 {
        let r = a.call(login_req("FIN", "wrong password!", None)).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    // Instance B refuses the right password with the wrong-password answer.
    let locked = b.call(login_req("fin", PASSWORD, None)).await;
    assert_eq!(locked.status, StatusCode::UNAUTHORIZED);
    assert_eq!(locked.text, wrong.text);
    assert_eq!(a.events("session.lockout").await.len(), 1);
    // Other accounts still log in on B.
    assert_eq!(
        b.call(login_req("edu", PASSWORD, None)).await.status,
        StatusCode::OK
    );
    // One budget of 5 per address for both: 3 attempts on A, 2 on B, then A refuses the sixth.
    let addr = Some("192.0.2.1:1");
    for (fx, n) in [(&a, 3), (&b, 2)] {
        for i in 0..n {
            let r = fx
                .call(login_req(&format!("x{i}"), "x-password", addr))
                .await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        }
    }
    let r = a.call(login_req("office", PASSWORD, addr)).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn login_is_rate_limited_per_account_and_per_address() {
    let fx = Fx::with_config(Config {
        login_per_account_per_minute: 2,
        login_per_ip_per_minute: 5,
        ..config()
    })
    .await;
    // Per account name, whether or not it exists, from different addresses.
    for name in ["edu", "nobody"] {
        for i in 0..2 {
            let r = fx
                .call(login_req(
                    name,
                    "wrong password!",
                    Some(&format!("10.0.0.{i}:5000")),
                ))
                .await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        }
        let r = fx
            .call(login_req(name, PASSWORD, Some("10.0.0.9:5000")))
            .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{name}");
        assert_eq!(r.problem(), "rate-limited");
        let secs: u64 = r.header("retry-after").unwrap().parse().unwrap();
        assert!((1..=60).contains(&secs), "{secs}");
    }
    // Per address: 5 attempts from one address with 5 different names, then refused.
    for name in ["a1", "a2", "a3", "a4", "a5"] {
        let r = fx
            .call(login_req(name, "x-password", Some("192.0.2.7:4000")))
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{name}");
    }
    let r = fx
        .call(login_req("office", PASSWORD, Some("192.0.2.7:4001")))
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    // Another address still logs in.
    let r = fx
        .call(login_req("office", PASSWORD, Some("192.0.2.8:4000")))
        .await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn api_tokens_are_issued_listed_and_revoked() {
    let fx = Fx::new().await;
    let r = fx
        .send(
            Method::POST,
            "/api/v1/tokens",
            "edu",
            Some(&json!({"name": "公文交换接口"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let created = r.json();
    let token = created["token"].as_str().unwrap().to_string();
    let id = created["info"]["id"].as_str().unwrap().to_string();
    let me = |t: String| {
        Request::builder()
            .uri("/api/v1/session")
            .header("authorization", format!("Bearer {t}"))
            .body(Body::empty())
            .unwrap()
    };
    let r = fx.call(me(token.clone())).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["username"], "edu");
    assert_eq!(r.json()["authenticated_by"], "token");
    assert!(r.json()["csrf_token"].is_null());

    let r = fx.get("/api/v1/tokens", "edu").await;
    assert!(
        r.json()
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == id.as_str() && t.get("token").is_none())
    );
    // Another account cannot revoke it, nor learn that it exists.
    let r = fx
        .send(Method::DELETE, &format!("/api/v1/tokens/{id}"), "fin", None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = fx
        .send(Method::DELETE, &format!("/api/v1/tokens/{id}"), "edu", None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = fx.call(me(token)).await;
    assert_eq!(
        r.status,
        StatusCode::UNAUTHORIZED,
        "a revoked token is refused, not treated as anonymous"
    );
    assert_eq!(r.problem(), "unauthenticated");

    let r = fx
        .send(
            Method::POST,
            "/api/v1/tokens",
            "edu",
            Some(&json!({"name": ""})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["path"], "name");
    let r = fx
        .call(
            Request::builder()
                .uri("/api/v1/session")
                .header("authorization", "Basic eDp5")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}
