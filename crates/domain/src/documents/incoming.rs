//! 收文: a document submitted to the government, from registration to closing.
//!
//! Registration lints the document with kind `incoming_document` (the same evaluation as `check`);
//! a refused lint is an immediate 退文 listing every cited reason. What the text suggests
//! (several numbered 请示事项, 妥否，请批示 in a 报告) is evaluated as the same case with that fact
//! set, and the extra findings are warnings the clerk must confirm before accepting.

use super::text::{request_items, request_phrase};
use super::{Due, Env, Refusal, Step, require, text_field};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use zhengwu_rules::Outcome;
use zhengwu_rules::verdict::Finding;

fn formal() -> String {
    "formal".into()
}
fn principal() -> String {
    "principal".into()
}
fn department() -> String {
    "department".into()
}
fn none() -> String {
    "none".into()
}
fn one() -> u32 {
    1
}

/// The metadata a clerk registers (as the submitter sent it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub title: String,
    /// 文种: 请示, 报告, 函, 意见…
    pub doc_type: String,
    /// `formal` or an informal form (呈阅件, 白头文件, 便函…).
    #[serde(default = "formal")]
    pub form: String,
    /// 发文字号, e.g. 聊教发〔2026〕3号.
    #[serde(default)]
    pub doc_number: Option<String>,
    /// 签发人 as a role of the submitting unit: `principal`, `deputy`, `internal_unit`…
    #[serde(default = "principal")]
    pub signed_by: String,
    /// 签发人姓名.
    #[serde(default)]
    pub signer_name: String,
    /// 成文日期.
    #[serde(default)]
    pub written_on: Option<String>,
    /// 密级: `none`, `秘密`… (机密/绝密 never enter this system).
    #[serde(default = "none")]
    pub secrecy: String,
    /// 紧急程度: 平件, 加急, 特急.
    #[serde(default)]
    pub urgency: String,
    /// 主送机关.
    #[serde(default)]
    pub main_recipients: Vec<String>,
    /// What kind of body submits: `department`, `state_enterprise`, `industry_association`…
    #[serde(default = "department")]
    pub submitter: String,
    /// The submitting unit's department id.
    pub unit: String,
    /// 附注: contact person and telephone.
    #[serde(default)]
    pub contact: String,
    /// Subject words used for routing to the leader whose portfolio covers the matter.
    #[serde(default)]
    pub matter: String,
    /// A major matter (重大事项): routed to the head.
    #[serde(default)]
    pub major: bool,
    /// Matters as the submitter declares them.
    #[serde(default = "one")]
    pub matters: u32,
    #[serde(default)]
    pub contains_request: bool,
    /// The full text (正文), when available.
    #[serde(default)]
    pub text: String,
    /// Further facts of kind `incoming_document` (`skips_level`, `addressed_to`,
    /// `within_department_authority`, `via_competent_department`…), passed to the lint as given.
    #[serde(default)]
    pub facts: Map<String, Value>,
}

/// The lint at registration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lint {
    pub outcome: Outcome,
    pub rules_version: String,
    pub violations: Vec<Finding>,
    pub warnings: Vec<Finding>,
    /// Findings suggested by the text, for the clerk to confirm (never automatic 退文).
    pub text_warnings: Vec<Finding>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Registered, waiting for the clerk to accept.
    Registered,
    /// 退文.
    Returned,
    /// Withdrawn by the submitter before acceptance.
    Withdrawn,
    Accepted,
    /// With a leader for 批示 / 圈阅.
    Routed,
    Instructed,
    /// 转办 to units.
    Dispatched,
    /// The lead unit replied.
    Replied,
    Closed,
}

impl Status {
    pub fn id(self) -> &'static str {
        match self {
            Status::Registered => "registered",
            Status::Returned => "returned",
            Status::Withdrawn => "withdrawn",
            Status::Accepted => "accepted",
            Status::Routed => "routed",
            Status::Instructed => "instructed",
            Status::Dispatched => "dispatched",
            Status::Replied => "replied",
            Status::Closed => "closed",
        }
    }
    fn finished(self) -> bool {
        matches!(self, Status::Returned | Status::Withdrawn | Status::Closed)
    }
}

