//! 报送件: records a department files with the government (a request, a report, an agenda item).
//! The resource that shows the write discipline of the API:
//! - per-object authorisation (a department files and sees its own, a deputy sees the portfolio,
//!   the office sees and publishes all, the public sees what is published);
//! - optimistic concurrency: `ETag: "<version>"` on every answer, `If-Match` (or `version` in the
//!   body) on every change, 409 on a stale version, 428 when no version is given;
//! - `Idempotency-Key` on the creating POST: a retry returns the first answer, nothing is filed twice;
//! - an optional rule question (`case`, CASES.md) judged by the department's government's profile:
//!   a refusal is 422 with the cited `violations`, and the citations go into the audit event;
//! - reads of unpublished records by anyone but the owning department are audited.

use crate::AppState;
use crate::auth::Caller;
use crate::extract::{ApiJson, IdempotencyKey, IfMatch};
use crate::policy::{Action, Actor, Decision, Object, Reach, authorize};
use crate::problem::{Problem, Violation};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use zhengwu_store::{Audit, NewRecord, Record};

pub const KIND: &str = "submission";

/// Secrecy levels the system accepts. 机密 and 绝密 never get this far (涉密信息不上网).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, Default)]
pub enum Secrecy {
    #[default]
    #[serde(rename = "none")]
    None,
    #[serde(rename = "秘密")]
    Secret,
}

/// What the store keeps in the record's `data`.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Data {
    department_id: String,
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    secrecy: Secrecy,
    #[serde(default)]
    published: bool,
    filed_by: String,
    #[serde(default)]
    check: Option<CheckSummary>,
}

/// The rule question judged when the record was filed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CheckSummary {
    pub kind: String,
    pub profile: String,
    pub rules_version: String,
    /// `allowed` or `allowed_with_warning` (a refused case is never filed).
    pub outcome: String,
    /// Warnings, with their citations: `{rule, citation, message}`.
    pub warnings: Vec<Violation>,
}

