//! The rule questions of CASES.md over HTTP, and the list of profiles. Both are public.

use crate::AppState;
use crate::extract::JsonText;
use crate::problem::Problem;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;
use zhengwu_rules::CheckError;
use zhengwu_rules::profile::Level;

/// The verdict of CASES.md (documentation shape; the body is exactly what `zhengwu check` prints).
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct Verdict {
    pub kind: String,
    pub profile: String,
    /// `effective_from` of the profile version that judged the case.
    pub rules_version: String,
    #[schema(value_type = String, example = "refused")]
    /// `allowed` | `allowed_with_warning` | `refused`
    pub outcome: String,
    /// HARD failures and un-excepted SOFT failures: `{rule, citation, message, message_en}`.
    pub violations: Vec<Object>,
    pub warnings: Vec<Object>,
    /// `{what, due, status, provisional, citation, explain}`
    pub deadlines: Vec<Object>,
    /// `{step, role, title, alternatives?, note?, citation?}`
    pub chain: Vec<Object>,
    /// Steps the profile leaves to a person (C8): `{step, reason, citation?}`.
    pub manual_steps: Option<Vec<Object>>,
    /// Kind-specific answer.
    pub status: Object,
    pub provisional: bool,
}

/// An arbitrary JSON object in the documentation.
#[derive(Serialize, ToSchema)]
#[schema(value_type = Object)]
pub struct Object(serde_json::Value);

/// Maps an engine error to 422 with the field path.
pub fn check_problem(e: CheckError) -> Problem {
    match e {
        CheckError::Input { path, message } => Problem::invalid(path, message),
        CheckError::UnknownProfile(_) => Problem::invalid("profile", e.to_string()),
        CheckError::NoVersionInForce { .. } => Problem::invalid("profile", e.to_string()),
        CheckError::Calendar(_) => Problem::invalid("", e.to_string()),
    }
}

/// Evaluates one case (CASES.md) with the profile named in the body and returns the verdict.
/// A refusal is an answer, not an error: it comes with status 200.
#[utoipa::path(post, path = "/api/v1/check", tag = "rules",
    request_body(content = Object, description = "一个案例，含 kind 与 profile (a case, with kind and profile)", content_type = "application/json",
        example = json!({"kind": "workdays", "profile": "liaocheng", "op": "add", "date": "2026-09-30", "n": 1})),
    responses(
        (status = 200, description = "判定结果 (the verdict)", body = Verdict),
        (status = 415, description = "请求体不是 JSON (not JSON)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "案例无效，errors 指明字段 (invalid case; errors name the field)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn check(
    State(state): State<AppState>,
    JsonText(body): JsonText,
) -> Result<Json<zhengwu_rules::Verdict>, Problem> {
    match zhengwu_rules::check_json(&state.registry, &state.calendar(), &body, None) {
        Ok(v) => {
            let outcome = match v.outcome {
                zhengwu_rules::Outcome::Allowed => "allowed",
                zhengwu_rules::Outcome::AllowedWithWarning => "allowed_with_warning",
                zhengwu_rules::Outcome::Refused => "refused",
            };
            state.metrics.check(outcome);
            Ok(Json(v))
        }
        Err(e) => {
            state.metrics.check("invalid");
            Err(check_problem(e))
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ProfileVersion {
    pub effective_from: String,
    pub title: String,
    pub doc_number: String,
}

#[derive(Serialize, ToSchema)]
pub struct ProfileInfo {
    pub id: String,
    pub government: String,
    pub government_en: String,
    pub short_name: String,
    /// `city` | `county` | `district`
    pub level: String,
    /// Oldest first.
    pub versions: Vec<ProfileVersion>,
}

/// The profile list, built once: the registry does not change while the server runs.
pub fn profile_list(reg: &zhengwu_rules::Registry) -> Vec<ProfileInfo> {
    reg.ids()
        .filter_map(|id| {
            let versions = reg.versions(id);
            let newest = &versions.last()?.profile;
            Some(ProfileInfo {
                id: id.to_string(),
                government: newest.government.clone(),
                government_en: newest.government_en.clone(),
                short_name: newest.short_name.clone(),
                level: match newest.level {
                    Level::City => "city",
                    Level::County => "county",
                    Level::District => "district",
                }
                .to_string(),
                versions: versions
                    .iter()
                    .map(|l| ProfileVersion {
                        effective_from: l.profile.effective_from.0.to_string(),
                        title: l.profile.source.title.clone(),
                        doc_number: l.profile.source.doc_number.clone(),
                    })
                    .collect(),
            })
        })
        .collect()
}

/// The governments served: profile ids, names and rule versions.
#[utoipa::path(get, path = "/api/v1/profiles", tag = "rules",
    responses((status = 200, description = "规则配置列表 (the profiles)", body = Vec<ProfileInfo>)))]
pub async fn profiles(State(state): State<AppState>) -> Response {
    let mut res = state.profiles_json.clone().into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    res
}
