//! Who is asking: an API token (`Authorization: Bearer zw_…`, for integrations), a session cookie
//! (for people in a browser), or nobody. Cookie-authenticated unsafe requests must echo the
//! session's CSRF token in `X-CSRF-Token` (synchronizer token, kept in the session row); token
//! requests are exempt because a browser never attaches an Authorization header by itself.

use crate::AppState;
use crate::policy::Actor;
use crate::problem::Problem;
use axum::extract::FromRequestParts;
use axum::http::{HeaderMap, Method, StatusCode, header, request::Parts};
use std::collections::BTreeSet;
use zhengwu_rules::Role;
use zhengwu_store::Account;
use zhengwu_store::org::SubjectKind;

pub const SESSION_COOKIE: &str = "zw_session";
/// Readable by the page's script, which echoes it in `X-CSRF-Token`.
pub const CSRF_COOKIE: &str = "zw_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// How the request authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    Anonymous,
    Session {
        session_id: String,
        csrf_token: String,
    },
    Token {
        token_id: String,
    },
}

/// The authenticated (or anonymous) caller of a request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub actor: Actor,
    pub via: Via,
}

impl Caller {
    /// Fails with 401 when nobody is signed in.
    pub fn require_login(&self) -> Result<&Actor, Problem> {
        if self.actor.is_authenticated() {
            Ok(&self.actor)
        } else {
            Err(Problem::unauthenticated())
        }
    }
}

/// The value of one cookie in the `Cookie` header(s).
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"'))
}

fn bearer(headers: &HeaderMap) -> Option<Result<&str, Problem>> {
    let v = headers.get(header::AUTHORIZATION)?;
    let parsed = v
        .to_str()
        .ok()
        .and_then(|s| {
            let (scheme, token) = s.trim().split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then_some(token.trim())
        })
        .filter(|t| !t.is_empty());
    Some(parsed.ok_or_else(|| {
        let mut p = Problem::unauthenticated();
        p.detail = "Authorization 头须为 \"Bearer <令牌>\" (the Authorization header must be \"Bearer <token>\")".into();
        p
    }))
}

/// Compares secrets in time independent of where they first differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn csrf_problem() -> Problem {
    Problem::new(
        StatusCode::FORBIDDEN,
        "csrf",
        "缺少或错误的 CSRF 令牌 (missing or wrong CSRF token)",
        "使用会话 Cookie 的修改请求须在 X-CSRF-Token 头中附上登录时返回的 csrf_token (a change made with the session cookie must send the csrf_token from login in the X-CSRF-Token header)",
    )
}

/// Turns a stored account into an actor: its role ids, its department, and the departments its
/// positions are in charge of (分管).
pub async fn actor_of(state: &AppState, acc: &Account) -> Result<Actor, Problem> {
    let roles: Vec<Role> = acc.roles.iter().filter_map(|r| Role::from_id(r)).collect();
    let mut portfolio = BTreeSet::new();
    if let (Some(gov), Some(person)) = (&acc.government_id, &acc.person_id) {
        let org = state
            .store
            .government_org(gov)
            .await
            .map_err(crate::store_problem)?;
        let positions: BTreeSet<&str> = org
            .positions
            .iter()
            .filter(|p| p.person_id.as_deref() == Some(person.as_str()))
            .map(|p| p.id.as_str())
            .collect();
        portfolio = org
            .portfolios
            .iter()
            .filter(|p| {
                p.subject_kind == SubjectKind::Department
                    && positions.contains(p.position_id.as_str())
            })
            .map(|p| p.subject.clone())
            .collect();
    }
    Ok(Actor {
        account_id: Some(acc.id.clone()),
        username: acc.username.clone(),
        roles,
        department_id: acc.department_id.clone(),
        portfolio,
    })
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(token) = bearer(&parts.headers) {
            let token = token?;
            let found = state
                .store
                .api_token_account(token)
                .await
                .map_err(crate::store_problem)?;
            // A wrong token is an error, not a silent fall back to anonymous: the integration
            // must learn that its credentials are dead.
            let Some((tok, acc)) = found else {
                let mut p = Problem::unauthenticated();
                p.detail =
                    "API 令牌无效、已过期或已吊销 (the API token is invalid, expired or revoked)"
                        .into();
                return Err(p);
            };
            let actor = actor_of(state, &acc).await?;
            return Ok(Caller {
                actor,
                via: Via::Token { token_id: tok.id },
            });
        }
        if let Some(token) = cookie(&parts.headers, SESSION_COOKIE) {
            let found = state
                .store
                .session_by_token(token)
                .await
                .map_err(crate::store_problem)?;
            if let Some((session, acc)) = found {
                if !is_safe(&parts.method) {
                    let sent = parts
                        .headers
                        .get(CSRF_HEADER)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("");
                    if !constant_time_eq(sent.as_bytes(), session.csrf_token.as_bytes()) {
                        state.metrics.refusal("csrf");
                        return Err(csrf_problem());
                    }
                }
                let actor = actor_of(state, &acc).await?;
                return Ok(Caller {
                    actor,
                    via: Via::Session {
                        session_id: session.id,
                        csrf_token: session.csrf_token,
                    },
                });
            }
        }
        Ok(Caller {
            actor: Actor::anonymous(),
            via: Via::Anonymous,
        })
    }
}

/// `Set-Cookie` values for a new session: the HttpOnly session cookie and the script-readable
/// CSRF cookie. `SameSite=Strict` keeps both off cross-site requests altogether.
pub fn session_cookies(token: &str, csrf: &str, max_age_secs: i64, secure: bool) -> [String; 2] {
    let secure = if secure { "; Secure" } else { "" };
    [
        format!(
            "{SESSION_COOKIE}={token}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Strict{secure}"
        ),
        format!("{CSRF_COOKIE}={csrf}; Path=/; Max-Age={max_age_secs}; SameSite=Strict{secure}"),
    ]
}

/// `Set-Cookie` values that remove both cookies.
pub fn clear_cookies(secure: bool) -> [String; 2] {
    let secure = if secure { "; Secure" } else { "" };
    [
        format!("{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict{secure}"),
        format!("{CSRF_COOKIE}=; Path=/; Max-Age=0; SameSite=Strict{secure}"),
    ]
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn reads_cookies_from_several_headers() {
        let mut h = HeaderMap::new();
        h.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; zw_session=abc"),
        );
        h.append(header::COOKIE, HeaderValue::from_static("zw_csrf=\"def\""));
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&h, CSRF_COOKIE), Some("def"));
        assert_eq!(cookie(&h, "zw"), None);
    }

    #[test]
    fn bearer_scheme_is_case_insensitive_and_required() {
        let mut h = HeaderMap::new();
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("bearer zw_x"),
        );
        assert_eq!(bearer(&h).unwrap().unwrap(), "zw_x");
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Basic dTpw"),
        );
        assert!(bearer(&h).unwrap().is_err());
    }

    #[test]
    fn cookies_are_httponly_strict_and_secure_when_asked() {
        let [s, c] = session_cookies("t", "c", 60, true);
        assert!(s.contains("HttpOnly") && s.contains("SameSite=Strict") && s.ends_with("Secure"));
        assert!(
            !c.contains("HttpOnly"),
            "the page must read the CSRF cookie"
        );
        let [s, _] = session_cookies("t", "c", 60, false);
        assert!(!s.contains("Secure"));
    }

    #[test]
    fn constant_time_eq_compares_content() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
