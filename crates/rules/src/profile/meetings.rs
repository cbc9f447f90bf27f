//! Profile section `[meetings]`: the meeting system of a government (MATRIX §2, R2.01–R2.47).
//!
//! Evaluated by the kinds `agenda_item`, `meeting_quorum`, `meeting_absence`, `minutes_signoff`,
//! `meeting_convening`, `meeting_composition`, `post_meeting_document` and `department_meeting`.
//! Everything a kind does not evaluate is a cited `provision`; what the seed does not state is listed
//! in `not_stated` (C8). The known gaps of the texts (C16) are `gaps`: a kind meeting one hands the
//! step to a person (`manual_steps`) or warns, citing the articles.
//!
//! ```toml
//! [meetings.system]                      # R2.01: the meeting types that exist
//! matrix = "R2.01"
//! types = ["plenary", "executive", "special_topic"]     # a type not listed is refused
//! cite = { article = "四十四", quote = "…" }
//!
//! [meetings.executive]                   # one table per existing type: plenary | executive |
//! name = "县政府常务会议"                 # head_office | special_topic
//! members = { matrix = "R2.06", who = [{ title = "县长", role = "head" }, { title = "县政府党组成员" }], cite = {…} }
//! convener = { matrix = "R2.07", roles = ["head"], cite = {…} }        # convenes in own right
//! [[meetings.executive.delegation]]      # who may be entrusted, by whom, when
//! matrix = "R2.07"
//! from = ["head"]
//! to = ["executive_deputy"]
//! when = "head_cannot_attend"            # or "any" (视情)
//! open = false                           # true where the list ends with 等 (C10: others warn)
//! cite = {…}
//! [meetings.executive.quorum]            # R2.08, C6: members only
//! matrix = "R2.08"
//! fraction = [1, 2]
//! compare = "more_than"                  # or "at_least"
//! cite = {…}
//! [meetings.executive.video]             # R2.33: video attendance counts
//! matrix = "R2.33"
//! head_consent = true                    # only with the head's consent
//! cite = {…}
//! [meetings.executive.cadence]           # R2.03/R2.09/R2.15: a monitoring target (warnings only)
//! matrix = "R2.09"
//! per = "month"                          # year | month | two_weeks | week | irregular
//! min = 1
//! max = 2
//! strength = "soft"
//! cite = {…}
//! [meetings.executive.weekday]           # R2.15: usual weekday
//! [[meetings.executive.attendees]]       # R2.04/R2.10/R2.11/R2.14
//! matrix = "R2.10"
//! basis = "standing"                     # standing | throughout | per_item | as_needed | invited
//! who = [{ title = "县司法局主要负责同志", role = "justice_bureau" }]
//! cite = {…}
//! [meetings.executive.news]              # R2.41
//!
//! [meetings.agenda.*]                    # the agenda pipeline, see `Agenda`
//! [[meetings.absence]]                   # R2.31/R2.32: decision table, FIRST hit
//! [[meetings.minutes]]                   # R2.05/R2.35–R2.37: decision table, FIRST hit
//! [[meetings.post_meeting]]              # R2.40
//! [meetings.department.*]                # R2.42–R2.46, see `DepartmentMeetings`
//! [[meetings.gaps]]                      # C16 gaps
//! ```
//!
//! Decision tables (`absence`, `minutes`) are ordered lists of rows with `when = { … }` conditions;
//! the hit policy is FIRST: the first row whose every stated condition matches decides, later rows are
//! not consulted. A condition left out matches anything. No row matching means the seed does not state
//! the rule for that situation (C8): the verdict lists a manual step.

