//! Login, logout, the current session, and API tokens.

use crate::AppState;
use crate::auth::{Caller, Via, clear_cookies, session_cookies};
use crate::extract::ApiJson;
use crate::login_guard::Throttle;
use crate::policy::{Action, Object, authorize};
use crate::problem::Problem;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use utoipa::ToSchema;
use zhengwu_store::Audit;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    pub username: String,
    #[schema(format = Password)]
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub account_id: String,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<String>,
    pub department_id: Option<String>,
    /// Departments in the portfolio (分管) of the account's positions.
    pub portfolio: Vec<String>,
    /// `session` or `token`
    pub authenticated_by: String,
    /// Echo in `X-CSRF-Token` on changes made with the session cookie.
    pub csrf_token: Option<String>,
    pub expires_at: Option<String>,
}

/// The one answer for every failed login: unknown name, wrong password, disabled or locked
/// account all look the same, so the endpoint cannot be used to find accounts.
pub fn login_failed() -> Problem {
    Problem::new(
        StatusCode::UNAUTHORIZED,
        "login-failed",
        "登录失败 (login failed)",
        "用户名或密码错误，或因多次失败暂时锁定，请稍后重试 (wrong user name or password, or temporarily locked after repeated failures; try again later)",
    )
}

fn throttled(secs: u64) -> Problem {
    let mut p = Problem::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate-limited",
        "尝试过于频繁 (too many attempts)",
        format!(
            "登录尝试过于频繁，请 {secs} 秒后再试 (too many login attempts; retry in {secs} s)"
        ),
    );
    p.retry_after = Some(secs);
    p
}

/// Checks credentials under the login guard (rate limits, lockout, audited failures) and opens a
/// session. Shared by the JSON login and the web UI's login form.
pub async fn open_session(
    state: &AppState,
    ip: IpAddr,
    username: &str,
    password: &str,
) -> Result<
    (
        zhengwu_store::Account,
        zhengwu_store::NewSession,
        jiff::SignedDuration,
    ),
    Problem,
> {
    let guard = &state.login_guard;
    let admitted = guard.admit(ip, username).await;
    if let Some(Throttle::RateLimited(secs)) = admitted.map_err(crate::store_problem)? {
        state.metrics.login("rate_limited");
        return Err(throttled(secs));
    }
    let locked = guard
        .is_locked(username)
        .await
        .map_err(crate::store_problem)?;
    // The password is verified even for a locked name, so a lock costs as long as a real attempt.
    let account = state
        .store
        .authenticate(username, password)
        .await
        .map_err(crate::store_problem)?;
    let account = match account {
        Some(a) if !locked => a,
        _ => {
            let now_locked = if locked {
                false
            } else {
                // The answer is the same either way; a failure not counted is logged.
                guard.failed(username).await.unwrap_or_else(|e| {
                    tracing::error!(error = %e, "could not count a failed login");
                    false
                })
            };
            state
                .metrics
                .login(if locked { "locked" } else { "failed" });
            // Failed attempts are part of the security record; the name is kept as typed.
            let audit = Audit::new(
                "anonymous",
                if now_locked {
                    "session.lockout"
                } else {
                    "session.login_failed"
                },
            );
            let details = serde_json::json!({"username": username, "ip": ip.to_string()});
            if let Err(e) = state
                .store
                .record_event(&audit, "login", username, Some(&details))
                .await
            {
                tracing::error!(error = %e, "could not audit a failed login");
            }
            return Err(login_failed());
        }
    };
    guard
        .succeeded(username)
        .await
        .map_err(crate::store_problem)?;
    state.metrics.login("ok");
    let ttl = jiff::SignedDuration::from_hours(i64::from(state.config.session_hours));
    let audit = Audit::new(account.id.clone(), "session.login");
    let new = state
        .store
        .create_session(&audit, &account.id, ttl)
        .await
        .map_err(crate::store_problem)?;
    Ok((account, new, ttl))
}

