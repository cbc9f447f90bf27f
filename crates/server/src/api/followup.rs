//! The follow-up areas of issue #7 over HTTP (docs/followup.md):
//! - `/api/v1/events/invitations`, `/api/v1/events/hosting`: leaders' event invitations and
//!   applications to host forums/exhibitions/festivals, judged by the rules kinds `invitation` and
//!   `event_hosting` of the government's profile; a refusal is 422 `rule-refused` with every cited
//!   violation;
//! - `/api/v1/openness/publications`: the proactive disclosure register (主动公开) fed from
//!   outgoing documents marked `proactive`, each checked against 政府信息公开条例 第二十六条;
//! - `/api/v1/proposals`: NPC suggestions and CPPCC proposals, with the source of each limit, and
//!   the public results list `/api/v1/public/proposals` (no login);
//! - `/api/v1/hotline/…`: the 12345 configuration (routing table, limit, basis), tickets, callback
//!   and monthly statistics per unit.
//!
//! Every write stores the state and its audit event in one transaction (`zhengwu_store::followup`).

use crate::AppState;
use crate::auth::Caller;
use crate::extract::ApiJson;
use crate::policy::{Action, Decision, Object, authorize};
use crate::problem::{Problem, Violation};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};
use zhengwu_calendar::Date;
use zhengwu_domain::followup::{events, hotline, proposals, publication};
use zhengwu_domain::meetings::Denied;
use zhengwu_rules::Citation;
use zhengwu_store::{
    Audit, FollowupChange, FollowupQuery, FollowupRow, FollowupWrite, NewFollowup,
};

fn office(caller: &Caller) -> Result<(), Problem> {
    match authorize(&caller.actor, Action::Update, Object::Followup) {
        Decision::Allow => Ok(()),
        Decision::Deny(why) if caller.actor.is_authenticated() => Err(Problem::forbidden(why)),
        Decision::Deny(_) => Err(Problem::unauthenticated()),
    }
}

/// The office, or the unit the item is assigned to (for the unit's own steps: reply, contact).
fn office_or_unit(caller: &Caller, unit: &str) -> Result<(), Problem> {
    match authorize(&caller.actor, Action::Update, Object::Assigned { unit }) {
        Decision::Allow => Ok(()),
        Decision::Deny(why) if caller.actor.is_authenticated() => Err(Problem::forbidden(why)),
        Decision::Deny(_) => Err(Problem::unauthenticated()),
    }
}

fn date(path: &str, s: &str) -> Result<Date, Problem> {
    zhengwu_calendar::parse_date(s)
        .map_err(|e| Problem::invalid(path, format!("日期无效 (invalid date): {e}")))
}

fn opt_date(state: &AppState, path: &str, s: &Option<String>) -> Result<Date, Problem> {
    match s {
        Some(s) => date(path, s),
        None => Ok(state.today()),
    }
}

fn denied(d: Denied) -> Problem {
    match d {
        Denied::Refused(r) => Problem::refused(r.violations.iter().map(Violation::from).collect()),
        Denied::Invalid(e) => crate::api::rules::check_problem(e),
    }
}

fn bad_state(zh: &str, en: &str) -> Problem {
    Problem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid-state",
        "状态不允许 (not allowed in this state)",
        format!("{zh} ({en})"),
    )
}

fn corrupt<E: std::fmt::Display>(e: E) -> Problem {
    tracing::error!(error = %e, "stored follow-up data does not decode");
    Problem::internal("存储的数据已损坏 (stored data is corrupt)")
}

fn to_value<T: Serialize>(v: &T) -> Result<Value, Problem> {
    serde_json::to_value(v).map_err(|e| Problem::internal(e.to_string()))
}

fn decode<T: serde::de::DeserializeOwned>(r: &FollowupRow) -> Result<T, Problem> {
    serde_json::from_value(r.data.clone()).map_err(corrupt)
}

/// A follow-up record by kind and id, with its decoded item.
async fn load<T: serde::de::DeserializeOwned>(
    state: &AppState,
    kind: &str,
    id: &str,
) -> Result<(FollowupRow, T), Problem> {
    let row = state
        .store
        .get_followup(kind, id)
        .await
        .map_err(crate::store_problem)?;
    let item = decode(&row)?;
    Ok((row, item))
}

/// The profile id of a government.
async fn profile_of(state: &AppState, government_id: &str) -> Result<String, Problem> {
    let org = state.store.org().await.map_err(crate::store_problem)?;
    org.governments
        .iter()
        .find(|g| g.id == government_id)
        .map(|g| g.profile_id.clone())
        .ok_or_else(|| Problem::invalid("government_id", "没有这个政府 (no such government)"))
}

/// Refuses a unit that is not a department of the government.
async fn check_units<'a>(
    state: &AppState,
    government_id: &str,
    field: &str,
    units: impl IntoIterator<Item = &'a String>,
) -> Result<(), Problem> {
    let org = state
        .store
        .government_org(government_id)
        .await
        .map_err(crate::store_problem)?;
    for u in units {
        if !org.departments.iter().any(|d| &d.id == u) {
            return Err(Problem::invalid(
                field,
                format!("没有这个单位：{u} (no such unit)"),
            ));
        }
    }
    Ok(())
}

fn profile_on<'a>(
    state: &'a AppState,
    profile_id: &str,
    day: Date,
) -> Result<&'a zhengwu_rules::Profile, Problem> {
    zhengwu_domain::meetings::profile_on(&state.registry, profile_id, day)
        .map_err(crate::api::rules::check_problem)
}

fn audit_of(caller: &Caller, action: &str, cites: &[Citation]) -> Audit {
    let mut a = Audit::new(caller.actor.audit_id(), action);
    for c in cites {
        a = a.cite(c);
    }
    a
}

fn verdict_cites(v: &zhengwu_rules::Verdict) -> Vec<Citation> {
    v.deadlines
        .iter()
        .map(|d| d.citation.clone())
        .chain(v.warnings.iter().map(|w| w.citation.clone()))
        .collect()
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GovParams {
    /// Required.
    pub government_id: Option<String>,
    /// Filter by status (per list: see the item's `status`).
    pub status: Option<String>,
    /// Filter by unit (lead unit / owning unit).
    pub unit_id: Option<String>,
    /// `suggestion` or `proposal` (proposals list only).
    pub kind: Option<String>,
    /// `YYYY-MM` (hotline tickets and statistics).
    pub month: Option<String>,
}

/// One stored item with its current standing (the verdict or deadline as of today).
#[derive(Serialize, ToSchema)]
pub struct ItemView {
    pub id: String,
    pub version: i64,
    pub government_id: String,
    /// `invitation`, `hosting`, `publication`, `suggestion`, `proposal`, `hotline_ticket`.
    pub kind: String,
    pub status: String,
    pub unit_id: Option<String>,
    pub due_on: Option<String>,
    /// The record as stored.
    #[schema(value_type = Object)]
    pub item: Value,
    /// Where it stands: the rules verdict (events) or the deadline with its limit and source.
    #[schema(value_type = Object)]
    pub standing: Value,
}

fn view(r: &FollowupRow, standing: Value) -> ItemView {
    ItemView {
        id: r.id.clone(),
        version: r.version,
        government_id: r.government_id.clone(),
        kind: r.kind.clone(),
        status: r.status.clone(),
        unit_id: r.unit_id.clone(),
        due_on: r.due_on.clone(),
        item: r.data.clone(),
        standing,
    }
}

async fn list_rows(
    state: &AppState,
    q: &GovParams,
    kind: &str,
) -> Result<Vec<FollowupRow>, Problem> {
    let (opened_from, opened_before) = match &q.month {
        Some(m) => {
            let (a, b) = month_range(m)?;
            (Some(a), Some(b))
        }
        None => (None, None),
    };
    state
        .store
        .list_followup(&FollowupQuery {
            government_id: gov_param(&q.government_id)?,
            kind: kind.to_string(),
            unit_id: q.unit_id.clone(),
            status: None,
            opened_from,
            opened_before,
            limit: 0,
        })
        .await
        .map_err(crate::store_problem)
}

/// The required `government_id` query parameter.
fn gov_param(g: &Option<String>) -> Result<String, Problem> {
    g.clone()
        .filter(|g| !g.is_empty())
        .ok_or_else(|| Problem::invalid("government_id", "须指明政府 (government_id is required)"))
}

fn month_range(m: &str) -> Result<(String, String), Problem> {
    let first = date("month", &format!("{m}-01"))?;
    let next = first
        .checked_add(jiff::Span::new().months(1))
        .map_err(|_| Problem::invalid("month", "月份无效 (invalid month)"))?;
    Ok((first.to_string(), next.to_string()))
}

// ---------------------------------------------------------------------------------------------
// Events

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInvitation {
    pub government_id: String,
    pub title: String,
    pub inviter: String,
    /// The leader invited (position id or title).
    pub leader: String,
    pub event_on: String,
    /// When the invitation reached the office; today when absent.
    pub submitted_on: Option<String>,
    #[serde(default)]
    pub important: bool,
    /// work | ribbon_cutting | foundation_stone | celebration | commemoration | commendation | expo |
    /// seminar | forum | symposium | premiere | congratulatory_letter | inscription
    pub event_kind: String,
    /// office | leader_personally
    pub sent_to: String,
    #[serde(default)]
    pub approved_by_party_committee_and_government: bool,
}

async fn invitation_view(state: &AppState, r: &FollowupRow) -> Result<ItemView, Problem> {
    let i: events::Invitation = decode(r)?;
    let profile = profile_of(state, &r.government_id).await?;
    let cal = state.calendar();
    let standing = match events::judge_invitation(&state.registry, &cal, &profile, &i) {
        Ok(v) => to_value(&v)?,
        Err(Denied::Refused(rf)) => {
            json!({"outcome": "refused", "violations": to_value(&rf.violations)?})
        }
        Err(Denied::Invalid(e)) => json!({"error": e.to_string()}),
    };
    Ok(view(r, standing))
}

/// Records an invitation of a leader to an event, judged by the profile (channel, lead time,
/// restricted kinds).
#[utoipa::path(post, path = "/api/v1/events/invitations", tag = "followup", request_body = NewInvitation,
    responses((status = 201, description = "已登记 (recorded)", body = ItemView),
              (status = 422, description = "规则不允许 (refused, with citations)", body = Problem, content_type = "application/problem+json")))]