use super::{CiteOrMany, NotStated, Provision};
use crate::citation::Cite;
use crate::engine::{Period, Strength};
use crate::role::Role;
use crate::verdict::Step;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The meeting types of CASES.md (`meeting.type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingType {
    Plenary,
    Executive,
    HeadOffice,
    SpecialTopic,
}

impl MeetingType {
    pub const ALL: [MeetingType; 4] = [
        MeetingType::Plenary,
        MeetingType::Executive,
        MeetingType::HeadOffice,
        MeetingType::SpecialTopic,
    ];

    pub fn id(self) -> &'static str {
        match self {
            MeetingType::Plenary => "plenary",
            MeetingType::Executive => "executive",
            MeetingType::HeadOffice => "head_office",
            MeetingType::SpecialTopic => "special_topic",
        }
    }

    /// A generic Chinese name, for messages where the profile has no table for the type.
    pub fn zh(self) -> &'static str {
        match self {
            MeetingType::Plenary => "全体会议",
            MeetingType::Executive => "常务会议",
            MeetingType::HeadOffice => "首长办公会议",
            MeetingType::SpecialTopic => "专题会议",
        }
    }
}

/// Topics of an agenda item (CASES.md `agenda_item.topics`). `draft_document`: a document to be
/// adopted at the meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgendaTopic {
    NormativeDocument,
    DraftDocument,
    MajorDecision,
    RegulationDraft,
    Contract,
    Budget,
    General,
}

/// Topics of meeting minutes (CASES.md `minutes_signoff.topics`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MinutesTopic {
    FiscalFunds,
    FeeWaiver,
    StateAssets,
    PublicResources,
    Concession,
    LandUse,
    Important,
    General,
}

/// Grounds for a late or ad-hoc agenda item (CASES.md `urgent_ground`). `particularly_major` (特别重大)
/// is an addition for 昌乐 四十八「特别重大或紧急事项」.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UrgentGround {
    SuperiorDeployment,
    Emergency,
    HeadProposed,
    Special,
    ParticularlyMajor,
}

impl UrgentGround {
    pub fn zh(self) -> &'static str {
        match self {
            UrgentGround::SuperiorDeployment => "贯彻上级重大工作部署",
            UrgentGround::Emergency => "处理突发事件/紧急事项",
            UrgentGround::HeadProposed => "首长提议紧急提交",
            UrgentGround::Special => "特殊情况",
            UrgentGround::ParticularlyMajor => "特别重大事项",
        }
    }
}

/// A person named by the text: the seed's own words, and the stable role where one exists
/// (县政府党组成员, 市审计局局长 have none).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub title: String,
    #[serde(default)]
    pub role: Option<Role>,
}

/// A chain step as a profile states it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepSpec {
    pub step: Step,
    pub role: Role,
    #[serde(default)]
    pub alternatives: Vec<Role>,
    #[serde(default)]
    pub note: String,
    /// The sentence naming this step, where it is not the rule's first citation.
    #[serde(default)]
    pub cite: Option<Cite>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meetings {
    #[serde(default)]
    pub system: Option<MeetingSystem>,
    #[serde(default)]
    pub plenary: Option<MeetingDef>,
    #[serde(default)]
    pub executive: Option<MeetingDef>,
    #[serde(default)]
    pub head_office: Option<MeetingDef>,
    #[serde(default)]
    pub special_topic: Option<MeetingDef>,
    #[serde(default)]
    pub agenda: Agenda,
    #[serde(default)]
    pub absence: Vec<AbsenceRow>,
    #[serde(default)]
    pub minutes: Vec<MinutesRow>,
    #[serde(default)]
    pub post_meeting: Vec<PostMeetingRule>,
    #[serde(default)]
    pub department: DepartmentMeetings,
    #[serde(default)]
    pub gaps: Vec<Gap>,
    #[serde(default)]
    pub not_stated: Vec<NotStated>,
    #[serde(default)]
    pub provisions: Vec<Provision>,
    /// Who approves (审定) a meeting's press release (R2.41, e.g. 聊城 第五十一条).
    #[serde(default)]
    pub news_release: Option<NewsRelease>,
}

/// R2.01: the meeting types that exist; the article listing them is cited when a case names another.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingSystem {
    pub matrix: String,
    pub types: Vec<MeetingType>,
    pub cite: CiteOrMany,
}

/// One meeting type of the profile.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingDef {
    /// The seed's own name (市政府常务会议).
    pub name: String,
    #[serde(default)]
    pub members: Option<Members>,
    #[serde(default)]
    pub convener: Option<Conveners>,
    #[serde(default)]
    pub delegation: Vec<Delegation>,
    #[serde(default)]
    pub quorum: Option<Quorum>,
    #[serde(default)]
    pub video: Option<Video>,
    #[serde(default)]
    pub cadence: Option<Cadence>,
    #[serde(default)]
    pub weekday: Option<UsualWeekday>,
    #[serde(default)]
    pub attendees: Vec<AttendeeGroup>,
    #[serde(default)]
    pub news: Option<News>,
    /// A study session before the meeting with a frequency target (R2.13, e.g. 聊城: 会前集体学法,
    /// 每季度不少于１次). Counted per calendar `quarter`/`month`/`year`; monitoring only (C7).
    #[serde(default)]
    pub study: Option<Cadence>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Members {
    pub matrix: String,
    pub who: Vec<Person>,
    pub cite: CiteOrMany,
}

/// Who convenes and presides in their own right.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conveners {
    pub matrix: String,
    pub roles: Vec<Role>,
    pub cite: CiteOrMany,
}

/// When a delegation is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DelegationWhen {
    /// 首长不能出席会议时
    HeadCannotAttend,
    /// at the delegator's discretion (视情)
    Any,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Delegation {
    pub matrix: String,
    pub from: Vec<Role>,
    pub to: Vec<Role>,
    pub when: DelegationWhen,
    /// The list of delegates ends with 等 (C10): a delegate of the same kind not named is a warning.
    #[serde(default)]
    pub open: bool,
    pub cite: CiteOrMany,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Compare {
    /// strictly more than the fraction (超过二分之一: exactly half fails, C6)
    MoreThan,
    /// at least the fraction (不少于)
    AtLeast,
}

/// R2.08: attendance against the members due (应到), members only (C6).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quorum {
    pub matrix: String,
    /// [numerator, denominator]
    pub fraction: [u32; 2],
    pub compare: Compare,
    #[serde(default)]
    pub strength: Strength,
    pub cite: CiteOrMany,
}

impl Quorum {
    /// Whether `present` of `expected` satisfies the quorum (integer arithmetic, no rounding).
    pub fn met(&self, present: u32, expected: u32) -> bool {
        let [n, d] = self.fraction;
        let lhs = u64::from(present) * u64::from(d);
        let rhs = u64::from(expected) * u64::from(n);
        match self.compare {
            Compare::MoreThan => lhs > rhs,
            Compare::AtLeast => lhs >= rhs,
        }
    }

    /// The smallest attendance that satisfies the quorum (computed, not searched: `expected` comes
    /// from the case and may be large).
    pub fn minimum(&self, expected: u32) -> u64 {
        let [n, d] = self.fraction;
        let (n, d) = (u64::from(n), u64::from(d.max(1)));
        let need = u64::from(expected) * n;
        match self.compare {
            Compare::MoreThan => need / d + 1,
            Compare::AtLeast => need.div_ceil(d),
        }
    }

    pub fn describe_zh(&self) -> String {
        let [n, d] = self.fraction;
        let rule = match self.compare {
            Compare::MoreThan => "出席人数须超过应到人数的",
            Compare::AtLeast => "出席人数须不少于应到人数的",
        };
        crate::cat!(64; rule, n, "/", d)
    }
}

/// R2.33: members attending by video count as present.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Video {
    pub matrix: String,
    /// Counts only with the head's consent (昌乐 四十九「经县长同意」).
    #[serde(default)]
    pub head_consent: bool,
    pub cite: CiteOrMany,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CadencePer {
    Year,
    Quarter,
    Month,
    TwoWeeks,
    Week,
    Irregular,
}

/// A cadence target (C7: monitoring only, never blocks).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cadence {
    pub matrix: String,
    pub per: CadencePer,
    #[serde(default)]
    pub min: Option<u32>,
    #[serde(default)]
    pub max: Option<u32>,
    /// 一般/原则上 targets are SOFT; absent for 不定期/随时 (no target at all).
    #[serde(default)]
    pub strength: Option<Strength>,
    pub cite: CiteOrMany,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsualWeekday {
    pub matrix: String,
    pub day: Weekday,
    #[serde(default)]
    pub strength: Strength,
    pub cite: CiteOrMany,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttendeeBasis {
    /// 常规列席 / 列席 every time
    Standing,
    /// 全程列席
    Throughout,
    /// for the items concerning them (列席相关议题的讨论)
    PerItem,
    /// 根据需要可安排
    AsNeeded,
    /// 可邀请 / 视情邀请
    Invited,
}

/// R2.04/R2.10/R2.11/R2.14: people who attend (列席) without being members; never counted (C6).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttendeeGroup {
    pub matrix: String,
    pub basis: AttendeeBasis,
    pub who: Vec<Person>,
    pub cite: CiteOrMany,
}

/// R2.41: news coverage of the meeting.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct News {
    pub matrix: String,
    pub text: String,
    pub cite: CiteOrMany,
}

/// The approval of a meeting's press release: any of `approvers` approves it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewsRelease {
    pub matrix: String,
    pub approvers: Vec<Role>,
    #[serde(default)]
    pub strength: Strength,
    pub cite: CiteOrMany,
}

// ---------------------------------------------------------------------------------------------
// Agenda pipeline
// ---------------------------------------------------------------------------------------------

/// The agenda (议题) pipeline. Every rule names the meeting types it applies to (`meetings`).
///
/// ```toml
/// [meetings.agenda.proposers]      # R2.18 (shown, not gating: the lists describe, not exclude)
/// [meetings.agenda.approval]       # R2.19: sign-off order → verdict `chain`
/// [meetings.agenda.arrangement]    # R2.20: who fixes each meeting's items → verdict `status`
/// [meetings.agenda.exclusion]      # R2.21: items within a vice head's/department's authority
/// [meetings.agenda.coordination]   # R2.22: agreement (and 会签) with departments concerned
/// [meetings.agenda.disagreement]   # R2.23: what an unresolved disagreement leads to
/// [[meetings.agenda.reviews]]      # R2.24: legality review before submission
/// [meetings.agenda.major_decision] # R2.25: major-decision procedures completed
/// [meetings.agenda.superior]       # R2.26: superior authority consulted
/// [[meetings.agenda.deadlines]]    # R2.27/R2.29 (+ `exceptions`, R2.28)
/// [meetings.agenda.ad_hoc]         # R2.28: 临时动议
/// [meetings.agenda.party_filing]   # R2.27: 区委报备 (C11)
/// ```
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agenda {
    #[serde(default)]
    pub proposers: Option<Proposers>,
    #[serde(default)]
    pub approval: Option<ApprovalChain>,
    #[serde(default)]
    pub arrangement: Option<ApprovalChain>,
    #[serde(default)]
    pub exclusion: Option<Exclusion>,
    #[serde(default)]
    pub coordination: Option<Coordination>,
    #[serde(default)]
    pub disagreement: Option<Disagreement>,
    #[serde(default)]
    pub reviews: Vec<ReviewGate>,
    #[serde(default)]
    pub major_decision: Option<MajorDecisionGate>,
    #[serde(default)]
    pub superior: Option<SuperiorGate>,
    #[serde(default)]
    pub deadlines: Vec<SubmissionDeadline>,
    #[serde(default)]
    pub ad_hoc: Option<AdHoc>,
    #[serde(default)]
    pub party_filing: Option<PartyFiling>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposers {
    pub matrix: String,
    pub meetings: Vec<MeetingType>,
    #[serde(default)]
    pub who: Vec<Person>,
    pub cite: CiteOrMany,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalChain {
    pub matrix: String,
    pub meetings: Vec<MeetingType>,
    pub steps: Vec<StepSpec>,
    pub cite: CiteOrMany,
}

/// R2.21: matters a vice head or a department can settle are not submitted.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    pub matrix: String,
    pub meetings: Vec<MeetingType>,
    #[serde(default)]
    pub strength: Strength,
    /// Where such a matter goes instead (e.g. a special-topic meeting), for the message.
    #[serde(default)]
    pub route: String,
    pub cite: CiteOrMany,
}

/// R2.22: items touching other departments: agreement before submission, then the principal heads'
/// signatures on the 会签意见. Either may be absent (not stated).
///
/// ```toml
/// [meetings.agenda.coordination]
/// matrix = "R2.22"
/// meetings = ["executive"]
/// agreement = "hard"              # cited with the rule's (first) citation
/// countersign = { strength = "hard", cite = {…} }   # or with the sentence that states this clause
/// cite = [{…}, {…}]
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coordination {
    pub matrix: String,
    pub meetings: Vec<MeetingType>,
    #[serde(default)]
    pub agreement: Option<Clause>,
    #[serde(default)]
    pub countersign: Option<Clause>,
    pub cite: CiteOrMany,
}

/// One clause of a rule held by several sentences: its strength, and optionally the sentence that
/// states it (a failure of the clause cites that sentence; otherwise the rule's first citation).
#[derive(Debug, Clone, Deserialize)]
#[serde(
    untagged,
    expecting = "\"hard\" 或 \"soft\"，或 { strength, cite } (a strength, or a table with strength and cite)"
)]
pub enum Clause {
    Strength(Strength),
    Cited(CitedClause),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CitedClause {
    #[serde(default)]
    pub strength: Strength,
    pub cite: CiteOrMany,
}

impl Clause {
    pub fn strength(&self) -> Strength {
        match self {
            Clause::Strength(s) => *s,
            Clause::Cited(c) => c.strength,
        }
    }

