//! Profile section `[supervision]`: 督查督办 (MATRIX §5, R5.01–R5.12). Read by the kinds
//! `supervision_item` and `leader_instruction`.
//!
//! ```toml
//! [supervision]
//! # PROJECT SETTING, not a rule of the seed: an open item is "due soon" when today is at most this
//! # many working days before its due date (0 = only on the due date itself).
//! due_soon_working_days = 2
//!
//! [supervision.body]                     # R5.01: which organ runs supervision
//! matrix = "R5.01"
//! role = "office"
//! cite = { … }
//!
//! [[supervision.deadlines]]              # a deadline for items from these sources
//! matrix = "R5.03"
//! sources = ["meeting_decision"]
//! what = "报送贯彻落实情况"
//! period = { months_after = 1 }          # counted from `assigned_on`
//! strength = "soft"
//! cite = { … }
//!
//! [supervision.assigned_deadline]        # the article under which the office sets a time limit at
//! matrix = "R5.03"                       # 立项 (used for a case's own `due_on`)
//! cite = { … }
//!
//! [supervision.escalation]               # R5.07 with a numeric trigger (泰安 第七十五条（四）)
//! matrix = "R5.07"
//! after_unanswered_reminders = 3
//! also_when_notified = true              # …or the unit was criticised in an office document
//! consent = "deputy_in_charge"           # whose consent is needed first (omit: none)
//! consent_alternatives = ["head"]
//! measure = "约谈"
//! by = "office"
//! cite = { … }
//!
//! [supervision.discretionary]            # R5.07 without a trigger: measures a person decides on
//! matrix = "R5.07"
//! measures = "通报、约谈"
//! cite = { … }
//!
//! [supervision.colours]                  # R5.05 status colours (济宁 蓝黄红)
//! matrix = "R5.05"
//! basis = "project_setting"              # the seed names the colours but does not define them (C16.6)
//! on_time = "蓝"
//! due_soon = "黄"
//! overdue = "红"
//! cite = { … }                           # the article that requires the marking
//!
//! [supervision.steps]                    # R5.03: the seed's own step names
//! matrix = "R5.03"
//! cite = { … }
//! [[supervision.steps.list]]
//! name = "立项通知"
//! stages = ["assigned"]                  # ledger stages covered by this step
//! approval = "…"                         # who approves, in the seed's words (optional)
//!
//! [[supervision.field_inspections]]      # R5.06: a condition on recording a field inspection
//! matrix = "R5.06"
//! requires = "approval"                  # approval | annual_plan | not_repeated | not_blanket
//! cross_department_only = true           # only for cross-department inspections
//! department_only = true                 # only for inspections a department runs in its own name
//! what = "…"
//! strength = "hard"                      # soft: recorded with a warning
//! cite = { … }
//!
//! [supervision.instructions]             # R5.04: 批示件
//! matrix = "R5.04"
//! forward = { period = { same_day = true }, strength = "hard", what = "…", cite = { … } }
//! handle = { period = { working_days_after = 5 }, strength = "soft", what = "…", cite = { … } }
//! ```

use crate::citation::Cite;
use crate::engine::{Period, Strength};
use crate::role::Role;
use serde::Deserialize;

/// Where a supervised item comes from (case field `source` of `supervision_item`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemSource {
    MeetingDecision,
    LeaderInstruction,
    WorkReport,
    SuperiorDeployment,
    NpcSuggestion,
    CppccProposal,
    AuditFinding,
    Other,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Supervision {
    /// PROJECT SETTING (not in any seed): the "due soon" window in working days.
    #[serde(default)]
    pub due_soon_working_days: Option<u32>,
    #[serde(default)]
    pub body: Option<Body>,
    #[serde(default)]
    pub deadlines: Vec<ItemDeadline>,
    #[serde(default)]
    pub assigned_deadline: Option<AssignedDeadline>,
    #[serde(default)]
    pub escalation: Option<Escalation>,
    #[serde(default)]
    pub discretionary: Option<Discretionary>,
    #[serde(default)]
    pub colours: Option<Colours>,
    #[serde(default)]
    pub instructions: Option<Instructions>,
    /// R5.03: the government's own names for the steps, mapped onto the ledger's stages.
    #[serde(default)]
    pub steps: Option<Steps>,
    /// R5.06: conditions on recording a field inspection (督查调研/实地督查) of an item.
    #[serde(default)]
    pub field_inspections: Vec<FieldInspectionRule>,
    #[serde(default)]
    pub not_stated: Vec<super::NotStated>,
    #[serde(default)]
    pub provisions: Vec<super::Provision>,
}

/// R5.01: the organ that runs supervision.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    pub matrix: String,
    pub role: Role,
    #[serde(default)]
    pub summary: String,
    pub cite: super::CiteOrMany,
}

/// A time limit for supervised items of some sources, counted from `assigned_on`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemDeadline {
    pub matrix: String,
    pub sources: Vec<ItemSource>,
    pub what: String,
    pub period: Period,
    #[serde(default)]
    pub strength: Strength,
    pub cite: Cite,
}

/// The article under which a time limit is set when the item is registered (立项).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignedDeadline {
    pub matrix: String,
    pub cite: Cite,
}

