//! The routes. Every handler carries its `#[utoipa::path]` and is registered through
//! `utoipa_axum::routes!`, so a route cannot exist without being in `/api/openapi.json`.

pub mod audit;
pub mod calendar;
pub mod documents;
pub mod followup;
pub mod leave;
pub mod meetings;
pub mod openness;
pub mod org;
pub mod rules;
pub mod session;
pub mod submissions;
pub mod supervision;
pub mod system;

use crate::AppState;
use crate::problem::{FieldError, Problem, Violation, ViolationCitation};
use axum::extract::State;
use axum::http::StatusCode;
use axum::middleware;
use std::sync::Arc;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "zhengwu 政务 API",
        description = "按本级政府工作规则运行政府日常工作 (runs a local People's Government exactly as its Work Rules prescribe). Errors are RFC 9457 problem+json.",
        version = env!("CARGO_PKG_VERSION"),
    ),
    components(schemas(Problem, FieldError, Violation, ViolationCitation)),
    modifiers(&SecuritySchemes),
    tags(
        (name = "system", description = "健康、指标、文档 (health, metrics, this document)"),
        (name = "rules", description = "规则问答与规则配置 (rule questions and profiles)"),
        (name = "session", description = "登录、会话与 API 令牌 (login, sessions, API tokens)"),
        (name = "org", description = "组织机构 (the organisation)"),
        (name = "submissions", description = "部门报送件 (records filed by departments)"),
        (name = "audit", description = "审计链 (the audit chain)"),
        (name = "documents", description = "公文收发：收文登记、退文、批示、转办，发文会签、签发、编号 (official documents in and out)"),
        (name = "meetings", description = "会议、议题、纪要与重大行政决策 (meetings, the agenda pipeline, minutes, major decisions)"),
        (name = "supervision", description = "督查督办台账 (the supervision ledger)"),
        (name = "openness", description = "依申请公开 (disclosure requests)"),
        (name = "leave", description = "请销假 (leaders' leave and acting persons)"),
        (name = "calendar", description = "节假日安排：载入新公布年度，期限随之重算 (holiday schedules: loading a newly announced year re-projects the deadlines)"),
        (name = "followup", description = "邀请领导出席活动、举办活动申请、主动公开登记、建议提案、12345热线 (event invitations, hosting, the proactive disclosure register, suggestions and proposals, the 12345 hotline)"),
    )
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::auth::SESSION_COOKIE,
                "登录后设置的会话 Cookie；修改请求还须带 X-CSRF-Token (session cookie set by login; changes also need X-CSRF-Token)",
            ))),
        );
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("API 令牌 zw_… (API token for integrations)"))
                    .build(),
            ),
        );
    }
}