/// The leader a document is with, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Routing {
    pub position_id: String,
    pub title: String,
    pub person_id: Option<String>,
    pub reason: String,
    pub reason_en: String,
    /// The absent leader this one stands in for.
    #[serde(default)]
    pub substitute_for: Option<String>,
    /// The rule under which the acting leader receives the work (an approved leave naming the
    /// acting position: the profile's 主持工作 / 工作补位 article).
    #[serde(default)]
    pub citation: Option<zhengwu_rules::Citation>,
}

/// 批示 or 圈阅.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Instruction {
    /// 批示: opinion, name and date, all required.
    Instruct {
        opinion: String,
        name: String,
        date: String,
    },
    /// 圈阅: read.
    Read { name: String, date: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dispatch {
    pub lead: String,
    pub co_units: Vec<String>,
    pub due: Option<Due>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    pub unit: String,
    pub text: String,
    pub on: String,
}

/// The whole state of an incoming document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incoming {
    pub meta: Meta,
    pub status: Status,
    pub registered_on: String,
    pub lint: Lint,
    /// 退文 reasons (every cited one), when returned.
    #[serde(default)]
    pub return_reasons: Vec<Finding>,
    #[serde(default)]
    pub return_notes: Vec<String>,
    #[serde(default)]
    pub routing: Option<Routing>,
    #[serde(default)]
    pub instruction: Option<Instruction>,
    #[serde(default)]
    pub dispatch: Option<Dispatch>,
    #[serde(default)]
    pub replies: Vec<Reply>,
    #[serde(default)]
    pub circulated_to: Vec<String>,
    #[serde(default)]
    pub cc: Vec<String>,
    #[serde(default)]
    pub reminders: Vec<Step>,
    #[serde(default)]
    pub history: Vec<Step>,
}

/// The inbox entries a decision changes (keys: `office:<gov>`, `position:<id>`, `unit:<dept>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InboxChange {
    /// Into the actor's 待办.
    Todo(String),
    /// From 待办 to 已办.
    Done(String),
    /// 抄送 / 传阅.
    Cc(String),
}

pub fn office_key(gov: &str) -> String {
    format!("office:{gov}")
}
pub fn unit_key(unit: &str) -> String {
    format!("unit:{unit}")
}
pub fn position_key(pos: &str) -> String {
    format!("position:{pos}")
}

fn case_of(meta: &Meta, today: &str) -> Value {
    let mut case = json!({
        "kind": "incoming_document",
        "doc_type": meta.doc_type,
        "form": meta.form,
        "matters": meta.matters,
        "contains_request": meta.contains_request,
        "signed_by": meta.signed_by,
        "doc_number": meta.doc_number,
        "contact_in_note": !meta.contact.trim().is_empty(),
        "submitter": meta.submitter,
        "main_recipients": meta.main_recipients.len().max(1),
        "secrecy": meta.secrecy,
        "written_on": meta.written_on,
        "submitted_on": today,
    });
    if let Value::Object(m) = &mut case {
        for (k, v) in &meta.facts {
            m.insert(k.clone(), v.clone());
        }
    }
    case
}

fn same(a: &Finding, b: &Finding) -> bool {
    a.rule == b.rule && a.citation.article == b.citation.article
}

/// Lints a document as `check` kind `incoming_document` does, plus the text heuristics.
pub fn lint(env: &Env<'_>, meta: &Meta) -> Result<Lint, Refusal> {
    let today = env.today.to_string();
    let case = case_of(meta, &today);
    let v = env.check(&case)?;
    let mut text_warnings: Vec<Finding> = Vec::new();
    let mut variant = |field: &str, value: Value| -> Result<(), Refusal> {
        let mut c = case.clone();
        c[field] = value;
        let hv = env.check(&c)?;
        for f in hv.violations.into_iter().chain(hv.warnings) {
            let known = v.violations.iter().chain(&v.warnings).any(|g| same(g, &f))
                || text_warnings.iter().any(|g| same(g, &f));
            if !known {
                text_warnings.push(Finding {
                    message: format!("（正文提示，请核实）{}", f.message),
                    message_en: format!("(suggested by the text; please confirm) {}", f.message_en),
                    ..f
                });
            }
        }
        Ok(())
    };
    let items = request_items(&meta.text);
    if items >= 2 && meta.matters < 2 {
        variant("matters", json!(items))?;
    }
    if meta.doc_type == "报告" && !meta.contains_request && request_phrase(&meta.text).is_some() {
        variant("contains_request", json!(true))?;
    }
    Ok(Lint {
        outcome: v.outcome,
        rules_version: v.rules_version.to_string(),
        violations: v.violations,
        warnings: v.warnings,
        text_warnings,
    })
}

