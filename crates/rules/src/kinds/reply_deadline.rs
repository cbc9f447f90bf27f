//! Kind `reply_deadline` (CASES.md 13): how long may the office, a department or a leader take? The
//! window comes from `[[documents.reply_windows]]`; where the text says only "within the prescribed
//! time" (在规定时限内) or nothing at all, no date is invented (C8) and a manual step says so.

use crate::date::CaseDate;
use crate::engine::{Ctx, Out};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::msg;
use crate::profile::documents::ReplyWhat;
use crate::profile::documents::eval::{citation, cite};
use zhengwu_calendar::Date;

/// The step name used in `manual_steps` for a window the profile does not fix.
fn step_name(w: ReplyWhat) -> &'static str {
    match w {
        ReplyWhat::OfficeReply => "office_reply",
        ReplyWhat::DepartmentHandling => "department_handling",
        ReplyWhat::LeaderGuidance => "leader_guidance",
        ReplyWhat::MeetingReport => "meeting_report",
    }
}

crate::case_struct! {
    pub struct Case {
        pub what: ReplyWhat,
        pub from: CaseDate,
        #[serde(default)]
        pub special: bool,
        /// Optional: today, to say whether an open item is overdue.
        #[serde(default)]
        pub as_of: Option<CaseDate>,
        /// Optional: when the reply was given.
        #[serde(default)]
        pub done_on: Option<CaseDate>,
    }
}

impl Kind for Case {
    fn main_date(&self) -> Option<Date> {
        Some(self.from.0)
    }

    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        if let Some(d) = self.done_on
            && d < self.from
        {
            return Err(CheckError::input(
                "done_on",
                format!("done_on {d} 早于起算日 {} (before `from`)", self.from),
            ));
        }
        let step = step_name(self.what);
        let Some(w) = ctx
            .profile
            .documents
            .reply_windows
            .iter()
            .find(|w| w.what == self.what)
        else {
            out.manual(step, "not_stated", None);
            return Ok(());
        };
        let period = if self.special {
            w.special_period.or(w.period)
        } else {
            w.period
        };
        match period {
            Some(p) => {
                let (zh, en) = (self.what.zh(), self.what.en());
                let d = ctx.deadline(
                    msg!("{zh}", "{en}"),
                    self.from,
                    p,
                    cite(&w.cite),
                    self.done_on,
                    self.as_of,
                )?;
                out.deadline(d);
            }
            // Stated without a number (在规定时限内): a person fixes the date.
            None => out.manual(step, "not_stated", Some(citation(ctx, &w.cite))),
        }
        Ok(())
    }
}
