//! 请销假: leaders' leave requests as pure decisions. Who approves, by when, and what the request
//! must contain (reason, acting person, itinerary for longer trips — 张店; the mutual-substitutes rule
//! — 昌乐) come from the profile's `[discipline.leave]` table: every request is judged by **building
//! the `leave_request` case and evaluating it through the rules crate**, as `zhengwu check` does.
//! An approved leave makes the named acting position act for the leader from departure to return
//! ([`acting_for`]); 销假 (`return`) ends it on the day of return.

use serde::{Deserialize, Serialize};
use zhengwu_calendar::{Calendar, Date};
use zhengwu_rules::{Registry, Verdict};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeaveStatus {
    Pending,
    Approved,
    Returned,
    Cancelled,
}

impl LeaveStatus {
    pub fn id(self) -> &'static str {
        match self {
            LeaveStatus::Pending => "pending",
            LeaveStatus::Approved => "approved",
            LeaveStatus::Returned => "returned",
            LeaveStatus::Cancelled => "cancelled",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leave {
    pub profile: String,
    /// The leader's position id (org model).
    pub position_id: String,
    /// `leave_request` requester id: executive_deputy | deputy | secretary_general | office_director |
    /// department_head | subordinate_head
    pub requester: String,
    /// business_trip | study | visit_abroad | vacation | family | medical | important_meeting
    pub purpose: String,
    #[serde(default)]
    pub meeting_level: Option<String>,
    pub departs_on: Date,
    pub returns_on: Date,
    #[serde(default)]
    pub submitted_on: Option<Date>,
    #[serde(default)]
    pub emergency: bool,
    #[serde(default)]
    pub reason: String,
    /// The position that acts for the leader while away.
    #[serde(default)]
    pub acting_position_id: Option<String>,
    /// Itinerary (行程安排), one line per stop.
    #[serde(default)]
    pub itinerary: Vec<String>,
    /// The leader's mutual substitute (昌乐 互为AB角) is away at the same time.
    #[serde(default)]
    pub mutual_substitute_away: bool,
    pub status: LeaveStatus,
    #[serde(default)]
    pub approved_by: Option<String>,
}

/// The `leave_request` case of this leave.
pub fn case(l: &Leave) -> serde_json::Value {
    let mut c = serde_json::json!({
        "kind": "leave_request",
        "profile": l.profile,
        "requester": l.requester,
        "purpose": l.purpose,
        "departs_on": l.departs_on.to_string(),
        "returns_on": l.returns_on.to_string(),
        "submitted_on": l.submitted_on.map(|d| d.to_string()),
        "emergency": l.emergency,
        "written_reason": !l.reason.trim().is_empty(),
        "acting_person_named": l.acting_position_id.is_some(),
        "itinerary_attached": !l.itinerary.is_empty(),
        "mutual_substitute_away": l.mutual_substitute_away,
    });
    if let Some(m) = &l.meeting_level {
        c["meeting_level"] = serde_json::Value::String(m.clone());
    }
    c
}

/// Evaluates the leave through the rules crate.
pub fn assess(reg: &Registry, cal: &Calendar, l: &Leave) -> Result<Verdict, String> {
    if l.returns_on < l.departs_on {
        return Err("返回日期早于出发日期 (returns before departing)".into());
    }
    zhengwu_rules::check_json(reg, cal, &case(l).to_string(), None).map_err(|e| e.to_string())
}

/// The acting position for `position_id` on `date` among these leaves: the approved leave covering
/// the date (departure to return, both included) that names one; the latest departure wins.
pub fn acting_for(leaves: &[Leave], position_id: &str, date: Date) -> Option<String> {
    leaves
        .iter()
        .filter(|l| {
            l.position_id == position_id
                && l.status == LeaveStatus::Approved
                && l.departs_on <= date
                && date <= l.returns_on
        })
        .max_by_key(|l| l.departs_on)
        .and_then(|l| l.acting_position_id.clone())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use jiff::civil::date;

    fn leave(profile: &str) -> Leave {
        Leave {
            profile: profile.into(),
            position_id: "dep1".into(),
            requester: "deputy".into(),
            purpose: "business_trip".into(),
            meeting_level: None,
            departs_on: date(2025, 6, 9),
            returns_on: date(2025, 6, 13),
            submitted_on: Some(date(2025, 6, 3)),
            emergency: false,
            reason: "赴省里汇报工作".into(),
            acting_position_id: Some("exec".into()),
            itinerary: vec![],
            mutual_substitute_away: false,
            status: LeaveStatus::Pending,
            approved_by: None,
        }
    }

    #[test]
    fn approvers_differ_by_profile_and_acting_lookup() {
        let reg = Registry::builtin().unwrap();
        let cal = Calendar::official();
        let a = assess(&reg, &cal, &leave("liaocheng")).unwrap();
        let b = assess(&reg, &cal, &leave("zhangdian")).unwrap();
        assert_ne!(
            serde_json::to_value(&a.chain).unwrap(),
            serde_json::to_value(&b.chain).unwrap()
        );
        let mut l = leave("liaocheng");
        assert_eq!(
            acting_for(std::slice::from_ref(&l), "dep1", date(2025, 6, 10)),
            None
        );
        l.status = LeaveStatus::Approved;
        let ls = vec![l];
        assert_eq!(
            acting_for(&ls, "dep1", date(2025, 6, 10)).as_deref(),
            Some("exec")
        );
        assert_eq!(acting_for(&ls, "dep1", date(2025, 6, 14)), None);
    }
}
