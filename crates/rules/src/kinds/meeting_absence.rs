//! Kind `meeting_absence` (CASES.md #3): someone cannot attend; whom to ask, and was it done right?
//!
//! The profile's `absence` decision table (FIRST hit on absentee and meeting type) gives whom to ask,
//! the route of the leave (`chain`), whether a substitute must be named, whether a written report is
//! required, and whether leave is discouraged altogether (泰安 第五十三条, SOFT).

use crate::date::CaseDate;
use crate::engine::{Ctx, Out};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::msg;
use crate::profile::meetings::{
    Absentee, MeetingType, SubstitutePolicy, cite_of, manual, push_steps, role_fits,
};
use crate::role::Role;
use serde::Deserialize;
use serde_json::json;
use zhengwu_calendar::Date;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    #[serde(rename = "type")]
    pub kind: MeetingType,
    #[serde(default)]
    pub date: Option<CaseDate>,
}

crate::case_struct! {
    pub struct Case {
        pub meeting: Meeting,
        pub absentee: Absentee,
        /// Whom the absentee asked for leave (null: nobody).
        #[serde(default)]
        pub asked: Option<Role>,
        #[serde(default)]
        pub substitute_named: bool,
        #[serde(default)]
        pub written_report: bool,
    }
}

impl Kind for Case {
    fn main_date(&self) -> Option<Date> {
        self.meeting.date.map(|d| d.0)
    }

    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        let m = &ctx.profile.meetings;
        let t = self.meeting.kind;
        if m.require(ctx, out, t).is_none() {
            return Ok(());
        }
        let name = m.name_of(t);
        let Some(row) = m.absence_row(self.absentee, t) else {
            out.manual(manual::ABSENCE, "not_stated", None);
            out.status(json!({ "rule": "not_stated" }));
            return Ok(());
        };
        push_steps(ctx, out, &row.chain, &row.cite);
        let cit = || cite_of(ctx, &row.cite);
        let ask = row
            .ask
            .iter()
            .map(|r| ctx.title(*r))
            .collect::<Vec<_>>()
            .join("或");

        let asked_ok = self
            .asked
            .is_some_and(|a| row.ask.iter().any(|r| role_fits(*r, a)));
        match self.asked {
            None => out.fail(
                ctx,
                &row.matrix,
                row.strength,
                cit(),
                msg!(
                    "不能出席{name}须事先向{ask}请假，未请假",
                    "leave must be asked of {ask} beforehand; none was asked"
                ),
            ),
            Some(a) if !asked_ok => {
                let at = ctx.title(a);
                out.fail(
                    ctx,
                    &row.matrix,
                    row.strength,
                    cit(),
                    msg!(
                        "不能出席{name}应向{ask}请假，而不是向{at}",
                        "leave must be asked of {ask}, not of {a}"
                    ),
                );
            }
            Some(_) => {}
        }
        match row.substitute {
            Some(SubstitutePolicy::Required) if !self.substitute_named => out.fail(
                ctx,
                &row.matrix,
                row.strength,
                cit(),
                msg!(
                    "请假须明确代替参加（列席）会议的人员",
                    "a substitute attendee must be named"
                ),
            ),
            Some(SubstitutePolicy::WithConsent) if self.substitute_named && !asked_ok => out.fail(
                ctx,
                &row.matrix,
                row.strength,
                cit(),
                msg!(
                    "未经同意不得由他人代替参加",
                    "no substitute may attend without consent"
                ),
            ),
            _ => {}
        }
        if row.written_report && !self.written_report {
            let office = ctx.title(Role::Office);
            out.fail(
                ctx,
                &row.matrix,
                row.strength,
                cit(),
                msg!(
                    "请假须同时向{office}写出书面请假报告",
                    "a written leave report to the office is required"
                ),
            );
        }
        if let Some(d) = &row.discouraged {
            out.fail_rule(ctx, d,
                msg!(
                    "除特殊情况外，原则上不应请假（如属特殊情况，请记录例外及决定人）",
                    "save in special circumstances leave should not be taken (record the exception and who decided)"
                ),
            );
        }
        out.status(json!({
            "ask": row.ask,
            "substitute": row.substitute,
            "written_report_required": row.written_report,
        }));
        Ok(())
    }
}
