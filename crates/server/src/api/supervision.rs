//! 督查督办台账: the supervision ledger over HTTP.
//!
//! - `POST /api/v1/supervision/items` (office): 立项 — source, lead unit (a department id), co-units,
//!   responsible person, optional time limit set at registration (a period, counted from
//!   `assigned_on` through the calendar and cited to the profile's `supervision.assigned_deadline`);
//! - `GET /api/v1/supervision/items` : the ledger page (due-date order, keyset pagination, filters);
//! - `GET /api/v1/supervision/items/{id}`: the item with its assessment — the `supervision_item`
//!   verdict of the rules crate (deadlines that explain themselves, escalation chain), the status,
//!   the 蓝黄红 colour where the profile has one, and the notices sent;
//! - `POST /api/v1/supervision/items/{id}/actions`: a command (report, remind, consent, escalate,
//!   extend, verify, close, review, notified, field_inspection) with `version`; a refusal is 422
//!   with citations (a field inspection is checked against the profile's R5.06 conditions);
//! - `GET /api/v1/supervision/reports`: per unit (on-time rate) or per source;
//! - `GET /api/v1/supervision/export.xlsx`: the ledger as a workbook.
//!
//! Every decision goes through `zhengwu_domain::supervision`, which evaluates the `supervision_item`
//! kind — the ledger and `zhengwu check` cannot disagree.

use crate::AppState;
use crate::auth::Caller;
use crate::extract::ApiJson;
use crate::policy::{Action, Decision, Object, authorize};
use crate::problem::{Problem, Violation, ViolationCitation};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use zhengwu_calendar::Date;
use zhengwu_domain::supervision::{Assessment, Command, Env, Item, Refusal, Stage};
use zhengwu_rules::Period;
use zhengwu_store::{Audit, LedgerQuery, NewSupItem, ReportBy, SupItem, SupProjection};

/// The projection the store indexes, from the item and its assessment.
pub fn projection(item: &Item, a: &Assessment) -> SupProjection {
    SupProjection {
        stage: item.stage.id().to_string(),
        is_open: item.stage.is_open(),
        due_on: a.due_on.map(|d| d.to_string()),
        status: a.status.clone(),
        colour: a.colour.clone(),
        provisional: a.provisional,
        completed_on: item.completed_on.map(|d| d.to_string()),
        closed_on: item.closed_on.map(|d| d.to_string()),
        on_time: item
            .completed_on
            .map(|_| a.verdict.status.as_str() != Some("overdue")),
        reminders_total: i64::from(item.reminders_total),
    }
}

pub fn refusal_problem(r: Refusal) -> Problem {
    let violations = r
        .citations
        .iter()
        .map(|c| Violation {
            rule: "supervision".into(),
            citation: ViolationCitation {
                profile: c.profile.clone(),
                article: c.article.clone(),
                text: c.text.clone(),
                quote: c.quote.clone(),
            },
            message: format!("{} ({})", r.message, r.message_en),
        })
        .collect::<Vec<_>>();
    if violations.is_empty() {
        let mut p = Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "rule-refused",
            "规则不允许 (refused by the rules)",
            format!("{} ({})", r.message, r.message_en),
        );
        p.violations = Vec::new();
        p
    } else {
        let mut p = Problem::refused(violations);
        p.detail = format!("{} ({})", r.message, r.message_en);
        p
    }
}

fn decode(it: &SupItem) -> Result<Item, Problem> {
    serde_json::from_value(it.data.clone()).map_err(|e| {
        tracing::error!(id = %it.id, error = %e, "stored supervision item does not decode");
        Problem::internal("存储的督办事项已损坏 (a stored item is corrupt)")
    })
}

