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
        fx.state.calendar(),
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