#[derive(Serialize, ToSchema)]
pub struct Submission {
    pub id: String,
    pub version: i64,
    pub department_id: String,
    pub title: String,
    pub summary: String,
    pub secrecy: Secrecy,
    pub published: bool,
    /// Account id of whoever filed it.
    pub filed_by: String,
    pub check: Option<CheckSummary>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSubmission {
    /// The filing department; defaults to the caller's own.
    pub department_id: Option<String>,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// `none` or `秘密`; content marked 机密 or 绝密 is refused at the door.
    #[serde(default)]
    pub secrecy: Secrecy,
    /// A rule question (CASES.md) that must not be refused for the record to be filed; judged by
    /// the profile of the department's government.
    #[schema(value_type = Option<Object>)]
    pub case: Option<Value>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmissionPatch {
    /// The version this change is based on (alternative to `If-Match`).
    pub version: Option<i64>,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub secrecy: Option<Secrecy>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct VersionOnly {
    /// The version this change is based on (alternative to `If-Match`).
    pub version: Option<i64>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Continue after this id (from `next_after`).
    pub after: Option<String>,
    /// At most this many (1–200, default 50).
    pub limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct SubmissionList {
    pub items: Vec<Submission>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next_after: Option<String>,
}

fn decode(r: &Record) -> Result<Data, Problem> {
    serde_json::from_value(r.data.clone()).map_err(|e| {
        tracing::error!(id = %r.id, error = %e, "stored submission does not decode");
        Problem::internal("存储的记录已损坏 (a stored record is corrupt)")
    })
}

fn encode(d: &Data) -> Result<Value, Problem> {
    serde_json::to_value(d).map_err(|e| Problem::internal(e.to_string()))
}

fn view(r: &Record, d: Data) -> Submission {
    Submission {
        id: r.id.clone(),
        version: r.version,
        department_id: d.department_id,
        title: d.title,
        summary: d.summary,
        secrecy: d.secrecy,
        published: d.published,
        filed_by: d.filed_by,
        check: d.check,
        created_at: r.created_at.to_string(),
        updated_at: r.updated_at.to_string(),
    }
}

fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
}

fn respond(status: StatusCode, r: &Record, d: Data) -> Response {
    let mut res = (status, Json(view(r, d))).into_response();
    res.headers_mut().insert(header::ETAG, etag(r.version));
    res
}

fn object(d: &Data) -> Object<'_> {
    Object::Record {
        department_id: &d.department_id,
        published: d.published,
    }
}

fn deny(caller: &Caller, why: &'static str) -> Problem {
    if caller.actor.is_authenticated() {
        Problem::forbidden(why)
    } else {
        Problem::unauthenticated()
    }
}

fn check_title(title: &str) -> Result<(), Problem> {
    let n = title.trim().chars().count();
    if n == 0 || n > 200 {
        return Err(Problem::invalid(
            "title",
            "标题须为 1–200 个字 (the title must be 1–200 characters)",
        ));
    }
    Ok(())
}

/// The version a change is based on: `If-Match` or the body's `version`, which must agree.
fn base_version(if_match: IfMatch, body: Option<i64>) -> Result<i64, Problem> {
    match (if_match.0, body) {
        (Some(a), Some(b)) if a != b => Err(Problem::invalid(
            "version",
            format!("If-Match（{a}）与 version（{b}）不一致 (If-Match and version disagree)"),
        )),
        (Some(v), _) | (None, Some(v)) => Ok(v),
        (None, None) => Err(Problem::new(
            StatusCode::PRECONDITION_REQUIRED,
            "version-required",
            "须指明所依据的版本 (the version is required)",
            "修改须带 If-Match 头或 version 字段，以免覆盖他人的修改 (send If-Match or a version field so no one's change is silently overwritten)",
        )),
    }
}

async fn fetch(state: &AppState, id: &str) -> Result<(Record, Data), Problem> {
    let r = state
        .store
        .get_record(KIND, id)
        .await
        .map_err(crate::store_problem)?
        .ok_or_else(Problem::not_found)?;
    let d = decode(&r)?;
    Ok((r, d))
}

/// Fetches a record the caller may see; one it may not see is "not found", so ids cannot be probed.
async fn fetch_visible(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> Result<(Record, Data), Problem> {
    let (r, d) = fetch(state, id).await?;
    if !authorize(&caller.actor, Action::Read, object(&d)).allowed() {
        return Err(Problem::not_found());
    }
    Ok((r, d))
}

/// The profile that judges a department's cases: its government's.
async fn profile_of(state: &AppState, department_id: &str) -> Result<String, Problem> {
    let org = state.store.org().await.map_err(crate::store_problem)?;
    let Some(dept) = org.departments.iter().find(|d| d.id == department_id) else {
        return Err(Problem::invalid(
            "department_id",
            format!(
                "组织机构中没有部门 \"{department_id}\" (no department \"{department_id}\" in the organisation)"
            ),
        ));
    };
    org.governments
        .iter()
        .find(|g| g.id == dept.government_id)
        .map(|g| g.profile_id.clone())
        .ok_or_else(|| {
            Problem::internal("部门所属政府缺失 (the department's government is missing)")
        })
}

/// Judges the filing's rule question; a refusal stops the filing with its citations.
fn judge(state: &AppState, profile: &str, case: &Value) -> Result<CheckSummary, Problem> {
    let text = case.to_string();
    let v = zhengwu_rules::check_json(&state.registry, &state.calendar(), &text, Some(profile))
        .map_err(|e| {
            let mut p = crate::api::rules::check_problem(e);
            for err in &mut p.errors {
                err.path = if err.path.is_empty() {
                    "case".into()
                } else {
                    format!("case.{}", err.path)
                };
            }
            p
        })?;
    if v.outcome == zhengwu_rules::Outcome::Refused {
        state.metrics.check("refused");
        return Err(Problem::refused(
            v.violations.iter().map(Violation::from).collect(),
        ));
    }
    state.metrics.check(match v.outcome {
        zhengwu_rules::Outcome::Allowed => "allowed",
        _ => "allowed_with_warning",
    });
    Ok(CheckSummary {
        kind: v.kind.to_string(),
        profile: v.profile.to_string(),
        rules_version: v.rules_version.to_string(),
        outcome: match v.outcome {
            zhengwu_rules::Outcome::Allowed => "allowed",
            _ => "allowed_with_warning",
        }
        .into(),
        warnings: v.warnings.iter().map(Violation::from).collect(),
    })
}

/// Lists the records the caller may see, oldest first.
#[utoipa::path(get, path = "/api/v1/submissions", tag = "submissions", params(ListQuery),
    responses((status = 200, description = "可见的报送件 (the records you may see)", body = SubmissionList)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Json<SubmissionList>, Problem> {
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(Problem::invalid(
            "limit",
            "limit 须在 1–200 之间 (limit must be 1–200)",
        ));
    }
    let mut items = Vec::new();
    let mut after = q.after.clone();
    let mut next_after = None;
    // Pages of the store are filtered by the policy until the caller's page is full.
    'pages: loop {
        let page = state
            .store
            .list_records(KIND, after.as_deref(), 200)
            .await
            .map_err(crate::store_problem)?;
        let exhausted = page.len() < 200;
        for r in &page {
            after = Some(r.id.clone());
            let d = decode(r)?;
            if authorize(&caller.actor, Action::Read, object(&d)).allowed() {
                if items.len() as i64 == limit {
                    next_after = items.last().map(|s: &Submission| s.id.clone());
                    break 'pages;
                }
                items.push(view(r, d));
            }
        }
        if exhausted {
            break;
        }
    }
    Ok(Json(SubmissionList { items, next_after }))
}

/// Files a record. `Idempotency-Key` makes a retry safe.
#[utoipa::path(post, path = "/api/v1/submissions", tag = "submissions",
    security(("session" = []), ("token" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "重试时不重复报送 (a retry with the same key files nothing twice)")),
    request_body = NewSubmission,
    responses(
        (status = 201, description = "已报送 (filed); ETag, Location; Idempotent-Replayed: true on a replay", body = Submission),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "无权为该部门报送，或内容涉密 (not your department, or classified content)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "输入无效，或规则不允许（violations）(invalid input, or refused by the rules with violations)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(body): ApiJson<NewSubmission>,
) -> Result<Response, Problem> {
    let actor = caller.require_login()?;
    check_title(&body.title)?;
    let department_id = match (&body.department_id, &actor.department_id) {
        (Some(d), _) | (None, Some(d)) => d.clone(),
        (None, None) => {
            return Err(Problem::invalid(
                "department_id",
                "须指明报送部门 (name the filing department)",
            ));
        }
    };
    let mut data = Data {
        department_id,
        title: body.title.trim().to_string(),
        summary: body.summary,
        secrecy: body.secrecy,
        published: false,
        filed_by: actor.account_id.clone().unwrap_or_default(),
        check: None,
    };
    if let Decision::Deny(why) = authorize(actor, Action::Create, object(&data)) {
        return Err(deny(&caller, why));
    }
    let profile = profile_of(&state, &data.department_id).await?;
    let mut audit = Audit::new(actor.audit_id(), "submission.create");
    if let Some(case) = &body.case {
        let summary = judge(&state, &profile, case)?;
        for w in &summary.warnings {
            audit = audit.cite(&w.citation);
        }
        data.check = Some(summary);
    }
    let created = state
        .store
        .create_record(
            &audit,
            NewRecord {
                kind: KIND.into(),
                id: None,
                data: encode(&data)?,
                idempotency_key: key,
            },
        )
        .await
        .map_err(crate::store_problem)?;
    let rec = created.value;
    let d = decode(&rec)?;
    let mut res = respond(StatusCode::CREATED, &rec, d);
    if let Ok(loc) = HeaderValue::from_str(&format!("/api/v1/submissions/{}", rec.id)) {
        res.headers_mut().insert(header::LOCATION, loc);
    }
    if created.replayed {
        res.headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(res)
}

/// Audits a read of a record that is not the reader's own and not public.
async fn audit_read(state: &AppState, actor: &Actor, r: &Record, d: &Data) {
    let own = matches!(actor.reach(), Reach::Department(ref dep) if *dep == d.department_id);
    if d.published || own {
        return;
    }
    let audit = Audit::new(actor.audit_id(), "submission.read");
    if let Err(e) = state.store.record_event(&audit, KIND, &r.id, None).await {
        tracing::error!(error = %e, "could not audit a read");
    }
}

/// One record.
#[utoipa::path(get, path = "/api/v1/submissions/{id}", tag = "submissions",
    params(("id" = String, Path, description = "编号 (id)")),
    responses(
        (status = 200, description = "报送件 (the record); ETag", body = Submission),
        (status = 404, description = "不存在或无权查看 (no such record, or not yours to see)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let (r, d) = fetch_visible(&state, &caller, &id).await?;
    audit_read(&state, &caller.actor, &r, &d).await;
    Ok(respond(StatusCode::OK, &r, d))
}

/// Changes a record, based on the version in `If-Match` (or `version`).
#[utoipa::path(patch, path = "/api/v1/submissions/{id}", tag = "submissions",
    security(("session" = []), ("token" = [])),
    params(
        ("id" = String, Path, description = "编号 (id)"),
        ("If-Match" = Option<String>, Header, description = "所依据的版本，如 \"3\" (the version the change is based on)"),
    ),
    request_body = SubmissionPatch,
    responses(
        (status = 200, description = "已修改 (changed); ETag", body = Submission),
        (status = 403, description = "无权修改 (may not change it)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "不存在或无权查看 (no such record)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "版本冲突 (version conflict)", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "未指明版本 (no version given)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    if_match: IfMatch,
    ApiJson(patch): ApiJson<SubmissionPatch>,
) -> Result<Response, Problem> {
    let actor = caller.require_login()?;
    let version = base_version(if_match, patch.version)?;
    let (_, mut d) = fetch_visible(&state, &caller, &id).await?;
    if let Decision::Deny(why) = authorize(actor, Action::Update, object(&d)) {
        return Err(deny(&caller, why));
    }
    if let Some(t) = patch.title {
        check_title(&t)?;
        d.title = t.trim().to_string();
    }
    if let Some(s) = patch.summary {
        d.summary = s;
    }
    if let Some(s) = patch.secrecy {
        d.secrecy = s;
    }
    let audit = Audit::new(actor.audit_id(), "submission.update");
    let r = state
        .store
        .update_record(&audit, KIND, &id, version, encode(&d)?)
        .await
        .map_err(crate::store_problem)?;
    Ok(respond(StatusCode::OK, &r, d))
}

/// Publishes a record (公开): from then on the public sees it. The office only.
#[utoipa::path(post, path = "/api/v1/submissions/{id}/publish", tag = "submissions",
    security(("session" = []), ("token" = [])),
    params(
        ("id" = String, Path, description = "编号 (id)"),
        ("If-Match" = Option<String>, Header, description = "所依据的版本 (the version the change is based on)"),
    ),
    request_body(content = Option<VersionOnly>, content_type = "application/json"),
    responses(
        (status = 200, description = "已公开 (published); ETag", body = Submission),
        (status = 403, description = "仅政府办公室 (office only)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "不存在或无权查看 (no such record)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "版本冲突 (version conflict)", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "未指明版本 (no version given)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    if_match: IfMatch,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, Problem> {
    let actor = caller.require_login()?;
    // The body is optional here (If-Match suffices); when present it must be JSON.
    let body: VersionOnly = if body.is_empty() {
        VersionOnly::default()
    } else if crate::extract::is_json(&headers) {
        let text = std::str::from_utf8(&body)
            .map_err(|_| Problem::invalid("", "请求体不是 UTF-8 文本 (the body is not UTF-8)"))?;
        crate::extract::parse(text)?
    } else {
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "请求体须为 JSON (the body must be JSON)",
            "请设置 Content-Type: application/json (send Content-Type: application/json)",
        ));
    };
    let version = base_version(if_match, body.version)?;
    let (_, mut d) = fetch_visible(&state, &caller, &id).await?;
    if let Decision::Deny(why) = authorize(actor, Action::Publish, object(&d)) {
        return Err(deny(&caller, why));
    }
    d.published = true;
    let audit = Audit::new(actor.audit_id(), "submission.publish");
    let r = state
        .store
        .update_record(&audit, KIND, &id, version, encode(&d)?)
        .await
        .map_err(crate::store_problem)?;
    Ok(respond(StatusCode::OK, &r, d))
}

/// Withdraws (deletes) a record, based on the version in `If-Match`. Its history stays in the audit log.
#[utoipa::path(delete, path = "/api/v1/submissions/{id}", tag = "submissions",
    security(("session" = []), ("token" = [])),
    params(
        ("id" = String, Path, description = "编号 (id)"),
        ("If-Match" = String, Header, description = "所依据的版本 (the version the change is based on)"),
    ),
    responses(
        (status = 204, description = "已撤回 (withdrawn)"),
        (status = 403, description = "无权撤回 (may not withdraw it)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "不存在或无权查看 (no such record)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "版本冲突 (version conflict)", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "未指明版本 (no version given)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    if_match: IfMatch,
) -> Result<StatusCode, Problem> {
    let actor = caller.require_login()?;
    let version = base_version(if_match, None)?;
    let (_, d) = fetch_visible(&state, &caller, &id).await?;
    if let Decision::Deny(why) = authorize(actor, Action::Delete, object(&d)) {
        return Err(deny(&caller, why));
    }
    let audit = Audit::new(actor.audit_id(), "submission.delete");
    state
        .store
        .delete_record(&audit, KIND, &id, version)
        .await
        .map_err(crate::store_problem)?;
    Ok(StatusCode::NO_CONTENT)
}
