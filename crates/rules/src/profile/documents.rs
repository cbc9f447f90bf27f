//! Profile section `[documents]` (公文处理): the rules for documents submitted to the government
//! (收文, 退文 grounds), the office's reply windows, counter-signature (会签) windows, the review
//! chain and the signing-authority matrix (签发权限) for outgoing documents, annual quotas, lead
//! times, seals, briefings, and the drafting attributes (公开属性, prior basis).
//!
//! Every gate is a table with `matrix` (the MATRIX id), `cite` (article + verbatim quote) and, where
//! the text qualifies it with 原则上/一般, `strength = "soft"` (MATRIX C7). A gate a government does not
//! state is simply absent (C8) and the MATRIX id is listed in `not_stated`.
//!
//! ## The signing table (`[[documents.signing]]`)
//! An ordered decision table. Each row has `when = { … }` conditions over the case
//! (`issuer`, `category` — any of a list, `min_portfolios`/`max_portfolios`, `broad_or_disputed`,
//! `special_urgent`, `head_away`; an absent condition matches anything) and an outcome: the signer
//! `sign`, equally entitled `alternatives` (the text says "A or B"), `delegates` who may sign when
//! authorised (`{ role, authorised_by = [...] }`, e.g. 市长授权副市长), `authorised_by` when the signer
//! itself signs only by the head's delegation (泰安 委托), row-specific `steps` before signing (审签,
//! 会签), or `not_available = true` when the category does not exist in this government.
//!
//! Hit policy: FIRST — the first matching row (in file order) decides. Rows marked `extend = true`
//! are modifiers: they add their `delegates`/`alternatives` to whatever row decides, and the search
//! continues (济宁 六十一（七）: in special or urgent cases the 秘书长 may sign, with authorisation,
//! on top of the ordinary signers). `validate()` rejects rows that an earlier row makes unreachable.

use super::{CiteOrMany, NotStated, Provision};
use crate::citation::Cite;
use crate::engine::{Period, Strength};
use crate::role::Role;
use crate::verdict::Step;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The 15 document types (文种) of the 党政机关公文处理工作条例 第八条.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum DocType {
    #[serde(rename = "决议")]
    Resolution,
    #[serde(rename = "决定")]
    Decision,
    #[serde(rename = "命令", alias = "令", alias = "命令（令）")]
    Order,
    #[serde(rename = "公报")]
    Communique,
    #[serde(rename = "公告")]
    Announcement,
    #[serde(rename = "通告")]
    Notice,
    #[serde(rename = "意见")]
    Opinion,
    #[serde(rename = "通知")]
    Circular,
    #[serde(rename = "通报")]
    Bulletin,
    #[serde(rename = "报告")]
    Report,
    #[serde(rename = "请示")]
    Request,
    #[serde(rename = "批复")]
    Reply,
    #[serde(rename = "议案")]
    Motion,
    #[serde(rename = "函")]
    Letter,
    #[serde(rename = "纪要")]
    Minutes,
}

impl DocType {
    pub fn zh(self) -> &'static str {
        match self {
            DocType::Resolution => "决议",
            DocType::Decision => "决定",
            DocType::Order => "命令",
            DocType::Communique => "公报",
            DocType::Announcement => "公告",
            DocType::Notice => "通告",
            DocType::Opinion => "意见",
            DocType::Circular => "通知",
            DocType::Bulletin => "通报",
            DocType::Report => "报告",
            DocType::Request => "请示",
            DocType::Reply => "批复",
            DocType::Motion => "议案",
            DocType::Letter => "函",
            DocType::Minutes => "纪要",
        }
    }
}

/// The form in which a document is submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum Form {
    #[default]
    #[serde(rename = "formal")]
    Formal,
    #[serde(rename = "呈阅件")]
    Chengyue,
    #[serde(rename = "参阅件")]
    Canyue,
    #[serde(rename = "请阅件")]
    Qingyue,
    #[serde(rename = "白头文件")]
    Baitou,
    #[serde(rename = "便函")]
    Bianhan,
    #[serde(rename = "汇报材料")]
    Huibao,
}

impl Form {
    pub fn zh(self) -> &'static str {
        match self {
            Form::Formal => "正式公文",
            Form::Chengyue => "呈阅件",
            Form::Canyue => "参阅件",
            Form::Qingyue => "请阅件",
            Form::Baitou => "白头文件",
            Form::Bianhan => "便函",
            Form::Huibao => "汇报材料",
        }
    }
}

/// Who signed a submitted document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signer {
    /// 主要负责人
    Principal,
    /// 主持工作的负责人
    ActingPrincipal,
    Other,
    None,
}

/// Who submitted a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Submitter {
    Department,
    SubordinateGovernment,
    CoordinationBody,
    TemporaryBody,
    InternalUnit,
    IndustryAssociation,
    SecondTierUnit,
    StateEnterprise,
    Other,
}

