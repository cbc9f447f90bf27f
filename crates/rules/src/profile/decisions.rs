//! Profile section `[decisions]`: major administrative decisions (MATRIX §4, R4.01–R4.14).
//!
//! Three rules are evaluated, by the kind `agenda_item`: the statutory procedures (R4.02, used for an
//! item that is a major decision where the meetings section has no agenda-specific gate), the matters
//! that only the plenary or executive meeting decides (R4.03), and the fair-competition review (R4.07).
//! Everything else is a cited `provision` or `not_stated`.
//!
//! ```toml
//! [decisions.procedures]               # R4.02: the statutory procedures of a major decision
//! matrix = "R4.02"
//! steps = ["public_participation", "expert_argumentation", "risk_assessment", "legality_review", "collective_decision"]
//! cite = { article = "第二十四条", quote = "…" }
//!
//! [decisions.collective]               # R4.03: these topics are decided only by these meetings
//! matrix = "R4.03"
//! meetings = ["plenary", "executive"]
//! topics = ["budget", "major_decision", "regulation_draft"]
//! cite = [{…}, {…}]
//!
//! [decisions.fair_competition]         # R4.07
//! matrix = "R4.07"
//! topics = ["normative_document"]      # always for these topics
//! market_entities = true               # and for any item that affects market entities' activity
//! cite = {…}
//! ```

use super::meetings::{AgendaTopic, MeetingType};
use super::{CiteOrMany, NotStated, Provision};
use crate::engine::Strength;
use serde::{Deserialize, Serialize};

/// The statutory procedures of a major decision (CASES.md `decision_procedures_done`, plus the
/// collective decision itself, which is the meeting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    PublicParticipation,
    ExpertArgumentation,
    RiskAssessment,
    LegalityReview,
    CollectiveDecision,
}

impl Procedure {
    pub fn zh(self) -> &'static str {
        match self {
            Procedure::PublicParticipation => "公众参与",
            Procedure::ExpertArgumentation => "专家论证",
            Procedure::RiskAssessment => "风险评估",
            Procedure::LegalityReview => "合法性审查",
            Procedure::CollectiveDecision => "集体讨论决定",
        }
    }
    pub fn id(self) -> &'static str {
        match self {
            Procedure::PublicParticipation => "public_participation",
            Procedure::ExpertArgumentation => "expert_argumentation",
            Procedure::RiskAssessment => "risk_assessment",
            Procedure::LegalityReview => "legality_review",
            Procedure::CollectiveDecision => "collective_decision",
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decisions {
    #[serde(default)]
    pub procedures: Option<Procedures>,
    #[serde(default)]
    pub collective: Option<Collective>,
    #[serde(default)]
    pub fair_competition: Option<FairCompetition>,
    #[serde(default)]
    pub not_stated: Vec<NotStated>,
    #[serde(default)]
    pub provisions: Vec<Provision>,
}

/// R4.02: the statutory procedures.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procedures {
    pub matrix: String,
    pub steps: Vec<Procedure>,
    #[serde(default)]
    pub strength: Strength,
    pub cite: CiteOrMany,
}

impl Procedures {
    /// The procedures to be completed before the item reaches the meeting (all but the collective
    /// decision, which the meeting is).
    pub fn before_meeting(&self) -> Vec<Procedure> {
        self.steps
            .iter()
            .copied()
            .filter(|p| *p != Procedure::CollectiveDecision)
            .collect()
    }
}

/// R4.03: matters decided only by the named meetings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Collective {
    pub matrix: String,
    pub meetings: Vec<MeetingType>,
    pub topics: Vec<AgendaTopic>,
    #[serde(default)]
    pub strength: Strength,
    pub cite: CiteOrMany,
}

/// R4.07: fair-competition review.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FairCompetition {
    pub matrix: String,
    /// Topics that always need the review.
    #[serde(default)]
    pub topics: Vec<AgendaTopic>,
    /// Any item that affects market entities' economic activity needs it (case field
    /// `affects_market_entities`).
    #[serde(default)]
    pub market_entities: bool,
    #[serde(default)]
    pub strength: Strength,
    pub cite: CiteOrMany,
}

impl Decisions {
    /// Semantic checks beyond the types; push (field path, message) pairs.
    pub fn validate(&self, errors: &mut Vec<(String, String)>) {
        let empty = |c: &CiteOrMany| matches!(c, CiteOrMany::Many(v) if v.is_empty());
        if let Some(p) = &self.procedures {
            if p.steps.is_empty() {
                errors.push((
                    "decisions.procedures.steps".into(),
                    "法定程序不能为空 (steps must not be empty)".into(),
                ));
            }
            if empty(&p.cite) {
                errors.push((
                    "decisions.procedures.cite".into(),
                    "至少一处引用 (at least one citation)".into(),
                ));
            }
        }
        if let Some(c) = &self.collective {
            if c.meetings.is_empty() || c.topics.is_empty() {
                errors.push((
                    "decisions.collective".into(),
                    "须列出会议类型与事项 (meetings and topics must not be empty)".into(),
                ));
            }
            if empty(&c.cite) {
                errors.push((
                    "decisions.collective.cite".into(),
                    "至少一处引用 (at least one citation)".into(),
                ));
            }
        }
        if let Some(f) = &self.fair_competition {
            if f.topics.is_empty() && !f.market_entities {
                errors.push((
                    "decisions.fair_competition".into(),
                    "须写明适用的事项 (state topics or market_entities)".into(),
                ));
            }
            if empty(&f.cite) {
                errors.push((
                    "decisions.fair_competition.cite".into(),
                    "至少一处引用 (at least one citation)".into(),
                ));
            }
        }
    }

    /// Cross-section check: the meetings this section names exist in `[meetings.system]`.
    pub fn validate_meetings(
        &self,
        meetings: &super::meetings::Meetings,
        errors: &mut Vec<(String, String)>,
    ) {
        if let Some(c) = &self.collective {
            for t in &c.meetings {
                if !meetings.exists(*t) {
                    errors.push((
                        "decisions.collective.meetings".into(),
                        format!(
                            "会议类型 {} 未在 meetings.system.types 中定义 (meeting type `{}` not defined)",
                            t.zh(),
                            t.id()
                        ),
                    ));
                }
            }
        }
    }
}

crate::profile_rule!(Collective, FairCompetition,);