fn check_meta(meta: &mut Meta) -> Result<(), Refusal> {
    meta.title = text_field("title", "标题", &meta.title, 200)?;
    meta.unit = text_field("unit", "报送单位", &meta.unit, 200)?;
    if meta.text.chars().count() > 200_000 {
        return Err(Refusal::invalid(
            "text",
            "正文不得超过 200000 字",
            "the text may not exceed 200,000 characters",
        ));
    }
    if meta.main_recipients.len() > 50 {
        return Err(Refusal::invalid(
            "main_recipients",
            "主送机关过多",
            "too many main recipients",
        ));
    }
    Ok(())
}

/// What registration decided and which inboxes change.
pub struct Registered {
    pub doc: Incoming,
    pub inbox: Vec<InboxChange>,
}

/// Registers a submitted document. A refused lint is an immediate 退文 with every cited reason.
pub fn register(
    env: &Env<'_>,
    gov: &str,
    actor: &str,
    mut meta: Meta,
) -> Result<Registered, Refusal> {
    check_meta(&mut meta)?;
    let lint = lint(env, &meta)?;
    let today = env.today.to_string();
    let returned = lint.outcome == Outcome::Refused;
    let mut doc = Incoming {
        status: if returned {
            Status::Returned
        } else {
            Status::Registered
        },
        registered_on: today.clone(),
        return_reasons: if returned {
            lint.violations.clone()
        } else {
            Vec::new()
        },
        lint,
        meta,
        return_notes: Vec::new(),
        routing: None,
        instruction: None,
        dispatch: None,
        replies: Vec::new(),
        circulated_to: Vec::new(),
        cc: Vec::new(),
        reminders: Vec::new(),
        history: Vec::new(),
    };
    doc.history.push(Step {
        on: today.clone(),
        actor: actor.into(),
        action: "register".into(),
        note: String::new(),
    });
    let inbox = if returned {
        doc.history.push(Step {
            on: today,
            actor: "system:lint".into(),
            action: "return".into(),
            note: "登记时校验不通过，自动退文".into(),
        });
        vec![InboxChange::Cc(unit_key(&doc.meta.unit))]
    } else {
        vec![InboxChange::Todo(office_key(gov))]
    };
    Ok(Registered { doc, inbox })
}

