//! The verdict of CASES.md: outcome, cited violations and warnings, deadlines, chain, status.

use crate::citation::Citation;
use crate::role::Role;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Allowed,
    AllowedWithWarning,
    Refused,
}

/// One violation or warning: the project rule id, its citation and a message (Chinese, with English).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: String,
    pub citation: Citation,
    pub message: String,
    pub message_en: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineStatus {
    Pending,
    Met,
    Missed,
}

/// A computed deadline that explains itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    pub what: String,
    pub what_en: String,
    pub due: String,
    pub status: DeadlineStatus,
    pub provisional: bool,
    pub citation: Citation,
    pub explain: String,
    pub explain_en: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Review,
    Recheck,
    Countersign,
    Approve,
    Sign,
    Confirm,
    Report,
    /// Acting for an absent leader (kind `acting_leader`).
    Act,
    /// An escalation step such as 约谈 (kind `supervision_item`).
    Escalate,
    /// Notify / file with (e.g. 区委报备).
    File,
    /// Preside over a meeting.
    Preside,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChainStep {
    pub step: Step,
    pub role: Role,
    pub title: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Role>,
    /// Free text for what the step is, where the role alone does not say it (e.g. 约谈).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<Citation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManualStep {
    pub step: String,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<Citation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// Shared strings: the same few values in every verdict.
    pub kind: Arc<str>,
    pub profile: Arc<str>,
    pub rules_version: Arc<str>,
    pub outcome: Outcome,
    pub violations: Vec<Finding>,
    pub warnings: Vec<Finding>,
    pub deadlines: Vec<Deadline>,
    pub chain: Vec<ChainStep>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub manual_steps: Vec<ManualStep>,
    pub status: Status,
    pub provisional: bool,
}

/// A verdict's kind-specific `status` (CASES.md), held as its compact JSON text: written once by
/// the kind (see [`StatusObj`]) and copied as is into `check --batch` output. Object keys are in
/// sorted order, as serde_json writes a map, so the text is what serialising the same value writes.
#[derive(Clone, PartialEq, Eq)]
pub struct Status(String);

impl Status {
    /// `null`: the kind reports no status.
    pub fn null() -> Status {
        Status("null".to_string())
    }

    /// The JSON text.
    pub fn json(&self) -> &str {
        &self.0
    }

    /// The status as a JSON value (for readers that look into it; the batch path never does).
    pub fn value(&self) -> serde_json::Value {
        serde_json::from_str(&self.0).unwrap_or(serde_json::Value::Null)
    }

    /// The status when it is a plain string id (`"on_time"`, `"overdue"` …).
    pub fn as_str(&self) -> Option<&str> {
        serde_json::from_str::<&str>(&self.0).ok()
    }

    pub fn is_null(&self) -> bool {
        self.0 == "null"
    }

    /// A plain string status (`"on_time"`).
    pub fn id(s: &str) -> Status {
        let mut t = String::with_capacity(s.len() + 2);
        crate::json_out::push_string(&mut t, s);
        Status(t)
    }
}

impl Default for Status {
    fn default() -> Self {
        Status::null()
    }
}

impl From<serde_json::Value> for Status {
    fn from(v: serde_json::Value) -> Status {
        Status(v.to_string())
    }
}

impl std::fmt::Debug for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Status {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Embedded verbatim by serde_json (and parsed by `serde_json::to_value`).
        match serde_json::from_str::<&serde_json::value::RawValue>(&self.0) {
            Ok(raw) => raw.serialize(s),
            Err(e) => Err(serde::ser::Error::custom(e)),
        }
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(d).map(Status::from)
    }
}

/// Writes a status object field by field, in sorted key order (checked in debug builds), without
/// building a map: `StatusObj::new().str("op", "add").bool("provisional", false).finish()`.
pub struct StatusObj {
    text: String,
    last: &'static str,
}

impl Default for StatusObj {
    fn default() -> Self {
        Self::new()
    }
}

impl StatusObj {
    pub fn new() -> StatusObj {
        Self::with_capacity(256)
    }

    /// For a status whose texts are long (explanations): one allocation of the right size.
    pub fn with_capacity(bytes: usize) -> StatusObj {
        let mut text = String::with_capacity(bytes);
        text.push('{');
        StatusObj { text, last: "" }
    }

    fn key(&mut self, k: &'static str) {
        debug_assert!(
            self.last.is_empty() || self.last < k,
            "status keys in sorted order: {} before {k}",
            self.last
        );
        if !self.last.is_empty() {
            self.text.push(',');
        }
        self.last = k;
        // Keys are the kinds' own identifiers: plain ASCII, nothing to escape.
        debug_assert!(k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
        self.text.push('"');
        self.text.push_str(k);
        self.text.push_str("\":");
    }

    pub fn str(mut self, k: &'static str, v: &str) -> Self {
        self.key(k);
        crate::json_out::push_string(&mut self.text, v);
        self
    }

    /// A string written in place by `f` (no separate String to copy); escaped afterwards if what
    /// `f` wrote needs it.
    pub fn str_with(mut self, k: &'static str, f: impl FnOnce(&mut String)) -> Self {
        self.key(k);
        self.text.push('"');
        let start = self.text.len();
        f(&mut self.text);
        if crate::json_out::has_escapes(self.text.as_bytes().get(start..).unwrap_or_default()) {
            let raw = self.text.split_off(start);
            crate::json_out::push_string(&mut self.text, &raw);
            // push_string wrote its own quotes: drop the one written before `f`.
            self.text.remove(start - 1);
        } else {
            self.text.push('"');
        }
        self
    }

    pub fn opt_str(mut self, k: &'static str, v: Option<&str>) -> Self {
        self.key(k);
        match v {
            Some(v) => crate::json_out::push_string(&mut self.text, v),
            None => self.text.push_str("null"),
        }
        self
    }

    pub fn bool(mut self, k: &'static str, v: bool) -> Self {
        self.key(k);
        self.text.push_str(if v { "true" } else { "false" });
        self
    }

    pub fn int(mut self, k: &'static str, v: impl Into<i128>) -> Self {
        self.key(k);
        crate::engine::push_int(&mut self.text, v.into());
        self
    }

    pub fn null(mut self, k: &'static str) -> Self {
        self.key(k);
        self.text.push_str("null");
        self
    }

    /// A list of roles, by id.
    pub fn roles(mut self, k: &'static str, v: &[Role]) -> Self {
        self.key(k);
        self.text.push('[');
        for (i, r) in v.iter().enumerate() {
            if i > 0 {
                self.text.push(',');
            }
            self.text.push('"');
            self.text.push_str(r.id());
            self.text.push('"');
        }
        self.text.push(']');
        self
    }

    /// A citation, or `null`. Its keys in sorted order, as in any status map.
    pub fn citation(mut self, k: &'static str, v: Option<&Citation>) -> Self {
        self.key(k);
        self.text.push_str(v.map_or("null", Citation::json_sorted));
        self
    }

    /// A value of any serialisable type (roles, citations, lists), as serde_json writes it.
    pub fn ser<T: Serialize + ?Sized>(mut self, k: &'static str, v: &T) -> Self {
        self.key(k);
        match serde_json::to_string(v) {
            Ok(j) => self.text.push_str(&j),
            Err(_) => self.text.push_str("null"),
        }
        self
    }

    pub fn finish(mut self) -> Status {
        self.text.push('}');
        Status(self.text)
    }
}
