//! Profile section `[discipline]`: work discipline and leave (MATRIX §6, R6.01–R6.08). Read by the
//! kind `leave_request`.
//!
//! Leave is an ordered decision table, hit policy FIRST: the first row whose `when` matches the
//! request decides. An empty condition list matches anything. When no row matches, the profile does
//! not say who approves this requester's leave (C8): the verdict lists a manual step.
//!
//! ```toml
//! [[discipline.leave.rows]]
//! matrix = "R6.05"                       # an exemption: no leave request needed
//! when = { purpose = ["important_meeting"], meeting_level = ["national", "provincial"] }
//! exempt = true
//! cite = { … }
//!
//! [[discipline.leave.rows]]
//! matrix = "R6.04"
//! when = { requester = ["department_head", "subordinate_head"], emergency = false }
//! steps = [{ step = "approve", role = "head" }]     # the approvers, in order (→ `chain`)
//! approver_not_stated = false            # true: the text requires approval but names no approver
//! cite = { … }
//! notice = { period = { days_before = 3 }, strength = "hard", cite = { … } }   # no period: 事前
//! written_reason = { strength = "soft", cite = { … } }     # a written reason/application
//! acting_person = { strength = "hard", cite = { … } }      # the acting person must be named
//! itinerary = { longer_than_days = 3, strength = "hard", cite = { … } }  # C12: days inclusive
//! ```

use crate::citation::Cite;
use crate::engine::{Period, Strength};
use crate::role::Role;
use crate::verdict::Step;
use serde::Deserialize;

/// Who asks for leave (case field `requester`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Requester {
    ExecutiveDeputy,
    Deputy,
    SecretaryGeneral,
    OfficeDirector,
    DepartmentHead,
    SubordinateHead,
}

impl Requester {
    pub fn role(self) -> Role {
        match self {
            Requester::ExecutiveDeputy => Role::ExecutiveDeputy,
            Requester::Deputy => Role::Deputy,
            Requester::SecretaryGeneral => Role::SecretaryGeneral,
            Requester::OfficeDirector => Role::OfficeDirector,
            Requester::DepartmentHead => Role::DepartmentHead,
            Requester::SubordinateHead => Role::SubordinateHead,
        }
    }
}

/// Why the person leaves (case field `purpose`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    BusinessTrip,
    Study,
    VisitAbroad,
    Vacation,
    Family,
    Medical,
    ImportantMeeting,
}

/// Level of an important meeting (case field `meeting_level`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingLevel {
    National,
    Provincial,
    Municipal,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Discipline {
    #[serde(default)]
    pub leave: Option<Leave>,
    #[serde(default)]
    pub not_stated: Vec<super::NotStated>,
    #[serde(default)]
    pub provisions: Vec<super::Provision>,
}

/// The leave decision table (hit policy FIRST).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Leave {
    #[serde(default)]
    pub rows: Vec<LeaveRow>,
}

/// Conditions of a row; an empty list matches anything, `emergency` unset matches both.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaveWhen {
    #[serde(default)]
    pub requester: Vec<Requester>,
    #[serde(default)]
    pub purpose: Vec<Purpose>,
    #[serde(default)]
    pub meeting_level: Vec<MeetingLevel>,
    #[serde(default)]
    pub emergency: Option<bool>,
}

impl LeaveWhen {
    pub fn matches(
        &self,
        r: Requester,
        p: Purpose,
        level: Option<MeetingLevel>,
        emergency: bool,
    ) -> bool {
        (self.requester.is_empty() || self.requester.contains(&r))
            && (self.purpose.is_empty() || self.purpose.contains(&p))
            && (self.meeting_level.is_empty()
                || level.is_some_and(|l| self.meeting_level.contains(&l)))
            && self.emergency.is_none_or(|e| e == emergency)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaveRow {
    pub matrix: String,
    #[serde(default)]
    pub when: LeaveWhen,
    /// No leave request is needed (R6.05).
    #[serde(default)]
    pub exempt: bool,
    #[serde(default)]
    pub steps: Vec<LeaveStep>,
    /// The text requires approval but names nobody (济宁 八十, C16.5).
    #[serde(default)]
    pub approver_not_stated: bool,
    #[serde(default)]
    pub summary: String,
    pub cite: super::CiteOrMany,
    #[serde(default)]
    pub notice: Option<Notice>,
    #[serde(default)]
    pub written_reason: Option<Requirement>,
    #[serde(default)]
    pub acting_person: Option<Requirement>,
    #[serde(default)]
    pub itinerary: Option<Itinerary>,
}

/// One approver or recipient of the request.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaveStep {
    pub step: Step,
    pub role: Role,
    #[serde(default)]
    pub alternatives: Vec<Role>,
    #[serde(default)]
    pub note: String,
}

/// When the request must be in: `period` before departure (C4: 天 are calendar days), or with no
/// period "beforehand" (事前 / 同步), i.e. on or before the day of departure.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    #[serde(default)]
    pub matrix: Option<String>,
    #[serde(default)]
    pub period: Option<Period>,
    #[serde(default)]
    pub strength: Strength,
    pub cite: Cite,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    #[serde(default)]
    pub matrix: Option<String>,
    #[serde(default)]
    pub strength: Strength,
    pub cite: Cite,
}

/// Attachments for long trips: required when the trip (departure to return, both days counted, C12)
/// is longer than `longer_than_days`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Itinerary {
    #[serde(default)]
    pub matrix: Option<String>,
    pub longer_than_days: u32,
    #[serde(default)]
    pub strength: Strength,
    pub cite: Cite,
}

impl Discipline {
    /// Semantic checks beyond the types; push (field path, message) pairs.
    pub fn validate(&self, errors: &mut Vec<(String, String)>) {
        let Some(leave) = &self.leave else { return };
        for (i, r) in leave.rows.iter().enumerate() {
            let at = format!("discipline.leave.rows[{i}]");
            if r.exempt && (!r.steps.is_empty() || r.notice.is_some()) {
                errors.push((
                    at.clone(),
                    "免于请假的行不能再列审批步骤或时限 (an exempt row has no steps or notice)"
                        .into(),
                ));
            }
            if !r.exempt && r.steps.is_empty() && !r.approver_not_stated {
                errors.push((
                    at.clone(),
                    "须列出审批/报告步骤，或写明 approver_not_stated = true (list steps or mark the approver not stated)".into(),
                ));
            }
            if let Some(n) = &r.notice
                && let Some(p) = n.period
                && !matches!(
                    p,
                    Period::DaysBefore(_) | Period::WorkingDaysBefore(_) | Period::MonthsBefore(_)
                )
            {
                errors.push((
                    format!("{at}.notice.period"),
                    "请假时限应为出发前的期限，如 { days_before = 3 } (notice must be a before-period)".into(),
                ));
            }
        }
    }
}
