//! 请销假 over HTTP. A leave request is judged by the `leave_request` kind of the profile in force
//! (who approves, notice period, reason, acting person, itinerary, mutual substitutes); a refusal is
//! 422 with its citations, otherwise the request is recorded `pending` with the approval chain the
//! profile names. `approve` records the approval (by whom), `return` is 销假 (ends the acting period
//! that day), `cancel` withdraws it. `GET /api/v1/leave/acting` answers who acts for a position on a
//! day — the look-up the routing of a leader's work uses.

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
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use zhengwu_domain::leave::{Leave, LeaveStatus, assess};
use zhengwu_store::{Audit, LeaveRow, NewLeave};

fn office(caller: &Caller) -> Result<(), Problem> {
    match authorize(&caller.actor, Action::Update, Object::Leave) {
        Decision::Allow => Ok(()),
        Decision::Deny(why) if caller.actor.is_authenticated() => Err(Problem::forbidden(why)),
        Decision::Deny(_) => Err(Problem::unauthenticated()),
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewLeaveRequest {
    pub government_id: String,
    /// The leader's position id.
    pub position_id: String,
    /// executive_deputy | deputy | secretary_general | office_director | department_head | subordinate_head
    pub requester: String,
    /// business_trip | study | visit_abroad | vacation | family | medical | important_meeting
    pub purpose: String,
    pub meeting_level: Option<String>,
    pub departs_on: String,
    pub returns_on: String,
    /// Defaults to today.
    pub submitted_on: Option<String>,
    #[serde(default)]
    pub emergency: bool,
    #[serde(default)]
    pub reason: String,
    pub acting_position_id: Option<String>,
    #[serde(default)]
    pub itinerary: Vec<String>,
    #[serde(default)]
    pub mutual_substitute_away: bool,
}

#[derive(Serialize, ToSchema)]
pub struct LeaveView {
    pub id: String,
    pub version: i64,
    pub status: String,
    #[schema(value_type = Object)]
    pub leave: Value,
    /// The `leave_request` verdict: approval chain, notice deadline, warnings.
    #[schema(value_type = Object)]
    pub verdict: Value,
}

fn date(path: &str, s: &str) -> Result<zhengwu_calendar::Date, Problem> {
    zhengwu_calendar::parse_date(s)
        .map_err(|e| Problem::invalid(path, format!("日期无效 (invalid date): {e}")))
}

fn decode(r: &LeaveRow) -> Result<Leave, Problem> {
    serde_json::from_value(r.data.clone())
        .map_err(|_| Problem::internal("存储的请假记录已损坏 (a stored leave request is corrupt)"))
}

async fn view(state: &AppState, r: &LeaveRow) -> Result<LeaveView, Problem> {
    let l = decode(r)?;
    let cal = state.calendar();
    let v = assess(&state.registry, &cal, &l).map_err(|e| Problem::invalid("", e))?;
    Ok(LeaveView {
        id: r.id.clone(),
        version: r.version,
        status: r.status.clone(),
        leave: r.data.clone(),
        verdict: serde_json::to_value(&v).unwrap_or(Value::Null),
    })
}

/// Records a leave request, judged by the profile.
#[utoipa::path(post, path = "/api/v1/leave/requests", tag = "leave", request_body = NewLeaveRequest,
    responses((status = 201, description = "已登记 (recorded)", body = LeaveView),
              (status = 422, description = "规则不允许 (refused, with citations)", body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(n): ApiJson<NewLeaveRequest>,
) -> Result<Response, Problem> {
    office(&caller)?;
    let org = state.store.org().await.map_err(crate::store_problem)?;
    let profile = org
        .governments
        .iter()
        .find(|g| g.id == n.government_id)
        .map(|g| g.profile_id.clone())
        .ok_or_else(|| Problem::invalid("government_id", "没有这个政府 (no such government)"))?;
    let l = Leave {
        profile,
        position_id: n.position_id.clone(),
        requester: n.requester,
        purpose: n.purpose,
        meeting_level: n.meeting_level,
        departs_on: date("departs_on", &n.departs_on)?,
        returns_on: date("returns_on", &n.returns_on)?,
        submitted_on: Some(match &n.submitted_on {
            Some(s) => date("submitted_on", s)?,
            None => state.today(),
        }),
        emergency: n.emergency,
        reason: n.reason,
        acting_position_id: n.acting_position_id.clone(),
        itinerary: n.itinerary,
        mutual_substitute_away: n.mutual_substitute_away,
        status: LeaveStatus::Pending,
        approved_by: None,
    };
    let cal = state.calendar();
    let v = assess(&state.registry, &cal, &l).map_err(|e| Problem::invalid("", e))?;
    if v.outcome == zhengwu_rules::Outcome::Refused {
        return Err(Problem::refused(
            v.violations.iter().map(Violation::from).collect(),
        ));
    }
    let mut audit = Audit::new(caller.actor.audit_id(), "leave.request");
    for s in &v.chain {
        if let Some(c) = &s.citation {
            audit = audit.cite(c);
        }
    }
    let row = state
        .store
        .create_leave(
            &audit,
            NewLeave {
                government_id: n.government_id,
                position_id: n.position_id,
                acting_position_id: n.acting_position_id,
                departs_on: l.departs_on.to_string(),
                returns_on: l.returns_on.to_string(),
                status: "pending".into(),
                data: serde_json::to_value(&l).map_err(|e| Problem::internal(e.to_string()))?,
            },
        )
        .await
        .map_err(crate::store_problem)?;
    Ok((StatusCode::CREATED, Json(view(&state, &row).await?)).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum LeaveCommand {
    /// The approver named by the profile's chain has approved.
    Approve {
        by: String,
    },
    /// 销假: back today; the acting period ends.
    Return,
    Cancel,
}

#[derive(Deserialize, ToSchema)]
pub struct LeaveAction {
    pub version: i64,
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub command: LeaveCommand,
}

/// approve | return (销假) | cancel
#[utoipa::path(post, path = "/api/v1/leave/requests/{id}/actions", tag = "leave",
    params(("id" = String, Path, description = "编号 (id)")), request_body = LeaveAction,
    responses((status = 200, description = "已办理 (done)", body = LeaveView),
              (status = 409, description = "版本冲突 (stale version)", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "状态不允许 (not in this state)", body = Problem, content_type = "application/problem+json")))]
pub async fn action(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<LeaveAction>,
) -> Result<Json<LeaveView>, Problem> {
    office(&caller)?;
    let row = state
        .store
        .get_leave(&id)
        .await
        .map_err(crate::store_problem)?;
    let mut l = decode(&row)?;
    let today = state.today();
    let bad = |zh: &str, en: &str| {
        Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-state",
            "状态不允许 (not allowed in this state)",
            format!("{zh} ({en})"),
        )
    };
    let (action, returns_on) = match (&body.command, l.status) {
        (LeaveCommand::Approve { by }, LeaveStatus::Pending) => {
            l.status = LeaveStatus::Approved;
            l.approved_by = Some(by.clone());
            ("leave.approve", l.returns_on)
        }
        (LeaveCommand::Return, LeaveStatus::Approved) => {
            l.status = LeaveStatus::Returned;
            let back = today.clamp(l.departs_on, l.returns_on);
            l.returns_on = back;
            ("leave.return", back)
        }
        (LeaveCommand::Cancel, LeaveStatus::Pending | LeaveStatus::Approved) => {
            l.status = LeaveStatus::Cancelled;
            ("leave.cancel", l.returns_on)
        }
        _ => {
            return Err(bad(
                "当前状态下不能办理",
                "not possible in the current state",
            ));
        }
    };
    let saved = state
        .store
        .update_leave(
            &Audit::new(caller.actor.audit_id(), action),
            &id,
            body.version,
            l.status.id(),
            &returns_on.to_string(),
            serde_json::to_value(&l).map_err(|e| Problem::internal(e.to_string()))?,
        )
        .await
        .map_err(crate::store_problem)?;
    Ok(Json(view(&state, &saved).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActingParams {
    pub position_id: Option<String>,
    /// `YYYY-MM-DD`; today when absent.
    pub date: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Acting {
    pub position_id: String,
    pub date: String,
    /// The acting position, when an approved leave covers the day.
    pub acting_position_id: Option<String>,
}

/// Who acts for a leader's position on a day.
#[utoipa::path(get, path = "/api/v1/leave/acting", tag = "leave", params(ActingParams),
    responses((status = 200, description = "代理人 (the acting position)", body = Acting),
              (status = 401, description = "需要登录 (login required)", body = Problem, content_type = "application/problem+json")))]
pub async fn acting(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ActingParams>,
) -> Result<Json<Acting>, Problem> {
    caller.require_login()?;
    let position_id = q
        .position_id
        .ok_or_else(|| Problem::invalid("position_id", "须指明职位 (position_id is required)"))?;
    let day = match &q.date {
        Some(s) => date("date", s)?,
        None => state.today(),
    };
    let acting_position_id = state
        .store
        .acting_for(&position_id, &day.to_string())
        .await
        .map_err(crate::store_problem)?;
    Ok(Json(Acting {
        position_id,
        date: day.to_string(),
        acting_position_id,
    }))
}
