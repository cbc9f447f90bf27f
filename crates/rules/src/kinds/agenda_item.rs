//! Kind `agenda_item` (CASES.md #1): may this item go on the meeting's agenda?
//!
//! Applies, in order, every rule of the profile's agenda pipeline whose `meetings` list the meeting:
//! the matters only certain meetings decide (R4.03), the approval chain (→ `chain`), exclusions (R2.21),
//! coordination and disagreement (R2.22/R2.23: a disagreement implies other departments; where the
//! text gives no route for one still open, C16.2/C16.3, the agreement R2.22 requires decides and the
//! route is a manual step), legality review (R2.24), major-decision procedures
//! (R2.25, else the profile's statutory procedures R4.02), fair-competition review (R4.07), superior
//! consultation (R2.26), submission deadlines (R2.27/R2.29 → `deadlines`, working days before the
//! meeting per C3) with the grounds the text lists (R2.28: inside a listed ground → allowed), ad-hoc
//! motions (R2.28) and filing with the party committee (C11).

use crate::date::CaseDate;
use crate::engine::{Ctx, Msg, Out};
use crate::error::CheckError;
use crate::kinds::Kind;
use crate::msg;
use crate::profile::decisions::Procedure;
use crate::profile::meetings::{
    AgendaTopic, DisagreementVerdict, GapAbout, MeetingType, UrgentGround, cite_of, first_cite,
    manual, push_steps,
};
use crate::role::Role;
use crate::verdict::{DeadlineStatus, Step};
use serde::Deserialize;
use serde_json::json;
use zhengwu_calendar::Date;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    #[serde(rename = "type")]
    pub kind: MeetingType,
    pub date: CaseDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisagreementState {
    #[default]
    None,
    Resolved,
    DocumentedWithPreference,
    Unresolved,
}

fn general() -> Vec<AgendaTopic> {
    vec![AgendaTopic::General]
}

crate::case_struct! {
    pub struct Case {
        pub meeting: Meeting,
        /// When the item reached the office (null with `raised_at_meeting`: the meeting day).
        #[serde(default)]
        pub submitted_on: Option<CaseDate>,
        #[serde(default = "general")]
        pub topics: Vec<AgendaTopic>,
        #[serde(default)]
        pub countersigned: bool,
        #[serde(default)]
        pub disagreement: DisagreementState,
        #[serde(default)]
        pub legality_reviewed: bool,
        #[serde(default)]
        pub fair_competition_reviewed: bool,
        #[serde(default)]
        pub decision_procedures_done: Vec<Procedure>,
        /// null: no superior authority needs to be consulted.
        #[serde(default)]
        pub superior_consulted: Option<bool>,
        #[serde(default)]
        pub urgent_ground: Option<UrgentGround>,
        #[serde(default)]
        pub within_subordinate_authority: bool,
        #[serde(default)]
        pub filed_with_party_committee_on: Option<CaseDate>,
        #[serde(default)]
        pub involves_other_departments: bool,
        #[serde(default)]
        pub raised_at_meeting: bool,
        /// Whether the item affects market entities' economic activity (fair-competition review, R4.07).
        #[serde(default)]
        pub affects_market_entities: Option<bool>,
    }
}

impl Case {
    fn has(&self, topics: &[AgendaTopic]) -> bool {
        self.topics.iter().any(|t| topics.contains(t))
    }

    fn legality_done(&self) -> bool {
        self.legality_reviewed
            || self
                .decision_procedures_done
                .contains(&Procedure::LegalityReview)
    }

    fn missing(&self, required: &[Procedure]) -> Vec<Procedure> {
        required
            .iter()
            .copied()
            .filter(|p| *p != Procedure::CollectiveDecision)
            .filter(|p| {
                !(self.decision_procedures_done.contains(p)
                    || (*p == Procedure::LegalityReview && self.legality_reviewed))
            })
            .collect()
    }
}

fn names(ps: &[Procedure]) -> String {
    ps.iter().map(|p| p.zh()).collect::<Vec<_>>().join("、")
}