impl Submitter {
    pub fn zh(self) -> &'static str {
        match self {
            Submitter::Department => "政府部门",
            Submitter::SubordinateGovernment => "下级政府",
            Submitter::CoordinationBody => "议事协调机构",
            Submitter::TemporaryBody => "临时机构",
            Submitter::InternalUnit => "部门内设机构",
            Submitter::IndustryAssociation => "行业协会",
            Submitter::SecondTierUnit => "部门二级单位",
            Submitter::StateEnterprise => "国有企业",
            Submitter::Other => "其他单位",
        }
    }
}

/// Secrecy level (密级) of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Deserialize)]
pub enum Secrecy {
    #[default]
    #[serde(rename = "none")]
    None,
    #[serde(rename = "秘密")]
    Secret,
    #[serde(rename = "机密")]
    Confidential,
    #[serde(rename = "绝密")]
    TopSecret,
}

impl Secrecy {
    pub fn zh(self) -> &'static str {
        match self {
            Secrecy::None => "非密",
            Secrecy::Secret => "秘密",
            Secrecy::Confidential => "机密",
            Secrecy::TopSecret => "绝密",
        }
    }
}

/// Whose name an outgoing document carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Issuer {
    Government,
    Office,
}

/// Category of an outgoing document (CASES.md kind 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    UpwardRequestReport,
    MajorPolicy,
    NpcBill,
    Regulation,
    NormativeDocument,
    Personnel,
    OutboundTravel,
    DecidedAtMeeting,
    RoutineApproval,
    General,
    OfficeBusiness,
    OfficeRoutine,
}

impl Category {
    /// Categories that only an office-name document can have.
    pub fn office_only(self) -> bool {
        matches!(self, Category::OfficeBusiness | Category::OfficeRoutine)
    }
}

/// A plain gate: a rule that either holds or fails for a case.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gate {
    pub matrix: String,
    pub cite: CiteOrMany,
    #[serde(default)]
    pub strength: Strength,
    /// Document types the rule is about; empty = every type.
    #[serde(default)]
    pub doc_types: Vec<DocType>,
    #[serde(default)]
    pub note: String,
}

impl Gate {
    pub fn applies_to(&self, t: DocType) -> bool {
        self.doc_types.is_empty() || self.doc_types.contains(&t)
    }
}

/// Direct submission to a leader personally (R3.02) and its exceptions.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectToLeader {
    pub matrix: String,
    pub cite: CiteOrMany,
    #[serde(default)]
    pub strength: Strength,
    /// Secrecy levels that may be sent directly (确需直接报送的密级/涉密/绝密级事项).
    #[serde(default)]
    pub secrecy_exception: Vec<Secrecy>,
    /// Matters assigned directly by a leader (领导同志直接交办事项).
    #[serde(default)]
    pub assigned_exception: bool,
    /// Major emergencies (重大突发事件).
    #[serde(default)]
    pub emergency_exception: bool,
    /// Some foreign-affairs matters (部分涉外事项).
    #[serde(default)]
    pub foreign_affairs_exception: bool,
    /// Forms that are not 公文 and may go to a leader (昌乐: 汇报材料 "主要用于沟通情况").
    #[serde(default)]
    pub exempt_forms: Vec<Form>,
}

/// Banned or required forms (R3.04).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormGate {
    pub matrix: String,
    pub cite: CiteOrMany,
    #[serde(default)]
    pub strength: Strength,
    #[serde(default)]
    pub doc_types: Vec<DocType>,
    /// Forms named as banned.
    #[serde(default)]
    pub forms: Vec<Form>,
    /// Every form other than a formal 公文 fails (必须以正式公文形式报送).
    #[serde(default)]
    pub formal_required: bool,
    /// Forms this gate leaves alone.
    #[serde(default)]
    pub exempt_forms: Vec<Form>,
    /// The list ends with 等 (C10): other informal forms not named by any gate get a warning.
    #[serde(default)]
    pub open_list: bool,
    /// Fails only when the document asks for a decision (昌乐 汇报材料 涉及县政府审定事项).
    #[serde(default)]
    pub only_when_request: bool,
}

impl FormGate {
    pub fn applies_to(&self, t: DocType) -> bool {
        self.doc_types.is_empty() || self.doc_types.contains(&t)
    }
}

/// Who must sign a submitted document (R3.06).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignerGate {
    pub matrix: String,
    pub cite: CiteOrMany,
    #[serde(default)]
    pub strength: Strength,
    #[serde(default)]
    pub doc_types: Vec<DocType>,
    pub accepted: Vec<Signer>,
}

impl SignerGate {
    pub fn applies_to(&self, t: DocType) -> bool {
        self.doc_types.is_empty() || self.doc_types.contains(&t)
    }
}

/// Submission within a period after 成文 (R3.09).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatenessGate {
    pub matrix: String,
    pub cite: CiteOrMany,
    #[serde(default)]
    pub strength: Strength,
    #[serde(default)]
    pub doc_types: Vec<DocType>,
    pub period: Period,
}

