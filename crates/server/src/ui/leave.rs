//! The leave screens (请销假): the office records a leader's leave request (judged by the
//! profile's `leave_request` rules: who approves, notice period, reason, acting person,
//! itinerary), records the approval, the return (销假) or the withdrawal, and sees who acts for
//! whom today. The pages call `api::leave` in-process; a refusal shows its articles and quotes.

use super::act;
use super::documents::{Pairs, field, problem_html};
use super::html::{cite, esc, options};
use super::{Ctx, Lang, ctx, to_login};
use crate::AppState;
use crate::api::leave as api;
use crate::extract::ApiJson;
use crate::problem::Problem;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};
use std::collections::HashMap;
use zhengwu_store::org::Org;

const REQUESTERS: &[(&str, &str, &str)] = &[
    ("executive_deputy", "常务副职", "executive deputy"),
    ("deputy", "副职", "deputy"),
    ("secretary_general", "秘书长", "secretary-general"),
    ("office_director", "办公室主任", "office director"),
    ("department_head", "部门主要负责人", "department head"),
    (
        "subordinate_head",
        "下级政府主要负责人",
        "head of a subordinate government",
    ),
];

const PURPOSES: &[(&str, &str, &str)] = &[
    ("business_trip", "出差", "business trip"),
    ("study", "学习培训", "study"),
    ("visit_abroad", "出国（境）", "visit abroad"),
    ("vacation", "休假", "vacation"),
    ("family", "事假", "family matters"),
    ("medical", "病假", "medical"),
    ("important_meeting", "参加重要会议", "important meeting"),
];

fn label(c: &Ctx, list: &[(&str, &str, &str)], id: &str) -> String {
    list.iter()
        .find(|(k, _, _)| *k == id)
        .map(|(_, zh, en)| c.t(zh, en).to_string())
        .unwrap_or_else(|| esc(id))
}

fn status_label(c: &Ctx, s: &str) -> String {
    let (zh, en) = match s {
        "pending" => ("待审批", "pending"),
        "approved" => ("已批准", "approved"),
        "returned" => ("已销假", "returned"),
        "cancelled" => ("已撤销", "cancelled"),
        other => return esc(other),
    };
    c.t(zh, en).to_string()
}

async fn org(state: &AppState, c: &Ctx) -> Option<Org> {
    let g = c.user.as_ref()?.account.government_id.clone()?;
    state.store.government_org(&g).await.ok()
}

/// "常务副市长 张三" for a position id.
fn position_names(org: Option<&Org>) -> HashMap<String, String> {
    let Some(o) = org else {
        return HashMap::new();
    };
    let people: HashMap<&str, &str> = o
        .people
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    o.positions
        .iter()
        .map(|p| {
            let who = p
                .person_id
                .as_deref()
                .and_then(|id| people.get(id))
                .copied()
                .unwrap_or("");
            (
                p.id.clone(),
                format!("{} {who}", p.title).trim().to_string(),
            )
        })
        .collect()
}