/// The routes with their documentation, before state is attached.
fn documented() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(system::healthz))
        .routes(routes!(system::readyz))
        .routes(routes!(system::metrics))
        .routes(routes!(system::openapi))
        .routes(routes!(rules::check))
        .routes(routes!(rules::profiles))
        .routes(routes!(session::login, session::logout, session::whoami))
        .routes(routes!(session::create_token, session::list_tokens))
        .routes(routes!(session::revoke_token))
        .routes(routes!(org::org))
        .routes(routes!(org::departments))
        .routes(routes!(submissions::list, submissions::create))
        .routes(routes!(
            submissions::get,
            submissions::update,
            submissions::delete
        ))
        .routes(routes!(submissions::publish))
        .routes(routes!(audit::verify))
        .routes(routes!(documents::register))
        .routes(routes!(documents::draft))
        .routes(routes!(documents::inbox))
        .routes(routes!(documents::get))
        .routes(routes!(documents::act))
        .routes(routes!(documents::attachments))
        .routes(routes!(documents::returns))
        .routes(routes!(documents::normative_expiring))
        .routes(routes!(documents::normative_cleanup))
        .routes(routes!(meetings::create_meeting, meetings::list_meetings))
        .routes(routes!(meetings::get_meeting))
        .routes(routes!(meetings::absence))
        .routes(routes!(meetings::invite))
        .routes(routes!(meetings::attendance))
        .routes(routes!(meetings::draft_news))
        .routes(routes!(meetings::approve_news))
        .routes(routes!(meetings::assemble_agenda))
        .routes(routes!(meetings::confirm_agenda))
        .routes(routes!(meetings::record_decision))
        .routes(routes!(meetings::draft_minutes))
        .routes(routes!(meetings::minutes_step))
        .routes(routes!(meetings::materials))
        .routes(routes!(meetings::cadence))
        .routes(routes!(meetings::create_item))
        .routes(routes!(meetings::get_item))
        .routes(routes!(meetings::update_facts))
        .routes(routes!(meetings::approve_item))
        .routes(routes!(meetings::create_major_decision))
        .routes(routes!(meetings::get_major_decision))
        .routes(routes!(meetings::major_decision_step))
        .routes(routes!(meetings::major_decision_tracking))
        .routes(routes!(supervision::create, supervision::ledger))
        .routes(routes!(supervision::get))
        .routes(routes!(supervision::action))
        .routes(routes!(supervision::reports))
        .routes(routes!(supervision::export))
        .routes(routes!(openness::create))
        .routes(routes!(openness::get))
        .routes(routes!(openness::action))
        .routes(routes!(openness::public_status))
        .routes(routes!(leave::create))
        .routes(routes!(leave::action))
        .routes(routes!(leave::acting))
        .routes(routes!(
            followup::create_invitation,
            followup::list_invitations
        ))
        .routes(routes!(followup::invitation_action))
        .routes(routes!(followup::create_hosting, followup::list_hosting))
        .routes(routes!(followup::hosting_action))
        .routes(routes!(
            followup::create_publication,
            followup::list_publications
        ))
        .routes(routes!(followup::publication_action))
        .routes(routes!(followup::create_proposal, followup::list_proposals))
        .routes(routes!(followup::public_results))
        .routes(routes!(followup::get_proposal))
        .routes(routes!(followup::proposal_action))
        .routes(routes!(followup::get_config, followup::put_config))
        .routes(routes!(followup::create_ticket, followup::list_tickets))
        .routes(routes!(followup::ticket_action))
        .routes(routes!(followup::stats))
        .routes(routes!(calendar::list, calendar::load))
}

/// The OpenAPI document (3.1) as generated from the handlers.
pub fn openapi() -> utoipa::openapi::OpenApi {
    documented().into_openapi()
}

/// The documented operations, `(METHOD, route template)`.
pub fn operations() -> Vec<(String, String)> {
    let mut ops = Vec::new();
    for (path, item) in openapi().paths.paths {
        let methods = [
            ("GET", item.get.is_some()),
            ("PUT", item.put.is_some()),
            ("POST", item.post.is_some()),
            ("DELETE", item.delete.is_some()),
            ("PATCH", item.patch.is_some()),
            ("HEAD", item.head.is_some()),
            ("OPTIONS", item.options.is_some()),
        ];
        for (m, present) in methods {
            if present {
                ops.push((m.to_string(), path.clone()));
            }
        }
    }
    ops
}

/// Anything that is not a route: a problem, not an empty 404.
async fn no_route(State(state): State<AppState>, method: axum::http::Method) -> Problem {
    state.metrics.request(method.as_str(), None, 404, 0.0);
    Problem::new(
        StatusCode::NOT_FOUND,
        "no-route",
        "没有这个地址 (no such endpoint)",
        "请查阅 /api/openapi.json (see /api/openapi.json)",
    )
}

pub fn router(state: AppState) -> axum::Router {
    let (router, doc) = documented().split_for_parts();
    let doc_json = Arc::new(doc.to_pretty_json().unwrap_or_else(|_| "{}".to_string()));
    router
        // Inside routing, where the route template is known: the secrecy door (the check
        // endpoint is exempt inside it, see `secrecy`) and the metrics.
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            crate::edge::route,
        ))
        .layer(axum::Extension(system::OpenApiJson(doc_json)))
        .fallback(no_route)
        .with_state(state)
}
