//! The role walk: every endpoint, called by every kind of actor, against the objects each may or
//! may not touch. The expectations come from DESIGN.md §6 and the policy's statement: a department
//! sees and files its own records, a deputy sees the portfolio (分管), the office (and the head)
//! sees all, the public sees only what is published.

use crate::common::{Fx, ROLES};
use axum::body::Body;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Expected status per actor, in the order of [`ROLES`]:
/// anonymous, citizen (signed in, no position), edu (教育局), fin (财政局, in the deputy's
/// portfolio), deputy (分管 fin), head, office.
type Row = (&'static str, Method, &'static str, Option<Value>, [u16; 7]);

fn table() -> Vec<Row> {
    let patch = Some(json!({"summary": "补充说明"}));
    let new_edu = Some(json!({"department_id": "edu", "title": "关于校舍维修的请示"}));
    let check = Some(json!({"kind": "agenda_item", "profile": "liaocheng",
        "meeting": {"type": "executive", "date": "2025-03-19"}, "submitted_on": "2025-03-13"}));
    vec![
        ("health", Method::GET, "/healthz", None, [200; 7]),
        ("ready", Method::GET, "/readyz", None, [200; 7]),
        ("metrics", Method::GET, "/metrics", None, [200; 7]),
        ("openapi", Method::GET, "/api/openapi.json", None, [200; 7]),
        ("check", Method::POST, "/api/v1/check", check, [200; 7]),
        ("profiles", Method::GET, "/api/v1/profiles", None, [200; 7]),
        ("org", Method::GET, "/api/v1/org", None, [200; 7]),
        (
            "departments",
            Method::GET,
            "/api/v1/org/departments",
            None,
            [200; 7],
        ),
        // Body filled per actor: its own name and the right password ("anonymous" has no account).
        (
            "login",
            Method::POST,
            "/api/v1/session",
            Some(json!({})),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            "whoami",
            Method::GET,
            "/api/v1/session",
            None,
            [401, 200, 200, 200, 200, 200, 200],
        ),
        // Logging out needs a session; a token caller has none.
        ("logout", Method::DELETE, "/api/v1/session", None, [401; 7]),
        (
            "new token",
            Method::POST,
            "/api/v1/tokens",
            Some(json!({"name": "集成"})),
            [401, 201, 201, 201, 201, 201, 201],
        ),
        (
            "list tokens",
            Method::GET,
            "/api/v1/tokens",
            None,
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            "revoke own token",
            Method::DELETE,
            "/api/v1/tokens/{own_spare}",
            None,
            [401, 204, 204, 204, 204, 204, 204],
        ),
        (
            "revoke office token",
            Method::DELETE,
            "/api/v1/tokens/{office_spare}",
            None,
            [401, 404, 404, 404, 404, 404, 204],
        ),
        (
            "list submissions",
            Method::GET,
            "/api/v1/submissions",
            None,
            [200; 7],
        ),
        (
            "file for edu",
            Method::POST,
            "/api/v1/submissions",
            new_edu,
            [401, 403, 201, 403, 403, 201, 201],
        ),
        (
            "read edu",
            Method::GET,
            "/api/v1/submissions/{edu}",
            None,
            [404, 404, 200, 404, 404, 200, 200],
        ),
        (
            "read fin",
            Method::GET,
            "/api/v1/submissions/{fin}",
            None,
            [404, 404, 404, 200, 200, 200, 200],
        ),
        (
            "read published",
            Method::GET,
            "/api/v1/submissions/{pub}",
            None,
            [200; 7],
        ),
        (
            "edit edu",
            Method::PATCH,
            "/api/v1/submissions/{edu}",
            patch.clone(),
            [401, 404, 200, 404, 404, 200, 200],
        ),
        (
            "edit fin",
            Method::PATCH,
            "/api/v1/submissions/{fin}",
            patch.clone(),
            [401, 404, 404, 200, 403, 200, 200],
        ),
        (
            "edit published",
            Method::PATCH,
            "/api/v1/submissions/{pub}",
            patch,
            [401, 403, 403, 403, 403, 200, 200],
        ),
        (
            "publish edu",
            Method::POST,
            "/api/v1/submissions/{edu2}/publish",
            None,
            [401, 404, 403, 404, 404, 200, 200],
        ),
        (
            "publish fin",
            Method::POST,
            "/api/v1/submissions/{fin2}/publish",
            None,
            [401, 404, 404, 403, 403, 200, 200],
        ),
        (
            "withdraw edu",
            Method::DELETE,
            "/api/v1/submissions/{edu_fresh}",
            None,
            [401, 404, 204, 404, 404, 204, 204],
        ),
        (
            "register incoming for fin",
            Method::POST,
            "/api/v1/documents/incoming",
            Some(
                json!({"meta": {"title": "关于预算调整的请示", "doc_type": "请示", "unit": "fin",
                "doc_number": "聊财发〔2026〕1号", "contact": "孙科长 1234567"}}),
            ),
            [401, 403, 403, 201, 403, 403, 201],
        ),
        (
            "draft outgoing for fin",
            Method::POST,
            "/api/v1/documents/outgoing",
            Some(
                json!({"draft": {"title": "关于财政管理的通知", "drafter": "fin",
                "disclosure": "proactive", "series": "聊政发"}}),
            ),
            [401, 403, 403, 201, 403, 403, 201],
        ),
        (
            "document inbox",
            Method::GET,
            "/api/v1/documents/inbox",
            None,
            [401, 403, 200, 200, 200, 200, 200],
        ),
        (
            "read fin document",
            Method::GET,
            "/api/v1/documents/{doc_fin}",
            None,
            [401, 404, 404, 200, 200, 200, 200],
        ),
        (
            "fin document attachments",
            Method::GET,
            "/api/v1/documents/{doc_fin}/attachments",
            None,
            [401, 404, 404, 200, 200, 200, 200],
        ),
        // Without If-Match every signed-in caller is asked for the version first.
        (
            "act on fin document",
            Method::POST,
            "/api/v1/documents/{doc_fin}/actions",
            Some(json!({"action": "close"})),
            [401, 428, 428, 428, 428, 428, 428],
        ),
        (
            "returns of fin",
            Method::GET,
            "/api/v1/documents/returns/{unit_fin}",
            None,
            [401, 403, 403, 200, 403, 403, 200],
        ),
        (
            "normative documents expiring",
            Method::GET,
            "/api/v1/documents/normative/expiring",
            None,
            [401, 403, 403, 403, 403, 403, 200],
        ),
        (
            "normative documents clean-up list",
            Method::GET,
            "/api/v1/documents/normative/cleanup",
            None,
            [401, 403, 403, 403, 403, 403, 200],
        ),
        (
            "verify audit",
            Method::GET,
            "/api/v1/audit/verify",
            None,
            [401, 403, 403, 403, 403, 200, 200],
        ),
        // The supervision ledger: the office (and the head) run it; the lead unit (fin) and the
        // deputy in charge of it read its items.
        (
            "register supervision item",
            Method::POST,
            "/api/v1/supervision/items",
            Some(
                json!({"government_id": "lc", "source": "leader_instruction",
                "title": "批示件办理", "lead_unit": "fin", "responsible": "财政局长"}),
            ),
            [401, 403, 403, 403, 403, 201, 201],
        ),
        (
            "supervision ledger",
            Method::GET,
            "/api/v1/supervision/items?government_id=lc",
            None,
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            "read supervision item",
            Method::GET,
            "/api/v1/supervision/items/{sup_fin}",
            None,
            [401, 404, 404, 200, 200, 200, 200],
        ),
        (
            "remind",
            Method::POST,
            "/api/v1/supervision/items/{sup_fresh}/actions",
            Some(json!({"command": "remind", "version": 1})),
            [401, 404, 404, 403, 403, 200, 200],
        ),
        (
            "supervision report",
            Method::GET,
            "/api/v1/supervision/reports?government_id=lc",
            None,
            [401, 403, 403, 403, 403, 200, 200],
        ),
        (
            "supervision export",
            Method::GET,
            "/api/v1/supervision/export.xlsx?government_id=lc",
            None,
            [401, 403, 403, 403, 403, 200, 200],
        ),
        (
            "register disclosure request",
            Method::POST,
            "/api/v1/disclosure/requests",
            Some(
                json!({"government_id": "lc", "channel": "网络", "applicant": "王某",
                "content": "老旧小区改造资金使用情况"}),
            ),
            [401, 403, 403, 403, 403, 201, 201],
        ),
        (
            "read disclosure request",
            Method::GET,
            "/api/v1/disclosure/requests/{disc}",
            None,
            [401, 403, 403, 403, 403, 200, 200],
        ),
        (
            "consult third party",
            Method::POST,
            "/api/v1/disclosure/requests/{disc_fresh}/actions",
            Some(json!({"command": "consult_third_party", "version": 1})),
            [401, 403, 403, 403, 403, 200, 200],
        ),
        (
            "public disclosure status",
            Method::GET,
            "/api/v1/public/disclosure/{disc_code}",
            None,
            [200; 7],
        ),
        (
            "record leave",
            Method::POST,
            "/api/v1/leave/requests",
            Some(
                json!({"government_id": "lc", "position_id": "pos_dep", "requester": "deputy",
                "purpose": "business_trip", "departs_on": "2099-06-09", "returns_on": "2099-06-10",
                "submitted_on": "2099-06-01", "reason": "赴省汇报", "acting_position_id": "pos_head"}),
            ),
            [401, 403, 403, 403, 403, 201, 201],
        ),
        (
            "approve leave",
            Method::POST,
            "/api/v1/leave/requests/{leave_fresh}/actions",
            Some(json!({"command": "approve", "by": "市长", "version": 1})),
            [401, 403, 403, 403, 403, 200, 200],
        ),
        (
            "acting person",
            Method::GET,
            "/api/v1/leave/acting?position_id=pos_dep&date=2099-06-09",
            None,
            [401, 200, 200, 200, 200, 200, 200],
        ),
    ]
    .into_iter()
    .chain(meeting_rows())
    .chain(followup_rows())
    .chain(calendar_rows())
    .collect()
}

