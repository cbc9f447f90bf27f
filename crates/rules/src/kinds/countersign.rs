//! Kind `countersign` (CASES.md 7): a draft was sent to another department for 会签. When is the reply
//! due, and may the drafter go on now? The window is the profile's default, the cap for complex
//! matters, or the deadline the drafter set where the profile lets the drafter set it; silence after
//! the deadline counts as agreement only where the profile says so.

use crate::date::CaseDate;
use crate::engine::{Ctx, Out, deadline_status};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::msg;
use crate::profile::documents::eval::{citation, cite};
use crate::verdict::{Deadline, DeadlineStatus};
use zhengwu_calendar::Date;

crate::case_struct! {
    pub struct Case {
        pub requested_on: CaseDate,
        pub as_of: CaseDate,
        #[serde(default)]
        pub replied_on: Option<CaseDate>,
        #[serde(default)]
        pub complex: bool,
        #[serde(default)]
        pub agreed_due: Option<CaseDate>,
    }
}

impl Case {
    fn check_input(&self) -> Result<(), CheckError> {
        let r = self.requested_on;
        for (field, d) in [
            ("as_of", Some(self.as_of)),
            ("replied_on", self.replied_on),
            ("agreed_due", self.agreed_due),
        ] {
            if let Some(d) = d
                && d < r
            {
                return Err(CheckError::input(
                    field,
                    format!("{field} {d} 早于征求会签日期 {r} (earlier than requested_on)"),
                ));
            }
        }
        if let Some(d) = self.replied_on
            && d > self.as_of
        {
            return Err(CheckError::input(
                "replied_on",
                format!(
                    "回复日期 {d} 晚于 as_of {} (a reply cannot be after today)",
                    self.as_of
                ),
            ));
        }
        Ok(())
    }
}

impl Kind for Case {
    fn main_date(&self) -> Option<Date> {
        Some(self.requested_on.0)
    }

    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        self.check_input()?;
        let Some(cs) = &ctx.profile.documents.countersign else {
            // No 会签 rule at all: nothing blocks the drafter; the reply window is a person's call.
            out.manual("countersign_deadline", "not_stated", None);
            out.status(crate::verdict::Status::id(if self.replied_on.is_some() {
                "replied"
            } else {
                "pending"
            }));
            return Ok(());
        };
        let main = citation(ctx, &cs.cite);

        let deadline: Option<Deadline> = match (self.agreed_due, &cs.drafter_sets) {
            (Some(due), Some(ds)) => {
                let c = citation(ctx, &ds.cite);
                Some(Deadline {
                    what: "会签回复（主办部门限定期限）".into(),
                    what_en: "countersignature reply (deadline set by the drafter)".into(),
                    due: due.to_string(),
                    status: deadline_status(
                        due.0,
                        self.replied_on.map(|d| d.0),
                        Some(self.as_of.0),
                    ),
                    provisional: false,
                    explain: format!("主办（代拟）部门限定的回复期限 {due}，依据 {}", c.text),
                    explain_en: format!(
                        "reply deadline {due} set by the drafting department, per {}",
                        c.text
                    ),
                    citation: c,
                })
            }
            _ => {
                if self.agreed_due.is_some() && cs.period.is_some() {
                    // The text gives a default window but no say for the drafter: the agreed date is not a rule.
                    out.manual("countersign_agreed_due", "not_stated", Some(main.clone()));
                }
                let period = if self.complex {
                    cs.complex_period.or(cs.period)
                } else {
                    cs.period
                };
                match period {
                    Some(p) => Some(ctx.deadline(
                        msg!("会签回复", "countersignature reply"),
                        self.requested_on,
                        p,
                        cite(&cs.cite),
                        self.replied_on,
                        Some(self.as_of),
                    )?),
                    None => {
                        match &cs.drafter_sets {
                            Some(ds) => out.manual(
                                "countersign_deadline",
                                "set_by_drafter",
                                Some(citation(ctx, &ds.cite)),
                            ),
                            None => {
                                out.manual("countersign_deadline", "not_stated", Some(main.clone()))
                            }
                        }
                        None
                    }
                }
            }
        };

        let overdue = deadline
            .as_ref()
            .is_some_and(|d| d.status == DeadlineStatus::Missed);
        let status = if self.replied_on.is_some() {
            "replied"
        } else if overdue && cs.silence.is_some() {
            "deemed_agreed"
        } else if overdue {
            "overdue"
        } else {
            "pending"
        };
        match status {
            "pending" => out.violation(
                &cs.matrix,
                main,
                msg!("会签意见尚未回复，主办部门须等待回复", "the countersignature has not been returned yet; the drafter must wait"),
            ),
            "overdue" => out.violation(
                &cs.matrix,
                main,
                msg!(
                    "会签回复已逾期，但本规则未规定逾期视为同意，仍须取得会签意见",
                    "the reply is overdue, but silence does not count as agreement here: the countersignature is still needed"
                ),
            ),
            _ => {}
        }
        if let Some(d) = deadline {
            out.deadline(d);
        }
        out.status(crate::verdict::Status::id(status));
        Ok(())
    }
}
