//! 发文: a document drafted on the government's or the office's behalf (代拟), through 会签, the
//! signer of the profile's signing matrix, the official number, seal and issue.
//!
//! The rule questions are kinds `outgoing_document` (review chain, signer, disclosure attribute,
//! basis), `countersign` (reply window, silence-as-consent) and `document_quota` (normative
//! documents per year), evaluated exactly as `check` does.

use super::{Due, Env, Refusal, Step, require, text_field};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use zhengwu_rules::verdict::{ChainStep, Finding};

fn government() -> String {
    "government".into()
}
fn general() -> String {
    "general".into()
}
fn one() -> u32 {
    1
}

/// A draft (代拟稿).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    pub title: String,
    /// `government` or `office`.
    #[serde(default = "government")]
    pub issuer: String,
    /// Category of kind `outgoing_document`: `general`, `normative_document`, `major_policy`…
    #[serde(default = "general")]
    pub category: String,
    /// The drafting department.
    pub drafter: String,
    /// Number of leaders' portfolios the content touches.
    #[serde(default = "one")]
    pub portfolios: u32,
    #[serde(default)]
    pub broad_or_disputed: bool,
    #[serde(default)]
    pub special_urgent: bool,
    /// 公开属性: `proactive`, `on_request`, `withheld`.
    pub disclosure: String,
    /// The reason for `on_request` / `withheld`.
    #[serde(default)]
    pub disclosure_reason: String,
    /// The series prefix of the number, e.g. 聊政发 (发文机关代字 + 类别).
    pub series: String,
    /// 政策解读 drafted in step, for policy documents.
    #[serde(default)]
    pub interpretation: String,
    #[serde(default)]
    pub main_to: Vec<String>,
    #[serde(default)]
    pub cc: Vec<String>,
    #[serde(default)]
    pub text: String,
    /// Implements a superior's document (not counted against a normative-document quota).
    #[serde(default)]
    pub implements_superior_document: bool,
    /// Affects market entities' economic activity (涉及市场主体经济活动).
    #[serde(default)]
    pub affects_market_entities: bool,
    /// The fair-competition review (公平竞争审查) was done.
    #[serde(default)]
    pub fair_competition_reviewed: bool,
    /// A contract, agreement, memorandum or letter of intent signed with another party
    /// (对外签订合同、协议、备忘录), for the legality review the profile may require.
    #[serde(default)]
    pub contract: bool,
    /// Further facts of kind `outgoing_document` (`basis`, `office_reviewed`…), passed as given.
    #[serde(default)]
    pub facts: Map<String, Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Drafting,
    Countersigning,
    Signed,
    Issued,
}

impl Status {
    pub fn id(self) -> &'static str {
        match self {
            Status::Drafting => "drafting",
            Status::Countersigning => "countersigning",
            Status::Signed => "signed",
            Status::Issued => "issued",
        }
    }
}

/// One 会签 request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Countersign {
    pub unit: String,
    pub requested_on: String,
    /// An agreed extension (延期，经协商一致).
    #[serde(default)]
    pub agreed_due: Option<String>,
    #[serde(default)]
    pub due: Option<Due>,
    #[serde(default)]
    pub replied_on: Option<String>,
    #[serde(default)]
    pub agree: Option<bool>,
    /// The unit's grounds (required when it disagrees).
    #[serde(default)]
    pub grounds: String,
    /// The drafter's grounds and preferred option for an unresolved disagreement.
    #[serde(default)]
    pub drafter_grounds: String,
    #[serde(default)]
    pub preferred_option: String,
}

/// The legality review (合法性审核) of the draft: the reviewing body's written opinion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegalityOpinion {
    /// The reviewing body (the profile's, e.g. 县司法局, unless the caller names it).
    pub reviewer: String,
    /// The written opinion (书面意见), as received.
    pub opinion: String,
    /// The review found the draft lawful (合法); a negative opinion keeps the gate closed.
    pub passed: bool,
    /// The date of the opinion.
    pub on: String,
    /// Who recorded it.
    pub recorded_by: String,
}

/// One publication (刊载) of an issued 主动公开 document: a channel and a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicationRecord {
    /// The channel, e.g. 《…市人民政府公报》 2026年第3期, 市政府门户网站.
    pub channel: String,
    pub on: String,
    pub recorded_by: String,
    /// The rule that requires publication in the gazette and on the portal, where the profile
    /// states one that covers this document.
    #[serde(default)]
    pub citation: Option<zhengwu_rules::Citation>,
}

