//! Kind `post_meeting_document` (CASES.md #14): a document adopted at the executive meeting — by when
//! must it be submitted (泰安 第六十四条) or issued (张店 五十七), and was it on time?
//!
//! The profile's `post_meeting` rules, one per revision (minor: adopted in principle; major: major
//! revision or further coordination). A missed deadline fails the rule with its strength (张店's 5-day
//! issue is 原则上, SOFT); a pending one is allowed. No rule: not stated (C8).

use crate::date::CaseDate;
use crate::engine::{Ctx, Out};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::msg;
use crate::profile::meetings::{PostMeetingAct, Revision, first_cite, manual};
use crate::verdict::DeadlineStatus;
use serde_json::json;
use zhengwu_calendar::Date;

fn minor() -> Revision {
    Revision::Minor
}

crate::case_struct! {
    pub struct Case {
        pub meeting_on: CaseDate,
        #[serde(default = "minor")]
        pub revision: Revision,
        #[serde(default)]
        pub submitted_on: Option<CaseDate>,
        #[serde(default)]
        pub as_of: Option<CaseDate>,
    }
}

impl Kind for Case {
    fn main_date(&self) -> Option<Date> {
        Some(self.meeting_on.0)
    }

    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        if let Some(s) = self.submitted_on
            && s < self.meeting_on
        {
            return Err(CheckError::input(
                "submitted_on",
                "报送/印发日期早于会议日期 (submitted_on is before meeting_on)",
            ));
        }
        if let Some(a) = self.as_of
            && a < self.meeting_on
        {
            return Err(CheckError::input(
                "as_of",
                "as_of 早于会议日期 (as_of is before meeting_on)",
            ));
        }
        let m = &ctx.profile.meetings;
        let Some(rule) = m.post_meeting.iter().find(|r| r.revision == self.revision) else {
            out.manual(manual::POST_MEETING, "not_stated", None);
            out.status(json!({ "status": "not_stated" }));
            return Ok(());
        };
        let what = match (rule.act, self.revision) {
            (PostMeetingAct::Submit, Revision::Minor) => msg!(
                "修改完善后报送办公室按程序行文",
                "revised text submitted to the office for issue"
            ),
            (PostMeetingAct::Submit, Revision::Major) => msg!(
                "重大修改完成并报送",
                "major revision completed and submitted"
            ),
            (PostMeetingAct::Issue, Revision::Minor) => {
                msg!("会议通过的文件印发", "document issued")
            }
            (PostMeetingAct::Issue, Revision::Major) => msg!(
                "重大修改完成并报送行文",
                "major revision completed and submitted for issue"
            ),
        };
        let cite = first_cite(&rule.cite);
        let d = ctx.deadline(
            what,
            self.meeting_on,
            rule.period,
            cite,
            self.submitted_on,
            self.as_of,
        )?;
        let due = d.due.clone();
        let status = d.status;
        out.deadline(d);
        if status == DeadlineStatus::Missed {
            let done = match self.submitted_on {
                Some(s) => format!("，实际于 {s} 完成"),
                None => "，至今未完成".to_string(),
            };
            out.fail(
                ctx,
                &rule.matrix,
                rule.strength,
                ctx.cite(cite),
                msg!(
                    "会后时限 {due} 已过{done}",
                    "the post-meeting deadline {due} was missed"
                ),
            );
        }
        let s = match status {
            DeadlineStatus::Met => "on_time",
            DeadlineStatus::Missed => "overdue",
            DeadlineStatus::Pending => "pending",
        };
        out.status(json!({ "status": s, "act": rule.act }));
        Ok(())
    }
}
