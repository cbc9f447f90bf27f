//! 公文 (official documents in and out): registration with lint, 退文, withdrawal, routing to the
//! leader in charge, 批示 / 圈阅, 转办 and replies, 传阅 / 抄送 / 催办, closing; drafts, 会签, 签发
//! by the signing matrix, numbering, seal and issue. Every decision is made by
//! `zhengwu_domain::documents` with the government's profile; this module loads the state, asks
//! who the caller is, and writes the result with its citations through the audited store.

use crate::AppState;
use crate::auth::Caller;
use crate::extract::{ApiJson, IdempotencyKey, IfMatch};
use crate::problem::{Problem, Violation};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use zhengwu_calendar::Date;
use zhengwu_domain::documents::incoming::{
    self, InboxChange, Incoming, Instruction, Leader, office_key, position_key, unit_key,
};
use zhengwu_domain::documents::outgoing::{self, Outgoing};
use zhengwu_domain::documents::text::base64_decode;
use zhengwu_domain::documents::{Env, Refusal};
use zhengwu_rules::Role;
use zhengwu_store::documents::{
    Document, DocumentChange, InboxOp, NewAttachment, NewDocument, NumberRequest,
};
use zhengwu_store::{Account, Audit};

/// An attachment as sent: name, media type, content in base64.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachmentIn {
    pub name: String,
    pub media_type: String,
    pub content_base64: String,
}

/// Registration of a submitted document (收文登记).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterBody {
    /// 文种, 发文字号, 签发人, 成文日期, 密级, 紧急程度, 主送, unit, 附注 contact, text, facts…
    #[schema(value_type = Object)]
    pub meta: incoming::Meta,
    #[serde(default)]
    pub attachments: Vec<AttachmentIn>,
}

/// A draft (代拟稿).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftBody {
    #[schema(value_type = Object)]
    pub draft: outgoing::Draft,
}

/// One step of the workflow; the version is given in `If-Match`.
#[derive(Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum DocAction {
    /// 签收 (text warnings must be confirmed).
    Accept {
        #[serde(default)]
        confirm_warnings: bool,
    },
    /// 退文 with every cited reason plus notes.
    Return {
        #[serde(default)]
        notes: Vec<String>,
    },
    /// Withdrawal by the submitting unit before acceptance.
    Withdraw,
    /// To the leader in charge (分管); `absent` lists positions recorded away today.
    Route {
        #[serde(default)]
        absent: Vec<String>,
    },
    /// 批示: opinion, name and date all required.
    Instruct {
        opinion: String,
        name: String,
        date: String,
    },
    /// 圈阅.
    Read {
        name: String,
        date: String,
    },
    /// 转办 to one lead unit and co-units.
    Dispatch {
        lead: String,
        #[serde(default)]
        co_units: Vec<String>,
        #[serde(default)]
        special: bool,
    },
    /// A unit's formal reply (the caller's unit).
    Reply {
        text: String,
    },
    Close,
    /// 传阅 to inbox keys (`position:<id>`, `unit:<dept>`).
    Circulate {
        to: Vec<String>,
    },
    /// 抄送 to inbox keys.
    Cc {
        to: Vec<String>,
    },
    /// 催办 the units that have not replied.
    Remind {
        #[serde(default)]
        note: String,
    },
    /// 会签 requests.
    CountersignRequest {
        units: Vec<String>,
        #[serde(default)]
        complex: bool,
    },
    /// An extension agreed with a unit.
    CountersignExtend {
        unit: String,
        agreed_due: String,
    },
    /// The caller's unit countersigns (agree, or disagree with grounds).
    CountersignAnswer {
        agree: bool,
        #[serde(default)]
        grounds: String,
    },
    /// Documents an unresolved disagreement.
    Disagreement {
        unit: String,
        drafter_grounds: String,
        preferred_option: String,
    },
    /// 签发 by the caller; refused with the citation unless the signing matrix names the caller.
    Sign {
        #[serde(default)]
        head_away: bool,
    },
    /// 用印审批 by the caller (kind `seal_use`), where the profile names approvers.
    Seal {
        #[serde(default)]
        authorised_by_head: bool,
    },
    /// Number (allocated in the write), seal, issue date, publication when 主动公开; for a
    /// normative document its registration number (登记编号) and the end of its validity (有效期),
    /// required where the profile states them.
    Issue {
        #[serde(default)]
        registration_number: Option<String>,
        #[serde(default)]
        valid_until: Option<String>,
    },
    /// The legality review's written opinion (合法性审核意见, by the 司法局), recorded by the office
    /// or the drafter; where the profile requires it, signing waits for a passed review.
    LegalityReview {
        #[serde(default)]
        reviewer: String,
        opinion: String,
        passed: bool,
        #[serde(default)]
        date: Option<String>,
    },
    /// A publication (刊载) of an issued 主动公开 document: the channel and the date.
    Publish {
        channel: String,
        #[serde(default)]
        date: Option<String>,
    },
    /// Renewal of an issued normative document's validity (re-registration where required).
    Renew {
        valid_until: String,
        #[serde(default)]
        registration_number: Option<String>,
        #[serde(default)]
        review: String,
    },
}

