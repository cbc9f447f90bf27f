//! Kind `department_meeting` (CASES.md #19): a department's system-wide meeting, or one held in the
//! government's name — count per year, length, whom it may invite, approvals.
//!
//! Every rule of the profile's `[meetings.department]` whose scope covers the meeting is applied:
//! limits (R2.42/R2.44), durations (R2.44/R2.45), invitations (R2.43/R2.46), approvals (R2.44), and
//! the preference for the department's own name (a judgement: a warning).

use crate::date::CaseDate;
use crate::engine::{Ctx, Out};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::msg;
use crate::profile::meetings::{InviteVerdict, Invitee, cite_of, manual, push_steps};
use crate::role::Role;
use serde_json::json;
use zhengwu_calendar::Date;

crate::case_struct! {
    pub struct Case {
        /// Meetings of this kind the department already held this year (before this one).
        #[serde(default)]
        pub held_this_year: u32,
        #[serde(default)]
        pub in_government_name: bool,
        #[serde(default)]
        pub duration_hours: Option<f64>,
        #[serde(default)]
        pub invites: Vec<Invitee>,
        #[serde(default)]
        pub approved: bool,
        /// The meeting's date (optional; selects the profile version).
        #[serde(default)]
        pub date: Option<CaseDate>,
    }
}

impl Kind for Case {
    fn main_date(&self) -> Option<Date> {
        self.date.map(|d| d.0)
    }

    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        if let Some(h) = self.duration_hours
            && (h.is_nan() || h <= 0.0)
        {
            return Err(CheckError::input(
                "duration_hours",
                "会议时长须大于 0 (duration_hours must be > 0)",
            ));
        }
        let d = &ctx.profile.meetings.department;
        let gov = self.in_government_name;
        let mut any = false;

        for l in d.limits.iter().filter(|l| l.scope.covers(gov)) {
            any = true;
            let n = self.held_this_year;
            let max = l.max_per_year;
            if n >= max {
                out.fail_rule(
                    ctx,
                    l,
                    msg!(
                        "本年已召开{n}次，此类会议每年不超过{max}次",
                        "already {n} this year; at most {max} per year"
                    ),
                );
            }
        }
        for l in d.durations.iter().filter(|l| l.scope.covers(gov)) {
            any = true;
            if let Some(h) = self.duration_hours
                && h > l.max_hours
            {
                let text = &l.text;
                out.fail_rule(
                    ctx,
                    l,
                    msg!(
                        "会议时长{h}小时，超过{text}",
                        "{h} hours exceeds the limit ({text})"
                    ),
                );
            }
        }
        for inv in &self.invites {
            let Some(rule) = d.invitations.iter().find(|r| r.invitee == *inv) else {
                continue;
            };
            any = true;
            let who = ctx.title(match inv {
                Invitee::Head => Role::Head,
                Invitee::Deputy => Role::Deputy,
                Invitee::SubordinateHead => Role::SubordinateHead,
            });
            match rule.verdict {
                InviteVerdict::Forbidden => out.fail_rule(
                    ctx,
                    rule,
                    msg!(
                        "部门召开的会议不邀请{who}出席",
                        "department meetings do not invite the {who}"
                    ),
                ),
                InviteVerdict::NeedsApproval if !self.approved => out.fail_rule(
                    ctx,
                    rule,
                    msg!(
                        "邀请{who}出席须按程序请示/报批，尚未批准",
                        "inviting the {who} needs approval, not yet given"
                    ),
                ),
                InviteVerdict::NeedsApproval => {}
            }
        }
        for a in d.approvals.iter().filter(|a| a.scope.covers(gov)) {
            any = true;
            push_steps(ctx, out, &a.steps, &a.cite);
            if a.approver_not_stated {
                out.manual(manual::APPROVER, "not_stated", Some(cite_of(ctx, &a.cite)));
            }
            if !self.approved {
                out.fail_rule(
                    ctx,
                    a,
                    msg!(
                        "会议须按程序报批，尚未批准",
                        "the meeting needs approval through the set procedure, not yet given"
                    ),
                );
            }
        }
        if gov && let Some(p) = &d.prefer_department_name {
            any = true;
            let gov_name = &ctx.profile.government;
            out.warning(
                &p.matrix,
                cite_of(ctx, &p.cite),
                msg!(
                    "能以部门名义召开的会议不以{gov_name}名义召开：请办公室判断",
                    "a meeting that can be held in the department's name is not held in the government's name: the office judges"
                ),
            );
        }
        if !any {
            out.manual(manual::DEPARTMENT, "not_stated", None);
        }
        out.status(json!({ "in_government_name": gov, "held_this_year": self.held_this_year }));
        Ok(())
    }
}
