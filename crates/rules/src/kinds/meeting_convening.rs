//! Kind `meeting_convening` (CASES.md #22): may this person convene and preside?
//!
//! Own right first (`convener`), then delegation (`delegation` rows: by whom, to whom, and whether
//! only when the head cannot attend). An open list of delegates (C10) warns; a known gap of the text
//! (C16: 张店 五十一 vs 五十六; 昌乐 四十六 names no convener) warns or becomes a manual step.

use crate::date::CaseDate;
use crate::engine::{Ctx, Out};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::msg;
use crate::profile::meetings::{DelegationWhen, GapAbout, MeetingType, cite_of, manual, role_fits};
use crate::role::Role;
use crate::verdict::Step;
use serde::Deserialize;
use serde_json::json;
use zhengwu_calendar::Date;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    #[serde(rename = "type")]
    pub kind: MeetingType,
    #[serde(default)]
    pub date: Option<CaseDate>,
}

fn yes() -> bool {
    true
}

crate::case_struct! {
    pub struct Case {
        pub meeting: Meeting,
        pub convened_by: Role,
        #[serde(default)]
        pub delegated_by: Option<Role>,
        /// Whether the head could attend (default true).
        #[serde(default = "yes")]
        pub head_can_attend: bool,
    }
}

impl Kind for Case {
    fn main_date(&self) -> Option<Date> {
        self.meeting.date.map(|d| d.0)
    }

    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        let m = &ctx.profile.meetings;
        let t = self.meeting.kind;
        let Some(def) = m.require(ctx, out, t) else {
            return Ok(());
        };
        let name = m.name_of(t);
        let who = self.convened_by;
        let who_t = ctx.title(who);
        let Some(def) = def else {
            out.manual(manual::CONVENER, "not_stated", None);
            return Ok(());
        };

        // In own right.
        if let Some(c) = &def.convener
            && c.roles.iter().any(|r| role_fits(*r, who))
        {
            out.step(ctx, Step::Preside, who, Some(cite_of(ctx, &c.cite)));
            out.status(json!({ "basis": "own_right" }));
            return Ok(());
        }

        let Some(from) = self.delegated_by else {
            match (&def.convener, m.gap(GapAbout::Convener, Some(t))) {
                (_, Some(g)) => {
                    out.manual(manual::CONVENER, "not_stated", Some(cite_of(ctx, &g.cite)));
                    out.step(ctx, Step::Preside, who, None);
                    out.status(json!({ "basis": "not_stated" }));
                }
                (Some(c), None) => {
                    let allowed = c
                        .roles
                        .iter()
                        .map(|r| ctx.title(*r))
                        .collect::<Vec<_>>()
                        .join("、");
                    out.violation(
                        &c.matrix,
                        cite_of(ctx, &c.cite),
                        msg!(
                            "{name}由{allowed}召集和主持，{who_t}未受委托不得召集",
                            "this meeting is convened by {allowed}; {who} may not convene it without delegation"
                        ),
                    );
                    out.status(json!({ "basis": "none" }));
                }
                (None, None) => {
                    out.manual(manual::CONVENER, "not_stated", None);
                    out.status(json!({ "basis": "not_stated" }));
                }
            }
            return Ok(());
        };

        // By delegation.
        let from_t = ctx.title(from);
        let rows: Vec<_> = def
            .delegation
            .iter()
            .filter(|d| d.from.iter().any(|r| role_fits(*r, from)))
            .collect();
        let fits: Vec<_> = rows
            .iter()
            .filter(|d| d.to.iter().any(|r| role_fits(*r, who)))
            .collect();
        if let Some(d) = fits
            .iter()
            .find(|d| d.when == DelegationWhen::Any || !self.head_can_attend)
        {
            out.step(ctx, Step::Preside, who, Some(cite_of(ctx, &d.cite)));
            if let Some(last) = out.chain.last_mut() {
                last.note = format!("受{from_t}委托");
            }
            out.status(json!({ "basis": "delegation" }));
            return Ok(());
        }
        if let Some(d) = fits.first() {
            let head = ctx.title(Role::Head);
            out.violation(
                &d.matrix,
                cite_of(ctx, &d.cite),
                msg!(
                    "只有{head}不能出席会议时，方可委托{who_t}召集并主持{name}",
                    "delegation to {who} is allowed only when the head cannot attend"
                ),
            );
            out.status(json!({ "basis": "none" }));
            return Ok(());
        }
        if let Some(d) = rows.iter().find(|d| d.open) {
            let listed =
                d.to.iter()
                    .map(|r| ctx.title(*r))
                    .collect::<Vec<_>>()
                    .join("、");
            out.warning(
                &d.matrix,
                cite_of(ctx, &d.cite),
                msg!(
                    "受委托人列举为“{listed}等”，{who_t}未列明，由办公室判断是否属同类负责同志",
                    "the delegates are an open list ({listed} etc.); whether {who} is of the same kind is for the office to judge"
                ),
            );
            out.step(ctx, Step::Preside, who, Some(cite_of(ctx, &d.cite)));
            out.status(json!({ "basis": "open_list" }));
            return Ok(());
        }
        if let Some(g) = m.gap(GapAbout::Delegation, Some(t)) {
            let note = &g.note;
            out.warning(
                &g.matrix,
                cite_of(ctx, &g.cite),
                msg!(
                    "委托召集{name}的规定不明确：{note}；由{from_t}委托{who_t}召集须经人工判断",
                    "delegation of this meeting is unclear in the text ({note}); a person must judge it"
                ),
            );
            out.step(ctx, Step::Preside, who, Some(cite_of(ctx, &g.cite)));
            out.status(json!({ "basis": "unclear" }));
            return Ok(());
        }
        let (matrix, cit) = match (rows.first().copied(), def.delegation.first(), &def.convener) {
            (Some(d), _, _) | (None, Some(d), _) => (d.matrix.clone(), cite_of(ctx, &d.cite)),
            (None, None, Some(c)) => (c.matrix.clone(), cite_of(ctx, &c.cite)),
            (None, None, None) => {
                out.manual(manual::DELEGATION, "not_stated", None);
                return Ok(());
            }
        };
        out.violation(
            &matrix,
            cit,
            msg!(
                "{name}不得由{from_t}委托{who_t}召集和主持",
                "this meeting may not be convened by {who} on delegation from {from}"
            ),
        );
        out.status(json!({ "basis": "none" }));
        Ok(())
    }
}
