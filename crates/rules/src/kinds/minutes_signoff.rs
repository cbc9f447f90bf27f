//! Kind `minutes_signoff` (CASES.md #4): who reviews, signs and confirms the minutes?
//!
//! The profile's `minutes` decision table, hit policy FIRST, on meeting type, delegation, topics and
//! convener. `convener`/`delegator` in a row stand for this meeting's own convener and delegating
//! leader. With `signed_by`/`reviewed_by`, the case is refused when they do not satisfy the chain.
//! No matching row: the signer is not stated (C8, e.g. 张店 全体会议) and a person decides.

use crate::date::CaseDate;
use crate::engine::{Ctx, Out};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::msg;
use crate::profile::meetings::{
    GapAbout, MeetingType, MinutesTopic, cite_of, manual, push_steps, role_fits,
};
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
    pub convened_by: Option<Role>,
    #[serde(default)]
    pub delegated_by: Option<Role>,
    #[serde(default)]
    pub date: Option<CaseDate>,
}

fn general() -> Vec<MinutesTopic> {
    vec![MinutesTopic::General]
}

crate::case_struct! {
    pub struct Case {
        pub meeting: Meeting,
        #[serde(default = "general")]
        pub topics: Vec<MinutesTopic>,
        #[serde(default)]
        pub signed_by: Option<Role>,
        #[serde(default)]
        pub reviewed_by: Option<Vec<Role>>,
    }
}

impl Case {
    /// The actual person a rule's role stands for, where the case says it.
    fn resolve(&self, r: Role) -> Option<Role> {
        match r {
            Role::Convener => self.meeting.convened_by,
            Role::Delegator => self.meeting.delegated_by,
            other => Some(other),
        }
    }

    /// Whether `actual` is the person a chain step (role or alternatives) names.
    fn fits(&self, roles: &[Role], actual: Role) -> bool {
        roles
            .iter()
            .any(|r| *r == actual || self.resolve(*r).is_some_and(|x| role_fits(x, actual)))
    }
}

impl Kind for Case {
    fn main_date(&self) -> Option<Date> {
        self.meeting.date.map(|d| d.0)
    }

    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        let m = &ctx.profile.meetings;
        let t = self.meeting.kind;
        if m.require(ctx, out, t).is_none() {
            return Ok(());
        }
        let name = m.name_of(t);
        let delegated = self.meeting.delegated_by.is_some();
        let Some(row) = m.minutes_row(t, delegated, &self.topics, self.meeting.convened_by) else {
            let cit = m
                .gap(GapAbout::MinutesSigner, Some(t))
                .map(|g| cite_of(ctx, &g.cite));
            out.manual(manual::MINUTES_SIGNER, "not_stated", cit);
            out.status(json!({ "minutes": "not_stated" }));
            return Ok(());
        };
        push_steps(ctx, out, &row.steps, &row.cite);
        // Name the actual person behind 会议召集人 / 委托人 where the case gives it.
        for st in out.chain.iter_mut() {
            if matches!(st.role, Role::Convener | Role::Delegator)
                && let Some(actual) = self.resolve(st.role)
            {
                let title = ctx.title(actual);
                st.note = if st.note.is_empty() {
                    format!("即{title}")
                } else {
                    format!("{}；即{title}", st.note)
                };
            }
        }
        if let Some(step) = &row.manual {
            out.manual(step, "not_stated", Some(cite_of(ctx, &row.cite)));
        }

        let needs_convener = row
            .steps
            .iter()
            .any(|s| s.role == Role::Convener || s.alternatives.contains(&Role::Convener));
        if needs_convener && self.meeting.convened_by.is_none() && self.signed_by.is_some() {
            return Err(CheckError::input(
                "meeting.convened_by",
                "须写明会议召集人才能核对签发人 (convened_by is needed to check the signer)",
            ));
        }

        if let Some(signer) = self.signed_by {
            let ok = row
                .steps
                .iter()
                .filter(|s| s.step == Step::Sign)
                .any(|s| self.fits(&[&[s.role][..], &s.alternatives[..]].concat(), signer));
            if !ok {
                let want = row
                    .steps
                    .iter()
                    .filter(|s| s.step == Step::Sign)
                    .flat_map(|s| std::iter::once(s.role).chain(s.alternatives.iter().copied()))
                    .map(|r| ctx.title(r))
                    .collect::<Vec<_>>()
                    .join("或");
                let st = ctx.title(signer);
                out.violation(
                    &row.matrix,
                    cite_of(ctx, &row.cite),
                    msg!(
                        "{name}纪要应由{want}签发，不能由{st}签发",
                        "these minutes are signed by {want}, not by {signer}"
                    ),
                );
            }
        }
        if let Some(reviewed) = &self.reviewed_by {
            for s in row.steps.iter().filter(|s| s.step != Step::Sign) {
                let roles = [&[s.role][..], &s.alternatives[..]].concat();
                let done = reviewed.iter().any(|r| self.fits(&roles, *r))
                    || (s.step == Step::Confirm
                        && self.signed_by.is_some_and(|x| self.fits(&roles, x)));
                if !done {
                    let who = ctx.title(s.role);
                    let step = serde_json::to_value(s.step)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default();
                    out.violation(
                        &row.matrix,
                        cite_of(ctx, &row.cite),
                        msg!(
                            "{name}纪要缺少{who}的审核/审定环节",
                            "the minutes lack the `{step}` step by {who}"
                        ),
                    );
                }
            }
        }
        out.status(json!({ "minutes": if row.optional { "optional" } else { "required" } }));
        Ok(())
    }
}
