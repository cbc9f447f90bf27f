//! The meeting screens (issue #8 over the meetings workflow of #6): the meeting calendar with
//! cadence warnings, a meeting's page (invitations, absences, attendance and the quorum with its
//! citation, the agenda 议题单 assembled by the office and confirmed by the head, decisions per
//! item, the minutes chain), the agenda builder (proposal, gates with every missing prerequisite
//! cited, the submission deadline with how it was computed, an exception recorded with its reason
//! and who decided, the approval chain), the printable minutes, and major administrative decisions
//! with their procedures as tracked steps.
//!
//! Every change goes through the meetings API's own handlers (`crate::api::meetings`), called
//! in-process with the page's session as the caller: the rules, authorisation, audit events and
//! refusals are exactly the API's. Pages read the API's JSON answers.

use super::html::{cite, esc};
use super::inbox::{Item, ItemsFuture, Request, Tab};
use super::{Ctx, Lang, User, ctx, page, page_status, to_login};
use crate::AppState;
use crate::api::meetings as api;
use crate::auth::{Caller, Via};
use crate::extract::ApiJson;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::collections::HashMap;
use zhengwu_domain::meetings as dm;
use zhengwu_rules::Role;
use zhengwu_rules::profile::meetings::MeetingType;
use zhengwu_rules::verdict::ChainStep;
use zhengwu_store::DocTable;

type FormMap = HashMap<String, String>;

/// The page's session as an API caller.
fn caller(u: &User) -> Caller {
    Caller {
        actor: u.actor.clone(),
        via: Via::Session {
            session_id: u.session_id.clone(),
            csrf_token: u.csrf.clone(),
        },
    }
}

/// Runs an API handler's answer into (status, JSON).
async fn answer(r: impl IntoResponse) -> (StatusCode, Value) {
    let res = r.into_response();
    let status = res.status();
    let body = axum::body::to_bytes(res.into_body(), 32 * 1024 * 1024)
        .await
        .unwrap_or_default();
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

fn arr<'a>(v: &'a Value, k: &str) -> &'a [Value] {
    v.get(k)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// A citation as the verdicts serialize it (`{text, quote}`).
fn cite_json(c: &Value) -> String {
    if c.is_null() {
        return String::new();
    }
    cite(s(c, "text"), s(c, "quote"))
}

