//! 依申请公开 over HTTP: registration, the acts of the procedure (补正, extension, third-party
//! consultation, reply in one of the forms of 第三十六条, archive), and the applicant's public status
//! page (no login, by tracking code) showing how the reply deadline was computed. Deadlines and status
//! come from the `disclosure_request` kind of the rules crate through `zhengwu_domain::openness`.

use crate::AppState;
use crate::auth::Caller;
use crate::extract::ApiJson;
use crate::policy::{Action, Decision, Object, authorize};
use crate::problem::Problem;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use zhengwu_domain::openness::{Command, Refusal, Request, assess, reply_form_label};
use zhengwu_store::{Audit, Disclosure, NewDisclosure};

fn office(caller: &Caller) -> Result<(), Problem> {
    match authorize(&caller.actor, Action::Update, Object::Disclosure) {
        Decision::Allow => Ok(()),
        Decision::Deny(why) if caller.actor.is_authenticated() => Err(Problem::forbidden(why)),
        Decision::Deny(_) => Err(Problem::unauthenticated()),
    }
}

fn refused(r: Refusal) -> Problem {
    Problem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "rule-refused",
        "规则不允许 (refused by the rules)",
        r.to_string(),
    )
}

fn decode(d: &Disclosure) -> Result<Request, Problem> {
    serde_json::from_value(d.data.clone())
        .map_err(|_| Problem::internal("存储的申请已损坏 (a stored request is corrupt)"))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRequest {
    pub government_id: String,
    /// 收到申请之日 `YYYY-MM-DD` (第三十一条); today when absent.
    pub received_on: Option<String>,
    /// 当面 | 邮寄 | 网络 | 传真
    pub channel: String,
    pub applicant: String,
    pub content: String,
}

#[derive(Serialize, ToSchema)]
pub struct RequestView {
    pub id: String,
    pub version: i64,
    pub tracking_code: String,
    pub status: String,
    pub due_on: Option<String>,
    #[schema(value_type = Object)]
    pub request: Value,
    /// The `disclosure_request` verdict today (deadlines with explanations and citations).
    #[schema(value_type = Object)]
    pub verdict: Value,
}

async fn view(state: &AppState, d: &Disclosure) -> Result<RequestView, Problem> {
    let r = decode(d)?;
    let cal = state.calendar();
    let a = assess(&state.registry, &cal, &r, state.today()).map_err(refused)?;
    Ok(RequestView {
        id: d.id.clone(),
        version: d.version,
        tracking_code: d.tracking_code.clone(),
        status: a.status,
        due_on: a.due_on.map(|x| x.to_string()),
        request: d.data.clone(),
        verdict: serde_json::to_value(&a.verdict).unwrap_or(Value::Null),
    })
}

/// Registers a disclosure request.
#[utoipa::path(post, path = "/api/v1/disclosure/requests", tag = "openness", request_body = NewRequest,
    responses((status = 201, description = "已登记 (registered)", body = RequestView),
              (status = 403, description = "仅政府办公室 (office only)", body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(new): ApiJson<NewRequest>,
) -> Result<Response, Problem> {
    office(&caller)?;
    let org = state.store.org().await.map_err(crate::store_problem)?;
    let profile = org
        .governments
        .iter()
        .find(|g| g.id == new.government_id)
        .map(|g| g.profile_id.clone())
        .ok_or_else(|| Problem::invalid("government_id", "没有这个政府 (no such government)"))?;
    let received_on = match &new.received_on {
        Some(s) => zhengwu_calendar::parse_date(s).map_err(|e| {
            Problem::invalid("received_on", format!("日期无效 (invalid date): {e}"))
        })?,
        None => state.today(),
    };
    let r = Request {
        profile: profile.clone(),
        received_on,
        channel: new.channel,
        applicant: new.applicant,
        content: new.content,
        correction: None,
        extended_by: None,
        third_party_consulted_on: None,
        third_party_replied_on: None,
        replied_on: None,
        reply_form: None,
        archived: false,
    };
    let cal = state.calendar();
    let a = assess(&state.registry, &cal, &r, state.today()).map_err(refused)?;
    let mut audit = Audit::new(caller.actor.audit_id(), "disclosure.register");
    for d in &a.verdict.deadlines {
        audit = audit.cite(&d.citation);
    }
    let d = state
        .store
        .create_disclosure(
            &audit,
            NewDisclosure {
                government_id: new.government_id,
                profile_id: profile,
                received_on: received_on.to_string(),
                status: a.status.clone(),
                due_on: a.due_on.map(|x| x.to_string()),
                data: serde_json::to_value(&r).map_err(|e| Problem::internal(e.to_string()))?,
            },
        )
        .await
        .map_err(crate::store_problem)?;
    Ok((StatusCode::CREATED, Json(view(&state, &d).await?)).into_response())
}

/// One request with its deadlines (office).
#[utoipa::path(get, path = "/api/v1/disclosure/requests/{id}", tag = "openness",
    params(("id" = String, Path, description = "编号 (id)")),
    responses((status = 200, description = "申请 (the request)", body = RequestView),
              (status = 403, description = "仅政府办公室 (office only)", body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<RequestView>, Problem> {
    office(&caller)?;
    let d = state
        .store
        .get_disclosure(&id)
        .await
        .map_err(crate::store_problem)?;
    Ok(Json(view(&state, &d).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct ActionBody {
    pub version: i64,
    /// `{"command": "request_correction", "what": "…"}`, `{"command": "correction_received"}`,
    /// `{"command": "extend", "approved_by": "…"}`, `{"command": "consult_third_party"}`,
    /// `{"command": "third_party_replied"}`, `{"command": "reply", "form": "disclosed"}`,
    /// `{"command": "archive"}`
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub command: Command,
}

/// An act of the procedure.
#[utoipa::path(post, path = "/api/v1/disclosure/requests/{id}/actions", tag = "openness",
    params(("id" = String, Path, description = "编号 (id)")), request_body = ActionBody,
    responses((status = 200, description = "已办理 (done)", body = RequestView),
              (status = 409, description = "版本冲突 (stale version)", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "规则不允许 (refused)", body = Problem, content_type = "application/problem+json")))]
pub async fn action(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ActionBody>,
) -> Result<Json<RequestView>, Problem> {
    office(&caller)?;
    let d = state
        .store
        .get_disclosure(&id)
        .await
        .map_err(crate::store_problem)?;
    if d.version != body.version {
        return Err(crate::store_problem(zhengwu_store::StoreError::Conflict {
            object_type: "disclosure_request".into(),
            id: id.clone(),
            expected: body.version,
            current: d.version,
        }));
    }
    let r = decode(&d)?;
    let cal = state.calendar();
    let today = state.today();
    let next = zhengwu_domain::openness::apply(&state.registry, &cal, &r, &body.command, today)
        .map_err(refused)?;
    let a = assess(&state.registry, &cal, &next, today).map_err(refused)?;
    let mut audit = Audit::new(caller.actor.audit_id(), body.command.action());
    for dl in &a.verdict.deadlines {
        audit = audit.cite(&dl.citation);
    }
    let saved = state
        .store
        .update_disclosure(
            &audit,
            &id,
            body.version,
            &a.status,
            a.due_on.map(|x| x.to_string()),
            serde_json::to_value(&next).map_err(|e| Problem::internal(e.to_string()))?,
        )
        .await
        .map_err(crate::store_problem)?;
    Ok(Json(view(&state, &saved).await?))
}

#[derive(Serialize, ToSchema)]
pub struct PublicStatus {
    pub tracking_code: String,
    pub received_on: String,
    pub status: String,
    pub due_on: Option<String>,
    pub reply_form: Option<String>,
    /// Each deadline: what, due date, how it was computed (days skipped, 补正, extension,
    /// consultation), and the article.
    #[schema(value_type = Vec<Object>)]
    pub deadlines: Vec<Value>,
}

/// The applicant's status page: no login, by tracking code; no personal data.
#[utoipa::path(get, path = "/api/v1/public/disclosure/{id}", tag = "openness",
    params(("id" = String, Path, description = "查询码 (the tracking code given at registration)")),
    responses((status = 200, description = "办理状态 (status)", body = PublicStatus),
              (status = 404, description = "查询码无效 (unknown code)", body = Problem, content_type = "application/problem+json")))]
pub async fn public_status(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<PublicStatus>, Problem> {
    let d = state
        .store
        .disclosure_by_code(&code)
        .await
        .map_err(crate::store_problem)?;
    let r = decode(&d)?;
    let cal = state.calendar();
    let a = assess(&state.registry, &cal, &r, state.today()).map_err(refused)?;
    Ok(Json(PublicStatus {
        tracking_code: d.tracking_code,
        received_on: d.received_on,
        status: a.status,
        due_on: a.due_on.map(|x| x.to_string()),
        reply_form: r
            .reply_form
            .as_deref()
            .and_then(reply_form_label)
            .map(str::to_string),
        deadlines: a
            .verdict
            .deadlines
            .iter()
            .map(|x| {
                serde_json::json!({"what": x.what, "due": x.due, "status": x.status,
                    "explain": x.explain, "explain_en": x.explain_en, "citation": x.citation.text,
                    "provisional": x.provisional})
            })
            .collect(),
    }))
}
