//! The inbox (待办 / 已办 / 抄送 / 督办): a page whose items come from a list of sources, one per
//! workflow area. Each area registers its function in [`SOURCES`] once it lands (documents,
//! meetings, supervision); the page needs no other change.

use super::html::esc;
use super::{Ctx, ctx, page, to_login};
use crate::AppState;
use crate::policy::{Actor, Reach};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use std::future::Future;
use std::pin::Pin;

/// The four tabs of an office inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// 待办: waiting for the user.
    Todo,
    /// 已办: handled by the user.
    Done,
    /// 抄送: copied for information.
    Cc,
    /// 督办: under supervision (督查督办).
    Supervise,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Todo, Tab::Done, Tab::Cc, Tab::Supervise];
    pub fn id(self) -> &'static str {
        match self {
            Tab::Todo => "todo",
            Tab::Done => "done",
            Tab::Cc => "cc",
            Tab::Supervise => "supervise",
        }
    }
    pub fn label(self, c: &Ctx) -> &'static str {
        let l = c.lang;
        match self {
            Tab::Todo => l.t("待办", "To do"),
            Tab::Done => l.t("已办", "Done"),
            Tab::Cc => l.t("抄送", "Copied to me"),
            Tab::Supervise => l.t("督办", "Supervised"),
        }
    }
    fn from_id(s: &str) -> Tab {
        Tab::ALL
            .into_iter()
            .find(|t| t.id() == s)
            .unwrap_or(Tab::Todo)
    }
}

/// One line of an inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What kind of work (收文, 议题, 督办事项 …), in the page's language.
    pub kind: String,
    pub title: String,
    /// Where the item came from (a department, a leader).
    pub from: String,
    /// The due date, if any, with how it was computed (the calendar's explanation) and the
    /// citation it rests on.
    pub due: Option<String>,
    pub due_explain: Option<String>,
    pub citation: Option<String>,
    /// The item's own page.
    pub href: String,
}

/// What a source is asked for.
pub struct Request<'a> {
    pub state: &'a AppState,
    pub actor: &'a Actor,
    pub government_id: Option<&'a str>,
    pub tab: Tab,
    pub english: bool,
}

pub type ItemsFuture<'a> = Pin<Box<dyn Future<Output = Result<Vec<Item>, String>> + Send + 'a>>;