impl Kind for Case {
    fn main_date(&self) -> Option<Date> {
        Some(self.meeting.date.0)
    }

    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        let p = ctx.profile;
        let m = &p.meetings;
        let a = &m.agenda;
        let t = self.meeting.kind;
        let date = self.meeting.date;
        if m.require(ctx, out, t).is_none() {
            return Ok(());
        }
        let submitted = match (self.submitted_on, self.raised_at_meeting) {
            (Some(s), _) => s,
            (None, true) => date,
            (None, false) => {
                return Err(CheckError::input(
                    "submitted_on",
                    "缺少报送日期 submitted_on (missing submitted_on)",
                ));
            }
        };
        if submitted > date {
            return Err(CheckError::input(
                "submitted_on",
                "报送日期晚于会议日期 (submitted_on is after the meeting date)",
            ));
        }
        let name = m.name_of(t);
        let applies = |ms: &[MeetingType]| ms.contains(&t);
        let mut any_rule = false;

        // R4.03: matters only certain meetings decide.
        if let Some(c) = &p.decisions.collective
            && self.has(&c.topics)
            && !c.meetings.contains(&t)
        {
            let allowed = c
                .meetings
                .iter()
                .map(|x| m.name_of(*x))
                .collect::<Vec<_>>()
                .join("或");
            out.fail_rule(
                ctx,
                c,
                msg!(
                    "该事项须由{allowed}讨论决定，不能提交{name}",
                    "this matter is decided by {allowed} only, not by this meeting"
                ),
            );
        }

        // R2.19: the sign-off order.
        if let Some(c) = a.approval.as_ref().filter(|c| applies(&c.meetings)) {
            any_rule = true;
            push_steps(ctx, out, &c.steps, &c.cite);
        }

        // R2.21: matters within a vice head's or a department's own authority.
        if self.within_subordinate_authority
            && let Some(x) = a.exclusion.as_ref().filter(|x| applies(&x.meetings))
        {
            any_rule = true;
            let route = if x.route.is_empty() {
                String::new()
            } else {
                format!("；{}", x.route)
            };
            out.fail_rule(ctx, x,
                msg!(
                    "属于副职或部门职责权限内能够解决的事项，不提交{name}研究{route}",
                    "a matter within a vice head's or department's own authority is not submitted to this meeting"
                ),
            );
        }

        // R2.22/R2.23: coordination with the departments concerned. A disagreement other than
        // `none` means other departments are involved, whatever `involves_other_departments` says.
        if self.involves_other_departments || self.disagreement != DisagreementState::None {
            let coord = a.coordination.as_ref().filter(|c| applies(&c.meetings));
            let dis = a.disagreement.as_ref().filter(|d| applies(&d.meetings));
            any_rule |= coord.is_some() || dis.is_some();
            let agreed = matches!(
                self.disagreement,
                DisagreementState::None | DisagreementState::Resolved
            );
            if agreed {
                if let Some(c) = coord
                    && let Some(s) = &c.countersign
                    && !self.countersigned
                {
                    out.fail(
                        ctx,
                        &c.matrix,
                        s.strength(),
                        cite_of(ctx, s.cite(&c.cite)),
                        msg!(
                            "协调一致后，有关部门主要负责人须在会签意见上签字，尚未会签",
                            "after agreement the principal heads of the departments concerned must sign the countersignature; not done"
                        ),
                    );
                }
            } else {
                let documented = self.disagreement == DisagreementState::DocumentedWithPreference;
                let outcome = dis.map(|d| {
                    if documented {
                        d.documented_with_preference
                    } else {
                        d.unresolved
                    }
                });
                match (dis, outcome) {
                    (Some(d), Some(v)) if v.verdict == DisagreementVerdict::Refused => {
                        let m: Msg = if documented {
                            msg!(
                                "部门间仍未协商一致的议题不提交会议研究",
                                "an item on which the departments still disagree is not submitted"
                            )
                        } else {
                            msg!(
                                "意见不一致的，须如实列明各方理由并提出倾向性意见，按程序报请协调",
                                "a disagreement must be documented with each side's reasons and a preferred opinion and taken up for coordination"
                            )
                        };
                        out.fail(ctx, &d.matrix, v.strength, cite_of(ctx, &d.cite), m);
                    }
                    (Some(_), Some(v)) if v.verdict == DisagreementVerdict::Allowed => {}
                    // The text gives no route for this state (C16.2, C16.3): the agreement the
                    // coordination rule requires is still missing, and a person decides the route.
                    _ => {
                        if let Some(c) = coord
                            && let Some(s) = &c.agreement
                        {
                            out.fail(
                                ctx,
                                &c.matrix,
                                s.strength(),
                                cite_of(ctx, s.cite(&c.cite)),
                                msg!(
                                    "议题提交前须与相关部门协调一致，尚未一致",
                                    "the item must be agreed with the departments concerned before submission; it is not"
                                ),
                            );
                        }
                        let cit = m
                            .gap(GapAbout::DisagreementRoute, Some(t))
                            .map(|g| cite_of(ctx, &g.cite))
                            .or_else(|| dis.map(|d| cite_of(ctx, &d.cite)));
                        out.manual(manual::DISAGREEMENT, "not_stated", cit);
                    }
                }
            }
        }