    /// The citation a failure of this clause carries: its own, else the rule's.
    pub fn cite<'a>(&'a self, rule: &'a CiteOrMany) -> &'a CiteOrMany {
        match self {
            Clause::Strength(_) => rule,
            Clause::Cited(c) => &c.cite,
        }
    }
}

/// What a disagreement state leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DisagreementVerdict {
    /// the text routes such an item onward (e.g. submitted with each side's reasons)
    Allowed,
    /// the item is not submitted
    Refused,
    /// the text stops short of saying what happens to the item (C16.2, C16.3): the agreement the
    /// coordination rule requires (R2.22) still decides the outcome — not agreed, so refused where the
    /// profile states that requirement — and a person decides the route (`manual_steps`). A profile
    /// without a disagreement rule reads the same way.
    NotStated,
}

/// What one disagreement state leads to, with the strength of the rule.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisagreementOutcome {
    pub verdict: DisagreementVerdict,
    #[serde(default)]
    pub strength: Strength,
}

/// R2.23: the route for a disagreement the departments could not resolve.
///
/// ```toml
/// [meetings.agenda.disagreement]
/// matrix = "R2.23"
/// meetings = ["executive"]
/// documented_with_preference = { verdict = "allowed" }    # each side's reasons + a preferred opinion
/// unresolved = { verdict = "refused", strength = "hard" } # nothing documented
/// cite = {…}
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disagreement {
    pub matrix: String,
    pub meetings: Vec<MeetingType>,
    pub documented_with_preference: DisagreementOutcome,
    pub unresolved: DisagreementOutcome,
    pub cite: CiteOrMany,
}

