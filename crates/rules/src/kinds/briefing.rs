//! Kind `briefing` (CASES.md 18): may this briefing (简报) be sent to the government? Each limit the
//! profile states in `[documents.briefings]` is checked; unstated ones produce no check (C8).

use crate::engine::{Ctx, Out};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::msg;
use serde::Deserialize;
use zhengwu_calendar::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Medium {
    Paper,
    Electronic,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SentTo {
    Office,
    LeaderPersonally,
}

crate::case_struct! {
    pub struct Case {
        pub characters: u32,
        /// Briefings this department sends to the government, this one included.
        pub department_briefings: u32,
        pub approved_this_year: bool,
        pub medium: Medium,
        pub sent_to: SentTo,
        /// Optional: approved at some time (for governments whose approval is not renewed yearly);
        /// defaults to `approved_this_year`.
        #[serde(default)]
        pub approved: Option<bool>,
    }
}

impl Kind for Case {
    fn main_date(&self) -> Option<Date> {
        None
    }

    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        let b = &ctx.profile.documents.briefings;
        if let Some(a) = &b.approval {
            let ok = if a.annual {
                self.approved_this_year
            } else {
                self.approved.unwrap_or(self.approved_this_year)
            };
            if !ok {
                let office = ctx.title(crate::role::Role::Office);
                let (zh, en) = if a.annual {
                    (
                        "本年度未经核准的简报不予接收",
                        "briefing not approved for this year",
                    )
                } else {
                    ("简报未经核准", "briefing not approved")
                };
                out.fail_rule(
                    ctx,
                    a,
                    msg!("{zh}（须报{office}核准）", "{en} by the office"),
                );
            }
        }
        if let Some(g) = &b.no_direct_to_leader
            && self.sent_to == SentTo::LeaderPersonally
        {
            out.fail_rule(
                ctx,
                g,
                msg!(
                    "简报不得直送政府领导同志",
                    "briefings may not go to a leader directly"
                ),
            );
        }
        if let Some(l) = &b.per_department
            && self.department_briefings > l.limit
        {
            let (n, max) = (self.department_briefings, l.limit);
            out.fail_rule(
                ctx,
                l,
                msg!(
                    "本部门报送 {n} 种简报，超过 {max} 种",
                    "the department sends {n} briefings; the limit is {max}"
                ),
            );
        }
        if let Some(l) = &b.max_characters
            && self.characters > l.limit
        {
            let (n, max) = (self.characters, l.limit);
            out.fail_rule(
                ctx,
                l,
                msg!(
                    "本期简报 {n} 字，超过 {max} 字",
                    "{n} characters; the limit is {max}"
                ),
            );
        }
        if let Some(g) = &b.electronic_only
            && self.medium == Medium::Paper
        {
            out.fail_rule(
                ctx,
                g,
                msg!(
                    "不得报送纸质简报，须通过政务专网传输",
                    "no paper briefings: send over the government network"
                ),
            );
        }
        Ok(())
    }
}
