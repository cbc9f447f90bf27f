//! Invitations of leaders to events (邀请领导出席活动, R7.01–R7.04) and hosting forums, exhibitions
//! and festivals in the government's name (R7.05). Both are put to the rules crate as the CASES.md
//! kinds `invitation` and `event_hosting`, so the register and `zhengwu check` cannot disagree; a
//! refusal carries every cited violation.

use crate::meetings::{Denied, require};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use zhengwu_calendar::{Calendar, Date};
use zhengwu_rules::{Registry, Verdict};

/// An invitation of a leader to an event, as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invitation {
    pub title: String,
    /// Who invites (a unit or organisation).
    pub inviter: String,
    /// The leader's position id or title invited.
    pub leader: String,
    pub event_on: Date,
    /// The day the invitation reached the office (or was sent).
    pub submitted_on: Date,
    /// 重要活动 (C15: some lead times apply to important events only).
    #[serde(default)]
    pub important: bool,
    /// `work`, `ribbon_cutting`, `foundation_stone`, `celebration`, `commemoration`,
    /// `commendation`, `expo`, `seminar`, `forum`, `symposium`, `premiere`,
    /// `congratulatory_letter`, `inscription`.
    pub event_kind: String,
    /// `office` or `leader_personally`.
    pub sent_to: String,
    /// Approved by the party committee and the government (for restricted kinds).
    #[serde(default)]
    pub approved_by_party_committee_and_government: bool,
    /// `pending` → `arranged` | `declined`.
    #[serde(default = "pending")]
    pub status: String,
    #[serde(default)]
    pub decided_on: Option<Date>,
    #[serde(default)]
    pub note: String,
}

fn pending() -> String {
    "pending".into()
}

/// An application to host a forum, exhibition or festival in the government's name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hosting {
    pub title: String,
    /// The applying unit.
    pub applicant: String,
    /// `forum`, `exhibition`, `festival`.
    pub event_kind: String,
    pub event_on: Date,
    pub applied_on: Date,
    /// Approved by the superior government.
    #[serde(default)]
    pub superior_approved: bool,
    /// `pending` → `approved` | `withdrawn`.
    #[serde(default = "pending")]
    pub status: String,
    #[serde(default)]
    pub decided_on: Option<Date>,
}

/// The `invitation` case of CASES.md 9.
pub fn invitation_case(profile_id: &str, i: &Invitation) -> Value {
    json!({
        "kind": "invitation",
        "profile": profile_id,
        "event_on": i.event_on.to_string(),
        "submitted_on": i.submitted_on.to_string(),
        "important": i.important,
        "event_kind": i.event_kind,
        "sent_to": i.sent_to,
        "approved_by_party_committee_and_government": i.approved_by_party_committee_and_government,
    })
}

/// The `event_hosting` case of CASES.md 10.
pub fn hosting_case(profile_id: &str, h: &Hosting) -> Value {
    json!({
        "kind": "event_hosting",
        "profile": profile_id,
        "event_kind": h.event_kind,
        "event_on": h.event_on.to_string(),
        "applied_on": h.applied_on.to_string(),
        "superior_approved": h.superior_approved,
    })
}

/// Judges an invitation: refused (channel, lead time, restricted kinds) or the verdict with its
/// deadline and warnings.
pub fn judge_invitation(
    reg: &Registry,
    cal: &Calendar,
    profile_id: &str,
    i: &Invitation,
) -> Result<Verdict, Denied> {
    require(reg, cal, profile_id, &invitation_case(profile_id, i))
}

/// Judges a hosting application: refused (lead time, superior approval where the rule requires it)
/// or the verdict; a profile without the rule returns a verdict whose manual step says so.
pub fn judge_hosting(
    reg: &Registry,
    cal: &Calendar,
    profile_id: &str,
    h: &Hosting,
) -> Result<Verdict, Denied> {
    require(reg, cal, profile_id, &hosting_case(profile_id, h))
}

/// Whether the rules were stated: false when the verdict only carries a "not stated" manual step
/// (the hosting rule of a government whose seed has none).
pub fn rule_stated(v: &Verdict) -> bool {
    !v.manual_steps.iter().any(|m| m.reason == "not_stated")
}

/// A decision on an invitation: arrange it or decline it.
pub fn decide_invitation(
    i: &Invitation,
    arrange: bool,
    on: Date,
    note: &str,
) -> Result<Invitation, &'static str> {
    if i.status != "pending" {
        return Err("已办理 (already decided)");
    }
    let mut n = i.clone();
    n.status = if arrange { "arranged" } else { "declined" }.into();
    n.decided_on = Some(on);
    n.note = note.to_string();
    Ok(n)
}