pub async fn create_invitation(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(n): ApiJson<NewInvitation>,
) -> Result<Response, Problem> {
    office(&caller)?;
    let profile = profile_of(&state, &n.government_id).await?;
    let i = events::Invitation {
        title: n.title,
        inviter: n.inviter,
        leader: n.leader,
        event_on: date("event_on", &n.event_on)?,
        submitted_on: opt_date(&state, "submitted_on", &n.submitted_on)?,
        important: n.important,
        event_kind: n.event_kind,
        sent_to: n.sent_to,
        approved_by_party_committee_and_government: n.approved_by_party_committee_and_government,
        status: "pending".into(),
        decided_on: None,
        note: String::new(),
    };
    let cal = state.calendar();
    let v = events::judge_invitation(&state.registry, &cal, &profile, &i).map_err(denied)?;
    let row = state
        .store
        .create_followup(
            &audit_of(&caller, "event.invitation", &verdict_cites(&v)),
            NewFollowup {
                government_id: n.government_id,
                kind: "invitation".into(),
                unit_id: None,
                status: i.status.clone(),
                opened_on: i.submitted_on.to_string(),
                due_on: Some(i.event_on.to_string()),
                ref_id: None,
                data: to_value(&i)?,
            },
        )
        .await
        .map_err(crate::store_problem)?;
    Ok((StatusCode::CREATED, Json(view(&row, to_value(&v)?))).into_response())
}

/// Invitations of a government, oldest first.
#[utoipa::path(get, path = "/api/v1/events/invitations", tag = "followup", params(GovParams),
    responses((status = 200, description = "邀请 (invitations)", body = [ItemView])))]
pub async fn list_invitations(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<GovParams>,
) -> Result<Json<Vec<ItemView>>, Problem> {
    caller.require_login()?;
    let mut out = Vec::new();
    for r in list_rows(&state, &q, "invitation").await? {
        if q.status.as_ref().is_none_or(|s| *s == r.status) {
            out.push(invitation_view(&state, &r).await?);
        }
    }
    Ok(Json(out))
}

#[derive(Deserialize, ToSchema)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum InvitationCommand {
    /// The office arranges the leader's attendance.
    Arrange {
        #[serde(default)]
        note: String,
    },
    Decline {
        #[serde(default)]
        note: String,
    },
}

#[derive(Deserialize, ToSchema)]
pub struct InvitationAction {
    pub version: i64,
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub command: InvitationCommand,
}

/// arrange | decline
#[utoipa::path(post, path = "/api/v1/events/invitations/{id}/actions", tag = "followup",
    params(("id" = String, Path, description = "编号 (id)")), request_body = InvitationAction,
    responses((status = 200, description = "已办理 (done)", body = ItemView),
              (status = 409, description = "版本冲突 (stale version)", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "状态不允许 (not in this state)", body = Problem, content_type = "application/problem+json")))]
pub async fn invitation_action(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<InvitationAction>,
) -> Result<Json<ItemView>, Problem> {
    office(&caller)?;
    let (row, i) = load::<events::Invitation>(&state, "invitation", &id).await?;
    let (arrange, note, action) = match &body.command {
        InvitationCommand::Arrange { note } => (true, note, "event.invitation.arrange"),
        InvitationCommand::Decline { note } => (false, note, "event.invitation.decline"),
    };
    let n = events::decide_invitation(&i, arrange, state.today(), note)
        .map_err(|e| bad_state(e, "not pending"))?;
    let saved = state
        .store
        .update_followup(
            &Audit::new(caller.actor.audit_id(), action),
            "invitation",
            &id,
            body.version,
            FollowupChange {
                unit_id: None,
                status: n.status.clone(),
                due_on: row.due_on.clone(),
                data: to_value(&n)?,
            },
        )
        .await
        .map_err(crate::store_problem)?;
    Ok(Json(invitation_view(&state, &saved).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewHosting {
    pub government_id: String,
    pub title: String,
    pub applicant: String,
    /// forum | exhibition | festival
    pub event_kind: String,
    pub event_on: String,
    /// Today when absent.
    pub applied_on: Option<String>,
    #[serde(default)]
    pub superior_approved: bool,
}

/// Records an application to host a forum/exhibition/festival in the government's name, judged
/// by the profile. The lead time is judged now (refused when late); where the profile requires the
/// superior government's approval and it is not yet given, the application is recorded
/// `awaiting_superior_approval` with the cited requirement, until the `superior_approved` action.
/// Where the seed states no rule the application is recorded and the standing says the rule is
/// unset (`rule_stated: false`).
#[utoipa::path(post, path = "/api/v1/events/hosting", tag = "followup", request_body = NewHosting,
    responses((status = 201, description = "已登记 (recorded)", body = ItemView),
              (status = 422, description = "规则不允许 (refused, with citations)", body = Problem, content_type = "application/problem+json")))]
pub async fn create_hosting(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(n): ApiJson<NewHosting>,
) -> Result<Response, Problem> {
    office(&caller)?;
    let profile = profile_of(&state, &n.government_id).await?;
    let mut h = events::Hosting {
        title: n.title,
        applicant: n.applicant,
        event_kind: n.event_kind,
        event_on: date("event_on", &n.event_on)?,
        applied_on: opt_date(&state, "applied_on", &n.applied_on)?,
        superior_approved: true,
        status: "pending".into(),
        decided_on: None,
    };
    let cal = state.calendar();
    // Everything but the approval: the lead time and the kinds.
    let v = events::judge_hosting(&state.registry, &cal, &profile, &h).map_err(denied)?;
    h.superior_approved = n.superior_approved;
    let (status, standing) = hosting_judged(&state, &cal, &profile, &h)?;
    h.status = status.clone();
    let row = state
        .store
        .create_followup(
            &audit_of(&caller, "event.hosting", &verdict_cites(&v)),
            NewFollowup {
                government_id: n.government_id,
                kind: "hosting".into(),
                unit_id: None,
                status,
                opened_on: h.applied_on.to_string(),
                due_on: Some(h.event_on.to_string()),
                ref_id: None,
                data: to_value(&h)?,
            },
        )
        .await
        .map_err(crate::store_problem)?;
    Ok((StatusCode::CREATED, Json(view(&row, standing))).into_response())
}

/// The status and standing of a hosting application: `awaiting_superior_approval` (with the
/// violations that stand) or `pending` / the stored decision.
fn hosting_judged(
    state: &AppState,
    cal: &zhengwu_calendar::Calendar,
    profile: &str,
    h: &events::Hosting,
) -> Result<(String, Value), Problem> {
    match events::judge_hosting(&state.registry, cal, profile, h) {
        Ok(v) => {
            let status = if h.status == "awaiting_superior_approval" {
                "pending".to_string()
            } else {
                h.status.clone()
            };
            Ok((status, hosting_standing(&v)?))
        }
        Err(Denied::Refused(rf)) => Ok((
            "awaiting_superior_approval".into(),
            json!({"outcome": "awaiting_superior_approval", "rule_stated": true,
                   "violations": to_value(&rf.violations)?}),
        )),
        Err(Denied::Invalid(e)) => Err(crate::api::rules::check_problem(e)),
    }
}

#[derive(Deserialize, ToSchema)]
pub struct HostingAction {
    pub version: i64,
    /// `superior_approved` (the superior government approved) | `withdraw`
    pub command: String,
}

/// superior_approved | withdraw
#[utoipa::path(post, path = "/api/v1/events/hosting/{id}/actions", tag = "followup",
    params(("id" = String, Path, description = "编号 (id)")), request_body = HostingAction,
    responses((status = 200, description = "已办理 (done)", body = ItemView),
              (status = 409, description = "版本冲突 (stale version)", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "状态不允许 (not in this state)", body = Problem, content_type = "application/problem+json")))]
