//! The profile browser (every rule of a government's Work Rules with its article and quote, per
//! section) and the side-by-side comparison of two governments (`zhengwu_rules::catalog`).

use super::html::{cite, esc, options};
use super::{Ctx, LangQuery, ctx, page, to_login};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use zhengwu_rules::catalog::{self, RuleEntry};

/// Section names for the top-level tables of a profile.
fn section_label(c: &Ctx, s: &str) -> String {
    let (zh, en) = match s {
        "org" => ("组织与工作补位", "Organisation"),
        "meetings" => ("会议", "Meetings"),
        "decisions" => ("重大行政决策", "Major decisions"),
        "documents" => ("公文", "Documents"),
        "supervision" => ("督查督办", "Supervision"),
        "discipline" => ("工作纪律", "Discipline"),
        "events" => ("请假与活动", "Leave and events"),
        "openness" => ("政务公开", "Openness"),
        "other" => ("其他", "Other"),
        _ => (s, s),
    };
    format!("{} <small>({s})</small>", esc(c.t(zh, en)))
}

pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    if c.user.is_none() {
        return to_login();
    }
    let mut body = format!(
        r#"<table class="list"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
        c.t("政府", "Government"),
        c.t("工作规则", "Work Rules"),
        c.t("文号", "Document number"),
        c.t("施行", "In force from"),
        c.t("规则数", "Rules"),
    );
    for id in state.registry.ids() {
        let Some(l) = state.registry.versions(id).last() else {
            continue;
        };
        let p = &l.profile;
        let (rules, _) = catalog::rules(&l.raw);
        body.push_str(&format!(
            r#"<tr><td><a href="/ui/profiles/{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            esc(id),
            esc(if c.lang == super::Lang::En { &p.government_en } else { &p.government }),
            esc(&p.source.title),
            esc(&p.source.doc_number),
            p.effective_from.0,
            rules.len()
        ));
    }
    body.push_str("</tbody></table>");
    body.push_str(&format!(
        r#"<p><a href="/ui/diff">{}</a></p>"#,
        c.t("对比两级政府的规则 →", "Compare two governments →")
    ));
    page(&c, c.t("工作规则", "Work Rules"), "/ui/profiles", &body)
}

