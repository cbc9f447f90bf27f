//! 节假日安排: the holiday schedules the server counts on (the years loaded into the database with
//! their source notice, the shipped years, the provisional ones) and, for the office, the form that
//! loads a newly announced year. The form posts to the API's handler in-process
//! (`api::calendar::load`), so validation, authorisation, the audited write and the re-projection
//! of the open deadlines are the API's; a refused file is shown beside the field, with what was
//! pasted kept in it.

use super::act;
use super::documents::{Pairs, field, problem_html};
use super::html::esc;
use super::{Ctx, ctx, to_login};
use crate::AppState;
use crate::api::calendar as api;
use crate::extract::ApiJson;
use crate::policy::{Action, Object};
use crate::problem::Problem;
use axum::extract::{Form, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Default, Deserialize)]
pub struct CalendarQuery {
    pub lang: Option<String>,
    /// The year just loaded (after the form's redirect).
    pub loaded: Option<i64>,
    /// Deadlines that moved with it.
    pub moved: Option<usize>,
}

/// `GET /ui/calendar`.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<CalendarQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    if c.user.is_none() {
        return to_login();
    }
    let done = q.loaded.map(|y| (y, q.moved.unwrap_or(0)));
    render(&state, &c, "", None, done).await
}

/// `POST /ui/calendar`: loads the pasted year through the API.
pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(pairs): Form<Pairs>,
) -> Response {
    let (c, cl) = match act::form_caller(&state, &headers, &pairs).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let source = field(&pairs, "source");
    let result = act::call(json!({ "source": source }), "source", |b: api::LoadYear| {
        api::load(State(state.clone()), cl, ApiJson(b))
    })
    .await;
    match result {
        Ok(axum::Json(l)) => {
            let moved = l
                .reprojected
                .as_object()
                .map(|o| {
                    ["supervision", "disclosure", "followup", "assigned_work"]
                        .iter()
                        .filter_map(|k| o.get(*k).and_then(serde_json::Value::as_u64))
                        .sum::<u64>()
                })
                .unwrap_or(0);
            Redirect::to(&format!("/ui/calendar?loaded={}&moved={moved}", l.year)).into_response()
        }
        Err(p) => render(&state, &c, &source, Some(p), None).await,
    }
}