/// A renewal of a normative document after (or before) its validity ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Renewal {
    pub on: String,
    pub previous_valid_until: Option<String>,
    pub previous_registration_number: Option<String>,
    /// The review's consent (审查同意), where the profile requires one.
    #[serde(default)]
    pub review: String,
    #[serde(default)]
    pub citation: Option<zhengwu_rules::Citation>,
}

/// What the office gives when issuing: the registration number (登记编号) and the end of the
/// validity period (有效期) of a normative document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IssueFacts {
    #[serde(default)]
    pub registration_number: Option<String>,
    #[serde(default)]
    pub valid_until: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signature {
    pub role: String,
    pub name: String,
    pub on: String,
    pub citation: Option<zhengwu_rules::Citation>,
}

/// The whole state of an outgoing document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outgoing {
    pub draft: Draft,
    pub status: Status,
    pub drafted_on: String,
    /// The review chain and signer from the signing matrix, as evaluated at drafting.
    pub chain: Vec<ChainStep>,
    pub warnings: Vec<Finding>,
    #[serde(default)]
    pub countersigns: Vec<Countersign>,
    #[serde(default)]
    pub signature: Option<Signature>,
    #[serde(default)]
    pub doc_number: Option<String>,
    #[serde(default)]
    pub issued_on: Option<String>,
    #[serde(default)]
    pub sealed: bool,
    /// Who approved the use of the seal (用印), where the profile names approvers.
    #[serde(default)]
    pub seal_approval: Option<Signature>,
    /// Marked for publication at issue (主动公开); the actual publications are `publications`.
    #[serde(default)]
    pub published: bool,
    /// The legality review's written opinion, where recorded.
    #[serde(default)]
    pub legality_review: Option<LegalityOpinion>,
    /// 登记编号 of a normative document.
    #[serde(default)]
    pub registration_number: Option<String>,
    /// The last day of a normative document's validity period (有效期).
    #[serde(default)]
    pub valid_until: Option<String>,
    #[serde(default)]
    pub renewals: Vec<Renewal>,
    /// Publications in the gazette / on the portal (date, channel), for the disclosure register.
    #[serde(default)]
    pub publications: Vec<PublicationRecord>,
    #[serde(default)]
    pub history: Vec<Step>,
}

fn case_of(d: &Draft, signed_by: Option<&str>, head_away: bool) -> Value {
    let disclosure = match d.disclosure.as_str() {
        "" => "unset",
        s => s,
    };
    let mut case = json!({
        "kind": "outgoing_document",
        "issuer": d.issuer,
        "category": d.category,
        "portfolios": d.portfolios,
        "broad_or_disputed": d.broad_or_disputed,
        "special_urgent": d.special_urgent,
        "head_away": head_away,
        "disclosure": disclosure,
        "disclosure_reasons_given": !d.disclosure_reason.trim().is_empty(),
    });
    if let Some(s) = signed_by {
        case["signed_by"] = json!(s);
    }
    if let Value::Object(m) = &mut case {
        for (k, v) in &d.facts {
            m.insert(k.clone(), v.clone());
        }
    }
    case
}

/// Categories for which a policy interpretation is drafted in step (同步组织、同步审签).
const POLICY: [&str; 2] = ["major_policy", "normative_document"];

/// Creates a draft: the chain from the signing matrix; a refused evaluation (e.g. 依申请公开
/// without a reason) is a cited refusal.
pub fn draft(env: &Env<'_>, actor: &str, mut d: Draft) -> Result<Outgoing, Refusal> {
    d.title = text_field("title", "标题", &d.title, 200)?;
    d.drafter = text_field("drafter", "代拟部门", &d.drafter, 200)?;
    d.series = text_field("series", "发文代字", &d.series, 20)?;
    if d.series
        .chars()
        .any(|c| c.is_ascii_digit() || "〔〕[]号".contains(c))
    {
        return Err(Refusal::invalid(
            "series",
            "发文代字只写机关代字和类别，如 聊政发",
            "the series is the issuer's abbreviation and class only, e.g. 聊政发",
        ));
    }
    if POLICY.contains(&d.category.as_str()) && d.interpretation.trim().is_empty() {
        return Err(Refusal::invalid(
            "interpretation",
            "政策性文件须同步起草政策解读材料（同步组织、同步审签、同步部署）",
            "a policy document needs its interpretation drafted in step",
        ));
    }
    let v = require(env.check(&case_of(&d, None, false))?)?;
    let today = env.today.to_string();
    Ok(Outgoing {
        draft: d,
        status: Status::Drafting,
        drafted_on: today.clone(),
        chain: v.chain,
        warnings: v.warnings,
        countersigns: Vec::new(),
        signature: None,
        doc_number: None,
        issued_on: None,
        sealed: false,
        seal_approval: None,
        published: false,
        legality_review: None,
        registration_number: None,
        valid_until: None,
        renewals: Vec::new(),
        publications: Vec::new(),
        history: vec![Step {
            on: today,
            actor: actor.into(),
            action: "draft".into(),
            note: String::new(),
        }],
    })
}

