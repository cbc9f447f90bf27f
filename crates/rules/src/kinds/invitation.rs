//! Kind `invitation` (CASES.md 9): may a leader be invited to this event, and was the invitation in
//! time? From `[events]`:
//! - `invitation_channel` (R7.01): an invitation sent to a leader personally is refused (HARD);
//! - `invitation_lead` (R7.02): lead time before `event_on`, for important events or for all (C15);
//!   the deadline is judged against `submitted_on` (C3/C4);
//! - `restricted` (R7.03/R7.04): kinds needing the approval of the party committee and the government
//!   (refused without it), banned kinds (refused), discouraged kinds (warning); unnamed kinds of the
//!   same sort in an open list ending with 等 give a warning (C10) unless approved.

use crate::date::CaseDate;
use crate::engine::{Ctx, Out};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::msg;
use crate::profile::events::{AppliesTo, Effect, EventKind};
use crate::verdict::DeadlineStatus;
use serde::Deserialize;
use zhengwu_calendar::Date;

/// Where the invitation was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SentTo {
    Office,
    LeaderPersonally,
}

crate::case_struct! {
    pub struct Case {
        pub event_on: CaseDate,
        pub submitted_on: CaseDate,
        #[serde(default)]
        pub important: bool,
        pub event_kind: EventKind,
        pub sent_to: SentTo,
        #[serde(default)]
        pub approved_by_party_committee_and_government: bool,
    }
}

impl Kind for Case {
    fn main_date(&self) -> Option<Date> {
        Some(*self.submitted_on)
    }

    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        let ev = &ctx.profile.events;
        let office = ctx.title(crate::role::Role::Office);
        if self.sent_to == SentTo::LeaderPersonally
            && let Some(ch) = &ev.invitation_channel
            && let Some(c) = ch.cite.first()
        {
            out.violation(
                &ch.matrix,
                ctx.cite(c),
                msg!(
                    "不得直接向领导同志个人发送请柬，应由{office}统一安排",
                    "invitations must go through the office, not to a leader personally"
                ),
            );
        }
        if let Some(lead) = &ev.invitation_lead
            && (lead.applies_to == AppliesTo::All || self.important)
        {
            let what = msg!("邀请报{office}", "invitation to reach the office");
            let d = ctx.deadline(
                what,
                self.event_on,
                lead.period,
                &lead.cite,
                Some(self.submitted_on),
                None,
            )?;
            if d.status == DeadlineStatus::Missed {
                let (due, p) = (d.due.clone(), lead.period.describe_zh());
                out.fail(
                    ctx,
                    &lead.matrix,
                    lead.strength,
                    d.citation.clone(),
                    msg!(
                        "应{p}报{office}（不迟于 {due}）",
                        "the invitation was due at the office by {due}"
                    ),
                );
            }
            out.deadline(d);
        }
        let approved = self.approved_by_party_committee_and_government;
        let kind = self.event_kind.zh();
        for r in &ev.restricted {
            let Some(c) = r.cite.first() else { continue };
            let named = r.kinds.contains(&self.event_kind);
            let similar = r.open_list.contains(&self.event_kind);
            if !named && !similar {
                continue;
            }
            let cit = ctx.cite(c);
            match (r.effect, named) {
                (Effect::NeedsApproval, true) if !approved => out.violation(
                    &r.matrix,
                    cit,
                    msg!(
                        "未经党委、政府批准，领导同志不参加{kind}",
                        "leaders do not attend this kind of event without approval"
                    ),
                ),
                (Effect::NeedsApproval, false) if !approved => out.warning(
                    &r.matrix,
                    cit,
                    msg!(
                        "{kind}未在所列活动中明确列出，属同类活动（“等”），由办公室判断",
                        "not named in the list ending with 等; the office judges it (C10)"
                    ),
                ),
                (Effect::NeedsApproval, _) => {}
                (Effect::Banned, true) => out.violation(
                    &r.matrix,
                    cit,
                    msg!("领导同志不参与{kind}", "leaders do not do this"),
                ),
                (Effect::Banned, false) => out.warning(
                    &r.matrix,
                    cit,
                    msg!(
                        "{kind}属同类事项（“等”），由办公室判断",
                        "of the same sort as the banned list; the office judges it (C10)"
                    ),
                ),
                (Effect::Discouraged, _) => out.warning(
                    &r.matrix,
                    cit,
                    msg!(
                        "{kind}：确因需要方可，一般不公开发表",
                        "only where really needed, and as a rule not published"
                    ),
                ),
            }
        }
        Ok(())
    }
}