        // R2.24: legality review.
        for g in a.reviews.iter().filter(|g| applies(&g.meetings)) {
            any_rule = true;
            if self.legality_done() {
                continue;
            }
            let who = g.reviewer.map(|r| ctx.title(r)).unwrap_or_default();
            if g.topics.is_empty() || self.has(&g.topics) {
                out.fail_rule(
                    ctx,
                    g,
                    msg!(
                        "议题须先经{who}合法性审查后方可提交",
                        "the item needs a legality review before submission"
                    ),
                );
            } else if self.has(&g.open_topics) {
                out.warning(
                    &g.matrix,
                    cite_of(ctx, &g.cite),
                    msg!(
                        "须经合法性审查的议题列举以“等”结尾，本议题未经审查，由办公室判断是否属同类重要议题",
                        "the list of items needing legality review is open (等); the office judges whether this one does"
                    ),
                );
            }
        }

        // R2.25 (or R4.02): major-decision procedures.
        if self.has(&[AgendaTopic::MajorDecision]) {
            let gate = a.major_decision.as_ref().filter(|g| applies(&g.meetings));
            let rule = match (gate, &p.decisions.procedures) {
                (Some(g), _) => Some((
                    g.matrix.clone(),
                    g.strength,
                    cite_of(ctx, &g.cite),
                    g.requires.clone(),
                )),
                (None, Some(pr)) => Some((
                    pr.matrix.clone(),
                    pr.strength,
                    cite_of(ctx, &pr.cite),
                    pr.before_meeting(),
                )),
                (None, None) => None,
            };
            any_rule |= gate.is_some();
            if let Some((matrix, strength, cite, required)) = rule {
                let missing = self.missing(&required);
                if !missing.is_empty() {
                    let list = names(&missing);
                    out.fail(
                        ctx,
                        &matrix,
                        strength,
                        cite,
                        msg!(
                            "重大行政决策事项须先履行法定程序，尚缺：{list}",
                            "a major decision must first complete its statutory procedures; missing: {list}"
                        ),
                    );
                }
            }
        }

        // R4.07: fair-competition review.
        if let Some(f) = &p.decisions.fair_competition {
            let needed = self.has(&f.topics)
                || (f.market_entities && self.affects_market_entities == Some(true));
            if needed && !self.fair_competition_reviewed {
                out.fail_rule(
                    ctx,
                    f,
                    msg!(
                        "须先进行公平竞争审查",
                        "a fair-competition review is required first"
                    ),
                );
            }
        }

        // R2.26: superior authority consulted.
        if let Some(s) = a.superior.as_ref().filter(|s| applies(&s.meetings)) {
            any_rule = true;
            if self.superior_consulted == Some(false) {
                out.fail_rule(ctx, s,
                    msg!(
                        "议题所涉事项需请示上级机关的，须有明确意见后方可提交",
                        "where a superior authority must be consulted, the item is submitted only after its clear opinion"
                    ),
                );
            }
        }

