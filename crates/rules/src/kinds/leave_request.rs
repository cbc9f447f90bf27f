//! Kind `leave_request` (CASES.md 8): who approves a leader's absence, by when the request is due,
//! and what it must contain — from the decision table `[discipline.leave]` (hit policy FIRST).
//!
//! - A requester whose role this government does not have (no title in `[roles]`, e.g. a 秘书长 in a
//!   county) is refused, citing `[org.chief_of_staff]`.
//! - No matching row: the profile does not say (manual step, C8); `status.request = "not_stated"`.
//! - An exempt row (R6.05): no request needed; `status.request = "exempt"`.
//! - Otherwise `status.request = "required"`: the row's steps form the `chain`; the notice deadline
//!   counts back from `departs_on` (C4: 天 are calendar days; no period = 事前, on or before the day of
//!   departure); `submitted_on: null` means nothing was filed before leaving (missed). The row's
//!   requirements (written reason, acting person named, itinerary for trips longer than N days —
//!   C12: departure and return days both counted) fail with their strength (C7).
//! - The mutual-substitute constraint (`[org.substitution.mutual]`, R1.06) applies to any request
//!   whose `mutual_substitute_away` is true.
//!
//! `status`: `{"request": "required|exempt|not_stated", "trip_days": n}`.

use crate::date::CaseDate;
use crate::engine::{Ctx, Out};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::msg;
use crate::profile::discipline::{MeetingLevel, Notice, Purpose, Requester};
use crate::verdict::{Deadline, DeadlineStatus};
use serde_json::json;
use zhengwu_calendar::Date;

crate::case_struct! {
    pub struct Case {
        pub requester: Requester,
        pub purpose: Purpose,
        #[serde(default)]
        pub meeting_level: Option<MeetingLevel>,
        pub departs_on: CaseDate,
        pub returns_on: CaseDate,
        #[serde(default)]
        pub submitted_on: Option<CaseDate>,
        #[serde(default)]
        pub emergency: bool,
        #[serde(default)]
        pub written_reason: bool,
        #[serde(default)]
        pub acting_person_named: bool,
        #[serde(default)]
        pub itinerary_attached: bool,
        #[serde(default)]
        pub mutual_substitute_away: bool,
    }
}

impl Case {
    fn notice(&self, ctx: &Ctx<'_>, n: &Notice) -> Result<Deadline, CheckError> {
        let submitted = self.submitted_on;
        let mut d = match n.period {
            Some(p) => ctx.deadline(
                msg!("提交请假报告", "submit the leave request"),
                self.departs_on,
                p,
                &n.cite,
                submitted,
                None,
            )?,
            None => {
                let citation = ctx.cite(&n.cite);
                let due = *self.departs_on;
                Deadline {
                    explain: format!("事前（不迟于出发当日 {due}）报告，依据 {}", citation.text),
                    explain_en: format!(
                        "beforehand (on or before departure, {due}), per {}",
                        citation.text
                    ),
                    what: "事前报告/请假".into(),
                    what_en: "report or request beforehand".into(),
                    due: due.to_string(),
                    status: crate::engine::deadline_status(due, submitted.map(|d| *d), None),
                    provisional: false,
                    citation,
                }
            }
        };
        if submitted.is_none() {
            // Nothing was filed before leaving.
            d.status = DeadlineStatus::Missed;
        }
        Ok(d)
    }
}