/// The holiday schedules: everybody reads them; only the office loads a year (not the head).
fn calendar_rows() -> Vec<Row> {
    let year = "year = 2029\n[[notice]]\ntitle = \"测试用通知（虚构）\"\n[[holiday]]\nname = \"元旦\"\noff = [2029-01-01]\n";
    vec![
        (
            "calendar years",
            Method::GET,
            "/api/v1/calendar/years",
            None,
            [200; 7],
        ),
        (
            "load a calendar year",
            Method::POST,
            "/api/v1/calendar/years",
            Some(json!({ "source": year })),
            [401, 403, 403, 403, 403, 403, 200],
        ),
    ]
}

/// Meetings (issue #6): staff read; the office and the head run meetings; a department proposes
/// its own agenda items; the approval and minutes chains name who signs.
fn meeting_rows() -> Vec<Row> {
    let office_only = [401, 403, 403, 403, 403, 200, 200];
    let staff_read = [401, 403, 200, 200, 200, 200, 200];
    vec![
        (
            "schedule meeting",
            Method::POST,
            "/api/v1/meetings",
            Some(json!({"government_id": "lc", "type": "executive", "date": "2026-03-18"})),
            [401, 403, 403, 403, 403, 201, 201],
        ),
        (
            "list meetings",
            Method::GET,
            "/api/v1/meetings?government_id=lc",
            None,
            staff_read,
        ),
        (
            "read meeting",
            Method::GET,
            "/api/v1/meetings/{mtg}",
            None,
            staff_read,
        ),
        (
            "absence",
            Method::POST,
            "/api/v1/meetings/{mtg}/absences",
            Some(json!({"invitee": "nobody"})),
            [401, 403, 422, 422, 422, 422, 422],
        ),
        (
            "invite attendee",
            Method::POST,
            "/api/v1/meetings/{mtg}/invitations",
            Some(json!({"title": "市教育局局长", "basis": "per_item"})),
            office_only,
        ),
        (
            "draft press release",
            Method::POST,
            "/api/v1/meetings/{mtg}/news",
            Some(json!({"text": "市政府召开常务会议"})),
            office_only,
        ),
        (
            "approve press release",
            Method::POST,
            "/api/v1/meetings/{mtg}/news/approve",
            None,
            [401, 403, 422, 422, 422, 422, 422],
        ),
        (
            "attendance",
            Method::POST,
            "/api/v1/meetings/{mtg}/attendance",
            Some(json!({"present": []})),
            office_only,
        ),
        (
            "assemble agenda",
            Method::POST,
            "/api/v1/meetings/{mtg}/agenda",
            Some(json!({"items": []})),
            office_only,
        ),
        (
            "confirm agenda",
            Method::POST,
            "/api/v1/meetings/{mtg}/agenda/confirm",
            None,
            [401, 403, 403, 403, 403, 422, 403],
        ),
        (
            "record decision",
            Method::POST,
            "/api/v1/meetings/{mtg}/decisions",
            Some(json!({"item_id": "none", "outcome": "adopted", "summary": "同意"})),
            [401, 403, 403, 403, 403, 422, 422],
        ),
        (
            "draft minutes",
            Method::POST,
            "/api/v1/meetings/{mtg}/minutes",
            Some(json!({})),
            office_only,
        ),
        (
            "minutes step",
            Method::POST,
            "/api/v1/meetings/{mtg}/minutes/steps",
            None,
            MINUTES_STEP,
        ),
        (
            "materials",
            Method::POST,
            "/api/v1/meetings/{mtg}/materials",
            Some(json!({"action": "add", "title": "会议材料", "recall": true})),
            office_only,
        ),
        (
            "cadence",
            Method::GET,
            "/api/v1/meeting-cadence?government_id=lc",
            None,
            staff_read,
        ),
        (
            "propose item",
            Method::POST,
            "/api/v1/agenda-items",
            Some(
                json!({"government_id": "lc", "title": "关于校舍维修的议题", "department_id": "edu",
                "meeting_type": "executive", "meeting_date": "2026-03-18", "submitted_on": "2026-03-02"}),
            ),
            [401, 403, 201, 403, 201, 201, 201],
        ),
        (
            "read item",
            Method::GET,
            "/api/v1/agenda-items/{item}",
            None,
            staff_read,
        ),
        (
            "item facts",
            Method::POST,
            "/api/v1/agenda-items/{item}/facts",
            Some(json!({"facts": {}})),
            [401, 403, 200, 403, 200, 200, 200],
        ),
        (
            "approve item",
            Method::POST,
            "/api/v1/agenda-items/{item}/approvals",
            None,
            APPROVE_ITEM,
        ),
        (
            "open major decision",
            Method::POST,
            "/api/v1/major-decisions",
            Some(json!({"government_id": "lc", "title": "关于公交线网调整的决策"})),
            [401, 403, 403, 403, 403, 201, 201],
        ),
        (
            "read major decision",
            Method::GET,
            "/api/v1/major-decisions/{dec}",
            None,
            staff_read,
        ),
        (
            "major decision step",
            Method::POST,
            "/api/v1/major-decisions/{dec}/steps",
            Some(
                json!({"procedure": "expert_argumentation", "completed_on": "2026-03-01", "evidence": ["专家论证报告"]}),
            ),
            office_only,
        ),
        (
            "major decision tracking",
            Method::POST,
            "/api/v1/major-decisions/{dec}/tracking",
            Some(json!({"catalogued": true})),
            office_only,
        ),
    ]
}

