//! The supervision screens (督查督办): the ledger (台账) with its 蓝黄红 / overdue colouring and
//! filters, a printable ledger and the xlsx export, an item's page with its progress timeline
//! (reports, reminders, extensions) and every deadline with how it was computed, the office's
//! actions (立项, 催办, 延期, 核查, 销号), the on-time rate per unit as plain HTML bars, and the 督办
//! tab of the inbox. The pages are clients of `api::supervision` in-process: every step goes
//! through the same handler (authorisation, domain decision, audited write) as the HTTP API.

use super::act;
use super::documents::{Pairs, caller, field, problem_html, unit_names};
use super::html::{cite, esc, options};
use super::inbox::{Item, ItemsFuture, Request, Tab};
use super::{Ctx, Lang, ctx, page, to_login};
use crate::AppState;
use crate::api::supervision as api;
use crate::extract::ApiJson;
use crate::policy::{Action, Object, authorize};
use crate::problem::Problem;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use zhengwu_domain::supervision::SOURCES;

// ---------------------------------------------------------------------------------------------
// Labels

fn status_label(c: &Ctx, s: &str) -> String {
    let (zh, en) = match s {
        "on_time" => ("正常", "on time"),
        "due_soon" => ("临期", "due soon"),
        "overdue" => ("逾期", "overdue"),
        "long_overdue" => ("严重逾期", "long overdue"),
        "escalate" => ("待约谈/升级", "to escalate"),
        "done" => ("已完成", "done"),
        "" => ("无期限", "no deadline"),
        other => return esc(other),
    };
    c.t(zh, en).to_string()
}

/// The CSS class of a status: blue (on time), yellow (due soon), red (overdue), green (done).
fn status_class(s: &str) -> &'static str {
    match s {
        "on_time" => "sv-blue",
        "due_soon" => "sv-yellow",
        "overdue" | "long_overdue" | "escalate" => "sv-red",
        "done" => "sv-done",
        _ => "sv-none",
    }
}

fn stage_label(c: &Ctx, s: &str) -> String {
    let (zh, en) = match s {
        "assigned" => ("已交办", "assigned"),
        "in_progress" => ("承办中", "in progress"),
        "reported" => ("已反馈待核查", "reported, to verify"),
        "verified" => ("已核查", "verified"),
        "closed" => ("已销号", "closed"),
        other => return esc(other),
    };
    c.t(zh, en).to_string()
}

fn source_label(c: &Ctx, s: &str) -> String {
    let en = match s {
        "meeting_decision" => "meeting decision",
        "leader_instruction" => "leader's instruction",
        "work_report" => "work report task",
        "superior_deployment" => "superior's deployment",
        "npc_suggestion" => "NPC deputies' suggestion",
        "cppcc_proposal" => "CPPCC proposal",
        "audit_finding" => "audit finding",
        "other" => "other",
        x => x,
    };
    let zh = zhengwu_domain::supervision::source_label(s).unwrap_or(s);
    c.t(zh, en).to_string()
}

fn action_label(c: &Ctx, a: &str) -> String {
    let (zh, en) = match a {
        "supervision.register" => ("立项交办", "registered"),
        "supervision.report" => ("进展反馈", "progress report"),
        "supervision.remind" => ("催办", "reminder"),
        "supervision.consent" => ("领导同意约谈", "escalation agreed"),
        "supervision.escalate" => ("约谈/升级", "escalated"),
        "supervision.extend" => ("延期", "extension"),
        "supervision.verify" => ("核查", "verified"),
        "supervision.close" => ("销号", "closed"),
        "supervision.review" => ("回头看", "review"),
        "supervision.notified" => ("发文通报", "criticised in an office document"),
        other => return esc(other),
    };
    c.t(zh, en).to_string()
}

fn office(c: &Ctx) -> bool {
    act::allowed(c, Action::Supervise, Object::Supervision { lead_unit: "" })
}

async fn names(state: &AppState, c: &Ctx) -> HashMap<String, String> {
    match act::gov(c) {
        Some(g) => state
            .store
            .government_org(&g)
            .await
            .map(|o| unit_names(&o))
            .unwrap_or_default(),
        None => HashMap::new(),
    }
}

fn name_of(names: &HashMap<String, String>, id: &str) -> String {
    names.get(id).cloned().unwrap_or_else(|| id.to_string())
}

// ---------------------------------------------------------------------------------------------
// Inbox source

