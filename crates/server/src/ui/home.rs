//! The home page: per role, what the user does here and where to go.

use super::html::esc;
use super::{LangQuery, ctx, page, to_login};
use crate::AppState;
use crate::policy::Reach;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use zhengwu_rules::Role;

pub async fn home(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Response {
    let c = ctx(&state, &headers, q.lang.as_deref()).await;
    let Some(u) = &c.user else {
        return to_login();
    };
    let profile = c.profile(&state);
    let titles: Vec<String> = u
        .actor
        .roles
        .iter()
        .map(|r| match profile {
            Some(p) => p.title(*r),
            None => r.id().to_string(),
        })
        .collect();
    let mut body = format!(
        r#"<section class="card"><p id="whoami">{} <strong>{}</strong>（{}）</p>"#,
        c.t("您好，", "Hello, "),
        esc(&u.account.display_name),
        esc(&titles.join("、"))
    );
    if let (Some(g), Some(p)) = (&u.government, profile) {
        body.push_str(&format!(
            r#"<p>{}<strong>{}</strong> · {} <a href="/ui/profiles/{}">{}</a>（{}）</p>"#,
            c.t("本级政府：", "Government: "),
            esc(&g.name),
            c.t("工作规则：", "Work Rules: "),
            esc(&p.id),
            esc(&p.source.title),
            esc(&p.source.doc_number),
        ));
    }
    body.push_str("</section>");
    // What this role does here.
    let reach = u.actor.reach();
    let is = |r: Role| u.actor.roles.contains(&r);
    let mut tasks: Vec<(&str, &str, &str)> = Vec::new();
    if reach == Reach::All {
        tasks.push((
            "/ui/inbox",
            "办理待办：收文登记、议题审核、督办事项",
            "Work the inbox: incoming documents, agenda items, supervised tasks",
        ));
        tasks.push((
            "/ui/desk",
            "规则问答：议题、发文、请假等是否合规，期限如何计算",
            "Rule desk: is an agenda item, a document, a leave request compliant; how deadlines are computed",
        ));
        tasks.push((
            "/ui/audit",
            "审计记录：任一记录的全部变更与哈希链校验",
            "Audit trail: every change of a record, and the hash-chain check",
        ));
        tasks.push((
            "/ui/org",
            "组织机构：部门、领导分工与工作补位",
            "Organisation: departments, the leaders' portfolios and substitutes",
        ));
    } else if is(Role::Head)
        || is(Role::ExecutiveDeputy)
        || is(Role::Deputy)
        || is(Role::SecretaryGeneral)
    {
        tasks.push((
            "/ui/inbox",
            "批示与圈阅：呈报给您的公文和议题",
            "Instructions and reading marks: documents and agenda items sent to you",
        ));
        tasks.push((
            "/ui/org",
            "分管部门与工作补位",
            "Your portfolio and your substitute",
        ));
        tasks.push((
            "/ui/desk",
            "规则问答：查阅适用条款",
            "Rule desk: look up the rules that apply",
        ));
    } else {
        tasks.push((
            "/ui/inbox",
            "本部门的待办与退文",
            "Your department's work and returned documents",
        ));
        tasks.push((
            "/ui/desk",
            "报送前自查：议题时限、发文要求",
            "Check before filing: agenda deadlines, document requirements",
        ));
        tasks.push((
            "/ui/profiles",
            "查阅本级政府工作规则",
            "Read the government's Work Rules",
        ));
    }
    body.push_str(r#"<ul class="tasks">"#);
    for (href, zh, en) in tasks {
        body.push_str(&format!(r#"<li><a href="{href}">{}</a></li>"#, c.t(zh, en)));
    }
    body.push_str("</ul>");
    if !u.actor.portfolio.is_empty() {
        let org = state
            .store
            .government_org(u.account.government_id.as_deref().unwrap_or(""))
            .await
            .unwrap_or_default();
        let names: Vec<String> = u
            .actor
            .portfolio
            .iter()
            .map(|d| {
                org.departments
                    .iter()
                    .find(|x| &x.id == d)
                    .map_or_else(|| d.clone(), |x| x.name.clone())
            })
            .collect();
        body.push_str(&format!(
            r#"<section class="card"><h2>{}</h2><p id="portfolio">{}</p></section>"#,
            c.t("分管部门", "Portfolio"),
            esc(&names.join("、"))
        ));
    }
    page(&c, c.t("首页", "Home"), "/ui/", &body)
}