/// A workflow area's inbox source: (name, function).
pub type Source = (&'static str, for<'a> fn(Request<'a>) -> ItemsFuture<'a>);

/// The registered sources. Hook: documents (#5), meetings (#6) and supervision (#7) add theirs
/// here.
pub const SOURCES: &[Source] = &[
    ("documents", super::documents::inbox_items),
    ("meetings", super::meetings::inbox_items),
    ("supervision", super::supervision::inbox_items),
    ("followup", super::followup::inbox_items),
];

#[derive(Deserialize, Default)]
pub struct InboxQuery {
    tab: Option<String>,
    lang: Option<String>,
}

/// Collects the items of every source for one tab; a failing source is reported, not fatal.
pub async fn collect(q: &Request<'_>, sources: &[Source]) -> (Vec<Item>, Vec<String>) {
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for (name, f) in sources {
        let sub = Request {
            state: q.state,
            actor: q.actor,
            government_id: q.government_id,
            tab: q.tab,
            english: q.english,
        };
        match f(sub).await {
            Ok(mut v) => items.append(&mut v),
            Err(e) => errors.push(format!("{name}: {e}")),
        }
    }
    (items, errors)
}

pub async fn inbox(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::extract::Query(q): axum::extract::Query<InboxQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    let Some(u) = &c.user else {
        return to_login();
    };
    let tab = Tab::from_id(q.tab.as_deref().unwrap_or("todo"));
    let query = Request {
        state: &state,
        actor: &u.actor,
        government_id: u.account.government_id.as_deref(),
        tab,
        english: c.lang == super::Lang::En,
    };
    let (items, errors) = collect(&query, SOURCES).await;
    let mut body = String::from(r#"<nav class="tabs" role="tablist">"#);
    for t in Tab::ALL {
        let sel = t == tab;
        body.push_str(&format!(
            r#"<a role="tab" href="/ui/inbox?tab={}" aria-selected="{sel}" id="tab-{}">{}</a>"#,
            t.id(),
            t.id(),
            t.label(&c)
        ));
    }
    body.push_str("</nav>");
    for e in &errors {
        body.push_str(&format!(r#"<p class="refused">{}</p>"#, esc(e)));
    }
    if items.is_empty() {
        body.push_str(&format!(
            r#"<p class="empty">{}</p>"#,
            c.t(
                "暂无事项。公文、会议、督查督办等流程上线后，其事项将显示在这里。",
                "Nothing here. Items of the document, meeting and supervision workflows appear here once those land."
            )
        ));
    } else {
        body.push_str(&format!(
            r#"<table class="list"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
            c.t("类别", "Kind"),
            c.t("标题", "Title"),
            c.t("来自", "From"),
            c.t("期限", "Due")
        ));
        for it in &items {
            let due = match (&it.due, &it.due_explain) {
                (Some(d), Some(x)) => {
                    format!(r#"{}<br><small class="explain">{}</small>"#, esc(d), esc(x))
                }
                (Some(d), None) => esc(d),
                _ => String::new(),
            };
            body.push_str(&format!(
                r#"<tr><td>{}</td><td><a href="{}">{}</a></td><td>{}</td><td>{due}</td></tr>"#,
                esc(&it.kind),
                esc(&it.href),
                esc(&it.title),
                esc(&it.from)
            ));
        }
        body.push_str("</tbody></table>");
    }
    if tab == Tab::Todo
        && let Some(gov) = u.account.government_id.as_deref()
    {
        body.push_str(&reminders(&state, &c, gov, &u.actor).await);
    }
    page(&c, c.t("待办事项", "Inbox"), "/ui/inbox", &body)
}

/// How many of the latest reminders the inbox shows.
const REMINDERS_SHOWN: i64 = 20;

/// The scheduler's reminders (催办, due soon, overdue, escalation due) addressed to the user's desk —
/// the office, or the user's unit — newest first, each linking to its record.
async fn reminders(state: &AppState, c: &Ctx, gov: &str, actor: &Actor) -> String {
    let recipient = match actor.reach() {
        Reach::All => "office".to_string(),
        Reach::Department(d) => d,
        _ => return String::new(),
    };
    let list = match state
        .store
        .notices_for(gov, &recipient, REMINDERS_SHOWN)
        .await
    {
        Ok(l) if !l.is_empty() => l,
        Ok(_) => return String::new(),
        Err(e) => {
            tracing::warn!(error = %e, "reminders not listed");
            return format!(r#"<p class="refused">{}</p>"#, esc(&e.to_string()));
        }
    };
    let mut b = format!(
        r#"<section class="card" id="reminders"><h2>{}</h2><ul class="timeline">"#,
        c.t("系统提醒", "Reminders")
    );
    for n in &list {
        // Follow-up notices are kinded `<area>.<kind>`; supervision notices carry the kind alone.
        let (area, kind) = n.kind.split_once('.').unwrap_or(("supervision", &n.kind));
        let href = match area {
            "publication" => "/ui/publications".to_string(),
            "suggestion" | "proposal" => format!("/ui/proposals/{}", n.item_id),
            "hotline_ticket" => format!("/ui/hotline/{}", n.item_id),
            _ => format!("/ui/supervision/{}", n.item_id),
        };
        let label = match kind {
            "overdue" => c.t("已逾期", "Overdue"),
            "due_soon" => c.t("即将到期", "Due soon"),
            "escalation_due" => c.t("应当约谈", "Escalation due"),
            _ => c.t("提醒", "Notice"),
        };
        b.push_str(&format!(
            r#"<li class="ev notice notice-{}"><time>{}</time> <strong>{}</strong> <a href="{}">{}</a></li>"#,
            esc(kind),
            esc(&crate::time::labelled_of(&n.sent_at, c.lang == super::Lang::En)),
            label,
            esc(&href),
            esc(&n.message)
        ));
    }
    b.push_str("</ul></section>");
    b
}