pub async fn hosting_action(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<HostingAction>,
) -> Result<Json<ItemView>, Problem> {
    office(&caller)?;
    let (row, mut h) = load::<events::Hosting>(&state, "hosting", &id).await?;
    if h.status == "withdrawn" {
        return Err(bad_state("申请已撤回", "the application was withdrawn"));
    }
    let action = match body.command.as_str() {
        "superior_approved" => {
            if h.superior_approved {
                return Err(bad_state("已批准", "already approved"));
            }
            h.superior_approved = true;
            h.decided_on = Some(state.today());
            "event.hosting.superior_approved"
        }
        "withdraw" => {
            h.status = "withdrawn".into();
            h.decided_on = Some(state.today());
            "event.hosting.withdraw"
        }
        _ => {
            return Err(Problem::invalid(
                "command",
                "superior_approved 或 withdraw (superior_approved or withdraw)",
            ));
        }
    };
    let profile = profile_of(&state, &row.government_id).await?;
    let cal = state.calendar();
    let (status, standing) = hosting_judged(&state, &cal, &profile, &h)?;
    if h.status != "withdrawn" {
        h.status = status;
    }
    let saved = state
        .store
        .update_followup(
            &Audit::new(caller.actor.audit_id(), action),
            "hosting",
            &id,
            body.version,
            FollowupChange {
                unit_id: None,
                status: h.status.clone(),
                due_on: row.due_on.clone(),
                data: to_value(&h)?,
            },
        )
        .await
        .map_err(crate::store_problem)?;
    Ok(Json(view(&saved, standing)))
}

fn hosting_standing(v: &zhengwu_rules::Verdict) -> Result<Value, Problem> {
    let mut s = to_value(v)?;
    let stated = events::rule_stated(v);
    s["rule_stated"] = json!(stated);
    if !stated {
        s["note"] = json!(
            "本级规则未规定以政府名义举办论坛、展会、节庆的申请时限和审批，由办公室人工判断 (the seed states no hosting rule; a person decides)"
        );
    }
    Ok(s)
}

/// Hosting applications of a government.
#[utoipa::path(get, path = "/api/v1/events/hosting", tag = "followup", params(GovParams),
    responses((status = 200, description = "举办申请 (hosting applications)", body = [ItemView])))]
pub async fn list_hosting(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<GovParams>,
) -> Result<Json<Vec<ItemView>>, Problem> {
    caller.require_login()?;
    let profile = profile_of(&state, &gov_param(&q.government_id)?).await?;
    let cal = state.calendar();
    let mut out = Vec::new();
    for r in list_rows(&state, &q, "hosting").await? {
        let h: events::Hosting = decode(&r)?;
        let (_, standing) = hosting_judged(&state, &cal, &profile, &h)?;
        out.push(view(&r, standing));
    }
    Ok(Json(out))
}

// ---------------------------------------------------------------------------------------------
// Proactive disclosure register

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPublication {
    /// The outgoing document (发文) marked 主动公开.
    pub document_id: String,
}

/// A suggestion's or proposal's number as written: offices enter "第7号" or "7"; either reads
/// "第7号" in a message.
fn numbered(n: &str) -> String {
    let n = n.trim();
    if n.starts_with('第') || n.ends_with('号') {
        n.to_string()
    } else {
        format!("第{n}号")
    }
}

fn publication_standing(
    cal: &zhengwu_calendar::Calendar,
    e: &publication::Entry,
    as_of: Date,
) -> Result<publication::Standing, Problem> {
    publication::assess(cal, e, as_of).map_err(Problem::internal)
}

/// Registers an outgoing document marked 主动公开 (issued) in the proactive disclosure register;
/// the publication is due 20 working days after issue (政府信息公开条例 第二十六条).
#[utoipa::path(post, path = "/api/v1/openness/publications", tag = "followup", request_body = NewPublication,
    responses((status = 201, description = "已登记 (registered)", body = ItemView),
              (status = 422, description = "不是已印发的主动公开文件 (not an issued proactive document)", body = Problem, content_type = "application/problem+json")))]
pub async fn create_publication(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(n): ApiJson<NewPublication>,
) -> Result<Response, Problem> {
    office(&caller)?;
    let row = register_publication(&state, &caller.actor.audit_id(), &n.document_id).await?;
    let e: publication::Entry = decode(&row)?;
    let cal = state.calendar();
    let s = publication_standing(&cal, &e, state.today())?;
    Ok((StatusCode::CREATED, Json(view(&row, to_value(&s)?))).into_response())
}

/// Registers one outgoing document (also used by the demo).
pub async fn register_publication(
    state: &AppState,
    actor: &str,
    document_id: &str,
) -> Result<FollowupRow, Problem> {
    let doc = state
        .store
        .get_document(document_id)
        .await
        .map_err(crate::store_problem)?
        .ok_or_else(|| Problem::invalid("document_id", "没有这份公文 (no such document)"))?;
    let (audit, new) = publication_entry(state, actor, &doc).await?;
    state
        .store
        .create_followup(&audit, new)
        .await
        .map_err(crate::store_problem)
}

/// The register entry of an outgoing 主动公开 document, as the document stands (or will stand once
/// the change it is computed for is written): its audit and the new item. Refused for a document
/// that is not outgoing, not marked proactive, or not issued.
pub async fn publication_entry(
    state: &AppState,
    actor: &str,
    doc: &zhengwu_store::documents::Document,
) -> Result<(Audit, NewFollowup), Problem> {
    if doc.direction != "out" {
        return Err(Problem::invalid(
            "document_id",
            "只有发文才登记主动公开 (only outgoing documents are registered)",
        ));
    }
    let disclosure = doc.data["draft"]["disclosure"].as_str().unwrap_or("");
    if disclosure != "proactive" {
        return Err(Problem::invalid(
            "document_id",
            format!(
                "该文公开属性不是主动公开（{disclosure}） (the document is not marked proactive)"
            ),
        ));
    }
    let issued = doc.data["issued_on"]
        .as_str()
        .or_else(|| doc.data["signature"]["on"].as_str())
        .ok_or_else(|| {
            Problem::invalid(
                "document_id",
                "该文尚未印发，信息尚未形成 (the document is not issued yet)",
            )
        })?;
    let formed_on = date("issued_on", issued.get(..10).unwrap_or(issued))?;
    // The government's own gazette/portal rule (R3.48) in force on the issue day, where it
    // covers this document.
    let profile_id = profile_of(state, &doc.government_id).await?;
    let profile = profile_on(state, &profile_id, formed_on)?;
    let cal = state.calendar();
    let category = doc.data["draft"]["category"].as_str().unwrap_or("");
    let (required_channels, channel_rule) =
        match zhengwu_domain::documents::outgoing::publication_rule_for(profile, &cal, category) {
            Some((channels, cite)) => (channels.to_vec(), Some(cite)),
            None => (Vec::new(), None),
        };
    let e = publication::Entry {
        document_id: doc.id.clone(),
        title: doc.title.clone(),
        doc_number: doc.doc_number.clone(),
        formed_on,
        published_on: None,
        channels: Vec::new(),
        required_channels,
        channel_rule,
        changes: Vec::new(),
    };
    let s = publication_standing(&cal, &e, state.today())?;
    Ok((
        Audit::new(actor, "openness.publication.register").cite(&s.citation),
        NewFollowup {
            government_id: doc.government_id.clone(),
            kind: "publication".into(),
            unit_id: Some(doc.unit.clone()),
            status: "pending".into(),
            opened_on: formed_on.to_string(),
            due_on: Some(s.due_on.to_string()),
            ref_id: Some(doc.id.clone()),
            data: to_value(&e)?,
        },
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct PublicationAction {
    pub version: i64,
    /// `publish` (record a publication of the information owed, in one or more channels) or
    /// `change` (信息变更: the information changed; the 20 working days run again).
    pub command: String,
    /// publish: the day it was published; today when absent.
    pub published_on: Option<String>,
    /// publish: 政府公报, 政府网站, … (the register shows the channels the government's rule names).
    #[serde(default)]
    pub channels: Vec<String>,
    /// change: the day the information changed; today when absent.
    pub changed_on: Option<String>,
    /// change: what changed.
    pub note: Option<String>,
}

/// publish: records the publication date and channels, judged late or on time, and the channels
/// the government's rule names that are still missing; change: records a change of the
/// information (信息变更), which restarts the limit.
#[utoipa::path(post, path = "/api/v1/openness/publications/{id}/actions", tag = "followup",
    params(("id" = String, Path, description = "编号 (id)")), request_body = PublicationAction,
    responses((status = 200, description = "已办理 (done)", body = ItemView),
              (status = 409, description = "版本冲突 (stale version)", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "状态不允许 (not in this state)", body = Problem, content_type = "application/problem+json")))]
pub async fn publication_action(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<PublicationAction>,
) -> Result<Json<ItemView>, Problem> {
    office(&caller)?;
    let (row, mut e) = load::<publication::Entry>(&state, "publication", &id).await?;
    let action = match body.command.as_str() {
        "publish" => {
            let on = opt_date(&state, "published_on", &body.published_on)?;
            e.record_publication(on, &body.channels)
                .map_err(|m| Problem::invalid("published_on", m))?;
            "openness.publication.publish"
        }
        "change" => {
            let on = opt_date(&state, "changed_on", &body.changed_on)?;
            e.record_change(on, body.note.as_deref().unwrap_or(""))
                .map_err(|m| Problem::invalid("note", m))?;
            "openness.publication.change"
        }
        _ => {
            return Err(Problem::invalid(
                "command",
                "publish 或 change (publish or change)",
            ));
        }
    };
    let (saved, s) = save_publication(
        &state,
        &caller.actor.audit_id(),
        action,
        &row,
        body.version,
        &e,
    )
    .await?;
    Ok(Json(view(&saved, to_value(&s)?)))
}

/// Writes an entry with its standing today (status and due date projected, the limit's and the
/// channel rule's articles cited); returns the saved row and that standing.
async fn save_publication(
    state: &AppState,
    actor: &str,
    action: &str,
    row: &FollowupRow,
    version: i64,
    e: &publication::Entry,
) -> Result<(FollowupRow, publication::Standing), Problem> {
    let (audit, change, s) = publication_change(state, actor, action, row, e).await?;
    let saved = state
        .store
        .update_followup(&audit, "publication", &row.id, version, change)
        .await
        .map_err(crate::store_problem)?;
    Ok((saved, s))
}

/// A register entry's new state with its standing today: the audit (citing the limit and the
/// channel rule) and the change.
async fn publication_change(
    state: &AppState,
    actor: &str,
    action: &str,
    row: &FollowupRow,
    e: &publication::Entry,
) -> Result<(Audit, FollowupChange, publication::Standing), Problem> {
    let cal = state.calendar();
    let s = publication_standing(&cal, e, state.today())?;
    let mut audit = Audit::new(actor, action).cite(&s.citation);
    if let Some(c) = &s.channel_rule {
        audit = audit.cite(c);
    }
    let change = FollowupChange {
        unit_id: row.unit_id.clone(),
        status: s.status.to_string(),
        due_on: Some(s.due_on.to_string()),
        data: to_value(e)?,
    };
    Ok((audit, change, s))
}

/// The documents workflow records a publication (刊载) of an issued document: the register entry,
/// where there is one, takes the date and the channel, so the register and the document agree. The
/// write to make in the document's own transaction; `None` when the document has no entry or the
/// channel is already recorded.
pub async fn reconcile_publication(
    state: &AppState,
    actor: &str,
    document_id: &str,
    on: Date,
    channel: &str,
) -> Result<Option<FollowupWrite>, Problem> {
    let Some(row) = state
        .store
        .followup_by_ref("publication", document_id)
        .await
        .map_err(crate::store_problem)?
    else {
        return Ok(None);
    };
    let mut e: publication::Entry = decode(&row)?;
    if e.record_publication(on, &[channel.to_string()]).is_err() {
        return Ok(None);
    }
    let (audit, change, _) =
        publication_change(state, actor, "openness.publication.publish", &row, &e).await?;
    Ok(Some(FollowupWrite::Update {
        audit,
        kind: "publication".into(),
        id: row.id,
        expected_version: row.version,
        change,
    }))
}

/// The register: every entry with its standing today; `status` filters (`pending`, `overdue`,
/// `on_time`, `late`) — `overdue` and `late` are the publications that broke the limit.
#[utoipa::path(get, path = "/api/v1/openness/publications", tag = "followup", params(GovParams),
    responses((status = 200, description = "主动公开登记 (the register)", body = [ItemView])))]
