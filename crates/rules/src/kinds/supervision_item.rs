//! Kind `supervision_item` (CASES.md 11): a supervised task (督办事项) — its deadlines, its state on
//! `as_of`, and whether an escalation (e.g. 约谈) is due.
//!
//! Deadlines: the profile's time limits for the item's `source` (`[[supervision.deadlines]]`, counted
//! from `assigned_on`), the national limit for deputies' suggestions (`[openness.npc_suggestions]`,
//! 3 months from 交办; 6 with `complex`), and the limit the office set at 立项 (optional case field
//! `due_on`). With none of them the profile leaves the limit to a person (manual step).
//!
//! `status`: `escalate` when the profile's numeric escalation trigger is reached on an open item;
//! otherwise, over the deadlines not yet acted on: `overdue` (today is after a due date), `due_soon`
//! (today is at most `supervision.due_soon_working_days` working days before a due date — a PROJECT
//! SETTING, not a rule of any seed), else `on_time`. A completed item is `on_time` when every
//! deadline was met, else `overdue` (completed late). Follow-up deadlines never refuse (C7); the
//! outcome is `refused` only when an escalation is due and the consent the profile requires is missing.
//!
//! This file also holds the small deadline helpers shared by `leader_instruction` and
//! `disclosure_request`.

use crate::citation::Citation;
use crate::date::CaseDate;
use crate::engine::{Ctx, Msg, Out, Period, deadline_status};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::msg;
use crate::profile::supervision::ItemSource;
use crate::verdict::{Deadline, DeadlineStatus, Step};
use zhengwu_calendar::Date;

crate::case_struct! {
    pub struct Case {
        pub source: ItemSource,
        pub assigned_on: CaseDate,
        pub as_of: CaseDate,
        #[serde(default)]
        pub completed_on: Option<CaseDate>,
        #[serde(default)]
        pub reminders_unanswered: u32,
        #[serde(default)]
        pub leader_consented_to_escalation: bool,
        /// Optional: the time limit the office set when registering the item (立项).
        #[serde(default)]
        pub due_on: Option<CaseDate>,
        /// Optional: the unit was criticised in an office document (泰安 第七十五条（四）).
        #[serde(default)]
        pub notified_by_office_document: bool,
        /// Optional: a deputies' suggestion that is broad or hard to handle (6-month limit).
        #[serde(default)]
        pub complex: bool,
    }
}

/// The state of an open deadline on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Clock {
    OnTime,
    DueSoon,
    Overdue,
}

impl Clock {
    pub(crate) fn id(self) -> &'static str {
        match self {
            Clock::OnTime => "on_time",
            Clock::DueSoon => "due_soon",
            Clock::Overdue => "overdue",
        }
    }
}

/// A computed deadline with its date (the verdict's `Deadline` carries the date as text).
pub(crate) struct Dated {
    pub deadline: Deadline,
    pub due: Date,
    pub done_on: Option<Date>,
}

/// Like `Ctx::deadline`, for any citation (national ones too) and with extra explanation text.
#[allow(clippy::too_many_arguments)]
pub(crate) fn deadline_cited(
    ctx: &Ctx<'_>,
    what: Msg,
    start: Date,
    period: Period,
    citation: Citation,
    done_on: Option<Date>,
    as_of: Option<Date>,
    extra: Option<Msg>,
) -> Result<Dated, CheckError> {
    let due = ctx.due(start, period)?;
    let status = deadline_status(due.date, done_on, as_of);
    // The explanations are extended in place (no second copy through format!).
    let (mut explain, mut explain_en) = (due.explain_zh, due.explain_en);
    if let Some(m) = extra {
        explain.push('；');
        explain.push_str(&m.zh);
        explain_en.push_str("; ");
        explain_en.push_str(&m.en);
    }
    explain.push_str("，依据 ");
    explain.push_str(&citation.text);
    explain_en.push_str(", per ");
    explain_en.push_str(&citation.text);
    let mut due_text = String::with_capacity(10);
    zhengwu_calendar::push_ymd(&mut due_text, due.date);
    Ok(Dated {
        deadline: Deadline {
            explain,
            explain_en,
            what: what.zh,
            what_en: what.en,
            due: due_text,
            status,
            provisional: due.provisional,
            citation,
        },
        due: due.date,
        done_on,
    })
}

