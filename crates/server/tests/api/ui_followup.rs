//! The follow-up screens over HTTP, in-process, on the demo government: events, the proactive
//! disclosure register, suggestions and proposals, 12345 tickets; a refusal shows its article;
//! a unit sees only its own tickets and suggestions and none of the office's screens.

use crate::ui::{Ui, enc, ui};
use axum::http::StatusCode;
use zhengwu_store::{FollowupQuery, FollowupRow};

impl Ui {
    async fn gov(&self) -> String {
        self.store
            .account_by_username("liaocheng-office")
            .await
            .unwrap()
            .unwrap()
            .government_id
            .unwrap()
    }

    async fn rows(&self, kind: &str) -> Vec<FollowupRow> {
        self.store
            .list_followup(&FollowupQuery {
                government_id: self.gov().await,
                kind: kind.into(),
                unit_id: None,
                status: None,
                opened_from: None,
                opened_before: None,
                limit: 0,
            })
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn the_office_screens_render_with_the_demo_data() {
    let u = ui().await;
    let (office, _) = u.login("liaocheng-office").await;

    let p = u.get("/ui/events", &office).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text);
    assert!(p.text.contains(r#"id="invitation-list""#));
    assert!(p.text.contains("产业园开园仪式剪彩"), "a demo invitation");
    assert!(
        p.text.contains("聊城 第八十七条"),
        "the lead time's article"
    );
    assert!(p.text.contains(r#"id="hosting-list""#));
    assert!(p.text.contains("运河文化旅游节"));
    assert!(
        p.text.contains("聊城 第八十八条"),
        "the hosting rule's article"
    );
    assert!(p.text.contains(r#"accesskey="e""#), "the menu entry");

    let p = u.get("/ui/publications", &office).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text);
    assert!(p.text.contains("第二十六条"), "the national limit");
    assert!(p.text.contains(r#"id="publication-form""#));

    let p = u.get("/ui/proposals", &office).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text);
    assert!(p.text.contains("关于加快老旧小区改造的建议"));
    assert!(p.text.contains("/api/v1/public/proposals?government_id="));
    assert!(p.text.contains(r#"id="proposal-form""#));
    // One suggestion with its limit from national law, and a proposal with none.
    let sug = u.rows("suggestion").await;
    let p = u
        .get(&format!("/ui/proposals/{}", sug[0].id), &office)
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text);
    assert!(p.text.contains(r#"data-source="national""#), "{}", p.text);
    assert!(p.text.contains("第五十一条"), "代表法 第五十一条");
    let pro = u.rows("proposal").await;
    let p = u
        .get(&format!("/ui/proposals/{}", pro[0].id), &office)
        .await;
    assert!(p.text.contains(r#"data-source="unset""#));

    let p = u.get("/ui/hotline", &office).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text);
    assert!(p.text.contains("12345-0001"));
    assert!(p.text.contains(r#"id="ticket-form""#));
    assert!(
        p.text.contains("供水 →"),
        "categories from the configuration"
    );

    let tickets = u.rows("hotline_ticket").await;
    let month: String = tickets[0]
        .data
        .get("received_on")
        .and_then(|v| v.as_str())
        .unwrap()
        .chars()
        .take(7)
        .collect();
    let p = u
        .get(&format!("/ui/hotline/stats?month={month}"), &office)
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text);
    assert!(p.text.contains(r#"id="hotline-stats""#), "{}", p.text);
    assert!(p.text.contains("<meter"), "bars");

    let p = u.get("/ui/hotline/config", &office).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text);
    assert!(p.text.contains(r#"id="hotline-routes""#));
    assert!(p.text.contains("演示配置"), "the basis");
    assert!(p.text.contains("configuration"), "the limit's source");

    // English through the switch.
    let p = u.get("/ui/hotline?lang=en", &office).await;
    assert!(p.text.contains("12345 hotline tickets"));
}

#[tokio::test]
async fn a_refusal_shows_its_article_and_quote() {
    let u = ui().await;
    let (office, csrf) = u.login("liaocheng-office").await;
    let p = u
        .post(
            "/ui/events/invitations",
            &office,
            format!(
                "csrf={csrf}&title={}&inviter={}&leader={}&event_on=2099-01-10&submitted_on=2099-01-01&event_kind=work&sent_to=leader_personally",
                enc("项目推进会"),
                enc("市住建局"),
                enc("市长")
            ),
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", p.text);
    assert!(p.text.contains(r#"id="problem""#));
    assert!(p.text.contains("聊城 第八十七条"), "{}", p.text);
    assert!(
        p.text.contains("不得直接向市政府领导同志个人发送请柬"),
        "the quote: {}",
        p.text
    );

    // Without the CSRF token nothing is recorded.
    let before = u.rows("invitation").await.len();
    let p = u
        .post(
            "/ui/events/invitations",
            &office,
            "title=x&inviter=y&leader=z&event_on=2099-01-10&event_kind=work&sent_to=office".into(),
        )
        .await;
    assert_eq!(p.status, StatusCode::BAD_REQUEST);
    assert_eq!(u.rows("invitation").await.len(), before);

    // A valid one is recorded and can be arranged.
    let p = u
        .post(
            "/ui/events/invitations",
            &office,
            format!(
                "csrf={csrf}&title={}&inviter={}&leader={}&event_on=2099-01-20&submitted_on=2099-01-01&event_kind=work&sent_to=office&important=1",
                enc("新建项目推进会"),
                enc("市住建局"),
                enc("市长")
            ),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.text);
    assert_eq!(p.location.as_deref(), Some("/ui/events#invitations"));
    let row = u
        .rows("invitation")
        .await
        .into_iter()
        .find(|r| r.data["title"] == "新建项目推进会")
        .unwrap();
    let p = u
        .post(
            &format!("/ui/events/invitations/{}/act", row.id),
            &office,
            format!("csrf={csrf}&version={}&command=arrange", row.version),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.text);
    let row = u
        .rows("invitation")
        .await
        .into_iter()
        .find(|r| r.id == row.id)
        .unwrap();
    assert_eq!(row.status, "arranged");
}

#[tokio::test]
async fn a_unit_sees_its_own_items_and_none_of_the_office_screens() {
    let u = ui().await;
    let tickets = u.rows("hotline_ticket").await;
    // A unit owning an open ticket (not the office).
    let open = tickets
        .iter()
        .find(|t| {
            t.data["replied_on"].is_null() && t.unit_id.as_deref().is_some_and(|x| x != "office")
        })
        .unwrap();
    let unit = open.unit_id.clone().unwrap();
    let other = tickets
        .iter()
        .find(|t| t.unit_id.as_deref() != Some(unit.as_str()))
        .unwrap();
    let (dept, csrf) = u.login(&format!("liaocheng-{unit}")).await;
    for path in [
        "/ui/events",
        "/ui/publications",
        "/ui/hotline/stats",
        "/ui/hotline/config",
    ] {
        let p = u.get(path, &dept).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{path}");
    }
    let p = u.get("/ui/hotline", &dept).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.text.contains(open.data["number"].as_str().unwrap()));
    assert!(
        !p.text
            .contains(&format!(">{}<", other.data["number"].as_str().unwrap())),
        "another unit's ticket is not listed"
    );
    assert!(!p.text.contains(r#"id="ticket-form""#), "no intake");
    let p = u.get(&format!("/ui/hotline/{}", other.id), &dept).await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    // The inbox lists the ticket as 待办.
    let p = u.get("/ui/inbox", &dept).await;
    assert!(
        p.text.contains(&format!("/ui/hotline/{}", open.id)),
        "{}",
        p.text
    );
    // The unit replies; it cannot re-route.
    let p = u.get(&format!("/ui/hotline/{}", open.id), &dept).await;
    assert!(p.text.contains(r#"id="f-reply""#));
    assert!(!p.text.contains(r#"id="f-reroute""#));
    let p = u
        .post(
            &format!("/ui/hotline/{}/act", open.id),
            &dept,
            format!(
                "csrf={csrf}&version={}&command=reroute&unit_id=office",
                open.version
            ),
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN, "{}", p.text);
    let p = u
        .post(
            &format!("/ui/hotline/{}/act", open.id),
            &dept,
            format!(
                "csrf={csrf}&version={}&command=reply&reply={}",
                open.version,
                enc("已维修完毕")
            ),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.text);
    let p = u.get(&format!("/ui/hotline/{}", open.id), &dept).await;
    assert!(p.text.contains("已维修完毕"));

    // Suggestions and proposals: only those the unit leads.
    let all: Vec<FollowupRow> = [u.rows("suggestion").await, u.rows("proposal").await].concat();
    let p = u.get("/ui/proposals", &dept).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(!p.text.contains(r#"id="proposal-form""#), "no assignment");
    for r in &all {
        let shown = p.text.contains(&format!("/ui/proposals/{}", r.id));
        assert_eq!(
            shown,
            r.unit_id.as_deref() == Some(unit.as_str()),
            "{}",
            r.id
        );
    }
    if let Some(r) = all
        .iter()
        .find(|r| r.unit_id.as_deref() != Some(unit.as_str()))
    {
        let p = u.get(&format!("/ui/proposals/{}", r.id), &dept).await;
        assert_eq!(p.status, StatusCode::NOT_FOUND);
    }
}

/// The register screen records a publication, then a change of the information (信息变更), which
/// owes a new publication within 20 working days of the change.
#[tokio::test]
async fn the_register_records_a_publication_and_a_change() {
    let u = ui().await;
    let (office, csrf) = u.login("liaocheng-office").await;
    let rows = u.rows("publication").await;
    let open = rows
        .iter()
        .find(|r| r.data["published_on"].is_null())
        .expect("the demo has an unpublished register entry");
    let p = u.get("/ui/publications", &office).await;
    assert!(p.text.contains(&format!(r#"id="f-publish-{}""#, open.id)));
    assert!(!p.text.contains(&format!(r#"id="f-change-{}""#, open.id)));
    let formed = open.data["formed_on"].as_str().unwrap();
    let p = u
        .post(
            &format!("/ui/publications/{}/act", open.id),
            &office,
            format!(
                "csrf={csrf}&version={}&command=publish&published_on={formed}&channels={}",
                open.version,
                enc("政府网站、政府公报")
            ),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.text);
    let p = u.get("/ui/publications", &office).await;
    assert!(p.text.contains(&format!(r#"id="f-change-{}""#, open.id)));
    let p = u
        .post(
            &format!("/ui/publications/{}/act", open.id),
            &office,
            format!(
                "csrf={csrf}&version={}&command=change&changed_on={formed}&note={}",
                open.version + 1,
                enc("附件更正")
            ),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.text);
    let p = u.get("/ui/publications", &office).await;
    assert!(p.text.contains("附件更正"), "the change is listed");
    assert!(p.text.contains("信息变更于"), "the limit says it restarted");
    assert!(
        p.text.contains(&format!(r#"id="f-publish-{}""#, open.id)),
        "the changed information is owed again"
    );
    let row = u
        .rows("publication")
        .await
        .into_iter()
        .find(|r| r.id == open.id)
        .unwrap();
    assert_eq!(row.data["changes"][0]["note"], "附件更正");
    assert_eq!(row.data["channels"].as_array().unwrap().len(), 2);
}

/// The scheduler's reminders reach the inbox of the desk they are addressed to: the office's and a
/// unit's, newest first, each linking to its record; a unit does not see the office's.
#[tokio::test]
async fn reminders_reach_the_inbox_of_their_desk() {
    let u = ui().await;
    let (office, _) = u.login("liaocheng-office").await;
    let p = u.get("/ui/inbox", &office).await;
    assert!(!p.text.contains(r#"id="reminders""#), "nothing sent yet");
    let state = zhengwu_server::AppState::new(
        u.store.clone(),
        zhengwu_rules::Registry::builtin().unwrap(),
        crate::common::config(),
    );
    let run = zhengwu_server::scheduler::Scheduler::new("ui")
        .run_once(&state)
        .await
        .unwrap();
    // The demo's supervision items, suggestions and tickets remind their units.
    assert!(
        run.notices + run.proposal_notices + run.hotline_notices > 0,
        "{run:?}"
    );
    let gov = u.gov().await;
    // The office's desk: a register reminder as the scheduler words it.
    let entry = &u.rows("publication").await[0];
    let sent = u
        .store
        .send_followup_notice(
            &zhengwu_store::Audit::new("system:scheduler", "followup.notice.overdue"),
            "publication",
            &zhengwu_store::SupNotice {
                item_id: entry.id.clone(),
                kind: "publication.overdue".into(),
                period: "2026-01-05".into(),
                government_id: gov.clone(),
                recipient: "office".into(),
                message: "主动公开《测试文件》已于 2026-01-05 到期，尚未办结，请抓紧办理".into(),
                sent_at: String::new(),
            },
        )
        .await
        .unwrap();
    assert!(sent);
    let to_office = u.store.notices_for(&gov, "office", 20).await.unwrap();
    assert_eq!(to_office.len(), 1);
    let p = u.get("/ui/inbox", &office).await;
    assert!(p.text.contains(r#"id="reminders""#), "{}", p.text);
    assert!(p.text.contains(&to_office[0].message), "{}", p.text);
    assert!(
        p.text.contains(r#"<a href="/ui/publications">"#),
        "{}",
        p.text
    );
    // A unit with reminders of its own sees them, and not the office's.
    let org = u.store.org().await.unwrap();
    let mut seen_unit = false;
    for d in org.departments.iter().filter(|d| d.government_id == gov) {
        let mine = u.store.notices_for(&gov, &d.id, 20).await.unwrap();
        let Some(n) = mine.first() else { continue };
        let Ok(Some(_)) = u
            .store
            .account_by_username(&format!("liaocheng-{}", d.id))
            .await
        else {
            continue;
        };
        let (dept, _) = u.login(&format!("liaocheng-{}", d.id)).await;
        let p = u.get("/ui/inbox", &dept).await;
        assert!(p.text.contains(r#"id="reminders""#), "{}", p.text);
        assert!(p.text.contains(&n.message), "{}", p.text);
        for o in &to_office {
            if !mine.iter().any(|m| m.message == o.message) {
                assert!(
                    !p.text.contains(&o.message),
                    "an office reminder on a unit's desk"
                );
            }
        }
        seen_unit = true;
        break;
    }
    assert!(seen_unit, "the demo has a unit with a reminder");
}
