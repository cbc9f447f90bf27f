//! Kind `disclosure_request` (CASES.md 20): an application for government information (依申请公开),
//! under the national 政府信息公开条例 to which every Work Rules defers. The numbers come from the
//! profile's `[openness.disclosure]` (national by default, a stricter local limit possible).
//!
//! Counting (政府信息公开条例 第三十条、第三十二条、第三十三条; C2: the starting day is not counted):
//! - `received_on` is the day of receipt as 第三十一条 defines it (当面: 提交之日; 邮寄: 签收之日;
//!   互联网/传真: 双方确认之日);
//! - 补正 notice: within 7 working days after receipt (`correction.requested_on` is when it was given);
//! - reply: within 20 working days after receipt — or, after a 补正, after the day the corrected
//!   application was received (`correction.completed_on`); while the applicant has not corrected, the
//!   reply clock has not started (`status: awaiting_correction`);
//! - `extended`: + 20 working days;
//! - third-party consultation (`third_party_consulted_on`): the working days from the day after the
//!   letter went out up to the third party's answer (`third_party_replied_on`, optional) — at most the
//!   15 working days the third party has — are not counted: the reply deadline moves by that many
//!   working days. While the consultation runs, `status: third_party_consultation` and the reply date
//!   is projected with the full 15 days.
//!
//! `status`: `replied` / `replied_late` when `replied_on` is given; `awaiting_correction`;
//! `third_party_consultation`; else `overdue` / `due_soon` (window: the project setting
//! `openness.disclosure.due_soon_working_days`) / `on_time`. Deadlines never refuse (C7).

use super::supervision_item::{Dated, clock, deadline_cited, not_before};
use crate::date::CaseDate;
use crate::engine::{Ctx, Out, Period};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::msg;
use crate::verdict::DeadlineStatus;
use serde::Deserialize;
use zhengwu_calendar::Date;

/// A 补正 (correction) of the application.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    pub requested_on: CaseDate,
    #[serde(default)]
    pub completed_on: Option<CaseDate>,
}

crate::case_struct! {
    pub struct Case {
        pub received_on: CaseDate,
        pub as_of: CaseDate,
        #[serde(default)]
        pub extended: bool,
        #[serde(default)]
        pub correction: Option<Correction>,
        #[serde(default)]
        pub third_party_consulted_on: Option<CaseDate>,
        /// Optional: when the third party answered.
        #[serde(default)]
        pub third_party_replied_on: Option<CaseDate>,
        /// Optional: when the applicant was answered.
        #[serde(default)]
        pub replied_on: Option<CaseDate>,
    }
}

impl Kind for Case {
    fn main_date(&self) -> Option<Date> {
        Some(*self.received_on)
    }

    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        not_before("as_of", self.as_of, "received_on", self.received_on)?;
        if let Some(c) = &self.correction {
            not_before(
                "correction.requested_on",
                c.requested_on,
                "received_on",
                self.received_on,
            )?;
            if let Some(done) = c.completed_on {
                not_before(
                    "correction.completed_on",
                    done,
                    "correction.requested_on",
                    c.requested_on,
                )?;
            }
        }
        if let Some(t) = self.third_party_consulted_on {
            not_before(
                "third_party_consulted_on",
                t,
                "received_on",
                self.received_on,
            )?;
            if let Some(r) = self.third_party_replied_on {
                not_before("third_party_replied_on", r, "third_party_consulted_on", t)?;
            }
        } else if self.third_party_replied_on.is_some() {
            return Err(CheckError::input(
                "third_party_replied_on",
                "未征求第三方意见（third_party_consulted_on）却有答复日期 (a reply date without a consultation: third_party_replied_on without third_party_consulted_on)",
            ));
        }
        if let Some(r) = self.replied_on {
            not_before("replied_on", r, "received_on", self.received_on)?;
        }
        let Some(rule) = &ctx.profile.openness.disclosure else {
            out.manual("reply_limit", "not_stated", None);
            out.status(crate::verdict::Status::id("on_time"));
            return Ok(());
        };
        let as_of = Some(*self.as_of);
        let mut ds: Vec<Dated> = Vec::new();

