//! The web UI: server-rendered HTML pages under `/ui/`, Chinese first with English by a switch
//! (`?lang=en`, remembered in the `zw_lang` cookie), keyboard navigation (access keys 1–9, 0, l, o, r, e, p, h, c on
//! the menu, a skip link, visible focus), readable at 1366×768, with a print stylesheet. No front-end
//! build step: pages are rendered here and the small CSS/JS in `crates/server/ui/` are embedded in
//! the binary.
//!
//! Sessions are the API's (cookie `zw_session`); every form that changes something carries the
//! session's CSRF token in a hidden field `csrf` (the login form a pre-session token kept in the
//! `zw_login_csrf` cookie), compared in constant time.

mod act;
pub mod audit;
pub mod calendar;
pub mod demo;
pub mod desk;
pub mod documents;
pub mod followup;
pub mod home;
pub mod html;
pub mod inbox;
pub mod leave;
pub mod login;
pub mod meetings;
pub mod openness;
pub mod org;
pub mod profiles;
pub mod supervision;

use crate::AppState;
use crate::auth::{SESSION_COOKIE, constant_time_eq, cookie};
use crate::policy::Actor;
use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use html::esc;
use zhengwu_rules::Profile;
use zhengwu_store::Account;
use zhengwu_store::org::Government;

pub const LANG_COOKIE: &str = "zw_lang";

/// The language of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// Picks the Chinese or the English text.
    pub fn t<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

/// The signed-in user of a page.
pub struct User {
    pub account: Account,
    pub actor: Actor,
    pub csrf: String,
    pub session_id: String,
    /// The account's government and its profile (in force now), when it belongs to one.
    pub government: Option<Government>,
}

/// What every page needs: the language, the user, whether the language was switched by query.
pub struct Ctx {
    pub lang: Lang,
    pub user: Option<User>,
    set_lang: Option<Lang>,
}

impl Ctx {
    pub fn t<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        self.lang.t(zh, en)
    }

    /// The user's government profile, if any.
    pub fn profile<'a>(&self, state: &'a AppState) -> Option<&'a Profile> {
        let g = self.user.as_ref()?.government.as_ref()?;
        state
            .registry
            .versions(&g.profile_id)
            .last()
            .map(|l| &l.profile)
    }

    /// The hidden CSRF field of a form.
    pub fn csrf_field(&self) -> String {
        match &self.user {
            Some(u) => format!(
                r#"<input type="hidden" name="csrf" value="{}">"#,
                esc(&u.csrf)
            ),
            None => String::new(),
        }
    }

    /// Checks a form's CSRF token against the session's.
    pub fn csrf_ok(&self, sent: &str) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| constant_time_eq(sent.as_bytes(), u.csrf.as_bytes()))
    }
}

/// The query every page accepts.
#[derive(Debug, Default, serde::Deserialize)]
pub struct LangQuery {
    pub lang: Option<String>,
}

/// Resolves the language and the session from the request.
pub async fn ctx(state: &AppState, headers: &HeaderMap, lang_query: Option<&str>) -> Ctx {
    let set_lang = match lang_query {
        Some("en") => Some(Lang::En),
        Some("zh") => Some(Lang::Zh),
        _ => None,
    };
    let lang = set_lang.unwrap_or(match cookie(headers, LANG_COOKIE) {
        Some("en") => Lang::En,
        _ => Lang::Zh,
    });
    let mut user = None;
    if let Some(token) = cookie(headers, SESSION_COOKIE)
        && let Ok(Some((session, account))) = state.store.session_by_token(token).await
        && let Ok(actor) = crate::auth::actor_of(state, &account).await
    {
        let government = match &account.government_id {
            Some(g) => state
                .store
                .government_org(g)
                .await
                .ok()
                .and_then(|o| o.governments.into_iter().next()),
            None => None,
        };
        user = Some(User {
            account,
            actor,
            csrf: session.csrf_token,
            session_id: session.id,
            government,
        });
    }
    Ctx {
        lang,
        user,
        set_lang,
    }
}

/// Content-Security-Policy of UI pages: only this origin's stylesheet and script.
const CSP: &str = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Menu entries: (path, access key, Chinese, English).
const MENU: [(&str, &str, &str, &str); 17] = [
    ("/ui/", "1", "首页", "Home"),
    ("/ui/inbox", "2", "待办", "Inbox"),
    ("/ui/desk", "3", "规则问答", "Rule desk"),
    ("/ui/profiles", "4", "工作规则", "Profiles"),
    ("/ui/diff", "5", "规则对比", "Compare"),
    ("/ui/org", "6", "组织机构", "Organisation"),
    ("/ui/audit", "7", "审计记录", "Audit trail"),
    ("/ui/documents", "8", "公文", "Documents"),
    ("/ui/meetings", "9", "会议", "Meetings"),
    ("/ui/supervision", "0", "督办", "Supervision"),
    ("/ui/leave", "l", "请销假", "Leave"),
    ("/ui/openness", "o", "依申请公开", "Disclosure"),
    ("/ui/publications", "r", "公开登记", "Publication register"),
    ("/ui/events", "e", "活动", "Events"),
    ("/ui/proposals", "p", "建议提案", "Suggestions"),
    ("/ui/hotline", "h", "12345", "12345 hotline"),
    ("/ui/calendar", "c", "节假日安排", "Holiday calendar"),
];

/// A whole page: layout, menu, language switch, the body.
pub fn page(ctx: &Ctx, title: &str, active: &str, body: &str) -> Response {
    page_status(ctx, StatusCode::OK, title, active, body)
}