/// R2.24: legality review before submission. `topics` empty: every item.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewGate {
    pub matrix: String,
    pub meetings: Vec<MeetingType>,
    #[serde(default)]
    pub topics: Vec<AgendaTopic>,
    /// Topics of the same kind as an open list ending with 等 (C10): a missing review warns.
    #[serde(default)]
    pub open_topics: Vec<AgendaTopic>,
    /// The reviewing body where named.
    #[serde(default)]
    pub reviewer: Option<Role>,
    #[serde(default)]
    pub strength: Strength,
    pub cite: CiteOrMany,
}

/// R2.25: an item that is a major decision has completed the listed procedures.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MajorDecisionGate {
    pub matrix: String,
    pub meetings: Vec<MeetingType>,
    pub requires: Vec<super::decisions::Procedure>,
    #[serde(default)]
    pub strength: Strength,
    pub cite: CiteOrMany,
}

/// R2.26: a clear opinion of the superior authority exists before submission.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuperiorGate {
    pub matrix: String,
    pub meetings: Vec<MeetingType>,
    #[serde(default)]
    pub strength: Strength,
    pub cite: CiteOrMany,
}

/// R2.27/R2.29: submission deadline before the meeting. `period` absent: only "in advance"
/// (提前, no number: submitted before the meeting day). `topics` empty: every item.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmissionDeadline {
    pub matrix: String,
    pub meetings: Vec<MeetingType>,
    #[serde(default)]
    pub topics: Vec<AgendaTopic>,
    #[serde(default)]
    pub period: Option<Period>,
    /// What must arrive (议题材料, 文件), for the deadline's `what`.
    pub what: String,
    #[serde(default)]
    pub strength: Strength,
    pub cite: CiteOrMany,
    #[serde(default)]
    pub exceptions: Option<LateExceptions>,
}

/// R2.28: grounds the text itself lists (C7: inside a listed ground → allowed without warning).
/// Empty `grounds`: the text only says 特殊情况, which needs a recorded exception.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LateExceptions {
    pub matrix: String,
    #[serde(default)]
    pub grounds: Vec<UrgentGround>,
    pub cite: CiteOrMany,
}

/// R2.28: ad-hoc motions (临时动议) at or on the day of the meeting.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdHoc {
    pub matrix: String,
    pub meetings: Vec<MeetingType>,
    #[serde(default)]
    pub grounds: Vec<UrgentGround>,
    #[serde(default)]
    pub strength: Strength,
    pub cite: CiteOrMany,
}

/// Filing with the party committee before the meeting (张店 五十四, read per C11).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyFiling {
    pub matrix: String,
    pub meetings: Vec<MeetingType>,
    pub period: Period,
    #[serde(default)]
    pub strength: Strength,
    pub cite: CiteOrMany,
}