fn entry_html(r: &RuleEntry) -> String {
    let mut s = String::new();
    if !r.value.is_empty() {
        s.push_str(&format!(r#"<code class="value">{}</code>"#, esc(&r.value)));
    }
    if let Some(st) = &r.strength {
        s.push_str(&format!(
            r#" <span class="strength {0}">{0}</span>"#,
            esc(st)
        ));
    }
    for c in &r.cites {
        s.push_str(&format!("<div>{}</div>", cite(&c.article, &c.quote)));
    }
    s
}

pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<LangQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    if c.user.is_none() {
        return to_login();
    }
    let Some(l) = state.registry.versions(&id).last() else {
        return super::page_status(
            &c,
            StatusCode::NOT_FOUND,
            c.t("没有这个规则配置", "No such profile"),
            "/ui/profiles",
            "",
        );
    };
    let p = &l.profile;
    let (rules, not_stated) = catalog::rules(&l.raw);
    let mut body = format!(
        r#"<p class="meta">{} · {} · {} {}</p><nav class="toc" aria-label="sections"><ul>"#,
        esc(&p.source.title),
        esc(&p.source.doc_number),
        c.t("施行", "in force from"),
        p.effective_from.0
    );
    let mut sections: Vec<&str> = Vec::new();
    for r in &rules {
        let sec = r.path.split(['.', '[']).next().unwrap_or("");
        if !sections.contains(&sec) {
            sections.push(sec);
        }
    }
    for s in &sections {
        body.push_str(&format!(
            "<li><a href=\"#s-{}\">{}</a></li>",
            esc(s),
            section_label(&c, s)
        ));
    }
    body.push_str("</ul></nav>");
    for s in &sections {
        body.push_str(&format!(
            r#"<section id="s-{}"><h2>{}</h2><table class="list rules"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
            esc(s),
            section_label(&c, s),
            c.t("规则", "Rule"),
            c.t("矩阵编号", "Matrix"),
            c.t("内容与条款原文", "Value and article"),
        ));
        for r in rules
            .iter()
            .filter(|r| r.path.split(['.', '[']).next() == Some(s))
        {
            body.push_str(&format!(
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                esc(&r.path),
                esc(r.matrix.as_deref().unwrap_or("")),
                entry_html(r)
            ));
        }
        body.push_str("</tbody></table></section>");
    }
    if !not_stated.is_empty() {
        body.push_str(&format!(
            r#"<section><h2>{}</h2><ul class="not-stated">"#,
            c.t("工作规则未作规定的事项", "Not stated in these Work Rules")
        ));
        for n in &not_stated {
            body.push_str(&format!(
                "<li><strong>{}</strong> {}</li>",
                esc(&n.matrix),
                esc(&n.note)
            ));
        }
        body.push_str("</ul></section>");
    }
    let title = if c.lang == super::Lang::En {
        p.government_en.clone()
    } else {
        p.government.clone()
    };
    page(&c, &title, "/ui/profiles", &body)
}

#[derive(Deserialize, Default)]
pub struct DiffQuery {
    left: Option<String>,
    right: Option<String>,
    lang: Option<String>,
}

pub async fn diff(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<DiffQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    if c.user.is_none() {
        return to_login();
    }
    let left = q.left.unwrap_or_else(|| "liaocheng".into());
    let right = q.right.unwrap_or_else(|| "zhangdian".into());
    let names = |sel: &str| {
        options(
            state.registry.ids().map(|id| {
                let n = state
                    .registry
                    .versions(id)
                    .last()
                    .map(|l| l.profile.short_name.clone())
                    .unwrap_or_default();
                (id, format!("{n}（{id}）"))
            }),
            sel,
        )
    };
    let mut body = format!(
        r#"<form method="get" action="/ui/diff" class="row" id="diff-form">
<label for="left">{l}</label><select id="left" name="left">{lo}</select>
<label for="right">{r}</label><select id="right" name="right">{ro}</select>
<button type="submit" id="diff-submit">{go}</button></form>"#,
        l = c.t("左", "Left"),
        r = c.t("右", "Right"),
        go = c.t("对比", "Compare"),
        lo = names(&left),
        ro = names(&right),
    );
    let (Some(a), Some(b)) = (
        state.registry.versions(&left).last(),
        state.registry.versions(&right).last(),
    ) else {
        body.push_str(&format!(
            r#"<p class="refused">{}</p>"#,
            c.t("请选择两个规则配置。", "Choose two profiles.")
        ));
        return page(&c, c.t("规则对比", "Compare"), "/ui/diff", &body);
    };
    let rows = catalog::diff(&a.raw, &b.raw);
    body.push_str(&format!(
        r#"<p class="meta" id="diff-count">{} {}</p><table class="list diff"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
        rows.len(),
        c.t("项规则不同", "rules differ"),
        c.t("规则", "Rule"),
        esc(&a.profile.government),
        esc(&b.profile.government),
    ));
    let side = |entries: &[RuleEntry], not_stated: bool| -> String {
        if not_stated {
            return format!(
                r#"<em class="not-stated">{}</em>"#,
                c.t("未作规定", "not stated")
            );
        }
        if entries.is_empty() {
            return "—".to_string();
        }
        entries
            .iter()
            .map(|e| {
                format!(
                    r#"<div class="entry"><code>{}</code> {}</div>"#,
                    esc(&e.path),
                    entry_html(e)
                )
            })
            .collect()
    };
    for r in &rows {
        body.push_str(&format!(
            "<tr><td><strong>{}</strong><br>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&r.key),
            esc(&r.title),
            side(&r.left, r.left_not_stated),
            side(&r.right, r.right_not_stated)
        ));
    }
    body.push_str("</tbody></table>");
    page(&c, c.t("规则对比", "Compare"), "/ui/diff", &body)
}
