//! The disclosure request screens (依申请公开): the office registers a request, asks once for a
//! correction (补正) and records its arrival, extends the reply period, consults a third party,
//! replies in one of the forms of 第三十六条 and archives; each request shows its reply deadline
//! with how it was computed and links to the applicant's public status page
//! (`/ui/public/disclosure/{code}`, no login). The pages call `api::openness` in-process.

use super::act;
use super::documents::{Pairs, caller, field, problem_html};
use super::html::{cite, esc, options};
use super::{Ctx, Lang, ctx, page, to_login};
use crate::AppState;
use crate::api::openness as api;
use crate::extract::ApiJson;
use crate::policy::{Action, Object};
use crate::problem::Problem;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};
use zhengwu_domain::openness::REPLY_FORMS;

fn office(c: &Ctx) -> bool {
    act::allowed(c, Action::Update, Object::Disclosure)
}

fn not_office(c: &Ctx) -> Response {
    super::forbidden(
        c,
        c.t(
            "依申请公开由政府办公室（信息公开工作机构）办理。",
            "Disclosure requests are handled by the government office.",
        ),
    )
}

fn status_label(c: &Ctx, s: &str) -> String {
    let (zh, en) = match s {
        "on_time" => ("办理中", "in time"),
        "due_soon" => ("临近答复期限", "due soon"),
        "overdue" | "long_overdue" => ("已超期", "overdue"),
        "suspended" => ("补正/征求意见中（暂停计时）", "clock suspended"),
        "replied" | "done" => ("已答复", "replied"),
        "archived" => ("已归档", "archived"),
        other => return esc(other),
    };
    c.t(zh, en).to_string()
}

fn txt(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

fn deadlines_html(c: &Ctx, list: &[Value], cite_is_text: bool) -> String {
    if list.is_empty() {
        return String::new();
    }
    let mut s = format!(
        r#"<table class="list deadlines" id="deadlines"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
        c.t("事项", "What"),
        c.t("期限", "Due"),
        c.t("状态", "Status"),
        c.t("计算方法与依据", "How it was computed, and the article")
    );
    for d in list {
        let (what, explain) = match c.lang {
            Lang::En if !txt(d, "explain_en").is_empty() => (
                if txt(d, "what_en").is_empty() {
                    txt(d, "what")
                } else {
                    txt(d, "what_en")
                },
                txt(d, "explain_en"),
            ),
            _ => (txt(d, "what"), txt(d, "explain")),
        };
        let citation = if cite_is_text {
            format!(
                r#"<span class="cite"><cite>{}</cite></span>"#,
                esc(&txt(d, "citation"))
            )
        } else {
            cite(&txt(&d["citation"], "text"), &txt(&d["citation"], "quote"))
        };
        let st = d.get("status").and_then(Value::as_str).unwrap_or("");
        s.push_str(&format!(
            r#"<tr><td>{}</td><td>{}</td><td class="st-{}">{}</td><td><p class="explain">{}</p>{citation}</td></tr>"#,
            esc(&what),
            esc(&txt(d, "due")),
            match st {
                "met" => "Met",
                "missed" => "Missed",
                _ => "Pending",
            },
            super::supervision::deadline_status(c, st),
            esc(&explain),
        ));
    }
    s.push_str("</tbody></table>");
    s
}

/// `GET /ui/openness`: the requests and the registration form.
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

async fn render_list(state: &AppState, c: &Ctx, problem: Option<Problem>) -> Response {
    if !office(c) {
        return not_office(c);
    }
    let g = act::gov(c).unwrap_or_default();
    let rows = state
        .store
        .list_disclosures(&g, 100)
        .await
        .unwrap_or_default();
    let mut body = String::new();
    if let Some(p) = &problem {
        body.push_str(&problem_html(c, p));
    }
    if rows.is_empty() {
        body.push_str(&format!(
            r#"<p class="empty" id="disclosure-empty">{}</p>"#,
            c.t("尚无公开申请。", "No disclosure requests yet.")
        ));
    } else {
        body.push_str(&format!(
            r#"<table class="list" id="disclosure-list"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
            c.t("申请内容", "Request"),
            c.t("申请人", "Applicant"),
            c.t("收到日期", "Received"),
            c.t("答复期限", "Reply due"),
            c.t("状态", "Status"),
        ));
        for r in &rows {
            body.push_str(&format!(
                r#"<tr><td><a href="/ui/openness/{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                esc(&r.id),
                esc(&txt(&r.data, "content")),
                esc(&txt(&r.data, "applicant")),
                esc(&r.received_on),
                esc(r.due_on.as_deref().unwrap_or("—")),
                status_label(c, &r.status)
            ));
        }
        body.push_str("</tbody></table>");
    }
    let channels = options(
        [
            ("网络", c.t("网络", "online").to_string()),
            ("当面", c.t("当面", "in person").to_string()),
            ("邮寄", c.t("邮寄", "by post").to_string()),
            ("传真", c.t("传真", "by fax").to_string()),
        ],
        "网络",
    );
    body.push_str(&format!(
        r#"<section class="card"><h2>{h}</h2><form method="post" action="/ui/openness" class="act" id="disclosure-form">{csrf}
<div class="grid2">
<label for="ds-applicant">{applicant}</label><input id="ds-applicant" name="applicant" required>
<label for="ds-content">{content}</label><textarea id="ds-content" name="content" rows="2" required></textarea>
<label for="ds-channel">{channel}</label><select id="ds-channel" name="channel">{channels}</select>
<label for="ds-received">{received}</label><input id="ds-received" name="received_on" type="date" value="{today}">
</div><button type="submit" id="disclosure-submit">{submit}</button></form></section>"#,
        h = c.t("登记申请", "Register a request"),
        csrf = c.csrf_field(),
        applicant = c.t("申请人", "Applicant"),
        content = c.t("申请公开的信息", "Information requested"),
        channel = c.t("申请方式", "Channel"),
        received = c.t("收到申请之日", "Received on"),
        today = esc(&state.today().to_string()),
        submit = c.t("登记", "Register"),
    ));
    act::page_for(
        c,
        problem.as_ref(),
        c.t("依申请公开", "Disclosure requests"),
        "/ui/openness",
        &body,
    )
}

/// `POST /ui/openness`: registers a request through the API.
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
    let received = field(&pairs, "received_on");
    let body = json!({
        "government_id": g,
        "received_on": if received.is_empty() { Value::Null } else { json!(received) },
        "channel": field(&pairs, "channel"),
        "applicant": field(&pairs, "applicant"),
        "content": field(&pairs, "content"),
    });
    let result = act::call(body, "request", |n: api::NewRequest| {
        api::create(State(state.clone()), cl, ApiJson(n))
    })
    .await;
    match result {
        Ok(res) => act::to_created(res, "/ui/openness").await,
        Err(p) => render_list(&state, &c, Some(p)).await,
    }
}

