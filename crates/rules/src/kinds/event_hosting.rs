//! Kind `event_hosting` (CASES.md 10): may a forum/exhibition/festival be held in the government's
//! name? From `[events.hosting]` (R7.05): the application lead time before `event_on` (judged against
//! `applied_on`) and the superior government's approval. A profile without the rule leaves it to a
//! person (manual step, C8).

use crate::date::CaseDate;
use crate::engine::{Ctx, Out};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::msg;
use crate::profile::events::HostingKind;
use crate::verdict::DeadlineStatus;
use zhengwu_calendar::Date;

crate::case_struct! {
    pub struct Case {
        pub event_kind: HostingKind,
        pub event_on: CaseDate,
        pub applied_on: CaseDate,
        #[serde(default)]
        pub superior_approved: bool,
    }
}

impl Kind for Case {
    fn main_date(&self) -> Option<Date> {
        Some(*self.applied_on)
    }

    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        if *self.applied_on > *self.event_on {
            return Err(CheckError::input(
                "applied_on",
                "申请日期晚于活动日期 (applied_on is after event_on)",
            ));
        }
        let kind = self.event_kind.zh();
        let rule = ctx
            .profile
            .events
            .hosting
            .as_ref()
            .filter(|h| h.kinds.contains(&self.event_kind));
        let Some(rule) = rule else {
            out.manual("hosting_approval", "not_stated", None);
            return Ok(());
        };
        if let Some(lead) = &rule.lead {
            let what = msg!("提出举办申请", "apply to host");
            let d = ctx.deadline(
                what,
                self.event_on,
                lead.period,
                &lead.cite,
                Some(self.applied_on),
                None,
            )?;
            if d.status == DeadlineStatus::Missed {
                let (due, p) = (d.due.clone(), lead.period.describe_zh());
                out.fail(
                    ctx,
                    &rule.matrix,
                    lead.strength,
                    d.citation.clone(),
                    msg!(
                        "须{p}提出申请（不迟于 {due}）",
                        "the application was due by {due}"
                    ),
                );
            }
            out.deadline(d);
        }
        if rule.superior_approval && !self.superior_approved {
            let how = &rule.approval;
            out.violation(
                &rule.matrix,
                ctx.cite(&rule.cite),
                msg!(
                    "以政府名义举办{kind}须经上级政府批准（{how}），尚未批准",
                    "hosting needs the superior government's approval, not yet given"
                ),
            );
        }
        Ok(())
    }
}