/// The findings of a verdict (violations or warnings), each with its cited article and quote.
fn findings(c: &Ctx, list: &[Value], class: &str) -> String {
    if list.is_empty() {
        return String::new();
    }
    let mut out = format!(r#"<ul class="{class}">"#);
    for f in list {
        let msg = match c.lang {
            Lang::En if !s(f, "message_en").is_empty() => s(f, "message_en"),
            _ => s(f, "message"),
        };
        out.push_str(&format!(
            "<li><p>{}</p><p>{}</p></li>",
            esc(msg),
            cite_json(&f["citation"])
        ));
    }
    out.push_str("</ul>");
    out
}

/// A problem+json answer (a refusal with its violations, or invalid input) as a notice.
fn problem(c: &Ctx, p: &Value) -> String {
    let mut out = format!(
        r#"<div class="card" role="alert" id="refusal"><p class="refused">{}</p><p>{}</p>"#,
        esc(s(p, "title")),
        esc(s(p, "detail"))
    );
    out.push_str(&findings(c, arr(p, "violations"), "violations"));
    for e in arr(p, "errors") {
        out.push_str(&format!("<p>{}</p>", esc(&e.to_string())));
    }
    out.push_str("</div>");
    out
}

fn type_label(c: &Ctx, t: &str) -> String {
    let zh = serde_json::from_value::<MeetingType>(json!(t)).map_or("会议", MeetingType::zh);
    let en = match t {
        "plenary" => "Plenary meeting",
        "executive" => "Executive meeting",
        "head_office" => "Head's office meeting",
        "special_topic" => "Special-topic meeting",
        _ => "Meeting",
    };
    c.t(zh, en).to_string()
}

fn status_label(c: &Ctx, st: &str) -> String {
    let (zh, en) = match st {
        "scheduled" => ("已安排", "scheduled"),
        "agenda_assembled" => ("议题单已汇总", "agenda assembled"),
        "agenda_confirmed" => ("议题单已确定", "agenda confirmed"),
        "held" => ("已召开", "held"),
        "blocked" => ("未通过审核", "blocked"),
        "proposed" => ("审批中", "in approval"),
        "approved" => ("已审批", "approved"),
        "on_agenda" => ("已列入议题单", "on the agenda"),
        "decided" => ("已决定", "decided"),
        "in_procedure" => ("程序进行中", "in procedure"),
        _ => (st, st),
    };
    c.t(zh, en).to_string()
}

fn role_of(v: &str) -> Option<Role> {
    serde_json::from_value(json!(v)).ok()
}

fn gov_of(u: &User) -> Option<String> {
    u.account.government_id.clone()
}

fn note(c: &Ctx, msg: Option<&str>) -> String {
    match msg {
        Some("ok") => format!(
            r#"<p class="allowed" role="status" id="notice">{}</p>"#,
            c.t("已保存。", "Saved.")
        ),
        _ => String::new(),
    }
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    lang: Option<String>,
    done: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// The calendar

/// The meeting calendar: meetings by month and type, cadence warnings, agenda items, major
/// decisions, and the office's form to schedule a meeting.
pub async fn calendar(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<PageQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    calendar_page(&state, &c, String::new(), q.done.as_deref()).await
}

async fn calendar_page(state: &AppState, c: &Ctx, notice: String, done: Option<&str>) -> Response {
    let Some(u) = &c.user else {
        return to_login();
    };
    let Some(gov) = gov_of(u) else {
        return super::forbidden(
            c,
            c.t("账号不属于任何政府", "The account belongs to no government"),
        );
    };
    let (st, list) = answer(
        api::list_meetings(
            State(state.clone()),
            caller(u),
            Query(api::GovQuery {
                government_id: Some(gov.clone()),
                after: None,
                limit: Some(200),
            }),
        )
        .await,
    )
    .await;
    if st != StatusCode::OK {
        return page_status(
            c,
            st,
            c.t("会议", "Meetings"),
            "/ui/meetings",
            &problem(c, &list),
        );
    }
    let mut body = note(c, done);
    body.push_str(&notice);
    let profile = c.profile(state);
    // Cadence per meeting type (a warning, never a block).
    let mut cad = String::new();
    let (st, v) = answer(
        api::cadence(
            State(state.clone()),
            caller(u),
            Query(api::CadenceQuery {
                government_id: Some(gov.clone()),
                as_of: None,
            }),
        )
        .await,
    )
    .await;
    if st == StatusCode::OK {
        for row in v.as_array().map_or(&[][..], Vec::as_slice) {
            let behind = row["behind"].as_bool().unwrap_or(false);
            cad.push_str(&format!(
                r#"<li class="{}">{}：{} {} – {} {} {}{} {}</li>"#,
                if behind { "refused" } else { "" },
                esc(&type_label(c, s(row, "meeting_type"))),
                c.t("窗口", "window"),
                esc(s(row, "window_from")),
                esc(s(row, "window_to")),
                c.t("已开", "held"),
                row["held"],
                match row["min"].as_u64() {
                    Some(n) => format!(" / {} {n}", c.t("至少", "at least")),
                    None => String::new(),
                },
                if behind {
                    format!("{} {}", esc(s(row, "message")), cite_json(&row["citation"]))
                } else {
                    cite_json(&row["citation"])
                },
            ));
        }
    }
    if !cad.is_empty() {
        body.push_str(&format!(
            r#"<section class="card" id="cadence"><h2>{}</h2><ul>{cad}</ul></section>"#,
            c.t("会议频次", "Cadence")
        ));
    }
    // Meetings by month.
    let mut items: Vec<&Value> = arr(&list, "items").iter().collect();
    items.sort_by(|a, b| s(&a["data"], "date").cmp(s(&b["data"], "date")));
    let mut month = String::new();
    body.push_str(&format!(
        r#"<section class="card" id="meetings"><h2>{}</h2>"#,
        c.t("会议日历", "Meeting calendar")
    ));
    if items.is_empty() {
        body.push_str(&format!(
            r#"<p class="empty">{}</p>"#,
            c.t("尚无会议。", "No meetings yet.")
        ));
    }
    for m in &items {
        let d = &m["data"];
        let date = s(d, "date");
        let mon = date.get(..7).unwrap_or("");
        if mon != month {
            if !month.is_empty() {
                body.push_str("</tbody></table>");
            }
            month = mon.to_string();
            body.push_str(&format!(
                r#"<h3>{}</h3><table class="list"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
                esc(&month),
                c.t("日期", "Date"),
                c.t("会议", "Meeting"),
                c.t("类型", "Type"),
                c.t("状态", "Status"),
                c.t("提示", "Warnings"),
            ));
        }
        let warn: Vec<String> = arr(d, "warnings")
            .iter()
            .map(|w| {
                format!(
                    "{} {}",
                    c.t("低于规定频次", "behind the cadence"),
                    cite_json(&w["citation"])
                )
            })
            .collect();
        body.push_str(&format!(
            r#"<tr><td>{}</td><td><a href="/ui/meetings/{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            esc(date),
            esc(s(m, "id")),
            esc(s(d, "name")),
            esc(&type_label(c, s(d, "type"))),
            esc(&status_label(c, s(m, "status"))),
            warn.join("<br>")
        ));
    }
    if !month.is_empty() {
        body.push_str("</tbody></table>");
    }
    body.push_str("</section>");
    // Schedule a meeting (the office).
    let types: Vec<(&str, String)> = MeetingType::ALL
        .into_iter()
        .filter(|t| profile.is_some_and(|p| p.meetings.exists(*t)))
        .map(|t| (t.id(), type_label(c, t.id())))
        .collect();
    body.push_str(&format!(
        r#"<section class="card"><h2>{}</h2><form method="post" action="/ui/meetings" class="row" id="schedule">{}<label for="m-type">{}</label><select id="m-type" name="type">{}</select><label for="m-date">{}</label><input id="m-date" name="date" type="date" required><button type="submit">{}</button></form></section>"#,
        c.t("安排会议", "Schedule a meeting"),
        c.csrf_field(),
        c.t("类型", "Type"),
        super::html::options(types.iter().map(|(a, b)| (*a, b.clone())), "executive"),
        c.t("日期", "Date"),
        c.t("安排", "Schedule"),
    ));
    body.push_str(&format!(
        r#"<p class="row"><a class="button" href="/ui/agenda">{}</a> <a class="button" href="/ui/major-decisions">{}</a></p>"#,
        c.t("议题 · 提出议题", "Agenda items · propose"),
        c.t("重大行政决策", "Major decisions"),
    ));
    page(c, c.t("会议", "Meetings"), "/ui/meetings", &body)
}

#[derive(Deserialize)]
pub struct ScheduleForm {
    csrf: String,
    #[serde(rename = "type")]
    meeting_type: String,
    date: String,
}

pub async fn schedule(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<ScheduleForm>,
) -> Response {
    let c = ctx(&state, &headers, None).await;
    let Some(u) = &c.user else {
        return to_login();
    };
    if !c.csrf_ok(&f.csrf) {
        return super::bad_request(
            &c,
            c.t("表单已过期，请重试", "The form expired; please retry"),
        );
    }
    let Some(gov) = gov_of(u) else {
        return super::forbidden(
            &c,
            c.t("账号不属于任何政府", "The account belongs to no government"),
        );
    };
    let Some(t) = serde_json::from_value::<MeetingType>(json!(f.meeting_type)).ok() else {
        return super::bad_request(&c, c.t("会议类型无效", "Unknown meeting type"));
    };
    let (st, v) = answer(
        api::create_meeting(
            State(state.clone()),
            caller(u),
            crate::extract::ApiJson(api::NewMeeting {
                government_id: gov,
                meeting_type: t,
                date: f.date,
                convened_by: None,
                delegated_by: None,
            }),
        )
        .await,
    )
    .await;
    if st.is_success() {
        return Redirect::to(&format!("/ui/meetings/{}?done=ok", s(&v, "id"))).into_response();
    }
    calendar_page(&state, &c, problem(&c, &v), None).await
}

// ---------------------------------------------------------------------------------------------
// A meeting

pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    meeting_page(&state, &c, &id, String::new(), q.done.as_deref()).await
}

fn presence_label(c: &Ctx, p: &str) -> String {
    let (zh, en) = match p {
        "present" => ("出席", "present"),
        "video" => ("视频出席", "by video"),
        "absent" => ("缺席", "absent"),
        _ => ("已通知", "invited"),
    };
    c.t(zh, en).to_string()
}

async fn meeting_page(
    state: &AppState,
    c: &Ctx,
    id: &str,
    notice: String,
    done: Option<&str>,
) -> Response {
    let Some(u) = &c.user else {
        return to_login();
    };
    let (st, v) =
        answer(api::get_meeting(State(state.clone()), caller(u), Path(id.to_string())).await).await;
    if st != StatusCode::OK {
        return page_status(
            c,
            st,
            c.t("会议", "Meeting"),
            "/ui/meetings",
            &problem(c, &v),
        );
    }
    let m = &v["meeting"];
    let d = &m["data"];
    let title = s(d, "name").to_string();
    let mut body = note(c, done);
    body.push_str(&notice);
    body.push_str(&format!(
        r#"<p class="meta">{} · {} · {} · <a href="/ui/audit?type=meeting&amp;id={}">{}</a> · <a href="/ui/meetings">{}</a></p>"#,
        esc(s(d, "date")),
        esc(&type_label(c, s(d, "type"))),
        esc(&status_label(c, s(m, "status"))),
        esc(id),
        c.t("变更记录", "History"),
        c.t("返回会议日历", "Back to the calendar"),
    ));
    for w in arr(d, "warnings") {
        body.push_str(&format!(
            r#"<p class="refused">{} {}</p>"#,
            c.t(
                "提示：低于规定的会议频次。",
                "Warning: behind the meeting cadence."
            ),
            cite_json(&w["citation"])
        ));
    }
    // Presiding chain.
    if !arr(d, "chain").is_empty() {
        body.push_str(&format!("<p>{}", c.t("主持：", "Presides: ")));
        for step in arr(d, "chain") {
            body.push_str(&format!(
                "{} {} ",
                esc(s(step, "title")),
                cite_json(&step["citation"])
            ));
        }
        body.push_str("</p>");
    }
    // Quorum.
    let qv = &v["quorum"];
    let qs = &qv["status"];
    let met = s(qs, "quorum");
    let profile = c.profile(state);
    let quorum_cite = serde_json::from_value::<MeetingType>(d["type"].clone())
        .ok()
        .and_then(|t| {
            let p = profile?;
            let q = p.meetings.def(t)?.quorum.as_ref()?;
            let k = q.cite.primary();
            Some(cite(&format!("{} {}", p.short_name, k.article), &k.quote))
        })
        .unwrap_or_default();
    let (cls, label) = match met {
        "met" => ("allowed", c.t("达到法定人数", "Quorum met")),
        "not_met" => ("outcome refused", c.t("未达法定人数", "Quorum not met")),
        _ => (
            "outcome warning",
            c.t("规则未规定法定人数", "No quorum stated"),
        ),
    };
    body.push_str(&format!(
        r#"<section class="card" id="quorum"><h2>{}</h2><p><span class="{cls}" id="quorum-result">{label}</span> {} {} / {} {} · {} {}</p><p>{quorum_cite}</p>{}</section>"#,
        c.t("法定人数", "Quorum"),
        c.t("计入出席", "counted"),
        qs["members_counted"],
        c.t("应到组成人员", "members expected"),
        qs["members_expected"],
        c.t("至少须", "minimum"),
        qs["minimum"],
        findings(c, arr(qv, "violations"), "violations"),
    ));
    // Invitees with attendance.
    let absences = arr(d, "absences");
    body.push_str(&format!(
        r#"<section class="card" id="attendance"><h2>{}</h2><form method="post" action="/ui/meetings/{}/attendance">{}<table class="list"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
        c.t("组成人员与列席人员 · 点名", "Members and attendees · attendance"),
        esc(id),
        c.csrf_field(),
        c.t("身份", "Capacity"),
        c.t("职务", "Title"),
        c.t("依据", "Basis"),
        c.t("请假", "Absence"),
        c.t("出席", "Attendance"),
    ));
    for i in arr(d, "invitees") {
        let key = s(i, "key");
        let cap = if s(i, "capacity") == "member" {
            c.t("组成人员", "member")
        } else {
            c.t("列席", "attendee")
        };
        let unresolved = if i["unresolved"].as_bool().unwrap_or(false) {
            format!(
                r#" <small class="refused">{}</small>"#,
                c.t("（待办公室确定人选）", "(to be filled in by the office)")
            )
        } else {
            String::new()
        };
        let abs: Vec<String> = absences
            .iter()
            .filter(|a| s(a, "invitee") == key)
            .map(|a| {
                let route: Vec<&str> = arr(a, "route").iter().map(|r| s(r, "title")).collect();
                format!(
                    "{}{}{}",
                    c.t("已请假", "excused"),
                    if route.is_empty() {
                        String::new()
                    } else {
                        format!(" → {}", esc(&route.join(" → ")))
                    },
                    if s(a, "substitute").is_empty() {
                        String::new()
                    } else {
                        format!(
                            "，{} {}",
                            c.t("代为出席：", "substitute:"),
                            esc(s(a, "substitute"))
                        )
                    }
                )
            })
            .collect();
        let p = s(i, "presence");
        let sel = |x: &str| if x == p { " selected" } else { "" };
        body.push_str(&format!(
            r#"<tr><td>{cap}</td><td>{}{unresolved}</td><td>{}</td><td>{}</td><td><label class="sr" for="att-{k}">{}</label><select id="att-{k}" name="p_{k}"><option value="invited"{}>{}</option><option value="present"{}>{}</option><option value="video"{}>{}</option><option value="absent"{}>{}</option></select></td></tr>"#,
            esc(s(i, "title")),
            cite_json(&i["citation"]),
            abs.join("<br>"),
            esc(&presence_label(c, p)),
            sel("invited"),
            presence_label(c, "invited"),
            sel("present"),
            presence_label(c, "present"),
            sel("video"),
            presence_label(c, "video"),
            sel("absent"),
            presence_label(c, "absent"),
            k = esc(key),
        ));
    }
    body.push_str(&format!(
        r#"</tbody></table><p class="row"><label><input type="checkbox" name="video_consent" value="1"{}> {}</label> <label><input type="checkbox" name="study_held" value="1"{}> {}</label><button type="submit" id="take-attendance">{}</button></p></form></section>"#,
        if d["video_consented_by_head"].as_bool().unwrap_or(false) { " checked" } else { "" },
        c.t("首长同意视频出席", "The head consents to video attendance"),
        if d["study_held"].as_bool().unwrap_or(false) { " checked" } else { "" },
        c.t("会前学习已开展", "The pre-meeting study was held"),
        c.t("点名 · 计算法定人数", "Take attendance · compute the quorum"),
    ));
    // Absence request form.
    let inv_opts: Vec<(&str, String)> = arr(d, "invitees")
        .iter()
        .map(|i| (s(i, "key"), s(i, "title").to_string()))
        .collect();
    body.push_str(&format!(
        r#"<section class="card" id="absences"><h2>{}</h2><form method="post" action="/ui/meetings/{}/absences" class="row">{}<label for="abs-who">{}</label><select id="abs-who" name="invitee">{}</select><label for="abs-asked">{}</label><select id="abs-asked" name="asked"><option value="head">{}</option><option value="office_director">{}</option><option value="secretary_general">{}</option></select><label for="abs-sub">{}</label><input id="abs-sub" name="substitute"><label><input type="checkbox" name="written_report" value="1"> {}</label><button type="submit">{}</button></form></section>"#,
        c.t("请假", "Absence requests"),
        esc(id),
        c.csrf_field(),
        c.t("请假人", "Who"),
        super::html::options(inv_opts.iter().map(|(a, b)| (*a, b.clone())), ""),
        c.t("向谁请假", "Asked"),
        profile.map_or_else(|| "head".to_string(), |p| p.title(Role::Head)),
        profile.map_or_else(|| "office_director".to_string(), |p| p.title(Role::OfficeDirector)),
        profile.map_or_else(|| "secretary_general".to_string(), |p| p.title(Role::SecretaryGeneral)),
        c.t("代为出席", "Substitute"),
        c.t("书面意见", "Written report"),
        c.t("登记请假", "Record the absence"),
    ));
    // Agenda items with gates and decisions.
    let gates = arr(&v, "gates");
    let on_agenda: Vec<&str> = arr(d, "agenda").iter().filter_map(Value::as_str).collect();
    body.push_str(&format!(
        r#"<section class="card" id="agenda"><h2>{}</h2>"#,
        c.t("议题单", "Agenda (议题单)")
    ));
    if let Some(by) = d["agenda_confirmed_by"].as_str() {
        body.push_str(&format!(
            r#"<p class="allowed" id="agenda-confirmed">{} {}</p>"#,
            c.t("已确定：", "Confirmed by "),
            esc(by)
        ));
    }
    let items = arr(&v, "items");
    if items.is_empty() {
        body.push_str(&format!(
            r#"<p class="empty">{}</p>"#,
            c.t("尚无议题。", "No items yet.")
        ));
    } else {
        body.push_str(&format!(
            r#"<table class="list"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
            c.t("议题", "Item"),
            c.t("审核", "Gates"),
            c.t("决定", "Decision"),
            c.t("记录决定", "Record a decision"),
        ));
        for it in items {
            let iid = s(it, "id");
            let g = gates.iter().find(|g| s(g, "item_id") == iid);
            let gate = g.map_or_else(String::new, |g| {
                if s(g, "outcome") == "refused" {
                    findings(c, arr(g, "violations"), "violations")
                } else {
                    format!(r#"<span class="allowed">{}</span>"#, c.t("通过", "passed"))
                }
            });
            let dec = &it["data"]["decision"];
            let decided = if dec.is_null() {
                String::new()
            } else {
                format!(
                    "<strong>{}</strong> {}",
                    esc(s(dec, "outcome")),
                    esc(s(dec, "summary"))
                )
            };
            let form = if dec.is_null() {
                format!(
                    r#"<form method="post" action="/ui/meetings/{}/decisions">{}<input type="hidden" name="item_id" value="{}"><select name="outcome" aria-label="{}"><option value="adopted">{}</option><option value="adopted_with_changes">{}</option><option value="deferred">{}</option><option value="rejected">{}</option></select> <input name="summary" aria-label="{}" placeholder="{}" required> <input name="unit" aria-label="{}" placeholder="{}"> <input name="task" aria-label="{}" placeholder="{}"> <button type="submit">{}</button></form>"#,
                    esc(id),
                    c.csrf_field(),
                    esc(iid),
                    c.t("决定", "Outcome"),
                    c.t("通过", "adopted"),
                    c.t("修改后通过", "adopted with changes"),
                    c.t("暂缓", "deferred"),
                    c.t("不通过", "rejected"),
                    c.t("主持人总结", "Chair's summary"),
                    c.t("主持人总结", "Chair's summary"),
                    c.t("承办单位", "Unit"),
                    c.t("承办单位", "Unit"),
                    c.t("交办事项", "Task"),
                    c.t("交办事项", "Task"),
                    c.t("记录", "Record"),
                )
            } else {
                String::new()
            };
            body.push_str(&format!(
                r#"<tr><td><a href="/ui/agenda/{}">{}</a><br><small>{}</small></td><td>{gate}</td><td>{decided}</td><td>{form}</td></tr>"#,
                esc(iid),
                esc(s(&it["data"], "title")),
                esc(&status_label(c, s(it, "status"))),
            ));
        }
        body.push_str("</tbody></table>");
    }
    // The office assembles: approved items proposed for this meeting's type.
    let gov = s(m, "government_id");
    let candidates = match state
        .store
        .list_docs(DocTable::AgendaItem, gov, None, 500)
        .await
    {
        Ok(v) => v,
        Err(e) => return super::failure(c, e),
    };
    let mut cand = String::new();
    for it in &candidates {
        if it.data["meeting_type"] != d["type"] || on_agenda.contains(&it.id.as_str()) {
            continue;
        }
        if !matches!(it.status.as_str(), "approved" | "proposed" | "blocked") {
            continue;
        }
        cand.push_str(&format!(
            r#"<li><label><input type="checkbox" name="i_{}" value="1"{}> {} <small>{}</small></label></li>"#,
            esc(&it.id),
            if it.status == "approved" { " checked" } else { "" },
            esc(it.data["title"].as_str().unwrap_or("")),
            esc(&status_label(c, &it.status))
        ));
    }
    for aid in &on_agenda {
        cand.push_str(&format!(
            r#"<li><label><input type="checkbox" name="i_{}" value="1" checked> {}</label></li>"#,
            esc(aid),
            esc(items
                .iter()
                .find(|x| s(x, "id") == *aid)
                .map_or(*aid, |x| s(&x["data"], "title")))
        ));
    }
    if !cand.is_empty() {
        body.push_str(&format!(
            r#"<form method="post" action="/ui/meetings/{}/agenda" id="assemble">{}<h3>{}</h3><ul class="tasks">{cand}</ul><button type="submit">{}</button></form>"#,
            esc(id),
            c.csrf_field(),
            c.t("办公室汇总议题单", "The office assembles the agenda"),
            c.t("汇总议题单", "Assemble the agenda"),
        ));
    }
    if !on_agenda.is_empty() && d["agenda_confirmed_by"].is_null() {
        body.push_str(&format!(
            r#"<form method="post" action="/ui/meetings/{}/confirm" class="row">{}<button type="submit" id="confirm-agenda">{}</button></form>"#,
            esc(id),
            c.csrf_field(),
            c.t("首长确定议题单", "The head confirms the agenda")
        ));
    }
    body.push_str("</section>");
    // Work assigned by decisions.
    let work = arr(&v, "assigned_work");
    if !work.is_empty() {
        body.push_str(&format!(
            r#"<section class="card" id="work"><h2>{}</h2><table class="list"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
            c.t("会议交办事项", "Work assigned"),
            c.t("承办单位", "Unit"),
            c.t("事项", "Task"),
            c.t("报告期限", "Report due"),
        ));
        for w in work {
            body.push_str(&format!(
                r#"<tr><td>{}</td><td>{}</td><td>{}<br><small class="explain">{}</small> {}</td></tr>"#,
                esc(s(w, "unit")),
                esc(s(w, "task")),
                esc(s(w, "due_on")),
                esc(s(w, "explain")),
                cite_json(&w["citation"])
            ));
        }
        body.push_str("</tbody></table></section>");
    }
    // Minutes.
    body.push_str(&minutes_section(c, id, d));
    page(c, &title, "/ui/meetings", &body)
}

fn minutes_section(c: &Ctx, id: &str, d: &Value) -> String {
    let mut out = format!(
        r#"<section class="card" id="minutes"><h2>{}</h2>"#,
        c.t("会议纪要", "Minutes (纪要)")
    );
    let min = &d["minutes"];
    if min.is_null() {
        out.push_str(&format!(
            r#"<form method="post" action="/ui/meetings/{}/minutes" class="row">{}<label><input type="checkbox" name="t_fiscal_funds" value="1"> {}</label><button type="submit" id="draft-minutes">{}</button></form>"#,
            esc(id),
            c.csrf_field(),
            c.t("涉及财政资金", "Fiscal funds"),
            c.t("起草纪要", "Draft the minutes"),
        ));
    } else {
        out.push_str(r#"<ol class="tasks" id="minutes-chain">"#);
        for st in arr(min, "steps") {
            let step = &st["step"];
            let done = match st["done_by"].as_str() {
                Some(by) => format!(
                    r#"<span class="allowed">{} {} {}</span>"#,
                    c.t("已办", "done by"),
                    esc(by),
                    esc(&crate::time::labelled_of(
                        s(st, "done_at"),
                        c.lang == super::Lang::En
                    ))
                ),
                None => format!(
                    r#"<span class="st-Pending">{}</span>"#,
                    c.t("待办", "pending")
                ),
            };
            out.push_str(&format!(
                "<li>{} {} — {done} {}</li>",
                esc(s(step, "title")),
                esc(s(step, "step")),
                cite_json(&step["citation"])
            ));
        }
        out.push_str("</ol>");
        if min["signed"].as_bool().unwrap_or(false) {
            out.push_str(&format!(
                r#"<p class="allowed">{}</p>"#,
                c.t("纪要已签发", "The minutes are signed")
            ));
        } else {
            out.push_str(&format!(
                r#"<form method="post" action="/ui/meetings/{}/minutes/step" class="row">{}<button type="submit" id="minutes-step">{}</button></form>"#,
                esc(id),
                c.csrf_field(),
                c.t("办理下一步（审核 / 签发）", "Take the next step (review / sign)")
            ));
        }
    }
    out.push_str(&format!(
        r#"<p class="row"><a class="button" href="/ui/meetings/{}/minutes" id="print-minutes">{}</a></p></section>"#,
        esc(id),
        c.t("纪要（打印版）", "Minutes (printable)")
    ));
    out
}

/// Posts a form to an API handler and shows the meeting again (with the refusal, if any).
async fn after(state: &AppState, c: &Ctx, id: &str, st: StatusCode, v: &Value) -> Response {
    if st.is_success() {
        return Redirect::to(&format!("/ui/meetings/{id}?done=ok#main")).into_response();
    }
    let notice = problem(c, v);
    let mut res = meeting_page(state, c, id, notice, None).await;
    *res.status_mut() = if st == StatusCode::UNPROCESSABLE_ENTITY || st == StatusCode::FORBIDDEN {
        st
    } else {
        StatusCode::BAD_REQUEST
    };
    res
}

/// Common start of every meeting form: the session and the CSRF token.
async fn form_ctx(state: &AppState, headers: &HeaderMap, f: &FormMap) -> Result<Ctx, Response> {
    let c = ctx(state, headers, None).await;
    if c.user.is_none() {
        return Err(to_login());
    }
    if !c.csrf_ok(f.get("csrf").map_or("", String::as_str)) {
        return Err(super::bad_request(
            &c,
            c.t("表单已过期，请重试", "The form expired; please retry"),
        ));
    }
    Ok(c)
}

/// The common run of a meeting form: the session and its CSRF token, `body` read into the API
/// handler's request type (a 400 page if it does not fit; `Value::Null` for a handler that takes
/// none), and the handler called in-process with the page's session as the caller. Gives the
/// page's context and the handler's answer as (status, JSON).
async fn submit<B, R, Fut>(
    state: &AppState,
    headers: &HeaderMap,
    f: &FormMap,
    body: Value,
    call: impl FnOnce(Caller, B) -> Fut,
) -> Result<(Ctx, StatusCode, Value), Response>
where
    B: DeserializeOwned,
    Fut: Future<Output = R>,
    R: IntoResponse,
{
    let c = form_ctx(state, headers, f).await?;
    let Some(u) = &c.user else {
        return Err(to_login());
    };
    let b = match serde_json::from_value::<B>(body) {
        Ok(b) => b,
        Err(e) => return Err(super::bad_request(&c, &e.to_string())),
    };
    let (st, v) = answer(call(caller(u), b).await).await;
    Ok((c, st, v))
}

pub async fn attendance(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<FormMap>,
) -> Response {
    let mut present = Vec::new();
    let mut video = Vec::new();
    let mut keys: Vec<&String> = f.keys().collect();
    keys.sort();
    for k in keys {
        if let Some(key) = k.strip_prefix("p_") {
            match f.get(k).map(String::as_str) {
                Some("present") => present.push(key.to_string()),
                Some("video") => video.push(key.to_string()),
                _ => {}
            }
        }
    }
    let body = json!({
        "present": present, "video": video,
        "video_consented_by_head": f.contains_key("video_consent"),
        "study_held": f.contains_key("study_held"),
    });
    match submit(
        &state,
        &headers,
        &f,
        body,
        |cl, b: api::AttendanceRequest| {
            api::attendance(State(state.clone()), cl, Path(id.clone()), ApiJson(b))
        },
    )
    .await
    {
        Ok((c, st, v)) => after(&state, &c, &id, st, &v).await,
        Err(r) => r,
    }
}

pub async fn absence(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<FormMap>,
) -> Response {
    let get = |k: &str| {
        f.get(k)
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
    };
    let body = json!({
        "invitee": get("invitee").unwrap_or_default(),
        "asked": get("asked"),
        "substitute": get("substitute"),
        "written_report": f.contains_key("written_report"),
    });
    match submit(&state, &headers, &f, body, |cl, b: api::AbsenceRequest| {
        api::absence(State(state.clone()), cl, Path(id.clone()), ApiJson(b))
    })
    .await
    {
        Ok((c, st, v)) => after(&state, &c, &id, st, &v).await,
        Err(r) => r,
    }
}

pub async fn assemble(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<FormMap>,
) -> Response {
    let mut items: Vec<String> = f
        .keys()
        .filter_map(|k| k.strip_prefix("i_"))
        .map(str::to_string)
        .collect();
    items.sort();
    match submit(
        &state,
        &headers,
        &f,
        json!({ "items": items }),
        |cl, b: api::AgendaRequest| {
            api::assemble_agenda(State(state.clone()), cl, Path(id.clone()), ApiJson(b))
        },
    )
    .await
    {
        Ok((c, st, v)) => after(&state, &c, &id, st, &v).await,
        Err(r) => r,
    }
}

pub async fn confirm(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<FormMap>,
) -> Response {
    match submit(&state, &headers, &f, Value::Null, |cl, ()| {
        api::confirm_agenda(State(state.clone()), cl, Path(id.clone()))
    })
    .await
    {
        Ok((c, st, v)) => after(&state, &c, &id, st, &v).await,
        Err(r) => r,
    }
}

pub async fn decide(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<FormMap>,
) -> Response {
    let get = |k: &str| f.get(k).map(|x| x.trim().to_string()).unwrap_or_default();
    let mut assignments = Vec::new();
    if !get("unit").is_empty() && !get("task").is_empty() {
        assignments.push(json!({"unit": get("unit"), "task": get("task")}));
    }
    let body = json!({
        "item_id": get("item_id"), "outcome": get("outcome"), "summary": get("summary"),
        "assignments": assignments,
    });
    match submit(&state, &headers, &f, body, |cl, b: api::DecisionRequest| {
        api::record_decision(State(state.clone()), cl, Path(id.clone()), ApiJson(b))
    })
    .await
    {
        Ok((c, st, v)) => after(&state, &c, &id, st, &v).await,
        Err(r) => r,
    }
}

pub async fn draft_minutes(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<FormMap>,
) -> Response {
    let topics: Vec<&str> = f.keys().filter_map(|k| k.strip_prefix("t_")).collect();
    let body = json!({ "topics": topics });
    match submit(&state, &headers, &f, body, |cl, b: api::MinutesRequest| {
        api::draft_minutes(State(state.clone()), cl, Path(id.clone()), ApiJson(b))
    })
    .await
    {
        Ok((c, st, v)) => after(&state, &c, &id, st, &v).await,
        Err(r) => r,
    }
}

pub async fn minutes_step(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<FormMap>,
) -> Response {
    match submit(&state, &headers, &f, Value::Null, |cl, ()| {
        api::minutes_step(State(state.clone()), cl, Path(id.clone()))
    })
    .await
    {
        Ok((c, st, v)) => after(&state, &c, &id, st, &v).await,
        Err(r) => r,
    }
}

/// The printable minutes (纪要): the meeting, who attended, each item's decision, the work assigned
/// with its deadline, and the review/sign chain.
pub async fn minutes_print(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    let Some(u) = &c.user else {
        return to_login();
    };
    let (st, v) =
        answer(api::get_meeting(State(state.clone()), caller(u), Path(id.clone())).await).await;
    if st != StatusCode::OK {
        return page_status(
            &c,
            st,
            c.t("会议纪要", "Minutes"),
            "/ui/meetings",
            &problem(&c, &v),
        );
    }
    let d = &v["meeting"]["data"];
    let gov = u.government.as_ref().map_or("", |g| g.name.as_str());
    let mut body = format!(
        r#"<article class="minutes" id="minutes-print"><p class="row"><button type="button" data-print>{}</button> <a href="/ui/meetings/{}">{}</a></p><h2>{} {}</h2><p>{} {}</p>"#,
        c.t("打印", "Print"),
        esc(&id),
        c.t("返回会议", "Back to the meeting"),
        esc(gov),
        esc(s(d, "name")),
        c.t("时间：", "Date: "),
        esc(s(d, "date")),
    );
    let names = |want: &[&str]| -> String {
        arr(d, "invitees")
            .iter()
            .filter(|i| want.contains(&s(i, "presence")))
            .map(|i| s(i, "title").to_string())
            .collect::<Vec<_>>()
            .join("、")
    };
    body.push_str(&format!(
        "<p><strong>{}</strong>{}</p><p><strong>{}</strong>{}</p><p><strong>{}</strong>{}</p>",
        c.t("出席：", "Present: "),
        esc(&names(&["present", "video"])),
        c.t("请假：", "Excused: "),
        esc(&arr(d, "absences")
            .iter()
            .filter_map(|a| {
                arr(d, "invitees")
                    .iter()
                    .find(|i| s(i, "key") == s(a, "invitee"))
                    .map(|i| s(i, "title").to_string())
            })
            .collect::<Vec<_>>()
            .join("、")),
        c.t("法定人数：", "Quorum: "),
        esc(match s(&v["quorum"]["status"], "quorum") {
            "met" => c.t("已达到", "met"),
            "not_met" => c.t("未达到", "not met"),
            _ => c.t("未规定", "not stated"),
        }),
    ));
    body.push_str(&format!(
        "<h3>{}</h3><ol>",
        c.t("会议议定事项", "Decisions")
    ));
    for it in arr(&v, "items") {
        let dec = &it["data"]["decision"];
        body.push_str(&format!(
            "<li><strong>{}</strong>{}</li>",
            esc(s(&it["data"], "title")),
            if dec.is_null() {
                format!("：{}", c.t("尚未决定", "not decided"))
            } else {
                format!("：{}", esc(s(dec, "summary")))
            }
        ));
    }
    body.push_str("</ol>");
    let work = arr(&v, "assigned_work");
    if !work.is_empty() {
        body.push_str(&format!(
            "<h3>{}</h3><ul>",
            c.t("交办事项", "Work assigned")
        ));
        for w in work {
            body.push_str(&format!(
                "<li>{}：{}（{} {}；{}）</li>",
                esc(s(w, "unit")),
                esc(s(w, "task")),
                c.t("报告期限", "report due"),
                esc(s(w, "due_on")),
                esc(s(w, "explain"))
            ));
        }
        body.push_str("</ul>");
    }
    let min = &d["minutes"];
    if !min.is_null() {
        body.push_str(&format!(
            "<h3>{}</h3><ol>",
            c.t("审核签发", "Review and signature")
        ));
        for st in arr(min, "steps") {
            body.push_str(&format!(
                "<li>{}：{} {}</li>",
                esc(s(&st["step"], "title")),
                esc(st["done_by"].as_str().unwrap_or("—")),
                cite_json(&st["step"]["citation"])
            ));
        }
        body.push_str("</ol>");
    }
    body.push_str("</article>");
    page(&c, c.t("会议纪要", "Minutes"), "/ui/meetings", &body)
}

// ---------------------------------------------------------------------------------------------
// The agenda builder

const TOPICS: [(&str, &str, &str); 6] = [
    ("normative_document", "行政规范性文件", "normative document"),
    ("major_decision", "重大行政决策", "major decision"),
    (
        "draft_document",
        "以政府名义印发的文件",
        "document to be adopted",
    ),
    ("regulation_draft", "法规规章草案", "regulation draft"),
    ("contract", "合同", "contract"),
    ("budget", "预算", "budget"),
];

const FACTS: [(&str, &str, &str); 5] = [
    (
        "involves_other_departments",
        "涉及其他部门",
        "involves other departments",
    ),
    ("countersigned", "已会签", "countersigned"),
    ("legality_reviewed", "已经合法性审查", "legality reviewed"),
    (
        "fair_competition_reviewed",
        "已经公平竞争审查",
        "fair-competition reviewed",
    ),
    ("raised_at_meeting", "临时动议", "raised at the meeting"),
];

const GROUNDS: [(&str, &str, &str); 5] = [
    (
        "superior_deployment",
        "贯彻上级重大工作部署",
        "a superior's major deployment",
    ),
    ("emergency", "处理突发事件/紧急事项", "an emergency"),
    ("head_proposed", "首长提议紧急提交", "proposed by the head"),
    ("special", "特殊情况", "special circumstances"),
    ("particularly_major", "特别重大事项", "particularly major"),
];

fn facts_fields(c: &Ctx, f: &Value) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "<fieldset><legend>{}</legend>",
        c.t("议题类别", "Topics")
    ));
    let topics: Vec<&str> = arr(f, "topics").iter().filter_map(Value::as_str).collect();
    for (id, zh, en) in TOPICS {
        out.push_str(&format!(
            r#"<label><input type="checkbox" name="topic_{id}" value="1"{}> {}</label> "#,
            if topics.contains(&id) { " checked" } else { "" },
            c.t(zh, en)
        ));
    }
    out.push_str(&format!(
        "</fieldset><fieldset><legend>{}</legend>",
        c.t("前置条件", "Prerequisites")
    ));
    for (id, zh, en) in FACTS {
        out.push_str(&format!(
            r#"<label><input type="checkbox" name="{id}" value="1"{}> {}</label> "#,
            if f[id].as_bool().unwrap_or(false) {
                " checked"
            } else {
                ""
            },
            c.t(zh, en)
        ));
    }
    out.push_str("</fieldset>");
    out
}

