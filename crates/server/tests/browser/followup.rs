//! The 12345 screens in headless Chromium: a call taken in by the office is routed by its
//! category to the owning unit, the unit replies, the office calls back; the statistics show it.

use super::Env;

/// Monday 2026-03-02, 09:00 in Beijing.
const MONDAY: &str = "2026-03-02T01:00:00Z";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ticket_is_taken_in_routed_replied_and_called_back() {
    let Some(e) = Env::start(MONDAY).await else {
        return;
    };
    e.login_as("liaocheng-office").await;
    e.goto("/ui/hotline").await;
    e.fill("tk-number", "12345-9001").await;
    e.fill("tk-caller", "王女士").await;
    e.fill("tk-phone", "0635-1234567").await;
    e.select("tk-category", "道路").await;
    e.fill("tk-content", "东昌路路面塌陷，请尽快修复").await;
    e.shot("30-hotline-intake").await;
    e.click("#ticket-submit").await;
    let path = e.path().await;
    assert!(path.starts_with("/ui/hotline/"), "taken in: {path}");
    let unit =
        e.c.find(fantoccini::Locator::Id("ticket-unit"))
            .await
            .unwrap()
            .attr("data-unit")
            .await
            .unwrap()
            .unwrap();
    assert!(
        !unit.is_empty() && unit != "office",
        "routed to a unit: {unit}"
    );
    let due = e.text("#ticket-due").await;
    assert!(
        due.contains("2026-03-09"),
        "5 working days from the configuration: {due}"
    );
    assert!(due.contains("演示配置"), "the basis as the citation: {due}");
    assert!(e.text("#ticket-status").await.contains("办理中"));

    // The owning unit finds it in its inbox and replies.
    e.login_as(&format!("liaocheng-{unit}")).await;
    e.goto("/ui/inbox").await;
    e.click(&format!("a[href='{path}']")).await;
    assert_eq!(e.path().await, path);
    e.fill("reply-text", "已安排施工队修复路面，3日内完工")
        .await;
    e.shot("31-hotline-unit-reply").await;
    e.click("#reply-submit").await;
    assert!(e.text("#ticket-reply").await.contains("已安排施工队"));
    assert!(e.text("#ticket-status").await.contains("按时答复"));

    // The office calls the caller back.
    e.login_as("liaocheng-office").await;
    e.goto(&path).await;
    e.select("callback-satisfaction", "satisfied").await;
    e.fill("callback-note", "来电人对处理结果满意").await;
    e.click("#callback-submit").await;
    let cb = e.text("#ticket-callback").await;
    assert!(cb.contains("满意"), "{cb}");
    e.shot("32-hotline-callback").await;

    // The month's statistics count it for the unit.
    e.goto("/ui/hotline/stats?month=2026-03").await;
    let stats = e.text("#hotline-stats").await;
    assert!(!stats.is_empty());
    e.shot("33-hotline-stats").await;

    // The other follow-up screens, for the record.
    e.goto("/ui/events").await;
    assert!(e.text("#invitation-list").await.contains("第八十七条"));
    e.shot("34-events").await;
    e.goto("/ui/publications").await;
    e.shot("35-publication-register").await;
    e.goto("/ui/proposals").await;
    assert!(!e.text("#proposal-list").await.is_empty());
    e.shot("36-proposals").await;
    e.finish().await;
}