async fn render(
    state: &AppState,
    c: &Ctx,
    source: &str,
    problem: Option<Problem>,
    done: Option<(i64, usize)>,
) -> Response {
    let en = c.lang == super::Lang::En;
    let years = match api::years(state, en).await {
        Ok(y) => y,
        Err(p) => return act::refusal_page(c, &p, c.t("节假日安排", "Holiday calendar"), ""),
    };
    let mut body = String::new();
    if let Some((year, moved)) = done {
        body.push_str(&format!(
            r#"<section class="card" id="loaded" role="status"><p class="allowed">{}</p></section>"#,
            esc(&if en {
                format!("The {year} schedule is loaded; {moved} open deadline(s) were re-projected.")
            } else {
                format!("已载入 {year} 年节假日安排，{moved} 项未办结期限已重新计算。")
            })
        ));
    }
    body.push_str(&format!(
        r#"<p class="meta">{}</p>"#,
        c.t(
            "期限按国务院办公厅每年公布的节假日安排计算；尚未载入通知的年份仅按法定节日推算，相关期限标为“暂定”。载入新公布年度后，所有未办结期限立即重新计算。",
            "Deadlines are counted on the State Council's annual holiday notices; a year without a loaded notice is estimated from the statutory holidays and its deadlines are marked provisional. Loading a newly announced year re-projects every open deadline at once."
        )
    ));
    // The loaded years.
    body.push_str(&format!(
        r#"<section class="card"><h2>{}</h2>"#,
        c.t("已载入的年度", "Loaded years")
    ));
    if years.loaded.is_empty() {
        body.push_str(&format!(
            r#"<p id="no-loaded">{}</p>"#,
            c.t("尚未载入任何年度。", "No year has been loaded.")
        ));
    } else {
        body.push_str(&format!(
            r#"<table class="list" id="loaded-years"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
            c.t("年度", "Year"),
            c.t("依据通知", "Source notice"),
            c.t("放假日 / 调休上班日", "Days off / make-up days"),
            c.t("版本", "Version"),
            c.t("载入时间", "Loaded at"),
        ));
        for y in &years.loaded {
            let notices = if y.status == "invalid" {
                format!(
                    r#"<span class="refused">{}</span>"#,
                    c.t(
                        "存储的文件无法解析，未使用",
                        "the stored file does not parse; not used"
                    )
                )
            } else {
                y.notices
                    .iter()
                    .map(|n| match &n.url {
                        Some(u) if u.starts_with("https://") || u.starts_with("http://") => {
                            format!(
                                r#"<a href="{}" rel="noopener">{}</a>"#,
                                esc(u),
                                esc(&n.cite)
                            )
                        }
                        _ => esc(&n.cite),
                    })
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            body.push_str(&format!(
                r#"<tr data-year="{}"><td>{}</td><td>{notices}</td><td>{} / {}</td><td>{}</td><td>{}</td></tr>"#,
                y.year,
                y.year,
                y.days_off,
                y.make_up_working_days,
                y.version,
                esc(&y.loaded_at_beijing),
            ));
        }
        body.push_str("</tbody></table>");
    }
    let official = match (years.official.first(), years.official.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.to_string(),
        _ => "—".into(),
    };
    let provisional = years
        .provisional
        .iter()
        .map(|[a, b]| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect::<Vec<_>>()
        .join("、");
    body.push_str(&format!(
        r#"<p class="meta" id="year-summary">{} {official} · {} {provisional}</p></section>"#,
        c.t("随程序发布：", "Shipped:"),
        c.t("暂定（未载入通知）：", "Provisional (no notice loaded):"),
    ));
    // The form, for the office.
    if act::allowed(c, Action::Update, Object::Calendar) {
        let field_error = problem
            .as_ref()
            .and_then(|p| p.errors.iter().find(|e| e.path == "source"))
            .map(|e| {
                format!(
                    r#"<p class="refused" id="source-error" role="alert">{}</p>"#,
                    esc(&e.message)
                )
            })
            .unwrap_or_default();
        // A refusal that is not about the file (authorisation, storage) is shown above the form.
        if let Some(p) = problem.as_ref().filter(|p| p.errors.is_empty()) {
            body.push_str(&problem_html(c, p));
        }
        body.push_str(&format!(
            r#"<section class="card"><h2>{h}</h2><form method="post" action="/ui/calendar" class="act" id="calendar-form">{csrf}
<label for="cal-source">{label}</label>{field_error}
<textarea id="cal-source" name="source" rows="18" spellcheck="false" aria-describedby="cal-help{described}">{source}</textarea>
<p class="meta" id="cal-help">{help}</p>
<button type="submit" id="calendar-submit">{submit}</button></form></section>"#,
            h = c.t("载入新公布年度", "Load a newly announced year"),
            csrf = c.csrf_field(),
            label = c.t(
                "节假日安排文件（TOML，粘贴全文）",
                "Schedule file (TOML, paste the whole text)"
            ),
            described = if field_error.is_empty() { "" } else { " source-error" },
            source = esc(source),
            help = c.t(
                "格式见 docs/calendar.md：year、[[notice]]（通知标题、文号、日期）、[[holiday]]（名称、放假日 off、调休上班日 work）。校验与 zhengwu calendar check 相同；载入后同一年度再次载入即替换。",
                "Format in docs/calendar.md: year, [[notice]] (title, number, date), [[holiday]] (name, days off, make-up working days). Validated as `zhengwu calendar check` does; loading the same year again replaces it."
            ),
            submit = c.t("校验并载入", "Validate and load"),
        ));
    } else if let Some(p) = &problem {
        body.push_str(&problem_html(c, p));
    }
    act::page_for(
        c,
        problem.as_ref(),
        c.t("节假日安排", "Holiday calendar"),
        "/ui/calendar",
        &body,
    )
}
