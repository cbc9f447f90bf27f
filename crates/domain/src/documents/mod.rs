//! Official documents in and out (收文 / 发文) as pure decisions.
//!
//! Every rule question is put to the rules crate exactly as `zhengwu check` would put it (kinds
//! `incoming_document`, `reply_deadline`, `countersign`, `outgoing_document`): the workflow builds
//! the case from the document's facts, evaluates it with the profile in force, and turns the
//! verdict's violations into cited refusals or 退文 reasons. Nothing here knows which government it
//! is serving; the profile says everything that differs.

pub mod incoming;
pub mod outgoing;
pub mod text;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use zhengwu_calendar::{Calendar, Date};
use zhengwu_rules::verdict::Finding;
use zhengwu_rules::{CheckError, Outcome, Registry, Verdict};

/// What the decisions need from the world: the profiles, the calendar, the government's profile
/// id and today's date (Asia/Shanghai).
#[derive(Clone, Copy)]
pub struct Env<'a> {
    pub registry: &'a Registry,
    pub calendar: &'a Calendar,
    pub profile: &'a str,
    pub today: Date,
}

impl Env<'_> {
    /// Evaluates one case (a JSON object with `kind`) with the government's profile, exactly as
    /// `check` does.
    pub fn check(&self, case: &Value) -> Result<Verdict, Refusal> {
        zhengwu_rules::check_json(
            self.registry,
            self.calendar,
            &case.to_string(),
            Some(self.profile),
        )
        .map_err(Refusal::from_check)
    }
}

/// A refused command: every cited reason (`violations`), or an input error without a rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refusal {
    /// Stable slug: `refused` (rules), `invalid` (input), `state` (not possible in this state),
    /// `forbidden` (not this actor).
    pub code: String,
    /// The field at fault, for `invalid`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub field: String,
    pub message: String,
    pub message_en: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<Finding>,
}

impl Refusal {
    pub fn invalid(field: &str, zh: impl Into<String>, en: impl Into<String>) -> Refusal {
        Refusal {
            code: "invalid".into(),
            field: field.into(),
            message: zh.into(),
            message_en: en.into(),
            violations: Vec::new(),
        }
    }
    pub fn state(zh: impl Into<String>, en: impl Into<String>) -> Refusal {
        Refusal {
            code: "state".into(),
            field: String::new(),
            message: zh.into(),
            message_en: en.into(),
            violations: Vec::new(),
        }
    }
    pub fn forbidden(zh: impl Into<String>, en: impl Into<String>) -> Refusal {
        Refusal {
            code: "forbidden".into(),
            ..Refusal::state(zh, en)
        }
    }
    pub fn refused(violations: Vec<Finding>) -> Refusal {
        Refusal {
            code: "refused".into(),
            field: String::new(),
            message: "规则不允许，理由见 violations".into(),
            message_en: "refused by the rules; see violations".into(),
            violations,
        }
    }
    fn from_check(e: CheckError) -> Refusal {
        let text = e.to_string();
        Refusal::invalid("case", text.clone(), text)
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.message_en)
    }
}

impl std::error::Error for Refusal {}

/// A verdict that must not be refused: its violations become the refusal.
pub fn require(v: Verdict) -> Result<Verdict, Refusal> {
    if v.outcome == Outcome::Refused {
        Err(Refusal::refused(v.violations))
    } else {
        Ok(v)
    }
}

/// One step of a document's history (kept in the state; the audit log has the full record).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub on: String,
    pub actor: String,
    pub action: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A computed deadline kept with its explanation and citation (never a bare date).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Due {
    pub from: String,
    pub due: String,
    pub explain: String,
    pub explain_en: String,
    pub citation: zhengwu_rules::Citation,
}

impl Due {
    /// The first deadline of a verdict, if the profile sets one.
    pub fn from_verdict(from: Date, v: &Verdict) -> Option<Due> {
        v.deadlines.first().map(|d| Due {
            from: from.to_string(),
            due: d.due.clone(),
            explain: d.explain.clone(),
            explain_en: d.explain_en.clone(),
            citation: d.citation.clone(),
        })
    }
}

/// Checks a free-text field: non-empty after trimming, at most `max` characters.
pub fn text_field(field: &str, zh: &str, s: &str, max: usize) -> Result<String, Refusal> {
    let t = s.trim();
    let n = t.chars().count();
    if n == 0 || n > max {
        return Err(Refusal::invalid(
            field,
            format!("{zh}须为 1–{max} 个字"),
            format!("{field} must be 1–{max} characters"),
        ));
    }
    Ok(t.to_string())
}