impl LatenessGate {
    pub fn applies_to(&self, t: DocType) -> bool {
        self.doc_types.is_empty() || self.doc_types.contains(&t)
    }
}

/// Grounds on which level-skipping (越级行文) is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipException {
    /// 非紧急情况越级行文 is barred: emergencies may skip.
    Emergency,
    /// 未经批准不得越级行文: an approved skip is allowed.
    Approved,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelSkipGate {
    pub matrix: String,
    pub cite: CiteOrMany,
    #[serde(default)]
    pub strength: Strength,
    #[serde(default)]
    pub unless: Vec<SkipException>,
}

/// One main recipient only (不得多头主送/报送).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecipientsGate {
    pub matrix: String,
    pub cite: CiteOrMany,
    #[serde(default)]
    pub strength: Strength,
    pub max: u32,
}

/// Grounds on which a listed submitter may nevertheless submit directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmitterExemption {
    /// 上属驻潍单位 and the like: a superior government's unit stationed locally.
    StationedSuperiorUnit,
    /// 无主管部门或主管部门不明确的单位和企业.
    NoCompetentDepartment,
}

/// Bodies that may not submit directly (R3.14).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmitterGate {
    pub matrix: String,
    pub cite: CiteOrMany,
    #[serde(default)]
    pub strength: Strength,
    pub submitters: Vec<Submitter>,
    /// Submission through the competent (主管/业务) department satisfies the rule.
    #[serde(default)]
    pub via_competent_department: bool,
    #[serde(default)]
    pub exemptions: Vec<SubmitterExemption>,
}

/// Requests touching other departments: counter-signature (or joint submission) (R3.16).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoordinationGate {
    pub matrix: String,
    pub cite: CiteOrMany,
    #[serde(default)]
    pub strength: Strength,
    #[serde(default)]
    pub doc_types: Vec<DocType>,
    /// 会签或联合报…审批: a joint submission also satisfies the rule.
    #[serde(default)]
    pub joint_submission_allowed: bool,
}

impl CoordinationGate {
    pub fn applies_to(&self, t: DocType) -> bool {
        self.doc_types.is_empty() || self.doc_types.contains(&t)
    }
}

/// Rules for documents submitted to the government (收文) and the grounds for returning them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incoming {
    pub direct_to_leader: Option<DirectToLeader>,
    /// Matters within a department's remit are not to be sent to the government (R3.03).
    pub department_remit: Option<Gate>,
    #[serde(default)]
    pub forms: Vec<FormGate>,
    pub signer: Option<SignerGate>,
    pub doc_number: Option<Gate>,
    pub contact_in_note: Option<Gate>,
    pub submit_within: Option<LatenessGate>,
    pub one_matter: Option<Gate>,
    pub no_request_in_report: Option<Gate>,
    pub level_skipping: Option<LevelSkipGate>,
    pub main_recipients: Option<RecipientsGate>,
    #[serde(default)]
    pub submitters: Vec<SubmitterGate>,
    pub preferred_option: Option<Gate>,
    pub coordination: Option<CoordinationGate>,
    /// 与现行法律、政策规定相抵触的 — not handled (聊城).
    pub conflicts_with_law: Option<Gate>,
    /// 文稿质量差、无实质性内容 — returned (济宁).
    pub poor_quality: Option<Gate>,
    /// Units whose documents are returned repeatedly are notified (对反复出现退文的单位予以通报,
    /// R3.19). The text sets no number: the workflow flags a unit from its second return and a
    /// person decides on the 通报.
    pub repeat_returns: Option<Clause>,
}

/// What a reply window is about (kind `reply_deadline`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplyWhat {
    /// The office answers a department's request.
    OfficeReply,
    /// A department handles a document passed on by the office or a leader.
    DepartmentHandling,
    /// A leader gives a guiding opinion on a matter submitted.
    LeaderGuidance,
    /// The implementing unit reports on a meeting decision.
    MeetingReport,
}

impl ReplyWhat {
    pub fn zh(self) -> &'static str {
        match self {
            ReplyWhat::OfficeReply => "政府办公室答复请示",
            ReplyWhat::DepartmentHandling => "部门办理转办公文并回复",
            ReplyWhat::LeaderGuidance => "政府领导提出指导性意见",
            ReplyWhat::MeetingReport => "报送会议决定事项贯彻情况",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            ReplyWhat::OfficeReply => "office reply to a request",
            ReplyWhat::DepartmentHandling => "department handling and reply",
            ReplyWhat::LeaderGuidance => "leader's guiding opinion",
            ReplyWhat::MeetingReport => "report on a meeting decision",
        }
    }
}

/// A reply window. Without `period` the text sets no number (在规定时限内): no due date is computed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyWindow {
    pub matrix: String,
    pub cite: CiteOrMany,
    pub what: ReplyWhat,
    pub period: Option<Period>,
    /// The window in special (特殊情况) or urgent (急件) cases.
    pub special_period: Option<Period>,
    /// For incoming documents: the types the office replies to (empty = all).
    #[serde(default)]
    pub doc_types: Vec<DocType>,
    #[serde(default)]
    pub note: String,
}

