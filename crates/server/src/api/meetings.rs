//! Meetings (issue #6): scheduling, invitations, absences, attendance and the quorum, the agenda
//! pipeline (议题: proposal, approval chain, gates, assembly, confirmation), decisions with the work
//! they assign, minutes through the profile's review/sign chain, materials to be returned (会后收回),
//! and major administrative decisions (重大行政决策) with their procedures.
//!
//! Every rule question goes through `zhengwu_domain::meetings`, which evaluates it with the rules
//! crate exactly as `/api/v1/check` does; a refusal is 422 with every cited violation, and the
//! citations that allowed a change go into its audit event.

use crate::AppState;
use crate::auth::Caller;
use crate::extract::ApiJson;
use crate::policy::{Action, Actor, Decision, Object, authorize};
use crate::problem::{Problem, Violation};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};
use zhengwu_domain::meetings::decisions::{self as md, ProcedureStep};
use zhengwu_domain::meetings::{self as dm, Denied, Invitee, ItemFacts, Presence, Seat, Term};
use zhengwu_rules::profile::decisions::Procedure;
use zhengwu_rules::profile::meetings::{AttendeeBasis, MeetingType, MinutesTopic, Revision};
use zhengwu_rules::verdict::{ChainStep, Deadline, Finding, Step};
use zhengwu_rules::{Citation, Exception, Outcome, Role, Verdict};
use zhengwu_store::{Audit, Doc, DocTable, NewAssignedWork, Store};