impl Outgoing {
    fn step(&mut self, env: &Env<'_>, actor: &str, action: &str, note: &str) {
        self.history.push(Step {
            on: env.today.to_string(),
            actor: actor.into(),
            action: action.into(),
            note: note.into(),
        });
    }

    fn expect(&self, allowed: &[Status], what: &str) -> Result<(), Refusal> {
        if allowed.contains(&self.status) {
            Ok(())
        } else {
            Err(Refusal::state(
                format!("发文当前状态为 {}，不能{what}", self.status.id()),
                format!("the document is {}; cannot {what}", self.status.id()),
            ))
        }
    }

    fn countersign_case(&self, env: &Env<'_>, c: &Countersign, complex: bool) -> Value {
        json!({
            "kind": "countersign",
            "requested_on": c.requested_on,
            "as_of": env.today.to_string(),
            "replied_on": c.replied_on,
            "complex": complex,
            "agreed_due": c.agreed_due,
        })
    }

    /// Asks departments to countersign, each with the profile's reply window.
    pub fn request_countersign(
        &mut self,
        env: &Env<'_>,
        actor: &str,
        units: Vec<String>,
        complex: bool,
    ) -> Result<(), Refusal> {
        self.expect(&[Status::Drafting, Status::Countersigning], "发起会签")?;
        if units.is_empty() {
            return Err(Refusal::invalid(
                "units",
                "须指明会签单位",
                "name the units",
            ));
        }
        for u in units {
            if self.countersigns.iter().any(|c| c.unit == u) {
                continue;
            }
            let mut c = Countersign {
                unit: u,
                requested_on: env.today.to_string(),
                agreed_due: None,
                due: None,
                replied_on: None,
                agree: None,
                grounds: String::new(),
                drafter_grounds: String::new(),
                preferred_option: String::new(),
            };
            let v = env.check(&self.countersign_case(env, &c, complex))?;
            c.due = Due::from_verdict(env.today, &v);
            self.countersigns.push(c);
        }
        self.status = Status::Countersigning;
        self.step(env, actor, "countersign.request", "");
        Ok(())
    }

    /// An extension agreed with the unit (the profile decides whether the drafter may set it).
    pub fn extend_countersign(
        &mut self,
        env: &Env<'_>,
        actor: &str,
        unit: &str,
        agreed_due: &str,
    ) -> Result<(), Refusal> {
        let due: zhengwu_calendar::Date = agreed_due.parse().map_err(|_| {
            Refusal::invalid(
                "agreed_due",
                "日期须为 YYYY-MM-DD",
                "the date must be YYYY-MM-DD",
            )
        })?;
        let idx = self.find_cs(unit)?;
        self.countersigns[idx].agreed_due = Some(due.to_string());
        let case = self.countersign_case(env, &self.countersigns[idx], false);
        let v = env.check(&case)?;
        self.countersigns[idx].due = Due::from_verdict(env.today, &v);
        self.step(env, actor, "countersign.extend", unit);
        Ok(())
    }

    fn find_cs(&self, unit: &str) -> Result<usize, Refusal> {
        self.countersigns
            .iter()
            .position(|c| c.unit == unit)
            .ok_or_else(|| {
                Refusal::invalid(
                    "unit",
                    "该单位未被请求会签",
                    "that unit was not asked to countersign",
                )
            })
    }

    /// A unit's countersignature: agree, or disagree with grounds.
    pub fn answer_countersign(
        &mut self,
        env: &Env<'_>,
        actor: &str,
        unit: &str,
        agree: bool,
        grounds: &str,
    ) -> Result<(), Refusal> {
        self.expect(&[Status::Countersigning], "会签")?;
        let idx = self.find_cs(unit)?;
        let grounds = if agree {
            grounds.trim().to_string()
        } else {
            text_field("grounds", "不同意见的理由", grounds, 5000)?
        };
        let c = &mut self.countersigns[idx];
        c.replied_on = Some(env.today.to_string());
        c.agree = Some(agree);
        c.grounds = grounds;
        self.step(env, actor, "countersign.answer", unit);
        Ok(())
    }

