//! The follow-up screens (issue #7 areas): invitations of leaders to events and hosting in the
//! government's name (活动), the proactive disclosure register (主动公开登记), NPC suggestions and
//! CPPCC proposals (建议提案) and 12345 hotline tickets. Every page calls `api::followup`
//! in-process; a refusal shows its articles and quotes, every deadline its limit and source.
//! Events, the register, statistics and the hotline configuration are the office's; a unit sees
//! the suggestions and tickets assigned to it and records its own steps (contact, reply).

mod hotline;
mod proposals;

pub use hotline::{hotline_config, hotline_list, hotline_show, hotline_stats};
pub use proposals::{proposal_show, proposals_list};

use super::documents::{Pairs, caller, field, problem_html, unit_names};
use super::html::{esc, options};
use super::inbox::{Item, ItemsFuture, Request, Tab};
use super::{Ctx, Lang, act, ctx, page_status, to_login};
use crate::AppState;
use crate::api::followup as api;
use crate::extract::ApiJson;
use crate::policy::{Action, Object, Reach, authorize};
use crate::problem::Problem;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;

#[derive(Deserialize, Default)]
pub struct FuQuery {
    lang: Option<String>,
    status: Option<String>,
    kind: Option<String>,
    month: Option<String>,
}

fn gov(c: &Ctx) -> String {
    c.user
        .as_ref()
        .and_then(|u| u.account.government_id.clone())
        .unwrap_or_default()
}

/// The office (and the head) keep the follow-up records.
fn office(c: &Ctx) -> bool {
    c.user
        .as_ref()
        .is_some_and(|u| authorize(&u.actor, Action::Update, Object::Followup).allowed())
}

/// The unit of a department account (its own assigned items only).
fn own_unit(c: &Ctx) -> Option<String> {
    match c.user.as_ref()?.actor.reach() {
        Reach::Department(d) => Some(d),
        _ => None,
    }
}

fn sees(c: &Ctx, unit: &str) -> bool {
    c.user
        .as_ref()
        .is_some_and(|u| authorize(&u.actor, Action::Read, Object::Assigned { unit }).allowed())
}

fn acts_for(c: &Ctx, unit: &str) -> bool {
    c.user
        .as_ref()
        .is_some_and(|u| authorize(&u.actor, Action::Update, Object::Assigned { unit }).allowed())
}

fn not_office(c: &Ctx) -> Response {
    super::forbidden(
        c,
        c.t(
            "此页由政府办公室登记和查看。",
            "This page is kept by the government office.",
        ),
    )
}

fn params(c: &Ctx) -> api::GovParams {
    api::GovParams {
        government_id: Some(gov(c)),
        status: None,
        unit_id: None,
        kind: None,
        month: None,
    }
}

async fn units(state: &AppState, c: &Ctx) -> HashMap<String, String> {
    state
        .store
        .government_org(&gov(c))
        .await
        .map(|o| unit_names(&o))
        .unwrap_or_default()
}

fn uname(names: &HashMap<String, String>, id: &str) -> String {
    esc(names.get(id).map_or(id, String::as_str))
}