fn deny(caller: &Caller, why: &'static str) -> Problem {
    if caller.actor.is_authenticated() {
        Problem::forbidden(why)
    } else {
        Problem::unauthenticated()
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewItem {
    pub government_id: String,
    /// meeting_decision | leader_instruction | work_report | superior_deployment | npc_suggestion |
    /// cppcc_proposal | audit_finding | other
    pub source: String,
    pub title: String,
    /// The lead unit's department id.
    pub lead_unit: String,
    #[serde(default)]
    pub co_units: Vec<String>,
    pub responsible: String,
    /// `YYYY-MM-DD`; today when absent.
    pub assigned_on: Option<String>,
    /// The time limit set at 立项, e.g. `{"working_days_after": 10}`.
    #[schema(value_type = Option<Object>)]
    pub limit: Option<Period>,
    /// A broad or hard deputies' suggestion (6-month limit where the profile has one).
    #[serde(default)]
    pub complex: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ItemView {
    pub id: String,
    pub version: i64,
    pub government_id: String,
    pub profile: String,
    pub source: String,
    pub source_label: String,
    pub title: String,
    pub lead_unit: String,
    pub responsible: String,
    pub assigned_on: String,
    pub stage: String,
    pub due_on: Option<String>,
    pub status: String,
    pub colour: Option<String>,
    pub provisional: bool,
    pub reminders_total: i64,
    /// The stored item (start, limit with extensions, progress, reminders, reviews).
    #[schema(value_type = Object)]
    pub item: Value,
}

#[derive(Serialize, ToSchema)]
pub struct ItemDetail {
    #[serde(flatten)]
    pub view: ItemView,
    /// The `supervision_item` verdict on today: deadlines with their explanations and citations.
    #[schema(value_type = Object)]
    pub verdict: Value,
    /// The item's current step in the government's own words, with its citation (R5.03); `null`
    /// where the profile states no steps (昌乐, 张店).
    #[schema(value_type = Option<Object>)]
    pub step: Option<Value>,
    /// Notices sent by the scheduler (催办, 临期提醒, 升级提示).
    #[schema(value_type = Vec<Object>)]
    pub notices: Vec<Value>,
}

fn view(it: &SupItem) -> ItemView {
    ItemView {
        id: it.id.clone(),
        version: it.version,
        government_id: it.government_id.clone(),
        profile: it.profile_id.clone(),
        source: it.source.clone(),
        source_label: zhengwu_domain::supervision::source_label(&it.source)
            .unwrap_or("")
            .to_string(),
        title: it.title.clone(),
        lead_unit: it.lead_unit.clone(),
        responsible: it.responsible.clone(),
        assigned_on: it.assigned_on.clone(),
        stage: it.projection.stage.clone(),
        due_on: it.projection.due_on.clone(),
        status: it.projection.status.clone(),
        colour: it.projection.colour.clone(),
        provisional: it.projection.provisional,
        reminders_total: it.projection.reminders_total,
        item: it.data.clone(),
    }
}

async fn profile_of_government(state: &AppState, government_id: &str) -> Result<String, Problem> {
    let org = state.store.org().await.map_err(crate::store_problem)?;
    org.governments
        .iter()
        .find(|g| g.id == government_id)
        .map(|g| g.profile_id.clone())
        .ok_or_else(|| {
            Problem::invalid(
                "government_id",
                format!("组织机构中没有政府 \"{government_id}\" (no such government)"),
            )
        })
}

fn parse_date(path: &str, s: &str) -> Result<Date, Problem> {
    zhengwu_calendar::parse_date(s)
        .map_err(|e| Problem::invalid(path, format!("日期无效 (invalid date): {e}")))
}

/// Registers an item (立项) and assesses it through the rules.
pub async fn register(state: &AppState, actor: &str, new: NewItem) -> Result<SupItem, Problem> {
    if zhengwu_domain::supervision::source_label(&new.source).is_none() {
        return Err(Problem::invalid(
            "source",
            format!("未知的来源 \"{}\" (unknown source)", new.source),
        ));
    }
    let profile = profile_of_government(state, &new.government_id).await?;
    let today = state.today();
    let assigned_on = match &new.assigned_on {
        Some(s) => parse_date("assigned_on", s)?,
        None => today,
    };
    let cal = state.calendar();
    let env = Env {
        registry: &state.registry,
        calendar: &cal,
        thresholds: None,
    };
    let mut item = Item {
        profile: profile.clone(),
        source: new.source.clone(),
        title: new.title.clone(),
        lead_unit: new.lead_unit.clone(),
        co_units: new.co_units.clone(),
        responsible: new.responsible.clone(),
        assigned_on,
        limit: None,
        stage: Stage::Assigned,
        progress: Vec::new(),
        reminders_unanswered: 0,
        reminders_total: 0,
        notified_by_office_document: false,
        escalation_consent: None,
        escalated_on: None,
        completed_on: None,
        closed_on: None,
        reviews: Vec::new(),
        field_inspections: Vec::new(),
        complex: new.complex,
    };
    let mut audit = Audit::new(actor, "supervision.create");
    if let Some(p) = new.limit {
        let d = env.office_limit(&item, p).map_err(refusal_problem)?;
        audit = audit.cite(&d.citation);
        item.limit = Some(d);
    }
    let a = env.assess(&item, today).map_err(refusal_problem)?;
    for d in &a.verdict.deadlines {
        audit = audit.cite(&d.citation);
    }
    let data = serde_json::to_value(&item).map_err(|e| Problem::internal(e.to_string()))?;
    state
        .store
        .create_sup_item(
            &audit,
            NewSupItem {
                government_id: new.government_id,
                profile_id: profile,
                source: new.source,
                title: new.title,
                lead_unit: new.lead_unit,
                responsible: new.responsible,
                assigned_on: assigned_on.to_string(),
                data,
                projection: projection(&item, &a),
            },
        )
        .await
        .map_err(crate::store_problem)
}

/// Applies a command on today's date and saves the result with its citations.
pub async fn act(
    state: &AppState,
    actor: &str,
    it: &SupItem,
    version: i64,
    cmd: &Command,
) -> Result<SupItem, Problem> {
    if version != it.version {
        return Err(crate::store_problem(zhengwu_store::StoreError::Conflict {
            object_type: "supervision_item".into(),
            id: it.id.clone(),
            expected: version,
            current: it.version,
        }));
    }
    let item = decode(it)?;
    let cal = state.calendar();
    let env = Env {
        registry: &state.registry,
        calendar: &cal,
        thresholds: None,
    };
    let today = state.today();
    let (next, cites) = env.apply(&item, cmd, today).map_err(refusal_problem)?;
    let a = env.assess(&next, today).map_err(refusal_problem)?;
    let mut audit = Audit::new(actor, cmd.action());
    for c in &cites {
        audit = audit.cite(c);
    }
    let data = serde_json::to_value(&next).map_err(|e| Problem::internal(e.to_string()))?;
    state
        .store
        .update_sup_item(&audit, &it.id, version, data, projection(&next, &a), None)
        .await
        .map_err(crate::store_problem)?
        .ok_or_else(|| Problem::internal("write skipped"))
}

/// 立项: registers a supervised item.
#[utoipa::path(post, path = "/api/v1/supervision/items", tag = "supervision", request_body = NewItem,
    responses((status = 201, description = "已立项 (registered)", body = ItemView),
              (status = 403, description = "仅政府办公室 (office only)", body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(new): ApiJson<NewItem>,
) -> Result<Response, Problem> {
    if let Decision::Deny(why) = authorize(
        &caller.actor,
        Action::Supervise,
        Object::Supervision {
            lead_unit: &new.lead_unit,
        },
    ) {
        return Err(deny(&caller, why));
    }
    let it = register(&state, &caller.actor.audit_id(), new).await?;
    Ok((StatusCode::CREATED, Json(view(&it))).into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LedgerParams {
    pub government_id: Option<String>,
    /// `true` (default): open items; `false`: finished ones; `all`: both.
    pub open: Option<String>,
    pub status: Option<String>,
    pub lead_unit: Option<String>,
    pub source: Option<String>,
    /// From the previous page's `next`: `<due_on>/<id>`.
    pub after: Option<String>,
    pub limit: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct LedgerPage {
    pub items: Vec<ItemView>,
    pub next: Option<String>,
}

fn need_government(g: &Option<String>) -> Result<String, Problem> {
    g.clone().ok_or_else(|| {
        Problem::invalid(
            "government_id",
            "须指明政府 government_id (government_id is required)",
        )
    })
}

fn ledger_query(q: &LedgerParams) -> Result<LedgerQuery, Problem> {
    let open = match q.open.as_deref() {
        None | Some("true") => Some(true),
        Some("false") => Some(false),
        Some("all") => None,
        Some(_) => return Err(Problem::invalid("open", "open 须为 true/false/all")),
    };
    let after = match &q.after {
        Some(a) => Some(
            a.split_once('/')
                .map(|(d, i)| (d.to_string(), i.to_string()))
                .ok_or_else(|| Problem::invalid("after", "after 须为 <due_on>/<id>"))?,
        ),
        None => None,
    };
    Ok(LedgerQuery {
        government_id: need_government(&q.government_id)?,
        open,
        status: q.status.clone(),
        lead_unit: q.lead_unit.clone(),
        source: q.source.clone(),
        after,
        limit: q.limit.unwrap_or(50).clamp(1, 200),
    })
}

/// The ledger page (台账), in due-date order.
#[utoipa::path(get, path = "/api/v1/supervision/items", tag = "supervision", params(LedgerParams),
    responses((status = 200, description = "台账 (the ledger)", body = LedgerPage)))]
pub async fn ledger(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<LedgerParams>,
) -> Result<Json<LedgerPage>, Problem> {
    caller.require_login()?;
    let mut lq = ledger_query(&q)?;
    // A department sees its own items only: filter in the query rather than after it.
    if let crate::policy::Reach::Department(d) = caller.actor.reach() {
        lq.lead_unit = Some(d);
    }
    let mut items = Vec::new();
    let next = loop {
        let (page, n) = state
            .store
            .sup_ledger(&lq)
            .await
            .map_err(crate::store_problem)?;
        for it in &page {
            if authorize(
                &caller.actor,
                Action::Read,
                Object::Supervision {
                    lead_unit: &it.lead_unit,
                },
            )
            .allowed()
            {
                items.push(view(it));
            }
        }
        if items.len() >= lq.limit as usize || n.is_none() {
            break n;
        }
        lq.after = n;
    };
    items.truncate(lq.limit as usize);
    Ok(Json(LedgerPage {
        next: next.map(|(d, i)| format!("{d}/{i}")),
        items,
    }))
}

async fn fetch_visible(state: &AppState, caller: &Caller, id: &str) -> Result<SupItem, Problem> {
    caller.require_login()?;
    let it = state
        .store
        .get_sup_item(id)
        .await
        .map_err(crate::store_problem)?;
    if !authorize(
        &caller.actor,
        Action::Read,
        Object::Supervision {
            lead_unit: &it.lead_unit,
        },
    )
    .allowed()
    {
        return Err(Problem::not_found());
    }
    Ok(it)
}

/// One item with its assessment through the rules on today's date.
#[utoipa::path(get, path = "/api/v1/supervision/items/{id}", tag = "supervision",
    params(("id" = String, Path, description = "事项编号 (item id)")),
    responses((status = 200, description = "督办事项 (the item)", body = ItemDetail)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ItemDetail>, Problem> {
    let it = fetch_visible(&state, &caller, &id).await?;
    let item = decode(&it)?;
    let cal = state.calendar();
    let env = Env {
        registry: &state.registry,
        calendar: &cal,
        thresholds: None,
    };
    let a = env.assess(&item, state.today()).map_err(refusal_problem)?;
    let step = state
        .registry
        .in_force(&item.profile, Some(item.assigned_on))
        .ok()
        .and_then(|l| zhengwu_domain::supervision::current_step(&l.profile, item.stage))
        .map(|s| serde_json::to_value(s).unwrap_or(Value::Null));
    let notices = state
        .store
        .sup_notices(&it.id)
        .await
        .map_err(crate::store_problem)?
        .into_iter()
        .map(|n| serde_json::to_value(n).unwrap_or(Value::Null))
        .collect();
    let mut v = view(&it);
    v.status = a.status.clone();
    v.colour = a.colour.clone();
    Ok(Json(ItemDetail {
        view: v,
        verdict: serde_json::to_value(&a.verdict).unwrap_or(Value::Null),
        step,
        notices,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct ActionBody {
    /// The version this change is based on.
    pub version: i64,
    /// `{"command": "report", "text": "…", "completed": false}`, `{"command": "remind"}`,
    /// `{"command": "consent", "by": "…"}`, `{"command": "escalate"}`,
    /// `{"command": "extend", "period": {"working_days_after": 5}, "agreed_by": "…"}`,
    /// `{"command": "verify", "passed": true, "note": "…"}`, `{"command": "close"}`,
    /// `{"command": "review", "finding": "…"}`, `{"command": "notified"}`,
    /// `{"command": "field_inspection", "by_unit": "…", "cross_department": false,
    /// "by_department": false, "in_annual_plan": true, "blanket": false,
    /// "unified_deployment": false, "approved_by": "…", "note": "…"}`
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub command: Command,
}

/// A command on an item (反馈, 催办, 同意约谈, 约谈, 延期, 核查, 销号, 回头看).
#[utoipa::path(post, path = "/api/v1/supervision/items/{id}/actions", tag = "supervision",
    params(("id" = String, Path, description = "事项编号 (item id)")), request_body = ActionBody,
    responses((status = 200, description = "已办理 (done)", body = ItemView),
              (status = 422, description = "规则不允许 (refused, with citations)", body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "版本冲突 (stale version)", body = Problem, content_type = "application/problem+json")))]
pub async fn action(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ActionBody>,
) -> Result<Json<ItemView>, Problem> {
    let it = fetch_visible(&state, &caller, &id).await?;
    let needed = match body.command {
        Command::Report { .. } => Action::Update,
        _ => Action::Supervise,
    };
    if let Decision::Deny(why) = authorize(
        &caller.actor,
        needed,
        Object::Supervision {
            lead_unit: &it.lead_unit,
        },
    ) {
        return Err(deny(&caller, why));
    }
    let it = act(
        &state,
        &caller.actor.audit_id(),
        &it,
        body.version,
        &body.command,
    )
    .await?;
    Ok(Json(view(&it)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    pub government_id: Option<String>,
    /// `unit` (default) or `source`.
    pub by: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ReportView {
    pub government_id: String,
    pub by: String,
    pub as_of: String,
    #[schema(value_type = Vec<Object>)]
    pub rows: Vec<zhengwu_store::ReportRow>,
}

fn office_only(caller: &Caller) -> Result<(), Problem> {
    match authorize(
        &caller.actor,
        Action::Supervise,
        Object::Supervision { lead_unit: "" },
    ) {
        Decision::Allow => Ok(()),
        Decision::Deny(why) => Err(deny(caller, why)),
    }
}

/// Reports: per unit (on-time rate, overdue) or per source.
#[utoipa::path(get, path = "/api/v1/supervision/reports", tag = "supervision", params(ReportParams),
    responses((status = 200, description = "统计 (report)", body = ReportView)))]
pub async fn reports(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ReportParams>,
) -> Result<Json<ReportView>, Problem> {
    office_only(&caller)?;
    let by = match q.by.as_deref() {
        None | Some("unit") => ReportBy::Unit,
        Some("source") => ReportBy::Source,
        Some(_) => return Err(Problem::invalid("by", "by 须为 unit 或 source")),
    };
    let government_id = need_government(&q.government_id)?;
    let today = state.today().to_string();
    let rows = state
        .store
        .sup_report(&government_id, by, &today)
        .await
        .map_err(crate::store_problem)?;
    Ok(Json(ReportView {
        government_id,
        by: match by {
            ReportBy::Unit => "unit",
            ReportBy::Source => "source",
        }
        .into(),
        as_of: today,
        rows,
    }))
}

/// The ledger as an xlsx workbook.
#[utoipa::path(get, path = "/api/v1/supervision/export.xlsx", tag = "supervision", params(LedgerParams),
    responses((status = 200, description = "xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn export(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<LedgerParams>,
) -> Result<Response, Problem> {
    office_only(&caller)?;
    let lq = ledger_query(&q)?;
    let bytes = state
        .store
        .sup_export_xlsx(&lq)
        .await
        .map_err(crate::store_problem)?;
    Ok((
        [(
            header::CONTENT_TYPE,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )],
        bytes,
    )
        .into_response())
}

/// source, title, days ago, limit, steps.
type DemoSpec = (
    &'static str,
    &'static str,
    i64,
    Option<Period>,
    &'static [&'static str],
);

/// Demo data for `zhengwu demo` (hook `ui::demo::seed_workflows`): eight items across the life
/// cycle — on time, due soon, overdue with reminders, reported, verified, closed with a 回头看 — with
/// dates relative to today. Idempotent: a government that already has supervision items is left as
/// it is (returns 0).
pub async fn seed_demo(
    store: &zhengwu_store::Store,
    registry: &zhengwu_rules::Registry,
    government_id: &str,
    _fresh: bool,
) -> Result<usize, zhengwu_store::StoreError> {
    let (existing, _) = store
        .sup_ledger(&LedgerQuery {
            government_id: government_id.to_string(),
            open: None,
            limit: 1,
            ..LedgerQuery::default()
        })
        .await?;
    if !existing.is_empty() {
        return Ok(0);
    }
    let state = AppState::new(store.clone(), registry.clone(), crate::Config::default());
    seed_demo_items(&state, government_id)
        .await
        .map_err(|p| zhengwu_store::StoreError::Invalid {
            zh: p.detail.clone(),
            en: p.detail,
        })
}

async fn seed_demo_items(state: &AppState, government_id: &str) -> Result<usize, Problem> {
    let today = state.today();
    let day = |n: i64| {
        today
            .checked_sub(jiff::Span::new().days(n))
            .unwrap_or(today)
            .to_string()
    };
    let org = state.store.org().await.map_err(crate::store_problem)?;
    let units: Vec<String> = org
        .departments
        .iter()
        .filter(|d| d.government_id == government_id)
        .map(|d| d.id.clone())
        .collect();
    let unit = |i: usize| {
        units
            .get(i % units.len().max(1))
            .cloned()
            .unwrap_or_else(|| "office".into())
    };
    let specs: [DemoSpec; 8] = [
        (
            "work_report",
            "政府工作报告：城市更新行动年度任务",
            3,
            Some(Period::WorkingDaysAfter(60)),
            &[],
        ),
        (
            "leader_instruction",
            "市长批示：背街小巷路灯维修",
            2,
            Some(Period::WorkingDaysAfter(5)),
            &[],
        ),
        (
            "meeting_decision",
            "常务会议决定：老旧小区加装电梯补助办法",
            40,
            Some(Period::WorkingDaysAfter(20)),
            &["remind", "remind"],
        ),
        (
            "superior_deployment",
            "省政府部署：安全生产大检查",
            30,
            Some(Period::WorkingDaysAfter(10)),
            &["remind", "remind", "remind"],
        ),
        (
            "npc_suggestion",
            "人大代表建议：增设社区养老服务站",
            20,
            None,
            &["report"],
        ),
        (
            "audit_finding",
            "审计整改：专项资金拨付滞后",
            25,
            Some(Period::WorkingDaysAfter(15)),
            &["complete"],
        ),
        (
            "cppcc_proposal",
            "政协提案：中小学课后服务",
            50,
            Some(Period::WorkingDaysAfter(20)),
            &["complete", "verify"],
        ),
        (
            "work_report",
            "政府工作报告：新建公办幼儿园",
            80,
            Some(Period::WorkingDaysAfter(30)),
            &["complete", "verify", "close", "review"],
        ),
    ];
    let mut n = 0;
    for (i, (source, title, ago, limit, steps)) in specs.iter().enumerate() {
        let mut it = register(
            state,
            "system:demo",
            NewItem {
                government_id: government_id.to_string(),
                source: (*source).to_string(),
                title: (*title).to_string(),
                lead_unit: unit(i),
                co_units: vec![unit(i + 1)],
                responsible: format!("{}负责人", unit(i)),
                assigned_on: Some(day(*ago)),
                limit: *limit,
                complex: false,
            },
        )
        .await?;
        for s in steps.iter() {
            let cmd = match *s {
                "remind" => Command::Remind,
                "report" => Command::Report {
                    text: "已召开专题会议研究，正在推进".into(),
                    completed: false,
                },
                "complete" => Command::Report {
                    text: "已按要求办结，附相关材料".into(),
                    completed: true,
                },
                "verify" => Command::Verify {
                    passed: true,
                    note: "经实地核查，办理情况属实".into(),
                },
                "close" => Command::Close,
                _ => Command::Review {
                    finding: "回头看：整改成效巩固，无反弹".into(),
                },
            };
            match act(state, "system:demo", &it, it.version, &cmd).await {
                Ok(next) => it = next,
                Err(p) => tracing::warn!(detail = %p.detail, "demo step skipped"),
            }
        }
        n += 1;
    }
    Ok(n)
}
