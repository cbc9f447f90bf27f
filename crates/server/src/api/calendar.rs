//! 节假日安排 over HTTP: the holiday schedules loaded into the database and the loading of a newly
//! announced year (国务院办公厅关于XXXX年部分节假日安排的通知) by the office.
//!
//! - `GET /api/v1/calendar/years`: the years loaded into the database with their source notice,
//!   the shipped years and the provisional ones (everybody: the calendar in force is public);
//! - `POST /api/v1/calendar/years` (the office): a year's file (docs/calendar.md's format, validated
//!   as `zhengwu calendar check` does), stored with its audit event; the server's calendar is
//!   rebuilt at once and every open deadline re-projected (`crate::calendar::refresh`).

use crate::AppState;
use crate::auth::Caller;
use crate::extract::ApiJson;
use crate::policy::{Action, Decision, Object, authorize};
use crate::problem::Problem;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use zhengwu_calendar::{Calendar, FIRST_YEAR, LAST_YEAR, Notice, YearSchedule, YearStatus};
use zhengwu_store::Audit;

/// A year's file to load.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoadYear {
    /// The schedule as TOML (docs/calendar.md §4: `year`, `[[notice]]`, `[[holiday]]`).
    pub source: String,
}

#[derive(Serialize, ToSchema, Clone)]
pub struct NoticeView {
    pub title: String,
    /// 文号
    pub number: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    /// `标题（文号，日期）`
    pub cite: String,
}

fn notice_view(n: &Notice) -> NoticeView {
    NoticeView {
        title: n.title.clone(),
        number: n.number.clone(),
        date: n.date.map(|d| d.to_string()),
        url: n.url.clone(),
        cite: n.cite(),
    }
}

/// A year loaded into the database.
#[derive(Serialize, ToSchema, Clone)]
pub struct LoadedYearView {
    pub year: i64,
    /// Raised by every load of the year.
    pub version: i64,
    /// RFC 3339, UTC.
    pub loaded_at: String,
    /// `2026-12-08 07:30（北京时间）`
    pub loaded_at_beijing: String,
    pub notices: Vec<NoticeView>,
    pub days_off: usize,
    pub make_up_working_days: usize,
    /// `loaded` when the server counts on it; `invalid` when the stored text no longer parses
    /// (the year is then provisional or shipped).
    pub status: String,
    /// The stored text, as loaded.
    pub source: String,
}

/// The schedules known to the server.
#[derive(Serialize, ToSchema)]
pub struct CalendarYears {
    /// The years loaded into the database, oldest first.
    pub loaded: Vec<LoadedYearView>,
    /// The years shipped with the program.
    pub official: Vec<i64>,
    /// Runs of years with no notice, `[from, to]` (answers touching them are provisional).
    pub provisional: Vec<[i64; 2]>,
}

/// What a load did.
#[derive(Serialize, ToSchema)]
pub struct Loaded {
    pub year: i64,
    pub version: i64,
    /// The year's status before: `official`, `loaded` or `provisional`.
    pub previous_status: String,
    pub notices: Vec<NoticeView>,
    pub days_off: usize,
    pub make_up_working_days: usize,
    /// Open deadlines whose due date or provisional mark moved, per area.
    #[schema(value_type = Object)]
    pub reprojected: serde_json::Value,
}

fn status_str(s: Option<YearStatus>) -> String {
    s.map_or("provisional", YearStatus::as_str).to_string()
}

fn runs(cal: &Calendar) -> Vec<[i64; 2]> {
    let mut out: Vec<[i64; 2]> = Vec::new();
    for y in FIRST_YEAR..=LAST_YEAR {
        if cal.year_status(y) != Some(YearStatus::Provisional) {
            continue;
        }
        let y = i64::from(y);
        match out.last_mut() {
            Some(r) if r[1] + 1 == y => r[1] = y,
            _ => out.push([y, y]),
        }
    }
    out
}