pub async fn list_publications(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<GovParams>,
) -> Result<Json<Vec<ItemView>>, Problem> {
    caller.require_login()?;
    judged_list(&state, &q, "publication", |cal, e, as_of| {
        let s = publication_standing(cal, e, as_of)?;
        Ok((s.status, to_value(&s)?))
    })
    .await
    .map(Json)
}

/// The rows of one kind, each judged on today's clock (`judge` gives the status and the standing
/// to show); `status` filters by the judged status, which the view carries.
async fn judged_list<T: serde::de::DeserializeOwned>(
    state: &AppState,
    q: &GovParams,
    kind: &str,
    judge: impl Fn(&zhengwu_calendar::Calendar, &T, Date) -> Result<(&'static str, Value), Problem>,
) -> Result<Vec<ItemView>, Problem> {
    let cal = state.calendar();
    let as_of = state.today();
    let mut out = Vec::new();
    for r in list_rows(state, q, kind).await? {
        let (status, standing) = judge(&cal, &decode(&r)?, as_of)?;
        if q.status.as_ref().is_none_or(|x| x == status) {
            let mut v = view(&r, standing);
            v.status = status.to_string();
            out.push(v);
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// NPC suggestions and CPPCC proposals

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProposal {
    pub government_id: String,
    /// suggestion (人大代表建议) | proposal (政协提案)
    #[schema(value_type = String)]
    pub kind: proposals::Kind,
    pub number: String,
    pub title: String,
    pub proposer: String,
    pub lead_unit: String,
    #[serde(default)]
    pub co_units: Vec<String>,
    /// 交办 date; today when absent.
    pub assigned_on: Option<String>,
    #[serde(default)]
    pub complex: bool,
}

fn proposal_standing(
    state: &AppState,
    profile: &str,
    cal: &zhengwu_calendar::Calendar,
    it: &proposals::Item,
) -> Result<proposals::Standing, Problem> {
    let p = profile_on(state, profile, it.assigned_on)?;
    proposals::assess(p, cal, it, state.today()).map_err(Problem::internal)
}

/// 交办: records a suggestion or proposal assigned to a lead unit and co-units, with its reply
/// deadline and the source of the limit (`standing.limit.source`).
#[utoipa::path(post, path = "/api/v1/proposals", tag = "followup", request_body = NewProposal,
    responses((status = 201, description = "已交办 (assigned)", body = ItemView),
              (status = 422, description = "输入无效 (invalid)", body = Problem, content_type = "application/problem+json")))]
pub async fn create_proposal(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(n): ApiJson<NewProposal>,
) -> Result<Response, Problem> {
    office(&caller)?;
    let profile = profile_of(&state, &n.government_id).await?;
    if n.lead_unit.trim().is_empty() {
        return Err(Problem::invalid(
            "lead_unit",
            "须指定主办单位 (a lead unit is required)",
        ));
    }
    check_units(
        &state,
        &n.government_id,
        "lead_unit",
        std::iter::once(&n.lead_unit),
    )
    .await?;
    check_units(&state, &n.government_id, "co_units", &n.co_units).await?;
    if n.co_units.contains(&n.lead_unit) {
        return Err(Problem::invalid(
            "co_units",
            "主办单位不能同时为协办单位 (the lead unit is not a co-unit)",
        ));
    }
    let it = proposals::Item {
        kind: n.kind,
        number: n.number,
        title: n.title,
        proposer: n.proposer,
        lead_unit: n.lead_unit.clone(),
        co_units: n.co_units,
        assigned_on: opt_date(&state, "assigned_on", &n.assigned_on)?,
        complex: n.complex,
        contacts: Vec::new(),
        replied_on: None,
        reply_summary: String::new(),
        satisfaction: None,
        published_on: None,
    };
    let cal = state.calendar();
    let s = proposal_standing(&state, &profile, &cal, &it)?;
    let cites: Vec<Citation> = s.limit.citation.iter().cloned().collect();
    let row = state
        .store
        .create_followup(
            &audit_of(&caller, &format!("{}.assign", it.kind.id()), &cites),
            NewFollowup {
                government_id: n.government_id,
                kind: it.kind.id().into(),
                unit_id: Some(n.lead_unit),
                status: "assigned".into(),
                opened_on: it.assigned_on.to_string(),
                due_on: s.due_on.map(|d| d.to_string()),
                ref_id: None,
                data: to_value(&it)?,
            },
        )
        .await
        .map_err(crate::store_problem)?;
    Ok((StatusCode::CREATED, Json(view(&row, to_value(&s)?))).into_response())
}

async fn proposal_row(state: &AppState, id: &str) -> Result<FollowupRow, Problem> {
    match state.store.get_followup("suggestion", id).await {
        Ok(r) => Ok(r),
        Err(zhengwu_store::StoreError::NotFound { .. }) => state
            .store
            .get_followup("proposal", id)
            .await
            .map_err(crate::store_problem),
        Err(e) => Err(crate::store_problem(e)),
    }
}

async fn proposal_view(state: &AppState, r: &FollowupRow) -> Result<ItemView, Problem> {
    let it: proposals::Item = decode(r)?;
    let profile = profile_of(state, &r.government_id).await?;
    let cal = state.calendar();
    let s = proposal_standing(state, &profile, &cal, &it)?;
    let mut v = view(r, to_value(&s)?);
    // Published results say so; the deadline standing stays in `standing.status`.
    v.status = if it.published_on.is_some() {
        "published".to_string()
    } else {
        s.status.to_string()
    };
    Ok(v)
}

/// One suggestion or proposal with its standing.
#[utoipa::path(get, path = "/api/v1/proposals/{id}", tag = "followup",
    params(("id" = String, Path, description = "编号 (id)")),
    responses((status = 200, description = "建议提案 (the item)", body = ItemView),
              (status = 404, description = "没有 (not found)", body = Problem, content_type = "application/problem+json")))]