/// The item facts from a form.
fn facts_of(f: &FormMap) -> Value {
    let mut topics: Vec<&str> = f.keys().filter_map(|k| k.strip_prefix("topic_")).collect();
    topics.sort_unstable();
    let mut v = json!({ "topics": topics });
    for (id, _, _) in FACTS {
        v[id] = json!(f.contains_key(id));
    }
    if let Some(g) = f.get("urgent_ground").filter(|g| !g.is_empty()) {
        v["urgent_ground"] = json!(g);
    }
    let reason = f.get("exception_reason").map_or("", |x| x.trim());
    if !reason.is_empty() {
        v["exception"] = json!({
            "reason": reason,
            "decided_by": f.get("decided_by").map_or("head", String::as_str),
        });
    }
    v
}

/// The agenda items of the government, and the form to propose one.
pub async fn agenda(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<PageQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    agenda_page(&state, &c, String::new()).await
}

async fn agenda_page(state: &AppState, c: &Ctx, notice: String) -> Response {
    let Some(u) = &c.user else {
        return to_login();
    };
    let Some(gov) = gov_of(u) else {
        return super::forbidden(
            c,
            c.t("账号不属于任何政府", "The account belongs to no government"),
        );
    };
    let list = match state
        .store
        .list_docs(DocTable::AgendaItem, &gov, None, 500)
        .await
    {
        Ok(v) => v,
        Err(e) => return super::failure(c, e),
    };
    let profile = c.profile(state);
    let mut body = notice;
    let types: Vec<(&str, String)> = MeetingType::ALL
        .into_iter()
        .filter(|t| profile.is_some_and(|p| p.meetings.exists(*t)))
        .map(|t| (t.id(), type_label(c, t.id())))
        .collect();
    body.push_str(&format!(
        r#"<section class="card"><h2>{}</h2><form method="post" action="/ui/agenda" id="propose" class="fields">{}<div class="grid"><label for="a-title">{}</label><input id="a-title" name="title" required maxlength="200"><label for="a-type">{}</label><select id="a-type" name="meeting_type">{}</select><label for="a-date">{}</label><input id="a-date" name="meeting_date" type="date" required><label for="a-sub">{}</label><input id="a-sub" name="submitted_on" type="date"></div>{}<p class="row"><button type="submit">{}</button></p></form></section>"#,
        c.t("提出议题", "Propose an agenda item"),
        c.csrf_field(),
        c.t("议题名称", "Title"),
        c.t("拟提交会议", "Meeting type"),
        super::html::options(types.iter().map(|(a, b)| (*a, b.clone())), "executive"),
        c.t("会议日期", "Meeting date"),
        c.t("材料送达办公室日期（默认今天）", "Materials reached the office on (default today)"),
        facts_fields(c, &json!({})),
        c.t("提交议题", "Submit"),
    ));
    body.push_str(&format!(
        r#"<section class="card"><h2>{}</h2><table class="list" id="items"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
        c.t("议题", "Agenda items"),
        c.t("议题", "Item"),
        c.t("会议", "Meeting"),
        c.t("状态", "Status"),
        c.t("未满足的条件", "Missing"),
    ));
    for it in list.iter().rev() {
        let missing = it.data["gate"]["violations"].as_array().map_or(0, Vec::len);
        body.push_str(&format!(
            r#"<tr><td><a href="/ui/agenda/{}">{}</a></td><td>{} {}</td><td>{}</td><td>{}</td></tr>"#,
            esc(&it.id),
            esc(it.data["title"].as_str().unwrap_or("")),
            esc(&type_label(c, it.data["meeting_type"].as_str().unwrap_or(""))),
            esc(it.data["meeting_date"].as_str().unwrap_or("")),
            esc(&status_label(c, &it.status)),
            if missing > 0 { missing.to_string() } else { String::new() },
        ));
    }
    body.push_str("</tbody></table></section>");
    page(c, c.t("议题", "Agenda items"), "/ui/meetings", &body)
}