/// `GET /ui/openness/{id}`.
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
    let title = c.t("依申请公开", "Disclosure request");
    let Some(cl) = caller(c) else {
        return to_login();
    };
    let v = match api::get(State(state.clone()), cl, Path(id.to_string())).await {
        Ok(v) => v.0,
        Err(p) => {
            return act::refusal_page(c, &p, title, "/ui/openness");
        }
    };
    let r = &v.request;
    let mut body = String::new();
    if let Some(p) = &problem {
        body.push_str(&problem_html(c, p));
    }
    let correction = r
        .get("correction")
        .filter(|x| !x.is_null())
        .map(|x| {
            format!(
                "{} {} · {} {}",
                c.t("告知补正", "correction requested"),
                esc(&txt(x, "requested_on")),
                esc(&txt(x, "what")),
                match x.get("completed_on").and_then(Value::as_str) {
                    Some(d) => format!("· {} {}", c.t("补正到达", "received"), esc(d)),
                    None => String::new(),
                }
            )
        })
        .unwrap_or_default();
    let reply = r
        .get("reply_form")
        .and_then(Value::as_str)
        .and_then(zhengwu_domain::openness::reply_form_label)
        .map(|f| format!("{} · {}", esc(f), esc(&txt(r, "replied_on"))))
        .unwrap_or_default();
    let public = format!("/ui/public/disclosure/{}", esc(&v.tracking_code));
    body.push_str(&format!(
        r#"<section class="card"><p><span class="badge" id="disclosure-status" data-status="{st}">{}</span></p><table class="list kv"><tbody>
<tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td>{} · {}</td></tr>
<tr><th>{}</th><td id="disclosure-due">{}</td></tr><tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td>{}</td></tr>
<tr><th>{}</th><td><code id="tracking-code">{}</code> <a id="public-link" href="{public}">{}</a></td></tr>
</tbody></table></section>"#,
        status_label(c, &v.status),
        c.t("申请人", "Applicant"),
        esc(&txt(r, "applicant")),
        c.t("申请内容", "Request"),
        esc(&txt(r, "content")),
        c.t("收到", "Received"),
        esc(&txt(r, "received_on")),
        esc(&txt(r, "channel")),
        c.t("答复期限", "Reply due"),
        esc(v.due_on.as_deref().unwrap_or("—")),
        c.t("补正", "Correction"),
        correction,
        c.t("延期批准人", "Extension approved by"),
        esc(&txt(r, "extended_by")),
        c.t("答复", "Reply"),
        reply,
        c.t("查询码", "Tracking code"),
        esc(&v.tracking_code),
        c.t("申请人查询页", "The applicant's status page"),
        st = esc(&v.status),
    ));
    let deadlines = v
        .verdict
        .get("deadlines")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    body.push_str(&format!(
        r#"<section class="card"><h2>{}</h2>{}</section>"#,
        c.t("期限及其计算", "Deadlines and how they were computed"),
        deadlines_html(c, &deadlines, false)
    ));
    // The acts of the procedure.
    let replied = r.get("replied_on").is_some_and(|x| !x.is_null());
    let archived = r.get("archived").and_then(Value::as_bool) == Some(true);
    let form = |cmd: &str, extra: &str, label: &str| {
        format!(
            r#"<form method="post" action="/ui/openness/{}/act" class="act" id="f-{cmd}">{}<input type="hidden" name="version" value="{}"><input type="hidden" name="command" value="{cmd}">{extra}<button type="submit" id="{cmd}-submit">{label}</button></form>"#,
            esc(&v.id),
            c.csrf_field(),
            v.version
        )
    };
    body.push_str(&format!(
        r#"<section class="card" id="actions"><h2>{}</h2>"#,
        c.t("办理", "Act")
    ));
    if !replied {
        body.push_str(&form(
            "request_correction",
            &format!(
                r#"<label>{} <input name="what" id="correction-what" required></label> "#,
                c.t("需补正的内容", "What to correct")
            ),
            c.t("一次性告知补正", "Ask for a correction"),
        ));
        body.push_str(&form(
            "correction_received",
            "",
            c.t("补正材料已收到", "Correction received"),
        ));
        body.push_str(&form(
            "extend",
            &format!(
                r#"<label>{} <input name="approved_by" id="extend-by" required></label> "#,
                c.t("批准延期的负责人", "Approved by")
            ),
            c.t("延长答复期限", "Extend the reply period"),
        ));
        body.push_str(&form(
            "consult_third_party",
            "",
            c.t("征求第三方意见", "Consult a third party"),
        ));
        body.push_str(&form(
            "third_party_replied",
            "",
            c.t("第三方已答复", "Third party replied"),
        ));
        let forms = options(
            REPLY_FORMS.iter().map(|(k, l)| (*k, (*l).to_string())),
            "disclosed",
        );
        body.push_str(&form(
            "reply",
            &format!(
                r#"<label>{} <select name="form" id="reply-form">{forms}</select></label> "#,
                c.t("答复形式", "Form of reply")
            ),
            c.t("答复", "Reply"),
        ));
    } else if !archived {
        body.push_str(&form("archive", "", c.t("归档", "Archive")));
    }
    body.push_str(&format!(
        r#"</section><p><a href="/ui/audit?type=disclosure_request&amp;id={}">{}</a> · <a href="/ui/openness">{}</a></p>"#,
        esc(&v.id),
        c.t("审计记录", "Audit trail"),
        c.t("返回", "Back")
    ));
    act::page_for(c, problem.as_ref(), title, "/ui/openness", &body)
}