#[derive(Serialize, ToSchema)]
pub struct DocumentView {
    pub id: String,
    pub version: i64,
    pub government_id: String,
    /// `in` or `out`.
    pub direction: String,
    pub status: String,
    pub title: String,
    pub unit: String,
    pub doc_number: Option<String>,
    pub due_on: Option<String>,
    /// The workflow state (lint, routing, instruction, dispatch, replies, countersigns, history…).
    #[schema(value_type = Object)]
    pub state: Value,
    /// How many times the submitting unit has had documents returned (退文), this one included.
    pub unit_returns: Option<usize>,
    /// The repeat-offender notice (通报) where the profile states one, from the second return.
    #[schema(value_type = Option<Object>)]
    pub repeat_notice: Option<incoming::RepeatNotice>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxQuery {
    /// `todo` (待办, default), `done` (已办) or `cc` (抄送/传阅).
    pub r#box: Option<String>,
    /// Whose inbox: `office`, `unit`, `position` (default: the caller's first).
    pub of: Option<String>,
    /// Continue before this `at|doc_id` cursor (from `next`).
    pub before: Option<String>,
    pub limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct InboxView {
    pub actor: String,
    pub r#box: String,
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<zhengwu_store::documents::InboxItem>,
    pub next: Option<String>,
}

/// Who the caller is, for documents.
struct Who {
    account: Account,
    gov: String,
    profile: String,
    roles: Vec<Role>,
    /// The caller's position in the government (via its person).
    position: Option<String>,
    portfolio: Vec<String>,
    name: String,
    /// The calendar this request counts on (taken once).
    calendar: zhengwu_calendar::Calendar,
}

impl Who {
    fn is_office(&self) -> bool {
        self.roles.iter().any(|r| {
            matches!(
                r,
                Role::Office
                    | Role::OfficeDirector
                    | Role::OfficeDeputyDirector
                    | Role::SecretaryGeneral
                    | Role::DeputySecretaryGeneralDocuments
                    | Role::DeputySecretaryGeneralBusiness
            )
        })
    }
    fn unit(&self) -> Option<&str> {
        self.account.department_id.as_deref()
    }
}

fn refusal(r: Refusal) -> Problem {
    match r.code.as_str() {
        "refused" => Problem::refused(r.violations.iter().map(Violation::from).collect()),
        "forbidden" => Problem::forbidden(format!("{} ({})", r.message, r.message_en)),
        "state" => Problem::new(
            StatusCode::CONFLICT,
            "wrong-state",
            "当前状态下不能这样办理 (not possible in this state)",
            format!("{} ({})", r.message, r.message_en),
        ),
        "confirm" => {
            let mut p = Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "confirm-warnings",
                "须确认正文提示 (confirm the warnings first)",
                format!("{} ({})", r.message, r.message_en),
            );
            p.violations = r.violations.iter().map(Violation::from).collect();
            p
        }
        _ => Problem::invalid(r.field, format!("{} ({})", r.message, r.message_en)),
    }
}

async fn who(state: &AppState, caller: &Caller) -> Result<Who, Problem> {
    let actor = caller.require_login()?;
    let id = actor.account_id.clone().unwrap_or_default();
    let account = state
        .store
        .get_account(&id)
        .await
        .map_err(crate::store_problem)?
        .ok_or_else(Problem::unauthenticated)?;
    let Some(gov) = account.government_id.clone() else {
        return Err(Problem::forbidden(
            "账号不属于任何政府，不能办理公文 (the account belongs to no government)",
        ));
    };
    let org = state
        .store
        .government_org(&gov)
        .await
        .map_err(crate::store_problem)?;
    let profile = org
        .governments
        .iter()
        .find(|g| g.id == gov)
        .map(|g| g.profile_id.clone())
        .ok_or_else(|| {
            Problem::internal("账号所属政府缺失 (the account's government is missing)")
        })?;
    let position = account.person_id.as_ref().and_then(|p| {
        org.positions
            .iter()
            .filter(|x| x.person_id.as_ref() == Some(p))
            .min_by_key(|x| x.rank)
            .map(|x| x.id.clone())
    });
    Ok(Who {
        name: account.display_name.clone(),
        roles: actor.roles.clone(),
        portfolio: actor.portfolio.iter().cloned().collect(),
        account,
        gov,
        profile,
        position,
        calendar: state.calendar(),
    })
}

fn env<'a>(state: &'a AppState, w: &'a Who) -> Env<'a> {
    Env {
        registry: &state.registry,
        calendar: &w.calendar,
        profile: &w.profile,
        today: state.today(),
    }
}

fn ops(changes: Vec<InboxChange>) -> Vec<InboxOp> {
    changes
        .into_iter()
        .map(|c| match c {
            InboxChange::Todo(a) => InboxOp::Todo(a),
            InboxChange::Done(a) => InboxOp::Done(a),
            InboxChange::Cc(a) => InboxOp::Cc(a),
        })
        .collect()
}

fn to_value<T: Serialize>(v: &T) -> Result<Value, Problem> {
    serde_json::to_value(v).map_err(|e| Problem::internal(e.to_string()))
}

fn cites<'a>(
    mut audit: Audit,
    findings: impl IntoIterator<Item = &'a zhengwu_rules::verdict::Finding>,
) -> Audit {
    for f in findings {
        audit = audit.cite(&f.citation);
    }
    audit
}

async fn view(state: &AppState, d: Document) -> Result<DocumentView, Problem> {
    let unit_returns = if d.status == "returned" && d.direction == "in" {
        Some(
            state
                .store
                .document_returns(&d.unit)
                .await
                .map_err(crate::store_problem)?
                .len(),
        )
    } else {
        None
    };
    let repeat_notice = match unit_returns {
        Some(n) if n >= 2 => {
            let org = state
                .store
                .government_org(&d.government_id)
                .await
                .map_err(crate::store_problem)?;
            let profile = org
                .governments
                .iter()
                .find(|g| g.id == d.government_id)
                .map(|g| g.profile_id.clone())
                .unwrap_or_default();
            let e = Env {
                registry: &state.registry,
                calendar: &state.calendar(),
                profile: &profile,
                today: state.today(),
            };
            incoming::repeat_notice(&e, n)
        }
        _ => None,
    };
    Ok(DocumentView {
        repeat_notice,
        id: d.id,
        version: d.version,
        government_id: d.government_id,
        direction: d.direction,
        status: d.status,
        title: d.title,
        unit: d.unit,
        doc_number: d.doc_number,
        due_on: d.due_on,
        state: d.data,
        unit_returns,
        created_at: d.created_at.to_string(),
        updated_at: d.updated_at.to_string(),
    })
}

fn respond(status: StatusCode, v: DocumentView) -> Response {
    let version = v.version;
    let mut res = (status, Json(v)).into_response();
    if let Ok(h) = HeaderValue::from_str(&format!("\"{version}\"")) {
        res.headers_mut().insert(header::ETAG, h);
    }
    res
}

/// Who may see a document: its government's office, the submitting / drafting unit, anyone it is
/// in the inbox of (the leader it was routed to, the units it was dispatched or shared to), the
/// leader whose portfolio covers the unit, and the head.
fn may_see(w: &Who, d: &Document) -> bool {
    if d.government_id != w.gov {
        return false;
    }
    if w.is_office() || w.unit() == Some(d.unit.as_str()) || w.portfolio.contains(&d.unit) {
        return true;
    }
    let text = d.data.to_string();
    let mine = [
        w.unit().map(unit_key),
        w.unit().map(str::to_string),
        w.position.as_deref().map(position_key),
        w.position.clone(),
    ];
    mine.iter()
        .flatten()
        .any(|k| text.contains(&format!("\"{k}\"")))
        || w.roles.contains(&Role::Head)
}

