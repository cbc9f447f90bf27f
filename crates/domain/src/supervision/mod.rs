//! Supervision ledger (督查督办台账) as pure decisions.
//!
//! An [`Item`] is the state of one supervised task. Every decision about its deadlines, its clock
//! status and a due escalation is made by **building the `supervision_item` case and evaluating it
//! through the rules crate** (`zhengwu_rules::check_json`), so the ledger and `zhengwu check` can
//! never disagree. The office's own time limit set at 立项 is a [`crate::deadline::Deadline`]
//! (start + period + citation + agreed extensions), projected through the calendar and handed to the
//! case as `due_on`.
//!
//! Commands ([`Command`]) return the new item and the citations that justified the change, or a
//! [`Refusal`] citing what stands in the way (e.g. 泰安 第七十五条（四）: 约谈 needs a leader's consent).

use crate::deadline::{ClockStatus, Deadline, Extension, Thresholds, clock_status, colour};
use serde::{Deserialize, Serialize};
use zhengwu_calendar::{Calendar, Date};
use zhengwu_rules::profile::supervision::FieldRequirement;
use zhengwu_rules::verdict::DeadlineStatus;
use zhengwu_rules::{Citation, Outcome, Period, Registry, Strength, Verdict};

/// Where an item comes from (the rules crate's `ItemSource`, by its id).
pub const SOURCES: &[(&str, &str)] = &[
    ("meeting_decision", "会议决定事项"),
    ("leader_instruction", "领导批示件"),
    ("work_report", "政府工作报告任务"),
    ("superior_deployment", "上级部署"),
    ("npc_suggestion", "人大代表建议"),
    ("cppcc_proposal", "政协提案"),
    ("audit_finding", "审计发现问题整改"),
    ("other", "其他"),
];

pub fn source_label(id: &str) -> Option<&'static str> {
    SOURCES.iter().find(|(s, _)| *s == id).map(|(_, l)| *l)
}

/// The life cycle of an item (the generic steps; 济宁 names them 立项—交办—承办—反馈—核查—销号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 立项/交办: registered and assigned to the lead unit.
    Assigned,
    /// 承办/反馈: the unit has reported progress at least once.
    InProgress,
    /// The unit reported completion; awaiting verification (核查).
    Reported,
    /// 核查 passed.
    Verified,
    /// 销号.
    Closed,
}

impl Stage {
    pub fn id(self) -> &'static str {
        match self {
            Stage::Assigned => "assigned",
            Stage::InProgress => "in_progress",
            Stage::Reported => "reported",
            Stage::Verified => "verified",
            Stage::Closed => "closed",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Stage::Assigned => "已交办",
            Stage::InProgress => "承办中",
            Stage::Reported => "已反馈待核查",
            Stage::Verified => "已核查",
            Stage::Closed => "已销号",
        }
    }
    pub fn is_open(self) -> bool {
        !matches!(self, Stage::Verified | Stage::Closed)
    }
}

/// A progress report (进展反馈) of the unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub on: Date,
    pub text: String,
    #[serde(default)]
    pub completed: bool,
}

/// The state of one supervised item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub profile: String,
    pub source: String,
    pub title: String,
    pub lead_unit: String,
    #[serde(default)]
    pub co_units: Vec<String>,
    pub responsible: String,
    pub assigned_on: Date,
    /// The office's own time limit set at 立项 (with extensions), if any.
    #[serde(default)]
    pub limit: Option<Deadline>,
    pub stage: Stage,
    #[serde(default)]
    pub progress: Vec<Progress>,
    /// 催办 sent since the unit last answered.
    #[serde(default)]
    pub reminders_unanswered: u32,
    #[serde(default)]
    pub reminders_total: u32,
    #[serde(default)]
    pub notified_by_office_document: bool,
    #[serde(default)]
    pub escalation_consent: Option<String>,
    #[serde(default)]
    pub escalated_on: Option<Date>,
    #[serde(default)]
    pub completed_on: Option<Date>,
    #[serde(default)]
    pub closed_on: Option<Date>,
    /// 回头看 after closing: dates and findings.
    #[serde(default)]
    pub reviews: Vec<Progress>,
    #[serde(default)]
    pub complex: bool,
    /// 督查调研/实地督查 recorded on the item (R5.06).
    #[serde(default)]
    pub field_inspections: Vec<FieldInspection>,
}

