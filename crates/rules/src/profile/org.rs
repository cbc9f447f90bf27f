//! Profile section `[org]`: organisation (MATRIX §1, R1.01–R1.14).
//!
//! Two rules are evaluated (kind `acting_leader`, and `leave_request` for the substitution
//! constraint); everything else is a cited `provision` or `not_stated`.
//!
//! ```toml
//! [org.acting_head]                  # R1.04: who presides while the head is away
//! matrix = "R1.04"
//! triggers = ["vacation", "visit_abroad"]   # the absences the article names (AbsenceReason ids)
//! requires_delegation = false        # true where the text says 受…委托 (聊城 第六条)
//! acting = "executive_deputy"        # who presides
//! head_may_designate = ["deputy"]    # roles the head may name instead (张店 七); empty: none
//! scope = "主持市政府全面工作"
//! cite = { article = "第六条", quote = "…" }
//! designate_cite = { … }             # the sentence allowing designation, when there is one
//!
//! [[org.acting_head.partial]]        # another article with other triggers for a narrower power
//! matrix = "R1.04"                   # (泰安 第六十五条: signing while the mayor is 出市, C16.4)
//! triggers = ["leave_city", "business_trip", "visit_abroad", "vacation"]
//! requires_delegation = true
//! acting = "executive_deputy"
//! step = "sign"
//! scope = "签发…"
//! cite = { … }
//!
//! [org.substitution]                 # R1.05: 工作补位 of vice heads
//! matrix = "R1.05"
//! triggers = ["business_trip", "vacation"]
//! acting = "deputy"                  # the substitute vice head (pairs come from the division of work)
//! cite = { … }
//! [org.substitution.mutual]          # R1.06: mutual substitutes not away together
//! matrix = "R1.06"
//! strength = "soft"
//! cite = { … }
//!
//! [org.chief_of_staff]               # R1.03: the role that runs daily affairs
//! matrix = "R1.03"
//! role = "office_director"
//! cite = { … }
//! ```
//!
//! Reasons for absence (`AbsenceReason`): `business_trip` = 因公出差/因公外出 (official travel),
//! `visit_abroad` = 出访, `vacation` = 休假/请假休假, `leave_city` = leaving the government's territory
//! (离聊, 出市) for any reason, `multiple_duties` = several important engagements at the same time.
//! A profile lists, per rule, exactly the reasons its article names (an 出访 necessarily leaves the
//! city, so 离聊/出市 rules list `visit_abroad` too).

use crate::citation::Cite;
use crate::engine::Strength;
use crate::role::Role;
use crate::verdict::Step;
use serde::Deserialize;

/// Why a leader is away (case field `reason` of `acting_leader`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AbsenceReason {
    BusinessTrip,
    VisitAbroad,
    Vacation,
    LeaveCity,
    MultipleDuties,
}

impl AbsenceReason {
    pub fn zh(self) -> &'static str {
        match self {
            AbsenceReason::BusinessTrip => "因公出差/外出",
            AbsenceReason::VisitAbroad => "出访",
            AbsenceReason::Vacation => "休假",
            AbsenceReason::LeaveCity => "离开本地（出市）",
            AbsenceReason::MultipleDuties => "同时有多个重要政务活动",
        }
    }
    pub fn id(self) -> &'static str {
        match self {
            AbsenceReason::BusinessTrip => "business_trip",
            AbsenceReason::VisitAbroad => "visit_abroad",
            AbsenceReason::Vacation => "vacation",
            AbsenceReason::LeaveCity => "leave_city",
            AbsenceReason::MultipleDuties => "multiple_duties",
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Org {
    #[serde(default)]
    pub acting_head: Option<ActingHead>,
    #[serde(default)]
    pub substitution: Option<Substitution>,
    #[serde(default)]
    pub chief_of_staff: Option<ChiefOfStaff>,
    #[serde(default)]
    pub not_stated: Vec<super::NotStated>,
    #[serde(default)]
    pub provisions: Vec<super::Provision>,
}

/// R1.04: who presides over the government while the head is away.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActingHead {
    pub matrix: String,
    pub triggers: Vec<AbsenceReason>,
    #[serde(default)]
    pub requires_delegation: bool,
    pub acting: Role,
    #[serde(default)]
    pub head_may_designate: Vec<Role>,
    #[serde(default)]
    pub scope: String,
    pub cite: Cite,
    #[serde(default)]
    pub designate_cite: Option<Cite>,
    /// Other articles that hand a narrower power (e.g. signing) to someone under other triggers.
    #[serde(default)]
    pub partial: Vec<PartialActing>,
}

/// A narrower acting power under its own triggers (C16.4).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartialActing {
    pub matrix: String,
    pub triggers: Vec<AbsenceReason>,
    #[serde(default)]
    pub requires_delegation: bool,
    pub acting: Role,
    pub step: Step,
    pub scope: String,
    pub cite: Cite,
}

/// R1.05 (and R1.06): 工作补位 of vice heads.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Substitution {
    pub matrix: String,
    pub triggers: Vec<AbsenceReason>,
    pub acting: Role,
    pub cite: Cite,
    #[serde(default)]
    pub mutual: Option<MutualConstraint>,
}

/// R1.06: leaders who substitute for each other are not away at the same time.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MutualConstraint {
    pub matrix: String,
    #[serde(default)]
    pub strength: Strength,
    pub cite: Cite,
}

/// R1.03: who runs daily affairs (秘书长 or 办公室主任); a role without a title in `[roles]` does not
/// exist in this government.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChiefOfStaff {
    pub matrix: String,
    pub role: Role,
    pub cite: Cite,
}

impl Org {
    /// Semantic checks beyond the types; push (field path, message) pairs.
    pub fn validate(&self, errors: &mut Vec<(String, String)>) {
        if let Some(a) = &self.acting_head {
            if a.triggers.is_empty() {
                errors.push((
                    "org.acting_head.triggers".into(),
                    "至少列出一种情形 (list at least one trigger)".into(),
                ));
            }
            if !a.head_may_designate.is_empty() && a.designate_cite.is_none() {
                errors.push((
                    "org.acting_head.designate_cite".into(),
                    "允许指定他人主持工作时须引用原文 (designation needs its own citation)".into(),
                ));
            }
        }
        if let Some(s) = &self.substitution
            && s.triggers.is_empty()
        {
            errors.push((
                "org.substitution.triggers".into(),
                "至少列出一种情形 (list at least one trigger)".into(),
            ));
        }
    }
}

crate::profile_rule!(MutualConstraint,);