pub async fn propose(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<FormMap>,
) -> Response {
    let c = ctx(&state, &headers, None).await;
    let Some(u) = &c.user else {
        return to_login();
    };
    if !c.csrf_ok(f.get("csrf").map_or("", String::as_str)) {
        return super::bad_request(
            &c,
            c.t("表单已过期，请重试", "The form expired; please retry"),
        );
    }
    let Some(gov) = gov_of(u) else {
        return super::forbidden(
            &c,
            c.t("账号不属于任何政府", "The account belongs to no government"),
        );
    };
    let opt = |k: &str| {
        f.get(k)
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
    };
    let body: api::NewAgendaItem = match serde_json::from_value(json!({
        "government_id": gov,
        "title": opt("title").unwrap_or_default(),
        "department_id": null,
        "meeting_type": opt("meeting_type").unwrap_or_default(),
        "meeting_date": opt("meeting_date").unwrap_or_default(),
        "submitted_on": opt("submitted_on"),
        "facts": facts_of(&f),
        "major_decision_id": null,
    })) {
        Ok(b) => b,
        Err(e) => return super::bad_request(&c, &e.to_string()),
    };
    let (st, v) = answer(
        api::create_item(
            State(state.clone()),
            caller(u),
            crate::extract::ApiJson(body),
        )
        .await,
    )
    .await;
    if st.is_success() {
        return Redirect::to(&format!("/ui/agenda/{}", s(&v, "id"))).into_response();
    }
    let mut res = agenda_page(&state, &c, problem(&c, &v)).await;
    *res.status_mut() = st;
    res
}