        // R2.27/R2.29 with R2.28: submission deadlines.
        let ad_hoc = a.ad_hoc.as_ref().filter(|x| applies(&x.meetings));
        let mut treat_as_ad_hoc = self.raised_at_meeting && ad_hoc.is_some();
        let ground = self.urgent_ground;
        for d in a
            .deadlines
            .iter()
            .filter(|d| applies(&d.meetings) && (d.topics.is_empty() || self.has(&d.topics)))
        {
            any_rule = true;
            let cite = first_cite(&d.cite);
            let late = match d.period {
                Some(period) => {
                    let what = d.what.clone();
                    let dl = ctx.deadline(
                        Msg {
                            zh: format!("{what}报送{}截止", p.title(Role::Office)),
                            en: "latest on-time submission to the office".to_string(),
                        },
                        date,
                        period,
                        cite,
                        Some(submitted),
                        None,
                    )?;
                    let missed = dl.status == DeadlineStatus::Missed;
                    let due = dl.due.clone();
                    out.deadline(dl);
                    missed.then_some(due)
                }
                None => (submitted >= date).then(|| date.to_string()),
            };
            let Some(due) = late else { continue };
            if ad_hoc.is_some() && (self.raised_at_meeting || d.period.is_none()) {
                // Raised at the meeting, or not in advance where the text sets no number: an ad-hoc
                // motion, judged by the ad-hoc rule alone.
                treat_as_ad_hoc = true;
                continue;
            }
            let listed = d
                .exceptions
                .as_ref()
                .is_some_and(|e| ground.is_some_and(|g| e.grounds.contains(&g)));
            if listed {
                continue;
            }
            let what = &d.what;
            let msg = match d.period {
                Some(per) => {
                    let zh = per.describe_zh();
                    let en = per.describe_en();
                    msg!(
                        "{what}应{zh}报送（{due}前），实际 {submitted} 报送，已逾期",
                        "due {en} the meeting (by {due}); submitted {submitted}: late"
                    )
                }
                None => msg!(
                    "{what}应提前报送，实际 {submitted} 报送",
                    "must be submitted before the meeting day; submitted {submitted}"
                ),
            };
            out.fail(ctx, &d.matrix, d.strength, ctx.cite(cite), msg);
        }
        if treat_as_ad_hoc && let Some(x) = ad_hoc {
            any_rule = true;
            let listed = ground.is_some_and(|g| x.grounds.contains(&g));
            if !listed {
                out.fail_rule(ctx, x,
                    msg!(
                        "除特别重大或紧急事项外，临时动议议题一般不予受理",
                        "an ad-hoc motion is normally not accepted unless the matter is particularly major or urgent"
                    ),
                );
            }
        }

        // C11: filing with the party committee.
        if let Some(f) = a.party_filing.as_ref().filter(|f| applies(&f.meetings)) {
            any_rule = true;
            let cite = first_cite(&f.cite);
            let pc = p.title(Role::PartyCommittee);
            let dl = ctx.deadline(
                Msg {
                    zh: format!("向{pc}报备"),
                    en: "filed with the party committee".to_string(),
                },
                date,
                f.period,
                cite,
                self.filed_with_party_committee_on,
                None,
            )?;
            let missed = dl.status == DeadlineStatus::Missed;
            let due = dl.due.clone();
            out.deadline(dl);
            out.step(ctx, Step::File, Role::PartyCommittee, Some(ctx.cite(cite)));
            if missed {
                out.fail(
                    ctx,
                    &f.matrix,
                    f.strength,
                    ctx.cite(cite),
                    msg!(
                        "议题材料应于 {due} 前向{pc}报备，已逾期",
                        "the item had to be filed with the party committee by {due}"
                    ),
                );
            }
        }

        if !any_rule {
            out.manual(manual::AGENDA, "not_stated", None);
        }

        let proposers = a
            .proposers
            .as_ref()
            .filter(|x| applies(&x.meetings))
            .map(|x| x.who.iter().map(|w| w.title.clone()).collect::<Vec<_>>());
        let arrangement = a
            .arrangement
            .as_ref()
            .filter(|x| applies(&x.meetings))
            .map(|x| {
                x.steps
                    .iter()
                    .map(|s| json!({ "step": s.step, "role": s.role, "title": ctx.title(s.role) }))
                    .collect::<Vec<_>>()
            });
        out.status(json!({
            "meeting": t,
            "submitted_on": submitted,
            "proposers": proposers,
            "arrangement": arrangement,
        }));
        Ok(())
    }
}