    /// Documents an unresolved disagreement: the drafter's grounds and the preferred option.
    pub fn document_disagreement(
        &mut self,
        env: &Env<'_>,
        actor: &str,
        unit: &str,
        drafter_grounds: &str,
        preferred_option: &str,
    ) -> Result<(), Refusal> {
        let idx = self.find_cs(unit)?;
        if self.countersigns[idx].agree != Some(false) {
            return Err(Refusal::state(
                "该单位未提出不同意见",
                "that unit did not disagree",
            ));
        }
        let g = text_field("drafter_grounds", "主办单位理由", drafter_grounds, 5000)?;
        let p = text_field("preferred_option", "倾向性意见", preferred_option, 5000)?;
        let c = &mut self.countersigns[idx];
        c.drafter_grounds = g;
        c.preferred_option = p;
        self.step(env, actor, "countersign.disagreement", unit);
        Ok(())
    }

    /// Signs (签发). The signer must be who the signing matrix names for these circumstances
    /// (`outgoing_document` with `signed_by`); every countersignature must be in (or deemed given
    /// where the profile treats silence as consent), and every disagreement documented.
    pub fn sign(
        &mut self,
        env: &Env<'_>,
        actor: &str,
        roles: &[String],
        name: &str,
        head_away: bool,
    ) -> Result<(), Refusal> {
        self.expect(&[Status::Drafting, Status::Countersigning], "签发")?;
        let mut blocking = Vec::new();
        for c in &self.countersigns {
            if c.replied_on.is_none() {
                let v = env.check(&self.countersign_case(env, c, false))?;
                blocking.extend(v.violations);
            } else if c.agree == Some(false)
                && (c.drafter_grounds.is_empty() || c.preferred_option.is_empty())
            {
                return Err(Refusal::state(
                    format!("{}有不同意见，须写明各方理由和倾向性意见后再送签", c.unit),
                    format!(
                        "{} disagrees: document each side's grounds and the preferred option first",
                        c.unit
                    ),
                ));
            }
        }
        blocking.extend(self.gates(env));
        if !blocking.is_empty() {
            return Err(Refusal::refused(blocking));
        }
        let mut last = None;
        for role in roles {
            let v = env.check(&case_of(&self.draft, Some(role), head_away))?;
            if v.outcome != zhengwu_rules::Outcome::Refused {
                let citation = v
                    .chain
                    .iter()
                    .rev()
                    .find(|s| s.step == zhengwu_rules::verdict::Step::Sign)
                    .and_then(|s| s.citation.clone());
                self.signature = Some(Signature {
                    role: role.clone(),
                    name: text_field("name", "签发人", name, 50)?,
                    on: env.today.to_string(),
                    citation,
                });
                self.status = Status::Signed;
                self.step(env, actor, "sign", role);
                return Ok(());
            }
            last = Some(v);
        }
        match last {
            Some(v) => Err(Refusal::refused(v.violations)),
            None => Err(Refusal::forbidden(
                "签发人没有可签发的职务",
                "the signer holds no role that may sign",
            )),
        }
    }