/// The 督办 tab of the inbox (`ui::inbox::SOURCES`): the open items the actor may see (the
/// office: all; a department: its own), due date first, with the deadline's explanation.
pub fn inbox_items(q: Request<'_>) -> ItemsFuture<'_> {
    Box::pin(async move {
        if q.tab != Tab::Supervise {
            return Ok(Vec::new());
        }
        let Some(gov) = q.government_id else {
            return Ok(Vec::new());
        };
        let mut lq = zhengwu_store::LedgerQuery {
            government_id: gov.to_string(),
            open: Some(true),
            limit: 100,
            ..Default::default()
        };
        if let crate::policy::Reach::Department(d) = q.actor.reach() {
            lq.lead_unit = Some(d);
        }
        let (rows, _) = q
            .state
            .store
            .sup_ledger(&lq)
            .await
            .map_err(|e| e.to_string())?;
        let names = q
            .state
            .store
            .government_org(gov)
            .await
            .map(|o| unit_names(&o))
            .unwrap_or_default();
        let en = q.english;
        let mut out = Vec::new();
        for r in rows {
            if !authorize(
                q.actor,
                Action::Read,
                Object::Supervision {
                    lead_unit: &r.lead_unit,
                },
            )
            .allowed()
            {
                continue;
            }
            let limit = r.data.get("limit").filter(|l| !l.is_null());
            let (explain, citation) = match limit {
                Some(l) => (
                    Some(limit_explain(l, en)),
                    l.pointer("/citation/text")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                ),
                None => (None, None),
            };
            let status = match (r.projection.status.as_str(), en) {
                ("overdue" | "long_overdue" | "escalate", false) => " · 逾期",
                ("overdue" | "long_overdue" | "escalate", true) => " · overdue",
                ("due_soon", false) => " · 临期",
                ("due_soon", true) => " · due soon",
                _ => "",
            };
            out.push(Item {
                kind: format!(
                    "{}{status}",
                    if en {
                        "Supervised item"
                    } else {
                        "督办事项"
                    }
                ),
                title: r.title.clone(),
                from: name_of(&names, &r.lead_unit),
                due: r.projection.due_on.clone(),
                due_explain: explain,
                citation,
                href: format!("/ui/supervision/{}", r.id),
            });
        }
        Ok(out)
    })
}

/// The office's limit in words: "自 2026-03-02 起 5个工作日，另延期 3个工作日" (the period counted
/// through the working-day calendar; the page of the item shows every skipped day).
fn limit_explain(l: &Value, en: bool) -> String {
    let lang = if en { Lang::En } else { Lang::Zh };
    let period = |p: &Value| {
        p.as_object()
            .and_then(|o| o.iter().next())
            .map(|(k, n)| {
                let n = n.as_i64().unwrap_or(0);
                let (zh, en) = match k.as_str() {
                    "working_days_after" => ("个工作日", "working days"),
                    "months_after" => ("个月", "months"),
                    _ => ("日", "days"),
                };
                match lang {
                    Lang::Zh => format!("{n}{zh}"),
                    Lang::En => format!("{n} {en}"),
                }
            })
            .unwrap_or_default()
    };
    let start = l.get("start").and_then(Value::as_str).unwrap_or("");
    let mut s = match lang {
        Lang::Zh => format!("自 {start} 起 {}", period(&l["period"])),
        Lang::En => format!("{} from {start}", period(&l["period"])),
    };
    for x in l
        .get("extensions")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
    {
        s.push_str(&match lang {
            Lang::Zh => format!("，另延期 {}", period(&x["period"])),
            Lang::En => format!(", extended by {}", period(&x["period"])),
        });
    }
    s
}

// ---------------------------------------------------------------------------------------------
// The ledger

#[derive(Deserialize, Default, Clone)]
pub struct LedgerQ {
    lang: Option<String>,
    unit: Option<String>,
    source: Option<String>,
    status: Option<String>,
    /// `true` (default), `false`, `all`.
    open: Option<String>,
}

impl LedgerQ {
    fn params(&self, government_id: String) -> api::LedgerParams {
        let nz = |o: &Option<String>| o.clone().filter(|s| !s.is_empty());
        api::LedgerParams {
            government_id: Some(government_id),
            open: nz(&self.open),
            status: nz(&self.status),
            lead_unit: nz(&self.unit),
            source: nz(&self.source),
            after: None,
            limit: Some(200),
        }
    }
    fn query_string(&self) -> String {
        let mut q = Vec::new();
        for (k, v) in [
            ("unit", &self.unit),
            ("source", &self.source),
            ("status", &self.status),
            ("open", &self.open),
        ] {
            if let Some(v) = v.as_ref().filter(|s| !s.is_empty()) {
                q.push(format!("{k}={}", urlencode(v)));
            }
        }
        q.join("&")
    }
}

fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

async fn load_ledger(
    state: &AppState,
    c: &Ctx,
    q: &LedgerQ,
) -> Result<Vec<api::ItemView>, Problem> {
    let Some(cl) = caller(c) else {
        return Err(Problem::unauthenticated());
    };
    let g = act::gov(c).ok_or_else(|| Problem::invalid("government_id", "账号不属于任何政府"))?;
    let page = api::ledger(State(state.clone()), cl, Query(q.params(g))).await?;
    Ok(page.0.items)
}

fn ledger_table(
    c: &Ctx,
    items: &[api::ItemView],
    names: &HashMap<String, String>,
    links: bool,
) -> String {
    if items.is_empty() {
        return format!(
            r#"<p class="empty" id="ledger-empty">{}</p>"#,
            c.t("没有符合条件的督办事项。", "No supervised items match.")
        );
    }
    let mut s = format!(
        r#"<table class="list ledger" id="ledger"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
        c.t("事项", "Item"),
        c.t("来源", "Source"),
        c.t("牵头单位", "Lead unit"),
        c.t("责任人", "Responsible"),
        c.t("交办日期", "Assigned"),
        c.t("办理时限", "Due"),
        c.t("阶段", "Stage"),
        c.t("状态", "Status"),
        c.t("催办", "Reminders"),
    );
    for it in items {
        let title = if links {
            format!(
                r#"<a href="/ui/supervision/{}">{}</a>"#,
                esc(&it.id),
                esc(&it.title)
            )
        } else {
            esc(&it.title)
        };
        let colour = it
            .colour
            .as_deref()
            .map(|k| format!(r#" <span class="sv-colour">{}</span>"#, esc(k)))
            .unwrap_or_default();
        s.push_str(&format!(
            r#"<tr class="{cls}" data-status="{st}"><td>{title}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td><td><span class="sv-badge {cls}">{}</span>{colour}</td><td>{}</td></tr>"#,
            source_label(c, &it.source),
            esc(&name_of(names, &it.lead_unit)),
            esc(&it.responsible),
            esc(&it.assigned_on),
            esc(it.due_on.as_deref().unwrap_or("—")),
            if it.provisional {
                c.t(" (暂定)", " (provisional)")
            } else {
                ""
            },
            stage_label(c, &it.stage),
            status_label(c, &it.status),
            it.reminders_total,
            cls = status_class(&it.status),
            st = esc(&it.status),
        ));
    }
    s.push_str("</tbody></table>");
    s
}

fn legend(c: &Ctx) -> String {
    format!(
        r#"<p class="sv-legend"><span class="sv-badge sv-blue">{}</span> <span class="sv-badge sv-yellow">{}</span> <span class="sv-badge sv-red">{}</span> <span class="sv-badge sv-done">{}</span></p>"#,
        c.t("蓝：正常", "blue: on time"),
        c.t("黄：临期", "yellow: due soon"),
        c.t("红：逾期", "red: overdue"),
        c.t("已完成", "done"),
    )
}

fn new_item_form(c: &Ctx, names: &HashMap<String, String>, today: &str) -> String {
    let mut units: Vec<(&String, &String)> = names.iter().collect();
    units.sort_by(|a, b| a.1.cmp(b.1));
    let unit_opts = options(units.iter().map(|(id, n)| (id.as_str(), (*n).clone())), "");
    let src_opts = options(
        SOURCES.iter().map(|(id, _)| (*id, source_label(c, id))),
        "leader_instruction",
    );
    format!(
        r#"<details class="card" id="new-item"><summary>{summary}</summary>
<form method="post" action="/ui/supervision/new" class="act">{csrf}
<div class="grid2">
<label for="sv-title">{title}</label><input id="sv-title" name="title" required>
<label for="sv-source">{source}</label><select id="sv-source" name="source">{src_opts}</select>
<label for="sv-lead">{lead}</label><select id="sv-lead" name="lead_unit" required>{unit_opts}</select>
<label for="sv-resp">{resp}</label><input id="sv-resp" name="responsible" required>
<label for="sv-assigned">{assigned}</label><input id="sv-assigned" name="assigned_on" type="date" value="{today}">
<label for="sv-days">{days}</label><input id="sv-days" name="working_days" type="number" min="1" max="400" value="10">
</div>
<button type="submit" id="sv-new-submit">{submit}</button></form></details>"#,
        summary = c.t("立项交办", "Register an item"),
        csrf = c.csrf_field(),
        title = c.t("事项名称", "Title"),
        source = c.t("来源", "Source"),
        lead = c.t("牵头单位", "Lead unit"),
        resp = c.t("责任人", "Responsible"),
        assigned = c.t("交办日期", "Assigned on"),
        days = c.t("办理时限（工作日）", "Limit (working days)"),
        submit = c.t("立项", "Register"),
    )
}

fn filters(c: &Ctx, q: &LedgerQ, names: &HashMap<String, String>) -> String {
    let mut units: Vec<(&String, &String)> = names.iter().collect();
    units.sort_by(|a, b| a.1.cmp(b.1));
    let all = c.t("全部", "all").to_string();
    let unit_opts = options(
        std::iter::once(("", all.clone()))
            .chain(units.iter().map(|(id, n)| (id.as_str(), (*n).clone()))),
        q.unit.as_deref().unwrap_or(""),
    );
    let src_opts = options(
        std::iter::once(("", all.clone()))
            .chain(SOURCES.iter().map(|(id, _)| (*id, source_label(c, id)))),
        q.source.as_deref().unwrap_or(""),
    );
    let st_opts = options(
        std::iter::once(("", all.clone())).chain(
            [
                "on_time",
                "due_soon",
                "overdue",
                "long_overdue",
                "escalate",
                "done",
            ]
            .into_iter()
            .map(|s| (s, status_label(c, s))),
        ),
        q.status.as_deref().unwrap_or(""),
    );
    let open_opts = options(
        [
            ("true", c.t("在办", "open").to_string()),
            ("false", c.t("已办结", "finished").to_string()),
            ("all", all),
        ],
        q.open.as_deref().unwrap_or("true"),
    );
    format!(
        r#"<form method="get" action="/ui/supervision" class="row" id="ledger-filters">
<label>{} <select name="unit" id="f-unit">{unit_opts}</select></label>
<label>{} <select name="source" id="f-source">{src_opts}</select></label>
<label>{} <select name="status" id="f-status">{st_opts}</select></label>
<label>{} <select name="open" id="f-open">{open_opts}</select></label>
<button type="submit" id="filter-submit">{}</button></form>"#,
        c.t("单位", "Unit"),
        c.t("来源", "Source"),
        c.t("状态", "Status"),
        c.t("范围", "Scope"),
        c.t("筛选", "Filter"),
    )
}

/// `GET /ui/supervision`: the ledger.
pub async fn ledger(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LedgerQ>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    if c.user.is_none() {
        return to_login();
    }
    ledger_page(&state, &c, &q, None).await
}

async fn ledger_page(state: &AppState, c: &Ctx, q: &LedgerQ, problem: Option<Problem>) -> Response {
    let names = names(state, c).await;
    let items = match load_ledger(state, c, q).await {
        Ok(v) => v,
        Err(p) => {
            return act::refusal_page(c, &p, c.t("督查督办", "Supervision"), "/ui/supervision");
        }
    };
    let qs = q.query_string();
    let mut body = String::new();
    if let Some(p) = &problem {
        body.push_str(&problem_html(c, p));
    }
    body.push_str(&filters(c, q, &names));
    body.push_str(&format!(
        r#"<p class="row"><a class="button" id="print-link" href="/ui/supervision/print?{qs}">{}</a> "#,
        c.t("打印台账", "Printable ledger")
    ));
    if office(c) {
        body.push_str(&format!(
            r#"<a class="button" id="xlsx-link" href="/ui/supervision/export.xlsx?{qs}">{}</a> <a class="button" id="report-link" href="/ui/supervision/report">{}</a>"#,
            c.t("导出 Excel", "Export to Excel"),
            c.t("按时办结率", "On-time rate by unit")
        ));
    }
    body.push_str("</p>");
    body.push_str(&legend(c));
    body.push_str(&ledger_table(c, &items, &names, true));
    if office(c) {
        body.push_str(&new_item_form(c, &names, &state.today().to_string()));
    }
    act::page_for(
        c,
        problem.as_ref(),
        c.t("督查督办台账", "Supervision ledger"),
        "/ui/supervision",
        &body,
    )
}

/// `GET /ui/supervision/print`: the ledger laid out for printing (no menu, no forms).
pub async fn print(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LedgerQ>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    if c.user.is_none() {
        return to_login();
    }
    let names = names(&state, &c).await;
    let items = match load_ledger(&state, &c, &q).await {
        Ok(v) => v,
        Err(p) => {
            return act::refusal_page(
                &c,
                &p,
                c.t("督查督办台账", "Supervision ledger"),
                "/ui/supervision",
            );
        }
    };
    let gov_name = c
        .user
        .as_ref()
        .and_then(|u| u.government.as_ref())
        .map(|g| g.name.clone())
        .unwrap_or_default();
    let body = format!(
        r#"<p class="meta" id="print-head">{} · {} {} · {} {}</p><p><button type="button" data-print>{}</button></p>{}{}"#,
        esc(&gov_name),
        c.t("截至", "as of"),
        esc(&state.today().to_string()),
        items.len(),
        c.t("项", "items"),
        c.t("打印", "Print"),
        legend(&c),
        ledger_table(&c, &items, &names, false)
    );
    page(
        &c,
        c.t("督查督办台账（打印）", "Supervision ledger (print)"),
        "/ui/supervision",
        &body,
    )
}

/// `GET /ui/supervision/export.xlsx`: the API's workbook.
pub async fn export(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LedgerQ>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    let Some(cl) = caller(&c) else {
        return to_login();
    };
    let Some(g) = act::gov(&c) else {
        return super::forbidden(
            &c,
            c.t("账号不属于任何政府", "The account belongs to no government"),
        );
    };
    match api::export(State(state.clone()), cl, Query(q.params(g))).await {
        Ok(mut res) => {
            if let Ok(v) = axum::http::HeaderValue::from_str(
                "attachment; filename=\"supervision-ledger.xlsx\"",
            ) {
                res.headers_mut()
                    .insert(axum::http::header::CONTENT_DISPOSITION, v);
            }
            res
        }
        Err(p) => act::refusal_page(&c, &p, c.t("督查督办", "Supervision"), "/ui/supervision"),
    }
}

/// `GET /ui/supervision/report`: the on-time rate per unit as bars.
pub async fn report(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<super::LangQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    let Some(cl) = caller(&c) else {
        return to_login();
    };
    let title = c.t("按时办结率", "On-time rate by unit");
    let r = api::reports(
        State(state.clone()),
        cl,
        Query(api::ReportParams {
            government_id: act::gov(&c),
            by: Some("unit".into()),
        }),
    )
    .await;
    let r = match r {
        Ok(r) => r.0,
        Err(p) => {
            return act::refusal_page(&c, &p, title, "/ui/supervision");
        }
    };
    let names = names(&state, &c).await;
    let mut body = format!(
        r#"<p class="meta">{} {} · {}</p><table class="list bars" id="on-time-chart"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
        c.t("截至", "As of"),
        esc(&r.as_of),
        c.t(
            "按时办结率 = 按时办结数 ÷ 已办结数",
            "on-time rate = completed on time ÷ completed"
        ),
        c.t("单位", "Unit"),
        c.t("按时办结率", "On-time rate"),
        c.t("事项/在办", "Items/open"),
        c.t("逾期", "Overdue"),
        c.t("已办结/按时", "Completed/on time"),
    );
    for row in &r.rows {
        let (bar, label) = match row.on_time_rate {
            Some(rate) => {
                let pct = (rate * 100.0).round().clamp(0.0, 100.0) as u32;
                (
                    format!(
                        r#"<span class="bar"><span class="bar-fill w{}"></span></span>"#,
                        pct / 5 * 5
                    ),
                    format!("{pct}%"),
                )
            }
            None => (
                r#"<span class="bar"></span>"#.to_string(),
                c.t("尚无办结", "nothing completed").to_string(),
            ),
        };
        body.push_str(&format!(
            r#"<tr><td>{}</td><td class="barcell">{bar} <span class="bar-label">{label}</span></td><td>{}/{}</td><td class="{}">{}</td><td>{}/{}</td></tr>"#,
            esc(&name_of(&names, &row.key)),
            row.total,
            row.open,
            if row.overdue > 0 { "sv-red" } else { "" },
            row.overdue,
            row.completed,
            row.completed_on_time
        ));
    }
    body.push_str("</tbody></table>");
    page(&c, title, "/ui/supervision", &body)
}

// ---------------------------------------------------------------------------------------------
// 立项

/// `POST /ui/supervision/new`: registers an item through the API.
pub async fn new_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(pairs): Form<Pairs>,
) -> Response {
    let (c, cl) = match act::form_caller(&state, &headers, &pairs).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(g) = act::gov(&c) else {
        return super::forbidden(
            &c,
            c.t("账号不属于任何政府", "The account belongs to no government"),
        );
    };
    let days = field(&pairs, "working_days").parse::<u32>().ok();
    let assigned = field(&pairs, "assigned_on");
    let body = json!({
        "government_id": g,
        "source": field(&pairs, "source"),
        "title": field(&pairs, "title"),
        "lead_unit": field(&pairs, "lead_unit"),
        "responsible": field(&pairs, "responsible"),
        "assigned_on": if assigned.is_empty() { Value::Null } else { json!(assigned) },
        "limit": days.map(|d| json!({"working_days_after": d})),
    });
    let result = act::call(body, "item", |n: api::NewItem| {
        api::create(State(state.clone()), cl, ApiJson(n))
    })
    .await;
    match result {
        Ok(res) => act::to_created(res, "/ui/supervision").await,
        Err(p) => ledger_page(&state, &c, &LedgerQ::default(), Some(p)).await,
    }
}

// ---------------------------------------------------------------------------------------------
// The item

/// `GET /ui/supervision/{id}`.
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

/// A verdict deadline's status in words.
pub(super) fn deadline_status(c: &Ctx, st: &str) -> String {
    let (zh, en) = match st {
        "met" => ("按期", "met"),
        "missed" => ("已逾期", "missed"),
        "pending" => ("未到期", "pending"),
        other => return esc(other),
    };
    c.t(zh, en).to_string()
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

fn period_text(c: &Ctx, p: &Value) -> String {
    if let Some(obj) = p.as_object()
        && let Some((k, n)) = obj.iter().next()
    {
        let n = n.as_i64().unwrap_or(0);
        let (zh, en) = match k.as_str() {
            "working_days_after" => ("个工作日", "working days"),
            "calendar_days_after" | "days_after" => ("日", "days"),
            "months_after" => ("个月", "months"),
            _ => ("", k.as_str()),
        };
        return match c.lang {
            Lang::Zh => format!("{n}{zh}"),
            Lang::En => format!("{n} {en}"),
        };
    }
    esc(&p.to_string())
}

async fn render(state: &AppState, c: &Ctx, id: &str, problem: Option<Problem>) -> Response {
    let Some(cl) = caller(c) else {
        return to_login();
    };
    let d = match api::get(State(state.clone()), cl, Path(id.to_string())).await {
        Ok(d) => d.0,
        Err(p) => {
            return act::refusal_page(c, &p, c.t("督办事项", "Supervised item"), "/ui/supervision");
        }
    };
    let names = names(state, c).await;
    let v = &d.view;
    let item = &v.item;
    let mut body = String::new();
    if let Some(p) = &problem {
        body.push_str(&problem_html(c, p));
    }
    let colour = v
        .colour
        .as_deref()
        .map(|k| format!(r#" <span class="sv-colour">{}</span>"#, esc(k)))
        .unwrap_or_default();
    body.push_str(&format!(
        r#"<section class="card"><p><span class="sv-badge {cls}" id="item-status" data-status="{st}">{}</span>{colour} <span class="badge" id="item-stage">{}</span></p>
<table class="list kv"><tbody>
<tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td>{}</td></tr>
<tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td id="item-due">{}</td></tr>
</tbody></table></section>"#,
        status_label(c, &v.status),
        stage_label(c, &v.stage),
        c.t("来源", "Source"),
        source_label(c, &v.source),
        c.t("牵头单位", "Lead unit"),
        esc(&name_of(&names, &v.lead_unit)),
        c.t("协办单位", "Co-units"),
        esc(&item
            .get("co_units")
            .and_then(Value::as_array)
            .map(|a| a
                .iter()
                .filter_map(Value::as_str)
                .map(|u| name_of(&names, u))
                .collect::<Vec<_>>()
                .join("、"))
            .unwrap_or_default()),
        c.t("责任人", "Responsible"),
        esc(&v.responsible),
        c.t("交办日期", "Assigned on"),
        esc(&v.assigned_on),
        c.t("办理时限", "Due"),
        esc(v.due_on.as_deref().unwrap_or("—")),
        cls = status_class(&v.status),
        st = esc(&v.status),
    ));

    // The current step in the government's own words (R5.03), with its article.
    if let Some(step) = &d.step {
        let text = |k: &str| {
            step.get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let cites = step
            .get("citations")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|c| c.get("text").and_then(Value::as_str))
                    .collect::<Vec<_>>()
                    .join("；")
            })
            .unwrap_or_default();
        let approval = text("approval");
        body.push_str(&format!(
            r#"<section class="card"><p>{}: <strong id="item-step">{}</strong>{} <span class="cite">{}</span></p></section>"#,
            c.t("当前步骤", "Current step"),
            esc(&text("name")),
            if approval.is_empty() {
                String::new()
            } else {
                format!("（{}）", esc(&approval))
            },
            esc(&cites),
        ));
    }

    // Every deadline with how it was computed and its article.
    let deadlines = d
        .verdict
        .get("deadlines")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    body.push_str(&format!(
        r#"<section class="card"><h2>{}</h2>"#,
        c.t("期限及其计算", "Deadlines and how they were computed")
    ));
    if deadlines.is_empty() {
        body.push_str(&format!(
            r#"<p class="empty">{}</p>"#,
            c.t("本事项没有期限。", "This item has no deadline.")
        ));
    } else {
        body.push_str(&format!(
            r#"<table class="list deadlines" id="deadlines"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
            c.t("事项", "What"),
            c.t("期限", "Due"),
            c.t("状态", "Status"),
            c.t("计算方法与依据", "How it was computed, and the article")
        ));
        for dl in &deadlines {
            let what = if c.lang == Lang::En && !s(dl, "what_en").is_empty() {
                s(dl, "what_en")
            } else {
                s(dl, "what")
            };
            let explain = if c.lang == Lang::En && !s(dl, "explain_en").is_empty() {
                s(dl, "explain_en")
            } else {
                s(dl, "explain")
            };
            let st = s(dl, "status");
            let stc = match st {
                "met" => "Met",
                "missed" => "Missed",
                _ => "Pending",
            };
            body.push_str(&format!(
                r#"<tr><td>{}</td><td>{}</td><td class="st-{stc}">{}</td><td><p class="explain">{}</p>{}</td></tr>"#,
                esc(what),
                esc(s(dl, "due")),
                deadline_status(c, st),
                esc(explain),
                cite(
                    s(&dl["citation"], "text"),
                    s(&dl["citation"], "quote")
                )
            ));
        }
        body.push_str("</tbody></table>");
    }
    for (key, class, id, title_zh, title_en) in [
        (
            "violations",
            "violations",
            "item-violations",
            "违反的规定",
            "Rules broken",
        ),
        ("warnings", "warnings", "item-warnings", "提示", "Warnings"),
    ] {
        let list = d
            .verdict
            .get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if list.is_empty() {
            continue;
        }
        body.push_str(&format!(
            r#"<h3>{}</h3><ol class="{class}" id="{id}">"#,
            c.t(title_zh, title_en)
        ));
        for f in &list {
            let msg = if c.lang == Lang::En && !s(f, "message_en").is_empty() {
                s(f, "message_en")
            } else {
                s(f, "message")
            };
            body.push_str(&format!(
                "<li>{}<p>{}</p></li>",
                cite(s(&f["citation"], "text"), s(&f["citation"], "quote")),
                esc(msg)
            ));
        }
        body.push_str("</ol>");
    }
    body.push_str("</section>");

    // The progress timeline: the audit trail of the item, with the reports' text and the
    // extensions' terms.
    let events = state
        .store
        .audit_for_object("supervision_item", id)
        .await
        .unwrap_or_default();
    let progress = item
        .get("progress")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let extensions = item
        .pointer("/limit/extensions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let (mut pi, mut ei) = (0usize, 0usize);
    body.push_str(&format!(
        r#"<section class="card"><h2>{}</h2><ol class="timeline" id="timeline">"#,
        c.t("办理过程（北京时间）", "Progress timeline (Beijing time)")
    ));
    for e in &events {
        let at = crate::time::minute(e.at);
        let mut detail = String::new();
        match e.action.as_str() {
            "supervision.report" => {
                if let Some(p) = progress.get(pi) {
                    detail = format!(
                        "{}{}",
                        esc(s(p, "text")),
                        if p.get("completed").and_then(Value::as_bool) == Some(true) {
                            c.t("（报告办结）", " (reported complete)")
                        } else {
                            ""
                        }
                    );
                }
                pi += 1;
            }
            "supervision.extend" => {
                if let Some(x) = extensions.get(ei) {
                    detail = format!(
                        "{} {} · {} {}{}",
                        c.t("延长", "extended by"),
                        period_text(c, &x["period"]),
                        c.t("同意人", "agreed by"),
                        esc(s(x, "agreed_by")),
                        if s(x, "reason").is_empty() {
                            String::new()
                        } else {
                            format!(" · {}", esc(s(x, "reason")))
                        }
                    );
                }
                ei += 1;
            }
            _ => {}
        }
        let cites: String = e
            .citations
            .iter()
            .map(|ct| cite(s(ct, "text"), s(ct, "quote")))
            .collect::<Vec<_>>()
            .join(" ");
        body.push_str(&format!(
            r#"<li class="ev" data-action="{}"><time>{}</time> <strong>{}</strong> <span class="meta">{}</span>{}{}</li>"#,
            esc(&e.action),
            esc(&at),
            action_label(c, &e.action),
            esc(&e.actor),
            if detail.is_empty() {
                String::new()
            } else {
                format!("<p>{detail}</p>")
            },
            if cites.is_empty() {
                String::new()
            } else {
                format!(r#"<details><summary>{}</summary>{cites}</details>"#, c.t("依据", "Basis"))
            }
        ));
    }
    for n in &d.notices {
        body.push_str(&format!(
            r#"<li class="ev notice"><time>{}</time> <strong>{}</strong> <span class="meta">{}</span><p>{}</p></li>"#,
            esc(&crate::time::minute_of(s(n, "sent_at"))),
            c.t("系统提醒", "Scheduler notice"),
            esc(s(n, "kind")),
            esc(s(n, "message"))
        ));
    }
    body.push_str("</ol></section>");

    body.push_str(&inspections(c, v));
    body.push_str(&actions(c, v, office(c)));
    body.push_str(&format!(
        r#"<p><a href="/ui/audit?type=supervision_item&amp;id={}">{}</a> · <a href="/ui/supervision">{}</a></p>"#,
        esc(id),
        c.t("审计记录", "Audit trail"),
        c.t("返回台账", "Back to the ledger")
    ));
    act::page_for(c, problem.as_ref(), &v.title, "/ui/supervision", &body)
}

/// The field inspections (督查调研/实地督查) recorded on the item, with the SOFT articles they did
/// not meet (R5.06).
fn inspections(c: &Ctx, v: &api::ItemView) -> String {
    let Some(list) = v.item["field_inspections"]
        .as_array()
        .filter(|l| !l.is_empty())
    else {
        return String::new();
    };
    let mut b = format!(
        r#"<section class="card" id="field-inspections"><h2>{}</h2><ul>"#,
        c.t("实地督查", "Field inspections")
    );
    for f in list {
        let mut flags = Vec::new();
        for (k, zh, en) in [
            ("by_department", "以部门名义", "in a department's name"),
            ("cross_department", "跨部门", "cross-department"),
            ("in_annual_plan", "年度计划内", "in the annual plan"),
            ("blanket", "全覆盖", "blanket"),
            (
                "unified_deployment",
                "统一部署",
                "deployed by the Party committee and government",
            ),
        ] {
            if f[k].as_bool() == Some(true) {
                flags.push(c.t(zh, en));
            }
        }
        let approved = s(f, "approved_by");
        let warn: String = f["warnings"]
            .as_array()
            .map(|w| {
                w.iter()
                    .map(|ct| cite(s(ct, "text"), s(ct, "quote")))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        b.push_str(&format!(
            r#"<li><time>{}</time> {} <span class="meta">{}</span>{}{}{}</li>"#,
            esc(s(f, "on")),
            esc(s(f, "by_unit")),
            esc(&flags.join("、")),
            if approved.is_empty() {
                String::new()
            } else {
                format!(" · {} {}", c.t("批准", "approved by"), esc(approved))
            },
            if s(f, "note").is_empty() {
                String::new()
            } else {
                format!("<p>{}</p>", esc(s(f, "note")))
            },
            if warn.is_empty() {
                String::new()
            } else {
                format!(
                    r#"<p class="warn">{} {warn}</p>"#,
                    c.t("提示：", "Warning:")
                )
            }
        ));
    }
    b.push_str("</ul></section>");
    b
}

fn form_open(c: &Ctx, v: &api::ItemView, command: &str, id: &str) -> String {
    format!(
        r#"<form method="post" action="/ui/supervision/{}/act" class="act" id="{id}">{}<input type="hidden" name="version" value="{}"><input type="hidden" name="command" value="{command}">"#,
        esc(&v.id),
        c.csrf_field(),
        v.version
    )
}

fn actions(c: &Ctx, v: &api::ItemView, office: bool) -> String {
    let open = matches!(v.stage.as_str(), "assigned" | "in_progress" | "reported");
    let mut s = format!(
        r#"<section class="card" id="actions"><h2>{}</h2>"#,
        c.t("办理", "Act")
    );
    if open {
        s.push_str(&form_open(c, v, "report", "f-report"));
        s.push_str(&format!(
            r#"<label for="report-text">{}</label><textarea id="report-text" name="text" rows="2" required></textarea>
<label class="check"><input type="checkbox" name="completed" value="1" id="report-completed"> {}</label>
<button type="submit" id="report-submit">{}</button></form>"#,
            c.t("进展反馈", "Progress report"),
            c.t("已办结", "Completed"),
            c.t("反馈", "Report")
        ));
    }
    if office && open {
        s.push_str(&form_open(c, v, "remind", "f-remind"));
        s.push_str(&format!(
            r#"<button type="submit" id="remind-submit">{}</button></form>"#,
            c.t("催办", "Send a reminder")
        ));
        s.push_str(&form_open(c, v, "extend", "f-extend"));
        s.push_str(&format!(
            r#"<fieldset><legend>{}</legend><label>{} <input type="number" name="days" id="extend-days" min="1" max="400" value="5"></label>
<label>{} <input name="agreed_by" id="extend-by" required></label> <label>{} <input name="reason" id="extend-reason"></label>
<button type="submit" id="extend-submit">{}</button></fieldset></form>"#,
            c.t("延期", "Extension"),
            c.t("延长工作日", "Working days"),
            c.t("同意人", "Agreed by"),
            c.t("理由", "Reason"),
            c.t("延期", "Extend")
        ));
        s.push_str(&form_open(c, v, "consent", "f-consent"));
        s.push_str(&format!(
            r#"<label>{} <input name="by" id="consent-by"></label> <button type="submit" id="consent-submit">{}</button></form>"#,
            c.t("同意约谈的领导", "Leader agreeing to escalate"),
            c.t("记录同意", "Record consent")
        ));
        s.push_str(&form_open(c, v, "field_inspection", "f-inspect"));
        s.push_str(&format!(
            r#"<fieldset><legend>{}</legend><label>{} <input name="by_unit" id="inspect-unit" required></label>
<label class="check"><input type="checkbox" name="in_annual_plan" value="1" id="inspect-plan"> {}</label>
<label class="check"><input type="checkbox" name="by_department" value="1" id="inspect-dept"> {}</label>
<label class="check"><input type="checkbox" name="cross_department" value="1" id="inspect-cross"> {}</label>
<label class="check"><input type="checkbox" name="blanket" value="1" id="inspect-blanket"> {}</label>
<label class="check"><input type="checkbox" name="unified_deployment" value="1" id="inspect-deployed"> {}</label>
<label>{} <input name="approved_by" id="inspect-approved"></label> <label>{} <input name="note" id="inspect-note"></label>
<button type="submit" id="inspect-submit">{}</button></fieldset></form>"#,
            c.t("实地督查", "Field inspection"),
            c.t("实施单位", "By unit"),
            c.t("列入年度计划", "In the annual plan"),
            c.t("以部门名义开展", "Run by a department in its own name"),
            c.t("跨部门", "Cross-department"),
            c.t("全覆盖", "Blanket (whole jurisdiction)"),
            c.t("党委、政府统一部署", "Deployed by the Party committee and government"),
            c.t("批准人", "Approved by"),
            c.t("说明", "Note"),
            c.t("记录", "Record")
        ));
        s.push_str(&form_open(c, v, "escalate", "f-escalate"));
        s.push_str(&format!(
            r#"<button type="submit" id="escalate-submit">{}</button></form>"#,
            c.t("约谈/升级", "Escalate")
        ));
    }
    if office && v.stage == "reported" {
        s.push_str(&form_open(c, v, "verify", "f-verify"));
        s.push_str(&format!(
            r#"<fieldset><legend>{}</legend><label>{} <input name="note" id="verify-note"></label>
<label class="check"><input type="radio" name="passed" value="1" checked> {}</label><label class="check"><input type="radio" name="passed" value="0"> {}</label>
<button type="submit" id="verify-submit">{}</button></fieldset></form>"#,
            c.t("核查", "Verify"),
            c.t("核查意见", "Note"),
            c.t("通过", "Passed"),
            c.t("退回重办", "Send back"),
            c.t("核查", "Verify")
        ));
    }
    if office && matches!(v.stage.as_str(), "verified" | "reported") {
        s.push_str(&form_open(c, v, "close", "f-close"));
        s.push_str(&format!(
            r#"<button type="submit" id="close-submit">{}</button></form>"#,
            c.t("销号", "Close")
        ));
    }
    if office && v.stage == "closed" {
        s.push_str(&form_open(c, v, "review", "f-review"));
        s.push_str(&format!(
            r#"<label>{} <input name="finding" id="review-finding" required></label> <button type="submit" id="review-submit">{}</button></form>"#,
            c.t("回头看", "Review"),
            c.t("记录", "Record")
        ));
    }
    s.push_str("</section>");
    s
}

/// `POST /ui/supervision/{id}/act`: one command through the API handler; a refusal is shown on
/// the item's page with its citations.
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
    let command = field(&pairs, "command");
    let body = match command.as_str() {
        "report" => json!({"command": "report", "text": field(&pairs, "text"),
            "completed": field(&pairs, "completed") == "1"}),
        "remind" | "escalate" | "close" | "notified" => json!({ "command": command }),
        "consent" => json!({"command": "consent", "by": field(&pairs, "by")}),
        "extend" => json!({"command": "extend",
            "period": {"working_days_after": field(&pairs, "days").parse::<u32>().unwrap_or(0)},
            "agreed_by": field(&pairs, "agreed_by"), "reason": field(&pairs, "reason")}),
        "verify" => json!({"command": "verify", "passed": field(&pairs, "passed") != "0",
            "note": field(&pairs, "note")}),
        "review" => json!({"command": "review", "finding": field(&pairs, "finding")}),
        "field_inspection" => {
            let approved = field(&pairs, "approved_by");
            json!({"command": "field_inspection", "by_unit": field(&pairs, "by_unit"),
                "cross_department": field(&pairs, "cross_department") == "1",
                "by_department": field(&pairs, "by_department") == "1",
                "in_annual_plan": field(&pairs, "in_annual_plan") == "1",
                "blanket": field(&pairs, "blanket") == "1",
                "unified_deployment": field(&pairs, "unified_deployment") == "1",
                "approved_by": if approved.trim().is_empty() { Value::Null } else { json!(approved) },
                "note": field(&pairs, "note")})
        }
        _ => Value::Null,
    };
    let mut obj = body;
    if let Some(o) = obj.as_object_mut() {
        o.insert("version".into(), json!(version));
    }
    let result = act::call(obj, "command", |b: api::ActionBody| {
        api::action(State(state.clone()), cl, Path(id.clone()), ApiJson(b))
    })
    .await;
    match result {
        Ok(_) => Redirect::to(&format!("/ui/supervision/{id}")).into_response(),
        Err(p) => render(&state, &c, &id, Some(p)).await,
    }
}

/// Adds the supervision routes.
pub fn routes(r: axum::Router<AppState>) -> axum::Router<AppState> {
    use axum::routing::{get, post};
    r.route("/ui/supervision", get(ledger))
        .route("/ui/supervision/print", get(print))
        .route("/ui/supervision/export.xlsx", get(export))
        .route("/ui/supervision/report", get(report))
        .route("/ui/supervision/new", post(new_submit))
        .route("/ui/supervision/{id}", get(show))
        .route("/ui/supervision/{id}/act", post(act))
}