/// A field inspection (督查调研/实地督查) recorded on an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldInspection {
    pub on: Date,
    /// The unit that carries it out.
    pub by_unit: String,
    #[serde(default)]
    pub cross_department: bool,
    #[serde(default)]
    pub in_annual_plan: bool,
    #[serde(default)]
    pub by_department: bool,
    #[serde(default)]
    pub blanket: bool,
    #[serde(default)]
    pub unified_deployment: bool,
    #[serde(default)]
    pub approved_by: Option<String>,
    #[serde(default)]
    pub note: String,
    /// SOFT rules of the profile the inspection does not meet, with their articles.
    #[serde(default)]
    pub warnings: Vec<Citation>,
}

/// The item's current step in the government's own words (R5.03).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepView {
    pub name: String,
    /// Who approves the step, in the seed's words (empty when none is stated).
    pub approval: String,
    /// All the profile's steps, in order.
    pub steps: Vec<String>,
    pub citations: Vec<Citation>,
}

/// The step of `profile` an item at `stage` is in; `None` when the profile states no steps.
pub fn current_step(p: &zhengwu_rules::Profile, stage: Stage) -> Option<StepView> {
    let steps = p.supervision.steps.as_ref()?;
    let step = steps
        .list
        .iter()
        .find(|s| s.stages.iter().any(|x| x == stage.id()))?;
    Some(StepView {
        name: step.name.clone(),
        approval: step.approval.clone(),
        steps: steps.list.iter().map(|s| s.name.clone()).collect(),
        citations: steps.cite.iter().map(|c| p.cite(c)).collect(),
    })
}

/// What the ledger shows for an item on a day: evaluated through the rules crate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// `on_time` | `due_soon` | `overdue` | `long_overdue` | `escalate` | `done`
    pub status: String,
    pub clock: Option<ClockStatus>,
    /// 济宁 蓝黄红 (profile setting), when the profile has colours.
    pub colour: Option<String>,
    /// The earliest due date not yet met (the projected `due_on` of the index).
    pub due_on: Option<Date>,
    pub provisional: bool,
    pub verdict: Verdict,
}

/// A refusal with the citations that stand in the way.
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct Refusal {
    pub message: String,
    pub message_en: String,
    pub citations: Vec<Citation>,
}

fn refuse(zh: impl Into<String>, en: impl Into<String>, citations: Vec<Citation>) -> Refusal {
    Refusal {
        message: zh.into(),
        message_en: en.into(),
        citations,
    }
}

/// A command on the ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// 进展反馈 (answers the reminders); `completed` reports the task done.
    Report {
        text: String,
        #[serde(default)]
        completed: bool,
    },
    /// 催办.
    Remind,
    /// A leader agrees to the escalation measure (e.g. 约谈).
    Consent { by: String },
    /// Carry out the escalation measure.
    Escalate,
    /// An agreed extension of the office's limit.
    Extend {
        period: Period,
        agreed_by: String,
        #[serde(default)]
        reason: String,
    },
    /// 核查: the office verifies the reported completion (`passed = false` sends it back).
    Verify { passed: bool, note: String },
    /// 销号.
    Close,
    /// 回头看 after closing.
    Review { finding: String },
    /// The unit was criticised in an office document (泰安 第七十五条（四）).
    Notified,
    /// 督查调研/实地督查 of the item, checked against the profile's R5.06 conditions.
    FieldInspection {
        by_unit: String,
        #[serde(default)]
        cross_department: bool,
        #[serde(default)]
        in_annual_plan: bool,
        /// Run by a department in its own name (not by the government office).
        #[serde(default)]
        by_department: bool,
        /// Covers the whole jurisdiction (全覆盖).
        #[serde(default)]
        blanket: bool,
        /// Deployed by the Party committee and the government (市委、市政府统一部署).
        #[serde(default)]
        unified_deployment: bool,
        #[serde(default)]
        approved_by: Option<String>,
        #[serde(default)]
        note: String,
    },
}

impl Command {
    pub fn action(&self) -> &'static str {
        match self {
            Command::Report { .. } => "supervision.report",
            Command::Remind => "supervision.remind",
            Command::Consent { .. } => "supervision.consent",
            Command::Escalate => "supervision.escalate",
            Command::Extend { .. } => "supervision.extend",
            Command::Verify { .. } => "supervision.verify",
            Command::Close => "supervision.close",
            Command::Review { .. } => "supervision.review",
            Command::Notified => "supervision.notified",
            Command::FieldInspection { .. } => "supervision.field_inspection",
        }
    }
}