/// An escalation with a numeric trigger.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    pub matrix: String,
    pub after_unanswered_reminders: u32,
    /// The escalation is also due when the unit was criticised in an office document.
    #[serde(default)]
    pub also_when_notified: bool,
    /// Whose consent is required before the measure; `None`: no consent needed.
    #[serde(default)]
    pub consent: Option<Role>,
    #[serde(default)]
    pub consent_alternatives: Vec<Role>,
    pub measure: String,
    pub by: Role,
    pub cite: Cite,
}

/// Accountability measures the text names without a trigger: a person decides (C8).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Discretionary {
    pub matrix: String,
    pub measures: String,
    pub cite: Cite,
}

/// Whether a setting is a fact of the seed or a choice of this project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Stated by the seed.
    Seed,
    /// Chosen by the project where the seed is silent (e.g. the meaning of 济宁 蓝黄红, C16.6).
    ProjectSetting,
}

/// Status colours of the ledger.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colours {
    pub matrix: String,
    pub basis: Basis,
    pub on_time: String,
    pub due_soon: String,
    pub overdue: String,
    #[serde(default)]
    pub note: String,
    pub cite: Cite,
}

/// R5.04: leaders' instructions (批示件).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instructions {
    pub matrix: String,
    #[serde(default)]
    pub forward: Option<TimedRule>,
    #[serde(default)]
    pub handle: Option<TimedRule>,
}

/// A time limit with its citation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimedRule {
    pub what: String,
    pub period: Period,
    #[serde(default)]
    pub strength: Strength,
    pub cite: Cite,
}

/// R5.03: the workflow steps in the seed's words.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Steps {
    pub matrix: String,
    pub cite: super::CiteOrMany,
    pub list: Vec<Step>,
}

/// One step and the ledger stages (`assigned`, `in_progress`, `reported`, `verified`, `closed`)
/// during which an item is at that step.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub name: String,
    pub stages: Vec<String>,
    /// Who approves before the step is taken (e.g. 聊城 立项通知), in the seed's words.
    #[serde(default)]
    pub approval: String,
}

/// What a field inspection needs before it may be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldRequirement {
    /// A recorded approval (`approved_by`).
    Approval,
    /// The inspection is in the annual plan (`in_annual_plan`).
    AnnualPlan,
    /// No earlier field inspection of the same item (repeated inspections forbidden).
    NotRepeated,
    /// Not a blanket (全覆盖) inspection of the whole jurisdiction, unless the Party committee and
    /// the government deployed it (`blanket`, `unified_deployment`).
    NotBlanket,
}

/// R5.06: one condition on field inspections.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldInspectionRule {
    pub matrix: String,
    pub requires: FieldRequirement,
    /// Only for inspections covering several departments (`cross_department`); default: all.
    #[serde(default)]
    pub cross_department_only: bool,
    /// Only for inspections a department (市直部门、单位) runs in its own name (`by_department`),
    /// not the government office's; default: all.
    #[serde(default)]
    pub department_only: bool,
    pub what: String,
    #[serde(default)]
    pub strength: Strength,
    pub cite: Cite,
}

/// The ledger's stage ids a step may name.
pub const STAGE_IDS: [&str; 5] = ["assigned", "in_progress", "reported", "verified", "closed"];

impl Supervision {
    /// Semantic checks beyond the types; push (field path, message) pairs.
    pub fn validate(&self, errors: &mut Vec<(String, String)>) {
        for (i, d) in self.deadlines.iter().enumerate() {
            if d.sources.is_empty() {
                errors.push((
                    format!("supervision.deadlines[{i}].sources"),
                    "至少列出一种来源 (list at least one source)".into(),
                ));
            }
            if is_before(d.period) {
                errors.push((
                    format!("supervision.deadlines[{i}].period"),
                    "督办时限应从交办日起算，不能是“提前”期限 (a follow-up limit counts after assignment)".into(),
                ));
            }
        }
        if let Some(e) = &self.escalation
            && e.after_unanswered_reminders == 0
        {
            errors.push((
                "supervision.escalation.after_unanswered_reminders".into(),
                "催办次数应至少为 1 (must be at least 1)".into(),
            ));
        }
        if let Some(st) = &self.steps {
            for (i, step) in st.list.iter().enumerate() {
                for s in &step.stages {
                    if !STAGE_IDS.contains(&s.as_str()) {
                        errors.push((
                            format!("supervision.steps.list[{i}].stages"),
                            format!("未知的台账阶段 \"{s}\" (unknown ledger stage)"),
                        ));
                    }
                }
            }
        }
        if let Some(ins) = &self.instructions {
            for (name, r) in [("forward", &ins.forward), ("handle", &ins.handle)] {
                if let Some(r) = r
                    && is_before(r.period)
                {
                    errors.push((
                        format!("supervision.instructions.{name}.period"),
                        "批示件时限应从接办日起算 (counts after receipt)".into(),
                    ));
                }
            }
        }
    }
}

fn is_before(p: Period) -> bool {
    matches!(
        p,
        Period::WorkingDaysBefore(_) | Period::DaysBefore(_) | Period::MonthsBefore(_)
    )
}