/// Logs in with user name and password (argon2id). Sets the session cookie (HttpOnly,
/// SameSite=Strict, Secure behind TLS) and returns the CSRF token.
#[utoipa::path(post, path = "/api/v1/session", tag = "session",
    request_body = Credentials,
    responses(
        (status = 200, description = "已登录 (logged in); Set-Cookie: zw_session, zw_csrf", body = Me),
        (status = 401, description = "登录失败，原因不予区分 (login failed, for whatever reason)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "尝试过于频繁 (rate limited); Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn login(
    State(state): State<AppState>,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    ApiJson(creds): ApiJson<Credentials>,
) -> Result<Response, Problem> {
    // In-process tests have no peer address; they share one budget.
    let ip = connect.map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.0.ip());
    let (account, new, ttl) = open_session(&state, ip, &creds.username, &creds.password).await?;
    let actor = crate::auth::actor_of(&state, &account).await?;
    let me = Me {
        account_id: account.id.clone(),
        username: account.username.clone(),
        display_name: account.display_name.clone(),
        roles: account.roles.clone(),
        department_id: account.department_id.clone(),
        portfolio: actor.portfolio.into_iter().collect(),
        authenticated_by: "session".into(),
        csrf_token: Some(new.session.csrf_token.clone()),
        expires_at: Some(new.session.expires_at.to_string()),
    };
    let max_age = ttl.as_secs();
    let mut res = Json(me).into_response();
    for c in session_cookies(
        &new.token,
        &new.session.csrf_token,
        max_age,
        state.config.cookie_secure,
    ) {
        if let Ok(v) = HeaderValue::from_str(&c) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    Ok(res)
}

/// Logs out: ends the session and clears the cookies.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session",
    security(("session" = [])),
    responses(
        (status = 204, description = "已退出 (logged out)"),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "CSRF 令牌错误 (wrong CSRF token)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn logout(State(state): State<AppState>, caller: Caller) -> Result<Response, Problem> {
    let Via::Session { session_id, .. } = &caller.via else {
        let mut p = Problem::unauthenticated();
        p.detail = "没有可结束的会话 (there is no session to end)".into();
        return Err(p);
    };
    let audit = Audit::new(caller.actor.audit_id(), "session.logout");
    state
        .store
        .delete_session(&audit, session_id)
        .await
        .map_err(crate::store_problem)?;
    let mut res = StatusCode::NO_CONTENT.into_response();
    for c in clear_cookies(state.config.cookie_secure) {
        if let Ok(v) = HeaderValue::from_str(&c) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    Ok(res)
}

/// Who am I: the signed-in account, its reach and (for sessions) the CSRF token.
#[utoipa::path(get, path = "/api/v1/session", tag = "session",
    security(("session" = []), ("token" = [])),
    responses(
        (status = 200, description = "当前账号 (the current account)", body = Me),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn whoami(State(state): State<AppState>, caller: Caller) -> Result<Json<Me>, Problem> {
    let actor = caller.require_login()?;
    let account_id = actor.account_id.clone().unwrap_or_default();
    let acc = state
        .store
        .get_account(&account_id)
        .await
        .map_err(crate::store_problem)?
        .ok_or_else(Problem::unauthenticated)?;
    let (by, csrf) = match &caller.via {
        Via::Session { csrf_token, .. } => ("session", Some(csrf_token.clone())),
        Via::Token { .. } => ("token", None),
        Via::Anonymous => return Err(Problem::unauthenticated()),
    };
    Ok(Json(Me {
        account_id: acc.id,
        username: acc.username,
        display_name: acc.display_name,
        roles: acc.roles,
        department_id: acc.department_id,
        portfolio: actor.portfolio.iter().cloned().collect(),
        authenticated_by: by.into(),
        csrf_token: csrf,
        expires_at: None,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// What the token is for (shown in lists).
    pub name: String,
    /// Expiry in days; none = until revoked.
    pub expires_in_days: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct TokenInfo {
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedToken {
    /// The secret: shown only now. Send it as `Authorization: Bearer <token>`.
    pub token: String,
    pub info: TokenInfo,
}

fn token_info(t: zhengwu_store::ApiToken) -> TokenInfo {
    TokenInfo {
        id: t.id,
        name: t.name,
        created_at: t.created_at.to_string(),
        expires_at: t.expires_at.map(|t| t.to_string()),
        revoked_at: t.revoked_at.map(|t| t.to_string()),
    }
}

/// Issues an API token for the signed-in account.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "session",
    security(("session" = []), ("token" = [])),
    request_body = NewToken,
    responses(
        (status = 201, description = "已签发 (issued)", body = CreatedToken),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "输入无效 (invalid input)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_token(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewToken>,
) -> Result<(StatusCode, Json<CreatedToken>), Problem> {
    let actor = caller.require_login()?;
    if !authorize(actor, Action::Create, Object::OwnCredentials).allowed() {
        return Err(Problem::unauthenticated());
    }
    let account_id = actor.account_id.clone().unwrap_or_default();
    let expires = match body.expires_in_days {
        Some(d) => Some(
            state
                .store
                .now()
                .checked_add(jiff::SignedDuration::from_hours(i64::from(d) * 24))
                .map_err(|_| {
                    Problem::invalid("expires_in_days", "有效期过长 (expiry too far away)")
                })?,
        ),
        None => None,
    };
    let audit = Audit::new(actor.audit_id(), "api_token.create");
    let new = state
        .store
        .create_api_token(&audit, &account_id, &body.name, expires)
        .await
        .map_err(|e| match e {
            zhengwu_store::StoreError::Invalid { .. } => Problem::invalid("name", e.to_string()),
            e => crate::store_problem(e),
        })?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedToken {
            token: new.token,
            info: token_info(new.info),
        }),
    ))
}

/// The signed-in account's API tokens (without secrets).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "session",
    security(("session" = []), ("token" = [])),
    responses(
        (status = 200, description = "令牌列表 (the tokens)", body = Vec<TokenInfo>),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_tokens(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<TokenInfo>>, Problem> {
    let actor = caller.require_login()?;
    let account_id = actor.account_id.clone().unwrap_or_default();
    let list = state
        .store
        .list_api_tokens(&account_id)
        .await
        .map_err(crate::store_problem)?;
    Ok(Json(list.into_iter().map(token_info).collect()))
}

/// Revokes one of the signed-in account's API tokens.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "session",
    security(("session" = []), ("token" = [])),
    params(("id" = String, Path, description = "令牌编号 (token id)")),
    responses(
        (status = 204, description = "已吊销 (revoked)"),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "没有这个令牌 (no such token of yours)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn revoke_token(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, Problem> {
    let actor = caller.require_login()?;
    let account_id = actor.account_id.clone().unwrap_or_default();
    let mine = state
        .store
        .list_api_tokens(&account_id)
        .await
        .map_err(crate::store_problem)?;
    // Another account's token is "not found": its existence is none of the caller's business.
    if !mine.iter().any(|t| t.id == id) {
        return Err(Problem::not_found());
    }
    let audit = Audit::new(actor.audit_id(), "api_token.revoke");
    state
        .store
        .revoke_api_token(&audit, &id)
        .await
        .map_err(crate::store_problem)?;
    Ok(StatusCode::NO_CONTENT)
}