pub async fn item(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    item_page(&state, &c, &id, String::new(), q.done.as_deref()).await
}

async fn item_page(
    state: &AppState,
    c: &Ctx,
    id: &str,
    notice: String,
    done: Option<&str>,
) -> Response {
    let Some(u) = &c.user else {
        return to_login();
    };
    let (st, v) =
        answer(api::get_item(State(state.clone()), caller(u), Path(id.to_string())).await).await;
    if st != StatusCode::OK {
        return page_status(
            c,
            st,
            c.t("议题", "Agenda item"),
            "/ui/meetings",
            &problem(c, &v),
        );
    }
    let d = &v["data"];
    let g = &d["gate"];
    let mut body = note(c, done);
    body.push_str(&notice);
    body.push_str(&format!(
        r#"<p class="meta">{} {} · {} {} · {} · <a href="/ui/audit?type=agenda_item&amp;id={}">{}</a> · <a href="/ui/agenda">{}</a></p>"#,
        esc(&type_label(c, s(d, "meeting_type"))),
        esc(s(d, "meeting_date")),
        c.t("送达", "submitted"),
        esc(s(d, "submitted_on")),
        esc(&status_label(c, s(&v, "status"))),
        esc(id),
        c.t("变更记录", "History"),
        c.t("全部议题", "All items"),
    ));
    // Gates.
    let refused = s(g, "outcome") == "refused";
    body.push_str(&format!(
        r#"<section class="card" id="gate"><h2>{}</h2><p><span class="outcome {}" id="gate-outcome">{}</span></p>{}{}"#,
        c.t("审核结果", "Gates"),
        if refused { "refused" } else { "allowed" },
        if refused {
            c.t("未通过：以下前置条件尚缺", "Refused: prerequisites missing")
        } else {
            c.t("通过", "Passed")
        },
        findings(c, arr(g, "violations"), "violations"),
        findings(c, arr(g, "warnings"), "warnings"),
    ));
    // Deadlines with their explanation.
    for dl in arr(g, "deadlines") {
        let (what, explain) = match c.lang {
            Lang::En => (s(dl, "what_en"), s(dl, "explain_en")),
            Lang::Zh => (s(dl, "what"), s(dl, "explain")),
        };
        let stc = match s(dl, "status") {
            "met" => "Met",
            "missed" => "Missed",
            _ => "Pending",
        };
        body.push_str(&format!(
            r#"<div class="deadline" id="deadline"><p><strong>{}</strong> <span class="st-{stc}">{}</span> ({})</p><p class="explain">{}</p><p>{}</p></div>"#,
            esc(what),
            esc(s(dl, "due")),
            esc(s(dl, "status")),
            esc(explain),
            cite_json(&dl["citation"]),
        ));
    }
    if let Some(ex) = d["facts"].get("exception").filter(|e| !e.is_null()) {
        body.push_str(&format!(
            r#"<p id="exception">{} {} · {} {}</p>"#,
            c.t("已记录例外：", "Exception recorded: "),
            esc(s(ex, "reason")),
            c.t("决定人：", "decided by: "),
            esc(&role_of(s(ex, "decided_by")).map_or_else(
                || s(ex, "decided_by").to_string(),
                |r| c
                    .profile(state)
                    .map_or_else(|| r.id().to_string(), |p| p.title(r))
            )),
        ));
    }
    body.push_str("</section>");
    // Approval chain.
    let approvals = arr(d, "approvals");
    body.push_str(&format!(
        r#"<section class="card" id="chain"><h2>{}</h2><ol class="tasks">"#,
        c.t("审批程序", "Approval chain")
    ));
    for (n, step) in arr(g, "chain").iter().enumerate() {
        let done = approvals.get(n).map_or_else(
            || {
                format!(
                    r#"<span class="st-Pending">{}</span>"#,
                    c.t("待审批", "pending")
                )
            },
            |a| {
                format!(
                    r#"<span class="allowed">{} {}</span>"#,
                    c.t("已签", "signed by"),
                    esc(s(a, "by"))
                )
            },
        );
        body.push_str(&format!(
            "<li>{} — {done} {}</li>",
            esc(s(step, "title")),
            cite_json(&step["citation"])
        ));
    }
    body.push_str("</ol>");
    if !refused && approvals.len() < arr(g, "chain").len() {
        body.push_str(&format!(
            r#"<form method="post" action="/ui/agenda/{}/approve" class="row">{}<button type="submit" id="approve">{}</button></form>"#,
            esc(id),
            c.csrf_field(),
            c.t("审批（本人这一步）", "Sign my step")
        ));
    }
    body.push_str("</section>");
    // Clear gates / record an exception (before it goes on an agenda).
    if d["meeting_id"].is_null() {
        let roles: Vec<(&str, String)> =
            [Role::Head, Role::ExecutiveDeputy, Role::SecretaryGeneral]
                .into_iter()
                .map(|r| {
                    (
                        r.id(),
                        c.profile(state)
                            .map_or_else(|| r.id().to_string(), |p| p.title(r)),
                    )
                })
                .collect();
        let ground = d["facts"]["urgent_ground"].as_str().unwrap_or("");
        body.push_str(&format!(
            r#"<section class="card"><h2>{}</h2><form method="post" action="/ui/agenda/{}/facts" id="facts" class="fields">{}{}<div class="grid"><label for="f-ground">{}</label><select id="f-ground" name="urgent_ground"><option value="">—</option>{}</select><label for="f-reason">{}</label><input id="f-reason" name="exception_reason" placeholder="{}"><label for="f-by">{}</label><select id="f-by" name="decided_by">{}</select></div><p class="row"><button type="submit" id="save-facts">{}</button></p></form></section>"#,
            c.t("补正材料 · 记录例外", "Clear gates · record an exception"),
            esc(id),
            c.csrf_field(),
            facts_fields(c, &d["facts"]),
            c.t("逾期或临时提交的事由", "Ground for a late or ad-hoc item"),
            super::html::options(GROUNDS.iter().map(|(a, zh, en)| (*a, c.t(zh, en).to_string())), ground),
            c.t("例外理由", "Reason for the exception"),
            c.t("如：贯彻省政府紧急部署", "e.g. the province's urgent deployment"),
            c.t("决定人", "Decided by"),
            super::html::options(roles.iter().map(|(a, b)| (*a, b.clone())), "head"),
            c.t("保存并重新审核", "Save and check again"),
        ));
    }
    page(c, s(d, "title"), "/ui/meetings", &body)
}