pub async fn get_proposal(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ItemView>, Problem> {
    caller.require_login()?;
    let r = proposal_row(&state, &id).await?;
    Ok(Json(proposal_view(&state, &r).await?))
}

/// Suggestions and proposals of a government (`kind` filters; `status`: `open`, `overdue`,
/// `replied_on_time`, `replied_late`, `no_limit`, `replied`).
#[utoipa::path(get, path = "/api/v1/proposals", tag = "followup", params(GovParams),
    responses((status = 200, description = "建议提案 (suggestions and proposals)", body = [ItemView])))]
pub async fn list_proposals(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<GovParams>,
) -> Result<Json<Vec<ItemView>>, Problem> {
    caller.require_login()?;
    let kinds: Vec<&str> = match q.kind.as_deref() {
        Some("suggestion") => vec!["suggestion"],
        Some("proposal") => vec!["proposal"],
        None => vec!["suggestion", "proposal"],
        Some(_) => {
            return Err(Problem::invalid(
                "kind",
                "suggestion 或 proposal (suggestion or proposal)",
            ));
        }
    };
    let mut out = Vec::new();
    for k in kinds {
        for r in list_rows(&state, &q, k).await? {
            let v = proposal_view(&state, &r).await?;
            if q.status.as_ref().is_none_or(|s| *s == v.status) {
                out.push(v);
            }
        }
    }
    Ok(Json(out))
}

#[derive(Deserialize, ToSchema)]
pub struct ProposalAction {
    pub version: i64,
    /// contact {how, note} | reply {summary} | rate {satisfaction} | publish
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub command: proposals::Command,
}

/// contact (联系沟通) and reply (the lead unit or the office) | rate (满意度测评) | publish
/// (公开办理结果)
#[utoipa::path(post, path = "/api/v1/proposals/{id}/actions", tag = "followup",
    params(("id" = String, Path, description = "编号 (id)")), request_body = ProposalAction,
    responses((status = 200, description = "已办理 (done)", body = ItemView),
              (status = 409, description = "版本冲突 (stale version)", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "状态不允许 (not in this state)", body = Problem, content_type = "application/problem+json")))]
pub async fn proposal_action(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ProposalAction>,
) -> Result<Json<ItemView>, Problem> {
    caller.require_login()?;
    let row = proposal_row(&state, &id).await?;
    let it: proposals::Item = decode(&row)?;
    // The lead unit contacts the deputy and replies; the office rates and publishes.
    match body.command {
        proposals::Command::Contact { .. } | proposals::Command::Reply { .. } => {
            office_or_unit(&caller, &it.lead_unit)?
        }
        _ => office(&caller)?,
    }
    let n = proposals::apply(&it, &body.command, state.today())
        .map_err(|(zh, en)| bad_state(zh, en))?;
    let action = match body.command {
        proposals::Command::Contact { .. } => "contact",
        proposals::Command::Reply { .. } => "reply",
        proposals::Command::Rate { .. } => "rate",
        proposals::Command::Publish => "publish",
    };
    let profile = profile_of(&state, &row.government_id).await?;
    let cal = state.calendar();
    let s = proposal_standing(&state, &profile, &cal, &n)?;
    let cites: Vec<Citation> = s.limit.citation.iter().cloned().collect();
    let saved = state
        .store
        .update_followup(
            &audit_of(&caller, &format!("{}.{action}", row.kind), &cites),
            &row.kind,
            &id,
            body.version,
            FollowupChange {
                unit_id: row.unit_id.clone(),
                status: if n.published_on.is_some() {
                    "published".into()
                } else {
                    s.status.to_string()
                },
                due_on: s.due_on.map(|d| d.to_string()),
                data: to_value(&n)?,
            },
        )
        .await
        .map_err(crate::store_problem)?;
    Ok(Json(proposal_view(&state, &saved).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublicParams {
    /// Required.
    pub government_id: Option<String>,
}

/// One published result (public: no personal details beyond the proposer's name as published).
#[derive(Serialize, ToSchema)]
pub struct PublicResult {
    pub kind: String,
    pub number: String,
    pub title: String,
    pub proposer: String,
    pub lead_unit: String,
    pub co_units: Vec<String>,
    pub assigned_on: String,
    pub replied_on: Option<String>,
    pub reply_summary: String,
    pub published_on: Option<String>,
}

/// 主动公开办理结果: the published results of a government (no login).
#[utoipa::path(get, path = "/api/v1/public/proposals", tag = "followup", params(PublicParams),
    responses((status = 200, description = "办理结果 (published results)", body = [PublicResult])))]
pub async fn public_results(
    State(state): State<AppState>,
    Query(q): Query<PublicParams>,
) -> Result<Json<Vec<PublicResult>>, Problem> {
    let mut out = Vec::new();
    for kind in ["suggestion", "proposal"] {
        let rows = state
            .store
            .list_followup(&FollowupQuery {
                government_id: gov_param(&q.government_id)?,
                kind: kind.into(),
                status: Some("published".into()),
                ..FollowupQuery::default()
            })
            .await
            .map_err(crate::store_problem)?;
        for r in rows {
            let it: proposals::Item = decode(&r)?;
            out.push(PublicResult {
                kind: kind.into(),
                number: it.number,
                title: it.title,
                proposer: it.proposer,
                lead_unit: it.lead_unit,
                co_units: it.co_units,
                assigned_on: it.assigned_on.to_string(),
                replied_on: it.replied_on.map(|d| d.to_string()),
                reply_summary: it.reply_summary,
                published_on: it.published_on.map(|d| d.to_string()),
            });
        }
    }
    Ok(Json(out))
}

// ---------------------------------------------------------------------------------------------
// 12345 hotline

async fn hotline_config(
    state: &AppState,
    government_id: &str,
) -> Result<Option<(FollowupRow, hotline::Config)>, Problem> {
    let row = state
        .store
        .followup_by_ref("hotline_config", government_id)
        .await
        .map_err(crate::store_problem)?;
    match row {
        Some(r) => {
            let c = decode(&r)?;
            Ok(Some((r, c)))
        }
        None => Ok(None),
    }
}

/// The hotline configuration and what the seed says (R8.10).
#[derive(Serialize, ToSchema)]
pub struct HotlineConfigView {
    pub government_id: String,
    /// 0 when never configured.
    pub version: i64,
    #[schema(value_type = Object)]
    pub config: Value,
    /// The reply limit and its source (`configuration` or `unset`).
    #[schema(value_type = Object)]
    pub limit: Value,
    /// The seed's provisions on the hotline, or its "not stated" note.
    #[schema(value_type = Object)]
    pub seed: Value,
}

async fn config_view(state: &AppState, government_id: &str) -> Result<HotlineConfigView, Problem> {
    let profile = profile_of(state, government_id).await?;
    let p = profile_on(state, &profile, state.today())?;
    let (version, c) = match hotline_config(state, government_id).await? {
        Some((r, c)) => (r.version, c),
        None => (0, hotline::Config::default()),
    };
    Ok(HotlineConfigView {
        government_id: government_id.to_string(),
        version,
        config: to_value(&c)?,
        limit: to_value(&hotline::limit(&c))?,
        seed: to_value(&hotline::seed(p))?,
    })
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConfigParams {
    /// Required.
    pub government_id: Option<String>,
}

/// The 12345 configuration of a government (routing table, reply limit and its basis).
#[utoipa::path(get, path = "/api/v1/hotline/config", tag = "followup", params(ConfigParams),
    responses((status = 200, description = "热线配置 (configuration)", body = HotlineConfigView)))]