/// 聊城 executive minutes: the first step is not the office's nor the head's (see meetings tests).
const MINUTES_STEP: [u16; 7] = [401, 403, 403, 403, 403, 403, 403];
/// 聊城 agenda chain: 先行报市政府办公室审批备案 first, so the office takes the first step.
const APPROVE_ITEM: [u16; 7] = [401, 403, 403, 403, 403, 403, 200];

/// Seeds a meeting, an agenda item and a major decision through the API for the walk.
async fn seed_meeting_objects(fx: &Fx) -> (String, String, String) {
    let m = fx
        .send(
            Method::POST,
            "/api/v1/meetings",
            "office",
            Some(&json!({"government_id": "lc", "type": "executive", "date": "2026-03-11"})),
        )
        .await;
    assert_eq!(m.status, StatusCode::CREATED, "{}", m.text);
    let i = fx
        .send(
            Method::POST,
            "/api/v1/agenda-items",
            "edu",
            Some(&json!({"government_id": "lc", "title": "关于教育经费的议题",
                "meeting_type": "executive", "meeting_date": "2026-03-11", "submitted_on": "2026-03-02"})),
        )
        .await;
    assert_eq!(i.status, StatusCode::CREATED, "{}", i.text);
    let d = fx
        .send(
            Method::POST,
            "/api/v1/major-decisions",
            "office",
            Some(&json!({"government_id": "lc", "title": "关于城区供暖的决策"})),
        )
        .await;
    assert_eq!(d.status, StatusCode::CREATED, "{}", d.text);
    let id = |r: &crate::common::Resp| r.json()["id"].as_str().unwrap().to_string();
    (id(&m), id(&i), id(&d))
}

