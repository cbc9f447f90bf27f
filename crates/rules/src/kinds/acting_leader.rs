//! Kind `acting_leader` (CASES.md 21): who acts for an absent leader?
//!
//! - The head (`absent: head`): `[org.acting_head]`. When the reason is one the article names (and the
//!   delegation it requires was given), `chain` = `act:<acting role>` (with the roles the head may
//!   designate instead as `alternatives`); a `designee` the profile lets the head name replaces it,
//!   any other designee is refused. When the reason is not named, the profile leaves the choice to
//!   the head: a warning, plus any narrower power another article grants under that reason
//!   (`partial`, e.g. 泰安 第六十五条 signing while the mayor is 出市 — C16.4).
//! - A vice head (`deputy`, `executive_deputy`, `deputy_in_charge`): `[org.substitution]` (工作补位),
//!   `act:deputy` (the substitute named in the division of work) when the reason is a trigger,
//!   otherwise a warning.
//! - Anyone else: the profile does not say (manual step, C8).
//!
//! `status`: `{"acting": <role id or null>}`.

use crate::date::CaseDate;
use crate::engine::{Ctx, Out};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::msg;
use crate::profile::org::AbsenceReason;
use crate::role::Role;
use crate::verdict::Step;
use serde_json::json;
use zhengwu_calendar::Date;

crate::case_struct! {
    pub struct Case {
        pub absent: Role,
        pub reason: AbsenceReason,
        #[serde(default)]
        pub delegated: bool,
        #[serde(default)]
        pub designee: Option<Role>,
        pub on: CaseDate,
    }
}

fn note_last(out: &mut Out, note: &str) {
    if let Some(s) = out.chain.last_mut() {
        s.note = note.to_string();
    }
}

impl Case {
    fn head(&self, ctx: &Ctx<'_>, out: &mut Out) -> Option<Role> {
        let Some(rule) = &ctx.profile.org.acting_head else {
            out.manual("presiding_person", "not_stated", None);
            return None;
        };
        let cit = ctx.cite(&rule.cite);
        let head = ctx.title(Role::Head);
        let reason = self.reason.zh();
        let reason_id = self.reason.id();
        let acting_title = ctx.title(rule.acting);
        if !rule.triggers.contains(&self.reason) {
            out.warning(
                &rule.matrix,
                cit,
                msg!(
                    "{reason}不是原文规定由他人主持工作的情形，由{head}决定",
                    "the article does not name this absence ({reason_id}) as a trigger; the head decides"
                ),
            );
            // A narrower power under other triggers (C16.4) still applies.
            for p in rule
                .partial
                .iter()
                .filter(|p| p.triggers.contains(&self.reason))
            {
                let pc = ctx.cite(&p.cite);
                let scope = &p.scope;
                if p.requires_delegation && !self.delegated {
                    out.warning(
                        &p.matrix,
                        pc,
                        msg!(
                            "{scope}须经{head}委托",
                            "{scope} requires the head's delegation"
                        ),
                    );
                } else {
                    out.step(ctx, p.step, p.acting, Some(pc));
                    note_last(out, &p.scope);
                }
            }
            return None;
        }
        if rule.requires_delegation && !self.delegated {
            out.warning(
                &rule.matrix,
                cit,
                msg!(
                    "{head}{reason}期间须经{head}委托，方由{acting_title}主持工作；尚未委托",
                    "the acting arrangement needs the head's delegation, not given"
                ),
            );
            return None;
        }
        match self.designee {
            Some(d) if d != rule.acting => {
                if rule.head_may_designate.contains(&d) {
                    let dc = rule
                        .designate_cite
                        .as_ref()
                        .map(|c| ctx.cite(c))
                        .unwrap_or(cit);
                    out.step(ctx, Step::Act, d, Some(dc));
                    note_last(out, &rule.scope);
                    Some(d)
                } else {
                    let who = ctx.title(d);
                    out.violation(
                        &rule.matrix,
                        cit,
                        msg!(
                            "原文规定由{acting_title}主持工作，未规定{head}可指定{who}",
                            "the article names who presides; the head may not designate {d}"
                        ),
                    );
                    None
                }
            }
            _ => {
                out.step_alt(
                    ctx,
                    Step::Act,
                    rule.acting,
                    &rule.head_may_designate,
                    Some(cit),
                );
                note_last(out, &rule.scope);
                Some(rule.acting)
            }
        }
    }

    fn vice(&self, ctx: &Ctx<'_>, out: &mut Out) -> Option<Role> {
        let Some(rule) = &ctx.profile.org.substitution else {
            out.manual("substitute", "not_stated", None);
            return None;
        };
        let cit = ctx.cite(&rule.cite);
        if rule.triggers.contains(&self.reason) {
            out.step(ctx, Step::Act, rule.acting, Some(cit));
            note_last(
                out,
                &format!("由补位的{}代为处理有关工作", ctx.title(rule.acting)),
            );
            Some(rule.acting)
        } else {
            let reason = self.reason.zh();
            let reason_id = self.reason.id();
            out.warning(
                &rule.matrix,
                cit,
                msg!(
                    "{reason}不是原文规定的工作补位情形，由谁代为处理由领导决定",
                    "this absence ({reason_id}) is not a substitution trigger; a leader decides"
                ),
            );
            None
        }
    }
}

impl Kind for Case {
    fn main_date(&self) -> Option<Date> {
        Some(*self.on)
    }

    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        let acting = match self.absent {
            Role::Head => self.head(ctx, out),
            Role::Deputy | Role::ExecutiveDeputy | Role::DeputyInCharge => self.vice(ctx, out),
            _ => {
                out.manual("acting_person", "not_stated", None);
                None
            }
        };
        out.status(json!({ "acting": acting.map(|r| r.id()) }));
        Ok(())
    }
}
