//! The steps every form post of the documents, supervision, leave, disclosure and follow-up
//! screens shares: the session as an API caller and the form's CSRF token, the form read into the
//! API's request type and the API handler called in-process, and the redirect to what was created.

use super::documents::{Pairs, body_json, caller, csrf_rejected, field, problem_html};
use super::{Ctx, ctx, page_status, to_login};
use crate::AppState;
use crate::auth::Caller;
use crate::policy::{Action, Object, authorize};
use crate::problem::Problem;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Common start of a form post: the page's session as the API caller (else the login page) and
/// the form's CSRF token (else a 400 page, counted as a refusal).
pub(super) async fn form_caller(
    state: &AppState,
    headers: &HeaderMap,
    pairs: &Pairs,
) -> Result<(Ctx, Caller), Response> {
    let c = ctx(state, headers, None).await;
    let Some(cl) = caller(&c) else {
        return Err(to_login());
    };
    if !c.csrf_ok(&field(pairs, "csrf")) {
        return Err(csrf_rejected(state, &c));
    }
    Ok((c, cl))
}

/// Reads `body` into the API's request type and calls the API handler with it; a body the type
/// refuses is an invalid-input problem on `name`.
pub(super) async fn call<B, T, Fut>(
    body: Value,
    name: &str,
    handler: impl FnOnce(B) -> Fut,
) -> Result<T, Problem>
where
    B: DeserializeOwned,
    Fut: Future<Output = Result<T, Problem>>,
{
    match serde_json::from_value::<B>(body) {
        Ok(b) => handler(b).await,
        Err(e) => Err(Problem::invalid(name, e.to_string())),
    }
}

/// After a record was created: its page `{base}/{id}` by the id in the API's answer, else the
/// list at `base`.
pub(super) async fn to_created(res: Response, base: &str) -> Response {
    let v = body_json(res).await.unwrap_or(Value::Null);
    match v.get("id").and_then(Value::as_str) {
        Some(id) => Redirect::to(&format!("{base}/{id}")).into_response(),
        None => Redirect::to(base).into_response(),
    }
}

/// A page that may carry the refusal it was rendered for: its status is the refusal's, else 200.
pub(super) fn page_for(
    c: &Ctx,
    problem: Option<&Problem>,
    title: &str,
    active: &str,
    body: &str,
) -> Response {
    let status = problem.map_or(StatusCode::OK, Problem::status_code);
    page_status(c, status, title, active, body)
}

/// A page showing only a refusal (with its citations), under the refusal's status.
pub(super) fn refusal_page(c: &Ctx, p: &Problem, title: &str, active: &str) -> Response {
    page_status(c, p.status_code(), title, active, &problem_html(c, p))
}

/// The government of the page's account, if any.
pub(super) fn gov(c: &Ctx) -> Option<String> {
    c.user.as_ref()?.account.government_id.clone()
}

/// Whether the page's account may do `action` on `object` (the API's own authorisation).
pub(super) fn allowed(c: &Ctx, action: Action, object: Object<'_>) -> bool {
    c.user
        .as_ref()
        .is_some_and(|u| authorize(&u.actor, action, object).allowed())
}