// ---------------------------------------------------------------------------------------------
// Absence, minutes, after the meeting
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Absentee {
    /// 政府领导同志
    Leader,
    /// another member of the meeting (e.g. a department head at the plenary)
    Member,
    /// 列席人员
    Attendee,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbsenceWhen {
    #[serde(default)]
    pub absentee: Vec<Absentee>,
    #[serde(default)]
    pub meeting: Vec<MeetingType>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubstitutePolicy {
    /// a substitute must be named (明确代替参加会议人员)
    Required,
    /// no substitute without consent (未经同意不得由他人代替参加): the consent of whom was asked
    WithConsent,
}

/// A row of the absence decision table (FIRST hit).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbsenceRow {
    pub matrix: String,
    #[serde(default)]
    pub when: AbsenceWhen,
    /// Whom the absentee asks (any one of them).
    pub ask: Vec<Role>,
    /// The route of the leave, for the verdict chain.
    pub chain: Vec<StepSpec>,
    #[serde(default)]
    pub substitute: Option<SubstitutePolicy>,
    /// A written leave report is required (书面请假报告).
    #[serde(default)]
    pub written_report: bool,
    #[serde(default)]
    pub strength: Strength,
    pub cite: CiteOrMany,
    /// Leave itself is discouraged (泰安 第五十三条「除特殊情况外,原则上不应请假」).
    #[serde(default)]
    pub discouraged: Option<Discouraged>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Discouraged {
    pub matrix: String,
    #[serde(default)]
    pub strength: Strength,
    pub cite: CiteOrMany,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinutesWhen {
    #[serde(default)]
    pub meeting: Vec<MeetingType>,
    /// whether the meeting was convened by delegation (受委托召开)
    #[serde(default)]
    pub delegated: Option<bool>,
    /// any of these topics
    #[serde(default)]
    pub topics: Vec<MinutesTopic>,
    /// the convener is one of these
    #[serde(default)]
    pub convened_by: Vec<Role>,
}

/// A row of the minutes sign-off decision table (FIRST hit). `convener` and `delegator` in steps
/// stand for the meeting's own convener and delegating leader.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinutesRow {
    pub matrix: String,
    #[serde(default)]
    pub when: MinutesWhen,
    pub steps: Vec<StepSpec>,
    /// Minutes are issued only as needed (可以印发 / 根据需要形成).
    #[serde(default)]
    pub optional: bool,
    /// A judgement the text leaves open (济宁 五十二「重要事项」undefined): a manual step.
    #[serde(default)]
    pub manual: Option<String>,
    pub cite: CiteOrMany,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Revision {
    Minor,
    Major,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PostMeetingAct {
    /// the drafting department submits to the office (报…行文 / 报送)
    Submit,
    /// the document is issued (印发)
    Issue,
}

/// R2.40: a document adopted at the executive meeting, after the meeting.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostMeetingRule {
    pub matrix: String,
    pub revision: Revision,
    pub act: PostMeetingAct,
    pub period: Period,
    #[serde(default)]
    pub strength: Strength,
    pub cite: CiteOrMany,
}

// ---------------------------------------------------------------------------------------------
// Departments' meetings
// ---------------------------------------------------------------------------------------------

/// Which department meetings a rule covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeptScope {
    /// every department work meeting
    Any,
    /// a system-wide meeting in the department's own name
    SystemWide,
    /// a meeting held in the government's name
    GovernmentName,
}

impl DeptScope {
    pub fn covers(self, in_government_name: bool) -> bool {
        match self {
            DeptScope::Any => true,
            DeptScope::SystemWide => !in_government_name,
            DeptScope::GovernmentName => in_government_name,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Invitee {
    Head,
    Deputy,
    SubordinateHead,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InviteVerdict {
    Forbidden,
    NeedsApproval,
}

/// R2.42–R2.46.
///
/// ```toml
/// [[meetings.department.limits]]      # per-year count
/// [[meetings.department.durations]]   # maximum length
/// [[meetings.department.invitations]] # who may (not) be invited
/// [[meetings.department.approvals]]   # approval route; `approved` must be true
/// [meetings.department.prefer_department_name]   # 能以部门名义召开的不以政府名义召开 (judgement)
/// ```
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentMeetings {
    #[serde(default)]
    pub limits: Vec<DeptLimit>,
    #[serde(default)]
    pub durations: Vec<DeptDuration>,
    #[serde(default)]
    pub invitations: Vec<DeptInvitation>,
    #[serde(default)]
    pub approvals: Vec<DeptApproval>,
    #[serde(default)]
    pub prefer_department_name: Option<PreferDepartmentName>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeptLimit {
    pub matrix: String,
    pub scope: DeptScope,
    pub max_per_year: u32,
    #[serde(default)]
    pub strength: Strength,
    pub cite: CiteOrMany,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeptDuration {
    pub matrix: String,
    pub scope: DeptScope,
    /// The limit in hours; `text` is the seed's own words (半天, 1天). A working day is 8 hours
    /// (国务院关于职工工作时间的规定 第三条), so 半天 = 4, 1天 = 8.
    pub max_hours: f64,
    pub text: String,
    #[serde(default)]
    pub strength: Strength,
    pub cite: CiteOrMany,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeptInvitation {
    pub matrix: String,
    pub invitee: Invitee,
    pub verdict: InviteVerdict,
    #[serde(default)]
    pub strength: Strength,
    pub cite: CiteOrMany,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeptApproval {
    pub matrix: String,
    pub scope: DeptScope,
    pub steps: Vec<StepSpec>,
    /// The final approver is not named (报批): a manual step.
    #[serde(default)]
    pub approver_not_stated: bool,
    #[serde(default)]
    pub strength: Strength,
    pub cite: CiteOrMany,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreferDepartmentName {
    pub matrix: String,
    pub cite: CiteOrMany,
}

// ---------------------------------------------------------------------------------------------
// Gaps (C16)
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GapAbout {
    /// the normal convener is not named (昌乐 四十六)
    Convener,
    /// delegation is contradictory or unclear (张店 五十一 vs 五十六)
    Delegation,
    /// no route for an unresolved disagreement (济宁 四十八; 泰安 第五十条 once the escalation fails)
    DisagreementRoute,
    /// the minutes signer is not named (张店 全体会议)
    MinutesSigner,
}

/// A known gap or inconsistency of the text (C16), with the articles that show it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gap {
    pub matrix: String,
    pub about: GapAbout,
    #[serde(default)]
    pub meeting: Option<MeetingType>,
    pub note: String,
    pub cite: CiteOrMany,
}

// ---------------------------------------------------------------------------------------------

/// The first citation of a rule (validation guarantees there is one).
pub fn first_cite(c: &CiteOrMany) -> &Cite {
    c.primary()
}

/// Whether a role named by a case is the role a rule names. A rule naming `deputy` (any deputy head)
/// is met by the more specific deputy roles.
pub fn role_fits(rule: Role, actual: Role) -> bool {
    rule == actual
        || (rule == Role::Deputy
            && matches!(
                actual,
                Role::ExecutiveDeputy
                    | Role::PresidingDeputy
                    | Role::DeputyInCharge
                    | Role::DeputiesConcerned
            ))
}

impl Meetings {
    /// The profile's table for a meeting type, if the type exists.
    pub fn def(&self, t: MeetingType) -> Option<&MeetingDef> {
        match t {
            MeetingType::Plenary => self.plenary.as_ref(),
            MeetingType::Executive => self.executive.as_ref(),
            MeetingType::HeadOffice => self.head_office.as_ref(),
            MeetingType::SpecialTopic => self.special_topic.as_ref(),
        }
    }

    /// Whether the meeting type exists in this government (R2.01).
    pub fn exists(&self, t: MeetingType) -> bool {
        self.system.as_ref().is_some_and(|s| s.types.contains(&t))
    }

    pub fn gap(&self, about: GapAbout, meeting: Option<MeetingType>) -> Option<&Gap> {
        self.gaps
            .iter()
            .find(|g| g.about == about && (g.meeting.is_none() || g.meeting == meeting))
    }

    /// The FIRST row of the absence table matching the situation.
    pub fn absence_row(&self, who: Absentee, t: MeetingType) -> Option<&AbsenceRow> {
        self.absence.iter().find(|r| {
            (r.when.absentee.is_empty() || r.when.absentee.contains(&who))
                && (r.when.meeting.is_empty() || r.when.meeting.contains(&t))
        })
    }

    /// The FIRST row of the minutes table matching the situation.
    pub fn minutes_row(
        &self,
        t: MeetingType,
        delegated: bool,
        topics: &[MinutesTopic],
        convened_by: Option<Role>,
    ) -> Option<&MinutesRow> {
        self.minutes.iter().find(|r| {
            let w = &r.when;
            (w.meeting.is_empty() || w.meeting.contains(&t))
                && w.delegated.is_none_or(|d| d == delegated)
                && (w.topics.is_empty() || w.topics.iter().any(|x| topics.contains(x)))
                && (w.convened_by.is_empty()
                    || convened_by.is_some_and(|c| w.convened_by.iter().any(|r| role_fits(*r, c))))
        })
    }

    /// Semantic checks beyond the types; push (field path, message) pairs.
    pub fn validate(&self, errors: &mut Vec<(String, String)>) {
        let mut v = Validator {
            errors,
            types: self.system.as_ref().map(|s| s.types.clone()),
        };
        match &self.system {
            Some(s) => {
                v.cites("meetings.system.cite", &s.cite);
                if s.types.is_empty() {
                    v.err(
                        "meetings.system.types",
                        "至少列出一种会议 (list at least one meeting type)",
                    );
                }
            }
            None if self.any_rule() => v.err(
                "meetings.system",
                "定义了会议规则却没有列出会议类型 (meeting rules without [meetings.system])",
            ),
            None => {}
        }
        for t in MeetingType::ALL {
            let Some(d) = self.def(t) else { continue };
            let p = format!("meetings.{}", t.id());
            v.meeting(&p, t);
            v.meeting_def(&p, d);
        }
        v.agenda(&self.agenda);
        for (i, r) in self.absence.iter().enumerate() {
            let p = format!("meetings.absence[{i}]");
            v.meetings(&format!("{p}.when.meeting"), &r.when.meeting);
            v.cites(&format!("{p}.cite"), &r.cite);
            if r.ask.is_empty() {
                v.err(&format!("{p}.ask"), "须列出向谁请假 (name whom to ask)");
            }
            if let Some(d) = &r.discouraged {
                v.cites(&format!("{p}.discouraged.cite"), &d.cite);
            }
        }
        for (i, r) in self.minutes.iter().enumerate() {
            let p = format!("meetings.minutes[{i}]");
            v.meetings(&format!("{p}.when.meeting"), &r.when.meeting);
            v.cites(&format!("{p}.cite"), &r.cite);
            let signs = r.steps.iter().filter(|s| s.step == Step::Sign).count();
            if signs != 1 {
                v.err(
                    &format!("{p}.steps"),
                    "纪要审签链须恰有一个签发步骤 (exactly one `sign` step)",
                );
            }
        }
        for (i, r) in self.post_meeting.iter().enumerate() {
            let p = format!("meetings.post_meeting[{i}]");
            v.cites(&format!("{p}.cite"), &r.cite);
            if !matches!(
                r.period,
                Period::WorkingDaysAfter(_) | Period::DaysAfter(_) | Period::MonthsAfter(_)
            ) {
                v.err(
                    &format!("{p}.period"),
                    "会后时限须为“之后”的期间 (must be an *_after period)",
                );
            }
        }
        let d = &self.department;
        for (i, r) in d.limits.iter().enumerate() {
            v.cites(&format!("meetings.department.limits[{i}].cite"), &r.cite);
        }
        for (i, r) in d.durations.iter().enumerate() {
            v.cites(&format!("meetings.department.durations[{i}].cite"), &r.cite);
            if r.max_hours.is_nan() || r.max_hours <= 0.0 {
                v.err(
                    &format!("meetings.department.durations[{i}].max_hours"),
                    "时长上限须大于 0 (must be > 0)",
                );
            }
        }
        for (i, r) in d.invitations.iter().enumerate() {
            v.cites(
                &format!("meetings.department.invitations[{i}].cite"),
                &r.cite,
            );
        }
        for (i, r) in d.approvals.iter().enumerate() {
            v.cites(&format!("meetings.department.approvals[{i}].cite"), &r.cite);
        }
        if let Some(p) = &d.prefer_department_name {
            v.cites("meetings.department.prefer_department_name.cite", &p.cite);
        }
        for (i, g) in self.gaps.iter().enumerate() {
            let p = format!("meetings.gaps[{i}]");
            v.cites(&format!("{p}.cite"), &g.cite);
            if let Some(t) = g.meeting {
                v.meeting(&format!("{p}.meeting"), t);
            }
        }
    }

    /// Checks that every role a rule of this section names has a title in the profile's `[roles]`
    /// (a role without a title does not exist in that government, e.g. 秘书长 in 昌乐).
    pub fn validate_roles(
        &self,
        roles: &BTreeMap<Role, String>,
        errors: &mut Vec<(String, String)>,
    ) {
        let mut check = |path: String, r: Role| {
            if !roles.contains_key(&r) {
                errors.push((
                    path,
                    format!("角色 {r} 在 [roles] 中没有称谓，本政府不设此职 (role `{r}` has no title in [roles])"),
                ));
            }
        };
        let steps = |path: &str, s: &[StepSpec], check: &mut dyn FnMut(String, Role)| {
            for (i, st) in s.iter().enumerate() {
                check(format!("{path}[{i}].role"), st.role);
                for a in &st.alternatives {
                    check(format!("{path}[{i}].alternatives"), *a);
                }
            }
        };
        for t in MeetingType::ALL {
            let Some(d) = self.def(t) else { continue };
            let p = format!("meetings.{}", t.id());
            if let Some(m) = &d.members {
                for (i, w) in m.who.iter().enumerate() {
                    if let Some(r) = w.role {
                        check(format!("{p}.members.who[{i}].role"), r);
                    }
                }
            }
            if let Some(c) = &d.convener {
                for r in &c.roles {
                    check(format!("{p}.convener.roles"), *r);
                }
            }
            for (i, dl) in d.delegation.iter().enumerate() {
                for r in dl.from.iter().chain(&dl.to) {
                    check(format!("{p}.delegation[{i}]"), *r);
                }
            }
            for (i, g) in d.attendees.iter().enumerate() {
                for w in &g.who {
                    if let Some(r) = w.role {
                        check(format!("{p}.attendees[{i}].who"), r);
                    }
                }
            }
        }
        let a = &self.agenda;
        if let Some(c) = &a.approval {
            steps("meetings.agenda.approval.steps", &c.steps, &mut check);
        }
        if let Some(c) = &a.arrangement {
            steps("meetings.agenda.arrangement.steps", &c.steps, &mut check);
        }
        for (i, g) in a.reviews.iter().enumerate() {
            if let Some(r) = g.reviewer {
                check(format!("meetings.agenda.reviews[{i}].reviewer"), r);
            }
        }
        for (i, r) in self.absence.iter().enumerate() {
            for x in &r.ask {
                check(format!("meetings.absence[{i}].ask"), *x);
            }
            steps(
                &format!("meetings.absence[{i}].chain"),
                &r.chain,
                &mut check,
            );
        }
        for (i, r) in self.minutes.iter().enumerate() {
            steps(
                &format!("meetings.minutes[{i}].steps"),
                &r.steps,
                &mut check,
            );
            for x in &r.when.convened_by {
                check(format!("meetings.minutes[{i}].when.convened_by"), *x);
            }
        }
        for (i, r) in self.department.approvals.iter().enumerate() {
            steps(
                &format!("meetings.department.approvals[{i}].steps"),
                &r.steps,
                &mut check,
            );
        }
    }

    fn any_rule(&self) -> bool {
        MeetingType::ALL.iter().any(|t| self.def(*t).is_some())
            || !self.absence.is_empty()
            || !self.minutes.is_empty()
            || self.agenda.approval.is_some()
            || !self.agenda.deadlines.is_empty()
    }
}

struct Validator<'a> {
    errors: &'a mut Vec<(String, String)>,
    types: Option<Vec<MeetingType>>,
}

impl Validator<'_> {
    fn err(&mut self, path: &str, msg: &str) {
        self.errors.push((path.to_string(), msg.to_string()));
    }

    fn cites(&mut self, path: &str, c: &CiteOrMany) {
        if let CiteOrMany::Many(v) = c
            && v.is_empty()
        {
            self.err(path, "至少一处引用 (at least one citation)");
        }
    }

    fn meeting(&mut self, path: &str, t: MeetingType) {
        let exists = self.types.as_ref().is_some_and(|ts| ts.contains(&t));
        if !exists {
            self.errors.push((
                path.to_string(),
                format!(
                    "会议类型 {} 未在 meetings.system.types 中定义 (meeting type `{}` is not defined in meetings.system)",
                    t.zh(),
                    t.id()
                ),
            ));
        }
    }

    fn meetings(&mut self, path: &str, ts: &[MeetingType]) {
        for t in ts {
            self.meeting(path, *t);
        }
    }

    fn meeting_def(&mut self, p: &str, d: &MeetingDef) {
        if let Some(m) = &d.members {
            self.cites(&format!("{p}.members.cite"), &m.cite);
            if m.who.is_empty() {
                self.err(
                    &format!("{p}.members.who"),
                    "组成人员不能为空 (members must not be empty)",
                );
            }
        }
        if let Some(c) = &d.convener {
            self.cites(&format!("{p}.convener.cite"), &c.cite);
        }
        for (i, dl) in d.delegation.iter().enumerate() {
            self.cites(&format!("{p}.delegation[{i}].cite"), &dl.cite);
            if dl.from.is_empty() || dl.to.is_empty() {
                self.err(
                    &format!("{p}.delegation[{i}]"),
                    "委托须写明委托人与受托人 (from and to must not be empty)",
                );
            }
        }
        if let Some(q) = &d.quorum {
            self.cites(&format!("{p}.quorum.cite"), &q.cite);
            let [n, den] = q.fraction;
            if den == 0 || n == 0 || n > den {
                self.err(
                    &format!("{p}.quorum.fraction"),
                    "法定人数比例须为 0 < 分子 ≤ 分母 (need 0 < numerator ≤ denominator)",
                );
            }
            if d.members.is_none() {
                self.err(
                    &format!("{p}.quorum"),
                    "有法定人数规则却未列组成人员 (quorum without members, C6)",
                );
            }
        }
        if let Some(x) = &d.video {
            self.cites(&format!("{p}.video.cite"), &x.cite);
        }
        if let Some(c) = &d.cadence {
            self.cites(&format!("{p}.cadence.cite"), &c.cite);
            if let (Some(a), Some(b)) = (c.min, c.max)
                && a > b
            {
                self.err(&format!("{p}.cadence"), "频次下限大于上限 (min > max)");
            }
        }
        if let Some(w) = &d.weekday {
            self.cites(&format!("{p}.weekday.cite"), &w.cite);
        }
        for (i, g) in d.attendees.iter().enumerate() {
            self.cites(&format!("{p}.attendees[{i}].cite"), &g.cite);
        }
        if let Some(n) = &d.news {
            self.cites(&format!("{p}.news.cite"), &n.cite);
        }
    }

    fn agenda(&mut self, a: &Agenda) {
        let p = "meetings.agenda";
        if let Some(x) = &a.proposers {
            self.meetings(&format!("{p}.proposers.meetings"), &x.meetings);
            self.cites(&format!("{p}.proposers.cite"), &x.cite);
        }
        for (name, c) in [("approval", &a.approval), ("arrangement", &a.arrangement)] {
            if let Some(c) = c {
                self.meetings(&format!("{p}.{name}.meetings"), &c.meetings);
                self.cites(&format!("{p}.{name}.cite"), &c.cite);
                if c.steps.is_empty() {
                    self.err(
                        &format!("{p}.{name}.steps"),
                        "审批链不能为空 (steps must not be empty)",
                    );
                }
            }
        }
        if let Some(x) = &a.exclusion {
            self.meetings(&format!("{p}.exclusion.meetings"), &x.meetings);
            self.cites(&format!("{p}.exclusion.cite"), &x.cite);
        }
        if let Some(x) = &a.coordination {
            self.meetings(&format!("{p}.coordination.meetings"), &x.meetings);
            self.cites(&format!("{p}.coordination.cite"), &x.cite);
            for (k, c) in [("agreement", &x.agreement), ("countersign", &x.countersign)] {
                if let Some(Clause::Cited(c)) = c {
                    self.cites(&format!("{p}.coordination.{k}.cite"), &c.cite);
                }
            }
        }
        if let Some(x) = &a.disagreement {
            self.meetings(&format!("{p}.disagreement.meetings"), &x.meetings);
            self.cites(&format!("{p}.disagreement.cite"), &x.cite);
        }
        for (i, x) in a.reviews.iter().enumerate() {
            self.meetings(&format!("{p}.reviews[{i}].meetings"), &x.meetings);
            self.cites(&format!("{p}.reviews[{i}].cite"), &x.cite);
        }
        if let Some(x) = &a.major_decision {
            self.meetings(&format!("{p}.major_decision.meetings"), &x.meetings);
            self.cites(&format!("{p}.major_decision.cite"), &x.cite);
        }
        if let Some(x) = &a.superior {
            self.meetings(&format!("{p}.superior.meetings"), &x.meetings);
            self.cites(&format!("{p}.superior.cite"), &x.cite);
        }
        for (i, x) in a.deadlines.iter().enumerate() {
            let q = format!("{p}.deadlines[{i}]");
            self.meetings(&format!("{q}.meetings"), &x.meetings);
            self.cites(&format!("{q}.cite"), &x.cite);
            if let Some(per) = x.period
                && !matches!(
                    per,
                    Period::WorkingDaysBefore(_) | Period::DaysBefore(_) | Period::MonthsBefore(_)
                )
            {
                self.err(
                    &format!("{q}.period"),
                    "报送时限须为“会前”的期间 (must be a *_before period)",
                );
            }
            if let Some(e) = &x.exceptions {
                self.cites(&format!("{q}.exceptions.cite"), &e.cite);
            }
        }
        if let Some(x) = &a.ad_hoc {
            self.meetings(&format!("{p}.ad_hoc.meetings"), &x.meetings);
            self.cites(&format!("{p}.ad_hoc.cite"), &x.cite);
        }
        if let Some(x) = &a.party_filing {
            self.meetings(&format!("{p}.party_filing.meetings"), &x.meetings);
            self.cites(&format!("{p}.party_filing.cite"), &x.cite);
            if !matches!(
                x.period,
                Period::WorkingDaysBefore(_) | Period::DaysBefore(_)
            ) {
                self.err(
                    &format!("{p}.party_filing.period"),
                    "报备时限须为“会前”的期间 (must be a *_before period)",
                );
            }
        }
    }
}

/// The names of the steps the meeting kinds hand to a person (`manual_steps`, C8). Stable: case files
/// name them.
pub mod manual {
    pub const MEETING_TYPE: &str = "确定会议类型是否存在 (whether the meeting type exists)";
    pub const AGENDA: &str = "确定议题报送与审批程序 (agenda procedure)";
    pub const DISAGREEMENT: &str = "确定分歧议题的处理途径 (route for an unresolved disagreement)";
    pub const QUORUM: &str = "判断出席人数是否足够 (whether enough members attend)";
    pub const CONVENER: &str = "确定会议召集人 (who convenes)";
    pub const DELEGATION: &str = "确定能否委托召集 (whether delegation is allowed)";
    pub const ABSENCE: &str = "确定向谁请假 (whom to ask for leave)";
    pub const MINUTES_SIGNER: &str = "确定纪要签发人 (who signs the minutes)";
    pub const POST_MEETING: &str = "确定会后文件时限 (deadline after the meeting)";
    pub const APPROVER: &str = "确定报批的审批人 (who approves)";
    pub const DEPARTMENT: &str = "确定部门会议规则 (department meeting rules)";
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by the meeting kinds
// ---------------------------------------------------------------------------------------------

/// A rule's first citation as it appears in verdicts.
pub fn cite_of(ctx: &crate::engine::Ctx<'_>, c: &CiteOrMany) -> crate::citation::Citation {
    ctx.cite_first(c)
}

/// Pushes profile steps onto the verdict chain, each with the rule's citation.
pub fn push_steps(
    ctx: &crate::engine::Ctx<'_>,
    out: &mut crate::engine::Out,
    steps: &[StepSpec],
    c: &CiteOrMany,
) {
    for s in steps {
        let cit = match &s.cite {
            Some(own) => ctx.cite(own),
            None => cite_of(ctx, c),
        };
        out.step_alt(ctx, s.step, s.role, &s.alternatives, Some(cit));
        if !s.note.is_empty()
            && let Some(last) = out.chain.last_mut()
        {
            last.note = s.note.clone();
        }
    }
}

impl Meetings {
    /// The meeting type's table, or a violation citing the article that lists the types that exist
    /// (a 县长办公会议 in 昌乐 is refused citing 昌乐 四十四). `None` means the case is decided.
    pub fn require<'a>(
        &'a self,
        ctx: &crate::engine::Ctx<'_>,
        out: &mut crate::engine::Out,
        t: MeetingType,
    ) -> Option<Option<&'a MeetingDef>> {
        match &self.system {
            Some(s) if s.types.contains(&t) => Some(self.def(t)),
            Some(s) => {
                let names = s
                    .types
                    .iter()
                    .map(|x| self.name_of(*x))
                    .collect::<Vec<_>>()
                    .join("、");
                // Name the missing type in the government's own words (县长办公会议).
                let want = match t {
                    MeetingType::HeadOffice => format!("{}办公会议", ctx.title(Role::Head)),
                    other => other.zh().to_string(),
                };
                let id = t.id();
                out.violation(
                    &s.matrix,
                    cite_of(ctx, &s.cite),
                    crate::msg!(
                        "本级政府没有{want}：会议制度只有{names}",
                        "this government has no `{id}` meeting; its meeting types are: {names}"
                    ),
                );
                None
            }
            None => {
                out.manual(manual::MEETING_TYPE, "not_stated", None);
                Some(None)
            }
        }
    }

    /// The profile's own name of a meeting type.
    pub fn name_of(&self, t: MeetingType) -> String {
        self.def(t)
            .map(|d| d.name.clone())
            .unwrap_or_else(|| t.zh().to_string())
    }
}

crate::profile_rule!(
    Quorum,
    Exclusion,
    ReviewGate,
    SuperiorGate,
    AdHoc,
    Discouraged,
    DeptLimit,
    DeptDuration,
    DeptInvitation,
    DeptApproval,
);