/// A deadline on a fixed date (set by a person, e.g. at 立项), judged like any other.
pub(crate) fn deadline_fixed(
    what: Msg,
    due: Date,
    citation: Citation,
    done_on: Option<Date>,
    as_of: Option<Date>,
) -> Dated {
    Dated {
        deadline: Deadline {
            explain: format!("立项时确定的办理时限：{due}，依据 {}", citation.text),
            explain_en: format!(
                "time limit set when the item was registered: {due}, per {}",
                citation.text
            ),
            what: what.zh,
            what_en: what.en,
            due: due.to_string(),
            status: deadline_status(due, done_on, as_of),
            provisional: false,
            citation,
        },
        due,
        done_on,
    }
}

/// The clock of one open deadline on `as_of`; `window` = the "due soon" window in working days.
pub(crate) fn clock(
    ctx: &Ctx<'_>,
    due: Date,
    as_of: Date,
    window: u32,
) -> Result<Clock, CheckError> {
    if as_of > due {
        return Ok(Clock::Overdue);
    }
    let left = ctx.cal.working_days_between(as_of, due)?.value;
    Ok(if left <= i32::try_from(window).unwrap_or(i32::MAX) {
        Clock::DueSoon
    } else {
        Clock::OnTime
    })
}

/// The worst clock over the deadlines not yet acted on (`done_on` unset); `None` when all were acted on.
pub(crate) fn worst_open(
    ctx: &Ctx<'_>,
    ds: &[Dated],
    as_of: Date,
    window: u32,
) -> Result<Option<Clock>, CheckError> {
    let mut worst = None;
    for d in ds.iter().filter(|d| d.done_on.is_none()) {
        let c = clock(ctx, d.due, as_of, window)?;
        worst = Some(worst.map_or(c, |w: Clock| w.max(c)));
    }
    Ok(worst)
}

pub(crate) fn not_before(
    field: &str,
    a: CaseDate,
    field_b: &str,
    b: CaseDate,
) -> Result<(), CheckError> {
    if *a < *b {
        return Err(CheckError::input(
            field,
            format!("{field}（{a}）不能早于 {field_b}（{b}） ({field} cannot be before {field_b})"),
        ));
    }
    Ok(())
}

impl Kind for Case {
    fn main_date(&self) -> Option<Date> {
        Some(*self.assigned_on)
    }

    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        not_before("as_of", self.as_of, "assigned_on", self.assigned_on)?;
        if let Some(c) = self.completed_on {
            not_before("completed_on", c, "assigned_on", self.assigned_on)?;
        }
        if let Some(d) = self.due_on {
            not_before("due_on", d, "assigned_on", self.assigned_on)?;
        }
        let sup = &ctx.profile.supervision;
        let done = self.completed_on.map(|d| *d);
        let as_of = Some(*self.as_of);
        let mut ds: Vec<Dated> = Vec::new();

        for rule in sup
            .deadlines
            .iter()
            .filter(|r| r.sources.contains(&self.source))
        {
            let what = Msg {
                zh: rule.what.clone(),
                en: format!("supervised item: {}", rule.period.describe_en()),
            };
            let d = deadline_cited(
                ctx,
                what,
                *self.assigned_on,
                rule.period,
                ctx.cite(&rule.cite),
                done,
                as_of,
                None,
            )?;
            ds.push(d);
        }
        if self.source == ItemSource::NpcSuggestion
            && let Some(npc) = &ctx.profile.openness.npc_suggestions
        {
            let limit = match (&npc.complex_reply, self.complex) {
                (Some(c), true) => c,
                _ => &npc.reply,
            };
            let what = msg!(
                "答复代表建议（自交办之日起）",
                "reply to the deputies' suggestion (from assignment)"
            );
            ds.push(deadline_cited(
                ctx,
                what,
                *self.assigned_on,
                limit.period,
                limit.citation(ctx),
                done,
                as_of,
                None,
            )?);
        }
        if let Some(due) = self.due_on {
            let citation = ctx.profile.assigned_limit_citation();
            let what = msg!(
                "按立项确定的时限办结",
                "complete by the limit set at registration"
            );
            ds.push(deadline_fixed(what, *due, citation, done, as_of));
        }
        if ds.is_empty() {
            out.manual(
                "time_limit",
                "not_stated",
                sup.assigned_deadline.as_ref().map(|a| ctx.cite(&a.cite)),
            );
        }