// ---------------------------------------------------------------------------------------------
// Stored shapes

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Material {
    title: String,
    /// 会后收回: to be handed back after the meeting.
    recall: bool,
    #[serde(default)]
    returned_by: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct MinutesStep {
    step: ChainStep,
    #[serde(default)]
    done_by: Option<String>,
    #[serde(default)]
    done_as: Option<Role>,
    #[serde(default)]
    done_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Minutes {
    topics: Vec<MinutesTopic>,
    steps: Vec<MinutesStep>,
    #[serde(default)]
    manual_steps: Vec<Value>,
    signed: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Absence {
    invitee: String,
    asked: Option<Role>,
    #[serde(default)]
    substitute: Option<String>,
    #[serde(default)]
    video: bool,
    written_report: bool,
    route: Vec<ChainStep>,
    warnings: Vec<Finding>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct MeetingData {
    #[serde(rename = "type")]
    meeting_type: MeetingType,
    date: String,
    name: String,
    profile: String,
    convened_by: Role,
    #[serde(default)]
    delegated_by: Option<Role>,
    invitees: Vec<Invitee>,
    #[serde(default)]
    absences: Vec<Absence>,
    #[serde(default)]
    agenda: Vec<String>,
    #[serde(default)]
    agenda_confirmed_by: Option<String>,
    #[serde(default)]
    video_consented_by_head: bool,
    #[serde(default)]
    materials: Vec<Material>,
    #[serde(default)]
    minutes: Option<Minutes>,
    /// Who presides, from the convening verdict.
    #[serde(default)]
    chain: Vec<ChainStep>,
    /// Cadence and other warnings (never blocks).
    #[serde(default)]
    warnings: Vec<Value>,
    /// The profile's news-coverage rule (R2.41), for the office.
    #[serde(default)]
    news: Option<dm::Note>,
    /// A pre-meeting study session (R2.13, e.g. 聊城 会前集体学法) was held, recorded with attendance.
    #[serde(default)]
    study_held: bool,
    /// The press release and its approval (R2.41).
    #[serde(default)]
    news_release: Option<NewsReleaseRecord>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct NewsReleaseRecord {
    text: String,
    drafted_by: String,
    drafted_on: String,
    #[serde(default)]
    approved_by: Option<String>,
    #[serde(default)]
    approved_on: Option<String>,
    /// The article the approval followed; none where the profile names no approval.
    #[serde(default)]
    citation: Option<Citation>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Gate {
    outcome: Outcome,
    violations: Vec<Finding>,
    warnings: Vec<Finding>,
    deadlines: Vec<Deadline>,
    chain: Vec<ChainStep>,
    status: Value,
    /// The meeting type and date the gate was evaluated for.
    meeting_type: MeetingType,
    meeting_date: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Approval {
    step: ChainStep,
    by: String,
    role: Role,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ItemDecision {
    outcome: String,
    summary: String,
    #[serde(default)]
    dissent: Vec<String>,
    documents: Vec<Value>,
    assigned_work: Vec<String>,
    citations: Vec<Citation>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ItemData {
    title: String,
    department_id: Option<String>,
    proposed_by: String,
    meeting_type: MeetingType,
    meeting_date: String,
    submitted_on: String,
    facts: ItemFacts,
    #[serde(default)]
    major_decision_id: Option<String>,
    #[serde(default)]
    meeting_id: Option<String>,
    #[serde(default)]
    approvals: Vec<Approval>,
    gate: Gate,
    #[serde(default)]
    decision: Option<ItemDecision>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default, ToSchema)]
pub struct Tracking {
    /// Entered in the decision catalogue (目录管理) where the profile requires it.
    #[serde(default)]
    pub catalogued: Option<bool>,
    #[serde(default)]
    pub reported_to_party_committee_on: Option<String>,
    #[serde(default)]
    pub reported_to_npc_on: Option<String>,
    #[serde(default)]
    pub cppcc_consulted_on: Option<String>,
    /// The post-implementation evaluation (决策后评估), a dated follow-up.
    #[serde(default)]
    pub evaluation_due_on: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct MajorDecisionData {
    title: String,
    profile: String,
    required: Vec<Procedure>,
    steps: Vec<ProcedureStep>,
    requirements: Vec<md::Requirement>,
    #[serde(default)]
    tracking: Tracking,
}

// ---------------------------------------------------------------------------------------------
// Documentation shapes

/// A meeting, agenda item or major decision as stored: `{id, version, government_id, status, data}`.
#[derive(Serialize, ToSchema)]
pub struct DocView {
    pub id: String,
    pub version: i64,
    pub government_id: String,
    pub status: String,
    #[schema(value_type = Object)]
    pub data: Value,
}

fn view(d: &Doc) -> DocView {
    DocView {
        id: d.id.clone(),
        version: d.version,
        government_id: d.government_id.clone(),
        status: d.status.clone(),
        data: d.data.clone(),
    }
}

/// A meeting with its agenda items evaluated now, its quorum and the work its decisions assigned.
#[derive(Serialize, ToSchema)]
pub struct MeetingDetail {
    pub meeting: DocView,
    pub items: Vec<DocView>,
    /// The quorum verdict for the attendance taken (`status.quorum`: met / not_met).
    #[schema(value_type = Object)]
    pub quorum: Value,
    /// Each agenda item's gate evaluated against this meeting now: `{item_id, outcome, violations}`.
    #[schema(value_type = Vec<Object>)]
    pub gates: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    pub assigned_work: Vec<Value>,
}

#[derive(Serialize, ToSchema)]
pub struct DocList {
    pub items: Vec<DocView>,
    pub next_after: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Helpers

fn denied(d: Denied) -> Problem {
    match d {
        Denied::Refused(r) => Problem::refused(r.violations.iter().map(Violation::from).collect()),
        Denied::Invalid(e) => crate::api::rules::check_problem(e),
    }
}

fn corrupt<E: std::fmt::Display>(e: E) -> Problem {
    tracing::error!(error = %e, "stored meeting data does not decode");
    Problem::internal("存储的会议数据已损坏 (stored meeting data is corrupt)")
}

fn decode<T: serde::de::DeserializeOwned>(d: &Doc) -> Result<T, Problem> {
    serde_json::from_value(d.data.clone()).map_err(corrupt)
}

fn encode<T: Serialize>(t: &T) -> Result<Value, Problem> {
    serde_json::to_value(t).map_err(corrupt)
}

/// Writes the changed document `id` of `t` (optimistic on `version`) with `status` and `data`,
/// audited by `audit`.
async fn save<T: Serialize>(
    state: &AppState,
    audit: &Audit,
    t: DocTable,
    id: &str,
    version: i64,
    status: &str,
    data: &T,
) -> Result<Doc, Problem> {
    state
        .store
        .update_doc(audit, t, id, version, status, encode(data)?)
        .await
        .map_err(crate::store_problem)
}

fn deny(caller: &Caller, why: &'static str) -> Problem {
    if caller.actor.is_authenticated() {
        Problem::forbidden(why)
    } else {
        Problem::unauthenticated()
    }
}

fn allow(caller: &Caller, action: Action, object: Object<'_>) -> Result<(), Problem> {
    match authorize(&caller.actor, action, object) {
        Decision::Allow => Ok(()),
        Decision::Deny(why) => Err(deny(caller, why)),
    }
}

fn date(field: &str, s: &str) -> Result<zhengwu_calendar::Date, Problem> {
    dm::parse_date(s).map_err(|_| {
        Problem::invalid(
            field,
            format!("日期须为 YYYY-MM-DD：{s:?} (a date YYYY-MM-DD)"),
        )
    })
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
                format!("没有政府 \"{government_id}\" (no such government)"),
            )
        })
}

async fn seats(state: &AppState, government_id: &str) -> Result<Vec<Seat>, Problem> {
    let org = state
        .store
        .government_org(government_id)
        .await
        .map_err(crate::store_problem)?;
    Ok(org
        .positions
        .iter()
        .map(|p| Seat {
            position_id: p.id.clone(),
            person_id: p.person_id.clone(),
            role: p.role.clone(),
            title: p.title.clone(),
        })
        .collect())
}

async fn load(state: &AppState, t: DocTable, id: &str) -> Result<Doc, Problem> {
    state
        .store
        .get_doc(t, id)
        .await
        .map_err(crate::store_problem)?
        .ok_or_else(Problem::not_found)
}

/// Loads a meeting the caller may read.
async fn meeting(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> Result<(Doc, MeetingData), Problem> {
    allow(caller, Action::Read, Object::Meeting)?;
    let d = load(state, DocTable::Meeting, id).await?;
    let m = decode(&d)?;
    Ok((d, m))
}

fn audit(actor: &Actor, action: &str, cites: &[Citation]) -> Audit {
    let mut a = Audit::new(actor.audit_id(), action);
    for c in cites {
        a = a.cite(c);
    }
    a
}

fn chain_cites(v: &Verdict) -> Vec<Citation> {
    let mut out: Vec<Citation> = v.chain.iter().filter_map(|s| s.citation.clone()).collect();
    out.extend(v.warnings.iter().map(|w| w.citation.clone()));
    out.dedup();
    out
}

fn created(d: &Doc) -> Response {
    (StatusCode::CREATED, Json(view(d))).into_response()
}

// ---------------------------------------------------------------------------------------------
// Meetings

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMeeting {
    pub government_id: String,
    /// plenary | executive | head_office | special_topic — only the types the profile has.
    #[serde(rename = "type")]
    #[schema(value_type = String, example = "executive")]
    pub meeting_type: MeetingType,
    /// YYYY-MM-DD
    pub date: String,
    /// Role id of the convener (default `head`).
    #[schema(value_type = Option<String>)]
    pub convened_by: Option<Role>,
    /// Role id of the leader who delegated the convening (the head cannot attend).
    #[schema(value_type = Option<String>)]
    pub delegated_by: Option<Role>,
}

/// Schedules a meeting: the type must exist in the government's profile and the convener fit it;
/// members and standing attendees are invited from the profile's roles and the organisation; a
/// cadence shortfall is a warning only.
#[utoipa::path(post, path = "/api/v1/meetings", tag = "meetings",
    security(("session" = []), ("token" = [])),
    request_body = NewMeeting,
    responses(
        (status = 201, description = "已安排 (scheduled)", body = DocView),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "仅政府办公室 (office only)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "规则不允许（如无此会议类型）(refused with citations)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_meeting(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewMeeting>,
) -> Result<Response, Problem> {
    let actor = caller.require_login()?;
    allow(&caller, Action::Create, Object::Meeting)?;
    let profile = profile_of_government(&state, &body.government_id).await?;
    let day = date("date", &body.date)?;
    let seats = seats(&state, &body.government_id).await?;
    let convened_by = body.convened_by.unwrap_or(Role::Head);
    let s = dm::schedule(
        &state.registry,
        &state.calendar(),
        &profile,
        body.meeting_type,
        day,
        convened_by,
        body.delegated_by,
        &seats,
    )
    .map_err(denied)?;
    let mut warnings = Vec::new();
    let p =
        dm::profile_on(&state.registry, &profile, day).map_err(crate::api::rules::check_problem)?;
    // Cadence: meetings of the type in the window before this one (C7: a warning only).
    if let Some((from, _)) = dm::cadence_window(p, body.meeting_type, day) {
        let before = day
            .yesterday()
            .map_err(|_| Problem::invalid("date", "日期超出范围 (date out of range)"))?;
        let held = state
            .store
            .count_meetings(
                &body.government_id,
                body.meeting_type.id(),
                &from.to_string(),
                &before.to_string(),
            )
            .await
            .map_err(crate::store_problem)?;
        if let Some(c) = dm::cadence_status(p, &state.calendar(), body.meeting_type, before, held)
            && c.behind
        {
            warnings.push(encode(&c)?);
        }
    }
    // The pre-meeting study target of the period (R2.13): a reminder while none is recorded yet.
    if let Some(st) = study_status(&state, &body.government_id, p, body.meeting_type, day).await?
        && st.behind
    {
        warnings.push(encode(&st)?);
    }
    let data = MeetingData {
        meeting_type: body.meeting_type,
        date: day.to_string(),
        name: s.name.clone(),
        profile,
        convened_by,
        delegated_by: body.delegated_by,
        invitees: s.invitees,
        absences: Vec::new(),
        agenda: Vec::new(),
        agenda_confirmed_by: None,
        video_consented_by_head: false,
        materials: Vec::new(),
        minutes: None,
        chain: s.verdict.chain.clone(),
        warnings,
        news: s.news.clone(),
        study_held: false,
        news_release: None,
    };
    let mut cites = chain_cites(&s.verdict);
    cites.extend(data.invitees.iter().map(|i| i.citation.clone()));
    cites.dedup();
    let doc = state
        .store
        .create_doc(
            &audit(actor, "meeting.schedule", &cites),
            DocTable::Meeting,
            &body.government_id,
            "scheduled",
            encode(&data)?,
        )
        .await
        .map_err(crate::store_problem)?;
    Ok(created(&doc))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GovQuery {
    /// Required.
    pub government_id: Option<String>,
    pub after: Option<String>,
    /// 1–200, default 50
    pub limit: Option<i64>,
}

fn limit_of(l: Option<i64>) -> Result<i64, Problem> {
    let limit = l.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(Problem::invalid(
            "limit",
            "limit 须在 1–200 之间 (limit must be 1–200)",
        ));
    }
    Ok(limit)
}

fn government_param(g: &Option<String>) -> Result<&str, Problem> {
    g.as_deref().ok_or_else(|| {
        Problem::invalid(
            "government_id",
            "须指明 government_id (government_id is required)",
        )
    })
}

async fn list_of(state: &AppState, t: DocTable, q: &GovQuery) -> Result<DocList, Problem> {
    let limit = limit_of(q.limit)?;
    let gov = government_param(&q.government_id)?;
    let docs = state
        .store
        .list_docs(t, gov, q.after.as_deref(), limit + 1)
        .await
        .map_err(crate::store_problem)?;
    let more = docs.len() as i64 > limit;
    let items: Vec<DocView> = docs.iter().take(limit as usize).map(view).collect();
    let next_after = if more {
        items.last().map(|d| d.id.clone())
    } else {
        None
    };
    Ok(DocList { items, next_after })
}

/// A government's meetings, oldest first.
#[utoipa::path(get, path = "/api/v1/meetings", tag = "meetings", params(GovQuery),
    security(("session" = []), ("token" = [])),
    responses(
        (status = 200, description = "会议 (meetings)", body = DocList),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "仅政府工作人员 (staff only)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "输入无效 (invalid input)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_meetings(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<GovQuery>,
) -> Result<Json<DocList>, Problem> {
    allow(&caller, Action::Read, Object::Meeting)?;
    Ok(Json(list_of(&state, DocTable::Meeting, &q).await?))
}

fn gate_summary(item_id: &str, v: &Result<Verdict, Denied>) -> Value {
    match v {
        Ok(v) => {
            json!({"item_id": item_id, "outcome": v.outcome, "violations": v.violations, "warnings": v.warnings})
        }
        Err(Denied::Refused(r)) => {
            json!({"item_id": item_id, "outcome": "refused", "violations": r.violations})
        }
        Err(Denied::Invalid(e)) => {
            json!({"item_id": item_id, "outcome": "invalid", "error": e.to_string()})
        }
    }
}

/// The item's gate for a meeting type and date (kind `agenda_item`), with the completed
/// procedures of a linked major decision.
async fn evaluate_item(
    state: &AppState,
    profile: &str,
    item: &ItemData,
    t: MeetingType,
    day: zhengwu_calendar::Date,
) -> Result<Result<Verdict, Denied>, Problem> {
    let done = match &item.major_decision_id {
        Some(id) => {
            let d = load(state, DocTable::MajorDecision, id).await?;
            let md: MajorDecisionData = decode(&d)?;
            md::done(&md.steps)
        }
        None => Vec::new(),
    };
    let submitted = date("submitted_on", &item.submitted_on)?;
    let case = dm::agenda_case(t, day, submitted, &item.facts, &done);
    Ok(dm::judge(&state.registry, &state.calendar(), profile, &case).map_err(Denied::Invalid))
}

/// One meeting with its agenda items' gates and the quorum evaluated now.
#[utoipa::path(get, path = "/api/v1/meetings/{id}", tag = "meetings",
    security(("session" = []), ("token" = [])),
    params(("id" = String, Path, description = "会议编号 (meeting id)")),
    responses(
        (status = 200, description = "会议 (the meeting)", body = MeetingDetail),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "仅政府工作人员 (staff only)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "没有该会议 (no such meeting)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_meeting(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<MeetingDetail>, Problem> {
    let (doc, m) = meeting(&state, &caller, &id).await?;
    let day = date("date", &m.date)?;
    let items = state
        .store
        .items_of_meeting(&id)
        .await
        .map_err(crate::store_problem)?;
    let mut gates = Vec::with_capacity(items.len());
    for it in &items {
        let data: ItemData = decode(it)?;
        let v = evaluate_item(&state, &m.profile, &data, m.meeting_type, day).await?;
        let v = v.and_then(|v| {
            if v.outcome == Outcome::Refused {
                Err(Denied::Refused(dm::Refusal {
                    violations: v.violations,
                }))
            } else {
                Ok(v)
            }
        });
        gates.push(gate_summary(&it.id, &v));
    }
    let q = dm::judge(
        &state.registry,
        &state.calendar(),
        &m.profile,
        &dm::quorum_case(m.meeting_type, day, &m.invitees, m.video_consented_by_head),
    )
    .map_err(crate::api::rules::check_problem)?;
    let work = state
        .store
        .assigned_work_of_meeting(&id)
        .await
        .map_err(crate::store_problem)?;
    Ok(Json(MeetingDetail {
        meeting: view(&doc),
        items: items.iter().map(view).collect(),
        quorum: encode(&q)?,
        gates,
        assigned_work: work.iter().map(encode).collect::<Result<_, _>>()?,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AbsenceRequest {
    /// The invitee's key (its position id, or `t<n>` for a title the office fills in).
    pub invitee: String,
    /// Role id of whom leave was asked (the profile says whom: leaders the head, attendees the office).
    #[schema(value_type = Option<String>)]
    pub asked: Option<Role>,
    /// Who attends instead, where the profile allows or requires a substitute.
    pub substitute: Option<String>,
    #[serde(default)]
    pub written_report: bool,
    /// Attends by video instead (counted only where the profile allows it).
    #[serde(default)]
    pub video: bool,
    /// An exception to a SOFT rule: `{reason, decided_by}`.
    #[schema(value_type = Option<Object>)]
    pub exception: Option<Exception>,
}

/// An invitee cannot attend: judged by the profile's absence table (kind `meeting_absence`); the
/// answer carries the route the leave takes.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/absences", tag = "meetings",
    security(("session" = []), ("token" = [])),
    params(("id" = String, Path, description = "会议编号 (meeting id)")),
    request_body = AbsenceRequest,
    responses(
        (status = 200, description = "已登记请假 (absence recorded)", body = DocView),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "仅政府工作人员 (staff only)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "没有该会议 (no such meeting)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "规则不允许 (refused with citations)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn absence(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AbsenceRequest>,
) -> Result<Json<DocView>, Problem> {
    let actor = caller.require_login()?;
    let (doc, mut m) = meeting(&state, &caller, &id).await?;
    let Some(pos) = m.invitees.iter().position(|i| i.key == body.invitee) else {
        return Err(Problem::invalid(
            "invitee",
            format!("该会议没有受邀人 \"{}\" (no such invitee)", body.invitee),
        ));
    };
    let who = dm::absentee_of(&m.invitees[pos]);
    let day = date("date", &m.date)?;
    let v = dm::absence(
        &state.registry,
        &state.calendar(),
        &m.profile,
        m.meeting_type,
        day,
        who,
        body.asked,
        body.substitute.is_some(),
        body.written_report,
        body.exception.as_ref(),
    )
    .map_err(denied)?;
    m.invitees[pos].presence = if body.video {
        Presence::Video
    } else {
        Presence::Absent
    };
    m.absences.push(Absence {
        invitee: body.invitee,
        asked: body.asked,
        substitute: body.substitute,
        video: body.video,
        written_report: body.written_report,
        route: v.chain.clone(),
        warnings: v.warnings.clone(),
    });
    let d = save(
        &state,
        &audit(actor, "meeting.absence", &chain_cites(&v)),
        DocTable::Meeting,
        &id,
        doc.version,
        &doc.status,
        &m,
    )
    .await?;
    Ok(Json(view(&d)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvitationRequest {
    /// Who is invited, in the government's words (e.g. 市教育局局长).
    pub title: String,
    pub person_id: Option<String>,
    /// per_item | as_needed | invited — a basis the profile states for this meeting type.
    #[schema(value_type = String)]
    pub basis: AttendeeBasis,
}

/// Invites an attendee (列席) on a basis the profile states (e.g. 聊城 常务会议: 有关部门主要负责人列席相关议题);
/// attendees are never counted for the quorum.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/invitations", tag = "meetings",
    security(("session" = []), ("token" = [])),
    params(("id" = String, Path, description = "会议编号 (meeting id)")),
    request_body = InvitationRequest,
    responses(
        (status = 200, description = "已邀请 (invited)", body = DocView),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "仅政府办公室 (office only)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "没有该会议 (no such meeting)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "规则未规定该列席方式 (the profile states no such attendance)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn invite(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<InvitationRequest>,
) -> Result<Json<DocView>, Problem> {
    let actor = caller.require_login()?;
    let (doc, mut m) = meeting(&state, &caller, &id).await?;
    allow(&caller, Action::Update, Object::Meeting)?;
    if body.title.trim().is_empty() {
        return Err(Problem::invalid("title", "须写明受邀人 (title required)"));
    }
    let day = date("date", &m.date)?;
    let p = dm::profile_on(&state.registry, &m.profile, day)
        .map_err(crate::api::rules::check_problem)?;
    let key = format!("i{}", m.invitees.len());
    let Some(inv) = dm::invite(
        p,
        &state.calendar(),
        m.meeting_type,
        body.basis,
        key,
        body.title.trim(),
        body.person_id,
    ) else {
        return Err(Problem::invalid(
            "basis",
            format!(
                "{}的规则未规定此种列席方式 (the profile states no such attendance for this meeting)",
                m.name
            ),
        ));
    };
    let cite = inv.citation.clone();
    m.invitees.push(inv);
    let d = save(
        &state,
        &audit(actor, "meeting.invite", &[cite]),
        DocTable::Meeting,
        &id,
        doc.version,
        &doc.status,
        &m,
    )
    .await?;
    Ok(Json(view(&d)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewsReleaseRequest {
    /// The press release (新闻稿) of the meeting.
    pub text: String,
}

/// The office drafts the meeting's press release; a new draft needs a new approval.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/news", tag = "meetings",
    security(("session" = []), ("token" = [])),
    params(("id" = String, Path, description = "会议编号 (meeting id)")),
    request_body = NewsReleaseRequest,
    responses(
        (status = 200, description = "新闻稿已起草 (drafted)", body = DocView),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "仅政府办公室 (office only)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "没有该会议 (no such meeting)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "输入无效 (invalid input)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn draft_news(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewsReleaseRequest>,
) -> Result<Json<DocView>, Problem> {
    let actor = caller.require_login()?;
    let (doc, mut m) = meeting(&state, &caller, &id).await?;
    allow(&caller, Action::Update, Object::Meeting)?;
    if body.text.trim().is_empty() {
        return Err(Problem::invalid(
            "text",
            "新闻稿不能为空 (the text is empty)",
        ));
    }
    m.news_release = Some(NewsReleaseRecord {
        text: body.text.trim().to_string(),
        drafted_by: actor.audit_id(),
        drafted_on: state.today().to_string(),
        approved_by: None,
        approved_on: None,
        citation: None,
    });
    let d = save(
        &state,
        &audit(actor, "meeting.news.draft", &[]),
        DocTable::Meeting,
        &id,
        doc.version,
        &doc.status,
        &m,
    )
    .await?;
    Ok(Json(view(&d)))
}

/// The press release is approved (审定) by an approver the profile names (聊城 第五十一条: 秘书长或有关
/// 副秘书长); anyone else is refused with the article. Where the profile names no approval the office's
/// draft stands and this is refused as not applicable.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/news/approve", tag = "meetings",
    security(("session" = []), ("token" = [])),
    params(("id" = String, Path, description = "会议编号 (meeting id)")),
    responses(
        (status = 200, description = "新闻稿已审定 (approved)", body = DocView),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "无权查看 (no access)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "没有该会议 (no such meeting)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "不是规则规定的审定人，或尚无新闻稿 (not an approver the rules name, or no draft)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn approve_news(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<DocView>, Problem> {
    let actor = caller.require_login()?;
    let (doc, mut m) = meeting(&state, &caller, &id).await?;
    let day = date("date", &m.date)?;
    let p = dm::profile_on(&state.registry, &m.profile, day)
        .map_err(crate::api::rules::check_problem)?;
    let Some(citation) =
        dm::approve_news_release(p, &state.calendar(), &actor.roles).map_err(denied)?
    else {
        return Err(Problem::invalid(
            "news",
            "本级工作规则未规定新闻稿审定，由政府办公室按规定发布 (the rules name no approval of press releases)",
        ));
    };
    let Some(n) = m.news_release.as_mut() else {
        return Err(Problem::invalid(
            "news",
            "尚无新闻稿 (no press release drafted)",
        ));
    };
    if n.approved_by.is_some() {
        return Err(Problem::invalid("news", "新闻稿已审定 (already approved)"));
    }
    n.approved_by = Some(actor.audit_id());
    n.approved_on = Some(state.today().to_string());
    n.citation = Some(citation.clone());
    let d = save(
        &state,
        &audit(actor, "meeting.news.approve", &[citation]),
        DocTable::Meeting,
        &id,
        doc.version,
        &doc.status,
        &m,
    )
    .await?;
    Ok(Json(view(&d)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceRequest {
    /// Invitee keys present in the room.
    pub present: Vec<String>,
    /// Invitee keys attending by video.
    #[serde(default)]
    pub video: Vec<String>,
    /// The head consented to video attendance (where the profile requires it).
    #[serde(default)]
    pub video_consented_by_head: bool,
    /// A pre-meeting study session was held (counted against the profile's study target, R2.13).
    #[serde(default)]
    pub study_held: bool,
}

/// Takes attendance at the meeting; the answer's meeting shows the quorum through `GET`.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/attendance", tag = "meetings",
    security(("session" = []), ("token" = [])),
    params(("id" = String, Path, description = "会议编号 (meeting id)")),
    request_body = AttendanceRequest,
    responses(
        (status = 200, description = "已点名 (attendance taken); the quorum verdict", body = DocView),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "仅政府办公室 (office only)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "没有该会议 (no such meeting)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "输入无效 (invalid input)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn attendance(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AttendanceRequest>,
) -> Result<Json<DocView>, Problem> {
    let actor = caller.require_login()?;
    let (doc, mut m) = meeting(&state, &caller, &id).await?;
    allow(&caller, Action::Update, Object::Meeting)?;
    for k in body.present.iter().chain(body.video.iter()) {
        if !m.invitees.iter().any(|i| &i.key == k) {
            return Err(Problem::invalid(
                "present",
                format!("该会议没有受邀人 \"{k}\" (no such invitee)"),
            ));
        }
    }
    for i in &mut m.invitees {
        i.presence = if body.present.contains(&i.key) {
            Presence::Present
        } else if body.video.contains(&i.key) {
            Presence::Video
        } else {
            Presence::Absent
        };
    }
    m.video_consented_by_head = body.video_consented_by_head;
    m.study_held = body.study_held;
    let day = date("date", &m.date)?;
    let q = dm::judge(
        &state.registry,
        &state.calendar(),
        &m.profile,
        &dm::quorum_case(m.meeting_type, day, &m.invitees, m.video_consented_by_head),
    )
    .map_err(crate::api::rules::check_problem)?;
    let mut cites: Vec<Citation> = q.violations.iter().map(|f| f.citation.clone()).collect();
    cites.extend(chain_cites(&q));
    let d = save(
        &state,
        &audit(actor, "meeting.attendance", &cites),
        DocTable::Meeting,
        &id,
        doc.version,
        "held",
        &m,
    )
    .await?;
    Ok(Json(view(&d)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaRequest {
    /// Agenda item ids, in order.
    pub items: Vec<String>,
}

/// The office assembles the agenda (议题单): every item must pass its gates for this meeting and
/// have its approval chain complete; otherwise 422 with every missing gate cited.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/agenda", tag = "meetings",
    security(("session" = []), ("token" = [])),
    params(("id" = String, Path, description = "会议编号 (meeting id)")),
    request_body = AgendaRequest,
    responses(
        (status = 200, description = "议题单 (the agenda)", body = DocView),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "仅政府办公室 (office only)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "没有该会议 (no such meeting)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "版本冲突 (changed meanwhile)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "议题未通过审核 (items refused, with citations)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn assemble_agenda(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AgendaRequest>,
) -> Result<Json<DocView>, Problem> {
    let actor = caller.require_login()?;
    let (doc, mut m) = meeting(&state, &caller, &id).await?;
    allow(&caller, Action::Update, Object::Meeting)?;
    let day = date("date", &m.date)?;
    let mut refused: Vec<Violation> = Vec::new();
    let mut updates = Vec::new();
    let mut cites = Vec::new();
    for item_id in &body.items {
        let it = load(&state, DocTable::AgendaItem, item_id).await?;
        if it.government_id != doc.government_id {
            return Err(Problem::invalid(
                "items",
                "议题不属于本级政府 (the item belongs to another government)",
            ));
        }
        let mut data: ItemData = decode(&it)?;
        if data.decision.is_some() {
            return Err(Problem::invalid(
                "items",
                format!("「{}」已作出决定 (already decided)", data.title),
            ));
        }
        let v = match evaluate_item(&state, &m.profile, &data, m.meeting_type, day).await? {
            Ok(v) => v,
            Err(e) => return Err(denied(e)),
        };
        for f in &v.violations {
            let mut x = Violation::from(f);
            x.message = format!("「{}」{}", data.title, x.message);
            refused.push(x);
        }
        let steps = dm::approval_steps(&v);
        if let Some(next) = steps.get(data.approvals.len()) {
            let citation = next.citation.clone().unwrap_or_else(|| {
                zhengwu_rules::citation::national("", "议题审批程序 (approval chain)", "")
            });
            refused.push(Violation::from(&Finding {
                rule: "R2.19".into(),
                citation,
                message: format!("「{}」尚待{}（{:?}）", data.title, next.title, next.step),
                message_en: "the approval chain is not complete".into(),
            }));
        }
        cites.extend(chain_cites(&v));
        data.meeting_id = Some(id.clone());
        data.meeting_type = m.meeting_type;
        data.meeting_date = m.date.clone();
        data.gate = gate_of(&v, m.meeting_type, &m.date);
        updates.push((
            DocTable::AgendaItem,
            it.id.clone(),
            it.version,
            "on_agenda".to_string(),
            encode(&data)?,
        ));
    }
    if !refused.is_empty() {
        return Err(Problem::refused(refused));
    }
    m.agenda = body.items.clone();
    m.agenda_confirmed_by = None;
    updates.push((
        DocTable::Meeting,
        id.clone(),
        doc.version,
        "agenda_assembled".to_string(),
        encode(&m)?,
    ));
    cites.dedup();
    let out = state
        .store
        .update_docs(&audit(actor, "meeting.agenda", &cites), updates)
        .await
        .map_err(crate::store_problem)?;
    let d = out.last().ok_or_else(|| Problem::internal("no meeting"))?;
    Ok(Json(view(d)))
}

/// The head (or the leader convening the meeting) confirms the agenda.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/agenda/confirm", tag = "meetings",
    security(("session" = []), ("token" = [])),
    params(("id" = String, Path, description = "会议编号 (meeting id)")),
    responses(
        (status = 200, description = "已确定 (confirmed)", body = DocView),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "须由首长或会议召集人确定 (the head or the convener confirms)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "没有该会议 (no such meeting)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "尚无议题单 (no agenda yet)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn confirm_agenda(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<DocView>, Problem> {
    let actor = caller.require_login()?;
    let (doc, mut m) = meeting(&state, &caller, &id).await?;
    let confirmer = m.convened_by;
    let fits = actor
        .roles
        .iter()
        .any(|r| *r == Role::Head || zhengwu_rules::profile::meetings::role_fits(confirmer, *r));
    if !fits {
        return Err(deny(
            &caller,
            "议题单须由首长或会议召集人确定 (the head or the convener confirms the agenda)",
        ));
    }
    if m.agenda.is_empty() {
        return Err(Problem::invalid(
            "agenda",
            "办公室尚未汇总议题单 (the office has not assembled the agenda)",
        ));
    }
    m.agenda_confirmed_by = Some(actor.audit_id());
    let cites: Vec<Citation> = m.chain.iter().filter_map(|s| s.citation.clone()).collect();
    let d = save(
        &state,
        &audit(actor, "meeting.agenda_confirm", &cites),
        DocTable::Meeting,
        &id,
        doc.version,
        "agenda_confirmed",
        &m,
    )
    .await?;
    Ok(Json(view(&d)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkAssignment {
    /// The unit named by the decision (department id or name).
    pub unit: String,
    pub task: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdoptedDocument {
    pub title: String,
    /// minor | major: a major revision has the longer issuing deadline where the profile says so.
    #[serde(default = "minor")]
    #[schema(value_type = String)]
    pub revision: Revision,
}

fn minor() -> Revision {
    Revision::Minor
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    pub item_id: String,
    /// adopted | adopted_with_changes | rejected | deferred
    pub outcome: String,
    /// The chair's summary (主持人总结).
    pub summary: String,
    /// Dissenting opinions, recorded as spoken.
    #[serde(default)]
    pub dissent: Vec<String>,
    #[serde(default)]
    pub assignments: Vec<WorkAssignment>,
    #[serde(default)]
    pub documents: Vec<AdoptedDocument>,
}

/// Records the decision on an agenda item. The quorum (members only, the profile's fraction) must be
/// met; work assigned becomes follow-up items with the profile's report deadline; adopted documents
/// get the profile's issuing deadlines; a linked major decision's collective discussion is done.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/decisions", tag = "meetings",
    security(("session" = []), ("token" = [])),
    params(("id" = String, Path, description = "会议编号 (meeting id)")),
    request_body = DecisionRequest,
    responses(
        (status = 200, description = "已记录 (recorded): the item", body = DocView),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "仅政府办公室 (office only)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "没有该会议 (no such meeting)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "未达法定人数等 (quorum not met, with citation)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn record_decision(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<DecisionRequest>,
) -> Result<Json<DocView>, Problem> {
    let actor = caller.require_login()?;
    let (mdoc, m) = meeting(&state, &caller, &id).await?;
    allow(&caller, Action::Update, Object::Meeting)?;
    if !matches!(
        body.outcome.as_str(),
        "adopted" | "adopted_with_changes" | "rejected" | "deferred"
    ) {
        return Err(Problem::invalid(
            "outcome",
            "outcome 须为 adopted、adopted_with_changes、rejected 或 deferred",
        ));
    }
    if body.summary.trim().is_empty() {
        return Err(Problem::invalid(
            "summary",
            "须记录主持人总结 (the chair's summary is required)",
        ));
    }
    let day = date("date", &m.date)?;
    if !matches!(mdoc.status.as_str(), "held" | "minutes_signed") {
        return Err(Problem::invalid(
            "attendance",
            "尚未点名，不能记录决定 (take attendance before recording decisions)",
        ));
    }
    let q = dm::quorum(
        &state.registry,
        &state.calendar(),
        &m.profile,
        m.meeting_type,
        day,
        &m.invitees,
        m.video_consented_by_head,
    )
    .map_err(denied)?;
    let it = load(&state, DocTable::AgendaItem, &body.item_id).await?;
    let mut data: ItemData = decode(&it)?;
    if data.meeting_id.as_deref() != Some(id.as_str()) {
        return Err(Problem::invalid(
            "item_id",
            "该议题不在本次会议议题单上 (the item is not on this meeting's agenda)",
        ));
    }
    let p = dm::profile_on(&state.registry, &m.profile, day)
        .map_err(crate::api::rules::check_problem)?;
    let mut cites: Vec<Citation> = chain_cites(&q);
    let mut work = Vec::new();
    let adopted = body.outcome.starts_with("adopted");
    if adopted && !body.assignments.is_empty() {
        let term = dm::work_report_term(p, &state.calendar(), day)
            .map_err(crate::api::rules::check_problem)?;
        for a in &body.assignments {
            let (period, citation, due_on, explain) = match &term {
                Some(t) => {
                    cites.push(t.citation.clone());
                    (
                        encode(&t.period)?,
                        encode(&t.citation)?,
                        t.due_on.clone(),
                        t.explain.clone(),
                    )
                }
                None => (
                    Value::Null,
                    Value::Null,
                    String::new(),
                    "本规则未规定会议决定事项的报送期限，由督查机构立项时确定 (the profile sets no report deadline; the supervision office sets one)".to_string(),
                ),
            };
            work.push(NewAssignedWork {
                unit: a.unit.clone(),
                task: a.task.clone(),
                start_on: day.to_string(),
                period,
                citation,
                due_on,
                explain,
            });
        }
    }
    let mut documents = Vec::new();
    if adopted {
        for doc in &body.documents {
            let terms: Vec<Term> = dm::document_terms(p, &state.calendar(), day, doc.revision)
                .map_err(crate::api::rules::check_problem)?;
            cites.extend(terms.iter().map(|t| t.citation.clone()));
            documents
                .push(json!({"title": doc.title, "revision": doc.revision, "deadlines": terms}));
        }
    }
    cites.dedup();
    data.decision = Some(ItemDecision {
        outcome: body.outcome.clone(),
        summary: body.summary.clone(),
        dissent: body.dissent.clone(),
        documents,
        assigned_work: Vec::new(),
        citations: cites.clone(),
    });
    let (mut item, assigned) = state
        .store
        .record_item_decision(
            &audit(actor, "meeting.decision", &cites),
            &it.id,
            it.version,
            "decided",
            encode(&data)?,
            work,
        )
        .await
        .map_err(crate::store_problem)?;
    if !assigned.is_empty()
        && let Some(dec) = data.decision.as_mut()
    {
        dec.assigned_work = assigned.iter().map(|w| w.id.clone()).collect();
        item = save(
            &state,
            &audit(actor, "meeting.decision_work", &[]),
            DocTable::AgendaItem,
            &item.id,
            item.version,
            "decided",
            &data,
        )
        .await?;
    }
    // Every piece of assigned work enters the supervision ledger (督办, issue #7) for the unit named,
    // as a `meeting_decision` item assigned on the meeting day: its report deadline comes from the
    // profile's supervision rule there. A failure is logged, not undone: the decision stands.
    if !assigned.is_empty() {
        let org = state
            .store
            .government_org(&mdoc.government_id)
            .await
            .map_err(crate::store_problem)?;
        for w in &assigned {
            let dept = org
                .departments
                .iter()
                .find(|d| d.id == w.unit || d.name == w.unit);
            let new = crate::api::supervision::NewItem {
                government_id: mdoc.government_id.clone(),
                source: "meeting_decision".into(),
                title: format!("{}决定：{}", m.name, w.task),
                lead_unit: dept.map_or_else(|| w.unit.clone(), |d| d.id.clone()),
                co_units: Vec::new(),
                responsible: format!(
                    "{}主要负责人",
                    dept.map_or(w.unit.as_str(), |d| d.name.as_str())
                ),
                assigned_on: Some(day.to_string()),
                limit: None,
                complex: false,
            };
            if let Err(p) = crate::api::supervision::register(&state, &actor.audit_id(), new).await
            {
                tracing::warn!(work = %w.id, detail = %p.detail, "assigned work not entered in the supervision ledger");
            }
        }
    }
    // The collective discussion of a linked major decision.
    if adopted && let Some(mid) = &data.major_decision_id {
        let md_doc = load(&state, DocTable::MajorDecision, mid).await?;
        let mut mdd: MajorDecisionData = decode(&md_doc)?;
        mdd.steps
            .retain(|s| s.procedure != Procedure::CollectiveDecision);
        mdd.steps.push(ProcedureStep {
            procedure: Procedure::CollectiveDecision,
            started_on: Some(day.to_string()),
            completed_on: Some(day.to_string()),
            evidence: vec![format!("{} {}", m.name, id)],
            shortened_reason: None,
            citations: md::procedures(p, &state.calendar())
                .into_iter()
                .filter(|(x, _)| *x == Procedure::CollectiveDecision)
                .map(|(_, c)| c)
                .collect(),
        });
        save(
            &state,
            &audit(actor, "major_decision.collective", &cites),
            DocTable::MajorDecision,
            mid,
            md_doc.version,
            "decided",
            &mdd,
        )
        .await?;
    }
    Ok(Json(view(&item)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MinutesRequest {
    /// Topics of the minutes (fiscal_funds, land_use, …; default general): they choose the chain.
    #[serde(default)]
    #[schema(value_type = Vec<String>)]
    pub topics: Vec<MinutesTopic>,
}

/// Drafts the minutes (纪要): the profile's review/sign chain for this meeting (finance-topic and
/// delegated variants) becomes the steps to take.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/minutes", tag = "meetings",
    security(("session" = []), ("token" = [])),
    params(("id" = String, Path, description = "会议编号 (meeting id)")),
    request_body = MinutesRequest,
    responses(
        (status = 200, description = "纪要已起草 (drafted)", body = DocView),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "仅政府办公室 (office only)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "没有该会议 (no such meeting)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "输入无效 (invalid input)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn draft_minutes(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MinutesRequest>,
) -> Result<Json<DocView>, Problem> {
    let actor = caller.require_login()?;
    let (doc, mut m) = meeting(&state, &caller, &id).await?;
    allow(&caller, Action::Update, Object::Meeting)?;
    let day = date("date", &m.date)?;
    let v = dm::require(
        &state.registry,
        &state.calendar(),
        &m.profile,
        &dm::minutes_case(
            m.meeting_type,
            day,
            m.convened_by,
            m.delegated_by,
            &body.topics,
            None,
        ),
    )
    .map_err(denied)?;
    m.minutes = Some(Minutes {
        topics: body.topics.clone(),
        steps: v
            .chain
            .iter()
            .map(|s| MinutesStep {
                step: s.clone(),
                done_by: None,
                done_as: None,
                done_at: None,
            })
            .collect(),
        manual_steps: v
            .manual_steps
            .iter()
            .map(encode)
            .collect::<Result<_, _>>()?,
        signed: false,
    });
    let d = save(
        &state,
        &audit(actor, "meeting.minutes_draft", &chain_cites(&v)),
        DocTable::Meeting,
        &id,
        doc.version,
        &doc.status,
        &m,
    )
    .await?;
    Ok(Json(view(&d)))
}

/// The caller takes the next step of the minutes chain (review, then sign); a signature by someone
/// the profile does not name is refused with its citation.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/minutes/steps", tag = "meetings",
    security(("session" = []), ("token" = [])),
    params(("id" = String, Path, description = "会议编号 (meeting id)")),
    responses(
        (status = 200, description = "已办理 (step taken)", body = DocView),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "不是这一步的办理人 (not yours to take)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "没有该会议 (no such meeting)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "没有待办步骤或规则不允许 (nothing to take, or refused)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn minutes_step(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<DocView>, Problem> {
    let actor = caller.require_login()?;
    let (doc, mut m) = meeting(&state, &caller, &id).await?;
    let day = date("date", &m.date)?;
    let (convened_by, delegated_by, t, profile) = (
        m.convened_by,
        m.delegated_by,
        m.meeting_type,
        m.profile.clone(),
    );
    let Some(min) = m.minutes.as_mut() else {
        return Err(Problem::invalid(
            "minutes",
            "纪要尚未起草 (no minutes drafted)",
        ));
    };
    let Some(next) = min.steps.iter().position(|s| s.done_by.is_none()) else {
        return Err(Problem::invalid(
            "minutes",
            "纪要已签发 (the minutes are signed)",
        ));
    };
    let step = min.steps[next].step.clone();
    let wanted = std::iter::once(step.role)
        .chain(step.alternatives.iter().copied())
        .map(|r| dm::resolve_role(r, convened_by, delegated_by))
        .collect::<Vec<_>>();
    // A deputy seat takes the 分管副职 step of the minutes (the portfolio is not part of a meeting).
    let fits = |w: Role, r: Role| {
        zhengwu_rules::profile::meetings::role_fits(w, r)
            || (matches!(w, Role::DeputyInCharge | Role::DeputiesConcerned)
                && zhengwu_rules::profile::meetings::role_fits(Role::Deputy, r))
    };
    let Some(role) = actor
        .roles
        .iter()
        .copied()
        .find(|r| wanted.iter().any(|w| fits(*w, *r)))
    else {
        return Err(deny(
            &caller,
            "不是纪要流程这一步的办理人 (you do not take this step of the minutes)",
        ));
    };
    let mut cites: Vec<Citation> = step.citation.iter().cloned().collect();
    if step.step == Step::Sign {
        let v = dm::require(
            &state.registry,
            &state.calendar(),
            &profile,
            &dm::minutes_case(t, day, convened_by, delegated_by, &min.topics, Some(role)),
        )
        .map_err(denied)?;
        cites.extend(chain_cites(&v));
    }
    min.steps[next].done_by = Some(actor.audit_id());
    min.steps[next].done_as = Some(role);
    min.steps[next].done_at = Some(state.store.now().to_string());
    min.signed = min.steps.iter().all(|s| s.done_by.is_some());
    let status = if min.signed {
        "minutes_signed".to_string()
    } else {
        doc.status.clone()
    };
    cites.dedup();
    let d = save(
        &state,
        &audit(actor, "meeting.minutes_step", &cites),
        DocTable::Meeting,
        &id,
        doc.version,
        &status,
        &m,
    )
    .await?;
    Ok(Json(view(&d)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, tag = "action", rename_all = "snake_case")]
pub enum MaterialRequest {
    /// Hands out a material; `recall`: 会后收回.
    Add { title: String, recall: bool },
    /// Records that an invitee returned a recalled material (index in `materials`).
    Return { index: usize, invitee: String },
}

/// Meeting materials; those marked 会后收回 are tracked until every present invitee returned them.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/materials", tag = "meetings",
    security(("session" = []), ("token" = [])),
    params(("id" = String, Path, description = "会议编号 (meeting id)")),
    request_body = MaterialRequest,
    responses(
        (status = 200, description = "已登记 (recorded)", body = DocView),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "仅政府办公室 (office only)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "没有该会议 (no such meeting)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "输入无效 (invalid input)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn materials(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MaterialRequest>,
) -> Result<Json<DocView>, Problem> {
    let actor = caller.require_login()?;
    let (doc, mut m) = meeting(&state, &caller, &id).await?;
    allow(&caller, Action::Update, Object::Meeting)?;
    let action = match body {
        MaterialRequest::Add { title, recall } => {
            if title.trim().is_empty() {
                return Err(Problem::invalid("title", "材料须有标题 (title required)"));
            }
            m.materials.push(Material {
                title,
                recall,
                returned_by: Vec::new(),
            });
            "meeting.material_add"
        }
        MaterialRequest::Return { index, invitee } => {
            if !m.invitees.iter().any(|i| i.key == invitee) {
                return Err(Problem::invalid(
                    "invitee",
                    "没有该受邀人 (no such invitee)",
                ));
            }
            let Some(mat) = m.materials.get_mut(index).filter(|x| x.recall) else {
                return Err(Problem::invalid(
                    "index",
                    "没有该须收回的材料 (no such recalled material)",
                ));
            };
            if !mat.returned_by.contains(&invitee) {
                mat.returned_by.push(invitee);
            }
            "meeting.material_return"
        }
    };
    let d = save(
        &state,
        &audit(actor, action, &[]),
        DocTable::Meeting,
        &id,
        doc.version,
        &doc.status,
        &m,
    )
    .await?;
    Ok(Json(view(&d)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CadenceQuery {
    /// Required.
    pub government_id: Option<String>,
    /// YYYY-MM-DD (default today).
    pub as_of: Option<String>,
}

/// Each meeting type's cadence against the profile's target: a warning when behind, never a block.
#[utoipa::path(get, path = "/api/v1/meeting-cadence", tag = "meetings", params(CadenceQuery),
    security(("session" = []), ("token" = [])),
    responses(
        (status = 200, description = "会议频次 (cadence per meeting type)", body = Vec<crate::api::rules::Object>),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "仅政府工作人员 (staff only)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "输入无效 (invalid input)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn cadence(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<CadenceQuery>,
) -> Result<Json<Vec<Value>>, Problem> {
    allow(&caller, Action::Read, Object::Meeting)?;
    let gov = government_param(&q.government_id)?;
    let profile = profile_of_government(&state, gov).await?;
    let as_of = match &q.as_of {
        Some(s) => date("as_of", s)?,
        None => state.today(),
    };
    let p = dm::profile_on(&state.registry, &profile, as_of)
        .map_err(crate::api::rules::check_problem)?;
    let mut out = Vec::new();
    for t in MeetingType::ALL {
        if !p.meetings.exists(t) {
            continue;
        }
        let Some((from, to)) = dm::cadence_window(p, t, as_of) else {
            continue;
        };
        let held = state
            .store
            .count_meetings(gov, t.id(), &from.to_string(), &to.to_string())
            .await
            .map_err(crate::store_problem)?;
        if let Some(c) = dm::cadence_status(p, &state.calendar(), t, as_of, held) {
            out.push(encode(&c)?);
        }
    }
    for t in MeetingType::ALL {
        if p.meetings.exists(t)
            && let Some(st) = study_status(&state, gov, p, t, as_of).await?
        {
            out.push(encode(&st)?);
        }
    }
    Ok(Json(out))
}

/// The study target's standing for the period containing `day`: the meetings of the type held in it
/// with a study session recorded; `None` where the profile sets no study for the type.
async fn study_status(
    state: &AppState,
    gov: &str,
    p: &zhengwu_rules::Profile,
    t: MeetingType,
    day: jiff::civil::Date,
) -> Result<Option<dm::CadenceStatus>, Problem> {
    let Some((from, to)) = dm::study_window(p, t, day) else {
        return Ok(None);
    };
    let meetings = state
        .store
        .meetings_between(gov, t.id(), &from.to_string(), &to.to_string())
        .await
        .map_err(crate::store_problem)?;
    let held = meetings
        .iter()
        .filter(|d| d.data["study_held"].as_bool() == Some(true))
        .count();
    Ok(dm::study_status(
        p,
        &state.calendar(),
        t,
        day,
        i64::try_from(held).unwrap_or(i64::MAX),
    ))
}

// ---------------------------------------------------------------------------------------------
// Agenda items

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAgendaItem {
    pub government_id: String,
    pub title: String,
    /// The proposing department (default: the caller's).
    pub department_id: Option<String>,
    /// The meeting type and (planned) date it is proposed for.
    #[schema(value_type = String)]
    pub meeting_type: MeetingType,
    pub meeting_date: String,
    /// When the materials reached the office (default today).
    pub submitted_on: Option<String>,
    /// The facts the gates read: topics, countersigned, legality_reviewed, urgent_ground, exception …
    #[serde(default)]
    #[schema(value_type = Object)]
    pub facts: ItemFacts,
    /// A major decision whose procedures this item carries.
    pub major_decision_id: Option<String>,
}

fn gate_of(v: &Verdict, t: MeetingType, d: &str) -> Gate {
    Gate {
        outcome: v.outcome,
        violations: v.violations.clone(),
        warnings: v.warnings.clone(),
        deadlines: v.deadlines.clone(),
        chain: dm::approval_steps(v),
        status: v.status.value(),
        meeting_type: t,
        meeting_date: d.to_string(),
    }
}

/// Proposes an agenda item. It is kept whatever the gates say; `data.gate` lists every missing gate
/// with its citation (status `blocked`) or the approval chain to go through (status `proposed`).
#[utoipa::path(post, path = "/api/v1/agenda-items", tag = "meetings",
    security(("session" = []), ("token" = [])),
    request_body = NewAgendaItem,
    responses(
        (status = 201, description = "已提出 (proposed); data.gate", body = DocView),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "无权提出 (may not propose)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "输入无效 (invalid input)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_item(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewAgendaItem>,
) -> Result<Response, Problem> {
    let actor = caller.require_login()?;
    let department_id = body.department_id.clone().or(actor.department_id.clone());
    allow(
        &caller,
        Action::Create,
        Object::AgendaItem {
            department_id: department_id.as_deref(),
        },
    )?;
    if body.title.trim().is_empty() || body.title.chars().count() > 200 {
        return Err(Problem::invalid(
            "title",
            "标题须为 1–200 个字 (the title must be 1–200 characters)",
        ));
    }
    let profile = profile_of_government(&state, &body.government_id).await?;
    let day = date("meeting_date", &body.meeting_date)?;
    // The proposer: the department named (on whose behalf the office may register it), else the
    // caller's own roles.
    let proposer_roles = if department_id.is_some() {
        vec![Role::DepartmentHead]
    } else {
        actor.roles.clone()
    };
    let p =
        dm::profile_on(&state.registry, &profile, day).map_err(crate::api::rules::check_problem)?;
    dm::may_propose(p, &state.calendar(), body.meeting_type, &proposer_roles).map_err(denied)?;
    let submitted = match &body.submitted_on {
        Some(s) => date("submitted_on", s)?,
        None => state.today(),
    };
    if let Some(mid) = &body.major_decision_id {
        load(&state, DocTable::MajorDecision, mid).await?;
    }
    let mut data = ItemData {
        title: body.title.trim().to_string(),
        department_id,
        proposed_by: actor.audit_id(),
        meeting_type: body.meeting_type,
        meeting_date: day.to_string(),
        submitted_on: submitted.to_string(),
        facts: body.facts,
        major_decision_id: body.major_decision_id,
        meeting_id: None,
        approvals: Vec::new(),
        gate: Gate {
            outcome: Outcome::Refused,
            violations: Vec::new(),
            warnings: Vec::new(),
            deadlines: Vec::new(),
            chain: Vec::new(),
            status: Value::Null,
            meeting_type: body.meeting_type,
            meeting_date: day.to_string(),
        },
        decision: None,
    };
    let v = evaluate_item(&state, &profile, &data, body.meeting_type, day)
        .await?
        .map_err(denied)?;
    data.gate = gate_of(&v, body.meeting_type, &data.meeting_date);
    let status = if v.outcome == Outcome::Refused {
        "blocked"
    } else {
        "proposed"
    };
    let mut cites: Vec<Citation> = v.violations.iter().map(|f| f.citation.clone()).collect();
    cites.extend(chain_cites(&v));
    cites.dedup();
    let doc = state
        .store
        .create_doc(
            &audit(actor, "agenda_item.propose", &cites),
            DocTable::AgendaItem,
            &body.government_id,
            status,
            encode(&data)?,
        )
        .await
        .map_err(crate::store_problem)?;
    Ok(created(&doc))
}

/// One agenda item with its gate and approvals.
#[utoipa::path(get, path = "/api/v1/agenda-items/{id}", tag = "meetings",
    security(("session" = []), ("token" = [])),
    params(("id" = String, Path, description = "议题编号 (item id)")),
    responses(
        (status = 200, description = "议题 (the item)", body = DocView),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "仅政府工作人员 (staff only)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "没有该议题 (no such item)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_item(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<DocView>, Problem> {
    allow(
        &caller,
        Action::Read,
        Object::AgendaItem {
            department_id: None,
        },
    )?;
    let d = load(&state, DocTable::AgendaItem, &id).await?;
    Ok(Json(view(&d)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FactsUpdate {
    #[schema(value_type = Object)]
    pub facts: ItemFacts,
    pub submitted_on: Option<String>,
    pub major_decision_id: Option<String>,
}

/// Updates what the clerk knows about an item (a gate cleared, an exception recorded) and evaluates
/// its gates again.
#[utoipa::path(post, path = "/api/v1/agenda-items/{id}/facts", tag = "meetings",
    security(("session" = []), ("token" = [])),
    params(("id" = String, Path, description = "议题编号 (item id)")),
    request_body = FactsUpdate,
    responses(
        (status = 200, description = "已更新 (updated); data.gate", body = DocView),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "无权修改 (may not change it)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "没有该议题 (no such item)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "输入无效或已上会 (invalid, or already on an agenda)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update_facts(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<FactsUpdate>,
) -> Result<Json<DocView>, Problem> {
    let actor = caller.require_login()?;
    let it = load(&state, DocTable::AgendaItem, &id).await?;
    let mut data: ItemData = decode(&it)?;
    allow(
        &caller,
        Action::Update,
        Object::AgendaItem {
            department_id: data.department_id.as_deref(),
        },
    )?;
    if data.decision.is_some() {
        return Err(Problem::invalid("facts", "议题已决定 (already decided)"));
    }
    data.facts = body.facts;
    if let Some(s) = &body.submitted_on {
        data.submitted_on = date("submitted_on", s)?.to_string();
    }
    if let Some(m) = body.major_decision_id {
        load(&state, DocTable::MajorDecision, &m).await?;
        data.major_decision_id = Some(m);
    }
    let profile = profile_of_government(&state, &it.government_id).await?;
    let day = date("meeting_date", &data.meeting_date)?;
    let v = evaluate_item(&state, &profile, &data, data.meeting_type, day)
        .await?
        .map_err(denied)?;
    let chain_changed = dm::approval_steps(&v) != data.gate.chain;
    data.gate = gate_of(&v, data.meeting_type, &data.meeting_date);
    if chain_changed {
        data.approvals.clear();
    }
    let status = match (&data.meeting_id, v.outcome) {
        (Some(_), _) => "on_agenda",
        (None, Outcome::Refused) => "blocked",
        (None, _) if data.approvals.len() >= data.gate.chain.len() => "approved",
        (None, _) => "proposed",
    };
    let d = save(
        &state,
        &audit(actor, "agenda_item.facts", &chain_cites(&v)),
        DocTable::AgendaItem,
        &id,
        it.version,
        status,
        &data,
    )
    .await?;
    Ok(Json(view(&d)))
}

/// The caller signs the next step of the item's approval chain, in the profile's order (e.g. 聊城:
/// 分管副市长审签 → 秘书长签批 → 市长确定); someone the step does not name is refused.
#[utoipa::path(post, path = "/api/v1/agenda-items/{id}/approvals", tag = "meetings",
    security(("session" = []), ("token" = [])),
    params(("id" = String, Path, description = "议题编号 (item id)")),
    responses(
        (status = 200, description = "已审批 (step signed)", body = DocView),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "不是这一步的审批人 (not yours to sign)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "没有该议题 (no such item)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "议题未通过审核或无待审批步骤 (blocked, or nothing to sign)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn approve_item(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<DocView>, Problem> {
    let actor = caller.require_login()?;
    allow(
        &caller,
        Action::Read,
        Object::AgendaItem {
            department_id: None,
        },
    )?;
    let it = load(&state, DocTable::AgendaItem, &id).await?;
    let mut data: ItemData = decode(&it)?;
    if data.gate.outcome == Outcome::Refused {
        return Err(Problem::refused(
            data.gate.violations.iter().map(Violation::from).collect(),
        ));
    }
    let Some(step) = data.gate.chain.get(data.approvals.len()).cloned() else {
        return Err(Problem::invalid(
            "approvals",
            "审批程序已完成 (the approval chain is complete)",
        ));
    };
    // A deputy head holding a `deputy` seat signs the 分管 step for the departments in the portfolio.
    let in_charge = step.role == Role::DeputyInCharge
        && actor
            .roles
            .iter()
            .any(|r| zhengwu_rules::profile::meetings::role_fits(Role::Deputy, *r))
        && data
            .department_id
            .as_ref()
            .is_none_or(|d| actor.portfolio.contains(d));
    if !(dm::may_take(&step, &actor.roles) || in_charge) {
        return Err(deny(
            &caller,
            "不是议题审批程序这一步的审批人 (you do not sign this step)",
        ));
    }
    let role = actor
        .roles
        .iter()
        .copied()
        .find(|r| dm::may_take(&step, std::slice::from_ref(r)))
        .unwrap_or(step.role);
    let cites: Vec<Citation> = step.citation.iter().cloned().collect();
    data.approvals.push(Approval {
        step,
        by: actor.audit_id(),
        role,
    });
    let status = if data.meeting_id.is_some() {
        "on_agenda"
    } else if data.approvals.len() >= data.gate.chain.len() {
        "approved"
    } else {
        "proposed"
    };
    let d = save(
        &state,
        &audit(actor, "agenda_item.approve", &cites),
        DocTable::AgendaItem,
        &id,
        it.version,
        status,
        &data,
    )
    .await?;
    Ok(Json(view(&d)))
}

// ---------------------------------------------------------------------------------------------
// Major administrative decisions

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMajorDecision {
    pub government_id: String,
    pub title: String,
}

/// Opens a major administrative decision: the profile's procedures become steps to complete, and
/// the further requirements (catalogue, reporting, risk assessment, evaluation) are listed with
/// their citations.
#[utoipa::path(post, path = "/api/v1/major-decisions", tag = "meetings",
    security(("session" = []), ("token" = [])),
    request_body = NewMajorDecision,
    responses(
        (status = 201, description = "已立项 (opened)", body = DocView),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "仅政府办公室 (office only)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "输入无效 (invalid input)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_major_decision(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewMajorDecision>,
) -> Result<Response, Problem> {
    let actor = caller.require_login()?;
    allow(&caller, Action::Create, Object::Meeting)?;
    if body.title.trim().is_empty() {
        return Err(Problem::invalid("title", "须有标题 (title required)"));
    }
    let profile = profile_of_government(&state, &body.government_id).await?;
    let p = dm::profile_on(&state.registry, &profile, state.today())
        .map_err(crate::api::rules::check_problem)?;
    let procs = md::procedures(p, &state.calendar());
    let data = MajorDecisionData {
        title: body.title.trim().to_string(),
        profile,
        required: procs.iter().map(|(x, _)| *x).collect(),
        steps: Vec::new(),
        requirements: md::requirements(p, &state.calendar()),
        tracking: Tracking::default(),
    };
    let cites: Vec<Citation> = procs.into_iter().map(|(_, c)| c).take(1).collect();
    let doc = state
        .store
        .create_doc(
            &audit(actor, "major_decision.open", &cites),
            DocTable::MajorDecision,
            &body.government_id,
            "in_procedure",
            encode(&data)?,
        )
        .await
        .map_err(crate::store_problem)?;
    Ok(created(&doc))
}

/// One major decision with its steps.
#[utoipa::path(get, path = "/api/v1/major-decisions/{id}", tag = "meetings",
    security(("session" = []), ("token" = [])),
    params(("id" = String, Path, description = "决策编号 (decision id)")),
    responses(
        (status = 200, description = "重大行政决策 (the decision)", body = DocView),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "仅政府工作人员 (staff only)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "没有该决策 (no such decision)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_major_decision(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<DocView>, Problem> {
    allow(&caller, Action::Read, Object::Meeting)?;
    let d = load(&state, DocTable::MajorDecision, &id).await?;
    Ok(Json(view(&d)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepRequest {
    /// public_participation | expert_argumentation | risk_assessment | legality_review
    #[schema(value_type = String)]
    pub procedure: Procedure,
    pub started_on: Option<String>,
    pub completed_on: String,
    /// What proves it (report numbers, the review opinion …); at least one.
    pub evidence: Vec<String>,
    /// Why a national minimum period was shortened.
    pub shortened_reason: Option<String>,
}

/// Completes a procedure with evidence: public comment ≥ 30 calendar days, legality review ≥ 7
/// working days (national regulation) unless a reason for shortening is recorded.
#[utoipa::path(post, path = "/api/v1/major-decisions/{id}/steps", tag = "meetings",
    security(("session" = []), ("token" = [])),
    params(("id" = String, Path, description = "决策编号 (decision id)")),
    request_body = StepRequest,
    responses(
        (status = 200, description = "已完成 (completed)", body = DocView),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "仅政府办公室 (office only)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "没有该决策 (no such decision)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "期限不足等 (refused with citation)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn major_decision_step(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<StepRequest>,
) -> Result<Json<DocView>, Problem> {
    let actor = caller.require_login()?;
    allow(&caller, Action::Update, Object::Meeting)?;
    let doc = load(&state, DocTable::MajorDecision, &id).await?;
    let mut data: MajorDecisionData = decode(&doc)?;
    if body.procedure == Procedure::CollectiveDecision {
        return Err(Problem::invalid(
            "procedure",
            "集体讨论决定由会议记录决定时完成 (collective discussion is recorded by the meeting's decision)",
        ));
    }
    if body.evidence.iter().all(|e| e.trim().is_empty()) {
        return Err(Problem::invalid(
            "evidence",
            "须附证明材料 (evidence required)",
        ));
    }
    let completed = date("completed_on", &body.completed_on)?;
    let started = body
        .started_on
        .as_deref()
        .map(|s| date("started_on", s))
        .transpose()?;
    let p = dm::profile_on(&state.registry, &data.profile, completed)
        .map_err(crate::api::rules::check_problem)?;
    let cites = md::complete(
        p,
        &state.calendar(),
        body.procedure,
        started,
        completed,
        body.shortened_reason.as_deref(),
    )
    .map_err(denied)?;
    data.steps.retain(|s| s.procedure != body.procedure);
    data.steps.push(ProcedureStep {
        procedure: body.procedure,
        started_on: started.map(|d| d.to_string()),
        completed_on: Some(completed.to_string()),
        evidence: body.evidence,
        shortened_reason: body.shortened_reason,
        citations: cites.clone(),
    });
    let done = md::done(&data.steps);
    let status = if data
        .required
        .iter()
        .filter(|x| **x != Procedure::CollectiveDecision)
        .all(|x| done.contains(x))
    {
        "ready_for_discussion"
    } else {
        "in_procedure"
    };
    let d = save(
        &state,
        &audit(actor, "major_decision.step", &cites),
        DocTable::MajorDecision,
        &id,
        doc.version,
        status,
        &data,
    )
    .await?;
    Ok(Json(view(&d)))
}

/// Records the catalogue entry, reporting and consultation, and the post-implementation evaluation
/// date of a major decision.
#[utoipa::path(post, path = "/api/v1/major-decisions/{id}/tracking", tag = "meetings",
    security(("session" = []), ("token" = [])),
    params(("id" = String, Path, description = "决策编号 (decision id)")),
    request_body = Tracking,
    responses(
        (status = 200, description = "已登记 (recorded)", body = DocView),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "仅政府办公室 (office only)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "没有该决策 (no such decision)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "输入无效 (invalid input)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn major_decision_tracking(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Tracking>,
) -> Result<Json<DocView>, Problem> {
    let actor = caller.require_login()?;
    allow(&caller, Action::Update, Object::Meeting)?;
    let doc = load(&state, DocTable::MajorDecision, &id).await?;
    let mut data: MajorDecisionData = decode(&doc)?;
    for (f, v) in [
        (
            "reported_to_party_committee_on",
            &body.reported_to_party_committee_on,
        ),
        ("reported_to_npc_on", &body.reported_to_npc_on),
        ("cppcc_consulted_on", &body.cppcc_consulted_on),
        ("evaluation_due_on", &body.evaluation_due_on),
    ] {
        if let Some(s) = v {
            date(f, s)?;
        }
    }
    let t = &mut data.tracking;
    if body.catalogued.is_some() {
        t.catalogued = body.catalogued;
    }
    for (dst, src) in [
        (
            &mut t.reported_to_party_committee_on,
            body.reported_to_party_committee_on,
        ),
        (&mut t.reported_to_npc_on, body.reported_to_npc_on),
        (&mut t.cppcc_consulted_on, body.cppcc_consulted_on),
        (&mut t.evaluation_due_on, body.evaluation_due_on),
    ] {
        if src.is_some() {
            *dst = src;
        }
    }
    let cites: Vec<Citation> = data
        .requirements
        .iter()
        .map(|r| r.citation.clone())
        .collect();
    let d = save(
        &state,
        &audit(actor, "major_decision.tracking", &cites),
        DocTable::MajorDecision,
        &id,
        doc.version,
        &doc.status,
        &data,
    )
    .await?;
    Ok(Json(view(&d)))
}

// ---------------------------------------------------------------------------------------------
// Demo data

/// Creates meetings across their life cycles for a demo government (deterministic given the
/// store's clock and org): a meeting held and decided with minutes signed, one with its agenda
/// confirmed, one scheduled, an item blocked by its gates, and a major decision in procedure.
/// Uses the government's first meeting type that has members (executive where it exists).
pub async fn seed_demo(
    store: &Store,
    registry: &zhengwu_rules::Registry,
    calendar: &zhengwu_calendar::Calendar,
    government_id: &str,
) -> Result<usize, String> {
    let org = store.org().await.map_err(|e| e.to_string())?;
    let gov = org
        .governments
        .iter()
        .find(|g| g.id == government_id)
        .ok_or_else(|| format!("no government {government_id}"))?;
    let profile = gov.profile_id.clone();
    let seats: Vec<Seat> = org
        .positions
        .iter()
        .filter(|p| p.government_id == government_id)
        .map(|p| Seat {
            position_id: p.id.clone(),
            person_id: p.person_id.clone(),
            role: p.role.clone(),
            title: p.title.clone(),
        })
        .collect();
    let sys = Audit::new("system:demo", "meeting.demo");
    let base = dm::parse_date("2026-03-02").map_err(|e| e.to_string())?;
    let p = dm::profile_on(registry, &profile, base).map_err(|e| e.to_string())?;
    let t = [MeetingType::Executive, MeetingType::Plenary]
        .into_iter()
        .find(|t| p.meetings.exists(*t))
        .ok_or("no meeting type")?;
    let mut n = 0;
    let titles = [
        ("关于2026年重点民生实事项目的议题", "decided"),
        ("关于城区道路改造工程的议题", "on_agenda"),
        ("关于优化营商环境若干措施的议题", "proposed"),
    ];
    for (k, (title, phase)) in titles.iter().enumerate() {
        let day = base
            .checked_add(jiff::Span::new().days(7 * k as i64))
            .map_err(|e| e.to_string())?;
        let s = dm::schedule(
            registry,
            calendar,
            &profile,
            t,
            day,
            Role::Head,
            None,
            &seats,
        )
        .map_err(|e| format!("{e:?}"))?;
        let mut invitees = s.invitees.clone();
        let held = *phase == "decided";
        if held {
            for i in invitees.iter_mut() {
                i.presence = Presence::Present;
            }
        }
        let md = MeetingData {
            meeting_type: t,
            date: day.to_string(),
            name: s.name.clone(),
            profile: profile.clone(),
            convened_by: Role::Head,
            delegated_by: None,
            invitees,
            absences: Vec::new(),
            agenda: Vec::new(),
            agenda_confirmed_by: None,
            video_consented_by_head: false,
            materials: vec![Material {
                title: format!("{title}（会议材料）"),
                recall: true,
                returned_by: Vec::new(),
            }],
            minutes: None,
            chain: s.verdict.chain.clone(),
            warnings: Vec::new(),
            news: s.news.clone(),
            study_held: false,
            news_release: None,
        };
        let status = match *phase {
            "decided" => "held",
            "on_agenda" => "agenda_confirmed",
            _ => "scheduled",
        };
        let mdoc = store
            .create_doc(
                &sys,
                DocTable::Meeting,
                government_id,
                status,
                serde_json::to_value(&md).map_err(|e| e.to_string())?,
            )
            .await
            .map_err(|e| e.to_string())?;
        n += 1;
        let submitted = day
            .checked_sub(jiff::Span::new().days(14))
            .map_err(|e| e.to_string())?;
        let facts = ItemFacts::default();
        let case = dm::agenda_case(t, day, submitted, &facts, &[]);
        let v = dm::judge(registry, calendar, &profile, &case).map_err(|e| e.to_string())?;
        let on = *phase != "proposed";
        let item = ItemData {
            title: (*title).to_string(),
            department_id: None,
            proposed_by: "system:demo".into(),
            meeting_type: t,
            meeting_date: day.to_string(),
            submitted_on: submitted.to_string(),
            facts,
            major_decision_id: None,
            meeting_id: on.then(|| mdoc.id.clone()),
            approvals: Vec::new(),
            gate: gate_of(&v, t, &day.to_string()),
            decision: held.then(|| ItemDecision {
                outcome: "adopted".into(),
                summary: "原则通过，由有关部门抓好落实".into(),
                dissent: Vec::new(),
                documents: Vec::new(),
                assigned_work: Vec::new(),
                citations: Vec::new(),
            }),
        };
        let idoc = store
            .create_doc(
                &sys,
                DocTable::AgendaItem,
                government_id,
                if held {
                    "decided"
                } else if on {
                    "on_agenda"
                } else {
                    "proposed"
                },
                serde_json::to_value(&item).map_err(|e| e.to_string())?,
            )
            .await
            .map_err(|e| e.to_string())?;
        n += 1;
        if on {
            let mut md2 = md.clone();
            md2.agenda = vec![idoc.id.clone()];
            md2.agenda_confirmed_by = Some("system:demo".into());
            store
                .update_doc(
                    &sys,
                    DocTable::Meeting,
                    &mdoc.id,
                    mdoc.version,
                    status,
                    serde_json::to_value(&md2).map_err(|e| e.to_string())?,
                )
                .await
                .map_err(|e| e.to_string())?;
        }
        if held
            && let Some(term) = dm::work_report_term(p, calendar, day).map_err(|e| e.to_string())?
        {
            store
                .record_item_decision(
                    &sys,
                    &idoc.id,
                    idoc.version,
                    "decided",
                    idoc.data.clone(),
                    vec![NewAssignedWork {
                        unit: "市财政局".into(),
                        task: "落实民生实事项目资金".into(),
                        start_on: term.start_on.clone(),
                        period: serde_json::to_value(term.period).map_err(|e| e.to_string())?,
                        citation: serde_json::to_value(&term.citation)
                            .map_err(|e| e.to_string())?,
                        due_on: term.due_on.clone(),
                        explain: term.explain.clone(),
                    }],
                )
                .await
                .map_err(|e| e.to_string())?;
        }
    }
    let procs = md::procedures(p, calendar);
    let dec = MajorDecisionData {
        title: "关于城区公交线网优化调整的重大行政决策".into(),
        profile: profile.clone(),
        required: procs.iter().map(|(x, _)| *x).collect(),
        steps: Vec::new(),
        requirements: md::requirements(p, calendar),
        tracking: Tracking::default(),
    };
    store
        .create_doc(
            &sys,
            DocTable::MajorDecision,
            government_id,
            "in_procedure",
            serde_json::to_value(&dec).map_err(|e| e.to_string())?,
        )
        .await
        .map_err(|e| e.to_string())?;
    Ok(n + 1)
}