    /// Gates before signing that the profile states: the fair-competition review of documents
    /// that affect market entities (`decisions.fair_competition`, where the profile has it).
    fn gates(&self, env: &Env<'_>) -> Vec<Finding> {
        let mut out = Vec::new();
        let Ok(loaded) = env.registry.in_force(env.profile, Some(env.today)) else {
            return out;
        };
        if let Some(fc) = &loaded.profile.decisions.fair_competition
            && fc.market_entities
            && self.draft.affects_market_entities
            && !self.draft.fair_competition_reviewed
        {
            let ctx = zhengwu_rules::Ctx {
                profile: &loaded.profile,
                cal: env.calendar,
                exception: None,
            };
            out.push(Finding {
                rule: fc.matrix.clone(),
                citation: ctx.cite_first(&fc.cite),
                message: "涉及市场主体经济活动的文件须先进行公平竞争审查".into(),
                message_en:
                    "a document affecting market entities needs the fair-competition review first"
                        .into(),
            });
        }
        if !self.draft.fair_competition_reviewed {
            let ctx = zhengwu_rules::Ctx {
                profile: &loaded.profile,
                cal: env.calendar,
                exception: None,
            };
            for r in self.review_rules(&loaded.profile.documents.fair_competition_review) {
                let by = &r.reviewer;
                out.push(Finding {
                    rule: r.matrix.clone(),
                    citation: ctx.cite_first(&r.cite),
                    message: format!("签发前须先经{by}公平竞争审查"),
                    message_en: "the fair-competition review must be done before signing".into(),
                });
            }
        }
        if !self.legality_review.as_ref().is_some_and(|r| r.passed) {
            let ctx = zhengwu_rules::Ctx {
                profile: &loaded.profile,
                cal: env.calendar,
                exception: None,
            };
            for r in self.legality_rules(&loaded.profile) {
                let by = &r.reviewer;
                out.push(Finding {
                    rule: r.matrix.clone(),
                    citation: ctx.cite_first(&r.cite),
                    message: format!("签发前须先经{by}合法性审核，并有审核通过的书面意见"),
                    message_en:
                        "the legality review must pass (with a written opinion) before signing"
                            .into(),
                });
            }
        }
        out
    }