impl Incoming {
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
                format!("公文当前状态为 {}，不能{what}", self.status.id()),
                format!("the document is {}; cannot {what}", self.status.id()),
            ))
        }
    }

    /// The clerk accepts the document. Text warnings must be confirmed (`confirm_warnings`).
    pub fn accept(
        &mut self,
        env: &Env<'_>,
        gov: &str,
        actor: &str,
        confirm_warnings: bool,
    ) -> Result<Vec<InboxChange>, Refusal> {
        self.expect(&[Status::Registered], "签收")?;
        if !self.lint.text_warnings.is_empty() && !confirm_warnings {
            return Err(Refusal {
                code: "confirm".into(),
                field: "confirm_warnings".into(),
                message: "正文提示可能存在问题，请核实后以 confirm_warnings=true 签收，或退文".into(),
                message_en: "the text suggests problems; confirm them (confirm_warnings=true) or return the document".into(),
                violations: self.lint.text_warnings.clone(),
            });
        }
        self.status = Status::Accepted;
        self.step(env, actor, "accept", "");
        Ok(vec![InboxChange::Todo(office_key(gov))])
    }

    /// 退文 by the clerk: every cited reason of the lint (violations and the text warnings) plus
    /// the clerk's own notes. At least one reason is required.
    pub fn return_doc(
        &mut self,
        env: &Env<'_>,
        gov: &str,
        actor: &str,
        notes: Vec<String>,
    ) -> Result<Vec<InboxChange>, Refusal> {
        self.expect(&[Status::Registered], "退文")?;
        let mut reasons = self.lint.violations.clone();
        reasons.extend(self.lint.text_warnings.iter().cloned());
        let notes: Vec<String> = notes
            .into_iter()
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect();
        if reasons.is_empty() && notes.is_empty() {
            return Err(Refusal::invalid(
                "notes",
                "退文须说明理由",
                "a return needs at least one reason",
            ));
        }
        self.return_reasons = reasons;
        self.return_notes = notes;
        self.status = Status::Returned;
        self.step(env, actor, "return", "");
        Ok(vec![
            InboxChange::Done(office_key(gov)),
            InboxChange::Cc(unit_key(&self.meta.unit)),
        ])
    }

    /// Withdrawal by the submitting unit before acceptance.
    pub fn withdraw(
        &mut self,
        env: &Env<'_>,
        gov: &str,
        actor: &str,
        actor_unit: Option<&str>,
    ) -> Result<Vec<InboxChange>, Refusal> {
        if actor_unit != Some(self.meta.unit.as_str()) {
            return Err(Refusal::forbidden(
                "只有报送单位可以撤回",
                "only the submitting unit may withdraw",
            ));
        }
        self.expect(&[Status::Registered], "撤回（已签收的公文不能撤回）")?;
        self.status = Status::Withdrawn;
        self.step(env, actor, "withdraw", "");
        Ok(vec![InboxChange::Done(office_key(gov))])
    }

    /// Sends the document to the leader chosen by [`route`].
    pub fn route_to(
        &mut self,
        env: &Env<'_>,
        gov: &str,
        actor: &str,
        routing: Routing,
    ) -> Result<Vec<InboxChange>, Refusal> {
        self.expect(&[Status::Accepted], "呈送领导")?;
        let key = position_key(&routing.position_id);
        self.step(env, actor, "route", &routing.title);
        self.routing = Some(routing);
        self.status = Status::Routed;
        Ok(vec![
            InboxChange::Done(office_key(gov)),
            InboxChange::Todo(key),
        ])
    }

    /// The leader's 批示 (opinion, name and date all required) or 圈阅.
    pub fn instruct(
        &mut self,
        env: &Env<'_>,
        gov: &str,
        actor: &str,
        actor_position: &str,
        instruction: Instruction,
    ) -> Result<Vec<InboxChange>, Refusal> {
        self.expect(&[Status::Routed], "批示")?;
        let Some(r) = &self.routing else {
            return Err(Refusal::state("未呈送领导", "not with a leader"));
        };
        if r.position_id != actor_position {
            return Err(Refusal::forbidden(
                format!("此件呈{}批示，其他人不能批示", r.title),
                format!(
                    "this document is with {}; no one else may instruct",
                    r.title
                ),
            ));
        }
        let pos = r.position_id.clone();
        let instruction = match instruction {
            Instruction::Instruct {
                opinion,
                name,
                date,
            } => Instruction::Instruct {
                opinion: text_field("opinion", "批示意见", &opinion, 5000)?,
                name: text_field("name", "批示人姓名", &name, 50)?,
                date: valid_date("date", &date)?,
            },
            Instruction::Read { name, date } => Instruction::Read {
                name: text_field("name", "圈阅人姓名", &name, 50)?,
                date: valid_date("date", &date)?,
            },
        };
        self.instruction = Some(instruction);
        self.status = Status::Instructed;
        self.step(env, actor, "instruct", "");
        Ok(vec![
            InboxChange::Done(position_key(&pos)),
            InboxChange::Todo(office_key(gov)),
        ])
    }

    /// 转办: one lead unit and co-units, with the profile's handling deadline (kind
    /// `reply_deadline`, `department_handling`) computed from today.
    pub fn dispatch(
        &mut self,
        env: &Env<'_>,
        gov: &str,
        actor: &str,
        lead: &str,
        co_units: Vec<String>,
        special: bool,
    ) -> Result<Vec<InboxChange>, Refusal> {
        self.expect(&[Status::Accepted, Status::Instructed], "转办")?;
        let lead = text_field("lead", "主办单位", lead, 200)?;
        if co_units.contains(&lead) {
            return Err(Refusal::invalid(
                "co_units",
                "主办单位不能同时为协办单位",
                "the lead unit cannot also be a co-unit",
            ));
        }
        let v = require(env.check(&json!({
            "kind": "reply_deadline",
            "what": "department_handling",
            "from": env.today.to_string(),
            "special": special,
        }))?)?;
        let due = Due::from_verdict(env.today, &v);
        let mut inbox = vec![
            InboxChange::Done(office_key(gov)),
            InboxChange::Todo(unit_key(&lead)),
        ];
        inbox.extend(co_units.iter().map(|c| InboxChange::Todo(unit_key(c))));
        self.dispatch = Some(Dispatch {
            lead,
            co_units,
            due,
        });
        self.status = Status::Dispatched;
        self.step(env, actor, "dispatch", "");
        Ok(inbox)
    }

    /// A unit's formal reply; the lead unit's reply completes the handling.
    pub fn reply(
        &mut self,
        env: &Env<'_>,
        gov: &str,
        actor: &str,
        unit: &str,
        text: &str,
    ) -> Result<Vec<InboxChange>, Refusal> {
        self.expect(&[Status::Dispatched], "回复")?;
        let Some(d) = &self.dispatch else {
            return Err(Refusal::state("未转办", "not dispatched"));
        };
        let is_lead = d.lead == unit;
        if !is_lead && !d.co_units.iter().any(|c| c == unit) {
            return Err(Refusal::forbidden(
                "只有承办单位可以回复",
                "only the units it was dispatched to may reply",
            ));
        }
        self.replies.push(Reply {
            unit: unit.into(),
            text: text_field("text", "回复内容", text, 20_000)?,
            on: env.today.to_string(),
        });
        self.step(env, actor, "reply", unit);
        let mut inbox = vec![InboxChange::Done(unit_key(unit))];
        if is_lead {
            self.status = Status::Replied;
            inbox.push(InboxChange::Todo(office_key(gov)));
        }
        Ok(inbox)
    }

    /// The office closes the matter (after the lead unit's reply, or after a 圈阅/批示 that needs
    /// no dispatch).
    pub fn close(
        &mut self,
        env: &Env<'_>,
        gov: &str,
        actor: &str,
    ) -> Result<Vec<InboxChange>, Refusal> {
        self.expect(&[Status::Replied, Status::Instructed], "办结")?;
        self.status = Status::Closed;
        self.step(env, actor, "close", "");
        Ok(vec![InboxChange::Done(office_key(gov))])
    }

    /// 传阅 (`circulate`) or 抄送 (`cc`) to further actors (inbox keys).
    pub fn share(
        &mut self,
        env: &Env<'_>,
        actor: &str,
        to: Vec<String>,
        circulate: bool,
    ) -> Result<Vec<InboxChange>, Refusal> {
        if self.status.finished() && self.status != Status::Closed {
            return Err(Refusal::state(
                "已退文或撤回的公文不能传阅或抄送",
                "a returned or withdrawn document cannot be shared",
            ));
        }
        if to.is_empty() {
            return Err(Refusal::invalid(
                "to",
                "须指明传阅或抄送对象",
                "name whom to share with",
            ));
        }
        let list = if circulate {
            &mut self.circulated_to
        } else {
            &mut self.cc
        };
        for t in &to {
            if !list.contains(t) {
                list.push(t.clone());
            }
        }
        self.step(
            env,
            actor,
            if circulate { "circulate" } else { "cc" },
            &to.join("、"),
        );
        Ok(to.into_iter().map(InboxChange::Cc).collect())
    }

    /// 催办: a reminder to the units that have not replied yet.
    pub fn remind(
        &mut self,
        env: &Env<'_>,
        actor: &str,
        note: &str,
    ) -> Result<Vec<String>, Refusal> {
        self.expect(&[Status::Dispatched], "催办")?;
        let Some(d) = &self.dispatch else {
            return Err(Refusal::state("未转办", "not dispatched"));
        };
        let pending: Vec<String> = std::iter::once(&d.lead)
            .chain(&d.co_units)
            .filter(|u| !self.replies.iter().any(|r| &r.unit == *u))
            .cloned()
            .collect();
        let step = Step {
            on: env.today.to_string(),
            actor: actor.into(),
            action: "remind".into(),
            note: format!("{} {}", pending.join("、"), note.trim()),
        };
        self.reminders.push(step.clone());
        self.history.push(step);
        Ok(pending)
    }
}

