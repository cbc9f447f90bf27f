//! 公文 over HTTP for each of the five governments: registration with lint, automatic 退文 with
//! cited reasons, text warnings, withdrawal, routing to the leader in charge (and the substitute),
//! 批示, 转办, replies, closing, inboxes; drafts, 会签 windows and silence, signers from each
//! profile's signing matrix, numbering, quotas.

use crate::common::{Fx, Resp};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use zhengwu_store::documents::DocumentChange;
use zhengwu_store::org::{
    Department, Government, Org, Person, Portfolio, Position, SubjectKind, Substitution,
};
use zhengwu_store::{Audit, NewAccount};

/// A government of one profile inside the shared fixture, with its own accounts.
struct Gov {
    id: String,
    tokens: BTreeMap<&'static str, String>,
}

fn org_of(g: &str, profile: &str) -> Org {
    let dept = |id: &str, name: &str| Department {
        government_id: g.into(),
        id: format!("{g}_{id}"),
        name: name.into(),
    };
    let person = |id: &str, name: &str| Person {
        government_id: g.into(),
        id: format!("{g}_{id}"),
        name: name.into(),
        department_id: None,
    };
    let pos = |id: &str, role: &str, title: &str, person: &str, rank: i64| Position {
        government_id: g.into(),
        id: format!("{g}_{id}"),
        role: role.into(),
        title: title.into(),
        person_id: Some(format!("{g}_{person}")),
        rank,
    };
    Org {
        governments: vec![Government {
            id: g.into(),
            name: format!("{profile} 人民政府"),
            profile_id: profile.into(),
            parent_id: None,
            version: 0,
        }],
        departments: vec![
            dept("edu", "教育局"),
            dept("fin", "财政局"),
            dept("jus", "司法局"),
        ],
        people: vec![
            person("head", "王主要"),
            person("dep", "李分管"),
            person("dep2", "赵副职"),
        ],
        positions: vec![
            pos("head", "head", "主要负责人", "head", 1),
            pos("dep", "deputy", "副职（分管财政）", "dep", 2),
            pos("dep2", "deputy", "副职（分管教育）", "dep2", 3),
        ],
        portfolios: vec![
            Portfolio {
                government_id: g.into(),
                position_id: format!("{g}_dep"),
                subject_kind: SubjectKind::Department,
                subject: format!("{g}_fin"),
            },
            Portfolio {
                government_id: g.into(),
                position_id: format!("{g}_dep"),
                subject_kind: SubjectKind::Matter,
                subject: "财政、税务".into(),
            },
            Portfolio {
                government_id: g.into(),
                position_id: format!("{g}_dep2"),
                subject_kind: SubjectKind::Department,
                subject: format!("{g}_edu"),
            },
        ],
        substitutions: vec![Substitution {
            government_id: g.into(),
            position_id: format!("{g}_dep"),
            substitute_id: format!("{g}_dep2"),
        }],
    }
}

/// An account of the fixture: name, roles, department, person.
type Who = (
    &'static str,
    &'static [&'static str],
    Option<&'static str>,
    Option<&'static str>,
);

async fn gov(fx: &Fx, profile: &str) -> Gov {
    let g = format!("g_{profile}");
    let sys = Audit::new("system:test", "fixture");
    fx.store()
        .import_org(&sys, &org_of(&g, profile))
        .await
        .unwrap();
    let people: [Who; 6] = [
        ("office", &["office"], None, None),
        ("edu", &["department_head"], Some("edu"), None),
        ("fin", &["department_head"], Some("fin"), None),
        ("jus", &["department_head"], Some("jus"), None),
        ("deputy", &["deputy"], None, Some("dep")),
        ("head", &["head"], None, Some("head")),
    ];
    let mut tokens = BTreeMap::new();
    for (name, roles, dept, person) in people {
        let acc = fx
            .store()
            .create_account(
                &sys,
                NewAccount {
                    username: format!("{g}_{name}"),
                    display_name: format!("{name}（{profile}）"),
                    password: crate::common::PASSWORD.into(),
                    roles: roles.iter().map(|r| r.to_string()).collect(),
                    government_id: Some(g.clone()),
                    department_id: dept.map(|d| format!("{g}_{d}")),
                    person_id: person.map(|p| format!("{g}_{p}")),
                },
            )
            .await
            .unwrap();
        let tok = fx
            .store()
            .create_api_token(&sys, &acc.id, "test", None)
            .await
            .unwrap();
        tokens.insert(name, tok.token);
    }
    Gov { id: g, tokens }
}

impl Gov {
    fn u(&self, unit: &str) -> String {
        format!("{}_{unit}", self.id)
    }
    fn p(&self, pos: &str) -> String {
        format!("{}_{pos}", self.id)
    }
    async fn send(
        &self,
        fx: &Fx,
        method: Method,
        path: &str,
        who: &str,
        body: Option<&Value>,
        if_match: Option<i64>,
    ) -> Resp {
        let mut b = Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", format!("Bearer {}", self.tokens[who]));
        if body.is_some() {
            b = b.header("content-type", "application/json");
        }
        if let Some(v) = if_match {
            b = b.header("if-match", format!("\"{v}\""));
        }
        fx.call(
            b.body(body.map_or(Body::empty(), |v| Body::from(v.to_string())))
                .unwrap(),
        )
        .await
    }
    async fn get(&self, fx: &Fx, path: &str, who: &str) -> Resp {
        self.send(fx, Method::GET, path, who, None, None).await
    }
    async fn register(&self, fx: &Fx, who: &str, meta: Value) -> Resp {
        self.send(
            fx,
            Method::POST,
            "/api/v1/documents/incoming",
            who,
            Some(&json!({"meta": meta})),
            None,
        )
        .await
    }
    /// One step; the current version is read first.
    async fn act(&self, fx: &Fx, id: &str, who: &str, action: Value) -> Resp {
        let v = fx.store().get_document(id).await.unwrap().unwrap().version;
        self.send(
            fx,
            Method::POST,
            &format!("/api/v1/documents/{id}/actions"),
            who,
            Some(&action),
            Some(v),
        )
        .await
    }
    fn good_request(&self, title: &str) -> Value {
        json!({
            "title": title,
            "doc_type": "请示",
            "doc_number": "财发〔2026〕7号",
            "signed_by": "principal",
            "signer_name": "钱局长",
            "secrecy": "none",
            "urgency": "平件",
            "main_recipients": ["人民政府"],
            "unit": self.u("fin"),
            "contact": "联系人：孙科长，电话 1234567",
            "matter": "财政资金",
            "text": "关于拨付专项资金的请示\n拟申请拨付专项资金300万元。\n妥否，请批示。",
        })
    }
    async fn inbox(&self, fx: &Fx, who: &str, q: &str) -> Vec<String> {
        let r = self
            .get(fx, &format!("/api/v1/documents/inbox?{q}"), who)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        r.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["doc_id"].as_str().unwrap().to_string())
            .collect()
    }
}