/// A cited statement without parameters (used inside other rules).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    pub matrix: String,
    pub cite: CiteOrMany,
}

/// Counter-signature (会签) of drafts (R3.30).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Countersign {
    pub matrix: String,
    /// The 会签 requirement (and the default window where there is one).
    pub cite: CiteOrMany,
    /// The default reply window; absent where the text sets none.
    pub period: Option<Period>,
    /// The cap for very complex matters (济宁 特别复杂的事项不得超过一周).
    pub complex_period: Option<Period>,
    /// Silence after the deadline counts as no objection (逾期不回复视为无不同意见).
    pub silence: Option<Clause>,
    /// The drafting department may set the deadline (除主办部门另有时限要求外 / 在限定期限内).
    pub drafter_sets: Option<Clause>,
}

/// One step of the review chain before signature (R3.31).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewStep {
    pub matrix: String,
    pub cite: CiteOrMany,
    /// The issuing name the step applies to; absent = both.
    pub issuer: Option<Issuer>,
    pub step: Step,
    pub role: Role,
}

/// Conditions of a signing row; an absent condition matches anything.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct When {
    pub issuer: Option<Issuer>,
    #[serde(default)]
    pub category: Vec<Category>,
    pub min_portfolios: Option<u32>,
    pub max_portfolios: Option<u32>,
    pub broad_or_disputed: Option<bool>,
    pub special_urgent: Option<bool>,
    pub head_away: Option<bool>,
}

/// The facts of an outgoing document that the signing table looks at.
#[derive(Debug, Clone, Copy)]
pub struct SigningFacts {
    pub issuer: Issuer,
    pub category: Category,
    pub portfolios: u32,
    pub broad_or_disputed: bool,
    pub special_urgent: bool,
    pub head_away: bool,
}

impl When {
    pub fn matches(&self, f: &SigningFacts) -> bool {
        let flag = |c: Option<bool>, v: bool| c.is_none_or(|c| c == v);
        self.issuer.is_none_or(|i| i == f.issuer)
            && (self.category.is_empty() || self.category.contains(&f.category))
            && self.min_portfolios.is_none_or(|m| f.portfolios >= m)
            && self.max_portfolios.is_none_or(|m| f.portfolios <= m)
            && flag(self.broad_or_disputed, f.broad_or_disputed)
            && flag(self.special_urgent, f.special_urgent)
            && flag(self.head_away, f.head_away)
    }

    /// Whether every case this row matches is also matched by `self` (so a later `other` can never
    /// be reached when `self` comes first).
    pub fn covers(&self, other: &When) -> bool {
        let flag = |a: Option<bool>, b: Option<bool>| a.is_none() || a == b;
        let issuer = self.issuer.is_none() || self.issuer == other.issuer;
        let category = self.category.is_empty()
            || (!other.category.is_empty()
                && other.category.iter().all(|c| self.category.contains(c)));
        let min = self.min_portfolios.unwrap_or(1) <= other.min_portfolios.unwrap_or(1);
        let max = match (self.max_portfolios, other.max_portfolios) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => b <= a,
        };
        issuer
            && category
            && min
            && max
            && flag(self.broad_or_disputed, other.broad_or_disputed)
            && flag(self.special_urgent, other.special_urgent)
            && flag(self.head_away, other.head_away)
    }
}

/// Someone who may sign when authorised (市长授权副市长、秘书长签发).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Delegate {
    pub role: Role,
    pub authorised_by: Vec<Role>,
}

/// A row-specific step before signature (审签 by the 分管 deputy, 会签 by the deputies concerned).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowStep {
    pub step: Step,
    pub role: Role,
}

/// One row of the signing-authority table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigningRow {
    pub matrix: String,
    pub cite: CiteOrMany,
    #[serde(default)]
    pub when: When,
    /// A modifier row: contributes delegates/alternatives and does not stop the search.
    #[serde(default)]
    pub extend: bool,
    pub sign: Option<Role>,
    #[serde(default)]
    pub alternatives: Vec<Role>,
    #[serde(default)]
    pub delegates: Vec<Delegate>,
    /// The signer signs only by delegation of one of these (泰安 市长出市…期间，委托…副市长签发).
    #[serde(default)]
    pub authorised_by: Vec<Role>,
    #[serde(default)]
    pub steps: Vec<RowStep>,
    /// The category does not exist in this government (e.g. no 规章 at county level).
    #[serde(default)]
    pub not_available: bool,
    #[serde(default)]
    pub note: String,
}

/// Annual quota of normative documents (R3.45).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    pub matrix: String,
    pub cite: CiteOrMany,
    #[serde(default)]
    pub strength: Strength,
    pub issuer: Issuer,
    pub max: u32,
    /// Documents implementing a superior government's document do not count.
    #[serde(default)]
    pub excludes_implementing_superior: bool,
}

