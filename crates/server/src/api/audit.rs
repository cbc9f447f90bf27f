//! The audit chain, for the office: verification of the hash chain.

use crate::AppState;
use crate::auth::Caller;
use crate::policy::{Action, Decision, Object, authorize};
use crate::problem::Problem;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct VerifyView {
    pub ok: bool,
    /// Events checked (up to and including the first bad one).
    pub checked: i64,
    pub head_seq: i64,
    pub head_hash: String,
    /// The first edited, missing, inserted or reordered event.
    pub first_bad: Option<BadEventView>,
}

#[derive(Serialize, ToSchema)]
pub struct BadEventView {
    pub seq: i64,
    pub message: String,
}

/// Recomputes the audit hash chain and names the first tampered event, if any.
#[utoipa::path(get, path = "/api/v1/audit/verify", tag = "audit",
    security(("session" = []), ("token" = [])),
    responses(
        (status = 200, description = "校验结果 (the verification)", body = VerifyView),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "仅政府办公室 (office only)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn verify(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<VerifyView>, Problem> {
    let actor = caller.require_login()?;
    if let Decision::Deny(why) = authorize(actor, Action::Read, Object::Audit) {
        return Err(Problem::forbidden(why));
    }
    let r = state
        .store
        .verify_audit()
        .await
        .map_err(crate::store_problem)?;
    Ok(Json(VerifyView {
        ok: r.ok(),
        checked: r.checked,
        head_seq: r.head_seq,
        head_hash: r.head_hash,
        first_bad: r.first_bad.map(|b| BadEventView {
            seq: b.seq,
            message: b.to_string(),
        }),
    }))
}
