//! The verdict of CASES.md: outcome, cited violations and warnings, deadlines, chain, status.

use crate::citation::Citation;
use crate::role::Role;
use serde::{Deserialize, Serialize};

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
    pub kind: String,
    pub profile: String,
    pub rules_version: String,
    pub outcome: Outcome,
    pub violations: Vec<Finding>,
    pub warnings: Vec<Finding>,
    pub deadlines: Vec<Deadline>,
    pub chain: Vec<ChainStep>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub manual_steps: Vec<ManualStep>,
    pub status: serde_json::Value,
    pub provisional: bool,
}