impl Kind for Case {
    fn main_date(&self) -> Option<Date> {
        Some(*self.departs_on)
    }

    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        if *self.returns_on < *self.departs_on {
            return Err(CheckError::input(
                "returns_on",
                "返回日期早于出发日期 (returns_on is before departs_on)",
            ));
        }
        let trip_days = (*self.departs_on)
            .until(*self.returns_on)
            .map(|s| i64::from(s.get_days()) + 1)
            .unwrap_or(1);
        let role = self.requester.role();
        if !ctx.profile.roles.contains_key(&role) {
            match &ctx.profile.org.chief_of_staff {
                Some(c) => {
                    out.violation(
                        &c.matrix,
                        ctx.cite(&c.cite),
                        msg!(
                            "本级政府未设该职务（{role}）",
                            "this government has no such office ({role})"
                        ),
                    );
                    out.status(json!({ "request": "not_stated", "trip_days": trip_days }));
                    return Ok(());
                }
                None => {
                    return Err(CheckError::input(
                        "requester",
                        format!("本级政府未设该职务 (no such office): {role}"),
                    ));
                }
            }
        }

        if self.mutual_substitute_away
            && let Some(m) = ctx
                .profile
                .org
                .substitution
                .as_ref()
                .and_then(|s| s.mutual.as_ref())
        {
            out.fail_rule(
                ctx,
                m,
                msg!(
                    "相互补位的领导同志不应同时外出或休假",
                    "leaders who substitute for each other should not be away at the same time"
                ),
            );
        }

        let rows = ctx
            .profile
            .discipline
            .leave
            .as_ref()
            .map(|l| l.rows.as_slice())
            .unwrap_or(&[]);
        let row = rows.iter().find(|r| {
            r.when.matches(
                self.requester,
                self.purpose,
                self.meeting_level,
                self.emergency,
            )
        });
        let Some(row) = row else {
            out.manual("leave_approver", "not_stated", None);
            out.status(json!({ "request": "not_stated", "trip_days": trip_days }));
            return Ok(());
        };
        let row_cit = row.cite.first().map(|c| ctx.cite(c));
        if row.exempt {
            out.status(json!({ "request": "exempt", "trip_days": trip_days }));
            return Ok(());
        }
        for s in &row.steps {
            out.step_alt(ctx, s.step, s.role, &s.alternatives, row_cit.clone());
            if !s.note.is_empty()
                && let Some(last) = out.chain.last_mut()
            {
                last.note = s.note.clone();
            }
        }
        if row.approver_not_stated {
            out.manual("leave_approver", "not_stated", row_cit.clone());
        }
        if let Some(n) = &row.notice {
            let d = self.notice(ctx, n)?;
            if d.status == DeadlineStatus::Missed {
                let rule = n.matrix.as_deref().unwrap_or(&row.matrix);
                let due = d.due.clone();
                out.fail(
                    ctx,
                    rule,
                    n.strength,
                    d.citation.clone(),
                    msg!("请假报告应于 {due} 前提交", "the request was due by {due}"),
                );
            }
            out.deadline(d);
        }
        if let Some(w) = &row.written_reason
            && !self.written_reason
        {
            out.fail(
                ctx,
                w.matrix.as_deref().unwrap_or(&row.matrix),
                w.strength,
                ctx.cite(&w.cite),
                msg!(
                    "应书面报告并说明理由",
                    "a written request with reasons is required"
                ),
            );
        }
        if let Some(a) = &row.acting_person
            && !self.acting_person_named
        {
            out.fail(
                ctx,
                a.matrix.as_deref().unwrap_or(&row.matrix),
                a.strength,
                ctx.cite(&a.cite),
                msg!(
                    "应报告代为主持工作的人员",
                    "the acting person must be named"
                ),
            );
        }
        if let Some(it) = &row.itinerary
            && trip_days > i64::from(it.longer_than_days)
            && !self.itinerary_attached
        {
            let n = it.longer_than_days;
            out.fail(
                ctx,
                it.matrix.as_deref().unwrap_or(&row.matrix),
                it.strength,
                ctx.cite(&it.cite),
                msg!(
                    "外出{trip_days}天，超过{n}天，应附有关通知、方案及日程安排",
                    "a trip of {trip_days} days (> {n}) needs the notice, programme and itinerary attached"
                ),
            );
        }
        out.status(json!({ "request": "required", "trip_days": trip_days }));
        Ok(())
    }
}