/// Lead time for documents that have a deadline (R3.46).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeadTime {
    pub matrix: String,
    pub cite: CiteOrMany,
    #[serde(default)]
    pub strength: Strength,
    pub period: Period,
    pub urgent_period: Option<Period>,
}

/// Which seal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Seal {
    Government,
    Head,
    Office,
}

impl Seal {
    pub fn zh(self) -> &'static str {
        match self {
            Seal::Government => "政府印章",
            Seal::Head => "政府首长印章",
            Seal::Office => "政府办公室印章",
        }
    }
}

/// Who may approve use of a seal (R3.58).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealRule {
    pub matrix: String,
    pub cite: CiteOrMany,
    pub seal: Seal,
    #[serde(default)]
    pub approvers: Vec<Role>,
    #[serde(default)]
    pub delegates: Vec<Delegate>,
}

/// A numeric limit with its citation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    pub matrix: String,
    pub cite: CiteOrMany,
    #[serde(default)]
    pub strength: Strength,
    pub limit: u32,
}

/// Approval of a briefing by the office.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BriefingApproval {
    pub matrix: String,
    pub cite: CiteOrMany,
    #[serde(default)]
    pub strength: Strength,
    /// The approval is renewed at the start of each year (聊城 每年年初报…核准).
    #[serde(default)]
    pub annual: bool,
}

/// Briefings (简报) sent to the government (R3.59).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Briefings {
    pub approval: Option<BriefingApproval>,
    pub no_direct_to_leader: Option<Gate>,
    pub per_department: Option<Limit>,
    pub max_characters: Option<Limit>,
    pub electronic_only: Option<Gate>,
}

/// Disclosure attribute fixed at drafting (R3.47).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisclosureAttribute {
    pub matrix: String,
    pub cite: CiteOrMany,
    #[serde(default)]
    pub strength: Strength,
    /// 依申请公开 / 不予公开 must state reasons.
    pub reasons: Option<Clause>,
}

/// What a legality review (合法性审核/审查) is required for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewSubject {
    /// 规范性文件 (outgoing documents of category `normative_document`).
    NormativeDocument,
    /// 对外签订的合同、协议、备忘录 (outgoing drafts marked `contract`).
    Contract,
}

/// A legality review before the document is signed (R3.51 normative documents, R3.57 contracts).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalityReview {
    pub matrix: String,
    pub cite: CiteOrMany,
    #[serde(default)]
    pub strength: Strength,
    pub subject: ReviewSubject,
    /// The reviewing body as the text names it (e.g. 县司法局); empty where the text names none.
    #[serde(default)]
    pub reviewer: String,
}

/// Normative documents (规范性文件) after issue: registration, validity period, renewal after
/// expiry (R3.50) and the periodic clean-up (R3.49). Each clause only where the text states it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Normative {
    /// 统一登记、统一编制登记号: a registration number is required on issue.
    pub registration: Option<Clause>,
    /// 有效期制度: a validity period is required on issue.
    pub validity: Option<Clause>,
    /// Continued application after expiry needs a review and re-registration.
    pub renewal: Option<Clause>,
    /// 定期清理与日常清理相结合: the clean-up list.
    pub cleanup: Option<Clause>,
}

/// Publication of 主动公开 documents in the gazette and on the portal (R3.48).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    pub matrix: String,
    pub cite: CiteOrMany,
    /// Only normative documents are named (聊城 第六十二条).
    #[serde(default)]
    pub normative_only: bool,
    /// The channels as the text names them (《…人民政府公报》, 门户网站).
    pub channels: Vec<String>,
}

/// The section.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Documents {
    #[serde(default)]
    pub not_stated: Vec<NotStated>,
    #[serde(default)]
    pub provisions: Vec<Provision>,
    #[serde(default)]
    pub incoming: Incoming,
    /// 涉密信息不上网 (R3.18) where the profile states it; otherwise the national rule is cited.
    pub secrecy_offline: Option<Gate>,
    #[serde(default)]
    pub reply_windows: Vec<ReplyWindow>,
    pub countersign: Option<Countersign>,
    /// Office review before a leader signs (R3.29).
    pub office_review: Option<Gate>,
    #[serde(default)]
    pub review_chain: Vec<ReviewStep>,
    #[serde(default)]
    pub signing: Vec<SigningRow>,
    #[serde(default)]
    pub quotas: Vec<Quota>,
    pub lead_time: Option<LeadTime>,
    #[serde(default)]
    pub seals: Vec<SealRule>,
    #[serde(default)]
    pub briefings: Briefings,
    pub disclosure_attribute: Option<DisclosureAttribute>,
    /// A government-name document needs a meeting decision or a superior requirement, else a
    /// written request first (R3.27).
    pub prior_basis: Option<Gate>,
    /// Legality reviews required before signing (R3.51, R3.57).
    #[serde(default)]
    pub legality_review: Vec<LegalityReview>,
    /// Fair-competition reviews required before signing, by subject (e.g. 张店 二十四: contracts to
    /// the 区市场监管局); the same shape as the legality reviews.
    #[serde(default)]
    pub fair_competition_review: Vec<LegalityReview>,
    #[serde(default)]
    pub normative: Normative,
    pub publication: Option<Publication>,
}