pub async fn item_facts(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<FormMap>,
) -> Response {
    let body = json!({ "facts": facts_of(&f) });
    match submit(&state, &headers, &f, body, |cl, b: api::FactsUpdate| {
        api::update_facts(State(state.clone()), cl, Path(id.clone()), ApiJson(b))
    })
    .await
    {
        Ok((c, st, v)) => item_after(&state, &c, &id, st, &v).await,
        Err(r) => r,
    }
}

pub async fn item_approve(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<FormMap>,
) -> Response {
    match submit(&state, &headers, &f, Value::Null, |cl, ()| {
        api::approve_item(State(state.clone()), cl, Path(id.clone()))
    })
    .await
    {
        Ok((c, st, v)) => item_after(&state, &c, &id, st, &v).await,
        Err(r) => r,
    }
}

async fn item_after(state: &AppState, c: &Ctx, id: &str, st: StatusCode, v: &Value) -> Response {
    if st.is_success() {
        return Redirect::to(&format!("/ui/agenda/{id}?done=ok")).into_response();
    }
    let mut res = item_page(state, c, id, problem(c, v), None).await;
    *res.status_mut() = st;
    res
}

// ---------------------------------------------------------------------------------------------
// Major administrative decisions

pub async fn decisions(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<PageQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    let Some(u) = &c.user else {
        return to_login();
    };
    let Some(gov) = gov_of(u) else {
        return super::forbidden(
            &c,
            c.t("账号不属于任何政府", "The account belongs to no government"),
        );
    };
    let list = match state
        .store
        .list_docs(DocTable::MajorDecision, &gov, None, 500)
        .await
    {
        Ok(v) => v,
        Err(e) => return super::failure(&c, e),
    };
    let mut body = String::new();
    if list.is_empty() {
        body.push_str(&format!(
            r#"<p class="empty">{}</p>"#,
            c.t("尚无重大行政决策。", "No major decisions yet.")
        ));
    }
    for d in &list {
        body.push_str(&decision_card(&c, &d.id, &d.status, &d.data));
    }
    page(
        &c,
        c.t("重大行政决策", "Major administrative decisions"),
        "/ui/meetings",
        &body,
    )
}