pub async fn get_config(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ConfigParams>,
) -> Result<Json<HotlineConfigView>, Problem> {
    caller.require_login()?;
    Ok(Json(
        config_view(&state, &gov_param(&q.government_id)?).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PutConfig {
    pub government_id: String,
    /// 0 when none is stored yet.
    pub version: i64,
    /// Category → owning unit (department id).
    #[schema(value_type = Object)]
    pub routes: std::collections::BTreeMap<String, String>,
    /// Reply limit in working days from intake; absent = unset.
    pub reply_working_days: Option<u32>,
    /// Where the limit comes from (e.g. a local hotline regulation or the office's decision).
    #[serde(default)]
    pub basis: String,
}

/// Sets the 12345 configuration (audited). A limit needs its basis.
#[utoipa::path(put, path = "/api/v1/hotline/config", tag = "followup", request_body = PutConfig,
    responses((status = 200, description = "已保存 (saved)", body = HotlineConfigView),
              (status = 409, description = "版本冲突 (stale version)", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "输入无效 (invalid)", body = Problem, content_type = "application/problem+json")))]
pub async fn put_config(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<PutConfig>,
) -> Result<Json<HotlineConfigView>, Problem> {
    office(&caller)?;
    profile_of(&state, &b.government_id).await?;
    if b.reply_working_days.is_some() && b.basis.trim().is_empty() {
        return Err(Problem::invalid(
            "basis",
            "设定办理时限须写明依据 (a limit needs its basis)",
        ));
    }
    check_units(&state, &b.government_id, "routes", b.routes.values()).await?;
    if b.reply_working_days == Some(0) {
        return Err(Problem::invalid(
            "reply_working_days",
            "应大于 0 (must be > 0)",
        ));
    }
    let c = hotline::Config {
        routes: b.routes,
        reply_working_days: b.reply_working_days,
        basis: b.basis,
    };
    let audit = Audit::new(caller.actor.audit_id(), "hotline.configure");
    match hotline_config(&state, &b.government_id).await? {
        None => {
            if b.version != 0 {
                return Err(crate::store_problem(zhengwu_store::StoreError::Conflict {
                    object_type: "hotline_config".into(),
                    id: b.government_id.clone(),
                    expected: b.version,
                    current: 0,
                }));
            }
            state
                .store
                .create_followup(
                    &audit,
                    NewFollowup {
                        government_id: b.government_id.clone(),
                        kind: "hotline_config".into(),
                        unit_id: None,
                        status: "active".into(),
                        opened_on: state.today().to_string(),
                        due_on: None,
                        ref_id: Some(b.government_id.clone()),
                        data: to_value(&c)?,
                    },
                )
                .await
                .map_err(crate::store_problem)?;
        }
        Some((r, _)) => {
            state
                .store
                .update_followup(
                    &audit,
                    "hotline_config",
                    &r.id,
                    b.version,
                    FollowupChange {
                        unit_id: None,
                        status: "active".into(),
                        due_on: None,
                        data: to_value(&c)?,
                    },
                )
                .await
                .map_err(crate::store_problem)?;
        }
    }
    Ok(Json(config_view(&state, &b.government_id).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTicket {
    pub government_id: String,
    pub number: String,
    /// Today when absent.
    pub received_on: Option<String>,
    pub caller: String,
    #[serde(default)]
    pub phone: String,
    pub category: String,
    pub content: String,
}

fn ticket_standing(
    cal: &zhengwu_calendar::Calendar,
    t: &hotline::Ticket,
    as_of: Date,
) -> Result<hotline::Standing, Problem> {
    hotline::assess(cal, t, as_of).map_err(Problem::internal)
}

/// Intake: routes the ticket to the unit that owns its category in the configuration; the reply
/// limit is the configured one (`standing.limit.source`), unset when none is configured.
#[utoipa::path(post, path = "/api/v1/hotline/tickets", tag = "followup", request_body = NewTicket,
    responses((status = 201, description = "已受理并派单 (received and routed)", body = ItemView),
              (status = 422, description = "无承办单位 (no owning unit for the category)", body = Problem, content_type = "application/problem+json")))]
pub async fn create_ticket(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(n): ApiJson<NewTicket>,
) -> Result<Response, Problem> {
    office(&caller)?;
    profile_of(&state, &n.government_id).await?;
    let c = hotline_config(&state, &n.government_id)
        .await?
        .map(|(_, c)| c)
        .unwrap_or_default();
    let unit = hotline::route(&c, &n.category).ok_or_else(|| {
        Problem::invalid(
            "category",
            format!("派单目录中没有“{}”的承办单位，请先在热线配置中设定 (no owning unit for this category in the routing table)", n.category),
        )
    })?;
    let t = hotline::Ticket {
        number: n.number,
        received_on: opt_date(&state, "received_on", &n.received_on)?,
        caller: n.caller,
        phone: n.phone,
        category: n.category,
        content: n.content,
        unit_id: unit.to_string(),
        replied_on: None,
        reply: String::new(),
        callback: None,
        reply_working_days: c.reply_working_days,
        basis: c.basis.clone(),
    };
    let cal = state.calendar();
    let s = ticket_standing(&cal, &t, state.today())?;
    let cites: Vec<Citation> = s.limit.citation.iter().cloned().collect();
    let row = state
        .store
        .create_followup(
            &audit_of(&caller, "hotline.intake", &cites),
            NewFollowup {
                government_id: n.government_id,
                kind: "hotline_ticket".into(),
                unit_id: Some(t.unit_id.clone()),
                status: "open".into(),
                opened_on: t.received_on.to_string(),
                due_on: s.due_on.map(|d| d.to_string()),
                ref_id: None,
                data: to_value(&t)?,
            },
        )
        .await
        .map_err(crate::store_problem)?;
    Ok((StatusCode::CREATED, Json(view(&row, to_value(&s)?))).into_response())
}

/// Tickets of a government (`unit_id`, `month` = received month, `status` filter as in the
/// standing: `open`, `overdue`, `replied_on_time`, `replied_late`, `no_limit`, `replied`).
#[utoipa::path(get, path = "/api/v1/hotline/tickets", tag = "followup", params(GovParams),
    responses((status = 200, description = "工单 (tickets)", body = [ItemView])))]
pub async fn list_tickets(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<GovParams>,
) -> Result<Json<Vec<ItemView>>, Problem> {
    caller.require_login()?;
    judged_list(&state, &q, "hotline_ticket", |cal, t, as_of| {
        let s = ticket_standing(cal, t, as_of)?;
        Ok((s.status, to_value(&s)?))
    })
    .await
    .map(Json)
}

#[derive(Deserialize, ToSchema)]
pub struct TicketAction {
    pub version: i64,
    /// reply {reply} | reroute {unit_id} | callback {satisfaction, note}
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub command: hotline::Command,
}

/// reply (the owning unit or the office) | reroute (改派) | callback (回访 with satisfaction)
#[utoipa::path(post, path = "/api/v1/hotline/tickets/{id}/actions", tag = "followup",
    params(("id" = String, Path, description = "编号 (id)")), request_body = TicketAction,
    responses((status = 200, description = "已办理 (done)", body = ItemView),
              (status = 409, description = "版本冲突 (stale version)", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "状态不允许 (not in this state)", body = Problem, content_type = "application/problem+json")))]
pub async fn ticket_action(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<TicketAction>,
) -> Result<Json<ItemView>, Problem> {
    caller.require_login()?;
    let (_, t) = load::<hotline::Ticket>(&state, "hotline_ticket", &id).await?;
    // The owning unit replies; the office re-routes and calls back.
    match body.command {
        hotline::Command::Reply { .. } => office_or_unit(&caller, &t.unit_id)?,
        _ => office(&caller)?,
    }
    let n =
        hotline::apply(&t, &body.command, state.today()).map_err(|(zh, en)| bad_state(zh, en))?;
    let action = match body.command {
        hotline::Command::Reply { .. } => "hotline.reply",
        hotline::Command::Reroute { .. } => "hotline.reroute",
        hotline::Command::Callback { .. } => "hotline.callback",
    };
    let cal = state.calendar();
    let s = ticket_standing(&cal, &n, state.today())?;
    let status = if n.callback.is_some() {
        "closed"
    } else if n.replied_on.is_some() {
        "replied"
    } else {
        "open"
    };
    let saved = state
        .store
        .update_followup(
            &Audit::new(caller.actor.audit_id(), action),
            "hotline_ticket",
            &id,
            body.version,
            FollowupChange {
                unit_id: Some(n.unit_id.clone()),
                status: status.into(),
                due_on: s.due_on.map(|d| d.to_string()),
                data: to_value(&n)?,
            },
        )
        .await
        .map_err(crate::store_problem)?;
    let mut v = view(&saved, to_value(&s)?);
    v.status = s.status.to_string();
    Ok(Json(v))
}

/// Monthly statistics per unit.
#[derive(Serialize, ToSchema)]
pub struct HotlineStats {
    pub government_id: String,
    pub month: String,
    /// The limit source of the configuration in force now (`configuration` or `unset`).
    pub limit_source: String,
    #[schema(value_type = Object)]
    pub units: Value,
}

/// 月度考评: per unit, tickets received in the month, replied on time / late, open, overdue,
/// callbacks and satisfaction.
#[utoipa::path(get, path = "/api/v1/hotline/stats", tag = "followup", params(GovParams),
    responses((status = 200, description = "月度统计 (monthly statistics)", body = HotlineStats),
              (status = 422, description = "须指明月份 (month required)", body = Problem, content_type = "application/problem+json")))]
pub async fn stats(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<GovParams>,
) -> Result<Json<HotlineStats>, Problem> {
    caller.require_login()?;
    let month = q
        .month
        .clone()
        .ok_or_else(|| Problem::invalid("month", "须指明月份 YYYY-MM (month is required)"))?;
    let rows = list_rows(&state, &q, "hotline_ticket").await?;
    let tickets: Vec<hotline::Ticket> = rows.iter().map(decode).collect::<Result<_, _>>()?;
    let cal = state.calendar();
    let units = hotline::monthly(&cal, &tickets, state.today()).map_err(Problem::internal)?;
    let government_id = gov_param(&q.government_id)?;
    let c = hotline_config(&state, &government_id)
        .await?
        .map(|(_, c)| c)
        .unwrap_or_default();
    Ok(Json(HotlineStats {
        government_id,
        month,
        limit_source: hotline::limit(&c).source.to_string(),
        units: to_value(&units)?,
    }))
}