    /// The legality reviews the profile requires for this draft (normative documents, contracts).
    fn legality_rules<'p>(
        &self,
        profile: &'p zhengwu_rules::Profile,
    ) -> Vec<&'p zhengwu_rules::profile::documents::LegalityReview> {
        self.review_rules(&profile.documents.legality_review)
    }

    /// The reviews of a list that apply to this draft by their subject.
    fn review_rules<'p>(
        &self,
        rules: &'p [zhengwu_rules::profile::documents::LegalityReview],
    ) -> Vec<&'p zhengwu_rules::profile::documents::LegalityReview> {
        use zhengwu_rules::profile::documents::ReviewSubject;
        rules
            .iter()
            .filter(|r| match r.subject {
                ReviewSubject::NormativeDocument => self.draft.category == "normative_document",
                ReviewSubject::Contract => self.draft.contract,
            })
            .collect()
    }

    /// Records the legality review's written opinion (合法性审核意见). The reviewer defaults to the
    /// body the profile names; a negative opinion is recorded but keeps the signing gate closed.
    /// Returns the citations of the rules that require the review.
    pub fn record_legality_review(
        &mut self,
        env: &Env<'_>,
        actor: &str,
        reviewer: &str,
        opinion: &str,
        passed: bool,
        on: Option<&str>,
    ) -> Result<Vec<zhengwu_rules::Citation>, Refusal> {
        self.expect(
            &[Status::Drafting, Status::Countersigning],
            "记录合法性审核意见",
        )?;
        let opinion = text_field("opinion", "合法性审核书面意见", opinion, 5000)?;
        let on = match on {
            Some(d) => parse_date("date", d)?,
            None => env.today,
        };
        if on > env.today {
            return Err(Refusal::invalid(
                "date",
                "审核意见日期不能晚于今天",
                "the opinion cannot be dated after today",
            ));
        }
        let mut cites = Vec::new();
        let mut named = String::new();
        if let Ok(loaded) = env.registry.in_force(env.profile, Some(env.today)) {
            let ctx = zhengwu_rules::Ctx {
                profile: &loaded.profile,
                cal: env.calendar,
                exception: None,
            };
            for r in self.legality_rules(&loaded.profile) {
                cites.push(ctx.cite_first(&r.cite));
                if named.is_empty() {
                    named = r.reviewer.clone();
                }
            }
        }
        let reviewer = match reviewer.trim() {
            "" if named.is_empty() => {
                return Err(Refusal::invalid(
                    "reviewer",
                    "须写明审核机关",
                    "name the reviewing body",
                ));
            }
            "" => named,
            r => text_field("reviewer", "审核机关", r, 100)?,
        };
        self.legality_review = Some(LegalityOpinion {
            reviewer: reviewer.clone(),
            opinion,
            passed,
            on: on.to_string(),
            recorded_by: actor.into(),
        });
        let note = if passed { "passed" } else { "not_passed" };
        self.step(env, actor, "legality_review", &format!("{reviewer} {note}"));
        Ok(cites)
    }

    /// The yearly normative-document quota (kind `document_quota`), given how many were issued.
    pub fn check_quota(&self, env: &Env<'_>, issued_this_year: i64) -> Result<(), Refusal> {
        if self.draft.category != "normative_document" {
            return Ok(());
        }
        require(env.check(&json!({
            "kind": "document_quota",
            "issuer": self.draft.issuer,
            "year": env.today.year(),
            "normative_issued_this_year": issued_this_year,
            "implements_superior_document": self.draft.implements_superior_document,
        }))?)?;
        Ok(())
    }

    /// The seal of this document: the issuer's.
    fn seal(&self) -> zhengwu_rules::profile::documents::Seal {
        use zhengwu_rules::profile::documents::Seal;
        if self.draft.issuer == "office" {
            Seal::Office
        } else {
            Seal::Government
        }
    }

    /// Approval of the seal's use (用印) by the caller (kind `seal_use`): refused with the
    /// citation unless the profile names one of the caller's roles (or a delegate authorised by
    /// the head).
    pub fn approve_seal(
        &mut self,
        env: &Env<'_>,
        actor: &str,
        roles: &[String],
        name: &str,
        authorised_by_head: bool,
    ) -> Result<(), Refusal> {
        self.expect(&[Status::Signed], "批准用印")?;
        let seal = if self.draft.issuer == "office" {
            "office"
        } else {
            "government"
        };
        let mut last = None;
        for role in roles {
            let v = env.check(&json!({
                "kind": "seal_use",
                "seal": seal,
                "approved_by": role,
                "authorised_by_head": authorised_by_head,
            }))?;
            if v.outcome != zhengwu_rules::Outcome::Refused {
                self.seal_approval = Some(Signature {
                    role: role.clone(),
                    name: text_field("name", "批准人", name, 50)?,
                    on: env.today.to_string(),
                    citation: v.violations.first().map(|f| f.citation.clone()),
                });
                self.step(env, actor, "seal", role);
                return Ok(());
            }
            last = Some(v);
        }
        match last {
            Some(v) => Err(Refusal::refused(v.violations)),
            None => Err(Refusal::forbidden(
                "没有可批准用印的职务",
                "no role that may approve the seal",
            )),
        }
    }

    /// Where the profile names who approves this seal, an issue needs that approval first.
    fn seal_gate(&self, env: &Env<'_>) -> Result<(), Refusal> {
        if self.seal_approval.is_some() {
            return Ok(());
        }
        let Ok(loaded) = env.registry.in_force(env.profile, Some(env.today)) else {
            return Ok(());
        };
        let seal = self.seal();
        if let Some(rule) = loaded
            .profile
            .documents
            .seals
            .iter()
            .find(|r| r.seal == seal)
        {
            let ctx = zhengwu_rules::Ctx {
                profile: &loaded.profile,
                cal: env.calendar,
                exception: None,
            };
            return Err(Refusal::refused(vec![Finding {
                rule: rule.matrix.clone(),
                citation: ctx.cite_first(&rule.cite),
                message: format!("使用{}须先经批准（用印审批）", seal.zh()),
                message_en: "the use of the seal must be approved first".into(),
            }]));
        }
        Ok(())
    }

    /// Issue: the number the store allocated, seal, issue date; 主动公开 goes on the publication
    /// register.
    pub fn issue(
        &mut self,
        env: &Env<'_>,
        actor: &str,
        number: String,
        facts: IssueFacts,
    ) -> Result<(), Refusal> {
        self.expect(&[Status::Signed], "印发")?;
        self.seal_gate(env)?;
        let (registration_number, valid_until) = self.normative_facts(env, facts)?;
        self.registration_number = registration_number;
        self.valid_until = valid_until;
        self.doc_number = Some(number);
        self.sealed = true;
        self.issued_on = Some(env.today.to_string());
        self.published = self.draft.disclosure == "proactive";
        self.status = Status::Issued;
        self.step(env, actor, "issue", "");
        Ok(())
    }
}

/// A draft category that makes a normative document (规范性文件).
fn is_normative_category(category: &str) -> bool {
    category == "normative_document"
}

/// The profile's gazette/portal rule (R3.48) where it covers a document of `category` — 聊城
/// 第六十二条 names normative documents only —: the channels it names and its citation.
pub fn publication_rule_for<'p>(
    profile: &'p zhengwu_rules::Profile,
    cal: &zhengwu_calendar::Calendar,
    category: &str,
) -> Option<(&'p [String], zhengwu_rules::Citation)> {
    let p = profile.documents.publication.as_ref()?;
    if p.normative_only && !is_normative_category(category) {
        return None;
    }
    let ctx = zhengwu_rules::Ctx {
        profile,
        cal,
        exception: None,
    };
    Some((&p.channels, ctx.cite_first(&p.cite)))
}