/// Registers a submitted document (收文登记) and lints it as `check` kind `incoming_document`.
/// A refused lint is an immediate 退文 (201 with status `returned` and every cited reason).
#[utoipa::path(post, path = "/api/v1/documents/incoming", tag = "documents",
    security(("session" = []), ("token" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "重试时不重复登记 (a retry registers nothing twice)")),
    request_body = RegisterBody,
    responses(
        (status = 201, description = "已登记（或已自动退文）(registered, or returned at once)", body = DocumentView),
        (status = 403, description = "无权登记 (may not register)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "输入无效（附件类型、大小…）(invalid input)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn register(
    State(state): State<AppState>,
    caller: Caller,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(body): ApiJson<RegisterBody>,
) -> Result<Response, Problem> {
    let w = who(&state, &caller).await?;
    if !w.is_office() && w.unit() != Some(body.meta.unit.as_str()) {
        return Err(Problem::forbidden(
            "只有政府办公室或报送单位本身可以登记 (only the office or the submitting unit may register)",
        ));
    }
    let mut attachments = Vec::with_capacity(body.attachments.len());
    for (i, a) in body.attachments.into_iter().enumerate() {
        let content = base64_decode(&a.content_base64).ok_or_else(|| {
            Problem::invalid(
                format!("attachments[{i}].content_base64"),
                "附件内容须为 base64 (the content must be base64)",
            )
        })?;
        attachments.push(NewAttachment {
            name: a.name,
            media_type: a.media_type,
            content,
        });
    }
    let created = register_document(
        &state.store,
        &env(&state, &w),
        &w.gov,
        &w.account.id,
        body.meta,
        attachments,
        key,
    )
    .await?;
    let replayed = created.replayed;
    let id = created.value.id.clone();
    let mut res = respond(StatusCode::CREATED, view(&state, created.value).await?);
    if let Ok(loc) = HeaderValue::from_str(&format!("/api/v1/documents/{id}")) {
        res.headers_mut().insert(header::LOCATION, loc);
    }
    if replayed {
        res.headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(res)
}

/// Registers a submitted document as `actor` (the API and `zhengwu doc register` share this):
/// the lint of kind `incoming_document` and the text heuristics, an immediate 退文 with every
/// cited reason when it is refused, the clerk's 待办 otherwise; one audited write.
pub async fn register_document(
    store: &zhengwu_store::Store,
    env: &Env<'_>,
    gov: &str,
    actor: &str,
    meta: incoming::Meta,
    attachments: Vec<NewAttachment>,
    idempotency_key: Option<String>,
) -> Result<zhengwu_store::Created<Document>, Problem> {
    let reg = incoming::register(env, gov, actor, meta).map_err(refusal)?;
    let doc = reg.doc;
    let returned = doc.status == incoming::Status::Returned;
    let audit = cites(
        Audit::new(
            actor,
            if returned {
                "document.return"
            } else {
                "document.register"
            },
        ),
        doc.lint.violations.iter().chain(&doc.lint.warnings),
    );
    store
        .create_document(
            &audit,
            NewDocument {
                government_id: gov.into(),
                direction: "in".into(),
                status: doc.status.id().into(),
                title: doc.meta.title.clone(),
                unit: doc.meta.unit.clone(),
                due_on: None,
                returned: if returned {
                    Some(to_value(&doc.return_reasons)?)
                } else {
                    None
                },
                data: to_value(&doc)?,
                attachments,
                inbox: ops(reg.inbox),
                idempotency_key,
            },
        )
        .await
        .map_err(crate::store_problem)
}

/// Drafts an outgoing document (代拟) and evaluates its chain and signer (`outgoing_document`).
#[utoipa::path(post, path = "/api/v1/documents/outgoing", tag = "documents",
    security(("session" = []), ("token" = [])),
    request_body = DraftBody,
    responses(
        (status = 201, description = "已起草 (drafted); the state has the review chain and signer", body = DocumentView),
        (status = 422, description = "规则不允许或输入无效 (refused with violations, or invalid)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn draft(
    State(state): State<AppState>,
    caller: Caller,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(body): ApiJson<DraftBody>,
) -> Result<Response, Problem> {
    let w = who(&state, &caller).await?;
    if !w.is_office() && w.unit() != Some(body.draft.drafter.as_str()) {
        return Err(Problem::forbidden(
            "只有政府办公室或代拟部门本身可以起草 (only the office or the drafting department may draft)",
        ));
    }
    let actor = w.account.id.clone();
    let doc = outgoing::draft(&env(&state, &w), &actor, body.draft).map_err(refusal)?;
    let mut audit = cites(Audit::new(actor, "document.draft"), &doc.warnings);
    for s in &doc.chain {
        if let Some(c) = &s.citation {
            audit = audit.cite(c);
        }
    }
    let created = state
        .store
        .create_document(
            &audit,
            NewDocument {
                government_id: w.gov.clone(),
                direction: "out".into(),
                status: doc.status.id().into(),
                title: doc.draft.title.clone(),
                unit: doc.draft.drafter.clone(),
                due_on: None,
                returned: None,
                data: to_value(&doc)?,
                attachments: Vec::new(),
                inbox: vec![InboxOp::Todo(office_key(&w.gov))],
                idempotency_key: key,
            },
        )
        .await
        .map_err(crate::store_problem)?;
    Ok(respond(
        StatusCode::CREATED,
        view(&state, created.value).await?,
    ))
}

/// One document.
#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "documents",
    params(("id" = String, Path, description = "编号 (id)")),
    responses(
        (status = 200, description = "公文 (the document); ETag", body = DocumentView),
        (status = 404, description = "不存在或无权查看 (no such document)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let w = who(&state, &caller).await?;
    let d = state
        .store
        .get_document(&id)
        .await
        .map_err(crate::store_problem)?
        .ok_or_else(Problem::not_found)?;
    if !may_see(&w, &d) {
        return Err(Problem::not_found());
    }
    Ok(respond(StatusCode::OK, view(&state, d).await?))
}

/// The caller's inbox: 待办 (`todo`), 已办 (`done`), 抄送/传阅 (`cc`), newest first.
#[utoipa::path(get, path = "/api/v1/documents/inbox", tag = "documents", params(InboxQuery),
    responses((status = 200, description = "待办/已办/抄送 (the inbox)", body = InboxView)))]
pub async fn inbox(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<InboxQuery>,
) -> Result<Json<InboxView>, Problem> {
    let w = who(&state, &caller).await?;
    let b = q.r#box.unwrap_or_else(|| "todo".into());
    if !["todo", "done", "cc"].contains(&b.as_str()) {
        return Err(Problem::invalid(
            "box",
            "box 须为 todo、done 或 cc (box must be todo, done or cc)",
        ));
    }
    let office = w.is_office().then(|| office_key(&w.gov));
    let unit = w.unit().map(unit_key);
    let pos = w.position.as_deref().map(position_key);
    let actor = match q.of.as_deref() {
        Some("office") => office,
        Some("unit") => unit,
        Some("position") => pos,
        None => office.or(pos).or(unit),
        Some(_) => {
            return Err(Problem::invalid(
                "of",
                "of 须为 office、unit 或 position (of must be office, unit or position)",
            ));
        }
    }
    .ok_or_else(|| Problem::forbidden("没有这个收件箱 (no such inbox for you)"))?;
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(Problem::invalid(
            "limit",
            "limit 须在 1–200 之间 (limit must be 1–200)",
        ));
    }
    let before = q.before.as_deref().and_then(|c| c.split_once('|'));
    let items = state
        .store
        .document_inbox(&actor, &b, before, limit)
        .await
        .map_err(crate::store_problem)?;
    let next = if items.len() as i64 == limit {
        items.last().map(|i| format!("{}|{}", i.at, i.doc_id))
    } else {
        None
    };
    Ok(Json(InboxView {
        actor,
        r#box: b,
        items,
        next,
    }))
}

/// The 退文 record of a unit (the office, or the unit itself).
#[utoipa::path(get, path = "/api/v1/documents/returns/{id}", tag = "documents",
    params(("id" = String, Path, description = "单位编号 (department id)")),
    responses((status = 200, description = "退文记录 (the unit's returns, with every cited reason)", body = Vec<Object>)))]
pub async fn returns(
    State(state): State<AppState>,
    caller: Caller,
    Path(unit): Path<String>,
) -> Result<Json<Vec<zhengwu_store::documents::ReturnRecord>>, Problem> {
    let w = who(&state, &caller).await?;
    if !w.is_office() && w.unit() != Some(unit.as_str()) {
        return Err(Problem::forbidden(
            "只能查看本单位的退文记录 (only your own unit's returns)",
        ));
    }
    Ok(Json(
        state
            .store
            .document_returns(&unit)
            .await
            .map_err(crate::store_problem)?,
    ))
}