/// `POST /ui/openness/{id}/act`: one act through the API handler.
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
        "request_correction" => {
            json!({"version": version, "command": cmd, "what": field(&pairs, "what")})
        }
        "extend" => {
            json!({"version": version, "command": cmd, "approved_by": field(&pairs, "approved_by")})
        }
        "reply" => json!({"version": version, "command": cmd, "form": field(&pairs, "form")}),
        "correction_received" | "consult_third_party" | "third_party_replied" | "archive" => {
            json!({"version": version, "command": cmd})
        }
        _ => Value::Null,
    };
    let result = act::call(body, "command", |b: api::ActionBody| {
        api::action(State(state.clone()), cl, Path(id.clone()), ApiJson(b))
    })
    .await;
    match result {
        Ok(_) => Redirect::to(&format!("/ui/openness/{id}")).into_response(),
        Err(p) => render(&state, &c, &id, Some(p)).await,
    }
}

/// `GET /ui/public/disclosure/{code}`: the applicant's status page, no login, no personal data.
pub async fn public(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(q): Query<super::LangQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    let title = c.t("政府信息公开申请办理状态", "Disclosure request status");
    match api::public_status(State(state.clone()), Path(code)).await {
        Ok(s) => {
            let s = s.0;
            let body = format!(
                r#"<section class="card"><table class="list kv"><tbody>
<tr><th>{}</th><td><code>{}</code></td></tr><tr><th>{}</th><td>{}</td></tr>
<tr><th>{}</th><td id="public-status">{}</td></tr><tr><th>{}</th><td id="public-due">{}</td></tr><tr><th>{}</th><td>{}</td></tr>
</tbody></table></section><section class="card"><h2>{}</h2>{}</section>"#,
                c.t("查询码", "Tracking code"),
                esc(&s.tracking_code),
                c.t("收到申请之日", "Received on"),
                esc(&s.received_on),
                c.t("状态", "Status"),
                status_label(&c, &s.status),
                c.t("答复期限", "Reply due"),
                esc(s.due_on.as_deref().unwrap_or("—")),
                c.t("答复形式", "Form of reply"),
                esc(s.reply_form.as_deref().unwrap_or("—")),
                c.t("期限及其计算", "Deadlines and how they were computed"),
                deadlines_html(&c, &s.deadlines, true)
            );
            page(&c, title, "", &body)
        }
        Err(p) => act::refusal_page(&c, &p, title, ""),
    }
}

/// Adds the disclosure routes.
pub fn routes(r: axum::Router<AppState>) -> axum::Router<AppState> {
    use axum::routing::{get, post};
    r.route("/ui/openness", get(list).post(create))
        .route("/ui/openness/{id}", get(show))
        .route("/ui/openness/{id}/act", post(act))
        .route("/ui/public/disclosure/{code}", get(public))
}