fn verdict_html(c: &Ctx, v: &Value) -> String {
    let mut s = String::new();
    let arr = |k: &str| {
        v.get(k)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let txt = |x: &Value, k: &str| x.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let chain = arr("chain");
    if !chain.is_empty() {
        s.push_str(&format!(
            r#"<h3>{}</h3><ol class="chain" id="leave-chain">"#,
            c.t("审批链", "Approval chain")
        ));
        for st in &chain {
            let cit = st
                .get("citation")
                .map(|ct| cite(&txt(ct, "text"), &txt(ct, "quote")))
                .unwrap_or_default();
            s.push_str(&format!(
                "<li><strong>{}</strong> {} {cit}</li>",
                esc(&txt(st, "title")),
                esc(&txt(st, "note"))
            ));
        }
        s.push_str("</ol>");
    }
    let deadlines = arr("deadlines");
    if !deadlines.is_empty() {
        s.push_str(&format!(
            r#"<h3>{}</h3><ul class="deadlines">"#,
            c.t("期限", "Deadlines")
        ));
        for d in &deadlines {
            let (what, explain) = match c.lang {
                Lang::En => (txt(d, "what_en"), txt(d, "explain_en")),
                Lang::Zh => (txt(d, "what"), txt(d, "explain")),
            };
            s.push_str(&format!(
                r#"<li>{} <strong>{}</strong><p class="explain">{}</p>{}</li>"#,
                esc(&what),
                esc(&txt(d, "due")),
                esc(&explain),
                cite(&txt(&d["citation"], "text"), &txt(&d["citation"], "quote"))
            ));
        }
        s.push_str("</ul>");
    }
    let warnings = arr("warnings");
    if !warnings.is_empty() {
        s.push_str(&format!(
            r#"<h3>{}</h3><ol class="warnings">"#,
            c.t("提示", "Warnings")
        ));
        for f in &warnings {
            let msg = match c.lang {
                Lang::En => txt(f, "message_en"),
                Lang::Zh => txt(f, "message"),
            };
            s.push_str(&format!(
                "<li>{}<p>{}</p></li>",
                cite(&txt(&f["citation"], "text"), &txt(&f["citation"], "quote")),
                esc(&msg)
            ));
        }
        s.push_str("</ol>");
    }
    s
}

fn request_form(
    c: &Ctx,
    org: Option<&Org>,
    names: &HashMap<String, String>,
    today: &str,
) -> String {
    let mut positions: Vec<(String, String, i64)> = org
        .map(|o| {
            o.positions
                .iter()
                .map(|p| {
                    (
                        p.id.clone(),
                        names.get(&p.id).cloned().unwrap_or_default(),
                        p.rank,
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    positions.sort_by_key(|p| p.2);
    let pos = options(
        positions.iter().map(|(id, n, _)| (id.as_str(), n.clone())),
        "",
    );
    let acting = options(
        std::iter::once(("", c.t("（无）", "(none)").to_string()))
            .chain(positions.iter().map(|(id, n, _)| (id.as_str(), n.clone()))),
        "",
    );
    let req = options(
        REQUESTERS
            .iter()
            .map(|(k, zh, en)| (*k, c.t(zh, en).to_string())),
        "deputy",
    );
    let pur = options(
        PURPOSES
            .iter()
            .map(|(k, zh, en)| (*k, c.t(zh, en).to_string())),
        "business_trip",
    );
    format!(
        r#"<section class="card"><h2>{h}</h2><form method="post" action="/ui/leave" class="act" id="leave-form">{csrf}
<div class="grid2">
<label for="lv-position">{who}</label><select id="lv-position" name="position_id">{pos}</select>
<label for="lv-requester">{kind}</label><select id="lv-requester" name="requester">{req}</select>
<label for="lv-purpose">{purpose}</label><select id="lv-purpose" name="purpose">{pur}</select>
<label for="lv-departs">{departs}</label><input id="lv-departs" name="departs_on" type="date" value="{today}" required>
<label for="lv-returns">{returns}</label><input id="lv-returns" name="returns_on" type="date" value="{today}" required>
<label for="lv-submitted">{submitted}</label><input id="lv-submitted" name="submitted_on" type="date" value="{today}">
<label for="lv-acting">{acting_l}</label><select id="lv-acting" name="acting_position_id">{acting}</select>
<label for="lv-reason">{reason}</label><input id="lv-reason" name="reason">
<label for="lv-itinerary">{itin}</label><textarea id="lv-itinerary" name="itinerary" rows="2"></textarea>
<span></span><label class="check"><input type="checkbox" name="emergency" value="1" id="lv-emergency"> {emerg}</label>
</div><button type="submit" id="leave-submit">{submit}</button></form></section>"#,
        h = c.t("登记请假", "Record a leave request"),
        csrf = c.csrf_field(),
        who = c.t("请假领导", "Leader"),
        kind = c.t("请假人类别", "Requester kind"),
        purpose = c.t("事由类别", "Purpose"),
        departs = c.t("离岗日期", "Departs on"),
        returns = c.t("返岗日期", "Returns on"),
        submitted = c.t("报告日期", "Submitted on"),
        acting_l = c.t("代为主持/负责工作的领导", "Acting person"),
        reason = c.t("事由", "Reason"),
        itin = c.t("行程安排（每行一站）", "Itinerary (one stop a line)"),
        emerg = c.t("紧急情况", "Emergency"),
        submit = c.t("登记", "Record"),
    )
}

/// `GET /ui/leave`: the requests, who acts for whom today, and the form.
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<super::LangQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    if c.user.is_none() {
        return to_login();
    }
    render_list(&state, &c, None).await
}

/// The office keeps the leave records (the API's authorisation for leave).
fn office(c: &Ctx) -> bool {
    act::allowed(
        c,
        crate::policy::Action::Update,
        crate::policy::Object::Leave,
    )
}

fn not_office(c: &Ctx) -> Response {
    super::forbidden(
        c,
        c.t(
            "请销假记录由政府办公室登记和查看。",
            "Leave records are kept by the government office.",
        ),
    )
}

async fn render_list(state: &AppState, c: &Ctx, problem: Option<Problem>) -> Response {
    if !office(c) {
        return not_office(c);
    }
    let o = org(state, c).await;
    let names = position_names(o.as_ref());
    let g = act::gov(c).unwrap_or_default();
    let rows = state.store.list_leaves(&g, 100).await.unwrap_or_default();
    let today = state.today().to_string();
    let mut body = String::new();
    if let Some(p) = &problem {
        body.push_str(&problem_html(c, p));
    }
    // Who acts for whom today.
    let acting: Vec<_> = rows
        .iter()
        .filter(|r| r.status == "approved" && r.departs_on <= today && today <= r.returns_on)
        .collect();
    body.push_str(&format!(
        r#"<section class="card" id="acting-today"><h2>{} {}</h2>"#,
        c.t("今日代理", "Acting today,"),
        esc(&today)
    ));
    if acting.is_empty() {
        body.push_str(&format!(
            r#"<p class="empty">{}</p>"#,
            c.t("今日无领导请假。", "No leader is away today.")
        ));
    } else {
        body.push_str("<ul>");
        for r in acting {
            body.push_str(&format!(
                "<li>{} → {}</li>",
                esc(names.get(&r.position_id).map_or(&r.position_id, |v| v)),
                esc(r
                    .acting_position_id
                    .as_ref()
                    .and_then(|a| names.get(a))
                    .map_or(c.t("（未指定）", "(none named)"), |v| v.as_str()))
            ));
        }
        body.push_str("</ul>");
    }
    body.push_str("</section>");
    if rows.is_empty() {
        body.push_str(&format!(
            r#"<p class="empty" id="leave-empty">{}</p>"#,
            c.t("尚无请假记录。", "No leave requests yet.")
        ));
    } else {
        body.push_str(&format!(
            r#"<table class="list" id="leave-list"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
            c.t("请假领导", "Leader"),
            c.t("事由", "Purpose"),
            c.t("期间", "Period"),
            c.t("代理人", "Acting"),
            c.t("状态", "Status"),
        ));
        for r in &rows {
            body.push_str(&format!(
                r#"<tr><td><a href="/ui/leave/{}">{}</a></td><td>{}</td><td>{} — {}</td><td>{}</td><td>{}</td></tr>"#,
                esc(&r.id),
                esc(names.get(&r.position_id).map_or(&r.position_id, |v| v)),
                label(c, PURPOSES, r.data.get("purpose").and_then(Value::as_str).unwrap_or("")),
                esc(&r.departs_on),
                esc(&r.returns_on),
                esc(r
                    .acting_position_id
                    .as_ref()
                    .and_then(|a| names.get(a))
                    .map_or("—", |v| v.as_str())),
                status_label(c, &r.status)
            ));
        }
        body.push_str("</tbody></table>");
    }
    body.push_str(&request_form(c, o.as_ref(), &names, &today));
    act::page_for(
        c,
        problem.as_ref(),
        c.t("请销假", "Leave"),
        "/ui/leave",
        &body,
    )
}

/// `POST /ui/leave`: records a request through the API.
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(pairs): Form<Pairs>,
) -> Response {
    let (c, cl) = match act::form_caller(&state, &headers, &pairs).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let g = act::gov(&c).unwrap_or_default();
    let opt = |k: &str| {
        let v = field(&pairs, k);
        if v.is_empty() { Value::Null } else { json!(v) }
    };
    let itinerary: Vec<String> = field(&pairs, "itinerary")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let body = json!({
        "government_id": g,
        "position_id": field(&pairs, "position_id"),
        "requester": field(&pairs, "requester"),
        "purpose": field(&pairs, "purpose"),
        "departs_on": field(&pairs, "departs_on"),
        "returns_on": field(&pairs, "returns_on"),
        "submitted_on": opt("submitted_on"),
        "emergency": field(&pairs, "emergency") == "1",
        "reason": field(&pairs, "reason"),
        "acting_position_id": opt("acting_position_id"),
        "itinerary": itinerary,
    });
    let result = act::call(body, "leave", |n: api::NewLeaveRequest| {
        api::create(State(state.clone()), cl, ApiJson(n))
    })
    .await;
    match result {
        Ok(res) => act::to_created(res, "/ui/leave").await,
        Err(p) => render_list(&state, &c, Some(p)).await,
    }
}

/// `GET /ui/leave/{id}`.
pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<super::LangQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    if c.user.is_none() {
        return to_login();
    }
    render(&state, &c, &id, None).await
}

async fn render(state: &AppState, c: &Ctx, id: &str, problem: Option<Problem>) -> Response {
    if !office(c) {
        return not_office(c);
    }
    let title = c.t("请假", "Leave request");
    let row = match state.store.get_leave(id).await {
        Ok(r) => r,
        Err(e) => {
            let p = crate::store_problem(e);
            return act::refusal_page(c, &p, title, "/ui/leave");
        }
    };
    let own = c
        .user
        .as_ref()
        .and_then(|u| u.account.government_id.as_deref())
        == Some(row.government_id.as_str());
    if !own {
        let p = Problem::not_found();
        return act::refusal_page(c, &p, title, "/ui/leave");
    }
    let o = org(state, c).await;
    let names = position_names(o.as_ref());
    let l = &row.data;
    let txt = |k: &str| l.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let pname = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_string());
    let mut body = String::new();
    if let Some(p) = &problem {
        body.push_str(&problem_html(c, p));
    }
    let itinerary = l
        .get("itinerary")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(esc)
                .collect::<Vec<_>>()
                .join("<br>")
        })
        .unwrap_or_default();
    body.push_str(&format!(
        r#"<section class="card"><p><span class="badge" id="leave-status">{}</span></p><table class="list kv"><tbody>
<tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td>{} {}</td></tr><tr><th>{}</th><td>{} — {}</td></tr>
<tr><th>{}</th><td id="leave-acting">{}</td></tr><tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td>{}</td></tr>
</tbody></table></section>"#,
        status_label(c, &row.status),
        c.t("请假领导", "Leader"),
        esc(&pname(&row.position_id)),
        c.t("事由", "Purpose"),
        label(c, PURPOSES, &txt("purpose")),
        esc(&txt("reason")),
        c.t("期间", "Period"),
        esc(&row.departs_on),
        esc(&row.returns_on),
        c.t("代理人", "Acting person"),
        esc(&row
            .acting_position_id
            .as_deref()
            .map(pname)
            .unwrap_or_else(|| c.t("（未指定）", "(none named)").to_string())),
        c.t("请假人类别", "Requester kind"),
        label(c, REQUESTERS, &txt("requester")),
        c.t("行程", "Itinerary"),
        itinerary,
        c.t("批准人", "Approved by"),
        esc(&txt("approved_by")),
    ));
    // The verdict through the API's view (approval chain, notice deadline, warnings).
    if let Ok(lv) = serde_json::from_value::<zhengwu_domain::leave::Leave>(row.data.clone())
        && let Ok(v) = zhengwu_domain::leave::assess(&state.registry, &state.calendar(), &lv)
    {
        body.push_str(&format!(
            r#"<section class="card">{}</section>"#,
            verdict_html(c, &serde_json::to_value(&v).unwrap_or(Value::Null))
        ));
    }
    let form = |cmd: &str, id_attr: &str, extra: &str, label: &str| {
        format!(
            r#"<form method="post" action="/ui/leave/{}/act" class="act" id="f-{id_attr}">{}<input type="hidden" name="version" value="{}"><input type="hidden" name="command" value="{cmd}">{extra}<button type="submit" id="{id_attr}-submit">{label}</button></form>"#,
            esc(&row.id),
            c.csrf_field(),
            row.version
        )
    };
    body.push_str(&format!(
        r#"<section class="card" id="actions"><h2>{}</h2>"#,
        c.t("办理", "Act")
    ));
    if row.status == "pending" {
        body.push_str(&form(
            "approve",
            "approve",
            &format!(
                r#"<label>{} <input name="by" id="approve-by" required></label> "#,
                c.t("批准人", "Approved by")
            ),
            c.t("记录批准", "Record the approval"),
        ));
    }
    if row.status == "approved" {
        body.push_str(&form("return", "return", "", c.t("销假", "Back (销假)")));
    }
    if matches!(row.status.as_str(), "pending" | "approved") {
        body.push_str(&form("cancel", "cancel", "", c.t("撤销", "Withdraw")));
    }
    body.push_str(&format!(
        r#"</section><p><a href="/ui/audit?type=leave_request&amp;id={}">{}</a> · <a href="/ui/leave">{}</a></p>"#,
        esc(&row.id),
        c.t("审计记录", "Audit trail"),
        c.t("返回", "Back")
    ));
    act::page_for(c, problem.as_ref(), title, "/ui/leave", &body)
}

/// `POST /ui/leave/{id}/act`: approve | return | cancel through the API.
pub async fn act(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let (c, cl) = match act::form_caller(&state, &headers, &pairs).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let version = field(&pairs, "version").parse::<i64>().unwrap_or(0);
    let cmd = field(&pairs, "command");
    let body = match cmd.as_str() {
        "approve" => json!({"version": version, "command": "approve", "by": field(&pairs, "by")}),
        "return" | "cancel" => json!({"version": version, "command": cmd}),
        _ => Value::Null,
    };
    let result = act::call(body, "command", |b: api::LeaveAction| {
        api::action(State(state.clone()), cl, Path(id.clone()), ApiJson(b))
    })
    .await;
    match result {
        Ok(_) => Redirect::to(&format!("/ui/leave/{id}")).into_response(),
        Err(p) => render(&state, &c, &id, Some(p)).await,
    }
}

/// Adds the leave routes.
pub fn routes(r: axum::Router<AppState>) -> axum::Router<AppState> {
    use axum::routing::{get, post};
    r.route("/ui/leave", get(list).post(create))
        .route("/ui/leave/{id}", get(show))
        .route("/ui/leave/{id}/act", post(act))
}