/// The first citation of a rule (validated non-empty).
pub fn first_cite(c: &CiteOrMany) -> Option<&Cite> {
    c.first()
}

fn is_after(p: Period) -> bool {
    matches!(
        p,
        Period::WorkingDaysAfter(_)
            | Period::DaysAfter(_)
            | Period::MonthsAfter(_)
            | Period::SameDay(_)
    )
}

fn is_before(p: Period) -> bool {
    matches!(
        p,
        Period::WorkingDaysBefore(_) | Period::DaysBefore(_) | Period::MonthsBefore(_)
    )
}

impl Documents {
    /// Every role the section names, with the field path where it is named.
    fn named_roles(&self) -> Vec<(String, Role)> {
        let mut out = Vec::new();
        for (i, s) in self.review_chain.iter().enumerate() {
            out.push((format!("documents.review_chain[{i}].role"), s.role));
        }
        for (i, r) in self.signing.iter().enumerate() {
            let p = format!("documents.signing[{i}]");
            if let Some(s) = r.sign {
                out.push((format!("{p}.sign"), s));
            }
            out.extend(
                r.alternatives
                    .iter()
                    .map(|a| (format!("{p}.alternatives"), *a)),
            );
            out.extend(
                r.authorised_by
                    .iter()
                    .map(|a| (format!("{p}.authorised_by"), *a)),
            );
            for d in &r.delegates {
                out.push((format!("{p}.delegates"), d.role));
                out.extend(
                    d.authorised_by
                        .iter()
                        .map(|a| (format!("{p}.delegates"), *a)),
                );
            }
            out.extend(r.steps.iter().map(|s| (format!("{p}.steps"), s.role)));
        }
        for (i, s) in self.seals.iter().enumerate() {
            let p = format!("documents.seals[{i}]");
            out.extend(s.approvers.iter().map(|a| (format!("{p}.approvers"), *a)));
            for d in &s.delegates {
                out.push((format!("{p}.delegates"), d.role));
                out.extend(
                    d.authorised_by
                        .iter()
                        .map(|a| (format!("{p}.delegates"), *a)),
                );
            }
        }
        out
    }

    /// Roles named by the section must have a title in the profile's `[roles]` (a signer without a
    /// title cannot be shown to anyone). Called by the loader with the profile's roles.
    pub fn validate_roles(
        &self,
        roles: &BTreeMap<Role, String>,
        errors: &mut Vec<(String, String)>,
    ) {
        for (path, role) in self.named_roles() {
            if !roles.contains_key(&role) {
                errors.push((
                    path,
                    format!("角色 {role} 在 [roles] 中没有职务名称 (role {role} has no title in [roles])"),
                ));
            }
        }
    }