fn txt(v: &Value, k: &str) -> String {
    match v.get(k) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// A citation object `{text, quote}` as HTML.
fn cite_v(v: &Value) -> String {
    let text = txt(v, "text");
    if text.is_empty() {
        return String::new();
    }
    let quote = txt(v, "quote");
    let q = if quote.is_empty() {
        String::new()
    } else {
        format!(r#" <q class="quote">{}</q>"#, esc(&quote))
    };
    format!(
        r#"<span class="cite"><cite>{}</cite>{q}</span>"#,
        esc(&text)
    )
}

/// Violations or warnings (rules findings) with their citations.
fn findings(c: &Ctx, v: &Value, key: &str, class: &str) -> String {
    let Some(list) = v
        .get(key)
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
    else {
        return String::new();
    };
    let mut s = format!(r#"<ol class="{class}">"#);
    for f in list {
        let msg = match c.lang {
            Lang::En if !txt(f, "message_en").is_empty() => txt(f, "message_en"),
            _ => txt(f, "message"),
        };
        s.push_str(&format!(
            "<li>{}<p>{}</p></li>",
            cite_v(&f["citation"]),
            esc(&msg)
        ));
    }
    s.push_str("</ol>");
    s
}

/// A rules verdict (events): outcome, deadlines with their explanation, violations, warnings.
fn verdict(c: &Ctx, v: &Value) -> String {
    let outcome = txt(v, "outcome");
    let (cls, label) = match outcome.as_str() {
        "allowed" => ("allowed", c.t("符合规定", "allowed")),
        "warning" => ("warning", c.t("有提示", "warning")),
        "refused" => ("refused", c.t("不符合规定", "refused")),
        "awaiting_superior_approval" => ("warning", c.t("待上级批准", "awaiting approval")),
        _ => ("", ""),
    };
    let mut s = String::new();
    if !label.is_empty() {
        s.push_str(&format!(r#"<span class="outcome {cls}">{label}</span>"#));
    }
    if let Some(ds) = v.get("deadlines").and_then(Value::as_array) {
        for d in ds {
            let (what, explain) = match c.lang {
                Lang::En => (txt(d, "what_en"), txt(d, "explain_en")),
                Lang::Zh => (txt(d, "what"), txt(d, "explain")),
            };
            s.push_str(&format!(
                r#"<p class="deadline">{} <strong>{}</strong></p><p class="explain">{}</p>{}"#,
                esc(&what),
                esc(&txt(d, "due")),
                esc(&explain),
                cite_v(&d["citation"])
            ));
        }
    }
    s.push_str(&findings(c, v, "violations", "violations"));
    s.push_str(&findings(c, v, "warnings", "warnings"));
    let note = txt(v, "note");
    if !note.is_empty() {
        s.push_str(&format!(r#"<p class="explain">{}</p>"#, esc(&note)));
    }
    s
}

/// A status as a coloured badge (late and overdue in red).
fn badge(c: &Ctx, status: &str) -> String {
    let (cls, zh, en) = match status {
        "overdue" => ("sv-red", "逾期", "overdue"),
        "late" => ("sv-red", "逾期公开", "published late"),
        "replied_late" => ("sv-yellow", "逾期答复", "replied late"),
        "pending" => ("sv-blue", "待处理", "pending"),
        "open" => ("sv-blue", "办理中", "open"),
        "on_time" => ("sv-done", "按时公开", "published on time"),
        "replied_on_time" => ("sv-done", "按时答复", "replied on time"),
        "replied" => ("sv-done", "已答复", "replied"),
        "published" => ("sv-done", "已公开", "published"),
        "closed" => ("sv-done", "已办结", "closed"),
        "arranged" => ("sv-done", "已安排", "arranged"),
        "declined" => ("sv-none", "已谢绝", "declined"),
        "withdrawn" => ("sv-none", "已撤回", "withdrawn"),
        "approved" => ("sv-done", "已批准", "approved"),
        "awaiting_superior_approval" => ("sv-yellow", "待上级批准", "awaiting superior approval"),
        "no_limit" => ("sv-none", "无时限", "no limit"),
        other => ("sv-none", other, other),
    };
    format!(
        r#"<span class="sv-badge {cls} st-{}">{}</span>"#,
        esc(status),
        esc(c.t(zh, en))
    )
}

/// "5个工作日" for a serialised period (`{"WorkingDaysAfter": 5}` or snake_case).
fn period(c: &Ctx, p: &Value) -> String {
    let Some((k, n)) = p.as_object().and_then(|o| o.iter().next()) else {
        return String::new();
    };
    let n = n.as_i64().unwrap_or(0);
    let k = k.to_lowercase();
    let (zh, en) = if k.contains("working") {
        ("个工作日", "working days")
    } else if k.contains("month") {
        ("个月", "months")
    } else {
        ("日", "days")
    };
    match c.lang {
        Lang::Zh => format!("{n}{zh}"),
        Lang::En => format!("{n} {en}"),
    }
}

/// Where a limit comes from, in words.
fn source_label<'a>(c: &'a Ctx, source: &str) -> &'a str {
    match source {
        "profile_local" => c.t("本级工作规则", "the local Work Rules"),
        "national" => c.t("国家法律（记入规则配置）", "national law (in the profile)"),
        "configuration" => c.t("本级热线配置", "the hotline configuration"),
        "unset" => c.t("未规定", "not stated"),
        _ => "",
    }
}

/// The limit of a suggestion/proposal/ticket: where it comes from, how the due date was
/// computed, the citation, or why there is none.
fn limit_html(c: &Ctx, standing: &Value, start: &str) -> String {
    let l = &standing["limit"];
    let source = txt(l, "source");
    let src = source_label(c, &source);
    let mut s = format!(
        r#"<span class="limit-source" data-source="{}">{}：{}</span>"#,
        esc(&source),
        c.t("时限来源", "Limit source"),
        esc(src)
    );
    let due = txt(standing, "due_on");
    if !due.is_empty() {
        let p = period(c, &l["period"]);
        s.push_str(&format!(
            r#"<p class="explain">{}</p>"#,
            esc(&match c.lang {
                Lang::Zh => format!("自 {start} 起 {p}，届满日 {due}（节假日顺延按工作日历计算）"),
                Lang::En =>
                    format!("{p} from {start}: due {due} (counted on the working-day calendar)"),
            })
        ));
    }
    s.push_str(&cite_v(&l["citation"]));
    let note = l
        .get("unset")
        .map(|u| txt(u, "note"))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| {
            if due.is_empty() {
                txt(l, "note")
            } else {
                String::new()
            }
        });
    if !note.is_empty() {
        s.push_str(&format!(r#"<p class="explain unset">{}</p>"#, esc(&note)));
    }
    s
}

/// A one-button (plus fields) action form.
fn act_form(
    c: &Ctx,
    action: &str,
    version: i64,
    cmd: &str,
    id_attr: &str,
    extra: &str,
    label: &str,
) -> String {
    format!(
        r#"<form method="post" action="{}" class="act inline" id="f-{id_attr}">{}<input type="hidden" name="version" value="{version}"><input type="hidden" name="command" value="{cmd}">{extra}<button type="submit" id="{id_attr}-submit">{label}</button></form>"#,
        esc(action),
        c.csrf_field(),
    )
}

fn opt(pairs: &Pairs, k: &str) -> Value {
    let v = field(pairs, k);
    if v.trim().is_empty() {
        Value::Null
    } else {
        json!(v.trim())
    }
}

fn status_of(p: Option<&Problem>) -> StatusCode {
    p.map_or(StatusCode::OK, Problem::status_code)
}

// ---------------------------------------------------------------------------------------------
// Events: invitations and hosting

const EVENT_KINDS: &[(&str, &str, &str)] = &[
    ("work", "工作性活动", "work event"),
    ("ribbon_cutting", "剪彩", "ribbon cutting"),
    ("foundation_stone", "奠基", "foundation stone"),
    ("celebration", "庆典", "celebration"),
    ("commemoration", "纪念活动", "commemoration"),
    ("commendation", "表彰会", "commendation"),
    ("expo", "博览会", "expo"),
    ("seminar", "研讨会", "seminar"),
    ("forum", "论坛", "forum"),
    ("symposium", "座谈会", "symposium"),
    ("premiere", "首映式", "premiere"),
    ("congratulatory_letter", "贺信贺电", "congratulatory letter"),
    ("inscription", "题词", "inscription"),
];

const HOSTING_KINDS: &[(&str, &str, &str)] = &[
    ("forum", "论坛", "forum"),
    ("exhibition", "展会", "exhibition"),
    ("festival", "节庆", "festival"),
];

fn label(c: &Ctx, list: &[(&str, &str, &str)], id: &str) -> String {
    list.iter()
        .find(|(k, _, _)| *k == id)
        .map(|(_, zh, en)| c.t(zh, en).to_string())
        .unwrap_or_else(|| esc(id))
}

fn kind_options(c: &Ctx, list: &[(&str, &str, &str)], sel: &str) -> String {
    options(
        list.iter().map(|(k, zh, en)| (*k, c.t(zh, en).to_string())),
        sel,
    )
}

/// `GET /ui/events`.
pub async fn events(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<FuQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    if c.user.is_none() {
        return to_login();
    }
    render_events(&state, &c, None).await
}

async fn render_events(state: &AppState, c: &Ctx, problem: Option<Problem>) -> Response {
    if !office(c) {
        return not_office(c);
    }
    let Some(cl) = caller(c) else {
        return to_login();
    };
    let title = c.t("邀请领导出席活动 · 举办节会论坛展会", "Events");
    let mut b = String::new();
    if let Some(p) = &problem {
        b.push_str(&problem_html(c, p));
    }
    let today = state.today().to_string();
    let names = units(state, c).await;
    // Invitations.
    b.push_str(&format!(
        r#"<section class="card" id="invitations"><h2>{}</h2>"#,
        c.t("邀请领导出席活动", "Invitations of leaders")
    ));
    match api::list_invitations(State(state.clone()), cl.clone(), Query(params(c))).await {
        Ok(axum::Json(rows)) if !rows.is_empty() => {
            b.push_str(&format!(
                r#"<table class="list" id="invitation-list"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th></th></tr></thead><tbody>"#,
                c.t("活动", "Event"),
                c.t("邀请单位", "Inviter"),
                c.t("活动日期", "On"),
                c.t("类别", "Kind"),
                c.t("审查结论与依据", "Verdict and citation"),
                c.t("状态", "Status"),
            ));
            for r in &rows {
                let i = &r.item;
                let mut acts = String::new();
                if r.status == "pending" {
                    let action = format!("/ui/events/invitations/{}/act", r.id);
                    acts.push_str(&act_form(
                        c,
                        &action,
                        r.version,
                        "arrange",
                        &format!("arrange-{}", r.id),
                        "",
                        c.t("安排出席", "Arrange"),
                    ));
                    acts.push_str(&act_form(
                        c,
                        &action,
                        r.version,
                        "decline",
                        &format!("decline-{}", r.id),
                        "",
                        c.t("谢绝", "Decline"),
                    ));
                }
                b.push_str(&format!(
                    "<tr><td>{}<br><small>{}</small></td><td>{}</td><td>{}<br><small>{} {}</small></td><td>{}</td><td>{}</td><td>{}</td><td>{acts}</td></tr>",
                    esc(&txt(i, "title")),
                    esc(&txt(i, "leader")),
                    uname(&names, &txt(i, "inviter")),
                    esc(&txt(i, "event_on")),
                    c.t("收到", "received"),
                    esc(&txt(i, "submitted_on")),
                    label(c, EVENT_KINDS, &txt(i, "event_kind")),
                    verdict(c, &r.standing),
                    badge(c, &r.status),
                ));
            }
            b.push_str("</tbody></table>");
        }
        Ok(_) => b.push_str(&format!(
            r#"<p class="empty">{}</p>"#,
            c.t("尚无邀请。", "No invitations yet.")
        )),
        Err(p) => b.push_str(&problem_html(c, &p)),
    }
    b.push_str(&format!(
        r#"<h3>{h}</h3><form method="post" action="/ui/events/invitations" class="act" id="invitation-form">{csrf}<div class="grid2">
<label for="inv-title">{t}</label><input id="inv-title" name="title" required>
<label for="inv-inviter">{inviter}</label><input id="inv-inviter" name="inviter" required>
<label for="inv-leader">{leader}</label><input id="inv-leader" name="leader" required>
<label for="inv-event-on">{on}</label><input id="inv-event-on" name="event_on" type="date" value="{today}" required>
<label for="inv-submitted">{sub}</label><input id="inv-submitted" name="submitted_on" type="date" value="{today}">
<label for="inv-kind">{kind}</label><select id="inv-kind" name="event_kind">{kinds}</select>
<label for="inv-sent">{sent}</label><select id="inv-sent" name="sent_to"><option value="office">{to_office}</option><option value="leader_personally">{to_leader}</option></select>
<span></span><label class="check"><input type="checkbox" name="important" value="1" id="inv-important"> {imp}</label>
<span></span><label class="check"><input type="checkbox" name="approved" value="1" id="inv-approved"> {appr}</label>
</div><button type="submit" id="invitation-submit">{submit}</button></form></section>"#,
        h = c.t("登记邀请", "Record an invitation"),
        csrf = c.csrf_field(),
        t = c.t("活动名称", "Event"),
        inviter = c.t("邀请单位", "Inviter"),
        leader = c.t("邀请的领导", "Leader invited"),
        on = c.t("活动日期", "Event on"),
        sub = c.t("收到邀请日期", "Received on"),
        kind = c.t("活动类别", "Kind"),
        kinds = kind_options(c, EVENT_KINDS, "work"),
        sent = c.t("邀请送达", "Sent to"),
        to_office = c.t("政府办公室", "the office"),
        to_leader = c.t("领导个人", "the leader personally"),
        imp = c.t("重要活动", "important event"),
        appr = c.t("已经党委、政府批准", "approved by the party committee and government"),
        submit = c.t("登记并审查", "Record and check"),
    ));
    // Hosting.
    b.push_str(&format!(
        r#"<section class="card" id="hosting"><h2>{}</h2>"#,
        c.t(
            "以政府名义举办节会论坛展会",
            "Hosting in the government's name"
        )
    ));
    match api::list_hosting(State(state.clone()), cl, Query(params(c))).await {
        Ok(axum::Json(rows)) if !rows.is_empty() => {
            b.push_str(&format!(
                r#"<table class="list" id="hosting-list"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th></th></tr></thead><tbody>"#,
                c.t("名称", "Title"),
                c.t("申请单位", "Applicant"),
                c.t("举办日期", "On"),
                c.t("类别", "Kind"),
                c.t("审查结论与依据", "Verdict and citation"),
                c.t("状态", "Status"),
            ));
            for r in &rows {
                let i = &r.item;
                let action = format!("/ui/events/hosting/{}/act", r.id);
                let mut acts = String::new();
                if r.status == "awaiting_superior_approval" {
                    acts.push_str(&act_form(
                        c,
                        &action,
                        r.version,
                        "superior_approved",
                        &format!("approved-{}", r.id),
                        "",
                        c.t("上级已批准", "Superior approved"),
                    ));
                }
                if r.status != "withdrawn" {
                    acts.push_str(&act_form(
                        c,
                        &action,
                        r.version,
                        "withdraw",
                        &format!("withdraw-{}", r.id),
                        "",
                        c.t("撤回", "Withdraw"),
                    ));
                }
                b.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>{}<br><small>{} {}</small></td><td>{}</td><td>{}</td><td>{}</td><td>{acts}</td></tr>",
                    esc(&txt(i, "title")),
                    uname(&names, &txt(i, "applicant")),
                    esc(&txt(i, "event_on")),
                    c.t("申请", "applied"),
                    esc(&txt(i, "applied_on")),
                    label(c, HOSTING_KINDS, &txt(i, "event_kind")),
                    verdict(c, &r.standing),
                    badge(c, &r.status),
                ));
            }
            b.push_str("</tbody></table>");
        }
        Ok(_) => b.push_str(&format!(
            r#"<p class="empty">{}</p>"#,
            c.t("尚无举办申请。", "No applications yet.")
        )),
        Err(p) => b.push_str(&problem_html(c, &p)),
    }
    b.push_str(&format!(
        r#"<h3>{h}</h3><form method="post" action="/ui/events/hosting" class="act" id="hosting-form">{csrf}<div class="grid2">
<label for="ho-title">{t}</label><input id="ho-title" name="title" required>
<label for="ho-applicant">{app}</label><input id="ho-applicant" name="applicant" required>
<label for="ho-kind">{kind}</label><select id="ho-kind" name="event_kind">{kinds}</select>
<label for="ho-on">{on}</label><input id="ho-on" name="event_on" type="date" value="{today}" required>
<label for="ho-applied">{applied}</label><input id="ho-applied" name="applied_on" type="date" value="{today}">
<span></span><label class="check"><input type="checkbox" name="superior_approved" value="1" id="ho-approved"> {sup}</label>
</div><button type="submit" id="hosting-submit">{submit}</button></form></section>"#,
        h = c.t("登记举办申请", "Record an application"),
        csrf = c.csrf_field(),
        t = c.t("名称", "Title"),
        app = c.t("申请单位", "Applicant"),
        kind = c.t("类别", "Kind"),
        kinds = kind_options(c, HOSTING_KINDS, "forum"),
        on = c.t("举办日期", "Event on"),
        applied = c.t("申请日期", "Applied on"),
        sup = c.t("上级政府已批准", "the superior government approved"),
        submit = c.t("登记并审查", "Record and check"),
    ));
    page_status(c, status_of(problem.as_ref()), title, "/ui/events", &b)
}

/// `POST /ui/events/invitations`.
pub async fn create_invitation(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(pairs): Form<Pairs>,
) -> Response {
    let (c, cl) = match act::form_caller(&state, &headers, &pairs).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let v = json!({
        "government_id": gov(&c),
        "title": field(&pairs, "title"),
        "inviter": field(&pairs, "inviter"),
        "leader": field(&pairs, "leader"),
        "event_on": field(&pairs, "event_on"),
        "submitted_on": opt(&pairs, "submitted_on"),
        "important": field(&pairs, "important") == "1",
        "event_kind": field(&pairs, "event_kind"),
        "sent_to": field(&pairs, "sent_to"),
        "approved_by_party_committee_and_government": field(&pairs, "approved") == "1",
    });
    let r = act::call(v, "form", |n: api::NewInvitation| {
        api::create_invitation(State(state.clone()), cl, ApiJson(n))
    })
    .await
    .map(|_| ());
    match r {
        Ok(()) => Redirect::to("/ui/events#invitations").into_response(),
        Err(p) => render_events(&state, &c, Some(p)).await,
    }
}

/// `POST /ui/events/hosting`.
pub async fn create_hosting(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(pairs): Form<Pairs>,
) -> Response {
    let (c, cl) = match act::form_caller(&state, &headers, &pairs).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let v = json!({
        "government_id": gov(&c),
        "title": field(&pairs, "title"),
        "applicant": field(&pairs, "applicant"),
        "event_kind": field(&pairs, "event_kind"),
        "event_on": field(&pairs, "event_on"),
        "applied_on": opt(&pairs, "applied_on"),
        "superior_approved": field(&pairs, "superior_approved") == "1",
    });
    let r = act::call(v, "form", |n: api::NewHosting| {
        api::create_hosting(State(state.clone()), cl, ApiJson(n))
    })
    .await
    .map(|_| ());
    match r {
        Ok(()) => Redirect::to("/ui/events#hosting").into_response(),
        Err(p) => render_events(&state, &c, Some(p)).await,
    }
}

/// `POST /ui/events/{invitations|hosting}/{id}/act`.
pub async fn event_act(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((which, id)): Path<(String, String)>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let (c, cl) = match act::form_caller(&state, &headers, &pairs).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let version = field(&pairs, "version").parse::<i64>().unwrap_or(0);
    let cmd = field(&pairs, "command");
    let r = match which.as_str() {
        "invitations" => act::call(
            json!({"version": version, "command": cmd, "note": field(&pairs, "note")}),
            "form",
            |a: api::InvitationAction| {
                api::invitation_action(State(state.clone()), cl, Path(id), ApiJson(a))
            },
        )
        .await
        .map(|_| ()),
        "hosting" => api::hosting_action(
            State(state.clone()),
            cl,
            Path(id),
            ApiJson(api::HostingAction {
                version,
                command: cmd,
            }),
        )
        .await
        .map(|_| ()),
        _ => Err(Problem::not_found()),
    };
    match r {
        Ok(()) => Redirect::to(&format!("/ui/events#{which}")).into_response(),
        Err(p) => render_events(&state, &c, Some(p)).await,
    }
}

// ---------------------------------------------------------------------------------------------
// The proactive disclosure register

/// `GET /ui/publications?status=`.
pub async fn publications(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<FuQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    if c.user.is_none() {
        return to_login();
    }
    render_publications(&state, &c, q.status.filter(|s| !s.is_empty()), None).await
}

async fn render_publications(
    state: &AppState,
    c: &Ctx,
    status: Option<String>,
    problem: Option<Problem>,
) -> Response {
    if !office(c) {
        return not_office(c);
    }
    let Some(cl) = caller(c) else {
        return to_login();
    };
    let title = c.t("主动公开登记", "Proactive disclosure register");
    let mut b = String::new();
    if let Some(p) = &problem {
        b.push_str(&problem_html(c, p));
    }
    let sel = status.clone().unwrap_or_default();
    let filters = [
        ("", c.t("全部", "all")),
        ("pending", c.t("待公开", "pending")),
        ("overdue", c.t("逾期未公开", "overdue")),
        ("on_time", c.t("按时公开", "on time")),
        ("late", c.t("逾期公开", "late")),
    ];
    b.push_str(r#"<p class="filters" id="publication-filters">"#);
    for (k, l) in filters {
        let cur = if k == sel {
            r#" aria-current="true""#
        } else {
            ""
        };
        b.push_str(&format!(
            r#"<a href="/ui/publications?status={k}"{cur}>{l}</a> "#
        ));
    }
    b.push_str("</p>");
    b.push_str(&format!(
        r#"<p class="explain">{}</p>"#,
        c.t(
            "时限：政府信息公开条例 第二十六条，自信息形成（公文印发）之日起20个工作日内公开。",
            "Limit: Regulations on Open Government Information, art. 26: within 20 working days of the information being formed (the document issued)."
        )
    ));
    let mut q = params(c);
    q.status = status;
    match api::list_publications(State(state.clone()), cl, Query(q)).await {
        Ok(axum::Json(rows)) if !rows.is_empty() => {
            b.push_str(&format!(
                r#"<table class="list" id="publication-list"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th></th></tr></thead><tbody>"#,
                c.t("文件", "Document"),
                c.t("形成日期", "Formed on"),
                c.t("公开期限及计算", "Due, and how it was computed"),
                c.t("状态", "Status"),
                c.t("公开日期与渠道", "Published on, channels"),
            ));
            for r in &rows {
                let i = &r.item;
                let s = &r.standing;
                let late = s
                    .get("working_days_late")
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                let late_s = if late > 0 {
                    format!(
                        r#"<br><small class="late">{}</small>"#,
                        esc(&match c.lang {
                            Lang::Zh => format!("超出 {late} 个工作日"),
                            Lang::En => format!("{late} working days past the limit"),
                        })
                    )
                } else {
                    String::new()
                };
                let list = |v: &Value| {
                    v.as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(Value::as_str)
                                .map(esc)
                                .collect::<Vec<_>>()
                                .join("、")
                        })
                        .unwrap_or_default()
                };
                let channels = list(&i["channels"]);
                // Changes of the information (信息变更), each with its own publication.
                let changes: String = i["changes"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .map(|ch| {
                                format!(
                                    r#"<br><small class="change">{} {}：{}{}</small>"#,
                                    esc(&txt(ch, "changed_on")),
                                    c.t("信息变更", "changed"),
                                    esc(&txt(ch, "note")),
                                    if txt(ch, "published_on").is_empty() {
                                        String::new()
                                    } else {
                                        format!(
                                            "；{} {} {}",
                                            c.t("已公开", "published"),
                                            esc(&txt(ch, "published_on")),
                                            list(&ch["channels"])
                                        )
                                    }
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let missing: Vec<&str> = s["channels_missing"]
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let missing_s = if missing.is_empty() {
                    String::new()
                } else {
                    format!(
                        r#"<p class="warn channels-missing">{}{}</p>{}"#,
                        c.t("尚未刊载：", "Not yet published in: "),
                        esc(&missing.join("、")),
                        cite_v(&s["channel_rule"]),
                    )
                };
                // The publication owed (the first, or since the latest change) is recorded.
                let owed_published = matches!(r.status.as_str(), "on_time" | "late");
                let mut act = String::new();
                if !owed_published || !missing.is_empty() {
                    let prefill = if missing.is_empty() {
                        c.t("政府网站", "government website").to_string()
                    } else {
                        missing.join("、")
                    };
                    act.push_str(&act_form(
                        c,
                        &format!("/ui/publications/{}/act", r.id),
                        r.version,
                        "publish",
                        &format!("publish-{}", r.id),
                        &format!(
                            r#"<input type="date" name="published_on" value="{}" aria-label="{}"> <input name="channels" value="{}" aria-label="{}"> "#,
                            esc(&state.today().to_string()),
                            c.t("公开日期", "Published on"),
                            esc(&prefill),
                            c.t("公开渠道（以、分隔）", "Channels (separated by 、)")
                        ),
                        c.t("登记公开", "Record publication"),
                    ));
                }
                if owed_published {
                    act.push_str(&act_form(
                        c,
                        &format!("/ui/publications/{}/act", r.id),
                        r.version,
                        "change",
                        &format!("change-{}", r.id),
                        &format!(
                            r#"<input type="date" name="changed_on" value="{}" aria-label="{}"> <input name="note" required placeholder="{}" aria-label="{}"> "#,
                            esc(&state.today().to_string()),
                            c.t("变更日期", "Changed on"),
                            c.t("变更内容", "What changed"),
                            c.t("变更内容", "What changed"),
                        ),
                        c.t("登记信息变更", "Record a change"),
                    ));
                }
                b.push_str(&format!(
                    r#"<tr class="pub-{}"><td>{}<br><small>{}</small></td><td>{}</td><td><strong>{}</strong><p class="explain">{}</p>{}</td><td>{}{late_s}</td><td>{} {}{changes}{missing_s}</td><td>{act}</td></tr>"#,
                    esc(&r.status),
                    esc(&txt(i, "title")),
                    esc(&txt(i, "doc_number")),
                    esc(&txt(i, "formed_on")),
                    esc(&txt(s, "due_on")),
                    esc(&txt(s, "explain")),
                    cite_v(&s["citation"]),
                    badge(c, &r.status),
                    esc(&txt(i, "published_on")),
                    channels,
                ));
            }
            b.push_str("</tbody></table>");
        }
        Ok(_) => b.push_str(&format!(
            r#"<p class="empty" id="publication-empty">{}</p>"#,
            c.t("登记簿中没有条目。", "The register has no entries.")
        )),
        Err(p) => b.push_str(&problem_html(c, &p)),
    }
    b.push_str(&format!(
        r#"<section class="card"><h2>{}</h2><p class="explain">{}</p><form method="post" action="/ui/publications" class="act" id="publication-form">{}<label for="pub-doc">{}</label> <input id="pub-doc" name="document_id" required> <button type="submit" id="publication-submit">{}</button></form></section>"#,
        c.t("补登记", "Register a document"),
        c.t(
            "印发标注“主动公开”的发文时自动登记；此处补登记此前印发的文件。",
            "Issuing an outgoing document marked proactive registers it; this is for documents issued before."
        ),
        c.csrf_field(),
        c.t("公文编号", "Document id"),
        c.t("登记", "Register"),
    ));
    page_status(
        c,
        status_of(problem.as_ref()),
        title,
        "/ui/publications",
        &b,
    )
}

/// `POST /ui/publications`.
pub async fn create_publication(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(pairs): Form<Pairs>,
) -> Response {
    let (c, cl) = match act::form_caller(&state, &headers, &pairs).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let n = api::NewPublication {
        document_id: field(&pairs, "document_id").trim().to_string(),
    };
    match api::create_publication(State(state.clone()), cl, ApiJson(n)).await {
        Ok(_) => Redirect::to("/ui/publications").into_response(),
        Err(p) => render_publications(&state, &c, None, Some(p)).await,
    }
}

/// `POST /ui/publications/{id}/act`: publish.
pub async fn publication_act(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let (c, cl) = match act::form_caller(&state, &headers, &pairs).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let channels: Vec<String> = field(&pairs, "channels")
        .split(['、', ',', '，'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let published_on = Some(field(&pairs, "published_on")).filter(|s| !s.trim().is_empty());
    let changed_on = Some(field(&pairs, "changed_on")).filter(|s| !s.trim().is_empty());
    let note = Some(field(&pairs, "note")).filter(|s| !s.trim().is_empty());
    let a = api::PublicationAction {
        version: field(&pairs, "version").parse::<i64>().unwrap_or(0),
        command: field(&pairs, "command"),
        published_on,
        channels,
        changed_on,
        note,
    };
    match api::publication_action(State(state.clone()), cl, Path(id), ApiJson(a)).await {
        Ok(_) => Redirect::to("/ui/publications").into_response(),
        Err(p) => render_publications(&state, &c, None, Some(p)).await,
    }
}

// ---------------------------------------------------------------------------------------------
// Inbox

/// Tickets and suggestions/proposals assigned to the caller's unit and not yet replied: 待办.
pub fn inbox_items(q: Request<'_>) -> ItemsFuture<'_> {
    Box::pin(async move {
        if q.tab != Tab::Todo {
            return Ok(Vec::new());
        }
        let (Some(gov), Reach::Department(unit)) = (q.government_id, q.actor.reach()) else {
            return Ok(Vec::new());
        };
        let en = q.english;
        let mut out = Vec::new();
        for (kind, zh, en_l, href) in [
            (
                "hotline_ticket",
                "12345工单",
                "12345 ticket",
                "/ui/hotline/",
            ),
            (
                "suggestion",
                "人大代表建议",
                "NPC suggestion",
                "/ui/proposals/",
            ),
            ("proposal", "政协提案", "CPPCC proposal", "/ui/proposals/"),
        ] {
            let rows = q
                .state
                .store
                .list_followup(&zhengwu_store::FollowupQuery {
                    government_id: gov.to_string(),
                    kind: kind.to_string(),
                    unit_id: Some(unit.clone()),
                    status: None,
                    opened_from: None,
                    opened_before: None,
                    limit: 0,
                })
                .await
                .map_err(|e| e.to_string())?;
            for r in rows {
                if r.data.get("replied_on").is_some_and(|v| !v.is_null()) {
                    continue;
                }
                let title = match kind {
                    "hotline_ticket" => format!(
                        "{} {}",
                        r.data.get("number").and_then(Value::as_str).unwrap_or(""),
                        r.data.get("content").and_then(Value::as_str).unwrap_or("")
                    ),
                    _ => format!(
                        "{} {}",
                        r.data.get("number").and_then(Value::as_str).unwrap_or(""),
                        r.data.get("title").and_then(Value::as_str).unwrap_or("")
                    ),
                };
                out.push(Item {
                    kind: if en { en_l } else { zh }.to_string(),
                    title,
                    from: if en {
                        "Government office"
                    } else {
                        "政府办公室"
                    }
                    .to_string(),
                    due: r.due_on.clone(),
                    due_explain: None,
                    citation: None,
                    href: format!("{href}{}", r.id),
                });
            }
        }
        Ok(out)
    })
}

/// Adds the follow-up routes.
pub fn routes(r: axum::Router<AppState>) -> axum::Router<AppState> {
    use axum::routing::{get, post};
    r.route("/ui/events", get(events))
        .route("/ui/events/invitations", post(create_invitation))
        .route("/ui/events/hosting", post(create_hosting))
        .route("/ui/events/{which}/{id}/act", post(event_act))
        .route(
            "/ui/publications",
            get(publications).post(create_publication),
        )
        .route("/ui/publications/{id}/act", post(publication_act))
        .route("/ui/proposals", get(proposals_list).post(proposals::create))
        .route("/ui/proposals/{id}", get(proposal_show))
        .route("/ui/proposals/{id}/act", post(proposals::act))
        .route("/ui/hotline", get(hotline_list).post(hotline::create))
        .route("/ui/hotline/stats", get(hotline_stats))
        .route("/ui/hotline/config", get(hotline_config))
        .route("/ui/hotline/{id}", get(hotline_show))
        .route("/ui/hotline/{id}/act", post(hotline::act))
}
