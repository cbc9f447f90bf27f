//! The audit trail of any record (`?type=…&id=…`), the latest events, and the verification of the
//! hash chain. For the office (the policy's `Object::Audit`).

use super::html::esc;
use super::{Ctx, LangQuery, ctx, page, to_login};
use crate::AppState;
use crate::policy::{Action, Decision, Object, authorize};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;
use zhengwu_store::AuditEvent;

#[derive(Deserialize, Default)]
pub struct TrailQuery {
    #[serde(rename = "type")]
    object_type: Option<String>,
    id: Option<String>,
    lang: Option<String>,
}

fn allowed(c: &Ctx) -> Result<(), String> {
    let Some(u) = &c.user else {
        return Err(String::new());
    };
    match authorize(&u.actor, Action::Read, Object::Audit) {
        Decision::Allow => Ok(()),
        Decision::Deny(why) => Err(why.to_string()),
    }
}

fn citations(ev: &AuditEvent) -> String {
    ev.citations
        .iter()
        .map(|c| {
            let text = c.get("text").and_then(Value::as_str).unwrap_or("");
            let quote = c.get("quote").and_then(Value::as_str).unwrap_or("");
            super::html::cite(text, quote)
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

fn events_table(
    c: &Ctx,
    events: &[AuditEvent],
    names: &std::collections::HashMap<String, String>,
) -> String {
    let mut s = format!(
        r#"<table class="list audit" id="audit-events"><thead><tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
        c.t("时间（北京时间）", "At (Beijing time)"),
        c.t("操作人", "Actor"),
        c.t("操作", "Action"),
        c.t("对象", "Object"),
        c.t("依据", "Citations"),
        c.t("变更", "Change"),
    );
    for ev in events {
        let at = crate::time::second(ev.at);
        let change = format!(
            r#"<details><summary>{}</summary><pre>{}</pre><pre>{}</pre></details>"#,
            c.t("前后内容", "before / after"),
            esc(&ev
                .before
                .as_ref()
                .map(|v| serde_json::to_string_pretty(v).unwrap_or_default())
                .unwrap_or_else(|| "—".into())),
            esc(&ev
                .after
                .as_ref()
                .map(|v| serde_json::to_string_pretty(v).unwrap_or_default())
                .unwrap_or_else(|| "—".into())),
        );
        s.push_str(&format!(
            r#"<tr><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td><a href="/ui/audit?type={}&amp;id={}">{} {}</a></td><td>{}</td><td>{change}<small class="hash" title="{}">{}…</small></td></tr>"#,
            ev.seq,
            esc(&at),
            esc(names.get(&ev.actor).unwrap_or(&ev.actor)),
            esc(&ev.action),
            esc(&ev.object_type),
            esc(&ev.object_id),
            esc(&ev.object_type),
            esc(&ev.object_id),
            citations(ev),
            esc(&ev.hash),
            esc(ev.hash.get(..12).unwrap_or(&ev.hash)),
        ));
    }
    s.push_str("</tbody></table>");
    s
}

pub async fn trail(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<TrailQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    if c.user.is_none() {
        return to_login();
    }
    if let Err(why) = allowed(&c) {
        return super::forbidden(&c, &why);
    }
    let ty = q.object_type.unwrap_or_default();
    let id = q.id.unwrap_or_default();
    let mut body = format!(
        r#"<form method="get" action="/ui/audit" class="row" id="audit-form">
<label for="type">{tl}</label><input id="type" name="type" value="{ty}" placeholder="government">
<label for="id">{il}</label><input id="id" name="id" value="{id}" placeholder="demo-liaocheng">
<button type="submit">{go}</button>
<a class="button" href="/ui/audit/verify" id="verify-link">{verify}</a>
</form>"#,
        tl = c.t("对象类型", "Object type"),
        il = c.t("对象 id", "Object id"),
        go = c.t("查询", "Show"),
        verify = c.t("校验哈希链", "Verify the chain"),
        ty = esc(&ty),
        id = esc(&id),
    );
    let events = if !ty.is_empty() && !id.is_empty() {
        body.push_str(&format!(
            "<h2>{} <code>{}</code> <code>{}</code></h2>",
            c.t("记录的全部变更：", "Every change of"),
            esc(&ty),
            esc(&id)
        ));
        state.store.audit_for_object(&ty, &id).await
    } else {
        body.push_str(&format!("<h2>{}</h2>", c.t("最近的事件", "Latest events")));
        match state.store.audit_head().await {
            Ok((head, _)) => {
                let mut v = state.store.audit_events((head - 50).max(0), 50).await;
                if let Ok(v) = &mut v {
                    v.reverse();
                }
                v
            }
            Err(e) => Err(e),
        }
    };
    match events {
        Ok(evs) if evs.is_empty() => body.push_str(&format!(
            r#"<p class="empty">{}</p>"#,
            c.t("没有事件。", "No events.")
        )),
        Ok(evs) => {
            // Actors are account ids; show who they are.
            let names = state
                .store
                .list_accounts()
                .await
                .unwrap_or_default()
                .into_iter()
                .map(|a| (a.id, format!("{}（{}）", a.display_name, a.username)))
                .collect();
            body.push_str(&events_table(&c, &evs, &names));
        }
        Err(e) => return super::failure(&c, e),
    }
    page(&c, c.t("审计记录", "Audit trail"), "/ui/audit", &body)
}

pub async fn verify(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    if c.user.is_none() {
        return to_login();
    }
    if let Err(why) = allowed(&c) {
        return super::forbidden(&c, &why);
    }
    let r = match state.store.verify_audit().await {
        Ok(r) => r,
        Err(e) => return super::failure(&c, e),
    };
    let body = if r.ok() {
        format!(
            r#"<section class="card"><p class="allowed" id="chain-ok">{} {} {}</p><p class="meta">{} #{} <code>{}</code></p></section>"#,
            c.t("哈希链完整：已校验", "The chain is intact: checked"),
            r.checked,
            c.t("个事件。", "events."),
            c.t("链头", "Head"),
            r.head_seq,
            esc(&r.head_hash)
        )
    } else {
        format!(
            r#"<section class="card"><p class="refused" role="alert" id="chain-bad">{} {}</p></section>"#,
            c.t("哈希链被破坏：", "The chain is broken: "),
            esc(&r.first_bad.map(|b| b.to_string()).unwrap_or_default())
        )
    };
    page(
        &c,
        c.t("审计链校验", "Chain verification"),
        "/ui/audit",
        &body,
    )
}
