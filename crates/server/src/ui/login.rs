//! Login and logout pages. The login form carries a pre-session CSRF token (cookie
//! `zw_login_csrf` + hidden field); the login itself goes through the same guard as the JSON API
//! (rate limits, lockout, audited failures).

use super::html::esc;
use super::{Ctx, LangQuery, ctx, page_status};
use crate::AppState;
use crate::auth::{clear_cookies, constant_time_eq, cookie, session_cookies};
use axum::Extension;
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use zhengwu_store::Audit;

pub const LOGIN_CSRF_COOKIE: &str = "zw_login_csrf";

fn random_token() -> String {
    let mut buf = [0u8; 24];
    // Without OS randomness no login form is offered a usable token (the check below fails).
    if getrandom::getrandom(&mut buf).is_err() {
        return String::new();
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

fn login_page(c: &Ctx, status: StatusCode, error: Option<&str>, username: &str) -> Response {
    let token = random_token();
    let err = error
        .map(|e| {
            format!(
                r#"<p class="refused" role="alert" id="login-error">{}</p>"#,
                esc(e)
            )
        })
        .unwrap_or_default();
    let body = format!(
        r#"{err}<form method="post" action="/ui/login" class="card login">
<input type="hidden" name="csrf" value="{token}">
<label for="username">{u}</label><input id="username" name="username" autocomplete="username" value="{username}" required autofocus>
<label for="password">{p}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" id="login-submit">{go}</button>
</form>
<p class="hint">{hint}</p>"#,
        u = c.t("用户名", "User name"),
        p = c.t("密码", "Password"),
        go = c.t("登录", "Log in"),
        username = esc(username),
        hint = c.t(
            "演示数据：运行 zhengwu demo 或 zhengwu serve --demo，命令会列出各角色的演示账号与密码。",
            "Demo data: run zhengwu demo or zhengwu serve --demo; it prints the demo accounts of every role and their password."
        ),
    );
    let mut res = page_status(c, status, c.t("登录", "Log in"), "", &body);
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{LOGIN_CSRF_COOKIE}={token}; Path=/ui/login; Max-Age=3600; HttpOnly; SameSite=Strict"
    )) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

pub async fn form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    if c.user.is_some() {
        return Redirect::to("/ui/").into_response();
    }
    login_page(&c, StatusCode::OK, None, "")
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    csrf: String,
    username: String,
    password: String,
}

pub async fn submit(
    State(state): State<AppState>,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    let c = ctx(&state, &headers, None).await;
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or("");
    if expected.is_empty() || !constant_time_eq(expected.as_bytes(), f.csrf.as_bytes()) {
        state.metrics.refusal("csrf");
        return login_page(
            &c,
            StatusCode::FORBIDDEN,
            Some(c.t(
                "表单已过期，请重新登录。",
                "The form expired; please log in again.",
            )),
            &f.username,
        );
    }
    let ip = connect.map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.0.ip());
    match crate::api::session::open_session(&state, ip, &f.username, &f.password).await {
        Ok((_, new, ttl)) => {
            let mut res = Redirect::to("/ui/").into_response();
            for v in session_cookies(
                &new.token,
                &new.session.csrf_token,
                ttl.as_secs(),
                state.config.cookie_secure,
            ) {
                if let Ok(v) = HeaderValue::from_str(&v) {
                    res.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            res
        }
        Err(p) => {
            let msg = match c.lang {
                super::Lang::Zh => "用户名或密码错误，或因多次失败暂时锁定，请稍后重试。",
                super::Lang::En => {
                    "Wrong user name or password, or temporarily locked after repeated failures; try again later."
                }
            };
            login_page(
                &c,
                StatusCode::from_u16(p.status).unwrap_or(StatusCode::UNAUTHORIZED),
                Some(msg),
                &f.username,
            )
        }
    }
}

#[derive(Deserialize)]
pub struct LogoutForm {
    #[serde(default)]
    csrf: String,
}

pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<LogoutForm>,
) -> Response {
    let c = ctx(&state, &headers, None).await;
    let Some(u) = &c.user else {
        return Redirect::to("/ui/login").into_response();
    };
    if !c.csrf_ok(&f.csrf) {
        state.metrics.refusal("csrf");
        return super::bad_request(
            &c,
            c.t("缺少或错误的 CSRF 令牌。", "Missing or wrong CSRF token."),
        );
    }
    let audit = Audit::new(u.actor.audit_id(), "session.logout");
    if let Err(e) = state.store.delete_session(&audit, &u.session_id).await {
        return super::failure(&c, e);
    }
    let mut res = Redirect::to("/ui/login").into_response();
    for v in clear_cookies(state.config.cookie_secure) {
        if let Ok(v) = HeaderValue::from_str(&v) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}