        let window = sup.due_soon_working_days.unwrap_or(0);
        let clock_now = worst_open(ctx, &ds, *self.as_of, window)?;
        let mut status = match (self.completed_on, clock_now) {
            (Some(_), _)
                if ds
                    .iter()
                    .any(|d| d.deadline.status == DeadlineStatus::Missed) =>
            {
                "overdue"
            }
            (Some(_), _) => "on_time",
            (None, Some(c)) => c.id(),
            (None, None) => "on_time",
        };

        // Escalation with a numeric trigger (e.g. 泰安: 催办3次未果 → 约谈 after a leader agrees).
        let mut escalated = false;
        if let Some(esc) = &sup.escalation
            && self.completed_on.is_none()
        {
            let by_reminders = self.reminders_unanswered >= esc.after_unanswered_reminders;
            let by_notice = esc.also_when_notified && self.notified_by_office_document;
            if by_reminders || by_notice {
                escalated = true;
                status = "escalate";
                let cit = ctx.cite(&esc.cite);
                if let Some(consent) = esc.consent {
                    out.step_alt(
                        ctx,
                        Step::Approve,
                        consent,
                        &esc.consent_alternatives,
                        Some(cit.clone()),
                    );
                    if let Some(s) = out.chain.last_mut() {
                        s.note = format!("同意{} (consent to {})", esc.measure, esc.measure);
                    }
                    if !self.leader_consented_to_escalation {
                        let who = ctx.title(consent);
                        let measure = &esc.measure;
                        let n = self.reminders_unanswered;
                        out.violation(
                            &esc.matrix,
                            cit.clone(),
                            msg!(
                                "已催办{n}次未果，应予{measure}，但须先报请{who}等领导同志同意，尚未同意",
                                "{measure} is due ({n} unanswered reminders) but needs a leader's consent first, not yet given"
                            ),
                        );
                    }
                }
                out.step(ctx, Step::Escalate, esc.by, Some(cit));
                if let Some(s) = out.chain.last_mut() {
                    s.note = esc.measure.clone();
                }
            }
        }
        // Measures the text names without a trigger: a person decides whether to use them (C8).
        if !escalated
            && self.completed_on.is_none()
            && (self.reminders_unanswered > 0 || status == "overdue")
            && let Some(d) = &sup.discretionary
        {
            out.manual("escalation_decision", "not_stated", Some(ctx.cite(&d.cite)));
        }

        // Ledger colours (济宁 蓝黄红): the mapping is a project setting where the seed does not define it.
        if let Some(col) = &sup.colours {
            let colour = match status {
                "on_time" => &col.on_time,
                "due_soon" => &col.due_soon,
                _ => &col.overdue,
            };
            let basis = match col.basis {
                crate::profile::supervision::Basis::Seed => "原文规定",
                crate::profile::supervision::Basis::ProjectSetting => {
                    "颜色含义为本项目设定，原文未定义"
                }
            };
            for d in &mut ds {
                d.deadline
                    .explain
                    .push_str(&format!("；台账标识：{colour}（{basis}）"));
                d.deadline
                    .explain_en
                    .push_str(&format!("; ledger colour: {colour}"));
            }
        }
        for d in ds {
            out.deadline(d.deadline);
        }
        out.status(crate::verdict::Status::id(status));
        Ok(())
    }
}