fn decision_card(c: &Ctx, id: &str, status: &str, d: &Value) -> String {
    let mut out = format!(
        r#"<section class="card decision"><h2>{}</h2><p class="meta">{} · <a href="/ui/audit?type=major_decision&amp;id={}">{}</a></p><table class="list"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
        esc(s(d, "title")),
        esc(&status_label(c, status)),
        esc(id),
        c.t("变更记录", "History"),
        c.t("法定程序", "Procedure"),
        c.t("状态", "Status"),
        c.t("依据", "Evidence"),
    );
    let steps = arr(d, "steps");
    for p in arr(d, "required") {
        let pid = p.as_str().unwrap_or("");
        let label = match pid {
            "public_participation" => c.t("公众参与", "public participation"),
            "expert_argumentation" => c.t("专家论证", "expert argumentation"),
            "risk_assessment" => c.t("风险评估", "risk assessment"),
            "legality_review" => c.t("合法性审查", "legality review"),
            "collective_discussion" => c.t("集体讨论决定", "collective discussion"),
            other => other,
        };
        let done = steps.iter().find(|x| s(x, "procedure") == pid);
        let (st, ev) = match done {
            Some(x) => (
                format!(
                    r#"<span class="allowed">{} {}</span>"#,
                    c.t("已完成", "done"),
                    esc(s(x, "completed_on"))
                ),
                esc(&arr(x, "evidence")
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("；")),
            ),
            None => (
                format!(
                    r#"<span class="st-Pending">{}</span>"#,
                    c.t("待完成", "to do")
                ),
                String::new(),
            ),
        };
        out.push_str(&format!(
            "<tr><td>{}</td><td>{st}</td><td>{ev}</td></tr>",
            esc(label)
        ));
    }
    out.push_str("</tbody></table>");
    let reqs = arr(d, "requirements");
    if !reqs.is_empty() {
        out.push_str(&format!(
            "<h3>{}</h3><ul>",
            c.t("其他要求", "Further requirements")
        ));
        for r in reqs {
            out.push_str(&format!(
                "<li>{} {}</li>",
                esc(s(r, "summary")),
                cite_json(&r["citation"])
            ));
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
    out
}

// ---------------------------------------------------------------------------------------------
// Inbox and demo

/// The meetings' inbox source: agenda items whose next approval step is the user's, blocked items
/// of the user's department, agendas for the head to confirm, minutes steps to take.
pub fn inbox_items(q: Request<'_>) -> ItemsFuture<'_> {
    Box::pin(async move {
        if q.tab != Tab::Todo {
            return Ok(Vec::new());
        }
        let Some(gov) = q.government_id else {
            return Ok(Vec::new());
        };
        let en = q.english;
        let t = |zh: &'static str, e: &'static str| if en { e } else { zh };
        let roles = &q.actor.roles;
        let mut out = Vec::new();
        let items = q
            .state
            .store
            .list_docs(DocTable::AgendaItem, gov, None, 500)
            .await
            .map_err(|e| e.to_string())?;
        for it in &items {
            let d = &it.data;
            let title = d["title"].as_str().unwrap_or("").to_string();
            let chain: Vec<ChainStep> =
                serde_json::from_value(d["gate"]["chain"].clone()).unwrap_or_default();
            let done = d["approvals"].as_array().map_or(0, Vec::len);
            let deadline = d["gate"]["deadlines"].get(0);
            let (due, explain, citation) = match deadline {
                Some(x) => (
                    x["due"].as_str().map(str::to_string),
                    x[if en { "explain_en" } else { "explain" }]
                        .as_str()
                        .map(str::to_string),
                    x["citation"]["text"].as_str().map(str::to_string),
                ),
                None => (None, None, None),
            };
            match it.status.as_str() {
                "proposed" => {
                    if let Some(step) = chain.get(done)
                        && (dm::may_take(step, roles)
                            || (step.role == Role::DeputyInCharge
                                && roles.iter().any(|r| {
                                    zhengwu_rules::profile::meetings::role_fits(Role::Deputy, *r)
                                })
                                && d["department_id"]
                                    .as_str()
                                    .is_none_or(|x| q.actor.portfolio.contains(x))))
                    {
                        out.push(Item {
                            kind: t("议题审批", "Agenda approval").into(),
                            title: format!("{title}（{}）", step.title),
                            from: d["proposed_by"].as_str().unwrap_or("").into(),
                            due: due.clone(),
                            due_explain: explain.clone(),
                            citation: citation.clone(),
                            href: format!("/ui/agenda/{}", it.id),
                        });
                    }
                }
                "blocked" => {
                    let mine = q.actor.department_id.is_some()
                        && d["department_id"].as_str() == q.actor.department_id.as_deref();
                    let office = roles.iter().any(|r| {
                        matches!(
                            r,
                            Role::Office | Role::OfficeDirector | Role::SecretaryGeneral
                        )
                    });
                    if mine || office {
                        out.push(Item {
                            kind: t("议题补正", "Agenda item to fix").into(),
                            title,
                            from: d["proposed_by"].as_str().unwrap_or("").into(),
                            due,
                            due_explain: explain,
                            citation,
                            href: format!("/ui/agenda/{}", it.id),
                        });
                    }
                }
                _ => {}
            }
        }
        let meetings = q
            .state
            .store
            .list_docs(DocTable::Meeting, gov, None, 500)
            .await
            .map_err(|e| e.to_string())?;
        for m in &meetings {
            let d = &m.data;
            let name = d["name"].as_str().unwrap_or("").to_string();
            let date = d["date"].as_str().map(str::to_string);
            let href = format!("/ui/meetings/{}", m.id);
            let has_agenda = d["agenda"].as_array().is_some_and(|a| !a.is_empty());
            if has_agenda && d["agenda_confirmed_by"].is_null() && roles.contains(&Role::Head) {
                out.push(Item {
                    kind: t("议题单确定", "Agenda to confirm").into(),
                    title: name.clone(),
                    from: t("政府办公室", "the office").into(),
                    due: date.clone(),
                    due_explain: None,
                    citation: None,
                    href: href.clone(),
                });
            }
            for a in d["absences"].as_array().map_or(&[][..], Vec::as_slice) {
                let asked: Option<Role> = serde_json::from_value(a["asked"].clone()).ok();
                if asked.is_some_and(|r| roles.contains(&r)) {
                    out.push(Item {
                        kind: t("请假", "Absence request").into(),
                        title: format!("{name}：{}", a["invitee"].as_str().unwrap_or("")),
                        from: a["invitee"].as_str().unwrap_or("").into(),
                        due: date.clone(),
                        due_explain: None,
                        citation: None,
                        href: format!("{href}#absences"),
                    });
                }
            }
            let min = &d["minutes"];
            if !min.is_null() && !min["signed"].as_bool().unwrap_or(false) {
                let next = min["steps"]
                    .as_array()
                    .and_then(|s| s.iter().find(|x| x["done_by"].is_null()));
                if let Some(step) = next
                    && let Ok(cs) = serde_json::from_value::<ChainStep>(step["step"].clone())
                    && dm::may_take(&cs, roles)
                {
                    out.push(Item {
                        kind: t("纪要审签", "Minutes to sign").into(),
                        title: format!("{name}（{}）", cs.title),
                        from: t("政府办公室", "the office").into(),
                        due: None,
                        due_explain: None,
                        citation: cs.citation.as_ref().map(|c| c.text.clone()),
                        href: format!("{href}#minutes"),
                    });
                }
            }
        }
        Ok(out)
    })
}

/// Loads the meetings demo for a government once (none stored yet): meetings across their life
/// cycles, agenda items, a major decision in procedure.
pub async fn seed_demo(
    store: &zhengwu_store::Store,
    registry: &zhengwu_rules::Registry,
    government_id: &str,
) -> Result<(), String> {
    let any = store
        .list_docs(DocTable::Meeting, government_id, None, 1)
        .await
        .map_err(|e| e.to_string())?;
    if !any.is_empty() {
        return Ok(());
    }
    let calendar = zhengwu_calendar::Calendar::official();
    api::seed_demo(store, registry, &calendar, government_id)
        .await
        .map(|_| ())
}

/// Routes of the meeting screens.
pub fn routes(r: axum::Router<AppState>) -> axum::Router<AppState> {
    use axum::routing::{get, post};
    r.route("/ui/meetings", get(calendar).post(schedule))
        .route("/ui/meetings/{id}", get(show))
        .route("/ui/meetings/{id}/attendance", post(attendance))
        .route("/ui/meetings/{id}/absences", post(absence))
        .route("/ui/meetings/{id}/agenda", post(assemble))
        .route("/ui/meetings/{id}/confirm", post(confirm))
        .route("/ui/meetings/{id}/decisions", post(decide))
        .route(
            "/ui/meetings/{id}/minutes",
            get(minutes_print).post(draft_minutes),
        )
        .route("/ui/meetings/{id}/minutes/step", post(minutes_step))
        .route("/ui/agenda", get(agenda).post(propose))
        .route("/ui/agenda/{id}", get(item))
        .route("/ui/agenda/{id}/facts", post(item_facts))
        .route("/ui/agenda/{id}/approve", post(item_approve))
        .route("/ui/major-decisions", get(decisions))
}