/// Expiry reminders: how many working days ahead (default [`EXPIRY_NOTICE_WORKING_DAYS`]).
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExpiringQuery {
    /// Working days ahead (1–250).
    pub within: Option<u32>,
}

/// How far ahead the expiry reminders look by default, and the scheduler's notice: a setting of
/// this system (no Work Rules state a reminder period).
pub const EXPIRY_NOTICE_WORKING_DAYS: u32 = 20;

/// One normative document in the register, with where it stands on its validity.
#[derive(Serialize, ToSchema)]
pub struct NormativeItem {
    pub doc_id: String,
    pub title: String,
    pub doc_number: Option<String>,
    pub registration_number: Option<String>,
    pub issued_on: String,
    pub valid_until: Option<String>,
    /// `unset`, `in_force`, `expiring` (ends by the horizon) or `expired`.
    pub validity: String,
}

/// A rule of the profile that the list answers to, with its citation.
#[derive(Serialize, ToSchema)]
pub struct NormativeRule {
    pub rule: String,
    #[schema(value_type = Object)]
    pub citation: zhengwu_rules::Citation,
}

/// A list of the normative-document register.
#[derive(Serialize, ToSchema)]
pub struct NormativeList {
    pub as_of: String,
    /// The last day counted as expiring.
    pub horizon: String,
    pub items: Vec<NormativeItem>,
    /// The profile's rules behind the list (validity and renewal for the expiry list; the
    /// clean-up rule for the clean-up list); empty where the profile states none.
    pub rules: Vec<NormativeRule>,
}

fn normative_rules(
    e: &Env<'_>,
    pick: impl Fn(
        &zhengwu_rules::profile::documents::Normative,
    ) -> Vec<&zhengwu_rules::profile::documents::Clause>,
) -> Vec<NormativeRule> {
    let Ok(loaded) = e.registry.in_force(e.profile, Some(e.today)) else {
        return Vec::new();
    };
    let ctx = zhengwu_rules::Ctx {
        profile: &loaded.profile,
        cal: e.calendar,
        exception: None,
    };
    pick(&loaded.profile.documents.normative)
        .into_iter()
        .map(|c| NormativeRule {
            rule: c.matrix.clone(),
            citation: ctx.cite_first(&c.cite),
        })
        .collect()
}

/// The day `n` working days after `today`.
pub fn horizon(cal: &zhengwu_calendar::Calendar, today: Date, n: u32) -> Result<Date, Problem> {
    let n = i32::try_from(n).unwrap_or(i32::MAX);
    cal.add_working_days(today, n)
        .map(|a| a.value)
        .map_err(|e| Problem::invalid("within", format!("无法计算工作日 ({e})")))
}

async fn normative_list(
    state: &AppState,
    e: &Env<'_>,
    gov: &str,
    within: u32,
    expiring_only: bool,
) -> Result<(Date, Vec<NormativeItem>), Problem> {
    let h = horizon(e.calendar, e.today, within)?;
    let by = h.to_string();
    let rows = state
        .store
        .normative_documents(Some(gov), expiring_only.then_some(by.as_str()), 10_000)
        .await
        .map_err(crate::store_problem)?;
    let items = rows
        .into_iter()
        .map(|r| {
            let v = outgoing::validity(r.valid_until.as_deref(), e.today, h);
            NormativeItem {
                validity: serde_json::to_value(v)
                    .ok()
                    .and_then(|x| x.as_str().map(String::from))
                    .unwrap_or_default(),
                doc_id: r.doc_id,
                title: r.title,
                doc_number: r.doc_number,
                registration_number: r.registration_number,
                issued_on: r.issued_on,
                valid_until: r.valid_until,
            }
        })
        .collect();
    Ok((h, items))
}

/// 有效期提醒: the government's normative documents whose validity ends within `within` working
/// days (expired ones included), with the profile's validity and renewal rules where stated.
#[utoipa::path(get, path = "/api/v1/documents/normative/expiring", tag = "documents",
    params(ExpiringQuery),
    responses((status = 200, description = "即将到期的规范性文件 (normative documents expiring soon)", body = NormativeList),
              (status = 403, description = "仅限办公室 (the office only)", body = Problem, content_type = "application/problem+json")))]
pub async fn normative_expiring(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ExpiringQuery>,
) -> Result<Json<NormativeList>, Problem> {
    let w = who(&state, &caller).await?;
    office_only(&w)?;
    let within = q.within.unwrap_or(EXPIRY_NOTICE_WORKING_DAYS);
    if !(1..=250).contains(&within) {
        return Err(Problem::invalid(
            "within",
            "提前工作日数须为 1–250 (within must be 1–250 working days)",
        ));
    }
    let e = env(&state, &w);
    let (h, items) = normative_list(&state, &e, &w.gov, within, true).await?;
    Ok(Json(NormativeList {
        as_of: e.today.to_string(),
        horizon: h.to_string(),
        items,
        rules: normative_rules(&e, |n| n.validity.iter().chain(n.renewal.iter()).collect()),
    }))
}

/// 文件清理: every normative document of the government with where it stands on its validity
/// (expired, expiring within the reminder period, no validity recorded, in force), for the
/// periodic clean-up; the profile's clean-up rule where stated.
#[utoipa::path(get, path = "/api/v1/documents/normative/cleanup", tag = "documents",
    responses((status = 200, description = "规范性文件清理清单 (the clean-up list)", body = NormativeList),
              (status = 403, description = "仅限办公室 (the office only)", body = Problem, content_type = "application/problem+json")))]
pub async fn normative_cleanup(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<NormativeList>, Problem> {
    let w = who(&state, &caller).await?;
    office_only(&w)?;
    let e = env(&state, &w);
    let (h, items) = normative_list(&state, &e, &w.gov, EXPIRY_NOTICE_WORKING_DAYS, false).await?;
    Ok(Json(NormativeList {
        as_of: e.today.to_string(),
        horizon: h.to_string(),
        items,
        rules: normative_rules(&e, |n| n.cleanup.iter().collect()),
    }))
}

/// The scheduler's expiry notices: each normative document whose validity ends within
/// [`EXPIRY_NOTICE_WORKING_DAYS`] working days (or has ended) is put in its office's 待办 once per
/// document, kind (`expiring` / `expired`) and end date. Returns how many notices were sent.
pub async fn send_expiry_notices(
    state: &AppState,
    cal: &zhengwu_calendar::Calendar,
    today: Date,
) -> Result<usize, Problem> {
    let h = horizon(cal, today, EXPIRY_NOTICE_WORKING_DAYS)?;
    let rows = state
        .store
        .normative_documents(None, Some(&h.to_string()), 10_000)
        .await
        .map_err(crate::store_problem)?;
    let mut sent = 0;
    for r in rows {
        let Some(until) = r.valid_until.clone() else {
            continue;
        };
        let expired = until < today.to_string();
        let (kind, message) = if expired {
            (
                "expired",
                format!(
                    "规范性文件《{}》有效期已于 {until} 届满，请清理或按规定延续",
                    r.title
                ),
            )
        } else {
            (
                "expiring",
                format!(
                    "规范性文件《{}》有效期将于 {until} 届满，请及时评估是否延续",
                    r.title
                ),
            )
        };
        let notice = zhengwu_store::NormativeNotice {
            doc_id: r.doc_id.clone(),
            kind: kind.into(),
            period: until,
            government_id: r.government_id.clone(),
            message,
            sent_at: String::new(),
        };
        let audit = Audit::new("system:scheduler", format!("document.normative.{kind}"));
        if state
            .store
            .send_normative_notice(&audit, &notice, &office_key(&r.government_id))
            .await
            .map_err(crate::store_problem)?
        {
            sent += 1;
        }
    }
    Ok(sent)
}

/// The attachments of a document, with their SHA-256.
#[utoipa::path(get, path = "/api/v1/documents/{id}/attachments", tag = "documents",
    params(("id" = String, Path, description = "编号 (id)")),
    responses((status = 200, description = "附件 (attachments: name, type, size, sha256)", body = Vec<Object>)))]