impl Outgoing {
    fn is_normative(&self) -> bool {
        is_normative_category(&self.draft.category)
    }

    /// The registration number and validity of a normative document at issue: required where the
    /// profile states the registration / validity-period system, refused with its citation when
    /// missing; recorded when given elsewhere; refused for other documents.
    fn normative_facts(
        &self,
        env: &Env<'_>,
        facts: IssueFacts,
    ) -> Result<(Option<String>, Option<String>), Refusal> {
        let reg = facts
            .registration_number
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| text_field("registration_number", "登记编号", s, 60))
            .transpose()?;
        let until = facts
            .valid_until
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| parse_date("valid_until", s))
            .transpose()?;
        if !self.is_normative() {
            if reg.is_some() || until.is_some() {
                return Err(Refusal::invalid(
                    "registration_number",
                    "登记编号和有效期只适用于规范性文件",
                    "registration numbers and validity periods are for normative documents only",
                ));
            }
            return Ok((None, None));
        }
        if let Some(u) = until
            && u <= env.today
        {
            return Err(Refusal::invalid(
                "valid_until",
                "有效期截止日须晚于印发日",
                "the validity must end after the issue date",
            ));
        }
        let mut missing = Vec::new();
        if let Ok(loaded) = env.registry.in_force(env.profile, Some(env.today)) {
            let ctx = zhengwu_rules::Ctx {
                profile: &loaded.profile,
                cal: env.calendar,
                exception: None,
            };
            let n = &loaded.profile.documents.normative;
            if let Some(c) = &n.registration
                && reg.is_none()
            {
                missing.push(Finding {
                    rule: c.matrix.clone(),
                    citation: ctx.cite_first(&c.cite),
                    message: "规范性文件须统一登记、编制登记号后印发（registration_number）".into(),
                    message_en: "a normative document needs its registration number to be issued"
                        .into(),
                });
            }
            if let Some(c) = &n.validity
                && until.is_none()
            {
                missing.push(Finding {
                    rule: c.matrix.clone(),
                    citation: ctx.cite_first(&c.cite),
                    message: "规范性文件实行有效期制度，须写明有效期截止日（valid_until）".into(),
                    message_en: "a normative document needs its validity period (valid_until)"
                        .into(),
                });
            }
        }
        if !missing.is_empty() {
            return Err(Refusal::refused(missing));
        }
        Ok((reg, until.map(|d| d.to_string())))
    }

    /// Records a publication (刊载) of an issued 主动公开 document: the channel and the date. The
    /// profile's publication rule is cited where it covers the document (聊城: normative documents
    /// only).
    pub fn publish(
        &mut self,
        env: &Env<'_>,
        actor: &str,
        channel: &str,
        on: Option<&str>,
    ) -> Result<Option<zhengwu_rules::Citation>, Refusal> {
        self.expect(&[Status::Issued], "刊载")?;
        if self.draft.disclosure != "proactive" {
            return Err(Refusal::state(
                "只有主动公开的文件登载公报和网站",
                "only a proactively disclosed document is published",
            ));
        }
        let channel = text_field("channel", "刊载渠道", channel, 200)?;
        let on = match on {
            Some(d) => parse_date("date", d)?,
            None => env.today,
        };
        if on > env.today
            || self
                .issued_on
                .as_deref()
                .is_some_and(|i| on.to_string().as_str() < i)
        {
            return Err(Refusal::invalid(
                "date",
                "刊载日期须在印发日和今天之间",
                "the publication date must be between the issue date and today",
            ));
        }
        let citation = self.publication_rule(env);
        self.publications.push(PublicationRecord {
            channel: channel.clone(),
            on: on.to_string(),
            recorded_by: actor.into(),
            citation: citation.clone(),
        });
        self.step(env, actor, "publish", &channel);
        Ok(citation)
    }

    /// The profile's gazette/portal rule where it covers this document, with its channels.
    pub fn publication_rule(&self, env: &Env<'_>) -> Option<zhengwu_rules::Citation> {
        let loaded = env.registry.in_force(env.profile, Some(env.today)).ok()?;
        publication_rule_for(&loaded.profile, env.calendar, &self.draft.category).map(|(_, c)| c)
    }

    /// Renews an issued normative document: a new validity end and, where given, a new
    /// registration number. Where the profile requires a review for continued application after
    /// expiry (昌乐 二十), the review's consent and a new registration number are required.
    pub fn renew(
        &mut self,
        env: &Env<'_>,
        actor: &str,
        facts: IssueFacts,
        review: &str,
    ) -> Result<Option<zhengwu_rules::Citation>, Refusal> {
        self.expect(&[Status::Issued], "延续有效期")?;
        if !self.is_normative() {
            return Err(Refusal::state(
                "只有规范性文件有有效期",
                "only a normative document has a validity period",
            ));
        }
        let mut citation = None;
        if let Ok(loaded) = env.registry.in_force(env.profile, Some(env.today))
            && let Some(c) = &loaded.profile.documents.normative.renewal
        {
            let ctx = zhengwu_rules::Ctx {
                profile: &loaded.profile,
                cal: env.calendar,
                exception: None,
            };
            let cite = ctx.cite_first(&c.cite);
            let no_reg = facts
                .registration_number
                .as_deref()
                .is_none_or(|s| s.trim().is_empty());
            if review.trim().is_empty() || no_reg {
                return Err(Refusal::refused(vec![Finding {
                    rule: c.matrix.clone(),
                    citation: cite,
                    message: "有效期满需继续执行的，须经审查同意（review）后重新登记、编号（registration_number）".into(),
                    message_en: "continued application needs the review's consent and a new registration number".into(),
                }]));
            }
            citation = Some(cite);
        }
        let prev_until = self.valid_until.clone();
        let prev_reg = self.registration_number.clone();
        let (reg, until) = self.normative_facts(env, facts)?;
        let Some(until) = until else {
            return Err(Refusal::invalid(
                "valid_until",
                "须写明新的有效期截止日",
                "give the new end of the validity period",
            ));
        };
        if reg.is_some() {
            self.registration_number = reg;
        }
        self.valid_until = Some(until);
        self.renewals.push(Renewal {
            on: env.today.to_string(),
            previous_valid_until: prev_until,
            previous_registration_number: prev_reg,
            review: review.trim().to_string(),
            citation: citation.clone(),
        });
        self.step(env, actor, "renew", "");
        Ok(citation)
    }
}