fn valid_date(field: &str, s: &str) -> Result<String, Refusal> {
    s.trim()
        .parse::<zhengwu_calendar::Date>()
        .map(|d| d.to_string())
        .map_err(|_| {
            Refusal::invalid(
                field,
                format!("日期须为 YYYY-MM-DD：{s:?}"),
                format!("the date must be YYYY-MM-DD: {s:?}"),
            )
        })
}

/// A leader as the routing sees the org tables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Leader {
    pub position_id: String,
    /// Role id (`head`, `executive_deputy`, `deputy`…).
    pub role: String,
    pub title: String,
    pub person_id: Option<String>,
    pub rank: i64,
    /// Departments in the portfolio (分管).
    pub departments: Vec<String>,
    /// Matters in the portfolio (subject words).
    pub matters: Vec<String>,
    /// Substitutes, in order (from the org's substitution table).
    pub substitutes: Vec<String>,
    /// Recorded absent today by the clerk.
    pub absent: bool,
    /// An approved leave covers today (the leave records, #7).
    #[serde(default)]
    pub on_leave: Option<OnLeave>,
}

/// An approved leave covering the day: who acts, and the rule that makes them act.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OnLeave {
    pub acting_position_id: String,
    pub citation: Option<zhengwu_rules::Citation>,
}

