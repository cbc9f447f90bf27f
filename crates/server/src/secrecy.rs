//! 涉密信息不上网: content marked 机密 or 绝密 must never enter a networked system. This middleware
//! reads every JSON request body before any handler sees it and refuses the request when any field
//! named `secrecy` or `密级`, at any depth, carries such a mark. Nothing of the body is stored or
//! logged when it is refused.
//!
//! The check endpoint is deliberately not behind this door: a case there only *describes* a document
//! (CASES.md kind `incoming_document` has `secrecy: 机密`) and the rules answer with a cited refusal.

use crate::AppState;
use crate::extract::{BODY_LIMIT, is_json};
use crate::problem::{FieldError, Problem};
use axum::body::{Body, to_bytes};
use axum::extract::{MatchedPath, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// Routes whose bodies describe documents rather than carry them.
const EXEMPT: [&str; 1] = ["/api/v1/check"];
/// Field names that carry a secrecy level.
const FIELDS: [&str; 2] = ["secrecy", "密级"];
/// Levels refused at the door (GB/T 9704 marks may follow the level, e.g. `机密★1年`).
const REFUSED: [&str; 2] = ["机密", "绝密"];

/// The first classified field in a JSON value: its path (`document.密级`, `items[2].secrecy`) and value.
pub fn find_classified(v: &Value) -> Option<(String, String)> {
    fn walk(v: &Value, path: &mut String) -> Option<(String, String)> {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(k);
                    if FIELDS.contains(&k.as_str())
                        && let Value::String(level) = child
                    {
                        let level = level.trim();
                        if REFUSED.iter().any(|r| level.starts_with(r)) {
                            return Some((path.clone(), level.to_string()));
                        }
                    }
                    if let Some(found) = walk(child, path) {
                        return Some(found);
                    }
                    path.truncate(len);
                }
                None
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    if let Some(found) = walk(child, path) {
                        return Some(found);
                    }
                    path.truncate(len);
                }
                None
            }
            _ => None,
        }
    }
    walk(v, &mut String::new())
}

pub fn classified_problem(path: String, level: &str) -> Problem {
    let mut p = Problem::new(
        StatusCode::FORBIDDEN,
        "classified-content",
        "涉密信息不上网 (classified content is not accepted)",
        format!(
            "本系统不处理标注为「{level}」的内容：机密、绝密信息不得录入联网系统，请按保密规定线下办理 (this system does not accept content marked {level}; 机密/绝密 material must not enter a networked system and is handled offline under the secrecy rules)"
        ),
    );
    p.errors.push(FieldError {
        path,
        message: format!("密级「{level}」不得上网 (secrecy level {level} may not go online)"),
    });
    p
}

/// Screens a request: a JSON body (bounded) is read, refused when it carries classified content, and
/// otherwise put back intact. Other requests pass untouched.
pub async fn screen(state: &AppState, req: Request) -> Result<Request, Response> {
    let exempt = req
        .extensions()
        .get::<MatchedPath>()
        .is_some_and(|m| EXEMPT.contains(&m.as_str()));
    if exempt || !is_json(req.headers()) {
        return Ok(req);
    }
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, BODY_LIMIT).await {
        Ok(b) => b,
        Err(_) => {
            return Err(Problem::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body-too-large",
                "请求体过大 (body too large)",
                format!(
                    "请求体不得超过 {BODY_LIMIT} 字节 (the body may not exceed {BODY_LIMIT} bytes)"
                ),
            )
            .into_response());
        }
    };
    // Unparseable JSON is left to the handler, which names the syntax error.
    if let Ok(v) = serde_json::from_slice::<Value>(&bytes)
        && let Some((path, level)) = find_classified(&v)
    {
        state.metrics.refusal("classified");
        tracing::warn!(field = %path, "refused classified content");
        return Err(classified_problem(path, &level).into_response());
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_marks_at_any_depth_with_the_path() {
        assert_eq!(
            find_classified(&json!({"title": "x", "secrecy": "机密"})),
            Some(("secrecy".into(), "机密".into()))
        );
        assert_eq!(
            find_classified(&json!({"doc": {"items": [{"密级": "none"}, {"密级": "绝密★长期"}]}})),
            Some(("doc.items[1].密级".into(), "绝密★长期".into()))
        );
    }

    #[test]
    fn lower_levels_and_other_fields_pass() {
        assert_eq!(find_classified(&json!({"secrecy": "秘密"})), None);
        assert_eq!(find_classified(&json!({"secrecy": "none"})), None);
        // The mark only counts in a secrecy field: a title mentioning 机密 is not a mark.
        assert_eq!(find_classified(&json!({"title": "机密"})), None);
        assert_eq!(find_classified(&json!(["绝密"])), None);
    }
}