// ---------------------------------------------------------------------------------------------
// Demo

/// Demo records for a government: invitations (one arranged, one declined), a hosting
/// application, register entries for issued proactive documents, suggestions and proposals in
/// every stage, a hotline configuration and tickets. Idempotent: nothing is written when the
/// government already has invitations.
pub async fn seed_demo(
    store: &zhengwu_store::Store,
    registry: &zhengwu_rules::Registry,
    government_id: &str,
) -> Result<usize, zhengwu_store::StoreError> {
    let existing = store
        .list_followup(&FollowupQuery {
            government_id: government_id.into(),
            kind: "invitation".into(),
            limit: 1,
            ..FollowupQuery::default()
        })
        .await?;
    if !existing.is_empty() {
        return Ok(0);
    }
    let state = AppState::new(store.clone(), registry.clone(), crate::Config::default());
    seed_demo_items(&state, government_id)
        .await
        .map_err(|p| zhengwu_store::StoreError::Invalid {
            zh: format!("后续事项演示数据未能生成：{}", p.detail),
            en: format!("the follow-up demo could not be seeded: {}", p.detail),
        })
}

async fn seed_demo_items(state: &AppState, gov: &str) -> Result<usize, Problem> {
    let store = &state.store;
    let actor = crate::ui::demo::DEMO_ACTOR;
    let today = state.today();
    let day = |n: i64| -> Result<Date, Problem> {
        if n >= 0 {
            today.checked_add(jiff::Span::new().days(n))
        } else {
            today.checked_sub(jiff::Span::new().days(-n))
        }
        .map_err(|e| Problem::internal(e.to_string()))
    };
    let profile = profile_of(state, gov).await?;
    let cal = state.calendar();
    let org = store
        .government_org(gov)
        .await
        .map_err(crate::store_problem)?;
    let units: Vec<String> = org.departments.iter().map(|d| d.id.clone()).collect();
    let unit = |i: usize| {
        units
            .get(i % units.len().max(1))
            .cloned()
            .unwrap_or_default()
    };
    let mut n = 0;
    let a = |action: &str| Audit::new(actor, action);

    // Invitations: a work event in time through the office; a ribbon-cutting with approval.
    for (title, kind, ahead, approved, status) in [
        ("全市重点项目观摩推进会", "work", 20, false, "arranged"),
        ("产业园开园仪式剪彩", "ribbon_cutting", 15, true, "pending"),
        ("全市科技创新座谈会", "work", 10, false, "declined"),
    ] {
        let i = events::Invitation {
            title: title.into(),
            inviter: unit(n),
            leader: "政府主要负责同志".into(),
            event_on: day(ahead)?,
            submitted_on: day(-1)?,
            important: true,
            event_kind: kind.into(),
            sent_to: "office".into(),
            approved_by_party_committee_and_government: approved,
            status: status.into(),
            decided_on: (status != "pending").then_some(today),
            note: String::new(),
        };
        if events::judge_invitation(&state.registry, &cal, &profile, &i).is_err() {
            continue;
        }
        store
            .create_followup(
                &a("event.invitation"),
                NewFollowup {
                    government_id: gov.into(),
                    kind: "invitation".into(),
                    unit_id: None,
                    status: status.into(),
                    opened_on: i.submitted_on.to_string(),
                    due_on: Some(i.event_on.to_string()),
                    ref_id: None,
                    data: to_value(&i)?,
                },
            )
            .await
            .map_err(crate::store_problem)?;
        n += 1;
    }
    // A forum application 8 months ahead.
    let mut h = events::Hosting {
        title: "运河文化旅游节".into(),
        applicant: unit(1),
        event_kind: "festival".into(),
        event_on: day(240)?,
        applied_on: today,
        superior_approved: false,
        status: "pending".into(),
        decided_on: None,
    };
    h.status = hosting_judged(state, &cal, &profile, &h)?.0;
    store
        .create_followup(
            &a("event.hosting"),
            NewFollowup {
                government_id: gov.into(),
                kind: "hosting".into(),
                unit_id: None,
                status: h.status.clone(),
                opened_on: h.applied_on.to_string(),
                due_on: Some(h.event_on.to_string()),
                ref_id: None,
                data: to_value(&h)?,
            },
        )
        .await
        .map_err(crate::store_problem)?;
    n += 1;

    // Suggestions and proposals in every stage.
    let specs: [(proposals::Kind, &str, i64, u8); 6] = [
        (
            proposals::Kind::Suggestion,
            "关于加快老旧小区改造的建议",
            -20,
            0,
        ),
        (
            proposals::Kind::Suggestion,
            "关于完善农村客运网络的建议",
            -120,
            0,
        ),
        (
            proposals::Kind::Suggestion,
            "关于加强校园周边交通治理的建议",
            -60,
            3,
        ),
        (
            proposals::Kind::Proposal,
            "关于发展普惠托育服务的提案",
            -30,
            1,
        ),
        (
            proposals::Kind::Proposal,
            "关于推进数字乡村建设的提案",
            -70,
            3,
        ),
        (
            proposals::Kind::Suggestion,
            "关于提升基层医疗服务能力的建议",
            -40,
            2,
        ),
    ];
    for (k, (kind, title, ago, stage)) in specs.iter().enumerate() {
        let mut it = proposals::Item {
            kind: *kind,
            number: format!("第{}号", k + 1),
            title: (*title).into(),
            proposer: ["王代表", "李委员", "赵代表"][k % 3].into(),
            lead_unit: unit(k),
            co_units: vec![unit(k + 1)],
            assigned_on: day(*ago)?,
            complex: false,
            contacts: Vec::new(),
            replied_on: None,
            reply_summary: String::new(),
            satisfaction: None,
            published_on: None,
        };
        if *stage >= 1 {
            it.contacts.push(proposals::Contact {
                on: day(*ago + 10)?,
                how: "电话".into(),
                note: "听取意见".into(),
            });
        }
        if *stage >= 2 {
            it.replied_on = Some(day(*ago + 45)?);
            it.reply_summary = "A类：已解决或采纳".into();
            it.satisfaction = Some("satisfied".into());
        }
        if *stage >= 3 {
            it.published_on = Some(day(*ago + 50)?);
        }
        let s = proposal_standing(state, &profile, &cal, &it)?;
        store
            .create_followup(
                &a(&format!("{}.assign", kind.id())),
                NewFollowup {
                    government_id: gov.into(),
                    kind: kind.id().into(),
                    unit_id: Some(it.lead_unit.clone()),
                    status: if it.published_on.is_some() {
                        "published".into()
                    } else {
                        s.status.to_string()
                    },
                    opened_on: it.assigned_on.to_string(),
                    due_on: s.due_on.map(|d| d.to_string()),
                    ref_id: None,
                    data: to_value(&it)?,
                },
            )
            .await
            .map_err(crate::store_problem)?;
        n += 1;
    }

    // Hotline: a configuration (the limit marked as a demo setting) and tickets.
    let cats = ["供水", "道路", "教育", "医保"];
    let c = hotline::Config {
        routes: cats
            .iter()
            .enumerate()
            .map(|(i, c)| ((*c).to_string(), unit(i)))
            .collect(),
        reply_working_days: Some(5),
        basis: "演示配置（非规则文本）".into(),
    };
    store
        .create_followup(
            &a("hotline.configure"),
            NewFollowup {
                government_id: gov.into(),
                kind: "hotline_config".into(),
                unit_id: None,
                status: "active".into(),
                opened_on: today.to_string(),
                due_on: None,
                ref_id: Some(gov.into()),
                data: to_value(&c)?,
            },
        )
        .await
        .map_err(crate::store_problem)?;
    for k in 0..12usize {
        let cat = cats[k % cats.len()];
        let received = day(-(k as i64) * 3)?;
        let mut t = hotline::Ticket {
            number: format!("12345-{:04}", k + 1),
            received_on: received,
            caller: "市民".into(),
            phone: String::new(),
            category: cat.into(),
            content: format!("{cat}问题反映"),
            unit_id: c.routes.get(cat).cloned().unwrap_or_default(),
            replied_on: None,
            reply: String::new(),
            callback: None,
            reply_working_days: c.reply_working_days,
            basis: c.basis.clone(),
        };
        if k % 3 != 0 {
            t.replied_on = Some(
                received
                    .checked_add(jiff::Span::new().days(2 + (k % 5) as i64))
                    .map_err(|e| Problem::internal(e.to_string()))?
                    .min(today),
            );
            t.reply = "已办理并答复".into();
        }
        if k % 3 == 1 {
            t.callback = Some(hotline::Callback {
                on: today,
                satisfaction: if k % 2 == 0 {
                    "satisfied"
                } else {
                    "basically_satisfied"
                }
                .into(),
                note: String::new(),
            });
        }
        let s = ticket_standing(&cal, &t, today)?;
        store
            .create_followup(
                &a("hotline.intake"),
                NewFollowup {
                    government_id: gov.into(),
                    kind: "hotline_ticket".into(),
                    unit_id: Some(t.unit_id.clone()),
                    status: if t.callback.is_some() {
                        "closed"
                    } else if t.replied_on.is_some() {
                        "replied"
                    } else {
                        "open"
                    }
                    .into(),
                    opened_on: t.received_on.to_string(),
                    due_on: s.due_on.map(|d| d.to_string()),
                    ref_id: None,
                    data: to_value(&t)?,
                },
            )
            .await
            .map_err(crate::store_problem)?;
        n += 1;
    }

    // Register entries for the issued proactive outgoing documents (documents demo, if any).
    let docs = store
        .list_documents(gov, "out", None, None, 500)
        .await
        .map_err(crate::store_problem)?;
    let mut registered = 0;
    for d in docs {
        if registered >= 10 {
            break;
        }
        // Only issued documents marked 主动公开 qualify; the rest are skipped.
        if register_publication(state, actor, &d.id).await.is_ok() {
            registered += 1;
        }
    }
    Ok(n + registered)
}