/// Chooses the leader: the head for a major matter; otherwise the leader whose portfolio covers
/// the submitting unit or the matter; the substitute when that leader is recorded absent.
pub fn route(leaders: &[Leader], meta: &Meta) -> Result<Routing, Refusal> {
    let head = leaders
        .iter()
        .filter(|l| l.role == "head")
        .min_by_key(|l| l.rank);
    let (chosen, reason, reason_en) = if meta.major {
        let h = head.ok_or_else(|| {
            Refusal::state("组织机构中没有主要负责人", "no head in the org tables")
        })?;
        (
            h,
            "重大事项呈主要负责同志".to_string(),
            "a major matter goes to the head".to_string(),
        )
    } else if let Some(l) = leaders
        .iter()
        .filter(|l| l.role != "head")
        .find(|l| l.departments.contains(&meta.unit))
    {
        (
            l,
            format!("{}分管报送单位", l.title),
            format!("{} oversees the submitting unit", l.title),
        )
    } else if let Some(l) = leaders.iter().filter(|l| l.role != "head").find(|l| {
        !meta.matter.trim().is_empty()
            && l.matters.iter().any(|m| {
                m.split(['、', ',', '，', ' '])
                    .any(|w| !w.is_empty() && meta.matter.contains(w))
            })
    }) {
        (
            l,
            format!("{}分管此事项", l.title),
            format!("{} oversees this matter", l.title),
        )
    } else {
        let h = head.ok_or_else(|| {
            Refusal::state(
                "无分管领导且组织机构中没有主要负责人",
                "no leader's portfolio covers it and there is no head",
            )
        })?;
        (
            h,
            "无分管领导，呈主要负责同志".to_string(),
            "no portfolio covers it; the head".to_string(),
        )
    };
    let away = |l: &Leader| l.absent || l.on_leave.is_some();
    if !away(chosen) {
        return Ok(Routing {
            position_id: chosen.position_id.clone(),
            title: chosen.title.clone(),
            person_id: chosen.person_id.clone(),
            reason,
            reason_en,
            substitute_for: None,
            citation: None,
        });
    }
    // An approved leave names who acts: that leader receives the work, under the profile's rule.
    if let Some(leave) = &chosen.on_leave
        && let Some(acting) = leaders
            .iter()
            .find(|l| l.position_id == leave.acting_position_id)
            .filter(|l| !away(l))
    {
        return Ok(Routing {
            position_id: acting.position_id.clone(),
            title: acting.title.clone(),
            person_id: acting.person_id.clone(),
            reason: format!(
                "{reason}；{}请假（已批准），由{}代为处理",
                chosen.title, acting.title
            ),
            reason_en: format!("{reason_en}; on approved leave, so {} acts", acting.title),
            substitute_for: Some(chosen.position_id.clone()),
            citation: leave.citation.clone(),
        });
    }
    let sub = chosen
        .substitutes
        .iter()
        .filter_map(|s| leaders.iter().find(|l| &l.position_id == s))
        .find(|l| !away(l))
        .ok_or_else(|| {
            Refusal::state(
                format!("{}不在岗，且未设可用的 AB 角", chosen.title),
                format!("{} is away and no substitute is available", chosen.title),
            )
        })?;
    Ok(Routing {
        position_id: sub.position_id.clone(),
        title: sub.title.clone(),
        person_id: sub.person_id.clone(),
        reason: format!("{reason}；{}不在岗，由{}代为处理", chosen.title, sub.title),
        reason_en: format!("{reason_en}; away, so {} acts", sub.title),
        substitute_for: Some(chosen.position_id.clone()),
        citation: None,
    })
}