pub fn page_status(
    ctx: &Ctx,
    status: StatusCode,
    title: &str,
    active: &str,
    body: &str,
) -> Response {
    let l = ctx.lang;
    let mut nav = String::new();
    if let Some(u) = &ctx.user {
        nav.push_str(r#"<nav class="menu" aria-label="menu"><ul>"#);
        for (path, key, zh, en) in MENU {
            let cur = if path == active {
                r#" aria-current="page""#
            } else {
                ""
            };
            nav.push_str(&format!(
                r#"<li><a href="{path}" accesskey="{key}"{cur}>{}<kbd>{key}</kbd></a></li>"#,
                l.t(zh, en)
            ));
        }
        nav.push_str("</ul>");
        let gov = u
            .government
            .as_ref()
            .map(|g| esc(&g.name))
            .unwrap_or_default();
        nav.push_str(&format!(
            r#"<div class="who"><span>{gov}</span> <strong>{}</strong> <form method="post" action="/ui/logout" class="inline">{}<button type="submit">{}</button></form></div></nav>"#,
            esc(&u.account.display_name),
            ctx.csrf_field(),
            l.t("退出", "Log out")
        ));
    }
    let (other, other_label) = match l {
        Lang::Zh => ("en", "English"),
        Lang::En => ("zh", "中文"),
    };
    let html = format!(
        r##"<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · {app}</title>
<link rel="stylesheet" href="/ui/static/app.css">
<script src="/ui/static/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">{skip}</a>
<header class="top"><a class="brand" href="/ui/">政务 zhengwu</a>{nav}<a class="lang" href="?lang={other}" hreflang="{other}">{other_label}</a></header>
<main id="main" tabindex="-1">
<h1>{title}</h1>
{body}
</main>
<footer class="foot">{foot}</footer>
</body>
</html>"##,
        lang = if l == Lang::Zh { "zh-CN" } else { "en" },
        title = esc(title),
        app = l.t("政务", "zhengwu"),
        skip = l.t("跳到正文", "Skip to content"),
        foot = l.t(
            "依本级政府工作规则运行 · 每项期限均说明其计算方法，每项退回均引用条款原文",
            "Runs by the government's own Work Rules · every deadline explains itself, every refusal cites its article"
        ),
    );
    let mut res = (status, html).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    if let Some(set) = ctx.set_lang
        && let Ok(v) = HeaderValue::from_str(&format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            set.code()
        ))
    {
        h.append(header::SET_COOKIE, v);
    }
    res
}

/// The login page for a request without a session.
pub fn to_login() -> Response {
    Redirect::to("/ui/login").into_response()
}

/// A page saying the request was refused (403), with the reason.
pub fn forbidden(ctx: &Ctx, why: &str) -> Response {
    page_status(
        ctx,
        StatusCode::FORBIDDEN,
        ctx.t("无权访问", "Not allowed"),
        "",
        &format!(r#"<p class="refused" role="alert">{}</p>"#, esc(why)),
    )
}

/// A page for a bad form (wrong CSRF token and the like).
pub fn bad_request(ctx: &Ctx, msg: &str) -> Response {
    page_status(
        ctx,
        StatusCode::BAD_REQUEST,
        ctx.t("请求无效", "Bad request"),
        "",
        &format!(r#"<p class="refused" role="alert">{}</p>"#, esc(msg)),
    )
}

/// A page for a failure of the system.
pub fn failure(ctx: &Ctx, e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "ui page failed");
    page_status(
        ctx,
        StatusCode::INTERNAL_SERVER_ERROR,
        ctx.t("出错了", "Something went wrong"),
        "",
        &format!(
            r#"<p class="refused" role="alert">{}</p>"#,
            ctx.t(
                "系统出错，请稍后重试。",
                "The system failed; please retry later."
            )
        ),
    )
}

const APP_CSS: &str = include_str!("../../ui/app.css");
const APP_JS: &str = include_str!("../../ui/app.js");

fn static_file(body: &'static str, ctype: &'static str) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    res
}

async fn css() -> Response {
    static_file(APP_CSS, "text/css; charset=utf-8")
}

async fn js() -> Response {
    static_file(APP_JS, "text/javascript; charset=utf-8")
}

async fn root() -> Redirect {
    Redirect::to("/ui/")
}

/// The UI routes (merged into the application beside the API).
pub fn router(state: AppState) -> Router {
    followup::routes(openness::routes(leave::routes(supervision::routes(
        meetings::routes(Router::new()),
    ))))
    .route("/", get(root))
    .route("/ui", get(root))
    .route("/ui/", get(home::home))
    .route("/ui/login", get(login::form).post(login::submit))
    .route("/ui/logout", post(login::logout))
    .route("/ui/inbox", get(inbox::inbox))
    .route("/ui/desk", get(desk::form).post(desk::submit))
    .route("/ui/profiles", get(profiles::list))
    .route("/ui/profiles/{id}", get(profiles::show))
    .route("/ui/diff", get(profiles::diff))
    .route("/ui/org", get(org::org))
    .route("/ui/org.xlsx", get(org::export_xlsx))
    .route("/ui/org.csv", get(org::export_csv))
    .route("/ui/audit", get(audit::trail))
    .route("/ui/audit/verify", get(audit::verify))
    .route("/ui/calendar", get(calendar::page).post(calendar::submit))
    .route("/ui/documents", get(documents::hub))
    .route(
        "/ui/documents/new",
        get(documents::new_form).post(documents::new_submit),
    )
    .route(
        "/ui/documents/draft",
        get(documents::draft_page).post(documents::draft_submit),
    )
    .route("/ui/documents/{id}", get(documents::show))
    .route("/ui/documents/{id}/act", post(documents::act))
    .route("/ui/static/app.css", get(css))
    .route("/ui/static/app.js", get(js))
    .with_state(state)
}