fn articles(r: &Resp) -> Vec<String> {
    r.json()["violations"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|v| v["citation"]["article"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The incoming flow, the same on every profile (where the profiles differ it is in what they
/// cite and in the deadlines, which the responses carry).
async fn incoming_flow(fx: &Fx, g: &Gov, informal_refused: bool) {
    // A proper 请示 is registered and lands in the office's 待办.
    let r = g
        .register(fx, "office", g.good_request("关于拨付专项资金的请示"))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let doc = r.json();
    assert_eq!(doc["status"], "registered", "{}", r.text);
    assert_eq!(doc["state"]["lint"]["violations"], json!([]), "{}", r.text);
    let id = doc["id"].as_str().unwrap().to_string();
    assert!(g.inbox(fx, "office", "box=todo").await.contains(&id));

    // The submitting unit may see it; another unit may not.
    assert_eq!(
        g.get(fx, &format!("/api/v1/documents/{id}"), "fin")
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        g.get(fx, &format!("/api/v1/documents/{id}"), "jus")
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Accept; route to the leader whose portfolio covers the unit (分管财政).
    let r = g.act(fx, &id, "fin", json!({"action": "accept"})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    let r = g.act(fx, &id, "office", json!({"action": "accept"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = g.act(fx, &id, "office", json!({"action": "route"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        r.json()["state"]["routing"]["position_id"],
        g.p("dep"),
        "{}",
        r.text
    );
    assert!(g.inbox(fx, "deputy", "box=todo").await.contains(&id));
    assert!(g.inbox(fx, "office", "box=done").await.contains(&id));

    // Only that leader instructs; opinion, name and date are all required.
    let r = g
        .act(
            fx,
            &id,
            "head",
            json!({"action": "instruct", "opinion": "同意", "name": "王", "date": "2026-03-02"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    let r = g
        .act(
            fx,
            &id,
            "deputy",
            json!({"action": "instruct", "opinion": " ", "name": "李", "date": "2026-03-02"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    let r = g
        .act(fx, &id, "deputy", json!({"action": "instruct", "opinion": "请教育局牵头办理", "name": "李分管", "date": "2026-03-02"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["status"], "instructed");

    // 转办: a lead unit and a co-unit, with the profile's handling deadline (if it sets one).
    let r = g
        .act(
            fx,
            &id,
            "office",
            json!({"action": "dispatch", "lead": g.u("edu"), "co_units": [g.u("jus")]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let dispatched = r.json();
    if let Some(due) = dispatched["state"]["dispatch"]["due"].as_object() {
        assert!(!due["explain"].as_str().unwrap().is_empty());
        assert_eq!(dispatched["due_on"], due["due"]);
    }
    assert!(g.inbox(fx, "edu", "box=todo").await.contains(&id));
    assert!(g.inbox(fx, "jus", "box=todo").await.contains(&id));

    // 催办 names both; a unit it was not sent to may not reply; the co-unit's reply keeps it open.
    let r = g
        .act(
            fx,
            &id,
            "office",
            json!({"action": "remind", "note": "请抓紧办理"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = g
        .act(fx, &id, "fin", json!({"action": "reply", "text": "已阅"}))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    let r = g
        .act(
            fx,
            &id,
            "jus",
            json!({"action": "reply", "text": "已配合审核"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["status"], "dispatched");
    let r = g
        .act(
            fx,
            &id,
            "edu",
            json!({"action": "reply", "text": "已办理完毕"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["status"], "replied");
    assert!(g.inbox(fx, "edu", "box=done").await.contains(&id));

    // 抄送 and close.
    let r = g
        .act(
            fx,
            &id,
            "office",
            json!({"action": "cc", "to": [format!("position:{}", g.p("head"))]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(g.inbox(fx, "head", "box=cc").await.contains(&id));
    let r = g.act(fx, &id, "office", json!({"action": "close"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["status"], "closed");
    // A closed document cannot be withdrawn.
    let r = g.act(fx, &id, "fin", json!({"action": "withdraw"})).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);

    // An informal document without number or contact is returned at once, every reason cited,
    // and counted against the unit.
    let mut bad = g.good_request("呈阅件");
    bad["form"] = json!("呈阅件");
    bad["doc_number"] = Value::Null;
    bad["contact"] = json!("");
    if !informal_refused {
        // This profile does not refuse the informal form; it does refuse several main recipients
        // (不得多头行文) and an unapproved level skip (未经批准不得越级行文).
        bad["facts"] = json!({"skips_level": true});
        bad["main_recipients"] = json!(["甲", "乙", "丙"]);
    }
    let r = g.register(fx, "fin", bad).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let j = r.json();
    assert_eq!(j["status"], "returned", "{}", r.text);
    let reasons = j["state"]["return_reasons"].as_array().unwrap();
    assert!(!reasons.is_empty(), "{}", r.text);
    assert!(
        reasons
            .iter()
            .all(|f| !f["citation"]["article"].as_str().unwrap().is_empty())
    );
    assert_eq!(j["unit_returns"], 1, "{}", r.text);
    let r = g
        .get(
            fx,
            &format!("/api/v1/documents/returns/{}", g.u("fin")),
            "fin",
        )
        .await;
    assert_eq!(r.json().as_array().unwrap().len(), 1, "{}", r.text);
    assert_eq!(
        g.get(
            fx,
            &format!("/api/v1/documents/returns/{}", g.u("fin")),
            "edu"
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );

    // Several numbered requests in the text of a 请示: a warning the clerk must confirm.
    let mut many = g.good_request("关于若干事项的请示");
    many["text"] = json!("一、申请拨付专项资金300万元\n二、恳请同意增加编制5名\n妥否，请批示。");
    let r = g.register(fx, "office", many).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let j = r.json();
    let mid = j["id"].as_str().unwrap().to_string();
    if j["state"]["lint"]["text_warnings"]
        .as_array()
        .unwrap()
        .is_empty()
    {
        // A profile without 一文一事 has nothing to warn about.
        assert_eq!(j["status"], "registered");
    } else {
        let r = g.act(fx, &mid, "office", json!({"action": "accept"})).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        assert_eq!(r.problem(), "confirm-warnings");
        let r = g
            .act(
                fx,
                &mid,
                "office",
                json!({"action": "return", "notes": ["请一文一事"]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(r.json()["status"], "returned");
        assert_eq!(r.json()["unit_returns"], 2);
        // 聊城 alone states the repeat-offender notice (对反复出现退文的单位予以通报).
        let notice = &r.json()["repeat_notice"];
        if g.id == "g_liaocheng" {
            assert_eq!(
                notice["citation"]["article"], "第五十六条（五）",
                "{}",
                r.text
            );
        } else {
            assert!(notice.is_null(), "{}", r.text);
        }
    }

    // Withdrawal by the submitter before acceptance; not by another unit.
    let r = g.register(fx, "fin", g.good_request("拟撤回的请示")).await;
    let wid = r.json()["id"].as_str().unwrap().to_string();
    let r = g.act(fx, &wid, "edu", json!({"action": "withdraw"})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text);
    let r = g.act(fx, &wid, "fin", json!({"action": "withdraw"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["status"], "withdrawn");
    assert!(!g.inbox(fx, "office", "box=todo").await.contains(&wid));

    // The leader in charge is away: the substitute (AB 角) gets it; a major matter goes to the head.
    let r = g
        .register(fx, "office", g.good_request("请示（分管领导外出）"))
        .await;
    let aid = r.json()["id"].as_str().unwrap().to_string();
    g.act(fx, &aid, "office", json!({"action": "accept"})).await;
    let r = g
        .act(
            fx,
            &aid,
            "office",
            json!({"action": "route", "absent": [g.p("dep")]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["state"]["routing"]["position_id"], g.p("dep2"));
    assert_eq!(r.json()["state"]["routing"]["substitute_for"], g.p("dep"));
    let mut major = g.good_request("关于重大事项的请示");
    major["major"] = json!(true);
    let r = g.register(fx, "office", major).await;
    let mid = r.json()["id"].as_str().unwrap().to_string();
    g.act(fx, &mid, "office", json!({"action": "accept"})).await;
    let r = g.act(fx, &mid, "office", json!({"action": "route"})).await;
    assert_eq!(
        r.json()["state"]["routing"]["position_id"],
        g.p("head"),
        "{}",
        r.text
    );
    // 圈阅 by the head, then close without dispatch.
    let r = g
        .act(
            fx,
            &mid,
            "head",
            json!({"action": "read", "name": "王主要", "date": "2026-03-03"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = g.act(fx, &mid, "office", json!({"action": "close"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

fn draft(g: &Gov, title: &str, category: &str) -> Value {
    json!({"draft": {
        "title": title,
        "issuer": "government",
        "category": category,
        "drafter": g.u("fin"),
        "portfolios": 1,
        "disclosure": "proactive",
        "series": "政发",
        "interpretation": "政策解读：……",
        "main_to": [g.u("edu"), g.u("jus")],
        "facts": {"basis": "meeting_decision", "office_reviewed": true},
    }})
}

/// Drafts, countersigns (edu agrees), and tries to sign with `first`, expecting the result.
async fn outgoing_flow(
    fx: &Fx,
    g: &Gov,
    signer: &str,
    other: &str,
    other_article: &str,
    seal_rule: bool,
) {
    let r = g
        .send(
            fx,
            Method::POST,
            "/api/v1/documents/outgoing",
            "fin",
            Some(&draft(g, "关于加强财政管理的通知", "general")),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let id = r.json()["id"].as_str().unwrap().to_string();
    let r = g
        .act(
            fx,
            &id,
            "fin",
            json!({"action": "countersign_request", "units": [g.u("edu")]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // Not signable while the countersignature is outstanding.
    let r = g.act(fx, &id, signer, json!({"action": "sign"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    // edu disagrees: the disagreement must be documented before signing.
    let r = g
        .act(
            fx,
            &id,
            "edu",
            json!({"action": "countersign_answer", "agree": false, "grounds": "经费来源不明"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = g.act(fx, &id, signer, json!({"action": "sign"})).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    let r = g
        .act(fx, &id, "fin", json!({"action": "disagreement", "unit": g.u("edu"), "drafter_grounds": "资金已列入预算", "preferred_option": "按主办意见印发"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // The wrong signer is refused with the profile's citation.
    let r = g.act(fx, &id, other, json!({"action": "sign"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(
        articles(&r).iter().any(|a| a == other_article),
        "{}: {}",
        g.id,
        r.text
    );
    let r = g.act(fx, &id, signer, json!({"action": "sign"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["status"], "signed");
    // Issue: the official number, gap-free per series and year.
    let r = g.act(fx, &id, "fin", json!({"action": "issue"})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    if seal_rule {
        // 用印: the profile names who approves the seal; not the drafting unit, but the head.
        let r = g.act(fx, &id, "office", json!({"action": "issue"})).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        let r = g.act(fx, &id, "fin", json!({"action": "seal"})).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        let r = g.act(fx, &id, "head", json!({"action": "seal"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    let r = g.act(fx, &id, "office", json!({"action": "issue"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let j = r.json();
    let year = j["state"]["issued_on"].as_str().unwrap()[..4].to_string();
    assert_eq!(j["doc_number"], format!("政发〔{year}〕1号"));
    assert_eq!(j["state"]["doc_number"], j["doc_number"]);
    assert_eq!(j["state"]["published"], true);
    assert!(g.inbox(fx, "jus", "box=cc").await.contains(&id));
    // 主动公开: issuing put the document in the proactive disclosure register (条例 第二十六条).
    let entry = fx
        .store()
        .followup_by_ref("publication", &id)
        .await
        .unwrap()
        .expect("a register entry");
    assert_eq!(entry.status, "pending");
}

/// Moves a countersign request into the past (as if requested on `on`), as a clock would.
async fn backdate_countersign(fx: &Fx, id: &str, on: &str) {
    let d = fx.store().get_document(id).await.unwrap().unwrap();
    let mut data = d.data.clone();
    data["countersigns"][0]["requested_on"] = json!(on);
    fx.store()
        .update_document(
            &Audit::new("system:test", "test.backdate"),
            id,
            d.version,
            DocumentChange {
                status: d.status.clone(),
                data,
                ..DocumentChange::default()
            },
        )
        .await
        .unwrap();
}

/// Silence after the window: consent where the profile says so, otherwise still refused.
async fn silence(fx: &Fx, g: &Gov, signer: &str, silence_is_consent: bool) {
    let r = g
        .send(
            fx,
            Method::POST,
            "/api/v1/documents/outgoing",
            "fin",
            Some(&draft(g, "关于会签逾期的通知", "general")),
            None,
        )
        .await;
    let id = r.json()["id"].as_str().unwrap().to_string();
    let r = g
        .act(
            fx,
            &id,
            "fin",
            json!({"action": "countersign_request", "units": [g.u("jus")]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    backdate_countersign(fx, &id, "2026-03-02").await;
    let r = g.act(fx, &id, signer, json!({"action": "sign"})).await;
    if silence_is_consent {
        assert_eq!(r.status, StatusCode::OK, "{}: {}", g.id, r.text);
    } else {
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {}",
            g.id,
            r.text
        );
    }
}

#[tokio::test]
async fn liaocheng() {
    let fx = Fx::new().await;
    let g = gov(&fx, "liaocheng").await;
    incoming_flow(&fx, &g, true).await;
    // 聊城: other documents in the government's name are signed by the deputy in charge.
    outgoing_flow(&fx, &g, "deputy", "head", "第五十九条（五）", false).await;
    silence(&fx, &g, "deputy", false).await;
    fair_competition(&fx, &g, "deputy", false).await;
    // 依申请公开 without a reason is refused at drafting.
    let mut d = draft(&g, "不公开的通知", "general");
    d["draft"]["disclosure"] = json!("on_request");
    let r = g
        .send(
            &fx,
            Method::POST,
            "/api/v1/documents/outgoing",
            "fin",
            Some(&d),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(r.problem(), "rule-refused");
}

#[tokio::test]
async fn changle() {
    let fx = Fx::new().await;
    let g = gov(&fx, "changle").await;
    incoming_flow(&fx, &g, true).await;
    // 昌乐: 分管副县长审签，县长签发 — the deputy may not sign.
    outgoing_flow(&fx, &g, "head", "deputy", "六十（五）", true).await;
    silence(&fx, &g, "head", false).await;
    fair_competition(&fx, &g, "head", true).await;
    // 昌乐 五十六: at most 5 normative documents a year in the government's name.
    for i in 1..=6 {
        let r = g
            .send(
                &fx,
                Method::POST,
                "/api/v1/documents/outgoing",
                "fin",
                Some(&draft(&g, &format!("规范性文件{i}"), "normative_document")),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        let id = r.json()["id"].as_str().unwrap().to_string();
        review(&fx, &g, &id, true).await;
        let r = g.act(&fx, &id, "head", json!({"action": "sign"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let r = g.act(&fx, &id, "head", json!({"action": "seal"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let r = g.act(&fx, &id, "office", json!({"action": "issue"})).await;
        if i <= 5 {
            assert_eq!(r.status, StatusCode::OK, "{i}: {}", r.text);
        } else {
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
            assert!(articles(&r).iter().any(|a| a == "五十六"), "{}", r.text);
        }
    }
}

/// A document affecting market entities needs the fair-competition review where the profile
/// says so for every such document (昌乐 二十八, 济宁, 张店); 泰安 names topics only, 聊城 none.
async fn fair_competition(fx: &Fx, g: &Gov, signer: &str, required: bool) {
    let mut d = draft(g, "关于扶持市场主体的若干措施", "general");
    d["draft"]["affects_market_entities"] = json!(true);
    let r = g
        .send(
            fx,
            Method::POST,
            "/api/v1/documents/outgoing",
            "fin",
            Some(&d),
            None,
        )
        .await;
    let id = r.json()["id"].as_str().unwrap().to_string();
    let r = g.act(fx, &id, signer, json!({"action": "sign"})).await;
    if required {
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        assert!(r.text.contains("R4.07"), "{}", r.text);
        d["draft"]["fair_competition_reviewed"] = json!(true);
        let r = g
            .send(
                fx,
                Method::POST,
                "/api/v1/documents/outgoing",
                "fin",
                Some(&d),
                None,
            )
            .await;
        let id = r.json()["id"].as_str().unwrap().to_string();
        let r = g.act(fx, &id, signer, json!({"action": "sign"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    } else {
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
}

#[tokio::test]
async fn jining() {
    let fx = Fx::new().await;
    let g = gov(&fx, "jining").await;
    incoming_flow(&fx, &g, true).await;
    outgoing_flow(&fx, &g, "deputy", "head", "六十一（五）", true).await;
    // 济宁 五十九: 逾期不回复视为无不同意见.
    silence(&fx, &g, "deputy", true).await;
    fair_competition(&fx, &g, "deputy", true).await;
}

#[tokio::test]
async fn taian() {
    let fx = Fx::new().await;
    let g = gov(&fx, "taian").await;
    incoming_flow(&fx, &g, false).await;
    outgoing_flow(&fx, &g, "head", "deputy", "第六十五条", false).await;
    // 泰安 第六十四条: 3 working days, but silence is not consent.
    silence(&fx, &g, "head", false).await;
    fair_competition(&fx, &g, "head", false).await;
}

#[tokio::test]
async fn zhangdian() {
    let fx = Fx::new().await;
    let g = gov(&fx, "zhangdian").await;
    incoming_flow(&fx, &g, false).await;
    outgoing_flow(&fx, &g, "head", "deputy", "六十四（一）", false).await;
    // 张店 六十三: 逾期不回复的视为无不同意见.
    silence(&fx, &g, "head", true).await;
    fair_competition(&fx, &g, "head", true).await;
}

#[tokio::test]
async fn attachments_are_hashed_and_limited() {
    let fx = Fx::new().await;
    let g = gov(&fx, "liaocheng").await;
    let mut body = json!({"meta": g.good_request("带附件的请示"), "attachments": [
        {"name": "附件1.pdf", "media_type": "application/pdf", "content_base64": "aGVsbG8="}
    ]});
    let r = g
        .send(
            &fx,
            Method::POST,
            "/api/v1/documents/incoming",
            "office",
            Some(&body),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let id = r.json()["id"].as_str().unwrap().to_string();
    let r = g
        .get(
            &fx,
            &format!("/api/v1/documents/{id}/attachments"),
            "office",
        )
        .await;
    let a = &r.json()[0];
    assert_eq!(a["size"], 5);
    assert_eq!(
        a["sha256"],
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    );
    body["attachments"][0]["media_type"] = json!("application/x-msdownload");
    let r = g
        .send(
            &fx,
            Method::POST,
            "/api/v1/documents/incoming",
            "office",
            Some(&body),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(r.text.contains("application/pdf"), "{}", r.text);
    body["attachments"][0]["content_base64"] = json!("not base64!");
    let r = g
        .send(
            &fx,
            Method::POST,
            "/api/v1/documents/incoming",
            "office",
            Some(&body),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    // Another government's clerk does not see it.
    let other = gov(&fx, "taian").await;
    assert_eq!(
        other
            .get(&fx, &format!("/api/v1/documents/{id}"), "office")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn demo_data_covers_the_life_cycles() {
    let fx = Fx::new().await;
    let g = gov(&fx, "jining").await;
    let n = zhengwu_server::api::documents::seed_demo(
        fx.store(),
        &fx.state.registry,
        &fx.state.calendar(),
        &g.id,
        120,
    )
    .await
    .unwrap();
    assert_eq!(n, 150);
    let mut statuses = std::collections::BTreeSet::new();
    for dir in ["in", "out"] {
        let mut after: Option<String> = None;
        loop {
            let page = fx
                .store()
                .list_documents(&g.id, dir, None, after.as_deref(), 500)
                .await
                .unwrap();
            if page.is_empty() {
                break;
            }
            for d in &page {
                statuses.insert(d.status.clone());
            }
            after = page.last().map(|d| d.id.clone());
        }
    }
    for s in [
        "registered",
        "returned",
        "withdrawn",
        "accepted",
        "routed",
        "instructed",
        "dispatched",
        "replied",
        "closed",
        "drafting",
        "countersigning",
        "signed",
        "issued",
    ] {
        assert!(statuses.contains(s), "no {s} in {statuses:?}");
    }
    assert!(!g.inbox(&fx, "office", "box=todo").await.is_empty());
}

// ---- Legality review, normative documents, publication, leave-driven routing (issue #5) ----

/// Records the 司法局's written opinion on a draft (by the drafting unit).
async fn review(fx: &Fx, g: &Gov, id: &str, passed: bool) -> Resp {
    let r = g
        .act(
            fx,
            id,
            "fin",
            json!({"action": "legality_review", "opinion": "经审查，该文件合法。", "passed": passed}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r
}

async fn create(fx: &Fx, g: &Gov, d: &Value) -> String {
    let r = g
        .send(
            fx,
            Method::POST,
            "/api/v1/documents/outgoing",
            "fin",
            Some(d),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.json()["id"].as_str().unwrap().to_string()
}

fn contract(g: &Gov) -> Value {
    let mut d = draft(g, "关于与某公司签订合作协议的函", "general");
    d["draft"]["contract"] = json!(true);
    d
}

/// 济宁 requires the 司法局 review for normative documents (二十一) and contracts (六十); 聊城 for
/// normative documents only (第四十七条) — its rules do not state the contract review.
#[tokio::test]
async fn legality_review_gates_signing_where_the_profile_states_it() {
    let fx = Fx::new().await;
    let jn = gov(&fx, "jining").await;
    let lc = gov(&fx, "liaocheng").await;

    for (g, article) in [(&jn, "二十一"), (&lc, "第四十七条")] {
        let id = create(
            &fx,
            g,
            &draft(g, "规范性文件（审核）", "normative_document"),
        )
        .await;
        let r = g.act(&fx, &id, "head", json!({"action": "sign"})).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        assert!(articles(&r).iter().any(|a| a == article), "{}", r.text);
        assert!(r.text.contains("司法局"), "{}", r.text);
        // A negative opinion is recorded but keeps the gate closed.
        let r = review(&fx, g, &id, false).await;
        assert_eq!(r.json()["state"]["legality_review"]["passed"], false);
        let r = g.act(&fx, &id, "head", json!({"action": "sign"})).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        // The opinion is required; another unit may not record it.
        let r = g
            .act(
                &fx,
                &id,
                "fin",
                json!({"action": "legality_review", "opinion": " ", "passed": true}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        let r = g
            .act(
                &fx,
                &id,
                "edu",
                json!({"action": "legality_review", "opinion": "合法", "passed": true}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
        let r = review(&fx, g, &id, true).await;
        assert!(
            r.json()["state"]["legality_review"]["reviewer"]
                .as_str()
                .unwrap()
                .contains("司法局"),
            "{}",
            r.text
        );
        let r = g.act(&fx, &id, "head", json!({"action": "sign"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        // The audit event of the review carries the rule's citation.
        let events = fx.store().audit_events(0, 100_000).await.unwrap();
        let ev = events
            .iter()
            .find(|e| e.object_id == id && e.action == "document.legality_review")
            .unwrap();
        assert!(
            serde_json::to_string(&ev.citations)
                .unwrap()
                .contains(article),
            "{:?}",
            ev.citations
        );
    }

    // Contracts: 济宁 六十 requires the review; 聊城 does not state it.
    let id = create(&fx, &jn, &contract(&jn)).await;
    let r = jn.act(&fx, &id, "deputy", json!({"action": "sign"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(articles(&r).iter().any(|a| a == "六十"), "{}", r.text);
    review(&fx, &jn, &id, true).await;
    let r = jn.act(&fx, &id, "deputy", json!({"action": "sign"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let id = create(&fx, &lc, &contract(&lc)).await;
    let r = lc.act(&fx, &id, "deputy", json!({"action": "sign"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // 张店 二十四: a contract needs the 区司法局's legality review and the 区市场监管局's
    // fair-competition review before signing.
    let zd = gov(&fx, "zhangdian").await;
    let id = create(&fx, &zd, &contract(&zd)).await;
    review(&fx, &zd, &id, true).await;
    let r = zd.act(&fx, &id, "head", json!({"action": "sign"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(articles(&r).iter().any(|a| a == "二十四"), "{}", r.text);
    assert!(r.text.contains("区市场监管局公平竞争审查"), "{}", r.text);
    let mut d = contract(&zd);
    d["draft"]["fair_competition_reviewed"] = json!(true);
    let id = create(&fx, &zd, &d).await;
    review(&fx, &zd, &id, true).await;
    let r = zd.act(&fx, &id, "head", json!({"action": "sign"})).await;
    assert!(!r.text.contains("公平竞争审查"), "{}", r.text);
    // A general document needs no review anywhere.
    let id = create(&fx, &jn, &draft(&jn, "一般通知", "general")).await;
    let r = jn.act(&fx, &id, "deputy", json!({"action": "sign"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

/// Reviews, signs (head), seals where the profile names approvers, and issues with `extra`.
async fn issue_normative(
    fx: &Fx,
    g: &Gov,
    title: &str,
    seal: bool,
    extra: Value,
) -> (String, Resp) {
    let id = create(fx, g, &draft(g, title, "normative_document")).await;
    review(fx, g, &id, true).await;
    let r = g.act(fx, &id, "head", json!({"action": "sign"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    if seal {
        let r = g.act(fx, &id, "head", json!({"action": "seal"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    let mut body = json!({"action": "issue"});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let r = g.act(fx, &id, "office", body).await;
    (id, r)
}

fn days_from_today(fx: &Fx, n: i64) -> String {
    let t = fx.state.today();
    t.checked_add(jiff::Span::new().days(n))
        .unwrap()
        .to_string()
}

/// 济宁 二十一 (“三统一” and the validity-period system): a normative document is issued only with
/// its registration number and validity; 聊城 states neither. The expiry list, the clean-up list
/// (聊城 第六十二条, 济宁 六十三; 昌乐 states none) and the scheduler's notices, once each.
#[tokio::test]
async fn normative_documents_registration_validity_and_cleanup() {
    let fx = Fx::new().await;
    let jn = gov(&fx, "jining").await;
    let lc = gov(&fx, "liaocheng").await;
    let cl = gov(&fx, "changle").await;
    let soon = days_from_today(&fx, 10);
    let later = days_from_today(&fx, 400);

    // 济宁: refused without registration number and validity, each with 二十一.
    let (id, r) = issue_normative(&fx, &jn, "济宁规范性文件甲", true, json!({})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(articles(&r), ["二十一", "二十一"], "{}", r.text);
    assert!(r.text.contains("registration_number"), "{}", r.text);
    let r = jn
        .act(
            &fx,
            &id,
            "office",
            json!({"action": "issue", "registration_number": "JNFR-2026-001", "valid_until": soon}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["state"]["registration_number"], "JNFR-2026-001");
    assert_eq!(r.json()["state"]["valid_until"], json!(soon));
    let jn_soon = id;
    // The same registration number again is refused.
    let (_, r) = issue_normative(
        &fx,
        &jn,
        "济宁规范性文件乙",
        true,
        json!({"registration_number": "JNFR-2026-001", "valid_until": later}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(r.text.contains("JNFR-2026-001"), "{}", r.text);
    let (_, r) = issue_normative(
        &fx,
        &jn,
        "济宁规范性文件丙",
        true,
        json!({"registration_number": "JNFR-2026-002", "valid_until": later}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);

    // 聊城: neither is required; a validity given is recorded.
    let (_, r) = issue_normative(&fx, &lc, "聊城规范性文件甲", false, json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["state"]["registration_number"], Value::Null);
    let (lc_soon, r) = issue_normative(
        &fx,
        &lc,
        "聊城规范性文件乙",
        false,
        json!({"valid_until": soon}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // Not for other documents.
    let id = create(&fx, &lc, &draft(&lc, "一般通知", "general")).await;
    let r = lc.act(&fx, &id, "deputy", json!({"action": "sign"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = lc
        .act(
            &fx,
            &id,
            "office",
            json!({"action": "issue", "valid_until": later}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);

    // The expiry list: only the one ending soon; 济宁 cites 二十一, 聊城 nothing.
    let r = jn
        .get(
            &fx,
            "/api/v1/documents/normative/expiring?within=20",
            "office",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let j = r.json();
    let items = j["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{}", r.text);
    assert_eq!(items[0]["doc_id"], json!(jn_soon));
    assert_eq!(items[0]["validity"], "expiring");
    assert_eq!(j["rules"][0]["citation"]["article"], "二十一", "{}", r.text);
    let r = lc
        .get(&fx, "/api/v1/documents/normative/expiring", "office")
        .await;
    assert_eq!(r.json()["items"].as_array().unwrap().len(), 1, "{}", r.text);
    assert_eq!(r.json()["rules"], json!([]), "{}", r.text);
    let r = lc
        .get(&fx, "/api/v1/documents/normative/expiring", "fin")
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    let r = lc
        .get(
            &fx,
            "/api/v1/documents/normative/expiring?within=0",
            "office",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);

    // The clean-up list: every normative document with its standing and the profile's rule.
    let r = lc
        .get(&fx, "/api/v1/documents/normative/cleanup", "office")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let j = r.json();
    let v: Vec<&str> = j["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["validity"].as_str().unwrap())
        .collect();
    assert_eq!(v, ["expiring", "unset"], "{}", r.text);
    assert_eq!(
        j["rules"][0]["citation"]["article"], "第六十二条",
        "{}",
        r.text
    );
    let r = jn
        .get(&fx, "/api/v1/documents/normative/cleanup", "office")
        .await;
    assert_eq!(r.json()["items"].as_array().unwrap().len(), 2, "{}", r.text);
    assert_eq!(r.json()["rules"][0]["citation"]["article"], "六十三");
    let r = cl
        .get(&fx, "/api/v1/documents/normative/cleanup", "office")
        .await;
    assert_eq!(r.json()["rules"], json!([]), "{}", r.text);

    // The scheduler sends one notice per document ending soon, once, into the office's 待办.
    let mut s = zhengwu_server::scheduler::Scheduler::new("docs");
    let first = s.run_once(&fx.state).await.unwrap();
    assert_eq!(first.normative_notices, 2, "{first:?}");
    let again = zhengwu_server::scheduler::Scheduler::new("docs")
        .run_once(&fx.state)
        .await
        .unwrap();
    assert_eq!(again.normative_notices, 0, "{again:?}");
    assert!(jn.inbox(&fx, "office", "box=todo").await.contains(&jn_soon));
    assert!(lc.inbox(&fx, "office", "box=todo").await.contains(&lc_soon));

    // 昌乐 二十: continuing after expiry needs the 司法局's consent and re-registration.
    let (id, r) = issue_normative(
        &fx,
        &cl,
        "昌乐规范性文件",
        true,
        json!({"valid_until": soon}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = cl
        .act(
            &fx,
            &id,
            "office",
            json!({"action": "renew", "valid_until": later}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(articles(&r).iter().any(|a| a == "二十"), "{}", r.text);
    let r = cl
        .act(
            &fx,
            &id,
            "office",
            json!({"action": "renew", "valid_until": later,
            "registration_number": "CLFR-2026-009", "review": "县司法局审查同意继续执行"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["state"]["valid_until"], json!(later));
    assert_eq!(
        r.json()["state"]["renewals"][0]["previous_valid_until"],
        json!(soon)
    );
    // 聊城 states no renewal rule: a new validity is enough.
    let r = lc
        .act(
            &fx,
            &lc_soon,
            "office",
            json!({"action": "renew", "valid_until": later}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

/// 主动公开 documents: the publication (channel, date) is recorded on the document for the
/// disclosure register; the gazette rule is cited where it covers the document — 济宁 六十三 every
/// document, 聊城 第六十二条 normative documents only.
#[tokio::test]
async fn publication_is_recorded_with_the_gazette_rule() {
    let fx = Fx::new().await;
    let jn = gov(&fx, "jining").await;
    let lc = gov(&fx, "liaocheng").await;
    for (g, seal, normative_cited, general_cited) in [
        (&jn, true, Some("六十三"), Some("六十三")),
        (&lc, false, Some("第六十二条"), None),
    ] {
        // Before issue: not possible.
        let id = create(&fx, g, &draft(g, "公开的通知", "general")).await;
        let r = g
            .act(
                &fx,
                &id,
                "office",
                json!({"action": "publish", "channel": "门户网站"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
        let r = g.act(&fx, &id, "deputy", json!({"action": "sign"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        if seal {
            let r = g.act(&fx, &id, "head", json!({"action": "seal"})).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        }
        let r = g.act(&fx, &id, "office", json!({"action": "issue"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let today = r.json()["state"]["issued_on"].as_str().unwrap().to_string();
        let r = g
            .act(&fx, &id, "office", json!({"action": "publish", "channel": "《人民政府公报》2026年第3期", "date": today}))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let p = &r.json()["state"]["publications"][0];
        assert_eq!(p["channel"], "《人民政府公报》2026年第3期");
        assert_eq!(p["on"], json!(today));
        assert_eq!(
            p["citation"]["article"].as_str(),
            general_cited,
            "{}",
            r.text
        );
        // Only the office records it; not a future date.
        let r = g
            .act(
                &fx,
                &id,
                "fin",
                json!({"action": "publish", "channel": "门户网站"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
        let r = g
            .act(&fx, &id, "office", json!({"action": "publish", "channel": "门户网站", "date": days_from_today(&fx, 3)}))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);

        let (nid, r) = issue_normative(
            &fx,
            g,
            "公开的规范性文件",
            seal,
            json!({"registration_number": format!("{}-1", g.id), "valid_until": days_from_today(&fx, 400)}),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let r = g
            .act(
                &fx,
                &nid,
                "office",
                json!({"action": "publish", "channel": "门户网站"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(
            r.json()["state"]["publications"][0]["citation"]["article"].as_str(),
            normative_cited,
            "{}",
            r.text
        );

        // A document not proactively disclosed is not published.
        let mut d = draft(g, "依申请公开的通知", "general");
        d["draft"]["disclosure"] = json!("on_request");
        d["draft"]["disclosure_reason"] = json!("涉及第三方商业秘密");
        let id = create(&fx, g, &d).await;
        let r = g.act(&fx, &id, "deputy", json!({"action": "sign"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        if seal {
            g.act(&fx, &id, "head", json!({"action": "seal"})).await;
        }
        let r = g.act(&fx, &id, "office", json!({"action": "issue"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let r = g
            .act(
                &fx,
                &id,
                "office",
                json!({"action": "publish", "channel": "门户网站"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    }
}

/// The disclosure register's entry for a document, as the office lists it.
async fn register_entry(fx: &Fx, g: &Gov, doc: &str) -> Value {
    let path = format!("/api/v1/openness/publications?government_id={}", g.id);
    let l = g.get(fx, &path, "office").await.json();
    l.as_array()
        .and_then(|a| a.iter().find(|e| e["item"]["document_id"] == json!(doc)))
        .cloned()
        .unwrap_or_else(|| panic!("no register entry for {doc}: {l}"))
}

/// The register and the document agree: issuing a 主动公开 document registers it with the channels
/// its government's rule names (济宁 六十三: 《济宁市人民政府公报》 and the portal, every document;
/// 聊城 第六十二条: normative documents only), and each publication recorded on the document is
/// recorded in the register, which shows the channels still missing.
#[tokio::test]
async fn document_publication_reconciles_the_register() {
    let fx = Fx::new().await;
    let jn = gov(&fx, "jining").await;
    let lc = gov(&fx, "liaocheng").await;
    for (g, seal) in [(&jn, true), (&lc, false)] {
        let id = create(&fx, g, &draft(g, "公开的通知", "general")).await;
        assert_eq!(
            g.act(&fx, &id, "deputy", json!({"action": "sign"}))
                .await
                .status,
            StatusCode::OK
        );
        if seal {
            g.act(&fx, &id, "head", json!({"action": "seal"})).await;
        }
        let r = g.act(&fx, &id, "office", json!({"action": "issue"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let today = r.json()["state"]["issued_on"].as_str().unwrap().to_string();
        let number = r.json()["doc_number"].clone();
        let e = register_entry(&fx, g, &id).await;
        assert_eq!(e["status"], "pending", "{e}");
        // Written in the issue's transaction, with the number the issue allocated.
        assert!(number.is_string(), "{}", r.text);
        assert_eq!(e["item"]["doc_number"], number, "{e}");
        if g.id.contains("jining") {
            assert_eq!(
                e["item"]["required_channels"],
                json!(["《济宁市人民政府公报》", "市政府门户网站"]),
                "{e}"
            );
            assert_eq!(e["standing"]["channel_rule"]["article"], "六十三", "{e}");
        } else {
            // 聊城 names the gazette for normative documents only.
            assert_eq!(e["item"]["required_channels"], json!([]), "{e}");
            assert!(e["standing"]["channel_rule"].is_null(), "{e}");
        }
        let r = g
            .act(
                &fx,
                &id,
                "office",
                json!({"action": "publish", "channel": "市政府门户网站", "date": today}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let e = register_entry(&fx, g, &id).await;
        assert_eq!(e["status"], "on_time", "{e}");
        assert_eq!(e["item"]["published_on"], json!(today), "{e}");
        assert_eq!(e["item"]["channels"], json!(["市政府门户网站"]), "{e}");
        if g.id.contains("jining") {
            assert_eq!(
                e["standing"]["channels_missing"],
                json!(["《济宁市人民政府公报》"]),
                "{e}"
            );
            // The gazette, typed without the title marks, completes it.
            let r = g
                .act(
                    &fx,
                    &id,
                    "office",
                    json!({"action": "publish", "channel": "济宁市人民政府公报"}),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
            let e = register_entry(&fx, g, &id).await;
            assert_eq!(e["standing"]["channels_missing"], json!([]), "{e}");
            assert_eq!(e["item"]["channels"].as_array().unwrap().len(), 2, "{e}");
        } else {
            assert_eq!(e["standing"]["channels_missing"], json!([]), "{e}");
        }
    }
}

/// An approved leave (#7) covering today routes the leader's incoming work to the acting leader
/// the leave names, citing the profile's 工作补位 article (聊城 第八条, 济宁 八); the clerk's own
/// absence entry still works (the substitute, without a leave citation).
#[tokio::test]
async fn approved_leave_routes_to_the_acting_leader() {
    let fx = Fx::new().await;
    for (profile, article) in [("liaocheng", "第八条"), ("jining", "八")] {
        let g = gov(&fx, profile).await;
        // The clerk's entry: the substitute of the org table.
        let id = g
            .register(&fx, "office", g.good_request("关于资金的请示（一）"))
            .await
            .json()["id"]
            .as_str()
            .unwrap()
            .to_string();
        g.act(&fx, &id, "office", json!({"action": "accept"})).await;
        let r = g
            .act(
                &fx,
                &id,
                "office",
                json!({"action": "route", "absent": [g.p("dep")]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(r.json()["state"]["routing"]["position_id"], g.p("dep2"));
        assert_eq!(r.json()["state"]["routing"]["citation"], Value::Null);

        // An approved leave of the deputy naming the head as acting, covering today.
        let today = fx.state.today().to_string();
        fx.store()
            .create_leave(
                &Audit::new("system:test", "leave.request"),
                zhengwu_store::NewLeave {
                    government_id: g.id.clone(),
                    position_id: g.p("dep"),
                    acting_position_id: Some(g.p("head")),
                    departs_on: today.clone(),
                    returns_on: days_from_today(&fx, 3),
                    status: "approved".into(),
                    data: json!({}),
                },
            )
            .await
            .unwrap();
        let id = g
            .register(&fx, "office", g.good_request("关于资金的请示（二）"))
            .await
            .json()["id"]
            .as_str()
            .unwrap()
            .to_string();
        g.act(&fx, &id, "office", json!({"action": "accept"})).await;
        let r = g.act(&fx, &id, "office", json!({"action": "route"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let routing = &r.json()["state"]["routing"];
        assert_eq!(routing["position_id"], g.p("head"), "{}", r.text);
        assert_eq!(routing["substitute_for"], g.p("dep"), "{}", r.text);
        assert_eq!(routing["citation"]["article"], article, "{}", r.text);
        assert!(g.inbox(&fx, "head", "box=todo").await.contains(&id));
        assert!(!g.inbox(&fx, "deputy", "box=todo").await.contains(&id));
        let events = fx.store().audit_events(0, 100_000).await.unwrap();
        let ev = events
            .iter()
            .find(|e| e.object_id == id && e.action == "document.route")
            .unwrap();
        assert!(
            serde_json::to_string(&ev.citations)
                .unwrap()
                .contains(article)
        );
        // The acting leader instructs.
        let r = g
            .act(
                &fx,
                &id,
                "head",
                json!({"action": "instruct", "opinion": "同意", "name": "王主要", "date": today}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
}
