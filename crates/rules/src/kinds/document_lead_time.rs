//! Kind `document_lead_time` (CASES.md 16): a document needed by a date must reach the office a number
//! of working days before it. Only where the profile sets a lead time; elsewhere no check (C8).

use crate::date::CaseDate;
use crate::engine::{Ctx, Out};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::msg;
use crate::profile::documents::eval::cite;
use crate::verdict::DeadlineStatus;
use zhengwu_calendar::Date;

crate::case_struct! {
    pub struct Case {
        pub needed_by: CaseDate,
        pub submitted_on: CaseDate,
        #[serde(default)]
        pub urgent: bool,
    }
}

impl Kind for Case {
    fn main_date(&self) -> Option<Date> {
        Some(self.submitted_on.0)
    }

    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        let Some(l) = &ctx.profile.documents.lead_time else {
            return Ok(());
        };
        let period = if self.urgent {
            l.urgent_period.unwrap_or(l.period)
        } else {
            l.period
        };
        let d = ctx.deadline(
            msg!("送达政府办公室", "delivery to the general office"),
            self.needed_by,
            period,
            cite(&l.cite),
            Some(self.submitted_on),
            None,
        )?;
        if d.status == DeadlineStatus::Missed {
            let (due, sub) = (d.due.clone(), self.submitted_on);
            out.fail(
                ctx,
                &l.matrix,
                l.strength,
                d.citation.clone(),
                msg!(
                    "送达过晚：应不迟于 {due} 送达政府办公室，实际 {sub}",
                    "delivered too late: due at the office by {due}, delivered {sub}"
                ),
            );
        }
        out.deadline(d);
        Ok(())
    }
}