    /// Semantic checks beyond the types; push (field path, message) pairs.
    pub fn validate(&self, errors: &mut Vec<(String, String)>) {
        let mut err = |p: String, m: &str| errors.push((p, m.to_string()));

        // Signing table.
        for (i, r) in self.signing.iter().enumerate() {
            let p = format!("documents.signing[{i}]");
            if r.extend {
                if r.sign.is_some() || r.not_available || !r.steps.is_empty() {
                    err(
                        p.clone(),
                        "extend 行只能补充 delegates/alternatives (an extend row only adds delegates or alternatives)",
                    );
                }
                if r.delegates.is_empty() && r.alternatives.is_empty() {
                    err(
                        p.clone(),
                        "extend 行须列出 delegates 或 alternatives (an extend row must add delegates or alternatives)",
                    );
                }
            } else if r.not_available {
                if r.sign.is_some() || !r.alternatives.is_empty() || !r.delegates.is_empty() {
                    err(
                        p.clone(),
                        "not_available 行不能指定签发人 (a not_available row names no signer)",
                    );
                }
            } else if r.sign.is_none() {
                err(format!("{p}.sign"), "缺少签发人 sign (row names no signer)");
            }
            for d in &r.delegates {
                if d.authorised_by.is_empty() {
                    err(
                        format!("{p}.delegates"),
                        "授权签发须写明授权人 authorised_by (a delegate needs authorised_by)",
                    );
                }
            }
            if let (Some(a), Some(b)) = (r.when.min_portfolios, r.when.max_portfolios)
                && a > b
            {
                err(
                    format!("{p}.when"),
                    "min_portfolios 大于 max_portfolios，此行永不匹配 (min > max: the row can never match)",
                );
            }
            if r.when.min_portfolios == Some(0) {
                err(
                    format!("{p}.when.min_portfolios"),
                    "分管领域数至少为 1 (portfolios start at 1)",
                );
            }
            if let Some(iss) = r.when.issuer {
                let office_only: Vec<_> =
                    r.when.category.iter().filter(|c| c.office_only()).collect();
                if iss == Issuer::Government
                    && !office_only.is_empty()
                    && office_only.len() == r.when.category.len()
                {
                    err(
                        format!("{p}.when"),
                        "以政府名义的行不能只匹配办公室类别，此行永不匹配 (government rows cannot match office-only categories)",
                    );
                }
            }
            if !r.extend {
                for (j, earlier) in self.signing[..i].iter().enumerate() {
                    if !earlier.extend && earlier.when.covers(&r.when) {
                        err(
                            p.clone(),
                            &format!(
                                "此行被第 {j} 行完全覆盖，按首行命中规则永远不会命中 (row is shadowed by row {j} under the FIRST hit policy)"
                            ),
                        );
                        break;
                    }
                }
            }
        }

        // Periods must point the right way.
        for (i, w) in self.reply_windows.iter().enumerate() {
            for per in w.period.iter().chain(w.special_period.iter()) {
                if !is_after(*per) {
                    err(
                        format!("documents.reply_windows[{i}]"),
                        "答复时限应为“之后”的期间 (a reply window must be an after-period)",
                    );
                }
            }
            if self.reply_windows[..i].iter().any(|o| o.what == w.what) {
                err(
                    format!("documents.reply_windows[{i}].what"),
                    "同一事项的答复时限重复 (duplicate reply window)",
                );
            }
        }
        if let Some(c) = &self.countersign {
            for per in c.period.iter().chain(c.complex_period.iter()) {
                if !is_after(*per) {
                    err(
                        "documents.countersign".into(),
                        "会签时限应为“之后”的期间 (a countersign window must be an after-period)",
                    );
                }
            }
            if c.complex_period.is_some() && c.period.is_none() {
                err(
                    "documents.countersign.complex_period".into(),
                    "只有复杂事项时限而无一般时限 (a complex cap needs a default window)",
                );
            }
        }
        if let Some(l) = &self.incoming.submit_within
            && !is_after(l.period)
        {
            err(
                "documents.incoming.submit_within.period".into(),
                "报送时限应为“之后”的期间 (must be an after-period)",
            );
        }
        if let Some(l) = &self.lead_time {
            for per in std::iter::once(&l.period).chain(l.urgent_period.iter()) {
                if !is_before(*per) {
                    err(
                        "documents.lead_time".into(),
                        "提前送达时限应为“之前”的期间 (a lead time must be a before-period)",
                    );
                }
            }
        }
        if let Some(r) = &self.incoming.main_recipients
            && r.max == 0
        {
            err(
                "documents.incoming.main_recipients.max".into(),
                "主送机关上限至少为 1 (max must be ≥ 1)",
            );
        }
        if let Some(s) = &self.incoming.signer
            && s.accepted.is_empty()
        {
            err(
                "documents.incoming.signer.accepted".into(),
                "须列出可签发的人 (accepted signers must not be empty)",
            );
        }
        for (i, q) in self.quotas.iter().enumerate() {
            if self.quotas[..i].iter().any(|o| o.issuer == q.issuer) {
                err(
                    format!("documents.quotas[{i}].issuer"),
                    "同一发文名义的数量上限重复 (duplicate quota for this issuer)",
                );
            }
        }
        for (i, s) in self.seals.iter().enumerate() {
            if s.approvers.is_empty() && s.delegates.is_empty() {
                err(
                    format!("documents.seals[{i}]"),
                    "须列出批准用印的人 (a seal rule needs approvers)",
                );
            }
            for d in &s.delegates {
                if d.authorised_by != [Role::Head] {
                    err(
                        format!("documents.seals[{i}].delegates"),
                        "用印授权目前只能来自政府首长 (seal delegation is recorded as the head's authorisation)",
                    );
                }
            }
            if self.seals[..i].iter().any(|o| o.seal == s.seal) {
                err(
                    format!("documents.seals[{i}].seal"),
                    "同一印章的规则重复 (duplicate seal rule)",
                );
            }
        }
        for (name, l) in [
            ("per_department", &self.briefings.per_department),
            ("max_characters", &self.briefings.max_characters),
        ] {
            if let Some(l) = l
                && l.limit == 0
            {
                err(
                    format!("documents.briefings.{name}.limit"),
                    "上限至少为 1 (limit must be ≥ 1)",
                );
            }
        }
        for (i, f) in self.incoming.forms.iter().enumerate() {
            if f.forms.contains(&Form::Formal) {
                err(
                    format!("documents.incoming.forms[{i}].forms"),
                    "正式公文不能列为禁止形式 (formal cannot be a banned form)",
                );
            }
            if f.forms.is_empty() && !f.formal_required {
                err(
                    format!("documents.incoming.forms[{i}]"),
                    "须列出禁止的形式或 formal_required (name banned forms or set formal_required)",
                );
            }
        }
        // Every citation list must hold at least one citation.
        let mut cites: Vec<(String, &CiteOrMany)> = Vec::new();
        for (i, r) in self.signing.iter().enumerate() {
            cites.push((format!("documents.signing[{i}].cite"), &r.cite));
        }
        for (i, r) in self.review_chain.iter().enumerate() {
            cites.push((format!("documents.review_chain[{i}].cite"), &r.cite));
        }
        for (i, r) in self.reply_windows.iter().enumerate() {
            cites.push((format!("documents.reply_windows[{i}].cite"), &r.cite));
        }
        for (i, r) in self.incoming.forms.iter().enumerate() {
            cites.push((format!("documents.incoming.forms[{i}].cite"), &r.cite));
        }
        for (i, r) in self.incoming.submitters.iter().enumerate() {
            cites.push((format!("documents.incoming.submitters[{i}].cite"), &r.cite));
        }
        for (i, r) in self.quotas.iter().enumerate() {
            cites.push((format!("documents.quotas[{i}].cite"), &r.cite));
        }
        for (i, r) in self.seals.iter().enumerate() {
            cites.push((format!("documents.seals[{i}].cite"), &r.cite));
        }
        let gates: [(&str, Option<&CiteOrMany>); 18] = [
            (
                "incoming.direct_to_leader",
                self.incoming.direct_to_leader.as_ref().map(|g| &g.cite),
            ),
            (
                "incoming.department_remit",
                self.incoming.department_remit.as_ref().map(|g| &g.cite),
            ),
            (
                "incoming.signer",
                self.incoming.signer.as_ref().map(|g| &g.cite),
            ),
            (
                "incoming.doc_number",
                self.incoming.doc_number.as_ref().map(|g| &g.cite),
            ),
            (
                "incoming.contact_in_note",
                self.incoming.contact_in_note.as_ref().map(|g| &g.cite),
            ),
            (
                "incoming.submit_within",
                self.incoming.submit_within.as_ref().map(|g| &g.cite),
            ),
            (
                "incoming.one_matter",
                self.incoming.one_matter.as_ref().map(|g| &g.cite),
            ),
            (
                "incoming.no_request_in_report",
                self.incoming.no_request_in_report.as_ref().map(|g| &g.cite),
            ),
            (
                "incoming.level_skipping",
                self.incoming.level_skipping.as_ref().map(|g| &g.cite),
            ),
            (
                "incoming.main_recipients",
                self.incoming.main_recipients.as_ref().map(|g| &g.cite),
            ),
            (
                "incoming.preferred_option",
                self.incoming.preferred_option.as_ref().map(|g| &g.cite),
            ),
            (
                "incoming.coordination",
                self.incoming.coordination.as_ref().map(|g| &g.cite),
            ),
            (
                "incoming.conflicts_with_law",
                self.incoming.conflicts_with_law.as_ref().map(|g| &g.cite),
            ),
            (
                "incoming.poor_quality",
                self.incoming.poor_quality.as_ref().map(|g| &g.cite),
            ),
            (
                "secrecy_offline",
                self.secrecy_offline.as_ref().map(|g| &g.cite),
            ),
            ("countersign", self.countersign.as_ref().map(|g| &g.cite)),
            (
                "office_review",
                self.office_review.as_ref().map(|g| &g.cite),
            ),
            ("lead_time", self.lead_time.as_ref().map(|g| &g.cite)),
        ];
        for (name, c) in gates {
            if let Some(c) = c {
                cites.push((format!("documents.{name}.cite"), c));
            }
        }
        for (path, c) in cites {
            if first_cite(c).is_none() {
                err(path, "引用列表为空 (empty citation list)");
            }
        }
    }
}

