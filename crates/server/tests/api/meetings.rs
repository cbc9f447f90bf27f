//! Meetings over HTTP (issue #6): a full meeting cycle for each of the five governments, showing
//! where they differ (meeting types, members and quorum, approval chains, minutes signers, report
//! and issuing deadlines), and the refusals with their citations.

use crate::common::{Fx, PASSWORD};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use zhengwu_store::org::{Government, Org, Person, Position};
use zhengwu_store::{Audit, NewAccount};

/// Adds a government with a full leadership (head, executive and presiding deputy, two deputies,
/// secretary-general, office director) to the fixture's organisation.
async fn add_government(fx: &Fx, id: &str, profile: &str, name: &str) {
    let seats = [
        ("head", "首长"),
        ("executive_deputy", "常务副职"),
        ("presiding_deputy", "主持工作的副职"),
        ("deputy", "副职甲"),
        ("deputy", "副职乙"),
        ("secretary_general", "秘书长"),
        ("office_director", "办公室主任"),
    ];
    let org = Org {
        governments: vec![Government {
            id: id.into(),
            name: name.into(),
            profile_id: profile.into(),
            parent_id: None,
            version: 0,
        }],
        departments: vec![],
        people: seats
            .iter()
            .enumerate()
            .map(|(n, (_, t))| Person {
                government_id: id.into(),
                id: format!("{id}_p{n}"),
                name: format!("{t}同志"),
                department_id: None,
            })
            .collect(),
        positions: seats
            .iter()
            .enumerate()
            .map(|(n, (role, t))| Position {
                government_id: id.into(),
                id: format!("{id}_s{n}"),
                role: (*role).into(),
                title: (*t).into(),
                person_id: Some(format!("{id}_p{n}")),
                rank: n as i64 + 1,
            })
            .collect(),
        portfolios: vec![],
        substitutions: vec![],
    };
    fx.store()
        .import_org(&Audit::new("system:test", "fixture"), &org)
        .await
        .unwrap();
}

/// Adds an account with the given roles (API token) to the fixture's actors.
async fn add_actor(fx: &mut Fx, name: &'static str, roles: &[&str]) {
    let sys = Audit::new("system:test", "fixture");
    let acc = fx
        .store()
        .create_account(
            &sys,
            NewAccount {
                username: name.into(),
                display_name: name.into(),
                password: PASSWORD.into(),
                roles: roles.iter().map(|r| r.to_string()).collect(),
                government_id: Some("lc".into()),
                department_id: None,
                person_id: None,
            },
        )
        .await
        .unwrap();
    let tok = fx
        .store()
        .create_api_token(&sys, &acc.id, "test", None)
        .await
        .unwrap();
    fx.tokens.insert(name, tok.token);
    fx.ids.insert(name, acc.id);
}

async fn post(fx: &Fx, who: &str, path: &str, body: Value) -> crate::common::Resp {
    fx.send(Method::POST, path, who, Some(&body)).await
}

/// Who takes chain steps in these tests, in the order tried.
const SIGNERS: [&str; 6] = ["office", "deputy", "sg", "odir", "head", "exec"];

async fn fixture() -> Fx {
    let mut fx = Fx::new().await;
    add_actor(&mut fx, "sg", &["secretary_general"]).await;
    add_actor(&mut fx, "odir", &["office_director"]).await;
    add_actor(&mut fx, "exec", &["executive_deputy", "presiding_deputy"]).await;
    fx
}

/// What one government's cycle showed.
#[derive(Debug)]
struct Cycle {
    members: usize,
    approvals: Vec<String>,
    minutes: Vec<String>,
    work_due: String,
    documents: Vec<String>,
}