/// The repeat-offender notice (对反复出现退文的单位予以通报) where the profile states one: given
/// how many times the unit's documents have been returned (this one included), from the second.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepeatNotice {
    pub returns: usize,
    pub message: String,
    pub message_en: String,
    pub citation: zhengwu_rules::Citation,
}

pub fn repeat_notice(env: &Env<'_>, returns: usize) -> Option<RepeatNotice> {
    if returns < 2 {
        return None;
    }
    let loaded = env.registry.in_force(env.profile, Some(env.today)).ok()?;
    let clause = loaded.profile.documents.incoming.repeat_returns.as_ref()?;
    let ctx = zhengwu_rules::Ctx {
        profile: &loaded.profile,
        cal: env.calendar,
        exception: None,
    };
    Some(RepeatNotice {
        returns,
        message: format!(
            "该单位已被退文 {returns} 次，按规定对反复出现退文的单位予以通报（是否通报由办公室决定）"
        ),
        message_en: format!(
            "this unit has had {returns} documents returned; units returned repeatedly are to be notified (通报) — the office decides"
        ),
        citation: ctx.cite_first(&clause.cite),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn leader(id: &str, role: &str, rank: i64, departments: &[&str], subs: &[&str]) -> Leader {
        Leader {
            position_id: id.into(),
            role: role.into(),
            title: id.into(),
            person_id: None,
            rank,
            departments: departments.iter().map(|s| s.to_string()).collect(),
            matters: Vec::new(),
            substitutes: subs.iter().map(|s| s.to_string()).collect(),
            absent: false,
            on_leave: None,
        }
    }

    fn meta() -> Meta {
        serde_json::from_value(serde_json::json!({
            "title": "关于拨付资金的请示", "doc_type": "请示", "unit": "fin"
        }))
        .unwrap()
    }

    #[test]
    fn an_approved_leave_names_who_acts_before_the_substitute_table() {
        let citation = zhengwu_rules::Citation::new(
            "liaocheng",
            "第八条",
            "副市长实行工作补位制度",
            "由补位的副市长代为处理有关工作",
        );
        let mut ls = vec![
            leader("head", "head", 1, &[], &[]),
            leader("dep", "deputy", 2, &["fin"], &["dep2"]),
            leader("dep2", "deputy", 3, &[], &[]),
        ];
        assert_eq!(route(&ls, &meta()).unwrap().position_id, "dep");
        // The clerk's entry: the substitute of the org table, no citation.
        ls[1].absent = true;
        let r = route(&ls, &meta()).unwrap();
        assert_eq!((r.position_id.as_str(), r.citation), ("dep2", None));
        // An approved leave naming the head: the head acts, with the rule's citation.
        ls[1].absent = false;
        ls[1].on_leave = Some(OnLeave {
            acting_position_id: "head".into(),
            citation: Some(citation.clone()),
        });
        let r = route(&ls, &meta()).unwrap();
        assert_eq!(r.position_id, "head");
        assert_eq!(r.substitute_for.as_deref(), Some("dep"));
        assert_eq!(r.citation, Some(citation));
        // The acting leader away too: back to the substitute table.
        ls[0].absent = true;
        let r = route(&ls, &meta()).unwrap();
        assert_eq!(r.position_id, "dep2");
    }
}
