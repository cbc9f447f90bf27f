//! Kind `leader_instruction` (CASES.md 12): a leader's instruction (批示件) — the office's forwarding
//! deadline and the undertaking unit's handling deadline (`[supervision.instructions]`).
//!
//! Forwarding counts from `received_on` (接办). Handling counts from the day the unit got the item:
//! `forwarded_on`, or — not yet forwarded — `received_on`, the day it should have been forwarded at the
//! latest where the profile requires same-day forwarding.
//!
//! `status`: completed → `done`, or `done_late` when the handling deadline was missed; open → the worst
//! clock of the deadlines not yet acted on: `overdue`, `due_soon` (window: the project setting
//! `supervision.due_soon_working_days`), `on_time`. Follow-up deadlines never refuse (C7).

use super::supervision_item::{Dated, deadline_cited, not_before, worst_open};
use crate::date::CaseDate;
use crate::engine::{Ctx, Msg, Out};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::verdict::DeadlineStatus;
use zhengwu_calendar::Date;

crate::case_struct! {
    pub struct Case {
        pub received_on: CaseDate,
        #[serde(default)]
        pub forwarded_on: Option<CaseDate>,
        #[serde(default)]
        pub completed_on: Option<CaseDate>,
        pub as_of: CaseDate,
    }
}

impl Kind for Case {
    fn main_date(&self) -> Option<Date> {
        Some(*self.received_on)
    }

    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        not_before("as_of", self.as_of, "received_on", self.received_on)?;
        if let Some(f) = self.forwarded_on {
            not_before("forwarded_on", f, "received_on", self.received_on)?;
        }
        if let Some(c) = self.completed_on {
            not_before("completed_on", c, "received_on", self.received_on)?;
        }
        let as_of = Some(*self.as_of);
        let mut ds: Vec<Dated> = Vec::new();
        let mut handling_missed = false;
        match &ctx.profile.supervision.instructions {
            None => out.manual("instruction_limits", "not_stated", None),
            Some(ins) => {
                match &ins.forward {
                    Some(f) => {
                        // Forwarding also counts as done when the unit already completed the item.
                        let done = self.forwarded_on.or(self.completed_on).map(|d| *d);
                        let what = Msg {
                            zh: f.what.clone(),
                            en: "forward to the undertaking unit".into(),
                        };
                        ds.push(deadline_cited(
                            ctx,
                            what,
                            *self.received_on,
                            f.period,
                            ctx.cite(&f.cite),
                            done,
                            as_of,
                            None,
                        )?);
                    }
                    None => out.manual("forwarding_limit", "not_stated", None),
                }
                match &ins.handle {
                    Some(h) => {
                        let start = self.forwarded_on.unwrap_or(self.received_on);
                        let what = Msg {
                            zh: h.what.clone(),
                            en: "handle the instruction and report".into(),
                        };
                        let d = deadline_cited(
                            ctx,
                            what,
                            *start,
                            h.period,
                            ctx.cite(&h.cite),
                            self.completed_on.map(|d| *d),
                            as_of,
                            None,
                        )?;
                        handling_missed = d.deadline.status == DeadlineStatus::Missed;
                        ds.push(d);
                    }
                    None => out.manual("handling_limit", "not_stated", None),
                }
            }
        }
        let window = ctx.profile.supervision.due_soon_working_days.unwrap_or(0);
        let status = match self.completed_on {
            Some(_) if handling_missed => "done_late",
            Some(_) => "done",
            None => worst_open(ctx, &ds, *self.as_of, window)?.map_or("on_time", |c| c.id()),
        };
        for d in ds {
            out.deadline(d.deadline);
        }
        out.status(crate::verdict::Status::id(status));
        Ok(())
    }
}