pub async fn attachments(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<zhengwu_store::documents::Attachment>>, Problem> {
    let w = who(&state, &caller).await?;
    let d = state
        .store
        .get_document(&id)
        .await
        .map_err(crate::store_problem)?
        .ok_or_else(Problem::not_found)?;
    if !may_see(&w, &d) {
        return Err(Problem::not_found());
    }
    Ok(Json(
        state
            .store
            .document_attachments(&id)
            .await
            .map_err(crate::store_problem)?,
    ))
}

/// The register entry of an issued normative document.
fn normative_entry(doc: &Outgoing) -> Option<zhengwu_store::NormativeEntry> {
    (doc.draft.category == "normative_document").then(|| zhengwu_store::NormativeEntry {
        registration_number: doc.registration_number.clone(),
        issued_on: doc.issued_on.clone().unwrap_or_default(),
        valid_until: doc.valid_until.clone(),
    })
}

/// The rule under which someone acts for a leader of this role while away: the head's acting
/// (主持工作, `org.acting_head`), a vice head's 工作补位 (`org.substitution`), where stated.
fn acting_citation(e: &Env<'_>, role: Role) -> Option<zhengwu_rules::Citation> {
    let loaded = e.registry.in_force(e.profile, Some(e.today)).ok()?;
    let org = &loaded.profile.org;
    let cite = if role == Role::Head {
        org.acting_head.as_ref().map(|a| &a.cite)
    } else {
        org.substitution.as_ref().map(|s| &s.cite)
    }?;
    let ctx = zhengwu_rules::Ctx {
        profile: &loaded.profile,
        cal: e.calendar,
        exception: None,
    };
    Some(ctx.cite(cite))
}

/// The leaders of the government for routing: the clerk's `absent` entries, and the approved
/// leaves (#7) covering today — whoever the leave names acts, under the profile's rule.
async fn leaders(
    state: &AppState,
    e: &Env<'_>,
    gov: &str,
    absent: &[String],
) -> Result<Vec<Leader>, Problem> {
    let mut out = leaders_of(state, gov, absent).await?;
    let day = e.today.to_string();
    for l in &mut out {
        let acting = state
            .store
            .acting_for(&l.position_id, &day)
            .await
            .map_err(crate::store_problem)?;
        l.on_leave = acting.map(|a| incoming::OnLeave {
            acting_position_id: a,
            citation: Role::from_id(&l.role).and_then(|r| acting_citation(e, r)),
        });
    }
    Ok(out)
}

async fn leaders_of(
    state: &AppState,
    gov: &str,
    absent: &[String],
) -> Result<Vec<Leader>, Problem> {
    let org = state
        .store
        .government_org(gov)
        .await
        .map_err(crate::store_problem)?;
    let mut out = Vec::new();
    for p in &org.positions {
        let Some(role) = Role::from_id(&p.role) else {
            continue;
        };
        if !matches!(
            role,
            Role::Head | Role::ExecutiveDeputy | Role::Deputy | Role::PresidingDeputy
        ) {
            continue;
        }
        let mine = org.portfolios.iter().filter(|f| f.position_id == p.id);
        let (mut departments, mut matters) = (Vec::new(), Vec::new());
        for f in mine {
            match f.subject_kind {
                zhengwu_store::org::SubjectKind::Department => departments.push(f.subject.clone()),
                _ => matters.push(f.subject.clone()),
            }
        }
        out.push(Leader {
            position_id: p.id.clone(),
            role: p.role.clone(),
            title: p.title.clone(),
            person_id: p.person_id.clone(),
            rank: p.rank,
            departments,
            matters,
            substitutes: org
                .substitutions
                .iter()
                .filter(|s| s.position_id == p.id)
                .map(|s| s.substitute_id.clone())
                .collect(),
            absent: absent.contains(&p.id),
            on_leave: None,
        });
    }
    out.sort_by_key(|l| l.rank);
    Ok(out)
}

fn office_only(w: &Who) -> Result<(), Problem> {
    if w.is_office() {
        Ok(())
    } else {
        Err(Problem::forbidden(
            "此步骤由政府办公室办理 (the general office does this step)",
        ))
    }
}

/// One step of the workflow, based on the version in `If-Match`.
#[utoipa::path(post, path = "/api/v1/documents/{id}/actions", tag = "documents",
    security(("session" = []), ("token" = [])),
    params(
        ("id" = String, Path, description = "编号 (id)"),
        ("If-Match" = String, Header, description = "所依据的版本 (the version the step is based on)"),
    ),
    request_body = DocAction,
    responses(
        (status = 200, description = "已办理 (done); ETag", body = DocumentView),
        (status = 403, description = "不是此步骤的办理人 (not yours to do)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "版本冲突或状态不允许 (version conflict, or not possible in this state)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "规则不允许（violations）或输入无效 (refused by the rules, or invalid)", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "未指明版本 (no version given)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn act(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    if_match: IfMatch,
    ApiJson(action): ApiJson<DocAction>,
) -> Result<Response, Problem> {
    let w = who(&state, &caller).await?;
    let Some(version) = if_match.0 else {
        return Err(Problem::new(
            StatusCode::PRECONDITION_REQUIRED,
            "version-required",
            "须指明所依据的版本 (the version is required)",
            "请带 If-Match 头 (send If-Match)",
        ));
    };
    let d = state
        .store
        .get_document(&id)
        .await
        .map_err(crate::store_problem)?
        .ok_or_else(Problem::not_found)?;
    if !may_see(&w, &d) {
        return Err(Problem::not_found());
    }
    let e = env(&state, &w);
    let actor = w.account.id.clone();
    let change = if d.direction == "in" {
        incoming_step(&state, &w, &e, &actor, &d, action).await?
    } else {
        outgoing_step(&state, &w, &e, &actor, &d, action).await?
    };
    let (mut change, audit) = change;
    change.followup = register_write(&state, &actor, &d, &change, &audit.action).await?;
    let doc = state
        .store
        .update_document(&audit, &id, version, change)
        .await
        .map_err(crate::store_problem)?;
    Ok(respond(StatusCode::OK, view(&state, doc).await?))
}

/// The proactive disclosure register's write that goes with a document's change, in its transaction
/// (docs/followup.md): an issued 主动公开 document enters the register (its number as allocated by
/// the issue), and a publication recorded on the document is recorded in its entry too (the latest
/// one). So the register never misses an issued document or disagrees with it; if the entry cannot
/// be written, the document's change is refused with the reason.
async fn register_write(
    state: &AppState,
    actor: &str,
    d: &Document,
    change: &DocumentChange,
    action: &str,
) -> Result<Option<zhengwu_store::FollowupWrite>, Problem> {
    let proactive = change.data["draft"]["disclosure"].as_str() == Some("proactive");
    if action == "document.issue" && proactive {
        let registered = state
            .store
            .followup_by_ref("publication", &d.id)
            .await
            .map_err(crate::store_problem)?;
        if registered.is_some() {
            return Ok(None);
        }
        // The document as this change leaves it.
        let after = Document {
            status: change.status.clone(),
            data: change.data.clone(),
            ..d.clone()
        };
        let (audit, new) = crate::api::followup::publication_entry(state, actor, &after).await?;
        return Ok(Some(zhengwu_store::FollowupWrite::Create {
            audit,
            new,
            number_key: Some("doc_number".into()),
        }));
    }
    if action == "document.publish"
        && let Some(p) = change.data["publications"]
            .as_array()
            .and_then(|a| a.last())
        && let (Some(ch), Some(on)) = (p["channel"].as_str(), p["on"].as_str())
        && let Ok(on) = on.parse::<Date>()
    {
        return crate::api::followup::reconcile_publication(state, actor, &d.id, on, ch).await;
    }
    Ok(None)
}

fn decode<T: serde::de::DeserializeOwned>(d: &Document) -> Result<T, Problem> {
    serde_json::from_value(d.data.clone()).map_err(|e| {
        tracing::error!(id = %d.id, error = %e, "stored document does not decode");
        Problem::internal("存储的公文已损坏 (a stored document is corrupt)")
    })
}

async fn incoming_step(
    state: &AppState,
    w: &Who,
    e: &Env<'_>,
    actor: &str,
    d: &Document,
    action: DocAction,
) -> Result<(DocumentChange, Audit), Problem> {
    let mut doc: Incoming = decode(d)?;
    let gov = w.gov.as_str();
    let mut returned = None;
    let (name, inbox) = match action {
        DocAction::Accept { confirm_warnings } => {
            office_only(w)?;
            (
                "document.accept",
                doc.accept(e, gov, actor, confirm_warnings),
            )
        }
        DocAction::Return { notes } => {
            office_only(w)?;
            let r = doc.return_doc(e, gov, actor, notes);
            if r.is_ok() {
                returned = Some(to_value(&serde_json::json!({
                    "reasons": doc.return_reasons, "notes": doc.return_notes
                }))?);
            }
            ("document.return", r)
        }
        DocAction::Withdraw => ("document.withdraw", doc.withdraw(e, gov, actor, w.unit())),
        DocAction::Route { absent } => {
            office_only(w)?;
            let ls = leaders(state, e, gov, &absent).await?;
            let r = incoming::route(&ls, &doc.meta)
                .and_then(|routing| doc.route_to(e, gov, actor, routing));
            ("document.route", r)
        }
        DocAction::Instruct {
            opinion,
            name,
            date,
        } => (
            "document.instruct",
            doc.instruct(
                e,
                gov,
                actor,
                w.position.as_deref().unwrap_or(""),
                Instruction::Instruct {
                    opinion,
                    name,
                    date,
                },
            ),
        ),
        DocAction::Read { name, date } => (
            "document.read",
            doc.instruct(
                e,
                gov,
                actor,
                w.position.as_deref().unwrap_or(""),
                Instruction::Read { name, date },
            ),
        ),
        DocAction::Dispatch {
            lead,
            co_units,
            special,
        } => {
            office_only(w)?;
            (
                "document.dispatch",
                doc.dispatch(e, gov, actor, &lead, co_units, special),
            )
        }
        DocAction::Reply { text } => {
            let unit = w.unit().ok_or_else(|| {
                Problem::forbidden("只有承办单位可以回复 (only a unit may reply)")
            })?;
            ("document.reply", doc.reply(e, gov, actor, unit, &text))
        }
        DocAction::Close => {
            office_only(w)?;
            ("document.close", doc.close(e, gov, actor))
        }
        DocAction::Circulate { to } => {
            office_only(w)?;
            ("document.circulate", doc.share(e, actor, to, true))
        }
        DocAction::Cc { to } => {
            office_only(w)?;
            ("document.cc", doc.share(e, actor, to, false))
        }
        DocAction::Remind { note } => {
            office_only(w)?;
            let r = doc.remind(e, actor, &note).map(|units| {
                units
                    .iter()
                    .map(|u| InboxChange::Todo(unit_key(u)))
                    .collect()
            });
            ("document.remind", r)
        }
        _ => {
            return Err(Problem::invalid(
                "action",
                "收文没有此步骤 (no such step for an incoming document)",
            ));
        }
    };
    let inbox = inbox.map_err(refusal)?;
    let mut audit = Audit::new(actor, name);
    if let Some(dd) = doc.dispatch.as_ref().and_then(|x| x.due.as_ref()) {
        audit = audit.cite(&dd.citation);
    }
    if name == "document.route"
        && let Some(c) = doc.routing.as_ref().and_then(|r| r.citation.as_ref())
    {
        audit = audit.cite(c);
    }
    audit = cites(audit, &doc.return_reasons);
    Ok((
        DocumentChange {
            status: doc.status.id().into(),
            due_on: doc
                .dispatch
                .as_ref()
                .and_then(|x| x.due.as_ref())
                .map(|x| x.due.clone()),
            data: to_value(&doc)?,
            inbox: ops(inbox),
            returned,
            ..DocumentChange::default()
        },
        audit,
    ))
}

async fn outgoing_step(
    state: &AppState,
    w: &Who,
    e: &Env<'_>,
    actor: &str,
    d: &Document,
    action: DocAction,
) -> Result<(DocumentChange, Audit), Problem> {
    let mut doc: Outgoing = decode(d)?;
    let mut change = DocumentChange::default();
    let mut audit_cites: Vec<zhengwu_rules::Citation> = Vec::new();
    let drafter_or_office = |w: &Who| -> Result<(), Problem> {
        if w.is_office() || w.unit() == Some(doc.draft.drafter.as_str()) {
            Ok(())
        } else {
            Err(Problem::forbidden(
                "由代拟部门或政府办公室办理 (the drafter or the office does this)",
            ))
        }
    };
    let name = match action {
        DocAction::CountersignRequest { units, complex } => {
            drafter_or_office(w)?;
            let units2 = units.clone();
            doc.request_countersign(e, actor, units, complex)
                .map_err(refusal)?;
            change.inbox = units2.iter().map(|u| InboxOp::Todo(unit_key(u))).collect();
            "document.countersign.request"
        }
        DocAction::CountersignExtend { unit, agreed_due } => {
            drafter_or_office(w)?;
            doc.extend_countersign(e, actor, &unit, &agreed_due)
                .map_err(refusal)?;
            "document.countersign.extend"
        }
        DocAction::CountersignAnswer { agree, grounds } => {
            let unit = w
                .unit()
                .ok_or_else(|| {
                    Problem::forbidden("只有会签单位可以会签 (only a unit countersigns)")
                })?
                .to_string();
            doc.answer_countersign(e, actor, &unit, agree, &grounds)
                .map_err(refusal)?;
            change.inbox = vec![InboxOp::Done(unit_key(&unit))];
            "document.countersign.answer"
        }
        DocAction::Disagreement {
            unit,
            drafter_grounds,
            preferred_option,
        } => {
            drafter_or_office(w)?;
            doc.document_disagreement(e, actor, &unit, &drafter_grounds, &preferred_option)
                .map_err(refusal)?;
            "document.countersign.disagreement"
        }
        DocAction::Sign { head_away } => {
            let mut roles: Vec<String> = w.roles.iter().map(|r| r.id().to_string()).collect();
            if w.roles.contains(&Role::Deputy) && w.portfolio.contains(&doc.draft.drafter) {
                roles.insert(0, Role::DeputyInCharge.id().to_string());
            }
            doc.sign(e, actor, &roles, &w.name, head_away)
                .map_err(refusal)?;
            if let Some(c) = doc.signature.as_ref().and_then(|s| s.citation.clone()) {
                audit_cites.push(c);
            }
            change.inbox = vec![InboxOp::Todo(office_key(&w.gov))];
            "document.sign"
        }
        DocAction::Seal { authorised_by_head } => {
            let roles: Vec<String> = w.roles.iter().map(|r| r.id().to_string()).collect();
            doc.approve_seal(e, actor, &roles, &w.name, authorised_by_head)
                .map_err(refusal)?;
            "document.seal"
        }
        DocAction::Issue {
            registration_number,
            valid_until,
        } => {
            office_only(w)?;
            let year = i64::from(e.today.year());
            let quota = NumberRequest {
                issuer: w.gov.clone(),
                series: format!("quota:{}:normative", doc.draft.issuer),
                year,
            };
            let issued = state
                .store
                .document_counter(&quota)
                .await
                .map_err(crate::store_problem)?;
            doc.check_quota(e, issued).map_err(refusal)?;
            if doc.draft.category == "normative_document" && !doc.draft.implements_superior_document
            {
                change.count = Some(quota);
            }
            // The number is allocated inside the write; the domain records it via the store.
            doc.issue(
                e,
                actor,
                String::new(),
                outgoing::IssueFacts {
                    registration_number,
                    valid_until,
                },
            )
            .map_err(refusal)?;
            change.normative = normative_entry(&doc);
            change.number = Some(NumberRequest {
                issuer: w.gov.clone(),
                series: doc.draft.series.clone(),
                year,
            });
            change.number_field = "doc_number".into();
            let mut inbox = vec![InboxOp::Done(office_key(&w.gov))];
            inbox.extend(doc.draft.main_to.iter().map(|u| InboxOp::Cc(unit_key(u))));
            inbox.extend(doc.draft.cc.iter().map(|u| InboxOp::Cc(unit_key(u))));
            change.inbox = inbox;
            "document.issue"
        }
        DocAction::LegalityReview {
            reviewer,
            opinion,
            passed,
            date,
        } => {
            drafter_or_office(w)?;
            let cites = doc
                .record_legality_review(e, actor, &reviewer, &opinion, passed, date.as_deref())
                .map_err(refusal)?;
            audit_cites.extend(cites);
            "document.legality_review"
        }
        DocAction::Publish { channel, date } => {
            office_only(w)?;
            if let Some(c) = doc
                .publish(e, actor, &channel, date.as_deref())
                .map_err(refusal)?
            {
                audit_cites.push(c);
            }
            "document.publish"
        }
        DocAction::Renew {
            valid_until,
            registration_number,
            review,
        } => {
            office_only(w)?;
            if let Some(c) = doc
                .renew(
                    e,
                    actor,
                    outgoing::IssueFacts {
                        registration_number,
                        valid_until: Some(valid_until),
                    },
                    &review,
                )
                .map_err(refusal)?
            {
                audit_cites.push(c);
            }
            change.normative = normative_entry(&doc);
            "document.renew"
        }
        _ => {
            return Err(Problem::invalid(
                "action",
                "发文没有此步骤 (no such step for an outgoing document)",
            ));
        }
    };
    let mut audit = Audit::new(actor, name);
    for c in &audit_cites {
        audit = audit.cite(c);
    }
    for cs in &doc.countersigns {
        if let Some(dd) = &cs.due {
            audit = audit.cite(&dd.citation);
        }
    }
    change.status = doc.status.id().into();
    change.due_on = doc
        .countersigns
        .iter()
        .filter(|c| c.replied_on.is_none())
        .filter_map(|c| c.due.as_ref().map(|x| x.due.clone()))
        .min();
    change.data = to_value(&doc)?;
    Ok((change, audit))
}

/// Creates `count` incoming documents (and `count / 4` outgoing ones) for a government, spread over
/// their life cycles — registered, returned (with cited reasons), withdrawn, accepted, with a
/// leader, instructed, dispatched, replied, closed; drafted, countersigning, signed, issued with
/// their numbers — through the same decisions and audited writes as the API. Deterministic for a
/// given organisation, profile and date. Returns how many documents were written.
pub async fn seed_demo(
    store: &zhengwu_store::Store,
    registry: &zhengwu_rules::Registry,
    calendar: &zhengwu_calendar::Calendar,
    government_id: &str,
    count: usize,
) -> Result<usize, Box<dyn std::error::Error + Send + Sync>> {
    let org = store.government_org(government_id).await?;
    let profile = org
        .governments
        .iter()
        .find(|g| g.id == government_id)
        .map(|g| g.profile_id.clone())
        .ok_or_else(|| format!("no government {government_id}"))?;
    let units: Vec<String> = org.departments.iter().map(|d| d.id.clone()).collect();
    if units.len() < 2 {
        return Err("the demo needs at least two departments".into());
    }
    let mut leaders = Vec::new();
    for p in &org.positions {
        if matches!(
            p.role.as_str(),
            "head" | "executive_deputy" | "deputy" | "presiding_deputy"
        ) {
            let (mut departments, mut matters) = (Vec::new(), Vec::new());
            for f in org.portfolios.iter().filter(|f| f.position_id == p.id) {
                match f.subject_kind {
                    zhengwu_store::org::SubjectKind::Department => {
                        departments.push(f.subject.clone())
                    }
                    _ => matters.push(f.subject.clone()),
                }
            }
            leaders.push(Leader {
                position_id: p.id.clone(),
                role: p.role.clone(),
                title: p.title.clone(),
                person_id: p.person_id.clone(),
                rank: p.rank,
                departments,
                matters,
                substitutes: Vec::new(),
                absent: false,
                on_leave: None,
            });
        }
    }
    leaders.sort_by_key(|l| l.rank);
    let e = Env {
        registry,
        calendar,
        profile: &profile,
        today: crate::time::today(store),
    };
    let gov = government_id;
    let actor = "system:demo";
    let subjects = [
        "校舍维修资金",
        "道路养护经费",
        "防汛物资储备",
        "老旧小区改造",
        "农业保险补贴",
        "公共文化设施建设",
    ];
    let mut written = 0usize;
    for i in 0..count {
        let unit = &units[i % units.len()];
        let subject = subjects[i % subjects.len()];
        let informal = i % 9 == 4;
        let mut meta: incoming::Meta = serde_json::from_value(serde_json::json!({
            "title": format!("关于{subject}的请示（{}）", i + 1),
            "doc_type": if i % 5 == 3 { "报告" } else { "请示" },
            "form": if informal { "呈阅件" } else { "formal" },
            "doc_number": format!("示例发〔{}〕{}号", e.today.year(), i + 1),
            "signer_name": "局长",
            "unit": unit,
            "contact": "联系人：办公室 0635-1234567",
            "matter": subject,
            "major": i % 13 == 0,
            "main_recipients": ["人民政府"],
            "text": format!("关于{subject}的有关情况\n拟申请{subject}。"),
        }))?;
        meta.urgency = if i % 7 == 0 {
            "加急".into()
        } else {
            "平件".into()
        };
        let reg = incoming::register(&e, gov, actor, meta)?;
        let mut doc = reg.doc;
        let returned = doc.status == incoming::Status::Returned;
        let created = store
            .create_document(
                &cites(
                    Audit::new(actor, "document.register"),
                    doc.lint.violations.iter(),
                ),
                NewDocument {
                    government_id: gov.into(),
                    direction: "in".into(),
                    status: doc.status.id().into(),
                    title: doc.meta.title.clone(),
                    unit: unit.clone(),
                    due_on: None,
                    data: serde_json::to_value(&doc)?,
                    attachments: Vec::new(),
                    inbox: ops(reg.inbox),
                    returned: returned.then(|| serde_json::json!(doc.return_reasons)),
                    idempotency_key: None,
                },
            )
            .await?
            .value;
        written += 1;
        if returned {
            continue;
        }
        let stage = i % 8;
        let mut version = created.version;
        let mut steps: Vec<(&str, Result<Vec<InboxChange>, Refusal>)> = Vec::new();
        if stage == 1 {
            steps.push((
                "document.withdraw",
                doc.withdraw(&e, gov, actor, Some(unit)),
            ));
        }
        if stage >= 2 {
            steps.push(("document.accept", doc.accept(&e, gov, actor, true)));
        }
        if stage >= 3 && !leaders.is_empty() {
            let r =
                incoming::route(&leaders, &doc.meta).and_then(|r| doc.route_to(&e, gov, actor, r));
            steps.push(("document.route", r));
            if stage >= 4 {
                let pos = doc
                    .routing
                    .as_ref()
                    .map(|r| r.position_id.clone())
                    .unwrap_or_default();
                let ins = Instruction::Instruct {
                    opinion: "同意，请相关部门抓紧办理。".into(),
                    name: doc
                        .routing
                        .as_ref()
                        .map(|r| r.title.clone())
                        .unwrap_or_default(),
                    date: e.today.to_string(),
                };
                steps.push(("document.instruct", doc.instruct(&e, gov, actor, &pos, ins)));
            }
        }
        if stage >= 5 && doc.status == incoming::Status::Instructed {
            let lead = units[(i + 1) % units.len()].clone();
            let co = vec![units[(i + 2) % units.len()].clone()]
                .into_iter()
                .filter(|c| *c != lead)
                .collect();
            steps.push((
                "document.dispatch",
                doc.dispatch(&e, gov, actor, &lead.clone(), co, false),
            ));
            if stage >= 6 {
                steps.push((
                    "document.reply",
                    doc.reply(&e, gov, actor, &lead, "已按批示办理完毕。"),
                ));
            }
            if stage >= 7 {
                steps.push(("document.close", doc.close(&e, gov, actor)));
            }
        }
        for (name, r) in steps {
            let Ok(inbox) = r else { break };
            let d = store
                .update_document(
                    &Audit::new(actor, name),
                    &created.id,
                    version,
                    DocumentChange {
                        status: doc.status.id().into(),
                        due_on: doc
                            .dispatch
                            .as_ref()
                            .and_then(|x| x.due.as_ref())
                            .map(|x| x.due.clone()),
                        data: serde_json::to_value(&doc)?,
                        inbox: ops(inbox),
                        ..DocumentChange::default()
                    },
                )
                .await?;
            version = d.version;
        }
    }
    // Outgoing documents.
    for i in 0..count / 4 {
        let drafter = &units[i % units.len()];
        let d: outgoing::Draft = serde_json::from_value(serde_json::json!({
            "title": format!("关于做好{}工作的通知", subjects[i % subjects.len()]),
            "drafter": drafter,
            "disclosure": "proactive",
            "series": "示政发",
            "main_to": units,
            "facts": {"basis": "meeting_decision", "office_reviewed": true},
        }))?;
        let Ok(mut doc) = outgoing::draft(&e, actor, d) else {
            continue;
        };
        let created = store
            .create_document(
                &Audit::new(actor, "document.draft"),
                NewDocument {
                    government_id: gov.into(),
                    direction: "out".into(),
                    status: doc.status.id().into(),
                    title: doc.draft.title.clone(),
                    unit: drafter.clone(),
                    due_on: None,
                    data: serde_json::to_value(&doc)?,
                    attachments: Vec::new(),
                    inbox: vec![InboxOp::Todo(office_key(gov))],
                    returned: None,
                    idempotency_key: None,
                },
            )
            .await?
            .value;
        written += 1;
        let stage = i % 4;
        if stage >= 1 {
            let other = units[(i + 1) % units.len()].clone();
            doc.request_countersign(&e, actor, vec![other.clone()], false)?;
            if stage >= 2 {
                doc.answer_countersign(&e, actor, &other, true, "")?;
                let signer = doc
                    .chain
                    .iter()
                    .rev()
                    .find(|s| s.step == zhengwu_rules::verdict::Step::Sign)
                    .map(|s| s.role.id().to_string())
                    .unwrap_or_else(|| "head".into());
                doc.sign(&e, actor, &[signer], "签发人", false)?;
            }
            let mut change = DocumentChange {
                status: doc.status.id().into(),
                data: serde_json::Value::Null,
                ..DocumentChange::default()
            };
            if stage >= 3 {
                // Approval of the seal, by the head, where the profile names approvers.
                let _ = doc.approve_seal(&e, actor, &["head".to_string()], "主要负责人", false);
                doc.issue(&e, actor, String::new(), outgoing::IssueFacts::default())?;
                change.status = doc.status.id().into();
                change.number = Some(NumberRequest {
                    issuer: gov.into(),
                    series: doc.draft.series.clone(),
                    year: i64::from(e.today.year()),
                });
                change.number_field = "doc_number".into();
            }
            change.data = serde_json::to_value(&doc)?;
            store
                .update_document(
                    &Audit::new(actor, "document.demo_progress"),
                    &created.id,
                    created.version,
                    change,
                )
                .await?;
        }
    }
    Ok(written)
}

/// The demo hook: seeds 240 incoming and 60 outgoing documents once per government (idempotent: a
/// government that already has documents is left as it is).
pub async fn seed_demo_once(
    store: &zhengwu_store::Store,
    registry: &zhengwu_rules::Registry,
    government_id: &str,
) -> Result<usize, zhengwu_store::StoreError> {
    if !store
        .list_documents(government_id, "in", None, None, 1)
        .await?
        .is_empty()
    {
        return Ok(0);
    }
    let calendar = zhengwu_calendar::Calendar::official();
    seed_demo(store, registry, &calendar, government_id, 240)
        .await
        .map_err(|e| zhengwu_store::StoreError::Invalid {
            zh: format!("公文演示数据未能生成：{e}"),
            en: format!("the documents demo could not be seeded: {e}"),
        })
}