/// Evaluation helpers shared by the document kinds.
pub mod eval {
    use super::CiteOrMany;
    use crate::citation::{Citation, Cite};
    use crate::engine::Ctx;
    use crate::role::Role;

    /// The rule's primary citation (lists are validated non-empty when the profile loads).
    pub fn cite(c: &CiteOrMany) -> &Cite {
        c.primary()
    }

    pub fn citation(ctx: &Ctx<'_>, c: &CiteOrMany) -> Citation {
        ctx.cite_first(c)
    }

    /// Whether a role named by a rule is filled by the actual role: the same id, or the generic
    /// `deputy` (any deputy head, CASES.md) filled by a particular deputy.
    pub fn role_covers(rule: Role, actual: Role) -> bool {
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

    /// "市长或常务副市长" from a list of roles.
    pub fn titles(ctx: &Ctx<'_>, roles: &[Role]) -> String {
        roles
            .iter()
            .map(|r| ctx.title(*r))
            .collect::<Vec<_>>()
            .join("或")
    }

    /// "head or executive_deputy".
    pub fn ids(roles: &[Role]) -> String {
        roles
            .iter()
            .map(|r| r.id())
            .collect::<Vec<_>>()
            .join(" or ")
    }
}

crate::profile_rule!(
    Gate,
    DirectToLeader,
    FormGate,
    SignerGate,
    LevelSkipGate,
    RecipientsGate,
    SubmitterGate,
    CoordinationGate,
    Quota,
    Limit,
    BriefingApproval,
    DisclosureAttribute,
);