fn parse_date(field: &str, s: &str) -> Result<zhengwu_calendar::Date, Refusal> {
    s.trim()
        .parse()
        .map_err(|_| Refusal::invalid(field, "日期须为 YYYY-MM-DD", "the date must be YYYY-MM-DD"))
}

/// Where a normative document stands on its validity (for the expiry and clean-up lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Validity {
    /// No validity period recorded.
    Unset,
    InForce,
    /// Ends on or before the horizon.
    Expiring,
    Expired,
}

/// The validity of a document ending on `valid_until`, as of `today`, with the reminder horizon.
pub fn validity(
    valid_until: Option<&str>,
    today: zhengwu_calendar::Date,
    horizon: zhengwu_calendar::Date,
) -> Validity {
    let Some(u) = valid_until.and_then(|s| s.parse::<zhengwu_calendar::Date>().ok()) else {
        return Validity::Unset;
    };
    if u < today {
        Validity::Expired
    } else if u <= horizon {
        Validity::Expiring
    } else {
        Validity::InForce
    }
}

/// The official number: 聊政发〔2026〕12号 (六角括号, the year, the sequence without leading zeros).
pub fn official_number(series: &str, year: i64, seq: i64) -> String {
    format!("{series}〔{year}〕{seq}号")
}

#[cfg(test)]
mod tests {
    use super::{Validity, official_number, validity};
    use jiff::civil::date;

    #[test]
    fn validity_bands() {
        let (t, h) = (date(2026, 3, 2), date(2026, 4, 1));
        assert_eq!(validity(None, t, h), Validity::Unset);
        assert_eq!(validity(Some("2026-03-01"), t, h), Validity::Expired);
        assert_eq!(validity(Some("2026-03-02"), t, h), Validity::Expiring);
        assert_eq!(validity(Some("2026-04-01"), t, h), Validity::Expiring);
        assert_eq!(validity(Some("2026-04-02"), t, h), Validity::InForce);
    }

    #[test]
    fn number_form() {
        assert_eq!(official_number("聊政发", 2026, 12), "聊政发〔2026〕12号");
        assert_eq!(official_number("聊政办字", 2026, 1), "聊政办字〔2026〕1号");
    }
}