// ---------------------------------------------------------------------------------------------
// The scheduler's reminders

/// SETTING (no seed states one): the window, in working days before a due date, for the
/// scheduler's 临期提醒 of a follow-up item when the profile has no
/// `supervision.due_soon_working_days` (every shipped profile has one, which is used).
pub const FOLLOWUP_DUE_SOON_WORKING_DAYS: u32 = 3;

/// The open items with a due date that the scheduler reminds of and a new calendar year
/// re-projects — one list, so the two never disagree on what is open.
async fn open_due_items(state: &AppState) -> Result<Vec<FollowupRow>, Problem> {
    state
        .store
        .followup_open_due(
            &["publication", "suggestion", "proposal", "hotline_ticket"],
            &["pending", "assigned", "open", "overdue"],
            10_000,
        )
        .await
        .map_err(crate::store_problem)
}

/// Reminders sent in one scheduler run, per area.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct FollowupNotices {
    pub publications: usize,
    pub proposals: usize,
    pub hotline: usize,
}

/// The scheduler's reminders about the follow-up areas: a proactive disclosure entry not yet
/// published, a suggestion / proposal or a 12345 ticket not yet replied to, due within the
/// profile's `supervision.due_soon_working_days` working days (`due_soon`) or past its due date
/// (`overdue`). Each is sent once per (item, kind, due date), recorded in `supervision_notices`
/// with its audit event citing the deadline's article; register entries go to the office
/// (`office`), suggestions, proposals and tickets to the assigned unit.
pub async fn send_due_notices(
    state: &AppState,
    cal: &zhengwu_calendar::Calendar,
    today: Date,
) -> Result<FollowupNotices, Problem> {
    let rows = open_due_items(state).await?;
    let mut out = FollowupNotices::default();
    // Per government: its profile and the last day counted as due soon.
    let mut windows: std::collections::HashMap<String, (String, Date)> =
        std::collections::HashMap::new();
    for r in rows {
        let (profile, horizon) = match windows.get(&r.government_id) {
            Some(w) => w.clone(),
            None => {
                let Ok(p) = profile_of(state, &r.government_id).await else {
                    continue;
                };
                let n = profile_on(state, &p, today)
                    .ok()
                    .and_then(|x| x.supervision.due_soon_working_days)
                    .unwrap_or(FOLLOWUP_DUE_SOON_WORKING_DAYS);
                let h = crate::api::documents::horizon(cal, today, n)?;
                windows.insert(r.government_id.clone(), (p.clone(), h));
                (p, h)
            }
        };
        // (due, citation, recipient, what)
        let judged: Option<(Date, Citation, String, String)> = match r.kind.as_str() {
            "publication" => {
                let Ok(e) = decode::<publication::Entry>(&r) else {
                    continue;
                };
                let s = publication_standing(cal, &e, today)?;
                // Published (the first time, or since the latest change): nothing to remind.
                if matches!(s.status, "on_time" | "late") {
                    continue;
                }
                let what = if e.changes.is_empty() {
                    format!("主动公开《{}》", e.title)
                } else {
                    format!("主动公开《{}》（信息变更）", e.title)
                };
                Some((s.due_on, s.citation, "office".to_string(), what))
            }
            "suggestion" | "proposal" => {
                let Ok(it) = decode::<proposals::Item>(&r) else {
                    continue;
                };
                if it.replied_on.is_some() {
                    continue;
                }
                let s = proposal_standing(state, &profile, cal, &it)?;
                s.due_on.zip(s.limit.citation).map(|(d, c)| {
                    (
                        d,
                        c,
                        it.lead_unit.clone(),
                        format!(
                            "答复{}{}《{}》",
                            it.kind.zh(),
                            numbered(&it.number),
                            it.title
                        ),
                    )
                })
            }
            "hotline_ticket" => {
                let Ok(t) = decode::<hotline::Ticket>(&r) else {
                    continue;
                };
                if t.replied_on.is_some() {
                    continue;
                }
                let s = ticket_standing(cal, &t, today)?;
                s.due_on.zip(s.limit.citation).map(|(d, c)| {
                    (
                        d,
                        c,
                        t.unit_id.clone(),
                        format!("答复12345工单 {}", t.number),
                    )
                })
            }
            _ => None,
        };
        let Some((due, citation, recipient, what)) = judged else {
            continue;
        };
        let (kind, message) = if due < today {
            (
                "overdue",
                format!(
                    "{what}已于 {due} 到期，尚未办结，请抓紧办理（{}）",
                    citation.text
                ),
            )
        } else if due <= horizon {
            (
                "due_soon",
                format!("{what}将于 {due} 到期，请及时办理（{}）", citation.text),
            )
        } else {
            continue;
        };
        let notice = zhengwu_store::SupNotice {
            item_id: r.id.clone(),
            kind: format!("{}.{kind}", r.kind),
            period: due.to_string(),
            government_id: r.government_id.clone(),
            recipient,
            message,
            sent_at: String::new(),
        };
        let audit =
            Audit::new("system:scheduler", format!("followup.notice.{kind}")).cite(&citation);
        if state
            .store
            .send_followup_notice(&audit, &r.kind, &notice)
            .await
            .map_err(crate::store_problem)?
        {
            match r.kind.as_str() {
                "publication" => out.publications += 1,
                "hotline_ticket" => out.hotline += 1,
                _ => out.proposals += 1,
            }
        }
    }
    Ok(out)
}

/// Re-counts the due date of every open register entry, suggestion, proposal and 12345 ticket on
/// `cal` (after a calendar year was loaded, `crate::calendar::refresh`), writing those that moved
/// with their audit event (`followup.reproject`, citing the deadline). Returns how many moved;
/// `examined` counts the items looked at.
pub async fn reproject(
    state: &AppState,
    cal: &zhengwu_calendar::Calendar,
    today: Date,
    examined: &mut usize,
) -> Result<usize, Problem> {
    let rows = open_due_items(state).await?;
    let mut profiles: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut moved = 0;
    for r in rows {
        *examined += 1;
        // (due, citation) on the new calendar.
        let judged: Option<(Option<Date>, Option<Citation>)> = match r.kind.as_str() {
            "publication" => decode::<publication::Entry>(&r)
                .ok()
                .and_then(|e| publication_standing(cal, &e, today).ok())
                .map(|s| (Some(s.due_on), Some(s.citation))),
            "suggestion" | "proposal" => {
                let profile = match profiles.get(&r.government_id) {
                    Some(p) => p.clone(),
                    None => {
                        let Ok(p) = profile_of(state, &r.government_id).await else {
                            continue;
                        };
                        profiles.insert(r.government_id.clone(), p.clone());
                        p
                    }
                };
                decode::<proposals::Item>(&r)
                    .ok()
                    .and_then(|it| proposal_standing(state, &profile, cal, &it).ok())
                    .map(|s| (s.due_on, s.limit.citation))
            }
            "hotline_ticket" => decode::<hotline::Ticket>(&r)
                .ok()
                .and_then(|t| ticket_standing(cal, &t, today).ok())
                .map(|s| (s.due_on, s.limit.citation)),
            _ => None,
        };
        let Some((due, citation)) = judged else {
            tracing::warn!(id = %r.id, kind = %r.kind, "cannot re-project follow-up item");
            continue;
        };
        let due_on = due.map(|d| d.to_string());
        if due_on == r.due_on {
            continue;
        }
        let mut audit = Audit::new(crate::calendar::ACTOR, "followup.reproject");
        if let Some(c) = &citation {
            audit = audit.cite(c);
        }
        let change = zhengwu_store::FollowupChange {
            unit_id: r.unit_id.clone(),
            status: r.status.clone(),
            due_on,
            data: r.data.clone(),
        };
        match state
            .store
            .update_followup(&audit, &r.kind, &r.id, r.version, change)
            .await
        {
            Ok(_) => moved += 1,
            Err(zhengwu_store::StoreError::Conflict { .. }) => {}
            Err(e) => return Err(crate::store_problem(e)),
        }
    }
    Ok(moved)
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_read_once_as_numbered() {
        assert_eq!(super::numbered("12"), "第12号");
        assert_eq!(super::numbered("第2号"), "第2号");
        assert_eq!(super::numbered(" 第15 "), "第15");
        assert_eq!(super::numbered("2026年3号"), "2026年3号");
    }
}