/// A leave request recorded by the office.
async fn leave(fx: &Fx) -> String {
    let r = fx
        .send(
            Method::POST,
            "/api/v1/leave/requests",
            "office",
            Some(&json!({"government_id": "lc", "position_id": "pos_dep", "requester": "deputy",
                "purpose": "business_trip", "departs_on": "2099-06-09", "returns_on": "2099-06-10",
                "submitted_on": "2099-06-01", "reason": "赴省汇报", "acting_position_id": "pos_head"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.json()["id"].as_str().unwrap().to_string()
}

const WRITE: [u16; 7] = [401, 403, 403, 403, 403, 201, 201];
const ACT: [u16; 7] = [401, 403, 403, 403, 403, 200, 200];
/// The office, or edu — the unit the suggestion or ticket is assigned to.
const UNIT_ACT: [u16; 7] = [401, 403, 200, 403, 403, 200, 200];
const READ: [u16; 7] = [401, 200, 200, 200, 200, 200, 200];

/// Event invitations, hosting, the disclosure register, proposals, 12345: the office writes,
/// everyone signed in reads, the published results are public.
fn followup_rows() -> Vec<Row> {
    let inv = json!({"government_id": "lc", "title": "推进会", "inviter": "市住建局", "leader": "市长",
        "event_on": "2099-06-12", "submitted_on": "2099-06-01", "event_kind": "work", "sent_to": "office"});
    let host = json!({"government_id": "lc", "title": "论坛", "applicant": "市文旅局",
        "event_kind": "forum", "event_on": "2099-12-01", "applied_on": "2099-01-05"});
    let prop = json!({"government_id": "lc", "kind": "suggestion", "number": "1", "title": "建议",
        "proposer": "王代表", "lead_unit": "edu", "assigned_on": "2099-03-02"});
    let ticket = json!({"government_id": "lc", "number": "1", "received_on": "2099-03-02",
        "caller": "刘先生", "category": "教育", "content": "反映问题"});
    vec![
        (
            "record invitation",
            Method::POST,
            "/api/v1/events/invitations",
            Some(inv),
            WRITE,
        ),
        (
            "list invitations",
            Method::GET,
            "/api/v1/events/invitations?government_id=lc",
            None,
            READ,
        ),
        (
            "arrange invitation",
            Method::POST,
            "/api/v1/events/invitations/{inv_fresh}/actions",
            Some(json!({"command": "arrange", "version": 1})),
            ACT,
        ),
        (
            "record hosting",
            Method::POST,
            "/api/v1/events/hosting",
            Some(host),
            WRITE,
        ),
        (
            "list hosting",
            Method::GET,
            "/api/v1/events/hosting?government_id=lc",
            None,
            READ,
        ),
        (
            "hosting approved",
            Method::POST,
            "/api/v1/events/hosting/{host_fresh}/actions",
            Some(json!({"command": "superior_approved", "version": 1})),
            ACT,
        ),
        (
            "register publication",
            Method::POST,
            "/api/v1/openness/publications",
            Some(json!({"document_id": "{pubdoc_fresh}"})),
            WRITE,
        ),
        (
            "list publications",
            Method::GET,
            "/api/v1/openness/publications?government_id=lc",
            None,
            READ,
        ),
        (
            "publish",
            Method::POST,
            "/api/v1/openness/publications/{pub_fresh}/actions",
            Some(json!({"command": "publish", "version": 1, "published_on": "2099-03-05"})),
            ACT,
        ),
        (
            "assign proposal",
            Method::POST,
            "/api/v1/proposals",
            Some(prop),
            WRITE,
        ),
        (
            "list proposals",
            Method::GET,
            "/api/v1/proposals?government_id=lc",
            None,
            READ,
        ),
        (
            "read proposal",
            Method::GET,
            "/api/v1/proposals/{prop}",
            None,
            READ,
        ),
        (
            "contact deputy",
            Method::POST,
            "/api/v1/proposals/{prop_fresh}/actions",
            Some(json!({"command": "contact", "how": "电话", "version": 1})),
            UNIT_ACT,
        ),
        (
            "public results",
            Method::GET,
            "/api/v1/public/proposals?government_id=lc",
            None,
            [200; 7],
        ),
        (
            "hotline config",
            Method::GET,
            "/api/v1/hotline/config?government_id=lc",
            None,
            READ,
        ),
        (
            "set hotline config",
            Method::PUT,
            "/api/v1/hotline/config",
            Some(
                json!({"government_id": "lc", "version": "{hotline_version}",
                "routes": {"教育": "edu"}, "reply_working_days": 5, "basis": "热线办规范"}),
            ),
            ACT,
        ),
        (
            "hotline intake",
            Method::POST,
            "/api/v1/hotline/tickets",
            Some(ticket),
            WRITE,
        ),
        (
            "list tickets",
            Method::GET,
            "/api/v1/hotline/tickets?government_id=lc",
            None,
            READ,
        ),
        (
            "reply ticket",
            Method::POST,
            "/api/v1/hotline/tickets/{ticket_fresh}/actions",
            Some(json!({"command": "reply", "reply": "已办理", "version": 1})),
            UNIT_ACT,
        ),
        (
            "hotline stats",
            Method::GET,
            "/api/v1/hotline/stats?government_id=lc&month=2099-03",
            None,
            READ,
        ),
    ]
}

/// An issued outgoing document marked 主动公开, straight into the store.
async fn proactive_doc(fx: &Fx) -> String {
    fx.store()
        .create_document(
            &zhengwu_store::Audit::new("system:test", "fixture"),
            zhengwu_store::documents::NewDocument {
                government_id: "lc".into(),
                direction: "out".into(),
                status: "issued".into(),
                title: "关于印发某办法的通知".into(),
                unit: "edu".into(),
                due_on: None,
                data: json!({"draft": {"disclosure": "proactive"}, "issued_on": "2099-03-02"}),
                attachments: vec![],
                inbox: vec![],
                returned: None,
                idempotency_key: None,
            },
        )
        .await
        .unwrap()
        .value
        .id
}

/// A fresh follow-up object created by the office: (path, body) of its creation.
async fn followup_fresh(fx: &Fx, what: &str) -> String {
    let (path, body) = match what {
        "inv" => (
            "/api/v1/events/invitations",
            json!({"government_id": "lc", "title": "推进会", "inviter": "市住建局", "leader": "市长",
                "event_on": "2099-06-12", "submitted_on": "2099-06-01", "event_kind": "work",
                "sent_to": "office"}),
        ),
        "host" => (
            "/api/v1/events/hosting",
            json!({"government_id": "lc", "title": "论坛", "applicant": "市文旅局",
                "event_kind": "forum", "event_on": "2099-12-01", "applied_on": "2099-01-05"}),
        ),
        "pub" => {
            let doc = proactive_doc(fx).await;
            ("/api/v1/openness/publications", json!({"document_id": doc}))
        }
        "prop" => (
            "/api/v1/proposals",
            json!({"government_id": "lc", "kind": "suggestion", "number": "1", "title": "建议",
                "proposer": "王代表", "lead_unit": "edu", "assigned_on": "2099-03-02"}),
        ),
        _ => (
            "/api/v1/hotline/tickets",
            json!({"government_id": "lc", "number": "1", "received_on": "2099-03-02",
                "caller": "刘先生", "category": "教育", "content": "反映问题"}),
        ),
    };
    let r = fx.send(Method::POST, path, "office", Some(&body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.json()["id"].as_str().unwrap().to_string()
}

/// A disclosure request registered by the office: (id, tracking code).
async fn disclosure(fx: &Fx) -> (String, String) {
    let r = fx
        .send(
            Method::POST,
            "/api/v1/disclosure/requests",
            "office",
            Some(
                &json!({"government_id": "lc", "channel": "网络", "applicant": "王某",
                "content": "老旧小区改造资金使用情况"}),
            ),
        )
        .await
        .json();
    (
        r["id"].as_str().unwrap().to_string(),
        r["tracking_code"].as_str().unwrap().to_string(),
    )
}

/// A supervision item led by fin, registered straight through the server's function.
async fn sup_item(fx: &Fx) -> String {
    zhengwu_server::api::supervision::register(
        &fx.state,
        "system:test",
        serde_json::from_value(
            json!({"government_id": "lc", "source": "leader_instruction",
            "title": "批示件", "lead_unit": "fin", "responsible": "财政局长"}),
        )
        .unwrap(),
    )
    .await
    .unwrap()
    .id
}

#[tokio::test]
async fn every_endpoint_with_every_role() {
    let fx = Fx::new().await;
    let edu = fx.seed_submission("edu", "教育局内部请示", false).await;
    let fin = fx.seed_submission("fin", "财政局预算报告", false).await;
    let published = fx.seed_submission("edu", "已公开的通知", true).await;
    let edu2 = fx.seed_submission("edu", "待公开的教育局报告", false).await;
    let fin2 = fx.seed_submission("fin", "待公开的财政局报告", false).await;
    let doc_fin = fx
        .send(
            Method::POST,
            "/api/v1/documents/incoming",
            "office",
            Some(
                &json!({"meta": {"title": "财政局请示", "doc_type": "请示", "unit": "fin",
                "doc_number": "聊财发〔2026〕2号", "contact": "孙科长 1234567"}}),
            ),
        )
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let unit_fin = "fin".to_string();

    let (mtg, item, dec) = seed_meeting_objects(&fx).await;
    let sup_fin = sup_item(&fx).await;
    let (disc, disc_code) = disclosure(&fx).await;
    // The hotline routes 教育 to edu before the walk; a suggestion to read.
    let r = fx
        .send(
            Method::PUT,
            "/api/v1/hotline/config",
            "office",
            Some(
                &json!({"government_id": "lc", "version": 0, "routes": {"教育": "edu"},
                "reply_working_days": 5, "basis": "热线办规范"}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let prop = followup_fresh(&fx, "prop").await;

    let mut failures = Vec::new();
    let mut walked = BTreeSet::new();
    for (label, method, template, body, expected) in table() {
        let route = template.split('?').next().unwrap_or(template);
        walked.insert((method.to_string(), template_route(route)));
        for (i, who) in ROLES.iter().enumerate() {
            // Placeholders that each call needs fresh.
            let mut path = template.to_string();
            let sys = zhengwu_store::Audit::new("system:test", "fixture");
            if path.contains("{own_spare}") {
                let id = match fx.ids.get(who) {
                    Some(acc) => {
                        fx.store()
                            .create_api_token(&sys, acc, "spare", None)
                            .await
                            .unwrap()
                            .info
                            .id
                    }
                    None => "none".to_string(),
                };
                path = path.replace("{own_spare}", &id);
            }
            if path.contains("{office_spare}") {
                let acc = &fx.ids["office"];
                let id = fx
                    .store()
                    .create_api_token(&sys, acc, "spare", None)
                    .await
                    .unwrap()
                    .info
                    .id;
                path = path.replace("{office_spare}", &id);
            }
            path = path
                .replace("{mtg}", &mtg)
                .replace("{item}", &item)
                .replace("{dec}", &dec);
            if path.contains("{sup_fresh}") {
                let id = sup_item(&fx).await;
                path = path.replace("{sup_fresh}", &id);
            }
            path = path.replace("{sup_fin}", &sup_fin);
            if path.contains("{disc_fresh}") {
                let (id, _) = disclosure(&fx).await;
                path = path.replace("{disc_fresh}", &id);
            }
            path = path.replace("{disc_code}", &disc_code);
            if path.contains("{leave_fresh}") {
                let id = leave(&fx).await;
                path = path.replace("{leave_fresh}", &id);
            }
            path = path.replace("{disc}", &disc);
            for what in ["inv", "host", "pub", "prop", "ticket"] {
                let ph = format!("{{{what}_fresh}}");
                if path.contains(&ph) {
                    let id = followup_fresh(&fx, what).await;
                    path = path.replace(&ph, &id);
                }
            }
            path = path.replace("{prop}", &prop);
            if path.contains("{edu_fresh}") {
                let id = fx.seed_submission("edu", "将撤回的请示", false).await;
                path = path.replace("{edu_fresh}", &id);
            }
            let id_of = |p: &str| -> Option<String> {
                for (ph, id) in [
                    ("{edu}", &edu),
                    ("{fin}", &fin),
                    ("{pub}", &published),
                    ("{edu2}", &edu2),
                    ("{fin2}", &fin2),
                ] {
                    if p.contains(ph) {
                        return Some(id.clone());
                    }
                }
                None
            };
            let target = id_of(&path);
            for (ph, id) in [
                ("{edu}", &edu),
                ("{fin}", &fin),
                ("{pub}", &published),
                ("{edu2}", &edu2),
                ("{fin2}", &fin2),
                ("{doc_fin}", &doc_fin),
                ("{unit_fin}", &unit_fin),
            ] {
                path = path.replace(ph, id);
            }
            let body = if label == "login" {
                Some(json!({"username": who, "password": crate::common::PASSWORD}))
            } else {
                body.clone()
            };
            // Body placeholders: a fresh proactive document, the hotline configuration's version.
            let body = match body {
                Some(b) if b.to_string().contains("{pubdoc_fresh}") => {
                    let doc = proactive_doc(&fx).await;
                    Some(
                        serde_json::from_str(&b.to_string().replace("{pubdoc_fresh}", &doc))
                            .unwrap(),
                    )
                }
                Some(b) if b.to_string().contains("{hotline_version}") => {
                    let v = fx
                        .get("/api/v1/hotline/config?government_id=lc", "office")
                        .await
                        .json()["version"]
                        .as_i64()
                        .unwrap();
                    Some(
                        serde_json::from_str(
                            &b.to_string()
                                .replace("\"{hotline_version}\"", &v.to_string()),
                        )
                        .unwrap(),
                    )
                }
                other => other,
            };
            let mut b = fx.req(method.clone(), &path, who, body.as_ref());
            // Changes name the current version, so only the policy can refuse them.
            if matches!(method, Method::PATCH | Method::DELETE) || path.ends_with("/publish") {
                let id = target
                    .clone()
                    .unwrap_or_else(|| path.rsplit('/').next().unwrap().to_string());
                let v = fx.version_of(&id).await;
                b = b.header("if-match", format!("\"{v}\""));
            }
            let r = fx
                .call(
                    b.body(
                        body.as_ref()
                            .map_or(Body::empty(), |v| Body::from(v.to_string())),
                    )
                    .unwrap(),
                )
                .await;
            if r.status.as_u16() != expected[i] {
                failures.push(format!(
                    "{label}: {who} got {} expected {} ({})",
                    r.status.as_u16(),
                    expected[i],
                    r.text.chars().take(160).collect::<String>()
                ));
            } else if r.status.is_client_error() {
                // Refusals are problems, and anonymous callers are asked to log in, not told "forbidden".
                r.problem();
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );

    // The walk covers every documented operation.
    let doc = serde_json::to_value(zhengwu_server::api::openapi()).unwrap();
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, _) in item.as_object().unwrap() {
            documented.insert((method.to_uppercase(), path.clone()));
        }
    }
    assert_eq!(
        walked, documented,
        "the role walk must call every documented operation"
    );

    // Restricted reads by others than the owner were audited; the owner's and public reads not.
    let reads = fx.events("submission.read").await;
    let readers: BTreeSet<String> = reads.iter().map(|e| e.actor.clone()).collect();
    let expected: BTreeSet<String> = ["deputy", "head", "office"]
        .iter()
        .map(|w| fx.ids[w].clone())
        .collect();
    assert_eq!(
        readers, expected,
        "restricted reads are audited with the reader"
    );
    assert!(fx.store().verify_audit().await.unwrap().ok());
}

fn template_route(t: &str) -> String {
    // Placeholders of the walk map back to the documented `{id}`.
    let mut out = String::new();
    let mut in_ph = false;
    let t = t.split('?').next().unwrap_or(t);
    for c in t.chars() {
        match c {
            '{' => {
                in_ph = true;
                out.push_str("{id}");
            }
            '}' => in_ph = false,
            c if !in_ph => out.push(c),
            _ => {}
        }
    }
    out
}

#[tokio::test]
async fn lists_show_each_actor_exactly_what_it_may_see() {
    let fx = Fx::new().await;
    let edu = fx.seed_submission("edu", "教育局请示", false).await;
    let fin = fx.seed_submission("fin", "财政局报告", false).await;
    let jus = fx.seed_submission("jus", "司法局报告", false).await;
    let public = fx.seed_submission("jus", "已公开的司法局通知", true).await;
    let all: BTreeSet<&str> = [edu.as_str(), fin.as_str(), jus.as_str(), public.as_str()].into();
    let expect: [(&str, BTreeSet<&str>); 7] = [
        ("anonymous", [public.as_str()].into()),
        ("citizen", [public.as_str()].into()),
        ("edu", [edu.as_str(), public.as_str()].into()),
        ("fin", [fin.as_str(), public.as_str()].into()),
        ("deputy", [fin.as_str(), public.as_str()].into()),
        ("head", all.clone()),
        ("office", all),
    ];
    for (who, want) in expect {
        let r = fx.get("/api/v1/submissions", who).await;
        assert_eq!(r.status, StatusCode::OK);
        let got: BTreeSet<String> = r.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect();
        let want: BTreeSet<String> = want.iter().map(|s| s.to_string()).collect();
        assert_eq!(got, want, "{who}");
    }
    // Paging: one at a time, the office walks all four.
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let path = match &after {
            Some(a) => format!("/api/v1/submissions?limit=1&after={a}"),
            None => "/api/v1/submissions?limit=1".to_string(),
        };
        let v = fx.get(&path, "office").await.json();
        seen.extend(
            v["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["id"].as_str().unwrap().to_string()),
        );
        match v["next_after"].as_str() {
            Some(n) => after = Some(n.to_string()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 4, "{seen:?}");
    let r = fx.get("/api/v1/submissions?limit=0", "office").await;
    assert_eq!(r.json()["errors"][0]["path"], "limit");
}

#[tokio::test]
async fn a_deputy_reach_follows_the_org_portfolio() {
    let fx = Fx::new().await;
    let r = fx.get("/api/v1/session", "deputy").await;
    assert_eq!(r.json()["portfolio"], json!(["fin"]));
    let org = fx.get("/api/v1/org", "anonymous").await.json();
    let dep = org["leaders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["position_id"] == "pos_dep")
        .unwrap();
    assert_eq!(dep["departments"], json!(["fin"]));
    assert_eq!(dep["name"], "李副市长");
    assert_eq!(org["departments"].as_array().unwrap().len(), 3);
}
