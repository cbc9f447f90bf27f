//! Request extractors that fail with problem+json instead of axum's plain-text rejections.

use crate::problem::Problem;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{StatusCode, header, request::Parts};
use serde::de::DeserializeOwned;

/// Largest request body accepted anywhere (a case or a record is a few kilobytes).
pub const BODY_LIMIT: usize = 1 << 20;

/// True when the request declares a JSON body (`application/json` or any `+json` type).
pub fn is_json(headers: &axum::http::HeaderMap) -> bool {
    let Some(ct) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mime = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

fn unsupported_media_type() -> Problem {
    Problem::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type",
        "请求体须为 JSON (the body must be JSON)",
        "请设置 Content-Type: application/json (send Content-Type: application/json)",
    )
}

/// The raw JSON text of the body, after the content type and UTF-8 are checked. Used by endpoints
/// that hand the text on (the check endpoint gives it to the rule engine unchanged).
pub struct JsonText(pub String);

impl<S: Send + Sync> FromRequest<S> for JsonText {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(unsupported_media_type());
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            Problem::new(
                e.status(),
                "unreadable-body",
                "无法读取请求体 (cannot read the body)",
                e.body_text(),
            )
        })?;
        let text = String::from_utf8(bytes.to_vec())
            .map_err(|_| Problem::invalid("", "请求体不是 UTF-8 文本 (the body is not UTF-8)"))?;
        Ok(JsonText(text))
    }
}

/// A JSON body deserialised with the field path of the first error kept (`errors[0].path`).
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let JsonText(text) = JsonText::from_request(req, state).await?;
        parse(&text).map(ApiJson)
    }
}

/// Parses JSON text into `T`, naming the field path on failure.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, Problem> {
    let de = &mut serde_json::Deserializer::from_str(text);
    Ok(serde_path_to_error::deserialize(de)?)
}

/// The `If-Match` header as an object version: `"3"`, `W/"3"` or `3`.
pub struct IfMatch(pub Option<i64>);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Some(v) = parts.headers.get(header::IF_MATCH) else {
            return Ok(IfMatch(None));
        };
        let bad = || {
            Problem::invalid(
                "If-Match",
                "If-Match 须为对象版本号，如 \"3\" (If-Match must be the object's version, e.g. \"3\")",
            )
        };
        let s = v.to_str().map_err(|_| bad())?.trim();
        let s = s.strip_prefix("W/").unwrap_or(s).trim_matches('"');
        s.parse::<i64>()
            .map(|n| IfMatch(Some(n)))
            .map_err(|_| bad())
    }
}

/// The `Idempotency-Key` header (IETF draft httpapi-idempotency-key-header): a retried creating POST
/// with the same key returns the first answer instead of filing twice.
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Some(v) = parts.headers.get("idempotency-key") else {
            return Ok(IdempotencyKey(None));
        };
        let key = v.to_str().unwrap_or("").trim().trim_matches('"');
        if key.is_empty() || key.len() > 255 {
            return Err(Problem::invalid(
                "Idempotency-Key",
                "Idempotency-Key 须为 1–255 个可见 ASCII 字符 (Idempotency-Key must be 1–255 visible ASCII characters)",
            ));
        }
        Ok(IdempotencyKey(Some(key.to_string())))
    }
}