/// The rules context the decisions need.
pub struct Env<'a> {
    pub registry: &'a Registry,
    pub calendar: &'a Calendar,
    pub thresholds: Option<Thresholds>,
}

impl Env<'_> {
    fn profile(&self, item: &Item) -> Result<&zhengwu_rules::Profile, Refusal> {
        self.registry
            .in_force(&item.profile, Some(item.assigned_on))
            .map(|l| &l.profile)
            .map_err(|e| refuse(e.to_string(), e.to_string(), Vec::new()))
    }

    /// The office limit set at 立项: start = assigned_on, the period given, citing the profile's
    /// `supervision.assigned_deadline` article (or, without one, the registration itself).
    pub fn office_limit(&self, item: &Item, period: Period) -> Result<Deadline, Refusal> {
        let p = self.profile(item)?;
        let citation = p.assigned_limit_citation();
        Ok(Deadline::new(
            "按立项确定的时限办结",
            item.assigned_on,
            period,
            citation,
        ))
    }

    /// Evaluates the item on `as_of` through the rules crate (kind `supervision_item`).
    pub fn assess(&self, item: &Item, as_of: Date) -> Result<Assessment, Refusal> {
        let profile = self.profile(item)?;
        let as_of = as_of.max(item.assigned_on);
        let mut provisional = false;
        let mut case = serde_json::json!({
            "kind": "supervision_item",
            "profile": item.profile,
            "source": item.source,
            "assigned_on": item.assigned_on.to_string(),
            "as_of": as_of.to_string(),
            "reminders_unanswered": item.reminders_unanswered,
            "leader_consented_to_escalation": item.escalation_consent.is_some(),
            "notified_by_office_document": item.notified_by_office_document,
            "complex": item.complex,
        });
        if let Some(limit) = &item.limit {
            let p = limit
                .project(self.calendar, as_of)
                .map_err(|e| refuse(e.to_string(), e.to_string(), vec![limit.citation.clone()]))?;
            provisional |= p.provisional;
            case["due_on"] = serde_json::Value::String(p.due.to_string());
        }
        if let Some(c) = item.completed_on {
            case["completed_on"] = serde_json::Value::String(c.max(item.assigned_on).to_string());
        }
        let verdict =
            zhengwu_rules::check_json(self.registry, self.calendar, &case.to_string(), None)
                .map_err(|e| refuse(e.to_string(), e.to_string(), Vec::new()))?;
        provisional |= verdict.provisional;
        let due_on = verdict
            .deadlines
            .iter()
            .filter(|d| d.status != DeadlineStatus::Met)
            .filter_map(|d| zhengwu_calendar::parse_date(&d.due).ok())
            .min();
        let th = self
            .thresholds
            .unwrap_or_else(|| Thresholds::from_profile(profile));
        let clock = match (item.completed_on, due_on) {
            (None, Some(d)) => Some(
                clock_status(self.calendar, d, as_of, th)
                    .map_err(|e| refuse(e.to_string(), e.to_string(), Vec::new()))?,
            ),
            _ => None,
        };
        let rule_status = verdict.status.as_str().unwrap_or("on_time").to_string();
        let status = match (item.completed_on, clock) {
            (Some(_), _) => "done".to_string(),
            _ if rule_status == "escalate" => rule_status.clone(),
            (None, Some(c)) => c.id().to_string(),
            (None, None) => rule_status.clone(),
        };
        let colour = clock.and_then(|c| colour(profile, c)).or_else(|| {
            // A finished item keeps the colour of how it finished.
            item.completed_on.and_then(|_| match rule_status.as_str() {
                "overdue" => colour(profile, ClockStatus::Overdue),
                _ => colour(profile, ClockStatus::OnTime),
            })
        });
        Ok(Assessment {
            status,
            clock,
            colour,
            due_on,
            provisional,
            verdict,
        })
    }

    /// Applies a command on `today`: the new item and the citations that justified it.
    pub fn apply(
        &self,
        item: &Item,
        cmd: &Command,
        today: Date,
    ) -> Result<(Item, Vec<Citation>), Refusal> {
        let profile = self.profile(item)?;
        let mut next = item.clone();
        let mut cites: Vec<Citation> = Vec::new();
        let closed = item.stage == Stage::Closed;
        let not_open = |what: &str, en: &str| {
            refuse(
                format!("事项已{}，不能{what}", item.stage.label_zh()),
                format!("the item is {}; cannot {en}", item.stage.id()),
                Vec::new(),
            )
        };
        match cmd {
            Command::Report { text, completed } => {
                if !item.stage.is_open() {
                    return Err(not_open("再反馈进展", "report progress"));
                }
                next.progress.push(Progress {
                    on: today,
                    text: text.clone(),
                    completed: *completed,
                });
                next.reminders_unanswered = 0;
                if *completed {
                    next.stage = Stage::Reported;
                    next.completed_on = Some(today);
                } else {
                    next.stage = Stage::InProgress;
                }
            }
            Command::Remind => {
                if !item.stage.is_open() || item.stage == Stage::Reported {
                    return Err(not_open("催办", "send a reminder"));
                }
                next.reminders_unanswered += 1;
                next.reminders_total += 1;
            }
            Command::Notified => {
                next.notified_by_office_document = true;
            }
            Command::Consent { by } => {
                let esc = profile.supervision.escalation.as_ref().ok_or_else(|| {
                    refuse(
                        "本规则配置未规定需经同意的升级措施",
                        "this profile has no escalation that needs consent",
                        Vec::new(),
                    )
                })?;
                cites.push(profile.cite(&esc.cite));
                next.escalation_consent = Some(by.clone());
            }
            Command::Escalate => {
                if item.escalated_on.is_some() {
                    return Err(refuse("已采取升级措施", "already escalated", Vec::new()));
                }
                let a = self.assess(item, today)?;
                if a.verdict.outcome == Outcome::Refused {
                    let cs = a
                        .verdict
                        .violations
                        .iter()
                        .map(|v| v.citation.clone())
                        .collect();
                    let zh = a
                        .verdict
                        .violations
                        .iter()
                        .map(|v| v.message.clone())
                        .collect::<Vec<_>>()
                        .join("；");
                    let en = a
                        .verdict
                        .violations
                        .iter()
                        .map(|v| v.message_en.clone())
                        .collect::<Vec<_>>()
                        .join("; ");
                    return Err(refuse(zh, en, cs));
                }
                if a.status != "escalate" {
                    return Err(refuse(
                        "未达到本规则配置规定的升级条件",
                        "the profile's escalation trigger is not reached",
                        profile
                            .supervision
                            .escalation
                            .iter()
                            .map(|e| profile.cite(&e.cite))
                            .collect(),
                    ));
                }
                cites.extend(a.verdict.chain.iter().filter_map(|s| s.citation.clone()));
                next.escalated_on = Some(today);
            }
            Command::Extend {
                period,
                agreed_by,
                reason,
            } => {
                if closed || item.completed_on.is_some() {
                    return Err(not_open("延期", "extend"));
                }
                let Some(limit) = &mut next.limit else {
                    return Err(refuse(
                        "立项时未确定办理时限，无可延期的时限",
                        "no limit was set at registration; nothing to extend",
                        Vec::new(),
                    ));
                };
                limit.extensions.push(Extension {
                    period: *period,
                    agreed_on: today,
                    agreed_by: agreed_by.clone(),
                    reason: reason.clone(),
                    citation: Some(limit.citation.clone()),
                });
                cites.push(limit.citation.clone());
            }
            Command::Verify { passed, note } => {
                if item.stage != Stage::Reported {
                    return Err(refuse(
                        "承办单位尚未反馈办结，不能核查",
                        "the unit has not reported completion; nothing to verify",
                        Vec::new(),
                    ));
                }
                next.progress.push(Progress {
                    on: today,
                    text: format!("核查：{note}"),
                    completed: *passed,
                });
                if *passed {
                    next.stage = Stage::Verified;
                } else {
                    next.stage = Stage::InProgress;
                    next.completed_on = None;
                }
            }
            Command::Close => {
                if item.stage != Stage::Verified {
                    return Err(refuse(
                        "未经核查不能销号",
                        "an item is closed only after verification",
                        Vec::new(),
                    ));
                }
                if let Some(a) = &profile.supervision.assigned_deadline {
                    cites.push(profile.cite(&a.cite));
                }
                next.stage = Stage::Closed;
                next.closed_on = Some(today);
            }
            Command::FieldInspection {
                by_unit,
                cross_department,
                in_annual_plan,
                by_department,
                blanket,
                unified_deployment,
                approved_by,
                note,
            } => {
                if closed {
                    return Err(not_open("实地督查", "inspect in the field"));
                }
                let approved = approved_by.as_ref().is_some_and(|a| !a.trim().is_empty());
                let mut warnings = Vec::new();
                for r in &profile.supervision.field_inspections {
                    if (r.cross_department_only && !cross_department)
                        || (r.department_only && !by_department)
                    {
                        continue;
                    }
                    let met = match r.requires {
                        FieldRequirement::Approval => approved,
                        FieldRequirement::AnnualPlan => *in_annual_plan,
                        FieldRequirement::NotRepeated => item.field_inspections.is_empty(),
                        FieldRequirement::NotBlanket => !*blanket || *unified_deployment,
                    };
                    let c = profile.cite(&r.cite);
                    if met {
                        cites.push(c);
                        continue;
                    }
                    let (zh, en) = match r.requires {
                        FieldRequirement::Approval => ("未记录批准", "no approval is recorded"),
                        FieldRequirement::AnnualPlan => {
                            ("不在年度计划内", "it is not in the annual plan")
                        }
                        FieldRequirement::NotRepeated => (
                            "该事项已实地督查过",
                            "the item was already inspected in the field",
                        ),
                        FieldRequirement::NotBlanket => (
                            "全覆盖的实地督查且非统一部署",
                            "a blanket inspection not deployed by the Party committee and government",
                        ),
                    };
                    match r.strength {
                        Strength::Hard => {
                            return Err(refuse(
                                format!("不能记录实地督查：{}（{}）", r.what, zh),
                                format!("field inspection refused: {en}"),
                                vec![c],
                            ));
                        }
                        Strength::Soft => warnings.push(c),
                    }
                }
                cites.extend(warnings.iter().cloned());
                next.field_inspections.push(FieldInspection {
                    on: today,
                    by_unit: by_unit.clone(),
                    cross_department: *cross_department,
                    in_annual_plan: *in_annual_plan,
                    by_department: *by_department,
                    blanket: *blanket,
                    unified_deployment: *unified_deployment,
                    approved_by: approved_by.clone().filter(|a| !a.trim().is_empty()),
                    note: note.clone(),
                    warnings,
                });
            }
            Command::Review { finding } => {
                if !closed {
                    return Err(refuse(
                        "“回头看”在销号之后进行",
                        "re-inspection (回头看) follows closing",
                        Vec::new(),
                    ));
                }
                next.reviews.push(Progress {
                    on: today,
                    text: finding.clone(),
                    completed: true,
                });
            }
        }
        Ok((next, cites))
    }
}

