//! The document screens (公文): 收文登记 with the lint shown, 退文 with cited reasons and the
//! submitter's fix-and-resubmit, the leader's 批示 / 圈阅, 转办 with the deadline and how it was
//! computed, the unit's reply, closing; the outgoing flow (代拟, 会签, 签发 by the signing matrix,
//! number, seal, issue). The pages are clients of the documents API in-process: every step goes
//! through the same handler (authorisation, domain decision, audited write) as
//! `POST /api/v1/documents/…`, called with the page's session; the pages only render.

use super::act;
use super::html::{citation, esc, options};
use super::inbox::{Item, ItemsFuture, Request, Tab};
use super::{Ctx, ctx, page, page_status, to_login};
use crate::AppState;
use crate::api::documents as api;
use crate::auth::{Caller, Via};
use crate::extract::{ApiJson, IdempotencyKey, IfMatch};
use crate::problem::Problem;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use zhengwu_domain::documents::incoming::{
    Incoming, Instruction, office_key, position_key, unit_key,
};
use zhengwu_domain::documents::outgoing::Outgoing;
use zhengwu_rules::verdict::Finding;
use zhengwu_store::org::Org;

// ---------------------------------------------------------------------------------------------
// Inbox source

/// The documents' inbox source for `ui::inbox::SOURCES`: 待办 / 已办 / 抄送 of every inbox the
/// actor holds (the office's, the unit's, the leader's positions).
pub fn inbox_items(q: Request<'_>) -> ItemsFuture<'_> {
    Box::pin(async move {
        let b = match q.tab {
            Tab::Todo => "todo",
            Tab::Done => "done",
            Tab::Cc => "cc",
            Tab::Supervise => return Ok(Vec::new()),
        };
        let Some(gov) = q.government_id else {
            return Ok(Vec::new());
        };
        let store = &q.state.store;
        let org = store.government_org(gov).await.map_err(|e| e.to_string())?;
        let mut keys = Vec::new();
        if is_office(&q.actor.roles) {
            keys.push(office_key(gov));
        }
        if let Some(d) = &q.actor.department_id {
            keys.push(unit_key(d));
        }
        if let Some(id) = &q.actor.account_id
            && let Ok(Some(a)) = store.get_account(id).await
            && let Some(p) = &a.person_id
        {
            for pos in org
                .positions
                .iter()
                .filter(|x| x.person_id.as_ref() == Some(p))
            {
                keys.push(position_key(&pos.id));
            }
        }
        let names = unit_names(&org);
        let en = q.english;
        let mut items = Vec::new();
        for k in keys {
            let rows = store
                .document_inbox(&k, b, None, 100)
                .await
                .map_err(|e| e.to_string())?;
            for r in rows {
                let kind = match (r.direction.as_str(), en) {
                    ("in", false) => "收文",
                    ("in", true) => "Incoming document",
                    (_, false) => "发文",
                    (_, true) => "Outgoing document",
                };
                let (zh, enl) = status_label(&r.status);
                // A deadline is shown with how it was computed: the dispatch's (incoming) or the
                // first 会签 window's (outgoing), as the document records it.
                let due = match &r.due_on {
                    Some(_) => store
                        .get_document(&r.doc_id)
                        .await
                        .map_err(|e| e.to_string())?
                        .and_then(|d| {
                            let v = if d.direction == "in" {
                                &d.data["dispatch"]["due"]
                            } else {
                                &d.data["countersigns"][0]["due"]
                            };
                            v.as_object().cloned()
                        }),
                    None => None,
                };
                let text = |k: &str| {
                    due.as_ref()
                        .and_then(|m| m.get(k))
                        .and_then(Value::as_str)
                        .map(str::to_string)
                };
                items.push(Item {
                    kind: format!("{kind} · {}", if en { enl } else { zh }),
                    title: match &r.doc_number {
                        Some(n) => format!("{} {n}", r.title),
                        None => r.title,
                    },
                    from: names.get(&r.unit).cloned().unwrap_or(r.unit),
                    due: r.due_on,
                    due_explain: text(if en { "explain_en" } else { "explain" }),
                    citation: due
                        .as_ref()
                        .and_then(|m| m.get("citation"))
                        .and_then(|c| c["text"].as_str())
                        .map(str::to_string),
                    href: format!("/ui/documents/{}", r.doc_id),
                });
            }
        }
        Ok(items)
    })
}

pub(super) fn is_office(roles: &[zhengwu_rules::Role]) -> bool {
    use zhengwu_rules::Role;
    roles.iter().any(|r| {
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

pub(super) fn unit_names(org: &Org) -> HashMap<String, String> {
    org.departments
        .iter()
        .map(|d| (d.id.clone(), d.name.clone()))
        .collect()
}

/// Status ids of both directions, in Chinese and English.
pub fn status_label(s: &str) -> (&'static str, &'static str) {
    match s {
        "registered" => ("已登记，待签收", "registered"),
        "returned" => ("已退文", "returned"),
        "withdrawn" => ("已撤回", "withdrawn"),
        "accepted" => ("已签收", "accepted"),
        "routed" => ("呈领导批示", "with the leader"),
        "instructed" => ("已批示", "instructed"),
        "dispatched" => ("已转办", "dispatched"),
        "replied" => ("已回复", "replied"),
        "closed" => ("已办结", "closed"),
        "drafting" => ("起草中", "drafting"),
        "countersigning" => ("会签中", "countersigning"),
        "signed" => ("已签发", "signed"),
        "issued" => ("已印发", "issued"),
        _ => ("未知", "unknown"),
    }
}

// ---------------------------------------------------------------------------------------------
// Calling the API in-process

pub(super) fn caller(c: &Ctx) -> Option<Caller> {
    let u = c.user.as_ref()?;
    Some(Caller {
        actor: u.actor.clone(),
        via: Via::Session {
            session_id: u.session_id.clone(),
            csrf_token: u.csrf.clone(),
        },
    })
}

pub(super) async fn body_json(res: Response) -> Result<Value, Problem> {
    let bytes = axum::body::to_bytes(res.into_body(), 64 << 20)
        .await
        .map_err(|e| Problem::internal(e.to_string()))?;
    serde_json::from_slice(&bytes).map_err(|e| Problem::internal(e.to_string()))
}

/// A refusal of the API as HTML: its title and detail, every violated rule with its article and
/// message (and the field errors).
pub(super) fn problem_html(c: &Ctx, p: &Problem) -> String {
    let mut s = format!(
        r#"<section class="card" id="problem" role="alert" tabindex="-1"><p class="refused">{}</p><p>{}</p>"#,
        esc(&p.title),
        esc(&p.detail)
    );
    if !p.violations.is_empty() {
        s.push_str(&format!(
            "<h3>{}</h3><ol class=\"violations\">",
            c.t("不予办理的依据", "Refused by")
        ));
        for v in &p.violations {
            let quote = if v.citation.quote.is_empty() {
                String::new()
            } else {
                format!(r#" <q class="quote">{}</q>"#, esc(&v.citation.quote))
            };
            s.push_str(&format!(
                r#"<li><span class="cite"><cite>{}</cite>{quote}</span><p>{}</p></li>"#,
                esc(&v.citation.text),
                esc(&v.message)
            ));
        }
        s.push_str("</ol>");
    }
    for e in &p.errors {
        s.push_str(&format!(
            "<p><code>{}</code> {}</p>",
            esc(&e.path),
            esc(&e.message)
        ));
    }
    s.push_str("</section>");
    s
}

fn findings(c: &Ctx, list: &[Finding], class: &str, id: &str) -> String {
    if list.is_empty() {
        return String::new();
    }
    let mut s = format!(r#"<ol class="{class}" id="{id}">"#);
    for f in list {
        s.push_str(&format!(
            "<li>{}<p>{}</p></li>",
            citation(&f.citation),
            esc(c.t(&f.message, &f.message_en))
        ));
    }
    s.push_str("</ol>");
    s
}

pub(super) fn csrf_rejected(state: &AppState, c: &Ctx) -> Response {
    state.metrics.refusal("csrf");
    super::bad_request(
        c,
        c.t(
            "缺少或错误的 CSRF 令牌，请刷新页面后重试。",
            "Missing or wrong CSRF token; reload the page and retry.",
        ),
    )
}

pub(super) type Pairs = Vec<(String, String)>;

pub(super) fn field(pairs: &Pairs, name: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default()
}

pub(super) fn fields(pairs: &Pairs, name: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, v)| k == name && !v.trim().is_empty())
        .map(|(_, v)| v.trim().to_string())
        .collect()
}

fn list_of(s: &str) -> Vec<String> {
    s.split(['，', ',', '、', '\n'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    lang: Option<String>,
    /// A returned document to fix and resubmit.
    from: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// The hub

/// `/ui/documents`: registration and drafting, the unit's 退文 record.
pub async fn hub(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<super::LangQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    let Some(u) = &c.user else {
        return to_login();
    };
    let mut body = format!(
        r#"<p class="row"><a class="button" id="new-incoming" href="/ui/documents/new">{}</a> <a class="button" id="new-outgoing" href="/ui/documents/draft">{}</a> <a href="/ui/inbox">{}</a></p>"#,
        c.t("收文登记 / 报送", "Register / submit a document"),
        c.t("起草发文", "Draft an outgoing document"),
        c.t("我的待办", "My inbox"),
    );
    if let Some(unit) = &u.account.department_id {
        match state.store.document_returns(unit).await {
            Ok(rs) => {
                body.push_str(&format!(
                    r#"<h2>{} <small id="return-count">{}</small></h2>"#,
                    c.t("本单位退文记录", "Our unit's returns"),
                    rs.len()
                ));
                if rs.is_empty() {
                    body.push_str(&format!(
                        r#"<p class="empty">{}</p>"#,
                        c.t("没有退文。", "No returns.")
                    ));
                } else {
                    body.push_str(&format!(
                        r#"<table class="list" id="returns"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
                        c.t("时间", "At"),
                        c.t("公文", "Document"),
                        c.t("退文理由", "Reasons")
                    ));
                    for r in rs.iter().take(50) {
                        let reasons = r
                            .reasons
                            .get("reasons")
                            .unwrap_or(&r.reasons)
                            .as_array()
                            .map(|a| {
                                a.iter()
                                    .filter_map(|f| {
                                        serde_json::from_value::<Finding>(f.clone()).ok()
                                    })
                                    .map(|f| citation(&f.citation))
                                    .collect::<Vec<_>>()
                                    .join("<br>")
                            })
                            .unwrap_or_default();
                        body.push_str(&format!(
                            r#"<tr><td>{}</td><td><a href="/ui/documents/{}">{}</a></td><td>{reasons}</td></tr>"#,
                            esc(&crate::time::date_of(&r.at)),
                            esc(&r.doc_id),
                            esc(&r.doc_id)
                        ));
                    }
                    body.push_str("</tbody></table>");
                }
            }
            Err(e) => return super::failure(&c, e),
        }
    }
    page(&c, c.t("公文", "Documents"), "/ui/documents", &body)
}

// ---------------------------------------------------------------------------------------------
// Registration (收文) and the fix-and-resubmit form

async fn org_of(state: &AppState, c: &Ctx) -> Option<Org> {
    let gov = c.user.as_ref()?.account.government_id.clone()?;
    state.store.government_org(&gov).await.ok()
}

fn register_form(c: &Ctx, org: Option<&Org>, m: &Value, problem: Option<&Problem>) -> String {
    let s = |k: &str| m.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let own = c
        .user
        .as_ref()
        .and_then(|u| u.account.department_id.clone())
        .unwrap_or_default();
    let unit_sel = {
        let unit = if s("unit").is_empty() { own } else { s("unit") };
        let units: Vec<(&str, String)> = org
            .map(|o| {
                o.departments
                    .iter()
                    .map(|d| (d.id.as_str(), d.name.clone()))
                    .collect()
            })
            .unwrap_or_default();
        options(units, &unit)
    };
    let doc_type = if s("doc_type").is_empty() {
        "请示".to_string()
    } else {
        s("doc_type")
    };
    let form = if s("form").is_empty() {
        "formal".to_string()
    } else {
        s("form")
    };
    let recipients = m
        .get("main_recipients")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("，")
        })
        .unwrap_or_else(|| "人民政府".into());
    let urgency = if s("urgency").is_empty() {
        "平件".to_string()
    } else {
        s("urgency")
    };
    let major = if m.get("major").and_then(Value::as_bool) == Some(true) {
        " checked"
    } else {
        ""
    };
    let forms = [
        ("formal", c.t("正式公文", "formal document").to_string()),
        ("呈阅件", "呈阅件".to_string()),
        ("白头文件", "白头文件".to_string()),
        ("便函", "便函".to_string()),
    ];
    let types = ["请示", "报告", "函", "意见", "通知"].map(|t| (t, t.to_string()));
    let urgencies = ["平件", "加急", "特急"].map(|t| (t, t.to_string()));
    format!(
        r#"{problem}<form method="post" action="/ui/documents/new" class="card docform" id="register-form">{csrf}
<div class="grid2">
<label for="title">{l_title}</label><input id="title" name="title" value="{title}" required maxlength="200">
<label for="unit">{l_unit}</label><select id="unit" name="unit">{unit_sel}</select>
<label for="doc_type">{l_type}</label><select id="doc_type" name="doc_type">{types}</select>
<label for="form">{l_form}</label><select id="form" name="form">{forms}</select>
<label for="doc_number">{l_number}</label><input id="doc_number" name="doc_number" value="{number}" placeholder="聊教发〔2026〕3号">
<label for="signer_name">{l_signer}</label><input id="signer_name" name="signer_name" value="{signer}">
<label for="urgency">{l_urg}</label><select id="urgency" name="urgency">{urgencies}</select>
<label for="main_recipients">{l_main}</label><input id="main_recipients" name="main_recipients" value="{recipients}">
<label for="contact">{l_contact}</label><input id="contact" name="contact" value="{contact}" placeholder="联系人：张科长，电话 0635-1234567">
<label for="matter">{l_matter}</label><input id="matter" name="matter" value="{matter}">
<label for="major">{l_major}</label><input type="checkbox" id="major" name="major" value="1"{major}>
</div>
<label for="text">{l_text}</label><textarea id="text" name="text" rows="8">{text}</textarea>
<button type="submit" id="register-submit">{submit}</button>
<p class="hint">{hint}</p>
</form>"#,
        problem = problem.map(|p| problem_html(c, p)).unwrap_or_default(),
        csrf = c.csrf_field(),
        l_title = c.t("标题", "Title"),
        l_unit = c.t("报送单位", "Submitting unit"),
        l_type = c.t("文种", "Type"),
        l_form = c.t("形式", "Form"),
        l_number = c.t("发文字号", "Reference number"),
        l_signer = c.t("签发人", "Signed by"),
        l_urg = c.t("紧急程度", "Urgency"),
        l_main = c.t("主送机关（逗号分隔）", "Main recipients (comma-separated)"),
        l_contact = c.t("附注（联系人及电话）", "Note (contact and telephone)"),
        l_matter = c.t("事项（用于呈送分管领导）", "Matter (for routing)"),
        l_major = c.t("重大事项", "Major matter"),
        l_text = c.t("正文", "Text"),
        submit = c.t("登记并校验", "Register and lint"),
        hint = c.t(
            "登记时按本级政府工作规则校验；不合规的公文当即退文，并列明每条理由所依据的条款原文。",
            "Registration lints the document by the government's Work Rules; a non-compliant document is returned at once with every reason's article and quote."
        ),
        title = esc(&s("title")),
        types = options(types, &doc_type),
        forms = options(forms, &form),
        number = esc(&s("doc_number")),
        signer = esc(&s("signer_name")),
        urgencies = options(urgencies, &urgency),
        recipients = esc(&recipients),
        contact = esc(&s("contact")),
        matter = esc(&s("matter")),
        text = esc(&s("text")),
    )
}

/// `GET /ui/documents/new[?from=<returned id>]`.
pub async fn new_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<NewQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    let Some(cl) = caller(&c) else {
        return to_login();
    };
    let org = org_of(&state, &c).await;
    let mut meta = json!({});
    let mut intro = String::new();
    if let Some(from) = q.from {
        match api::get(State(state.clone()), cl, Path(from.clone())).await {
            Ok(res) => {
                if let Ok(v) = body_json(res).await {
                    meta = v["state"]["meta"].clone();
                    let doc: Option<Incoming> = serde_json::from_value(v["state"].clone()).ok();
                    intro = format!(
                        r#"<section class="card" id="resubmit-of"><p>{} <a href="/ui/documents/{}">{}</a></p>{}</section>"#,
                        c.t(
                            "按退文理由修改后重新报送：",
                            "Fix by the reasons of the return and resubmit:"
                        ),
                        esc(&from),
                        esc(v["title"].as_str().unwrap_or("")),
                        doc.map(|d| findings(&c, &d.return_reasons, "violations", "fix-reasons"))
                            .unwrap_or_default()
                    );
                }
            }
            Err(p) => intro = problem_html(&c, &p),
        }
    }
    let body = format!("{intro}{}", register_form(&c, org.as_ref(), &meta, None));
    page(
        &c,
        c.t("收文登记", "Register a document"),
        "/ui/documents",
        &body,
    )
}

/// `POST /ui/documents/new`: registers through the API handler; a refused lint is a 退文 shown
/// on the document's page.
pub async fn new_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(pairs): Form<Pairs>,
) -> Response {
    let (c, cl) = match act::form_caller(&state, &headers, &pairs).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let number = field(&pairs, "doc_number");
    let meta = json!({
        "title": field(&pairs, "title"),
        "doc_type": field(&pairs, "doc_type"),
        "form": field(&pairs, "form"),
        "doc_number": if number.is_empty() { Value::Null } else { json!(number) },
        "signer_name": field(&pairs, "signer_name"),
        "urgency": field(&pairs, "urgency"),
        "main_recipients": list_of(&field(&pairs, "main_recipients")),
        "unit": field(&pairs, "unit"),
        "contact": field(&pairs, "contact"),
        "matter": field(&pairs, "matter"),
        "major": field(&pairs, "major") == "1",
        "text": field(&pairs, "text").replace("\r\n", "\n"),
    });
    let result = act::call(meta.clone(), "meta", |m| {
        api::register(
            State(state.clone()),
            cl,
            IdempotencyKey(None),
            ApiJson(api::RegisterBody {
                meta: m,
                attachments: Vec::new(),
            }),
        )
    })
    .await;
    submitted(
        &state,
        &c,
        result,
        c.t("收文登记", "Register a document"),
        |c, org, p| register_form(c, org, &meta, Some(p)),
    )
    .await
}

/// After a registration or a draft: the new document's page; a refusal shows the form again
/// (`form`, with the refusal) under `title` and the refusal's status.
async fn submitted(
    state: &AppState,
    c: &Ctx,
    result: Result<Response, Problem>,
    title: &str,
    form: impl FnOnce(&Ctx, Option<&Org>, &Problem) -> String,
) -> Response {
    match result {
        Ok(res) => match body_json(res).await {
            Ok(v) => Redirect::to(&format!(
                "/ui/documents/{}",
                v["id"].as_str().unwrap_or_default()
            ))
            .into_response(),
            Err(p) => super::failure(c, p.detail),
        },
        Err(p) => {
            let org = org_of(state, c).await;
            let body = form(c, org.as_ref(), &p);
            page_status(
                c,
                StatusCode::from_u16(p.status).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY),
                title,
                "/ui/documents",
                &body,
            )
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Drafting (发文)

fn draft_form(c: &Ctx, org: Option<&Org>, d: &Value, problem: Option<&Problem>) -> String {
    let s = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let own = c
        .user
        .as_ref()
        .and_then(|u| u.account.department_id.clone())
        .unwrap_or_default();
    let units: Vec<(&str, String)> = org
        .map(|o| {
            o.departments
                .iter()
                .map(|d| (d.id.as_str(), d.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    let drafter = if s("drafter").is_empty() {
        own
    } else {
        s("drafter")
    };
    let mut main_to = String::new();
    for (id, name) in &units {
        main_to.push_str(&format!(
            r#"<label class="check"><input type="checkbox" name="main_to" value="{}"> {}</label>"#,
            esc(id),
            esc(name)
        ));
    }
    let categories = [
        ("general", c.t("一般公文", "general").to_string()),
        (
            "normative_document",
            c.t("行政规范性文件", "normative document").to_string(),
        ),
        ("major_policy", c.t("重大政策", "major policy").to_string()),
    ];
    let disclosures = [
        ("proactive", c.t("主动公开", "proactive").to_string()),
        ("on_request", c.t("依申请公开", "on request").to_string()),
        ("withheld", c.t("不予公开", "withheld").to_string()),
    ];
    let issuers = [
        (
            "government",
            c.t("以政府名义", "the government").to_string(),
        ),
        ("office", c.t("以政府办公室名义", "the office").to_string()),
    ];
    let series = if s("series").is_empty() {
        c.user
            .as_ref()
            .and_then(|u| u.government.as_ref())
            .map(|g| format!("{}政发", g.name.chars().next().unwrap_or('政')))
            .unwrap_or_default()
    } else {
        s("series")
    };
    format!(
        r#"{problem}<form method="post" action="/ui/documents/draft" class="card docform" id="draft-form">{csrf}
<div class="grid2">
<label for="title">{l_title}</label><input id="title" name="title" value="{title}" required maxlength="200">
<label for="drafter">{l_drafter}</label><select id="drafter" name="drafter">{drafters}</select>
<label for="issuer">{l_issuer}</label><select id="issuer" name="issuer">{issuers}</select>
<label for="category">{l_cat}</label><select id="category" name="category">{categories}</select>
<label for="disclosure">{l_disc}</label><select id="disclosure" name="disclosure">{disclosures}</select>
<label for="disclosure_reason">{l_reason}</label><input id="disclosure_reason" name="disclosure_reason" value="{reason}">
<label for="series">{l_series}</label><input id="series" name="series" value="{series}" required maxlength="20">
<label for="portfolios">{l_port}</label><input id="portfolios" name="portfolios" type="number" min="1" max="20" value="1">
</div>
<fieldset><legend>{l_main}</legend>{main_to}</fieldset>
<label for="text">{l_text}</label><textarea id="text" name="text" rows="8">{text}</textarea>
<button type="submit" id="draft-submit">{submit}</button>
</form>"#,
        problem = problem.map(|p| problem_html(c, p)).unwrap_or_default(),
        csrf = c.csrf_field(),
        l_title = c.t("标题", "Title"),
        l_drafter = c.t("代拟部门", "Drafting department"),
        l_issuer = c.t("发文名义", "Issued in the name of"),
        l_cat = c.t("类别", "Category"),
        l_disc = c.t("公开属性", "Disclosure"),
        l_reason = c.t("不公开或依申请公开的理由", "Reason (on request / withheld)"),
        l_series = c.t("发文代字", "Number series"),
        l_port = c.t("涉及分管领导数", "Leaders' portfolios touched"),
        l_main = c.t("主送", "Main recipients"),
        l_text = c.t("正文", "Text"),
        submit = c.t("起草并生成审签链", "Draft and build the signing chain"),
        title = esc(&s("title")),
        drafters = options(units.clone(), &drafter),
        issuers = options(issuers, &s("issuer")),
        categories = options(categories, &s("category")),
        disclosures = options(disclosures, &s("disclosure")),
        reason = esc(&s("disclosure_reason")),
        series = esc(&series),
        text = esc(&s("text")),
    )
}

pub async fn draft_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<super::LangQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    if c.user.is_none() {
        return to_login();
    }
    let org = org_of(&state, &c).await;
    let body = draft_form(&c, org.as_ref(), &json!({}), None);
    page(
        &c,
        c.t("起草发文", "Draft an outgoing document"),
        "/ui/documents",
        &body,
    )
}

pub async fn draft_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(pairs): Form<Pairs>,
) -> Response {
    let (c, cl) = match act::form_caller(&state, &headers, &pairs).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let d = json!({
        "title": field(&pairs, "title"),
        "drafter": field(&pairs, "drafter"),
        "issuer": field(&pairs, "issuer"),
        "category": field(&pairs, "category"),
        "disclosure": field(&pairs, "disclosure"),
        "disclosure_reason": field(&pairs, "disclosure_reason"),
        "series": field(&pairs, "series"),
        "portfolios": field(&pairs, "portfolios").parse::<u32>().unwrap_or(1),
        "main_to": fields(&pairs, "main_to"),
        "text": field(&pairs, "text").replace("\r\n", "\n"),
        "facts": {"basis": "meeting_decision", "office_reviewed": true},
    });
    let result = act::call(d.clone(), "draft", |draft| {
        api::draft(
            State(state.clone()),
            cl,
            IdempotencyKey(None),
            ApiJson(api::DraftBody { draft }),
        )
    })
    .await;
    submitted(
        &state,
        &c,
        result,
        c.t("起草发文", "Draft an outgoing document"),
        |c, org, p| draft_form(c, org, &d, Some(p)),
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// One document

/// `GET /ui/documents/{id}`.
pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<super::LangQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    render(&state, &c, &id, None).await
}

async fn render(state: &AppState, c: &Ctx, id: &str, problem: Option<Problem>) -> Response {
    let Some(cl) = caller(c) else {
        return to_login();
    };
    let v = match api::get(State(state.clone()), cl, Path(id.to_string())).await {
        Ok(res) => match body_json(res).await {
            Ok(v) => v,
            Err(p) => return super::failure(c, p.detail),
        },
        Err(p) => {
            return page_status(
                c,
                StatusCode::from_u16(p.status).unwrap_or(StatusCode::NOT_FOUND),
                c.t("公文", "Document"),
                "/ui/documents",
                &problem_html(c, &p),
            );
        }
    };
    let org = org_of(state, c).await;
    let names = org.as_ref().map(unit_names).unwrap_or_default();
    let leader_titles: HashMap<String, String> = org
        .as_ref()
        .map(|o| {
            o.positions
                .iter()
                .map(|p| (p.id.clone(), p.title.clone()))
                .collect()
        })
        .unwrap_or_default();
    let unit_name = |u: &str| names.get(u).cloned().unwrap_or_else(|| u.to_string());
    let status = v["status"].as_str().unwrap_or("");
    let (zh, en) = status_label(status);
    let version = v["version"].as_i64().unwrap_or(0);
    let mut body = String::new();
    if let Some(p) = &problem {
        body.push_str(&problem_html(c, p));
    }
    body.push_str(&format!(
        r#"<p class="docstatus"><span class="badge st-{status}" id="doc-status" data-status="{status}">{}</span> {} <strong>{}</strong> · {} <code>{}</code>{}</p>"#,
        esc(c.t(zh, en)),
        c.t("单位", "Unit"),
        esc(&unit_name(v["unit"].as_str().unwrap_or(""))),
        c.t("编号", "Id"),
        esc(id),
        v["doc_number"]
            .as_str()
            .map(|n| format!(
                r#" · {} <strong id="doc-number">{}</strong>"#,
                c.t("文号", "Number"),
                esc(n)
            ))
            .unwrap_or_default(),
    ));
    let history;
    let actions;
    if v["direction"] == "in" {
        let doc: Incoming = match serde_json::from_value(v["state"].clone()) {
            Ok(d) => d,
            Err(e) => return super::failure(c, e),
        };
        body.push_str(&incoming_html(c, &doc, &v, &unit_name, &leader_titles));
        history = doc.history.clone();
        actions = incoming_actions(c, &doc, status, id, version, org.as_ref(), state);
    } else {
        let doc: Outgoing = match serde_json::from_value(v["state"].clone()) {
            Ok(d) => d,
            Err(e) => return super::failure(c, e),
        };
        body.push_str(&outgoing_html(c, &doc, &unit_name));
        history = doc.history.clone();
        actions = outgoing_actions(c, &doc, status, id, version, org.as_ref());
    }
    body.push_str(&actions);
    // The history kept with the state; the audit trail has every change with its citations.
    body.push_str(&format!(
        r#"<section class="card" id="history"><h2>{}</h2><table class="list"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
        c.t("办理过程", "History"),
        c.t("日期", "On"),
        c.t("办理人", "By"),
        c.t("步骤", "Step"),
        c.t("说明", "Note")
    ));
    for s in &history {
        body.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&s.on),
            esc(&s.actor),
            esc(step_label(c, &s.action)),
            esc(&s.note)
        ));
    }
    body.push_str(&format!(
        r#"</tbody></table><p><a id="audit-link" href="/ui/audit?type=document&amp;id={}">{}</a></p></section>"#,
        esc(id),
        c.t(
            "审计记录：每次变更及其依据条款",
            "Audit trail: every change with its citations"
        )
    ));
    let title = v["title"].as_str().unwrap_or("").to_string();
    let status_code = problem
        .as_ref()
        .and_then(|p| StatusCode::from_u16(p.status).ok())
        .unwrap_or(StatusCode::OK);
    page_status(c, status_code, &title, "/ui/documents", &body)
}

fn step_label<'a>(c: &Ctx, a: &'a str) -> &'a str {
    let (zh, en) = match a {
        "register" => ("登记", "registered"),
        "return" => ("退文", "returned"),
        "withdraw" => ("撤回", "withdrawn"),
        "accept" => ("签收", "accepted"),
        "route" => ("呈送领导", "routed"),
        "instruct" => ("批示", "instructed"),
        "read" => ("圈阅", "read"),
        "dispatch" => ("转办", "dispatched"),
        "reply" => ("回复", "replied"),
        "close" => ("办结", "closed"),
        "circulate" => ("传阅", "circulated"),
        "cc" => ("抄送", "copied"),
        "remind" => ("催办", "reminded"),
        "draft" => ("起草", "drafted"),
        "countersign_request" => ("发起会签", "countersign requested"),
        "countersign" => ("会签", "countersigned"),
        "sign" => ("签发", "signed"),
        "issue" => ("印发", "issued"),
        _ => return a,
    };
    c.t(zh, en)
}

fn kv(rows: &[(&str, String)]) -> String {
    let mut s = String::from(r#"<table class="list kv"><tbody>"#);
    for (k, v) in rows {
        s.push_str(&format!("<tr><th>{}</th><td>{v}</td></tr>", esc(k)));
    }
    s.push_str("</tbody></table>");
    s
}

fn incoming_html(
    c: &Ctx,
    doc: &Incoming,
    v: &Value,
    unit_name: &dyn Fn(&str) -> String,
    leaders: &HashMap<String, String>,
) -> String {
    let m = &doc.meta;
    let mut s = String::from(r#"<div class="doccols"><div>"#);
    s.push_str(&format!(
        r#"<section class="card" id="meta"><h2>{}</h2>{}</section>"#,
        c.t("公文要素", "Particulars"),
        kv(&[
            (c.t("文种", "Type"), esc(&m.doc_type)),
            (
                c.t("形式", "Form"),
                esc(if m.form == "formal" {
                    c.t("正式公文", "formal")
                } else {
                    &m.form
                })
            ),
            (
                c.t("发文字号", "Reference number"),
                esc(m.doc_number.as_deref().unwrap_or("—"))
            ),
            (c.t("签发人", "Signed by"), esc(&m.signer_name)),
            (c.t("紧急程度", "Urgency"), esc(&m.urgency)),
            (c.t("主送", "To"), esc(&m.main_recipients.join("，"))),
            (c.t("附注", "Note"), esc(&m.contact)),
            (c.t("登记日期", "Registered on"), esc(&doc.registered_on)),
        ])
    ));
    // The lint.
    let outcome = format!("{:?}", doc.lint.outcome).to_lowercase();
    s.push_str(&format!(
        r#"<section class="card" id="lint"><h2>{} <span class="outcome {outcome}" id="lint-outcome" data-outcome="{outcome}">{}</span></h2><p class="meta">{} {}</p>"#,
        c.t("登记校验", "Lint at registration"),
        esc(match outcome.as_str() {
            "refused" => c.t("不合规", "refused"),
            "warning" => c.t("有提示", "warnings"),
            _ => c.t("合规", "allowed"),
        }),
        c.t("规则版本", "Rules version"),
        esc(&doc.lint.rules_version)
    ));
    if doc.lint.violations.is_empty()
        && doc.lint.warnings.is_empty()
        && doc.lint.text_warnings.is_empty()
    {
        s.push_str(&format!(
            "<p>{}</p>",
            c.t("未发现不合规之处。", "Nothing found.")
        ));
    }
    if !doc.lint.violations.is_empty() {
        s.push_str(&format!("<h3>{}</h3>", c.t("违反规定", "Violations")));
        s.push_str(&findings(
            c,
            &doc.lint.violations,
            "violations",
            "lint-violations",
        ));
    }
    if !doc.lint.warnings.is_empty() || !doc.lint.text_warnings.is_empty() {
        s.push_str(&format!("<h3>{}</h3>", c.t("提示", "Warnings")));
        let all: Vec<Finding> = doc
            .lint
            .warnings
            .iter()
            .chain(&doc.lint.text_warnings)
            .cloned()
            .collect();
        s.push_str(&findings(c, &all, "warnings", "lint-warnings"));
    }
    s.push_str("</section>");
    if !doc.return_reasons.is_empty() || !doc.return_notes.is_empty() {
        s.push_str(&format!(
            r#"<section class="card returned" id="return"><h2>{}</h2>"#,
            c.t("退文理由", "Returned because")
        ));
        s.push_str(&findings(
            c,
            &doc.return_reasons,
            "violations",
            "return-reasons",
        ));
        for n in &doc.return_notes {
            s.push_str(&format!("<p>{}</p>", esc(n)));
        }
        if let Some(n) = v["unit_returns"].as_u64() {
            s.push_str(&format!(
                r#"<p class="meta" id="unit-returns">{} {n}</p>"#,
                c.t(
                    "报送单位累计退文次数：",
                    "Returns of the submitting unit so far:"
                )
            ));
        }
        s.push_str("</section>");
    }
    if let Some(r) = &doc.routing {
        s.push_str(&format!(
            r#"<section class="card" id="routing"><h2>{}</h2><p><strong id="routed-to" data-position="{}">{}</strong> — {}{}</p></section>"#,
            c.t("呈送领导", "With the leader"),
            esc(&r.position_id),
            esc(&r.title),
            esc(c.t(&r.reason, &r.reason_en)),
            r.substitute_for
                .as_ref()
                .map(|x| format!(
                    "（{}{}）",
                    c.t("代", "standing in for "),
                    esc(leaders.get(x).unwrap_or(x))
                ))
                .unwrap_or_default()
        ));
    }
    if let Some(i) = &doc.instruction {
        let text = match i {
            Instruction::Instruct {
                opinion,
                name,
                date,
            } => format!(
                r#"<blockquote class="instruction" id="instruction">{}</blockquote><p>{} {}</p>"#,
                esc(opinion),
                esc(name),
                esc(date)
            ),
            Instruction::Read { name, date } => format!(
                r#"<p id="instruction">{} — {} {}</p>"#,
                c.t("已圈阅", "Read"),
                esc(name),
                esc(date)
            ),
        };
        s.push_str(&format!(
            r#"<section class="card"><h2>{}</h2>{text}</section>"#,
            c.t("领导批示", "Leader's instruction")
        ));
    }
    if let Some(d) = &doc.dispatch {
        let co = d
            .co_units
            .iter()
            .map(|u| esc(&unit_name(u)))
            .collect::<Vec<_>>()
            .join("，");
        let due = d
            .due
            .as_ref()
            .map(|x| {
                format!(
                    r#"<p>{} <strong id="dispatch-due">{}</strong>（{} {}）</p><p class="explain" id="due-explain">{}</p><p>{}</p>"#,
                    c.t("办理期限", "Due"),
                    esc(&x.due),
                    c.t("自", "from"),
                    esc(&x.from),
                    esc(c.t(&x.explain, &x.explain_en)),
                    citation(&x.citation)
                )
            })
            .unwrap_or_else(|| {
                format!(
                    "<p>{}</p>",
                    c.t("本级工作规则未规定办理期限。", "The Work Rules set no deadline.")
                )
            });
        s.push_str(&format!(
            r#"<section class="card" id="dispatch"><h2>{}</h2><p>{} <strong id="lead-unit">{}</strong>{}</p>{due}</section>"#,
            c.t("转办", "Dispatched"),
            c.t("牵头单位", "Lead unit"),
            esc(&unit_name(&d.lead)),
            if co.is_empty() {
                String::new()
            } else {
                format!("；{} {co}", c.t("协办单位", "co-units"))
            }
        ));
    }
    if !doc.replies.is_empty() {
        s.push_str(&format!(
            r#"<section class="card" id="replies"><h2>{}</h2>"#,
            c.t("办理回复", "Replies")
        ));
        for r in &doc.replies {
            s.push_str(&format!(
                "<p><strong>{}</strong> {}：{}</p>",
                esc(&unit_name(&r.unit)),
                esc(&r.on),
                esc(&r.text)
            ));
        }
        s.push_str("</section>");
    }
    s.push_str("</div><div>");
    s.push_str(&format!(
        r#"<section class="card" id="doc-text"><h2>{}</h2><pre class="doctext">{}</pre></section>"#,
        c.t("正文", "Text"),
        esc(&m.text)
    ));
    s.push_str("</div></div>");
    s
}

fn form_open(c: &Ctx, id: &str, version: i64, action: &str, form_id: &str) -> String {
    format!(
        r#"<form method="post" action="/ui/documents/{}/act" class="card act" id="{form_id}">{}<input type="hidden" name="version" value="{version}"><input type="hidden" name="action" value="{action}">"#,
        esc(id),
        c.csrf_field()
    )
}

fn incoming_actions(
    c: &Ctx,
    doc: &Incoming,
    status: &str,
    id: &str,
    version: i64,
    org: Option<&Org>,
    state: &AppState,
) -> String {
    let Some(u) = &c.user else {
        return String::new();
    };
    let office = is_office(&u.actor.roles);
    let my_unit = u.account.department_id.clone().unwrap_or_default();
    let my_positions: Vec<String> = match (&u.account.person_id, org) {
        (Some(p), Some(o)) => o
            .positions
            .iter()
            .filter(|x| x.person_id.as_ref() == Some(p))
            .map(|x| x.id.clone())
            .collect(),
        _ => Vec::new(),
    };
    let today = state.today().to_string();
    let mut s = format!(
        r#"<section id="actions"><h2>{}</h2>"#,
        c.t("办理", "Actions")
    );
    let before = s.len();
    match status {
        "registered" if office => {
            let confirm = if doc.lint.text_warnings.is_empty() {
                String::new()
            } else {
                format!(
                    r#"<label><input type="checkbox" name="confirm_warnings" value="1"> {}</label> "#,
                    c.t("已核实正文提示", "I have checked the text warnings")
                )
            };
            s.push_str(&form_open(c, id, version, "accept", "accept-form"));
            s.push_str(&format!(
                r#"{confirm}<button type="submit" id="accept-submit">{}</button></form>"#,
                c.t("签收", "Accept")
            ));
            s.push_str(&form_open(c, id, version, "return", "return-form"));
            s.push_str(&format!(
                r#"<label for="notes">{}</label><textarea id="notes" name="notes" rows="2"></textarea><button type="submit" id="return-submit">{}</button></form>"#,
                c.t("退文说明（校验理由之外）", "Notes (besides the lint's reasons)"),
                c.t("退文", "Return")
            ));
        }
        "registered" if my_unit == doc.meta.unit => {
            s.push_str(&form_open(c, id, version, "withdraw", "withdraw-form"));
            s.push_str(&format!(
                r#"<button type="submit" id="withdraw-submit">{}</button></form>"#,
                c.t("撤回", "Withdraw")
            ));
        }
        "accepted" if office => {
            s.push_str(&form_open(c, id, version, "route", "route-form"));
            s.push_str(&format!(
                r#"<p class="hint">{}</p><button type="submit" id="route-submit">{}</button></form>"#,
                c.t(
                    "按分管分工呈送分管领导；重大事项呈主要负责同志。",
                    "Routes to the leader whose portfolio covers the unit or matter; major matters to the head."
                ),
                c.t("呈送领导", "Route to the leader")
            ));
        }
        "routed"
            if doc
                .routing
                .as_ref()
                .is_some_and(|r| my_positions.contains(&r.position_id)) =>
        {
            let name = u.account.display_name.clone();
            s.push_str(&form_open(c, id, version, "instruct", "instruct-form"));
            s.push_str(&format!(
                r#"<label for="opinion">{}</label><textarea id="opinion" name="opinion" rows="3"></textarea>
<div class="row"><label for="i-name">{}</label><input id="i-name" name="name" value="{}"><label for="i-date">{}</label><input id="i-date" name="date" value="{}"></div>
<button type="submit" id="instruct-submit">{}</button></form>"#,
                c.t("批示意见", "Opinion"),
                c.t("签名", "Name"),
                esc(&name),
                c.t("日期", "Date"),
                esc(&today),
                c.t("批示", "Instruct")
            ));
            s.push_str(&form_open(c, id, version, "read", "read-form"));
            s.push_str(&format!(
                r#"<input type="hidden" name="name" value="{}"><input type="hidden" name="date" value="{}"><button type="submit" id="read-submit">{}</button></form>"#,
                esc(&name),
                esc(&today),
                c.t("圈阅", "Mark as read")
            ));
        }
        "instructed" if office => {
            let units: Vec<(&str, String)> = org
                .map(|o| {
                    o.departments
                        .iter()
                        .map(|d| (d.id.as_str(), d.name.clone()))
                        .collect()
                })
                .unwrap_or_default();
            let mut co = String::new();
            for (uid, name) in &units {
                co.push_str(&format!(
                    r#"<label class="check"><input type="checkbox" name="co_units" value="{}"> {}</label>"#,
                    esc(uid),
                    esc(name)
                ));
            }
            s.push_str(&form_open(c, id, version, "dispatch", "dispatch-form"));
            s.push_str(&format!(
                r#"<div class="row"><label for="lead">{}</label><select id="lead" name="lead">{}</select><label><input type="checkbox" name="special" value="1"> {}</label></div><fieldset><legend>{}</legend>{co}</fieldset><button type="submit" id="dispatch-submit">{}</button></form>"#,
                c.t("牵头单位", "Lead unit"),
                options(units.clone(), &doc.meta.unit),
                c.t("特殊事项", "special matter"),
                c.t("协办单位", "Co-units"),
                c.t("转办", "Dispatch")
            ));
        }
        "dispatched"
            if doc
                .dispatch
                .as_ref()
                .is_some_and(|d| d.lead == my_unit || d.co_units.contains(&my_unit)) =>
        {
            s.push_str(&form_open(c, id, version, "reply", "reply-form"));
            s.push_str(&format!(
                r#"<label for="reply-text">{}</label><textarea id="reply-text" name="text" rows="3"></textarea><button type="submit" id="reply-submit">{}</button></form>"#,
                c.t("办理情况", "What was done"),
                c.t("回复", "Reply")
            ));
        }
        "dispatched" | "replied" if office => {
            if status == "dispatched" {
                s.push_str(&form_open(c, id, version, "remind", "remind-form"));
                s.push_str(&format!(
                    r#"<input name="note" placeholder="{}"><button type="submit" id="remind-submit">{}</button></form>"#,
                    c.t("催办说明", "Note"),
                    c.t("催办", "Remind")
                ));
            }
            s.push_str(&form_open(c, id, version, "close", "close-form"));
            s.push_str(&format!(
                r#"<button type="submit" id="close-submit">{}</button></form>"#,
                c.t("办结", "Close")
            ));
        }
        "returned" if my_unit == doc.meta.unit || office => {
            s.push_str(&format!(
                r#"<p><a class="button" id="resubmit-link" href="/ui/documents/new?from={}">{}</a></p>"#,
                esc(id),
                c.t("修改后重新报送", "Fix and resubmit")
            ));
        }
        _ => {}
    }
    if s.len() == before {
        return String::new();
    }
    s.push_str("</section>");
    s
}

fn outgoing_html(c: &Ctx, doc: &Outgoing, unit_name: &dyn Fn(&str) -> String) -> String {
    let d = &doc.draft;
    let mut s = String::from(r#"<div class="doccols"><div>"#);
    s.push_str(&format!(
        r#"<section class="card" id="meta"><h2>{}</h2>{}</section>"#,
        c.t("发文要素", "Particulars"),
        kv(&[
            (c.t("代拟部门", "Drafted by"), esc(&unit_name(&d.drafter))),
            (c.t("发文名义", "In the name of"), esc(&d.issuer)),
            (c.t("类别", "Category"), esc(&d.category)),
            (c.t("公开属性", "Disclosure"), esc(&d.disclosure)),
            (c.t("发文代字", "Series"), esc(&d.series)),
            (
                c.t("主送", "To"),
                esc(&d
                    .main_to
                    .iter()
                    .map(|u| unit_name(u))
                    .collect::<Vec<_>>()
                    .join("，"))
            ),
            (c.t("起草日期", "Drafted on"), esc(&doc.drafted_on)),
        ])
    ));
    // The chain from the signing matrix, and where the document stands on it.
    let signed = doc.signature.is_some();
    let countersigning = !doc.countersigns.is_empty();
    s.push_str(&format!(
        r#"<section class="card" id="chain"><h2>{}</h2><ol class="chain">"#,
        c.t("审签链", "The signing chain")
    ));
    for st in &doc.chain {
        let done = match st.step {
            zhengwu_rules::verdict::Step::Sign => signed,
            zhengwu_rules::verdict::Step::Countersign => {
                countersigning && doc.countersigns.iter().all(|x| x.replied_on.is_some())
            }
            _ => signed,
        };
        let mark = if done { "✓" } else { "○" };
        s.push_str(&format!(
            r#"<li class="{}" data-step="{:?}">{mark} <strong>{}</strong> {} {}</li>"#,
            if done { "done" } else { "pending" },
            st.step,
            esc(&st.title),
            esc(&st.note),
            st.citation.as_ref().map(citation).unwrap_or_default()
        ));
    }
    s.push_str("</ol>");
    let (zh, en) = status_label(doc.status.id());
    s.push_str(&format!(
        r#"<p id="chain-position">{} <strong>{}</strong></p>"#,
        c.t("当前所处环节：", "Where it stands: "),
        esc(c.t(zh, en))
    ));
    if !doc.warnings.is_empty() {
        s.push_str(&format!("<h3>{}</h3>", c.t("提示", "Warnings")));
        s.push_str(&findings(c, &doc.warnings, "warnings", "draft-warnings"));
    }
    s.push_str("</section>");
    if !doc.countersigns.is_empty() {
        s.push_str(&format!(
            r#"<section class="card" id="countersigns"><h2>{}</h2><table class="list"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
            c.t("会签", "Countersigning"),
            c.t("单位", "Unit"),
            c.t("期限及计算方法", "Due and how it was computed"),
            c.t("答复", "Answer"),
            c.t("理由", "Grounds")
        ));
        for x in &doc.countersigns {
            let due = x
                .due
                .as_ref()
                .map(|d| {
                    format!(
                        r#"<strong>{}</strong><br><small class="explain">{}</small><br>{}"#,
                        esc(&d.due),
                        esc(c.t(&d.explain, &d.explain_en)),
                        citation(&d.citation)
                    )
                })
                .unwrap_or_default();
            let answer = match (x.agree, &x.replied_on) {
                (Some(true), Some(on)) => format!("{} {}", c.t("同意", "agreed"), esc(on)),
                (Some(false), Some(on)) => format!("{} {}", c.t("不同意", "disagreed"), esc(on)),
                _ => c.t("未答复", "pending").to_string(),
            };
            s.push_str(&format!(
                "<tr><td>{}</td><td>{due}</td><td>{answer}</td><td>{}</td></tr>",
                esc(&unit_name(&x.unit)),
                esc(&x.grounds)
            ));
        }
        s.push_str("</tbody></table></section>");
    }
    if let Some(sig) = &doc.signature {
        s.push_str(&format!(
            r#"<section class="card" id="signature"><h2>{}</h2><p>{} <strong>{}</strong>（{}）{}</p><p>{}</p></section>"#,
            c.t("签发", "Signature"),
            c.t("签发人", "Signed by"),
            esc(&sig.name),
            esc(&sig.role),
            esc(&sig.on),
            sig.citation.as_ref().map(citation).unwrap_or_default()
        ));
    }
    if doc.status.id() == "issued" {
        s.push_str(&format!(
            r#"<section class="card" id="issued"><h2>{}</h2>{}</section>"#,
            c.t("印发", "Issued"),
            kv(&[
                (
                    c.t("文号", "Number"),
                    esc(doc.doc_number.as_deref().unwrap_or("—"))
                ),
                (
                    c.t("用印", "Sealed"),
                    c.t(
                        if doc.sealed { "是" } else { "否" },
                        if doc.sealed { "yes" } else { "no" }
                    )
                    .to_string()
                ),
                (
                    c.t("印发日期", "Issued on"),
                    esc(doc.issued_on.as_deref().unwrap_or("—"))
                ),
                (
                    c.t("已公开", "Published"),
                    c.t(
                        if doc.published { "是" } else { "否" },
                        if doc.published { "yes" } else { "no" }
                    )
                    .to_string()
                ),
            ])
        ));
    }
    s.push_str("</div><div>");
    s.push_str(&format!(
        r#"<section class="card" id="doc-text"><h2>{}</h2><pre class="doctext">{}</pre></section>"#,
        c.t("正文", "Text"),
        esc(&d.text)
    ));
    s.push_str("</div></div>");
    s
}

fn outgoing_actions(
    c: &Ctx,
    doc: &Outgoing,
    status: &str,
    id: &str,
    version: i64,
    org: Option<&Org>,
) -> String {
    let Some(u) = &c.user else {
        return String::new();
    };
    let office = is_office(&u.actor.roles);
    let my_unit = u.account.department_id.clone().unwrap_or_default();
    let drafter = my_unit == doc.draft.drafter || office;
    let leader = u.actor.roles.iter().any(|r| {
        matches!(
            r,
            zhengwu_rules::Role::Head
                | zhengwu_rules::Role::ExecutiveDeputy
                | zhengwu_rules::Role::Deputy
                | zhengwu_rules::Role::PresidingDeputy
                | zhengwu_rules::Role::SecretaryGeneral
        )
    });
    let mut s = format!(
        r#"<section id="actions"><h2>{}</h2>"#,
        c.t("办理", "Actions")
    );
    let before = s.len();
    if drafter && status == "drafting" {
        let mut units = String::new();
        for d in org.map(|o| o.departments.as_slice()).unwrap_or_default() {
            if d.id == doc.draft.drafter {
                continue;
            }
            units.push_str(&format!(
                r#"<label class="check"><input type="checkbox" name="units" value="{}"> {}</label>"#,
                esc(&d.id),
                esc(&d.name)
            ));
        }
        s.push_str(&form_open(
            c,
            id,
            version,
            "countersign_request",
            "countersign-form",
        ));
        s.push_str(&format!(
            r#"<fieldset><legend>{}</legend>{units}</fieldset><label><input type="checkbox" name="complex" value="1"> {}</label> <button type="submit" id="countersign-submit">{}</button></form>"#,
            c.t("会签单位", "Countersigning units"),
            c.t("内容复杂", "complex"),
            c.t("发起会签", "Request countersignatures")
        ));
    }
    if status == "countersigning"
        && doc
            .countersigns
            .iter()
            .any(|x| x.unit == my_unit && x.replied_on.is_none())
    {
        s.push_str(&form_open(
            c,
            id,
            version,
            "countersign_answer",
            "answer-form",
        ));
        s.push_str(&format!(
            r#"<div class="row"><label><input type="radio" name="agree" value="1" checked> {}</label><label><input type="radio" name="agree" value="0"> {}</label></div><label for="grounds">{}</label><textarea id="grounds" name="grounds" rows="2"></textarea><button type="submit" id="answer-submit">{}</button></form>"#,
            c.t("同意", "Agree"),
            c.t("不同意", "Disagree"),
            c.t("理由（不同意时必填）", "Grounds (required to disagree)"),
            c.t("会签", "Countersign")
        ));
    }
    if (status == "drafting" || status == "countersigning") && (leader || office) {
        s.push_str(&form_open(c, id, version, "sign", "sign-form"));
        s.push_str(&format!(
            r#"<label><input type="checkbox" name="head_away" value="1"> {}</label> <button type="submit" id="sign-submit">{}</button><p class="hint">{}</p></form>"#,
            c.t("主要负责同志外出", "the head is away"),
            c.t("签发", "Sign"),
            c.t(
                "按签发规定核对签发人；不是规定的签发人时不予签发，并引用条款。",
                "The signer is checked against the signing rules; a wrong signer is refused with the article."
            )
        ));
    }
    if status == "signed" && office {
        s.push_str(&form_open(c, id, version, "issue", "issue-form"));
        s.push_str(&format!(
            r#"<button type="submit" id="issue-submit">{}</button><p class="hint">{}</p></form>"#,
            c.t("编号、用印、印发", "Number, seal and issue"),
            c.t(
                "文号按发文机关、代字和年度连续编号，不留空号。",
                "The number is allocated per issuer, series and year without gaps."
            )
        ));
    }
    if s.len() == before {
        return String::new();
    }
    s.push_str("</section>");
    s
}

/// `POST /ui/documents/{id}/act`: one step through the API handler; a refusal is shown on the
/// document's page with its citations.
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
    let version = field(&pairs, "version").parse::<i64>().ok();
    let flag = |k: &str| field(&pairs, k) == "1";
    let action = field(&pairs, "action");
    let body = match action.as_str() {
        "accept" => json!({"action": "accept", "confirm_warnings": flag("confirm_warnings")}),
        "return" => json!({"action": "return", "notes": list_of(&field(&pairs, "notes"))}),
        "withdraw" | "route" | "close" | "issue" => json!({ "action": action }),
        "instruct" => json!({"action": "instruct", "opinion": field(&pairs, "opinion"),
            "name": field(&pairs, "name"), "date": field(&pairs, "date")}),
        "read" => {
            json!({"action": "read", "name": field(&pairs, "name"), "date": field(&pairs, "date")})
        }
        "dispatch" => {
            let lead = field(&pairs, "lead");
            let co: Vec<String> = fields(&pairs, "co_units")
                .into_iter()
                .filter(|u| *u != lead)
                .collect();
            json!({"action": "dispatch", "lead": lead, "co_units": co, "special": flag("special")})
        }
        "reply" => json!({"action": "reply", "text": field(&pairs, "text")}),
        "remind" => json!({"action": "remind", "note": field(&pairs, "note")}),
        "countersign_request" => json!({"action": "countersign_request",
            "units": fields(&pairs, "units"), "complex": flag("complex")}),
        "countersign_answer" => json!({"action": "countersign_answer",
            "agree": flag("agree"), "grounds": field(&pairs, "grounds")}),
        "sign" => json!({"action": "sign", "head_away": flag("head_away")}),
        _ => Value::Null,
    };
    let result = act::call(body, "action", |a: api::DocAction| {
        api::act(
            State(state.clone()),
            cl,
            Path(id.clone()),
            IfMatch(version),
            ApiJson(a),
        )
    })
    .await;
    match result {
        Ok(_) => Redirect::to(&format!("/ui/documents/{id}")).into_response(),
        Err(p) => render(&state, &c, &id, Some(p)).await,
    }
}
