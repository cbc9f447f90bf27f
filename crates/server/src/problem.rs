//! RFC 9457 problem details (`application/problem+json`): every error the API returns has this shape,
//! so a client handles one format. Rule refusals carry `violations`, invalid input carries `errors`
//! naming field paths.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use zhengwu_rules::verdict::Finding;

pub const CONTENT_TYPE: &str = "application/problem+json";

/// One problem with a field of the request: the path (`meeting.date`, empty for the whole body) and
/// what was wrong.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FieldError {
    pub path: String,
    pub message: String,
}

/// The citation of a violated rule, as in a verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ViolationCitation {
    pub profile: String,
    pub article: String,
    pub text: String,
    /// The article's verbatim wording, where the rule carries it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub quote: String,
}

/// A rule that refused the request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Violation {
    pub rule: String,
    pub citation: ViolationCitation,
    pub message: String,
}

impl From<&Finding> for Violation {
    fn from(f: &Finding) -> Violation {
        Violation {
            rule: f.rule.clone(),
            citation: ViolationCitation {
                profile: f.citation.profile.clone(),
                article: f.citation.article.clone(),
                text: f.citation.text.clone(),
                quote: f.citation.quote.clone(),
            },
            message: format!("{} ({})", f.message, f.message_en),
        }
    }
}

/// A problem details object (RFC 9457 §3) with the two extension members this API uses.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem (`urn:zhengwu:problem:<slug>`).
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Field paths of invalid input.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Rules that refused the request, with their citations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<Violation>,
    /// Seconds to wait before retrying (rate limits); also sent as the `Retry-After` header.
    #[serde(skip)]
    pub retry_after: Option<u64>,
}

impl Problem {
    pub fn new(status: StatusCode, slug: &str, title: &str, detail: impl Into<String>) -> Problem {
        Problem {
            type_: format!("urn:zhengwu:problem:{slug}"),
            title: title.to_string(),
            status: status.as_u16(),
            detail: detail.into(),
            instance: None,
            errors: Vec::new(),
            violations: Vec::new(),
            retry_after: None,
        }
    }

    pub fn slug(&self) -> &str {
        self.type_
            .strip_prefix("urn:zhengwu:problem:")
            .unwrap_or(&self.type_)
    }

    /// 422: the request body is not what the endpoint accepts; `path` names the field.
    pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> Problem {
        let (path, message) = (path.into(), message.into());
        let detail = if path.is_empty() {
            message.clone()
        } else {
            format!("字段 {path}：{message}")
        };
        let mut p = Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-input",
            "输入无效 (invalid input)",
            detail,
        );
        p.errors.push(FieldError { path, message });
        p
    }

    /// 422 with the rule violations that refused a write.
    pub fn refused(violations: Vec<Violation>) -> Problem {
        let mut p = Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "rule-refused",
            "规则不允许 (refused by the rules)",
            format!(
                "按工作规则，该操作不被允许，共 {} 项违反 (the Work Rules refuse this: {} violation(s))",
                violations.len(),
                violations.len()
            ),
        );
        p.violations = violations;
        p
    }

    pub fn unauthenticated() -> Problem {
        Problem::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "需要登录 (authentication required)",
            "请先登录或提供 API 令牌 (log in or send an API token)",
        )
    }

    pub fn forbidden(detail: impl Into<String>) -> Problem {
        Problem::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "无权访问 (forbidden)",
            detail,
        )
    }

    /// Not found — also used where the caller may not know whether the object exists.
    pub fn not_found() -> Problem {
        Problem::new(
            StatusCode::NOT_FOUND,
            "not-found",
            "未找到 (not found)",
            "请求的对象不存在或无权查看 (no such object, or you may not see it)",
        )
    }

    pub fn conflict(detail: impl Into<String>) -> Problem {
        Problem::new(
            StatusCode::CONFLICT,
            "version-conflict",
            "版本冲突 (version conflict)",
            detail,
        )
    }

    pub fn internal(detail: impl Into<String>) -> Problem {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "服务器内部错误 (internal server error)",
            detail,
        )
    }

    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.status_code();
        if status.is_server_error() {
            tracing::error!(problem = %self.slug(), detail = %self.detail, "request failed");
        }
        let body = match serde_json::to_vec(&self) {
            Ok(b) => b,
            Err(_) => {
                br#"{"type":"about:blank","title":"Internal Server Error","status":500}"#.to_vec()
            }
        };
        let mut res = (status, body).into_response();
        res.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
        if let Some(secs) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        res
    }
}

/// Lets handlers use `?` on JSON parse results with the field path kept.
impl From<serde_path_to_error::Error<serde_json::Error>> for Problem {
    fn from(e: serde_path_to_error::Error<serde_json::Error>) -> Problem {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        Problem::invalid(path, e.into_inner().to_string())
    }
}