/// What the scheduler should send for an item on `as_of` (pure): the reminder kind and the period
/// key that makes it idempotent (one per item, kind and due period).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// `due_soon` | `overdue` | `escalation_due`
    pub kind: &'static str,
    /// The due date it is about (a new projected date after an extension is a new period).
    pub period: String,
    pub message: String,
}

/// The notices due for an item's assessment (none for finished items). An overdue item gets a 催办
/// every `every_working_days` working days after its due date (a SETTING; the seeds set no
/// interval): the k-th one has period `<due>#<k>`, so it is sent once whatever the restarts, and each
/// counts as a reminder (催办) towards the profile's escalation trigger.
pub fn notices(
    cal: &Calendar,
    item: &Item,
    a: &Assessment,
    as_of: Date,
    every_working_days: u32,
) -> Vec<Notice> {
    let mut out = Vec::new();
    if item.completed_on.is_some() || !item.stage.is_open() {
        return out;
    }
    let Some(due) = a.due_on else { return out };
    match a.clock {
        Some(ClockStatus::DueSoon) => out.push(Notice {
            kind: "due_soon",
            period: due.to_string(),
            message: format!("督办事项“{}”将于{due}到期，请按时反馈", item.title),
        }),
        Some(ClockStatus::Overdue | ClockStatus::LongOverdue) => {
            let late = cal
                .working_days_between(due, as_of)
                .map(|a| a.value.max(1))
                .unwrap_or(1);
            let k = (late - 1) / i32::try_from(every_working_days.max(1)).unwrap_or(1) + 1;
            out.push(Notice {
                kind: "overdue",
                period: format!("{due}#{k}"),
                message: format!(
                    "督办事项“{}”已于{due}到期未办结，第{k}次催办，请尽快办理并反馈",
                    item.title
                ),
            });
        }
        _ => {}
    }
    if a.status == "escalate" && item.escalated_on.is_none() {
        out.push(Notice {
            kind: "escalation_due",
            // Once per due period: the office decides (and records the leader's consent).
            period: due.to_string(),
            message: format!(
                "督办事项“{}”已达到升级条件（催办{}次未果），请报领导同意后处理",
                item.title, item.reminders_unanswered
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests;