/// A full executive-meeting cycle: schedule, propose, approve, assemble, confirm, attendance (half
/// fails, more than half passes), decide with assigned work and an adopted document, minutes.
async fn cycle(fx: &Fx, gov: &str, date: &str, submitted: &str) -> Cycle {
    let m = post(
        fx,
        "office",
        "/api/v1/meetings",
        json!({"government_id": gov, "type": "executive", "date": date}),
    )
    .await;
    assert_eq!(m.status, StatusCode::CREATED, "{gov}: {}", m.text);
    let mid = m.json()["id"].as_str().unwrap().to_string();
    let invitees = m.json()["data"]["invitees"].as_array().unwrap().clone();
    let members: Vec<String> = invitees
        .iter()
        .filter(|i| i["capacity"] == "member" && i["unresolved"] == false)
        .map(|i| i["key"].as_str().unwrap().to_string())
        .collect();
    let all_members = invitees
        .iter()
        .filter(|i| i["capacity"] == "member")
        .count();

    let it = post(
        fx,
        "office",
        "/api/v1/agenda-items",
        json!({"government_id": gov, "title": "关于政府投资项目资金安排的议题", "meeting_type": "executive",
               "department_id": "fin",
               "meeting_date": date, "submitted_on": submitted,
               "facts": {"topics": ["general"], "legality_reviewed": true}}),
    )
    .await;
    assert_eq!(it.status, StatusCode::CREATED, "{gov}: {}", it.text);
    assert_eq!(it.json()["status"], "proposed", "{gov}: {}", it.text);
    let iid = it.json()["id"].as_str().unwrap().to_string();
    let steps = it.json()["data"]["gate"]["chain"].as_array().unwrap().len();
    // Assembling before the chain is complete is refused, naming the missing step.
    if steps > 0 {
        let early = post(
            fx,
            "office",
            &format!("/api/v1/meetings/{mid}/agenda"),
            json!({"items": [iid]}),
        )
        .await;
        assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY, "{gov}");
        assert!(early.text.contains("尚待"), "{}", early.text);
    }
    let mut approvals = Vec::new();
    for _ in 0..steps {
        let mut done = false;
        let mut refusals = Vec::new();
        for who in SIGNERS {
            let r = post(
                fx,
                who,
                &format!("/api/v1/agenda-items/{iid}/approvals"),
                json!({}),
            )
            .await;
            if r.status == StatusCode::OK {
                let a = r.json()["data"]["approvals"].as_array().unwrap().clone();
                approvals.push(
                    a.last().unwrap()["step"]["title"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                );
                done = true;
                break;
            }
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{gov} {who}: {}", r.text);
            refusals.push(format!("{who}: {}", r.text));
        }
        assert!(
            done,
            "{gov}: nobody could take step {}: {refusals:#?}",
            approvals.len()
        );
    }
    let ag = post(
        fx,
        "office",
        &format!("/api/v1/meetings/{mid}/agenda"),
        json!({"items": [iid]}),
    )
    .await;
    assert_eq!(ag.status, StatusCode::OK, "{gov}: {}", ag.text);
    // The office assembles; the head confirms.
    let no = post(
        fx,
        "office",
        &format!("/api/v1/meetings/{mid}/agenda/confirm"),
        json!({}),
    )
    .await;
    assert_eq!(no.status, StatusCode::FORBIDDEN);
    let ok = post(
        fx,
        "head",
        &format!("/api/v1/meetings/{mid}/agenda/confirm"),
        json!({}),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    assert_eq!(ok.json()["status"], "agenda_confirmed");

    // Exactly half of the members present: no decision may be recorded.
    let half = all_members / 2;
    let present: Vec<&String> = members.iter().take(half).collect();
    let r = post(
        fx,
        "office",
        &format!("/api/v1/meetings/{mid}/attendance"),
        json!({"present": present}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let decision = json!({"item_id": iid, "outcome": "adopted", "summary": "原则同意，抓好落实",
        "dissent": ["建议分步实施"],
        "assignments": [{"unit": "住房城乡建设局", "task": "制定改造实施方案"}],
        "documents": [{"title": "老旧小区改造实施意见", "revision": "minor"}]});
    let r = post(
        fx,
        "office",
        &format!("/api/v1/meetings/{mid}/decisions"),
        decision.clone(),
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{gov}: {}",
        r.text
    );
    assert!(r.text.contains("至少须"), "{}", r.text);
    // One more than half: the quorum is met.
    let present: Vec<&String> = members.iter().take(half + 1).collect();
    let r = post(
        fx,
        "office",
        &format!("/api/v1/meetings/{mid}/attendance"),
        json!({"present": present}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = post(
        fx,
        "office",
        &format!("/api/v1/meetings/{mid}/decisions"),
        decision,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{gov}: {}", r.text);
    let d = &r.json()["data"]["decision"];
    assert_eq!(d["dissent"][0], "建议分步实施");
    let documents: Vec<String> = d["documents"][0]["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["due_on"].as_str().unwrap().to_string())
        .collect();

    let detail = fx.get(&format!("/api/v1/meetings/{mid}"), "office").await;
    assert_eq!(detail.status, StatusCode::OK);
    let detail = detail.json();
    assert_eq!(detail["quorum"]["status"]["quorum"], "met");
    let work_due = detail["assigned_work"][0]["due_on"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(detail["assigned_work"][0]["unit"], "住房城乡建设局");
    // The assigned work is in the supervision ledger as a meeting decision, assigned on the day.
    let ledger = fx
        .get(
            &format!("/api/v1/supervision/items?government_id={gov}&source=meeting_decision"),
            "office",
        )
        .await;
    assert_eq!(ledger.status, StatusCode::OK, "{}", ledger.text);
    let items = ledger.json()["items"].as_array().unwrap().clone();
    let sup = items
        .iter()
        .find(|i| {
            i["title"]
                .as_str()
                .is_some_and(|t| t.ends_with("决定：制定改造实施方案"))
                && i["assigned_on"] == date
        })
        .unwrap_or_else(|| panic!("{gov}: no ledger item in {items:?}"));
    assert_eq!(sup["lead_unit"], "住房城乡建设局", "{sup}");

    // Minutes through the profile's chain.
    let r = post(
        fx,
        "office",
        &format!("/api/v1/meetings/{mid}/minutes"),
        json!({}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{gov}: {}", r.text);
    let n = r.json()["data"]["minutes"]["steps"]
        .as_array()
        .unwrap()
        .len();
    let mut minutes = Vec::new();
    for _ in 0..n {
        let mut done = false;
        for who in SIGNERS {
            let r = post(
                fx,
                who,
                &format!("/api/v1/meetings/{mid}/minutes/steps"),
                json!({}),
            )
            .await;
            if r.status == StatusCode::OK {
                let s = &r.json()["data"]["minutes"]["steps"][minutes.len()];
                minutes.push(format!(
                    "{}:{}",
                    s["step"]["step"].as_str().unwrap(),
                    s["done_as"].as_str().unwrap()
                ));
                done = true;
                break;
            }
        }
        assert!(
            done,
            "{gov}: nobody could take minutes step {}",
            minutes.len()
        );
    }
    let last = fx.get(&format!("/api/v1/meetings/{mid}"), "office").await;
    assert_eq!(last.json()["meeting"]["status"], "minutes_signed");
    Cycle {
        members: all_members,
        approvals,
        minutes,
        work_due,
        documents,
    }
}

#[tokio::test]
async fn a_full_meeting_cycle_in_each_government_shows_where_they_differ() {
    let fx = fixture().await;
    for (id, profile, name) in [
        ("jn", "jining", "济宁市人民政府"),
        ("ta", "taian", "泰安市人民政府"),
        ("zd", "zhangdian", "淄博市张店区人民政府"),
        ("cl", "changle", "昌乐县人民政府"),
    ] {
        add_government(&fx, id, profile, name).await;
    }
    // A Wednesday meeting; items submitted three weeks ahead pass every deadline.
    let date = "2026-03-18";
    let submitted = "2026-02-25";
    let lc = cycle(&fx, "lc", date, submitted).await;
    let jn = cycle(&fx, "jn", date, submitted).await;
    let ta = cycle(&fx, "ta", date, submitted).await;
    let zd = cycle(&fx, "zd", date, submitted).await;
    let cl = cycle(&fx, "cl", date, submitted).await;
    eprintln!("lc {lc:?}\njn {jn:?}\nta {ta:?}\nzd {zd:?}\ncl {cl:?}");

    // 聊城: the office files first, then 分管副市长 → 秘书长 → 市长; the work report within one month.
    assert_eq!(lc.approvals.len(), 4, "{lc:?}");
    assert_eq!(
        lc.work_due, "2026-04-20",
        "会后１个月内 (4-18 is a Saturday)"
    );
    assert_eq!(
        lc.minutes,
        vec!["review:secretary_general", "sign:head"],
        "聊城 常务会议纪要：秘书长审核，市长签发"
    );
    // 泰安 and 张店: documents adopted get issuing deadlines of 5 working days; 聊城 has none.
    assert!(lc.documents.is_empty(), "{lc:?}");
    assert_eq!(ta.documents.len(), 1, "{ta:?}");
    assert_eq!(zd.documents.len(), 1, "{zd:?}");
    assert_eq!(ta.documents[0], "2026-03-25");
    // Minutes signed by the head alone in 济宁, 泰安 and 张店.
    for c in [&jn, &ta, &zd] {
        assert_eq!(c.minutes, vec!["sign:head"], "{c:?}");
    }
    // Approval chains in each profile's order.
    assert_eq!(jn.approvals, vec!["分管副市长", "市长"]);
    assert_eq!(ta.approvals, vec!["分管副市长"]);
    assert_eq!(zd.approvals, vec!["分管副区长", "区政府办公室主任", "区长"]);
    assert_eq!(cl.approvals, vec!["分管副县长", "县长"]);
    // 昌乐: 办公室主任审核，分管副县长审签，县长签发.
    assert_eq!(
        cl.minutes,
        vec!["review:office_director", "approve:deputy", "sign:head"]
    );
    // Members: 聊城's fixture has a head and one deputy (+ the secretary-general named by title);
    // the others: head, four deputy seats and the secretary-general (昌乐: 县政府党组成员 by title).
    assert_eq!(lc.members, 3);
    for c in [&jn, &ta, &zd, &cl] {
        assert_eq!(c.members, 6, "{c:?}");
    }
    // Only 聊城 states a report deadline for work assigned by a meeting.
    for c in [&jn, &ta, &zd, &cl] {
        assert_eq!(c.work_due, "", "{c:?}");
    }
}

#[tokio::test]
async fn changle_has_no_county_head_office_meeting() {
    let fx = fixture().await;
    add_government(&fx, "cl", "changle", "昌乐县人民政府").await;
    let r = post(
        &fx,
        "office",
        "/api/v1/meetings",
        json!({"government_id": "cl", "type": "head_office", "date": "2026-03-18"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    let v = r.json();
    assert!(r.text.contains("县长办公会议"), "{}", r.text);
    assert_eq!(v["violations"][0]["citation"]["profile"], "changle");
}

#[tokio::test]
async fn a_refused_item_shows_every_missing_gate_and_an_exception_is_recorded() {
    let fx = fixture().await;
    // Late (聊城: not 3 working days before? see the profile) and a normative document without legality review.
    let r = post(
        &fx,
        "edu",
        "/api/v1/agenda-items",
        json!({"government_id": "lc", "title": "关于规范校外培训的规定", "meeting_type": "executive",
               "meeting_date": "2026-03-18", "submitted_on": "2026-03-17",
               "facts": {"topics": ["normative_document"], "involves_other_departments": true}}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let v = r.json();
    assert_eq!(v["status"], "blocked");
    let violations = v["data"]["gate"]["violations"].as_array().unwrap();
    assert!(violations.len() >= 2, "{violations:?}");
    for f in violations {
        assert_eq!(f["citation"]["profile"], "liaocheng", "{f}");
        assert!(!f["citation"]["article"].as_str().unwrap().is_empty());
    }
    let id = v["id"].as_str().unwrap().to_string();
    // Approving a blocked item is refused with the same citations.
    let a = post(
        &fx,
        "office",
        &format!("/api/v1/agenda-items/{id}/approvals"),
        json!({}),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The clerk records the reviews and a listed ground for the late submission.
    let r = post(
        &fx,
        "edu",
        &format!("/api/v1/agenda-items/{id}/facts"),
        json!({"facts": {"topics": ["normative_document"], "involves_other_departments": true,
               "countersigned": true, "legality_reviewed": true, "fair_competition_reviewed": true,
               "urgent_ground": "superior_deployment",
               "exception": {"reason": "贯彻省政府紧急部署", "decided_by": "head"}}}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        r.json()["status"],
        "proposed",
        "{}",
        r.json()["data"]["gate"]
    );
    assert_eq!(
        r.json()["data"]["facts"]["exception"]["decided_by"],
        "head",
        "the exception is recorded with who decided"
    );
}

#[tokio::test]
async fn only_the_proposers_the_profile_names_may_propose() {
    let fx = fixture().await;
    // 聊城: 提报单位、市长、主持工作的副市长 — not the office on its own account.
    let item = |dept: Option<&str>| {
        json!({"government_id": "lc", "title": "关于某事项的议题", "department_id": dept,
               "meeting_type": "executive", "meeting_date": "2026-03-18", "submitted_on": "2026-03-02"})
    };
    let r = post(&fx, "office", "/api/v1/agenda-items", item(None)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(r.text.contains("提报单位"), "{}", r.text);
    let r = post(&fx, "office", "/api/v1/agenda-items", item(Some("edu"))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let r = post(&fx, "head", "/api/v1/agenda-items", item(None)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
}

#[tokio::test]
async fn absences_go_to_the_person_the_profile_names() {
    let fx = fixture().await;
    let m = post(
        &fx,
        "office",
        "/api/v1/meetings",
        json!({"government_id": "lc", "type": "executive", "date": "2026-03-18"}),
    )
    .await;
    assert_eq!(m.status, StatusCode::CREATED, "{}", m.text);
    let mid = m.json()["id"].as_str().unwrap().to_string();
    // The deputy (a leader) asks nobody: refused with the citation.
    let r = post(
        &fx,
        "deputy",
        &format!("/api/v1/meetings/{mid}/absences"),
        json!({"invitee": "pos_dep"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(r.text.contains("liaocheng"), "{}", r.text);
    // Asking the head is the route.
    let r = post(
        &fx,
        "deputy",
        &format!("/api/v1/meetings/{mid}/absences"),
        json!({"invitee": "pos_dep", "asked": "head", "written_report": true}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let inv = r.json()["data"]["invitees"].as_array().unwrap().clone();
    let dep = inv.iter().find(|i| i["key"] == "pos_dep").unwrap();
    assert_eq!(dep["presence"], "absent");
    assert_eq!(dep["capacity"], "member");
    // Department heads attend the items concerning them (聊城 第四十七条); never counted.
    let r = post(
        &fx,
        "office",
        &format!("/api/v1/meetings/{mid}/invitations"),
        json!({"title": "市教育局局长", "basis": "per_item"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let last = r.json()["data"]["invitees"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["capacity"], "attendee");
    assert_eq!(last["citation"]["article"], "第四十七条");
    assert_eq!(
        r.json()["data"]["news"]["citation"]["article"],
        "第五十一条",
        "the news rule travels with the meeting"
    );
    let r = post(
        &fx,
        "office",
        &format!("/api/v1/meetings/{mid}/invitations"),
        json!({"title": "某人", "basis": "throughout"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    // Materials marked 会后收回 are tracked as returned.
    let r = post(
        &fx,
        "office",
        &format!("/api/v1/meetings/{mid}/materials"),
        json!({"action": "add", "title": "财政预算草案（会后收回）", "recall": true}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = post(
        &fx,
        "office",
        &format!("/api/v1/meetings/{mid}/materials"),
        json!({"action": "return", "index": 0, "invitee": "pos_head"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        r.json()["data"]["materials"][0]["returned_by"][0],
        "pos_head"
    );
    // The events carry the actor and the citations.
    let ev = fx.events("meeting.absence").await;
    assert_eq!(ev.len(), 1);
    assert!(!ev[0].citations.is_empty());
    assert!(fx.store().verify_audit().await.unwrap().ok());
}

#[tokio::test]
async fn a_major_decision_gates_the_agenda_until_its_procedures_are_done() {
    let fx = fixture().await;
    add_government(&fx, "ta", "taian", "泰安市人民政府").await;
    let d = post(
        &fx,
        "office",
        "/api/v1/major-decisions",
        json!({"government_id": "ta", "title": "关于城区公交线网优化的决策"}),
    )
    .await;
    assert_eq!(d.status, StatusCode::CREATED, "{}", d.text);
    let did = d.json()["id"].as_str().unwrap().to_string();
    let item = json!({"government_id": "ta", "title": "关于公交线网优化方案的议题", "department_id": "jtj",
        "meeting_type": "executive", "meeting_date": "2026-06-17", "submitted_on": "2026-06-01",
        "facts": {"topics": ["major_decision"]}, "major_decision_id": did});
    let r = post(&fx, "office", "/api/v1/agenda-items", item.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.json()["status"], "blocked", "{}", r.text);
    assert!(r.text.contains("尚缺"), "{}", r.text);
    // A 20-day comment period is refused, citing the national regulation.
    let step = |p: &str, s: Option<&str>, c: &str| json!({"procedure": p, "started_on": s, "completed_on": c, "evidence": ["报告"]});
    let r = post(
        &fx,
        "office",
        &format!("/api/v1/major-decisions/{did}/steps"),
        step("public_participation", Some("2026-04-01"), "2026-04-21"),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(r.text.contains("national"), "{}", r.text);
    for (p, s, c) in [
        ("public_participation", Some("2026-04-01"), "2026-05-06"),
        ("expert_argumentation", None, "2026-05-08"),
        ("risk_assessment", None, "2026-05-10"),
        ("legality_review", Some("2026-05-11"), "2026-05-25"),
    ] {
        let r = post(
            &fx,
            "office",
            &format!("/api/v1/major-decisions/{did}/steps"),
            step(p, s, c),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{p}: {}", r.text);
    }
    let r = post(&fx, "office", "/api/v1/agenda-items", item).await;
    assert_eq!(
        r.json()["status"],
        "proposed",
        "{}",
        r.json()["data"]["gate"]
    );
    let r = post(
        &fx,
        "office",
        &format!("/api/v1/major-decisions/{did}/tracking"),
        json!({"catalogued": true, "evaluation_due_on": "2027-06-30"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        r.json()["data"]["tracking"]["evaluation_due_on"],
        "2027-06-30"
    );
}

#[tokio::test]
async fn seed_demo_creates_meetings_across_their_life_cycles() {
    let fx = Fx::new().await;
    let n = zhengwu_server::api::meetings::seed_demo(
        fx.store(),
        &fx.state.registry,
        &fx.state.calendar(),
        "lc",
    )
    .await
    .unwrap();
    assert!(n >= 6);
    let r = fx.get("/api/v1/meetings?government_id=lc", "office").await;
    assert_eq!(r.status, StatusCode::OK);
    let statuses: Vec<String> = r.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["status"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(statuses, vec!["held", "agenda_confirmed", "scheduled"]);
    let work = fx.store().list_assigned_work("lc", None, 10).await.unwrap();
    assert_eq!(work.len(), 1);
    assert!(fx.store().verify_audit().await.unwrap().ok());
}

#[tokio::test]
async fn the_law_study_target_is_a_reminder_per_quarter_where_the_profile_sets_one() {
    let fx = fixture().await;
    add_government(&fx, "jn", "jining", "济宁市人民政府").await;
    let study = |v: &Value| -> Vec<Value> {
        v.as_array()
            .unwrap()
            .iter()
            .filter(|c| c["citation"]["article"] == "第十九条")
            .cloned()
            .collect()
    };
    // 聊城 第十九条: at least once a quarter. Nothing recorded in Q1 2026 yet: a reminder on the new
    // meeting (never a block) and in the cadence view, for the calendar quarter.
    let m = post(
        &fx,
        "office",
        "/api/v1/meetings",
        json!({"government_id": "lc", "type": "executive", "date": "2026-03-18"}),
    )
    .await;
    assert_eq!(m.status, StatusCode::CREATED, "{}", m.text);
    let w = study(&m.json()["data"]["warnings"]);
    assert_eq!(w.len(), 1, "{}", m.text);
    assert_eq!(w[0]["window_from"], "2026-01-01");
    assert_eq!(w[0]["window_to"], "2026-03-31");
    assert_eq!(w[0]["behind"], true);
    let mid = m.json()["id"].as_str().unwrap().to_string();
    let cadence = |gov: &'static str| {
        let fx = &fx;
        async move {
            let r = fx
                .send(
                    Method::GET,
                    &format!("/api/v1/meeting-cadence?government_id={gov}&as_of=2026-03-20"),
                    "office",
                    None,
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
            r.json()
        }
    };
    let c = study(&cadence("lc").await);
    assert_eq!((c.len(), c[0]["held"].as_i64()), (1, Some(0)), "{c:?}");
    assert_eq!(c[0]["behind"], true);
    // The study held before the meeting is recorded with attendance; the quarter's target is met.
    let present: Vec<String> = m.json()["data"]["invitees"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["capacity"] == "member" && i["unresolved"] == false)
        .map(|i| i["key"].as_str().unwrap().to_string())
        .collect();
    let r = post(
        &fx,
        "office",
        &format!("/api/v1/meetings/{mid}/attendance"),
        json!({"present": present, "study_held": true}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let c = study(&cadence("lc").await);
    assert_eq!(
        (c[0]["held"].as_i64(), &c[0]["behind"]),
        (Some(1), &json!(false))
    );
    // The next quarter starts again.
    let m = post(
        &fx,
        "office",
        "/api/v1/meetings",
        json!({"government_id": "lc", "type": "executive", "date": "2026-04-08"}),
    )
    .await;
    let w = study(&m.json()["data"]["warnings"]);
    assert_eq!(w[0]["window_from"], "2026-04-01", "{}", m.text);
    // 济宁 states no pre-meeting study (R2.13 not stated): nothing is asked of it.
    let c = cadence("jn").await;
    assert!(
        c.as_array()
            .unwrap()
            .iter()
            .all(|x| !x["message"].as_str().unwrap_or("").contains("会前学习")),
        "{c}"
    );
}

#[tokio::test]
async fn a_press_release_is_approved_by_whom_the_profile_names() {
    let fx = fixture().await;
    add_government(&fx, "jn", "jining", "济宁市人民政府").await;
    let meeting = |gov: &'static str| {
        let fx = &fx;
        async move {
            let m = post(
                fx,
                "office",
                "/api/v1/meetings",
                json!({"government_id": gov, "type": "executive", "date": "2026-03-18"}),
            )
            .await;
            assert_eq!(m.status, StatusCode::CREATED, "{}", m.text);
            m.json()["id"].as_str().unwrap().to_string()
        }
    };
    let lc = meeting("lc").await;
    let news = json!({"text": "市政府召开常务会议，研究部署近期重点工作"});
    // Nothing to approve before a draft; a deputy may not draft (the office does).
    let r = post(
        &fx,
        "sg",
        &format!("/api/v1/meetings/{lc}/news/approve"),
        json!({}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    let r = post(
        &fx,
        "deputy",
        &format!("/api/v1/meetings/{lc}/news"),
        news.clone(),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    let r = post(
        &fx,
        "office",
        &format!("/api/v1/meetings/{lc}/news"),
        news.clone(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // 聊城 第五十一条: 新闻稿须经秘书长或有关副秘书长审定 — not the office director, nor the head.
    for who in ["odir", "head"] {
        let r = post(
            &fx,
            who,
            &format!("/api/v1/meetings/{lc}/news/approve"),
            json!({}),
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{who}: {}",
            r.text
        );
        assert!(r.text.contains("第五十一条"), "{}", r.text);
    }
    let r = post(
        &fx,
        "sg",
        &format!("/api/v1/meetings/{lc}/news/approve"),
        json!({}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let n = &r.json()["data"]["news_release"];
    assert_eq!(n["citation"]["article"], "第五十一条", "{n}");
    assert!(n["approved_on"].is_string(), "{n}");
    // 济宁 names no approval of press releases: the office's draft stands; approval does not apply.
    let jn = meeting("jn").await;
    let r = post(&fx, "office", &format!("/api/v1/meetings/{jn}/news"), news).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = post(
        &fx,
        "sg",
        &format!("/api/v1/meetings/{jn}/news/approve"),
        json!({}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(r.text.contains("未规定新闻稿审定"), "{}", r.text);
}