        // 补正: notice within N working days of receipt; the reply clock restarts on the corrected application.
        let mut start = Some(*self.received_on);
        if let Some(c) = &self.correction {
            if let Some(n) = &rule.correction_notice {
                let what = msg!(
                    "一次性告知申请人补正",
                    "tell the applicant once what to correct"
                );
                let p = Period::WorkingDaysAfter(n.working_days);
                ds.push(deadline_cited(
                    ctx,
                    what,
                    *self.received_on,
                    p,
                    n.citation(ctx),
                    Some(*c.requested_on),
                    as_of,
                    None,
                )?);
            }
            start = match (&rule.correction_restarts, c.completed_on) {
                (Some(_), Some(done)) => Some(*done),
                (Some(_), None) => None,
                // Without a restart rule the correction does not stop the clock.
                (None, _) => Some(*self.received_on),
            };
        }

        // Third-party consultation: its time is not counted (stop-the-clock), at most the third party's limit.
        let mut suspended = 0u32;
        let mut consulting = false;
        if let (Some(consulted), Some(_)) =
            (self.third_party_consulted_on, &rule.consultation_excluded)
        {
            let cap = match &rule.third_party {
                Some(tp) => {
                    let what = msg!("第三方提出意见", "third party's opinion due");
                    let p = Period::WorkingDaysAfter(tp.working_days);
                    let d = deadline_cited(
                        ctx,
                        what,
                        *consulted,
                        p,
                        tp.citation(ctx),
                        self.third_party_replied_on.map(|d| *d),
                        as_of,
                        None,
                    )?;
                    let due = d.due;
                    ds.push(d);
                    Some(due)
                }
                None => None,
            };
            let end = match (self.third_party_replied_on, cap) {
                (Some(r), Some(c)) => Some((*r).min(c)),
                (Some(r), None) => Some(*r),
                (None, c) => c,
            };
            consulting =
                self.third_party_replied_on.is_none() && end.is_none_or(|e| *self.as_of <= e);
            if let (Some(end), Some(s)) = (end, start) {
                let from = (*consulted).max(s);
                if end > from {
                    suspended =
                        u32::try_from(ctx.cal.working_days_between(from, end)?.value).unwrap_or(0);
                }
            }
        }

        let mut reply_due = None;
        if let Some(s) = start {
            let mut budget = rule.reply.working_days;
            let mut notes_zh = vec![format!("答复期限{}个工作日", rule.reply.working_days)];
            let mut notes_en = vec![format!("{} working days to reply", rule.reply.working_days)];
            if self.extended {
                let Some(ext) = &rule.extension else {
                    return Err(CheckError::input(
                        "extended",
                        "本配置未规定可延长答复期限 (the profile has no extension)",
                    ));
                };
                budget += ext.working_days;
                notes_zh.push(format!(
                    "经批准延长{}个工作日（{}）",
                    ext.working_days,
                    ext.citation(ctx).text
                ));
                notes_en.push(format!("extended by {} working days", ext.working_days));
            }
            if let Some(c) = &self.correction
                && c.completed_on.is_some()
                && let Some(r) = &rule.correction_restarts
            {
                notes_zh.push(format!(
                    "自收到补正后的申请之日起计算（{}）",
                    r.citation(ctx).text
                ));
                notes_en.push("counted from receipt of the corrected application".into());
            }
            if suspended > 0 {
                let basis = rule
                    .consultation_excluded
                    .as_ref()
                    .map(|b| b.citation(ctx).text.clone())
                    .unwrap_or_default();
                notes_zh.push(format!(
                    "征求第三方意见所需{suspended}个工作日不计入（{basis}）"
                ));
                notes_en.push(format!(
                    "{suspended} working days of third-party consultation not counted"
                ));
            }
            let what = msg!("答复申请人", "reply to the applicant");
            let extra = crate::engine::Msg {
                zh: notes_zh.join("；"),
                en: notes_en.join("; "),
            };
            let p = Period::WorkingDaysAfter(budget + suspended);
            let d = deadline_cited(
                ctx,
                what,
                s,
                p,
                rule.reply.citation(ctx),
                self.replied_on.map(|d| *d),
                as_of,
                Some(extra),
            )?;
            reply_due = Some((d.due, d.deadline.status));
            ds.push(d);
        }

        let window = rule.due_soon_working_days.unwrap_or(0);
        let status = match (self.replied_on, reply_due) {
            (Some(_), Some((_, DeadlineStatus::Missed))) => "replied_late",
            (Some(_), _) => "replied",
            (None, None) => "awaiting_correction",
            (None, Some(_)) if consulting => "third_party_consultation",
            (None, Some((due, _))) => clock(ctx, due, *self.as_of, window)?.id(),
        };
        for d in ds {
            out.deadline(d.deadline);
        }
        out.status(crate::verdict::Status::id(status));
        Ok(())
    }
}