/// The loaded years with what the server makes of them.
pub async fn years(state: &AppState, en: bool) -> Result<CalendarYears, Problem> {
    let cal = state.calendar();
    let rows = state
        .store
        .calendar_years()
        .await
        .map_err(crate::store_problem)?;
    let loaded = rows
        .iter()
        .map(|y| {
            let parsed = YearSchedule::parse(&y.source, &format!("{}.toml", y.year)).ok();
            let (days_off, make_up_working_days) =
                parsed.as_ref().map_or((0, 0), YearSchedule::counts);
            LoadedYearView {
                year: y.year,
                version: y.version,
                loaded_at: zhengwu_store::clock::format_ts(y.loaded_at),
                loaded_at_beijing: crate::time::labelled(y.loaded_at, en),
                notices: parsed
                    .as_ref()
                    .map(|s| s.notices().iter().map(notice_view).collect())
                    .unwrap_or_default(),
                days_off,
                make_up_working_days,
                status: if parsed.is_some() {
                    "loaded"
                } else {
                    "invalid"
                }
                .into(),
                source: y.source.clone(),
            }
        })
        .collect();
    Ok(CalendarYears {
        loaded,
        official: cal
            .schedules()
            .filter(|s| s.status() == YearStatus::Official)
            .map(|s| i64::from(s.year()))
            .collect(),
        provisional: runs(&cal),
    })
}

/// The holiday schedules: loaded into the database, shipped, provisional.
#[utoipa::path(get, path = "/api/v1/calendar/years", tag = "calendar",
    responses((status = 200, description = "节假日安排 (the holiday schedules)", body = CalendarYears)))]
pub async fn list(State(state): State<AppState>) -> Result<Json<CalendarYears>, Problem> {
    Ok(Json(years(&state, false).await?))
}

/// Validates a year's file: the calendar crate's checks (line-numbered, Chinese with English).
pub fn validate(source: &str) -> Result<YearSchedule, Problem> {
    if source.trim().is_empty() {
        return Err(Problem::invalid(
            "source",
            "请粘贴或上传节假日安排文件 (paste or upload the schedule file)",
        ));
    }
    YearSchedule::parse(source, "上传的文件")
        .map_err(|e| Problem::invalid("source", format!("{} ({})", e.zh(), e.en())))
}

/// Loads a newly announced year (or replaces a loaded or shipped one). The office only.
#[utoipa::path(post, path = "/api/v1/calendar/years", tag = "calendar", request_body = LoadYear,
    security(("session" = []), ("token" = [])),
    responses(
        (status = 200, description = "已载入，期限已重新计算 (loaded; open deadlines re-projected)", body = Loaded),
        (status = 401, description = "未登录 (not logged in)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "仅政府办公室 (office only)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "文件无效，附行号 (invalid file, with its line)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn load(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<LoadYear>,
) -> Result<Json<Loaded>, Problem> {
    let actor = caller.require_login()?;
    if let Decision::Deny(why) = authorize(actor, Action::Update, Object::Calendar) {
        return Err(Problem::forbidden(why));
    }
    let s = validate(&body.source)?;
    let previous = status_str(state.calendar().year_status(s.year()));
    let stored = state
        .store
        .put_calendar_year(
            &Audit::new(actor.audit_id(), "calendar.load"),
            i64::from(s.year()),
            &body.source,
        )
        .await
        .map_err(crate::store_problem)?;
    // Written: the calendar and the deadlines follow now. Should that fail, the scheduler's next
    // refresh does it, so the load still stands.
    let reprojected = match crate::calendar::refresh(&state).await {
        Ok(r) => serde_json::to_value(r.reprojected.unwrap_or_default())
            .unwrap_or(serde_json::Value::Null),
        Err(p) => {
            tracing::warn!(detail = %p.detail, "calendar refresh after a load failed; the scheduler retries");
            serde_json::Value::Null
        }
    };
    let (days_off, make_up_working_days) = s.counts();
    Ok(Json(Loaded {
        year: stored.year,
        version: stored.version,
        previous_status: previous,
        notices: s.notices().iter().map(notice_view).collect(),
        days_off,
        make_up_working_days,
        reprojected,
    }))
}
